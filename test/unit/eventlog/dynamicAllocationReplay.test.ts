// The replay of application_1538416563558_0014 (YARN, dynamic allocation, 8 losses of 1-core
// executors; ../shared/eventlogs/README.md "Executor loss in real logs"): each loss's first re-run
// launch delay, real (after the lost attempt's failure) against simulated (after the detection),
// with the engine's dynamic allocation and the newExecutorDelay the import measured (5245 ms)
// (`--allocation simulate`), and with the executors joining as the log shows (the default).
import { describe, expect, it } from 'vitest';
import { readLogFile } from '../../../src/cli/logInput';
import { replay } from '../../../src/eventlog/replay';
import { log } from './logFiles';

const appLog = await readLogFile(log('spark/spark-events-removed-from-master/application_1538416563558_0014'));

describe('replay of application_1538416563558_0014 with the engine\'s dynamic allocation: the re-run launch delays', () => {
  const out = replay(appLog, { allocation: 'simulate' });
  const rows = out.report.actual.faults.map((a) => {
    const s = out.report.simulated.faults.find((f) => f.executor === a.executor)!;
    return { executor: a.executor, real: a.rerunDelayMs!, sim: s.rerunDelayMs!, error: (s.rerunDelayMs! - a.rerunDelayMs!) / a.rerunDelayMs! };
  });

  it('every loss happens in the simulation and is re-run (each fault tied to the attempt it lost)', () => {
    expect(out.report.actual.faults.map((f) => f.rerunDelayMs)).toEqual([5560, 1439, 6361, 10035, 4960, 2747, 5247, 1651]);
    expect(out.report.simulated.faults.every((f) => f.lostTasks === 1 && f.rerunDelayMs !== null)).toBe(true);
  });

  it('the re-runs that waited for a new container: within 10 % where that container came after the median delay', () => {
    // losses 1, 5 and 7: the re-run waited for a container that registered 5.56, 4.96 and 5.25 s
    // after the failure; the simulation asks for it at the loss (or at the backlog's request) and
    // gets it newExecutorDelay (5245 ms) later, at the next 100 ms tick
    for (const id of ['1', '5', '7']) expect(Math.abs(rows.find((r) => r.executor === id)!.error)).toBeLessThan(0.1);
  });

  it('the others are off by more, each for a reason the log shows (the README says which)', () => {
    const off = rows.filter((r) => Math.abs(r.error) >= 0.1).map((r) => r.executor);
    expect(off).toEqual(['2', '3', '4', '6', '8']);
    const row = (id: string) => rows.find((r) => r.executor === id)!;
    // 3 and 4: their containers took 6.36 s and 10.03 s (one delay cannot fit 4.96-10.03 s): the
    // simulated re-run comes after the median delay instead, earlier
    expect(row('3').sim).toBeLessThan(row('3').real);
    expect(row('4').sim).toBeLessThan(row('4').real);
    // 2 and 6: the real re-run waited for a slot on the other executor, busy until then because
    // that (second) container had registered late (7.7 s and 10 s after its request); in the
    // simulation it registered after 5.245 s, so its task was done by the loss: no wait
    expect([row('2').sim, row('6').sim]).toEqual([0, 0]);
  });
});

describe('replay of application_1538416563558_0014 with the executors the log shows joining (the default)', () => {
  const out = replay(appLog);
  const sim = (id: string) => out.report.simulated.faults.find((f) => f.executor === id)!.rerunDelayMs!;
  const real = (id: string) => out.report.actual.faults.find((f) => f.executor === id)!.rerunDelayMs!;
  const err = (id: string) => Math.abs(sim(id) - real(id)) / real(id);

  it('the makespan within 5 % (the engine\'s allocation manager with one measured delay gives +6.6 %)', () => {
    expect(Math.abs(out.report.modelError.makespan)).toBeLessThan(0.05);
  });

  it('the re-runs that waited for a container come within 10 %: the container joins when it did', () => {
    // losses 1, 3, 4 and 5: the re-run went to the next container, which registered 5.56, 6.36,
    // 10.03 and 4.96 s after the failure; with its real join the simulated re-run launches then
    for (const id of ['1', '3', '4', '5']) expect(err(id)).toBeLessThan(0.1);
    // loss 6: the re-run waited for executor 7's running task to end (2.747 s); the simulated
    // task ends within 10 % of it
    expect(err('6')).toBeLessThan(0.1);
  });

  it('losses 2, 7 and 8 are off by more (README "Dynamic allocation in imported logs" says what is known)', () => {
    expect(['2', '7', '8'].every((id) => err(id) >= 0.1)).toBe(true);
  });
});
