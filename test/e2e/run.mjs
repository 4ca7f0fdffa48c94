#!/usr/bin/env node
// `npm run test:e2e`: sets up the real VS Code (scripts/setup-editor.mjs: Debian Chromium,
// code-server 4.100.3, the packaged extension), then runs test/e2e/*.test.mjs with node's test
// runner in a child process, bounded by a watchdog so a hang cannot eat CI's time.
//
//   node test/e2e/run.mjs [--grep PATTERN] [--timeout-min N]
// Env: E2E_EXTENSION_DIR=dir  test another extension folder (packaged into its own .vsix)
//      E2E_KEEP=1             keep the temp workspace/user-data folder
//      E2E_RESULTS_DIR=dir    screenshots and logs elsewhere than test-results/e2e
// Screenshots: test-results/e2e/NN-name.png; code-server's log: test-results/e2e/code-server.log
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  SetupError, installExtension, packageVsix, root, setupEditor, setupLog, withSetupLock,
} from '../../scripts/editor-lib.mjs';
import { e2eExtensionsDir, pidFile, resultsDir } from './harness.mjs';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const watchdogMs = Number(opt('timeout-min') ?? 10) * 60_000;
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// 1. Setup (idempotent; a second run takes well under a second plus packaging when dist changed).
try {
  if (process.env.E2E_EXTENSION_DIR) {
    const extRoot = resolve(process.env.E2E_EXTENSION_DIR);
    setupEditor({ skipExtension: true });
    withSetupLock(() => {
      const vsix = join(root, '.cache', 'e2e-custom.vsix');
      const { fingerprint } = packageVsix({ extRoot, out: vsix });
      installExtension({ vsix, extDir: e2eExtensionsDir(), fingerprint });
    });
  } else {
    setupEditor();
  }
} catch (e) {
  if (e instanceof SetupError) {
    console.error(`\n[e2e] SETUP FAILED: ${e.message}\n[e2e] setup log: ${setupLog}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  throw e;
}
console.log(`[e2e] setup ready (${secs()})`);

// 2. The cases, in a child process group of their own (node's test runner, spec reporter).
mkdirSync(resultsDir, { recursive: true });
for (const f of readdirSync(resultsDir)) {
  if (/\.png$|^results\.json$|^code-server\.(log|pids)$/.test(f)) rmSync(join(resultsDir, f), { force: true });
}
const resultsFile = join(resultsDir, 'results.json');
const files = readdirSync(join(root, 'test', 'e2e')).filter((f) => f.endsWith('.test.mjs')).sort()
  .map((f) => join('test', 'e2e', f));
const nodeArgs = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (opt('grep')) nodeArgs.push(`--test-name-pattern=${opt('grep')}`);
const child = spawn(process.execPath, [...nodeArgs, '--test', '--test-concurrency=1', ...files], {
  cwd: root, stdio: 'inherit', detached: true, env: { ...process.env, E2E_RESULTS_FILE: resultsFile, FORCE_COLOR: '0' },
});

let timedOut = false;
const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
const watchdog = setTimeout(() => {
  timedOut = true;
  console.error(`\n[e2e] WATCHDOG: the run took longer than ${watchdogMs / 60_000} min; stopping it (process group ${child.pid})`);
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), 10_000).unref();
}, watchdogMs);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killGroup('SIGTERM'); setTimeout(() => { killGroup('SIGKILL'); process.exit(130); }, 5000).unref(); });
}

const code = await new Promise((res) => child.on('exit', (c, s) => res(c ?? (s ? 1 : 0))));
clearTimeout(watchdog);
// Whatever the tests left behind in their group (Chromium) goes with it, and any code-server
// (its own process group) that the harness started and could not stop.
killGroup('SIGKILL');
try {
  const started = new Set();
  for (const line of readFileSync(pidFile, 'utf8').split('\n')) {
    const [what, pid] = line.split(' ');
    if (what === 'start') started.add(Number(pid));
    if (what === 'stop') started.delete(Number(pid));
  }
  for (const pid of started) {
    console.error(`[e2e] stopping code-server process group ${pid} left by the tests`);
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  }
} catch { /* no code-server was started */ }

// 3. Summary: one closing line CI understands.
let results = [];
try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* none recorded */ }
const n = (o) => results.filter((r) => r.outcome === o).length;
const passed = n('pass');
let failed = n('fail');
if ((code !== 0 || timedOut) && failed === 0) failed = 1; // a crash or hang outside any case
const shots = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.png')).length : 0;
console.log('');
for (const r of results.filter((x) => x.outcome === 'skip')) console.log(`[e2e] skipped: ${r.name} (${r.detail})`);
console.log(`[e2e] ${shots} screenshot(s) in ${relative(root, resultsDir) || resultsDir}/ (${secs()} in all)`);
console.log(`e2e: ${passed} passed, ${failed} failed, ${n('skip')} skipped`);
process.exit(code !== 0 || timedOut || failed > 0 ? 1 : 0);
