// `cluster:`: the executors, as a list or as a template `{ count, cores, hostsPerRack }`, and the
// cluster manager. Slots per executor = floor(cores / spark.task.cpus) (reference 5.3);
// `spark.executor.cores` is the default for `cores`. Several executors may share a host, as in
// Spark, except on Kubernetes (spec `cluster.manager`: each executor is its own pod and host,
// `pod-ID` by default); ids must be unique.

import { isMap, isScalar, isSeq } from './yamlApi';
import type { ClusterManager, ClusterSpec, ExecutorSpec, SparkVersion } from './model';
import type { OffsetRange } from './diagnostics';
import type { ConfResult } from './conf';
import { Ctx, LIMITS, type Field } from './ctx';

/** Every id, host and rack the file names, even on executors with errors (for cross references). */
export interface ClusterRefs {
  ids: Set<string>;
  hosts: Set<string>;
  racks: Set<string>;
  /** dynamic allocation off kubernetes: a new executor may be placed on any host a task prefers */
  anyHost?: boolean;
}

export interface ClusterResult {
  /** the valid executors (all of them when there is no error) */
  executors: ExecutorSpec[];
  form: 'list' | 'template';
  refs: ClusterRefs;
  /** the model's `cluster` (executors, manager and its delays) */
  spec: ClusterSpec;
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

export function validateCluster(ctx: Ctx, section: Field | undefined, conf: ConfResult, spark: SparkVersion): ClusterResult | undefined {
  if (!section) return undefined;
  const map = ctx.map(section, 'cluster');
  if (!map) return undefined;
  const fields = ctx.fields(map, 'cluster', ctx.range(section.keyNode));
  const manager = managerSettings(ctx, fields, conf, spark);
  const ex = fields.get('executors');
  if (!ex) return undefined;
  let result: Omit<ClusterResult, 'spec'> | undefined;
  if (isSeq(ex.node)) result = listForm(ctx, ex, conf, manager?.manager);
  else if (isMap(ex.node)) result = templateForm(ctx, ex, conf, manager?.manager);
  else ctx.error('SJ012', 'cluster.executors must be a list of executors or a template { count, cores, hostsPerRack }', ex.range);
  if (!result || !manager) return undefined;
  if (conf.conf.dynamicAllocation.enabled && manager.manager !== 'kubernetes') result.refs.anyHost = true;
  return { ...result, spec: { executors: result.executors, ...manager } };
}

/** `manager`, `podEventDelay`, `lossReasonDelay` and `newExecutorDelay`, with the keys that do nothing on this manager flagged. */
function managerSettings(ctx: Ctx, fields: Map<string, Field>, conf: ConfResult, spark: SparkVersion): Omit<ClusterSpec, 'executors'> | undefined {
  const mf = fields.get('manager');
  const manager = mf ? ctx.enumOf(mf, 'cluster.manager', ['standalone', 'yarn', 'kubernetes'] as const) : 'standalone';
  const pf = fields.get('podEventDelay');
  const podEventDelay = pf ? ctx.duration(pf, 'podEventDelay') : 0;
  const lf = fields.get('lossReasonDelay');
  const none = lf !== undefined && isScalar(lf.node) && lf.node.value === 'none';
  const lossReasonDelay = !lf ? undefined : none ? null : ctx.duration(lf, 'lossReasonDelay');
  if (manager === undefined || podEventDelay === undefined || (lf && lossReasonDelay === undefined)) return undefined;
  if (pf && manager !== 'kubernetes') {
    ctx.report('warning', 'SJ121', `podEventDelay applies only with manager: kubernetes (this cluster is ${manager})`, ctx.range(pf.keyNode));
  }
  if (lf && manager === 'kubernetes') {
    ctx.report('warning', 'SJ121', 'lossReasonDelay does not apply on kubernetes: the pod event\'s delay is podEventDelay', ctx.range(lf.keyNode), [{ kind: 'renameKey', to: 'podEventDelay' }]);
  } else if (lf && manager === 'standalone' && spark === '2.2') {
    ctx.report('warning', 'SJ121', 'lossReasonDelay has no effect with spark "2.2": a 2.2 standalone driver removes a disconnected executor at once (the Worker\'s exit report came with 3.4)', ctx.range(lf.keyNode));
  }
  if (none && manager !== 'standalone') {
    ctx.error('SJ013', `lossReasonDelay: none (no exit report) exists only on standalone; ${manager === 'yarn' ? 'the ApplicationMaster always reports a completed container' : 'use podEventDelay'}`, lf!.range);
    return undefined;
  }
  if (manager === 'kubernetes') {
    const ess = conf.fields.get('spark.shuffle.service.enabled');
    if (ess && (conf.conf.raw['spark.shuffle.service.enabled'] ?? '').trim().toLowerCase() === 'true') {
      ctx.report('warning', 'SJ122', 'Kubernetes has no external shuffle service: spark.shuffle.service.enabled is treated as false (a lost executor\'s shuffle outputs are lost with it)', ess.range);
    }
    if (spark === '2.2' && mf) ctx.report('info', 'SJ123', 'Spark 2.2 has no Kubernetes backend (it came with 2.3): simulated with 2.2\'s scheduler and the Kubernetes loss rules', mf.range);
  }
  const nf = fields.get('newExecutorDelay');
  const newExecutorDelay = nf ? ctx.duration(nf, 'newExecutorDelay') : undefined;
  if (nf && newExecutorDelay === undefined) return undefined;
  if (nf && !conf.conf.dynamicAllocation.enabled) {
    ctx.report('info', 'SJ169', 'newExecutorDelay has no effect: spark.dynamicAllocation.enabled is not true, so no executor is requested (a fault\'s replaceAfter gives its replacement\'s delay)', ctx.range(nf.keyNode));
  }
  const out: Omit<ClusterSpec, 'executors'> = { manager };
  if (newExecutorDelay !== undefined) out.newExecutorDelay = newExecutorDelay;
  if (manager === 'kubernetes') out.podEventDelay = podEventDelay;
  if (lossReasonDelay !== undefined && manager !== 'kubernetes') out.lossReasonDelay = lossReasonDelay;
  return out;
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

function listForm(ctx: Ctx, ex: Field, conf: ConfResult, manager: ClusterManager | undefined): Omit<ClusterResult, 'spec'> | undefined {
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
  const firstHost = new Map<string, OffsetRange>();
  const k8s = manager === 'kubernetes';
  ctx.items(seq).forEach((item, i) => {
    const m = ctx.map(item, `executor ${i + 1}`);
    if (!m) return;
    const f = ctx.fields(m, 'cluster.executors[]', item.range);
    const idF = f.get('id');
    const id = idF && ctx.string(idF, 'executor id');
    const hostF = f.get('host');
    if (!hostF && !k8s) {
      ctx.error('SJ011', "missing required key 'host' (host name; only kubernetes gives each executor its own host, pod-ID)", idF ? ctx.entry(idF) : ctx.firstLine(item.range), [
        { kind: 'addKey', key: 'host', snippet: 'host: node1' },
      ]);
    }
    let host = hostF ? ctx.string(hostF, 'host') : k8s && id !== undefined ? `pod-${id}` : undefined;
    if (k8s && host !== undefined) {
      // each executor is its own pod (ExecutorPodsAllocator): two on one host cannot happen
      const first = firstHost.get(host);
      const at = hostF ? hostF.range : idF!.range;
      if (first) {
        ctx.error('SJ120', `executor ${id ?? i + 1} is on host '${host}' like an earlier executor: on kubernetes every executor is its own pod and host`, at,
          undefined, [{ message: `'${host}' is first used here`, range: first }]);
        host = undefined;
      } else {
        firstHost.set(host, at);
      }
    }
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

function templateForm(ctx: Ctx, ex: Field, conf: ConfResult, manager: ClusterManager | undefined): Omit<ClusterResult, 'spec'> | undefined {
  const m = ctx.map(ex, 'cluster.executors');
  if (!m) return undefined;
  const f = ctx.fields(m, 'cluster.executors', ctx.keyOf(ex));
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
  const executors = templateExecutors(count, cores, hostsPerRack, manager === 'kubernetes' ? 'pod-' : 'node');
  return { executors, form: 'template', refs: refsOf(executors) };
}

/**
 * The executors of the template form: ids `1..count` on hosts `nodeI` (`pod-I` on kubernetes),
 * racks `rackJ` of `hostsPerRack` hosts.
 */
export function templateExecutors(count: number, cores: number, hostsPerRack?: number, hostPrefix = 'node'): ExecutorSpec[] {
  const executors: ExecutorSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const spec: ExecutorSpec = { id: String(i), host: `${hostPrefix}${i}`, cores, joinAt: 0 };
    if (hostsPerRack !== undefined) spec.rack = `rack${Math.ceil(i / hostsPerRack)}`;
    executors.push(spec);
  }
  return executors;
}
