// Golden results: every example and fixture simulated under both policies, compared with the
// JSON kept beside the tests (test/fixtures/golden). UPDATE_GOLDEN=1 rewrites them; review the
// diff before committing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { parseJobFile } from '../../../src/format';
import { exampleAndFixtureFiles } from './jobFiles';

const root = join(__dirname, '../../..');
const files = exampleAndFixtureFiles;

describe('golden results', () => {
  for (const file of files) {
    for (const policy of ['spark', 'reserved-slots'] as const) {
      it(`${basename(file)} under ${policy}`, () => {
        const parsed = parseJobFile(readFileSync(file, 'utf8'));
        expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const result = simulate(parsed.model!, { policy });
        const golden = join(root, 'test/fixtures/golden', `${basename(file, '.sparkjob.yaml')}.${policy}.json`);
        if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
          mkdirSync(join(root, 'test/fixtures/golden'), { recursive: true });
          writeFileSync(golden, JSON.stringify(result, null, 1) + '\n');
        }
        expect(result).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
      });
    }
  }
});
