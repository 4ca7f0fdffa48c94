// A miniature of a batch job file: the same jobs, stages, faults, policy and configuration, on a
// few of its executors with a few tasks a stage, the faults at the same point of the run.
//
// Why (issue #17): a cold `sparkjob simulate` of a large job spends a large part of its CPU in
// V8's optimizing compiler, and half of that recompiling the scheduler's hot functions after
// deopts: each time the run first takes a path (a stage's end, a fault, a re-submitted stage) the
// compiled code has no type feedback for it and is thrown away. The miniature, run first and
// thrown away, takes those paths in V8's interpreter in a few milliseconds, so the real run is
// compiled once with feedback for them. Its result is never read. What a run leaves behind
// (scratch buffers, tables built on first use, caches keyed by a run's own objects or used by
// query files only) changes no later batch run: the test runs every example in a fresh engine
// with and without its miniature first, and random jobs after theirs.
import type { DurationSpec, ExecutorSpec, FaultSpec, JobFile, JobSpec, Location, StageSpec, TaskSpec } from '../format/model';
import { SHUFFLE_PREF_MAP_THRESHOLD, SHUFFLE_PREF_REDUCE_THRESHOLD } from './mapOutputTracker';

/**
 * The tasks of a file's largest stage from which a cold run gains by its miniature: the gain is
 * compiles saved in a long run of one stage's tasks. The bench's job shape (1000 executors, three
 * stages, a crash and a hang; 10 interleaved pairs each) measured 1.06x CPU with 600 tasks in its
 * largest stage, 0.93x with 3,000, 0.94x with 12,000, 0.87x with 60,000 and 0.91x with 360,000;
 * imported event logs of 34-41 stages of at most 2,185 tasks 1.00-1.02x (10 pairs), of 135 stages
 * of at most 200 tasks 1.07x (8 pairs).
 */
export const MINIATURE_FROM = 3_000;

/** executors kept: the faults' first, then the cluster's first on hosts not kept yet, then any */
const EXECUTORS = 6;
/** waves of the miniature's slots per stage, at most */
const WAVES = 8;
/** tasks in the whole miniature, at most: the budget that stays in V8's interpreter (a file of more stages gets none) */
const TASKS = 400;
/** scheduler events the miniature may take (it takes a few thousand; the cap bounds a miniature left idle) */
export const MINIATURE_EVENTS = 50_000;

/** The task count of the file's largest stage. */
export function largestStage(file: JobFile): number {
  let n = 0;
  for (const job of file.jobs) for (const s of job.stages) n = Math.max(n, Array.isArray(s.tasks) ? s.tasks.length : s.tasks.count);
  return n;
}

/**
 * The miniature of `file` with these faults (the file's own, or the command line's), or null for
 * a file with streaming or queries (their paths are their own; not miniaturized) or with more
 * stages than the miniature has room for.
 */
export function miniature(file: JobFile, faults: FaultSpec[]): JobFile | null {
  if (file.streaming !== undefined || (file.queries !== undefined && file.queries.length > 0)) return null;
  const stages = file.jobs.reduce((n, j) => n + j.stages.length, 0);
  if (stages > TASKS) return null;
  const all = file.cluster.executors;
  const byId = new Map(all.map((e) => [e.id, e]));
  const kept: ExecutorSpec[] = [];
  const keep = (e: ExecutorSpec | undefined) => {
    if (e !== undefined && !kept.includes(e)) kept.push(e);
  };
  for (let k = 0; k < faults.length && kept.length < EXECUTORS; k++) keep(byId.get(faults[k].executor));
  // executors on hosts of their own first: one host's loss does not take every slot, and a task's
  // replicas have hosts to go to
  const hostsKept = new Set(kept.map((e) => e.host));
  for (let k = 0; k < all.length && kept.length < EXECUTORS; k++) {
    if (!hostsKept.has(all[k].host)) {
      hostsKept.add(all[k].host);
      keep(all[k]);
    }
  }
  for (let k = 0; k < all.length && kept.length < EXECUTORS; k++) keep(all[k]);
  const cpus = Math.max(1, file.conf.taskCpus);
  const executors = kept.map((e) => ({ ...e, cores: Math.min(e.cores, 2 * cpus) }));
  const slotsOf = (es: ExecutorSpec[]) => es.reduce((n, e) => n + Math.floor(e.cores / cpus), 0);
  const slots = Math.max(1, slotsOf(executors));
  const perStage = Math.max(1, Math.min(WAVES * slots, Math.floor(TASKS / Math.max(1, stages))));
  const ids = new Set(executors.map((e) => e.id));
  const hosts = new Set(executors.map((e) => e.host));
  const racks = new Set(executors.flatMap((e) => (e.rack === undefined ? [] : [e.rack])));
  const known = (l: Location) => (l.kind === 'exec' ? ids.has(l.id) : l.kind === 'host' ? hosts.has(l.name) : racks.has(l.name));
  // the run's times scale as its work per slot does, so a fault lands as far into the run
  const ratio = workPerSlot(file.jobs, perStage, slots) / Math.max(1, workPerSlot(file.jobs, Infinity, Math.max(1, slotsOf(all))));
  // (a lognormal of a huge sigma has an infinite mean: times are then kept)
  const scale = Number.isFinite(ratio) ? Math.min(1, ratio) : 1;
  const at = (t: number) => Math.round(t * scale);
  const jobs: JobSpec[] = file.jobs.map((j) => ({
    ...j, submit: at(j.submit), stages: j.stages.map((s) => smaller(s, perStage, known)),
  }));
  const miniFaults: FaultSpec[] = [];
  for (const f of faults) {
    if (!ids.has(f.executor)) continue;
    if (f.during !== undefined) {
      if (f.during.task < perStage) miniFaults.push(f); // (its `at` is after the attempt's launch: not scaled)
    } else miniFaults.push({ ...f, at: at(f.at) });
  }
  return {
    ...file,
    // the reduce-side rule off where the file's stages are too big for it ever to apply: the
    // miniature's few tasks a stage are always under its thresholds, and its shuffle stages then
    // preferred hosts where the file's prefer nothing, so the real run's first task set of no
    // preference sent the compiled launch path back to the interpreter (flagsOf, dequeueBase, issue #17)
    conf: reducerRuleUnused(file.jobs) ? { ...file.conf, reduceLocality: false } : file.conf,
    cluster: { ...file.cluster, executors: executors.map((e) => ({ ...e, joinAt: at(e.joinAt), leaveAt: e.leaveAt === undefined ? undefined : at(e.leaveAt) })) },
    jobs,
    faults: miniFaults,
  };
}

/**
 * No stage of these jobs has the reduce-side preferences (getPreferredLocationsForShuffle): each
 * stage that reads a shuffle has too many tasks for the rule, or each of its parents has.
 */
export function reducerRuleUnused(jobs: JobSpec[]): boolean {
  for (const j of jobs) {
    const count = new Map(j.stages.map((s) => [s.name, taskCount(s)]));
    for (const s of j.stages) {
      if (s.parents.length === 0 || taskCount(s) >= SHUFFLE_PREF_REDUCE_THRESHOLD) continue;
      if (s.parents.some((p) => (count.get(p) ?? 0) < SHUFFLE_PREF_MAP_THRESHOLD)) return false;
    }
  }
  return true;
}

function taskCount(s: StageSpec): number {
  return Array.isArray(s.tasks) ? s.tasks.length : s.tasks.count;
}

function smaller(s: StageSpec, n: number, known: (l: Location) => boolean): StageSpec {
  const t = s.tasks;
  if (Array.isArray(t)) return { ...s, tasks: t.slice(0, n).map((x): TaskSpec => ({ ...x, prefer: x.prefer.filter(known) })) };
  const prefer = Array.isArray(t.prefer) ? t.prefer.filter(known) : t.prefer;
  return { ...s, tasks: { ...t, count: Math.min(t.count, n), prefer } };
}

/** Task time per slot of the jobs with at most `n` tasks a stage: how long the run is, about. */
function workPerSlot(jobs: JobSpec[], n: number, slots: number): number {
  let ms = 0;
  for (const j of jobs) {
    for (const s of j.stages) {
      const t = s.tasks;
      if (Array.isArray(t)) for (let k = 0; k < Math.min(n, t.length); k++) ms += meanMs(t[k].duration);
      else ms += Math.min(n, t.count) * meanMs(t.duration);
    }
  }
  return ms / slots;
}

function meanMs(d: DurationSpec): number {
  return d.dist === 'fixed' ? d.ms : d.dist === 'uniform' ? (d.min + d.max) / 2 : d.median * Math.exp((d.sigma * d.sigma) / 2);
}
