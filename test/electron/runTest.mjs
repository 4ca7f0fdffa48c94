#!/usr/bin/env node
// The same smoke checks as test/e2e, inside a desktop VS Code downloaded by @vscode/test-electron,
// for machines that can download VS Code (a developer's laptop, CI with internet).
// This project's own machines cannot download it: there use `npm run test:e2e` (code-server).
//
//   npm run build && node test/electron/runTest.mjs
// Env: VSCODE_VERSION=1.100.3 (default; or "stable")   VSCODE_EXECUTABLE=/path/to/code (no download)
//      VSCODE_DOWNLOAD_TIMEOUT_MS=20000 (idle timeout of the download)
// On Linux without a display it re-runs itself under xvfb-run when that is installed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const version = process.env.VSCODE_VERSION ?? '1.100.3'; // = code-server 4.100.3 of the e2e tests
const idleTimeout = Number(process.env.VSCODE_DOWNLOAD_TIMEOUT_MS ?? 20_000);
const overallMs = 10 * 60_000;

function die(msg) {
  console.error(`\n[electron] ${msg}\n`);
  console.log('electron: 0 passed, 1 failed');
  process.exit(1);
}

if (!existsSync(join(root, 'dist', 'extension.js'))) die('dist/extension.js is missing: run `npm run build` first.');

// A desktop VS Code needs a display: use Xvfb when there is none.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.SRL_UNDER_XVFB) {
  const has = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).status === 0;
  if (!has) die('no DISPLAY and no xvfb-run: install Xvfb (Debian: apt-get install xvfb) or run with a display.');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, SRL_UNDER_XVFB: '1' }, timeout: overallMs + 60_000,
  });
  process.exit(r.status ?? 1);
}

let testElectron;
try {
  testElectron = require('@vscode/test-electron');
} catch {
  die('@vscode/test-electron is not installed: run `npm ci`.');
}
const { downloadAndUnzipVSCode, runTests } = testElectron;

const watchdog = setTimeout(() => die(`gave up after ${overallMs / 60_000} min (VS Code did not finish the checks).`), overallMs);

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  console.log(`[electron] downloading VS Code ${version} (once, into .cache/vscode-test)...`);
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version, cachePath: join(root, '.cache', 'vscode-test'), timeout: idleTimeout,
    });
  } catch (e) {
    clearTimeout(watchdog);
    die(`could not download VS Code ${version}: ${e?.message ?? e}\n` +
      '  This runner needs a machine that can download VS Code, or VSCODE_EXECUTABLE=/path/to/code.\n' +
      '  Without internet, run the same checks in code-server instead:  npm run test:e2e');
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'srl-electron-'));
const workspace = join(tmp, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
mkdirSync(join(tmp, 'user-data'), { recursive: true });
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(here, 'suite', 'index.js'),
    extensionTestsEnv: { SRL_WORKSPACE: workspace },
    launchArgs: [
      workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--disable-gpu', '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions'),
    ],
  });
} catch (e) {
  console.error(`[electron] ${e?.message ?? e}`);
  code = 1;
} finally {
  clearTimeout(watchdog);
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code === 0 ? 0 : 1);
