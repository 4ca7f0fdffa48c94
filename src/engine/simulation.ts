// One run of the scheduler: the event loop, CoarseGrainedSchedulerBackend's offers and revive
// ticks, the DAGScheduler's stages, and executor faults. Pure: no I/O, no clock, no Math.random.
import type { FaultSpec, JobFile, SparkVersion } from '../format/model';
import { AttemptLog, Status } from './attemptLog';
import { lanesOf, StatsLog } from './statsLog';
import { executorFault, executorLost, launchedOntoLost, rerunSucceeded } from './executorLost';
import { Cluster, ExecState } from './cluster';
import { EventKind, EventQueue } from './eventQueue';
import { releaseExecutor } from './executorRelease';
import { ExecutorAllocationManager } from './executorAllocationManager';
import { FaultAnchors } from './faultAnchors';
import { preferReducerHosts, type ReducerPrefsRecord } from './mapOutputTracker';
import { RACK_LOCAL } from './locality';
import { remoteReadMs } from './lossMeasures';
import { recoveryKnown } from './recoveryKnown';
import { Random } from './random';
import { LossPart, type LossReason } from './schedulerBackend';
import { TaskScheduler } from './taskScheduler';
import { FairSchedulableBuilder } from './schedulableBuilder';
import { appended, NONE, removeItem } from './intList';
import { TaskSetManager } from './taskSetManager';
import { TaskSetsByStage } from './taskSetsByStage';
import { attemptEnded, launchWithSpeculation, Speculation } from './speculation';
import { StreamingContext } from './streaming/streamingContext';
import { attemptsToReserve, StreamingQueryManager } from './structured/streamingQueryManager';
import { buildJobs, countFailure, failuresOf, finalStages, isRerun, JobKind, markRerun, missingParents, readyTime, relaunched, setOutputLoc, setReadyAt, StageKind, taskInput, TaskState, topoOrder, type Job, type Stage } from './workload';
import { FETCH_FAILS, FetchFailures } from './dagScheduler/fetchFailure';
import { findMissingPartitions } from './dagScheduler/findMissingPartitions';
import { decommissionEvent, type Decommissioning } from './decommission';

export interface RunLimits {
  maxEvents: number;
  maxTimeMs: number;
  /** the result lists no attempts: a stats log (statsLog.ts) keeps only what the measures read */
  statsOnly?: boolean;
}

export interface FaultState {
  spec: FaultSpec;
  exec: number; // -1: the executor was not alive at `at`, nothing happened
  execs: number[]; // the executors it takes: `exec`, or all of its host's (node fault)
  reason: LossReason;
  disabledAt: number | null; // yarn, kubernetes: the disconnect (outputs dropped before the reason)
  detectedAt: number | null; // the tasks failed: the loss reason arrived
  offeredAt: number | null; // after a loss reason with no revive: the first offer round
  lostTasks: { stage: number; task: number }[];
  lowerBoundMs: number;
  /** lost tasks not yet finished again: "stage:task" */
  outstanding: Set<string>;
  /** executors alive at detection that hold a lost task's data (PROCESS_ or NODE_LOCAL) */
  holders: number[];
  /** stateful query partitions whose store was on the executor (spec "queries"): recovery work too */
  orphans: { stage: number; task: number }[];
  /** attempts the fault stopped: running on its executors at the fault, or launched onto them after */
  stopped: number[];
  decom: Decommissioning | null; // a `decommission` fault's notice, exit and migration (decommission.ts)
}

function newFault(spec: FaultSpec): FaultState {
  return { spec, exec: -1, execs: [], reason: 0, disabledAt: null, detectedAt: null, offeredAt: null, lostTasks: [], lowerBoundMs: 0, outstanding: new Set(), holders: [], orphans: [], decom: null, stopped: [] };
}

export class Simulation {
  readonly queue = new EventQueue();
  readonly log: AttemptLog;
  readonly cluster: Cluster;
  readonly jobs: Job[];
  readonly stages: Stage[] = [];
  readonly faults: FaultState[];
  readonly scheduler: TaskScheduler;
  readonly tsmOf = new TaskSetsByStage(); // each stage's latest task set (a zombie after a fetch failure, until the next attempt)
  readonly dag: FetchFailures;
  now = 0;
  events = 0;
  makespan = 0;
  reservedIdleMs = 0;
  /** input bytes read from another node (launches below NODE_LOCAL) */
  remoteReadBytes = 0;
  /** change points of "some normal slot is free": [time, 0|1, time, 0|1, ...] */
  readonly freeChanges: number[] = [];
  aborted: { job: string; reason: string }[] = NONE;
  /** reduce-side locality of each task set that reads one shuffle (mapOutputTracker.ts), in creation order */
  reducerPrefs: ReducerPrefsRecord[] = NONE;
  stopWhenRecovered = -1; // fault k: a sweep's fork stops once it has recovered, or its recovery is known (recoveryKnown.ts)
  recoveryWatch: object | null = null; // recoveryKnown.ts's watch of that fault (a field, not a WeakMap entry: read before every event of a fork)
  /** the streaming application (`streaming:`), or null */
  readonly streaming: StreamingContext | null = null;
  /** the micro-batch queries (`queries:`), or null */
  readonly queries: StreamingQueryManager | null = null;
  readonly allocation: ExecutorAllocationManager | null; readonly anchors: FaultAnchors | null; // dynamic allocation, faults tied to attempts
  /** spark.speculation's check thread, or null */
  readonly speculation: Speculation | null = null;
  /** the time the run ended (receivers still running end then) */
  endTime = 0;
  private finished = false;
  private curT = -1;
  private lastT = 0;
  private hadFree = -1;
  private unfinishedJobs: number;
  private pendingSubmits: number;
  private nonTickEvents = 0;
  private nextStageId = 0;
  private nextJobId = 0;
  private lastLaunch = 0;
  readonly is35: boolean;

  constructor(readonly file: JobFile, readonly spark: SparkVersion, public reservedPolicy: boolean,
    faults: FaultSpec[], private readonly limits: RunLimits) {
    const conf = file.conf;
    this.is35 = spark !== '2.2';
    this.dag = new FetchFailures(this.is35);
    // (speculation's fault measures read attempts from before the fault, and a decommissioned
    // executor's migration names the attempts that wrote its map outputs: the whole log then)
    this.log = limits.statsOnly && !conf.speculation.enabled && !faults.some((f) => f.kind === 'decommission')
      ? new StatsLog() : new AttemptLog();
    this.cluster = new Cluster(conf.taskCpus);
    for (const spec of file.cluster.executors) this.cluster.add(spec, spec.id, this.reservedFor(spec.id));
    this.jobs = buildJobs(file, this.cluster);
    for (const j of this.jobs) this.stages.push(...j.stages);
    this.log.reserve(this.log.compact ? lanesOf(this.cluster) : attemptsToReserve(this.stages, file.queries ?? []));
    this.unfinishedJobs = this.jobs.length;
    this.pendingSubmits = this.jobs.length;
    const legacyReset = !this.is35 || conf.legacyResetOnTaskLaunch;
    this.scheduler = new TaskScheduler(this.cluster, new Random(file.seed, 0x5eed), legacyReset, reservedPolicy,
      this, this.is35, conf.schedulerMode === 'FAIR' ? new FairSchedulableBuilder(file, spark, this.jobs) : null);
    this.faults = []; for (const f of faults) this.faults.push(newFault(f)); // (optimized map() makes holey arrays)
    for (const e of this.cluster.executors) this.push(e.addedAt, EventKind.ExecutorRegistered, e.idx);
    this.jobs.forEach((j) => j.after === undefined && this.push(j.submit, EventKind.JobSubmit, j.idx));
    this.allocation = ExecutorAllocationManager.start(this); // (and the `leaveAt` releases)
    this.anchors = FaultAnchors.schedule(this); // the faults at their times, or tied to an attempt (`during`)
    this.queue.push(0, EventKind.ReviveTick);
    if (conf.speculation.enabled) this.speculation = new Speculation(this);
    if (file.streaming && file.streaming.batches > 0) {
      this.streaming = new StreamingContext(file.streaming, this);
      this.pendingSubmits++; // the JobGenerator, until its last batch
      this.push(0, EventKind.StreamingStart);
    }
    if (file.queries && file.queries.length > 0) {
      this.queries = new StreamingQueryManager(file.queries, this);
      this.pendingSubmits += file.queries.length; // each query, until its last batch
    }
  }

  private reservedFor(id: string): number {
    if (!this.reservedPolicy) return 0;
    const r = this.file.recovery.reservedSlots;
    return r.perExecutor[id] ?? r.all;
  }

  private push(time: number, kind: EventKind, arg = 0): void {
    this.nonTickEvents++;
    if (kind === EventKind.TaskEnd && this.log.compact === true) this.log.queued(arg);
    this.queue.push(time, kind, arg);
  }

  run(): void {
    this.runUntil(Infinity, 0);
  }

  /**
   * Runs every event ordered before (stopTime, stopKind) and pauses there, so a sweep can fork
   * the fault-free run just before a fault of its own at that time. Returns true when finished.
   */
  runUntil(stopTime: number, stopKind: number): boolean {
    const q = this.queue;
    while (!this.finished) {
      if (this.stopWhenRecovered >= 0 && recoveryKnown(this, this.stopWhenRecovered)) return true;
      const t = q.peekTime();
      if (t > stopTime || (t === stopTime && q.peekKind() >= stopKind)) return false;
      if (t !== this.curT) {
        // A new instant: close the last one, then check the end and the limits.
        if ((this.curT >= 0 && this.closeInstant()) || !this.workLeft) break;
        if (t > this.limits.maxTimeMs || this.events >= this.limits.maxEvents) {
          this.abortAll(t > this.limits.maxTimeMs
            ? `simulated time passed the limit of ${this.limits.maxTimeMs} ms`
            : `the simulation passed the limit of ${this.limits.maxEvents} scheduler events`);
          break;
        }
        // Reserved slots left idle over [lastT, t): the reservation's cost.
        this.reservedIdleMs += this.cluster.totalFreeReserved * (t - this.lastT);
        this.lastT = t;
        this.curT = t;
        this.now = t;
      }
      if (this.events >= this.limits.maxEvents) {
        // also inside one instant: a run must never loop at one time without end
        this.abortAll(`the simulation passed the limit of ${this.limits.maxEvents} scheduler events`);
        break;
      }
      const kind = q.pop();
      this.events++;
      if (kind === EventKind.TaskEnd || (kind !== EventKind.ReviveTick && kind !== EventKind.BlockTick && kind !== EventKind.SpeculationTick && (kind !== EventKind.AllocationTick || q.lastArg))) this.nonTickEvents--; // (a task end first: nearly every event)
      const arg = q.lastArg;
      if (kind !== EventKind.TaskEnd) this.handleOther(kind, arg);
      else {
        this.taskEnd(arg);
        if (this.log.compact === true) this.log.popped(arg);
      }
    }
    this.finished = true;
    this.endTime = this.now;
    return true;
  }

  /** End of an instant: sample "a normal slot is free" and give up when nothing can progress. */
  private closeInstant(): boolean {
    if (this.log.compact) this.log.flush(this);
    const hasFree = this.cluster.totalFreeSlots > 0 ? 1 : 0;
    if (hasFree !== this.hadFree) {
      this.freeChanges.push(this.curT, hasFree);
      this.hadFree = hasFree;
    }
    if (this.unfinishedJobs > 0 && this.nonTickEvents === 0 && this.stuck()) {
      const receiversHoldAll = this.streaming !== null && this.cluster.aliveCount > 0 && this.cluster.totalFreeSlots === 0 &&
        this.cluster.executors.every((e) => !this.cluster.isAlive(e) || e.running.every((a) => this.stages[this.log.stage[a]].kind === StageKind.Receiver));
      this.abortAll(receiversHoldAll
        ? 'no free slot: receivers hold every slot of the live executors (reference sec. 5.3)'
        : this.cluster.executors.some((e) => e.slots > 0)
        ? 'no live executor is left to run its tasks'
        : "no executor has a task slot (spark.task.cpus is above every executor's cores)");
      return true;
    }
    return false;
  }

  /** Every task set manager the DAG side knows, active or zombie (for forks). */
  activeTaskSets(): IterableIterator<TaskSetManager> {
    return this.tsmOf.values();
  }

  /** Adds a fault at `at` (>= now) to a paused run: the sweep's fork. Returns its index. */
  injectFault(spec: FaultSpec): number {
    const k = this.faults.length;
    this.faults.push(newFault(spec));
    this.push(spec.at, EventKind.Fault, k);
    return k;
  }

  /** Every event but a task's end: out of the loop, whose compiled code a run's first fault no longer throws away (issue #17). */
  private handleOther(kind: EventKind, arg: number): void {
    switch (kind) {
      case EventKind.Fault:
        return executorFault(this, arg);
      case EventKind.ExecutorLost:
        return executorLost(this, arg >> 2, arg & LossPart.Full);
      case EventKind.ExecutorRegistered:
        return this.executorRegistered(arg);
      case EventKind.StageResubmit: // a stage after its submitDelay, or -1: ResubmitFailedStages
        return arg < 0 ? this.dag.resubmitFailedStages(this) : this.submitStage(this.stages[arg]);
      case EventKind.JobSubmit:
        return this.jobSubmitted(arg);
      case EventKind.ReviveTick:
        this.scheduler.offerAll(this.now);
        return this.queue.push(this.now + Math.max(1, this.file.conf.reviveInterval), EventKind.ReviveTick);
      case EventKind.StreamingStart: return this.streaming!.start(this);
      case EventKind.GenerateJobs:
        return this.streaming!.generateJobs(this, arg);
      case EventKind.BlockTick: return this.streaming!.blockTick(this);
      case EventKind.QueryTrigger:
        return this.queries!.trigger(this, arg);
      case EventKind.QuerySubmit:
        return this.startJob(arg);
      case EventKind.ExecutorRelease:
        return releaseExecutor(this, arg);
      case EventKind.ExecutorAllocated: case EventKind.AllocationTick: return this.allocation!.handle(this, kind, arg);
      case EventKind.SpeculationTick:
        return this.speculation!.tick(this);
      case EventKind.Decommission: return decommissionEvent(this, arg);
    }
  }

  // ---- Streaming (src/engine/streaming) ------------------------------------------------------

  /** Schedules a streaming event; `tick` events (block ticks) do not count as progress. */
  schedule(time: number, kind: EventKind, arg: number, tick: boolean): void {
    if (tick) this.queue.push(time, kind, arg);
    else this.push(time, kind, arg);
  }

  /** A job created during the run (a batch's output, a receiver): known to the DAG side from now on. */
  addJob(job: Job): void {
    this.jobs.push(job);
    this.stages.push(...job.stages);
    if (job.kind !== JobKind.Receiver) this.unfinishedJobs++;
  }

  /** The JobGenerator has generated its last batch (or the application stopped). */
  generatorDone(): void {
    this.pendingSubmits--;
  }

  /** The streaming application stopped: jobs still queued never run. */
  stopStreamingJobs(queued: number[], reason: string): void {
    for (const j of queued) {
      const job = this.jobs[j];
      if (job.end !== null || job.aborted !== null) continue;
      job.aborted = reason;
      this.unfinishedJobs--;
    }
    for (const job of this.jobs) {
      if (job.kind === JobKind.Streaming && job.id >= 0 && job.end === null && job.aborted === null) this.abortJob(job, reason);
    }
  }

  /** Faults whose re-runs were queued with no revive, until the next offer round (executorLost.ts). */
  awaitingOffer: number[] = NONE;

  /** The first offer round after a loss reason with no revive: the re-runs' locality wait starts here. */
  firstOffer(now: number): void {
    for (const k of this.awaitingOffer) this.faults[k].offeredAt = now;
    this.awaitingOffer = NONE;
  }

  // ---- CoarseGrainedSchedulerBackend -------------------------------------------------------

  executorRegistered(x: number): void {
    const e = this.cluster.own(x);
    this.cluster.register(e, this.now);
    // TaskSchedulerImpl.resourceOffers: executorAdded -> recomputeLocality on the sets it offers
    for (const tsm of this.scheduler.taskSets) if (this.scheduler.offered(tsm)) tsm.recomputeLocality();
    // 2.2: RegisterExecutor ends with makeOffers() (all executors). 3.x: the executor gets its
    // cores on LaunchedExecutor, which offers that executor alone (makeOffers(executorId)).
    if (this.is35) this.scheduler.offerOne(x, this.now);
    else this.scheduler.offerAll(this.now);
  }

  launch(tsm: TaskSetManager, i: number, x: number, locality: number, reserved: boolean): void {
    const e = this.cluster.own(x);
    const stage = tsm.stage;
    const lane = this.cluster.takeLane(e, reserved);
    // (below RACK_LOCAL nothing is read remotely: the task's input and preferences are not looked at)
    const remote = locality < RACK_LOCAL ? 0 : remoteReadMs(this.file.network, taskInput(stage, i), locality, tsm.hasPrefs(i));
    if (remote > 0) this.remoteReadBytes += taskInput(stage, i);
    const fetchFails = stage.parents.length > 0 && this.dag.watching ? this.dag.fetchFailsAfter(this, tsm, x) : -1;
    let duration = fetchFails >= 0 ? fetchFails : stage.duration[i] + remote;
    let fails = false;
    let reload = -1;
    if (fetchFails >= 0) {
      // it fails fetching its parents' outputs first: nothing else happens
    } else if (stage.kind >= StageKind.QuerySource) {
      reload = this.queries!.launched(this, stage, i, x);
      if (reload > 0) duration += reload;
    } else if (stage.kind !== StageKind.Batch && this.streaming) {
      const d = this.streaming.launchDuration(this, stage, i, x, stage.duration[i], remote);
      duration = d.ms;
      fails = d.fails;
    }
    // flags: 1 recovery re-run, 2 reserved slot, 4 fails when it ends (a lost input block), 8 reloads a
    // state store, 16 FetchFailed (speculation.ts: 32 a speculative copy)
    const flags = (reserved ? 2 : 0) | (fails ? 4 : 0) | (reload >= 0 ? 8 : 0) | (fetchFails >= 0 ? FETCH_FAILS : 0);
    let a: number;
    if (tsm.spec !== null) a = launchWithSpeculation(this, tsm, i, x, lane, locality, reserved, duration, flags);
    else {
      const rs = stage.readySet, ready = rs.length !== 0 && (rs[i >>> 5] & (1 << (i & 31))) !== 0 ? readyTime(stage, i) : stage.readyBase; // readyAtOf, inlined
      const ls = stage.launched, w = i >>> 5, bit = 1 << (i & 31), no = (ls[w] & bit) === 0 ? 0 : relaunched(stage, i); // (nextAttempt, written out)
      a = this.log.add(tsm.stageRef, i, tsm.attemptNo, no, x, lane, ready, this.now, this.now + duration, locality, flags | ((stage.rerunSet[i >>> 5] >>> (i & 31)) & 1)); // (isRerun)
      ls[w] |= bit; stage.taskState[i] |= TaskState.Running;
      tsm.markLaunched(i);
    }
    if (e.state !== ExecState.Alive) launchedOntoLost(this, x, a);
    this.lastLaunch = this.now;
    if (tsm.pool !== null) this.scheduler.fair!.started(tsm); // (a copy counts too: runningTasksSet)
    e.running.push(a);
    if (this.anchors) duration = this.anchors.launched(this, tsm.stageRef, i, a, x, duration);
    // A hung executor accepts the launch but never reports back; a receiver runs until the end.
    if (e.state === ExecState.Alive && duration !== Infinity) this.push(this.now + duration, EventKind.TaskEnd, a);
  }

  private taskEnd(a: number): void {
    const log = this.log;
    if (log.status[a] !== Status.Running) return;
    const e = this.cluster.own(log.exec[a]);
    if (e.state !== ExecState.Alive) return;
    const flags = log.flags[a];
    if (flags & (FETCH_FAILS | 4)) {
      // (a running consumer that now fails its fetch ends at its new time, not at the old one)
      if (flags & FETCH_FAILS) return log.end[a] === this.now ? this.dag.fetchFailed(this, a) : undefined;
      return this.taskFailed(a, e.idx);
    }
    log.status[a] = Status.Success;
    this.scheduler.fair?.ended(log.stage[a], log.stageAttempt[a]);
    removeItem(e.running, a);
    this.cluster.releaseLane(e, log.lane[a], this.now);
    this.makespan = Math.max(this.makespan, this.now);
    // StatusUpdate: the backend offers the freed executor at once; the result is handled after
    // (TaskResultGetter), so the task still counts as running during this offer.
    this.scheduler.offerOne(e.idx, this.now, e);
    const stage = this.stages[log.stage[a]];
    const i = log.task[a];
    const other = this.speculation === null ? -1 : this.speculation.succeeded(this, stage, i, a);
    this.taskSucceeded(stage, i, e.idx, a);
    if (other >= 0) this.speculation!.kill(this, other);
  }

  /** An attempt that ended other than by success leaves its executor's slot and its partition. */
  release(a: number): void {
    const e = this.cluster.own(this.log.exec[a]);
    this.scheduler.fair?.ended(this.log.stage[a], this.log.stageAttempt[a]);
    removeItem(e.running, a);
    this.cluster.releaseLane(e, this.log.lane[a], this.now);
    attemptEnded(this, this.stages[this.log.stage[a]], this.log.task[a], a);
    if (this.log.compact) this.log.retire(a);
  }

  /**
   * A task failed (an input block found nowhere): TaskSetManager.handleFailedTask counts it toward
   * spark.task.maxFailures and re-queues it; the backend revives offers (reference sec. 2.5, 5.5).
   */
  private taskFailed(a: number, x: number): void {
    const log = this.log;
    log.status[a] = Status.Failed;
    this.release(a);
    // StatusUpdate offers the executor first; the failure is handled after (TaskResultGetter)
    this.scheduler.offerOne(x, this.now);
    const stage = this.stages[log.stage[a]];
    const i = log.task[a];
    const job = this.jobs[stage.job];
    if (job.aborted !== null || (stage.taskState[i] & TaskState.Successful) !== 0) return;
    const tsm = this.tsmOf.get(stage);
    if (log.stageAttempt[a] !== stage.stageAttempt || tsm?.zombie) return; // a zombie's: the next attempt runs it
    if (countFailure(stage, i) >= this.file.conf.maxFailures) {
      this.abortJob(job, `task ${stage.fullName}/${i} failed ${failuresOf(stage, i)} times ` +
        `(spark.task.maxFailures = ${this.file.conf.maxFailures}), the last with "Could not compute split, block not found"`);
      return;
    }
    // (a speculative copy still runs it: Spark re-queues it too, and drops the entry unlaunched)
    if (tsm && (stage.taskState[i] & TaskState.Running) === 0) {
      setReadyAt(stage, i, this.now);
      tsm.addPendingTask(i);
    }
    this.scheduler.offerAll(this.now);
  }

  abortJob(job: Job, reason: string): void {
    job.aborted = reason;
    this.submitFollowers(job);
    this.aborted = appended(this.aborted, { job: job.name, reason });
    if (job.kind !== JobKind.Receiver) this.unfinishedJobs--;
    for (const stage of job.stages) {
      const tsm = this.tsmOf.get(stage);
      if (tsm) {
        this.scheduler.remove(tsm);
        this.tsmOf.delete(stage);
      }
    }
    this.killRunning(job); // TaskSetManager.abort kills the job's running attempts
    if (job.kind === JobKind.Query) this.queries!.jobEnded(this, job);
    else if (job.kind !== JobKind.Batch) this.streaming?.jobEnded(this, job);
  }

  /** Kills the job's running attempts, zombie attempts' copies included. */
  private killRunning(job: Job): void {
    for (const e of this.cluster.executors) {
      for (let k = e.running.length - 1; k >= 0; k--) {
        const a = e.running[k];
        // (an attempt just lost with its executor is already ended; its list is cleared after)
        if (this.log.status[a] !== Status.Running || this.stages[this.log.stage[a]].job !== job.idx) continue;
        this.log.status[a] = Status.Killed;
        this.log.end[a] = this.now;
        this.release(a);
      }
    }
  }

  requeue(stage: Stage, i: number, f: FaultState, k: number): void {
    const tsm = this.tsmOf.get(stage)!;
    markRerun(stage, i, k);
    setReadyAt(stage, i, this.now);
    tsm.addPendingTask(i, true);
    this.addLost(f, stage, i);
  }

  /** The task set of a stage's current attempt, if one is active. */
  taskSetOf(stage: Stage): TaskSetManager | undefined {
    return this.tsmOf.get(stage);
  }

  /** Query partition i of `stage` lost its state store with fault k's executor: recovery work of k. */
  orphaned(k: number, stage: Stage, i: number): void {
    const ref = this.stages.lastIndexOf(stage);
    markRerun(stage, i, k);
    this.faults[k].orphans.push({ stage: ref, task: i });
    this.faults[k].outstanding.add(`${ref}:${i}`);
    const tsm = this.tsmOf.get(stage);
    if (tsm) {
      setReadyAt(stage, i, this.now);
      tsm.recoveryPending.push(i);
    }
  }

  addLost(f: FaultState, stage: Stage, i: number): void {
    const ref = this.stages.lastIndexOf(stage);
    f.lostTasks.push({ stage: ref, task: i });
    f.outstanding.add(`${ref}:${i}`);
  }

  // ---- DAGScheduler --------------------------------------------------------------------------

  private jobSubmitted(j: number): void {
    this.pendingSubmits--;
    this.startJob(j);
  }

  /** DAGScheduler.submitJob -> handleJobSubmitted: the job's final stages are submitted. */
  startJob(j: number): void {
    const job = this.jobs[j];
    // DAGScheduler.submitJob: job ids in submission order (the FIFO priority).
    job.id = this.nextJobId++;
    // Stage ids at job submission, parents before children.
    for (const s of topoOrder(job.stages)) s.id = this.nextStageId++;
    for (const s of job.stages) s.submitted = false;
    for (const s of finalStages(job)) this.submitStage(s);
  }

  /** Jobs with `after: JOB` (the file's, first in `jobs`) are submitted their `submit` after it ends (a driver running jobs in turn). */
  private submitFollowers(job: Job): void {
    for (let k = 0; k < this.file.jobs.length; k++) if (this.jobs[k].after === job.idx) this.push(this.now + this.jobs[k].submit, EventKind.JobSubmit, k);
  }

  /** DAGScheduler.submitStage: not while running or failed; parents first, then its missing partitions. */
  submitStage(stage: Stage): void {
    const tsm = this.tsmOf.get(stage);
    if ((tsm && !tsm.zombie) || this.dag.isFailed(stage)) return;
    const missing = missingParents(stage);
    if (missing.length > 0) {
      stage.submitted = true; // waiting for its parents
      for (const p of missing) this.submitStage(p);
      return;
    }
    if (!tsm && stage.submitDelay > 0 && !stage.delayed) {
      // the driver's own time before the first attempt's task set is submitted (event-log imports)
      stage.delayed = true;
      this.push(this.now + stage.submitDelay, EventKind.StageResubmit, this.stages.lastIndexOf(stage));
      return;
    }
    // (after a fetch failure: the new attempt replaces the zombie, whose running tasks go on)
    this.submitMissingTasks(stage);
  }

  private submitMissingTasks(stage: Stage): void {
    stage.submitted = true;
    const ref = this.stages.lastIndexOf(stage);
    if (stage.prefsAtSubmit) (stage.kind >= StageKind.QuerySource ? this.queries : this.streaming)?.fillPrefs(this, stage);
    preferReducerHosts(stage, ref, this.cluster, this.file.conf.reduceLocality, this.now, this);
    const missing = stage.numTasks - stage.numSuccessful;
    const partitions = missing === stage.numTasks ? null : new Int32Array(missing); // null: every task
    const recovering = findMissingPartitions(this, stage, partitions);
    this.tsmOf.delete(stage);
    if (missing === 0) {
      if (!stage.done) this.stageCompleted(stage);
      return;
    }
    const c = this.file.conf;
    const tsm = new TaskSetManager(stage, ref, this.jobs[stage.job].id, partitions, this.cluster,
      c.localityWait, this.is35, !this.is35 || c.legacyResetOnTaskLaunch, this.now);
    tsm.attemptNo = ++stage.stageAttempt;
    if (recovering) {
      for (let k = 0; k < missing; k++) {
        const i = tsm.partitionAt(k);
        if (isRerun(stage, i)) tsm.recoveryPending.push(i);
      }
    }
    if (this.speculation !== null) tsm.spec = this.speculation.taskSet(tsm, this.is35);
    this.tsmOf.set(stage, tsm);
    this.scheduler.submitTasks(tsm);
    this.scheduler.offerAll(this.now); // submitTasks -> backend.reviveOffers()
  }

  private taskSucceeded(stage: Stage, i: number, exec: number, a: number): void {
    attemptEnded(this, stage, i, a);
    if ((stage.taskState[i] & TaskState.Successful) !== 0 || this.jobs[stage.job].aborted !== null) return;
    stage.taskState[i] |= TaskState.Successful;
    stage.numSuccessful++;
    if (stage.kind === StageKind.QueryShuffle) this.queries!.succeeded(this, stage, i, exec);
    if ((stage.rerunSet[i >>> 5] & (1 << (i & 31))) !== 0) rerunSucceeded(this, stage, i); // (isRerun)
    if (exec > 0x7fff) setOutputLoc(stage, i, exec); else stage.outputLoc[i] = exec;
    if (stage.stageAttempt > 0 && this.log.stageAttempt[a] === stage.stageAttempt) stage.taskState[i] |= TaskState.LatestOutput;
    const tsm = this.tsmOf.get(stage);
    if (tsm !== undefined && !tsm.zombie && --tsm.remaining === 0) {
      this.scheduler.remove(tsm);
      this.tsmOf.delete(stage);
      // processShuffleMapStageCompletion: outputs of an earlier attempt lost meanwhile run in a new attempt now
      if (stage.numSuccessful < stage.numTasks) return this.submitStage(stage);
    }
    // (a zombie result stage's job ends with its last partition; a zombie map stage waits to be resubmitted)
    if (stage.numSuccessful === stage.numTasks && (!this.tsmOf.has(stage) || stage.children.length === 0)) this.stageCompleted(stage);
  }

  private stageCompleted(stage: Stage): void {
    stage.done = true;
    stage.failedAttempts = 0; // Stage.clearFailures
    this.tsmOf.delete(stage);
    for (const child of stage.children) if (child.submitted && !child.done) this.submitStage(child);
    const job = this.jobs[stage.job];
    // A job ends when its result stages are done; a parent whose outputs were lost after its
    // consumers finished is not needed again (DAGScheduler.handleTaskCompletion).
    if (job.end === null && job.aborted === null && job.stages.every((s) => s.children.length > 0 || s.done)) {
      job.end = this.now;
      // killAllTaskAttempts: copies still running in zombie attempts (2.2 lets them run on: not modelled)
      if (job.stages.some((s) => s.stageAttempt > 0)) this.killRunning(job);
      if (job.kind === JobKind.Receiver) return this.streaming!.jobEnded(this, job);
      this.submitFollowers(job);
      this.makespan = Math.max(this.makespan, this.now);
      this.unfinishedJobs--;
      if (job.kind === JobKind.Streaming) this.streaming!.jobEnded(this, job);
      else if (job.kind === JobKind.Query) this.queries!.jobEnded(this, job);
    }
  }

  /** a job not ended or a submission still to come (a streaming generator's or a query's next batch) */
  get workLeft(): boolean { return this.unfinishedJobs > 0 || this.pendingSubmits > 0; }

  /**
   * Nothing is running or due (only revive ticks remain) and no task launched for longer than
   * every locality wait together: no offer can ever place the remaining tasks.
   */
  private stuck(): boolean {
    const w = this.file.conf.localityWait;
    const patience = w.process + w.node + w.rack + 2 * Math.max(1, this.file.conf.reviveInterval);
    return this.now - this.lastLaunch > patience;
  }

  private abortAll(reason: string): void {
    for (const j of this.jobs) {
      if (j.end === null && j.aborted === null && j.kind !== JobKind.Receiver) {
        j.aborted = reason;
        this.aborted = appended(this.aborted, { job: j.name, reason });
        this.unfinishedJobs--;
      }
    }
  }
}
