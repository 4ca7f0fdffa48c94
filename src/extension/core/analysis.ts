// The background analysis of one file, as the worker runs it. The file's own findings come from
// the same pipeline as `sparkjob check` (the engine's analyzeFile: the file's policy, then
// reserved slots where a fault stalls; the format puts the findings at source ranges), so the
// editor and the command line say the same thing. Added here: the comparison run the timeline
// shows, the fault sweep with progress and cancellation, and the editor's budgets.
// Pure: no `vscode`, no `node:` (it runs in a worker thread, and in tests).
import { formatMs, parseJobFile, rangeAt, taskPath, type Diagnostic, type JobFile } from '../../format';
import { quickFixEdits } from './quickFix';
import { findingsToDiagnostics } from '../../format/findings';
import { acceptsNotice } from '../../format/decommission';
import { simulate, type SimulationResult } from '../../engine';
import { analyzeFaults, withSweep, type FileAnalysis } from '../../engine/analysis/findings';
import { advise } from '../../engine/analysis/advisor';
import { ANALYSIS_CODES } from './codes';
import { budgetDiagnostic, stallPlan, type SourceLookup } from './findings';
import { toSweepSummary, type SweepSummary } from './sweepTypes';
import type { AnalysisOptions, AnalysisResult } from './workerProtocol';

export interface AnalysisHooks {
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

const now = () => performance.now();

/**
 * Task attempts the file schedules without faults: the size the budget is measured in. Streaming:
 * per batch and output stage, one task per block (a receiver's batch interval / block interval)
 * or Kafka partition, or the stage's `tasks`; plus one long-running task per receiver.
 */
export function estimateAttempts(model: JobFile): number {
  let n = 0;
  for (const job of model.jobs) {
    for (const stage of job.stages) n += Array.isArray(stage.tasks) ? stage.tasks.length : stage.tasks.count;
  }
  const s = model.streaming;
  if (s) {
    const blocks = Math.max(1, Math.ceil(s.batchInterval / Math.max(1, model.conf.blockInterval)));
    const perInput = (name: string) => {
      const input = s.inputs.find((i) => i.name === name);
      return !input ? 1 : input.kind === 'receiver' ? blocks : input.partitions;
    };
    for (const output of s.outputs) {
      for (const stage of output.stages) n += s.batches * (stage.input !== undefined ? perInput(stage.input) : stage.tasks ?? 1);
    }
    n += s.inputs.filter((i) => i.kind === 'receiver').length;
  }
  return n;
}

/**
 * The model of the comparison run under `reserved-slots`: the file's own reserved slots, else one
 * slot where the stalled re-runs waited, else `all: 1` (as `sparkjob simulate --policy reserved-slots`).
 */
export function comparisonModel(model: JobFile, planned: Record<string, number>): JobFile {
  const own = model.recovery.reservedSlots;
  const hasOwn = own.all > 0 || Object.values(own.perExecutor).some((v) => v > 0);
  const reservedSlots = hasOwn ? own
    : Object.keys(planned).length ? { perExecutor: { ...planned }, all: 0 } : { perExecutor: {}, all: 1 };
  return { ...model, recovery: { ...model.recovery, policy: 'reserved-slots', reservedSlots } };
}

export function runAnalysis(text: string, options: AnalysisOptions, hooks: AnalysisHooks = {}): AnalysisResult {
  const t0 = now();
  const previous = kept;
  kept = undefined;
  if (options.quickFix) {
    // the YAML edit only: the format's checks are not needed for it
    const edits = quickFixEdits(text, options.quickFix.range, options.quickFix.fix);
    return { status: 'ok', diagnostics: [], formatDiagnostics: [], attemptsEstimate: 0, timings: { parseMs: now() - t0, simulateMs: 0 }, edits };
  }
  const parsed = parseJobFile(text);
  const timings: AnalysisResult['timings'] = { parseMs: now() - t0, simulateMs: 0 };
  const map = parsed.sourceMap as SourceLookup;
  const base = { attemptsEstimate: 0, timings, formatDiagnostics: parsed.diagnostics };
  if (options.locateTask !== undefined) {
    const path = parsed.model ? taskPath(parsed, options.locateTask) : undefined;
    return { ...base, status: parsed.model ? 'ok' : 'invalid', diagnostics: [], ...(path ? { taskRange: rangeAt(parsed, path) } : {}) };
  }
  if (!parsed.model || parsed.diagnostics.some((d) => d.severity === 'error')) {
    return { ...base, status: 'invalid', diagnostics: [] };
  }
  if (options.executorsOnly) {
    const m = parsed.model;
    return { ...base, status: 'ok', diagnostics: [], cluster: { executors: m.cluster.executors, taskCpus: m.conf.taskCpus, faults: m.faults, acceptsNotice: acceptsNotice(m.conf, m.spark) } };
  }
  let model: JobFile = parsed.model;
  if (!map.key(['spark'])) model = { ...model, spark: options.defaultSpark };
  if (options.faults) model = { ...model, faults: options.faults };
  if (options.policy) model = { ...model, recovery: { ...model.recovery, policy: options.policy } };
  const attemptsEstimate = estimateAttempts(model);
  if (attemptsEstimate > options.maxAttempts) {
    const detail = `the jobs have ${attemptsEstimate.toLocaleString('en-US')} tasks, more than the budget of ${options.maxAttempts.toLocaleString('en-US')} attempts`;
    return { ...base, attemptsEstimate, status: 'tooBig', diagnostics: [budgetDiagnostic(map, 'size', detail)] };
  }
  const diagnostics: Diagnostic[] = [];
  const wantSweep = options.sweep === true || (options.sweep === 'auto' && model.analysis.sweep);
  let primary: SimulationResult;
  let comparison: SimulationResult | undefined;
  let sweepSummary: SweepSummary | undefined;
  // kept for the next request only when this one ends well (a failed one's is of no use to it)
  let toKeep: Kept | undefined;
  try {
    const t1 = now();
    // the shared pipeline of `sparkjob check`: the file's faults, then (with the sweep) the SJ105
    // findings per executor and `result.findings` as `sparkjob simulate --json` writes them
    if (wantSweep) hooks.onProgress?.(0, 1);
    const { own, keep } = ownFaults(text, options, model, previous);
    toKeep = keep;
    const analysis = wantSweep ? withSweep(model, own, { withWaitSpans: true }) : own;
    primary = analysis.result;
    if (wantSweep) {
      timings.sweepMs = now() - t1;
      hooks.onProgress?.(1, 1);
    } else {
      timings.simulateMs = now() - t1;
    }
    // findings name the file's faults by index: meaningless for faults given by a command
    if (!options.faults) diagnostics.push(...findingsToDiagnostics(parsed, analysis.findings));
    if (analysis.sweep) {
      const advice = options.advise && analysis.sweep.faults.some((f) => f.stalled) ? advise(model, analysis.sweep) : undefined;
      sweepSummary = toSweepSummary(analysis.sweep, advice?.summary, advice?.localityWait?.clearsAll ? advice.localityWait.waitMs : undefined);
      // the advisor's alternative to reserved slots: a shorter locality wait (its cost is in its summary)
      // and its reservation that clears every swept stall (the one its notification names)
      const wait = sweepSummary.adviceWaitMs;
      const r = advice?.reservation?.clearsAll ? advice.reservation : undefined;
      for (const d of diagnostics) {
        if (d.code !== ANALYSIS_CODES.stall && d.code !== ANALYSIS_CODES.sweepStall) continue;
        const fixes = [...(d.fixes ?? [])];
        if (r && !fixes.some((x) => x.kind === 'reserveSlots' && x.slots === r.slots && x.executors.join() === r.executors.join())) {
          fixes.push({ kind: 'reserveSlots', executors: r.executors, slots: r.slots });
        }
        if (wait !== undefined) fixes.push({ kind: 'setConf', key: 'spark.locality.wait', value: formatMs(wait) });
        if (fixes.length) d.fixes = fixes;
      }
    }
    if (options.compare) {
      const t2 = now();
      comparison = primary.policy === 'reserved-slots'
        ? simulate(model, { policy: 'spark', withWaitSpans: true })
        : simulate(comparisonModel(model, stallPlan(primary).reservedSlots), { withWaitSpans: true });
      timings.comparisonMs = now() - t2;
    } else if (analysis.reserved) {
      comparison = analysis.reserved;
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const range = map.key(['jobs']) ?? map.key(['cluster']) ?? { start: 0, end: 0 };
    return {
      ...base, attemptsEstimate, status: 'engineError', error: message,
      diagnostics: [{ severity: 'error', message: `The simulation failed on this file (a bug in the simulator; please report it with the file): ${message}`, range, code: ANALYSIS_CODES.engineError }],
    };
  }
  kept = toKeep;
  const total = primary.attempts.length;
  if (options.keepAttempts !== undefined && total > options.keepAttempts) {
    primary = trimAttempts(primary, options.keepAttempts);
    if (comparison) comparison = trimAttempts(comparison, options.keepAttempts);
    return { ...base, attemptsEstimate, attemptsTotal: total, status: 'ok', diagnostics, primary, comparison, sweep: sweepSummary };
  }
  return { ...base, attemptsEstimate, status: 'ok', diagnostics, primary, comparison, sweep: sweepSummary };
}

/**
 * The analysis of a file's own faults kept by the request before (`sweepFollows`): the
 * background check's sweep phase follows its first phase on the same text, and the file's run
 * (with its reserved-slot runs) would otherwise be simulated again for it. Kept for the next
 * request only, in this worker thread.
 */
interface Kept { text: string; key: string; own: FileAnalysis }
let kept: Kept | undefined;

/** analyzeFaults(model) as analyzeFile runs it: the request before's when it kept it for this text and options */
function ownFaults(text: string, options: AnalysisOptions, model: JobFile, previous: Kept | undefined): { own: FileAnalysis; keep: Kept | undefined } {
  // what the model depends on beside the text (runAnalysis above)
  const key = JSON.stringify([options.defaultSpark, options.faults ?? null, options.policy ?? null]);
  const reuse = previous !== undefined && previous.text === text && previous.key === key ? previous.own : undefined;
  const own = reuse ?? analyzeFaults(model, { withWaitSpans: true });
  return { own, keep: options.sweepFollows ? { text, key, own } : undefined };
}

/**
 * The result with at most `keep` attempts: the re-runs and the attempts of lost tasks first, then
 * the others (in their order) while there is room; the attempts keep the result's order.
 */
export function trimAttempts(result: SimulationResult, keep: number): SimulationResult {
  if (result.attempts.length <= keep) return result;
  const lost = new Set(result.faults.flatMap((f) => f.lostTasks));
  const important = (a: SimulationResult['attempts'][number]) => a.recovery || lost.has(a.task);
  let room = Math.max(0, keep - result.attempts.filter(important).length);
  let first = keep;
  const kept = result.attempts.filter((a) => {
    if (important(a)) return first-- > 0;
    if (room > 0) {
      room--;
      return true;
    }
    return false;
  });
  return { ...result, attempts: kept.slice(0, keep) };
}
