// The sweep spread over worker threads, one share of the executors each, when the machine has
// cores to spare and the cluster is big enough to pay for starting them. The merged result is
// ordered as one thread would produce it, so output does not depend on the number of threads.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sweep, sweepFinding, type SweepOptions, type SweepResult } from '../engine/analysis/sweep';
import type { JobFile } from '../format/model';

const MIN_EXECUTORS_PER_WORKER = 8;

export async function parallelSweep(model: JobFile, text: string, options: SweepOptions = {}): Promise<SweepResult> {
  const ids = model.cluster.executors.map((e) => e.id);
  const workers = Math.min(availableParallelism(), Math.floor(ids.length / MIN_EXECUTORS_PER_WORKER));
  const script = join(__dirname, 'sweepWorker.js');
  if (workers < 2) return sweep(model, options);
  const shares: string[][] = Array.from({ length: workers }, () => []);
  ids.forEach((id, i) => shares[i % workers].push(id));
  const parts = await Promise.all(shares.map((executors) => new Promise<SweepResult>((resolve, reject) => {
    const w = new Worker(script, { workerData: { text, options: { ...options, executors, onProgress: undefined, isCancelled: undefined } } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const order = new Map(ids.map((id, i) => [id, i]));
  const faults = parts.flatMap((p) => p.faults)
    .sort((a, b) => a.at - b.at || order.get(a.executor)! - order.get(b.executor)! || a.kind.localeCompare(b.kind));
  return {
    makespan: parts[0].makespan, faults, findings: faults.filter((f) => f.stalled).map((f) => sweepFinding(model, f)),
    cancelled: parts.some((p) => p.cancelled), runs: parts.reduce((n, p) => n + p.runs, 0),
  };
}
