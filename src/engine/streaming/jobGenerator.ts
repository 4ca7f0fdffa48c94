// JobGenerator (streaming/.../scheduler/JobGenerator.scala, RecurringTimer.scala; reference
// sec. 1.1-1.3): batch k (k >= 1) has time k x batchInterval from the start (zeroTime = 0, the
// first tick one interval after the start); the timer never skips a tick nor waits for earlier
// batches. At each batch time every output operation gives one job (Job id
// "streaming job T.outputOpId"), named OUTPUT@T here: an `input:` stage has one task per block
// or Kafka partition allocated to the batch, fixed now; the stages' arrays are built now, or in a
// sweep's fork when the job starts (StreamingContext.buildAtStart).
import type { OutputSpec, StreamingInputSpec } from '../../format/model';
import { hashString, Random } from '../random';
import { NO_INPUT, NO_PREFS, noPrefStart, type StageChunks } from '../stageBuffers';
import { buildStage, fillDurations, JobKind, linkStages, makeStage, NO_SOURCE, parentIndices, stageStateBytes, StageKind, unbuiltStage, type Job, type Stage } from '../workload';

/** Batch time of batch k (1-based): RecurringTimer's ticks, multiples of the interval. */
export function batchTime(k: number, batchInterval: number): number {
  return k * batchInterval;
}

/** The partitions of one input in one batch: a block index or Kafka partition, records and bytes each. */
export interface InputPartitions {
  kind: StageKind.Blocks | StageKind.Kafka;
  source: number[];
  records: number[];
  bytes: number[];
}

/** Task duration of an input stage: fixed + records x costPerRecord, whole milliseconds (rounded up). */
export function inputTaskMs(fixedUs: number, costPerRecordUs: number, records: number): number {
  return Math.ceil((fixedUs + records * costPerRecordUs) / 1000);
}

/**
 * The job of output `o` in batch `time` (job index `idx`), its stages not built yet (workload.ts
 * unbuiltStage): `parts`, each stage's input partitions (null: a stage with `tasks:`), builds them
 * when the job starts (buildOutputStages). The preferences of an input stage are filled at its
 * submission (StreamingContext.fillPrefs).
 */
export function outputJob(idx: number, o: number, out: OutputSpec, time: number, inputs: readonly StreamingInputSpec[],
  partitionsOf: (input: number) => InputPartitions): { job: Job; parts: (InputPartitions | null)[] } {
  const name = `${out.name}@${time}`;
  const parts = inputParts(out, inputs, partitionsOf);
  // (a loop, no closure a batch: a sweep's stalled forks generate batch after batch, issue #17)
  const stages: Stage[] = [];
  for (let si = 0; si < parts.length; si++) {
    const s = out.stages[si];
    const p = parts[si];
    const n = p !== null ? p.source.length : s.tasks ?? 1;
    stages.push(unbuiltStage(idx, s.name, `${name}/${s.name}`, n, p !== null ? p.kind : StageKind.Tasks, time, noPrefStart(n), NO_PREFS));
  }
  linkStages(stages, parentsOf(out));
  return { job: { idx, kind: JobKind.Streaming, batch: time, output: o, id: -1, name, submit: time, stages, end: null, aborted: null }, parts };
}

/** outputJob's job with its stages built now, every per-task array carved from `chunks` (stageBuffers.ts). */
export function builtOutputJob(idx: number, o: number, out: OutputSpec, time: number, inputs: readonly StreamingInputSpec[],
  partitionsOf: (input: number) => InputPartitions, seed: number, chunks: StageChunks): Job {
  const name = `${out.name}@${time}`;
  const stages: Stage[] = [];
  carveStages(idx, name, out, time, seed, inputParts(out, inputs, partitionsOf), chunks, stages);
  linkStages(stages, parentsOf(out));
  return { idx, kind: JobKind.Streaming, batch: time, output: o, id: -1, name, submit: time, stages, end: null, aborted: null };
}

/** Builds the stages of output `out`'s job (outputJob) from their input partitions `parts`. */
export function buildOutputStages(job: Job, out: OutputSpec, seed: number, parts: readonly (InputPartitions | null)[], chunks: StageChunks): void {
  carveStages(job.idx, job.name, out, job.batch, seed, parts, chunks, job.stages);
}

/** Each stage's input partitions (null: a stage with `tasks:`). */
function inputParts(out: OutputSpec, inputs: readonly StreamingInputSpec[], partitionsOf: (input: number) => InputPartitions): (InputPartitions | null)[] {
  const inputOf = stageInputs(out, inputs);
  const parts: (InputPartitions | null)[] = new Array(inputOf.length);
  for (let si = 0; si < inputOf.length; si++) parts[si] = inputOf[si] >= 0 ? partitionsOf(inputOf[si]) : null;
  return parts;
}

/**
 * The stages of job `idx` (named `name`) from their input partitions, every per-task array carved
 * from `chunks`: the unbuilt ones in `stages` built, or, `stages` empty, made into it.
 */
function carveStages(idx: number, name: string, out: OutputSpec, time: number, seed: number, parts: readonly (InputPartitions | null)[],
  chunks: StageChunks, stages: Stage[]): void {
  const made = stages.length === 0;
  // one region a stage: its state, then its input bytes (receiver blocks), durations and sources
  let bytes = 0;
  for (let si = 0; si < parts.length; si++) {
    const p = parts[si];
    const n = p !== null ? p.source.length : out.stages[si].tasks ?? 1;
    bytes += stageStateBytes(n) + (p !== null && !allZero(p.bytes) ? 8 * n : 0) + ((4 * n * (p !== null ? 2 : 1) + 7) & ~7);
  }
  const { buf, at: start } = chunks.carve(bytes);
  let at = start;
  for (let si = 0; si < parts.length; si++) {
    const s = out.stages[si];
    const p = parts[si];
    const n = p !== null ? p.source.length : s.tasks ?? 1;
    const state = at;
    at += stageStateBytes(n);
    let input = NO_INPUT;
    let duration: Int32Array;
    let source = NO_SOURCE;
    if (p !== null) {
      if (!allZero(p.bytes)) {
        input = new Float64Array(buf, at, n);
        for (let i = 0; i < n; i++) input[i] = p.bytes[i];
        at += 8 * n;
      }
      duration = new Int32Array(buf, at, n);
      source = new Int32Array(buf, at + 4 * n, n);
      at += (8 * n + 7) & ~7;
      for (let i = 0; i < n; i++) {
        duration[i] = inputTaskMs(s.fixedUs, s.costPerRecordUs, p.records[i]);
        source[i] = p.source[i];
      }
    } else {
      duration = new Int32Array(buf, at, n);
      at += (4 * n + 7) & ~7;
      fillDurations(s.duration ?? { dist: 'fixed', ms: 0 }, new Random(seed, hashString(out.name), time, si), duration);
    }
    if (made) {
      stages.push(makeStage(idx, s.name, `${name}/${s.name}`, duration, input, noPrefStart(n), NO_PREFS, p !== null ? p.kind : StageKind.Tasks,
        time, source, buf, state));
    } else buildStage(stages[si], duration, input, source, buf, state);
  }
}

/**
 * Each stage's parents as indices (parentIndices), found once per output: the same for every
 * batch, and a Map and lists per batch were a sixtieth of a sweep's allocation (issue #17).
 */
const parentsByOutput = new WeakMap<OutputSpec, number[][]>();

function parentsOf(out: OutputSpec): number[][] {
  let links = parentsByOutput.get(out);
  if (links === undefined) {
    links = parentIndices(out.stages.map((s) => s.name), out.stages.map((s) => s.parents));
    parentsByOutput.set(out, links);
  }
  return links;
}

/** Each stage's input (its index in `inputs`, the first of its name), or -1: found once per output. */
const inputsByOutput = new WeakMap<OutputSpec, number[]>();

function stageInputs(out: OutputSpec, inputs: readonly StreamingInputSpec[]): number[] {
  let found = inputsByOutput.get(out);
  if (found === undefined) {
    found = out.stages.map((s) => (s.input === undefined ? -1 : inputs.findIndex((i) => i.name === s.input)));
    inputsByOutput.set(out, found);
  }
  return found;
}

/** Kafka partitions read no input bytes of the cluster's network (a shared zero then, taskInput) */
function allZero(xs: number[]): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) return false;
  return true;
}
