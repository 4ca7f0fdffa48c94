// `replay` as a library: the spec's JSON (app, actual, simulated, modelError, waits), the waits
// found in the real log, and the what-if cluster.
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/eventlog/replay';
import { readLogFile } from '../../../src/cli/logInput';
import { log } from './logFiles';

const appLog = await readLogFile(log('spark/spark-events-removed-from-master/application_1538416563558_0014'));

describe('replay', () => {
  const out = replay(appLog);
  it('gives the spec\'s JSON keys, with the real run\'s figures', () => {
    expect(Object.keys(out.report)).toEqual(['app', 'actual', 'simulated', 'modelError', 'waits']);
    expect(out.report.app).toEqual({ id: 'application_1538416563558_0014', name: 'PythonBisectingKMeansExample', sparkVersion: '2.5.0-SNAPSHOT', master: 'yarn', complete: true, skippedLines: 0 });
    // makespan: from the application's start to the last JobEnd
    const lastJobEnd = Math.max(...appLog.jobs.map((j) => j.completed!));
    expect(out.report.actual.makespanMs).toBe(Math.round(lastJobEnd));
    expect(out.report.actual.faults.map((f) => f.executor)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(out.report.actual.stages.map((s) => s.id)).toContain('7.0');
    expect(Object.keys(out.report.modelError)).toEqual(['makespan', 'stageDurationMedian', 'stageDurationP90']);
    expect(out.report.modelError.makespan).toBe(Math.round(((out.report.simulated.makespanMs - out.report.actual.makespanMs) / out.report.actual.makespanMs) * 1e4) / 1e4);
  });
  it('simulates the 8 faults it imported', () => {
    expect(out.report.simulated.faults.map((f) => f.executor)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(out.result.aborted).toEqual([]);
  });
  it('finds the waits of sparklint\'s example: ANY launches ~10 s after stage 2 started, with slots free elsewhere', async () => {
    const r = replay(await readLogFile(log('sparklint/src/test/resources/spark_event_log_example'))).report;
    const w = r.waits.find((x) => x.task === '2.0/2#0')!;
    // 1.5.2: the Submission Time is on StageCompleted only (1466088040039); task 2 launched on
    // executor 1 at 1466088050065 (10,026 ms later); executor 2 (2 cores; executor 3 joined after)
    // had a free slot for 9,931 of those ms (counted ms by ms from its attempts, outside this code)
    expect(w).toMatchObject({ executor: '1', locality: 'ANY', waitMs: 10026, freeSlotMs: 9931, recovery: false });
    expect(r.waits.every((x) => x.waitMs >= 100 && x.freeSlotMs >= 100 && x.freeSlotMs <= x.waitMs)).toBe(true);
  });
  it('what-if: the same work on 2 executors of 1 core over 1 host', () => {
    const w = replay(appLog, { executors: 2, cores: 1, hosts: 1 });
    expect(w.model.cluster.executors.map((e) => [e.id, e.host, e.cores])).toEqual([['1', 'host1', 1], ['2', 'host1', 1]]);
    // the real losses hit the executors their victims map to, replaced after the log's median delay
    expect(w.model.faults.every((f) => f.replaceAfter === w.plan.replacementMs)).toBe(true);
    expect(w.result.aborted).toEqual([]);
  });
});

describe('what-if consistency', () => {
  it('the log\'s own shape as a what-if (10 executors of 3 cores on 1 host) stays within 1 % of the as-ran replay', async () => {
    const l = await readLogFile(log('spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_1_eventlog.zstd'));
    const asRan = replay(l);
    expect(new Set(asRan.model.cluster.executors.map((e) => e.host)).size).toBe(1);
    expect(asRan.model.cluster.executors.map((e) => e.cores)).toEqual(Array(10).fill(3));
    const same = replay(l, { executors: 10, cores: 3, hosts: 1 });
    const a = asRan.report.simulated.makespanMs;
    expect(Math.abs(same.report.simulated.makespanMs - a) / a).toBeLessThan(0.01);
    // half the executors: the same work takes longer
    expect(replay(l, { executors: 5, cores: 3, hosts: 1 }).report.simulated.makespanMs).toBeGreaterThan(a);
  });
});
