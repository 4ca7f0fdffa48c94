// `queries:`: Structured Streaming micro-batch queries (spec "queries"; reference
// structured-streaming.md sec. 1.2-1.6). Each query has a trigger, a source (Kafka, rate or file)
// and the stages of its one job per batch; a stage with `state:` is a stateful operator whose
// partition p reads and writes state store p. Every diagnostic is at its node.

import { isScalar } from './yamlApi';
import type { ClusterResult } from './cluster';
import { Ctx, LIMITS, type Field } from './ctx';
import type { OffsetRange } from './diagnostics';
import type { DurationSpec, Ms, QuerySourceSpec, QuerySpec, QueryStageSpec, SparkConf, SparkVersion, StateSpec } from './model';
import { closest } from './suggest';
import { checkParents, isEmpty, readParents, type ParentRef } from './stages';
import { durationUs, stageDuration } from './streaming';
import { poolName } from './pools';
import { parseTimeMs } from './values';

const KAFKA_ONLY = ['topic', 'maxOffsetsPerTrigger', 'minPartitions'];
/** spark.sql.shuffle.partitions' default (SQLConf.SHUFFLE_PARTITIONS) */
export const DEFAULT_SHUFFLE_PARTITIONS = 200;
/** spark.sql.streaming.stateStore.minDeltasForSnapshot's default (SQLConf:1862-1868) */
export const DEFAULT_MIN_DELTAS_FOR_SNAPSHOT = 10;
/** spark.sql.streaming.pollingDelay's default (SQLConf STREAMING_POLLING_DELAY): the wait after a trigger without data when the interval is 0 */
export const DEFAULT_POLLING_DELAY = 10;

/** The query conf keys the engine reads, from `conf:` (validated there). */
export function queryConf(conf: SparkConf): { shufflePartitions: number; minDeltas: number; rocksdb: boolean; changelog: boolean; pollingDelay: Ms } {
  const raw = conf.raw;
  const int = (k: string, d: number) => {
    const v = Number((raw[k] ?? '').trim());
    return raw[k] !== undefined && Number.isInteger(v) && v >= 1 ? v : d;
  };
  const time = (k: string, d: Ms) => {
    const v = raw[k] === undefined ? undefined : parseTimeMs(raw[k], 'ms');
    return v?.ok ? v.value : d;
  };
  return {
    shufflePartitions: int('spark.sql.shuffle.partitions', DEFAULT_SHUFFLE_PARTITIONS),
    minDeltas: int('spark.sql.streaming.stateStore.minDeltasForSnapshot', DEFAULT_MIN_DELTAS_FOR_SNAPSHOT),
    rocksdb: /RocksDB/i.test(raw['spark.sql.streaming.stateStore.providerClass'] ?? ''),
    changelog: (raw['spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled'] ?? '').trim().toLowerCase() === 'true',
    pollingDelay: time('spark.sql.streaming.pollingDelay', DEFAULT_POLLING_DELAY),
  };
}

/** Conf keys that act only through a watermark (SJ311), flagged where the file has queries. */
const WATERMARK_CONF: Record<string, string> = {
  'spark.sql.streaming.multipleWatermarkPolicy': 'watermarks are not simulated, so neither is the choice between several',
  'spark.sql.streaming.noDataMicroBatches.enabled': 'no-data batches run only for a watermark or a state timeout, neither simulated: ' +
    'every trigger without new data runs no batch, as Spark does for a query without them',
};

export function flagQueryConf(ctx: Ctx, fields: Map<string, Field>): void {
  for (const [key, why] of Object.entries(WATERMARK_CONF)) {
    const f = fields.get(key);
    if (f) ctx.report('info', 'SJ311', `${key}: ${why}`, ctx.range(f.keyNode));
  }
  const join = fields.get('spark.sql.streaming.join.stateFormatVersion');
  if (join) ctx.report('info', 'SJ312', 'stream-stream joins are not simulated (one state store per partition, not four)', ctx.range(join.keyNode));
}

export function validateQueries(ctx: Ctx, f: Field | undefined, cluster: ClusterResult | undefined, conf: SparkConf | undefined,
  spark: SparkVersion | undefined): QuerySpec[] | undefined {
  if (!f || isEmpty(f)) return f ? [] : undefined;
  const seq = ctx.seq(f, 'queries');
  if (!seq) return undefined;
  if (spark === '2.2') {
    ctx.error('SJ302', 'queries (Structured Streaming) need spark: "3.5" semantics: micro-batch queries came with Spark 2.0 and are simulated with the 3.x scheduler', ctx.range(f.keyNode), [
      { kind: 'replace', text: 'queries', title: 'Keep queries (set spark: "3.5")' },
    ]);
    return undefined;
  }
  const qc = conf ? queryConf(conf) : { shufflePartitions: DEFAULT_SHUFFLE_PARTITIONS, minDeltas: DEFAULT_MIN_DELTAS_FOR_SNAPSHOT, rocksdb: false, changelog: false, pollingDelay: DEFAULT_POLLING_DELAY };
  const out: QuerySpec[] = [];
  const seen = new Map<string, OffsetRange>();
  let ok = true;
  for (const item of ctx.items(seq)) {
    const q = query(ctx, item, seen, cluster, qc);
    if (q) out.push(q);
    else ok = false;
  }
  return ok ? out : undefined;
}

function name(ctx: Ctx, f: Field, what: string, seen: Map<string, OffsetRange>, dupCode: 'SJ301' | 'SJ051'): string | undefined {
  const n = ctx.string(f, `${what} name`);
  if (n === undefined) return undefined;
  if (/[/@:#]/.test(n)) {
    const fixed = n.replace(/[/@:#]/g, '-');
    ctx.error('SJ017', `${what} name '${n}' must not contain '/', '@', ':' or '#' (task ids are QUERY#BATCHID/STAGE/INDEX)`, f.range, [
      { kind: 'replace', text: fixed, title: `Use ${fixed}` },
    ]);
    return undefined;
  }
  const first = seen.get(n);
  if (first) {
    ctx.error(dupCode, `duplicate ${what} name '${n}'`, f.range, undefined, [{ message: `'${n}' is first defined here`, range: first }]);
    return undefined;
  }
  seen.set(n, f.range);
  return n;
}

function query(ctx: Ctx, item: Field, seen: Map<string, OffsetRange>, cluster: ClusterResult | undefined,
  qc: ReturnType<typeof queryConf>): QuerySpec | undefined {
  const m = ctx.map(item, 'a query');
  if (!m) return undefined;
  const f = ctx.fields(m, 'queries[]', item.range);
  const qname = f.has('name') ? name(ctx, f.get('name')!, 'query', seen, 'SJ301') : undefined;
  const start = f.has('start') ? ctx.duration(f.get('start')!, 'start') : 0;
  const overhead = f.has('overhead') ? ctx.duration(f.get('overhead')!, 'overhead') : 0;
  const trig = trigger(ctx, f.get('trigger'));
  const nf = f.get('batches');
  const df = f.get('duration');
  let batches: number | undefined | null = null;
  let until: Ms | undefined | null = null;
  if (nf && df) {
    ctx.error('SJ300', 'give batches or duration, not both', ctx.range(df.keyNode));
    batches = undefined;
  } else if (nf) {
    batches = ctx.int(nf, 'batches', 1, LIMITS.maxBatches);
  } else if (df) {
    const d = ctx.duration(df, 'duration');
    until = d === undefined ? undefined : (start ?? 0) + d;
    if (d === 0) {
      ctx.error('SJ300', 'duration 0ms triggers no batch', df.range);
      until = undefined;
    }
  } else if (!trig?.availableNow) {
    ctx.error('SJ300', 'a query needs batches (how many micro-batches) or duration (simulated time)', item.range, [
      { kind: 'addKey', key: 'batches', snippet: 'batches: 10' },
    ]);
    batches = undefined;
  }
  const source = f.has('source') ? querySource(ctx, f.get('source')!) : undefined;
  const stages = f.has('stages') ? queryStages(ctx, f.get('stages')!, cluster, qc) : undefined;
  const pool = poolName(ctx, f.get('pool'), ctx.poolRefs);
  if (qname === undefined || start === undefined || overhead === undefined || !trig || batches === undefined || until === undefined ||
    !source || !stages || pool === undefined) return undefined;
  const q: QuerySpec = { name: qname, start, trigger: trig.ms, availableNow: trig.availableNow, overhead, source, stages };
  if (pool !== null) q.pool = pool;
  if (batches !== null) q.batches = batches;
  if (until !== null) q.until = until;
  return q;
}

/** `trigger: 1s` (ProcessingTime), `trigger: 0` / `0ms` (as fast as possible), or `trigger: availableNow`. */
function trigger(ctx: Ctx, f: Field | undefined): { ms: Ms; availableNow: boolean } | undefined {
  if (!f) return { ms: 0, availableNow: false };
  if (isScalar(f.node) && f.node.value === 0) return { ms: 0, availableNow: false };
  if (isScalar(f.node) && typeof f.node.value === 'string' && f.node.value.trim() === 'availableNow') return { ms: 0, availableNow: true };
  if (isScalar(f.node) && typeof f.node.value === 'string' && /^[a-z]+$/i.test(f.node.value.trim())) {
    const guess = closest(f.node.value.trim(), ['availableNow']);
    ctx.error('SJ013', `trigger is a processing-time interval (1s) or availableNow, not '${f.node.value}'`, f.range,
      guess ? [{ kind: 'replace', text: 'availableNow', title: 'Use availableNow' }] : undefined);
    return undefined;
  }
  const ms = ctx.duration(f, 'trigger');
  return ms === undefined ? undefined : { ms, availableNow: false };
}

function querySource(ctx: Ctx, field: Field): QuerySourceSpec | undefined {
  const m = ctx.map(field, 'source');
  if (!m) return undefined;
  const f = ctx.fields(m, 'queries[].source', ctx.keyOf(field));
  const kind = f.has('kind') ? ctx.enumOf(f.get('kind')!, 'kind', ['kafka', 'rate', 'file'] as const) : undefined;
  if (kind !== undefined && kind !== 'kafka') {
    for (const k of KAFKA_ONLY) {
      const o = f.get(k);
      if (o) ctx.report('warning', 'SJ304', `'${k}' is not used by a ${kind} source (it is a Kafka option)`, ctx.range(o.keyNode));
    }
  }
  const pf = f.get('partitions');
  if (!pf && kind !== undefined) {
    ctx.error('SJ303', `a ${kind} source needs partitions (${kind === 'kafka' ? 'topic partitions' : kind === 'rate' ? 'numPartitions' : 'files per batch'}): one task per partition per batch`, field.range, [
      { kind: 'addKey', key: 'partitions', snippet: 'partitions: 8' },
    ]);
  }
  const partitions = pf ? ctx.int(pf, 'partitions', 1, 100_000) : undefined;
  const tf = f.get('topic');
  const topic = tf ? ctx.string(tf, 'topic') : undefined;
  if (kind === 'kafka' && !tf) {
    ctx.error('SJ303', 'a kafka source needs its topic: the name decides which executor each partition prefers (TopicPartition.hashCode)', field.range, [
      { kind: 'addKey', key: 'topic', snippet: 'topic: events' },
    ]);
  }
  const rf = f.get('recordsPerSecond');
  const rate = rf ? ctx.number(rf, 'recordsPerSecond') : 0;
  if (rf && rate !== undefined && rate < 0) ctx.error('SJ025', 'recordsPerSecond cannot be negative', rf.range);
  const cap = f.has('maxOffsetsPerTrigger') ? ctx.int(f.get('maxOffsetsPerTrigger')!, 'maxOffsetsPerTrigger', 1) : 0;
  const minP = f.has('minPartitions') ? ctx.int(f.get('minPartitions')!, 'minPartitions', 1, 100_000) : 0;
  const backlog = f.has('backlog') ? ctx.int(f.get('backlog')!, 'backlog', 0) : 0;
  if (kind === undefined || partitions === undefined || rate === undefined || rate < 0 || cap === undefined || minP === undefined ||
    backlog === undefined || (kind === 'kafka' && topic === undefined)) return undefined;
  return { kind, topic: topic ?? '', partitions, recordsPerSecond: rate, maxOffsetsPerTrigger: cap, minPartitions: minP, backlog };
}

function queryStages(ctx: Ctx, field: Field, cluster: ClusterResult | undefined, qc: ReturnType<typeof queryConf>): QueryStageSpec[] | undefined {
  const seq = ctx.seq(field, 'stages');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.error('SJ016', 'a query needs at least one stage (the first reads the source)', field.range);
    return undefined;
  }
  const stages: QueryStageSpec[] = [];
  const seen = new Map<string, OffsetRange>();
  const refs: ParentRef[] = [];
  let ok = true;
  ctx.items(seq).forEach((item, k) => {
    const m = ctx.map(item, 'a stage');
    if (!m) {
      ok = false;
      return;
    }
    const f = ctx.fields(m, 'queries[].stages[]', item.range);
    const sname = f.has('name') ? name(ctx, f.get('name')!, 'stage', seen, 'SJ051') : undefined;
    const { parents, ok: parentsOk } = readParents(ctx, f.get('parents'), sname, refs);
    const first = k === 0;
    if (first && parents.length > 0) {
      ctx.error('SJ306', 'the first stage reads the source: it has no parents', f.get('parents')!.range);
      ok = false;
    }
    if (!first && parents.length === 0) {
      ctx.error('SJ306', 'a stage after the first is a shuffle stage: name its parents (the first stage reads the source)', item.range, [
        { kind: 'addKey', key: 'parents', snippet: `parents: [${stages[0]?.name ?? 'read'}]` },
      ]);
      ok = false;
    }
    const pf = f.get('partitions');
    if (first && pf) ctx.report('warning', 'SJ306', 'the first stage has one task per source partition: partitions is not used here', ctx.range(pf.keyNode));
    const partitions = first ? 0 : pf ? ctx.int(pf, 'partitions', 1, 100_000) : qc.shufflePartitions;
    const df = f.get('duration');
    let duration: DurationSpec | undefined;
    if (df) {
      duration = stageDuration(ctx, df, 'queries[].stages[].duration');
      for (const key of ['costPerRecord', 'fixed']) {
        const o = f.get(key);
        if (o) ctx.report('warning', 'SJ010', `'${key}' is not used with duration: (a task lasts duration)`, ctx.range(o.keyNode));
      }
    }
    const cf = f.get('costPerRecord');
    const costPerRecordUs = cf && !df ? durationUs(ctx, cf, 'costPerRecord') : 0;
    const ff = f.get('fixed');
    const fixedUs = ff && !df ? durationUs(ctx, ff, 'fixed') : 0;
    const sf = f.get('state');
    if (sf && first) {
      ctx.error('SJ306', 'a stateful operator reads a shuffle (its partitions are the state stores): put state: on a stage with parents', ctx.range(sf.keyNode));
      ok = false;
    }
    const state = sf && !first && partitions !== undefined ? stateSpec(ctx, sf, partitions, cluster, qc) : undefined;
    const wf = f.get('watermark');
    if (wf && ctx.duration(wf, 'watermark') !== undefined) {
      ctx.report('info', 'SJ311', 'watermarks are not simulated: no state is evicted behind it (state.size stays as given) and no batch without new data runs after it moves; ' +
        'batches run only when new data arrives', ctx.range(wf.keyNode));
    }
    if (sf && state && parents.length >= 2) {
      ctx.report('info', 'SJ312', `a stateful stage reading ${parents.length} shuffles is a stream-stream join: Spark keeps 4 state stores per partition and prefers the union of their ` +
        'locations; the simulation models one store per partition (one reload, one preferred executor)', ctx.range(sf.keyNode));
    }
    if (sname === undefined || !parentsOk || partitions === undefined || costPerRecordUs === undefined || fixedUs === undefined ||
      (df && !duration) || (sf && !first && !state)) {
      ok = false;
      return;
    }
    const s: QueryStageSpec = { name: sname, parents, partitions, costPerRecordUs, fixedUs };
    if (duration) s.duration = duration;
    if (state) s.state = state;
    stages.push(s);
  });
  if (!checkParents(ctx, seen, refs, 'query')) ok = false;
  return ok ? stages : undefined;
}

function stateSpec(ctx: Ctx, field: Field, partitions: number, cluster: ClusterResult | undefined,
  qc: ReturnType<typeof queryConf>): StateSpec | undefined {
  const out: StateSpec = {
    stores: [], size: 0, changeSize: 0, provider: qc.rocksdb ? 'rocksdb' : 'hdfs', changelogCheckpointing: qc.changelog,
    snapshotInterval: qc.minDeltas,
  };
  if (isEmpty(field)) return out;
  const m = ctx.map(field, 'state');
  if (!m) return undefined;
  const f = ctx.fields(m, 'queries[].stages[].state', ctx.range(field.keyNode));
  let ok = true;
  const rf = f.get('reload');
  if (rf) {
    const v = ctx.duration(rf, 'reload');
    if (v === undefined) ok = false;
    else out.reload = v;
    for (const k of ['size', 'changeSize', 'provider', 'changelogCheckpointing', 'snapshotInterval']) {
      const o = f.get(k);
      if (o) ctx.report('info', 'SJ307', `'${k}' is not used: reload: gives the reload time itself`, ctx.range(o.keyNode));
    }
  }
  for (const k of ['size', 'changeSize'] as const) {
    const sf = f.get(k);
    if (!sf) continue;
    const v = ctx.size(sf, k);
    if (v === undefined) ok = false;
    else out[k] = v;
  }
  if (f.has('provider')) {
    const v = ctx.enumOf(f.get('provider')!, 'provider', ['hdfs', 'rocksdb'] as const);
    if (v === undefined) ok = false;
    else out.provider = v;
  }
  if (f.has('changelogCheckpointing')) {
    const v = ctx.bool(f.get('changelogCheckpointing')!, 'changelogCheckpointing');
    if (v === undefined) ok = false;
    else out.changelogCheckpointing = v;
    if (v && out.provider !== 'rocksdb') {
      ctx.report('warning', 'SJ307', 'changelog checkpointing is a RocksDB option: the HDFS-backed provider ignores it', f.get('changelogCheckpointing')!.range);
    }
  }
  if (f.has('snapshotInterval')) {
    const v = ctx.int(f.get('snapshotInterval')!, 'snapshotInterval', 1);
    if (v === undefined) ok = false;
    else out.snapshotInterval = v;
  }
  const sf = f.get('stores');
  if (sf && !isEmpty(sf)) {
    const seq = ctx.seq(sf, 'stores');
    if (!seq) return undefined;
    const items = ctx.items(seq);
    if (items.length !== partitions) {
      ctx.error('SJ305', `stores lists ${items.length} executor${items.length === 1 ? '' : 's'} for ${partitions} state partitions (one per partition)`, sf.range);
      ok = false;
    }
    for (const it of items) {
      const id = ctx.string(it, 'executor id');
      if (id === undefined) {
        ok = false;
        continue;
      }
      if (cluster && !cluster.refs.ids.has(id)) {
        const guess = closest(id, cluster.refs.ids);
        ctx.error('SJ305', `state store on unknown executor '${id}'`, it.range, guess ? [{ kind: 'replace', text: `"${guess}"`, title: `Use executor ${guess}` }] : undefined);
        ok = false;
        continue;
      }
      out.stores.push(id);
    }
  }
  return ok ? out : undefined;
}
