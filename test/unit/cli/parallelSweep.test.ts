// The CLI's sweep over worker threads gives the one-thread sweep's results, the swept
// decommissions (analysis.sweepDecommissions) included.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile } from '../../../src/format';
import { sweep } from '../../../src/engine/analysis/sweep';
import { parallelSweep } from '../../../src/cli/parallelSweep';

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
});
