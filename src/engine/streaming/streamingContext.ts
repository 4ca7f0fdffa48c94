// The StreamingContext of a run: starts the ReceiverTracker before the JobGenerator (JobScheduler
// .start, reference sec. 2.1), runs BlockGenerator ticks, GenerateJobs at every batch time and
// the JobScheduler's pool, and keeps the input data: receiver blocks (BlockManagerMaster's view
// and the executors that really hold them) and Kafka offsets. Plain data only (forks clone it).
import type { KafkaInputSpec, ReceiverInputSpec, StreamingSpec } from '../../format/model';
import { ExecState } from '../cluster';
import { EventKind } from '../eventQueue';
import { appended, NO_ENTRIES, NONE } from '../intList';
import type { BatchResult, DataLossResult } from '../result';
import type { Simulation } from '../simulation';
import { attemptOf, JobKind, Pref, StageKind, type Job, type Stage } from '../workload';
import { BlockList, blockHolders, holdersWithout, ReplicaMemo, recordsBetween, unreadable, type Block } from './blockGenerator';
import { batchTime, buildOutputStages, builtOutputJob, outputJob, type InputPartitions } from './jobGenerator';
import { JobScheduler } from './jobScheduler';
import { kafkaPrefs, latestOffset, untilOffsets, type KafkaRates } from './kafkaDirect';
import { NO_PREFS, noPrefStart, StageChunks } from '../stageBuffers';
import { newPidState, pidCompute, pidParams, type PidParams, type PidState } from './rateController';
import { ReceiverTracker } from './receiverTracker';

/**
 * A refused receiver task ends after the RegisterReceiver round trip. Spark relaunches a refused
 * receiver at once (RestartReceiver, no back-off), so with spark.locality.wait = 0 a receiver whose
 * candidates are busy bounces from task to task; this keeps one bounce per millisecond instead of
 * an endless loop at one instant.
 */
export const REFUSED_REGISTRATION_MS = 1;

/** no blocks allocated (never written) */
const NO_BLOCKS: readonly number[] = [];

/** Per input, the first input of its name (inputs are found by name) */
const firstByName = new WeakMap<readonly object[], number[]>();

function firstOfName(inputs: StreamingSpec['inputs']): number[] {
  let first = firstByName.get(inputs);
  if (first === undefined) firstByName.set(inputs, (first = inputs.map((input) => inputs.findIndex((i) => i.name === input.name))));
  return first;
}

/** Received data lost with its executors: the result's own type (reference sec. 2.6). */
export type DataLoss = DataLossResult;

export class StreamingContext {
  readonly tracker: ReceiverTracker;
  readonly jobScheduler: JobScheduler;
  readonly blocks = new BlockList();
  dataLoss: DataLoss[] = NONE;

  /** The received blocks lost for good at or after `at`, as a swept fault lists them (a fork's and a known idle crash's alike). */
  lostBlocksSince(at: number): { block: string; batch: number; records: number; kind: DataLoss['kind'] }[] {
    // (most runs lose none: the sweep's empty list, not two new arrays per record, issue #17)
    if (this.dataLoss.length === 0) return NO_ENTRIES;
    return this.dataLoss.filter((d) => d.at >= at).map((d) => ({ block: d.block, batch: d.batch, records: d.records, kind: d.kind }));
  }
  /** Kafka: current offset per partition, per input index (NONE for receivers: never written) */
  readonly offsets: number[][];
  /** per job index, its batch's index in the JobScheduler (an array: a fork copies it, and a Map's copy was slower) */
  private readonly jobBatch: number[] = [];
  private readonly failedBlocks = new Set<number>();
  private nextBatch = 1;
  /** the first block not yet allocated to a batch */
  private unallocated = 0;
  stopped = false;
  readonly lastBatchTime: number;
  private readonly rates: KafkaRates;
  /** spark.streaming.backpressure.enabled: a RateController per input */
  readonly backpressure: boolean;
  private readonly pid: PidParams;
  private readonly pidState: PidState[];
  /** Kafka: the RateController's latest rate per input (-1 until it publishes) */
  private readonly latestRate: number[];
  /** numRecords per input (StreamInputInfo), per batch index */
  private readonly batchRecords: number[][] = [];
  private readonly maxRate: number;
  private readonly kafkaInitialRate: number;
  /** the block shuffles drawn by the forks of this run (sharedWithForks, drawsShared) */
  private replicaMemo: ReplicaMemo | null = null;
  /**
   * Whether this run's blocks draw their shuffles through the memo it shares with its base and the
   * base's other forks: set in a sweep's forks (analysis/sweep.ts runFork), not in the run forked.
   * That run's later draws served a fork only for the ticks before its loss is known, and a
   * sweep's fault-free run, copied at 8 moments on its way (sweepSnapshots.ts), memoized every
   * block after the first copy: half of its slowdown after the copies (issue #17).
   */
  drawsShared = false;
  /** where the batches' and receivers' stages keep their per-task arrays (shared with forks) */
  readonly chunks = new StageChunks();
  /**
   * A batch's stages are built when its job starts, not at generation (pump): a sweep's fork
   * stalled on a lost task queues batch after batch that it never starts before it stops, but a
   * run that starts every job paid for its stages twice, unbuilt then built (issue #17). Set in
   * forks (analysis/sweep.ts runFork).
   */
  buildAtStart = false;
  /**
   * The jobs generated and not started while buildAtStart, with their stages' input partitions,
   * in the order they start (the job scheduler's queue is FIFO). Each entry is never changed:
   * shared with forks. NONE (intList.ts) until the first: a run that is no fork has none, and each
   * fork copied its empty list (issue #17).
   */
  private unbuilt: UnbuiltJob[] = NONE;

  constructor(readonly spec: StreamingSpec, sim: Simulation) {
    const raw = sim.file.conf.raw;
    const maxRate = Number(raw['spark.streaming.receiver.maxRate'] ?? 0);
    // spark.streaming.receiver.writeAheadLog.enable: every receiver writes its blocks to the log
    // (WriteAheadLogBasedBlockHandler: replication 1), as `writeAheadLog: true` does for one
    const walForAll = (raw['spark.streaming.receiver.writeAheadLog.enable'] ?? '').trim().toLowerCase() === 'true';
    const receivers: { spec: ReceiverInputSpec; index: number; rate: number; host: number | undefined }[] = [];
    spec.inputs.forEach((input, index) => {
      if (input.kind !== 'receiver') return;
      // RateLimiter: spark.streaming.receiver.maxRate caps the receiving rate (<= 0: no limit; sec. 2.7)
      const rate = maxRate > 0 ? Math.min(input.recordsPerSecond, maxRate) : input.recordsPerSecond;
      const host = input.preferredHost !== undefined ? sim.cluster.findHost(input.preferredHost) : undefined;
      receivers.push({ spec: walForAll ? { ...input, writeAheadLog: true, replication: 1 } : input, index, rate, host });
    });
    this.backpressure = (raw['spark.streaming.backpressure.enabled'] ?? '').trim().toLowerCase() === 'true';
    this.maxRate = maxRate;
    // RateLimiter's initial rate: min(spark.streaming.backpressure.initialRate (default maxRate), maxRate)
    const initialRate = Number(raw['spark.streaming.backpressure.initialRate'] ?? 0) || 0;
    const cap = maxRate > 0 ? maxRate : Infinity;
    this.tracker = new ReceiverTracker(receivers, this.backpressure && initialRate > 0 ? Math.min(initialRate, cap) : cap);
    this.kafkaInitialRate = initialRate;
    this.pid = pidParams(raw, spec.batchInterval);
    this.pidState = spec.inputs.map(() => newPidState());
    this.latestRate = spec.inputs.map(() => -1);
    this.jobScheduler = new JobScheduler(Math.max(1, sim.file.conf.concurrentJobs));
    this.offsets = spec.inputs.map((i) => (i.kind === 'kafka-direct' ? new Array<number>(i.partitions).fill(0) : NONE));
    this.lastBatchTime = batchTime(spec.batches, spec.batchInterval);
    this.rates = {
      maxRatePerPartition: Number(raw['spark.streaming.kafka.maxRatePerPartition'] ?? 0) || 0,
      minRatePerPartition: Number(raw['spark.streaming.kafka.minRatePerPartition'] ?? 1) || 0,
    };
  }

  /** ssc.start() at time 0: the receiver tracker first, then the JobGenerator's timer. */
  start(sim: Simulation): void {
    this.tracker.start(sim);
    sim.schedule(batchTime(1, this.spec.batchInterval), EventKind.GenerateJobs, 1, false);
    const bi = sim.file.conf.blockInterval;
    if (this.tracker.receivers.length > 0 && bi > 0 && bi < this.lastBatchTime) sim.schedule(bi, EventKind.BlockTick, 0, true);
  }

  // ---- BlockGenerator ---------------------------------------------------------------------

  /** A block interval tick at `now`: every receiving receiver seals the records of the interval. */
  blockTick(sim: Simulation): void {
    const t = sim.now;
    const bi = sim.file.conf.blockInterval;
    const receivers = this.tracker.receivers;
    for (let r = 0; r < receivers.length; r++) {
      const rec = receivers[r];
      const exec = this.tracker.receivingOn(sim, r);
      if (exec < 0) continue;
      const records = recordsBetween(Math.min(rec.rate, rec.limit), Math.max(t - bi, rec.since), t);
      if (records <= 0) continue; // an empty interval makes no block
      const input = this.spec.inputs[rec.input] as ReceiverInputSpec;
      const holders = blockHolders(sim.cluster, exec, rec.replication - 1, sim.file.seed, input.name, t, this.drawsShared ? this.replicaMemo : null,
        rec.input);
      this.blocks.push({ input: rec.input, tick: t, records, bytes: records * input.recordSize, holders, wal: rec.wal });
    }
    if (!this.stopped && t + bi < this.lastBatchTime) sim.schedule(t + bi, EventKind.BlockTick, 0, true);
  }

  /** BlockManagerMasterEndpoint#removeBlockManager: the executor's copies are forgotten. */
  executorRemoved(x: number): void {
    const blocks = this.blocks;
    for (let i = this.firstBlockRead(); i < blocks.length; i++) {
      const b = blocks.at(i);
      const k = b.holders.indexOf(x);
      if (k >= 0) blocks.set(i, { input: b.input, tick: b.tick, records: b.records, bytes: b.bytes, holders: holdersWithout(b.holders, k), wal: b.wal });
    }
  }

  /**
   * The first received block anything may still read: the blocks of a batch whose jobs have all
   * ended are read no more (its stages are done: nothing fills their preferences or launches their
   * tasks again), and the blocks are in batch order (allocateBlocksToBatch), the unallocated ones
   * last. A loss then leaves the older blocks' holders as they were: a sweep's fork of a long run
   * replaced every old block the lost executor held (issue #17).
   */
  firstBlockRead(): number {
    let open = Infinity; // the earliest batch not ended: every earlier one has
    for (const b of this.jobScheduler.batches) if (b.processingEnd === null && b.time < open) open = b.time;
    const blocks = this.blocks;
    let i = blocks.length;
    while (i > 0 && !(blocks.batchOf(i - 1) !== -1 && blocks.batchOf(i - 1) < open)) i--;
    return i;
  }

  /**
   * What a fork shares with this run instead of copying: the memo of its forks' block shuffles
   * (made at the first fork: a run never forked pays nothing for it; drawsShared), the chunks of
   * the batches' arrays (each run carves its own regions), and what is never changed: the file's
   * streaming section (reached from here, not through the file), each batch's record counts and
   * the jobs not started.
   */
  sharedWithForks(seed: number, blockInterval: number): object[] {
    return [(this.replicaMemo ??= new ReplicaMemo(seed, blockInterval)), this.chunks, this.spec, ...this.unbuilt];
  }

  /** Lists a fork copies with the same entries (fork.ts): the batches' record counts, replaced, never changed. */
  slicedForForks(): readonly unknown[][] {
    return [this.batchRecords];
  }

  // ---- JobGenerator -------------------------------------------------------------------------

  /** GenerateJobs(T): allocateBlocksToBatch, one job per output (registration order), submitJobSet. */
  generateJobs(sim: Simulation, k: number): void {
    if (this.stopped) return;
    const B = this.spec.batchInterval;
    const T = batchTime(k, B);
    // allocateBlocksToBatch: every block reported (sealed) before T and not yet allocated
    // (blocks are stored in tick order: the unallocated ones are a suffix); per input, its blocks
    // (lists and no Map or name lookups: a sweep's stalled forks generate batch after batch, issue #17)
    const inputs = this.spec.inputs;
    let allocated: number[][] | null = null;
    for (; this.unallocated < this.blocks.length && this.blocks.at(this.unallocated).tick < T; this.unallocated++) {
      this.blocks.setBatch(this.unallocated, T);
      (allocated ??= inputs.map(() => []))[this.blocks.at(this.unallocated).input].push(this.unallocated);
    }
    // each input's partitions when first asked for (the order of its dropped blocks in dataLoss)
    const parts: (InputPartitions | undefined)[] = new Array(inputs.length);
    const partitionsOf = (index: number): InputPartitions => (parts[index] ??= this.inputPartitions(sim, index, T, allocated?.[index] ?? NO_BLOCKS));
    const jobs: number[] = [];
    this.spec.outputs.forEach((out, o) => {
      let job: Job;
      if (this.buildAtStart) {
        const made = outputJob(sim.jobs.length, o, out, T, inputs, partitionsOf);
        this.unbuilt = appended(this.unbuilt, { job: made.job.idx, parts: made.parts });
        job = made.job;
      } else job = builtOutputJob(sim.jobs.length, o, out, T, inputs, partitionsOf, sim.file.seed, this.chunks);
      sim.addJob(job);
      jobs.push(job.idx);
      this.jobBatch[job.idx] = this.jobScheduler.batches.length;
    });
    // every input's RDD is computed once per batch (DStream#getOrCompute), read or not (an input
    // named twice: its first's); StreamInputInfo.numRecords: all allocated blocks (dropped ones
    // included) / the offset ranges
    const first = firstOfName(inputs);
    const records: number[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const p = partitionsOf(first[i]);
      let sum = 0;
      if (inputs[i].kind === 'kafka-direct') for (let k = 0; k < p.records.length; k++) sum += p.records[k];
      else for (const b of allocated?.[i] ?? NO_BLOCKS) sum += this.blocks.at(b).records;
      records.push(sum);
    }
    if (jobs.length > 0) this.batchRecords.push(records);
    this.jobScheduler.submitJobSet(T, jobs, sim.now);
    this.nextBatch = k + 1;
    if (k < this.spec.batches) sim.schedule(batchTime(k + 1, B), EventKind.GenerateJobs, k + 1, false);
    else sim.generatorDone();
    this.pump(sim);
  }

  /** The input's partitions in batch T: its blocks (BlockRDD) or its Kafka offset ranges (KafkaRDD). */
  private inputPartitions(sim: Simulation, index: number, T: number, blockIdx: readonly number[]): InputPartitions {
    const input = this.spec.inputs[index];
    if (input.kind === 'kafka-direct') return this.kafkaPartitions(sim, index, input, T);
    // (lists of their final size: a pushed list has room for 17, and a sweep builds a batch in
    // every fork that reaches its time, issue #17)
    let n = 0;
    for (const i of blockIdx) {
      const b = this.blocks.at(i);
      // ReceiverInputDStream#createBlockRDD: without a WAL handle, only the blocks the master still
      // knows; the others are dropped silently (sec. 2.5)
      if (unreadable(b)) {
        this.dataLoss = appended(this.dataLoss, { input: input.name, block: blockName(input.name, b, sim), batch: T, records: b.records, kind: 'dropped', at: sim.now });
        continue;
      }
      n++;
    }
    const out: InputPartitions = { kind: StageKind.Blocks, source: new Array<number>(n), records: new Array<number>(n), bytes: new Array<number>(n) };
    let k = 0;
    for (const i of blockIdx) {
      const b = this.blocks.at(i);
      if (unreadable(b)) continue;
      out.source[k] = i;
      out.records[k] = b.records;
      out.bytes[k++] = b.bytes;
    }
    return out;
  }

  /** DirectKafkaInputDStream#compute: latest offsets, clamped by the rate limits; offsets advance. */
  private kafkaPartitions(sim: Simulation, index: number, input: KafkaInputSpec, T: number): InputPartitions {
    const n = input.partitions;
    // (the partitions' ids, and no input bytes: read from the Kafka brokers wherever the task runs,
    // no input of the cluster's network model; the same arrays for every batch)
    const out: InputPartitions = { kind: StageKind.Kafka, source: sharedList(n, 1), records: new Array<number>(n), bytes: sharedList(n, 0) };
    const current = this.offsets[index];
    // the rate controller's latest rate (3.x: else spark.streaming.backpressure.initialRate)
    let estimated = -1;
    if (this.backpressure) {
      estimated = this.latestRate[index];
      if (!(estimated > 0) && sim.spark !== '2.2') estimated = this.kafkaInitialRate;
    }
    if (!(estimated > 0) && !(this.rates.maxRatePerPartition > 0)) {
      // no rate to clamp by: every until offset is the latest (untilOffsets' arrays were a
      // thirtieth of a streaming sweep's allocation, issue #17)
      const latest = latestOffset(input, T);
      for (let p = 0; p < n; p++) {
        out.records[p] = latest - current[p];
        current[p] = latest;
      }
      return out;
    }
    const latest = current.map(() => latestOffset(input, T));
    const untils = untilOffsets(current, latest, this.spec.batchInterval, this.rates, sim.spark, estimated);
    for (let p = 0; p < n; p++) {
      out.records[p] = untils[p] - current[p];
      current[p] = untils[p];
    }
    return out;
  }

  // ---- JobScheduler ---------------------------------------------------------------------

  /** Free pool threads take queued jobs: each is a DAGScheduler job from now on. */
  pump(sim: Simulation): void {
    for (;;) {
      const j = this.jobScheduler.take(sim.now);
      if (j < 0) return;
      this.build(sim, j);
      sim.startJob(j);
    }
  }

  /** Builds the stages of job j, which starts now, unless they were built at generation (before buildAtStart). */
  private build(sim: Simulation, j: number): void {
    const list = this.unbuilt;
    if (list.length === 0 || list[0].job !== j) return;
    const job = sim.jobs[j];
    buildOutputStages(job, this.spec.outputs[job.output], sim.file.seed, list[0].parts, this.chunks);
    list.shift();
  }

  /** A job ended (a receiver's: RestartReceiver; an output's: JobCompleted). */
  jobEnded(sim: Simulation, job: Job): void {
    if (job.kind === JobKind.Receiver) {
      if (!this.stopped) this.tracker.jobEnded(sim, job.output);
      return;
    }
    const b = this.jobBatch[job.idx];
    if (this.jobScheduler.completed(b, sim.now)) this.batchCompleted(b);
    if (job.aborted !== null) {
      // JobScheduler#handleError -> awaitTermination rethrows: the application stops (sec. 1.7)
      this.stop(sim, `the streaming application stopped: job ${job.name} failed`);
      return;
    }
    this.pump(sim);
  }

  /**
   * StreamingListenerBatchCompleted -> RateController.onBatchCompleted for every input (with
   * backpressure): the PID rate goes to the receiver (BlockGenerator.updateRate, capped by
   * spark.streaming.receiver.maxRate; ignored when <= 0) or is kept for the next Kafka compute.
   */
  private batchCompleted(b: number): void {
    if (!this.backpressure) return;
    const batch = this.jobScheduler.batches[b];
    const processingDelay = batch.processingEnd! - batch.processingStart!;
    const schedulingDelay = batch.processingStart! - batch.submission;
    this.spec.inputs.forEach((input, i) => {
      const rate = pidCompute(this.pidState[i], this.pid, batch.processingEnd!, this.batchRecords[b][i], processingDelay, schedulingDelay);
      if (rate === undefined) return;
      if (input.kind === 'kafka-direct') this.latestRate[i] = rate;
      else if (rate > 0) {
        for (const rec of this.tracker.receivers) {
          if (rec.input === i) rec.limit = this.maxRate > 0 ? Math.min(rate, this.maxRate) : rate;
        }
      }
    });
  }

  /** The driver stops: no more batches, queued jobs never run. */
  private stop(sim: Simulation, reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.nextBatch <= this.spec.batches) sim.generatorDone();
    sim.stopStreamingJobs(this.jobScheduler.drain(), reason);
  }

  // ---- RDD partitions: preferred locations and compute --------------------------------------

  /**
   * Preferred locations when the DAGScheduler first asks (stage submission): BlockRDD, every
   * executor the master knows to hold the block (a lazy val, not refreshed); KafkaRDD, the one
   * executor of getPreferredLocations, recomputed at every submission.
   */
  fillPrefs(sim: Simulation, stage: Stage): void {
    // new arrays, never written in place: forks share a stage's preference arrays with their base
    const n = stage.numTasks;
    if (stage.kind === StageKind.Blocks) {
      let total = 0;
      for (let i = 0; i < n; i++) total += this.blocks.at(stage.source[i]).holders.length;
      const { buf, at } = this.chunks.carve(4 * (n + 1 + total));
      const prefStart = new Int32Array(buf, at, n + 1);
      const prefData = new Int32Array(buf, at + 4 * (n + 1), total);
      let k = 0;
      for (let i = 0; i < n; i++) {
        prefStart[i] = k;
        for (const x of this.blocks.at(stage.source[i]).holders) prefData[k++] = (x << 2) | Pref.EXEC;
      }
      prefStart[n] = k;
      stage.prefStart = prefStart;
      stage.prefData = prefData;
      stage.prefsAtSubmit = false;
      return;
    }
    const input = this.kafkaInputOf(stage);
    const prefs = input ? kafkaPrefs(sim.cluster, input, stage.source, this.chunks) : { prefStart: noPrefStart(n), prefData: NO_PREFS };
    stage.prefStart = prefs.prefStart;
    stage.prefData = prefs.prefData;
  }

  private kafkaInputOf(stage: Stage): KafkaInputSpec | undefined {
    for (const out of this.spec.outputs) {
      if (!stage.fullName.startsWith(`${out.name}@`)) continue;
      const s = out.stages.find((x) => x.name === stage.name);
      const input = this.spec.inputs.find((i) => i.name === s?.input);
      if (input?.kind === 'kafka-direct') return input;
    }
    return undefined;
  }

  /**
   * How long an attempt runs, decided at launch: a receiver's first attempt registers and runs
   * until the end (Infinity) or is refused (REFUSED_REGISTRATION_MS), a retry returns at once (0);
   * a block task reads its
   * block locally or remotely (base + remote), from the write-ahead log when no executor holds it
   * (latency + bytes / bandwidth), or fails "block not found" (`fails`).
   */
  launchDuration(sim: Simulation, stage: Stage, i: number, exec: number, base: number, remote: number): { ms: number; fails: boolean } {
    if (stage.kind === StageKind.Receiver) {
      if (attemptOf(stage, i) > 0 || this.stopped) return { ms: 0, fails: false };
      return { ms: this.tracker.register(sim, stage.source[0], exec) ? Infinity : REFUSED_REGISTRATION_MS, fails: false };
    }
    if (stage.kind !== StageKind.Blocks) return { ms: base + remote, fails: false };
    const b = this.blocks.at(stage.source[i]);
    if (b.holders.some((x) => sim.cluster.executors[x].state === ExecState.Alive)) return { ms: base + remote, fails: false };
    const n = sim.file.network;
    if (b.wal) return { ms: base + n.latency + Math.ceil((b.bytes * 1000) / n.bandwidth), fails: false };
    if (!this.failedBlocks.has(stage.source[i])) {
      this.failedBlocks.add(stage.source[i]);
      const input = this.spec.inputs[b.input];
      this.dataLoss = appended(this.dataLoss, { input: input.name, block: blockName(input.name, b, sim), batch: this.blocks.batchOf(stage.source[i]), records: b.records, kind: 'task-failed', at: sim.now });
    }
    return { ms: n.latency, fails: true };
  }

  batchResults(): BatchResult[] {
    return this.jobScheduler.results();
  }
}

/** A job generated and not started: its stages' input partitions (null: a stage with `tasks:`). */
interface UnbuiltJob {
  readonly job: number;
  readonly parts: readonly (InputPartitions | null)[];
}

/** StreamBlockId(streamId, time).name: input-STREAM-TIME, with TIME the interval's start. */
function blockName(input: string, b: Block, sim: Simulation): string {
  return `input-${input}-${b.tick - sim.file.conf.blockInterval}`;
}

/**
 * Lists of n entries p * step, by n and step, shared and never written: a Kafka batch's partition
 * ids (step 1) and its zero input bytes (step 0).
 */
const sharedLists = [new Map<number, number[]>(), new Map<number, number[]>()];

function sharedList(n: number, step: 0 | 1): number[] {
  let list = sharedLists[step].get(n);
  if (list === undefined) {
    list = [];
    for (let p = 0; p < n; p++) list.push(p * step);
    sharedLists[step].set(n, list);
  }
  return list;
}
