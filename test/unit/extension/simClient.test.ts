// The worker bundle (dist/simWorker.js, built by `npm test` before vitest) driven through the
// same client the extension uses: results come back, the time budget and cancellation stop it.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SimClient } from '../../../src/extension/simClient';
import { testDir } from '../testDir';

const WORKER = resolve('dist/simWorker.js');
const text = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
const OPTS = { maxAttempts: 1_000_000, defaultSpark: '3.5' as const };

describe.skipIf(!existsSync(WORKER))('simulation worker', () => {
  it('parses and simulates off the calling thread', async () => {
    const client = new SimClient(WORKER, () => {});
    const outcome = await client.run(text, { ...OPTS, compare: true }, { timeBudgetMs: 20_000 });
    client.dispose();
    expect(outcome.kind).toBe('result');
    if (outcome.kind !== 'result') return;
    expect(outcome.result.diagnostics.map((d) => d.code)).toEqual(['SJ100']);
    expect(outcome.result.primary?.faults[0].recoveryLatency).toBe(410);
    expect(outcome.result.comparison?.faults[0].recoveryLatency).toBe(250);
  });

  it('stops a run past its time budget, and a new run cancels the previous one', async () => {
    const big = readFileSync('examples/locality-batch.sparkjob.yaml', 'utf8').replace('count: 96', 'count: 200000');
    const client = new SimClient(WORKER, () => {});
    expect(await client.run(big, OPTS, { timeBudgetMs: 50 })).toMatchObject({ kind: 'timeout' });
    const first = client.run(big, OPTS, { timeBudgetMs: 20_000 });
    const second = client.run(text, OPTS, { timeBudgetMs: 20_000 });
    expect(await first).toEqual({ kind: 'cancelled' });
    expect((await second).kind).toBe('result');
    let cancel: () => void = () => {};
    const third = client.run(big, OPTS, { timeBudgetMs: 20_000, onCancel: (c) => { cancel = c; } });
    cancel();
    expect(await third).toEqual({ kind: 'cancelled' });
    client.dispose();
  });

  it('reports a worker that exits as an error at once, not as a time-budget overrun', async () => {
    const dir = testDir('srl-worker-');
    const dying = join(dir, 'dying.js');
    writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const client = new SimClient(dying, () => {});
    const t0 = Date.now();
    const outcome = await client.run(text, OPTS, { timeBudgetMs: 20_000 });
    expect(outcome).toEqual({ kind: 'error', message: 'the simulation worker stopped unexpectedly (exit code 3)' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    // the next run starts a fresh worker
    expect((await client.run(text, OPTS, { timeBudgetMs: 20_000 })).kind).toBe('error');
    client.dispose();
  });

  it('caps the worker heap: a job too big for it fails with an out-of-memory error', async () => {
    const big = readFileSync('examples/locality-batch.sparkjob.yaml', 'utf8').replace('count: 96', 'count: 400000');
    const client = new SimClient(WORKER, () => {}, 24);
    const outcome = await client.run(big, OPTS, { timeBudgetMs: 60_000 });
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringMatching(/out of memory|stopped unexpectedly/) });
    // a normal run afterwards works (a fresh worker)
    expect((await client.run(text, OPTS, { timeBudgetMs: 20_000 })).kind).toBe('result');
    client.dispose();
  }, 70_000);
});
