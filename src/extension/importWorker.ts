// The event-log import worker (bundled to dist/importWorker.js): reads a log with the streaming
// reader, builds the job definition and the real run off the extension host thread, reports the
// bytes read as progress and stops at a `cancel` message (the reader checks between chunks).
import { basename } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { EventLogError, newReadStats, readEvents, type CancelSignal } from '../eventlog';
import { openEventLog } from '../eventlog/fsSource';
import { importAppLog, LogImportError, readAppLog } from '../eventlog/importer';
import { realRunResult } from '../eventlog/realRun';
import type { ImportReply, ImportRequest } from './core/importProtocol';

const port = parentPort;
if (port) {
  const reply = (m: ImportReply) => port.postMessage(m);
  let abort: AbortController | undefined;
  port.on('message', (req: ImportRequest) => {
    if (req.type === 'cancel') {
      abort?.abort();
      return;
    }
    abort = new AbortController();
    const own = abort.signal;
    const flag = req.cancelFlag;
    // the host's shared flag is seen even while this thread's event loop is busy
    const signal = { get aborted() { return own.aborted || (flag !== undefined && Atomics.load(flag, 0) === 1); } };
    void run(req.path, signal, reply);
  });
}

async function run(path: string, signal: CancelSignal, reply: (m: ImportReply) => void): Promise<void> {
  const t0 = Date.now();
  const stats = newReadStats();
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    const source = await openEventLog(path);
    const totalBytes = source.totalBytes ?? 0;
    timer = setInterval(() => reply({ type: 'progress', bytesRead: stats.bytesRead, totalBytes }), 150);
    const log = await readAppLog(readEvents(source, stats, { signal }), stats);
    clearInterval(timer);
    reply({ type: 'progress', bytesRead: totalBytes, totalBytes });
    const imported = importAppLog(log, { source: basename(path), skippedLines: stats.skippedLines });
    const real = realRunResult(imported.log, imported.plan);
    reply({
      type: 'done',
      yaml: imported.yaml,
      real,
      ms: Date.now() - t0,
      summary: {
        appId: log.appId, appName: log.appName, sparkVersion: log.sparkVersion, events: stats.events, skippedLines: stats.skippedLines,
        complete: log.complete, codec: stats.codec, container: stats.container, attempts: real.attempts.length,
        executors: real.executors.length, faults: real.faults.length, waits: real.attempts.filter((a) => a.localityWait > 0).length,
      },
    });
  } catch (e) {
    const known = e instanceof EventLogError || e instanceof LogImportError;
    reply({
      type: 'error',
      cancelled: e instanceof EventLogError && e.kind === 'cancelled',
      message: known ? (e as Error).message : `the import failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`,
    });
  } finally {
    clearInterval(timer);
  }
}
