// The replay of application_1538416563558_0014 (YARN, dynamic allocation, 8 losses of 1-core
// executors; ../shared/eventlogs/README.md "Executor loss in real logs"): each loss's first re-run
// launch delay, real (after the lost attempt's failure) against simulated (after the detection),
// with the executors joining as the log shows (the default: issue #16's target, every re-run
// within 10 %), and with the engine's dynamic allocation and the newExecutorDelay the import
// measured (5245 ms) (`--allocation simulate`).
import { describe, expect, it } from 'vitest';
import { readLogFile } from '../../../src/cli/logInput';
import { simulate } from '../../../src/engine';
import { importAppLog } from '../../../src/eventlog/importer';
import { replay } from '../../../src/eventlog/replay';
import { log } from './logFiles';

const appLog = await readLogFile(log('spark/spark-events-removed-from-master/application_1538416563558_0014'));
const REAL = [5560, 1439, 6361, 10035, 4960, 2747, 5247, 1651];

describe('replay of application_1538416563558_0014 with the executors the log shows joining (the default)', () => {
  const out = replay(appLog);
  const rows = out.report.actual.faults.map((a, k) => ({ loss: k + 1, real: a.rerunDelayMs!, sim: out.report.simulated.faults[k].rerunDelayMs! }));

  it('the log\'s eight re-run delays (README table)', () => {
    expect(out.report.simulated.faults.map((f) => f.executor)).toEqual(out.report.actual.faults.map((f) => f.executor));
    expect(rows.map((r) => r.real)).toEqual(REAL);
  });

  // losses 1, 3, 4, 5 and 7 waited for a new container, which joins when it did; losses 2, 6 and
  // 8 for the other executor's running task, its first (a cold executor's: its own overhead,
  // 534, 501 and 657 ms beyond the run, not the stage's mean); loss 7's and 8's re-runs go to the
  // new container on rezamemory-2 NODE_LOCAL because task 0 of stage 13 prefers both hosts its
  // attempts launched NODE_LOCAL on (rerunPlacement.test.ts has both rules by hand)
  it.each(REAL.map((real, k) => [k + 1, real]))('loss %i: the re-run launches within 10 %% of the real %i ms', (loss) => {
    const r = rows[loss - 1];
    expect(Math.abs(r.sim - r.real) / r.real).toBeLessThan(0.1);
  });

  it('each loss\'s recovery (removal to the end of its last re-run) within 1 % of the real one', () => {
    out.report.actual.faults.forEach((a, k) => {
      expect(Math.abs(out.report.simulated.faults[k].recoveryMs! - a.recoveryMs!) / a.recoveryMs!).toBeLessThan(0.01);
    });
  });

  it('the makespan within 1 % (the engine\'s allocation manager with one measured delay: within 5 %)', () => {
    expect(Math.abs(out.report.modelError.makespan)).toBeLessThan(0.01);
  });

  it('every re-run goes to the executor it went to in the real run', () => {
    // the real re-runs (README table): 7.0/0 on 2 then 3, 8.0/0 on 4, 9.0/0 on 7, 9.0/1 on 6 then
    // 7, 13.0/0 on 8 then 9
    const sim = simulate(importAppLog(appLog).model);
    const reruns = sim.attempts.filter((a) => a.attempt > 0).sort((a, b) => a.launch - b.launch).map((a) => `${a.task}#${a.attempt} e${a.executor}`);
    expect(reruns).toEqual([
      'job4/s7/0#1 e2', 'job4/s7/0#2 e3', 'job4/s8/0#1 e4', 'job5/s9/1#1 e6', 'job5/s9/0#1 e7', 'job5/s9/1#2 e7', 'job7/s13/0#1 e8', 'job7/s13/0#2 e9',
    ]);
  });
});

describe('replay of application_1538416563558_0014 with the engine\'s dynamic allocation: the re-run launch delays', () => {
  const out = replay(appLog, { allocation: 'simulate' });
  const rows = out.report.actual.faults.map((a, k) => ({ loss: k + 1, real: a.rerunDelayMs!, sim: out.report.simulated.faults[k].rerunDelayMs! }));
  const err = (loss: number) => (rows[loss - 1].sim - rows[loss - 1].real) / rows[loss - 1].real;

  it('every loss happens in the simulation and is re-run (each fault tied to the attempt it lost)', () => {
    expect(rows.map((r) => r.real)).toEqual(REAL);
    expect(out.report.simulated.faults.every((f) => f.lostTasks === 1 && f.rerunDelayMs !== null)).toBe(true);
    expect(Math.abs(out.report.modelError.makespan)).toBeLessThan(0.05);
  });

  it('loss 1: the container comes the measured delay after the backlog\'s request, within 10 %', () => {
    expect(Math.abs(err(1))).toBeLessThan(0.1);
  });

  it('the others are off by more, each for a reason the README gives', () => {
    // 2, 6 and 8: the real re-run waited for the other executor's task, busy because that
    // container had registered late; in the simulation it came after the one delay: no wait
    expect([rows[1].sim, rows[5].sim, rows[7].sim]).toEqual([0, 0, 0]);
    // 3 and 4: their containers took 6.36 s and 10.03 s; the simulated ones the median delay
    expect(err(3)).toBeLessThan(-0.1);
    expect(err(4)).toBeLessThan(-0.1);
    // 5 and 7: requested when the backlog timer fired (the target had dropped to the running
    // tasks between two jobs), not at the loss: later than the real container
    expect(err(5)).toBeGreaterThan(0.1);
    expect(err(7)).toBeGreaterThan(0.1);
  });
});
