// Shared helpers for running a real VS Code (code-server from the npm registry) offline:
// used by scripts/setup-editor.mjs, scripts/start.mjs and the end-to-end tests (test/e2e).
// Node built-ins only. Everything is installed under the repo's git-ignored .cache/ folder.
//
// The install follows the recipe that was checked on this project's machines:
//   Debian: chromium libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep
//   npm install code-server@4.100.3 --ignore-scripts   (its postinstall refuses root and downloads)
//   lib/vscode: npm install --ignore-scripts --omit=dev, ripgrep -> /usr/bin/rg, npm rebuild,
//               node_modules.asar link, remote-cli/helpers links, extensions: npm install
//   npm rebuild argon2 --build-from-source
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync,
  lstatSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3'; // = VS Code 1.100.3; the last line that runs on Node 20
export const cacheDir = join(root, '.cache');
export const csDir = join(cacheDir, 'code-server');
export const csPkgDir = join(csDir, 'node_modules', 'code-server');
export const csEntry = join(csPkgDir, 'out', 'node', 'entry.js');
export const vscodeDir = join(csPkgDir, 'lib', 'vscode');
export const editorDir = join(cacheDir, 'editor');
export const extensionsDir = join(editorDir, 'ext');
export const userDataDir = join(editorDir, 'user-data');
export const vsixPath = join(cacheDir, 'spark-recovery-lens.vsix');
export const setupLog = join(cacheDir, 'setup.log');
export const CHROMIUM = '/usr/bin/chromium';
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep'];

const csStamp = join(csDir, `.setup-complete-${CODE_SERVER_VERSION}`);
// code-server writes a default config file (with a password) on first use, and its logs and
// heartbeat under the XDG data folder: keep both in .cache, not in ~/.config and ~/.local/share.
export const csConfig = join(editorDir, 'config.yaml');
const csEnv = () => {
  mkdirSync(join(editorDir, 'xdg-data'), { recursive: true });
  return { CODE_SERVER_CONFIG: csConfig, XDG_DATA_HOME: join(editorDir, 'xdg-data') };
};

/** One line per phase, on stdout. */
export function say(msg) {
  console.log(`[editor] ${msg}`);
}

export class SetupError extends Error {}

function fail(msg) {
  throw new SetupError(msg);
}

/**
 * Runs a command with its output going to .cache/setup.log (quiet); on failure throws with the
 * command, its exit code and the tail of its output.
 */
export function run(cmd, args, { cwd = root, env = {}, timeoutMs = 15 * 60_000 } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  const line = `$ (cd ${relative(root, cwd) || '.'} && ${cmd} ${args.join(' ')})`;
  appendFileSync(setupLog, `\n${new Date().toISOString()} ${line}\n`);
  const r = spawnSync(cmd, args, {
    cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  appendFileSync(setupLog, out);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit code ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}`;
    const tail = out.split('\n').slice(-25).join('\n');
    fail(`command failed: ${line}\n  ${why}\n--- last lines of its output (all of it in ${relative(root, setupLog)}) ---\n${tail}`);
  }
  return out;
}

function timed(label, fn) {
  const t0 = Date.now();
  const r = fn();
  say(`${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

/** The Debian packages of APT_PACKAGES that are not installed. */
export function missingAptPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...APT_PACKAGES], { encoding: 'utf8' });
  if (r.error) return [...APT_PACKAGES]; // no dpkg: report all (ensureSystemPackages explains)
  const installed = new Set(
    (r.stdout || '').split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]),
  );
  const missing = APT_PACKAGES.filter((p) => !installed.has(p));
  if (!existsSync(CHROMIUM) && !missing.includes('chromium')) missing.push('chromium');
  if (!existsSync('/usr/bin/rg') && !missing.includes('ripgrep')) missing.push('ripgrep');
  return missing;
}

/** apt-get update (once) + apt-get install of the missing packages; nothing when all are there. */
export function ensureSystemPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) {
    say('system packages: present (chromium, ripgrep, build headers)');
    return;
  }
  const hasApt = spawnSync('apt-get', ['--version']).status === 0;
  if (!hasApt) {
    fail(`missing system packages: ${missing.join(' ')}\n  This needs Debian/Ubuntu's apt-get: install the equivalents of ` +
      `${APT_PACKAGES.join(' ')} (Chromium at ${CHROMIUM}, ripgrep at /usr/bin/rg) by hand.`);
  }
  let sudo = [];
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    if (spawnSync('sudo', ['-n', 'true']).status !== 0) {
      fail(`missing system packages: ${missing.join(' ')}\n  Run as root, or:  sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES.join(' ')}`);
    }
    sudo = ['sudo', '-n'];
  }
  const apt = (args) => run(sudo[0] ?? 'apt-get', sudo.length ? [...sudo.slice(1), 'apt-get', ...args] : args,
    { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  timed('system packages: apt-get update', () => apt(['update', '-q']));
  timed(`system packages: apt-get install ${missing.join(' ')}`, () => apt(['install', '-y', '-q', ...APT_PACKAGES]));
  const still = missingAptPackages();
  if (still.length) fail(`apt-get finished but these are still missing: ${still.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------
// code-server

function linkSync(target, path) {
  try {
    lstatSync(path);
    unlinkSync(path);
  } catch { /* absent */ }
  symlinkSync(target, path);
}

export function codeServerReady() {
  return existsSync(csStamp) && existsSync(csEntry);
}

/** Installs code-server@CODE_SERVER_VERSION into .cache/code-server (skipped when the stamp is there). */
export function ensureCodeServer() {
  if (codeServerReady()) {
    say(`code-server ${CODE_SERVER_VERSION}: present`);
    return;
  }
  const t0 = Date.now();
  mkdirSync(csDir, { recursive: true });
  // Its own package folder, so that the repo's package.json and lockfile are never touched.
  writeFileSync(join(csDir, 'package.json'), JSON.stringify({
    name: 'spark-recovery-lens-editor', private: true, description: 'code-server for the e2e tests (generated)',
  }, null, 2));
  // npm 11 runs the install scripts of packages not listed in `allowScripts` only with a notice
  // (or not at all with strict-allow-scripts); the recipe's scripts are run explicitly by the
  // `npm rebuild` steps below, so that policy is relaxed for exactly those commands.
  const npmEnv = { npm_config_strict_allow_scripts: 'false', npm_config_update_notifier: 'false',
    npm_config_audit: 'false', npm_config_fund: 'false' };
  timed(`code-server ${CODE_SERVER_VERSION}: npm install --ignore-scripts`, () => run('npm', [
    'install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save', '--no-package-lock',
  ], { cwd: csDir, env: npmEnv }));
  if (!existsSync(join(vscodeDir, 'package.json'))) fail(`code-server installed but ${vscodeDir}/package.json is missing`);
  timed('code-server: lib/vscode npm install --omit=dev', () => run('npm', [
    'install', '--ignore-scripts', '--omit=dev', '--no-package-lock',
  ], { cwd: vscodeDir, env: npmEnv }));
  // ripgrep: the @vscode/ripgrep postinstall skips its download when bin/ exists.
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  linkSync('/usr/bin/rg', join(rgBin, 'rg'));
  // node-pty's build script fetches node-gyp through npx: npm_config_yes lets it (the machine's
  // npmrc says yes=false). node-gyp builds against the local Node headers (npmrc nodedir).
  timed('code-server: lib/vscode npm rebuild (native modules)', () => run('npm', ['rebuild'], {
    cwd: vscodeDir, env: { ...npmEnv, npm_config_yes: 'true' },
  }));
  linkSync('node_modules', join(vscodeDir, 'node_modules.asar'));
  linkSync('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  linkSync('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  timed('code-server: built-in extensions npm install --omit=dev', () => run('npm', [
    'install', '--omit=dev', '--no-package-lock',
  ], { cwd: join(vscodeDir, 'extensions'), env: npmEnv }));
  timed('code-server: npm rebuild argon2 --build-from-source', () => run('npm', [
    'rebuild', 'argon2', '--build-from-source',
  ], { cwd: csDir, env: { ...npmEnv, npm_config_yes: 'true' } }));
  const version = run(process.execPath, [csEntry, '--version'], { env: csEnv() }).trim().split('\n').pop();
  if (!version.includes(CODE_SERVER_VERSION)) fail(`code-server --version printed "${version}", expected ${CODE_SERVER_VERSION}`);
  writeFileSync(csStamp, `${version}\n`);
  say(`code-server: ready, ${version} (${((Date.now() - t0) / 1000).toFixed(0)} s in all)`);
}

/** Runs the code-server CLI (not the server) synchronously, e.g. --install-extension. */
export function codeServerCli(args, opts = {}) {
  return run(process.execPath, [csEntry, ...args], { ...opts, env: { ...csEnv(), ...opts.env } });
}

// ---------------------------------------------------------------------------------------------
// The extension as a .vsix

function listFiles(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** A fingerprint (sha1 of the names and contents) of what goes into the .vsix. */
export function extensionFingerprint(extRoot) {
  const files = ['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', '.vscodeignore']
    .map((f) => join(extRoot, f)).filter((f) => existsSync(f));
  for (const d of ['dist', 'media', 'schemas', 'syntaxes', 'snippets']) listFiles(join(extRoot, d), files);
  const h = createHash('sha1');
  for (const f of files.sort()) {
    h.update(`${relative(extRoot, f)}\0`);
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/**
 * Packages the extension at extRoot (default: the repo) into a .vsix with @vscode/vsce, unless an
 * up-to-date one is there. Returns { vsix, fingerprint, rebuilt }.
 */
export function packageVsix({ extRoot = root, out = vsixPath, force = false } = {}) {
  const pkgPath = join(extRoot, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const main = pkg.main ? join(extRoot, pkg.main) : null;
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) {
    fail(`the extension's entry ${relative(root, main)} does not exist: run \`npm run build\` first ` +
      '(src/extension/extension.ts is bundled to dist/extension.js)');
  }
  const fingerprint = extensionFingerprint(extRoot);
  const stamp = `${out}.fingerprint`;
  if (!force && existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fingerprint) {
    say(`extension: ${relative(root, out)} is up to date`);
    return { vsix: out, fingerprint, rebuilt: false };
  }
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!existsSync(vsce)) fail('@vscode/vsce is not installed in node_modules: run `npm ci` (or `node scripts/ensure-deps.mjs`)');
  mkdirSync(dirname(out), { recursive: true });
  // vsce walks every file of its folder before it applies .vscodeignore: package a staging copy
  // without node_modules, .cache and .git (twice as fast), with the same .vscodeignore.
  const stage = join(cacheDir, 'vsix-stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const skip = new Set(['node_modules', '.cache', '.git', 'test-results', 'test', 'src', 'bench', 'examples', 'coverage']);
  for (const e of readdirSync(extRoot)) {
    if (!skip.has(e) && !e.endsWith('.vsix')) cpSync(join(extRoot, e), join(stage, e), { recursive: true, dereference: true });
  }
  timed(`extension: vsce package -> ${relative(root, out)}`, () => run(process.execPath, [
    vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out,
  ], { cwd: stage, env: { VSCE_TELEMETRY: 'false' } }));
  rmSync(stage, { recursive: true, force: true });
  writeFileSync(stamp, `${fingerprint}\n`);
  return { vsix: out, fingerprint, rebuilt: true };
}

/** Installs a .vsix into an extensions folder (skipped when that very .vsix is installed there). */
export function installExtension({ vsix = vsixPath, extDir = extensionsDir, fingerprint, force = false } = {}) {
  mkdirSync(extDir, { recursive: true });
  const fp = fingerprint ?? createHash('sha1').update(readFileSync(vsix)).digest('hex');
  const stamp = join(extDir, '.installed-vsix');
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === fp) {
    say(`extension: installed in ${relative(root, extDir) || extDir}`);
    return;
  }
  timed(`extension: code-server --install-extension into ${relative(root, extDir) || extDir}`, () => codeServerCli([
    '--install-extension', vsix, '--force', '--extensions-dir', extDir,
  ]));
  writeFileSync(stamp, `${fp}\n`);
}

// ---------------------------------------------------------------------------------------------
// User settings and the server

/** Settings for a private user-data-dir: no welcome page, walkthroughs, telemetry, trust or updates. */
export const EDITOR_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
};

/** Writes <userDataDir>/User/settings.json (merging `extra` over EDITOR_SETTINGS). */
export function writeUserSettings(dir = userDataDir, extra = {}) {
  const userDir = join(dir, 'User');
  mkdirSync(userDir, { recursive: true });
  const file = join(userDir, 'settings.json');
  let current = {};
  try { current = JSON.parse(readFileSync(file, 'utf8')); } catch { /* new or not plain JSON */ }
  writeFileSync(file, `${JSON.stringify({ ...current, ...EDITOR_SETTINGS, ...extra }, null, 2)}\n`);
  return file;
}

/** A free TCP port on 127.0.0.1 (asks the OS with a server on port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Process groups of the code-servers this process started: ended on exit, whatever the exit.
const running = new Set();
function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* gone */ }
}
process.on('exit', () => { for (const pid of running) killGroup(pid, 'SIGKILL'); });

/** Process group ids (= pids) of the code-servers started by this process and not yet stopped. */
export function runningCodeServers() {
  return [...running];
}

/**
 * Starts code-server on 127.0.0.1:port (a free one when not given) serving `folder`.
 * Returns { proc, pid, port, url, baseUrl, stop(), output() }; url opens the folder.
 * Waits (at most timeoutMs) until /healthz answers; throws with its output otherwise.
 */
export async function startCodeServer({
  folder, port, udDir = userDataDir, extDir = extensionsDir, timeoutMs = 60_000, logFile, inheritOutput = false,
} = {}) {
  if (!codeServerReady()) fail('code-server is not installed: run `node scripts/setup-editor.mjs`');
  port ??= await freePort();
  mkdirSync(udDir, { recursive: true });
  mkdirSync(extDir, { recursive: true });
  const args = [
    csEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy',
    '--user-data-dir', udDir, '--extensions-dir', extDir,
  ];
  if (folder) args.push(folder);
  let output = '';
  // Its own process group (detached), so that stop() ends it together with the extension host,
  // pty host and file watchers it forks (they outlive a plain SIGTERM to code-server).
  const proc = spawn(process.execPath, args, {
    detached: true,
    cwd: root,
    env: {
      ...process.env,
      ...csEnv(),
      // No gallery: nothing to reach offline, and no "failed to fetch" noise.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
      VSCODE_PROXY_URI: '',
    },
    stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
  });
  const keep = (d) => {
    const s = d.toString();
    output = (output + s).slice(-200_000);
    if (logFile) appendFileSync(logFile, s);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });

  const baseUrl = `http://127.0.0.1:${port}`;
  const url = folder ? `${baseUrl}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}` : `${baseUrl}/`;

  running.add(proc.pid);
  const stop = async (graceMs = 5000) => {
    if (!running.has(proc.pid)) return;
    killGroup(proc.pid, 'SIGTERM');
    const t = Date.now();
    while (!exited && Date.now() - t < graceMs) await sleep(50);
    await sleep(200); // let its children go with it
    killGroup(proc.pid, 'SIGKILL'); // whatever is left of the group
    running.delete(proc.pid);
  };

  const t0 = Date.now();
  for (;;) {
    if (exited) fail(`code-server exited (${JSON.stringify(exited)}) before it answered:\n${output.slice(-3000)}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not yet */ }
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      fail(`code-server did not answer on ${baseUrl} within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`);
    }
    await sleep(200);
  }
  return { proc, pid: proc.pid, port, url, baseUrl, stop, output: () => output };
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/**
 * Runs fn holding .cache/setup.lock, so that two setups in the same tree (say `npm start` and
 * `npm run test:e2e`, or two engineers) never install or package at the same time. A lock whose
 * owner process is gone is taken over.
 */
export function withSetupLock(fn, { timeoutMs = 20 * 60_000 } = {}) {
  const dir = join(cacheDir, 'setup.lock');
  mkdirSync(cacheDir, { recursive: true });
  const t0 = Date.now();
  let said = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try { owner = Number(readFileSync(join(dir, 'pid'), 'utf8')); } catch { /* being written */ }
    if (owner && !alive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!said) { say(`waiting for another setup (pid ${owner || '?'}) to finish`); said = true; }
    if (Date.now() - t0 > timeoutMs) fail(`another setup (pid ${owner}) held ${relative(root, dir)} for ${timeoutMs / 60_000} min`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    return fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The whole setup: system packages, code-server, the .vsix of extRoot, installed into extDir.
 * Idempotent; a second run only checks stamps.
 */
export function setupEditor({ extRoot = root, extDir = extensionsDir, vsix = vsixPath, skipExtension = false } = {}) {
  return withSetupLock(() => {
    ensureSystemPackages();
    ensureCodeServer();
    if (skipExtension) return { vsix: null };
    const { fingerprint } = packageVsix({ extRoot, out: vsix });
    installExtension({ vsix, extDir, fingerprint });
    return { vsix };
  });
}

export function removeDir(p) {
  rmSync(p, { recursive: true, force: true, maxRetries: 3 });
}
