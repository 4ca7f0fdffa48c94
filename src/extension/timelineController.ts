// What the timeline shows and when it changes: runs the comparison (spark vs reserved-slots) in
// the interactive worker, sends it to the panel, follows edits of the shown document, and serves
// the panel's requests (reveal a task, export the view).
import * as vscode from 'vscode';
import { rangeAt, taskPath, type FaultSpec, type OffsetRange } from '../format';
import type { ShowMessage, SimulationResult, WebviewMessage } from '../../webview/protocol';
import { fmtMs } from '../engine/analysis/format';
import { config } from './config';
import { baseName as name, toRange } from './convert';
import type { DocStore } from './docState';
import { isLarge, type AnalysisController } from './analysisController';
import type { SimClient } from './simClient';
import { TimelinePanel, type TimelineHost } from './timelinePanel';

interface Shown {
  uri: string;
  /** faults of Simulate Fault... (undefined: the file's own) */
  faults?: FaultSpec[];
  version?: number;
  /** the real run of an imported event log, shown against the file's simulation */
  real?: SimulationResult;
}

export class TimelineController implements TimelineHost, vscode.Disposable {
  private shown: Shown | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    store: DocStore,
    private readonly controller: AnalysisController,
    private readonly interactive: SimClient,
    readonly log: (line: string) => void,
    /** finds a task's range in a huge document (not parsed on the extension host) */
    private readonly helper?: SimClient,
  ) {
    // follow edits: when the shown document has a new background analysis, simulate it again
    this.disposables.push(store.onDidChange((uri) => {
      const s = this.shown;
      const state = store.get(uri);
      if (!s || s.uri !== uri.toString() || !TimelinePanel.current || !state) return;
      if (state.parse.diagnostics.some((d) => d.severity === 'error')) {
        // the run on screen is the last good one: say so until the file simulates again
        s.version = state.version;
        TimelinePanel.current.stale(`Out of date: the file has errors (see Problems); this is the last run before them.`);
        return;
      }
      if (!state.analysis) return;
      if (state.analysis.version <= (s.version ?? -1)) return;
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === s.uri);
        if (doc) void this.open(doc, { faults: s.faults, reveal: false, real: s.real });
      }, 100);
    }));
  }

  /**
   * Opens (or updates) the panel with `doc`'s faults, or `faults` instead; with `real` (an imported
   * event log's run), that run beside the simulation of `doc` instead of spark vs reserved slots.
   */
  async open(doc: vscode.TextDocument, opts: { faults?: FaultSpec[]; reveal?: boolean; real?: SimulationResult } = {}): Promise<boolean> {
    const panel = opts.reveal === false && TimelinePanel.current ? TimelinePanel.current : TimelinePanel.createOrShow(this.extensionUri, this);
    const uri = doc.uri.toString();
    this.shown = { uri, faults: opts.faults, version: doc.version, real: opts.real };
    // the worker parses too: a huge document is not parsed again on the extension host here
    const state = this.controller.refreshNow(doc);
    // every failure also reaches the webview, which may show "Simulating…" (a comparison it asked for)
    const failed = (text: string) => {
      if (opts.real) return this.showRealAlone(panel, doc, uri, opts.real, text);
      void vscode.window.showWarningMessage(text);
      TimelinePanel.current?.fail(text);
      return false;
    };
    if (state && state.version === doc.version && state.parse.diagnostics.some((d) => d.severity === 'error')) {
      return failed(`${name(doc)} has errors; fix them to see its timeline (see Problems).`);
    }
    const t0 = Date.now();
    // an imported log is big as a rule, and asked for: it gets at least 30 s
    const budget = opts.real ? Math.max(config.timeBudgetMs(), 30_000) : config.timeBudgetMs();
    const outcome = await this.interactive.run(doc.getText(), {
      maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion(), faults: opts.faults, compare: !opts.real, policy: 'spark',
    }, { timeBudgetMs: budget });
    if (outcome.kind === 'cancelled') return false;
    if (outcome.kind === 'timeout') {
      return failed(`The simulation of ${name(doc)} ran past its time budget (${budget} ms, setting sparkRecoveryLens.simulation.timeBudgetMs).`);
    }
    if (outcome.kind === 'result' && outcome.result.status === 'invalid') {
      return failed(`${name(doc)} has errors; fix them to see its timeline (see Problems).`);
    }
    if (outcome.kind === 'error' || !outcome.result.primary) {
      const why = outcome.kind === 'error' ? outcome.message : outcome.result.diagnostics[0]?.message ?? outcome.result.status;
      return failed(`No timeline for ${name(doc)}: ${why}`);
    }
    const r = outcome.result;
    this.log(`timeline ${name(doc)} v${doc.version}: ${Date.now() - t0} ms (simulate ${r.timings.simulateMs.toFixed(1)} ms, reserved slots ${r.timings.comparisonMs?.toFixed(1) ?? '-'} ms)`);
    const message: ShowMessage = opts.real ? {
      type: 'show',
      id: uri,
      title: `${title(doc, state?.parse.model?.name, opts.faults)}: real run`,
      primary: opts.real,
      comparison: r.primary!,
      focusFault: opts.real.faults.length ? 0 : undefined,
      sourceName: name(doc),
      real: true,
    } : {
      type: 'show',
      id: uri,
      title: title(doc, state?.parse.model?.name, opts.faults),
      primary: r.primary!,
      comparison: r.comparison,
      focusFault: r.primary!.faults.length ? 0 : undefined,
      sourceName: name(doc),
    };
    // the panel may have been closed while the simulation ran: then there is nothing to show
    const target = TimelinePanel.current ?? (panel.isDisposed ? undefined : panel);
    if (!target) return false;
    target.show(message);
    return true;
  }

  /** The real run without its simulation (which failed: `why`): what the log shows needs none. */
  private showRealAlone(panel: TimelinePanel, doc: vscode.TextDocument, uri: string, real: SimulationResult, why: string): boolean {
    void vscode.window.showWarningMessage(`${why} The timeline shows the real run alone.`);
    const target = TimelinePanel.current ?? (panel.isDisposed ? undefined : panel);
    if (!target) return false;
    target.show({ type: 'show', id: uri, title: `${name(doc)}: real run`, primary: real, focusFault: real.faults.length ? 0 : undefined, sourceName: name(doc), real: true });
    return true;
  }

  /** The what-if faults the open timeline shows for this document (Simulate Fault...), if any. */
  whatIfFaults(docUri: string): FaultSpec[] | undefined {
    const s = this.shown;
    return TimelinePanel.current && s?.uri === docUri && s.faults?.length ? s.faults.map((f) => ({ ...f })) : undefined;
  }

  revealTask(docUri: string, task: string): void {
    void (async () => {
      // `docUri` is the panel's own document (TimelinePanel ignores any other the webview names)
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(docUri));
      const offsets = await this.taskRange(doc, task);
      if (!offsets) return;
      const range = toRange(doc, offsets);
      const column = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ?? vscode.ViewColumn.One;
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    })().catch((e) => this.log(`revealTask ${task}: ${String(e)}`));
  }

  /** A task's definition: from the last parse, or from the worker for a huge document (never parsed here). */
  private async taskRange(doc: vscode.TextDocument, task: string): Promise<OffsetRange | undefined> {
    if (!isLarge(doc) || !this.helper) {
      const state = this.controller.refreshNow(doc, true);
      return state?.parse.model ? rangeAt(state.parse, taskPath(state.parse, task)) : undefined;
    }
    const version = doc.version;
    const outcome = await this.helper.run(doc.getText(), {
      maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion(), locateTask: task,
    }, { timeBudgetMs: config.timeBudgetMs() });
    if (doc.version !== version || outcome.kind !== 'result') return undefined;
    return outcome.result.taskRange;
  }

  exportView(m: Extract<WebviewMessage, { type: 'export' }>, docUri: string | undefined): void {
    void (async () => {
      const base = docUri ? vscode.Uri.parse(docUri) : vscode.workspace.workspaceFolders?.[0]?.uri;
      const safeName = m.suggestedName.replace(/[\\/:*?"<>|]/g, '_');
      const target = await vscode.window.showSaveDialog({
        defaultUri: base ? vscode.Uri.joinPath(base, docUri ? '..' : '.', safeName) : undefined,
        filters: m.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
        saveLabel: 'Export timeline',
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(m.data, m.encoding === 'base64' ? 'base64' : 'utf8'));
      void vscode.window.showInformationMessage(`Timeline exported to ${name({ uri: target })}`);
    })().catch((e) => void vscode.window.showErrorMessage(`Export failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  requestComparison(docUri: string): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === docUri);
    const same = this.shown?.uri === docUri;
    if (doc) void this.open(doc, { faults: same ? this.shown!.faults : undefined, real: same ? this.shown!.real : undefined, reveal: false });
  }

  restore(_panel: TimelinePanel, docUri: string | undefined): void {
    void (async () => {
      const uri = docUri ? vscode.Uri.parse(docUri) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return;
      const doc = await vscode.workspace.openTextDocument(uri);
      await this.open(doc, { reveal: false });
    })().catch((e) => this.log(`restore timeline: ${String(e)}`));
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
    TimelinePanel.current?.dispose();
  }
}


function title(doc: vscode.TextDocument, jobName: string | undefined, faults: FaultSpec[] | undefined): string {
  const head = jobName ?? name(doc);
  if (!faults?.length) return head;
  const f = faults[0];
  return `${head}: executor ${f.executor} ${f.kind === 'hang' ? 'hangs' : f.kind === 'node' ? 'goes down with its machine' : f.kind === 'decommission' ? 'is decommissioned' : 'fails'} at ${fmtMs(f.at)}${f.kind === 'decommission' && f.notice !== undefined ? ` (notice ${fmtMs(f.notice)})` : ''}`;
}
