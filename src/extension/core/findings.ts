// Simulation results -> diagnostics at the file's own entries (a stalled fault at its `faults:`
// entry, a sweep finding at its executor). Engine results name model ids, never ranges; the
// ranges are looked up here, at the edge, in the format's source map.
import type { Diagnostic, FixData, JobFile, OffsetRange, RelatedInfo } from '../../format';
import type { AttemptResult, FaultResult, SimulationResult } from '../../engine';
import { ANALYSIS_CODES } from './codes';
import { fmtMs } from './units';
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

const executorIndex = (model: JobFile, id: string) => model.cluster.executors.findIndex((e) => e.id === id);

/** The range of an executor's entry (list form), or the `executors:` key (template form). */
export function executorRange(model: JobFile, map: SourceLookup, id: string): OffsetRange | undefined {
  const i = executorIndex(model, id);
  return (i >= 0 ? map.value(['cluster', 'executors', i]) : undefined) ?? map.key(['cluster', 'executors']);
}

/**
 * SJ105: per executor, its worst stalling moment of the sweep, at the executor's entry (as the
 * engine's `analyzeFile` reports it for `sparkjob check`, which runs the sweep without progress).
 * `skip`: executors whose own fault in `faults:` already has its SJ100 (the same story, told
 * once, at the more specific place).
 */
export function sweepDiagnostics(model: JobFile, map: SourceLookup, sweep: SweepSummary, skip: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of model.cluster.executors) {
    if (skip.has(e.id)) continue;
    const stalls = sweep.findings.filter((f) => f.executor === e.id && f.stalled);
    if (!stalls.length) continue;
    const worst = stalls.reduce((a, b) => (b.stallMs > a.stallMs ? b : a));
    const more = stalls.length > 1 ? ` (${stalls.length} of the swept moments stall; this is the worst)` : '';
    const message = (worst.message ?? `If executor ${e.id} ${worst.kind === 'hang' ? 'hangs' : 'fails'} at ${fmtMs(worst.faultAt)}, `
      + `a re-run task waits ${fmtMs(worst.stallMs)} for a local slot while a slot is free elsewhere.`) + more;
    const helps = worst.withReservedSlotMs !== null && worst.recoveryMs !== null && worst.withReservedSlotMs < worst.recoveryMs;
    const related: RelatedInfo[] = [];
    const waitKey = map.key(['conf', 'spark.locality.wait']);
    if (waitKey) related.push({ message: 'the locality wait behind the stall', range: waitKey });
    out.push({
      severity: 'warning',
      message,
      range: executorRange(model, map, e.id) ?? EMPTY,
      code: ANALYSIS_CODES.sweepStall,
      // no live executor holds the data: a reserved slot anywhere serves it (`all: 1`)
      ...(helps ? { fixes: (worst.holders.length ? worst.holders : ['all']).map((h): FixData => ({ kind: 'reserveSlots', executor: h, slots: 1 })) } : {}),
      ...(related.length ? { related } : {}),
    });
  }
  return out;
}

/**
 * SJ190/SJ191: a budget stopped the analysis; shown on `jobs:` (or `streaming:`, `cluster:`).
 * `what`: the simulation of the file's own faults, or the fault sweep that follows it (whose
 * budget leaves the file's own findings in place).
 */
export function budgetDiagnostic(map: SourceLookup, kind: 'time' | 'size', detail: string, what: 'simulation' | 'sweep' = 'simulation'): Diagnostic {
  const range = map.key(['jobs']) ?? map.key(['streaming']) ?? map.key(['cluster']) ?? EMPTY;
  const message = kind === 'size'
    ? `Simulation skipped: ${detail} (setting sparkRecoveryLens.simulation.maxAttempts). Raise the budget or make the job smaller; locality behaviour does not depend on absolute size.`
    : what === 'sweep'
      ? `Fault sweep stopped: it ran longer than the time budget (${detail}, setting sparkRecoveryLens.simulation.timeBudgetMs). The file's own faults are analysed; run "Run Fault Sweep" to sweep without this budget.`
      : `Simulation stopped: it ran longer than the time budget (${detail}, setting sparkRecoveryLens.simulation.timeBudgetMs). Findings are not shown; raise the budget or make the job smaller.`;
  return { severity: 'warning', message, range, code: kind === 'time' ? ANALYSIS_CODES.timeBudget : ANALYSIS_CODES.sizeBudget };
}
