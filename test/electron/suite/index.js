// Runs inside the extension host of the VS Code that test/electron/runTest.mjs starts: the smoke
// checks of test/e2e (workspace = a copy of examples/, paper-fig2 opens, the extension is installed
// and active, its commands are registered). No test framework: each check is bounded and prints
// a line; a failure rejects, which makes runTests exit non-zero.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'spark-recovery-lens.spark-recovery-lens';
const FILE = 'paper-fig2.sparkjob.yaml';

function bounded(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

const checks = [
  ['the workspace is the examples folder', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `one workspace folder (got ${folders.length})`);
    if (process.env.SRL_WORKSPACE) assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(process.env.SRL_WORKSPACE));
    const found = await vscode.workspace.findFiles('*.sparkjob.yaml');
    assert.ok(found.some((u) => u.fsPath.endsWith(FILE)), `${FILE} in the workspace`);
  }],
  [`${FILE} opens in the editor`, async () => {
    const [file] = await vscode.workspace.findFiles(FILE);
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    assert.equal(vscode.window.activeTextEditor, editor);
    assert.match(doc.getText(), /spark\.locality\.wait/);
    assert.equal(doc.languageId, 'yaml');
  }],
  ['the extension is installed and activated', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.ok(ext.isActive, 'it is active');
  }],
  ['its contributed commands are registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (ext.packageJSON.contributes?.commands ?? []).map((c) => c.command);
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], 'every contributed command has a handler');
  }],
];

exports.run = async function run() {
  let passed = 0;
  let failed = 0;
  for (const [name, fn] of checks) {
    try {
      await bounded(fn(), 60_000, name);
      passed += 1;
      console.log(`  ✔ ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`  ✖ ${name}: ${e && e.message}`);
    }
  }
  console.log(`electron: ${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} check(s) failed`);
};
