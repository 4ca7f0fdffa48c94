// The executor-loss timelines that ../shared/eventlogs/README.md measured ("Executor loss in real
// logs: the timelines"), found again by the importer, and the faults it writes for them.
import { describe, expect, it } from 'vitest';
import { lossTimelines } from '../../../src/eventlog/actual';
import { importAppLog } from '../../../src/eventlog/importer';
import { readLogFile } from '../../../src/cli/logInput';
import { log } from './logFiles';

const app14 = log('spark/spark-events-removed-from-master/application_1538416563558_0014');

describe('application_1538416563558_0014: 8 losses of 1-core YARN executors', () => {
  const appLog = readLogFile(app14);
  const losses = lossTimelines(appLog);
  // README table: loss, executor, re-run (task STAGE.ATTEMPT/INDEX#ATTEMPT and its executor),
  // launch delay after the failure (ms), the re-run's result, recovery (removal -> re-run end, s)
  const table: [string, string, string, number, string, number][] = [
    ['1', '7.0/0#1', '2', 5560, 'lost', 13.25],
    ['2', '7.0/0#2', '3', 1439, 'success', 1.68],
    ['3', '8.0/0#1', '4', 6361, 'success', 9.68],
    ['4', '9.0/0#1', '7', 10035, 'success', 15.62],
    ['5', '9.0/1#1', '6', 4960, 'lost', 12.67],
    ['6', '9.0/1#2', '7', 2747, 'success', 2.98],
    ['7', '13.0/0#1', '8', 5247, 'lost', 13.04],
    ['8', '13.0/0#2', '9', 1651, 'success', 1.8],
  ];
  it('finds the 8 losses, one lost task each, in the README\'s order', () => {
    expect(losses.map((l) => [l.executor, l.lostTasks])).toEqual(table.map((t) => [t[0], 1]));
    // loss 1 at +21.18 s after the application's start
    expect(Math.round(losses[0].removedAt / 10) / 100).toBe(21.18);
  });
  it.each(table.map((t, k) => [k + 1, ...t]))('loss %i: executor %s, re-run %s on %s after %i ms, %s, %s s', (k, _exec, task, on, delay, status, seconds) => {
    const l = losses[(k as number) - 1];
    expect(l.reruns).toHaveLength(1);
    const r = l.reruns[0];
    expect([r.task, r.executor, r.delayMs, r.status]).toEqual([task, on, delay, status]);
    expect(Math.round((r.end - l.removedAt) / 10) / 100).toBe(seconds);
    // the recovery of the spec: until the lost task has succeeded (a lost re-run is not the end)
    if (status === 'success') expect(l.recoveryMs).toBe(r.end - l.removedAt);
    else expect(l.recoveryMs!).toBeGreaterThan(r.end - l.removedAt);
  });
  it('imports them as 8 crash faults at the removals; the executors that replace them join later', () => {
    const m = importAppLog(appLog).model;
    expect(m.faults.map((f) => [f.executor, f.at, f.kind])).toEqual(losses.map((l) => [l.executor, l.removedAt, 'crash']));
    expect(m.cluster.executors.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(m.cluster.executors.every((e) => e.leaveAt === undefined && e.cores === 1)).toBe(true);
    // README: executor 2 registered 5,560 ms after loss 1's failure and got the re-run in the same ms
    expect(m.cluster.executors[1].joinAt).toBe(losses[0].reruns[0].launch);
  });
});
