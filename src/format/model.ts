// The typed model of a `*.sparkjob.yaml` file (../shared/spec/sparkjob-format.md).
// All times are integer milliseconds, all sizes bytes. The engine reads only this model; source
// ranges live beside it in `SourceMap`, keyed by model path, and are looked up at the edge.

export type SparkVersion = '2.2' | '3.5';
export type Ms = number;
export type Bytes = number;

/** `exec:ID`, `host:NAME` or `rack:NAME`. */
export type Location =
  | { kind: 'exec'; id: string }
  | { kind: 'host'; name: string }
  | { kind: 'rack'; name: string };

export type DurationSpec =
  | { dist: 'fixed'; ms: Ms }
  | { dist: 'uniform'; min: Ms; max: Ms }
  | { dist: 'lognormal'; median: Ms; sigma: number };

/** One partition, list form of `tasks:`. */
export interface TaskSpec {
  duration: DurationSpec;
  input: Bytes;
  prefer: Location[];
  /** extension: this task's own slot time beyond its run, instead of its stage's `overhead` */
  overhead?: Ms;
}

/** Count form of `tasks:`: `count` tasks of one shape; `prefer` a list or a replica placement rule. */
export interface TaskGroupSpec {
  count: number;
  duration: DurationSpec;
  input: Bytes;
  prefer: Location[] | { replicas: number; on: 'hosts' | 'executors' };
}

export interface StageSpec {
  name: string;
  parents: string[];
  tasks: TaskSpec[] | TaskGroupSpec;
  /** extension: driver time from runnable to the task set's submission (0 when absent) */
  submitDelay?: Ms;
  /** extension: added to every task's duration (scheduler delay + result fetch; 0 when absent) */
  overhead?: Ms;
}

export interface JobSpec {
  name: string;
  submit: Ms;
  /** extension: submitted `submit` after this (earlier) job ends, instead of at `submit` */
  after?: string;
  /** extension: the job's `spark.scheduler.pool` local property (FAIR mode) */
  pool?: string;
  stages: StageSpec[];
}

/** A FAIR scheduler pool as fairscheduler.xml declares it (FairSchedulableBuilder.buildFairSchedulerPool). */
export interface PoolSpec {
  name: string;
  /** how the pool orders its own task sets */
  schedulingMode: 'FIFO' | 'FAIR';
  weight: number;
  minShare: number;
}

export interface ExecutorSpec {
  id: string;
  host: string;
  cores: number;
  rack?: string;
  joinAt: Ms;
  /** extension: released at this time without a fault (dynamic allocation); leaves once idle */
  leaveAt?: Ms;
}

export interface NetworkSpec {
  /** bytes per second */
  bandwidth: number;
  latency: Ms;
  rackBandwidth?: number;
}

/**
 * crash: the process dies (a disconnect); hang: it stops answering; node: the machine dies (no
 * disconnect); decommission: a planned loss announced `notice` ahead (a spot reclaim, a node drain)
 */
export type FaultKind = 'crash' | 'hang' | 'node' | 'decommission';

export interface FaultSpec {
  executor: string;
  at: Ms;
  kind: FaultKind;
  replaceAfter?: Ms;
  /** extension: `external` = the cluster manager took the executor (YARN preemption, a deleted pod); absent = app */
  cause?: 'app' | 'external';
  /**
   * extension: the fault hits whichever executor runs this attempt of this task, `at` after the
   * attempt's launch (a task whose run kills its container; event-log imports): never if it never runs
   */
  during?: { job: string; stage: string; task: number; attempt: number };
  /** extension, decommission only: the executor is killed this long after the notice (absent: never by force) */
  notice?: Ms;
}

/** spec `cluster.manager`: how an executor loss reaches the scheduler (src/engine/schedulerBackend.ts) */
export type ClusterManager = 'standalone' | 'yarn' | 'kubernetes';

export interface ClusterSpec {
  executors: ExecutorSpec[];
  /** absent: standalone (models built by hand); the parser always sets it */
  manager?: ClusterManager;
  /** kubernetes: the pod event's delay after a crash (default 0) */
  podEventDelay?: Ms;
  /**
   * extension: the loss reason's delay after a crash (yarn: the AM's report; standalone 3.5: the
   * Worker's exit report); null = no report comes (standalone: executorRemoveDelayOnDisconnection);
   * absent = the manager's default (format/cluster.ts LOSS_REASON_DEFAULT_MS)
   */
  lossReasonDelay?: Ms | null;
  /**
   * extension: how long a requested executor takes to register (a YARN container, a Kubernetes
   * pod, a standalone Worker's JVM); absent = the manager's default (format/clusterManager.ts
   * NEW_EXECUTOR_DEFAULT_MS). Used by dynamic allocation.
   */
  newExecutorDelay?: Ms;
}

export type RecoveryPolicy = 'spark' | 'reserved-slots';

export interface RecoverySpec {
  policy: RecoveryPolicy;
  /** reserved slots per executor id; `all` applies to every executor without its own entry */
  reservedSlots: { perExecutor: Record<string, number>; all: number };
  reserveForReceivers: boolean;
}

export interface AnalysisSpec {
  sweep: boolean;
  sweepTimes: number;
  /** includes `hang` faults in the sweep as well as crashes */
  sweepHangs: boolean;
  /** extension: also sweep `decommission` faults with this notice, each against a crash (absent: not swept) */
  sweepDecommissions?: Ms;
  stallThreshold: Ms;
}

/** The `conf:` keys the engine reads, resolved to typed values with Spark's defaults. */
export interface SparkConf {
  localityWait: { process: Ms; node: Ms; rack: Ms };
  legacyResetOnTaskLaunch: boolean;
  /** `spark.shuffle.reduceLocality.enabled` (MapOutputTrackerMaster.shuffleLocalityEnabled) */
  reduceLocality: boolean;
  reviveInterval: Ms;
  schedulerMode: 'FIFO' | 'FAIR';
  taskCpus: number;
  maxFailures: number;
  executorCores?: number;
  heartbeatInterval: Ms;
  networkTimeout: Ms;
  timeoutInterval: Ms;
  /**
   * 3.x `spark.storage.blockManagerHeartbeatTimeoutMs` (or its alias `...SlaveTimeoutMs`); with
   * `spark: "2.2"` only `...SlaveTimeoutMs`, which 2.2 uses when `spark.network.timeout` is unset.
   * Undefined falls back to networkTimeout. `heartbeatTimeoutMs(conf, spark)` applies the rules.
   */
  blockManagerHeartbeatTimeout?: Ms;
  blockInterval: Ms;
  /** 3.4+ standalone: removal of a disconnected executor when no exit report comes */
  executorRemoveDelay: Ms;
  /** standalone Master's `spark.worker.timeout` (read in seconds), in ms */
  workerTimeout: Ms;
  concurrentJobs: number;
  /**
   * spark.speculation.*: `minTaskRuntime` is 3.x's key (2.2: a fixed 100 ms); `durationThreshold`
   * is 3.x's spark.speculation.task.duration.threshold (undefined: unset, or 2.2)
   */
  speculation: { enabled: boolean; interval: Ms; multiplier: number; quantile: number; minTaskRuntime: Ms; durationThreshold?: Ms };
  defaultParallelism?: number;
  /** spark.stage.maxConsecutiveAttempts: fetch-failed attempts of a stage before its job aborts */
  maxConsecutiveStageAttempts: number;
  /**
   * `spark.shuffle.service.enabled` (map outputs survive their executor's process), and the
   * fetch retries of a 2.2 reducer that reaches a dead executor (`spark.shuffle.io.maxRetries`,
   * `spark.shuffle.io.retryWait`)
   */
  shuffle: { serviceEnabled: boolean; ioMaxRetries: number; ioRetryWait: Ms };
  /** spark.decommission.*, spark.storage.decommission.*, spark.executor.decommission.* (format/decommission.ts) */
  decommission: DecommissionConf;
  /** spark.dynamicAllocation.* (src/engine/executorAllocationManager.ts); times in ms */
  dynamicAllocation: DynamicAllocationConf;
  /** every `conf:` entry as written (string form), unknown keys included */
  raw: Record<string, string>;
}

/** Executor decommissioning (3.1+; src/engine/decommission.ts, blockManagerDecommissioner.ts). */
export interface DecommissionConf {
  /** spark.decommission.enabled: the executor acts on a notice (false: it is simply lost at the kill) */
  enabled: boolean;
  /** spark.storage.decommission.enabled: its blocks migrate to peers during the notice */
  storage: boolean;
  shuffleBlocks: boolean;
  rddBlocks: boolean;
  /** spark.storage.decommission.shuffleBlocks.maxThreads: one upload thread per peer, at most this many */
  maxThreads: number;
  /** spark.storage.decommission.replicationReattemptInterval: the migration's refresh period */
  reattemptInterval: Ms;
  /** spark.executor.decommission.forceKillTimeout (whole seconds): the driver kills a straggler */
  forceKillTimeout?: Ms;
}

/** Spark 3.5's DYN_ALLOCATION_* settings with their defaults (core/.../internal/config/package.scala:598-668). */
export interface DynamicAllocationConf {
  enabled: boolean;
  minExecutors: number;
  /** Int.MaxValue when unset */
  maxExecutors: number;
  /** the initial target: max(minExecutors, initialExecutors, spark.executor.instances) (Utils.getDynamicAllocationInitialExecutors) */
  initialExecutors: number;
  executorAllocationRatio: number;
  schedulerBacklogTimeout: Ms;
  sustainedSchedulerBacklogTimeout: Ms;
  executorIdleTimeout: Ms;
  /** Integer.MAX_VALUE seconds when unset */
  cachedExecutorIdleTimeout: Ms;
  /** false when the external shuffle service is on (ExecutorMonitor.shuffleTrackingEnabled) or with spark "2.2" */
  shuffleTracking: boolean;
  /** Number.MAX_SAFE_INTEGER when unset (Long.MaxValue: never) */
  shuffleTrackingTimeout: Ms;
}

export interface JobFile {
  version: 1;
  name?: string;
  spark: SparkVersion;
  seed: number;
  conf: SparkConf;
  cluster: ClusterSpec;
  network: NetworkSpec;
  jobs: JobSpec[];
  /** the `streaming:` section (streaming.ts), simulated by src/engine/streaming */
  streaming?: StreamingSpec;
  /** the `queries:` section (queries.ts), simulated by src/engine/structured */
  queries?: QuerySpec[];
  /** extension: `pools:`, the allocation file's pools (absent: no file, as when spark.scheduler.allocation.file is unset) */
  pools?: PoolSpec[];
  faults: FaultSpec[];
  recovery: RecoverySpec;
  analysis: AnalysisSpec;
}

/** `streaming:` (spec "streaming"; reference sec. 1-3). Times in ms, sizes in bytes. */
export interface StreamingSpec {
  batchInterval: Ms;
  /** batch times simulated: `batches:`, or floor(duration / batchInterval) for `duration:` */
  batches: number;
  inputs: StreamingInputSpec[];
  outputs: OutputSpec[];
}

export type StreamingInputSpec = ReceiverInputSpec | KafkaInputSpec;

export interface ReceiverInputSpec {
  kind: 'receiver';
  name: string;
  /** Spark's StorageLevel name; replication is its `_N` suffix (1 without) */
  storageLevel: string;
  replication: number;
  recordsPerSecond: number;
  recordSize: Bytes;
  writeAheadLog: boolean;
  /** extension: Receiver#preferredLocation (a host), used by ReceiverSchedulingPolicy */
  preferredHost?: string;
}

export type KafkaLocationStrategy = 'PreferConsistent' | 'PreferBrokers' | 'PreferFixed';

export interface KafkaInputSpec {
  kind: 'kafka-direct';
  name: string;
  /** extension: the topic name (its Java hashCode places partitions); default: the input's name */
  topic: string;
  partitions: number;
  locationStrategy: KafkaLocationStrategy;
  /** partition -> leader broker host (PreferBrokers) */
  brokers: Record<number, string>;
  /** partition -> host (PreferFixed) */
  fixed: Record<number, string>;
  recordsPerSecond: number;
  recordSize: Bytes;
}

export interface OutputSpec {
  name: string;
  /** extension: the pool its jobs run in (spark.scheduler.pool set inside foreachRDD) */
  pool?: string;
  stages: StreamingStageSpec[];
}

/** A stage of an output operation's job: reads an input (one task per block / partition) or has `tasks`. */
export interface StreamingStageSpec {
  name: string;
  parents: string[];
  /** the input read: one task per block (receiver) or partition (Kafka), fixed + records x costPerRecord */
  input?: string;
  /** microseconds per record */
  costPerRecordUs: number;
  /** microseconds */
  fixedUs: number;
  /** without `input`: this many tasks of `duration` */
  tasks?: number;
  duration?: DurationSpec;
}

/** `queries:` (spec "queries"; reference structured-streaming.md sec. 1.2-1.6). Times in ms. */
export interface QuerySpec {
  name: string;
  /** extension: the pool its batches run in (spark.scheduler.pool set before writeStream.start()) */
  pool?: string;
  start: Ms;
  /** processing-time interval (0: each batch as soon as the previous ends); availableNow: interval 0 over what is there at the start */
  trigger: Ms;
  availableNow: boolean;
  /** `batches:`: micro-batches to simulate */
  batches?: number;
  /** `duration:`: every batch triggered before this time (start + duration) */
  until?: Ms;
  /** driver time per batch before its job is submitted */
  overhead: Ms;
  source: QuerySourceSpec;
  stages: QueryStageSpec[];
}

export interface QuerySourceSpec {
  kind: 'kafka' | 'rate' | 'file';
  /** kafka: the topic's name (its Java hashCode places the partitions) */
  topic: string;
  /** kafka: topic partitions; rate: numPartitions; file: files per batch */
  partitions: number;
  recordsPerSecond: number;
  /** kafka: records per batch at most (0: no cap) */
  maxOffsetsPerTrigger: number;
  /** kafka: KafkaOffsetRangeCalculator splits ranges into at least this many tasks (0: off) */
  minPartitions: number;
  /** extension: records waiting in the source at the start (availableNow reads them) */
  backlog: number;
}

export interface QueryStageSpec {
  name: string;
  parents: string[];
  /** a shuffle stage's partitions (spark.sql.shuffle.partitions by default); 0 for the source stage */
  partitions: number;
  /** microseconds per record (over this task's share of the batch's records) */
  costPerRecordUs: number;
  fixedUs: number;
  /** a fixed duration per task instead of fixed + records x costPerRecord */
  duration?: DurationSpec;
  state?: StateSpec;
}

/** A stateful operator's state stores (one per partition) and what reloading one costs. */
export interface StateSpec {
  /** `reload:` as given; else derived from size, provider and snapshots by the engine */
  reload?: Ms;
  /** executor id holding each store at the start ("" for none) */
  stores: string[];
  /** extension: state bytes per partition (the snapshot a new executor downloads) */
  size: Bytes;
  /** extension: bytes one batch adds to a partition's delta/changelog */
  changeSize: Bytes;
  provider: 'hdfs' | 'rocksdb';
  changelogCheckpointing: boolean;
  /** versions between snapshots (spark.sql.streaming.stateStore.minDeltasForSnapshot, default 10) */
  snapshotInterval: number;
}
