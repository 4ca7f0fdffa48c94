// The parser's fast path for job files (src/format/fastYaml.ts) must give the tree `yaml` gives
// whenever it gives one: the same node classes, values, types, sources, formats and ranges (every
// own property but the comments, which nothing in src/format reads), the same document range, and
// only for texts where `yaml` reports no error or warning. It may decline any text; it must accept
// the examples and fixtures, or the command line would not gain from it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';
import { fastYamlDocument } from '../../../src/format/fastYaml';
import { parseYaml, YAML_OPTIONS } from '../../../src/format/flowTasks';
import { nodeData } from './yamlTree';
import { Random } from '../../../src/engine/random';

const tree = (d: Document) => ({ contents: nodeData(d.contents), range: d.range, errors: d.errors.length, warnings: d.warnings.length });

/** True when the fast path took the text; then its tree is `yaml`'s. */
function same(text: string): boolean {
  const fast = fastYamlDocument(text, YAML_OPTIONS);
  if (!fast) return false;
  expect(tree(fast), JSON.stringify(text)).toEqual(tree(parseDocument(text, YAML_OPTIONS)));
  return true;
}

const dirs = ['../../../examples', '../../fixtures', '../../fixtures/golden'].map((d) => join(__dirname, d));
const files = dirs.flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)) : []));

describe('fast YAML path = yaml', () => {
  it('takes every example and fixture, with the tree yaml gives', () => {
    expect(files.length).toBeGreaterThan(12);
    for (const f of files) expect(same(readFileSync(f, 'utf8')), f).toBe(true);
  });

  it('gives the ranges yaml gives: a value to the end of its line, a key and a flow item to their text', () => {
    const text = 'a: 1   # c\nb:\n  - { x: "q", y: [1, 2 ] }\n  - t\n';
    const doc = fastYamlDocument(text, YAML_OPTIONS)!;
    const root = doc.contents as unknown as { range: number[]; items: { key: { range: number[] }; value: { range: number[]; items: { range: number[]; items: { value: { range: number[] } }[] }[] } }[] };
    // the value `1` ends after its comment and newline (11); `b`'s list starts at its dash (16)
    expect(root.range).toEqual([0, 47, 47]);
    expect(root.items[0].key.range).toEqual([0, 1, 1]);
    expect(root.items[0].value.range).toEqual([3, 4, 11]);
    const seq = root.items[1].value;
    expect(seq.range).toEqual([16, 47, 47]);
    // a flow mapping ends at its brace, then its newline; an item in it after the blanks that follow
    expect(seq.items[0].range).toEqual([18, 40, 41]);
    expect(seq.items[0].items[1].value.range).toEqual([31, 38, 39]);
    expect(seq.items[1].range).toEqual([45, 46, 47]);
    expect(doc.range).toEqual([0, 47, 47]);
    expect(same(text)).toBe(true);
  });

  it('declines what it does not read as yaml does, and the file still reads as before', () => {
    const outside = [
      'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: >\n  text\n', 'a:\n', 'a: 1\n---\nb: 2\n', '%YAML 1.2\n---\na: 1\n',
      'a:\tb\n', 'a: 1\r\n', 'a: é\n', 'a: [1,\n  2]\n', 'a: [1, 2,]\n', 'a: "x\\ny"\n', "a: 'it''s'\n", 'a: b: c\n', '? a\n: b\n',
      // comments yaml puts into a node's range: deeper than the line after them, or than the end
      'a:\n  b: 1\n  # c\nd: 2\n', 'a:\n  - b: 1\n    # c\n  - d\n', 'a:\n  b: 1\n  # c\n', 'a: 1\n b: 2\n', 'a: 1\n  text\n',
      'a:\n- 1\n# c\nb: 2\n', '- k:\n  - 1\n  # c\n  j: 2\n', 'a:\n  - 1\n  # c\n',
      '- - a\n', '-\n  a: 1\n', 'a: 1\n- b\n', 'a : 1\n', '{ a: 1 }\n', 'plain\n', '', '# only a comment\n', '  a: 1\n',
    ];
    for (const text of outside) {
      expect(fastYamlDocument(text, YAML_OPTIONS), JSON.stringify(text)).toBeUndefined();
      expect(tree(parseYaml(text))).toEqual(tree(parseDocument(text, YAML_OPTIONS)));
    }
  });

  it('resolves plain scalars by the core schema as yaml does (numbers, booleans, null, their formats)', () => {
    const values = ['1', '-0', '+7', '007', '1.50', '.5', '1e3', '0x1F', '0o17', 'true', 'False', 'NULL', '~', '.inf', '-.Inf', '.NaN', '3s', '1_000', '12:30', 'y', '=', '<<'];
    const text = values.map((v, i) => `k${i}: ${v}\n`).join('') + `l: [${values.filter((v) => !v.includes(':')).join(', ')}]\n`;
    expect(same(text)).toBe(true);
    const model = fastYamlDocument(text, YAML_OPTIONS)!.toJS() as Record<string, unknown>;
    expect([model.k0, model.k4, model.k6, model.k7, model.k9, model.k11, model.k16]).toEqual([1, 1.5, 1000, 31, true, null, '3s']);
  });
});

// ---- generated files: the shapes job files take, with the edges yaml treats differently ----

const SCALARS = ['1', '0', '-1', '+1', '1.50', '.5', '1e3', '0x1F', '0o17', 'true', 'False', 'null', '~', '.inf', '.nan', '3s', '800ms',
  '128m', 'a b', 'x-y', 'a#b', 'a:b', 'http://x/y', '-x', '?x', ':x', '"q"', '"a b"', "'s'", '""', "''", '"e\\n"', "'it''s'", '<<', '=',
  '12:30', '1_000', '007', '-0', '1.', 'on', 'spark.locality.wait', '"17"', 'exec:9', 'host:h1', 'a ', '"a" ', '[x]', '{}', '-', '!x', '&a', '*a', '|', '>'];
const KEYS = ['a', 'name', 'count', '1', 'true', 'null', '"q k"', "'s'", '"1"', 'spark.x', 'a b', '-k', '?k', ':k', 'k#', '<<', 'x'];

/** uniform draws in [0, 1) from the engine's generator */
function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

function generate(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const spaces = (n: number) => ' '.repeat(n);
  const trail = () => (chance(0.1) ? spaces(1 + Math.floor(r() * 2)) : '') + (chance(0.15) ? ' # c' : '');
  const between = (indent: number) => {
    let s = '';
    if (chance(0.15)) s += '\n';
    while (chance(0.2)) s += `${spaces(chance(0.6) ? indent : Math.floor(r() * (indent + 4)))}# note\n`;
    return s;
  };
  const flow = (depth: number): string => {
    const n = Math.floor(r() * 4);
    const sep = () => pick([', ', ',', ' , ', ',  ']);
    if (chance(0.5)) return `[${pick(['', ' '])}${Array.from({ length: n }, () => (depth < 2 && chance(0.2) ? flow(depth + 1) : pick(SCALARS))).join(sep())}${pick(['', ' '])}]`;
    return `{${pick(['', ' '])}${Array.from({ length: n }, () => `${pick(KEYS)}:${pick([' ', '  ', ''])}${depth < 2 && chance(0.2) ? flow(depth + 1) : pick(SCALARS)}`).join(sep())}${pick(['', ' '])}}`;
  };
  const inline = (depth: number) => (chance(0.3) ? flow(depth) : pick(SCALARS));
  const block = (indent: number, depth: number, first: string): string => {
    if (depth > 3 || chance(0.55)) return mapBlock(indent, depth, first);
    let s = '';
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      s += (i === 0 ? first : between(indent) + spaces(indent)) + '-' + pick([' ', '  ']);
      const itemIndent = indent + 2;
      if (depth < 3 && chance(0.4)) s += mapBlock(itemIndent, depth + 1, '').replace(/^ */, '');
      else s += `${inline(depth)}${trail()}\n`;
    }
    return s;
  };
  const mapBlock = (indent: number, depth: number, first: string): string => {
    let s = '';
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      s += (i === 0 ? first : between(indent)) + spaces(indent) + pick(KEYS) + ':';
      if (depth < 3 && chance(0.35)) {
        const w = chance(0.15) ? 0 : 1 + Math.floor(r() * 3);
        s += `${trail()}\n${block(indent + w, depth + 1, between(indent + w) + spaces(indent + w))}`.replace(/\n( *)-/, (m) => m);
      } else s += `${pick([' ', '  ', ''])}${inline(depth)}${trail()}\n`;
    }
    return s;
  };
  let text = (chance(0.3) ? '# head\n\n' : '') + block(0, 0, '');
  if (chance(0.2)) text += between(0);
  if (chance(0.2)) text = text.replace(/\n$/, '');
  return text;
}

const TOKENS = ['\n', ' ', '  ', ':', '- ', '[', ']', '{', '}', ',', '"', "'", '#', ' #', '&a ', '*a', '!', '|', '>', '?', '%', '@', '`', '-', 'x', '1', '.', '\t'];

function mutate(text: string, seed: number): string {
  const r = rng(seed);
  let t = text;
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const at = Math.floor(r() * (t.length + 1));
    const del = r() < 0.5 ? 0 : Math.floor(r() * 4);
    t = t.slice(0, at) + (r() < 0.7 ? TOKENS[Math.floor(r() * TOKENS.length)] : '') + t.slice(at + del);
  }
  return t;
}

describe('fast YAML path = yaml on generated and mutated files', () => {
  it('generated files of the shapes job files take (the fast path takes most)', () => {
    let taken = 0;
    fc.assert(fc.property(fc.integer(), (seed) => { if (same(generate(seed))) taken++; }), { numRuns: 10000, seed: 17 });
    expect(taken).toBeGreaterThan(1500);
  });

  it('the examples mutated as a user types', () => {
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    let taken = 0;
    fc.assert(fc.property(fc.nat(texts.length - 1), fc.integer(), (i, seed) => { if (same(mutate(texts[i], seed))) taken++; }), { numRuns: 4000, seed: 18 });
    expect(taken).toBeGreaterThan(1500);
  });
});
