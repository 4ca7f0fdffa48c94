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
}

export interface JobSpec {
  name: string;
  submit: Ms;
  stages: StageSpec[];
}

export interface ExecutorSpec {
  id: string;
  host: string;
  cores: number;
  rack?: string;
  joinAt: Ms;
}

export interface NetworkSpec {
  /** bytes per second */
  bandwidth: number;
  latency: Ms;
  rackBandwidth?: number;
}

export type FaultKind = 'crash' | 'hang';

export interface FaultSpec {
  executor: string;
  at: Ms;
  kind: FaultKind;
  replaceAfter?: Ms;
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
  stallThreshold: Ms;
}

/** The `conf:` keys the engine reads, resolved to typed values with Spark's defaults. */
export interface SparkConf {
  localityWait: { process: Ms; node: Ms; rack: Ms };
  legacyResetOnTaskLaunch: boolean;
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
  concurrentJobs: number;
  speculation: { enabled: boolean; interval: Ms; multiplier: number; quantile: number };
  defaultParallelism?: number;
  /** every `conf:` entry as written (string form), unknown keys included */
  raw: Record<string, string>;
}

export interface JobFile {
  version: 1;
  name?: string;
  spark: SparkVersion;
  seed: number;
  conf: SparkConf;
  cluster: { executors: ExecutorSpec[] };
  network: NetworkSpec;
  jobs: JobSpec[];
  /** Parsed by the streaming issue; kept raw until then. */
  streaming?: unknown;
  faults: FaultSpec[];
  recovery: RecoverySpec;
  analysis: AnalysisSpec;
}
