// The rarer YAML parser errors and warnings (issue 15): every one says what is wrong in this
// format's words at its place; none passes the parser's grammar text through.
import { describe, it, expect } from 'vitest';
import { parseDocument, YAMLParseError, type ErrorCode } from 'yaml';
import { parseJobFile } from '../../../src/format';
import { yamlProblems, yamlWarning } from '../../../src/format/yamlErrors';

/** Words of the parser's own texts that mean nothing to a user of this format. */
const JARGON = /implicit|scalar|token|indicator|node|flow (map|sequence)|block (map|seq|collection)|stream|\bpairs?\b/i;

function syntax(text: string): { code: string; message: string; covered: string }[] {
  return parseJobFile(text).diagnostics.filter((d) => d.code === 'SJ001' || d.code === 'SJ002')
    .map((d) => ({ code: d.code, message: d.message, covered: text.slice(d.range.start, d.range.end) }));
}

// [input, the diagnostic's words (a part), the text it covers]
const CASES: [string, string, RegExp, string][] = [
  ['a bad escape', 'name: "x\\qy"\n', /\\q is not an escape in a "double-quoted" string/, '\\'],
  ['a value starting with @', 'name: @job\n', /cannot start with @: quote it/, '@'],
  ['a value starting with `', 'name: `job`\n', /cannot start with `: quote it/, '`'],
  ['a value starting with %', 'name: %job\n', /cannot start with %: quote it/, '%'],
  ['two anchors', 'name: &a &b x\n', /only one anchor/, '&b'],
  ['two tags', 'name: !!str !!str x\n', /only one tag/, '!!str'],
  ['an empty alias', 'name: * \n', /needs its name \(\*name\)/, '*'],
  ['an alias with a tag', 'seed: &s 1\nname: !!str *s\n', /cannot have its own tag or anchor/, '*s'],
  ['a comment with no space', 'name: "job"#1\n', /# starts a comment only after a space/, '#1'],
  ['an anchor glued to a value', 'name: &x[1]\n', /space between the anchor/, '['],
  ['a comma with no item', 'name: [, b]\n', /a comma with no item before it/, ','],
  ['two commas', 'name: [a,, b]\n', /a comma with no item before it/, ','],
  ['text after a quoted value', 'name: "job" one\n', /text after a complete value/, 'o'],
  ['a } with nothing open', 'name: }\n', /a } with no \{ open before it/, '}'],
  ['a colon with no key', '- a\n: b\n', /a colon with no key before it/, ':'],
  ['a block scalar header with text', 'name: |job\n  x\n', /after \| or > only an indentation digit/, 'j'],
  ['a missing comma in braces', 'cluster: { a: 1 b: 2 }\n', /items are separated by commas/, '1 b: 2'],
  ['a list item between keys', 'cluster:\n  a: 1\n  - c\n', /a list item \(- \.\.\.\) where a key was expected/, '- c'],
  ['a list item out of line', 'jobs:\n  - a\n - b\n', /a list item \(- \.\.\.\) where a key was expected/, '- b'],
  ['a multi-line key in [ ]', 'name: [ b\n  c: d ]\n', /inside \[ \] must be on one line/, 'b'],
  ['a directive', '%FOO bar\n---\nversion: 1\n', /YAML directive, which job files do not use/, '%FOO bar'],
  ['a YAML version', '%YAML 1.3\n---\nversion: 1\n', /YAML 1\.3 is not supported/, '1.3'],
  ['an unknown tag', 'name: !foo x\n', /unknown YAML tag !foo: remove it/, '!foo'],
  ['a wrong standard tag', 'seed: !!int abc\n', /cannot be read as !!int/, '!!int'],
  ['an anchor name ending in a colon', 'name: &x: 1\n', /anchor name ending in a colon/, ':'],
  ['a directive and no document', '%YAML 1.2\n', /followed by a --- line/, ''],
];

describe('rarer YAML errors in this format\'s words', () => {
  for (const [what, text, words, covered] of CASES) {
    it(what, () => {
      const found = syntax(text);
      expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
      expect(found.some((d) => words.test(d.message)), JSON.stringify(found)).toBe(true);
      for (const d of found) expect(d.message, `parser jargon in ${JSON.stringify(d)}`).not.toMatch(JARGON);
      if (covered) expect(found.find((d) => words.test(d.message))!.covered.startsWith(covered), JSON.stringify(found)).toBe(true);
    });
  }

  it('no parser text passes through for any of the parser\'s codes, known message or not', () => {
    const codes: ErrorCode[] = ['ALIAS_PROPS', 'BAD_ALIAS', 'BAD_DIRECTIVE', 'BAD_DQ_ESCAPE', 'BAD_INDENT', 'BAD_PROP_ORDER',
      'BAD_SCALAR_START', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'DUPLICATE_KEY', 'IMPOSSIBLE', 'KEY_OVER_1024_CHARS',
      'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_DOCS', 'MULTIPLE_TAGS', 'NON_STRING_KEY',
      'RESOURCE_EXHAUSTION', 'TAB_AS_INDENT', 'TAG_RESOLVE_FAILED', 'UNEXPECTED_TOKEN', 'BAD_COLLECTION_TYPE'];
    const text = 'version: 1\nname: x\n';
    const doc = parseDocument(text);
    for (const code of codes) {
      const raw = `Some future parser text about an implicit flow scalar (${code})`;
      const err = new YAMLParseError([11, 15], code, raw);
      const [p] = yamlProblems(text, doc, [err]);
      expect(p.message, code).not.toContain('future parser text');
      expect(p.message, code).not.toMatch(JARGON);
      expect(yamlWarning(text, err).message, code).toBe(p.message);
    }
  });

  it('a key over 1024 characters', () => {
    const text = `version: 1\n${'k'.repeat(1100)}: 1\n`;
    const found = syntax(text);
    expect(found.map((d) => d.message)).toContain('a key longer than 1024 characters (or a long line whose colon is far from its start): keys are short names; check for a missing line break');
  });
});
