// An executor fault and how the driver learns of it: the fault event (crash, hang, kill, decommission
// notice), TaskSchedulerImpl.executorLost / removeExecutor -> TaskSetManager.executorLost, and
// DAGScheduler.handleExecutorLost. Out of simulation.ts so the hot per-launch and per-task-end code
// stays small and compiles once (issue #17); these run a few times per fault.
import { Status } from './attemptLog';
import { ExecState, type Executor } from './cluster';
import { decommissionNotice } from './decommission';
import { EventKind } from './eventQueue';
import { appended } from './intList';
import { holders, lowerBound } from './lossMeasures';
import { addReplacement, beginLoss, countsTowardFailures, hostWide, LossPart } from './schedulerBackend';
import type { FaultState, Simulation } from './simulation';
import { attemptEnded } from './speculation';
import { countFailure, failuresOf, isRunning, isSuccessful, markRerun, setReadyAt, StageKind, type Stage } from './workload';

/** Fault k happens: its executor stops answering (or gets its decommission notice). */
export function executorFault(sim: Simulation, k: number): void {
  const f = sim.faults[k];
  const cluster = sim.cluster;
  const x = cluster.findExecutor(f.spec.executor);
  if (x === undefined) return;
  const e = cluster.executors[x];
  if (e.state !== ExecState.Alive) return; // not registered yet, or already gone
  // When and how the driver learns of it, per cluster manager.
  const steps = f.spec.kind === 'decommission' ? decommissionNotice(sim, k, x) : beginLoss(cluster, sim.file, sim.spark, f, x, sim.now);
  for (const y of f.execs) f.stopped.push(...cluster.executors[y].running);
  for (let s = 0; s < steps.length; s += 2) sim.schedule(steps[s], EventKind.ExecutorLost, k * 4 + steps[s + 1], false);
  if (f.spec.replaceAfter !== undefined) {
    const r = addReplacement(cluster, sim.file, e, sim.now + f.spec.replaceAfter,
      sim.reservedPolicy ? sim.file.recovery.reservedSlots.all : 0);
    sim.schedule(r.addedAt, EventKind.ExecutorRegistered, r.idx, false);
  }
}

/**
 * A re-run of a lost task succeeded: no fault waits for it any more. Out of Simulation.taskSucceeded:
 * the key's string and the loop over the faults were a quarter of its optimized code's graph (its
 * compile, in a cold run, on V8's background thread) for a path a few hundred of a run's task ends
 * take (issue #17).
 */
export function rerunSucceeded(sim: Simulation, stage: Stage, i: number): void {
  const key = `${sim.stages.lastIndexOf(stage)}:${i}`;
  for (const f of sim.faults) f.outstanding.delete(key);
}

/** A launch onto an executor that stopped answering (the driver still offers it): stopped by its fault. */
export function launchedOntoLost(sim: Simulation, x: number, a: number): void {
  for (const f of sim.faults) if (f.detectedAt === null && f.execs.includes(x)) f.stopped.push(a);
}

/**
 * The driver learns of fault k's loss. `parts` (schedulerBackend.ts) says which half of
 * TaskSchedulerImpl.executorLost runs now: Outputs (the executor is forgotten, the DAGScheduler
 * drops its outputs and blocks, reviveOffers), Tasks (TaskSetManager.executorLost fails its
 * running tasks: the detection), or both.
 */
export function executorLost(sim: Simulation, k: number, parts: number): void {
  const f = sim.faults[k];
  if (parts === LossPart.Outputs) f.disabledAt = sim.now;
  if (parts & LossPart.Tasks) f.detectedAt = sim.now;
  if (parts === LossPart.Tasks) {
    // a loss reason with no revive: the re-runs wait for the next offer round (Simulation.firstOffer)
    sim.awaitingOffer = appended(sim.awaitingOffer, k);
    sim.scheduler.watchOffers = true;
  }
  for (const x of f.execs) removeExecutor(sim, f, k, sim.cluster.own(x), parts);
  if (parts & LossPart.Tasks) {
    f.lowerBoundMs = lowerBound(f, sim.stages, sim.cluster, sim.file.network);
    f.holders = holders(f, sim.stages, sim.cluster);
    for (const tsm of sim.scheduler.taskSets) tsm.recomputeLocality();
  }
  // (a loss reason that follows a disconnect does not revive: no failedExecutor)
  if (parts & LossPart.Outputs) sim.scheduler.offerAll(sim.now);
}

/** TaskSchedulerImpl.removeExecutor -> TaskSetManager.executorLost, and DAGScheduler.handleExecutorLost. */
function removeExecutor(sim: Simulation, f: FaultState, k: number, e: Executor, parts: number): void {
  const now = sim.now;
  if (parts & LossPart.Outputs) {
    sim.cluster.remove(e, now);
    sim.streaming?.executorRemoved(e.idx);
  }
  if (parts & LossPart.Tasks) e.lossDetectedAt = now;
  // TaskSetManager.executorLost re-queues the finished map tasks whose output was on the executor,
  // then fails the running tasks; pending lists are LIFO, so the running tasks come out first. The
  // DAGScheduler drops the other stages' outputs (dagScheduler/fetchFailure.ts).
  sim.dag.outputsLost(sim, e.idx, hostWide(sim.spark, f.reason) ? e.host : -1, parts, f, k);
  if (!(parts & LossPart.Tasks)) return;
  // Running tasks fail with ExecutorLostFailure and are queued again. Whether the loss counts
  // toward spark.task.maxFailures depends on the reason and on whether the task had started
  // (schedulerBackend.countsTowardFailures).
  const log = sim.log;
  const maxFailures = sim.file.conf.maxFailures;
  for (const a of e.running) {
    log.status[a] = Status.Lost;
    log.end[a] = now;
    sim.scheduler.fair?.ended(log.stage[a], log.stageAttempt[a]);
    const stage = sim.stages[log.stage[a]];
    const i = log.task[a];
    const current = attemptEnded(sim, stage, i, a); // else a zombie attempt's copy of a partition a newer attempt has
    if (isSuccessful(stage, i)) continue;
    const job = sim.jobs[stage.job];
    if (job.aborted !== null) continue;
    const tsm = sim.tsmOf.get(stage);
    if (stage.kind === StageKind.Receiver && sim.streaming) {
      // The receiver stops with its executor; its task is retried (the retry returns at once)
      // and the tracker relaunches it when the job ends (reference sec. 2.2).
      sim.streaming.tracker.lost(sim, stage.source[0], e.idx, k);
    }
    const live = current && tsm !== undefined && !tsm.zombie;
    if (live && countsTowardFailures(sim.spark, f.reason, log.launch[a], e.lostAt ?? f.spec.at) &&
      countFailure(stage, i) >= maxFailures) {
      sim.abortJob(job, `task ${stage.fullName}/${i} failed ${failuresOf(stage, i)} times ` +
        `(spark.task.maxFailures = ${maxFailures}), the last with ExecutorLostFailure on executor ${e.id}`);
      continue;
    }
    if (live && stage.kind === StageKind.Receiver) {
      setReadyAt(stage, i, now);
      tsm.addPendingTask(i);
    } else if (live && isRunning(stage, i)) {
      // its other (speculative) copy runs on: nothing to re-run (Spark re-queues it and drops the
      // entry unlaunched), not a lost task; the fault waits for that copy all the same (a sweep's
      // fork runs until it ends: the speculation outcome counts it among the stopped tasks)
      markRerun(stage, i, k);
      f.outstanding.add(`${sim.stages.lastIndexOf(stage)}:${i}`);
    } else if (live) sim.requeue(stage, i, f, k);
    else {
      // Its attempt is a zombie (fetch failure) or a newer one has it: the next attempt runs it.
      markRerun(stage, i, k);
      sim.addLost(f, stage, i);
    }
  }
  if (log.compact) for (const a of e.running) log.retire(a);
  e.running = [];
  sim.queries?.executorRemoved(sim, e.idx, k);
}
