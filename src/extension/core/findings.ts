// The editor's own diagnostics (budgets, a failed worker) and the reserved slots of the timeline's
// comparison run. The findings themselves (SJ100-SJ105) come from the engine's shared pipeline
// (analyzeFile + the format's findingsToDiagnostics), as in `sparkjob check`: see analysis.ts.
import type { Diagnostic, OffsetRange } from '../../format';
import type { SimulationResult } from '../../engine';
import { ANALYSIS_CODES } from './codes';

export type ModelPath = (string | number)[];

/** The part of the format's SourceMap this module needs. */
export interface SourceLookup {
  value(path: ModelPath): OffsetRange | undefined;
  key(path: ModelPath): OffsetRange | undefined;
}

const EMPTY: OffsetRange = { start: 0, end: 0 };

/**
 * The reserved slots of the comparison run: one on each executor that holds a stalled fault's lost
 * data (the fault's `holders`, as the engine's `reservationFor` reserves them in the sweep); an
 * empty plan when no live executor holds it (the comparison then reserves one everywhere).
 */
export function stallPlan(primary: SimulationResult): { reservedSlots: Record<string, number> } {
  const reserved: Record<string, number> = {};
  for (const f of primary.faults) {
    if (!f.stalled) continue;
    for (const h of f.holders ?? []) reserved[h] = 1;
  }
  return { reservedSlots: reserved };
}

const placeOf = (map: SourceLookup) => map.key(['jobs']) ?? map.key(['streaming']) ?? map.key(['cluster']) ?? EMPTY;

/**
 * SJ190/SJ191: a budget stopped the analysis; shown on `jobs:` (or `streaming:`, `cluster:`).
 * `what`: the simulation of the file's own faults, or the fault sweep that follows it (whose
 * budget leaves the file's own findings in place).
 */
export function budgetDiagnostic(map: SourceLookup, kind: 'time' | 'size', detail: string, what: 'simulation' | 'sweep' = 'simulation'): Diagnostic {
  const message = kind === 'size'
    ? `Simulation skipped: ${detail} (setting sparkRecoveryLens.simulation.maxAttempts). Raise the budget or make the job smaller; locality behaviour does not depend on absolute size.`
    : what === 'sweep'
      ? `Fault sweep stopped: it ran longer than the time budget (${detail}, setting sparkRecoveryLens.simulation.timeBudgetMs). The file's own faults are analysed; run "Run Fault Sweep" to sweep without this budget.`
      : `Simulation stopped: it ran longer than the time budget (${detail}, setting sparkRecoveryLens.simulation.timeBudgetMs). Findings are not shown; raise the budget or make the job smaller.`;
  return { severity: 'warning', message, range: placeOf(map), code: kind === 'time' ? ANALYSIS_CODES.timeBudget : ANALYSIS_CODES.sizeBudget };
}

/** SJ192: the worker failed or stopped (out of memory, a crash): said as such, never as a time budget. */
export function workerErrorDiagnostic(map: SourceLookup, detail: string, what: 'simulation' | 'sweep' = 'simulation'): Diagnostic {
  return {
    severity: 'error', range: placeOf(map), code: ANALYSIS_CODES.engineError,
    message: `The ${what === 'sweep' ? 'fault sweep' : 'simulation'} of this file failed: ${detail}`,
  };
}
