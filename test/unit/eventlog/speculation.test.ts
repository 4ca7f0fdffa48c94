// A real run with spark.speculation (3.1.1, YARN): the replay's speculative copy against the log's.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogFile } from '../../../src/cli/logInput';
import { simulate } from '../../../src/engine';
import { importAppLog } from '../../../src/eventlog/importer';
import { haveLogs, logsRoot } from './helpers';

describe.skipIf(!haveLogs)('spark/spark-events/application_1628109047826_1317105 (multiplier 4, quantile 0.9)', () => {
  it('copies task 3 when the real run did, and kills the copy when the original ends', async () => {
    const r = importAppLog(await readLogFile(join(logsRoot, 'spark/spark-events/application_1628109047826_1317105')));
    const sim = simulate(r.model);
    // The imported stage: submitted at 178 133 + submitDelay 419 = 178 552, four tasks launched at
    // once, each on a cold executor (its first task) with its own overhead: 2123 + 111 = 2234,
    // 2558 + 89 = 2647, 4904 + 220 = 5124 and 63 682 + 91 = 63 773 ms.
    // TaskSetManager.scala:89 minFinished = max(floor(0.9 x 4), 1) = 3, reached at 183 676;
    // percentile sorted(floor(3/2)) = 2647, threshold max(4 x 2647, 100) = 10 588 (:1200); task 3
    // has run longer at 189 140 + 1, so the check at 189 200 (every 100 ms) marks it; its copy is
    // killed when the original ends at 178 552 + 63 773 = 242 325.
    // The log: attempt 1 of index 3, Speculative, launched 189 166 ms after the application
    // started (the same threshold, 4 x 2647 from the real run times), Killed at its original's end.
    const copies = sim.attempts.filter((a) => a.speculative);
    expect(copies.map((a) => [a.task, a.attempt, a.launch, a.end, a.status])).toEqual([['job0/s0/3', 1, 189_200, 242_325, 'killed']]);
    const original = sim.attempts.find((a) => a.task === 'job0/s0/3' && a.attempt === 0)!;
    expect(copies[0].host).not.toBe(original.host);
    expect(Math.abs(copies[0].launch - 189_166)).toBeLessThan(100);
  });
});
