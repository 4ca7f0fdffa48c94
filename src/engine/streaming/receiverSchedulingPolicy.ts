// ReceiverSchedulingPolicy (streaming/.../scheduler/ReceiverSchedulingPolicy.scala; reference
// sec. 2.2). Candidate locations are preference codes (workload.ts): an executor (`exec`) or a
// host-only location (`host`) for a preferred host without executors. Spark's HashMap ties are
// broken by executor registration order (lowest index first) so runs are reproducible.
import type { Cluster } from '../cluster';
import { Pref } from '../workload';

export const enum ReceiverState {
  Inactive = 0,
  Scheduled = 1,
  Active = 2,
}

export interface TrackingInfo {
  state: ReceiverState;
  /** scheduledLocations (pref codes), or null for None */
  scheduled: number[] | null;
  /** runningExecutor when ACTIVE, else -1 */
  running: number;
}

/**
 * ReceiverTracker#getExecutors: block managers but the driver's (driver's view), in registration
 * order: the cluster's live list itself, read only (an array made of it by Array.from took the
 * iterator's slow path: a tenth of a sweep's receiver-crash fork, issue #17).
 */
export function trackerExecutors(cluster: Cluster): Int32Array {
  return cluster.liveExecutors();
}

/**
 * scheduleReceivers, at StartAllReceivers: 1. a receiver with a preferred host gets that host's
 * executor with the fewest receivers so far (a host-only location when no executor runs there);
 * 2. every receiver still without a candidate gets the executor with the globally fewest;
 * 3. each idle executor (no receiver) is appended to the receiver with the shortest list.
 */
export function scheduleReceivers(preferredHosts: (number | undefined)[], executors: ArrayLike<number>, cluster: Cluster): number[][] {
  // (loops, not closures: made at each call, a sweep's forks call it often enough that TurboFan
  // compiled them, and their compiled code went at every full collection, issue #17)
  const lists: number[][] = [];
  for (let i = 0; i < preferredHosts.length; i++) lists.push([]);
  if (lists.length === 0 || executors.length === 0) return lists;
  const count = new Map<number, number>();
  for (let k = 0; k < executors.length; k++) count.set(executors[k], 0);
  for (let i = 0; i < preferredHosts.length; i++) {
    const host = preferredHosts[i];
    if (host === undefined) continue;
    let least = -1; // the executor on the host with the fewest receivers (the first of them)
    for (let k = 0; k < executors.length; k++) {
      const x = executors[k];
      if (cluster.executors[x].host === host && (least < 0 || count.get(x)! < count.get(least)!)) least = x;
    }
    if (least < 0) {
      lists[i].push((host << 2) | Pref.HOST);
      continue;
    }
    lists[i].push((least << 2) | Pref.EXEC);
    count.set(least, count.get(least)! + 1);
  }
  for (const list of lists) {
    if (list.length > 0) continue;
    const least = fewest(executors, count);
    list.push((least << 2) | Pref.EXEC);
    count.set(least, count.get(least)! + 1);
  }
  for (let k = 0; k < executors.length; k++) {
    const x = executors[k];
    if (count.get(x) !== 0) continue;
    let shortest = lists[0];
    for (const l of lists) if (l.length < shortest.length) shortest = l;
    shortest.push((x << 2) | Pref.EXEC);
  }
  return lists;
}

/**
 * rescheduleReceiver, at a restart and at the registration of a rescheduled receiver: the
 * preferred host (always), plus every idle executor (no weight) if there is one, else the
 * executors of minimum weight; ACTIVE receivers weigh 1.0 on their executor, SCHEDULED ones
 * 1/|candidates| on each candidate, INACTIVE nothing.
 */
export function rescheduleReceiver(preferredHost: number | undefined, infos: TrackingInfo[], executors: ArrayLike<number>): number[] {
  if (executors.length === 0) return [];
  const out: number[] = [];
  if (preferredHost !== undefined) out.push((preferredHost << 2) | Pref.HOST);
  const weights = new Map<number, number>(); // pref code -> weight
  for (const info of infos) {
    if (info.state === ReceiverState.Active) {
      const code = (info.running << 2) | Pref.EXEC;
      weights.set(code, (weights.get(code) ?? 0) + 1);
    } else if (info.state === ReceiverState.Scheduled && info.scheduled) {
      for (const code of info.scheduled) weights.set(code, (weights.get(code) ?? 0) + 1 / info.scheduled.length);
    }
  }
  const first = out.length;
  for (let k = 0; k < executors.length; k++) {
    const x = executors[k];
    if (!weights.has((x << 2) | Pref.EXEC)) out.push((x << 2) | Pref.EXEC); // idle
  }
  if (out.length === first) {
    const min = Math.min(...weights.values());
    for (const [code, w] of [...weights].sort((a, b) => a[0] - b[0])) if (w === min && !out.includes(code)) out.push(code);
  }
  return out;
}

/** registerReceiver's check: an executor location matches on executor id, a host location on host. */
export function isAcceptable(candidates: number[], exec: number, cluster: Cluster): boolean {
  return candidates.some((code) => ((code & 3) === Pref.EXEC ? code >> 2 === exec : (code >> 2) === cluster.executors[exec].host));
}

/** the first of `executors` with the fewest receivers */
function fewest(executors: ArrayLike<number>, count: Map<number, number>): number {
  let best = executors[0];
  for (let k = 0; k < executors.length; k++) if (count.get(executors[k])! < count.get(best)!) best = executors[k];
  return best;
}
