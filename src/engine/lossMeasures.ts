// What a fault's loss is measured against, at its detection (spec "Recovery measures"): the
// lower bound of its recovery and the live executors that hold its lost tasks' data.
import type { Cluster } from './cluster';
import { ANY, NODE_LOCAL, PROCESS_LOCAL, RACK_LOCAL } from './locality';
import type { FaultState } from './simulation';
import { codeAt, prefFrom, Pref, taskInput, type Stage } from './workload';
import type { NetworkSpec } from '../format/model';

/** spec "network": below NODE_LOCAL a task pulls its input: latency + input / bandwidth. */
export function remoteReadMs(n: NetworkSpec, input: number, locality: number, hasPrefs: boolean): number {
  if (!hasPrefs || input <= 0 || locality < RACK_LOCAL) return 0;
  const bandwidth = locality === RACK_LOCAL && n.rackBandwidth ? n.rackBandwidth : n.bandwidth;
  return n.latency + Math.ceil((input * 1000) / bandwidth);
}

/**
 * lowerBoundMs: the longest lost task's duration at its best locality among the executors alive
 * at detection, as if each had a free slot then. (The best of localityOn over the live executors,
 * found from the task's preferences and the hosts and racks that have a live executor: one pass
 * over the executors per fault instead of one per lost task, issue #17.)
 */
export function lowerBound(f: FaultState, stages: Stage[], cluster: Cluster, network: NetworkSpec): number {
  const aliveHost = new Uint8Array(cluster.hostNames.length);
  const aliveRack = new Uint8Array(cluster.rackNames.length);
  let anyAlive = false;
  for (const e of cluster.executors) {
    if (!cluster.isAlive(e)) continue;
    anyAlive = true;
    aliveHost[e.host] = 1;
    if (e.rack >= 0) aliveRack[e.rack] = 1;
  }
  let bound = 0;
  for (const { stage: ref, task: i } of f.lostTasks) {
    const stage = stages[ref];
    const from = prefFrom(stage.prefStart, i);
    const to = prefFrom(stage.prefStart, i + 1);
    // no preference: PROCESS_LOCAL on any live executor (localityOn)
    let best = from === to && anyAlive ? PROCESS_LOCAL : ANY;
    for (let p = from; p < to && best > PROCESS_LOCAL; p++) {
      const code = codeAt(stage.prefData, p);
      const kind = code & 3;
      const x = code >> 2;
      if (kind === Pref.EXEC && cluster.isAlive(cluster.executors[x])) best = PROCESS_LOCAL;
      else if (kind === Pref.RACK) {
        if (aliveRack[x]) best = Math.min(best, RACK_LOCAL);
      } else {
        const h = kind === Pref.EXEC ? cluster.executors[x].host : x;
        if (aliveHost[h]) best = Math.min(best, NODE_LOCAL);
        else if (cluster.hostRack[h] >= 0 && aliveRack[cluster.hostRack[h]]) best = Math.min(best, RACK_LOCAL);
      }
    }
    bound = Math.max(bound, stage.duration[i] + remoteReadMs(network, taskInput(stage, i), best, to > from));
  }
  return bound;
}

/** Live executors that hold some lost task's data: its cached executor, or one on a preferred host. */
export function holders(f: FaultState, stages: Stage[], c: Cluster): number[] {
  const found = new Set<number>();
  for (const { stage: ref, task: i } of f.lostTasks) {
    const stage = stages[ref];
    for (let p = prefFrom(stage.prefStart, i); p < prefFrom(stage.prefStart, i + 1); p++) {
      const code = codeAt(stage.prefData, p);
      const kind = code & 3;
      const x = code >> 2;
      if (kind === Pref.EXEC && c.isAlive(c.executors[x])) found.add(x);
      const host = kind === Pref.EXEC ? c.executors[x].host : kind === Pref.HOST ? x : -1;
      if (host >= 0) for (const e of c.hostExecs[host]) found.add(e);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Every task the fault lost has finished again (a sweep's fork stops there). */
export function recovered(f: FaultState): boolean {
  return f.detectedAt !== null && f.outstanding.size === 0;
}
