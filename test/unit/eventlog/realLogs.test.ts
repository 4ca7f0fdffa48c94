// Every real log of ../shared/eventlogs reads. The expected counts come from an independent
// decoder: the zstd CLI / Python's gzip, then Python's json.loads per non-blank line (an event is
// a JSON object with a string "Event"); rolling parts concatenated by N, Databricks parts by name
// then `eventlog`. Facts quoted from ../shared/eventlogs/README.md are marked "README".
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openEventLog } from '../../../src/eventlog/fsSource';
import { EventLogError } from '../../../src/eventlog';
import { collect, countOf, haveLogs, listLogs, logsRoot } from './helpers';

// [log, events, skipped lines, ExecutorRemoved, successful TaskEnds, has ApplicationEnd]
const expected: [string, number, number, number, number, boolean][] = [
  ['dr-elephant/spark_event_logs/event_log_1', 33, 0, 0, 10, true],
  ['dr-elephant/spark_event_logs/event_log_2', 4, 0, 0, 0, false],
  ['mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b', 132, 0, 0, 39, true],
  ['mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-bcec39f6201b42b9925124595baad260', 16, 0, 0, 2, true],
  ['mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-cc4d115f011443d787f03a71a476a745', 200, 0, 0, 73, true],
  ['mcp-apache-spark-history-server/examples/basic2/events/eventlog_v2_spark-bcec39f6201b42b9925124595baad262', 16, 0, 0, 2, true],
  ['mcp-apache-spark-history-server/skills/cli/e2e/spark-events/application_1713000000000_0001_1.zstd', 81, 0, 0, 9, false],
  ['mcp-apache-spark-history-server/skills/cli/e2e/spark-events/application_1713000000000_0001_2.zstd', 268, 0, 0, 38, true],
  ['mcp-apache-spark-history-server/skills/cli/e2e/spark-events/local-1776286786993.zstd', 274, 0, 0, 40, true],
  ['mcp-apache-spark-history-server/skills/cli/e2e/spark-events/local-1776286804625.zstd', 268, 0, 0, 38, true],
  ['slim/medium/input/events.json', 500, 0, 18, 203, true],
  ['slim/metrics/input/events.json', 86, 0, 0, 40, false],
  ['slim/skips/input/events.json', 1686, 0, 0, 823, true],
  ['slim/small/input/events.json', 26, 0, 0, 8, true],
  ['spark-rapids-tools/spark-events-profiling/dataset_eventlog', 38, 0, 0, 12, true],
  ['spark-rapids-tools/spark-events-profiling/driverlog', 0, 296, 0, 0, false],
  ['spark-rapids-tools/spark-events-profiling/eventlog-gpu-dsv1.zstd', 64, 0, 0, 7, true],
  ['spark-rapids-tools/spark-events-profiling/eventlog-gpu-dsv2.zstd', 60, 0, 0, 7, true],
  ['spark-rapids-tools/spark-events-profiling/eventlog_dsv1.zstd', 129, 0, 0, 31, true],
  ['spark-rapids-tools/spark-events-profiling/eventlog_dsv2.zstd', 127, 0, 0, 31, true],
  ['spark-rapids-tools/spark-events-profiling/eventlog_minimal_events', 75, 0, 0, 10, true],
  ['spark-rapids-tools/spark-events-profiling/gds_ucx_eventlog.zstd', 1277, 0, 0, 617, true],
  ['spark-rapids-tools/spark-events-profiling/gpu_oom_eventlog.zstd', 25084, 0, 0, 12303, true],
  ['spark-rapids-tools/spark-events-profiling/malformed_json_eventlog.zstd', 476, 1, 1, 217, true],
  ['spark-rapids-tools/spark-events-profiling/nds_q66_gpu.zstd', 26214, 0, 0, 12987, true],
  ['spark-rapids-tools/spark-events-profiling/rapids_join_eventlog.zstd', 444, 0, 0, 213, true],
  ['spark-rapids-tools/spark-events-profiling/rapids_join_eventlog2.zstd', 444, 0, 0, 213, true],
  ['spark-rapids-tools/spark-events-profiling/rp_nosql_eventlog', 25, 0, 0, 4, true],
  ['spark-rapids-tools/spark-events-profiling/rp_sql_eventlog.zstd', 477, 0, 1, 217, true],
  ['spark-rapids-tools/spark-events-profiling/spark2-eventlog.zstd', 58, 0, 0, 6, true],
  ['spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd', 17717, 0, 2, 8577, true],
  ['spark-rapids-tools/spark-events-qualification/aqeshuffle_eventlog.zstd', 85, 0, 0, 26, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_2nodes_8cores', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_3nodes_12cores_exec_removed', 69, 0, 1, 21, false],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_3nodes_12cores_multiple_executors', 40, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_3nodes_12cores_variable_cores', 67, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_4nodes_8cores_dynamic_alloc.zstd', 665, 0, 14, 235, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_driver_only', 30, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/platform/databricks-aws', 35, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/platform/databricks-azure', 35, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/platform/dataproc', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/platform/emr', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/cluster_information/platform/onprem', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/complex_dec_eventlog.zstd', 187, 0, 0, 35, true],
  ['spark-rapids-tools/spark-events-qualification/createdatasourcetable_eventlog.zstd', 30, 0, 0, 6, true],
  ['spark-rapids-tools/spark-events-qualification/customshuffle_eventlog.zstd', 82, 0, 0, 26, true],
  ['spark-rapids-tools/spark-events-qualification/dataset_eventlog', 31, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/db_sim_eventlog', 5621, 0, 0, 2801, true],
  ['spark-rapids-tools/spark-events-qualification/db_subExecution_id.zstd', 368, 0, 0, 137, false],
  ['spark-rapids-tools/spark-events-qualification/dsAndDf_eventlog.zstd', 1352, 0, 0, 651, true],
  ['spark-rapids-tools/spark-events-qualification/empty_eventlog', 7, 0, 0, 0, true],
  ['spark-rapids-tools/spark-events-qualification/eventlog_complex_dec_nested', 101, 0, 0, 27, true],
  ['spark-rapids-tools/spark-events-qualification/eventlog_nested_dsv2', 32, 0, 0, 7, true],
  ['spark-rapids-tools/spark-events-qualification/eventlog_same_app_id_1.zstd', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/eventlog_same_app_id_2.zstd', 65, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/eventlog_v2_local-1623876083964', 5621, 0, 0, 2801, true],
  ['spark-rapids-tools/spark-events-qualification/global_local_limit_eventlog.zstd', 29, 0, 0, 7, true],
  ['spark-rapids-tools/spark-events-qualification/gpu_eventlog', 38, 0, 0, 12, true],
  ['spark-rapids-tools/spark-events-qualification/java_udf_eventlog', 27, 0, 0, 2, true],
  ['spark-rapids-tools/spark-events-qualification/jdbc_eventlog.zstd', 432, 0, 0, 203, true],
  ['spark-rapids-tools/spark-events-qualification/join_missing_sql_end', 443, 0, 0, 213, true],
  ['spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_1_eventlog.zstd', 275, 0, 0, 107, true],
  ['spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_2_eventlog.zstd', 277, 0, 0, 107, true],
  ['spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_3_eventlog.zstd', 277, 0, 0, 107, true],
  ['spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_4_eventlog.zstd', 277, 0, 0, 107, true],
  ['spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd', 10141, 0, 1, 4896, false],
  ['spark-rapids-tools/spark-events-qualification/nested_type_eventlog', 33, 0, 0, 7, true],
  ['spark-rapids-tools/spark-events-qualification/pandas_execs_eventlog.zstd', 1323, 0, 0, 640, true],
  ['spark-rapids-tools/spark-events-qualification/python_udf_eventlog', 23, 0, 0, 2, true],
  ['spark-rapids-tools/spark-events-qualification/rdd_only_eventlog', 13, 0, 0, 1, true],
  ['spark-rapids-tools/spark-events-qualification/truncated_eventlog', 62, 0, 0, 21, false],
  ['spark-rapids-tools/spark-events-qualification/udf_dataset_eventlog', 31, 0, 0, 3, true],
  ['spark-rapids-tools/spark-events-qualification/udf_func_eventlog', 178, 0, 0, 54, true],
  ['spark-rapids-tools/spark-events-qualification/writeformat_eventlog', 53, 0, 0, 5, true],
  ['spark-rapids-tools/spark-events-qualification/xgboost_eventlog.zstd', 379, 0, 0, 155, false],
  ['spark-rapids-tools/user_tools-e2e-event_logs/gpu_eventlog.zstd', 38, 0, 0, 12, true],
  ['spark-rapids-tools/user_tools-e2e-event_logs/incorrect_app_status_eventlog.zstd', 32, 0, 0, 7, true],
  ['spark-rapids-tools/user_tools-e2e-event_logs/join_agg_on_yarn_eventlog.zstd', 277, 0, 0, 107, true],
  ['spark-rapids-tools/user_tools-e2e-event_logs/photon_eventlog.zstd', 33, 0, 0, 7, true],
  ['spark-rapids-tools/user_tools-e2e-event_logs/streaming_eventlog.zstd', 36, 0, 0, 7, true],
  ['spark/spark-events-broken/last-attempt-incomplete/application_1656321732247_0006_1', 10, 0, 0, 0, true],
  ['spark/spark-events-broken/last-attempt-incomplete/application_1656321732247_0006_2', 9, 0, 0, 0, false],
  ['spark/spark-events-broken/previous-attempt-incomplete/application_1656321732247_0006_1', 9, 0, 0, 0, false],
  ['spark/spark-events-broken/previous-attempt-incomplete/application_1656321732247_0006_2', 10, 0, 0, 0, true],
  ['spark/spark-events-removed-from-master/application_1506645932520_24630151', 63, 0, 0, 9, true],
  ['spark/spark-events-removed-from-master/application_1536831636016_59384_1', 214, 0, 0, 100, true],
  ['spark/spark-events-removed-from-master/application_1538416563558_0014', 190, 0, 8, 27, true],
  ['spark/spark-events/app-20161115172038-0000', 75, 0, 0, 16, true],
  ['spark/spark-events/app-20161116163331-0000', 68, 0, 0, 16, true],
  ['spark/spark-events/app-20180109111548-0000', 59, 0, 0, 20, true],
  ['spark/spark-events/app-20200706201101-0003', 124, 0, 0, 48, true],
  ['spark/spark-events/application_1516285256255_0012', 71, 0, 0, 20, true],
  ['spark/spark-events/application_1555004656427_0144', 10, 0, 0, 0, true],
  ['spark/spark-events/application_1578436911597_0052', 27, 0, 0, 6, true],
  ['spark/spark-events/application_1628109047826_1317105', 52, 0, 6, 4, true],
  ['spark/spark-events/local-1422981759269', 88, 0, 0, 33, true],
  ['spark/spark-events/local-1422981780767', 82, 0, 0, 31, true],
  ['spark/spark-events/local-1425081759269', 88, 0, 0, 33, true],
  ['spark/spark-events/local-1426533911241', 24, 0, 0, 8, true],
  ['spark/spark-events/local-1426633911242', 24, 0, 0, 8, true],
  ['spark/spark-events/local-1430917381534', 231, 0, 0, 110, true],
  ['spark/spark-events/local-1430917381535_1', 5, 0, 0, 0, true],
  ['spark/spark-events/local-1430917381535_2', 5, 0, 0, 0, true],
  ['spark/spark-events/local-1642039451826', 115, 0, 0, 35, true],
  ['spark/structured-streaming/query-event-logs-version-2.0.0.txt', 4, 0, 0, 0, true],
  ['spark/structured-streaming/query-event-logs-version-2.0.1.txt', 4, 0, 0, 0, true],
  ['spark/structured-streaming/query-event-logs-version-2.0.2.txt', 5, 0, 0, 0, true],
  ['sparklens/event-history-test-files/local-1532512550423', 30, 0, 0, 8, true],
  ['sparklint/src/test/resources/directory_source/event_log_0', 431, 0, 0, 204, true],
  ['sparklint/src/test/resources/directory_source/event_log_1', 226, 0, 0, 97, true],
  ['sparklint/src/test/resources/file_event_log_test_nav_events', 16, 0, 0, 3, false],
  ['sparklint/src/test/resources/file_event_log_test_simple', 5, 0, 0, 0, false],
  ['sparklint/src/test/resources/file_event_log_test_state_events', 9, 0, 0, 0, false],
  ['sparklint/src/test/resources/spark_event_log_example', 431, 0, 0, 204, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-error-bad-app-start', 16, 0, 0, 1, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-error-bad-env-update', 16, 0, 0, 1, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-error-no-app-start', 15, 0, 0, 1, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-error-no-env-update', 15, 0, 0, 1, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-finished', 16, 0, 0, 1, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-finished-exec-removed', 19, 0, 2, 2, true],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-running', 15, 0, 0, 1, false],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-running-exec-removed', 17, 0, 2, 1, false],
  ['sparkscope/eventlog/app-20231025121456-0004-eventLog-running-incomplete', 14, 1, 0, 1, false],
  ['sparkscope/eventlog/app-20231122115433-0000-eventLog-corrupted-events', 49, 0, 2, 0, false],
  ['sparkscope/eventlog/app-20231122115433-0000-eventLog-finished-stages', 27, 0, 0, 0, true],
  ['sparkscope/eventlog/app-20231122115433-0000-eventLog-running-stages', 44, 0, 0, 0, false],
];

const refused: Record<string, EventLogError['kind']> = {
  'spark/spark-events-removed-from-master/local-1427397477963': 'empty', // 0 bytes
  'spark-rapids-tools/spark-events-profiling/driverlog': 'not-a-log', // a driver's log4j output
  'sparklint/src/test/resources/history_source/eventLogs-application_1489705648216_1600.zip': 'unsupported',
};

describe.skipIf(!haveLogs)('every real event log', () => {
  it('the table covers every log of the folder', () => {
    const readable = expected.filter((r) => r[1] > 0).map((r) => r[0]);
    expect(new Set([...readable, ...Object.keys(refused)])).toEqual(new Set(listLogs()));
  });

  for (const [log, events, skipped, removed, succeeded, ended] of expected.filter((r) => r[1] > 0)) {
    it(log, async () => {
      const { events: evs, stats } = await collect(await openEventLog(join(logsRoot, log)));
      expect(stats.events).toBe(events);
      expect(evs.length).toBe(events);
      expect(stats.skippedLines).toBe(skipped);
      expect(countOf(evs, 'SparkListenerExecutorRemoved')).toBe(removed);
      expect(evs.filter((e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason?: string })?.Reason === 'Success').length).toBe(succeeded);
      expect(stats.complete).toBe(ended && skipped === 0);
      expect(stats.truncatedParts).toBe(0);
    });
  }

  for (const [log, kind] of Object.entries(refused)) {
    it(`${log} is refused with a one-line ${kind} error`, async () => {
      const err = await openEventLog(join(logsRoot, log)).then(collect).catch((e) => e);
      expect(err).toBeInstanceOf(EventLogError);
      expect(err.kind).toBe(kind);
      expect(err.message).not.toContain('\n');
    });
  }
});

describe.skipIf(!haveLogs)('facts of the eventlogs README', () => {
  it('application_1538416563558_0014: 8 losses, each lost attempt failed with ExecutorLostFailure', async () => {
    const { events } = await collect(await openEventLog(join(logsRoot, 'spark/spark-events-removed-from-master/application_1538416563558_0014')));
    expect(countOf(events, 'SparkListenerExecutorRemoved')).toBe(8); // README: "eight die"
    const lost = events.filter((e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason?: string }).Reason === 'ExecutorLostFailure');
    expect(lost.length).toBe(8); // README table: one lost attempt per loss
    expect(countOf(events, 'SparkListenerExecutorAdded')).toBe(9); // README: "Nine executors are started"
  });

  it('tasks_executors_fail (zstd): 2 losses, 50 Resubmitted, 2 FetchFailed, 8,577 successful tasks', async () => {
    const { events, stats } = await collect(await openEventLog(join(logsRoot, 'spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd')));
    expect(stats.codec).toBe('zstd');
    const reasons = (r: string) => events.filter((e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason?: string }).Reason === r).length;
    expect(reasons('Resubmitted')).toBe(50); // README: 50 `Resubmitted` map outputs
    expect(reasons('FetchFailed')).toBe(2);
    expect(reasons('ExecutorLostFailure')).toBe(1); // README: 1 lost running task
    expect(countOf(events, 'SparkListenerExecutorRemoved')).toBe(2);
  });

  it('the two-part rolling zstd directory and the Databricks gzip+plain directory hold the same 5,621 events', async () => {
    const rolling = await collect(await openEventLog(join(logsRoot, 'spark-rapids-tools/spark-events-qualification/eventlog_v2_local-1623876083964')));
    const db = await collect(await openEventLog(join(logsRoot, 'spark-rapids-tools/spark-events-qualification/db_sim_eventlog')));
    expect([rolling.stats.container, rolling.stats.parts, rolling.stats.codec]).toEqual(['rolling', 2, 'zstd']);
    expect([db.stats.container, db.stats.parts, db.stats.codec]).toEqual(['databricks', 2, 'gzip+plain']);
    // README timing table: both have 2,801 tasks
    expect(countOf(rolling.events, 'SparkListenerTaskEnd')).toBe(2801);
    expect(countOf(db.events, 'SparkListenerTaskEnd')).toBe(2801);
    expect(db.events.map((e) => e.Event)).toEqual(rolling.events.map((e) => e.Event));
  });

  it('a log with a truncated last line is read up to it and marked incomplete', async () => {
    const { stats } = await collect(await openEventLog(join(logsRoot, 'sparkscope/eventlog/app-20231025121456-0004-eventLog-running-incomplete')));
    expect(stats.skippedLines).toBe(1);
    expect(stats.complete).toBe(false);
  });
});
