// parseJobFile never throws, whatever the input: arbitrary strings, and random mutations of the
// examples (the edits a user makes while typing). Every diagnostic range stays inside the text,
// and a model comes exactly when there is no error.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile, type ParseResult } from '../../../src/format';
import { CODES } from '../../../src/format/codes';

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
      { numRuns: 700 },
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
      { numRuns: 1300 },
    );
  });
});
