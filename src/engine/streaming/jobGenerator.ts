// JobGenerator (streaming/.../scheduler/JobGenerator.scala, RecurringTimer.scala; reference
// sec. 1.1-1.3): batch k (k >= 1) has time k x batchInterval from the start (zeroTime = 0, the
// first tick one interval after the start); the timer never skips a tick nor waits for earlier
// batches. At each batch time every output operation gives one job (Job id
// "streaming job T.outputOpId"), named OUTPUT@T here, whose stages are built now: an `input:`
// stage has one task per block or Kafka partition allocated to the batch.
import type { OutputSpec } from '../../format/model';
import { hashString, Random } from '../random';
import { drawDuration, JobKind, linkParents, makeStage, StageKind, type Job, type Stage } from '../workload';

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

/** The job of output `o` in batch `time` (job index `idx`), its stages with their tasks. */
export function buildOutputJob(idx: number, o: number, out: OutputSpec, time: number, seed: number,
  partitionsOf: (input: string) => InputPartitions): Job {
  const name = `${out.name}@${time}`;
  const stages: Stage[] = out.stages.map((s, si) => {
    if (s.input !== undefined) {
      const p = partitionsOf(s.input);
      const n = p.source.length;
      const duration = Int32Array.from(p.records, (r) => inputTaskMs(s.fixedUs, s.costPerRecordUs, r));
      return makeStage(idx, s.name, `${name}/${s.name}`, duration, Float64Array.from(p.bytes), new Int32Array(n + 1),
        new Int32Array(0), p.kind, time, Int32Array.from(p.source));
    }
    const n = s.tasks ?? 1;
    const rng = new Random(seed, hashString(out.name), time, si);
    const duration = new Int32Array(n);
    for (let i = 0; i < n; i++) duration[i] = drawDuration(s.duration ?? { dist: 'fixed', ms: 0 }, rng);
    return makeStage(idx, s.name, `${name}/${s.name}`, duration, new Float64Array(n), new Int32Array(n + 1), new Int32Array(0),
      StageKind.Tasks, time);
  });
  linkParents(stages, out.stages.map((s) => s.parents));
  return { idx, kind: JobKind.Streaming, batch: time, output: o, id: -1, name, submit: time, stages, end: null, aborted: null };
}
