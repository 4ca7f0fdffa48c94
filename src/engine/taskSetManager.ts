// TaskSetManager: delay scheduling for one stage attempt, after Spark's
// core/src/main/scala/org/apache/spark/scheduler/TaskSetManager.scala (3.5, with the 2.2 rules
// where they differ). Reference sec. 5.4; spec "Scheduling semantics".
import { type Arena, freshInts } from './arena';
import { giveSpare } from './stageBuffers';
import { ExecState, type Cluster } from './cluster';
import { IntList, NO_INTS, NONE } from './intList';
import type { Pool } from './pool';
import { ANY, NODE_LOCAL, NO_PREF, PROCESS_LOCAL, RACK_LOCAL } from './locality';
import type { SpeculativeTasks } from './speculation';
import { findTemplate, hostsOf, keepTemplate, racksOf, sameLayout, type ListsTemplate } from './taskSetTemplates';
import { codeAt, codeCount, localityOn, namesNoExecutor, prefFrom, Pref, StageKind, type FlatCodes, type PrefCodes, type Stage } from './workload';

/** a task's flags: it has a preference at each level (a const enum: numbers in the code, see Pref) */
const enum Has {
  EXEC = 1,
  HOST = 2,
  RACK = 4,
}

/** The levels of `bits` (1 << level), in Spark's order (TaskLocality's ids ascend with it). */
function levelList(bits: number): number[] {
  const levels: number[] = [];
  for (let l = PROCESS_LOCAL; l <= ANY; l++) if ((bits & (1 << l)) !== 0) levels.push(l);
  return levels;
}

/**
 * The valid levels' list of each set of them (validLevels' bits): one list for every task set with
 * those levels, never written (setLevels). A fork's loss recomputes each task set's levels, which
 * nearly always changed since the base's task set last computed them (its tasks were pending
 * then, all running now), and each fork made the same new lists again: their lists, waits and
 * the context of recomputeLocality's closure were a twentieth of the forks' runs' allocation (issue #17).
 */
const LEVEL_LISTS: readonly number[][] = Array.from({ length: 1 << (ANY + 1) }, (_, bits) => levelList(bits));

/** The waits of each list of LEVEL_LISTS, by the waits they are read from: made once, never written. */
const waitLists = new WeakMap<LocalityWaits, number[][]>();
/** entries a call of buildRacks' racksOf */
const RACK_CHUNK = 512;

function waitsOf(waits: LocalityWaits, bits: number): number[] {
  let lists = waitLists.get(waits);
  if (lists === undefined) waitLists.set(waits, (lists = []));
  let list = lists[bits];
  if (list === undefined) {
    list = [];
    for (const l of LEVEL_LISTS[bits]) list.push(l === PROCESS_LOCAL ? waits.process : l === NODE_LOCAL ? waits.node : l === RACK_LOCAL ? waits.rack : 0);
    lists[bits] = list;
  }
  return list;
}

export interface LocalityWaits {
  process: number;
  node: number;
  rack: number;
}

/**
 * Where each task set made is listed while not null (collectTaskSets): the command line keeps the
 * miniature's reachable until the real run ends (src/cli/warmUp.ts).
 */
let madeTaskSets: TaskSetManager[] | null = null;

/** Lists every task set made from now on in `into` (null: none). */
export function collectTaskSets(into: TaskSetManager[] | null): void {
  madeTaskSets = into;
}

export class TaskSetManager {
  /** tasks of this attempt: prefStart/prefData filtered of executors dead at submission (read with prefFrom) */
  private readonly prefStart: Int32Array;
  private readonly prefData: PrefCodes;
  /**
   * Per task its Has flags (flagsOf), or NO_FLAGS when `flagsAll` is every task's: a task set
   * whose tasks all have the same ones, or 0 for a later attempt of some partitions, which
   * computes them when needed (an array of n bytes each, filled for the usual scan stage, touched
   * most of its pages for a later attempt's few partitions, issue #17).
   */
  private flags: Uint8Array = NO_FLAGS;
  private flagsAll = -1;
  /** a later attempt's hosts' racks at its creation (for flagsOf), else null */
  private readonly racksAtStart: number[] | null = null;
  /** pending lists per executor, host and rack, indexed by id (Spark's HashMaps of ArrayBuffers) */
  readonly forExecutor: PendingLists;
  readonly forHost: PendingLists;
  readonly forRack: PendingLists;
  /**
   * allPendingTasks and the no-preference list: the entries pushed after the task set was built
   * (addPendingTask), above `allBase` / `noPrefsBase` entries that are not stored: the attempt's
   * partitions, last first (as buildLists adds them), for `all` always and for `noPrefs` when no
   * partition has a preference (4 bytes a task each, written and never read for most of them,
   * issue #17). Their entries: allPending(), dequeueAll(), allAt().
   */
  private readonly noPrefs = IntList.sized(0);
  private readonly all = IntList.sized(0);
  private allBase = 0;
  private noPrefsBase = 0;
  /** how many partitions this attempt runs (Spark's TaskSet.tasks.length) */
  readonly numPartitions: number;
  /** schedulable tasks (not running, not successful) that have entries in forExecutor / forHost / forRack */
  private schedExec = 0;
  private schedHost = 0;
  private schedRack = 0;
  /**
   * The rack lists are built when a dequeue first allows RACK_LOCAL (most task sets never get
   * there): until then forRack only knows which racks would have a list, and `racksFrom` is where
   * in `all` (every task added, in order; popped only at ANY, after the build) their entries start.
   */
  private racksBuilt = false;
  private racksFrom = 0;
  /** tasks re-queued after an executor loss, for the reserved-slots policy (cleaned lazily) */
  readonly recoveryPending = IntList.sized(0);

  myLocalityLevels: number[] = [];
  private localityWaits: number[] = [];
  currentLocalityIndex = 0;
  lastLocalityWaitResetTime: number;
  /** TaskSchedulerImpl.noRejectsSinceLastReset for this task set (3.x) */
  noRejectsSinceLastReset = true;
  /** partitions of this attempt that are not successful yet */
  remaining: number;
  /** isZombie: a task of it failed to fetch a parent's output; no more launches, running tasks go on */
  zombie = false;
  /** the stage attempt number (Stage.latestInfo.attemptNumber when it was created) */
  attemptNo = 0;
  /** 2.2 consumers: when a task of this set first ran on each executor (its cached map statuses) */
  fetchedOn: Map<number, number> | null = null;
  /** set by resourceOffer: the offer was declined for delay scheduling (3.x hasScheduleDelayReject) */
  lastReject = false;
  /** the level the last resourceOffer dequeued at (dequeueLevel) */
  lastLevel = -1;
  lastLocality = 0;
  /** set by resourceOffer: the task it returned is a speculative copy */
  lastSpeculative = false;
  /** speculation.ts, when spark.speculation is on */
  spec: SpeculativeTasks | null = null;
  /** spark.scheduler.mode FAIR: the pool it was added to, and its running attempts (runningTasksSet.size) */
  pool: Pool | null = null;
  runningTasks = 0;

  constructor(
    readonly stage: Stage,
    readonly stageRef: number,
    /** the job's id: the task set's FIFO priority */
    readonly priority: number,
    /** the partitions of this attempt, or null for every task of the stage (read them with partitionAt) */
    private readonly partitions: Int32Array | null,
    readonly cluster: Cluster,
    private readonly waits: LocalityWaits,
    private readonly is35: boolean,
    private readonly legacyReset: boolean,
    now: number,
  ) {
    if (madeTaskSets !== null) madeTaskSets.push(this);
    this.lastLocalityWaitResetTime = now;
    this.numPartitions = partitions === null ? stage.numTasks : partitions.length;
    this.allBase = this.numPartitions; // every partition is pending, implicitly (see `all`)
    this.remaining = this.numPartitions;
    this.forExecutor = new PendingLists(cluster.executors.length);
    this.forHost = new PendingLists(cluster.hostNames.length);
    this.forRack = new PendingLists(cluster.rackNames.length);
    const n = stage.numTasks;
    const srcStart = stage.prefStart;
    const srcData = stage.prefData;
    // A block cached on an executor that is gone is no longer a location (its BlockManager was
    // removed), so a new task set does not prefer it. Without such a block the stage's own
    // (immutable) arrays are used as they are.
    // A query's locations are not cached blocks: a state store's location and a Kafka range's
    // executor stay in the list even when that executor is gone (spec "queries"). Nor are a
    // BlockRDD's: it computes them once (a lazy val, BlockRDD.scala:34), so a re-attempt of its
    // stage keeps the dead executor (audit F15).
    const removed = stage.kind < StageKind.QuerySource && stage.kind !== StageKind.Blocks && prefersRemoved(srcData, cluster);
    let prefStart = srcStart;
    let prefData = srcData;
    if (removed) {
      prefStart = new Int32Array(n + 1);
      const data: number[] = [];
      for (let i = 0; i < n; i++) {
        prefStart[i] = data.length;
        for (let p = prefFrom(srcStart, i); p < prefFrom(srcStart, i + 1); p++) {
          const code = codeAt(srcData, p);
          if ((code & 3) === Pref.EXEC && cluster.executors[code >> 2].state === ExecState.Removed) continue;
          data.push(code);
        }
      }
      prefStart[n] = data.length;
      prefData = Int32Array.from(data);
    }
    this.prefStart = prefStart;
    this.prefData = prefData;
    // a query stage's task set of all its tasks: the lists of the last such set with the same preferences
    const query = stage.kind >= StageKind.QuerySource && partitions === null;
    const template = query ? findTemplate(prefStart) : undefined;
    if (template !== undefined && template.prefData === prefData && sameLayout(template, cluster)) {
      this.flags = template.flags;
      this.useTemplate(template);
    } else {
      // a later attempt of some partitions computes a task's flags when it is needed, with the
      // hosts' racks as they are now, as a pass over its tasks here would have given them (that
      // pass wrote n bytes for a later attempt of a few partitions, issue #17)
      if (partitions !== null && partitions.length !== n) this.racksAtStart = cluster.hostRack.slice(), this.flagsAll = 0;
      const built = this.buildLists(partitions, query);
      if (query) keepTemplate(built!);
    }
    this.setLevels(this.validLevels());
  }

  /**
   * The pending lists as addPendingTask leaves them when it is called for each partition from the
   * last to the first (TaskSetManager adds pending tasks in reverse index order; lists pop from
   * the end, so the lowest index is offered first), built as a counting sort: the entries are
   * counted per executor and host, then written straight into lists of their final size (no
   * push per entry, issue #17).
   */
  private buildLists(partitions: Int32Array | null, keep: boolean): ListsTemplate | null {
    // Tasks of no preference each (a count stage without `prefer`, the usual shuffle stage): no
    // entry, no flag, every partition on noPrefs implicitly, as the passes below would leave them
    if (this.prefStart.length === 1 && this.prefStart[0] === 0) return this.noPreferences(keep);
    const c = this.cluster;
    // a fork's lists in its arena (a template is kept for later runs: buffers of its own)
    const arena = keep ? null : c.arena;
    // (each with room for the lists' starts after the counts: PendingLists.sized)
    const perExec = freshInts(arena, 2 * c.executors.length);
    const perHost = freshInts(arena, 2 * c.hostNames.length);
    // every task of a count stage with replicas on hosts (the usual scan stage): m host codes a task
    const replicas = partitions === null && this.prefStart.length === 1 && namesNoExecutor(this.prefData) ? this.prefStart[0] : 0;
    if (replicas === 0 && this.flagsAll < 0) this.flags = new Uint8Array(this.stage.numTasks);
    const noPrefs = replicas > 0 ? this.countReplicas(replicas, perHost) : this.countEntries(partitions, perExec, perHost);
    // the usual scan stage's host regions as gaps (PendingLists.gaps; a fork's, in its arena, and a template's stay 32-bit)
    if (replicas > 0 && arena === null && !keep && this.numPartitions * replicas >= GAPS_FROM &&
      this.writeGaps(replicas, perHost, this.forHost.sizedGaps(perHost, this.numPartitions))) {
      this.noPrefs.adopt(NO_INTS, false, 0);
      return null;
    }
    // each level's lists in one buffer; perExec / perHost become the write positions
    const execFlat = this.forExecutor.sized(perExec, arena);
    const hostFlat = this.forHost.sized(perHost, arena);
    // (every partition: not stored either)
    const implicit = noPrefs === this.numPartitions;
    if (implicit) this.noPrefsBase = noPrefs;
    // room for the tasks a loss re-queues (addPendingTask): a full list doubled when one was
    // pushed; the room is never touched unless used, so it costs no memory
    // (a zero-length typed array costs far more than a short one: V8 gives it a backing store of its own)
    const none = noPrefs > 0 && !implicit ? new Int32Array(noPrefs + (noPrefs >> 5)) : NO_INTS;
    const m = replicas > 0 ? this.writeReplicas(replicas, perHost, hostFlat)
      : this.writeEntries(partitions, perExec, perHost, execFlat, hostFlat, implicit ? null : none);
    this.noPrefs.adopt(none, keep, m);
    return keep ? this.template(execFlat, perExec, hostFlat, perHost, entries(none, m)) : null;
  }

  // buildLists' two passes over the tasks are functions of their own: each long loop is compiled
  // alone (on stack replacement) and ends with its function, where the whole buildLists was
  // recompiled after each loop for the code after it (deopts, issue #17).

  /** The count (and the keys, in the order of their first entry): the tasks of no preference. */
  private countEntries(partitions: Int32Array | null, perExec: Int32Array, perHost: Int32Array): number {
    const c = this.cluster;
    const execs = c.executors;
    const hostRack = c.hostRack;
    const prefStart = this.prefStart;
    const prefData = this.prefData;
    const flags = this.flags;
    const execKeys = this.forExecutor.ownKeys();
    const hostKeys = this.forHost.ownKeys();
    let noPrefs = 0;
    for (let k = this.numPartitions - 1; k >= 0; k--) {
      const i = partitions === null ? k : partitions[k];
      const from = prefFrom(prefStart, i);
      const to = prefFrom(prefStart, i + 1);
      if (from === to) noPrefs++;
      let f = 0;
      for (let p = from; p < to; p++) {
        const code = codeAt(prefData, p);
        const kind = code & 3;
        const x = code >> 2;
        if (kind === Pref.EXEC) {
          if (perExec[x]++ === 0) execKeys.push(x);
          const h = execs[x].host;
          // (a rack is marked at its first host's first entry: later entries would mark it again)
          if (perHost[h]++ === 0) {
            hostKeys.push(h);
            if (hostRack[h] >= 0) this.forRack.mark(hostRack[h]);
          }
          f |= Has.EXEC | Has.HOST | (hostRack[h] >= 0 ? Has.RACK : 0);
        } else if (kind === Pref.HOST) {
          if (perHost[x]++ === 0) {
            hostKeys.push(x);
            if (hostRack[x] >= 0) this.forRack.mark(hostRack[x]);
          }
          f |= Has.HOST | (hostRack[x] >= 0 ? Has.RACK : 0);
        } else {
          this.forRack.mark(x);
          f |= Has.RACK;
        }
      }
      // (a task without preferences keeps the 0 it has: a stage of them touches none of its flags)
      if (f !== 0 && flags.length !== 0) flags[i] = f;
      if (f & Has.EXEC) this.schedExec++;
      if (f & Has.HOST) this.schedHost++;
      if (f & Has.RACK) this.schedRack++;
    }
    return noPrefs;
  }

  /**
   * countEntries for every task of a count stage whose m preferences a task are hosts: the same
   * counts, keys, rack marks and flags, without a task's kind tests, rack reads and three counts
   * (a third of building the scan stage's lists, issue #17). Every task has a preference.
   */
  private countReplicas(m: number, perHost: Int32Array): number {
    const hostRack = this.cluster.hostRack;
    const prefData = this.prefData;
    const hostKeys = this.forHost.ownKeys();
    const n = this.numPartitions;
    for (let to = n; to > 0; to -= REPLICA_CHUNK) {
      const from = to > REPLICA_CHUNK ? to - REPLICA_CHUNK : 0;
      if (prefData instanceof Uint32Array) countPacked(from, to, prefData, perHost, hostKeys);
      else countHosts(m, from, to, prefData, perHost, hostKeys);
    }
    // (each host's rack marked in the order of the hosts' first entries, as at each first entry)
    for (let k = 0; k < hostKeys.length; k++) if (hostRack[hostKeys[k]] >= 0) this.forRack.mark(hostRack[hostKeys[k]]);
    // a task's flags: HOST, and RACK when one of its hosts is on a rack: the same for every task
    // when all the hosts named or none are on one
    let racked = 0;
    for (let k = 0; k < hostKeys.length; k++) if (hostRack[hostKeys[k]] >= 0) racked++;
    if (racked === 0 || racked === hostKeys.length) {
      this.flagsAll = racked === 0 ? Has.HOST : Has.HOST | Has.RACK;
      this.schedHost += n;
      if (racked > 0) this.schedRack += n;
    } else {
      this.flags = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const f = taskFlags(i, this.prefStart, prefData, this.cluster, hostRack);
        this.flags[i] = f;
        this.schedHost++;
        if (f & Has.RACK) this.schedRack++;
      }
    }
    return 0;
  }

  /** writeEntries for countReplicas' tasks; none has no preference. */
  private writeReplicas(m: number, perHost: Int32Array, hostFlat: Int32Array): number {
    const prefData = this.prefData;
    for (let i = this.numPartitions - 1, end = this.numPartitions * m; i >= 0; i--, end -= m) {
      for (let p = end - m; p < end; p++) {
        const h = codeAt(prefData, p) >> 2;
        hostFlat[perHost[h]++] = i;
      }
    }
    return 0;
  }

  /**
   * writeReplicas into the gaps of sizedGaps, REPLICA_CHUNK tasks a call. False, with the counts
   * as sizedGaps found them and no gaps, when some gap does not fit.
   */
  private writeGaps(m: number, perHost: Int32Array, gaps: Uint16Array): boolean {
    const ends = this.forHost.ends!;
    const half = ends.length >> 1;
    const prefData = this.prefData;
    for (let to = this.numPartitions; to > 0; to -= REPLICA_CHUNK) {
      const from = to > REPLICA_CHUNK ? to - REPLICA_CHUNK : 0;
      if (!(prefData instanceof Uint32Array ? gapsPacked(from, to, prefData, gaps, ends, half) : writeGaps(m, from, to, prefData, gaps, ends, half))) {
        return this.forHost.wide(perHost);
      }
    }
    return true;
  }

  /** The entries, into the sized lists (`none`: the no-preference list's, unless implicit); its length. */
  private writeEntries(partitions: Int32Array | null, perExec: Int32Array, perHost: Int32Array, execFlat: Int32Array,
    hostFlat: Int32Array, none: Int32Array | null): number {
    const execs = this.cluster.executors;
    const prefStart = this.prefStart;
    const prefData = this.prefData;
    let m = 0;
    for (let k = this.numPartitions - 1; k >= 0; k--) {
      const i = partitions === null ? k : partitions[k];
      const from = prefFrom(prefStart, i);
      const to = prefFrom(prefStart, i + 1);
      if (from === to && none !== null) none[m++] = i;
      for (let p = from; p < to; p++) {
        const code = codeAt(prefData, p);
        const kind = code & 3;
        const x = code >> 2;
        if (kind === Pref.EXEC) {
          execFlat[perExec[x]++] = i;
          const h = execs[x].host;
          hostFlat[perHost[h]++] = i;
        } else if (kind === Pref.HOST) hostFlat[perHost[x]++] = i;
      }
    }
    return m;
  }

  /** buildLists when no task prefers a location: no list but noPrefs, all of it implicit. */
  private noPreferences(keep: boolean): ListsTemplate | null {
    this.flagsAll = 0;
    this.noPrefsBase = this.numPartitions;
    this.noPrefs.adopt(NO_INTS, keep, 0);
    return keep ? this.template(NO_INTS, NO_INTS, NO_INTS, NO_INTS, NO_INTS) : null;
  }

  /** What buildLists left, for the next task set of the same preferences. */
  private template(execFlat: Int32Array, execAt: Int32Array, hostFlat: Int32Array, hostAt: Int32Array, none: Int32Array): ListsTemplate {
    const c = this.cluster;
    const execKeys = this.forExecutor.keys;
    const hostKeys = this.forHost.keys;
    return {
      execHosts: hostsOf(execKeys, c), hostRacks: racksOf(hostKeys, c), prefStart: this.prefStart, prefData: this.prefData,
      flags: this.flagsAll < 0 ? this.flags : new Uint8Array(this.stage.numTasks).fill(this.flagsAll),
      execKeys: execKeys.slice(), hostKeys: hostKeys.slice(), rackKeys: this.forRack.keys.slice(), execFlat, execAt, hostFlat, hostAt, none,
      noPrefsBase: this.noPrefsBase, schedExec: this.schedExec, schedHost: this.schedHost, schedRack: this.schedRack,
      checkedFor: c, checkedSize: c.executors.length,
    };
  }

  /** The lists buildLists left in a template (shared, copy on write: pops do not write them). */
  private useTemplate(t: ListsTemplate): void {
    this.forExecutor.share(t.execKeys, t.execFlat, t.execAt);
    this.forHost.share(t.hostKeys, t.hostFlat, t.hostAt);
    for (let k = 0; k < t.rackKeys.length; k++) this.forRack.mark(t.rackKeys[k]);
    this.noPrefsBase = t.noPrefsBase;
    this.noPrefs.adopt(t.none, true);
    this.schedExec = t.schedExec;
    this.schedHost = t.schedHost;
    this.schedRack = t.schedRack;
  }

  /** Partition k of this attempt. */
  partitionAt(k: number): number {
    return this.partitions === null ? k : this.partitions[k];
  }

  isSchedulable(i: number): boolean {
    return this.stage.taskState[i] === 0; // !successful(index) && copiesRunning(index) == 0
  }

  /** TaskSetManager.addPendingTask: the task goes on the list of every preferred location, dead ones included. */
  addPendingTask(i: number, recovery = false): void {
    const c = this.cluster;
    const from = prefFrom(this.prefStart, i);
    const to = prefFrom(this.prefStart, i + 1);
    for (let p = from; p < to; p++) {
      const code = codeAt(this.prefData, p);
      const kind = code & 3;
      const x = code >> 2;
      if (kind === Pref.EXEC) {
        this.forExecutor.push(x, i);
        const h = c.executors[x].host;
        this.forHost.push(h, i);
        if (c.hostRack[h] >= 0) this.pushRack(c.hostRack[h], i);
      } else if (kind === Pref.HOST) {
        this.forHost.push(x, i);
        if (c.hostRack[x] >= 0) this.pushRack(c.hostRack[x], i);
      } else {
        this.pushRack(x, i);
      }
    }
    if (from === to) this.noPrefs.push(i);
    this.all.push(i);
    const f = this.flagsOf(i);
    if (f & Has.EXEC) this.schedExec++;
    if (f & Has.HOST) this.schedHost++;
    if (f & Has.RACK) this.schedRack++;
    if (recovery) this.recoveryPending.push(i);
  }

  private pushRack(rack: number, i: number): void {
    if (this.racksBuilt) this.forRack.push(rack, i);
    else this.forRack.mark(rack);
  }

  /** The rack lists as addPendingTask would have filled them: the rack entries of every task added since the last clear. */
  private buildRacks(): void {
    this.racksBuilt = true;
    const c = this.cluster;
    // (no rack in the cluster: no entry to add; a task set of all its tasks reaches ANY once they run)
    if (c.rackNames.length === 0) return;
    // (a chunk of entries a call: one pass over a big stage's entries was compiled on stack
    // replacement and again whole for the next stage's; a chunk's function is compiled once, issue #17)
    const n = this.allPending();
    for (let from = this.racksFrom; from < n; from += RACK_CHUNK) this.racksOf(from, Math.min(n, from + RACK_CHUNK));
  }

  /** buildRacks for entries from..to of allPendingTasks. */
  private racksOf(from: number, to: number): void {
    const c = this.cluster;
    for (let k = from; k < to; k++) {
      const i = this.allAt(k);
      for (let p = prefFrom(this.prefStart, i); p < prefFrom(this.prefStart, i + 1); p++) {
        const code = codeAt(this.prefData, p);
        const kind = code & 3;
        const x = code >> 2;
        const h = kind === Pref.EXEC ? c.executors[x].host : kind === Pref.HOST ? x : -1;
        const rack = h >= 0 ? c.hostRack[h] : x;
        if (rack >= 0) this.forRack.push(rack, i);
      }
    }
  }

  /**
   * Nothing to offer and nothing stale to drop: every pending list is empty and no task is
   * schedulable. Every offer is then declined without a delay-scheduling reject and without
   * touching a list; only getAllowedLocalityLevel has an effect, and only its first call at a
   * given time (it walks the levels to the last one).
   */
  isIdle(): boolean {
    return this.allPending() === 0 && this.noPrefsPending() === 0 && this.schedExec === 0 && this.schedHost === 0 &&
      this.schedRack === 0 && this.forExecutor.keys.length === 0 && this.forHost.keys.length === 0 &&
      this.forRack.keys.length === 0 && (this.spec === null || !this.spec.hasPending());
  }

  /**
   * An offer at maxLocality would now be declined with no effect at all: no task schedulable, no
   * list it would look at (none left to pop stale entries from), the level walk at its last level,
   * and at ANY nothing pending (no delay-scheduling reject). Its dequeue level is then maxLocality.
   * What a task set looks like once all its tasks run: resourceOffers ends such a round at once
   * (its last two passes met 63 such calls each on a query's every stage, issue #17).
   */
  declinesWithoutEffect(maxLocality: number): boolean {
    if (this.schedExec !== 0 || this.schedHost !== 0 || this.schedRack !== 0 || this.spec !== null) return false;
    if (this.currentLocalityIndex !== this.myLocalityLevels.length - 1 || !this.forExecutor.none()) return false;
    if (maxLocality >= NODE_LOCAL && !this.forHost.none()) return false;
    if (maxLocality >= NO_PREF && this.noPrefsPending() !== 0) return false;
    if (maxLocality >= RACK_LOCAL && (!this.racksBuilt || !this.forRack.none())) return false;
    return maxLocality < ANY || this.allPending() === 0;
  }

  /**
   * After a call of resourceOffer declined at dequeue level `level`, the same call for each of
   * execs[from..count) with a free slot would decline with no effect: its level walk would stop
   * where that call's did (the same time, nothing launched), and every list dequeueTask would read
   * for it is empty (the declined call emptied the no-preference and `all` lists at their levels
   * and built the rack lists), with no speculatable copy to look for. A lost task keeps its entries
   * on its removed executor and host (addPendingTask), so declinesWithoutEffect stays false while it
   * waits for its level, and each revive round of a stalled fork offered all 63 live executors at
   * each level to decline them all (issue #17).
   */
  findsNothing(level: number, execs: Int32Array, free: Int32Array, from: number, count: number): boolean {
    if (this.spec !== null) return false;
    const c = this.cluster;
    // (one call site of holdsAny, with its lists and key map per level: three inlined copies in
    // resourceOffers, compiled again at each of its recompiles, cost more than they saved)
    for (let l = PROCESS_LOCAL; l <= level && l <= RACK_LOCAL; l++) {
      if (l === NO_PREF) continue;
      const lists = l === PROCESS_LOCAL ? this.forExecutor : l === NODE_LOCAL ? this.forHost : this.forRack;
      if (lists.holdsAny(execs, free, from, count, l === PROCESS_LOCAL ? null : c.execHost, l === RACK_LOCAL ? c.hostRack : null)) return false;
    }
    return true;
  }

  /**
   * After a call of resourceOffer declined at `maxLocality`: the round's later calls would change
   * nothing (declinesWithoutEffect, when `skip`), or, when `look`, each would find nothing
   * (findsNothing of execs[from..count)). One call for resourceOffers' two: each call site, with
   * its arguments and frame, was a tenth of that function's compiled graph (issue #17).
   */
  roundEnds(maxLocality: number, skip: boolean, look: boolean, execs: Int32Array, free: Int32Array, from: number, count: number): boolean {
    if (skip && this.declinesWithoutEffect(maxLocality)) return true;
    return look && this.findsNothing(this.lastLevel, execs, free, from, count);
  }

  /** Called when a task stops being schedulable (an attempt launched). */
  markLaunched(i: number): void {
    const f = this.flagsOf(i);
    if (f & Has.EXEC) this.schedExec--;
    if (f & Has.HOST) this.schedHost--;
    if (f & Has.RACK) this.schedRack--;
  }

  /** The Has flags of task i (buildLists wrote the partitions'; a later attempt's other tasks' from the racks at its start). */
  private flagsOf(i: number): number {
    const f = this.flagsAll >= 0 ? this.flagsAll : this.flags[i];
    return f !== 0 || this.racksAtStart === null ? f : taskFlags(i, this.prefStart, this.prefData, this.cluster, this.racksAtStart);
  }

  hasPrefs(i: number): boolean {
    return prefFrom(this.prefStart, i) !== prefFrom(this.prefStart, i + 1);
  }

  /** Task i's codes (a packed stage's in an array of their own: the callers are a lost task's or a speculative copy's). */
  prefsOf(i: number): FlatCodes {
    const codes = this.prefData;
    const from = prefFrom(this.prefStart, i);
    const to = prefFrom(this.prefStart, i + 1);
    if (!(codes instanceof Uint32Array)) return codes.subarray(from, to);
    const out = new Int32Array(to - from);
    for (let p = from; p < to; p++) out[p - from] = codeAt(codes, p);
    return out;
  }

  /** computeValidLocalityLevels: a level is valid when a pending location of it is alive. */
  computeValidLocalityLevels(): number[] {
    return LEVEL_LISTS[this.validLevels()];
  }

  /** The valid levels as bits (1 << level): LEVEL_LISTS has their list. */
  private validLevels(): number {
    const c = this.cluster;
    let bits = 1 << ANY;
    const keys = this.forExecutor.keys;
    for (let k = 0; k < keys.length; k++) {
      if (c.isAlive(c.executors[keys[k]])) {
        bits |= 1 << PROCESS_LOCAL;
        break;
      }
    }
    const hosts = this.forHost.keys;
    for (let k = 0; k < hosts.length; k++) {
      if (c.hasExecutorsAliveOnHost(hosts[k])) {
        bits |= 1 << NODE_LOCAL;
        break;
      }
    }
    if (this.noPrefsPending() > 0) bits |= 1 << NO_PREF;
    const racks = this.forRack.keys;
    for (let k = 0; k < racks.length; k++) {
      if (c.hasHostAliveOnRack(racks[k])) {
        bits |= 1 << RACK_LOCAL;
        break;
      }
    }
    return bits;
  }

  /** recomputeLocality, on executor add and loss. 3.x shifts to a newly valid, more local level (SPARK-31837). */
  recomputeLocality(): void {
    const previousIndex = this.currentLocalityIndex;
    const previousLevel = this.myLocalityLevels[this.currentLocalityIndex];
    const previousLevels = this.myLocalityLevels;
    this.setLevels(this.validLevels());
    this.currentLocalityIndex = this.getLocalityIndex(previousLevel);
    if (this.is35 && this.currentLocalityIndex > previousIndex) {
      // (a loop, not find() with a closure: the closure's variables were a context allocated at
      // every call, a fork's loss recomputing each task set, issue #17)
      const levels = this.myLocalityLevels;
      for (let j = 0; j < levels.length; j++) {
        if (previousLevels.includes(levels[j])) continue;
        this.currentLocalityIndex = this.getLocalityIndex(levels[j]);
        break;
      }
    }
  }

  /**
   * getLocalityIndex of each locality (TaskLocality's id), for the current levels, 3 bits each
   * (localities 0..ANY, indices up to 4): a launch's reset reads it, where the walk was a call per
   * launch. A number, not a typed array: a fork copied one per task set (issue #17).
   */
  private levelIndex = 0;

  /**
   * The valid levels are those of `bits` (validLevels) from now on. Both arrays are replaced, never
   * written: shared by every task set with the same levels (LEVEL_LISTS, waitsOf), and by forks
   * with their base (fork.ts; a fork's copies of them and of levelIndex's array were a tenth of
   * its copy, issue #17).
   */
  private setLevels(bits: number): void {
    const levels = LEVEL_LISTS[bits];
    // (the same levels again, as after most executor losses: nothing to replace)
    if (levels === this.myLocalityLevels) return;
    this.myLocalityLevels = levels;
    this.localityWaits = waitsOf(this.waits, bits);
    let index = 0;
    for (let l = 0; l <= ANY; l++) index |= this.getLocalityIndex(l) << (3 * l);
    this.levelIndex = index;
  }

  getLocalityIndex(locality: number): number {
    let i = 0;
    while (locality > this.myLocalityLevels[i]) i++;
    return i;
  }

  /**
   * moreTasksToRunIn: is any task at this level still to be scheduled? Spark walks the lists and
   * drops stale entries and empty keys; a level with no schedulable task ends up with no keys.
   * (While some task remains, Spark also drops the empty keys it happens to visit first in its
   * HashMap's order; that order is not reproducible, so those keys are kept until the level empties.)
   */
  private moreTasksToRunIn(lists: PendingLists, schedulable: number): boolean {
    if (schedulable > 0) return true;
    // (a level's gaps are read no more: a task re-queued later goes on a list; giveGaps clears too)
    lists.giveGaps(this.cluster);
    lists.clear();
    return false;
  }

  /** getAllowedLocalityLevel (SPARK-4939: a level with nothing to run is skipped at once). */
  getAllowedLocalityLevel(now: number): number {
    while (this.currentLocalityIndex < this.myLocalityLevels.length - 1) {
      const level = this.myLocalityLevels[this.currentLocalityIndex];
      let more: boolean;
      if (level === PROCESS_LOCAL) more = this.moreTasksToRunIn(this.forExecutor, this.schedExec);
      else if (level === NODE_LOCAL) more = this.moreTasksToRunIn(this.forHost, this.schedHost);
      else if (level === NO_PREF) more = this.noPrefsPending() > 0;
      else {
        more = this.moreTasksToRunIn(this.forRack, this.schedRack);
        // (dropped unbuilt: what is added from now on is all they will hold)
        if (!more && !this.racksBuilt) this.racksFrom = this.allPending();
      }
      if (!more) {
        this.lastLocalityWaitResetTime = now;
        this.currentLocalityIndex++;
      } else if (now - this.lastLocalityWaitResetTime >= this.localityWaits[this.currentLocalityIndex]) {
        this.lastLocalityWaitResetTime += this.localityWaits[this.currentLocalityIndex];
        this.currentLocalityIndex++;
      } else {
        return level;
      }
    }
    return this.myLocalityLevels[this.currentLocalityIndex];
  }

  /**
   * resourceOffer: the best task for a free slot on `exec` at most at the allowed level.
   * Returns the task index (its locality in `lastLocality`) or -1; `lastReject` tells whether
   * the offer was declined for delay scheduling (3.x: only counted at maxLocality ANY).
   */
  resourceOffer(exec: number, maxLocality: number, now: number): number {
    this.lastReject = false;
    if (this.zombie) return -1;
    const level = this.dequeueLevel(maxLocality, now);
    this.lastLevel = level;
    const i = this.dequeueTask(exec, level);
    if (i >= 0) {
      // 2.2, and 3.x with legacyResetOnTaskLaunch: every launch resets the timer and the level.
      if (this.legacyReset && maxLocality !== NO_PREF) this.resetDelayScheduleTimer(this.lastLocality, now);
      return i;
    }
    // (3.x hasPendingTasks: regular or speculatable)
    this.lastReject = maxLocality === ANY && (this.allPending() > 0 || (this.spec !== null && this.spec.all.length > 0));
    return -1;
  }

  /** The level resourceOffer dequeues at: the allowed one, at most maxLocality (NO_PREF: that, with no level walk). */
  dequeueLevel(maxLocality: number, now: number): number {
    if (maxLocality === NO_PREF) return NO_PREF;
    const allowed = this.stillAllowed(now) ? this.myLocalityLevels[this.currentLocalityIndex] : this.getAllowedLocalityLevel(now);
    return allowed > maxLocality ? maxLocality : allowed;
  }

  /**
   * getAllowedLocalityLevel's usual first step, without its call: the current level is an
   * executor's or a host's, tasks are left at it and its wait has not run out, so the walk would
   * stop there and change nothing (a walk per offer, issue #17).
   */
  private stillAllowed(now: number): boolean {
    const k = this.currentLocalityIndex;
    const level = this.myLocalityLevels[k];
    return (level === NODE_LOCAL ? this.schedHost > 0 : level === PROCESS_LOCAL && this.schedExec > 0) &&
      now - this.lastLocalityWaitResetTime < this.localityWaits[k];
  }

  resetDelayScheduleTimer(minLocality: number | undefined, now: number): void {
    this.lastLocalityWaitResetTime = now;
    if (minLocality !== undefined) this.currentLocalityIndex = (this.levelIndex >> (3 * minLocality)) & 7;
  }

  /**
   * dequeueTask: executor list, then host, then no-pref (recorded PROCESS_LOCAL), rack, any; then
   * a speculative copy through the same levels (speculation.ts).
   */
  private dequeueTask(exec: number, maxLocality: number): number {
    if (maxLocality >= RACK_LOCAL && !this.racksBuilt) this.buildRacks();
    // (a level whose lists have no key has no list: no lookup, which V8 made a call, issue #17)
    let i = this.forExecutor.keys.length === 0 ? -1 : this.forExecutor.dequeue(exec, this.stage, this.cluster.arena);
    if (i >= 0) return this.found(i, PROCESS_LOCAL);
    // (the executor's host read only by the levels that use it: a task set with no preference
    // launches at NO_PREF without it, issue #17)
    if (maxLocality >= NODE_LOCAL && this.forHost.keys.length > 0) {
      const host = this.cluster.executors[exec].host;
      i = this.dequeueFrom(this.forHost.get(host));
      // (a region of gaps is popped under its list, which holds only the entries pushed since;
      // here, not in a call: PendingLists.popGaps was a call per offer, 21 M instructions at 600 k tasks)
      const gaps = this.forHost.gaps;
      if (i < 0 && gaps !== null) {
        const ends = this.forHost.ends!;
        const half = ends.length >> 1;
        if (host < half) {
          const start = this.forHost.fromAt[half + host];
          const state = this.stage.taskState;
          let end = ends[host];
          let next = ends[half + host];
          while (end > start) {
            const j = next;
            next += gaps[--end];
            if (state[j] === 0) { // isSchedulable
              i = j;
              break;
            }
          }
          ends[host] = end;
          ends[half + host] = next;
        }
      }
      if (i >= 0) return this.found(i, NODE_LOCAL);
    }
    if (maxLocality >= NO_PREF) {
      i = this.dequeueFrom(this.noPrefs);
      if (i < 0 && this.noPrefsBase > 0) i = this.dequeueBase(false);
      if (i >= 0) return this.found(i, PROCESS_LOCAL);
    }
    if (maxLocality >= RACK_LOCAL) {
      const rack = this.cluster.hostRack[this.cluster.executors[exec].host];
      if (rack >= 0) {
        i = this.dequeueFrom(this.forRack.get(rack));
        if (i >= 0) return this.found(i, RACK_LOCAL);
      }
    }
    if (maxLocality >= ANY) {
      i = this.dequeueFrom(this.all);
      if (i < 0 && this.allBase > 0) i = this.dequeueBase(true);
      if (i >= 0) return this.found(i, ANY);
    }
    if (this.spec !== null && this.spec.count > 0) return this.spec.dequeue(this, exec, maxLocality);
    return -1;
  }

  private found(i: number, locality: number): number {
    this.lastLocality = locality;
    this.lastSpeculative = false;
    return i;
  }

  // The two dequeues test isSchedulable on the stage's arrays themselves: a call per popped entry
  // (1.8 a launch, the stale ones included) that V8 did not inline in dequeueTask (issue #17).

  /** dequeueTaskFromList: pop from the end, dropping entries that are running or done. */
  private dequeueFrom(list: IntList | undefined): number {
    if (list === undefined) return -1;
    const state = this.stage.taskState;
    while (list.length > 0) {
      const i = list.pop();
      if (state[i] === 0) return i; // isSchedulable
    }
    return -1;
  }

  /** dequeueTaskFromList below the pushed entries of `all` (or of noPrefs): the partitions not stored. */
  private dequeueBase(all: boolean): number {
    let base = all ? this.allBase : this.noPrefsBase;
    let i = -1;
    const state = this.stage.taskState;
    const partitions = this.partitions;
    while (base > 0) {
      const k = this.numPartitions - base--;
      const j = partitions === null ? k : partitions[k]; // partitionAt
      if (state[j] === 0) { // isSchedulable
        i = j;
        break;
      }
    }
    if (all) this.allBase = base;
    else this.noPrefsBase = base;
    return i;
  }

  /** allPendingTasks.size: its entries, the stale ones included (Spark drops them lazily). */
  allPending(): number {
    return this.allBase + this.all.length;
  }

  /** pendingTasks.noPrefs.size: its entries, stored and implicit (`noPrefsBase`), the stale ones included. */
  private noPrefsPending(): number {
    return this.noPrefsBase + this.noPrefs.length;
  }

  /** Entry k of allPendingTasks. */
  private allAt(k: number): number {
    return k < this.allBase ? this.partitionAt(this.numPartitions - 1 - k) : this.all.at(k - this.allBase);
  }

  /** Locality of task i if it ran on `exec`, as dequeueTask would record it. */
  localityOn(i: number, exec: number): number {
    return localityOn(this.cluster, this.prefsOf(i), exec);
  }
}

/** dequeueTaskFromList on a list that is made: pops from its end until a task is schedulable, else -1. */
function popSchedulable(list: IntList, stage: Stage): number {
  const state = stage.taskState;
  while (list.length > 0) {
    const i = list.pop();
    if (state[i] === 0) return i; // isSchedulable
  }
  return -1;
}

/** The first n entries of buf (itself when that is all of it). */
function entries(buf: Int32Array, n: number): Int32Array {
  return n === buf.length ? buf : buf.subarray(0, n);
}

// The constructor's long loops are functions of their own: they run cold once per task set, and
// V8 then compiles each loop alone rather than the whole constructor (issue #17).

/** Some preferred location is an executor that is gone. */
function prefersRemoved(prefData: PrefCodes, cluster: Cluster): boolean {
  // (no executor removed, or none named: nothing to look for, issue #17)
  if (cluster.removedCount === 0 || namesNoExecutor(prefData)) return false;
  for (let p = 0; p < codeCount(prefData); p++) {
    const code = codeAt(prefData, p);
    if ((code & 3) === Pref.EXEC && cluster.executors[code >> 2].state === ExecState.Removed) return true;
  }
  return false;
}

/** No task's flags stored (TaskSetManager.flags; shared, never written). */
const NO_FLAGS = new Uint8Array(0);

/** The Has flags of task i, with `hostRack` the hosts' racks. */
function taskFlags(i: number, prefStart: Int32Array, prefData: PrefCodes, cluster: Cluster, hostRack: number[]): number {
  const execs = cluster.executors;
  let f = 0;
  for (let p = prefFrom(prefStart, i); p < prefFrom(prefStart, i + 1); p++) {
    const code = codeAt(prefData, p);
    const kind = code & 3;
    const x = code >> 2;
    if (kind === Pref.EXEC) f |= Has.EXEC | Has.HOST | (hostRack[execs[x].host] >= 0 ? Has.RACK : 0);
    else if (kind === Pref.HOST) f |= Has.HOST | (hostRack[x] >= 0 ? Has.RACK : 0);
    else f |= Has.RACK;
  }
  return f;
}

/** `size` undefined lists, by size, shared by every level that has no list yet (never written: PendingLists.ownLists copies them). */
const emptyLists = new Map<number, undefined[]>();

function noLists(size: number): undefined[] {
  let lists = emptyLists.get(size);
  if (lists === undefined) {
    if (emptyLists.size >= 64) emptyLists.clear();
    emptyLists.set(size, (lists = new Array<undefined>(size).fill(undefined)));
  }
  return lists;
}

/**
 * Pending lists by location id (executor, host or rack index): an array instead of a HashMap,
 * with the ids that have a list in the order they got it (Spark's keySet, for the valid levels).
 */
export class PendingLists {
  /** null: a list that is not built yet (mark) */
  lists: (IntList | undefined | null)[];
  /**
   * The keys with a list or a region, in the order of their first entry. NONE while none has
   * (intList.ts: never written; a key added replaces it, ownKeys), so a fork shares it with its
   * base where it copied an empty array for most levels of every task set (issue #17).
   */
  keys: number[] = NONE;
  /**
   * The keys' lists not made yet (sized, share): their entries, one region a key, in `from`; in
   * `fromAt` each key's region ends at [key] and starts at [half + key] (an empty region: no list).
   * Never written: lists copy them before a write.
   */
  from: Int32Array | null = null;
  fromAt: Int32Array = NO_INTS;
  /**
   * Per key, the end of what is left of its region (its entries from the end are popped by
   * dequeue without a list): fromAt's ends, copied at the first such pop (fromAt is shared with
   * the task sets of a template and forks); null: none popped.
   */
  ends: Int32Array | null = null;
  /**
   * Or the regions' entries as gaps (sizedGaps, the usual scan stage's host lists): a region holds
   * distinct tasks in descending order, each stored as the entry before it minus itself, in 16
   * bits, and `ends` holds per key, after its regions' ends, at [half + key], the entry at its end
   * (the next to pop). A pop is then an add, half the bytes of 32-bit entries (1.08 million at
   * 600 k tasks, each page first touched at some 14 us, issue #17). A key's list then holds only
   * the entries pushed since, popped before its region (what they are above in Spark's list).
   * Never written.
   */
  gaps: Uint16Array | null = null;
  /** `gaps` are shared with a fork or a copy of the run (fork.ts): never given back (giveGaps) */
  gapsShared = false;
  /**
   * `lists` is shared with a fork or its base (copied before a write, ownLists): a fork shares the
   * lists of a level with no key, nearly all of a streaming run's (every list undefined; a fork
   * copied 14 such arrays of one entry per executor or host, issue #17).
   */
  listsShared = false;

  constructor(size: number) {
    // (no list yet: shared until a key gets one, ownLists; most levels of a streaming run's task
    // sets never get one, and two arrays of an entry per executor or host each was half of a task
    // set's allocation, issue #17)
    this.lists = noLists(size);
    this.listsShared = true;
  }

  /** Shares the lists with forks while no key has a list (fork.ts): true if it does. */
  shareIfEmpty(): boolean {
    if (!this.none()) return false;
    return (this.listsShared = true);
  }

  /** `lists`, to write (a key gets a list: never on the pop and push of an existing list). */
  private ownLists(): (IntList | undefined | null)[] {
    if (this.listsShared) {
      this.lists = this.lists.slice();
      this.listsShared = false;
    }
    return this.lists;
  }

  get(key: number): IntList | undefined {
    const list = this.lists[key];
    if (list !== undefined) return list ?? undefined;
    return this.from === null ? undefined : this.take(key);
  }

  /**
   * dequeueTaskFromList on the list of `key`: pops from its end until a task is schedulable (not
   * successful, not running), -1 when none is left. A key whose list is not made yet is popped in
   * its region of `from`, with no list made: a view and a list for each executor a query's task
   * set was asked about were a tenth of a query run (issue #17). `arena`: a fork's (Cluster.arena),
   * for the region's ends.
   */
  dequeue(key: number, stage: Stage, arena: Arena | null = null): number {
    const list = this.lists[key];
    if (list !== undefined) return list === null ? -1 : popSchedulable(list, stage);
    return this.from === null ? -1 : this.popRegion(key, stage, arena);
  }

  /**
   * dequeue would pop an entry (schedulable or stale) for some offer of execs[from..count) with a
   * free slot: the list of its key, or what is left of the key's region, is not empty. Its key is
   * the executor, or with `execHost` (Cluster.execHost) its host, and with `hostRack` too that
   * host's rack. (The fields in locals: a fork's copies of these objects made each read per offer
   * a megamorphic load, issue #17.)
   */
  holdsAny(execs: Int32Array, free: Int32Array, from: number, count: number, execHost: readonly number[] | null,
    hostRack: readonly number[] | null): boolean {
    const keys = this.keys;
    if (keys.length === 0) return false; // (no list, and sized or share gave no region)
    const lists = this.lists;
    // (a list made from a 32-bit region holds what was left of it; a list over gaps is above its region)
    const gapped = this.gaps !== null;
    const regions = this.from !== null || gapped;
    const at = this.fromAt;
    const half = at.length >> 1;
    const ends = this.ends ?? at;
    // The keys with entries left first: once a stage's tasks all run, none or one (a lost task's
    // removed executor or its host) is left, then looked for among the offers without reading a
    // list per offer (a stalled fork's revive rounds read 63 offers' lists at each level, issue #17).
    // From the second such key on, the offers are looked at as before.
    let only = -1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      const list = lists[key];
      if ((list === undefined || (gapped && list !== null && list.length === 0)) ? !regions || key >= half || ends[key] <= at[half + key]
        : list === null || list.length === 0) continue;
      if (only >= 0) {
        only = -2;
        break;
      }
      only = key;
    }
    if (only === -1) return false;
    if (only >= 0) return offered(only, execs, free, from, count, execHost, hostRack);
    for (let k = from; k < count; k++) {
      if (free[k] < 1) continue;
      let key = execs[k];
      if (execHost !== null) {
        key = execHost[key];
        if (hostRack !== null && (key = hostRack[key]) < 0) continue;
      }
      const list = lists[key];
      if (list !== undefined) {
        if (list !== null && list.length > 0) return true;
        if (gapped && key < half && ends[key] > at[half + key]) return true;
      } else if (regions && key < half && ends[key] > at[half + key]) return true;
    }
    return false;
  }

  /** dequeue from the region of `key` (no list made). */
  private popRegion(key: number, stage: Stage, arena: Arena | null): number {
    const at = this.fromAt;
    const half = at.length >> 1;
    if (key >= half) return -1;
    const start = at[half + key];
    const ends = this.ends ?? (this.ends = arena === null ? at.slice(0, half) : arena.copy(at, half));
    const from = this.from!;
    const state = stage.taskState;
    let end = ends[key];
    let i = -1;
    while (end > start) {
      const j = from[--end];
      if (state[j] === 0) { // isSchedulable
        i = j;
        break;
      }
    }
    ends[key] = end;
    return i;
  }

  /** The entries of `key` as its list would hold them (what is left of its region first), or undefined when it has none (for tests). */
  entries(key: number): number[] | undefined {
    const at = this.fromAt;
    const half = at.length >> 1;
    const out: number[] = [];
    if (this.gaps !== null && key < half && at[key] !== at[half + key]) {
      const ends = this.ends!;
      for (let p = ends[key] - 1, v = ends[half + key]; p >= at[half + key]; v += this.gaps[p--]) out.unshift(v);
    }
    const list = this.get(key);
    if (list === undefined) return this.gaps !== null && key < half && at[key] !== at[half + key] ? out : undefined;
    for (let k = 0; k < list.length; k++) out.push(list.at(k));
    return out;
  }

  push(key: number, i: number): void {
    let list = this.lists[key];
    if (list === undefined && this.from !== null) list = this.take(key);
    if (list === undefined || list === null) {
      const lists = this.ownLists();
      if (list === undefined) {
        while (lists.length < key) lists.push(undefined);
        // (a key with a region of gaps is in `keys` already)
        const at = this.fromAt;
        if (this.gaps === null || key >= at.length >> 1 || at[key] === at[(at.length >> 1) + key]) this.ownKeys().push(key);
      }
      list = IntList.sized(4);
      lists[key] = list;
    }
    list.push(i);
  }

  /** `key` has a list from now on (a key, as push gives it), built later by push. */
  mark(key: number): void {
    if (this.lists[key] !== undefined) return;
    const lists = this.ownLists();
    while (lists.length < key) lists.push(undefined);
    lists[key] = null;
    this.ownKeys().push(key);
  }

  /** `keys`, to add to (a list of its own for the first key). */
  ownKeys(): number[] {
    if (this.keys === NONE) this.keys = [];
    return this.keys;
  }

  /**
   * Full lists of `counts[key]` entries for the keys (already in `keys`, with no list yet), in one
   * buffer for the caller to fill: `counts[key]` becomes the key's write position, from its start,
   * kept in `counts[half + key]` (counts has room for both). A list is made when it is first asked
   * for (take): a typed array a key was an eighth of a streaming sweep's allocation, and most host
   * lists are never read (their tasks launch at PROCESS_LOCAL, issue #17). `arena`: a fork's, for
   * the buffer (arena.ts freshInts).
   */
  sized(counts: Int32Array, arena: Arena | null = null): Int32Array {
    const half = counts.length >> 1;
    let total = 0;
    for (let k = 0; k < this.keys.length; k++) {
      const key = this.keys[k];
      const n = counts[key];
      counts[half + key] = total;
      counts[key] = total;
      total += n;
    }
    if (this.keys.length === 0) {
      this.keys = NONE; // (countEntries' list, with no key in it)
      return NO_INTS;
    }
    // (every key has an entry: total > 0)
    this.ends = null;
    this.from = freshInts(arena, total);
    this.fromAt = counts;
    return this.from;
  }

  /**
   * sized, for the `n` tasks' entries given in descending order per key, as gaps: the caller
   * writes them at the write positions `ends[key]`, keeping each key's last entry at
   * `ends[half + key]` (from n - 1), or calls wide when a gap does not fit.
   */
  sizedGaps(counts: Int32Array, n: number): Uint16Array {
    const half = counts.length >> 1;
    const keys = this.keys;
    const ends = new Int32Array(2 * half);
    let total = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const m = counts[key];
      counts[half + key] = total;
      ends[key] = total;
      ends[half + key] = n - 1;
      total += m;
      counts[key] = total;
    }
    this.ends = ends;
    this.fromAt = counts;
    return (this.gaps = new Uint16Array(total));
  }

  /** A gap did not fit: no gaps, and `counts` the counts sizedGaps was given (for sized). False. */
  wide(counts: Int32Array): false {
    const half = counts.length >> 1;
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) counts[keys[k]] -= counts[half + keys[k]];
    this.gaps = null;
    this.ends = null;
    this.fromAt = NO_INTS;
    return false;
  }

  /**
   * `keys` (none has a list yet) with lists over `from` as sized left it, shared with whoever else
   * holds the buffers. Most of a query's task sets never touch their host lists, and a list object
   * per key was half of a query run's garbage.
   */
  share(keys: number[], from: Int32Array, at: Int32Array): void {
    this.keys = keys.length === 0 ? NONE : keys.slice();
    this.ends = null;
    if (keys.length === 0) return;
    this.from = from;
    this.fromAt = at;
  }

  /** The list of `key` over its region of `from`, or undefined when `key` has none. */
  private take(key: number): IntList | undefined {
    const at = this.fromAt;
    const half = at.length >> 1;
    if (key >= half || at[key] === at[half + key]) return undefined;
    // (what dequeue left of the region, perhaps nothing: the key has a list all the same)
    const list = IntList.over(this.from!.subarray(at[half + key], this.ends === null ? at[key] : this.ends[key]), true);
    this.ownLists()[key] = list;
    return list;
  }

  /** No list, and none to be made from shared buffers: every get finds nothing. */
  none(): boolean {
    return this.keys.length === 0 && this.from === null;
  }

  /**
   * Drops every list (clear), the level having no task left to schedule: its gaps, when no copy of
   * the run shares them, are the run's to reuse (stageBuffers.ts giveSpare).
   */
  giveGaps(cluster: Cluster): void {
    const gaps = this.gaps;
    if (gaps === null || this.gapsShared || cluster.arena !== null) return;
    this.clear();
    this.gaps = null;
    giveSpare(cluster, gaps.buffer as ArrayBuffer);
  }

  /** Drops every list (the level has no task left to run). */
  clear(): void {
    if (this.keys.length === 0) return;
    // (shared lists are all undefined: no list was made since they were shared)
    if (!this.listsShared) for (const k of this.keys) this.lists[k] = undefined;
    this.keys = NONE;
    this.from = null;
    this.fromAt = NO_INTS;
    this.ends = null;
    this.gaps = null;
  }
}

/** host entries of a task set from which they are gaps (PendingLists.gaps): 64 kB of them 32-bit or more */
const GAPS_FROM = 16_384;
/**
 * tasks a call of countHosts and writeGaps: a function called per chunk is compiled whole, where a
 * loop over the stage ran on stack replacement (600 k tasks: writeGaps 98 -> 82 M instructions,
 * the count 56 -> 52 M; chunks of 32 to 2,048 tasks measured, 128 the fewest, issue #17)
 */
const REPLICA_CHUNK = 128;

/** countReplicas' counts of the tasks to-1 down to `from` (m host codes a task), each host in `keys` at its first entry. */
function countHosts(m: number, from: number, to: number, prefData: FlatCodes, counts: Int32Array, keys: number[]): void {
  // (each task's end offset once: the inner loop's test recomputed i * m + m, with its overflow checks, at every replica, issue #17)
  for (let i = to - 1, end = to * m; i >= from; i--, end -= m) {
    for (let p = end - m; p < end; p++) {
      const h = prefData[p] >> 2;
      if (counts[h]++ === 0) keys.push(h);
    }
  }
}

/**
 * The host entries of tasks to-1 down to `from` (m host codes a task in prefData) as gaps, at the
 * write positions in `ends` (each key's last entry at [half + key]): whether every gap fits in 16
 * bits. (A key's first gap is from the last task, never read: one above 65,535 makes the stage's
 * lists 32-bit, as a key with no task among the last 65,536 is seldom in a stage so big.)
 */
function writeGaps(m: number, from: number, to: number, prefData: FlatCodes, gaps: Uint16Array, ends: Int32Array, half: number): boolean {
  let seen = 0;
  for (let i = to - 1, end = to * m; i >= from; i--, end -= m) {
    for (let p = end - m; p < end; p++) {
      const h = prefData[p] >> 2;
      const gap = ends[half + h] - i;
      seen |= gap;
      gaps[ends[h]++] = gap;
      ends[half + h] = i;
    }
  }
  return seen <= 0xffff;
}

/** countHosts of packed codes (workload.ts PrefCodes: three hosts a word, in the order of a task's codes). */
function countPacked(from: number, to: number, prefData: Uint32Array, counts: Int32Array, keys: number[]): void {
  for (let i = to - 1; i >= from; i--) {
    const w = prefData[i];
    const h0 = w & 1023;
    if (counts[h0]++ === 0) keys.push(h0);
    const h1 = (w >>> 10) & 1023;
    if (counts[h1]++ === 0) keys.push(h1);
    const h2 = w >>> 20;
    if (counts[h2]++ === 0) keys.push(h2);
  }
}

/** writeGaps of packed codes. */
function gapsPacked(from: number, to: number, prefData: Uint32Array, gaps: Uint16Array, ends: Int32Array, half: number): boolean {
  let seen = 0;
  for (let i = to - 1; i >= from; i--) {
    const w = prefData[i];
    for (let r = 0; r < 30; r += 10) {
      const h = (w >>> r) & 1023;
      const gap = ends[half + h] - i;
      seen |= gap;
      gaps[ends[h]++] = gap;
      ends[half + h] = i;
    }
  }
  return seen <= 0xffff;
}

/**
 * Some offer of execs[from..count) with a free slot has key `key` (its executor, or with `execHost`
 * its host, and with `hostRack` too that host's rack): a loop per kind of key, where one loop
 * testing the kinds at each offer cost a stalled fork's revive rounds about 20 k instructions more
 * (issue #17).
 */
function offered(key: number, execs: Int32Array, free: Int32Array, from: number, count: number, execHost: readonly number[] | null,
  hostRack: readonly number[] | null): boolean {
  if (execHost === null) {
    for (let k = from; k < count; k++) if (execs[k] === key && free[k] >= 1) return true;
  } else if (hostRack === null) {
    for (let k = from; k < count; k++) if (execHost[execs[k]] === key && free[k] >= 1) return true;
  } else {
    for (let k = from; k < count; k++) if (hostRack[execHost[execs[k]]] === key && free[k] >= 1) return true;
  }
  return false;
}
