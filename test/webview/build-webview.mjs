// Builds media/timeline.js. Runs the project's build (scripts/build.mjs); if that fails for
// another bundle (others are edited concurrently), builds just the webview bundle with the same
// options, so the webview tests do not depend on the rest of the tree compiling.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function buildWebview({ quiet = false } = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  const out = join(root, 'media/timeline.js');
  let fresh = false;
  try { fresh = statSync(out).mtimeMs >= started - 1000; } catch { /* missing */ }
  if (r.status === 0 && fresh) return { via: 'scripts/build.mjs' };
  if (!quiet) console.log(`[webview] scripts/build.mjs ${r.status === 0 ? 'did not write media/timeline.js' : 'failed (another bundle)'}; building the webview bundle alone`);
  await esbuild.build({
    bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root,
    entryPoints: ['webview/main.ts'], outfile: 'media/timeline.js', platform: 'browser', target: 'es2022', format: 'iife',
  });
  return { via: 'esbuild (webview only)' };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildWebview());
