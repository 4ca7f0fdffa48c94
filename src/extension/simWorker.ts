// The simulation worker (bundled to dist/simWorker.js): runs parse + simulate (+ sweep) off the
// extension host thread. One request at a time; the host terminates the worker to cancel a run
// that is past its time budget or outdated, and asks a sweep to stop through a shared flag.
import { parentPort } from 'node:worker_threads';
import { runAnalysis } from './core/analysis';
import type { AnalysisRequest, WorkerReply } from './core/workerProtocol';

const port = parentPort;
if (port) {
  port.on('message', (req: AnalysisRequest) => {
    const reply = (m: WorkerReply) => port.postMessage(m);
    const flag = req.cancel ? new Int32Array(req.cancel) : undefined;
    let lastProgress = 0;
    try {
      const result = runAnalysis(req.text, req.options, {
        isCancelled: () => !!flag && Atomics.load(flag, 0) === 1,
        onProgress: (done, total) => {
          const t = Date.now();
          if (t - lastProgress < 100 && done < total) return;
          lastProgress = t;
          reply({ id: req.id, type: 'progress', done, total });
        },
      });
      reply({ id: req.id, type: 'result', result });
    } catch (e) {
      reply({ id: req.id, type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  });
}
