// Writes the fixture results of the timeline to test/fixtures/results/ (small ones, committed) and
// the 100 k-attempt one to .cache/webview/ (large, regenerated on demand).
//   node test/webview/make-fixtures.mjs [--big] [--engine]
// --engine also writes *.engine.<policy>.json: examples/*.sparkjob.yaml through the real engine.
// The synthetic paper fixtures stay: they are the exact scenario the browser tests measure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { big, paperReserved, paperSpark, streaming } from './fixtures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'test/fixtures/results');
mkdirSync(out, { recursive: true });
const write = (dir, name, r) => {
  writeFileSync(join(dir, name), JSON.stringify(r, null, dir === out ? 1 : 0) + '\n');
  console.log(`${join(dir, name)}: ${r.attempts.length} attempts`);
};
write(out, 'paper-fig2.spark.json', paperSpark());
write(out, 'paper-fig2.reserved-slots.json', paperReserved());
write(out, 'streaming-hang.spark.json', streaming());
if (process.argv.includes('--big')) {
  const cache = join(root, '.cache/webview');
  mkdirSync(cache, { recursive: true });
  write(cache, 'big-100k.json', big());
}
if (process.argv.includes('--engine')) {
  const bundle = join(root, '.cache/webview/engine-fixtures.cjs');
  await esbuild.build({ entryPoints: [join(root, 'test/webview/engine-fixtures.ts')], outfile: bundle, bundle: true,
    platform: 'node', format: 'cjs', logLevel: 'warning' });
  const { engineFixtures } = createRequire(import.meta.url)(bundle);
  for (const line of engineFixtures(root, out)) console.log(`${out}/${line}`);
}
