// The diagnostics glue against a thin vscode double: format diagnostics after the 150 ms
// debounce, the background analysis after 800 ms, cancelled by an edit, budgets as diagnostics.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

vi.mock('vscode', () => import('./vscodeDouble'));

import * as vscode from './vscodeDouble';
import { AnalysisController } from '../../../src/extension/analysisController';
import { DocStore } from '../../../src/extension/docState';
import { codeTarget, findReadme, learnCodeLines } from '../../../src/extension/convert';
import { runAnalysis } from '../../../src/extension/core/analysis';
import type { AnalysisOptions } from '../../../src/extension/core/workerProtocol';
import type { RunOutcome, SimClient } from '../../../src/extension/simClient';

const PAPER = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');

/** Stands in for the worker: records runs; the test decides when and how each ends. */
class FakeClient {
  runs: { text: string; options: AnalysisOptions; resolve: (o: RunOutcome) => void }[] = [];
  cancels = 0;
  private pending: ((o: RunOutcome) => void) | undefined;
  run(text: string, options: AnalysisOptions): Promise<RunOutcome> {
    this.pending?.({ kind: 'cancelled' });
    return new Promise((resolve) => {
      this.pending = resolve;
      this.runs.push({ text, options, resolve: (o) => { this.pending = undefined; resolve(o); } });
    });
  }
  cancel() {
    this.cancels++;
    this.pending?.({ kind: 'cancelled' });
    this.pending = undefined;
  }
  /** ends the last run with the real analysis of its text */
  finish() {
    const r = this.runs[this.runs.length - 1];
    r.resolve({ kind: 'result', result: runAnalysis(r.text, r.options), elapsedMs: 1 });
  }
}

function setup(text = PAPER) {
  const doc = new vscode.TextDocument(vscode.Uri.file('/ws/paper.sparkjob.yaml'), text);
  vscode.workspace.textDocuments = [doc];
  const client = new FakeClient();
  const store = new DocStore();
  const log: string[] = [];
  const controller = new AnalysisController(store, client as unknown as SimClient, vscode.Uri.file('/ext') as never, (l) => log.push(l));
  const collection = vscode.collections[vscode.collections.length - 1];
  const codes = () => (collection.get(doc.uri) ?? []).map((d) => (d.code as { value: string }).value);
  const edit = (t: string) => {
    doc.setText(t);
    vscode.events.change.fire({ document: doc, contentChanges: [{}] });
  };
  /** a real edit: `text` replaces [start, end) (the change event VS Code fires) */
  const replace = (start: number, end: number, text: string) => {
    const before = doc.getText();
    doc.setText(before.slice(0, start) + text + before.slice(end));
    vscode.events.change.fire({ document: doc, contentChanges: [{ rangeOffset: start, rangeLength: end - start, text }] });
  };
  const shownText = () => (collection.get(doc.uri) ?? []).map((d) => {
    const t = doc.getText();
    return `${(d.code as { value: string }).value} ${t.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)).split('\n')[0]}`;
  });
  return { doc, client, store, controller, collection, codes, edit, log, replace, shownText };
}

describe('AnalysisController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    for (const k of Object.keys(vscode.settings)) delete vscode.settings[k];
  });

  it('publishes format diagnostics at once, then the simulation findings from the worker', async () => {
    const { client, codes, collection, doc, controller, log } = setup();
    await vi.advanceTimersByTimeAsync(10);
    expect(codes()).toEqual([]);
    expect(client.runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(800);
    expect(client.runs).toHaveLength(1);
    // phase 1: the file's own faults (kept in the worker for the sweep phase)
    expect(client.runs[0].options).toEqual({ maxAttempts: 1_000_000, defaultSpark: '3.5', keepAttempts: 20_000, sweepFollows: true });
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ100']);
    // phase 2: the fault sweep
    expect(client.runs[1].options).toEqual({ maxAttempts: 1_000_000, defaultSpark: '3.5', keepAttempts: 20_000, sweep: true });
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ100', 'SJ105']);
    const d = collection.get(doc.uri)![0];
    expect(d.severity).toBe(vscode.DiagnosticSeverity.Warning);
    expect(d.source).toBe('Spark Recovery Lens');
    // the code links to its README row by line (VS Code selects `#L302` in a file: target; `#sj100` it ignores)
    const readme = readFileSync('README.md', 'utf8');
    const line = readme.split('\n').findIndex((l) => l.includes('<a id="sj100"></a>')) + 1;
    expect(line).toBeGreaterThan(1);
    learnCodeLines(readme);
    expect(codeTarget(vscode.Uri.file('/ext') as never, 'SJ100').toString()).toBe(`file:///ext/README.md#L${line}`);
    // packaged by vsce, the README is `readme.md`
    const found = findReadme((name) => { if (name !== 'readme.md') throw new Error('ENOENT'); return readme; })!;
    learnCodeLines(found.text, found.name);
    expect(codeTarget(vscode.Uri.file('/ext') as never, 'SJ105').toString()).toMatch(/^file:\/\/\/ext\/readme\.md#L\d+$/);
    learnCodeLines('');
    expect((d.code as { target: vscode.Uri }).target.toString()).toBe('file:///ext/README.md');
    expect(d.relatedInformation?.map((r) => r.message)).toEqual(['the locality wait behind the stall', "executor 1 holds the lost tasks' data"]);
    expect(log.some((l) => /^parse paper\.sparkjob\.yaml v1: [\d.]+ ms, 0 diagnostics$/.test(l))).toBe(true);
    expect(log.some((l) => /^analyse paper\.sparkjob\.yaml v1: .*simulate [\d.]+ ms/.test(l))).toBe(true);
    expect(log.some((l) => /^sweep paper\.sparkjob\.yaml v1: .*sweep [\d.]+ ms \(\d+ faults\)/.test(l))).toBe(true);
    controller.dispose();
  });

  it('debounces edits, drops stale findings and cancels a run the edit made useless', async () => {
    const { client, codes, edit, controller } = setup();
    await vi.advanceTimersByTimeAsync(850);
    expect(client.runs).toHaveLength(1);
    edit(PAPER.replace('submit: 1100ms', 'submit: 1.5s'));
    expect(client.cancels).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(codes()).toEqual([]); // still debouncing
    await vi.advanceTimersByTimeAsync(60);
    expect(codes()).toContain('SJ021');
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.runs).toHaveLength(1); // a file with errors is not simulated
    edit(PAPER);
    await vi.advanceTimersByTimeAsync(900);
    expect(codes()).toEqual([]);
    expect(client.runs).toHaveLength(2);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ100']);
    // an edit during the sweep cancels it; the next pause starts over
    expect(client.runs).toHaveLength(3);
    edit(PAPER.replace('seed: 7', 'seed: 8'));
    expect(client.cancels).toBe(2);
    await vi.advanceTimersByTimeAsync(900);
    expect(client.runs).toHaveLength(4);
    expect(client.runs[3].options.sweep).toBeUndefined();
    controller.dispose();
  });

  it('keeps the simulation findings through typing, shifted, until the new analysis replaces them', async () => {
    const { client, codes, replace, shownText, doc, controller } = setup();
    await vi.advanceTimersByTimeAsync(850);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    const before = shownText();
    expect(before).toEqual(['SJ100 executor: "2"', 'SJ105 { id: "1", host: node1, cores: 1 }']);
    // a comment typed at the top: after the 150 ms re-parse both are still there, at their entries
    replace(0, 0, '# a note\n');
    await vi.advanceTimersByTimeAsync(200);
    expect(shownText()).toEqual(before);
    // phase 1 of the new analysis: SJ100 anew, the last sweep's SJ105 kept until the sweep answers
    await vi.advanceTimersByTimeAsync(700);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(shownText()).toEqual(before);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(shownText()).toEqual(before);
    // an edit inside the fault entry drops its SJ100 at once (the re-parse shows the rest)
    const at = doc.getText().indexOf('at: 1250ms');
    replace(at + 4, at + 8, '1260');
    await vi.advanceTimersByTimeAsync(200);
    expect(codes()).toEqual(['SJ105']);
    controller.dispose();
  });

  it('reports a failed worker as SJ192, not as a time budget', async () => {
    const { client, codes, controller } = setup();
    await vi.advanceTimersByTimeAsync(850);
    client.runs[0].resolve({ kind: 'error', message: 'the simulation worker stopped unexpectedly (exit code 134)' });
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ192']);
    controller.dispose();
  });

  it('says so on jobs: when the time budget stops the run, and honours the settings', async () => {
    vscode.settings['simulation.timeBudgetMs'] = 250;
    vscode.settings['sweep.enabled'] = false;
    vscode.settings['defaultSparkVersion'] = '2.2';
    const { client, collection, doc, codes, controller } = setup();
    await vi.advanceTimersByTimeAsync(850);
    expect(client.runs[0].options).toEqual({ maxAttempts: 1_000_000, defaultSpark: '2.2', keepAttempts: 20_000, sweepFollows: false });
    client.runs[0].resolve({ kind: 'timeout', elapsedMs: 250 });
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ190']);
    expect(client.runs).toHaveLength(1); // sweep.enabled: false
    const d = collection.get(doc.uri)![0];
    expect(d.message).toMatch(/^Simulation stopped: .*250 ms/);
    expect(d.severity).toBe(vscode.DiagnosticSeverity.Warning);
    expect(doc.getText().split('\n')[d.range.start.line].startsWith('jobs:')).toBe(true);
    controller.dispose();
  });

  it('keeps the file\'s own findings when the sweep runs past the budget', async () => {
    const { client, collection, doc, codes, controller } = setup();
    await vi.advanceTimersByTimeAsync(850);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    client.runs[1].resolve({ kind: 'timeout', elapsedMs: 5000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ100', 'SJ190']);
    const d = collection.get(doc.uri)![1];
    expect(d.message).toMatch(/^Fault sweep stopped: .*5000 ms/);
    expect(d.severity).toBe(vscode.DiagnosticSeverity.Warning);
    controller.dispose();
  });

  it('ignores other YAML files and forgets closed ones', async () => {
    const other = new vscode.TextDocument(vscode.Uri.file('/ws/docker-compose.yaml'), 'services: {}\n');
    const { client, collection, doc, controller } = setup();
    vscode.events.open.fire(other);
    await vi.advanceTimersByTimeAsync(900);
    expect(client.runs.map((r) => r.text)).toEqual([PAPER]);
    expect(collection.get(other.uri)).toBeUndefined();
    doc.isClosed = true;
    vscode.events.close.fire(doc);
    expect(collection.get(doc.uri)).toBeUndefined();
    controller.dispose();
  });

  it('leaves a huge document to the worker: no parse on the extension host per keystroke', async () => {
    const huge = `${'# padding to make the file huge\n'.repeat(5_000)}${PAPER}`;
    const { client, codes, store, doc, edit, controller, log } = setup(huge);
    await vi.advanceTimersByTimeAsync(200);
    expect(codes()).toEqual([]);
    expect(log.filter((l) => l.startsWith('parse'))).toEqual([]);
    expect(controller.refreshNow(doc as never)).toBeUndefined(); // providers do not parse it
    await vi.advanceTimersByTimeAsync(700);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ100']);
    expect(log.some((l) => /^parse paper\.sparkjob\.yaml v1 in the worker \(\d+ KiB\)/.test(l))).toBe(true);
    expect(store.get(doc.uri as never)?.fromWorker).toBe(true);
    // format errors come from the worker too
    edit(huge.replace('submit: 1100ms', 'submit: 1.5s'));
    await vi.advanceTimersByTimeAsync(900);
    client.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(codes()).toEqual(['SJ021']);
    // an explicit action (a command) parses it on the host
    expect(controller.refreshNow(doc as never, true)?.parse.model).toBeUndefined();
    expect(controller.refreshNow(doc as never, true)?.fromWorker).toBeUndefined();
    controller.dispose();
  });

  it('sets the same diagnostics once: an empty file\'s analysis does not set them again', async () => {
    // every set makes VS Code re-ask for code actions, which cancels a Ctrl+. just pressed on an
    // empty line (the e2e case "an empty file offers a starter job" met it on a busy machine)
    const { client, codes, collection, controller, edit } = setup('');
    await vi.advanceTimersByTimeAsync(10);
    expect(codes()).toEqual(['SJ004']);
    expect(collection.sets).toBe(1);
    await vi.advanceTimersByTimeAsync(1000); // the analysis: nothing to simulate, the list unchanged
    expect(client.runs).toHaveLength(0);
    expect(collection.sets).toBe(1);
    // a new text is set again, even with the same codes
    edit('# nothing yet\n');
    await vi.advanceTimersByTimeAsync(200);
    expect(codes()).toEqual(['SJ004']);
    expect(collection.sets).toBe(2);
    controller.dispose();
  });
});
