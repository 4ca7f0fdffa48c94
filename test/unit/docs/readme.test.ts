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

it('the README links nothing by a relative path (vsce refuses to package one without a repository URL)', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  // [text](target) and <img src="target">, where target has no scheme and is not an anchor
  const relative = [...readme.matchAll(/\]\(([^)\s]+)\)|src="([^"]+)"/g)].map((m) => m[1] ?? m[2])
    .filter((t) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(t));
  expect(relative).toEqual([]);
});
