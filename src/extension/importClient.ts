// Runs one event-log import in its own worker thread (dist/importWorker.js) and ends the worker
// with it: a log is imported once per command, so there is nothing to keep warm.
import { Worker } from 'node:worker_threads';
import type { ImportReply } from './core/importProtocol';

export type ImportOutcome = Extract<ImportReply, { type: 'done' | 'error' }>;

export function importInWorker(
  workerPath: string,
  path: string,
  onProgress: (bytesRead: number, totalBytes: number) => void,
  onCancel: (cancel: () => void) => void,
): Promise<ImportOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let worker: Worker;
    const finish = (o: ImportOutcome) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(o);
    };
    try {
      worker = new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    } catch (e) {
      resolve({ type: 'error', cancelled: false, message: `cannot start the import worker: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    worker.on('message', (m: ImportReply) => {
      if (m.type === 'progress') onProgress(m.bytesRead, m.totalBytes);
      else finish(m);
    });
    worker.on('error', (e) => finish({ type: 'error', cancelled: false, message: `the import worker failed: ${e.message}` }));
    worker.on('exit', (code) => finish({ type: 'error', cancelled: false, message: `the import worker stopped (exit code ${code})` }));
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    onCancel(() => {
      Atomics.store(cancelFlag, 0, 1);
      worker.postMessage({ type: 'cancel' });
      // a worker stuck in one long step (building the model of a huge log) is ended after a grace period
      setTimeout(() => finish({ type: 'error', cancelled: true, message: 'cancelled' }), 2000);
    });
    worker.postMessage({ type: 'import', path, cancelFlag });
  });
}
