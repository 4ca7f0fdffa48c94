// Diagnostics of job documents: the format's on every change (debounced 150 ms, parsed on the
// extension host: a few milliseconds; a huge document is parsed by the worker instead), the
// simulation's after a pause (800 ms) in the background worker, in two phases (the file's own
// faults, then the fault sweep), cancelled when the document changes again and bounded by the
// time and size budgets.
import * as vscode from 'vscode';
import { parseJobFile, type Diagnostic, type ParseResult } from '../format';
import { budgetDiagnostic, workerErrorDiagnostic, type SourceLookup } from './core/findings';
import { ANALYSIS_CODES } from './core/codes';
import { shiftDiagnostics } from './core/shift';
import { isLargeText, LARGE_TEXT } from './core/limits';
import type { AnalysisOptions, AnalysisResult } from './core/workerProtocol';
import { config } from './config';
import { baseName, isJobDocument, toVsDiagnostic } from './convert';
import { plural } from '../engine/analysis/format';
import type { DocState, DocStore } from './docState';
import type { SimClient } from './simClient';

const PARSE_DELAY_MS = 150;
const ANALYSIS_DELAY_MS = 800;
/** attempts of a background result kept in the extension host (hovers); the timeline asks for all */
const KEEP_ATTEMPTS = 20_000;

export class AnalysisController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sparkjob');
  private readonly timers = new Map<string, { parse?: ReturnType<typeof setTimeout>; analysis?: ReturnType<typeof setTimeout> }>();
  /** per document: bumped on every change, so a late result of an old text is dropped */
  private readonly generation = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly analysing = new Set<string>();
  /** per document: the version and the diagnostics last set in the collection */
  private readonly published = new Map<string, { version: number; items: readonly Diagnostic[] }>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: DocStore,
    private readonly background: SimClient,
    private readonly extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length || !isJobDocument(e.document)) return;
        this.shiftThrough(e.document, e.contentChanges);
        this.schedule(e.document, PARSE_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sparkRecoveryLens')) for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /**
   * The state of the current text, parsing now when it is older. A huge document is parsed on the
   * extension host only for an explicit action (`explicit`: a command, a click in the timeline);
   * automatic providers get its last state from the worker instead.
   */
  refreshNow(doc: vscode.TextDocument, explicit = false) {
    const s = this.store.get(doc.uri);
    if (s && s.version === doc.version && (s.parse.model || !s.fromWorker || !explicit)) return s;
    if (!explicit && isLarge(doc)) return s;
    this.parse(doc);
    return this.store.get(doc.uri);
  }

  private key(doc: vscode.TextDocument) {
    return doc.uri.toString();
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isJobDocument(doc)) return;
    const k = this.key(doc);
    this.generation.set(k, (this.generation.get(k) ?? 0) + 1);
    // the text changed: a background run for the old text is useless now
    if (this.analysing.has(k)) {
      this.background.cancel();
      this.analysing.delete(k);
    }
    const t = this.timers.get(k) ?? {};
    clearTimeout(t.parse);
    clearTimeout(t.analysis);
    // a huge document is parsed by the worker (its format diagnostics come with the analysis)
    if (!isLarge(doc)) t.parse = setTimeout(() => this.parse(doc), delay);
    const gen = this.generation.get(k)!;
    // one background run at a time (documents queue up); a run for an older text is skipped
    t.analysis = setTimeout(() => {
      this.queue = this.queue.then(() => this.analyse(doc, gen)).catch((e) => this.log(`analyse: ${String(e)}`));
    }, Math.max(delay, ANALYSIS_DELAY_MS));
    this.timers.set(k, t);
    const s = this.store.get(doc.uri);
    if (s && !s.busy) this.store.update(doc.uri, { busy: true });
  }

  /**
   * The analysis diagnostics follow an edit until the next analysis replaces them: those after
   * the edited range move with it, those overlapping it are dropped (they may no longer hold).
   */
  private shiftThrough(doc: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    const s = this.store.get(doc.uri);
    if (!s || !s.analysisDiagnostics.length) return;
    s.analysisDiagnostics = shiftDiagnostics(s.analysisDiagnostics, changes);
  }

  private parse(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const text = doc.getText();
    const t0 = performance.now();
    const parse = parseJobFile(text);
    const parseMs = performance.now() - t0;
    const prev = this.store.get(doc.uri);
    this.store.set({
      uri: doc.uri,
      version: doc.version,
      parse,
      parseMs,
      analysis: prev?.analysis,
      // kept through edits (shifted by shiftThrough) until the next analysis replaces them
      analysisDiagnostics: prev?.analysisDiagnostics ?? [],
      busy: prev?.busy ?? true,
    });
    this.publish(doc);
    this.log(`parse ${baseName(doc)} v${doc.version}: ${parseMs.toFixed(1)} ms, ${plural(parse.diagnostics.length, 'diagnostic')}`);
  }

  private async analyse(doc: vscode.TextDocument, gen: number): Promise<void> {
    const k = this.key(doc);
    if (doc.isClosed || this.generation.get(k) !== gen) return;
    if (isLarge(doc)) {
      await this.analyseLarge(doc, gen);
      return;
    }
    const state = this.refreshNow(doc);
    if (!state) return;
    if (!state.parse.model || state.parse.diagnostics.some((d) => d.severity === 'error')) {
      this.store.update(doc.uri, { busy: false, analysisDiagnostics: [] });
      this.publish(doc);
      return;
    }
    const base: AnalysisOptions = { maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion(), keepAttempts: KEEP_ATTEMPTS };
    // first the file's own faults (fast), then the fault sweep: a sweep past the budget leaves
    // the file's findings in place
    const sweeping = config.sweepEnabled() && state.parse.model.analysis.sweep;
    // (the worker keeps the first phase's run of the file's faults for the sweep phase)
    const first = await this.runPhase(doc, gen, state, { ...base, sweepFollows: sweeping }, 'simulation', [], sweeping);
    if (first?.status === 'ok' && sweeping) {
      await this.runPhase(doc, gen, state, { ...base, sweep: true }, 'sweep', first.diagnostics);
    }
  }

  private async runPhase(
    doc: vscode.TextDocument, gen: number, state: DocState, options: AnalysisOptions, phase: 'simulation' | 'sweep',
    kept: Diagnostic[] = [],
    /** a sweep phase follows: keep the last sweep's SJ105 (shifted) until it replaces them */
    sweepFollows = false,
  ): Promise<AnalysisResult | undefined> {
    const k = this.key(doc);
    const budget = config.timeBudgetMs();
    this.analysing.add(k);
    const outcome = await this.background.run(doc.getText(), options, { timeBudgetMs: budget });
    this.analysing.delete(k);
    if (doc.isClosed || this.generation.get(k) !== gen || doc.version !== state.version) return undefined; // outdated
    const map = state.parse.sourceMap as SourceLookup;
    const last = phase === 'sweep' || !(config.sweepEnabled() && (state.fromWorker || state.parse.model?.analysis.sweep));
    let result: AnalysisResult | undefined;
    switch (outcome.kind) {
      case 'result': {
        result = outcome.result;
        const t = result.timings;
        this.log(`${phase === 'sweep' ? 'sweep' : 'analyse'} ${baseName(doc)} v${doc.version}: ${outcome.elapsedMs} ms in the worker (parse ${t.parseMs.toFixed(1)} ms, `
          + `simulate ${t.simulateMs.toFixed(1)} ms${t.comparisonMs !== undefined ? `, with reserved slots ${t.comparisonMs.toFixed(1)} ms` : ''}`
          + `${t.sweepMs !== undefined ? `, sweep ${t.sweepMs.toFixed(1)} ms (${result.sweep?.faultsTried ?? 0} faults)` : ''}), ${result.primary?.attempts.length ?? 0} attempts, `
          + `${plural(result.diagnostics.length, 'finding')}${result.error ? `; error: ${result.error}` : ''}`);
        const previous = this.store.get(doc.uri)?.analysisDiagnostics ?? [];
        const carried = sweepFollows && result.status === 'ok' && !result.diagnostics.some((d) => d.code === ANALYSIS_CODES.sweepStall)
          ? previous.filter((d) => d.code === ANALYSIS_CODES.sweepStall) : [];
        this.store.update(doc.uri, { analysis: { version: doc.version, result }, analysisDiagnostics: [...result.diagnostics, ...carried], busy: !last && result.status === 'ok' });
        break;
      }
      case 'timeout':
        this.log(`${phase} ${baseName(doc)} v${doc.version}: stopped after the time budget of ${budget} ms`);
        this.store.update(doc.uri, { analysisDiagnostics: [...kept, budgetDiagnostic(map, 'time', `${budget} ms`, phase)], busy: false });
        break;
      case 'error':
        this.log(`${phase} ${baseName(doc)}: worker error: ${outcome.message}`);
        this.store.update(doc.uri, { analysisDiagnostics: [...kept, workerErrorDiagnostic(map, outcome.message, phase)], busy: false });
        break;
      case 'cancelled':
        return undefined;
    }
    this.publish(doc);
    return result;
  }

  /**
   * A huge document: one worker run parses, simulates and returns the format's diagnostics too;
   * the host keeps them as the document's parse state (without a model or source map).
   */
  private async analyseLarge(doc: vscode.TextDocument, gen: number): Promise<void> {
    const version = doc.version;
    const text = doc.getText();
    const stub = { diagnostics: [] as Diagnostic[], sourceMap: scanLookup(text) as unknown as ParseResult['sourceMap'], streaming: false };
    const prev = this.store.get(doc.uri);
    this.store.set({ uri: doc.uri, version, parse: stub, parseMs: 0, fromWorker: true, analysis: prev?.analysis, analysisDiagnostics: prev?.analysisDiagnostics ?? [], busy: true });
    const state = this.store.get(doc.uri)!;
    const base: AnalysisOptions = { maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion(), keepAttempts: KEEP_ATTEMPTS };
    const first = await this.runPhase(doc, gen, state, { ...base, sweepFollows: config.sweepEnabled() }, 'simulation');
    if (first) {
      state.parse = { ...stub, diagnostics: first.formatDiagnostics };
      this.log(`parse ${baseName(doc)} v${version} in the worker (${Math.round(text.length / 1024)} KiB): ${first.timings.parseMs.toFixed(1)} ms, `
        + `${plural(first.formatDiagnostics.length, 'diagnostic')}`);
      this.publish(doc);
    }
    if (first?.status === 'ok' && config.sweepEnabled()) {
      await this.runPhase(doc, gen, state, { ...base, sweep: 'auto' }, 'sweep', first.diagnostics);
    }
  }

  /** Shows the analysis of a command's run (e.g. the fault sweep) when it is about the current text. */
  adoptResult(doc: vscode.TextDocument, version: number, result: AnalysisResult): void {
    if (doc.version !== version) return;
    this.store.update(doc.uri, { analysis: { version, result }, analysisDiagnostics: result.diagnostics });
    this.publish(doc);
  }

  private publish(doc: vscode.TextDocument): void {
    const s = this.store.get(doc.uri);
    if (!s) return;
    const all = [...s.parse.diagnostics, ...(s.version === doc.version ? s.analysisDiagnostics : [])];
    // The same list again is not set: each set makes VS Code re-ask for code actions 250 ms later
    // (CodeActionOracle._onMarkerChanges), and on an empty line that automatic request cancels a
    // Ctrl+. the user just pressed ("No code actions available" on a new, empty file, whose
    // analysis re-published its one diagnostic 800 ms after the parse)
    const k = this.key(doc);
    const last = this.published.get(k);
    if (last && last.version === doc.version && last.items.length === all.length && last.items.every((d, i) => d === all[i])) return;
    this.published.set(k, { version: doc.version, items: all });
    this.collection.set(doc.uri, all.map((d) => toVsDiagnostic(doc, d, this.extensionUri)));
  }

  private forget(doc: vscode.TextDocument): void {
    const k = this.key(doc);
    const t = this.timers.get(k);
    clearTimeout(t?.parse);
    clearTimeout(t?.analysis);
    this.timers.delete(k);
    this.generation.delete(k);
    if (this.analysing.has(k)) {
      this.background.cancel();
      this.analysing.delete(k);
    }
    this.collection.delete(doc.uri);
    this.published.delete(k);
    this.store.delete(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) {
      clearTimeout(t.parse);
      clearTimeout(t.analysis);
    }
    for (const d of this.disposables) d.dispose();
  }
}


/** Is this a huge document (parsed by the worker)? Its length without copying its text. */
export function isLarge(doc: vscode.TextDocument): boolean {
  if (doc.lineCount === undefined) return isLargeText(doc.getText());
  const last = doc.lineAt(doc.lineCount - 1);
  return doc.offsetAt(last.range.end) > LARGE_TEXT;
}

/** Top-level keys found by a scan of the text: enough to place a budget diagnostic on `jobs:`. */
function scanLookup(text: string): SourceLookup {
  return {
    key: (path) => {
      if (path.length !== 1) return undefined;
      const m = new RegExp(`^${String(path[0])}(?=\\s*:)`, 'm').exec(text);
      return m ? { start: m.index, end: m.index + m[0].length } : undefined;
    },
    value: () => undefined,
  };
}
