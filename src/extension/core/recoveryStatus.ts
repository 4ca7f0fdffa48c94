// The status bar's headline for a simulated file (pure, so it is tested without the editor): the
// worst recovery latency of the faults that lost work, the sweep's worst, or, when a fault lost
// only receivers, how long their relaunch took: never "Recovery 0 ms" for a loss that cost nothing.
import type { SimulationResult } from '../../engine';
import { fmtMs } from '../../engine/analysis/format';

export interface RecoveryHeadline {
  /** the text after the status bar's icon */
  text: string;
  stalled: boolean;
}

export function recoveryHeadline(primary: SimulationResult, sweepWorst: number | null, sweepStalled = false): RecoveryHeadline {
  const lostWork = primary.faults.filter((f) => f.lostTasks.length > 0);
  const latencies = lostWork.map((f) => f.recoveryLatency);
  const stalled = primary.faults.some((f) => f.stalled) || sweepStalled;
  if (latencies.includes(null)) return { text: 'Recovery: never completes', stalled };
  const worst = Math.max(-1, ...(latencies as number[]), sweepWorst ?? -1);
  if (worst >= 0) return { text: `Recovery ${fmtMs(worst)}`, stalled };
  const relaunches = primary.faults.flatMap((f) => (f.lostReceivers ?? []).map((r) => ({ f, r })));
  if (relaunches.length) {
    const waits = relaunches.map(({ f, r }) => (r.relaunchedAt === null ? null : r.relaunchedAt - (f.detectedAt ?? f.at)));
    return waits.includes(null)
      ? { text: 'Receiver not relaunched', stalled }
      : { text: `Receiver relaunched in ${fmtMs(Math.max(...(waits as number[])))}`, stalled };
  }
  return { text: primary.faults.length ? 'Recovery: nothing lost' : 'Recovery: no faults', stalled };
}
