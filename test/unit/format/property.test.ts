// parseJobFile never throws, whatever the input (10^4 seeded cases a run, shrinking on failure): arbitrary strings, and random mutations of the
// examples (the edits a user makes while typing). Every diagnostic range stays inside the text,
// and a model comes exactly when there is no error.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile, type ParseResult } from '../../../src/format';
import { CODES } from '../../../src/format/codes';
import { FORMAT_KEYS } from '../../../src/format/formatKeys';
import { CONF_KEYS } from '../../../src/format/confKeys';
import { stringify } from 'yaml';

// the examples and the test fixtures: real files, whatever they contain
const dirs = [join(__dirname, '../../../examples'), join(__dirname, '../../fixtures')];
const examples = dirs.flatMap((dir) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sparkjob.yaml')).map((f) => readFileSync(join(dir, f), 'utf8')) : [],
);

function invariants(text: string, r: ParseResult): void {
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.model === undefined).toBe(hasError);
  for (const d of r.diagnostics) {
    expect(d.range.start).toBeGreaterThanOrEqual(0);
    expect(d.range.end).toBeGreaterThanOrEqual(d.range.start);
    expect(d.range.end).toBeLessThanOrEqual(text.length);
    expect(CODES).toHaveProperty(d.code);
    expect(d.code).not.toBe('SJ000');
  }
}

const TOKENS = ['\n', ' ', '  ', ':', '- ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '1.5s', '-1', '0', '1e9', 'null', '~', '!!str ', '#', '\t', 'exec:9', 'host:', 'count: ', 'duration: ', '2.2', 'ms', 'k', '@', '/'];

const mutation = fc.record({
  example: fc.nat(examples.length - 1),
  edits: fc.array(
    fc.record({ pos: fc.nat(), del: fc.nat(12), insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })) }),
    { minLength: 1, maxLength: 4 },
  ),
});

describe('parseJobFile never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (s) => {
        invariants(s, parseJobFile(s));
      }),
      { numRuns: 4000, seed: 101 },
    );
  });

  it('on random mutations of the examples', () => {
    fc.assert(
      fc.property(mutation, ({ example, edits }) => {
        let text = examples[example];
        for (const e of edits) {
          const p = e.pos % (text.length + 1);
          text = text.slice(0, p) + e.insert + text.slice(p + e.del);
        }
        invariants(text, parseJobFile(text));
      }),
      { numRuns: 5000, seed: 102 },
    );
    // 35 s alone; past the 60 s default when the whole suite shares two cores with other work
  }, 180_000);

  it('on random documents built from the format\'s own keys and values', () => {
    const keys = [...new Set(FORMAT_KEYS.map((k) => k.key)), ...CONF_KEYS.slice(0, 8).map((k) => k.key), 'x'];
    const scalar = fc.oneof(
      fc.constantFrom('1', '2', 'node1', 'exec:1', 'host:node2', 'rack:rack1', '1.5s', '100ms', '64m', 'crash', 'hang', 'uniform', 'lognormal', 'hosts', 'reserved-slots', '2.2', '3.5', 'all', ''),
      fc.integer({ min: -3, max: 40 }),
      fc.double({ noNaN: true, min: -2, max: 5 }),
      fc.boolean(),
      fc.constant(null),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 5 }),
    }));
    const doc = fc.record({
      version: fc.oneof(fc.constant(1), scalar),
      cluster: fc.oneof(value, fc.constant({ executors: [{ id: '1', host: 'node1', cores: 2 }, { id: 2, host: 'node2', cores: 1, rack: 'rack1' }] }), fc.constant({ executors: { count: 3, cores: 2, hostsPerRack: 2 } })),
      jobs: fc.array(fc.record({ name: fc.constantFrom('j', 'k', 'a/b'), stages: fc.array(fc.dictionary(fc.constantFrom('name', 'parents', 'tasks'), value, { maxKeys: 3 }), { maxLength: 3 }) }), { maxLength: 2 }),
      faults: value,
      recovery: value,
      conf: value,
      analysis: value,
    }, { requiredKeys: ['version'] });
    fc.assert(
      fc.property(doc, (d) => {
        const text = stringify(d);
        invariants(text, parseJobFile(text));
      }),
      { numRuns: 1000, seed: 103 },
    );
  });
});
