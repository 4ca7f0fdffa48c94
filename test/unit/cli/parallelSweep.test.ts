// The CLI's sweep over worker threads gives the one-thread sweep's results, the swept
// decommissions (analysis.sweepDecommissions) included.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile } from '../../../src/format';
import { sweep } from '../../../src/engine/analysis/sweep';
import { advise } from '../../../src/engine/analysis/advisor';
import { chooseThreads, parallelSweep } from '../../../src/cli/parallelSweep';
import { testDir } from '../testDir';

const WORKER = join(__dirname, '../../../dist/sweepWorker.js');

describe.skipIf(!existsSync(WORKER))('parallelSweep', () => {
  it('merges the workers\' decommissions in (moment, executor) order, as one thread gives them', async () => {
    const text = readFileSync('examples/spot-decommission.sparkjob.yaml', 'utf8')
      .replace('analysis: { sweep: false }', 'analysis: { sweep: true, sweepTimes: 2, sweepDecommissions: 2m }');
    const model = parseJobFile(text).model!;
    const one = sweep(model);
    // (parallelSweep runs its workers from dist/, next to the built CLI)
    const viaWorkers = await parallelSweep(model, text, { workers: 2 }, WORKER);
    expect(viaWorkers.threads.workers).toBe(2);
    expect(one.decommissions).toHaveLength(12);
    expect(viaWorkers.decommissions).toEqual(one.decommissions);
    expect(viaWorkers.faults).toEqual(one.faults);
  }, 60_000);

  // Determinism: the same file and seed give the same sweep whatever the number of threads the
  // machine's load chooses. Every example, with hangs swept too (the sweep's shortcut for crashes
  // that change nothing, analysis/idleCrash.ts, runs in the workers as in one thread).
  it('gives every example\'s sweep, hangs included, as one thread gives it', async () => {
    const files = readdirSync('examples').filter((f) => f.endsWith('.sparkjob.yaml'));
    let compared = 0;
    for (const f of files) {
      const text = readFileSync(join('examples', f), 'utf8');
      const model = parseJobFile(text).model;
      if (!model || !model.analysis.sweep) continue;
      const one = sweep(model, { hangs: true });
      const viaWorkers = await parallelSweep(model, text, { workers: 2, hangs: true }, WORKER);
      expect(viaWorkers.faults, f).toEqual(one.faults);
      expect(viaWorkers.runs, f).toBe(one.runs);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  }, 300_000);

  // Progress and cancellation are the one-thread path's: with workers, the share this thread
  // sweeps would report only its own part (a bar at 100 % a share in), and cancelling it would
  // leave the workers' shares running, a result with some shares and not others.
  it('with workers, neither reports one share\'s progress nor cancels one share', async () => {
    const text = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
    const model = parseJobFile(text).model!;
    const one = sweep(model);
    let progressCalls = 0;
    let cancelAsked = 0;
    const viaWorkers = await parallelSweep(model, text, {
      workers: 2, onProgress: () => void progressCalls++, isCancelled: () => (cancelAsked++, true),
    }, WORKER);
    expect(viaWorkers.threads.workers).toBe(2);
    expect(progressCalls).toBe(0);
    expect(cancelAsked).toBe(0);
    expect(viaWorkers.cancelled).toBe(false);
    expect(viaWorkers.faults).toEqual(one.faults);
  }, 60_000);
});

describe('parallelSweep when a worker ends without its result', () => {
  it('fails with a message instead of waiting for ever', async () => {
    const dir = testDir('srl-worker-');
    const script = join(dir, 'exits.js');
    writeFileSync(script, 'process.exit(0);\n');
    const text = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
    const model = parseJobFile(text).model!;
    await expect(parallelSweep(model, text, { workers: 2 }, script)).rejects.toThrow(/exited \(code 0\) without its result/);
  }, 30_000);
});

describe('chooseThreads', () => {
  // 64 executors x 8 moments = 512 forks, as the bench's streaming sweep. Wall clock estimates:
  // one thread = run + 512 x 0.01 x run; two workers = 340 ms start + run + the forks' half.
  const text = readFileSync('examples/streaming-receiver.sparkjob.yaml', 'utf8');
  const model = parseJobFile(text).model!;
  const wide = { ...model, cluster: { ...model.cluster, executors: Array.from({ length: 64 }, (_, i) => ({ ...model.cluster.executors[0], id: String(i + 1) })) },
    analysis: { ...model.analysis, sweepTimes: 8 } };
  it('keeps one thread on an idle 2-core machine when the run is short (75 ms: 459 ms vs 607 ms with two workers)', () => {
    // measured at this commit: `sparkjob sweep`-like, cold, one thread 489-519 ms against 678-764 ms with two workers
    expect(chooseThreads(wide, 75, 1, 2, 0)).toMatchObject({ workers: 1, oneThreadMs: 459, idleCores: 2 });
  });
  it('takes two workers for a long run on an idle machine (1 s: 6120 ms vs 3900 ms), none on a busy one', () => {
    expect(chooseThreads(wide, 1000, 1, 2, 0).workers).toBe(2);
    expect(chooseThreads(wide, 1000, 1, 2, 1.8).workers).toBe(1);
  });
});

describe('the advisor reuses the sweep\'s fault-free run', () => {
  // `sparkjob sweep` ran the fault-free run twice: once for the sweep's moments, again as the
  // locality-wait advice's "before". Handed over, the advice must be the same.
  it('gives the same advice with the run handed over, on every example with a stall', async () => {
    let compared = 0;
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.sparkjob.yaml'))) {
      const text = readFileSync(join('examples', f), 'utf8');
      const model = parseJobFile(text).model;
      if (!model || !model.analysis.sweep) continue;
      const r = await parallelSweep(model, text, { workers: 1 });
      expect(r.faultFree?.makespan, f).toBe(r.makespan);
      if (!r.faults.some((x) => x.stalled)) continue;
      const handed = advise(model, r);
      // without it the advisor simulates the fault-free run itself
      expect(JSON.stringify(handed), f).toBe(JSON.stringify(advise(model, { ...r, faultFree: undefined })));
      if (handed.localityWait) compared++;
    }
    expect(compared).toBeGreaterThan(2);
  }, 120_000);

  it('hands no run over when the sweep ran with another Spark line or policy than the file\'s', async () => {
    const text = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
    const model = parseJobFile(text).model!;
    expect(model.spark).toBe('2.2');
    expect((await parallelSweep(model, text, { workers: 1, spark: '3.5' })).faultFree).toBeUndefined();
    expect((await parallelSweep(model, text, { workers: 1, policy: 'reserved-slots' })).faultFree).toBeUndefined();
    expect((await parallelSweep(model, text, { workers: 1, spark: '2.2' })).faultFree).toBeDefined();
  });
});
