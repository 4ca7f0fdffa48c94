// `cluster:`: the executors, as a list or as a template `{ count, cores, hostsPerRack }`.
// Slots per executor = floor(cores / spark.task.cpus) (reference 5.3); `spark.executor.cores` is
// the default for `cores`. Several executors may share a host, as in Spark; ids must be unique.

import { isMap, isSeq } from 'yaml';
import type { ExecutorSpec } from './model';
import type { OffsetRange } from './diagnostics';
import type { ConfResult } from './conf';
import { Ctx, LIMITS, type Field } from './ctx';

/** Every id, host and rack the file names, even on executors with errors (for cross references). */
export interface ClusterRefs {
  ids: Set<string>;
  hosts: Set<string>;
  racks: Set<string>;
}

export interface ClusterResult {
  /** the valid executors (all of them when there is no error) */
  executors: ExecutorSpec[];
  form: 'list' | 'template';
  refs: ClusterRefs;
}

function refsOf(executors: { id?: string; host?: string; rack?: string }[]): ClusterRefs {
  const refs: ClusterRefs = { ids: new Set(), hosts: new Set(), racks: new Set() };
  for (const e of executors) {
    if (e.id !== undefined) refs.ids.add(e.id);
    if (e.host !== undefined) refs.hosts.add(e.host);
    if (e.rack !== undefined) refs.racks.add(e.rack);
  }
  return refs;
}

const CORES_FIX_SNIPPET = 'cores: 2';

export function validateCluster(ctx: Ctx, section: Field | undefined, conf: ConfResult): ClusterResult | undefined {
  if (!section) return undefined;
  const map = ctx.map(section, 'cluster');
  if (!map) return undefined;
  const fields = ctx.fields(map, 'cluster', ctx.range(section.keyNode));
  const ex = fields.get('executors');
  if (!ex) return undefined;
  if (isSeq(ex.node)) return listForm(ctx, ex, conf);
  if (isMap(ex.node)) return templateForm(ctx, ex, conf);
  ctx.error('SJ012', 'cluster.executors must be a list of executors or a template { count, cores, hostsPerRack }', ex.range);
  return undefined;
}

/** `coresField`: the `cores:` value when the executor gives one (else cores came from spark.executor.cores). */
function checkSlots(ctx: Ctx, conf: ConfResult, id: string, cores: number, coresField: Field | undefined, item: OffsetRange): void {
  const cpus = conf.conf.taskCpus;
  if (cores >= cpus) return;
  const cpusField = conf.fields.get('spark.task.cpus');
  const fix = coresField
    ? { kind: 'replace' as const, text: String(cpus), title: `Give it ${cpus} cores` }
    : { kind: 'setConf' as const, key: 'spark.executor.cores', value: String(cpus) };
  ctx.error('SJ042', `executor ${id} has ${cores} core${cores === 1 ? '' : 's'} but spark.task.cpus is ${cpus}: it has no slot for a task`,
    coresField ? coresField.range : item, [fix],
    cpusField ? [{ message: 'spark.task.cpus is set here', range: cpusField.range }] : undefined);
}

function defaultCores(ctx: Ctx, conf: ConfResult, where: OffsetRange, what: string): number | undefined {
  if (conf.conf.executorCores !== undefined) return conf.conf.executorCores;
  if (!conf.fields.has('spark.executor.cores')) {
    ctx.error('SJ041', `${what} has no cores: give it 'cores:' or set spark.executor.cores under conf:`, where, [
      { kind: 'addKey', key: 'cores', snippet: CORES_FIX_SNIPPET },
      { kind: 'setConf', key: 'spark.executor.cores', value: '2' },
    ]);
  }
  return undefined;
}

function listForm(ctx: Ctx, ex: Field, conf: ConfResult): ClusterResult | undefined {
  const seq = ctx.seq(ex, 'cluster.executors');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.error('SJ016', 'cluster.executors must list at least one executor', ex.range);
    return undefined;
  }
  if (seq.items.length > LIMITS.maxExecutors) {
    ctx.error('SJ005', `${seq.items.length} executors: the simulator accepts at most ${LIMITS.maxExecutors}`, ex.range);
    return undefined;
  }
  const executors: ExecutorSpec[] = [];
  const named: { id?: string; host?: string; rack?: string }[] = [];
  const firstId = new Map<string, OffsetRange>();
  ctx.items(seq).forEach((item, i) => {
    const m = ctx.map(item, `executor ${i + 1}`);
    if (!m) return;
    const f = ctx.fields(m, 'cluster.executors[]', item.range);
    const idF = f.get('id');
    const id = idF && ctx.string(idF, 'executor id');
    const host = f.has('host') ? ctx.string(f.get('host')!, 'host') : undefined;
    const rack = f.has('rack') ? ctx.string(f.get('rack')!, 'rack') : undefined;
    const joinAt = f.has('joinAt') ? ctx.duration(f.get('joinAt')!, 'joinAt') : 0;
    const leaveF = f.get('leaveAt');
    let leaveAt = leaveF ? ctx.duration(leaveF, 'leaveAt') : undefined;
    if (leaveF && leaveAt !== undefined && joinAt !== undefined && leaveAt <= joinAt) {
      ctx.error('SJ200', `executor ${id ?? i + 1} leaves at ${leaveAt} ms, not after it joins (${joinAt} ms)`, leaveF.range);
      leaveAt = undefined;
    }
    named.push({ id, host, rack });
    const coresF = f.get('cores');
    const cores = coresF ? ctx.int(coresF, 'cores', 1) : defaultCores(ctx, conf, item.range, `executor ${id ?? i + 1}`);
    if (id !== undefined && idF) {
      const first = firstId.get(id);
      if (first) {
        ctx.error('SJ040', `duplicate executor id '${id}'`, idF.range, undefined, [{ message: `executor '${id}' is first defined here`, range: first }]);
      } else {
        firstId.set(id, idF.range);
      }
    }
    if (id !== undefined && cores !== undefined) checkSlots(ctx, conf, id, cores, coresF, item.range);
    if (id === undefined || host === undefined || cores === undefined || joinAt === undefined) return;
    if (leaveF && leaveAt === undefined) return;
    const spec: ExecutorSpec = { id, host, cores, joinAt };
    if (leaveAt !== undefined) spec.leaveAt = leaveAt;
    if (rack !== undefined) spec.rack = rack;
    executors.push(spec);
  });
  return { executors, form: 'list', refs: refsOf(named) };
}

function templateForm(ctx: Ctx, ex: Field, conf: ConfResult): ClusterResult | undefined {
  const m = ctx.map(ex, 'cluster.executors');
  if (!m) return undefined;
  const f = ctx.fields(m, 'cluster.executors', ex.range);
  const countF = f.get('count');
  let count = countF ? ctx.int(countF, 'count', 1) : undefined;
  if (count !== undefined && count > LIMITS.maxExecutors) {
    ctx.error('SJ005', `${count} executors: the simulator accepts at most ${LIMITS.maxExecutors}`, countF!.range);
    count = undefined;
  }
  const coresF = f.get('cores');
  const cores = coresF ? ctx.int(coresF, 'cores', 1) : defaultCores(ctx, conf, ex.range, 'the executor template');
  const hprF = f.get('hostsPerRack');
  const hostsPerRack = hprF ? ctx.int(hprF, 'hostsPerRack', 1) : undefined;
  if (cores !== undefined) checkSlots(ctx, conf, count === 1 ? '1' : 'of the template', cores, coresF, ex.range);
  if (count === undefined || cores === undefined || (hprF && hostsPerRack === undefined)) return undefined;
  const executors = templateExecutors(count, cores, hostsPerRack);
  return { executors, form: 'template', refs: refsOf(executors) };
}

/** The executors of the template form: ids `1..count` on hosts `nodeI`, racks `rackJ` of `hostsPerRack` hosts. */
export function templateExecutors(count: number, cores: number, hostsPerRack?: number): ExecutorSpec[] {
  const executors: ExecutorSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const spec: ExecutorSpec = { id: String(i), host: `node${i}`, cores, joinAt: 0 };
    if (hostsPerRack !== undefined) spec.rack = `rack${Math.ceil(i / hostsPerRack)}`;
    executors.push(spec);
  }
  return executors;
}
