// MicroBatchExecution with a ProcessingTimeExecutor (reference structured-streaming.md sec.
// 1.2-1.6; spec "queries"): batch 0 triggers at `start`; each batch is one job submitted after
// `overhead`; the next trigger is max(end of the batch, floor(trigger / I) x I + I)
// (ProcessingTimeExecutor.nextBatchTime, then waitTillTime: a late batch is followed at once),
// the end of the batch for I = 0. A batch reads what arrived since the previous trigger (Kafka:
// at most maxOffsetsPerTrigger, the rest waits). A trigger that finds no new data runs no batch
// (constructNextBatch returns false: a no-data batch runs only when the last execution's
// shouldRunAnotherBatch asks for one, which needs an event-time watermark or a state timeout, not
// modelled): the executor waits for the next interval, or `spark.sql.streaming.pollingDelay` for
// I = 0 (MicroBatchExecution.scala:239-311, 475-560). Plain data only (forks copy it).
import type { QuerySpec } from '../../format/model';
import type { Cluster } from '../cluster';
import { hashString, Random } from '../random';
import { fillDurations, JobKind, linkStages, makeStage, parentIndices, Pref, stageStateBytes, StageKind, type Job } from '../workload';
import { floorMod, liveSorted, topicPartitionHash } from '../streaming/kafkaDirect';
import { getRanges, splitEvenly } from './kafkaSource';
import { NO_INPUT, NO_PREFS, noPrefStart, StageChunks } from '../stageBuffers';
import { newOperator, type StateOperator } from './stateStoreCoordinator';

/** the executors a rate or file source's read tasks are placed over: none (shared, so its tasks are reused) */
const NO_EXECS: number[] = [];

export interface QueryBatch {
  batchId: number;
  triggerAt: number;
  submittedAt: number;
  endedAt: number | null;
  records: number;
  stateReloads: number;
  /** the job (sim.jobs index) */
  job: number;
  /** faults whose lost or orphaned tasks this batch ran */
  faults: number[];
}

export class MicroBatchExecution {
  readonly batches: QueryBatch[] = [];
  /** the chunks its batches' stages carve their arrays from, shared with forks (StreamingQueryManager.sharedWithForks) */
  readonly chunks = new StageChunks();
  /** per stage of the spec: its state operator, or null */
  readonly operators: (StateOperator | null)[];
  /** records that arrived but were not read yet (maxOffsetsPerTrigger) */
  private carry: number;
  private lastTrigger: number;
  stopped = false;
  failed: string | null = null;
  /** hashString(name), the per-batch random streams' seed part */
  private readonly nameHash: number;
  /** per stage: its parents' indices in the spec (parentIndices, found once: a Map per batch was a tenth of building it) */
  private readonly parents: number[][];
  /** Kafka: TopicPartition.hashCode of each partition, computed at the first batch */
  private partitionHashes: Int32Array | null = null;
  /** the read tasks of the last even split, and the live executors' order (liveSorted: the same array while it holds) they were computed with */
  private read: ReadArrays | null = null;
  private readExecs: number[] | null = null;
  /** per stage: the durations of the last batch of `durationsFor` records (stages without `duration:`), or null */
  private readonly durations: (Int32Array | null)[];
  private durationsFor = -1;

  constructor(readonly spec: QuerySpec, readonly index: number, cluster: Cluster, private readonly pollingDelay: number) {
    this.operators = spec.stages.map((s) => (s.state
      ? newOperator(s.name, s.state, s.partitions, (id) => cluster.findExecutor(id) ?? -1) : null));
    this.nameHash = hashString(spec.name);
    this.parents = parentIndices(spec.stages.map((s) => s.name), spec.stages.map((s) => s.parents));
    this.durations = spec.stages.map(() => null);
    this.carry = spec.source.backlog;
    // trigger_{-1} = trigger_0 - max(I, 1s): the first batch reads one interval (at least a second)
    this.lastTrigger = spec.start - Math.max(spec.trigger, 1000);
  }

  /** Records produced by the source up to time t (spread evenly in time). */
  private produced(t: number): number {
    return Math.floor((this.spec.source.recordsPerSecond * t) / 1000);
  }

  /** Records of the batch triggered at t (arrivals since the last trigger, capped for Kafka). */
  private takeRecords(t: number): number {
    const src = this.spec.source;
    const available = this.carry + (this.spec.availableNow ? 0 : this.produced(t) - this.produced(this.lastTrigger));
    this.lastTrigger = t;
    const take = src.kind === 'kafka' && src.maxOffsetsPerTrigger > 0 ? Math.min(available, src.maxOffsetsPerTrigger) : available;
    this.carry = available - take;
    return take;
  }

  /** MicroBatchExecution.isNewDataAvailable at a trigger at t: records not read yet, or arrived since the last batch. */
  hasNewData(t: number): boolean {
    return this.carry > 0 || (!this.spec.availableNow && this.produced(t) > this.produced(this.lastTrigger));
  }

  /**
   * After a trigger at `t` that found no new data: the first later trigger that finds some (the
   * idle triggers between change nothing), or null when none will (no source rate left, or the
   * query's bound comes first). Triggers follow the interval grid; for I = 0 the loop polls every
   * pollingDelay (Thread.sleep(pollingDelayMs), MicroBatchExecution.scala:308).
   */
  nextDataTrigger(t: number): number | null {
    const rate = this.spec.source.recordsPerSecond;
    if (this.spec.availableNow || rate <= 0) return null;
    const I = this.spec.trigger;
    const step = I > 0 ? I : Math.max(1, this.pollingDelay);
    // the first time produced() passes its value at the last trigger
    const arrives = Math.ceil(((this.produced(this.lastTrigger) + 1) * 1000) / rate);
    let next = I > 0 ? Math.max(Math.floor(t / I) * I + I, Math.ceil(arrives / I) * I) : t + Math.max(1, Math.ceil((arrives - t) / step)) * step;
    // floating point: step on until produced() agrees (at most a step or two)
    while (!this.hasNewData(next)) next += step;
    return this.hasNext(next) ? next : null;
  }

  /** Is there a batch after the one that just ended (whose next trigger would be at `next`)? */
  hasNext(next: number): boolean {
    if (this.stopped) return false;
    const s = this.spec;
    if (s.batches !== undefined && this.batches.length >= s.batches) return false;
    if (s.until !== undefined && next >= s.until) return false;
    if (s.availableNow && this.carry === 0) return false;
    return true;
  }

  /** ProcessingTimeExecutor: when the batch after one triggered at `trigger` and ended at `end` starts. */
  nextTrigger(trigger: number, end: number): number {
    const I = this.spec.trigger;
    return I > 0 ? Math.max(end, Math.floor(trigger / I) * I + I) : end;
  }

  /** The batch triggered now: its job `QUERY#BATCHID` with the read stage and the shuffle stages. */
  buildBatch(jobIdx: number, now: number, seed: number, cluster: Cluster): Job {
    const spec = this.spec;
    const batchId = this.batches.length;
    const records = this.takeRecords(now);
    const jobName = `${spec.name}#${batchId}`;
    const read = this.readTasks(records, cluster);
    // Durations from records alone (no `duration:`) repeat while the batch's records do: those
    // arrays are kept from the batch before (a stage never writes its durations; forks share them).
    const sameRecords = records === this.durationsFor;
    this.durationsFor = records;
    const S = spec.stages.length;
    // the stages' per-task state and their new durations in one buffer: a backing store per
    // array was most of a short batch's cost (state regions first, each 8-aligned)
    let stateBytes = 0;
    let durationBytes = 0;
    for (let k = 0; k < S; k++) {
      const n = tasksOf(spec, k, read);
      stateBytes += stageStateBytes(n);
      if (this.newDurations(k, sameRecords)) durationBytes += 4 * n;
    }
    const { buf, at: start } = this.chunks.carve(stateBytes + durationBytes);
    let state = start;
    let free = start + stateBytes;
    const stages = spec.stages.map((s, k) => {
      // records per task: the read tasks' ranges, or the batch split evenly over the partitions
      // (`base`, the first `extra` one more: only two values, so at most two durations)
      const n = tasksOf(spec, k, read);
      let duration: Int32Array;
      if (this.newDurations(k, sameRecords)) {
        duration = new Int32Array(buf, free, n);
        free += 4 * n;
        if (s.duration) fillDurations(s.duration, new Random(seed, this.nameHash, batchId, k), duration);
        else {
          // fixed + records x costPerRecord, to the nearest millisecond (halves up)
          const ms = (r: number) => Math.floor((s.fixedUs + r * s.costPerRecordUs + 500) / 1000);
          const base = Math.floor(records / n);
          const extra = records - base * n;
          if (k === 0 && read.records !== null) for (let i = 0; i < n; i++) duration[i] = ms(read.records[i]);
          else duration.fill(ms(base)).fill(ms(base + 1), 0, extra);
          this.durations[k] = duration;
        }
      } else duration = this.durations[k]!; // (there are some: newDurations otherwise)
      const at = state;
      state += stageStateBytes(n);
      const stage = k === 0
        ? makeStage(jobIdx, s.name, `${jobName}/${s.name}`, duration, NO_INPUT, read.prefStart, read.prefData, StageKind.QuerySource, batchId,
          read.partition, buf, at)
        : makeStage(jobIdx, s.name, `${jobName}/${s.name}`, duration, NO_INPUT, noPrefStart(n), NO_PREFS, StageKind.QueryShuffle, batchId,
          undefined, buf, at);
      // a state store's location is asked when the stage is submitted (StateStoreRDD.getPreferredLocations)
      stage.prefsAtSubmit = this.operators[k] !== null;
      return stage;
    });
    linkStages(stages, this.parents);
    this.batches.push({ batchId, triggerAt: now, submittedAt: now + spec.overhead, endedAt: null, records, stateReloads: 0, job: jobIdx, faults: [] });
    return { idx: jobIdx, kind: JobKind.Query, batch: batchId, output: this.index, id: -1, name: jobName, submit: now + spec.overhead, stages, end: null, aborted: null };
  }

  /** Stage k's durations are new this batch: drawn ones always, those from records alone when the records changed. */
  private newDurations(k: number, sameRecords: boolean): boolean {
    return !!this.spec.stages[k].duration || !sameRecords || this.durations[k] === null;
  }

  /**
   * The read stage's tasks: their source partitions, records (null: the batch split evenly,
   * `records mod P` partitions one more) and preferences. Kafka goes through
   * KafkaOffsetRangeCalculator (getRanges); its common case, no split for minPartitions, is done
   * here without the per-range objects, and its arrays are those of the batch before while the
   * non-empty ranges and the live executors are the same (the preferences are the same then).
   */
  private readTasks(records: number, cluster: Cluster): ReadArrays {
    const src = this.spec.source;
    const P = src.partitions;
    const base = Math.floor(records / P);
    const extra = records - base * P;
    // empty ranges are dropped by Kafka only; rate and file sources keep a task per partition
    const kafka = src.kind === 'kafka';
    const nonEmpty = !kafka ? P : base > 0 ? P : extra;
    if (kafka && src.minPartitions > 0 && nonEmpty < src.minPartitions) {
      const reads = getRanges(src.topic, splitEvenly(records, P), src.minPartitions, liveSorted(cluster));
      const codes = reads.filter((t) => t.pref >= 0).map((t) => (t.pref << 2) | Pref.EXEC);
      const prefStart = new Int32Array(reads.length + 1);
      let c = 0;
      reads.forEach((t, i) => { prefStart[i] = c; if (t.pref >= 0) c++; });
      prefStart[reads.length] = c;
      // (split ranges have no preference: codes is empty, and an empty typed array costs a backing store of its own)
      return { partition: Int32Array.from(reads, (t) => t.partition), records: Int32Array.from(reads, (t) => t.records), prefStart,
        prefData: codes.length > 0 ? Int32Array.from(codes) : NO_PREFS };
    }
    const execs = kafka ? liveSorted(cluster) : NO_EXECS;
    const last = this.read;
    if (last !== null && last.partition.length === nonEmpty && this.readExecs === execs) return last;
    // partition, prefStart and prefData in one buffer
    const buf = new Int32Array(3 * nonEmpty + 1);
    const partition = buf.subarray(0, nonEmpty);
    const prefStart = buf.subarray(nonEmpty, 2 * nonEmpty + 1);
    for (let p = 0; p < nonEmpty; p++) partition[p] = p;
    let prefData = NO_PREFS;
    // each range prefers executors(floorMod(TopicPartition.hashCode, n)) over the live ones (getRanges)
    const n = execs.length;
    if (kafka && n > 0) {
      prefData = buf.subarray(2 * nonEmpty + 1);
      const hashes = this.partitionHashes ??= Int32Array.from({ length: P }, (_, p) => topicPartitionHash(src.topic, p));
      for (let p = 0; p < nonEmpty; p++) {
        prefStart[p] = p;
        prefData[p] = (execs[floorMod(hashes[p], n)] << 2) | Pref.EXEC;
      }
      prefStart[nonEmpty] = nonEmpty;
    }
    this.read = { partition, records: null, prefStart, prefData };
    this.readExecs = execs;
    return this.read;
  }
}

/** The tasks of a batch's stage k: the read tasks, or a shuffle stage's partitions. */
function tasksOf(spec: QuerySpec, k: number, read: ReadArrays): number {
  return k === 0 ? read.partition.length : spec.stages[k].partitions;
}

/** A batch's read tasks (readTasks): records null for the even split. Never written once built (stages share them). */
interface ReadArrays {
  partition: Int32Array;
  records: Int32Array | null;
  prefStart: Int32Array;
  prefData: Int32Array;
}
