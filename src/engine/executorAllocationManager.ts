// Dynamic allocation (`spark.dynamicAllocation.enabled`): Spark 3.5.0's ExecutorAllocationManager
// (core/src/main/scala/org/apache/spark/ExecutorAllocationManager.scala, "EAM" below), its
// ExecutorMonitor (scheduler/dynalloc/ExecutorMonitor.scala, "EM") and the cluster manager that
// keeps the executors at the target (YarnAllocator, ExecutorPodsAllocator, the standalone Master).
//
// - Every 100 ms from the start (EAM:153 intervalMillis, scheduleWithFixedDelay(0, 100) at :202)
//   `schedule` (EAM:337-348): the idle executors past their timeout, then the target, then removals.
// - The target (EAM:361-389, addExecutors :499-525): while tasks are backlogged, from addTime on
//   (backlog start + schedulerBacklogTimeout, EAM:618-624; after a request, + the sustained
//   timeout, :452) the target becomes max(target, executors) + numExecutorsToAdd, capped by the
//   executors needed, ceil((pending + running tasks) x ratio / slots per executor) (:271-308), and
//   by min/max; numExecutorsToAdd doubles when the whole step was granted (:445-450). When fewer are
//   needed the target drops to max(needed, min) (:490-495). Nothing moves while `initializing`
//   (until a stage is submitted or an idle timeout passes, :339, :363, :686).
// - The listener's events (stage submitted, task start, task end...) are read from the run's state
//   at each tick instead of being pushed at each event (no work on the per-launch path): a backlog
//   that starts between two ticks starts addTime at the next tick, which gives the same request
//   tick since the backlog timeouts are whole seconds (Spark reads them in seconds), and a backlog
//   that comes and goes between two ticks is not seen (Spark's addTime is reset by it as well).
// - Idle executors (EM:109-141, Tracker.updateTimeout :563-589): no running task since idleStart;
//   deadline = idleStart + max(executorIdleTimeout, cachedExecutorIdleTimeout if it holds cached
//   blocks, shuffleTracking.timeout if it holds shuffle data); never while it holds shuffle data of
//   a running job. Removed in id order (Strings: "10" before "2") unless that goes below
//   minExecutors or the target (EAM:536-571); a release kills the executor: nothing is lost, no
//   fault (executorRelease.ts).
// - The cluster manager: executors registered and not released, plus requests not yet registered,
//   are kept equal to the target at every tick (YarnAllocator.updateResourceRequests: missing =
//   target - pending - running; a lower target cancels requests not yet granted). A lost executor
//   counts until the driver removes it, so its replacement is asked for at the first tick after
//   the loss is known. A request registers `cluster.newExecutorDelay` later (the manager's default:
//   format/clusterManager.ts) and is offered the pending tasks at once (simulation.executorRegistered).
// The executors of `cluster.executors` are what the cluster manager starts for the application:
// they count as requested from the start (joinAt: when they register) and are never cancelled.
import { NEW_EXECUTOR_DEFAULT_MS } from '../format/clusterManager';
import type { ExecutorSpec } from '../format/model';
import { Status } from './attemptLog';
import { ExecState, type Executor } from './cluster';
import { EventKind } from './eventQueue';
import { releaseExecutor, scheduleReleases } from './executorRelease';
import { managerOf } from './schedulerBackend';
import type { Simulation } from './simulation';
import { SPECULATIVE } from './speculation';
import { codeAt, codeCount, prefFrom, Pref } from './workload';

/** EAM:153: the polling loop's interval */
export const ALLOCATION_INTERVAL_MS = 100;
const NOT_SET = -1;

export class ExecutorAllocationManager {
  target: number;
  numExecutorsToAdd = 1;
  addTime = NOT_SET;
  initializing = true;
  readonly delay: number;
  /** requests of this manager not registered yet (executor indices), oldest first */
  readonly requested: number[] = [];
  /** requests cancelled before they registered */
  private readonly cancelled = new Set<number>();
  /** executors that hold cached blocks (a task names them in `prefer: exec:ID`, or a decommission replicated one there) */
  readonly cached: Set<number>;
  /** shuffle tracking: per executor, the map stages it wrote outputs of, checked when it went idle at `idleStart` */
  private readonly shuffleOf = new Map<number, { idleStart: number; stages: number[] }>();
  private readonly template: ExecutorSpec;
  /** a fork's reservation by executor index (Simulation.reserveSlots), which replaces the file's */
  forkReserved: Map<number, number> | null = null;
  private readonly slotsPerExecutor: number;

  constructor(sim: Simulation) {
    const da = sim.file.conf.dynamicAllocation;
    this.target = da.initialExecutors;
    this.delay = sim.file.cluster.newExecutorDelay ?? NEW_EXECUTOR_DEFAULT_MS[managerOf(sim.file)];
    this.template = sim.file.cluster.executors[0];
    const cores = sim.file.conf.executorCores ?? this.template.cores;
    this.slotsPerExecutor = Math.max(1, Math.floor(cores / sim.file.conf.taskCpus));
    this.cached = new Set();
    for (const s of sim.stages) {
      for (let p = 0; p < codeCount(s.ownPrefData); p++) if ((codeAt(s.ownPrefData, p) & 3) === Pref.EXEC) this.cached.add(codeAt(s.ownPrefData, p) >> 2);
    }
    sim.schedule(0, EventKind.AllocationTick, 0, true);
  }

  /**
   * Schedules the executors' departures without a fault (`leaveAt`, executorRelease.ts) and, when
   * the file turns dynamic allocation on, returns this run's manager with its first tick scheduled.
   */
  static start(sim: Simulation): ExecutorAllocationManager | null {
    scheduleReleases(sim);
    return sim.file.conf.dynamicAllocation.enabled ? new ExecutorAllocationManager(sim) : null;
  }

  /** The manager's events: a requested executor registers, or the 100 ms tick (arg 1: only a marker, see setAddTime). */
  handle(sim: Simulation, kind: EventKind, arg: number): void {
    if (kind === EventKind.ExecutorAllocated) this.registered(sim, arg);
    else if (arg === 0) this.tick(sim);
  }

  /** A requested executor's registration is due: it registers unless the request was cancelled. */
  private registered(sim: Simulation, x: number): void {
    const k = this.requested.indexOf(x);
    if (k >= 0) this.requested.splice(k, 1);
    if (!this.cancelled.has(x)) sim.executorRegistered(x);
  }

  /** EAM.schedule (337-348), then the cluster manager's sync; the next tick in 100 ms. */
  private tick(sim: Simulation): void {
    const now = sim.now;
    const { pending, running } = this.taskCounts(sim);
    this.listen(sim, pending);
    const timedOut = this.timedOutExecutors(sim);
    if (timedOut.length > 0) this.initializing = false;
    const maxNeeded = this.maxNeeded(sim, pending, running);
    if (!this.initializing) this.updateTarget(sim, maxNeeded, now);
    if (timedOut.length > 0) this.removeExecutors(sim, timedOut);
    this.sync(sim);
    sim.schedule(now + ALLOCATION_INTERVAL_MS, EventKind.AllocationTick, 0, true);
  }

  /** addTime is set: a request may come then, so the run is not stuck until it (the tick's arg 1, counted as progress). */
  private setAddTime(sim: Simulation, at: number): void {
    this.addTime = at;
    sim.schedule(at, EventKind.AllocationTick, 1, false);
  }

  /**
   * ExecutorAllocationListener's view: pending = tasks of the active stage attempts not started
   * (or whose attempt failed) (getPendingTaskSum, EAM:889-893) plus the speculatable tasks whose
   * copy has not started (getPendingSpeculativeTaskSum, 911-913; onTaskStart 762-769 keeps copies
   * out of the started indices), running = every running attempt, copies included.
   */
  private taskCounts(sim: Simulation): { pending: number; running: number } {
    let remaining = 0;
    let speculative = 0;
    for (const tsm of sim.activeTaskSets()) {
      if (tsm.zombie) continue;
      remaining += tsm.remaining;
      if (tsm.spec !== null && tsm.spec.count > 0) speculative += tsm.spec.pendingCopies(tsm.stage);
    }
    this.pendingSpeculative = speculative;
    let running = 0;
    let startedInActive = 0;
    const log = sim.log;
    for (const e of sim.cluster.executors) {
      if (!sim.cluster.isAlive(e)) continue;
      for (const a of e.running) {
        if (log.status[a] !== Status.Running) continue;
        running++;
        const tsm = sim.taskSetOf(sim.stages[log.stage[a]]);
        if (tsm && !tsm.zombie && log.stageAttempt[a] === tsm.attemptNo && !(log.flags[a] & SPECULATIVE)) startedInActive++;
      }
    }
    return { pending: Math.max(0, remaining - startedInActive) + speculative, running };
  }

  /** onStageSubmitted / onTaskEnd(failure) -> onSchedulerBacklogged; onTaskStart with none left -> onSchedulerQueueEmpty. */
  private listen(sim: Simulation, pending: number): void {
    if (this.initializing && (sim.log.length > 0 || sim.scheduler.taskSets.length > 0)) this.initializing = false;
    if (pending > 0) {
      if (this.addTime === NOT_SET) this.setAddTime(sim, sim.now + sim.file.conf.dynamicAllocation.schedulerBacklogTimeout);
    } else {
      this.addTime = NOT_SET;
      this.numExecutorsToAdd = 1;
    }
  }

  /** maxNumExecutorsNeededPerResourceProfile (EAM:271-308), without exclusion. */
  private maxNeeded(sim: Simulation, pending: number, running: number): number {
    const needed = Math.ceil((pending + running) * sim.file.conf.dynamicAllocation.executorAllocationRatio / this.slotsPerExecutor);
    // EAM:301-307: one more for the copies' locality (a copy never runs where its original does)
    return this.slotsPerExecutor > 1 && needed === 1 && this.pendingSpeculative > 0 ? 2 : needed;
  }

  /** speculatable tasks whose copy has not started, at the last count */
  private pendingSpeculative = 0;

  /** updateAndSyncNumExecutorsTarget (EAM:361-389) with addExecutors (499-525) and doUpdateRequest (398-474). */
  private updateTarget(sim: Simulation, maxNeeded: number, now: number): void {
    const da = sim.file.conf.dynamicAllocation;
    if (maxNeeded < this.target) {
      // decrementExecutors (EAM:490-495): pending requests beyond it are cancelled by the sync
      this.target = Math.max(maxNeeded, da.minExecutors);
      this.numExecutorsToAdd = 1;
      return;
    }
    if (this.addTime === NOT_SET || now < this.addTime) return;
    if (this.target >= da.maxExecutors) {
      this.numExecutorsToAdd = 1;
      return;
    }
    const old = this.target;
    let t = Math.max(this.target, this.executorCount(sim)) + this.numExecutorsToAdd;
    t = Math.min(t, maxNeeded);
    t = Math.max(Math.min(t, da.maxExecutors), da.minExecutors);
    this.target = t;
    const delta = t - old;
    if (delta === 0) {
      // no request: addTime stays, so the next tick tries again
      this.numExecutorsToAdd = 1;
      return;
    }
    if (delta > 0) {
      this.numExecutorsToAdd = delta === this.numExecutorsToAdd ? this.numExecutorsToAdd * 2 : 1;
      this.setAddTime(sim, now + da.sustainedSchedulerBacklogTimeout);
    }
  }

  /** ExecutorMonitor.executorCount: registered and not yet removed (those being released included). */
  private executorCount(sim: Simulation): number {
    return sim.cluster.aliveCount;
  }

  /** ExecutorMonitor.timedOutExecutors (EM:109-141): idle executors past their deadline, in id order. */
  private timedOutExecutors(sim: Simulation): Executor[] {
    const da = sim.file.conf.dynamicAllocation;
    const out: Executor[] = [];
    for (const e of sim.cluster.executors) {
      if (e.state !== ExecState.Alive || e.draining || e.running.length > 0) continue;
      const idleStart = Math.max(e.addedAt, e.lastFreed);
      let timeout = da.executorIdleTimeout;
      if (this.cached.has(e.idx)) timeout = Math.max(timeout, da.cachedExecutorIdleTimeout);
      if (da.shuffleTracking) {
        const stages = this.shuffleStages(sim, e, idleStart);
        if (stages.length > 0) {
          // hasActiveShuffle: output of a job still running keeps it (EM:121, :591-611)
          if (stages.some((s) => { const job = sim.jobs[sim.stages[s].job]; return job.end === null && job.aborted === null; })) continue;
          timeout = Math.max(timeout, da.shuffleTrackingTimeout);
        }
      }
      if (idleStart + timeout <= sim.now) out.push(e);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * The map stages whose outputs the executor holds (EM.onTaskEnd: addShuffle on a successful map
   * task; read from the map output locations, so it also works with the --stats attempt log).
   */
  private shuffleStages(sim: Simulation, e: Executor, idleStart: number): number[] {
    const known = this.shuffleOf.get(e.idx);
    if (known && known.idleStart === idleStart) return known.stages; // nothing ran on it since
    const list: number[] = [];
    sim.stages.forEach((s, ref) => {
      if (s.children.length > 0 && s.outputLoc.includes(e.idx)) list.push(ref);
    });
    this.shuffleOf.set(e.idx, { idleStart, stages: list });
    return list;
  }

  /** removeExecutors (EAM:531-608): kills them unless that goes below minExecutors or the target. */
  private removeExecutors(sim: Simulation, timedOut: Executor[]): void {
    const da = sim.file.conf.dynamicAllocation;
    let total = 0;
    for (const e of sim.cluster.executors) if (sim.cluster.isAlive(e) && !e.draining) total++;
    for (const e of timedOut) {
      if (total - 1 < da.minExecutors || total - 1 < this.target) continue;
      releaseExecutor(sim, e.idx);
      total--;
    }
  }

  /**
   * The cluster manager keeps registered + requested executors at the target. An executor lost
   * counts until the loss reason reaches the driver (the fault's detection): YARN's allocator
   * learns of the completed container in the same allocate response that gives the reason
   * (YarnAllocator.processCompletedContainers), a pod's failure comes with the pod event.
   */
  private sync(sim: Simulation): void {
    let have = this.requested.length;
    for (const f of sim.faults) if (f.detectedAt === null) for (const x of f.execs) if (sim.cluster.executors[x].state === ExecState.Removed) have++;
    for (const e of sim.cluster.executors) {
      if (e.state === ExecState.Pending ? !this.cancelled.has(e.idx) && !this.requested.includes(e.idx) : sim.cluster.isAlive(e) && !e.draining) have++;
    }
    if (have < this.target) this.request(sim, this.target - have);
    // a lower target cancels the latest requests not yet granted (listed executors always come)
    for (let n = have - this.target; n > 0 && this.requested.length > 0; n--) this.cancelled.add(this.requested.pop()!);
  }

  /** Asks for `n` executors of the application's shape, registering `delay` from now. */
  private request(sim: Simulation, n: number): void {
    const k8s = managerOf(sim.file) === 'kubernetes';
    const placed = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const id = nextId(sim.cluster.executors);
      const host = k8s ? `pod-${id}` : this.placeOn(sim, placed);
      const h = sim.cluster.findHost(host);
      const rack = h !== undefined && sim.cluster.hostRack[h] >= 0 ? sim.cluster.rackNames[sim.cluster.hostRack[h]] : undefined;
      const spec: ExecutorSpec = { id, host, cores: sim.file.conf.executorCores ?? this.template.cores, joinAt: sim.now + this.delay };
      if (rack !== undefined) spec.rack = rack;
      const idx = sim.cluster.executors.length;
      const own = sim.file.recovery.reservedSlots;
      const reserved = this.forkReserved ? this.forkReserved.get(idx) ?? 0 : sim.reservedPolicy ? own.perExecutor[id] ?? own.all : 0;
      const e = sim.cluster.add(spec, id, reserved);
      this.requested.push(e.idx);
      sim.schedule(spec.joinAt, EventKind.ExecutorAllocated, e.idx, false);
    }
  }

  /**
   * YARN's locality-aware container placement, simplified: the host most wanted by the pending
   * tasks' preferences (less the slots already placed there in this request), else the host with
   * the fewest live executors; ties to the first host of the file.
   */
  private placeOn(sim: Simulation, placed: Map<number, number>): string {
    const cluster = sim.cluster;
    const wanted = new Map<number, number>();
    for (const tsm of sim.activeTaskSets()) {
      if (tsm.zombie) continue;
      const s = tsm.stage;
      for (let k = 0; k < tsm.numPartitions; k++) {
        const i = tsm.partitionAt(k);
        if (s.taskState[i] !== 0) continue; // (successful or running)
        for (let p = prefFrom(s.prefStart, i); p < prefFrom(s.prefStart, i + 1); p++) {
          const code = codeAt(s.prefData, p);
          const h = (code & 3) === Pref.HOST ? code >> 2 : (code & 3) === Pref.EXEC ? cluster.executors[code >> 2].host : -1;
          if (h >= 0) wanted.set(h, (wanted.get(h) ?? 0) + 1);
        }
      }
    }
    // the hosts the file knows: its executors' and those its tasks prefer (YARN may place a container on any)
    const hosts = cluster.hostNames.map((_, h) => h);
    let best = hosts[0];
    let bestScore = -Infinity;
    let bestLive = Infinity;
    for (const h of hosts) {
      const score = (wanted.get(h) ?? 0) - (placed.get(h) ?? 0) * this.slotsPerExecutor;
      const live = cluster.hostExecs[h].length + (placed.get(h) ?? 0) + this.requested.filter((x) => cluster.executors[x].host === h).length;
      if (score > bestScore || (score === bestScore && live < bestLive)) {
        best = h;
        bestScore = score;
        bestLive = live;
      }
    }
    placed.set(best, (placed.get(best) ?? 0) + 1);
    return cluster.hostNames[best];
  }
}

/** Executor ids go on from the highest integer id (YARN's and Kubernetes' executor id counters). */
function nextId(executors: readonly Executor[]): string {
  let max = 0;
  for (const e of executors) if (/^[0-9]+$/.test(e.id)) max = Math.max(max, Number(e.id));
  return String(max + 1);
}
