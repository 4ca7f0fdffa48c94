// The small sections: `network`, `faults`, `recovery`, `analysis`, with the spec's defaults.

import type { AnalysisSpec, FaultSpec, JobSpec, NetworkSpec, RecoverySpec, SparkConf, SparkVersion } from './model';
import { checkDecommissionFault } from './decommission';
import { reportsExternalCause } from './clusterManager';
import type { OffsetRange } from './diagnostics';
import { Ctx, type Field } from './ctx';
import type { ClusterResult } from './cluster';
import { closest } from './suggest';
import { formatMs } from './values';

export const NETWORK_DEFAULTS: NetworkSpec = { bandwidth: 125 * 1024 * 1024, latency: 1 };
export const ANALYSIS_DEFAULTS: AnalysisSpec = { sweep: true, sweepTimes: 8, sweepHangs: false, stallThreshold: 100 };

function present(f: Field | undefined): f is Field {
  return f !== undefined && f.node !== null;
}

export function validateNetwork(ctx: Ctx, section: Field | undefined): NetworkSpec | undefined {
  const out: NetworkSpec = { ...NETWORK_DEFAULTS };
  if (!present(section)) return out;
  const m = ctx.map(section, 'network');
  if (!m) return undefined;
  const f = ctx.fields(m, 'network', ctx.range(section.keyNode));
  let ok = true;
  for (const key of ['bandwidth', 'rackBandwidth'] as const) {
    const bf = f.get(key);
    if (!bf) continue;
    const v = ctx.size(bf, key);
    if (v === 0) ctx.error('SJ016', `${key} must be greater than 0 (bytes per second)`, bf.range);
    if (v === undefined || v === 0) ok = false;
    else out[key] = v;
  }
  const lf = f.get('latency');
  if (lf) {
    const v = ctx.duration(lf, 'latency');
    if (v === undefined) ok = false;
    else out.latency = v;
  }
  return ok ? out : undefined;
}

export function validateFaults(ctx: Ctx, section: Field | undefined, cluster: ClusterResult | undefined, spark: SparkVersion,
  conf?: SparkConf, jobs: JobSpec[] = []): FaultSpec[] | undefined {
  const dynamicAllocation = conf?.dynamicAllocation.enabled ?? false;
  if (!present(section)) return [];
  const seq = ctx.seq(section, 'faults');
  if (!seq) return undefined;
  const faults: FaultSpec[] = [];
  let ok = true;
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'a fault');
    if (!m) {
      ok = false;
      continue;
    }
    const f = ctx.fields(m, 'faults[]', item.range);
    const ef = f.get('executor');
    const executor = ef ? ctx.string(ef, 'executor') : undefined;
    const at = f.has('at') ? ctx.duration(f.get('at')!, 'at') : undefined;
    const kind = f.has('kind') ? ctx.enumOf(f.get('kind')!, 'kind', ['crash', 'hang', 'node', 'decommission'] as const) : 'crash';
    const cf = f.get('cause');
    const cause = cf ? ctx.enumOf(cf, 'cause', ['app', 'external'] as const) : 'app';
    if (cf && cause === 'external' && cluster && kind !== undefined && !reportsExternalCause(cluster.spec.manager ?? 'standalone', spark, kind)) {
      ctx.report('info', 'SJ124', `cause: external changes nothing here: ${kind !== 'crash' ? `a ${kind} fault has its own loss reason` : cluster.spec.manager === 'standalone' || !cluster.spec.manager ? 'a standalone Worker reports every exit as caused by the app' : 'Spark 2.2 has no such reason'}`, cf.range);
    }
    if (spark === '2.2' && kind === 'hang') {
      ctx.report('info', 'SJ110', 'Spark 2.2 fails a hung executor\'s tasks at the heartbeat expiry before it stops offering the executor ' +
        '(SPARK-27348): re-runs may land on the hung executor itself; the simulation removes it with its tasks, as 3.x does', (f.get('kind') ?? f.get('at')!).range);
    }
    const df = f.get('during');
    const during = df ? duringOf(ctx, df, jobs) : undefined;
    if (df && !during) {
      ok = false;
      continue;
    }
    const rf = f.get('replaceAfter');
    const replaceAfter = rf ? ctx.duration(rf, 'replaceAfter') : undefined;
    const nf = f.get('notice');
    const notice = nf ? ctx.duration(nf, 'notice') : undefined;
    checkDecommissionFault(ctx, kind, f.get('kind'), nf, notice, conf, spark);
    if (executor !== undefined && cluster) {
      const exec = cluster.executors.find((e) => e.id === executor);
      // with dynamic allocation a fault may hit an executor the allocation manager adds (ids go on from the highest)
      if (!cluster.refs.ids.has(executor) && !(dynamicAllocation && /^[1-9][0-9]*$/.test(executor))) {
        const guess = closest(executor, cluster.refs.ids);
        ctx.error('SJ060', `fault on unknown executor '${executor}' (executors: ${listIds([...cluster.refs.ids])})`, ef!.range,
          guess ? [{ kind: 'replace', text: `"${guess}"`, title: `Use executor ${guess}` }] : undefined);
      } else if (exec && at !== undefined && at < exec.joinAt && !f.has('during')) {
        ctx.report('warning', 'SJ061', `executor '${executor}' joins at ${formatMs(exec.joinAt)}, after this fault (${formatMs(at)})`, f.get('at')!.range);
      }
    }
    if (executor === undefined || at === undefined || kind === undefined || cause === undefined || (rf && replaceAfter === undefined) ||
      (nf && notice === undefined)) {
      ok = false;
      continue;
    }
    const spec: FaultSpec = { executor, at, kind };
    if (replaceAfter !== undefined && dynamicAllocation) {
      ctx.report('warning', 'SJ167', 'replaceAfter is ignored with dynamic allocation: the allocation manager asks for the replacement when the loss is known, and it registers cluster.newExecutorDelay later', ctx.range(rf!.keyNode));
    } else if (replaceAfter !== undefined) spec.replaceAfter = replaceAfter;
    if (cf) spec.cause = cause;
    if (during) spec.during = during;
    if (notice !== undefined && kind === 'decommission') spec.notice = notice;
    faults.push(spec);
  }
  return ok ? faults : undefined;
}

/** `during: JOB/STAGE/INDEX#ATTEMPT` (attempt 0 when `#` is left out): a task of the file's jobs. */
function duringOf(ctx: Ctx, f: Field, jobs: JobSpec[]): FaultSpec['during'] {
  const text = ctx.string(f, 'during');
  if (text === undefined) return undefined;
  const m = /^([^/@]+)\/([^/@]+)\/([0-9]+)(?:#([0-9]+))?$/.exec(text.trim());
  const stage = m ? jobs.find((j) => j.name === m[1])?.stages.find((s) => s.name === m[2]) : undefined;
  const count = stage ? (Array.isArray(stage.tasks) ? stage.tasks.length : stage.tasks.count) : 0;
  if (!m || !stage || Number(m[3]) >= count) {
    ctx.error('SJ013', `during must name a task attempt of the jobs as JOB/STAGE/INDEX#ATTEMPT (like job1/stage1/0#1), not '${text}'${m && !stage ? ': no such job and stage' : m ? `: the stage has ${count} tasks` : ''}`, f.range);
    return undefined;
  }
  return { job: m[1], stage: m[2], task: Number(m[3]), attempt: m[4] === undefined ? 0 : Number(m[4]) };
}

function listIds(ids: string[]): string {
  return ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, ...` : ids.join(', ');
}

export interface RecoveryResult {
  spec: RecoverySpec;
  reservedSlotsRange?: OffsetRange;
}

export function validateRecovery(ctx: Ctx, section: Field | undefined, cluster: ClusterResult | undefined): RecoveryResult | undefined {
  const spec: RecoverySpec = { policy: 'spark', reservedSlots: { perExecutor: {}, all: 0 }, reserveForReceivers: false };
  if (!present(section)) return { spec };
  const m = ctx.map(section, 'recovery');
  if (!m) return undefined;
  const f = ctx.fields(m, 'recovery', ctx.range(section.keyNode));
  let ok = true;
  if (f.has('policy')) {
    const p = ctx.enumOf(f.get('policy')!, 'policy', ['spark', 'reserved-slots'] as const);
    if (p === undefined) ok = false;
    else spec.policy = p;
  }
  if (f.has('reserveForReceivers')) {
    const b = ctx.bool(f.get('reserveForReceivers')!, 'reserveForReceivers');
    if (b === undefined) ok = false;
    else spec.reserveForReceivers = b;
  }
  const rf = f.get('reservedSlots');
  if (present(rf)) {
    const rm = ctx.map(rf, 'reservedSlots');
    for (const e of rm ? ctx.entries(rm) : []) {
      const n = ctx.int(e, `reserved slots of ${e.key === 'all' ? 'all executors' : `executor ${e.key}`}`, 0);
      if (n === undefined) {
        ok = false;
        continue;
      }
      if (e.key === 'all') {
        spec.reservedSlots.all = n;
        continue;
      }
      if (cluster && !cluster.refs.ids.has(e.key)) {
        const guess = closest(e.key, [...cluster.refs.ids, 'all']);
        ctx.error('SJ070', `reservedSlots names unknown executor '${e.key}' (use all: N for every executor)`, ctx.range(e.keyNode),
          guess ? [{ kind: 'renameKey', to: guess }] : undefined);
        ok = false;
        continue;
      }
      spec.reservedSlots.perExecutor[e.key] = n;
    }
    if (!rm) ok = false;
  }
  return ok ? { spec, reservedSlotsRange: rf ? ctx.range(rf.keyNode) : undefined } : undefined;
}

export function validateAnalysis(ctx: Ctx, section: Field | undefined): AnalysisSpec | undefined {
  const out: AnalysisSpec = { ...ANALYSIS_DEFAULTS };
  if (!present(section)) return out;
  const m = ctx.map(section, 'analysis');
  if (!m) return undefined;
  const f = ctx.fields(m, 'analysis', ctx.range(section.keyNode));
  let ok = true;
  const set = <K extends keyof AnalysisSpec>(key: K, v: AnalysisSpec[K] | undefined) => {
    if (v === undefined) ok = false;
    else out[key] = v;
  };
  if (f.has('sweep')) set('sweep', ctx.bool(f.get('sweep')!, 'sweep'));
  if (f.has('sweepHangs')) set('sweepHangs', ctx.bool(f.get('sweepHangs')!, 'sweepHangs'));
  if (f.has('sweepDecommissions')) set('sweepDecommissions', ctx.duration(f.get('sweepDecommissions')!, 'sweepDecommissions'));
  if (f.has('sweepTimes')) set('sweepTimes', ctx.int(f.get('sweepTimes')!, 'sweepTimes', 1, 1000));
  if (f.has('stallThreshold')) set('stallThreshold', ctx.duration(f.get('stallThreshold')!, 'stallThreshold'));
  return ok ? out : undefined;
}
