// The timeline panel and its controller against the vscode double: the webview cannot make the
// host open another document, a panel closed during a run is not shown to, and a failed request
// reaches the webview (which shows "Simulating…" until told).
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

vi.mock('vscode', () => import('./vscodeDouble'));

import * as vscode from './vscodeDouble';
import { TimelinePanel, type TimelineHost } from '../../../src/extension/timelinePanel';
import { TimelineController } from '../../../src/extension/timelineController';
import { DocStore } from '../../../src/extension/docState';
import { runAnalysis } from '../../../src/extension/core/analysis';
import { parseJobFile } from '../../../src/format';
import type { RunOutcome, SimClient } from '../../../src/extension/simClient';
import type { AnalysisController } from '../../../src/extension/analysisController';

const PAPER = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
const EXT = vscode.Uri.file('/ext');

function host(): TimelineHost & { reveals: [string, string][]; comparisons: string[] } {
  const reveals: [string, string][] = [];
  const comparisons: string[] = [];
  return {
    reveals, comparisons,
    revealTask: (uri, task) => reveals.push([uri, task]),
    exportView() {},
    requestComparison: (uri) => comparisons.push(uri),
    restore() {},
    log() {},
  };
}

describe('timeline panel', () => {
  it('reveals tasks only in its own document, whatever id the webview sends', () => {
    const h = host();
    const panel = TimelinePanel.createOrShow(EXT as never, h);
    const fake = vscode.panels[vscode.panels.length - 1];
    const own = 'file:///ws/paper.sparkjob.yaml';
    panel.show({ type: 'show', id: own, title: 't', sourceName: 'paper.sparkjob.yaml', primary: runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5' }).primary! });
    fake.send({ type: 'revealTask', task: 'J-alpha/map/1', id: 'file:///etc/passwd' });
    fake.send({ type: 'revealTask', task: 'J-alpha/map/1', id: 'command:workbench.action.terminal.new' });
    expect(h.reveals).toEqual([]);
    fake.send({ type: 'revealTask', task: 'J-alpha/map/1' });
    fake.send({ type: 'revealTask', task: 'J-alpha/map/2', id: own });
    expect(h.reveals).toEqual([[own, 'J-alpha/map/1'], [own, 'J-alpha/map/2']]);
    fake.send({ type: 'requestComparison', id: 'file:///elsewhere.sparkjob.yaml', policy: 'reserved-slots' });
    expect(h.comparisons).toEqual([]);
    panel.dispose();
  });

  it('a closed panel is not shown to, posted to or revealed', () => {
    const panel = TimelinePanel.createOrShow(EXT as never, host());
    const fake = vscode.panels[vscode.panels.length - 1];
    fake.dispose();
    expect(panel.isDisposed).toBe(true);
    expect(TimelinePanel.current).toBeUndefined();
    const primary = runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5' }).primary!;
    expect(() => panel.show({ type: 'show', id: 'x', title: 't', sourceName: 's', primary })).not.toThrow();
    expect(() => panel.reveal()).not.toThrow();
    expect(() => panel.fail('no')).not.toThrow();
  });
});

describe('timeline controller', () => {
  function setup() {
    const doc = new vscode.TextDocument(vscode.Uri.file('/ws/paper.sparkjob.yaml'), PAPER);
    vscode.workspace.textDocuments = [doc];
    const runs: ((o: RunOutcome) => void)[] = [];
    const client = { run: () => new Promise<RunOutcome>((resolve) => runs.push(resolve)), cancel() {} } as unknown as SimClient;
    const controller = { refreshNow: () => undefined } as unknown as AnalysisController;
    const store = new DocStore();
    const timeline = new TimelineController(EXT as never, store, controller, client, () => {});
    return { doc, runs, timeline, store };
  }

  it('knows the what-if faults it shows (Export JSON writes those), and none once closed', async () => {
    const { doc, runs, timeline } = setup();
    expect(timeline.whatIfFaults(doc.uri.toString())).toBeUndefined();
    const faults = [{ executor: '3', at: 500, kind: 'crash' as const }];
    const opened = timeline.open(doc as never, { faults });
    const fake = vscode.panels[vscode.panels.length - 1];
    fake.send({ type: 'ready' });
    runs[0]({ kind: 'result', result: runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5', compare: true, policy: 'spark', faults }), elapsedMs: 1 });
    await opened;
    expect(timeline.whatIfFaults(doc.uri.toString())).toEqual(faults);
    expect(timeline.whatIfFaults('file:///ws/other.sparkjob.yaml')).toBeUndefined();
    fake.dispose();
    expect(timeline.whatIfFaults(doc.uri.toString())).toBeUndefined();
    timeline.dispose();
  });

  it('a broken file marks the shown run out of date; the tab keeps one title', async () => {
    const { doc, runs, timeline, store } = setup();
    const opened = timeline.open(doc as never);
    const fake = vscode.panels[vscode.panels.length - 1];
    fake.send({ type: 'ready' });
    runs[0]({ kind: 'result', result: runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5', compare: true, policy: 'spark' }), elapsedMs: 1 });
    await expect(opened).resolves.toBe(true);
    expect(fake.title).toBe('Timeline: paper.sparkjob.yaml');
    // `cluster:` deleted: the format reports an error, no new analysis comes
    const broken = PAPER.replace(/^cluster:/m, 'clusterx:');
    store.set({ uri: doc.uri as never, version: 2, parse: parseJobFile(broken), parseMs: 0, analysisDiagnostics: [], busy: false });
    expect(fake.posted.map((m) => (m as { type: string }).type)).toEqual(['show', 'stale']);
    expect(fake.posted[1]).toEqual({ type: 'stale', message: expect.stringMatching(/^Out of date: the file has errors/) });
    timeline.dispose();
  });

  it('closing the timeline during its run: no show on the disposed panel, no rejection', async () => {
    const { doc, runs, timeline } = setup();
    const opened = timeline.open(doc as never);
    const fake = vscode.panels[vscode.panels.length - 1];
    await Promise.resolve();
    fake.dispose();
    runs[0]({ kind: 'result', result: runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5', compare: true, policy: 'spark' }), elapsedMs: 1 });
    await expect(opened).resolves.toBe(false);
    expect(fake.posted).toEqual([]);
    timeline.dispose();
  });

  it('tells the webview when the host run fails, so that it stops saying "Simulating…"', async () => {
    const { doc, runs, timeline } = setup();
    const first = timeline.open(doc as never);
    const fake = vscode.panels[vscode.panels.length - 1];
    fake.send({ type: 'ready' });
    runs[0]({ kind: 'result', result: runAnalysis(PAPER, { maxAttempts: 1e6, defaultSpark: '3.5', compare: true, policy: 'spark' }), elapsedMs: 1 });
    await expect(first).resolves.toBe(true);
    expect(fake.posted.map((m) => (m as { type: string }).type)).toEqual(['show']);
    timeline.requestComparison(doc.uri.toString());
    await Promise.resolve();
    runs[1]({ kind: 'error', message: 'the simulation worker stopped unexpectedly (exit code 134)' });
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.posted[1]).toEqual({ type: 'failed', message: expect.stringContaining('exit code 134') });
    // the TimelineController no longer keeps results per document (nothing to leak)
    expect('lastResult' in timeline).toBe(false);
    timeline.dispose();
  });
});
