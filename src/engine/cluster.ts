// Executors, hosts and racks as the driver sees them (CoarseGrainedSchedulerBackend's
// executorDataMap and TaskSchedulerImpl's hostToExecutors / rack lookups).
// Reference sec. 5.3: slots per executor = floor(cores / spark.task.cpus).
import type { ExecutorSpec } from '../format/model';
import { type Arena, freshInts } from './arena';
import { NameIndex } from './nameIndex';

export const enum ExecState {
  Pending = 0, // not registered yet (joinAt, replacement)
  Alive = 1,
  Hung = 2, // stopped answering; the driver still thinks it alive until the heartbeat expiry
  Crashed = 3, // process died; the driver learns it at once
  Removed = 4, // the driver removed it (loss detected)
}

export interface Executor {
  idx: number;
  id: string;
  host: number;
  rack: number; // -1 when the cluster gives no racks
  slots: number;
  reserved: number;
  state: ExecState;
  freeSlots: number;
  freeReserved: number;
  /**
   * slot lanes in use: 1 per busy lane (normal lanes first, then reserved). An array of small
   * integers, not a Uint8Array: every copy of an executor for a fork (own) copies it, and a typed
   * array is about 200 bytes and a backing store of its own however short (issue #17).
   */
  lanes: number[];
  addedAt: number;
  lostAt: number | null;
  lossDetectedAt: number | null;
  /** attempt indices running here */
  running: number[];
  /** released (`leaveAt`): offered no new task, removed once idle */
  draining: boolean;
  /** decommissioning (TaskSchedulerImpl.executorsPendingDecommission): draining, and not alive for locality or as a peer */
  decommissioning: boolean;
  /** when a slot of it was last freed (with no task running: since when it is idle) */
  lastFreed: number;
  /** the lane freed last (takeLane's guess at the lowest free one) */
  freedLane: number;
  spec: ExecutorSpec;
}

export class Cluster {
  readonly executors: Executor[] = [];
  /**
   * Hosts' names and racks, and racks' names: forks share them with their base, and a host or rack
   * added, or a rack given to a host, after the fork goes to copies (ownHosts); a fork's copies of
   * them were 1.1 kB of each of a sweep's 543 forks (issue #17). Read them from here at each use.
   */
  hostNames: string[] = [];
  rackNames: string[] = [];
  hostRack: number[] = [];
  private hostsShared = false;
  /**
   * executor indices per host, in registration order. A host's list is replaced, never changed in
   * place (registrations and removals are rare): forks share the lists with their base
   * (fork.ts copies this list with the same entries) instead of copying one per host.
   */
  readonly hostExecs: (readonly number[])[] = [];
  private readonly hostIndex = new NameIndex();
  private readonly rackIndex = new NameIndex();
  private readonly execIndex = new NameIndex();
  /** free normal slots over alive (driver-known) executors, for the locality-wait measure */
  totalFreeSlots = 0;
  totalFreeReserved = 0;
  aliveCount = 0;
  /**
   * executors in state Removed: while none is, a new task set has no dead executor to filter out
   * of its preferences, and skips the scan of every one of them (a million entries for the
   * bench's scan stage, issue #17)
   */
  removedCount = 0;
  /** removals so far (never lowered, unlike removedCount): a state store's check for dead locations is current while it holds */
  removals = 0;
  /**
   * every executor, in KafkaRDD's compareExecutors order (streaming/kafkaDirect.ts), once asked
   * for: an executor's host and id never change, so the array is replaced when executors are
   * added, never changed, and forks share it
   */
  executorOrder: readonly number[] | null = null;
  /**
   * each executor's host, by executor index (an executor's host never changes). Forks share it: once
   * shared, the next executor added is added to a copy (copying at every add was quadratic in the
   * executors at a run's start). A fork's offer rounds read a host per offer through executor
   * objects of several origins (the base's, a fork's copies), each read a megamorphic load (issue #17).
   */
  execHost: number[] = [];
  private execHostShared = false;
  /**
   * the live executors (isAlive) in index order, once asked for (liveExecutors): null again when
   * one of them changes that way (register, remove, decommission, setState); replaced, never changed
   * in place, and forks share it. A streaming run's block ticks drew every block's peers from it,
   * listed again at each tick from the executors' states (issue #17).
   */
  private live: Int32Array | null = null;
  /**
   * per executor: 1 while its object is shared with a fork, or with the run this one was forked
   * from (copy on write: `own` copies it before a change). A fork of a sweep changes few of the
   * executors before its fault has recovered; copying all of them, with their lanes and running
   * lists, was a third of a fork's copy (issue #17). null: none shared.
   */
  private sharedExecs: Uint8Array | null = null;
  /**
   * per executor: reserved slots added while its object was shared (reserve), given to its copy
   * when it is owned. A sweep's reserved fork reserves a slot on every live executor and uses one or
   * two: copying all of them was an eighth of such a fork (issue #17). null: none pending.
   */
  private pendingReserved: Int32Array | null = null;
  /**
   * A fork's arena (fork.ts, set at the copy), null in a run that is no fork: where the fork's own
   * typed arrays go that nothing keeps beyond the fork (the live list, pending reserved slots, its
   * task sets' lists: arena.ts freshInts), instead of a buffer outside V8's heap each (issue #17).
   */
  arena: Arena | null = null;

  constructor(readonly taskCpus: number) {}

  hostOf(name: string): number {
    let h = this.hostIndex.get(name);
    if (h === undefined) {
      this.ownHosts();
      h = this.hostNames.length;
      this.hostIndex.set(name, h);
      this.hostNames.push(name);
      this.hostRack.push(-1);
      this.hostExecs.push([]);
    }
    return h;
  }

  rackOf(name: string): number {
    let r = this.rackIndex.get(name);
    if (r === undefined) {
      this.ownHosts();
      r = this.rackNames.length;
      this.rackIndex.set(name, r);
      this.rackNames.push(name);
    }
    return r;
  }

  /** The host lists this cluster's own, to change (copied while shared with a fork or its base: sharedWithForks). */
  private ownHosts(): void {
    if (!this.hostsShared) return;
    this.hostNames = this.hostNames.slice();
    this.rackNames = this.rackNames.slice();
    this.hostRack = this.hostRack.slice();
    this.hostsShared = false;
  }

  findExecutor(id: string): number | undefined {
    return this.execIndex.get(id);
  }

  findHost(name: string): number | undefined {
    return this.hostIndex.get(name);
  }

  findRack(name: string): number | undefined {
    return this.rackIndex.get(name);
  }

  add(spec: ExecutorSpec, id: string, reserved: number): Executor {
    const host = this.hostOf(spec.host);
    const rack = spec.rack !== undefined ? this.rackOf(spec.rack) : -1;
    if (rack >= 0 && this.hostRack[host] !== rack) {
      this.ownHosts();
      this.hostRack[host] = rack;
    }
    const slots = Math.floor(spec.cores / this.taskCpus);
    const e: Executor = {
      idx: this.executors.length, id, host, rack, slots, reserved,
      state: ExecState.Pending, freeSlots: 0, freeReserved: 0,
      lanes: new Array<number>(slots + reserved).fill(0), addedAt: spec.joinAt, lostAt: null, lossDetectedAt: null,
      running: [], draining: false, decommissioning: false, lastFreed: 0, freedLane: 0, spec,
    };
    this.executors.push(e);
    if (this.execHostShared) {
      this.execHost = this.execHost.slice();
      this.execHostShared = false;
    }
    this.execHost.push(host);
    this.execIndex.set(id, e.idx);
    return e;
  }

  /**
   * Executor x, to change: its own copy first while it is shared with a fork (or its base). Code
   * that changes an executor gets it here, before any read it relies on after the change (an
   * object read from `executors` before may be the shared one); the methods below check it.
   */
  own(x: number): Executor {
    const s = this.sharedExecs;
    // (an executor added since the fork is its own; the copy is a function of its own, so that
    // this one is small enough for V8 to inline into every launch and task end, issue #17)
    return s === null || s[x] !== 1 ? this.executors[x] : this.copyShared(x, s);
  }

  /**
   * Adds n reserved slots to executor x (recovery.ts reserveSlots). While x is shared they wait in
   * pendingReserved, and its copy takes them when x is owned; reservedOn and freeReservedOn count them.
   */
  reserve(x: number, n: number): void {
    const s = this.sharedExecs;
    const e = this.executors[x];
    if (this.takesReserved(e)) this.totalFreeReserved += n;
    if (s !== null && s[x] === 1) {
      (this.pendingReserved ??= freshInts(this.arena, this.executors.length))[x] += n;
      return;
    }
    e.lanes = widened(e.lanes, n);
    e.reserved += n;
    if (this.takesReserved(e)) e.freeReserved += n;
  }

  /** executor x's reserved slots, those pending included */
  reservedOn(x: number): number {
    return this.executors[x].reserved + this.pendingOn(x);
  }

  /** executor x's free reserved slots, those pending included */
  freeReservedOn(x: number): number {
    const e = this.executors[x];
    return e.freeReserved + (this.takesReserved(e) ? this.pendingOn(x) : 0);
  }

  /** reserved slots waiting for executor x's copy (reserve) */
  private pendingOn(x: number): number {
    const p = this.pendingReserved;
    return p === null || x >= p.length ? 0 : p[x];
  }

  /** (a slot reserved on a removed or pending executor is free once it registers) */
  private takesReserved(e: Executor): boolean {
    return e.state === ExecState.Alive || e.state === ExecState.Hung;
  }

  /** own()'s copy of shared executor x, with the reserved slots pending for it. */
  private copyShared(x: number, s: Uint8Array): Executor {
    const e = this.executors[x];
    s[x] = 0;
    const extra = this.pendingOn(x);
    if (extra !== 0) this.pendingReserved![x] = 0;
    const c: Executor = {
      idx: e.idx, id: e.id, host: e.host, rack: e.rack, slots: e.slots, reserved: e.reserved + extra,
      state: e.state, freeSlots: e.freeSlots, freeReserved: this.takesReserved(e) ? e.freeReserved + extra : e.freeReserved,
      lanes: extra === 0 ? e.lanes.slice() : widened(e.lanes, extra), addedAt: e.addedAt, lostAt: e.lostAt, lossDetectedAt: e.lossDetectedAt,
      running: e.running.slice(), draining: e.draining, decommissioning: e.decommissioning, lastFreed: e.lastFreed, freedLane: e.freedLane, spec: e.spec,
    };
    this.executors[x] = c;
    return c;
  }

  /** A fork `copy` of this cluster was made (fork.ts): both share every executor until one of them changes it. */
  sharedWith(copy: Cluster): void {
    const n = this.executors.length;
    if (this.sharedExecs === null || this.sharedExecs.length < n) this.sharedExecs = new Uint8Array(n);
    this.sharedExecs.fill(1);
    copy.sharedExecs = new Uint8Array(n).fill(1);
  }

  /** `e` may be changed: it is this cluster's own (own()), not a shared or replaced object. */
  private mine(e: Executor): void {
    const s = this.sharedExecs; // (with nothing ever shared, no executor was replaced either)
    if (s !== null && (this.executors[e.idx] !== e || s[e.idx] === 1)) {
      throw new Error(`executor ${e.id} changed without Cluster.own: a fork would write through to its base`);
    }
  }

  register(e: Executor, now: number): void {
    this.mine(e);
    if (e.state === ExecState.Removed) this.removedCount--;
    e.state = ExecState.Alive;
    e.addedAt = now;
    e.freeSlots = e.slots;
    e.freeReserved = e.reserved;
    this.totalFreeSlots += e.slots;
    this.totalFreeReserved += e.reserved;
    this.hostExecs[e.host] = [...this.hostExecs[e.host], e.idx];
    this.aliveCount++;
    this.live = null;
  }

  /** The executor is released: no slot of it is offered from now on (executorsPendingToRemove). */
  drain(e: Executor): void {
    this.mine(e);
    e.draining = true;
    this.totalFreeSlots -= e.freeSlots;
    this.totalFreeReserved -= e.freeReserved;
    e.freeSlots = 0;
    e.freeReserved = 0;
  }

  /**
   * TaskSchedulerImpl.executorDecommission: no slot of it is offered from now on, and it no longer
   * counts as alive for locality (isExecutorAlive, hasExecutorsAliveOnHost) nor as a block-manager
   * peer (BlockManagerMasterEndpoint.getPeers); its running tasks go on.
   */
  decommission(e: Executor): void {
    this.mine(e);
    if (!e.draining) this.drain(e);
    e.decommissioning = true;
    this.unlistHost(e);
    this.live = null;
  }

  /** The driver removes the executor (TaskSchedulerImpl.removeExecutor). */
  remove(e: Executor, now: number): void {
    this.mine(e);
    this.totalFreeSlots -= e.freeSlots;
    this.totalFreeReserved -= e.freeReserved;
    e.freeSlots = 0;
    e.freeReserved = 0;
    if (e.state !== ExecState.Removed) this.removedCount++;
    this.removals++;
    e.state = ExecState.Removed;
    e.lossDetectedAt = now;
    this.unlistHost(e);
    this.aliveCount--;
    this.live = null;
  }

  /** The executor's process stopped answering or died (Hung, Crashed): the driver does not know yet. */
  setState(e: Executor, state: ExecState.Hung | ExecState.Crashed): void {
    this.mine(e);
    const was = this.isAlive(e);
    e.state = state;
    if (this.isAlive(e) !== was) this.live = null;
  }

  private unlistHost(e: Executor): void {
    const list = this.hostExecs[e.host];
    if (list.includes(e.idx)) this.hostExecs[e.host] = list.filter((x) => x !== e.idx);
  }

  /**
   * What a fork shares with this cluster instead of copying (fork.ts): the executor order, the
   * executors' hosts and the host lists, never changed in place while shared, and the shared flags (sharedWith gives the fork its own). The executors
   * themselves are shared copy on write (own, sharedWith); the hosts' lists are shared by fork.ts.
   */
  sharedWithForks(): readonly object[] {
    const out: object[] = [];
    if (this.executorOrder !== null) out.push(this.executorOrder);
    out.push(this.execHost, this.hostNames, this.rackNames, this.hostRack);
    this.execHostShared = true;
    this.hostsShared = true;
    if (this.live !== null) out.push(this.live);
    if (this.sharedExecs !== null) out.push(this.sharedExecs);
    if (this.arena !== null) out.push(this.arena); // (a fork's is its own: follow sets it)
    return out;
  }

  /** TaskSchedulerImpl.isExecutorAlive: registered, not yet removed (a hung one counts) and not decommissioning. */
  isAlive(e: Executor): boolean {
    return (e.state === ExecState.Alive || e.state === ExecState.Hung || e.state === ExecState.Crashed) && !e.decommissioning;
  }

  /** The live executors (isAlive), in index order: the same array while none of them changes. */
  liveExecutors(): Int32Array {
    return this.live ?? (this.live = this.listLive());
  }

  private listLive(): Int32Array {
    const execs = this.executors;
    let n = 0;
    for (let i = 0; i < execs.length; i++) if (this.isAlive(execs[i])) n++;
    const out = freshInts(this.arena, n);
    n = 0;
    for (let i = 0; i < execs.length; i++) if (this.isAlive(execs[i])) out[n++] = i;
    return out;
  }

  hasExecutorsAliveOnHost(host: number): boolean {
    return this.hostExecs[host].length > 0;
  }

  hasHostAliveOnRack(rack: number): boolean {
    for (let h = 0; h < this.hostNames.length; h++) {
      if (this.hostRack[h] === rack && this.hostExecs[h].length > 0) return true;
    }
    return false;
  }

  /** Takes the lowest free lane (normal or reserved) and returns its number. */
  takeLane(e: Executor, reserved: boolean): number {
    // (with nothing ever shared no executor was replaced either: nothing to check, and no call on
    // a launch's or a task end's path, issue #17)
    if (this.sharedExecs !== null) this.mine(e);
    // A task's end frees a lane and offers its executor at once: with one normal lane free, that
    // lane is the lowest free one, found without a scan (issue #17).
    const f = e.freedLane;
    if (!reserved && e.freeSlots === 1 && f < e.slots && e.lanes[f] === 0) {
      e.lanes[f] = 1;
      e.freeSlots--, this.totalFreeSlots--;
      return f;
    }
    const from = reserved ? e.slots : 0;
    const to = reserved ? e.slots + e.reserved : e.slots;
    for (let i = from; i < to; i++) {
      if (e.lanes[i] === 0) {
        e.lanes[i] = 1;
        if (reserved) e.freeReserved--, this.totalFreeReserved--;
        else e.freeSlots--, this.totalFreeSlots--;
        return i;
      }
    }
    throw new Error(`no free ${reserved ? 'reserved ' : ''}slot on executor ${e.id}`);
  }

  releaseLane(e: Executor, lane: number, now: number): void {
    if (this.sharedExecs !== null) this.mine(e); // (as takeLane)
    e.lanes[lane] = 0;
    e.lastFreed = now;
    e.freedLane = lane;
    if (e.state === ExecState.Removed || e.draining) return;
    if (lane >= e.slots) e.freeReserved++, this.totalFreeReserved++;
    else e.freeSlots++, this.totalFreeSlots++;
  }
}

/** `lanes` and `extra` free ones after them: a new array of the exact size (a push would give it room for 16 more). */
function widened(lanes: readonly number[], extra: number): number[] {
  const out = new Array<number>(lanes.length + extra).fill(0);
  for (let k = 0; k < lanes.length; k++) out[k] = lanes[k];
  return out;
}
