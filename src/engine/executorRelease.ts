// An executor released without a fault (`leaveAt`): what dynamic allocation does to an idle
// executor (ExecutorAllocationManager -> killExecutors). The backend marks it pending to remove, so
// it is offered no new task (CoarseGrainedSchedulerBackend.isExecutorActive), and removes it once
// its running tasks have ended: nothing is lost, no fault is counted, and its shuffle outputs stay
// readable (dynamic allocation needs the external shuffle service or shuffle tracking).
import { Status } from './attemptLog';
import { ExecState } from './cluster';
import { EventKind } from './eventQueue';
import type { Simulation } from './simulation';

export function scheduleReleases(sim: Simulation): void {
  for (const e of sim.cluster.executors) {
    if (e.spec.leaveAt !== undefined) sim.schedule(e.spec.leaveAt, EventKind.ExecutorRelease, e.idx, false);
  }
}

export function releaseExecutor(sim: Simulation, x: number): void {
  const e = sim.cluster.own(x);
  if (e.state !== ExecState.Alive && e.state !== ExecState.Hung) return; // not joined, or already lost
  if (!e.draining) sim.cluster.drain(e);
  let busyUntil = -1;
  for (const a of e.running) if (sim.log.status[a] === Status.Running) busyUntil = Math.max(busyUntil, sim.log.end[a]);
  if (busyUntil > sim.now) {
    // (a task end at that time is handled before this event: TaskEnd has the higher priority)
    sim.schedule(busyUntil, EventKind.ExecutorRelease, x, false);
    return;
  }
  sim.cluster.remove(e, sim.now);
  e.lossDetectedAt = null; // a departure, not a loss
  for (const tsm of sim.scheduler.taskSets) tsm.recomputeLocality();
}
