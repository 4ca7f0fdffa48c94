// Which key sets the executor heartbeat timeout, per Spark version: one rule for the format's
// check (SJ033) and the engine's HeartbeatReceiver. No dependencies, so the engine can use it.
import type { Ms, SparkConf, SparkVersion } from './model';
import { parseTimeMs } from './values';

/**
 * The executor heartbeat timeout HeartbeatReceiver uses (reference 5.5, version table):
 * 3.x: spark.storage.blockManagerHeartbeatTimeoutMs (alias ...SlaveTimeoutMs) when set, else
 * spark.network.timeout; 2.2: spark.network.timeout when set, else ...SlaveTimeoutMs, else 120 s.
 */
export function heartbeatTimeoutMs(conf: SparkConf, spark: SparkVersion): Ms {
  if (spark === '3.5') return conf.blockManagerHeartbeatTimeout ?? conf.networkTimeout;
  if ('spark.network.timeout' in conf.raw) return conf.networkTimeout;
  const slave = conf.raw['spark.storage.blockManagerSlaveTimeoutMs'];
  const r = slave !== undefined ? parseTimeMs(slave, 'ms') : undefined;
  return r?.ok && r.value >= 0 ? r.value : conf.networkTimeout;
}
