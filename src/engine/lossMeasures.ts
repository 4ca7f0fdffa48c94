// What a fault's loss is measured against, at its detection (spec "Recovery measures"): the
// lower bound of its recovery and the live executors that hold its lost tasks' data.
import type { Cluster } from './cluster';
import { ANY, RACK_LOCAL } from './locality';
import type { FaultState } from './simulation';
import { localityOn, PREF_EXEC, PREF_HOST, taskInput, type Stage } from './workload';
import type { NetworkSpec } from '../format/model';

/** spec "network": below NODE_LOCAL a task pulls its input: latency + input / bandwidth. */
export function remoteReadMs(n: NetworkSpec, input: number, locality: number, hasPrefs: boolean): number {
  if (!hasPrefs || input <= 0 || locality < RACK_LOCAL) return 0;
  const bandwidth = locality === RACK_LOCAL && n.rackBandwidth ? n.rackBandwidth : n.bandwidth;
  return n.latency + Math.ceil((input * 1000) / bandwidth);
}

/**
 * lowerBoundMs: the longest lost task's duration at its best locality among the executors alive
 * at detection, as if each had a free slot then.
 */
export function lowerBound(f: FaultState, stages: Stage[], cluster: Cluster, network: NetworkSpec): number {
  let bound = 0;
  for (const { stage: ref, task: i } of f.lostTasks) {
    const stage = stages[ref];
    const prefs = stage.prefData.subarray(stage.prefStart[i], stage.prefStart[i + 1]);
    let best = ANY;
    for (const x of cluster.executors) {
      if (cluster.isAlive(x)) best = Math.min(best, localityOn(cluster, prefs, x.idx));
    }
    bound = Math.max(bound, stage.duration[i] + remoteReadMs(network, taskInput(stage, i), best, prefs.length > 0));
  }
  return bound;
}

/** Live executors that hold some lost task's data: its cached executor, or one on a preferred host. */
export function holders(f: FaultState, stages: Stage[], c: Cluster): number[] {
  const found = new Set<number>();
  for (const { stage: ref, task: i } of f.lostTasks) {
    const stage = stages[ref];
    for (let p = stage.prefStart[i]; p < stage.prefStart[i + 1]; p++) {
      const code = stage.prefData[p];
      const kind = code & 3;
      const x = code >> 2;
      if (kind === PREF_EXEC && c.isAlive(c.executors[x])) found.add(x);
      const host = kind === PREF_EXEC ? c.executors[x].host : kind === PREF_HOST ? x : -1;
      if (host >= 0) for (const e of c.hostExecs[host]) found.add(e);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Every task the fault lost has finished again (a sweep's fork stops there). */
export function recovered(f: FaultState): boolean {
  return f.detectedAt !== null && f.outstanding.size === 0;
}
