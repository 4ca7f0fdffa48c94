// The simulation result, exactly the spec's "Simulation result" JSON
// (../shared/spec/sparkjob-format.md). Times are integer milliseconds from the start.

export type Locality = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'NO_PREF' | 'RACK_LOCAL' | 'ANY';
export type AttemptStatus = 'success' | 'lost' | 'failed' | 'killed';

export interface ExecutorResult {
  id: string;
  host: string;
  slots: number;
  /** extension: reserved slots of `recovery: reserved-slots` on this executor */
  reservedSlots: number;
  addedAt: number;
  lostAt: number | null;
  lossDetectedAt: number | null;
}

export interface AttemptResult {
  task: string;
  stage: string;
  job: string;
  batch: number | null;
  index: number;
  /** the stage attempt (task set) the attempt belongs to; `attempt` restarts at 0 in each */
  stageAttempt: number;
  attempt: number;
  executor: string;
  host: string;
  readyAt: number;
  launch: number;
  end: number;
  locality: Locality;
  status: AttemptStatus;
  recovery: boolean;
  reservedSlot: boolean;
  /** extension: the slot lane on its executor (0-based; reserved slots follow the normal ones) */
  slot: number;
  /** extension: time this attempt waited while a normal slot it could run on was free */
  localityWait: number;
  /** extension (editor only, `withWaitSpans`): when `localityWait` is only part of the wait, the [start, end] spans it covers */
  localityWaitSpans?: [number, number][];
  /** extension (queries): the attempt loaded its state store from the checkpoint (it paid the reload) */
  stateReload?: true;
  /** extension (queries): the reload's part of the attempt, from its launch (ms) */
  stateReloadMs?: number;
  /** extension: present when the task's preferred hosts came from reduce-side locality (why it preferred them) */
  reducerPrefs?: ReducerPrefsResult;
  /** extension (spark.speculation): a speculative copy (TaskInfo.speculative); its readyAt is when the task was marked speculatable */
  speculative?: true;
}

/**
 * extension: reduce-side locality of a task set (MapOutputTrackerMaster.getPreferredLocationsForShuffle):
 * the executors that held at least 20 % of the map stage's outputs when the task set was created,
 * and their hosts, which its tasks preferred (NODE_LOCAL).
 */
export interface ReducerPrefsResult {
  /** the stage whose shuffle output the task reads (`JOB/STAGE`) */
  mapStage: string;
  /** when the task set was created (the stage's submission or re-submission) */
  at: number;
  /** map outputs available then: the total the shares are fractions of */
  mapOutputs: number;
  hosts: string[];
  /** share = outputs / mapOutputs (0..1) */
  holders: { executor: string; host: string; outputs: number; share: number }[];
}

/** "node1: executor 1 holds 100 % of its map output" (hovers and the timeline's tooltip). */
export function reducerPrefsText(p: ReducerPrefsResult): string {
  const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
  const held = p.holders.map((h) => `executor ${h.executor} holds ${pct(h.share)}`).join(', ');
  return `${p.hosts.join(', ')}: ${held} of its map output`;
}

type Exit = DecommissionResult['exit'];
type Fmt = (ms: number) => string;
const OFF = '(spark.decommission.enabled is off)';

/**
 * How decommissioned executors left, one wording: the sentence for one executor (SJ173, the
 * fault's hover, the timeline header) beside the words for a count of them (SJ180's sweep
 * summary), so that the two cannot drift apart. The migrated outputs are named only where they
 * are why it left; callers that list them say so themselves.
 */
const EXITS: Record<NonNullable<Exit> | 'draining', { one: (d: DecommissionResult, fmt: Fmt) => string; counted: string }> = {
  migrated: {
    one: (d, fmt) => (d.migratedOutputs > 0
      ? `it exited at ${fmt(d.exitAt ?? NaN)} once its ${d.migratedOutputs} map output${d.migratedOutputs === 1 ? '' : 's'} had migrated`
      : `it exited at ${fmt(d.exitAt ?? NaN)} with nothing to migrate`),
    counted: 'exited with everything migrated',
  },
  idle: { one: (d, fmt) => `it exited once idle at ${fmt(d.exitAt ?? NaN)} (no migration configured)`, counted: 'exited once idle' },
  killed: { one: (d, fmt) => `it was killed at the notice's end, ${fmt(d.killAt ?? NaN)}`, counted: "killed at the notice's end" },
  'force-killed': { one: (d, fmt) => `it was force-killed at ${fmt(d.killAt ?? NaN)} (forceKillTimeout)`, counted: 'force-killed (forceKillTimeout)' },
  ignored: {
    one: (d, fmt) => (d.killAt === null ? `the notice was ignored ${OFF} and no kill comes`
      : d.exitAt === null ? `the notice was ignored ${OFF} and its kill at ${fmt(d.killAt)} comes after the run ends`
      : `the notice was ignored ${OFF}: lost at the kill, ${fmt(d.killAt)}, like a crash`),
    counted: 'ignored the notice',
  },
  draining: { one: () => 'it was still decommissioning when the run ended', counted: 'still decommissioning when the run ended' },
};

/** How a decommissioned executor left; `fmt` writes a time (the webview bundle has its own). */
export function decommissionExit(d: DecommissionResult, fmt: Fmt): string {
  return EXITS[d.exit ?? 'draining'].one(d, fmt);
}

/** "3 exited with everything migrated": how `n` decommissioned executors left (null: not yet when the run ended). */
export function decommissionExits(exit: Exit, n: number): string {
  return `${n} ${EXITS[exit ?? 'draining'].counted}`;
}

export interface FaultResult {
  executor: string;
  at: number;
  kind: 'crash' | 'hang' | 'node' | 'decommission';
  /**
   * when the driver failed the executor's tasks (re-runs pending from then): the disconnect on
   * 2.2 standalone, the Worker's exit report on 3.5 standalone, the ApplicationMaster's report on
   * yarn, the pod event on kubernetes, the heartbeat expiry of a hang, the Master's worker timeout
   * (or heartbeat expiry) of a node fault
   */
  detectedAt: number | null;
  /** extension (yarn, kubernetes): the disconnect, when the driver stopped offering the executor and dropped its outputs */
  disabledAt?: number;
  lostTasks: string[];
  recoveredAt: number | null;
  recoveryLatency: number | null;
  localityWait: number;
  stalled: boolean;
  lowerBoundMs: number;
  /** extension: executors alive at detection that hold a lost task's data (PROCESS_ or NODE_LOCAL) */
  holders: string[];
  /** extension: where the data of the re-runs that stalled is (hosts of those holders) */
  stallHosts: string[];
  /** extension (queries): stateful partitions whose store was on the executor, recovered by their next task */
  orphanedTasks?: string[];
  /** extension (streaming files): receivers that ran on the executor, and when they ran again */
  lostReceivers?: { receiver: string; relaunchedAt: number | null; executor: string | null }[];
  /** extension (the real run of an event log): what the log shows of the loss, not a modelled fault */
  logged?: LoggedLoss;
  /** extension (`kind: decommission`): how the executor left and what its shuffle migration moved */
  decommission?: DecommissionResult;
  /** extension (spark.speculation on): the work the fault stopped and what speculation did for it */
  speculation?: SpeculationOutcome;
}

/** An executor loss as an event log shows it: `at` and `detectedAt` are its ExecutorRemoved. */
export interface LoggedLoss {
  /** ExecutorRemoved's `Removed Reason` (its first line) */
  reason: string;
  /** completed map outputs lost with it (TaskEnd `Resubmitted`), besides its running tasks */
  lostOutputs: number;
  /** the first re-run of the lost work: where, and how long after that work became runnable again */
  firstRerun: { task: string; executor: string; launch: number; delayMs: number } | null;
}

export interface DecommissionResult {
  /** the notice's end (the kill) or forceKillTimeout, null when neither comes */
  killAt: number | null;
  /**
   * migrated: it exited by itself, idle and every output migrated; idle: it exited once idle (no
   * migration configured); killed / force-killed: the notice's end or forceKillTimeout came first;
   * ignored: spark.decommission.enabled is off (or 2.2), lost at the kill like a crash; null: still
   * decommissioning when the run ended
   */
  exit: 'migrated' | 'idle' | 'killed' | 'force-killed' | 'ignored' | null;
  /** when the process ended (null: never within the run) */
  exitAt: number | null;
  /** map outputs moved to a peer (their map tasks are not re-run), and their bytes */
  migratedOutputs: number;
  /** each moved output: the map task, the peer and when the MapOutputTracker moved it */
  migrated: { task: string; to: string; at: number }[];
  migratedBytes: number;
  /** map outputs still on the executor when it went: lost with it */
  lostOutputs: number;
  /** the peers that received uploads, in the order their threads started */
  peers: string[];
  /**
   * cached RDD blocks replicated to a peer (spark.storage.decommission.rddBlocks.enabled): each
   * task whose `exec:` preference moved, the peer, and when; present when one moved
   */
  cachedBlocks?: { migrated: number; bytes: number; moves: { task: string; to: string; at: number }[] };
}

/**
 * extension: the tasks that had an attempt stopped by the fault (running on the executor at the
 * fault, or launched onto it before the driver noticed), the ones of them a speculative copy
 * finished, and when every one of them had finished somewhere: the fault's cost to the run is
 * `doneAt - at`, the heartbeat timeout for a hang without speculation, the speculation delay with it.
 */
export interface SpeculationOutcome {
  stoppedTasks: string[];
  rescued: string[];
  /** speculative copies launched for those tasks */
  copies: number;
  doneAt: number | null;
}

/** extension (streaming files): received data lost with its executors (reference sec. 2.6) */
export interface DataLossResult {
  input: string;
  /** StreamBlockId name: input-NAME-TIME (TIME = the block's start) */
  block: string;
  batch: number;
  records: number;
  /** dropped: no copy left when the batch was generated (silently left out); task-failed: lost after, its task fails */
  kind: 'dropped' | 'task-failed';
  at: number;
}

export interface BatchResult {
  time: number;
  submission: number;
  processingStart: number | null;
  processingEnd: number | null;
  schedulingDelay: number | null;
  processingDelay: number | null;
  totalDelay: number | null;
}

export interface Metrics {
  makespan: number;
  localityCounts: Partial<Record<Locality, number>>;
  reservedSlotIdleMs: number;
  /** extension: number of scheduler events processed */
  events: number;
  /** extension: input bytes read remotely (launches below NODE_LOCAL) */
  remoteReadBytes: number;
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  executor: string;
  faultAt: number;
  message: string;
  stallMs: number;
  withReservedSlotMs: number;
  /** extension: the fault's kind, recovery latency under the file's policy, and the floor */
  kind: 'crash' | 'hang' | 'node' | 'decommission';
  recoveryLatencyMs: number;
  lowerBoundMs: number;
  /** extension: the re-run tasks that waited longer than the threshold, and where they ran */
  waited: { task: string; locality: Locality; waitMs: number; host: string }[];
  /** extension: executors alive at detection that hold the lost tasks' data */
  holders: string[];
}

export interface SimulationResult {
  formatVersion: 1;
  spark: '2.2' | '3.5';
  /** extension: the policy that was simulated */
  policy: 'spark' | 'reserved-slots';
  executors: ExecutorResult[];
  attempts: AttemptResult[];
  faults: FaultResult[];
  batches: BatchResult[];
  metrics: Metrics;
  findings: Finding[];
  /** extension: jobs that could not finish (no executor left, too many failures), with the reason */
  aborted: { job: string; reason: string }[];
  /** extension (streaming files): lost input blocks */
  dataLoss?: DataLossResult[];
  /** queries: every micro-batch (spec "queries") */
  queryBatches?: QueryBatchResult[];
}

export type { QueryBatchResult } from './structured/streamingQueryManager';
import type { QueryBatchResult } from './structured/streamingQueryManager';
