// Diagnostic codes this extension adds on top of the format's SJ0xx codes (README
// "Diagnostic codes"): the analysis of the simulation. Each code links to its README anchor.

export const ANALYSIS_CODES = {
  /** a fault whose re-run tasks wait for a local slot while another slot is free */
  stall: 'SJ100',
  /** the simulation ran past `sparkRecoveryLens.simulation.timeBudgetMs` */
  timeBudget: 'SJ101',
  /** the job is bigger than `sparkRecoveryLens.simulation.maxAttempts` */
  sizeBudget: 'SJ102',
  /** the engine failed on this file (a bug: the file passed validation) */
  engineError: 'SJ103',
  /** a job could not finish (no executor left, too many task failures) */
  aborted: 'SJ104',
  /** a sweep finding: this executor failing at some moment stalls recovery */
  sweepStall: 'SJ110',
} as const;

export const DIAGNOSTIC_SOURCE = 'Spark Recovery Lens';

/** The README anchor of a code: `sj100` for `SJ100` (GitHub's heading slug of `### SJ100 ...`). */
export function codeAnchor(code: string): string {
  return code.toLowerCase();
}
