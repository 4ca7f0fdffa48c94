// ReceiverTracker (streaming/.../scheduler/ReceiverTracker.scala; reference sec. 2.1-2.2): every
// receiver runs as a one-task Spark job whose task holds spark.task.cpus on its executor for the
// receiver's life. StartAllReceivers places them with scheduleReceivers; a launched task registers
// (RegisterReceiver) and is refused outside its candidates; when a receiver job ends (refused,
// or the retry of a task lost with its executor, which returns at once) RestartReceiver submits a
// new job: the stored candidates that are still alive, else rescheduleReceiver. No restart limit.
import type { ReceiverInputSpec } from '../../format/model';
import type { Simulation } from '../simulation';
import { appended, NONE } from '../intList';
import { JobKind, makeStage, markRerun, StageKind, type Job } from '../workload';
import {
  isAcceptable, ReceiverState, rescheduleReceiver, scheduleReceivers, trackerExecutors, type TrackingInfo,
} from './receiverSchedulingPolicy';
import { Pref } from '../workload';

export interface ReceiverRun {
  name: string;
  /** index in streaming.inputs */
  input: number;
  rate: number;
  /** the storage level's replication (1 with the write-ahead log) */
  replication: number;
  /** blocks are written to the receiver write-ahead log */
  wal: boolean;
  /** the BlockGenerator's RateLimiter (records/s; Infinity: none): its initial rate at every start */
  limit: number;
  initialLimit: number;
  preferredHost: number | undefined;
  /** the current receiver job (index in Simulation.jobs), -1 before the start */
  job: number;
  /** receiving since (registration time), -1 when not running */
  since: number;
}

export interface ReceiverLoss {
  fault: number;
  receiver: number;
  executor: number;
  detectedAt: number;
  relaunchedAt: number | null;
  relaunchedOn: number;
}

export class ReceiverTracker {
  readonly receivers: ReceiverRun[] = [];
  readonly infos: TrackingInfo[] = [];
  losses: ReceiverLoss[] = NONE;
  /** relaunch after a loss may take a reserved slot (recovery.reserveForReceivers) */
  private pendingRelaunch: number[] = NONE;

  constructor(inputs: { spec: ReceiverInputSpec; index: number; rate: number; host: number | undefined }[], initialLimit: number) {
    for (const r of inputs) {
      this.receivers.push({ name: r.spec.name, input: r.index, rate: r.rate, replication: r.spec.replication, wal: r.spec.writeAheadLog,
        limit: initialLimit, initialLimit, preferredHost: r.host, job: -1, since: -1 });
      this.infos.push({ state: ReceiverState.Inactive, scheduled: null, running: -1 });
    }
  }

  /** StartAllReceivers: scheduleReceivers over the executors registered now, then one job each. */
  start(sim: Simulation): void {
    const lists = scheduleReceivers(this.receivers.map((r) => r.preferredHost), trackerExecutors(sim.cluster), sim.cluster);
    lists.forEach((list, r) => {
      // updateReceiverScheduledExecutors: SCHEDULED with these locations
      this.infos[r] = { state: ReceiverState.Scheduled, scheduled: list, running: -1 };
      this.startReceiver(sim, r, list);
    });
  }

  /** startReceiver: a one-partition job whose task prefers the candidate locations. */
  private startReceiver(sim: Simulation, r: number, candidates: number[], fault = -1): void {
    const rec = this.receivers[r];
    const name = `receiver:${rec.name}`;
    // (not Int32Array.from: an iterator walk; in the run's chunks: a sweep's receiver forks each made
    // a buffer outside V8's heap here, issue #17)
    const prefData = sim.streaming!.chunks.ints(candidates);
    const stage = makeStage(sim.jobs.length, name, name, new Int32Array(1), new Float64Array(1),
      Int32Array.from([0, prefData.length]), prefData, StageKind.Receiver, -1, Int32Array.from([r]));
    const job: Job = {
      idx: sim.jobs.length, kind: JobKind.Receiver, batch: -1, output: r, id: -1, name, submit: sim.now, stages: [stage],
      end: null, aborted: null,
    };
    rec.job = job.idx;
    // recovery.reserveForReceivers: a receiver relaunched after a loss is a re-run that may take a
    // reserved slot (spec "recovery"); the task set lists it for them when it is submitted
    if (fault >= 0 && sim.reservedPolicy && sim.file.recovery.reserveForReceivers) markRerun(stage, 0, fault);
    sim.addJob(job);
    sim.startJob(job.idx);
  }

  /**
   * The receiver task starts on `exec` (attempt 0): RegisterReceiver. Accepted when `exec` is among
   * the stored scheduled locations (global scheduling), else among rescheduleReceiver's (which
   * are stored as SCHEDULED); then ACTIVE, scheduled locations cleared.
   */
  register(sim: Simulation, r: number, exec: number): boolean {
    const info = this.infos[r];
    let acceptable = info.scheduled;
    if (acceptable === null) {
      acceptable = rescheduleReceiver(this.receivers[r].preferredHost, this.infos, trackerExecutors(sim.cluster));
      this.infos[r] = { state: ReceiverState.Scheduled, scheduled: acceptable, running: -1 };
    }
    if (!isAcceptable(acceptable, exec, sim.cluster)) return false;
    this.infos[r] = { state: ReceiverState.Active, scheduled: null, running: exec };
    this.receivers[r].since = sim.now;
    // a new ReceiverSupervisor: its BlockGenerators start at the initial rate
    this.receivers[r].limit = this.receivers[r].initialLimit;
    for (const loss of this.losses) {
      if (loss.receiver !== r || loss.relaunchedAt !== null) continue;
      loss.relaunchedAt = sim.now;
      loss.relaunchedOn = exec;
      sim.faults[loss.fault].outstanding.delete(`receiver:${r}`);
    }
    return true;
  }

  /** The executor running the receiver was removed (its task is lost; the retry returns at once). */
  lost(sim: Simulation, r: number, exec: number, fault: number): void {
    this.receivers[r].since = -1;
    this.losses = appended(this.losses, { fault, receiver: r, executor: exec, detectedAt: sim.now, relaunchedAt: null, relaunchedOn: -1 });
    sim.faults[fault].outstanding.add(`receiver:${r}`);
    if (!this.pendingRelaunch.includes(r)) this.pendingRelaunch = appended(this.pendingRelaunch, r);
  }

  /** The receiver job ended (succeeded or aborted): RestartReceiver. */
  jobEnded(sim: Simulation, r: number): void {
    this.receivers[r].since = -1;
    const { cluster } = sim;
    // getStoredScheduledExecutors: the stored locations that are still alive (host locations stay)
    const old: number[] = [];
    for (const code of this.infos[r].scheduled ?? []) if ((code & 3) !== Pref.EXEC || cluster.isAlive(cluster.executors[code >> 2])) old.push(code);
    let candidates: number[];
    if (old.length > 0) candidates = old; // try global scheduling again
    else {
      this.infos[r] = { state: ReceiverState.Inactive, scheduled: null, running: -1 };
      candidates = rescheduleReceiver(this.receivers[r].preferredHost, this.infos, trackerExecutors(cluster));
    }
    const k = this.pendingRelaunch.indexOf(r);
    let fault = -1;
    if (k >= 0) {
      this.pendingRelaunch.splice(k, 1);
      fault = this.losses.filter((l) => l.receiver === r).pop()!.fault;
    }
    this.startReceiver(sim, r, candidates, fault);
  }

  /** Is receiver r storing blocks now (registered, on an executor whose process runs)? */
  receivingOn(sim: Simulation, r: number): number {
    const info = this.infos[r];
    if (info.state !== ReceiverState.Active || this.receivers[r].since < 0) return -1;
    return sim.cluster.executors[info.running].state === 1 /* Alive */ ? info.running : -1;
  }
}
