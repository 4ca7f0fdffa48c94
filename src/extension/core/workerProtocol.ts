// Messages between the extension host and the simulation worker (dist/simWorker.js).
// Plain data only: they cross a worker_threads boundary by structured clone.
import type { Diagnostic, ExecutorSpec, FaultSpec, FixData, OffsetRange } from '../../format';
import type { TextEdit } from './yamlEdit';
import type { SimulationResult } from '../../engine';
import type { SweepSummary } from './sweepTypes';

export interface AnalysisOptions {
  /** size budget: refuse files whose jobs have more task attempts than this */
  maxAttempts: number;
  /** `spark:` when the file has none (setting `sparkRecoveryLens.defaultSparkVersion`) */
  defaultSpark: '2.2' | '3.5';
  /** overrides the file's `recovery.policy` for the primary run (the timeline compares spark with reserved-slots) */
  policy?: 'spark' | 'reserved-slots';
  /** replaces the file's `faults` (Simulate Fault...) */
  faults?: FaultSpec[];
  /** also simulate under the other policy, for the timeline's comparison */
  compare?: boolean;
  /** run the fault sweep of `analysis:` (`auto`: only when the file's `analysis.sweep` is on) */
  sweep?: boolean | 'auto';
  /** with the sweep: the advisor's recommendation (more runs) */
  advise?: boolean;
  /**
   * a request for the same text and options follows (the background check's sweep phase): the
   * worker keeps this request's simulation of the file's own faults for it instead of running it again
   */
  sweepFollows?: boolean;
  /**
   * keep at most this many attempts in the results sent back (the re-runs and the lost attempts
   * first): the background analysis of a huge job must not copy millions of attempts into the
   * extension host, which keeps the last result for hovers and lenses
   */
  keepAttempts?: number;
  /*
   * Explicit actions on a huge document (over LARGE_TEXT) ask the worker instead of parsing on the
   * extension host; each of these replaces the simulation (nothing is simulated):
   */
  /** the range of this task's definition (`JOB/STAGE/INDEX`): `taskRange` (a click in the timeline) */
  locateTask?: string;
  /** the cluster, the slots and the file's faults: `cluster` (Simulate Fault...) */
  executorsOnly?: boolean;
  /** the edits of this quick fix: `edits` (a quick fix chosen on a huge file) */
  quickFix?: { range: OffsetRange; fix: FixData };
}

export interface AnalysisRequest {
  id: number;
  text: string;
  options: AnalysisOptions;
  /** Int32Array over this buffer: [0] set to 1 by the host asks a running sweep to stop */
  cancel?: SharedArrayBuffer;
}

export interface Timings {
  parseMs: number;
  simulateMs: number;
  comparisonMs?: number;
  sweepMs?: number;
}

export interface AnalysisResult {
  /** `invalid`: the file has errors, nothing simulated; `tooBig`: over the size budget */
  status: 'ok' | 'invalid' | 'tooBig' | 'engineError';
  /** diagnostics of the analysis (stalls, budgets, engine errors), offsets into the same text */
  diagnostics: Diagnostic[];
  /** the format's own diagnostics of the text (the host shows these for huge files, which it does not parse) */
  formatDiagnostics: Diagnostic[];
  /** the file's own policy (or the faults of `options.faults`) */
  primary?: SimulationResult;
  /** the same faults under the other policy */
  comparison?: SimulationResult;
  sweep?: SweepSummary;
  attemptsEstimate: number;
  /** `keepAttempts` dropped attempts: this many were simulated in all (primary run) */
  attemptsTotal?: number;
  timings: Timings;
  error?: string;
  /** `locateTask` */
  taskRange?: OffsetRange;
  /** `executorsOnly` */
  cluster?: { executors: ExecutorSpec[]; taskCpus: number; faults: FaultSpec[]; acceptsNotice: boolean };
  /** `quickFix` */
  edits?: TextEdit[];
}

export type WorkerReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; result: AnalysisResult }
  | { id: number; type: 'error'; message: string };
