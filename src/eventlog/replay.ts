// `sparkjob replay` as a library: import a logged run, simulate it (as it ran, under another
// recovery policy, or on another cluster shape) and compare with what really happened.
import type { JobFile, RecoveryPolicy } from '../format/model';
import { simulate } from '../engine/simulate';
import type { SimulationResult } from '../engine/result';
import type { AppLog } from './appLog';
import { actualFigures, findWaits, lossTimelines, type LossTimeline, type RunFigures, type StageFigure, type Wait } from './actual';
import { renderChecked } from './importer';
import { buildPlan, type Allocation, type Plan } from './plan';

export interface ReplayOptions {
  policy?: RecoveryPolicy;
  /** what-if: the same work on `executors` executors of `cores` cores over `hosts` hosts */
  executors?: number;
  cores?: number;
  hosts?: number;
  source?: string;
  /** dynamic allocation: the log's own joins (default) or the engine's allocation manager (plan.ts) */
  allocation?: Allocation;
}

export interface ReplayReport {
  app: { id: string; name: string; sparkVersion: string; master: string; complete: boolean; skippedLines: number };
  actual: RunFigures;
  simulated: RunFigures;
  modelError: { makespan: number; stageDurationMedian: number; stageDurationP90: number };
  waits: Wait[];
}

export interface ReplayOutcome {
  report: ReplayReport;
  yaml: string;
  model: JobFile;
  plan: Plan;
  result: SimulationResult;
  /** the real losses with their re-runs */
  losses: LossTimeline[];
}

export function replay(log: AppLog, opts: ReplayOptions = {}): ReplayOutcome {
  let plan = buildPlan(log, opts.allocation);
  if (opts.executors !== undefined || opts.cores !== undefined || opts.hosts !== undefined) plan = whatIf(plan, opts);
  const { yaml, model } = renderChecked(plan, log, opts.source ?? log.appId);
  const policy = opts.policy ?? 'spark';
  const result = simulate(model, { policy, reservedSlots: policy === 'reserved-slots' ? { perExecutor: {}, all: 1 } : undefined });
  const actual = actualFigures(log);
  const simulated = simulatedFigures(result, plan, log);
  const report: ReplayReport = {
    app: { id: log.appId, name: log.appName, sparkVersion: log.sparkVersion, master: log.master, complete: log.complete, skippedLines: log.skippedLines },
    actual, simulated, modelError: modelError(actual, simulated), waits: findWaits(log),
  };
  return { report, yaml, model, plan, result, losses: lossTimelines(log) };
}

/** The simulated run in the replay's terms: one figure per Spark stage (`ID.0`), faults by executor. */
function simulatedFigures(result: SimulationResult, plan: Plan, log: AppLog): RunFigures {
  const stageOf = new Map<string, number>();
  const launchGap = new Map<number, number>();
  for (const j of plan.jobs) {
    for (const s of j.stages) {
      stageOf.set(`${j.name}/${s.name}`, s.stageId);
      launchGap.set(s.stageId, s.launchGap);
    }
  }
  const names = new Map(log.stages.map((s) => [s.stage, s.name]));
  const figs = new Map<number, StageFigure>();
  for (const a of result.attempts) {
    const sid = stageOf.get(a.stage);
    if (sid === undefined) continue;
    let f = figs.get(sid);
    if (!f) {
      f = { id: `${sid}.0`, name: names.get(sid) ?? '', tasks: 0, submittedAt: Infinity, completedAt: 0, localityCounts: {} };
      figs.set(sid, f);
    }
    f.submittedAt = Math.min(f.submittedAt, a.readyAt);
    if (a.status === 'success') f.completedAt = Math.max(f.completedAt, a.end);
    if (a.attempt === 0) f.tasks++;
    f.localityCounts[a.locality] = (f.localityCounts[a.locality] ?? 0) + 1;
  }
  // Spark's Submission Time comes before the launch gap that the simulation counts as the driver's
  const stages = [...figs.entries()].sort((a, b) => a[0] - b[0]).map(([sid, f]) => ({ ...f, submittedAt: f.submittedAt - (launchGap.get(sid) ?? 0) }));
  // (a fault tied to an attempt may hit another executor id in the simulation: named by the real one it stands for)
  const faults = result.faults.map((f, k) => ({ executor: plan.faults[k]?.executor ?? f.executor, removedAt: f.detectedAt ?? f.at, lostTasks: f.lostTasks.length,
    recoveryMs: f.recoveryLatency, rerunDelayMs: rerunDelay(result, f) }));
  return { makespanMs: result.metrics.makespan, stages, faults };
}

/** The first re-run of the fault's lost tasks: its launch after the detection (null: none ran). */
function rerunDelay(result: SimulationResult, f: SimulationResult['faults'][number]): number | null {
  if (f.detectedAt === null) return null;
  const lost = new Set(f.lostTasks);
  let first = Infinity;
  for (const a of result.attempts) if (a.recovery && lost.has(a.task) && a.launch >= f.detectedAt) first = Math.min(first, a.launch);
  return Number.isFinite(first) ? first - f.detectedAt : null;
}

/** Signed makespan error; stage figures over |relative error| of each Spark stage's duration (all its attempts). */
function modelError(actual: RunFigures, simulated: RunFigures): ReplayReport['modelError'] {
  const real = new Map<string, { from: number; to: number }>();
  for (const s of actual.stages) {
    const id = s.id.split('.')[0];
    const r = real.get(id);
    real.set(id, r ? { from: Math.min(r.from, s.submittedAt), to: Math.max(r.to, s.completedAt) } : { from: s.submittedAt, to: s.completedAt });
  }
  const errors: number[] = [];
  for (const s of simulated.stages) {
    const r = real.get(s.id.split('.')[0]);
    if (!r || !Number.isFinite(s.submittedAt)) continue;
    const act = r.to - r.from;
    errors.push(Math.abs(s.completedAt - s.submittedAt - act) / Math.max(act, 1));
  }
  errors.sort((a, b) => a - b);
  const q = (p: number) => (errors.length ? errors[Math.min(errors.length - 1, Math.ceil(p * errors.length) - 1)] : 0);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    makespan: actual.makespanMs > 0 ? round((simulated.makespanMs - actual.makespanMs) / actual.makespanMs) : 0,
    stageDurationMedian: round(q(0.5)), stageDurationP90: round(q(0.9)),
  };
}

/**
 * The same work on another cluster: N executors of C cores over H hosts, all there from the first
 * executor's start (no dynamic allocation). Real hosts and executors map onto the new ones in
 * order, so inferred preferences keep their shape; a real loss hits the executor its victim maps
 * to, replaced after the log's own replacement delay.
 */
export function whatIf(plan: Plan, opts: ReplayOptions): Plan {
  const real = plan.executors;
  const n = opts.executors ?? real.length;
  const coresSeen = new Map<number, number>();
  for (const e of real) coresSeen.set(e.cores, (coresSeen.get(e.cores) ?? 0) + 1);
  // (plan cores are slots x task cpus; given cores are the machine's, capped by the GPUs' slots)
  const cores = opts.cores !== undefined
    ? Math.max(plan.taskCpus, plan.gpuSlots !== undefined ? Math.min(opts.cores, plan.gpuSlots * plan.taskCpus) : opts.cores)
    : [...coresSeen.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? plan.taskCpus;
  const hosts = Math.min(opts.hosts ?? n, n);
  const start = Math.min(...real.map((e) => e.joinAt));
  const executors = Array.from({ length: n }, (_, i) => ({ id: String(i + 1), host: `host${(i % hosts) + 1}`, cores, joinAt: start }));
  const realHosts = [...new Set(real.map((e) => e.host))];
  const hostMap = new Map(realHosts.map((h, k) => [h, `host${(k % hosts) + 1}`]));
  const execMap = new Map(real.map((e, k) => [e.id, String((k % n) + 1)]));
  const mapPref = (p: string) => p.startsWith('host:') ? `host:${hostMap.get(p.slice(5)) ?? p.slice(5)}` : p.startsWith('exec:') ? `exec:${execMap.get(p.slice(5)) ?? p.slice(5)}` : p;
  const jobs = plan.jobs.map((j) => ({ ...j, stages: j.stages.map((s) => ({ ...s, tasks: s.tasks.map((t) => ({ ...t, prefer: t.prefer.map(mapPref) })) })) }));
  // (an executor dynamic allocation brought is not in the plan: a fault tied to an attempt hits whichever runs it anyway)
  const faults = plan.faults.map((f) => ({ ...f, executor: execMap.get(f.executor) ?? executors[0].id, replaceAfter: plan.replacementMs }));
  // (no dynamic allocation: the cluster is fixed and each loss has its replaceAfter)
  const conf = Object.fromEntries(Object.entries(plan.conf).filter(([k]) => !k.startsWith('spark.dynamicAllocation.')));
  return { ...plan, conf: { ...conf, 'spark.executor.cores': String(cores) }, executors, jobs, faults, newExecutorDelay: undefined };
}
