// One esbuild script for every bundle: the extension host, the CLI, the simulation worker,
// the benchmark and the webview app.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root };

const node = (entry, outfile, extra = {}) => ({
  ...common, entryPoints: [entry], outfile, platform: 'node', target: 'node20', format: 'cjs', ...extra,
});

// The command line's bundles without their whitespace (names kept, so profiles and stack traces
// still read; the source maps give lines): a one-off command reads and scans every byte of them,
// and on these machines a page of memory touched the first time costs about 10 us (issue #17:
// dist/cliMain.js 0.80 -> 0.55 MB).
const cliBundle = { minifyWhitespace: true };

const builds = [
  // `sparkjob`: a loader that sets V8's flags and runs dist/cliMain.js from V8's code cache (src/cli/bin.ts)
  node('src/cli/bin.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }),
  node('src/cli/main.ts', 'dist/cliMain.js', cliBundle),
  // every command but a plain `simulate`, loaded by dist/cliMain.js on first use (src/cli/lazy.ts)
  node('src/cli/commands.ts', 'dist/cliCommands.js', cliBundle),
  node('src/cli/sweepWorker.ts', 'dist/sweepWorker.js', cliBundle),
];
if (existsSync(join(root, 'src/extension/extension.ts'))) {
  builds.push(node('src/extension/extension.ts', 'dist/extension.js', { external: ['vscode'] }));
}
if (existsSync(join(root, 'src/extension/simWorker.ts'))) {
  builds.push(node('src/extension/simWorker.ts', 'dist/simWorker.js'));
}
if (existsSync(join(root, 'src/extension/importWorker.ts'))) {
  builds.push(node('src/extension/importWorker.ts', 'dist/importWorker.js'));
}
if (existsSync(join(root, 'bench/main.ts'))) builds.push(node('bench/main.ts', 'dist/bench.js'));
if (existsSync(join(root, 'webview/main.ts'))) {
  builds.push({ ...common, entryPoints: ['webview/main.ts'], outfile: 'media/timeline.js', platform: 'browser',
    target: 'es2022', format: 'iife' });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`[build] ${builds.length} bundle(s) written`);
}
