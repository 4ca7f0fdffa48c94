// Every diagnostic code links to its README entry (the editor's code links point there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ANALYSIS_CODES } from '../../../src/engine/analysis/findings';
import { CODES } from '../../../src/format/codes';
import { EDITOR_CODES } from '../../../src/extension/core/codeDocs';

it('the README has an anchored row for every diagnostic code', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const codes = [...Object.keys(CODES), ...Object.keys(ANALYSIS_CODES), ...Object.keys(EDITOR_CODES)];
  const missing = codes.filter((c) => !readme.includes(`<a id="${c.toLowerCase()}"></a>\`${c}\``));
  // node scripts/readme-codes.mjs regenerates the table
  expect(missing).toEqual([]);
});
