// `streaming:`: streaming work (spec "streaming"; reference sec. 1-3). Batches every
// `batchInterval`, bounded by `batches` or `duration`; inputs are receivers or Kafka direct
// streams; each output is one streaming job per batch whose stages read an input (one task per
// block or partition) or have `tasks` as in batch jobs. Every diagnostic is at its node.

import { isMap, isScalar } from './yamlApi';
import type { ClusterResult } from './cluster';
import { Ctx, LIMITS, type Field } from './ctx';
import type { OffsetRange } from './diagnostics';
import type {
  DurationSpec, KafkaInputSpec, KafkaLocationStrategy, OutputSpec, ReceiverInputSpec, StreamingInputSpec, StreamingSpec,
  StreamingStageSpec,
} from './model';
import { closest } from './suggest';
import { checkParents, isEmpty, readParents, type ParentRef } from './stages';
import { formatMs } from './values';
import { poolName } from './pools';

const STORAGE_LEVELS = [
  'MEMORY_ONLY', 'MEMORY_ONLY_2', 'MEMORY_ONLY_SER', 'MEMORY_ONLY_SER_2', 'MEMORY_AND_DISK', 'MEMORY_AND_DISK_2',
  'MEMORY_AND_DISK_SER', 'MEMORY_AND_DISK_SER_2', 'DISK_ONLY', 'DISK_ONLY_2', 'DISK_ONLY_3', 'OFF_HEAP',
] as const;

const RECEIVER_ONLY = ['storageLevel', 'writeAheadLog', 'preferredHost'];
const KAFKA_ONLY = ['partitions', 'topic', 'locationStrategy', 'brokers', 'fixed'];

const US: Record<string, number> = { us: 1, ms: 1000, s: 1e6, m: 6e7, min: 6e7, h: 3.6e9, d: 8.64e10 };


/** A duration in microseconds (`20us`), for per-record costs; errors as ctx.duration reports them. */
export function durationUs(ctx: Ctx, f: Field, what: string): number | undefined {
  const text = isScalar(f.node) && typeof f.node.value === 'string' ? f.node.value : undefined;
  const m = text !== undefined ? /^\s*([0-9]+)\s*(us|ms|s|m|min|h|d)\s*$/i.exec(text) : null;
  if (m) return Number(m[1]) * US[m[2].toLowerCase()];
  const ms = ctx.duration(f, what);
  return ms === undefined ? undefined : ms * 1000;
}

/** Replication of a storage level: its `_N` suffix (StorageLevel.fromString's `_2`, `DISK_ONLY_3`), else 1. */
export function replicationOf(level: string): number {
  const m = /_(\d)$/.exec(level);
  return m ? Number(m[1]) : 1;
}

export function validateStreaming(ctx: Ctx, f: Field | undefined, cluster: ClusterResult | undefined): StreamingSpec | undefined {
  if (!f) return undefined;
  const where = ctx.range(f.keyNode);
  if (isEmpty(f)) {
    ctx.error('SJ081', 'streaming: needs batchInterval, batches (or duration), inputs and outputs', where, [
      { kind: 'addKey', key: 'batchInterval', snippet: 'batchInterval: 1s' },
    ]);
    return undefined;
  }
  const m = ctx.map(f, 'streaming');
  if (!m) return undefined;
  const top = ctx.fields(m, 'streaming', where);
  let ok = true;

  const bf = top.get('batchInterval');
  let batchInterval = bf ? ctx.duration(bf, 'batchInterval') : undefined;
  if (bf && batchInterval === 0) {
    ctx.error('SJ016', 'batchInterval must be greater than 0', bf.range);
    batchInterval = undefined;
  }
  const nf = top.get('batches');
  const df = top.get('duration');
  let batches: number | undefined;
  if (nf && df) {
    ctx.error('SJ081', 'give batches or duration, not both', ctx.range(df.keyNode));
    ok = false;
  } else if (nf) {
    batches = ctx.int(nf, 'batches', 1);
    if (batches !== undefined && batches > LIMITS.maxBatches) {
      ctx.error('SJ005', `${batches} batches are more than the simulator's limit of ${LIMITS.maxBatches} batches in one run; ` +
        'simulate a shorter window: recovery behaves the same in every window with the same load', nf.range);
      batches = undefined;
    }
  } else if (df) {
    const d = ctx.duration(df, 'duration');
    if (d !== undefined && batchInterval !== undefined) {
      batches = Math.floor(d / batchInterval);
      if (batches < 1) {
        ctx.error('SJ081', `duration ${formatMs(d)} is shorter than batchInterval ${formatMs(batchInterval)}: no batch time falls in it`, df.range);
        batches = undefined;
      } else if (batches > LIMITS.maxBatches) {
        ctx.error('SJ005', `duration ${formatMs(d)} at batchInterval ${formatMs(batchInterval)} is ${batches} batches, more than the ` +
          `simulator's limit of ${LIMITS.maxBatches} in one run (${formatMs(LIMITS.maxBatches * batchInterval)} at this interval); ` +
          'simulate a shorter window: recovery behaves the same in every window with the same load', df.range);
        batches = undefined;
      }
    }
  } else {
    ctx.error('SJ081', 'streaming: needs batches (how many batch times) or duration (simulated time)', where, [
      { kind: 'addKey', key: 'batches', snippet: 'batches: 10' },
    ]);
    ok = false;
  }

  const inputs = validateInputs(ctx, top.get('inputs'), cluster);
  const outputs = top.has('outputs') ? validateOutputs(ctx, top.get('outputs')!, inputs?.names) : undefined;
  if (batchInterval === undefined || batches === undefined || !inputs || !outputs || !ok) return undefined;
  return { batchInterval, batches, inputs: inputs.list, outputs };
}

function checkName(ctx: Ctx, f: Field, what: string, seen: Map<string, OffsetRange>, dupCode: 'SJ082' | 'SJ051'): string | undefined {
  const name = ctx.string(f, `${what} name`);
  if (name === undefined) return undefined;
  if (/[/@:]/.test(name)) {
    const fixed = name.replace(/[/@:]/g, '-');
    ctx.error('SJ017', `${what} name '${name}' must not contain '/', '@' or ':' (task ids are OUTPUT@BATCHTIME/STAGE/INDEX and receiver:NAME)`, f.range, [
      { kind: 'replace', text: fixed, title: `Use ${fixed}` },
    ]);
    return undefined;
  }
  const first = seen.get(name);
  if (first) {
    ctx.error(dupCode, `duplicate ${what} name '${name}'`, f.range, undefined, [{ message: `'${name}' is first defined here`, range: first }]);
    return undefined;
  }
  seen.set(name, f.range);
  return name;
}

function validateInputs(ctx: Ctx, field: Field | undefined, cluster: ClusterResult | undefined):
  { list: StreamingInputSpec[]; names: Set<string> } | undefined {
  if (isEmpty(field)) return { list: [], names: new Set() };
  const seq = ctx.seq(field!, 'inputs');
  if (!seq) return undefined;
  const hosts = cluster ? new Set(cluster.executors.map((e) => e.host)) : undefined;
  const list: StreamingInputSpec[] = [];
  const seen = new Map<string, OffsetRange>();
  const names = new Set<string>();
  let ok = true;
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'an input');
    if (!m) {
      ok = false;
      continue;
    }
    const f = ctx.fields(m, 'streaming.inputs[]', item.range);
    const name = f.has('name') ? checkName(ctx, f.get('name')!, 'input', seen, 'SJ082') : undefined;
    if (name !== undefined) names.add(name);
    const kind = f.has('kind') ? ctx.enumOf(f.get('kind')!, 'kind', ['receiver', 'kafka-direct'] as const) : undefined;
    const rf = f.get('recordsPerSecond');
    const rate = rf ? ctx.number(rf, 'recordsPerSecond') : undefined;
    if (rf && rate !== undefined && rate < 0) ctx.error('SJ025', 'recordsPerSecond cannot be negative', rf.range);
    const recordSize = f.has('recordSize') ? ctx.size(f.get('recordSize')!, 'recordSize') : 100;
    if (kind !== undefined) {
      const other = kind === 'receiver' ? KAFKA_ONLY : RECEIVER_ONLY;
      for (const k of other) {
        const o = f.get(k);
        if (o) ctx.report('warning', 'SJ085', `'${k}' is not used by kind: ${kind} (it is a ${kind === 'receiver' ? 'kafka-direct' : 'receiver'} key)`, ctx.range(o.keyNode));
      }
    }
    if (name === undefined || kind === undefined || rate === undefined || rate < 0 || recordSize === undefined) {
      ok = false;
      continue;
    }
    if (kind === 'receiver') {
      const r = receiver(ctx, f, hosts);
      if (!r) ok = false;
      else list.push({ kind, name, recordsPerSecond: rate, recordSize, ...r });
    } else {
      // partitions is required by `kind: kafka-direct`: a missing one is shown there
      const k = kafka(ctx, f, ctx.entry(f.get('kind')!), hosts);
      if (!k) ok = false;
      else list.push({ kind, name, recordsPerSecond: rate, recordSize, topic: k.topic ?? name, ...k.rest });
    }
  }
  return ok ? { list, names } : undefined;
}

function warnHost(ctx: Ctx, f: Field, host: string, hosts: Set<string> | undefined): void {
  if (!hosts || hosts.has(host)) return;
  const guess = closest(host, hosts);
  ctx.report('warning', 'SJ054', `no host '${host}' in the cluster: this preference never matches${guess ? `; did you mean ${guess}?` : ''}`, f.range,
    guess ? [{ kind: 'replace', text: guess, title: `Use ${guess}` }] : undefined);
}

function receiver(ctx: Ctx, f: Map<string, Field>, hosts: Set<string> | undefined):
  Omit<ReceiverInputSpec, 'kind' | 'name' | 'recordsPerSecond' | 'recordSize'> | undefined {
  const sf = f.get('storageLevel');
  // the default of socketTextStream and the programming guide (reference sec. 2.4)
  const storageLevel = sf ? ctx.enumOf(sf, 'storageLevel', STORAGE_LEVELS) : 'MEMORY_AND_DISK_SER_2';
  const wf = f.get('writeAheadLog');
  const writeAheadLog = wf ? ctx.bool(wf, 'writeAheadLog') : false;
  const pf = f.get('preferredHost');
  const preferredHost = pf ? ctx.string(pf, 'preferredHost') : undefined;
  if (pf && preferredHost !== undefined) warnHost(ctx, pf, preferredHost, hosts);
  if (storageLevel === undefined || writeAheadLog === undefined || (pf && preferredHost === undefined)) return undefined;
  let replication = replicationOf(storageLevel);
  if (writeAheadLog && replication > 1) {
    ctx.report('info', 'SJ087', `with writeAheadLog Spark stores blocks with replication 1 (${storageLevel} is replicated ${replication} times without it)`, sf!.range);
  }
  if (writeAheadLog) replication = 1;
  return { storageLevel, replication, writeAheadLog, ...(preferredHost !== undefined ? { preferredHost } : {}) };
}

function kafka(ctx: Ctx, f: Map<string, Field>, where: OffsetRange, hosts: Set<string> | undefined):
  { topic?: string; rest: Pick<KafkaInputSpec, 'partitions' | 'locationStrategy' | 'brokers' | 'fixed'> } | undefined {
  const pf = f.get('partitions');
  if (!pf) {
    ctx.error('SJ011', 'missing required key \'partitions\' (kafka-direct: one task per Kafka partition per batch)', where, [
      { kind: 'addKey', key: 'partitions', snippet: 'partitions: 8' },
    ]);
  }
  const partitions = pf ? ctx.int(pf, 'partitions', 1, 100_000) : undefined;
  const tf = f.get('topic');
  const topic = tf ? ctx.string(tf, 'topic') : undefined;
  const lf = f.get('locationStrategy');
  const locationStrategy: KafkaLocationStrategy | undefined = lf
    ? ctx.enumOf(lf, 'locationStrategy', ['PreferConsistent', 'PreferBrokers', 'PreferFixed'] as const) : 'PreferConsistent';
  const brokers = partitionMap(ctx, f.get('brokers'), 'brokers', partitions, hosts);
  const fixed = partitionMap(ctx, f.get('fixed'), 'fixed', partitions, hosts);
  if (locationStrategy === 'PreferBrokers' && brokers && partitions !== undefined) {
    const missing = [...Array(partitions).keys()].filter((p) => brokers[p] === undefined);
    if (missing.length > 0) {
      ctx.error('SJ086', `PreferBrokers needs the leader host of every partition in brokers: missing ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}`,
        f.get('brokers')?.range ?? lf!.range, f.get('brokers') ? undefined : [{ kind: 'addKey', key: 'brokers', snippet: 'brokers: { 0: node1 }' }]);
      return undefined;
    }
  }
  if (partitions === undefined || locationStrategy === undefined || !brokers || !fixed || (tf && topic === undefined)) return undefined;
  return { topic, rest: { partitions, locationStrategy, brokers, fixed } };
}

function partitionMap(ctx: Ctx, field: Field | undefined, what: string, partitions: number | undefined, hosts: Set<string> | undefined):
  Record<number, string> | undefined {
  const out: Record<number, string> = {};
  if (isEmpty(field)) return out;
  if (!isMap(field!.node)) {
    ctx.error('SJ086', `${what} must map partition numbers to hosts ({ 0: node1, 1: node2 })`, field!.range);
    return undefined;
  }
  let ok = true;
  for (const e of ctx.entries(field!.node)) {
    const p = /^\d+$/.test(e.key) ? Number(e.key) : NaN;
    if (!Number.isInteger(p) || (partitions !== undefined && p >= partitions)) {
      ctx.error('SJ086', `${what}: '${e.key}' is not a partition number${partitions !== undefined ? ` (0..${partitions - 1})` : ''}`, ctx.range(e.keyNode));
      ok = false;
      continue;
    }
    const host = ctx.string(e, `host of partition ${p}`);
    if (host === undefined) {
      ok = false;
      continue;
    }
    warnHost(ctx, e, host, hosts);
    out[p] = host;
  }
  return ok ? out : undefined;
}

function validateOutputs(ctx: Ctx, field: Field, inputs: Set<string> | undefined): OutputSpec[] | undefined {
  const seq = ctx.seq(field, 'outputs');
  if (!seq) return undefined;
  const outputs: OutputSpec[] = [];
  const seen = new Map<string, OffsetRange>();
  let ok = true;
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'an output');
    if (!m) {
      ok = false;
      continue;
    }
    const f = ctx.fields(m, 'streaming.outputs[]', item.range);
    const name = f.has('name') ? checkName(ctx, f.get('name')!, 'output', seen, 'SJ082') : undefined;
    const stages = f.has('stages') ? validateStages(ctx, f.get('stages')!, inputs) : undefined;
    const pool = poolName(ctx, f.get('pool'), ctx.poolRefs);
    if (name === undefined || stages === undefined || pool === undefined) ok = false;
    else outputs.push(pool === null ? { name, stages } : { name, pool, stages });
  }
  return ok ? outputs : undefined;
}

function validateStages(ctx: Ctx, field: Field, inputs: Set<string> | undefined): StreamingStageSpec[] | undefined {
  const seq = ctx.seq(field, 'stages');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.error('SJ016', 'an output needs at least one stage', field.range);
    return undefined;
  }
  const base = 'streaming.outputs[].stages[]';
  const stages: StreamingStageSpec[] = [];
  const seen = new Map<string, OffsetRange>();
  const parentRefs: ParentRef[] = [];
  let ok = true;
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'a stage');
    if (!m) {
      ok = false;
      continue;
    }
    const f = ctx.fields(m, base, item.range);
    const name = f.has('name') ? checkName(ctx, f.get('name')!, 'stage', seen, 'SJ051') : undefined;
    const { parents, ok: parentsOk } = readParents(ctx, f.get('parents'), name, parentRefs);
    const inf = f.get('input');
    const tf = f.get('tasks');
    let input: string | undefined;
    let stageOk = parentsOk;
    if (inf && tf) {
      ctx.error('SJ084', 'a stage reads an input (one task per block or partition) or has tasks, not both', ctx.range(tf.keyNode));
      stageOk = false;
    } else if (!inf && !tf) {
      ctx.error('SJ084', 'a stage needs input: (one task per block or partition of the batch) or tasks: with duration:', item.range, [
        { kind: 'addKey', key: 'tasks', snippet: 'tasks: 1' },
      ]);
      stageOk = false;
    }
    if (inf) {
      input = ctx.string(inf, 'input');
      if (input !== undefined && inputs && !inputs.has(input)) {
        const guess = closest(input, inputs);
        ctx.error('SJ083', `unknown input '${input}'${guess ? `: did you mean '${guess}'?` : inputs.size > 0 ? ` (inputs: ${[...inputs].join(', ')})` : ' (streaming.inputs is empty)'}`,
          inf.range, guess ? [{ kind: 'replace', text: guess, title: `Use ${guess}` }] : undefined);
        stageOk = false;
      }
      for (const k of ['duration'] as const) {
        const o = f.get(k);
        if (o) ctx.report('warning', 'SJ010', `'${k}' is not used by a stage that reads an input (its tasks last fixed + records x costPerRecord)`, ctx.range(o.keyNode));
      }
    } else {
      for (const k of ['costPerRecord', 'fixed'] as const) {
        const o = f.get(k);
        if (o) ctx.report('warning', 'SJ010', `'${k}' is used only by a stage that reads an input`, ctx.range(o.keyNode));
      }
    }
    const cf = f.get('costPerRecord');
    const costPerRecordUs = cf && inf ? durationUs(ctx, cf, 'costPerRecord') : 0;
    const ff = f.get('fixed');
    const fixedUs = ff && inf ? durationUs(ctx, ff, 'fixed') : 0;
    const tasks = tf ? ctx.int(tf, 'tasks', 1, 10_000_000) : undefined;
    let duration: DurationSpec | undefined;
    if (tf && !inf) {
      const durf = f.get('duration');
      if (!durf) {
        ctx.error('SJ011', 'missing required key \'duration\' (task run time of a stage with tasks:)', ctx.entry(tf), [
          { kind: 'addKey', key: 'duration', snippet: 'duration: 10ms' },
        ]);
        stageOk = false;
      } else {
        duration = stageDuration(ctx, durf);
        if (duration === undefined) stageOk = false;
      }
    }
    if (name === undefined || costPerRecordUs === undefined || fixedUs === undefined || (inf && input === undefined) || (tf && tasks === undefined) || !stageOk) {
      ok = false;
      continue;
    }
    const s: StreamingStageSpec = { name, parents, costPerRecordUs, fixedUs };
    if (input !== undefined) s.input = input;
    if (tasks !== undefined && !inf) s.tasks = tasks;
    if (duration !== undefined) s.duration = duration;
    stages.push(s);
  }
  if (!checkParents(ctx, seen, parentRefs, 'output')) ok = false;
  return ok ? stages : undefined;
}

export function stageDuration(ctx: Ctx, field: Field, table = 'streaming.outputs[].stages[].duration'): DurationSpec | undefined {
  if (!isMap(field.node)) {
    const ms = ctx.duration(field, 'duration');
    return ms === undefined ? undefined : { dist: 'fixed', ms };
  }
  const f = ctx.fields(field.node, table, ctx.keyOf(field));
  const dist = f.has('dist') ? ctx.enumOf(f.get('dist')!, 'dist', ['uniform', 'lognormal'] as const) : undefined;
  if (dist === 'uniform') {
    const min = f.has('min') ? ctx.duration(f.get('min')!, 'min') : undefined;
    const max = f.has('max') ? ctx.duration(f.get('max')!, 'max') : undefined;
    if (!f.has('min') || !f.has('max')) ctx.error('SJ011', 'dist: uniform needs min and max', ctx.entry(f.get('dist')!));
    if (min === undefined || max === undefined) return undefined;
    if (min > max) {
      ctx.error('SJ056', `uniform distribution: min (${min} ms) is greater than max (${max} ms)`, field.range);
      return undefined;
    }
    return { dist, min, max };
  }
  if (dist === 'lognormal') {
    const median = f.has('median') ? ctx.duration(f.get('median')!, 'median') : undefined;
    const sigma = f.has('sigma') ? ctx.number(f.get('sigma')!, 'sigma') : undefined;
    if (!f.has('median') || !f.has('sigma')) ctx.error('SJ011', 'dist: lognormal needs median and sigma', ctx.entry(f.get('dist')!));
    if (sigma !== undefined && sigma < 0) {
      ctx.error('SJ056', `lognormal distribution: sigma must be >= 0, not ${sigma}`, f.get('sigma')!.range);
      return undefined;
    }
    if (median === undefined || sigma === undefined) return undefined;
    return { dist, median, sigma };
  }
  return undefined;
}

/** `parents` name stages of the same output and form no cycle (the DAGScheduler's rule). */
