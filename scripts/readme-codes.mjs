// Rewrites the README's table of diagnostic codes from the code tables (format, engine analysis,
// editor budgets), between the <!-- codes:start --> and <!-- codes:end --> markers.
//   node scripts/readme-codes.mjs        (the README test says when it is needed)
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = `
import { CODES } from './src/format/codes';
import { ANALYSIS_CODES } from './src/engine/analysis/findings';
import { EDITOR_CODES } from './src/extension/core/codeDocs';
export const all = { ...CODES, ...ANALYSIS_CODES, ...EDITOR_CODES };`;
const out = await esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'error' });
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, () => ({}));
const rows = Object.entries(mod.exports.all).map(([code, c]) =>
  `| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${c.severity} | ${c.title} | ${c.explanation.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
const table = ['| code | severity | title | explanation |', '|---|---|---|---|', ...rows].join('\n');
const readme = join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const next = text.replace(/<!-- codes:start -->[\s\S]*<!-- codes:end -->/, `<!-- codes:start -->\n${table}\n<!-- codes:end -->`);
writeFileSync(readme, next);
console.log(`[readme-codes] ${rows.length} codes`);
