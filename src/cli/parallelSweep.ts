// The sweep spread over worker threads, one share of the executors each, when the machine has
// idle cores and the sweep is long enough to pay for starting them. The merged result is
// ordered as one thread would produce it, so output does not depend on the number of threads.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { filesOwnRun, sweep, sweepBaseRun, sweepFinding, sweepMoments, type SweepOptions, type SweepResult } from '../engine/analysis/sweep';
import type { JobFile } from '../format/model';

const MIN_EXECUTORS_PER_WORKER = 8;
/**
 * What a worker costs before its first fork: node's worker start, loading dist/sweepWorker.js,
 * parsing the file and a cold JIT (about 165 + 175 ms for the command line, issue #17); then
 * each worker runs the fault-free base it forks from (added from the measured run).
 */
const WORKER_START_MS = 340;
/**
 * A fork's cost as a share of one fault-free run, cold: a fork starts at its moment and stops once
 * its fault has recovered. Measured on the streaming bench workload (543 forks, cold, idle
 * machine): about 0.008 since forks follow one copy plan per moment (it was 0.05 before); at 0.05
 * an idle 2-core machine chose two workers, ~1.4x slower than one thread (700 vs 500 ms wall).
 */
const FORK_SHARE = 0.01;

export interface Threads {
  /** the threads sweeping: this one, and workers - 1 worker threads (1: this thread alone) */
  workers: number;
  /** the estimates the choice was made from (ms): one fault-free run, the rest of the sweep in one thread */
  runMs: number; oneThreadMs: number; idleCores: number;
}

/**
 * The number of threads from the machine and the work: workers only on cores no other process is
 * using (the 1-minute load average; a busy 2-core machine runs two workers ~3x slower than one
 * thread, measured), and only when the sweep's estimated time, from one measured fault-free run,
 * shrinks by more than what starting the workers costs.
 */
export function chooseThreads(model: JobFile, runMs: number, kinds: number,
  cores = availableParallelism(), load = loadavg()[0]): Threads {
  const idleCores = Math.max(1, Math.floor(cores - load + 0.5));
  const forks = model.cluster.executors.length * model.analysis.sweepTimes * kinds;
  // after the measured run: the base run to fork from, then the forks
  const oneThreadMs = runMs + forks * FORK_SHARE * runMs;
  const maxWorkers = Math.min(idleCores, Math.floor(model.cluster.executors.length / MIN_EXECUTORS_PER_WORKER));
  let workers = 1;
  let best = oneThreadMs;
  for (let n = 2; n <= maxWorkers; n++) {
    const wall = WORKER_START_MS + runMs + (oneThreadMs - runMs) / n;
    if (wall < best) {
      best = wall;
      workers = n;
    }
  }
  return { workers, runMs, oneThreadMs, idleCores };
}

export async function parallelSweep(model: JobFile, text: string,
  options: SweepOptions & { workers?: number } = {}, script = join(__dirname, 'sweepWorker.js')): Promise<SweepResult & { threads: Threads }> {
  const ids = model.cluster.executors.map((e) => e.id);
  // the fault-free run: the sweep's moments come from it, and its cost sizes the work
  const t = performance.now();
  // (with copies kept on its way, for the sweep in this thread to fork from: the work is sized
  // from the run without them)
  const { faultFree, snapshots } = sweepBaseRun(model, options, () => performance.now());
  const makespan = faultFree.makespan;
  const runMs = performance.now() - t - (snapshots?.copyMs ?? 0);
  // a swept decommission is two forks to the end of the run (it and a crash): counted as two kinds
  const kinds = (options.hangs ?? model.analysis.sweepHangs ? 2 : 1) + (model.analysis.sweepDecommissions !== undefined ? 2 : 0);
  const chosen = chooseThreads(model, runMs, kinds);
  const threads = options.workers !== undefined ? { ...chosen, workers: options.workers } : chosen;
  const opts = { ...options, workers: undefined, faultFree };
  if (threads.workers < 2 || sweepMoments(makespan, model.analysis.sweepTimes).length === 0) {
    return { ...sweep(model, { ...opts, snapshots }), threads: { ...threads, workers: 1 } };
  }
  const shares: string[][] = Array.from({ length: threads.workers }, () => []);
  ids.forEach((id, i) => shares[i % threads.workers].push(id));
  // Progress and cancellation are the one-thread path's: a share reports only its own part and
  // a cancelled share would leave the others running, so no share gets them (as before the first
  // share ran in this thread).
  const shareOpts = { ...opts, onProgress: undefined, isCancelled: undefined };
  const started: Worker[] = [];
  const workers = Promise.all(shares.slice(1).map((executors) => new Promise<SweepResult>((resolve, reject) => {
    const w = new Worker(script, { workerData: { text, options: { ...shareOpts, executors } } });
    started.push(w);
    w.once('message', resolve);
    w.once('error', reject);
    // (after its message, exiting is the normal end and this does nothing)
    w.once('exit', (code) => reject(new Error(`a sweep worker exited (code ${code}) without its result`)));
  })));
  const stopAll = () => Promise.all(started.map((w) => w.terminate()));
  // this thread sweeps the first share from the copies its run kept, while the workers start,
  // parse and run their own (a worker for every share threw those copies away)
  let parts: SweepResult[];
  try {
    const first = sweep(model, { ...shareOpts, executors: shares[0], snapshots });
    parts = [first, ...await workers];
  } catch (e) {
    // this share or a worker failed: the other shares are of no use, nor a second failure
    workers.catch(() => undefined);
    await stopAll();
    throw e;
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  const faults = parts.flatMap((p) => p.faults)
    .sort((a, b) => a.at - b.at || order.get(a.executor)! - order.get(b.executor)! || a.kind.localeCompare(b.kind));
  const decommissions = parts.some((p) => p.decommissions)
    ? { decommissions: parts.flatMap((p) => p.decommissions ?? []).sort((a, b) => a.at - b.at || order.get(a.executor)! - order.get(b.executor)!) }
    : {};
  return {
    makespan: parts[0].makespan, faults, findings: faults.filter((f) => f.stalled).map((f) => sweepFinding(model, f)),
    cancelled: parts.some((p) => p.cancelled), runs: parts.reduce((n, p) => n + p.runs, 0), threads, ...decommissions,
    // the advisor's fault-free run is this one when the options are the file's own
    ...(filesOwnRun(model, options) ? { faultFree } : {}),
  };
}
