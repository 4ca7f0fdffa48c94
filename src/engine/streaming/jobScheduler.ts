// JobScheduler (streaming/.../scheduler/JobScheduler.scala, JobSet.scala, BatchInfo.scala;
// reference sec. 1.4-1.5): a fixed pool of spark.streaming.concurrentJobs threads with an
// unbounded FIFO queue; jobs run in (batch time, output) order. Per batch: submission when the
// JobSet is built, processingStart when its first job starts, processingEnd when its last ends.
import type { BatchResult } from '../result';

export interface BatchState {
  time: number;
  /** job indices (Simulation.jobs), in output order */
  jobs: number[];
  submission: number;
  processingStart: number | null;
  processingEnd: number | null;
  jobsLeft: number;
}

export class JobScheduler {
  readonly batches: BatchState[] = [];
  /** jobExecutor's queue: [job index, batch index] pairs, FIFO */
  readonly queue: number[] = [];
  private head = 0;
  running = 0;

  constructor(readonly concurrentJobs: number) {}

  /** submitJobSet: a JobSet without jobs posts nothing and has no metrics (sec. 1.4). */
  submitJobSet(time: number, jobs: number[], now: number): void {
    if (jobs.length === 0) return;
    const b = this.batches.length;
    this.batches.push({ time, jobs, submission: now, processingStart: null, processingEnd: null, jobsLeft: jobs.length });
    for (const j of jobs) this.queue.push(j, b);
  }

  /** The next job a free pool thread takes (JobHandler.run -> JobStarted), or -1. */
  take(now: number): number {
    if (this.running >= this.concurrentJobs || this.head >= this.queue.length) return -1;
    const j = this.queue[this.head];
    const batch = this.batches[this.queue[this.head + 1]];
    this.head += 2;
    this.running++;
    // handleJobStart: the first job of the set sets processingStartTime
    if (batch.processingStart === null) batch.processingStart = now;
    return j;
  }

  /** handleJobCompletion: the last job of the set sets processingEndTime (failed or not); true then (BatchCompleted). */
  completed(batchIdx: number, now: number): boolean {
    this.running--;
    const batch = this.batches[batchIdx];
    if (--batch.jobsLeft > 0) return false;
    batch.processingEnd = now;
    return true;
  }

  /** Jobs still queued (the driver stops: they never run). */
  drain(): number[] {
    const out: number[] = [];
    for (; this.head < this.queue.length; this.head += 2) out.push(this.queue[this.head]);
    return out;
  }

  /** BatchInfo: schedulingDelay, processingDelay and totalDelay (sec. 1.5). */
  results(): BatchResult[] {
    return this.batches.map((b) => ({
      time: b.time,
      submission: b.submission,
      processingStart: b.processingStart,
      processingEnd: b.processingEnd,
      schedulingDelay: b.processingStart === null ? null : b.processingStart - b.submission,
      processingDelay: b.processingStart === null || b.processingEnd === null ? null : b.processingEnd - b.processingStart,
      totalDelay: b.processingEnd === null ? null : b.processingEnd - b.submission,
    }));
  }
}
