// The real run the timeline draws from an imported log: the log's own attempts on executor
// slots, its waits and its losses. Expected values are the eventlogs README's measurements.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newReadStats, readEvents } from '../../../src/eventlog';
import { openEventLog } from '../../../src/eventlog/fsSource';
import { importAppLog, readAppLog } from '../../../src/eventlog/importer';
import { realRunResult } from '../../../src/eventlog/realRun';
import { validateHostMessage } from '../../../webview/protocol';
import { haveLogs, logsRoot } from './helpers';

async function real(log: string) {
  const stats = newReadStats();
  const app = await readAppLog(readEvents(await openEventLog(join(logsRoot, log)), stats), stats);
  const imported = importAppLog(app, { source: log });
  return { app, result: realRunResult(imported.log, imported.plan) };
}

describe.skipIf(!haveLogs)('realRunResult', () => {
  it('tasks_executors_fail: the re-run of 238.0 idx 168 waited 148 ms on executor 7 with slots free (README), two losses 152 ms apart', async () => {
    const { app, result } = await real('spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd');
    expect(validateHostMessage({ type: 'show', id: 'x', title: 't', sourceName: 's', primary: result, real: true })).toBeNull();
    expect(result.attempts.length).toBe(app.attempts.length);
    const rerun = result.attempts.find((a) => a.task.endsWith('/168') && a.attempt === 1 && a.stage.endsWith('/s238'))!;
    expect([rerun.executor, rerun.launch - rerun.readyAt, rerun.localityWait, rerun.recovery]).toEqual(['7', 148, 148, true]);
    expect(result.faults.map((f) => [f.executor, f.at])).toEqual([['2', 97200], ['1', 97352]]);
    // executor 2 lost one running attempt (idx 168); executor 1 only map outputs
    expect(result.faults[0]!.lostTasks).toEqual([rerun.task]);
    expect(result.faults[1]!.lostTasks).toEqual([]);
    expect(result.faults[0]!.localityWait).toBe(148);
    // what the log shows of each loss (the timeline's labels): the removal's reason, the lost map
    // outputs, the first re-run with its delay (README: 168 re-ran 148 ms later on executor 7;
    // executor 1's 27 outputs re-ran from the removal, 24 of them within 31 ms)
    expect(result.faults[0]!.logged).toEqual({ reason: 'Executor Process Lost', lostOutputs: 23,
      firstRerun: { task: '238.0/168#1', executor: '7', launch: rerun.launch, delayMs: 148 } });
    const second = result.faults[1]!.logged!;
    expect([second.reason, second.lostOutputs]).toEqual(['Executor Process Lost', 27]);
    expect(second.firstRerun!.delayMs).toBeLessThanOrEqual(31);
  });

  it('application_1538416563558_0014: 8 losses of one running attempt each; a re-run that waited for a new executor has no free-slot wait', async () => {
    const { result } = await real('spark/spark-events-removed-from-master/application_1538416563558_0014');
    expect(result.faults.length).toBe(8);
    expect(result.faults.every((f) => f.lostTasks.length === 1)).toBe(true);
    // loss 1: 7.0 idx 0 att 1 launched 5,560 ms after the failure on a new executor (no other alive)
    const r = result.attempts.find((a) => a.stage.endsWith('/s7') && a.index === 0 && a.attempt === 1)!;
    expect([r.executor, r.launch - r.readyAt, r.recovery, r.localityWait]).toEqual(['2', 5560, true, 0]);
  });

  it('no two attempts share a lane at the same time, and every executor has the lanes its attempts use', async () => {
    const { result } = await real('sparklint/src/test/resources/spark_event_log_example');
    const lanes = new Map<string, number[]>();
    for (const a of [...result.attempts].sort((x, y) => x.launch - y.launch)) {
      const k = `${a.executor}/${a.slot}`;
      const ends = lanes.get(k) ?? [];
      if (ends.length) expect(a.launch).toBeGreaterThanOrEqual(ends[ends.length - 1]!);
      lanes.set(k, [...ends, a.end]);
      expect(a.slot).toBeLessThan(result.executors.find((e) => e.id === a.executor)!.slots);
    }
  });
});
