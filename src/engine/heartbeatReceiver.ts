// When does the driver notice an executor that stops answering? HeartbeatReceiver.scala:
// the executor is seen at registration (addExecutor sets executorLastSeen) and at every
// heartbeat, every spark.executor.heartbeatInterval; expireDeadHosts runs at a fixed rate of
// spark.network.timeoutInterval from the start (initial delay 0) and removes an executor
// when `now - lastSeen > timeout`. Reference sec. 5.5; spec "Loss".
// Timeout: 3.x spark.storage.blockManagerHeartbeatTimeoutMs, else spark.network.timeout;
// 2.2 spark.network.timeout when set, else spark.storage.blockManagerSlaveTimeoutMs (120 s).
// Heartbeats are modelled without the executor's start-up jitter, at addedAt + k * interval.
import { heartbeatTimeoutMs } from '../format/heartbeat';
import type { SparkConf, SparkVersion } from '../format/model';

// spark.network.timeout is read in whole seconds (timeConf(SECONDS), getTimeAsSeconds), so
// "1500ms" is 1 s; 2.2 also reads spark.network.timeoutInterval in seconds.
const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The key that wins is the format's rule; what Spark reads in seconds is floored here too. */
export function heartbeatTimeout(conf: SparkConf, spark: SparkVersion): number {
  const timeout = heartbeatTimeoutMs(conf, spark);
  // only 3.x's spark.storage.blockManagerHeartbeatTimeoutMs is read in milliseconds
  return spark === '3.5' && conf.blockManagerHeartbeatTimeout !== undefined ? timeout : wholeSeconds(timeout);
}

export function checkInterval(conf: SparkConf, spark: SparkVersion): number {
  return Math.max(1, spark === '2.2' ? wholeSeconds(conf.timeoutInterval) : conf.timeoutInterval);
}

/** The last heartbeat the driver received before the hang at `at` (a beat at `at` itself is not sent). */
export function lastHeartbeat(addedAt: number, at: number, interval: number): number {
  if (at <= addedAt || interval <= 0) return addedAt;
  return addedAt + Math.floor((at - addedAt - 1) / interval) * interval;
}

/** The first expireDeadHosts check at or after `at` that finds the executor expired. */
export function expiryTime(addedAt: number, at: number, conf: SparkConf, spark: SparkVersion): number {
  const seen = lastHeartbeat(addedAt, at, conf.heartbeatInterval);
  const earliest = Math.max(at, seen + heartbeatTimeout(conf, spark) + 1);
  const every = checkInterval(conf, spark);
  return Math.ceil(earliest / every) * every;
}
