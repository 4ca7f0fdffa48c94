// Simulation results -> diagnostics at the file's own entries (a stalled fault at its `faults:`
// entry, a sweep finding at its executor). Engine results name model ids, never ranges; the
// ranges are looked up here, at the edge, in the format's source map.
import type { Diagnostic, FixData, JobFile, OffsetRange, RelatedInfo } from '../../format';
import type { AttemptResult, FaultResult, SimulationResult } from '../../engine';
import { ANALYSIS_CODES } from './codes';
import { fmtMs, plural } from './units';
import type { SweepSummary } from './sweepTypes';

export type ModelPath = (string | number)[];

/** The part of the format's SourceMap this module needs. */
export interface SourceLookup {
  value(path: ModelPath): OffsetRange | undefined;
  key(path: ModelPath): OffsetRange | undefined;
}

const EMPTY: OffsetRange = { start: 0, end: 0 };

/** The re-run attempts of one fault: recovery attempts of its lost tasks, ready at or after detection. */
export function recoveryAttempts(result: SimulationResult, fault: FaultResult): AttemptResult[] {
  if (fault.detectedAt === null) return [];
  const lost = new Set(fault.lostTasks);
  return result.attempts.filter((a) => a.recovery && lost.has(a.task) && a.readyAt >= fault.detectedAt!);
}

export interface StallPlan {
  /** executor to reserve slots on and how many, per stalled fault index */
  byFault: Map<number, { executor: string; slots: number }>;
  /** merged over faults: the reserved slots to simulate for the comparison */
  reservedSlots: Record<string, number>;
}

/**
 * Where reserved slots would have helped: the executor that finally ran the longest-waiting
 * re-run of each stalled fault (it holds the data, or the re-run would not have waited for it).
 */
export function stallPlan(primary: SimulationResult): StallPlan {
  const byFault = new Map<number, { executor: string; slots: number }>();
  const reserved: Record<string, number> = {};
  primary.faults.forEach((f, i) => {
    if (!f.stalled) return;
    const waiting = recoveryAttempts(primary, f).filter((a) => (a.localityWait ?? 0) > 0);
    if (!waiting.length) return;
    const worst = waiting.reduce((a, b) => ((b.localityWait ?? 0) > (a.localityWait ?? 0) ? b : a));
    const slotsOnIt = waiting.filter((a) => a.executor === worst.executor).length;
    const cap = primary.executors.find((e) => e.id === worst.executor)?.slots ?? slotsOnIt;
    const slots = Math.max(1, Math.min(slotsOnIt, Math.max(cap, 1)));
    byFault.set(i, { executor: worst.executor, slots });
    reserved[worst.executor] = Math.max(reserved[worst.executor] ?? 0, slots);
  });
  return { byFault, reservedSlots: reserved };
}

/** `spark.locality.wait = 3s` as the file sets it (or Spark's default), plus per-level overrides. */
export function localityWaitText(model: JobFile): string {
  const raw = model.conf.raw ?? {};
  const parts = [`spark.locality.wait = ${raw['spark.locality.wait'] ?? '3s'}`];
  for (const level of ['process', 'node', 'rack']) {
    const k = `spark.locality.wait.${level}`;
    if (raw[k] !== undefined) parts.push(`${k} = ${raw[k]}`);
  }
  return parts.join(', ');
}

/** `1 reserved slot on every executor`, `reserved slots on executors 1, 4` (the file's own). */
export function describeReserved(r: { perExecutor: Record<string, number>; all: number }): string {
  const ids = Object.keys(r.perExecutor).filter((k) => r.perExecutor[k] > 0);
  const parts: string[] = [];
  if (ids.length === 1) parts.push(`${plural(r.perExecutor[ids[0]], 'reserved slot')} on executor ${ids[0]}`);
  else if (ids.length > 1) parts.push(`reserved slots on executors ${ids.join(', ')}`);
  if (r.all > 0) parts.push(`${plural(r.all, 'reserved slot')} on every ${ids.length ? 'other ' : ''}executor`);
  return parts.join(' and ') || 'reserved slots';
}

const executorIndex = (model: JobFile, id: string) => model.cluster.executors.findIndex((e) => e.id === id);

/** The range of an executor's entry (list form), or the `executors:` key (template form). */
export function executorRange(model: JobFile, map: SourceLookup, id: string): OffsetRange | undefined {
  const i = executorIndex(model, id);
  return (i >= 0 ? map.value(['cluster', 'executors', i]) : undefined) ?? map.key(['cluster', 'executors']);
}

/** SJ100: each stalled fault of the file, at its `faults:` entry. */
export function stallDiagnostics(
  model: JobFile, map: SourceLookup, primary: SimulationResult, comparison: SimulationResult | undefined,
  plan: StallPlan, reservedText?: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  primary.faults.forEach((f, i) => {
    if (!f.stalled) return;
    const waiting = recoveryAttempts(primary, f).filter((a) => (a.localityWait ?? 0) > 0);
    const n = Math.max(1, waiting.length);
    const verb = f.kind === 'hang' ? 'hangs' : 'fails';
    const wait = `${n === 1 ? 'waits' : 'wait up to'} ${fmtMs(f.localityWait)}`;
    let message = `If executor ${f.executor} ${verb} at ${fmtMs(f.at)}, ${plural(n, 're-run task')} ${wait} for a local slot `
      + `(${localityWaitText(model)}) while a slot is free elsewhere; recovery takes ${latency(f)}`;
    const target = plan.byFault.get(i);
    const other = comparison?.faults[i];
    if (primary.policy !== 'reserved-slots' && target && other && other.recoveryLatency !== null) {
      const how = reservedText ?? `${plural(target.slots, 'reserved slot')} on executor ${target.executor}`;
      message += ` — with ${how} it takes ${latency(other)}`;
    }
    message += '.';
    const fixes: FixData[] = [];
    if (target && primary.policy !== 'reserved-slots') fixes.push({ kind: 'reserveSlots', executor: target.executor, slots: target.slots });
    const level = waiting.some((a) => a.locality === 'PROCESS_LOCAL') ? 'process' : 'node';
    fixes.push({ kind: 'setConf', key: `spark.locality.wait.${level}`, value: '0s' });
    const related: RelatedInfo[] = [];
    const waitKey = map.key(['conf', 'spark.locality.wait']);
    if (waitKey) related.push({ message: `spark.locality.wait is set here (delay scheduling holds the re-run)`, range: waitKey });
    if (target) {
      const r = executorRange(model, map, target.executor);
      if (r) related.push({ message: `executor ${target.executor} holds the re-run's data; its slots were busy`, range: r });
    }
    const lostRange = executorRange(model, map, f.executor);
    if (lostRange) related.push({ message: `executor ${f.executor}, lost in this fault`, range: lostRange });
    out.push({
      severity: 'warning',
      message,
      range: map.value(['faults', i]) ?? map.key(['faults']) ?? EMPTY,
      code: ANALYSIS_CODES.stall,
      fixes,
      related,
    });
  });
  return out;
}

function latency(f: FaultResult): string {
  return f.recoveryLatency === null ? 'forever (the lost tasks never finish)' : fmtMs(f.recoveryLatency);
}

/** SJ104: jobs the simulation could not finish. */
export function abortedDiagnostics(model: JobFile, map: SourceLookup, result: SimulationResult): Diagnostic[] {
  return (result.aborted ?? []).map((a) => {
    const i = model.jobs.findIndex((j) => j.name === a.job);
    return {
      severity: 'warning' as const,
      message: `Job ${a.job} does not finish in the simulation: ${a.reason}`,
      range: (i >= 0 ? map.key(['jobs', i, 'name']) ?? map.value(['jobs', i]) : undefined) ?? map.key(['jobs']) ?? EMPTY,
      code: ANALYSIS_CODES.aborted,
    };
  });
}

/** SJ110: per executor, the worst stalling moment of the sweep, at the executor's entry. */
export function sweepDiagnostics(model: JobFile, map: SourceLookup, sweep: SweepSummary): Diagnostic[] {
  const threshold = model.analysis.stallThreshold;
  const out: Diagnostic[] = [];
  for (const e of model.cluster.executors) {
    const stalls = sweep.findings.filter((f) => f.executor === e.id && f.stallMs > threshold);
    if (!stalls.length) continue;
    const worst = stalls.reduce((a, b) => (b.stallMs > a.stallMs ? b : a));
    const tried = sweep.findings.filter((f) => f.executor === e.id).length;
    let message = worst.message ?? `If executor ${e.id} ${worst.kind === 'hang' ? 'hangs' : 'fails'} at ${fmtMs(worst.faultAt)}, `
      + `its re-run tasks wait up to ${fmtMs(worst.stallMs)} for a local slot while a slot is free elsewhere`
      + (worst.recoveryMs !== null ? `; recovery takes ${fmtMs(worst.recoveryMs)}` : '')
      + (worst.withReservedSlotMs !== null ? ` — with reserved slots it takes ${fmtMs(worst.withReservedSlotMs)}` : '')
      + '.';
    message += ` (fault sweep: ${stalls.length} of ${tried} moments stall)`;
    const range = executorRange(model, map, e.id) ?? EMPTY;
    const related: RelatedInfo[] = [];
    const waitKey = map.key(['conf', 'spark.locality.wait']);
    if (waitKey) related.push({ message: 'spark.locality.wait is set here', range: waitKey });
    out.push({
      severity: worst.severity === 'error' ? 'warning' : worst.severity,
      message,
      range,
      code: ANALYSIS_CODES.sweepStall,
      fixes: [{ kind: 'reserveSlots', executor: 'all', slots: 1 }],
      related,
    });
  }
  return out;
}

/** SJ101/SJ102: a budget stopped the analysis; shown on `jobs:` (or `streaming:`, `cluster:`). */
export function budgetDiagnostic(map: SourceLookup, kind: 'time' | 'size', detail: string): Diagnostic {
  const range = map.key(['jobs']) ?? map.key(['streaming']) ?? map.key(['cluster']) ?? EMPTY;
  const message = kind === 'time'
    ? `Simulation stopped: it ran longer than the time budget (${detail}, setting sparkRecoveryLens.simulation.timeBudgetMs). Findings are not shown; raise the budget or make the job smaller.`
    : `Simulation skipped: ${detail} (setting sparkRecoveryLens.simulation.maxAttempts). Raise the budget or make the job smaller; locality behaviour does not depend on absolute size.`;
  return { severity: 'warning', message, range, code: kind === 'time' ? ANALYSIS_CODES.timeBudget : ANALYSIS_CODES.sizeBudget };
}
