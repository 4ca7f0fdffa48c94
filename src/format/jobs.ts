// `jobs:`: batch work. A stage's tasks are one task set; stages run when their parents finish
// (the DAGScheduler's rule), so `parents` must name stages of the same job and form no cycle.
// Durations may be distributions, kept as specs: the engine draws them with `seed`.

import { isMap, isScalar, isSeq, type YAMLMap } from './yamlApi';
import type { DurationSpec, JobSpec, Location, StageSpec, TaskGroupSpec, TaskSpec } from './model';
import type { OffsetRange } from './diagnostics';
import type { ClusterRefs, ClusterResult } from './cluster';
import { Ctx, LIMITS, type Field } from './ctx';
import { closest } from './suggest';
import { checkParents, readParents, type ParentRef } from './stages';
import { poolName } from './pools';

interface JobsState {
  ctx: Ctx;
  known?: ClusterRefs;
  tasks: number;
  overLimit: boolean;
}

export function validateJobs(ctx: Ctx, section: Field, cluster: ClusterResult | undefined): JobSpec[] | undefined {
  const seq = ctx.seq(section, 'jobs');
  if (!seq) return undefined;
  const known = cluster?.refs;
  const st: JobsState = { ctx, known, tasks: 0, overLimit: false };
  const jobs: JobSpec[] = [];
  const names = new Map<string, OffsetRange>();
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'a job');
    if (!m) continue;
    const f = ctx.fields(m, 'jobs[]', item.range);
    const name = f.has('name') ? checkName(ctx, f.get('name')!, 'job', names, 'SJ050') : undefined;
    const submit = f.has('submit') ? ctx.duration(f.get('submit')!, 'submit') : 0;
    const after = f.has('after') ? afterJob(ctx, f.get('after')!, names, name) : null;
    const pool = poolName(ctx, f.get('pool'), ctx.poolRefs);
    const stages = f.has('stages') ? validateStages(st, f.get('stages')!) : undefined;
    if (name !== undefined && submit !== undefined && stages !== undefined && after !== undefined && pool !== undefined) {
      const job: JobSpec = after === null ? { name, submit, stages } : { name, submit, after, stages };
      if (pool !== null) job.pool = pool;
      jobs.push(job);
    }
  }
  return jobs;
}

/** `after: NAME`: a job listed before this one (so the chain of `after`s has no cycle). */
function afterJob(ctx: Ctx, f: Field, before: Map<string, OffsetRange>, self: string | undefined): string | undefined {
  const name = ctx.string(f, 'after');
  if (name === undefined) return undefined;
  if (name === self || !before.has(name)) {
    const guess = closest(name, new Set([...before.keys()].filter((n) => n !== self)));
    ctx.error('SJ201', `after: '${name}' is not a job listed before this one${guess ? `; did you mean ${guess}?` : ''}`, f.range,
      guess ? [{ kind: 'replace', text: guess, title: `Use ${guess}` }] : undefined);
    return undefined;
  }
  return name;
}

function checkName(ctx: Ctx, f: Field, what: 'job' | 'stage', seen: Map<string, OffsetRange>, dupCode: 'SJ050' | 'SJ051'): string | undefined {
  const name = ctx.string(f, `${what} name`);
  if (name === undefined) return undefined;
  if (/[/@]/.test(name)) {
    ctx.error('SJ017', `${what} name '${name}' must not contain '/' or '@' (task ids are JOB/STAGE/INDEX)`, f.range, [
      { kind: 'replace', text: name.replace(/[/@]/g, '-'), title: `Use ${name.replace(/[/@]/g, '-')}` },
    ]);
    return undefined;
  }
  const first = seen.get(name);
  if (first) {
    ctx.error(dupCode, `duplicate ${what} name '${name}'${what === 'stage' ? ' in this job' : ''}`, f.range, undefined, [
      { message: `'${name}' is first defined here`, range: first },
    ]);
    return undefined;
  }
  seen.set(name, f.range);
  return name;
}

function validateStages(st: JobsState, field: Field): StageSpec[] | undefined {
  const { ctx } = st;
  const seq = ctx.seq(field, 'stages');
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    ctx.error('SJ016', 'a job needs at least one stage', field.range);
    return undefined;
  }
  const stages: StageSpec[] = [];
  const names = new Map<string, OffsetRange>();
  const parentRefs: ParentRef[] = [];
  let ok = true;
  for (const item of ctx.items(seq)) {
    const m = ctx.map(item, 'a stage');
    if (!m) {
      ok = false;
      continue;
    }
    const f = ctx.fields(m, 'jobs[].stages[]', item.range);
    const name = f.has('name') ? checkName(ctx, f.get('name')!, 'stage', names, 'SJ051') : undefined;
    const { parents, ok: parentsOk } = readParents(ctx, f.get('parents'), name, parentRefs);
    const tasks = f.has('tasks') ? validateTasks(st, f.get('tasks')!) : undefined;
    const submitDelay = f.has('submitDelay') ? ctx.duration(f.get('submitDelay')!, 'submitDelay') : 0;
    const overhead = f.has('overhead') ? ctx.duration(f.get('overhead')!, 'overhead') : 0;
    if (name === undefined || tasks === undefined || !parentsOk || submitDelay === undefined || overhead === undefined) {
      ok = false;
      continue;
    }
    const stage: StageSpec = { name, parents, tasks };
    if (submitDelay > 0) stage.submitDelay = submitDelay;
    if (overhead > 0) stage.overhead = overhead;
    stages.push(stage);
  }
  checkParents(ctx, names, parentRefs, 'job');
  return ok ? stages : undefined;
}

function countTasks(st: JobsState, n: number, range: OffsetRange): boolean {
  st.tasks += n;
  if (st.tasks > LIMITS.maxTasks) {
    if (!st.overLimit) st.ctx.error('SJ005', `more than ${LIMITS.maxTasks.toLocaleString('en-US')} tasks in the file: the simulator's limit`, range);
    st.overLimit = true;
    return false;
  }
  return true;
}

function validateTasks(st: JobsState, field: Field): TaskSpec[] | TaskGroupSpec | undefined {
  const { ctx } = st;
  if (isSeq(field.node)) {
    const seq = field.node;
    if (seq.items.length === 0) {
      ctx.error('SJ016', 'a stage needs at least one task', field.range);
      return undefined;
    }
    if (!countTasks(st, seq.items.length, field.range)) return undefined;
    const base = 'jobs[].stages[].tasks[]';
    const tasks: TaskSpec[] = [];
    let ok = true;
    for (const item of ctx.items(seq)) {
      const m = ctx.map(item, 'a task');
      const f = m && ctx.fields(m, base, item.range);
      const duration = f?.has('duration') ? validateDuration(ctx, f.get('duration')!, base) : undefined;
      const input = f?.has('input') ? ctx.size(f.get('input')!, 'input') : 0;
      const pf = f?.get('prefer');
      const prefer = pf ? preferList(st, pf) : [];
      const overhead = f?.has('overhead') ? ctx.duration(f.get('overhead')!, 'overhead') : null;
      if (duration === undefined || input === undefined || prefer === undefined || overhead === undefined) ok = false;
      else tasks.push(overhead === null ? { duration, input, prefer } : { duration, input, prefer, overhead });
    }
    return ok ? tasks : undefined;
  }
  if (isMap(field.node)) {
    const base = 'jobs[].stages[].tasks';
    const f = ctx.fields(field.node, base, ctx.keyOf(field));
    const cf = f.get('count');
    const count = cf ? ctx.int(cf, 'count', 1) : undefined;
    if (count !== undefined && !countTasks(st, count, cf!.range)) return undefined;
    const duration = f.has('duration') ? validateDuration(ctx, f.get('duration')!, base) : undefined;
    const input = f.has('input') ? ctx.size(f.get('input')!, 'input') : 0;
    const pf = f.get('prefer');
    const prefer = !pf ? [] : isMap(pf.node) ? replicaRule(st, pf, pf.node) : preferList(st, pf);
    if (count === undefined || duration === undefined || input === undefined || prefer === undefined) return undefined;
    return { count, duration, input, prefer };
  }
  ctx.error('SJ012', 'tasks must be a list (one entry per partition) or a count form { count, duration, input, prefer }', field.range);
  return undefined;
}

function validateDuration(ctx: Ctx, field: Field, base: string): DurationSpec | undefined {
  if (!isMap(field.node)) {
    const ms = ctx.duration(field, 'duration');
    return ms === undefined ? undefined : { dist: 'fixed', ms };
  }
  const f = ctx.fields(field.node, `${base}.duration`, ctx.keyOf(field));
  const df = f.get('dist');
  const dist = df ? ctx.enumOf(df, 'dist', ['uniform', 'lognormal'] as const) : undefined;
  if (dist === undefined) return undefined;
  const keys = dist === 'uniform' ? ['min', 'max'] : ['median', 'sigma'];
  for (const [k, v] of f) {
    if (k !== 'dist' && !keys.includes(k)) {
      ctx.report('warning', 'SJ010', `'${k}' is not used by dist: ${dist} (it takes ${keys.join(' and ')})`, ctx.range(v.keyNode));
    }
  }
  const missing = keys.filter((k) => !f.has(k));
  for (const k of missing) {
    ctx.error('SJ011', `dist: ${dist} needs '${k}'`, ctx.entry(df!), [{ kind: 'addKey', key: k, snippet: `${k}: ${k === 'sigma' ? '0.3' : '100ms'}` }]);
  }
  if (missing.length > 0) return undefined;
  if (dist === 'uniform') {
    const min = ctx.duration(f.get('min')!, 'min');
    const max = ctx.duration(f.get('max')!, 'max');
    if (min === undefined || max === undefined) return undefined;
    if (min > max) {
      ctx.error('SJ056', `uniform distribution: min (${min} ms) is greater than max (${max} ms)`, field.range);
      return undefined;
    }
    return { dist: 'uniform', min, max };
  }
  const median = ctx.duration(f.get('median')!, 'median');
  const sf = f.get('sigma')!;
  const sigma = ctx.number(sf, 'sigma');
  if (sigma !== undefined && sigma < 0) {
    ctx.error('SJ056', `lognormal distribution: sigma must be >= 0, not ${sigma}`, sf.range);
    return undefined;
  }
  if (median === undefined || sigma === undefined) return undefined;
  return { dist: 'lognormal', median, sigma };
}

const LOCATION = /^(exec|host|rack):(.+)$/;

/**
 * `host:off-cluster` / `rack:off-cluster` (extension): the data is on hosts (racks) where no
 * executor runs, as an import writes for the tasks a log shows launched ANY. It never matches, as
 * any name no executor has, but it is meant: no SJ054.
 */
export const OFF_CLUSTER = 'off-cluster';

function preferList(st: JobsState, field: Field): Location[] | undefined {
  const { ctx } = st;
  if (field.node === null || (isScalar(field.node) && field.node.value === null)) return [];
  if (isMap(field.node)) {
    ctx.error('SJ055', 'a replica rule { replicas, on } is allowed only in the count form of tasks; list preferred locations here', field.range);
    return undefined;
  }
  const seq = ctx.seq(field, 'prefer');
  if (!seq) return undefined;
  const out: Location[] = [];
  let ok = true;
  for (const item of ctx.items(seq)) {
    const loc = location(st, item);
    if (loc) out.push(loc);
    else ok = false;
  }
  return ok ? out : undefined;
}

function location(st: JobsState, item: Field): Location | undefined {
  const { ctx, known } = st;
  const s = ctx.string(item, 'a preferred location');
  if (s === undefined) return undefined;
  const m = LOCATION.exec(s);
  if (!m) {
    const fix = known?.hosts.has(s) ? `host:${s}` : known?.ids.has(s) ? `exec:${s}` : known?.racks.has(s) ? `rack:${s}` : undefined;
    ctx.error('SJ055', `'${s}' is not a preferred location: write exec:ID, host:NAME or rack:NAME`, item.range,
      fix ? [{ kind: 'replace', text: `"${fix}"`, title: `Use ${fix}` }] : undefined);
    return undefined;
  }
  const kind = m[1] as 'exec' | 'host' | 'rack';
  const name = m[2];
  if (known && !(name === OFF_CLUSTER && kind !== 'exec')) {
    const set = kind === 'exec' ? known.ids : kind === 'host' ? known.hosts : known.racks;
    if (!set.has(name) && !(kind === 'host' && known.anyHost)) {
      const what = kind === 'exec' ? 'executor' : kind;
      const guess = closest(name, set);
      const noRacks = kind === 'rack' && set.size === 0 ? ' (no executor has a rack)' : '';
      ctx.report('warning', 'SJ054', `no ${what} '${name}' in the cluster${noRacks}: this preference never matches${guess ? `; did you mean ${kind}:${guess}?` : ''}`,
        item.range, guess ? [{ kind: 'replace', text: `"${kind}:${guess}"`, title: `Use ${kind}:${guess}` }] : undefined);
    }
  }
  return kind === 'exec' ? { kind, id: name } : { kind, name };
}

function replicaRule(st: JobsState, field: Field, map: YAMLMap): TaskGroupSpec['prefer'] | undefined {
  const { ctx, known } = st;
  const f = ctx.fields(map, 'jobs[].stages[].tasks.prefer', ctx.keyOf(field));
  const rf = f.get('replicas');
  let replicas = rf ? ctx.int(rf, 'replicas', 1) : undefined;
  const on = f.has('on') ? ctx.enumOf(f.get('on')!, 'on', ['hosts', 'executors'] as const) : 'hosts';
  if (replicas === undefined || on === undefined) return undefined;
  const available = known ? (on === 'hosts' ? known.hosts.size : known.ids.size) : undefined;
  if (available !== undefined && available > 0 && replicas > available) {
    const what = available === 1 ? on.slice(0, -1) : on;
    ctx.report('warning', 'SJ057', `${replicas} replicas but the cluster has only ${available} ${what}: each task prefers ${available === 1 ? 'it' : `all ${available}`}`, rf!.range,
      [{ kind: 'replace', text: String(available), title: `Use ${available}` }]);
    replicas = available;
  }
  return { replicas, on };
}
