// The Kafka 0-10 direct stream (reference sec. 3): no receiver; every batch reads one offset
// range per TopicPartition, one KafkaRDD partition (task) each. Sources: DirectKafkaInputDStream.scala,
// KafkaRDD.scala (getPreferredLocations, executors, compareExecutors), kafka's TopicPartition.java.
import type { KafkaInputSpec, SparkVersion } from '../../format/model';
import type { Cluster } from '../cluster';
import type { StageChunks } from '../stageBuffers';
import { Pref } from '../workload';

/** java.lang.String#hashCode: s[0]*31^(n-1) + ... + s[n-1], 32-bit signed overflow. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** TopicPartition#hashCode: 31 * (31 + partition) + topic.hashCode(), as int. */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, (31 + partition) | 0) + javaStringHash(topic)) | 0;
}

export function floorMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * KafkaRDD#executors: every block manager but the driver's (the driver's view: registered, not
 * removed), sorted descending by host string, then descending by executor id string
 * (compareExecutors). Taken from that order of every executor the cluster has
 * (Cluster.executorOrder, made once and shared with forks): executor ids are unique, so the order
 * is total and the alive ones in it are the same list as sorting them. A sweep's forks, each a
 * new cluster, sorted every executor by strings again (issue #17).
 */
export function sortedExecutors(cluster: Cluster): number[] {
  let order = cluster.executorOrder;
  if (order === null || order.length !== cluster.executors.length) {
    // (no closure made at each call: a sweep's forks sort often enough that TurboFan compiled them,
    // and a closure's compiled code goes at the next full collection, issue #17)
    const keyed: { host: string; id: string; idx: number }[] = [];
    for (const e of cluster.executors) keyed.push({ host: cluster.hostNames[e.host], id: e.id, idx: e.idx });
    keyed.sort(descending);
    const sorted: number[] = [];
    for (const k of keyed) sorted.push(k.idx);
    cluster.executorOrder = order = sorted;
  }
  const alive: number[] = [];
  for (const x of order) if (cluster.isAlive(cluster.executors[x])) alive.push(x);
  return alive;
}

function descending(a: { host: string; id: string }, b: { host: string; id: string }): number {
  return a.host === b.host ? cmp(b.id, a.id) : cmp(b.host, a.host);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * sortedExecutors of every alive executor, sorted again only when the set of alive executors
 * changed: preferredExecutor asks for every partition of every batch, and sorting by strings each
 * time was a sixth of a streaming sweep (issue #17). Keyed by the cluster object, so a fork (a new
 * cluster) starts its own.
 */
const sortedCache = new WeakMap<Cluster, { alive: Int32Array; sorted: number[]; byHost: Map<number, number[]> }>();

/** sortedExecutors of the alive executors, the same array while that set is the same (a query's batches compare it). */
export function liveSorted(cluster: Cluster): number[] {
  return cachedSorted(cluster).sorted;
}

function cachedSorted(cluster: Cluster): { sorted: number[]; byHost: Map<number, number[]> } {
  // (the cluster's live list is the same array while no executor changes state; listed again with
  // the same executors, the order kept is still good)
  const alive = cluster.liveExecutors();
  let c = sortedCache.get(cluster);
  if (c === undefined || (c.alive !== alive && !sameInts(c.alive, alive))) {
    c = { alive, sorted: sortedExecutors(cluster), byHost: new Map() };
    sortedCache.set(cluster, c);
  }
  c.alive = alive;
  return c;
}

/**
 * KafkaRDD#getPreferredLocations for partition p (reference sec. 3.2): the preferred host of the
 * location strategy (PreferConsistent: none; PreferBrokers: the leader; PreferFixed: the map);
 * execs = the sorted executors on that host, or all of them when none (or no host); exactly one
 * executor, execs[floorMod(tp.hashCode, execs.length)]. -1 when there is no executor.
 */
export function preferredExecutor(cluster: Cluster, input: KafkaInputSpec, p: number): number {
  return preferredIn(cachedSorted(cluster), cluster, input, p);
}

/** preferredExecutor with the alive executors' order in hand (kafkaPrefs asks for every partition of a batch at once). */
function preferredIn(cache: { sorted: number[]; byHost: Map<number, number[]> }, cluster: Cluster, input: KafkaInputSpec, p: number): number {
  const hostName = input.locationStrategy === 'PreferBrokers' ? input.brokers[p]
    : input.locationStrategy === 'PreferFixed' ? input.fixed[p] : undefined;
  const host = hostName !== undefined ? cluster.findHost(hostName) : undefined;
  let execs: number[] = [];
  if (host !== undefined) {
    // the whole list filtered keeps its order: sorting a host's executors gives the same list
    let onHost = cache.byHost.get(host);
    if (!onHost) cache.byHost.set(host, (onHost = cache.sorted.filter((x) => cluster.executors[x].host === host)));
    execs = onHost;
  }
  if (execs.length === 0) execs = cache.sorted;
  if (execs.length === 0) return -1;
  return execs[floorMod(topicPartitionHash(input.topic, p), execs.length)];
}

/**
 * The preference arrays (workload.ts: prefStart, prefData) of a Kafka stage reading partitions
 * `source`: one Pref.EXEC each, preferredExecutor's. The same arrays as the last stage of this
 * input read the same partitions while the live executors are the same (liveSorted's array):
 * every batch of a stream asked for them anew, a string-sorted lookup per partition (issue #17).
 * Stages never write their preference arrays, so batches and forks share them. Made in `chunks`
 * (the run's, shared with its forks): a sweep's forks, each with its own live executors, made
 * two buffers outside V8's heap a batch (issue #17).
 */
export function kafkaPrefs(cluster: Cluster, input: KafkaInputSpec, source: Int32Array, chunks: StageChunks): { prefStart: Int32Array; prefData: Int32Array } {
  const cache = cachedSorted(cluster);
  const sorted = cache.sorted;
  let last = lastPrefs.find((l) => l.input === input);
  if (last !== undefined && last.sorted === sorted && sameInts(last.source, source)) return last;
  const n = source.length;
  const { buf, at } = chunks.carve(4 * (n + 1));
  const prefStart = new Int32Array(buf, at, n + 1);
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    prefStart[i] = codes.length;
    const x = preferredIn(cache, cluster, input, source[i]);
    if (x >= 0) codes.push((x << 2) | Pref.EXEC);
  }
  prefStart[n] = codes.length;
  const made = { input, sorted, source, prefStart, prefData: chunks.ints(codes) };
  if (last === undefined) {
    if (lastPrefs.length >= 8) lastPrefs.shift();
    lastPrefs.push(made);
  } else lastPrefs[lastPrefs.indexOf(last)] = made;
  return made;
}

/** kafkaPrefs' latest arrays per input (a few inputs repeat batch after batch) */
const lastPrefs: { input: KafkaInputSpec; sorted: number[]; source: Int32Array; prefStart: Int32Array; prefData: Int32Array }[] = [];

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Records produced to partition p by time t: recordsPerSecond spread evenly over the partitions. */
export function latestOffset(input: KafkaInputSpec, t: number): number {
  return Math.floor((input.recordsPerSecond * t) / 1000 / input.partitions);
}

export interface KafkaRates {
  /** spark.streaming.kafka.maxRatePerPartition (0 = unlimited) */
  maxRatePerPartition: number;
  /** spark.streaming.kafka.minRatePerPartition (3.x, default 1; absent in 2.2) */
  minRatePerPartition: number;
}

/**
 * DirectKafkaInputDStream#maxMessagesPerPartition and #clamp (sec. 3.3), for every partition:
 * with a backpressure rate (3.x: the PID rate, else spark.streaming.backpressure.initialRate; 2.2:
 * the PID rate) each partition gets its share of the lag (2.2: rounded, Float division), capped by
 * maxRatePerPartition; without one, maxRatePerPartition. When the rates sum to more than 0,
 * maxMsgs = floor(batchSeconds x rate) (3.x: at least minRatePerPartition) and until =
 * min(current + maxMsgs, latest); else until = latest.
 */
export function untilOffsets(current: number[], latest: number[], batchMs: number, rates: KafkaRates, spark: SparkVersion,
  estimatedRate = -1): number[] {
  let ratePer: number[];
  if (estimatedRate > 0) {
    const lag = current.map((c, p) => Math.max(latest[p] - c, 0));
    const total = lag.reduce((a, b) => a + b, 0);
    if (total === 0) return latest.slice(); // lag / 0 is NaN: no limit (and nothing to read)
    ratePer = lag.map((l) => {
      const r = spark === '2.2' ? Math.round(Math.fround(l / total) * estimatedRate) : (l / total) * estimatedRate;
      return rates.maxRatePerPartition > 0 ? Math.min(r, rates.maxRatePerPartition) : r;
    });
  } else {
    ratePer = current.map(() => rates.maxRatePerPartition);
  }
  if (!(ratePer.reduce((a, b) => a + b, 0) > 0)) return latest.slice();
  return current.map((c, p) => {
    let maxMsgs = Math.floor((batchMs / 1000) * ratePer[p]);
    if (spark !== '2.2') maxMsgs = Math.max(maxMsgs, rates.minRatePerPartition);
    return Math.min(c + maxMsgs, latest[p]);
  });
}

/** One partition without backpressure (untilOffsets' maxRatePerPartition branch). */
export function untilOffset(current: number, latest: number, batchMs: number, rates: KafkaRates, spark: SparkVersion): number {
  return untilOffsets([current], [latest], batchMs, rates, spark)[0];
}
