// SJ179: with spark.scheduler.mode FAIR, a re-run waits while the slots that free go to another
// pool's tasks, because FairSchedulingAlgorithm offered that pool's task sets first (the order
// of src/engine/schedulableBuilder.ts). Read from the result: the launches of other pools'
// tasks between a re-run becoming runnable and its launch.
import type { JobFile } from '../../format/model';
import type { AttemptResult, FaultResult, SimulationResult } from '../result';
import { simulate, type SimulateOptions } from '../simulate';
import { fmtMs, plural } from './format';

export interface PoolWait {
  /** the longest-waiting re-run and its pool */
  task: string;
  pool: string;
  waitedMs: number;
  /** launches of other pools' tasks while it waited, per pool, most first */
  takenBy: { pool: string; launches: number }[];
}

/** The pool of a result's job: a batch job's, a streaming output's (OUTPUT@TIME), a query's (QUERY#ID); "default" else. */
export function poolOfJob(model: JobFile, job: string): string {
  const batch = model.jobs.find((j) => j.name === job);
  if (batch) return batch.pool ?? 'default';
  const at = job.lastIndexOf('@');
  const out = at > 0 ? model.streaming?.outputs.find((o) => o.name === job.slice(0, at)) : undefined;
  if (out) return out.pool ?? 'default';
  const hash = job.lastIndexOf('#');
  const q = hash > 0 ? model.queries?.find((x) => x.name === job.slice(0, hash)) : undefined;
  return q?.pool ?? 'default';
}

/**
 * The worst re-run of fault `f` that waited longer than `threshold` while other pools' tasks
 * launched; re-runs that waited for locality (localityWait over the threshold) are SJ100's.
 */
export function poolWait(model: JobFile, result: SimulationResult, f: FaultResult, threshold: number): PoolWait | undefined {
  if (model.conf.schedulerMode !== 'FAIR' || f.detectedAt === null) return undefined;
  const lost = new Set([...f.lostTasks, ...(f.orphanedTasks ?? [])]);
  const attempts = result.attempts;
  const pools = new Map<string, string>();
  const pool = (a: AttemptResult) => {
    let p = pools.get(a.job);
    if (p === undefined) pools.set(a.job, (p = poolOfJob(model, a.job)));
    return p;
  };
  let worst: PoolWait | undefined;
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i];
    const waited = a.launch - a.readyAt;
    if (!a.recovery || !lost.has(a.task) || a.readyAt < f.detectedAt || waited <= threshold || a.localityWait > threshold) continue;
    if (worst && waited <= worst.waitedMs) continue;
    const mine = pool(a);
    const taken = new Map<string, number>();
    // the attempts are in launch order: those before it, launched since it became runnable
    for (let j = i - 1; j >= 0 && attempts[j].launch >= a.readyAt; j--) {
      const p = pool(attempts[j]);
      if (p !== mine) taken.set(p, (taken.get(p) ?? 0) + 1);
    }
    if (taken.size === 0) continue;
    const takenBy = [...taken].map(([p, launches]) => ({ pool: p, launches })).sort((x, y) => y.launches - x.launches || (x.pool < y.pool ? -1 : 1));
    worst = { task: a.task, pool: mine, waitedMs: waited, takenBy };
  }
  return worst;
}

/**
 * The minShare to try on the waiting pool: its tasks running at the detection plus its lost ones,
 * so that it stays below its minShare (offered first) until every re-run has a slot.
 */
function minShareToTry(model: JobFile, result: SimulationResult, f: FaultResult, pool: string): number {
  const t = f.detectedAt ?? f.at;
  const lost = new Set([...f.lostTasks, ...(f.orphanedTasks ?? [])]);
  let n = 0;
  for (const a of result.attempts) {
    if (poolOfJob(model, a.job) !== pool) continue;
    if (a.launch <= t && a.end > t && a.status !== 'lost') n++;
  }
  for (const task of lost) if (poolOfJob(model, task.slice(0, task.indexOf('/'))) === pool) n++;
  return Math.max(n, 1);
}

/** The file with pool `name` given `minShare` (declared with Spark's defaults when `pools:` lacks it). */
function withMinShare(model: JobFile, name: string, minShare: number): JobFile {
  const pools = model.pools ?? [];
  const has = pools.some((p) => p.name === name);
  return {
    ...model,
    pools: has ? pools.map((p) => (p.name === name ? { ...p, minShare } : p))
      : [...pools, { name, schedulingMode: name === 'default' && !model.pools && model.spark !== '2.2' ? 'FAIR' : 'FIFO', weight: 1, minShare }],
  };
}

export function poolWaitMessage(model: JobFile, result: SimulationResult, f: FaultResult, index: number, w: PoolWait, options: SimulateOptions): string {
  const spec = (name: string) => model.pools?.find((p) => p.name === name);
  const settings = (name: string) => {
    const p = spec(name);
    return p ? `weight ${p.weight}, minShare ${p.minShare}` : 'not in pools: weight 1, minShare 0';
  };
  const others = w.takenBy.map((t) => `${plural(t.launches, 'task')} of pool ${t.pool} (${settings(t.pool)})`).join(', ');
  const latency = f.recoveryLatency ?? 0;
  let text = `After executor ${f.executor}'s ${f.kind} at ${fmtMs(f.at)}, the re-run ${w.task} (pool ${w.pool}, ${settings(w.pool)}) waited ${fmtMs(w.waitedMs)} ` +
    `for a slot while the slots that freed went to ${others}: FAIR scheduling offered ${w.takenBy.length === 1 ? 'that pool' : 'those pools'} first; ` +
    `recovery takes ${fmtMs(latency)}.`;
  const minShare = minShareToTry(model, result, f, w.pool);
  if ((spec(w.pool)?.minShare ?? 0) < minShare) {
    const alt = simulate(withMinShare(model, w.pool, minShare), options).faults[index]?.recoveryLatency;
    if (alt !== null && alt !== undefined && alt < latency) {
      text += ` With minShare ${minShare} on pool ${w.pool} (below it, a pool is offered before every pool that is not) it takes ${fmtMs(alt)}.`;
    }
  }
  return text;
}
