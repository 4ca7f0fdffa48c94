// `sparkjob import` on every real log of ../shared/eventlogs: a job definition that passes
// `sparkjob check` with no error, or (not a log, no task) a one-line reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../../src/checkFile';
import { importAppLog, LogImportError, readAppLogSync } from '../../../src/eventlog/importer';
import { bytesSource, newReadStats, readEvents, type SparkEvent } from '../../../src/eventlog';
import { readLogFile } from '../../../src/cli/logInput';
import { replay } from '../../../src/eventlog/replay';
import { allLogs, log, rel } from './logFiles';

const logs = allLogs();

/** The logs that are not importable, with why (checked by hand: their events). */
const REFUSED: Record<string, RegExp> = {
  'dr-elephant/spark_event_logs/event_log_2': /has no task/, // LogStart, env, block manager, app start only
  'spark/spark-events/application_1555004656427_0144': /has no task/, // executors added, no job
  'spark/spark-events/local-1430917381535_1': /has no task/,
  'spark/spark-events/local-1430917381535_2': /has no task/,
  'spark/spark-events-broken/last-attempt-incomplete/application_1656321732247_0006_1': /has no task/,
  'spark/spark-events-broken/last-attempt-incomplete/application_1656321732247_0006_2': /has no task/,
  'spark/spark-events-broken/previous-attempt-incomplete/application_1656321732247_0006_1': /has no task/,
  'spark/spark-events-broken/previous-attempt-incomplete/application_1656321732247_0006_2': /has no task/,
  'spark/spark-events-removed-from-master/local-1427397477963': /is empty/,
  'spark/structured-streaming/query-event-logs-version-2.0.0.txt': /has no task/, // query events only
  'spark/structured-streaming/query-event-logs-version-2.0.1.txt': /has no task/,
  'spark/structured-streaming/query-event-logs-version-2.0.2.txt': /has no task/,
  'spark-rapids-tools/spark-events-profiling/driverlog': /not a Spark event log/, // a driver's log4j output
  'spark-rapids-tools/spark-events-qualification/empty_eventlog': /has no task/,
  'sparklint/src/test/resources/file_event_log_test_simple': /has no task/, // TaskStarts of stages it never submits
  'sparklint/src/test/resources/file_event_log_test_state_events': /has no task/,
  'sparklint/src/test/resources/history_source/eventLogs-application_1489705648216_1600.zip': /zip archive: not supported, unzip it first/,
  'sparkscope/eventlog/app-20231122115433-0000-eventLog-corrupted-events': /has no task/, // stages, no TaskEnd
  'sparkscope/eventlog/app-20231122115433-0000-eventLog-finished-stages': /has no task/,
  'sparkscope/eventlog/app-20231122115433-0000-eventLog-running-stages': /has no task/,
};

describe('import of every real log', () => {
  it('lists only logs that exist among them as refused', () => {
    expect(Object.keys(REFUSED).filter((k) => !logs.some((p) => rel(p) === k))).toEqual([]);
  });
  it.each(logs.map((p) => [rel(p), p]))('%s', async (name, path) => {
    let yaml: string;
    try {
      yaml = importAppLog(await readLogFile(path), { source: name }).yaml;
    } catch (e) {
      expect(e).toBeInstanceOf(LogImportError);
      const msg = (e as Error).message;
      expect(msg).not.toContain('\n');
      expect(REFUSED[name], `${name} refused: ${msg}`).toBeDefined();
      expect(msg).toMatch(REFUSED[name]);
      return;
    }
    expect(REFUSED[name], `${name} imported but is expected to be refused`).toBeUndefined();
    const errors = checkText(yaml).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});

describe('import facts', () => {
  it('is deterministic: the same log gives the same bytes', async () => {
    const p = log('sparklint/src/test/resources/spark_event_log_example');
    expect(importAppLog(await readLogFile(p)).yaml).toBe(importAppLog(await readLogFile(p)).yaml);
  });
  it('orders by timestamps, not lines: the log read backwards gives the same file', async () => {
    const p = log('spark/spark-events-removed-from-master/application_1538416563558_0014');
    const events: SparkEvent[] = [];
    for await (const ev of readEvents(bytesSource('x', readFileSync(p)), newReadStats())) events.push(ev);
    const forward = importAppLog(readAppLogSync(events), { source: 'x' }).yaml;
    const backward = importAppLog(readAppLogSync([...events].reverse()), { source: 'x' }).yaml;
    expect(backward).toBe(forward);
  });
  it('takes spark semantics from the log\'s version: 1.5.2 -> "2.2", 3.5.3 -> "3.5"', async () => {
    expect(importAppLog(await readLogFile(log('sparklint/src/test/resources/spark_event_log_example'))).model.spark).toBe('2.2');
    const k8s = log('mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-cc4d115f011443d787f03a71a476a745');
    expect(importAppLog(await readLogFile(k8s)).model.spark).toBe('3.5');
  });
  it('keeps the locality wait the app ran with (spark.locality.wait=1s in application_1628109047826_1317105)', async () => {
    const r = importAppLog(await readLogFile(log('spark/spark-events/application_1628109047826_1317105')));
    expect(r.model.conf.localityWait).toEqual({ process: 1000, node: 1000, rack: 1000 });
    expect(r.model.conf.speculation.enabled).toBe(true);
  });
});

describe('removals with no task lost are departures, not faults (eventlogs README list)', () => {
  const cases: [string, number][] = [
    ['slim/medium/input/events.json', 18],
    ['spark/spark-events/application_1628109047826_1317105', 6],
    ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_3nodes_12cores_exec_removed', 1],
    ['sparkscope/eventlog/app-20231025121456-0004-eventLog-finished-exec-removed', 2],
    ['sparkscope/eventlog/app-20231025121456-0004-eventLog-running-exec-removed', 2],
  ];
  it.each(cases)('%s: %i removals, no fault', async (name, removals) => {
    const appLog = await readLogFile(log(name));
    expect(appLog.executors.filter((e) => e.removedAt !== undefined).length).toBe(removals);
    const r = importAppLog(appLog);
    expect(r.model.faults).toEqual([]);
    // removed before the last job ended -> leaveAt; at the end of the run -> nothing to say
    for (const e of r.model.cluster.executors) {
      const real = appLog.executors.find((x) => x.id === e.id)!;
      if (e.leaveAt !== undefined) expect(e.leaveAt).toBe(Math.max(Math.round(real.removedAt!), e.joinAt + 1));
    }
  });
});

describe('evidence the importer follows', () => {
  it('turns reduce-side locality off when no shuffle read launched NODE_LOCAL (slim/medium: 100 reducers, all PROCESS_LOCAL)', async () => {
    const appLog = await readLogFile(log('slim/medium/input/events.json'));
    const reads = appLog.attempts.filter((a) => a.stage === 1 && a.attempt === 0);
    expect(reads.length).toBe(100);
    expect(reads.some((a) => a.locality === 'NODE_LOCAL')).toBe(false);
    expect(importAppLog(appLog).model.conf.reduceLocality).toBe(false);
  });
  it('keeps the engine\'s rule when a shuffle read did launch NODE_LOCAL', async () => {
    const appLog = await readLogFile(log('spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd'));
    expect(appLog.attempts.some((a) => a.locality === 'NODE_LOCAL' && appLog.stages.find((s) => s.stage === a.stage)!.parents.length > 0)).toBe(true);
    expect(importAppLog(appLog).model.conf.reduceLocality).toBe(true);
  });
  it('leaves out executors that joined after the run and ran nothing (an edited fixture: +930 days)', async () => {
    const appLog = await readLogFile(log('spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_2nodes_8cores'));
    expect(appLog.executors.map((e) => e.id).sort()).toEqual(['0', '1', 'driver']);
    expect(importAppLog(appLog).model.cluster.executors.map((e) => e.id)).toEqual(['driver']);
  });
});

describe('a failed application', () => {
  it('with no task that succeeded is refused in one line', () => {
    const fail = { Reason: 'ExceptionFailure', 'Class Name': 'java.lang.RuntimeException', Description: 'boom' };
    const events = [
      { Event: 'SparkListenerLogStart', 'Spark Version': '3.5.0' },
      { Event: 'SparkListenerApplicationStart', 'App Name': 'x', 'App ID': 'app-1', Timestamp: 1000 },
      { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Submission Time': 1100, 'Stage Infos': [{ 'Stage ID': 0, 'Parent IDs': [] }], 'Stage IDs': [0] },
      { Event: 'SparkListenerStageSubmitted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Number of Tasks': 1, 'Parent IDs': [], 'Submission Time': 1100 } },
      ...[0, 1, 2, 3].map((k) => ({
        Event: 'SparkListenerTaskEnd', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task End Reason': fail,
        'Task Info': { 'Task ID': k, Index: 0, Attempt: k, 'Launch Time': 1200 + 100 * k, 'Finish Time': 1250 + 100 * k, 'Executor ID': 'driver', Host: 'h', Locality: 'PROCESS_LOCAL', Failed: true },
      })),
      { Event: 'SparkListenerJobEnd', 'Job ID': 0, 'Completion Time': 1700, 'Job Result': { Result: 'JobFailed' } },
    ];
    expect(() => readAppLogSync(events)).toThrow(new LogImportError('no task of the application succeeded (a failed or empty run): nothing to import'));
  });
});

describe('input with no real location (S3 splits that report localhost, fidelity audit finding 17)', () => {
  it('tasks that ran RACK_LOCAL at once prefer the one rack of every executor, so the replay does not wait for them', () => {
    const ok = { Reason: 'Success' };
    const task = (k: number, exec: string, launch: number) => ({
      Event: 'SparkListenerTaskEnd', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task End Reason': ok,
      'Task Info': { 'Task ID': k, Index: k, Attempt: 0, 'Launch Time': launch, 'Finish Time': launch + 1000, 'Executor ID': exec, Host: `ip-${exec}`, Locality: 'RACK_LOCAL' },
      'Task Metrics': { 'Executor Run Time': 1000, 'Input Metrics': { 'Bytes Read': 134217728 } },
    });
    const events = [
      { Event: 'SparkListenerLogStart', 'Spark Version': '3.0.1-amzn-0' },
      { Event: 'SparkListenerApplicationStart', 'App Name': 's3', 'App ID': 'application_1_1', Timestamp: 0 },
      ...['1', '2'].map((id) => ({ Event: 'SparkListenerExecutorAdded', Timestamp: 10, 'Executor ID': id, 'Executor Info': { Host: `ip-${id}`, 'Total Cores': 1 } })),
      { Event: 'SparkListenerJobStart', 'Job ID': 0, 'Submission Time': 100, 'Stage Infos': [{ 'Stage ID': 0, 'Parent IDs': [] }], 'Stage IDs': [0] },
      { Event: 'SparkListenerStageSubmitted', 'Stage Info': { 'Stage ID': 0, 'Stage Attempt ID': 0, 'Number of Tasks': 4, 'Parent IDs': [], 'Submission Time': 100 } },
      task(0, '1', 100), task(1, '2', 100), task(2, '1', 1100), task(3, '2', 1100),
      { Event: 'SparkListenerJobEnd', 'Job ID': 0, 'Completion Time': 2100, 'Job Result': { Result: 'JobSucceeded' } },
    ];
    const r = importAppLog(readAppLogSync(events));
    const tasks = r.model.jobs[0].stages[0].tasks;
    expect(r.model.cluster.executors.map((e) => e.rack)).toEqual(['executors', 'executors']);
    expect(Array.isArray(tasks) ? tasks.map((t) => t.prefer)[0] : tasks.prefer).toEqual([{ kind: 'rack', name: 'executors' }]);
    // two 1-slot executors, four 1 s tasks from 100 ms: done at 2,100 ms, no locality wait
    const sim = replayOf(events);
    expect(sim.report.simulated.makespanMs).toBe(2100);
    expect(sim.report.waits).toEqual([]);
  });
});

describe('tasks the log shows launched ANY: their data was where no executor ran (sparklint event_log_1, Spark 1.5.2 on YARN with racks)', () => {
  const name = 'sparklint/src/test/resources/directory_source/event_log_1';
  it('stage 0: one task RACK_LOCAL at once, 23 ANY 3.95 s later; imported as rack:executors and rack:off-cluster, with no SJ054', async () => {
    const appLog = await readLogFile(log(name));
    const first = appLog.attempts.filter((a) => a.stage === 0 && a.attempt === 0);
    expect(first.filter((a) => a.locality === 'RACK_LOCAL').map((a) => a.launch)).toEqual([27053]);
    expect(first.filter((a) => a.locality === 'ANY').length).toBe(23);
    expect(Math.min(...first.filter((a) => a.locality === 'ANY').map((a) => a.launch))).toBe(31006);
    const r = importAppLog(appLog);
    const s0 = r.model.jobs[0].stages[0].tasks as { prefer: unknown[] }[];
    expect(s0.filter((t) => JSON.stringify(t.prefer) === '[{"kind":"rack","name":"executors"}]').length).toBe(1);
    expect(s0.filter((t) => JSON.stringify(t.prefer) === '[{"kind":"rack","name":"off-cluster"}]').length).toBe(23);
    expect(checkText(r.yaml, { simulate: false }).diagnostics.filter((d) => d.code === 'SJ054')).toEqual([]);
  });
  it('the replay waits as Spark did: ANY after spark.locality.wait.rack (3 s) from the RACK_LOCAL launch, at the next revive tick (1 s)', async () => {
    const out = replay(await readLogFile(log(name)));
    const s0 = out.result.attempts.filter((a) => a.stage === 'job0/s0' && a.attempt === 0);
    // TaskSetManager: levels [RACK_LOCAL, ANY]; moreTasksToRunIn(pendingTasksForRack) counts the
    // off-cluster tasks, so the set stays at RACK_LOCAL for 3 s after its last launch (27,053 ms)
    const rackLaunch = s0.find((a) => a.locality === 'RACK_LOCAL')!.launch;
    const anyLaunches = s0.filter((a) => a.locality === 'ANY').map((a) => a.launch);
    expect(rackLaunch).toBe(27053);
    expect(Math.min(...anyLaunches)).toBeGreaterThanOrEqual(rackLaunch + 3000);
    expect(Math.min(...anyLaunches)).toBeLessThanOrEqual(rackLaunch + 3000 + 1000);
    expect(Math.abs(out.report.modelError.makespan)).toBeLessThan(0.01);
  });
});

describe('FAIR pools the jobs ran in (nds_q88 on Databricks: spark.scheduler.mode FAIR, every job in one notebook pool)', () => {
  it('declares the pool FIFO, as FairSchedulableBuilder creates a pool a job names, and puts each job in it', async () => {
    const r = importAppLog(await readLogFile(log('spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd')));
    expect(r.model.pools).toEqual([{ name: '4262958645734505346', schedulingMode: 'FIFO', weight: 1, minShare: 0 }]);
    expect(new Set(r.model.jobs.map((j) => j.pool))).toEqual(new Set(['4262958645734505346']));
    expect(r.model.jobs.length).toBe(57);
  });
  it('without it the jobs would share the 3.x default pool FAIR and the concurrent stages finish in another order: with it the replay\'s stage p90 stays within 5 %', async () => {
    const out = replay(await readLogFile(log('spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd')));
    expect(out.report.modelError.stageDurationP90).toBeLessThan(0.05);
  });
});

function replayOf(events: Record<string, unknown>[]) {
  return replay(readAppLogSync(events));
}
