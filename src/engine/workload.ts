// The jobs of a file expanded into stages and tasks (the RDD partitions the DAGScheduler turns
// into task sets). Durations and replica placements are drawn here, once per task, from a
// random stream derived from `seed`, the job and the stage, so they do not depend on the
// scheduling order and a re-run of a task takes as long as its first attempt.
import type { DurationSpec, JobFile, Location, StageSpec, TaskGroupSpec, TaskSpec } from '../format/model';
import type { Cluster } from './cluster';
import { ANY, NODE_LOCAL, PROCESS_LOCAL, RACK_LOCAL } from './locality';
import { lognormalMs } from './lognormal';
import { FILL_CHUNK, hashString, Random } from './random';
import { zeroed } from './stageBuffers';

/**
 * A preference's kind, its code's low two bits (code = idx << 2 | kind). A const enum: esbuild
 * writes the numbers into the code, where a module's constant was a load from the bundle's
 * closure and a check at every use, in the loops over every task's preferences (issue #17).
 */
export const enum Pref {
  EXEC = 0,
  HOST = 1,
  RACK = 2,
}

/**
 * A stage's preference codes: 16-bit when every code fits (a count stage's replicas drawn from
 * fewer than 16,384 hosts or executors), half the memory of its biggest per-task array, whose
 * pages are each first touched at a cost of about 11 us here (issue #17); else 32-bit. Or
 * packed (a Uint32Array, read with codeAt): a count stage's 3 replicas drawn from at most 1,024
 * hosts, HDFS's usual case, one word a task of the three hosts' indices, 10 bits each (4 bytes a
 * task, not 6: 176 pages fewer first touched at 360 k tasks, issue #17).
 */
export type PrefCodes = FlatCodes | Uint32Array;
/** Preference codes one an entry. */
export type FlatCodes = Int32Array | Uint16Array;

/** Code p of `codes` (of task p / m's m codes). */
export function codeAt(codes: PrefCodes, p: number): number {
  if (!(codes instanceof Uint32Array)) return codes[p];
  const w = (p / 3) | 0;
  return (((codes[w] >>> (10 * (p - 3 * w))) & 1023) << 2) | Pref.HOST;
}

/** How many codes `codes` holds. */
export function codeCount(codes: PrefCodes): number {
  return codes instanceof Uint32Array ? 3 * codes.length : codes.length;
}

/** Task durations (ms). */
export type Durations = Int32Array | Uint16Array;

/**
 * The executors holding a stage's outputs: 16-bit while every index written fits (fewer than
 * 32,767 executors in the run), 32-bit from the first that does not (setOutputLoc). Half the
 * bytes of a 32-bit array, filled with -1 and written at every success (issue #17).
 */
export type OutputLocs = Int16Array | Int32Array;

/** A task's bits in Stage.taskState. */
export const enum TaskState {
  Successful = 1,
  Running = 2,
  /**
   * with Successful: its output was written by an attempt of the stage's latest attempt, and that
   * is not its first (Spark compares the stage attempt of the task that wrote it, taskInfos, with
   * the running TaskSetManager's: a 16-bit attempt number a task was written at every success of a
   * later attempt, re-runs spread over the stage, 184 pages first touched at 600 k, issue #17)
   */
  LatestOutput = 4,
}

/**
 * Attempt flag (AttemptLog.flags): a running attempt that a task's Running bit does not stand for,
 * a speculative second copy (speculation.ts) or an attempt left running by a task set that a new
 * attempt of its stage replaced (findMissingPartitions). Every other running attempt of a task
 * whose bit is set is the one it stands for (Spark's copiesRunning; here it named the attempt).
 */
export const UNCOUNTED = 64;

/** Task i has a result or output (TaskSetManager.successful). */
export function isSuccessful(stage: Stage, i: number): boolean {
  return (stage.taskState[i] & TaskState.Successful) !== 0;
}

/** A copy of task i runs in the current task set (copiesRunning > 0). */
export function isRunning(stage: Stage, i: number): boolean {
  return (stage.taskState[i] & TaskState.Running) !== 0;
}

/** Running attempt `a` of task i, with its log flags, is the one the stage's Running bit of i stands for. */
export function holds(stage: Stage, i: number, flags: number): boolean {
  return isRunning(stage, i) && (flags & UNCOUNTED) === 0;
}

/** What a stage's tasks are: batch work, a receiver, or a streaming batch's input / other stage. */
export const enum StageKind {
  Batch = 0,
  Receiver = 1,
  /** a BlockRDD (or WriteAheadLogBackedBlockRDD): one task per received block */
  Blocks = 2,
  /** a KafkaRDD: one task per Kafka partition */
  Kafka = 3,
  /** a streaming stage with `tasks:` */
  Tasks = 4,
  /** a micro-batch query's first stage: one task per source range (Kafka: preferring an executor) */
  QuerySource = 5,
  /** a micro-batch query's shuffle stage (stateful: preferring its state stores' executors) */
  QueryShuffle = 6,
}

export const enum JobKind {
  Batch = 0,
  Receiver = 1,
  Streaming = 2,
  /** a micro-batch of a query (`QUERY#BATCHID`) */
  Query = 3,
}

export interface Stage {
  /** global stage id (DAGScheduler's nextStageId: parents get lower ids than children) */
  id: number;
  kind: StageKind;
  /** streaming: the batch time, else -1 */
  batch: number;
  /** Blocks: the block index of each task; Kafka: the partition; Receiver: the receiver */
  source: Int32Array;
  /** preferred locations are computed at the stage's (first) submission (BlockRDD, KafkaRDD) */
  prefsAtSubmit: boolean;
  job: number;
  name: string;
  fullName: string;
  numTasks: number;
  /** each task's run time (ms): 16-bit when every draw of a count stage fits (durationsFor) */
  duration: Durations;
  /** input bytes of each task, or one value for every task (a count of alike tasks): read it with taskInput */
  input: Float64Array;
  /** preferred locations of task i: prefData[prefFrom(prefStart, i) .. prefFrom(prefStart, i + 1)), code = idx << 2 | kind */
  prefStart: Int32Array;
  prefData: PrefCodes;
  /** the stage's own preferred locations (the file's `prefer`); prefStart/prefData add the reduce-side hosts per task set */
  ownPrefStart: Int32Array;
  ownPrefData: PrefCodes;
  parents: Stage[];
  children: Stage[];
  // DAGScheduler state
  submitted: boolean;
  done: boolean;
  /** per partition: executor index holding its output (shuffle map) / -1 when missing (written with setOutputLoc) */
  outputLoc: OutputLocs;
  /**
   * per partition: TaskState bits, Successful (TaskSetManager.successful), Running (an attempt
   * of the current task set runs it: copiesRunning > 0, the attempt the one `holds` names) and
   * LatestOutput, so that isSchedulable is one byte, `taskState[i] === 0`. A byte, not the running attempt's id: those
   * were 4 bytes a task, filled with -1 and written at every launch (586 pages first touched at
   * 600 k tasks, some 14 us each here) and read again by every isSchedulable (issue #17).
   */
  taskState: Uint8Array;
  numSuccessful: number;
  /**
   * One bit a task: an attempt of the current task set launched it (Spark's taskAttempts(index) is
   * not empty), so its next launch is not attempt 0. Set by every launch (nextAttempt).
   */
  launched: Uint32Array;
  /**
   * The attempt counts of the tasks launched more than once in the current task set, a table of
   * those alone (relaunched; NO_ATTEMPTS while none is): a count a task, written at every launch,
   * was 147 pages first touched at 600 k tasks (issue #17).
   */
  attempts: Int32Array;
  /**
   * per partition: failures counted toward spark.task.maxFailures in the current attempt (read
   * with failuresOf, counted with countFailure): NO_COUNTS until the attempt counts one
   */
  failures: Uint16Array;
  /**
   * The tasks that re-run work a fault lost (markRerun; read with isRerun, recoveryFaultOf): one
   * bit a task, and the (task, fault) pairs in the order marked, the first `rerunCount` of
   * `reruns`. A re-run is rare and the bit is read at every launch: a 16-bit fault a task, filled
   * with -1 and read at each launch, touched every page of it (a first touch costs some 15 us
   * here, issue #17).
   */
  rerunSet: Uint32Array;
  reruns: Int32Array;
  rerunCount: number;
  /** some task is marked a re-run (markRerun): a stage's first submission reads no entry without it */
  hasRerun: boolean;
  /**
   * When each task became ready to run (ms): `readyBase`, the latest submission's time, but for the
   * tasks marked in `readySet` since (re-queued: setReadyAt), whose times are in `readyAt`, a
   * table of those tasks alone (NO_TIMES while none is set). Read with readyAtOf. A submission
   * writes no time per task, and a re-queue none into 4 bytes a task: those writes, spread over
   * the stage, first touched a page each (139 at 600 k tasks, 612 at 2.4 M, issue #17).
   */
  readyAt: Float64Array;
  readyBase: number;
  /** one bit per task (NO_BITS while none is set) */
  readySet: Uint32Array;
  /** driver time from runnable to the task set's submission (`submitDelay`, event-log imports) */
  submitDelay: number;
  /** the submit delay has been waited (it applies to the stage's first attempt only) */
  delayed: boolean;
  /** Stage.latestInfo.attemptNumber: the latest stage attempt (task set), -1 before the first */
  stageAttempt: number;
  /** Stage.failedAttemptIds.size: attempts that ended in a fetch failure since the stage last completed */
  failedAttempts: number;
  /** the last of those attempts (a set in Spark: an attempt counts once) */
  lastFailedAttempt: number;
  /** when its shuffle outputs were last lost with an executor (2.2 fetch retries), -1 never */
  lostAt: number;
}

export interface Job {
  idx: number;
  kind: JobKind;
  /** streaming: the batch time, else -1 */
  batch: number;
  /** streaming: the output's index; receiver: the receiver's index */
  output: number;
  /** DAGScheduler's job id, in submission order (-1 until submitted) */
  id: number;
  name: string;
  submit: number;
  /** `after`: the job (index) whose end submits this one `submit` later (batch jobs only) */
  after?: number;
  stages: Stage[];
  end: number | null;
  aborted: string | null;
}

export function buildJobs(file: JobFile, cluster: Cluster): Job[] {
  // (a loop: closures made for each run lose their compiled code at every full collection, and
  // TurboFan's map() makes holey arrays where the interpreter's are packed, issue #17)
  const hostsInOrder: number[] = [];
  const execsInOrder: number[] = [];
  const hostNames = new Set<string>();
  for (const e of file.cluster.executors) {
    if (!hostNames.has(e.host)) hostsInOrder.push(cluster.hostOf(e.host));
    hostNames.add(e.host);
    const x = cluster.findExecutor(e.id);
    if (x !== undefined) execsInOrder.push(x);
  }
  return mapped(file.jobs, (j, jobIdx) => {
    const stages: Stage[] = mapped(j.stages, (s, stageIdx) => {
      const rng = new Random(file.seed, hashString(j.name), jobIdx, stageIdx);
      const tasks = s.tasks;
      if (!Array.isArray(tasks)) {
        const st = countStage(tasks, rng, cluster, hostsInOrder, execsInOrder, s.overhead ?? 0, [file.seed, hashString(j.name), jobIdx, stageIdx]);
        return withDriverTimes(makeStage(jobIdx, s.name, `${j.name}/${s.name}`, st.duration, st.input, st.prefStart, st.prefData, StageKind.Batch, -1,
          undefined, null, 0, tasks.count), s);
      }
      const n = tasks.length;
      const duration = new Int32Array(n);
      const input = new Float64Array(n);
      const prefStart = new Int32Array(n + 1);
      const prefs: number[] = [];
      for (let i = 0; i < n; i++) {
        const t: TaskSpec = tasks[i];
        duration[i] = drawDuration(t.duration, rng);
        input[i] = t.input;
        prefStart[i] = prefs.length;
        for (const loc of t.prefer) {
          const code = encodeLocation(loc, cluster);
          if (code >= 0) prefs.push(code);
        }
      }
      prefStart[n] = prefs.length;
      return withDriverTimes(makeStage(jobIdx, s.name, `${j.name}/${s.name}`, duration, input, prefStart, Int32Array.from(prefs), StageKind.Batch, -1, undefined, null), s);
    });
    linkParents(stages, j.stages.map((s) => s.parents));
    const job: Job = { idx: jobIdx, kind: JobKind.Batch, batch: -1, output: -1, id: -1, name: j.name, submit: j.submit, stages, end: null, aborted: null };
    if (j.after !== undefined) job.after = file.jobs.findIndex((o) => o.name === j.after);
    return job;
  });
}

/**
 * xs.map(f) as a packed array: TurboFan's map() makes a holey one where the interpreter's is packed,
 * and a run's jobs and their stages, read everywhere, had a second map from the run after buildJobs
 * was compiled, which sent the readers' compiled code back to the interpreter (issue #17).
 */
function mapped<T, U>(xs: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}

/**
 * The stage's driver-side times (event-log imports): a slot is held `overhead` beyond each task's
 * run (the scheduler delay and result fetch of Spark's UI; a task's own `overhead` when it has one,
 * as an executor's first task does in an import), and the task set is submitted
 * `submitDelay` after the stage becomes runnable.
 */
function withDriverTimes(stage: Stage, spec: StageSpec): Stage {
  const overhead = spec.overhead ?? 0;
  const tasks = Array.isArray(spec.tasks) ? spec.tasks : null;
  // (durations drawn at the first submission have their overhead then: drawnOnSubmit)
  if ((overhead > 0 || tasks !== null) && stage.duration.length === stage.numTasks) {
    for (let i = 0; i < stage.numTasks; i++) stage.duration[i] += tasks?.[i].overhead ?? overhead;
  }
  stage.submitDelay = spec.submitDelay ?? 0;
  return stage;
}

/** The `source` of a stage whose tasks have none (never written: shared). */
export const NO_SOURCE = new Int32Array(0);

/** Bytes of a stage's per-task state (makeStage), rounded up so that the next region stays 8-aligned. */
export function stageStateBytes(n: number): number {
  return (3 * n + 8 * bitWords(n) + 7) & ~7;
}

/** 32-bit words of a bit set of n. */
const bitWords = (n: number): number => (n + 31) >>> 5;

/**
 * A stage of `duration.length` tasks with its DAGScheduler state reset; `kind` Batch unless the
 * caller says otherwise. Its per-task state lives in `buf` at byte `at` (8-aligned,
 * stageStateBytes(n) long) when given: a micro-batch puts all its stages in one buffer; with
 * `buf` null, it has none until its first submission (stateOnSubmit).
 */
export function makeStage(job: number, name: string, fullName: string, duration: Durations, input: Float64Array,
  prefStart: Int32Array, prefData: PrefCodes, kind = StageKind.Batch, batch = -1, source?: Int32Array, buf?: ArrayBuffer | null, at = 0,
  n = duration.length): Stage {
  // the per-task state in one buffer (3 bytes and 2 bits a task, widest first so every view is
  // aligned): a typed array of its own costs a backing-store allocation each, four per stage,
  // which dominated the stages of short micro-batches
  return stageWith(job, name, fullName, duration, input, prefStart, prefData, kind, batch, source ?? NO_SOURCE,
    buf === null ? UNSUBMITTED : stateIn(buf ?? new ArrayBuffer(stageStateBytes(n)), at, n), n);
}

/**
 * The state of a batch job's stage before its first submission: no entry. Nothing writes a stage's
 * state before then, and what reads it reads no entry of a stage with no successful task (a
 * stage's outputs are found by its successful tasks). A stage submitted later than the first then
 * gets its state in memory the run no longer reads (stateOnSubmit): the bench's two later stages'
 * state was 190 pages first touched at 600 k tasks, the output locations' -1 filled at the build
 * (issue #17).
 */
const UNSUBMITTED: StageState = {
  rerunSet: new Uint32Array(0), launched: new Uint32Array(0), outputLoc: new Int16Array(0), taskState: new Uint8Array(0),
};

/** A stage's state at its submission: its own, made now if it had none (makeStage), in memory of `run` spare then (stageBuffers.ts). */
export function stateOnSubmit(stage: Stage, run: object): void {
  const n = stage.numTasks;
  // (a length, not UNSUBMITTED's arrays: a fork's stage reads its own copies of them)
  if (stage.duration.length !== n) stage.duration = drawnOnSubmit(stage.duration, n, run);
  if (stage.taskState.length === n) return;
  const { buf, at } = zeroed(run, stageStateBytes(n));
  const st = stateIn(buf, at, n);
  stage.rerunSet = st.rerunSet;
  stage.launched = st.launched;
  stage.outputLoc = st.outputLoc;
  stage.taskState = st.taskState;
}

/** A stage's per-task DAGScheduler state, reset. */
interface StageState {
  rerunSet: Uint32Array;
  launched: Uint32Array;
  outputLoc: Int16Array;
  taskState: Uint8Array;
}

function stateIn(b: ArrayBuffer, at: number, n: number): StageState {
  const words = bitWords(n);
  const narrow = at + 8 * words; // (the 16- and 8-bit views)
  return {
    rerunSet: new Uint32Array(b, at, words), launched: new Uint32Array(b, at + 4 * words, words),
    outputLoc: new Int16Array(b, narrow, n).fill(-1), taskState: new Uint8Array(b, narrow + 2 * n, n),
  };
}

/** No failure counted in a stage's current attempt (shared, never written: countFailure). */
export const NO_COUNTS = new Uint16Array(0);
/** No task launched twice in the current task set (shared, never written: relaunched). */
export const NO_ATTEMPTS = new Int32Array(0);
/** No re-run marked (shared, never written: markRerun). */
const NO_RERUNS = new Int32Array(0);

/** (the one literal every stage is made by: one hidden class for all) */
function stageWith(job: number, name: string, fullName: string, duration: Durations, input: Float64Array,
  prefStart: Int32Array, prefData: PrefCodes, kind: StageKind, batch: number, source: Int32Array, st: StageState, n = duration.length): Stage {
  return {
    id: -1, kind, batch, source, prefsAtSubmit: kind === StageKind.Blocks || kind === StageKind.Kafka,
    job, name, fullName, numTasks: n,
    duration, input, prefStart, prefData, ownPrefStart: prefStart, ownPrefData: prefData, parents: [], children: [],
    submitted: false, done: false, outputLoc: st.outputLoc, taskState: st.taskState,
    numSuccessful: 0, launched: st.launched, attempts: NO_ATTEMPTS, failures: NO_COUNTS,
    rerunSet: st.rerunSet, reruns: NO_RERUNS, rerunCount: 0, hasRerun: false, readyAt: NO_TIMES, readyBase: 0, readySet: NO_BITS,
    submitDelay: 0, delayed: false,
    stageAttempt: -1, failedAttempts: 0, lastFailedAttempt: -1, lostAt: -1,
  };
}

/**
 * A stage of n tasks not built yet (a streaming batch's, built when its job starts: buildStage):
 * its durations, sources and per-task state are arrays shared by every such stage of n tasks,
 * never written (nothing writes a stage's state before its job is submitted: its tasks have not
 * run). A batch queued behind a stalled one in a sweep's fork is never started before the fork
 * stops, and building its stages was a fifth of such a fork (issue #17).
 */
export function unbuiltStage(job: number, name: string, fullName: string, n: number, kind: StageKind, batch: number,
  prefStart: Int32Array, prefData: PrefCodes): Stage {
  let p = pristine.get(n);
  if (p === undefined) {
    if (pristine.size >= 64) pristine.clear();
    pristine.set(n, (p = { zeros: new Int32Array(n), state: stateIn(new ArrayBuffer(stageStateBytes(n)), 0, n) }));
  }
  return stageWith(job, name, fullName, p.zeros, NO_INPUT_YET, prefStart, prefData, kind, batch, p.zeros, p.state);
}

/** unbuiltStage's shared arrays by task count (a few counts repeat batch after batch) */
const pristine = new Map<number, { zeros: Int32Array; state: StageState }>();
/** an unbuilt stage's input (taskInput reads a one-value array as every task's): shared, never written */
const NO_INPUT_YET = new Float64Array(1);

/** The stage was not built yet (unbuiltStage). */
export function isUnbuilt(stage: Stage): boolean {
  return stage.input === NO_INPUT_YET;
}

/** Builds an unbuilt stage: its durations, inputs and sources, and its state at `at` in `buf` (stageStateBytes). */
export function buildStage(stage: Stage, duration: Durations, input: Float64Array, source: Int32Array, buf: ArrayBuffer, at: number): void {
  const st = stateIn(buf, at, duration.length);
  stage.duration = duration;
  stage.input = input;
  stage.source = source;
  stage.outputLoc = st.outputLoc;
  stage.rerunSet = st.rerunSet;
  stage.launched = st.launched;
  stage.attempts = NO_ATTEMPTS;
  stage.taskState = st.taskState;
}

/**
 * Task i of the stage re-runs work fault k lost. Marks are never cleared, so `hasRerun` says
 * whether any is set: a first submission of every task read the whole array of them to learn it
 * (an interpreted pass over 600,000 entries, compiled twice, in the bench's cold run, issue #17).
 */
export function markRerun(stage: Stage, i: number, k: number): void {
  stage.rerunSet[i >>> 5] |= 1 << (i & 31);
  const at = 2 * stage.rerunCount++;
  if (at === stage.reruns.length) {
    const more = new Int32Array(Math.max(8, 2 * at));
    more.set(stage.reruns);
    stage.reruns = more;
  }
  stage.reruns[at] = i;
  stage.reruns[at + 1] = k;
  stage.hasRerun = true;
}

/** Task i re-runs work a fault lost (markRerun). (Written out at each launch and success: a call took V8's inlining budget, issue #17.) */
export function isRerun(stage: Stage, i: number): boolean {
  return (stage.rerunSet[i >>> 5] & (1 << (i & 31))) !== 0;
}

/** The fault whose lost work task i last re-ran (markRerun), or -1. (A scan of the marks: few, and read by query code only.) */
export function recoveryFaultOf(stage: Stage, i: number): number {
  if (!isRerun(stage, i)) return -1;
  const reruns = stage.reruns;
  for (let at = 2 * stage.rerunCount - 2; ; at -= 2) if (reruns[at] === i) return reruns[at + 1];
}

/** Some task of the stage re-runs work fault k lost. */
export function rerunsFault(stage: Stage, k: number): boolean {
  const reruns = stage.reruns;
  for (let at = 1; at < 2 * stage.rerunCount; at += 2) if (reruns[at] === k) return true;
  return false;
}

// TaskSetManager.taskAttempts, as far as a run reads them: the number of each launch of a task in
// its stage's current task set (attempt 0, 1, ...). A first launch needs only a bit (the stage's
// `launched`); the tasks launched again, a few hundred in a run with faults, are counted in a small
// table (Stage.attempts). A count a task, a byte written at every launch, was 147 pages first
// touched at 600 k tasks, some 13 us each here, and the re-launched tasks are spread over the
// stage: an array of counts made at the first of them still had 93 of its pages touched (issue #17).

/**
 * Task i's attempt number for this launch, counted. (Simulation.launch writes it out, with
 * relaunched for the rare second launch: a call there took V8's inlining budget from the launch's
 * other calls, issue #17.)
 */
export function nextAttempt(stage: Stage, i: number): number {
  const w = i >>> 5;
  const bit = 1 << (i & 31);
  if ((stage.launched[w] & bit) !== 0) return relaunched(stage, i);
  stage.launched[w] |= bit;
  return 0;
}

/**
 * The attempt number of a launch of task i after its first in the task set: the launches before it,
 * modulo 65,536 (a 16-bit count wrapped there before the counts were narrowed). The table holds
 * its count, then `cap` slots of (task + 1, launches before the latest), at most half full.
 */
export function relaunched(stage: Stage, i: number): number {
  let table = stage.attempts;
  if (table.length === 0 || 4 * (table[0] + 1) > table.length - 1) table = stage.attempts = grown(table, null);
  const s = 1 + 2 * slotOf(table, i);
  if (table[s] === 0) {
    table[s] = i + 1;
    table[0]++;
  }
  const k = (table[s + 1] + 1) & 0xffff;
  table[s + 1] = k;
  return k;
}

/** The attempt number task i's next launch would get (nextAttempt, not counted). */
export function attemptOf(stage: Stage, i: number): number {
  if ((stage.launched[i >>> 5] & (1 << (i & 31))) === 0) return 0;
  const table = stage.attempts;
  if (table.length === 0) return 1;
  const s = 1 + 2 * slotOf(table, i);
  return table[s] === 0 ? 1 : (table[s + 1] + 1) & 0xffff;
}

/**
 * After findMissingPartitions cleared the `launched` bits of the missing tasks (the next task set
 * counts their attempts from 0): the counts of the others kept (the successful tasks': their
 * counts stayed as they were when a count a task was reset for the missing ones alone).
 */
export function keepSuccessfulCounts(stage: Stage): void {
  if (stage.attempts.length !== 0) stage.attempts = grown(stage.attempts, stage);
}

/**
 * The slot of task i in a table of (task + 1, value) pairs after its count, open addressing (the
 * attempt counts', the ready times'): its own, or the empty one where it goes.
 */
function slotOf(table: Int32Array | Float64Array, i: number): number {
  const mask = ((table.length - 1) >>> 1) - 1;
  let h = Math.imul(i ^ (i >>> 15), 0x2c1b3c6d);
  h ^= h >>> 12;
  let s = h & mask;
  while (table[1 + 2 * s] !== 0 && table[1 + 2 * s] !== i + 1) s = (s + 1) & mask;
  return s;
}

/**
 * The table with twice the slots (16 at first), its entries placed again; with `launchedIn`, the
 * same slots and only the entries of tasks whose `launched` bit is still set (none: NO_ATTEMPTS).
 */
function grown(old: Int32Array, launchedIn: Stage | null): Int32Array {
  const cap = old.length === 0 ? 16 : launchedIn === null ? old.length - 1 : (old.length - 1) >>> 1;
  const table = new Int32Array(1 + 2 * cap);
  for (let s = 1; s < old.length; s += 2) {
    const i = old[s] - 1;
    if (i < 0 || (launchedIn !== null && (launchedIn.launched[i >>> 5] & (1 << (i & 31))) === 0)) continue;
    const k = 1 + 2 * slotOf(table, i);
    table[k] = old[s];
    table[k + 1] = old[s + 1];
    table[0]++;
  }
  return launchedIn !== null && table[0] === 0 ? NO_ATTEMPTS : table;
}

/** Task i's output is on executor x (-1: none): an index past 16 bits widens the stage's array first (a success writes in place below it). */
export function setOutputLoc(stage: Stage, i: number, x: number): void {
  if (x > 0x7fff && stage.outputLoc instanceof Int16Array) stage.outputLoc = Int32Array.from(stage.outputLoc);
  stage.outputLoc[i] = x;
}

/** Failures of task i counted toward spark.task.maxFailures in the stage's current attempt. */
export function failuresOf(stage: Stage, i: number): number {
  const f = stage.failures;
  return f.length === 0 ? 0 : f[i];
}

/** A failure of task i counted toward spark.task.maxFailures: the count after it. */
export function countFailure(stage: Stage, i: number): number {
  if (stage.failures.length === 0) stage.failures = new Uint16Array(stage.numTasks);
  return ++stage.failures[i];
}

/** Shuffle dependencies by stage name (`parents`), within one job. */
export function linkParents(stages: Stage[], parents: string[][]): void {
  linkStages(stages, parentIndices(stages.map((s) => s.name), parents));
}

/** Each stage's parents as indices: each parent name's (last) stage, other than the stage itself, in the order named. */
export function parentIndices(names: string[], parents: string[][]): number[][] {
  const byName = new Map(names.map((name, k) => [name, k]));
  return parents.map((ps, k) => {
    const links: number[] = [];
    for (const p of ps) {
      const j = byName.get(p);
      if (j !== undefined && j !== k) links.push(j);
    }
    return links;
  });
}

/** The stage's parents with outputs missing, by id (DAGScheduler.submitStage submits them in that order). */
export function missingParents(stage: Stage): readonly Stage[] {
  return byIdWhere(stage.parents, isMissing);
}

/** The job's final stages (none of its stages reads them), by id: submitted in that order when it starts. */
export function finalStages(job: Job): readonly Stage[] {
  return byIdWhere(job.stages, isFinal);
}

const isMissing = (s: Stage): boolean => s.numSuccessful < s.numTasks;
const isFinal = (s: Stage): boolean => s.children.length === 0;

/**
 * The stages of `list` that pass `test`, by id: none (a shared empty list), one, or a list already in
 * that order, without a sort.
 * A streaming batch's last stage is submitted again as each of its parents completes, and each
 * batch's job starts: a filter and a sort's work array each time were a sixtieth of a sweep's
 * allocation (issue #17).
 */
function byIdWhere(list: readonly Stage[], test: (s: Stage) => boolean): readonly Stage[] {
  let n = 0;
  let one: Stage | null = null;
  let ordered = true;
  for (let i = 0; i < list.length; i++) {
    if (test(list[i])) {
      if (one !== null && one.id > list[i].id) ordered = false;
      n++;
      one = list[i];
    }
  }
  if (n === 0) return NO_STAGES;
  if (n === 1) return [one!];
  const out = list.filter(test);
  return ordered ? out : out.sort((a, b) => a.id - b.id);
}

const NO_STAGES: readonly Stage[] = [];

/** Links stage k to its parents' stages, links[k] (parentIndices). */
export function linkStages(stages: Stage[], links: number[][]): void {
  for (let k = 0; k < stages.length; k++) {
    for (const j of links[k]) {
      stages[k].parents.push(stages[j]);
      stages[j].children.push(stages[k]);
    }
  }
}

/** No task's ready time set since the submission (shared, never written). */
export const NO_BITS = new Uint32Array(0);
/** No ready time in the table (shared, never written: setReadyAt makes one). */
export const NO_TIMES = new Float64Array(0);

/**
 * Task i is ready to run from `t`. The table (Stage.readyAt) holds its count, then `cap` slots of
 * (task + 1, time), open addressing at most half full: a launch reads it only for a task whose
 * readySet bit is set, a few hundred re-queued tasks of a run.
 */
export function setReadyAt(stage: Stage, i: number, t: number): void {
  let table = stage.readyAt;
  if (table.length === 0 || 4 * (table[0] + 1) > table.length - 1) table = stage.readyAt = grownTimes(table);
  const s = 1 + 2 * slotOf(table, i);
  if (table[s] === 0) {
    table[s] = i + 1;
    table[0]++;
  }
  table[s + 1] = t;
  if (stage.readySet.length === 0) stage.readySet = new Uint32Array((stage.numTasks + 31) >>> 5);
  stage.readySet[i >>> 5] |= 1 << (i & 31);
}

/** The table with twice the slots (16 at first), its entries placed again. */
function grownTimes(old: Float64Array): Float64Array {
  const cap = old.length === 0 ? 16 : old.length - 1;
  const table = new Float64Array(1 + 2 * cap);
  for (let s = 1; s < old.length; s += 2) {
    if (old[s] === 0) continue;
    const k = 1 + 2 * slotOf(table, old[s] - 1);
    table[k] = old[s];
    table[k + 1] = old[s + 1];
  }
  table[0] = old.length === 0 ? 0 : old[0];
  return table;
}

/** The ready time setReadyAt gave task i (its readySet bit is set). */
export function readyTime(stage: Stage, i: number): number {
  const table = stage.readyAt;
  return table[2 + 2 * slotOf(table, i)];
}

/**
 * When task i became ready to run (setReadyAt, or else the stage's submission). (Written out in
 * Simulation.launch: a call there took V8's inlining budget from `Cluster.own`, issue #17.)
 */
export function readyAtOf(stage: Stage, i: number): number {
  const set = stage.readySet;
  return set.length !== 0 && (set[i >>> 5] & (1 << (i & 31))) !== 0 ? readyTime(stage, i) : stage.readyBase;
}

/**
 * Where task i's preferred locations start in prefData: prefStart[i], or i x prefStart[0] when
 * prefStart holds one number (a count stage, whose tasks have as many preferences each: its n + 1
 * offsets are not stored, issue #17; a stage of no task has [0] either way).
 */
export function prefFrom(prefStart: Int32Array, i: number): number {
  return prefStart.length === 1 ? i * prefStart[0] : prefStart[i];
}

/** Input bytes of task i (a stage of alike tasks keeps one value for all). */
export function taskInput(stage: Stage, i: number): number {
  const input = stage.input;
  return input.length === 1 ? input[0] : input[i];
}

/** The task id of the spec: `JOB/STAGE/INDEX`, or `receiver:NAME` for a receiver's task. */
export function taskName(stage: Stage, i: number): string {
  return stage.kind === StageKind.Receiver ? stage.fullName : `${stage.fullName}/${i}`;
}

export function drawDuration(d: DurationSpec, rng: Random): number {
  switch (d.dist) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return d.min + Math.floor(rng.next() * (d.max - d.min + 1));
    case 'lognormal':
      // (Box-Muller, one normal of two draws a task: lognormal.ts)
      return lognormalMs(d.median, d.sigma, rng.nextI32(), rng.nextI32());
  }
}

function encodeLocation(loc: Location, cluster: Cluster): number {
  switch (loc.kind) {
    case 'exec': {
      const e = cluster.findExecutor(loc.id);
      return e === undefined ? -1 : (e << 2) | Pref.EXEC;
    }
    case 'host': {
      return (cluster.hostOf(loc.name) << 2) | Pref.HOST;
    }
    case 'rack': {
      // a rack no executor is on is kept, as a host is: Spark keeps the task in that rack's
      // pending list (TaskSetManager.addPendingTask), where it counts as work at RACK_LOCAL
      // (moreTasksToRunIn) but never matches an offer
      return (cluster.rackOf(loc.name) << 2) | Pref.RACK;
    }
  }
}

/**
 * A stage given as a count of alike tasks: the same draws in the same order as a list of tasks
 * (per task its duration, then its replicas), written straight into typed arrays.
 */
function countStage(t: TaskGroupSpec, rng: Random, cluster: Cluster, hostsInOrder: number[], execsInOrder: number[], overhead: number,
  seeds: number[]) {
  const n = t.count;
  // (drawn at the stage's first submission when nothing else is drawn from its generator: undrawn)
  const later = Array.isArray(t.prefer) && n > 0;
  const duration = durationsFor(later ? 0 : n, t.duration, overhead);
  if (later) undrawn.set(duration, { d: t.duration, seeds, overhead });
  // every task reads the same: one value (taskInput), not 8 bytes per task
  const input = Float64Array.of(t.input);
  // every task has m preferences: one number for the n + 1 offsets (prefFrom)
  let prefStart: Int32Array;
  let prefData: PrefCodes;
  if (Array.isArray(t.prefer)) {
    // the same locations for every task: no random draw
    const codes: number[] = [];
    for (const loc of t.prefer) {
      const code = encodeLocation(loc, cluster);
      if (code >= 0) codes.push(code);
    }
    const m = codes.length;
    prefData = flatCodes(n * m, largest(codes));
    prefStart = Int32Array.of(m);
    // (a stage of no preference, the usual shuffle stage, has nothing to copy: its empty pass of n
    // steps had V8 compile countStage twice, on stack replacement and whole, issue #17)
    if (m > 0) copyCodes(codes, n, prefData);
  } else {
    const pool = t.prefer.on === 'hosts' ? hostsInOrder : execsInOrder;
    const kind = t.prefer.on === 'hosts' ? Pref.HOST : Pref.EXEC;
    const m = Math.max(0, Math.min(t.prefer.replicas, pool.length));
    prefData = codesFor(n, m, largest(pool), kind);
    if (kind === Pref.HOST) hostPrefs.add(prefData);
    prefStart = Int32Array.of(m);
    if (m <= 0) {
      fillDurations(t.duration, rng, duration);
    } else {
      drawReplicas(t.duration, rng, pool, m, kind, duration, prefData);
    }
  }
  return { duration, input, prefStart, prefData };
}

/**
 * The durations of count stages not drawn yet, by their (empty) arrays: a stage whose tasks
 * prefer the same locations or none (the usual shuffle and result stages) draws nothing else from
 * its generator, so its durations are drawn at its first submission (drawnOnSubmit), the same
 * values, into memory the run no longer reads when it has some (stateOnSubmit): drawn at the
 * build, the bench's two later stages' were 117 pages first touched (issue #17). By the empty
 * array, which a fork's stage shares with its base: each draws its own from the same seeds.
 */
const undrawn = new WeakMap<Durations, { d: DurationSpec; seeds: number[]; overhead: number }>();

/** The n durations of `empty` (undrawn), drawn, with the stage's overhead, in memory of `run` (zeroed). */
function drawnOnSubmit(empty: Durations, n: number, run: object): Durations {
  const w = undrawn.get(empty)!;
  const wide = empty instanceof Int32Array;
  const { buf, at } = zeroed(run, ((wide ? 4 : 2) * n + 7) & ~7);
  const out = wide ? new Int32Array(buf, at, n) : new Uint16Array(buf, at, n);
  fillDurations(w.d, new Random(w.seeds[0], w.seeds[1], w.seeds[2], w.seeds[3]), out);
  if (w.overhead > 0) for (let i = 0; i < n; i++) out[i] += w.overhead;
  return out;
}

/**
 * The draws of the file's large counted stages (`n` tasks or more), `n` tasks each, into arrays
 * thrown away: for a cold command line's warm-up (src/cli/warmUp.ts). Until V8 has compiled the
 * draw loops, each task's draws box their doubles in the interpreter: the bench's 600 k-task build
 * made about 10 MB of such garbage, four young collections and 4 MB more young generation touched
 * for the first time. Drawn ahead, the loops are compiled (concurrently, during the miniature)
 * before the real build, which then allocates almost nothing (issue #17). The same spec objects and
 * array types as the real build, so the compiled code fits it; its own generator, so no draw of
 * the run changes.
 */
export function drawAhead(file: JobFile, n: number): void {
  const hosts = new Set(file.cluster.executors.map((e) => e.host)).size;
  const hostPool: number[] = [];
  for (let i = 0; i < hosts; i++) hostPool.push(i);
  const execPool: number[] = [];
  for (let i = 0; i < file.cluster.executors.length; i++) execPool.push(i);
  for (const j of file.jobs) {
    for (const s of j.stages) {
      const t = s.tasks;
      if (Array.isArray(t) || t.count < 8 * n) continue;
      const rng = new Random(file.seed);
      const duration = durationsFor(n, t.duration, s.overhead ?? 0);
      if (Array.isArray(t.prefer)) {
        fillDurations(t.duration, rng, duration);
        continue;
      }
      const pool = t.prefer.on === 'hosts' ? hostPool : execPool;
      const m = Math.max(0, Math.min(t.prefer.replicas, pool.length));
      const kind = t.prefer.on === 'hosts' ? Pref.HOST : Pref.EXEC;
      if (m <= 0) fillDurations(t.duration, rng, duration);
      else drawReplicas(t.duration, rng, pool, m, kind, duration, codesFor(n, m, largest(pool), kind));
    }
  }
}

/** The same m codes for each of n tasks. */
function copyCodes(codes: number[], n: number, prefData: FlatCodes): void {
  const m = codes.length;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) prefData[i * m + r] = codes[r];
  }
}

/**
 * Each task's duration and m replicas drawn from `pool`, in task order. A function of its own: its
 * loop is compiled on stack replacement during the first such stage, and countStage, called once a
 * stage, is not compiled at all (it was compiled whole for the next stages' few lines after its
 * loop's compile, issue #17).
 */
function drawReplicas(d: DurationSpec, rng: Random, pool: number[], m: number, kind: Pref, duration: Durations, prefData: PrefCodes): void {
  const n = duration.length;
  // (more replicas than the sparse draw keeps: the pool's scratch permutation, looked up once a stage)
  const perm = m > SPARSE_MAX ? scratchFor(pool) : null;
  // (a lognormal's parameters and HDFS's 3 replicas or fewer without drawDuration's and
  // sampleDistinct's dispatch per task: the same draws, issue #17)
  const median = d.dist === 'lognormal' ? d.median : NaN;
  const sigma = d.dist === 'lognormal' ? d.sigma : NaN;
  if (prefData instanceof Uint32Array) {
    for (let i = 0; i < n; i++) {
      duration[i] = median === median ? lognormalMs(median, sigma, rng.nextI32(), rng.nextI32()) : drawDuration(d, rng);
      prefData[i] = sampleThree(pool, rng);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    duration[i] = median === median ? lognormalMs(median, sigma, rng.nextI32(), rng.nextI32()) : drawDuration(d, rng);
    if (m <= 3) sampleFew(pool, m, rng, prefData, i * m, kind);
    else if (perm === null) sampleDistinct(pool, m, rng, prefData, i * m, kind);
    else sampleDistinctDense(pool, m, rng, prefData, i * m, kind, perm);
  }
}

function largest(xs: number[]): number {
  let max = 0;
  for (const x of xs) if (x > max) max = x;
  return max;
}

/** The codes of n tasks of m replicas each drawn from a pool of items at most `largest`, of `kind`: packed when they fit. */
function codesFor(n: number, m: number, largest: number, kind: Pref): PrefCodes {
  return m === 3 && kind === Pref.HOST && largest < 1024 ? new Uint32Array(n) : flatCodes(n * m, (largest << 2) | kind);
}

/** An array for `size` preference codes of at most `maxCode`. */
function flatCodes(size: number, maxCode: number): FlatCodes {
  return maxCode <= 0xffff ? new Uint16Array(size) : new Int32Array(size);
}

/**
 * Preference arrays that name no executor, by identity: a count stage's replicas drawn from the
 * hosts (`prefer: { on: hosts }`). A task set filters the executors the driver removed out of its
 * stage's preferences (taskSetManager.ts), and such an array needs no scan of its entries for
 * them (a million for the bench's scan stage, issue #17). Stage preference arrays are never
 * written after they are built (fork.ts shares them).
 */
const hostPrefs = new WeakSet<PrefCodes>();

/** `prefData` is known to name no executor (Pref.EXEC): a count stage's draws from the hosts. */
export function namesNoExecutor(prefData: PrefCodes): boolean {
  return hostPrefs.has(prefData);
}

/**
 * Room for n draws of `d`, each with `overhead` added later (withDriverTimes): 16-bit when every
 * value they can take is an integer of 0..65535 as stored (half the bytes of the stage's second
 * biggest per-task array, each page of it first touched at some 11 us, issue #17), else 32-bit.
 * Both stores truncate a fraction alike, so the values read are the same either way.
 */
export function durationsFor(n: number, d: DurationSpec, overhead: number): Durations {
  let min: number;
  let max: number;
  if (d.dist === 'fixed') min = max = d.ms;
  else if (d.dist === 'uniform') min = Math.min(d.min, d.max), max = Math.max(d.min, d.max);
  else {
    // lognormalExact: round(median e^x) >= 0, |x| <= |sigma| sqrt(-2 ln 2^-32) = |sigma| 6.6604
    min = 0;
    max = d.median * Math.exp(Math.abs(d.sigma) * 6.661) + 1;
  }
  return min >= 0 && overhead >= 0 && max + overhead < 65535 ? new Uint16Array(n) : new Int32Array(n);
}

/** drawDuration for every task in turn (no other draw in between). */
export function fillDurations(d: DurationSpec, rng: Random, out: Durations): void {
  const n = out.length;
  switch (d.dist) {
    case 'fixed':
      out.fill(d.ms);
      return;
    case 'uniform':
      // (the chunks' loop here, not in a method of Random's of its own: a function that small was
      // compiled at its first budget tick, for nothing but the calls, issue #17)
      for (let from = 0; from < n; from += FILL_CHUNK) rng.fillInts(out, d.min, d.max - d.min + 1, from, Math.min(n, from + FILL_CHUNK));
      return;
    case 'lognormal':
      for (let i = 0; i < n; i++) out[i] = lognormalMs(d.median, d.sigma, rng.nextI32(), rng.nextI32());
  }
}

/**
 * m (<= pool.length) distinct items drawn uniformly (a partial Fisher-Yates), as HDFS spreads a
 * block's replicas: written to out[at..at+m) as location codes (item << 2 | kind).
 */
export function sampleDistinct(pool: number[], m: number, rng: Random, out: FlatCodes, at: number, kind: number): void {
  if (m <= 3) return sampleFew(pool, m, rng, out, at, kind);
  if (m > SPARSE_MAX) return sampleDistinctDense(pool, m, rng, out, at, kind);
  // The same draws and swaps on an identity permutation, with only the positions a swap moved
  // kept (moved[t] holds movedValue[t]): position i is never read after step i, as every later
  // j is above it, so a step records position j alone. A few entries to scan instead of 2m
  // writes to a permutation of the whole pool (a fifth of building a replicated stage, issue #17).
  const n = pool.length;
  let count = 0;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    let atJ = j;
    let atI = i;
    let slot = count;
    for (let t = 0; t < count; t++) {
      const p = moved[t];
      if (p === j) {
        atJ = movedValue[t];
        slot = t;
      } else if (p === i) atI = movedValue[t];
    }
    out[at + i] = (pool[atJ] << 2) | kind;
    if (j === i) continue;
    moved[slot] = j;
    movedValue[slot] = atI;
    if (slot === count) count++;
  }
}

/**
 * sampleDistinct of at most 3 (HDFS's replication factor): the same draws and the same moved
 * positions, kept in locals (position p0 holds v0, p1 holds v1; -1: none) instead of the scratch
 * arrays. Only two moves are ever read back (the last step's is not), and a step that moves a
 * position already moved replaces its value. 0.8x the instructions of a draw of 3 of 1000 (the
 * bench's scan stage, issue #17).
 */
function sampleFew(pool: number[], m: number, rng: Random, out: FlatCodes, at: number, kind: number): void {
  const n = pool.length;
  let p0 = -1;
  let v0 = 0;
  let p1 = -1;
  let v1 = 0;
  // rng.int's draws with the generator's four words in locals (Random.nextI32's step, written
  // back once): three draws read and wrote the state array 24 times, a third of a scan task's
  // sampleFew (issue #17)
  const s = rng.s;
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  for (let i = 0; i < m; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    const j = i + Math.floor(((t >>> 0) / 4294967296) * (n - i));
    const atJ = j === p0 ? v0 : j === p1 ? v1 : j;
    const atI = i === p0 ? v0 : i === p1 ? v1 : i;
    out[at + i] = (pool[atJ] << 2) | kind;
    if (j === i) continue;
    if (j === p0) v0 = atI;
    else if (j === p1) v1 = atI;
    else if (p0 < 0) p0 = j, v0 = atI;
    else p1 = j, v1 = atI;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

/**
 * sampleFew of 3 hosts, packed (PrefCodes): the same draws, the three hosts' indices in one
 * word, 10 bits each, for one store a task where there were three. Its loop is sampleFew's, copied
 * rather than shared: it runs 360,000 times in the bench's scan, where a shared loop would test
 * which layout it writes at every replica (packedCodes.test.ts holds the two to the same draws).
 */
export function sampleThree(pool: number[], rng: Random): number {
  const n = pool.length;
  let p0 = -1;
  let v0 = 0;
  let p1 = -1;
  let v1 = 0;
  const s = rng.s;
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  let word = 0;
  for (let i = 0; i < 3; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    const j = i + Math.floor(((t >>> 0) / 4294967296) * (n - i));
    const atJ = j === p0 ? v0 : j === p1 ? v1 : j;
    const atI = i === p0 ? v0 : i === p1 ? v1 : i;
    word |= pool[atJ] << (10 * i);
    if (j === i) continue;
    if (j === p0) v0 = atI;
    else if (j === p1) v1 = atI;
    else if (p0 < 0) p0 = j, v0 = atI;
    else p1 = j, v1 = atI;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  return word >>> 0;
}

const SPARSE_MAX = 16;
const moved = new Int32Array(SPARSE_MAX);
const movedValue = new Int32Array(SPARSE_MAX);

/** sampleDistinct on a scratch permutation of the pool (identity between calls: the swaps are undone). */
export function sampleDistinctDense(pool: number[], m: number, rng: Random, out: FlatCodes, at: number, kind: number,
  perm = scratchFor(pool)): void {
  const n = pool.length;
  const picked = swaps.length < m ? (swaps = new Int32Array(m)) : swaps;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    picked[i] = j;
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
    out[at + i] = (pool[perm[i]] << 2) | kind;
  }
  for (let i = m - 1; i >= 0; i--) {
    const j = picked[i];
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

let swaps = new Int32Array(8);
const scratch = new WeakMap<number[], Int32Array>();
function scratchFor(pool: number[]): Int32Array {
  let perm = scratch.get(pool);
  if (!perm) {
    perm = new Int32Array(pool.length);
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    scratch.set(pool, perm);
  }
  return perm;
}

/** Locality of a task with these preferred locations if it ran on executor `exec`, as dequeueTask records it. */
export function localityOn(cluster: Cluster, prefs: FlatCodes, exec: number): number {
  if (prefs.length === 0) return PROCESS_LOCAL; // no preference: recorded PROCESS_LOCAL (dequeueTask)
  const e = cluster.executors[exec];
  let best = ANY;
  for (let k = 0; k < prefs.length; k++) {
    const kind = prefs[k] & 3;
    const x = prefs[k] >> 2;
    if (kind === Pref.EXEC) {
      if (x === exec) return PROCESS_LOCAL;
      const h = cluster.executors[x].host;
      if (h === e.host) best = Math.min(best, NODE_LOCAL);
      else if (e.rack >= 0 && cluster.hostRack[h] === e.rack) best = Math.min(best, RACK_LOCAL);
    } else if (kind === Pref.HOST) {
      if (x === e.host) best = Math.min(best, NODE_LOCAL);
      else if (e.rack >= 0 && cluster.hostRack[x] === e.rack) best = Math.min(best, RACK_LOCAL);
    } else if (e.rack === x) {
      best = Math.min(best, RACK_LOCAL);
    }
  }
  return best;
}

/** Orders stages so parents come first (ties in the file's order): DAGScheduler gives parents lower ids. */
export function topoOrder(stages: Stage[]): Stage[] {
  const out: Stage[] = [];
  const state = new Map<Stage, number>();
  for (const s of stages) parentsFirst(s, state, out);
  return out;
}

/**
 * topoOrder's walk from `s`. (A function, not a closure made at each call: a sweep's forks submit
 * jobs often enough that TurboFan compiled the closure, and its compiled code went at every full
 * collection, issue #17.)
 */
function parentsFirst(s: Stage, state: Map<Stage, number>, out: Stage[]): void {
  if (state.get(s) === 2) return;
  if (state.get(s) === 1) return; // cycle: the validator reports it; do not loop
  state.set(s, 1);
  for (const p of s.parents) parentsFirst(p, state, out);
  state.set(s, 2);
  out.push(s);
}
