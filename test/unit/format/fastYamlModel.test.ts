// A job file reads to the same model, diagnostics and source map with the fast YAML path as with
// `yaml` alone (the module loaded twice, once with the fast path declining every text): the
// examples and fixtures, and those files mutated as a user types.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { parseJobFile as ParseJobFile, ParseResult } from '../../../src/format/parse';
import { nodeData } from './yamlTree';

/** The source map holds the document's root: compared as data, without its comments. */
const data = (r: ParseResult) => ({ ...r, sourceMap: nodeData(r.sourceMap) });

const dirs = ['../../../examples', '../../fixtures', '../../fixtures/golden'].map((d) => join(__dirname, d));
const texts = dirs.flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8')) : []));

const EDITS = ['', ' ', '\n', ':', '- ', '"', '#', '1', 'x', '  '];

describe('job files read the same with and without the fast YAML path', () => {
  it('models, diagnostics and source maps', async () => {
    const fast = (await import('../../../src/format/parse')).parseJobFile as typeof ParseJobFile;
    vi.resetModules();
    vi.doMock('../../../src/format/fastYaml', () => ({ fastYamlDocument: () => undefined }));
    const slow = (await import('../../../src/format/parse')).parseJobFile as typeof ParseJobFile;
    vi.doUnmock('../../../src/format/fastYaml');
    expect(texts.length).toBeGreaterThan(12);
    let n = 0;
    for (const text of texts) {
      for (let at = 0; at < text.length; at += 97) {
        for (const edit of [EDITS[at % EDITS.length], EDITS[(at * 7) % EDITS.length]]) {
          const t = at === 0 ? text : text.slice(0, at) + edit + text.slice(at + (at % 3));
          expect(data(fast(t)), `${at} ${JSON.stringify(edit)}`).toEqual(data(slow(t)));
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(500);
  });
});
