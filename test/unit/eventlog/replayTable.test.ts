// The README's replay table ("Replay figures"): every multi-executor log of ../shared/eventlogs
// (one per family of identical fixtures), replayed as it ran, within the 5 % makespan
// target. The figures compared are the log's own (actual) and the engine's (simulated): a change
// to the import or the engine that drifts a real run past 5 % fails here, not in the table.
import { describe, expect, it } from 'vitest';
import { readLogFile } from '../../../src/cli/logInput';
import { replay } from '../../../src/eventlog/replay';
import { log } from './logFiles';
import { haveLogs } from './helpers';

const TABLE = [
  'mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-cc4d115f011443d787f03a71a476a745',
  'mcp-apache-spark-history-server/examples/basic/events/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b',
  'sparklint/src/test/resources/spark_event_log_example',
  'sparklint/src/test/resources/directory_source/event_log_1',
  'slim/medium/input/events.json',
  'dr-elephant/spark_event_logs/event_log_1',
  'spark/spark-events/app-20161115172038-0000',
  'spark/spark-events/app-20180109111548-0000',
  'spark/spark-events/application_1516285256255_0012',
  'spark/spark-events/application_1628109047826_1317105',
  'spark/spark-events-removed-from-master/application_1506645932520_24630151',
  'spark/spark-events-removed-from-master/application_1536831636016_59384_1',
  'spark/spark-events-removed-from-master/application_1538416563558_0014',
  'spark-rapids-tools/spark-events-profiling/gpu_oom_eventlog.zstd',
  'spark-rapids-tools/spark-events-profiling/nds_q66_gpu.zstd',
  'spark-rapids-tools/spark-events-profiling/malformed_json_eventlog.zstd',
  'spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd',
  'spark-rapids-tools/spark-events-qualification/cluster_information/eventlog_4nodes_8cores_dynamic_alloc.zstd',
  'spark-rapids-tools/spark-events-qualification/db_subExecution_id.zstd',
  'spark-rapids-tools/spark-events-qualification/multiple_attempts/attempt_1_eventlog.zstd',
  'spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd',
  'spark-rapids-tools/spark-events-qualification/xgboost_eventlog.zstd',
];

describe.skipIf(!haveLogs)('replay of the README table\'s logs: makespan within 5 % of the real run', () => {
  it.each(TABLE)('%s', async (path) => {
    const out = replay(await readLogFile(log(path)));
    expect(out.report.actual.makespanMs).toBeGreaterThan(0);
    expect(Math.abs(out.report.modelError.makespan)).toBeLessThan(0.05);
  }, 120_000);
});
