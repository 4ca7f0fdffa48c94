// Writes the fixture results of the timeline to test/fixtures/results/ (small ones, committed) and
// the 100 k-attempt one to .cache/webview/ (large, regenerated on demand).
//   node test/webview/make-fixtures.mjs [--big]
import { mkdirSync, writeFileSync } from 'node:fs';
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
