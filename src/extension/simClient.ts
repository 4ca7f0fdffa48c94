// Runs analyses in a worker_threads Worker (dist/simWorker.js) so the extension host never
// blocks. One request at a time per client: a new run, `cancel()`, the time budget or a
// cancellation token terminates the worker (a synchronous simulation cannot be interrupted
// any other way); the next run starts a fresh one.
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions, AnalysisResult, WorkerReply } from './core/workerProtocol';

export type RunOutcome =
  | { kind: 'result'; result: AnalysisResult; elapsedMs: number }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

export interface RunControl {
  timeBudgetMs: number;
  onProgress?: (done: number, total: number) => void;
  /** a token-like signal: the run is cancelled when it fires */
  onCancel?: (cancel: () => void) => void;
}

interface Pending {
  id: number;
  resolve: (o: RunOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
  started: number;
  flag: Int32Array;
  onProgress?: (done: number, total: number) => void;
}

/** Heap cap of a simulation worker: a huge job fails with an error instead of exhausting the host's memory. */
export const WORKER_MAX_OLD_GENERATION_MB = 1536;

export class SimClient {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private nextId = 1;

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
    private readonly maxOldGenerationSizeMb = WORKER_MAX_OLD_GENERATION_MB,
  ) {}

  run(text: string, options: AnalysisOptions, control: RunControl): Promise<RunOutcome> {
    this.cancel();
    return new Promise<RunOutcome>((resolve) => {
      let worker: Worker;
      try {
        worker = this.ensureWorker();
      } catch (e) {
        resolve({ kind: 'error', message: `cannot start the simulation worker: ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      const id = this.nextId++;
      const cancelBuffer = new SharedArrayBuffer(4);
      const timer = setTimeout(() => this.finish(id, { kind: 'timeout', elapsedMs: control.timeBudgetMs }, true), control.timeBudgetMs);
      this.pending = { id, resolve, timer, started: Date.now(), flag: new Int32Array(cancelBuffer), onProgress: control.onProgress };
      control.onCancel?.(() => this.cancelRequest(id));
      worker.postMessage({ id, text, options, cancel: cancelBuffer });
    });
  }

  /** Stops whatever is running (its promise resolves `cancelled`). */
  cancel(): void {
    if (this.pending) this.finish(this.pending.id, { kind: 'cancelled' }, true);
  }

  get running(): boolean {
    return !!this.pending;
  }

  dispose(): void {
    this.cancel();
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private cancelRequest(id: number): void {
    if (this.pending?.id !== id) return;
    // ask a sweep to stop at its next check, then make sure
    Atomics.store(this.pending.flag, 0, 1);
    this.finish(id, { kind: 'cancelled' }, true);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: this.maxOldGenerationSizeMb } });
    // every handler checks that `w` is still this client's worker: a terminated one may still report
    w.on('message', (m: WorkerReply) => {
      if (this.worker === w) this.onMessage(m);
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== w) return;
      this.log(`[worker] error: ${e.stack ?? e.message}`);
      const message = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the simulation ran out of memory (the worker's limit is ${this.maxOldGenerationSizeMb} MB): make the job smaller or lower sparkRecoveryLens.simulation.maxAttempts`
        : `the simulation worker failed: ${e.message}`;
      if (this.pending) this.finish(this.pending.id, { kind: 'error', message }, true);
    });
    w.on('exit', (code) => {
      if (this.worker !== w) return; // terminated on purpose (cancel, budget, a new run)
      this.worker = undefined;
      this.log(`[worker] exited unexpectedly with code ${code}`);
      if (this.pending) {
        this.finish(this.pending.id, { kind: 'error', message: `the simulation worker stopped unexpectedly (exit code ${code})` }, false);
      }
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private onMessage(m: WorkerReply): void {
    const p = this.pending;
    if (!p || m.id !== p.id) return; // a reply for a run that was cancelled
    if (m.type === 'progress') p.onProgress?.(m.done, m.total);
    else if (m.type === 'result') this.finish(m.id, { kind: 'result', result: m.result, elapsedMs: Date.now() - p.started }, false);
    else this.finish(m.id, { kind: 'error', message: m.message }, false);
  }

  private finish(id: number, outcome: RunOutcome, terminate: boolean): void {
    const p = this.pending;
    if (!p || p.id !== id) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    if (terminate && this.worker) {
      void this.worker.terminate();
      this.worker = undefined;
    }
    p.resolve(outcome);
  }
}
