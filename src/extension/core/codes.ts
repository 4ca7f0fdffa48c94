// Diagnostic codes of the analysis (README "Diagnostic codes"): SJ100-SJ105 come from the
// engine's findings (src/engine/analysis/findings.ts, shared with `sparkjob check`); SJ19x are
// the editor's own (budgets). Each code links to its README anchor.

export const ANALYSIS_CODES = {
  /** a fault whose re-run tasks wait for a local slot while another slot is free (engine) */
  stall: 'SJ100',
  /** a sweep finding: this executor failing at some moment stalls recovery (engine) */
  sweepStall: 'SJ105',
  /** the simulation ran past `sparkRecoveryLens.simulation.timeBudgetMs` (editor only) */
  timeBudget: 'SJ190',
  /** the job is bigger than `sparkRecoveryLens.simulation.maxAttempts` (editor only) */
  sizeBudget: 'SJ191',
  /** the engine failed on a file that passed validation: a bug (editor only) */
  engineError: 'SJ192',
} as const;

export const DIAGNOSTIC_SOURCE = 'Spark Recovery Lens';

/** The README anchor of a code: `sj100` for `SJ100` (GitHub's heading slug of `### SJ100 ...`). */
export function codeAnchor(code: string): string {
  return code.toLowerCase();
}
