// The executor-loss timelines that ../shared/eventlogs/README.md measured ("Executor loss in real
// logs: the timelines"), found again by the importer, and the faults it writes for them.
import { describe, expect, it } from 'vitest';
import { lossTimelines } from '../../../src/eventlog/actual';
import { importAppLog } from '../../../src/eventlog/importer';
import { readLogFile } from '../../../src/cli/logInput';
import { log } from './logFiles';

const app14 = log('spark/spark-events-removed-from-master/application_1538416563558_0014');

const appLog = await readLogFile(app14);

describe('application_1538416563558_0014: 8 losses of 1-core YARN executors', () => {
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
  it('imports them as 8 crash faults tied to the attempts they lost; with --allocation simulate, dynamic allocation brings the executors after the first loss', () => {
    const m = importAppLog(appLog, { allocation: 'simulate' }).model;
    // each fault hits the executor running the lost attempt, as far into its run as in the log
    // (removal - the attempt's launch): the real containers died under these attempts
    const lostAttempts = appLog.attempts.filter((a) => a.end === 'lost');
    expect(m.faults.map((f) => f.kind)).toEqual(Array(8).fill('crash'));
    expect(m.faults.map((f) => `${f.during!.job}/${f.during!.stage}/${f.during!.task}#${f.during!.attempt}`)).toEqual([
      'job4/s7/0#0', 'job4/s7/0#1', 'job4/s8/0#0', 'job5/s9/0#0', 'job5/s9/1#0', 'job5/s9/1#1', 'job7/s13/0#0', 'job7/s13/0#1']);
    m.faults.forEach((f) => {
      const lost = lostAttempts.find((a) => (a.lostExecutor ?? a.executor) === f.executor)!;
      expect(f.at).toBe(losses.find((l) => l.executor === f.executor)!.removedAt - lost.launch);
    });
    // spark.dynamicAllocation.enabled with the shuffle service: executor 1 is what the application
    // started with; executors 2-9 joined after the first loss and are left to the allocation manager
    expect(m.conf.dynamicAllocation).toMatchObject({ enabled: true, minExecutors: 0, executorIdleTimeout: 60_000 });
    expect(m.cluster.executors.map((e) => e.id)).toEqual(['1']);
    // the delay measured: losses 1, 3, 4, 5 and 7 were followed by a registration the re-run waited
    // for, 5558, 6358, 5162, 4958 and 5245 ms after the removal: median 5245 ms
    expect(m.cluster.newExecutorDelay).toBe(5245);
  });
  it('by default lists the executors as the log shows them join and leave, with dynamic allocation off in the file', () => {
    const m = importAppLog(appLog).model;
    expect(m.faults).toHaveLength(8);
    expect(m.conf.dynamicAllocation?.enabled ?? false).toBe(false);
    const ids = m.cluster.executors.map((e) => e.id);
    expect(ids).toEqual(appLog.executors.map((e) => e.id));
    expect(m.cluster.newExecutorDelay).toBeUndefined();
  });
});

const failLog = await readLogFile(log('spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd'));

describe('tasks_executors_fail_compressed_eventlog.zstd: 2 losses without a shuffle service (zstd)', () => {
  const losses = lossTimelines(failLog);
  it('executor 2 (hostname-09), then executor 1 (hostname-08.domain.com) 152 ms later, both "Executor Process Lost"', () => {
    expect(losses.map((l) => l.executor)).toEqual(['2', '1']);
    expect(losses[1].removedAt - losses[0].removedAt).toBe(152);
    const hosts = losses.map((l) => failLog.executors.find((e) => e.id === l.executor)!);
    expect(hosts.map((e) => [e.host, e.removedReason])).toEqual([['hostname-09', 'Executor Process Lost'], ['hostname-08.domain.com', 'Executor Process Lost']]);
  });
  it('executor 2: its running task 168 re-ran 148 ms later on executor 7, PROCESS_LOCAL; 23 map outputs lost, 5 re-ran', () => {
    const l = losses[0];
    expect(l.lostTasks).toBe(1 + 23);
    const r = l.reruns.find((x) => x.task.startsWith('238.0/168#'))!;
    expect([r.executor, r.delayMs, r.status]).toEqual(['7', 148, 'success']);
    const rerun = failLog.attempts.find((a) => a.stage === 238 && a.index === 168 && a.attempt === 1)!;
    expect(rerun.locality).toBe('PROCESS_LOCAL');
    expect(l.reruns.length).toBe(1 + 5);
    // the application ended before the rest re-ran: no recovery time
    expect(l.recoveryMs).toBeNull();
  });
  it('executor 1: 27 map outputs lost (Resubmitted), 24 re-ran within 31 ms of the removal, 2 FetchFailed', () => {
    const l = losses[1];
    expect(l.lostTasks).toBe(27);
    expect(l.reruns.length).toBe(24);
    // (the README says 15-31 ms; the log's own Launch Times put 13 of them 2-14 ms after the removal)
    expect(Math.max(...l.reruns.map((r) => r.delayMs))).toBe(31);
    expect(failLog.attempts.filter((a) => a.end === 'fetchFailed').map((a) => a.fetchFrom)).toEqual(['1', '1']);
  });
  it('imports 2 crash faults at the removals and no departure', async () => {
    const m = importAppLog(failLog).model;
    // executor 2 lost a running attempt: the fault is tied to it; executor 1 lost map outputs only: at its removal
    expect(m.faults.map((f) => [f.executor, f.kind])).toEqual(losses.map((l) => [l.executor, 'crash']));
    const running = failLog.attempts.find((a) => a.end === 'lost' && (a.lostExecutor ?? a.executor) === '2')!;
    expect(m.faults[0].during).toMatchObject({ task: 168, attempt: running.attempt });
    expect(m.faults[0].at).toBe(losses[0].removedAt - running.launch);
    expect([m.faults[1].during, m.faults[1].at]).toEqual([undefined, losses[1].removedAt]);
    expect(m.cluster.executors.every((e) => e.leaveAt === undefined)).toBe(true);
    // 1 slot per executor: 4 cores, spark.task.cpus = 4
    expect(m.conf.taskCpus).toBe(4);
    expect(m.cluster.executors.every((e) => e.cores === 4)).toBe(true);
  });
});
