// A `decommission` fault: a planned loss with a notice (a spot reclaim, a Kubernetes executor roll),
// after Spark 3.5.0 (paths under core/src/main/scala/org/apache/spark/):
// - the notice reaches the driver at the fault (DecommissionExecutor / ExecutorDecommissioning):
//   CoarseGrainedSchedulerBackend.decommissionExecutors (540-601) -> TaskSchedulerImpl.
//   executorDecommission (1022-1033): the executor is pending decommission, so it is offered no
//   task (isExecutorActive, 729-734), it no longer counts as alive for locality (isExecutorAlive,
//   hasExecutorsAliveOnHost, 1156-1171: every task set recomputes its levels) nor as a block-manager
//   peer (BlockManagerMasterEndpoint.getPeers, 884-895: so it leaves the Kafka executor lists at
//   once), and offers are revived; its running tasks go on;
// - the executor (CoarseGrainedExecutorBackend.decommissionSelf, 306-388) starts its
//   BlockManagerDecommissioner (blockManagerDecommissioner.ts) when storage decommissioning is on,
//   and a thread that checks every second, after a first second, whether it may exit: no task
//   running and, with migration on, lastMigrationInfo() saying every block migrated by a round that
//   started after the last check that saw a running task. Then it exits and the driver removes it
//   at once (RemoveExecutor);
// - the notice's end (`notice`: the cloud kills it) or spark.executor.decommission.forceKillTimeout
//   (the driver kills a straggler, 586-599) ends the process first; the cluster manager reports it
//   as after a crash (yarn: the AM's report, kubernetes: the pod event, standalone: the Worker).
// Either removal carries ExecutorDecommission (removeExecutor, 460-466; ExecutorKilled after a
// force kill), which never counts toward spark.task.maxFailures (TaskSetManager.scala:1098);
// DAGScheduler.handleExecutorLost drops the outputs still registered on it and TaskSetManager.
// executorLost re-runs the map tasks whose output did not move (1046-1075).
// Without spark.decommission.enabled (or in 2.2) decommissionSelf returns at once: the executor
// works on and is lost at the kill like a crash the cluster manager caused (format SJ170).
import { LOSS_REASON_DEFAULT_MS } from '../format/clusterManager';
import { acceptsNotice } from '../format/decommission';
import { Status } from './attemptLog';
import { ExecState } from './cluster';
import { EventKind } from './eventQueue';
import { CODES, ShuffleMigration, THREAD } from './blockManagerDecommissioner';
import { RddMigration } from './rddBlockMigration';
import { beginLoss, LossPart, LossReason, managerOf } from './schedulerBackend';
import type { Simulation } from './simulation';

/** CoarseGrainedExecutorBackend's shutdown thread: a first sleep, then a check every second */
const CHECK_MS = 1000;
const enum Code {
  Round = 0,
  Check = 1,
  Kill = 2,
  /** the RDD thread's next round, or the end of its upload */
  Rdd = 3,
}

export type DecommissionExit = 'migrated' | 'idle' | 'killed' | 'force-killed' | 'ignored';

export class Decommissioning {
  /** when the notice ends (Infinity: no kill), and whether the driver's forceKillTimeout comes first */
  killAt = Infinity;
  forced = false;
  exit: DecommissionExit | null = null;
  exitAt = -1;
  /** map outputs still on the executor when it went (lost with it) */
  lostOutputs = 0;
  /** the shutdown thread's lastTaskRunningTime */
  lastTaskRunning: number;
  /** migrationEnabled: storage decommissioning with shuffle or RDD blocks */
  readonly migrating: boolean;
  /** the shuffle refresh runnable's lastShuffleMigrationTime and its next round */
  lastRound = -Infinity;
  nextRound = -1;

  constructor(readonly noticeAt: number, readonly shuffle: ShuffleMigration, readonly rdd: RddMigration, migrating: boolean) {
    this.migrating = migrating;
    // decommissionBlockManager is an RPC ask to the executor's own endpoint, so the shutdown
    // thread reads its clock just before the first round starts
    this.lastTaskRunning = noticeAt - 0.5;
  }
}

/**
 * The fault's notice (the Fault event). Returns the loss steps ([time, parts]...) to schedule now:
 * only when the notice is ignored and has no end (the loss is at once).
 */
export function decommissionNotice(sim: Simulation, k: number, x: number): number[] {
  const f = sim.faults[k];
  const spec = f.spec;
  const conf = sim.file.conf.decommission;
  const now = sim.now;
  if (!acceptsNotice(sim.file.conf, sim.spark)) {
    const d = new Decommissioning(now, new ShuffleMigration(x, k, sim.file.seed, false), new RddMigration(x, k, sim.file.seed, false), false);
    d.exit = 'ignored';
    f.decom = d;
    f.exec = x; // (f.execs, the executors the loss takes, is set when it is lost)
    if (spec.notice === undefined) {
      d.exitAt = now;
      d.lostOutputs = d.shuffle.outputsHere(sim);
      return ignoredLoss(sim, k, x);
    }
    d.killAt = now + spec.notice;
    sim.schedule(d.killAt, EventKind.Decommission, k * CODES + Code.Kill, false);
    return [];
  }
  const e = sim.cluster.own(x);
  const migrating = conf.storage && (conf.shuffleBlocks || conf.rddBlocks);
  const d = new Decommissioning(now, new ShuffleMigration(x, k, sim.file.seed, migrating && conf.shuffleBlocks),
    new RddMigration(x, k, sim.file.seed, migrating && conf.rddBlocks), migrating);
  f.decom = d;
  f.exec = x;
  f.reason = LossReason.Decommissioned;
  sim.cluster.decommission(e);
  for (const tsm of sim.scheduler.taskSets) tsm.recomputeLocality();
  const force = conf.forceKillTimeout !== undefined ? now + conf.forceKillTimeout : Infinity;
  const notice = spec.notice !== undefined ? now + spec.notice : Infinity;
  d.killAt = Math.min(force, notice);
  d.forced = force < notice;
  if (d.killAt < Infinity) sim.schedule(d.killAt, EventKind.Decommission, k * CODES + Code.Kill, false);
  if (migrating) {
    round(sim, k, d);
    d.rdd.round(sim);
    scheduleRdd(sim, k, d);
  }
  sim.schedule(now + CHECK_MS, EventKind.Decommission, k * CODES + Code.Check, false);
  sim.scheduler.offerAll(now); // executorDecommission ends with backend.reviveOffers()
  return [];
}

/** A Decommission event: arg = fault * CODES + code. */
export function decommissionEvent(sim: Simulation, arg: number): void {
  const k = Math.floor(arg / CODES);
  const code = arg - k * CODES;
  const f = sim.faults[k];
  const d = f.decom!;
  const e = sim.cluster.executors[f.exec];
  if (e.state !== ExecState.Alive) return; // it exited or was killed: its threads are gone
  if (code === Code.Kill) return kill(sim, k, d);
  if (code === Code.Round) {
    if (sim.now === d.nextRound) round(sim, k, d);
    return;
  }
  if (code === Code.Check) return check(sim, k, d);
  if (code === Code.Rdd) return rddEvent(sim, k, d);
  d.shuffle.wake(sim, code - THREAD);
}

/** The RDD thread's event: its upload ends, or its next round starts. */
function rddEvent(sim: Simulation, k: number, d: Decommissioning): void {
  const r = d.rdd;
  if (sim.now === r.uploadEnd) {
    r.uploaded(sim);
    scheduleRdd(sim, k, d);
  } else rddRoundIfDue(sim, k, d); // (if not, an event made stale by an earlier one at the same time)
}

/** The RDD thread's next round, if it is due now (nextRound is -1 while an upload is under way and once the thread stops). */
function rddRoundIfDue(sim: Simulation, k: number, d: Decommissioning): void {
  if (sim.now !== d.rdd.nextRound) return;
  d.rdd.round(sim);
  scheduleRdd(sim, k, d);
}

function scheduleRdd(sim: Simulation, k: number, d: Decommissioning): void {
  const r = d.rdd;
  const t = r.uploadEnd >= 0 ? r.uploadEnd : r.stopped ? -1 : r.nextRound;
  if (t >= 0) sim.schedule(t, EventKind.Decommission, k * CODES + Code.Rdd, false);
}

/** One round of the shuffle refresh runnable (shuffleBlockMigrationRefreshRunnable: it runs while shuffle migration is on). */
function round(sim: Simulation, k: number, d: Decommissioning): void {
  if (d.shuffle.stopped) return;
  d.shuffle.refresh(sim);
  d.lastRound = sim.now;
  d.nextRound = sim.now + sim.file.conf.decommission.reattemptInterval;
  if (!d.shuffle.stopped) sim.schedule(d.nextRound, EventKind.Decommission, k * CODES + Code.Round, false);
}

/** The shutdown thread's check (CoarseGrainedExecutorBackend.scala:350-377). */
function check(sim: Simulation, k: number, d: Decommissioning): void {
  // (a round due now runs first: its thread woke with this one)
  if (sim.now === d.nextRound) round(sim, k, d);
  rddRoundIfDue(sim, k, d);
  const e = sim.cluster.executors[d.shuffle.exec];
  const log = sim.log;
  if (e.running.some((a) => log.status[a] === Status.Running)) {
    d.lastTaskRunning = sim.now;
  } else if (!d.migrating || migrationDone(d)) {
    return leave(sim, k, d, d.migrating ? 'migrated' : 'idle', sim.now);
  }
  sim.schedule(sim.now + CHECK_MS, EventKind.Decommission, k * CODES + Code.Check, false);
}

/** BlockManagerDecommissioner.lastMigrationInfo (412-432), compared with the last time a task was seen running. */
function migrationDone(d: Decommissioning): boolean {
  const rdd = d.rdd;
  const shuffle = d.shuffle;
  if (rdd.stopped && shuffle.stopped) return true; // (Long.MaxValue, true)
  const last = !rdd.stopped && !shuffle.stopped ? Math.min(rdd.lastRound, d.lastRound) : !shuffle.stopped ? d.lastRound : rdd.lastRound;
  const blocksMigrated = (!shuffle.left || shuffle.stopped) && (!rdd.left || rdd.stopped);
  return blocksMigrated && last > d.lastTaskRunning;
}

/** The notice ends (or forceKillTimeout): the process dies with its running tasks and unmigrated outputs. */
function kill(sim: Simulation, k: number, d: Decommissioning): void {
  const f = sim.faults[k];
  if (d.exit === 'ignored') {
    d.exitAt = sim.now;
    d.lostOutputs = d.shuffle.outputsHere(sim);
    const steps = ignoredLoss(sim, k, f.exec);
    f.stopped.push(...sim.cluster.executors[f.exec].running);
    for (let s = 0; s < steps.length; s += 2) sim.schedule(steps[s], EventKind.ExecutorLost, k * 4 + steps[s + 1], false);
    return;
  }
  sim.cluster.setState(sim.cluster.own(f.exec), ExecState.Crashed);
  leave(sim, k, d, d.forced ? 'force-killed' : 'killed', sim.now + reportDelay(sim));
}

/** The executor is gone at `now`; the driver removes it at `removedAt` (ExecutorDecommission). */
function leave(sim: Simulation, k: number, d: Decommissioning, exit: DecommissionExit, removedAt: number): void {
  const e = sim.cluster.own(d.shuffle.exec);
  const f = sim.faults[k];
  d.exit = exit;
  d.exitAt = sim.now;
  d.lostOutputs = d.shuffle.outputsHere(sim);
  e.lostAt = sim.now;
  f.execs = [e.idx];
  f.stopped.push(...e.running); // (a kill's running tasks; an exit has none)
  if (exit === 'migrated' || exit === 'idle') sim.cluster.setState(e, ExecState.Crashed); // (the process has exited)
  sim.schedule(removedAt, EventKind.ExecutorLost, k * 4 + LossPart.Full, false);
}

/** How long the cluster manager takes to report a killed executor's exit (the crash path's delay). */
function reportDelay(sim: Simulation): number {
  const manager = managerOf(sim.file);
  const c = sim.file.cluster;
  if (manager === 'kubernetes') return c.podEventDelay ?? 0;
  if (manager === 'yarn') return c.lossReasonDelay ?? LOSS_REASON_DEFAULT_MS.yarn;
  const report = c.lossReasonDelay === undefined ? LOSS_REASON_DEFAULT_MS.standalone : c.lossReasonDelay;
  return report === null ? sim.file.conf.executorRemoveDelay : report;
}

/** The notice ignored: at its end the cluster manager takes the executor, a crash with an external cause. */
function ignoredLoss(sim: Simulation, k: number, x: number): number[] {
  const f = sim.faults[k];
  return beginLoss(sim.cluster, sim.file, sim.spark, f, x, sim.now, { ...f.spec, kind: 'crash', cause: 'external' });
}
