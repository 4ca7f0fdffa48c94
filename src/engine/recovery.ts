// The seed paper's recovery policy, `reserved-slots` (spec "recovery"): extra slots that only
// re-runs of tasks lost with an executor may use. A re-run takes one at once, with no locality
// wait, on an executor that holds its data; when no live executor holds it (waiting cannot
// bring locality back) on any free reserved slot, rack-local first; otherwise it is left to
// Spark's delay scheduling. These launches do not touch the task set's locality timer.
import type { Cluster } from './cluster';
import { RACK_LOCAL } from './locality';
import type { TaskSetManager } from './taskSetManager';
import type { Simulation } from './simulation';
import { Pref } from './workload';

export type LaunchFn = (tsm: TaskSetManager, task: number, exec: number, locality: number, reserved: boolean) => void;

/** Re-runs take free reserved slots, task set by task set in the given order (the first `count`). */
export function assignReservedSlots(taskSets: readonly (TaskSetManager | null)[], count: number, cluster: Cluster, host: { launch: LaunchFn }): void {
  for (let j = 0; j < count; j++) {
    const tsm = taskSets[j]!;
    if (cluster.totalFreeReserved === 0) return;
    if (tsm.zombie || tsm.recoveryPending.length === 0) continue;
    const list = tsm.recoveryPending;
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const i = list.data[k];
      if (!tsm.isSchedulable(i)) continue;
      const exec = cluster.totalFreeReserved > 0 ? pickReservedSlot(tsm, i, cluster) : -1;
      if (exec >= 0) host.launch(tsm, i, exec, tsm.localityOn(i, exec), true);
      else list.data[kept++] = i;
    }
    list.length = kept;
  }
}

function pickReservedSlot(tsm: TaskSetManager, i: number, cluster: Cluster): number {
  const prefs = tsm.prefsOf(i);
  const free = (x: number) => cluster.isAlive(cluster.executors[x]) && cluster.freeReservedOn(x) > 0;
  let holders = false;
  // PROCESS_LOCAL: the executor that caches the block
  for (let k = 0; k < prefs.length; k++) {
    if ((prefs[k] & 3) !== Pref.EXEC) continue;
    const x = prefs[k] >> 2;
    if (cluster.isAlive(cluster.executors[x])) {
      holders = true;
      if (free(x)) return x;
    }
  }
  // NODE_LOCAL: any executor on a host that holds the data
  for (let k = 0; k < prefs.length; k++) {
    const kind = prefs[k] & 3;
    const x = prefs[k] >> 2;
    const host = kind === Pref.EXEC ? cluster.executors[x].host : kind === Pref.HOST ? x : -1;
    if (host < 0) continue;
    for (const e of cluster.hostExecs[host]) {
      holders = true;
      if (free(e)) return e;
    }
  }
  if (holders) return -1;
  let any = -1;
  for (const e of cluster.executors) {
    if (!free(e.idx)) continue;
    if (tsm.localityOn(i, e.idx) === RACK_LOCAL) return e.idx;
    if (any < 0) any = e.idx;
  }
  return any;
}

/** Adds reserved slots to executors of a paused run (the sweep's fork) and switches the reserved-slots policy on. */
export function reserveSlots(sim: Simulation, perExecutor: Map<number, number>): void {
  sim.reservedPolicy = sim.scheduler.reservedPolicy = true;
  // executors dynamic allocation adds later get theirs when they are added
  if (sim.allocation) sim.allocation.forkReserved = perExecutor;
  for (const [x, n] of perExecutor) if (sim.cluster.executors[x]) sim.cluster.reserve(x, n);
}
