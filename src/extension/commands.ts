// One small function per command (rust-analyzer's commands.ts). Arguments: a code lens passes
// `{ uri, executor }`, the editor title menu passes the file's Uri, the palette passes nothing.
import * as vscode from 'vscode';
import { parseTimeMs, type ExecutorSpec, type FaultKind, type FaultSpec } from '../format';
import { acceptsNotice } from '../format/decommission';
import type { SimulationResult } from '../engine';
import { fmtMs, plural } from '../engine/analysis/format';
import { config } from './config';
import { baseName, isJobDocument } from './convert';
import type { DocStore } from './docState';
import { isLarge, type AnalysisController } from './analysisController';
import type { SimClient } from './simClient';
import type { TimelineController } from './timelineController';
import { importEventLog } from './importCommand';

export interface CommandDeps {
  store: DocStore;
  controller: AnalysisController;
  /** Run Fault Sweep */
  interactive: SimClient;
  /** Export Simulation Result: its own worker, so that an export and a sweep never cancel each other */
  exporter: SimClient;
  /** small requests about a huge document (its cluster) that must not parse on the extension host */
  helper: SimClient;
  timeline: TimelineController;
  log: (line: string) => void;
  showOutput: () => void;
  /** the job document last active in an editor (the timeline panel takes focus from it) */
  lastJobDocument: () => vscode.TextDocument | undefined;
  /** the extension's folder (its workers live in dist/) */
  extensionUri: vscode.Uri;
}

type Arg = { uri?: string; executor?: string } | vscode.Uri | undefined;

/** `getDeps` starts the extension's services on the first command (activation itself is cheap). */
export function registerCommands(getDeps: () => CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (deps: CommandDeps, arg: Arg) => Promise<unknown>) => vscode.commands.registerCommand(id, (arg: Arg) => {
    const deps = getDeps();
    return fn(deps, arg).catch((e) => {
      deps.log(`${id}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Spark Recovery Lens: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  return [
    reg('sparkRecoveryLens.simulateFault', simulateFault),
    reg('sparkRecoveryLens.openTimeline', openTimeline),
    reg('sparkRecoveryLens.runSweep', runSweep),
    reg('sparkRecoveryLens.exportResult', exportResult),
    reg('sparkRecoveryLens.importEventLog', importEventLog),
  ];
}

async function targetDocument(deps: CommandDeps, arg: Arg): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (arg && typeof arg === 'object' && typeof arg.uri === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
  const active = vscode.window.activeTextEditor?.document;
  if (isJobDocument(active)) return active;
  const last = deps.lastJobDocument();
  if (last && !last.isClosed) return last;
  const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter(isJobDocument);
  if (visible.length) return visible[0];
  void vscode.window.showWarningMessage('Open a *.sparkjob.yaml job definition first.');
  return undefined;
}

/** What Simulate Fault... needs of the file: its executors, slots and faults, and whether an executor heeds a decommission notice. */
interface ClusterInfo { executors: ExecutorSpec[]; taskCpus: number; faults: FaultSpec[]; acceptsNotice: boolean }

/**
 * The cluster of a valid file, or undefined (with a message). A huge document is parsed in the
 * helper worker, never on the extension host (a 4 MB file takes seconds to parse).
 */
async function clusterOf(deps: CommandDeps, doc: vscode.TextDocument): Promise<ClusterInfo | undefined> {
  if (!isLarge(doc)) {
    const model = deps.controller.refreshNow(doc, true)?.parse.model;
    if (!model) void vscode.window.showWarningMessage(`${baseName(doc)} has errors; fix them first (see Problems).`);
    return model && { executors: model.cluster.executors, taskCpus: model.conf.taskCpus, faults: model.faults, acceptsNotice: acceptsNotice(model.conf, model.spark) };
  }
  const outcome = await deps.helper.run(doc.getText(), { ...baseOptions(), executorsOnly: true }, { timeBudgetMs: config.timeBudgetMs() });
  if (outcome.kind === 'result' && outcome.result.cluster) return outcome.result.cluster;
  if (outcome.kind !== 'cancelled') void vscode.window.showWarningMessage(`${baseName(doc)} has errors; fix them first (see Problems).`);
  return undefined;
}

const baseOptions = () => ({ maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion() });

/** A moment at which the executor runs work in the last simulation (the middle of its longest task). */
export function defaultFaultMoment(model: { faults: FaultSpec[] }, executor: string, sim: SimulationResult | undefined): { at: number; kind: FaultKind; notice?: number } {
  const own = model.faults.find((f) => f.executor === executor && !f.during);
  if (own) return own.notice !== undefined ? { at: own.at, kind: own.kind, notice: own.notice } : { at: own.at, kind: own.kind };
  const attempts = sim?.attempts.filter((a) => a.executor === executor && a.end > a.launch) ?? [];
  if (attempts.length) {
    const longest = attempts.reduce((a, b) => (b.end - b.launch > a.end - a.launch ? b : a));
    return { at: Math.round((longest.launch + longest.end) / 2), kind: 'crash' };
  }
  const makespan = sim?.metrics.makespan ?? 0;
  return { at: makespan > 0 ? Math.round(makespan / 2) : 1000, kind: 'crash' };
}

/**
 * Simulate Fault...: pick the executor, then the timeline opens at once with a fault at a moment
 * when it runs work (the file's own fault on it, if any) while the time and the kind are asked;
 * each answer updates the timeline. Escape keeps what is shown.
 */
async function simulateFault(deps: CommandDeps, arg: Arg): Promise<void> {
  const doc = await targetDocument(deps, arg);
  if (!doc) return;
  const model = await clusterOf(deps, doc);
  if (!model) return;
  // a file over the size budget cannot be simulated: say it now, not after three questions
  const last = deps.store.get(doc.uri)?.analysis?.result;
  if (last?.status === 'tooBig') {
    void vscode.window.showWarningMessage(`Simulate Fault cannot run on ${baseName(doc)}: ${last.diagnostics[0]?.message ?? 'it is over the size budget'}`);
    return;
  }
  const slotsOf = (cores: number) => Math.floor(cores / model.taskCpus);
  let executor = arg && !(arg instanceof vscode.Uri) ? arg.executor : undefined;
  if (!executor || !model.executors.some((e) => e.id === executor)) {
    const pick = await vscode.window.showQuickPick(model.executors.map((e) => ({
      label: `Executor ${e.id}`,
      description: `${e.host}${e.rack ? `, ${e.rack}` : ''}`,
      detail: `${plural(slotsOf(e.cores), 'slot')}${model.faults.some((f) => f.executor === e.id) ? ' · the file injects a fault here' : ''}`,
      id: e.id,
    })), { title: 'Simulate Fault', placeHolder: 'Which executor fails?' });
    if (!pick) return;
    executor = pick.id;
  }
  const sim = deps.store.get(doc.uri)?.analysis?.result.primary;
  const fault: FaultSpec = { executor, ...defaultFaultMoment(model, executor, sim) };
  const show = () => deps.timeline.open(doc, { faults: [{ ...fault }] });
  void show();

  const time = await vscode.window.showInputBox({
    title: `Simulate Fault: when does executor ${executor} fail?`,
    prompt: 'A Spark time string from the start of the simulation, e.g. 1250ms or 2s',
    value: `${fault.at}ms`,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseTimeMs(v);
      if (!r.ok) return r.message;
      const makespan = sim?.metrics.makespan;
      return makespan && r.value >= makespan
        ? { message: `The run ends at ${fmtMs(makespan)} without faults: a later fault changes nothing.`, severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
  if (time === undefined) return;
  const at = parseTimeMs(time);
  if (at.ok && at.value !== fault.at) {
    fault.at = at.value;
    void show();
  }
  const kinds: (vscode.QuickPickItem & { faultKind: FaultKind })[] = [
    { label: 'crash', description: 'the process dies; the driver sees the disconnect (when it fails the tasks depends on cluster.manager)', faultKind: 'crash' },
    { label: 'hang', description: 'it stops answering; noticed by the heartbeat timeout', faultKind: 'hang' },
    { label: 'node', description: 'its machine dies with every executor on it; the Master\'s worker timeout or the heartbeat timeout', faultKind: 'node' },
    {
      label: 'decommission',
      description: model.acceptsNotice
        ? 'a planned loss with a notice (spot reclaim, executor roll): it drains, migrates its blocks, and leaves or is killed when the notice ends'
        : 'a planned loss with a notice; spark.decommission.enabled is not true, so the executor ignores it and is lost at the notice\'s end like a crash',
      faultKind: 'decommission',
    },
  ];
  // the current kind first
  kinds.sort((a, b) => Number(b.faultKind === fault.kind) - Number(a.faultKind === fault.kind));
  const kind = await vscode.window.showQuickPick(kinds, {
    title: `Simulate Fault: executor ${executor} at ${fmtMs(fault.at)}`, placeHolder: 'Crash, hang, machine loss or decommission?', ignoreFocusOut: true,
  });
  if (!kind) return;
  if (kind.faultKind !== 'decommission') {
    if (kind.faultKind !== fault.kind) {
      fault.kind = kind.faultKind;
      delete fault.notice;
      void show();
    }
    return;
  }
  const notice = await askNotice(executor, fault, sim?.metrics.makespan);
  if (notice === undefined) return;
  if (fault.kind !== 'decommission' || notice !== (fault.notice ?? null)) {
    fault.kind = 'decommission';
    if (notice === null) delete fault.notice;
    else fault.notice = notice;
    void show();
  }
}

/** A decommission's notice: a Spark time string, or empty for none (it leaves once drained); undefined when dismissed. */
async function askNotice(executor: string, fault: FaultSpec, makespan: number | undefined): Promise<number | null | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Simulate Fault: executor ${executor} decommissioned at ${fmtMs(fault.at)}: when is it killed?`,
    prompt: 'The notice, a Spark time string (2m: an AWS spot reclaim; 30s: a GCP preemption); empty: never killed, it leaves once drained',
    value: fault.notice !== undefined ? `${fault.notice}ms` : fault.kind === 'decommission' ? '' : '2m',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') return undefined;
      const r = parseTimeMs(v);
      if (!r.ok) return r.message;
      return makespan && fault.at + r.value >= makespan
        ? { message: `The kill comes after the run ends (${fmtMs(makespan)} without faults): the executor only drains.`, severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
  if (text === undefined) return undefined;
  if (text.trim() === '') return null;
  const r = parseTimeMs(text);
  return r.ok ? r.value : undefined;
}

async function openTimeline(deps: CommandDeps, arg: Arg): Promise<void> {
  const doc = await targetDocument(deps, arg);
  if (doc) await deps.timeline.open(doc);
}

async function runSweep(deps: CommandDeps, arg: Arg): Promise<void> {
  const doc = await targetDocument(deps, arg);
  if (!doc) return;
  // the worker parses: a file with errors comes back `invalid` (nothing parsed on the extension host)
  const version = doc.version;
  const budget = config.timeBudgetMs() * 10;
  const outcome = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: `Spark Recovery Lens: fault sweep of ${baseName(doc)}`,
    cancellable: true,
  }, (progress, token) => {
    let reported = 0;
    return deps.interactive.run(doc.getText(), { ...baseOptions(), sweep: true, advise: true }, {
      timeBudgetMs: budget,
      onProgress: (done, total) => {
        const pct = total ? (100 * done) / total : 0;
        // the shared pipeline (analyzeFile, as `sparkjob check`) reports the start and the end only
        progress.report({ increment: pct - reported, message: done < total ? 'every executor failing at each moment of the run…' : 'done' });
        reported = pct;
      },
      onCancel: (cancel) => token.onCancellationRequested(cancel),
    });
  });
  switch (outcome.kind) {
    case 'cancelled': return;
    case 'timeout':
      void vscode.window.showWarningMessage(`The fault sweep stopped after ${budget / 1000} s (10 x sparkRecoveryLens.simulation.timeBudgetMs).`);
      return;
    case 'error':
      void vscode.window.showErrorMessage(`The fault sweep failed: ${outcome.message}`);
      return;
  }
  const r = outcome.result;
  deps.log(`sweep ${baseName(doc)}: ${outcome.elapsedMs} ms${r.timings.sweepMs !== undefined ? ` (sweep ${r.timings.sweepMs.toFixed(1)} ms)` : ''}`);
  if (r.status === 'invalid') {
    void vscode.window.showWarningMessage(`${baseName(doc)} has errors; fix them first (see Problems).`);
    return;
  }
  if (r.status !== 'ok' || !r.sweep) {
    void vscode.window.showWarningMessage(`No sweep for ${baseName(doc)}: ${r.diagnostics[0]?.message ?? r.status}`);
    return;
  }
  deps.controller.adoptResult(doc, version, r);
  if (r.sweep) {
    const s = r.sweep;
    const stalls = s.findings.filter((f) => f.stalled);
    const worst = stalls.reduce<typeof s.findings[number] | undefined>((a, b) => (!a || b.stallMs > a.stallMs ? b : a), undefined);
    const parts = [`${plural(s.faultsTried, 'fault')} tried`];
    parts.push(worst ? `worst stall ${fmtMs(worst.stallMs)} (executor ${worst.executor} at ${fmtMs(worst.faultAt)})` : 'no stall');
    if (s.worstRecoveryMs !== null) parts.push(`worst recovery ${fmtMs(s.worstRecoveryMs)}`);
    if (stalls.length) parts.push(`${plural(stalls.length, 'fault')} stall (see the executors' warnings)`);
    const text = `Fault sweep of ${baseName(doc)}: ${parts.join('; ')}.`;
    for (const line of [text, ...(s.advice ?? [])]) deps.log(`sweep advice: ${line}`);
    // the advisor's numbers (reserved slots vs a shorter locality wait) go to the output channel
    const show = stalls.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(s.advice?.length ? `${text} ${s.advice[0]}` : text, ...(s.advice?.length ? ['Show Advice'] : []))
      .then((choice) => { if (choice === 'Show Advice') deps.showOutput(); });
  }
}

/**
 * Export Simulation Result (JSON): the file's full result as `sparkjob simulate --json` writes it
 * (every attempt, and `findings` of the fault sweep when `analysis.sweep` is on), simulated in
 * the exporter's own worker: never the background result, which keeps at most KEEP_ATTEMPTS.
 */
async function exportResult(deps: CommandDeps, arg: Arg): Promise<void> {
  const doc = await targetDocument(deps, arg);
  if (!doc) return;
  const budget = config.timeBudgetMs() * 10;
  // what the timeline shows: its what-if fault when there is one, else the file's own faults
  const faults = deps.timeline.whatIfFaults(doc.uri.toString());
  const outcome = await vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: `Spark Recovery Lens: simulating ${baseName(doc)} for export`,
    cancellable: true,
  }, (_progress, token) => deps.exporter.run(doc.getText(), { ...baseOptions(), sweep: 'auto', ...(faults ? { faults } : {}) }, {
    timeBudgetMs: budget, onCancel: (cancel) => token.onCancellationRequested(cancel),
  }));
  if (outcome.kind === 'cancelled') return;
  if (outcome.kind === 'result' && outcome.result.status === 'invalid') {
    void vscode.window.showWarningMessage(`${baseName(doc)} has errors; fix them first (see Problems).`);
    return;
  }
  if (outcome.kind !== 'result' || !outcome.result.primary) {
    const why = outcome.kind === 'timeout' ? `it ran past ${budget / 1000} s (10 x sparkRecoveryLens.simulation.timeBudgetMs)`
      : outcome.kind === 'error' ? outcome.message : outcome.result.diagnostics[0]?.message ?? outcome.result.status;
    void vscode.window.showWarningMessage(`Nothing to export: the simulation of ${baseName(doc)} did not finish (${why}).`);
    return;
  }
  const result = outcome.result.primary;
  const suggested = baseName(doc).replace(/\.sparkjob\.yaml$/, '') + '.result.json';
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(doc.uri, '..', suggested),
    filters: { JSON: ['json'] },
    saveLabel: 'Export',
    title: 'Export Simulation Result (JSON)',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(result, null, 2)}\n`, 'utf8'));
  deps.log(`exported ${baseName(doc)} -> ${target.toString()}`);
  const what = faults ? ` (the timeline's what-if: executor ${faults[0].executor} ${faults[0].kind} at ${fmtMs(faults[0].at)})` : '';
  const open = await vscode.window.showInformationMessage(`Simulation result written to ${baseName({ uri: target })}${what}.`, 'Open');
  if (open === 'Open') await vscode.window.showTextDocument(target, { preview: false });
}
