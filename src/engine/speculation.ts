// Speculative execution (`spark.speculation`), after Spark 3.5.0's
// core/src/main/scala/org/apache/spark/scheduler/TaskSchedulerImpl.scala (the check thread,
// 237-241; checkSpeculatableTasks, 1012-1019) and TaskSetManager.scala (checkSpeculatableTasks
// 1183-1217, checkAndSubmitSpeculatableTasks 1116-1176, dequeueTaskHelper 365-411,
// dequeueTaskFromList 309-333, handleSuccessfulTask 811-828), with Spark 2.2's rules where they
// differ (2.2 TaskSetManager.checkSpeculatableTasks and dequeueSpeculativeTask).
//
// Every `interval` from the start (scheduleWithFixedDelay; 2.2 scheduleAtFixedRate: the same
// instants, the check takes no time) each task set marks its running tasks that have a single
// copy and have run longer than the threshold; if any was marked the backend revives offers.
// A marked task gets a copy through the task set's locality levels after its regular tasks, never
// on a host where the task set already ran an attempt of it; the first success kills the other
// copy. A copy is what rescues a task stuck on a hung executor before the heartbeat timeout; a
// re-run waiting for a local slot is not running, so speculation never copies it.
import { Status } from './attemptLog';
import { ExecState, type Cluster } from './cluster';
import { EventKind } from './eventQueue';
import { IntList } from './intList';
import { ANY, NODE_LOCAL, NO_PREF, PROCESS_LOCAL, RACK_LOCAL } from './locality';
import type { Simulation } from './simulation';
import { PendingLists, type TaskSetManager } from './taskSetManager';
import { holds, isRerun, isRunning, isSuccessful, localityOn, nextAttempt, Pref, readyAtOf, StageKind, TaskState, UNCOUNTED, type Stage } from './workload';

/** attempt flag: a speculative copy (TaskInfo.speculative) */
export const SPECULATIVE = 32;

/** The speculation check of the run (TaskSchedulerImpl's speculation thread). */
export class Speculation {
  readonly interval: number;
  private readonly multiplier: number;
  private readonly quantile: number;
  /** MIN_TIME_TO_SPECULATION: spark.speculation.minTaskRuntime (2.2: a fixed 100 ms) */
  private readonly minTime: number;
  /** spark.speculation.task.duration.threshold, when set and > 0 (3.x) */
  private readonly durationThreshold: number;
  /** slots of one executor as the default resource profile sees them (speculationTasksLessEqToSlots) */
  private readonly profileSlots: number;

  constructor(sim: Simulation) {
    const s = sim.file.conf.speculation;
    // a period <= 0 makes the ScheduledExecutorService refuse to start (the format reports it, SJ160)
    this.interval = Math.max(1, s.interval);
    this.multiplier = s.multiplier;
    this.quantile = s.quantile;
    this.minTime = s.minTaskRuntime;
    this.durationThreshold = sim.is35 && s.durationThreshold !== undefined && s.durationThreshold > 0 ? s.durationThreshold : -1;
    // ResourceProfile.maxTasksPerExecutor: spark.executor.cores / spark.task.cpus when the cores are
    // known (the key is set, or the master is YARN or Kubernetes, where it defaults to 1); else 1
    // (SPARK-30417: standalone executors take every core of their worker).
    const conf = sim.file.conf;
    const manager = sim.file.cluster.manager ?? 'standalone';
    const cores = conf.executorCores ?? (manager === 'standalone' ? undefined : 1);
    this.profileSlots = cores === undefined ? 1 : Math.max(1, Math.floor(cores / conf.taskCpus));
    sim.queue.push(this.interval, EventKind.SpeculationTick);
  }

  /** The state of a new task set (none for a receiver: its task runs until the end by design). */
  taskSet(tsm: TaskSetManager, is35: boolean): SpeculativeTasks | null {
    if (tsm.stage.kind === StageKind.Receiver) return null;
    const n = tsm.numPartitions;
    // 3.x: max(floor(quantile x numTasks), 1); 2.2: floor(quantile x numTasks) and tasksSuccessful > 0
    const minFinished = Math.max(Math.floor(this.quantile * n), 1);
    return new SpeculativeTasks(tsm.stage.numTasks, minFinished, is35, tsm.cluster);
  }

  /** TaskSchedulerImpl.checkSpeculatableTasks: every task set, then reviveOffers if one marked a task. */
  tick(sim: Simulation): void {
    const now = sim.now;
    let found = false;
    for (const tsm of sim.scheduler.taskSets) {
      if (tsm.spec !== null && this.check(sim, tsm, tsm.spec, now)) found = true;
    }
    if (found) sim.scheduler.offerAll(now);
    sim.queue.push(now + this.interval, EventKind.SpeculationTick);
  }

  /** TaskSetManager.checkSpeculatableTasks (3.5.0 1183-1217; 2.2 without the duration threshold). */
  private check(sim: Simulation, tsm: TaskSetManager, spec: SpeculativeTasks, now: number): boolean {
    const n = tsm.numPartitions;
    if (tsm.zombie || (n === 1 && this.durationThreshold < 0)) return false;
    if (spec.is35) {
      // numSuccessfulTasks = successfulTaskDurations.size()
      if (spec.durations.length >= spec.minFinished) {
        return this.mark(sim, tsm, spec, now, Math.max(this.multiplier * spec.percentile(), this.minTime));
      }
      if (this.durationThreshold >= 0 && n <= this.profileSlots) return this.mark(sim, tsm, spec, now, this.durationThreshold);
      return false;
    }
    // 2.2: tasksSuccessful >= floor(quantile x numTasks) && tasksSuccessful > 0, the true median
    const successful = n - tsm.remaining;
    if (successful < Math.floor(this.quantile * n) || successful === 0 || spec.durations.length === 0) return false;
    return this.mark(sim, tsm, spec, now, Math.max(this.multiplier * spec.median(), this.minTime));
  }

  /**
   * checkAndSubmitSpeculatableTasks: each running task with one copy, not yet speculatable, that
   * has run strictly longer than the threshold. Spark walks runningTasksSet (a HashSet of task
   * ids); the order only decides which copy an offer takes first, and launch order stands for it.
   */
  private mark(sim: Simulation, tsm: TaskSetManager, spec: SpeculativeTasks, now: number, threshold: number): boolean {
    const stage = tsm.stage;
    const log = sim.log;
    const candidates: number[] = [];
    for (let k = 0; k < tsm.numPartitions; k++) {
      const i = tsm.partitionAt(k);
      const a = spec.first[i];
      if (a < 0 || isSuccessful(stage, i) || spec.copy[i] >= 0 || spec.marked[i] !== 0) continue;
      if (now - log.launch[a] > threshold) candidates.push(a);
    }
    if (candidates.length === 0) return false;
    candidates.sort((x, y) => x - y);
    for (const a of candidates) spec.markSpeculatable(tsm, log.task[a], now);
    return true;
  }

  /**
   * handleSuccessfulTask's part before the DAGScheduler handles attempt `a`'s success: its
   * duration joins successfulTaskDurations, and the other running copy is returned (-1: none), to
   * be killed after (its StatusUpdate(KILLED) comes after the success is handled).
   */
  succeeded(sim: Simulation, stage: Stage, i: number, a: number): number {
    const tsm = sim.tsmOf.get(stage);
    const current = tsm !== undefined && tsm.spec !== null && sim.log.stageAttempt[a] === tsm.attemptNo;
    const other = current ? this.otherCopy(tsm, i, a) : -1;
    if (current) tsm.spec!.succeeded(sim.now - sim.log.launch[a]);
    return other;
  }

  /** The other running copy of partition i when attempt `a` of the current task set ends (-1: none). */
  private otherCopy(tsm: TaskSetManager | undefined, i: number, a: number): number {
    const spec = tsm?.spec;
    if (!spec || spec.copy[i] < 0) return -1;
    if (spec.first[i] === a) return spec.copy[i];
    return spec.copy[i] === a ? spec.first[i] : -1;
  }

  /**
   * handleSuccessfulTask kills the other running attempts (killTask, "another attempt
   * succeeded"). A live executor answers StatusUpdate(KILLED): its slot is freed and offered at
   * once (makeOffers(executorId)). A hung or dead executor never gets the message: the attempt
   * keeps its slot until the executor is removed, when TaskSetManager.executorLost fails it
   * (ExecutorLostFailure) and, its partition being successful, does not re-run it.
   */
  kill(sim: Simulation, a: number): void {
    const e = sim.cluster.executors[sim.log.exec[a]];
    if (e.state !== ExecState.Alive || sim.log.status[a] !== Status.Running) return;
    sim.log.status[a] = Status.Killed;
    sim.log.end[a] = sim.now;
    sim.release(a);
    sim.scheduler.offerOne(e.idx, sim.now);
  }
}

/**
 * A launch of a task set with speculation on (Simulation.launch): a speculative copy is flagged and
 * ready since it was marked (not a re-run); a second copy is UNCOUNTED, the task's Running bit
 * standing for the first (copiesRunning 2). Returns the attempt.
 */
export function launchWithSpeculation(sim: Simulation, tsm: TaskSetManager, i: number, x: number, lane: number,
  locality: number, reserved: boolean, duration: number, flags: number): number {
  const spec = tsm.spec!;
  const stage = tsm.stage;
  const speculative = !reserved && tsm.lastSpeculative;
  if (speculative) flags |= SPECULATIVE;
  else if (isRerun(stage, i)) flags |= 1;
  const first = !isRunning(stage, i);
  const a = sim.log.add(tsm.stageRef, i, tsm.attemptNo, nextAttempt(stage, i), x, lane, speculative ? spec.markedAt[i] : readyAtOf(stage, i),
    sim.now, sim.now + duration, locality, first ? flags : flags | UNCOUNTED);
  if (first) {
    stage.taskState[i] |= TaskState.Running;
    spec.first[i] = a;
    tsm.markLaunched(i);
  } else spec.copy[i] = a;
  spec.tried(i, sim.cluster.executors[x].host);
  return a;
}

/**
 * Attempt `a` of partition i stops running; the task's Running bit then stands for the other
 * running copy, if any. Returns whether `a` was a running attempt of the stage's current task set.
 * (Without speculation the bit's test written out: small enough for V8 to inline it into
 * taskSucceeded, which a call to holds() and the copies' case were not, issue #17.)
 */
export function attemptEnded(sim: Simulation, stage: Stage, i: number, a: number): boolean {
  if (sim.speculation !== null) return copyEnded(sim, stage, i, a);
  if ((stage.taskState[i] & TaskState.Running) === 0 || (sim.log.flags[a] & UNCOUNTED) !== 0) return false; // (holds)
  stage.taskState[i] &= ~TaskState.Running;
  return true;
}

/** attemptEnded with speculation on: the current task set's other copy, if any, becomes the one counted. */
function copyEnded(sim: Simulation, stage: Stage, i: number, a: number): boolean {
  const spec = sim.tsmOf.get(stage)?.spec ?? null;
  if (holds(stage, i, sim.log.flags[a])) {
    if (spec === null || spec.copy[i] < 0) {
      stage.taskState[i] &= ~TaskState.Running;
      if (spec !== null) spec.first[i] = -1;
    } else {
      const c = spec.copy[i];
      sim.log.flags[c] &= ~UNCOUNTED;
      spec.first[i] = c;
      spec.copy[i] = -1;
    }
    return true;
  }
  if (spec === null || spec.copy[i] !== a) return false;
  spec.copy[i] = -1;
  return true;
}

/**
 * One task set's speculation state: TaskSetManager.speculatableTasks, pendingSpeculatableTasks
 * (3.x), each partition's running copies (the first, which its Running bit stands for, and the
 * second: copiesRunning), the hosts of its attempts (taskAttempts, for hasAttemptOnHost) and
 * successfulTaskDurations.
 */
export class SpeculativeTasks {
  /**
   * per partition: its running attempt of this task set that the task's Running bit stands for
   * (the first copy; the other one when the first ended), -1
   */
  readonly first: Int32Array;
  /** per partition: the running speculative copy (or the original, when the copy ran first), -1 */
  readonly copy: Int32Array;
  /** speculatableTasks */
  readonly marked: Uint8Array;
  count = 0;
  /** when each partition was last marked: its copy's readyAt */
  readonly markedAt: Float64Array;
  /** 2.2: speculatableTasks in the order dequeueSpeculativeTask walks it (ascending index) */
  private set: number[] = [];
  /** 3.x pendingSpeculatableTasks, as the regular pending lists */
  readonly forExecutor: PendingLists;
  readonly forHost: PendingLists;
  readonly forRack: PendingLists;
  readonly noPrefs = IntList.sized();
  readonly all = IntList.sized();
  /** hosts each partition ran an attempt on in this task set */
  private readonly hosts = new Map<number, number[]>();
  /** successfulTaskDurations, sorted */
  readonly durations: number[] = [];

  constructor(numTasks: number, readonly minFinished: number, readonly is35: boolean, cluster: Cluster) {
    this.first = new Int32Array(numTasks).fill(-1);
    this.copy = new Int32Array(numTasks).fill(-1);
    this.marked = new Uint8Array(numTasks);
    this.markedAt = new Float64Array(numTasks);
    this.forExecutor = new PendingLists(cluster.executors.length);
    this.forHost = new PendingLists(cluster.hostNames.length);
    this.forRack = new PendingLists(cluster.rackNames.length);
  }

  /** PercentileHeap(0.5).percentile (3.x): sorted(floor(size / 2)). */
  percentile(): number {
    return this.durations[this.durations.length >> 1];
  }

  /** MedianHeap.median (2.2): the middle one, or the mean of the two middle ones. */
  median(): number {
    const d = this.durations;
    const m = d.length >> 1;
    return d.length % 2 === 1 ? d[m] : (d[m - 1] + d[m]) / 2;
  }

  succeeded(duration: number): void {
    const d = this.durations;
    let lo = 0;
    let hi = d.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d[mid] <= duration) lo = mid + 1;
      else hi = mid;
    }
    d.splice(lo, 0, duration);
  }

  /** An attempt of partition i launched on `host` (taskAttempts). */
  tried(i: number, host: number): void {
    const list = this.hosts.get(i);
    if (list === undefined) this.hosts.set(i, [host]);
    else if (!list.includes(host)) list.push(host);
  }

  hasAttemptOnHost(i: number, host: number): boolean {
    const list = this.hosts.get(i);
    return list !== undefined && list.includes(host);
  }

  /** Marked (speculatableTasks += index) and, in 3.x, addPendingTask(index, speculatable = true). */
  markSpeculatable(tsm: TaskSetManager, i: number, now: number): void {
    this.marked[i] = 1;
    this.count++;
    this.markedAt[i] = now;
    if (!this.is35) {
      let k = this.set.length;
      while (k > 0 && this.set[k - 1] > i) k--;
      this.set.splice(k, 0, i);
      return;
    }
    const c = tsm.cluster;
    const prefs = tsm.prefsOf(i);
    for (let p = 0; p < prefs.length; p++) {
      const kind = prefs[p] & 3;
      const x = prefs[p] >> 2;
      if (kind === Pref.EXEC) {
        this.forExecutor.push(x, i);
        const h = c.executors[x].host;
        this.forHost.push(h, i);
        if (c.hostRack[h] >= 0) this.forRack.push(c.hostRack[h], i);
      } else if (kind === Pref.HOST) {
        this.forHost.push(x, i);
        if (c.hostRack[x] >= 0) this.forRack.push(c.hostRack[x], i);
      } else this.forRack.push(x, i);
    }
    if (prefs.length === 0) this.noPrefs.push(i);
    this.all.push(i);
  }

  private unmark(i: number): void {
    if (this.marked[i] === 0) return;
    this.marked[i] = 0;
    this.count--;
    if (!this.is35) this.set.splice(this.set.indexOf(i), 1);
  }

  /** Marked tasks whose copy has not started and that have not succeeded (the allocation manager's pending speculative tasks). */
  pendingCopies(stage: Stage): number {
    let n = 0;
    for (let i = 0; i < this.marked.length; i++) if (this.marked[i] !== 0 && !isSuccessful(stage, i)) n++;
    return n;
  }

  /** copiesRunning(i) */
  copies(stage: Stage, i: number): number {
    return (isRunning(stage, i) ? 1 : 0) + (this.copy[i] >= 0 ? 1 : 0);
  }

  /** Something for dequeueTask's speculative half to look at (3.x isSchedulable, hasPendingTasks). */
  hasPending(): boolean {
    return this.is35 ? this.all.length > 0 : this.count > 0;
  }

  /**
   * The speculative half of dequeueTask, after the regular tasks: a marked task for `exec` at
   * most at `maxLocality`, or -1. Sets tsm.lastLocality.
   */
  dequeue(tsm: TaskSetManager, exec: number, maxLocality: number): number {
    return this.is35 ? this.dequeue35(tsm, exec, maxLocality) : this.dequeue22(tsm, exec, maxLocality);
  }

  /** 3.x dequeueTaskHelper(speculative = true) over pendingSpeculatableTasks. */
  private dequeue35(tsm: TaskSetManager, exec: number, maxLocality: number): number {
    const c = tsm.cluster;
    const host = c.executors[exec].host;
    let i = this.fromList(tsm, host, this.forExecutor.get(exec));
    if (i >= 0) return found(tsm, i, PROCESS_LOCAL);
    if (maxLocality >= NODE_LOCAL) {
      i = this.fromList(tsm, host, this.forHost.get(host));
      if (i >= 0) return found(tsm, i, NODE_LOCAL);
    }
    if (maxLocality >= NO_PREF) {
      i = this.fromList(tsm, host, this.noPrefs);
      if (i >= 0) return found(tsm, i, PROCESS_LOCAL);
    }
    if (maxLocality >= RACK_LOCAL && c.hostRack[host] >= 0) {
      i = this.fromList(tsm, host, this.forRack.get(c.hostRack[host]));
      if (i >= 0) return found(tsm, i, RACK_LOCAL);
    }
    if (maxLocality >= ANY) {
      i = this.fromList(tsm, host, this.all);
      if (i >= 0) return found(tsm, i, ANY);
    }
    return -1;
  }

  /**
   * dequeueTaskFromList(speculative = true): from the end, an entry whose task ran on this host is
   * skipped and kept; any other is removed, and returned when its task is not successful and has
   * at most one copy running (speculatableTasks -= index).
   */
  private fromList(tsm: TaskSetManager, host: number, list: IntList | undefined): number {
    if (list === undefined) return -1;
    const stage = tsm.stage;
    for (let off = list.length - 1; off >= 0; off--) {
      const data = list.data;
      const i = data[off];
      if (this.hasAttemptOnHost(i, host)) continue;
      data.copyWithin(off, off + 1, list.length);
      list.length--;
      if (!isSuccessful(stage, i) && this.copies(stage, i) <= 1) {
        this.unmark(i);
        return i;
      }
    }
    return -1;
  }

  /**
   * 2.2 dequeueSpeculativeTask: speculatableTasks.retain(!successful), then for each level (the
   * executor's cached blocks always; host, no preference, rack and any as far as allowed) the
   * first marked task that never ran on this host and matches the level.
   */
  private dequeue22(tsm: TaskSetManager, exec: number, maxLocality: number): number {
    const stage = tsm.stage;
    for (const i of [...this.set]) if (isSuccessful(stage, i)) this.unmark(i);
    if (this.count === 0) return -1;
    const c = tsm.cluster;
    const host = c.executors[exec].host;
    const levels = [PROCESS_LOCAL, NODE_LOCAL, NO_PREF, RACK_LOCAL, ANY];
    for (const level of levels) {
      if (level > maxLocality && level !== PROCESS_LOCAL) break;
      if (level === RACK_LOCAL && c.hostRack[host] < 0) continue;
      for (const i of this.set) {
        if (this.hasAttemptOnHost(i, host)) continue;
        const prefs = tsm.prefsOf(i);
        const best = prefs.length === 0 ? -1 : localityOn(c, prefs, exec);
        const match = level === ANY || (level === NO_PREF ? best < 0 : best >= 0 && best <= level);
        if (match) {
          this.unmark(i);
          return found(tsm, i, level === NO_PREF ? PROCESS_LOCAL : level);
        }
      }
    }
    return -1;
  }
}

function found(tsm: TaskSetManager, i: number, locality: number): number {
  tsm.lastLocality = locality;
  tsm.lastSpeculative = true;
  return i;
}
