// With dynamic allocation a lost executor's re-runs often wait for the cluster manager to bring a
// new one (a YARN container, a pod) rather than for a slot or a locality level: the re-run is
// offered to the new executor the moment it registers (executorAllocationManager.ts). These
// helpers measure that wait, in a finished result (the file's faults) and in a sweep's fork.
import type { JobFile } from '../../format/model';
import { NEW_EXECUTOR_DEFAULT_MS } from '../../format/clusterManager';
import type { FaultResult, SimulationResult } from '../result';
import type { Simulation } from '../simulation';
import { fmtMs, plural } from './format';

/** The longest wait from the loss's detection to a re-run launched on an executor registered after it, at its registration; 0 if none. */
export function newExecutorWait(result: SimulationResult, f: FaultResult): { waitMs: number; tasks: number } {
  if (f.detectedAt === null) return { waitMs: 0, tasks: 0 };
  const added = new Map(result.executors.map((e) => [e.id, e.addedAt]));
  const lost = new Set(f.lostTasks);
  let waitMs = 0;
  let tasks = 0;
  for (const a of result.attempts) {
    if (!a.recovery || !lost.has(a.task) || a.launch < f.detectedAt) continue;
    const at = added.get(a.executor) ?? -1;
    if (at > f.detectedAt && a.launch === at) {
      waitMs = Math.max(waitMs, a.launch - f.detectedAt);
      tasks++;
    }
  }
  return { waitMs, tasks };
}

/** The same in a sweep's fork (its attempt log), for fault k. */
export function newExecutorWaitIn(sim: Simulation, k: number): number {
  const f = sim.faults[k];
  if (f.detectedAt === null || !sim.allocation) return 0;
  const lost = new Set(f.lostTasks.map((t) => `${t.stage}:${t.task}`));
  const log = sim.log;
  let waitMs = 0;
  for (let a = 0; a < log.length; a++) {
    const e = sim.cluster.executors[log.exec[a]];
    if (log.launch[a] < f.detectedAt || e.addedAt <= f.detectedAt || log.launch[a] !== e.addedAt) continue;
    if (lost.has(`${log.stage[a]}:${log.task[a]}`)) waitMs = Math.max(waitMs, log.launch[a] - f.detectedAt);
  }
  return waitMs;
}

function delaySetting(model: JobFile): string {
  const manager = model.cluster.manager ?? 'standalone';
  const ms = model.cluster.newExecutorDelay ?? NEW_EXECUTOR_DEFAULT_MS[manager];
  return `cluster.newExecutorDelay = ${fmtMs(ms)}${model.cluster.newExecutorDelay === undefined ? ` (the ${manager} default)` : ''}`;
}

const SPARE = 'a spare executor (a higher spark.dynamicAllocation.minExecutors, or initialExecutors above what the jobs need) would take them at once';

/** SJ168 at a fault of the file: its re-runs waited for a new executor. */
export function newExecutorMessage(model: JobFile, f: FaultResult, wait: { waitMs: number; tasks: number }): string {
  return `After executor ${f.executor}'s loss is known (${fmtMs(f.detectedAt ?? f.at)}), ${plural(wait.tasks, 're-run task')} ` +
    `${wait.tasks === 1 ? 'waits' : 'wait up to'} ${fmtMs(wait.waitMs)} for a new executor: dynamic allocation asks the cluster manager ` +
    `for a replacement, which registers after ${delaySetting(model)} and is offered the re-runs at once; recovery takes ` +
    `${fmtMs(f.recoveryLatency ?? 0)} (lower bound ${fmtMs(f.lowerBoundMs)}). No reserved slot or shorter locality wait shortens that; ${SPARE}.`;
}

/** SJ168 for the sweep: how many swept losses waited for a new executor. */
export function sweptNewExecutorMessage(model: JobFile, waits: number[], swept: number): string {
  const n = waits.filter((w) => w > 0).length;
  return `In the fault sweep, the re-runs of ${n} of ${plural(swept, 'loss', 'losses')} wait for a new executor ` +
    `(up to ${fmtMs(Math.max(...waits))}; ${delaySetting(model)}): their recovery latency includes the cluster manager's delay. ${SPARE[0].toUpperCase()}${SPARE.slice(1)}.`;
}
