// The editor's import as the command runs it: the bundled worker (dist/importWorker.js) reads a
// real log off the calling thread, reports progress, answers with the job file and the real run,
// refuses a non-log in one line, and stops when cancelled.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importInWorker } from '../../../src/extension/importClient';
import { haveLogs, logsRoot, repoRoot } from '../eventlog/helpers';

const worker = join(repoRoot, 'dist/importWorker.js');

beforeAll(() => {
  if (!existsSync(worker)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

describe.skipIf(!haveLogs)('importInWorker', () => {
  it('imports a zstd log: progress up to its size, the YAML and the real run with its two losses', async () => {
    const progress: [number, number][] = [];
    const log = join(logsRoot, 'spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd');
    const out = await importInWorker(worker, log, (read, total) => progress.push([read, total]), () => undefined);
    expect(out.type).toBe('done');
    if (out.type !== 'done') return;
    expect(progress.at(-1)).toEqual([1026891, 1026891]); // the file's size (eventlogs README listing)
    expect(out.yaml).toMatch(/^jobs:/m);
    expect(out.summary).toMatchObject({ codec: 'zstd', container: 'file', events: 17717, skippedLines: 0, complete: true, faults: 2 });
    expect(out.real.faults.map((f) => f.executor)).toEqual(['2', '1']);
  });

  it('refuses a driver log in one line', async () => {
    const out = await importInWorker(worker, join(logsRoot, 'spark-rapids-tools/spark-events-profiling/driverlog'), () => undefined, () => undefined);
    expect(out).toEqual({ type: 'error', cancelled: false, message: 'driverlog is not a Spark event log (no line is a SparkListener event)' });
  });

  it('stops when cancelled', async () => {
    let cancel: (() => void) | undefined;
    const run = importInWorker(worker, join(logsRoot, 'spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd'),
      () => cancel?.(), (c) => { cancel = c; });
    const out = await run;
    // the reader's own stop (between chunks), not the host's grace-period termination
    expect(out).toEqual({ type: 'error', cancelled: true, message: 'reading the event log was cancelled' });
  });
});
