// Executors, hosts and racks as the driver sees them (CoarseGrainedSchedulerBackend's
// executorDataMap and TaskSchedulerImpl's hostToExecutors / rack lookups).
// Reference sec. 5.3: slots per executor = floor(cores / spark.task.cpus).
import type { ExecutorSpec } from '../format/model';
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
  /** slot lanes in use: 1 per busy lane (normal lanes first, then reserved) */
  lanes: Uint8Array;
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
  spec: ExecutorSpec;
}

export class Cluster {
  readonly executors: Executor[] = [];
  readonly hostNames: string[] = [];
  readonly rackNames: string[] = [];
  readonly hostRack: number[] = [];
  /** executor indices per host, in registration order */
  readonly hostExecs: number[][] = [];
  private readonly hostIndex = new NameIndex();
  private readonly rackIndex = new NameIndex();
  private readonly execIndex = new NameIndex();
  /** free normal slots over alive (driver-known) executors, for the locality-wait measure */
  totalFreeSlots = 0;
  totalFreeReserved = 0;
  aliveCount = 0;

  constructor(readonly taskCpus: number) {}

  hostOf(name: string): number {
    let h = this.hostIndex.get(name);
    if (h === undefined) {
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
      r = this.rackNames.length;
      this.rackIndex.set(name, r);
      this.rackNames.push(name);
    }
    return r;
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
    if (rack >= 0) this.hostRack[host] = rack;
    const slots = Math.floor(spec.cores / this.taskCpus);
    const e: Executor = {
      idx: this.executors.length, id, host, rack, slots, reserved,
      state: ExecState.Pending, freeSlots: 0, freeReserved: 0,
      lanes: new Uint8Array(slots + reserved), addedAt: spec.joinAt, lostAt: null, lossDetectedAt: null,
      running: [], draining: false, decommissioning: false, lastFreed: 0, spec,
    };
    this.executors.push(e);
    this.execIndex.set(id, e.idx);
    return e;
  }

  register(e: Executor, now: number): void {
    e.state = ExecState.Alive;
    e.addedAt = now;
    e.freeSlots = e.slots;
    e.freeReserved = e.reserved;
    this.totalFreeSlots += e.slots;
    this.totalFreeReserved += e.reserved;
    this.hostExecs[e.host].push(e.idx);
    this.aliveCount++;
  }

  /** The executor is released: no slot of it is offered from now on (executorsPendingToRemove). */
  drain(e: Executor): void {
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
    if (!e.draining) this.drain(e);
    e.decommissioning = true;
    this.unlistHost(e);
  }

  /** The driver removes the executor (TaskSchedulerImpl.removeExecutor). */
  remove(e: Executor, now: number): void {
    this.totalFreeSlots -= e.freeSlots;
    this.totalFreeReserved -= e.freeReserved;
    e.freeSlots = 0;
    e.freeReserved = 0;
    e.state = ExecState.Removed;
    e.lossDetectedAt = now;
    this.unlistHost(e);
    this.aliveCount--;
  }

  private unlistHost(e: Executor): void {
    const list = this.hostExecs[e.host];
    const at = list.indexOf(e.idx);
    if (at >= 0) list.splice(at, 1);
  }

  /** TaskSchedulerImpl.isExecutorAlive: registered, not yet removed (a hung one counts) and not decommissioning. */
  isAlive(e: Executor): boolean {
    return (e.state === ExecState.Alive || e.state === ExecState.Hung || e.state === ExecState.Crashed) && !e.decommissioning;
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
    e.lanes[lane] = 0;
    e.lastFreed = now;
    if (e.state === ExecState.Removed || e.draining) return;
    if (lane >= e.slots) e.freeReserved++, this.totalFreeReserved++;
    else e.freeSlots++, this.totalFreeSlots++;
  }
}
