// Activation and the commands against the vscode double, with the real worker bundle
// (dist/simWorker.js, built before the tests): activation alone starts nothing; Export writes the
// full result with the sweep's findings, in its own worker, while a sweep runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

vi.mock('vscode', () => import('./vscodeDouble'));

import * as vscode from './vscodeDouble';
import { isJobDocument } from '../../../src/extension/convert';
import { runAnalysis } from '../../../src/extension/core/analysis';

const PAPER = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
const WORKER = resolve('dist/simWorker.js');

function context() {
  return { subscriptions: [] as { dispose(): void }[], extensionUri: vscode.Uri.file(resolve('.')) };
}

async function load() {
  vi.resetModules();
  return import('../../../src/extension/extension');
}

describe('activation', () => {
  beforeEach(() => {
    vscode.reset();
    vscode.workspace.textDocuments = [];
  });

  it('is cheap for other YAML files: commands registered, nothing started until a job document opens', async () => {
    const ext = await load();
    const ctx = context();
    vscode.workspace.textDocuments = [Object.assign(new vscode.TextDocument(vscode.Uri.file('/ws/ci.yaml'), 'a: 1\n'))];
    ext.activate(ctx as never);
    expect(ext.started).toBe(false);
    expect(vscode.shown.outputs).toEqual([]);
    expect([...vscode.commandRegistry.keys()]).toContain('sparkRecoveryLens.exportResult');
    vscode.events.open.fire(new vscode.TextDocument(vscode.Uri.file('/ws/other.yaml'), 'b: 2\n'));
    expect(ext.started).toBe(false);
    // a diff's old side is not a job document
    vscode.events.open.fire(new vscode.TextDocument(vscode.Uri.from({ scheme: 'git', path: '/ws/paper.sparkjob.yaml' }), PAPER));
    expect(ext.started).toBe(false);
    vscode.events.open.fire(new vscode.TextDocument(vscode.Uri.file('/ws/paper.sparkjob.yaml'), PAPER));
    expect(ext.started).toBe(true);
    for (const d of ctx.subscriptions) d.dispose();
  });

  it('knows job documents by name, language and scheme', () => {
    const doc = (scheme: string, path = '/ws/a.sparkjob.yaml') => new vscode.TextDocument(vscode.Uri.from({ scheme, path }), '') as never;
    expect(['file', 'untitled', 'vscode-vfs', 'vscode-remote'].map((s) => isJobDocument(doc(s)))).toEqual([true, true, true, true]);
    expect(['git', 'output', 'vscode-notebook-cell'].map((s) => isJobDocument(doc(s)))).toEqual([false, false, false]);
    expect(isJobDocument(doc('file', '/ws/a.yaml'))).toBe(false);
  });
});

describe.skipIf(!existsSync(WORKER))('Export Simulation Result', () => {
  let ctx: ReturnType<typeof context>;
  afterEach(() => { for (const d of ctx.subscriptions) d.dispose(); });

  it('writes the full result with the sweep findings, as sparkjob simulate --json, without cancelling a sweep', async () => {
    vscode.reset();
    // a job with more attempts than the extension host keeps of a background run (20 000)
    const big = readFileSync('examples/locality-batch.sparkjob.yaml', 'utf8').replace('count: 96', 'count: 25000');
    const doc = new vscode.TextDocument(vscode.Uri.file('/ws/big.sparkjob.yaml'), big);
    const paper = new vscode.TextDocument(vscode.Uri.file('/ws/paper.sparkjob.yaml'), PAPER);
    vscode.workspace.textDocuments = [doc, paper];
    const ext = await load();
    ctx = context();
    ext.activate(ctx as never);
    expect(ext.started).toBe(true);
    vscode.answers.saveDialog = vscode.Uri.file('/out/big.result.json');
    const sweep = vscode.commands.executeCommand('sparkRecoveryLens.runSweep', { uri: paper.uri.toString() }) as Promise<void>;
    const exported = vscode.commands.executeCommand('sparkRecoveryLens.exportResult', { uri: doc.uri.toString() }) as Promise<void>;
    await Promise.all([sweep, exported]);
    const json = JSON.parse(Buffer.from(vscode.written.get('file:///out/big.result.json')!).toString('utf8'));
    const full = runAnalysis(big, { maxAttempts: 1_000_000, defaultSpark: '3.5', sweep: 'auto' }).primary!;
    expect(json.attempts.length).toBe(full.attempts.length);
    expect(json.attempts.length).toBeGreaterThan(20_000);
    expect(json.findings).toEqual(JSON.parse(JSON.stringify(full.findings)));
    // the sweep ran to its end next to the export (its summary is a warning: the paper's file stalls)
    expect(vscode.shown.warnings.concat(vscode.shown.info).some((m) => /^Fault sweep of paper\.sparkjob\.yaml/.test(m))).toBe(true);
    expect(vscode.shown.errors).toEqual([]);
    // the paper's file: `findings` are the sweep's stalls, as `sparkjob simulate --json` writes them
    vscode.answers.saveDialog = vscode.Uri.file('/out/paper.result.json');
    await vscode.commands.executeCommand('sparkRecoveryLens.exportResult', { uri: paper.uri.toString() });
    const p = JSON.parse(Buffer.from(vscode.written.get('file:///out/paper.result.json')!).toString('utf8'));
    expect(p.findings.length).toBeGreaterThan(0);
    expect(p.findings).toEqual(JSON.parse(JSON.stringify(runAnalysis(PAPER, { maxAttempts: 1_000_000, defaultSpark: '3.5', sweep: 'auto' }).primary!.findings)));
  }, 60_000);
});
