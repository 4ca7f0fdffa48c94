// What the extension keeps of a fault sweep (every executor failing at several moments, under
// the file's policy and, where recovery stalls, with reserved slots): small plain data for the
// hover, the code lenses, the status bar and the executor diagnostics.
import type { Finding } from '../../engine';
import type { SweepResult } from '../../engine/analysis/sweep';

export interface SweepFinding {
  executor: string;
  faultAt: number;
  kind: 'crash' | 'hang' | 'node' | 'decommission';
  /** the longest a re-run waited for a local slot while a slot was free */
  stallMs: number;
  stalled: boolean;
  recoveryMs: number | null;
  withReservedSlotMs: number | null;
  /** the engine's message for a stalled fault */
  message?: string;
  /** executors alive at detection that hold the lost tasks' data */
  holders: string[];
}

export interface SweepSummary {
  /** every fault tried */
  findings: SweepFinding[];
  /** worst stall per executor id (0 when none) */
  worstStallByExecutor: Record<string, number>;
  /** worst recovery latency over the sweep */
  worstRecoveryMs: number | null;
  /** the advisor's recommendation, when it ran */
  advice?: string[];
  /** the advisor's largest spark.locality.wait (ms) that keeps every swept stall under the threshold */
  adviceWaitMs?: number;
  faultsTried: number;
  cancelled: boolean;
}

export function toSweepSummary(result: SweepResult, advice?: string[], adviceWaitMs?: number): SweepSummary {
  const messages = new Map<string, Finding>(result.findings.map((f) => [`${f.executor}@${f.faultAt}/${f.kind}`, f]));
  const worst: Record<string, number> = {};
  let worstRecovery: number | null = null;
  const findings = result.faults.map((f): SweepFinding => {
    worst[f.executor] = Math.max(worst[f.executor] ?? 0, f.stalled ? f.localityWait : 0);
    if (f.recoveryLatency !== null) worstRecovery = Math.max(worstRecovery ?? 0, f.recoveryLatency);
    return {
      executor: f.executor, faultAt: f.at, kind: f.kind, stallMs: f.localityWait, stalled: f.stalled,
      recoveryMs: f.recoveryLatency, withReservedSlotMs: f.withReservedSlotMs,
      message: messages.get(`${f.executor}@${f.at}/${f.kind}`)?.message, holders: f.holders,
    };
  });
  return { findings, worstStallByExecutor: worst, worstRecoveryMs: worstRecovery, advice, adviceWaitMs, faultsTried: result.faults.length, cancelled: result.cancelled };
}
