// What really happened in a logged run, in the replay's terms: the makespan, each stage
// attempt, each executor loss with its recovery, and the waits the Spark UI never shows (a
// launch long after its task became runnable while a slot was free on another executor).
import type { AppLog, LogAttempt } from './appLog';
import { SlotTimeline } from './slots';

export interface StageFigure {
  id: string;
  name: string;
  tasks: number;
  submittedAt: number;
  completedAt: number;
  localityCounts: Record<string, number>;
}

export interface FaultFigure {
  executor: string;
  removedAt: number;
  lostTasks: number;
  /** removal -> every lost task done again; null when one never was */
  recoveryMs: number | null;
  /** the first re-run's launch after its lost attempt failed (real) or the loss was detected (simulated); null: none */
  rerunDelayMs?: number | null;
}

export interface RunFigures {
  makespanMs: number;
  stages: StageFigure[];
  faults: FaultFigure[];
}

export interface Wait {
  task: string;
  executor: string;
  host: string;
  locality: string;
  readyAt: number;
  launch: number;
  waitMs: number;
  freeSlotMs: number;
  recovery: boolean;
}

/** A lost task's re-runs after a loss, for the report and the tests. */
export interface Rerun {
  task: string;
  executor: string;
  /** when the lost work became runnable again: the lost attempt's failure, or the removal for a lost output */
  failedAt: number;
  launch: number;
  delayMs: number;
  end: number;
  status: string;
}

export interface LossTimeline extends FaultFigure {
  reruns: Rerun[];
}

/** Launches that waited at least this long with a slot free elsewhere are reported. */
export const WAIT_THRESHOLD_MS = 100;

export const taskId = (a: LogAttempt) => `${a.stage}.${a.stageAttempt}/${a.index}#${a.attempt}`;

export function actualFigures(log: AppLog): RunFigures {
  let makespan = 0;
  for (const j of log.jobs) if (j.completed !== undefined) makespan = Math.max(makespan, j.completed);
  for (const a of log.attempts) if (a.finish >= 0) makespan = Math.max(makespan, a.finish);
  return { makespanMs: Math.round(makespan), stages: stageFigures(log), faults: lossTimelines(log).map(({ reruns: _, ...f }) => f) };
}

function stageFigures(log: AppLog): StageFigure[] {
  const byKey = new Map<string, LogAttempt[]>();
  for (const a of log.attempts) {
    const k = `${a.stage}.${a.stageAttempt}`;
    const l = byKey.get(k);
    if (l) l.push(a);
    else byKey.set(k, [a]);
  }
  const out: StageFigure[] = [];
  for (const s of log.stages) {
    const attempts = byKey.get(`${s.stage}.${s.attempt}`) ?? [];
    if (attempts.length === 0) continue; // skipped, or never launched
    const localityCounts: Record<string, number> = {};
    let first = Infinity;
    let last = -Infinity;
    for (const a of attempts) {
      localityCounts[a.locality] = (localityCounts[a.locality] ?? 0) + 1;
      first = Math.min(first, a.launch);
      if (a.finish >= 0) last = Math.max(last, a.finish);
    }
    out.push({
      id: `${s.stage}.${s.attempt}`, name: s.name, tasks: s.numTasks, submittedAt: Math.round(s.submitted ?? first),
      completedAt: Math.round(s.completed ?? (Number.isFinite(last) ? last : first)), localityCounts,
    });
  }
  return out;
}

/** Each removal that lost tasks (running attempts or map outputs) and how the lost work re-ran. */
export function lossTimelines(log: AppLog): LossTimeline[] {
  const out: LossTimeline[] = [];
  const byTask = new Map<string, LogAttempt[]>();
  for (const a of log.attempts) {
    const k = `${a.stage}/${a.index}`;
    const l = byTask.get(k);
    if (l) l.push(a);
    else byTask.set(k, [a]);
  }
  for (const e of log.executors) {
    const lostRunning = log.attempts.filter((a) => a.end === 'lost' && (a.lostExecutor ?? a.executor) === e.id);
    const lostOutputs = log.lostOutputs.filter((o) => o.executor === e.id);
    if (lostRunning.length === 0 && lostOutputs.length === 0) continue;
    const removedAt = e.removedAt ?? Math.min(...lostRunning.map((a) => a.finish));
    const lost = [
      ...lostRunning.map((a) => ({ stage: a.stage, index: a.index, failedAt: a.finish })),
      ...lostOutputs.map((o) => ({ stage: o.stage, index: o.index, failedAt: removedAt })),
    ];
    const reruns: Rerun[] = [];
    let done = -Infinity;
    let recovered = true;
    for (const l of lost) {
      const later = (byTask.get(`${l.stage}/${l.index}`) ?? []).filter((a) => a.launch >= l.failedAt && a.end !== 'killed');
      const next = later[0];
      if (next) {
        reruns.push({ task: taskId(next), executor: next.executor, failedAt: Math.round(l.failedAt), launch: next.launch,
          delayMs: Math.round(next.launch - l.failedAt), end: next.finish, status: next.end });
      }
      const ok = later.find((a) => a.end === 'success');
      if (ok) done = Math.max(done, ok.finish);
      else recovered = false;
    }
    out.push({ executor: e.id, removedAt: Math.round(removedAt), lostTasks: lost.length, recoveryMs: recovered && Number.isFinite(done) ? Math.round(done - removedAt) : null,
      rerunDelayMs: reruns.length ? Math.min(...reruns.map((x) => x.delayMs)) : null, reruns });
  }
  return out.sort((a, b) => a.removedAt - b.removedAt);
}

/**
 * Launches that came at least WAIT_THRESHOLD_MS after the task became runnable (its stage
 * attempt's submission; for a re-run, the failure of the attempt it replaces or the removal that
 * lost its output) while a slot was free on another live executor for at least that long.
 */
export function findWaits(log: AppLog): Wait[] {
  const slots = new SlotTimeline(log.executors, log.attempts);
  const submitted = new Map<string, number>();
  for (const s of log.stages) if (s.submitted !== undefined) submitted.set(`${s.stage}.${s.attempt}`, s.submitted);
  for (const a of log.attempts) {
    const k = `${a.stage}.${a.stageAttempt}`;
    if (!submitted.has(k) || submitted.get(k)! > a.launch) submitted.set(k, Math.min(submitted.get(k) ?? Infinity, a.launch));
  }
  const removedAt = new Map(log.executors.map((e) => [e.id, e.removedAt]));
  const lostOutput = new Set(log.lostOutputs.map((o) => `${o.stage}.${o.stageAttempt}/${o.index}`));
  const prevOf = new Map<string, LogAttempt>();
  const waits: Wait[] = [];
  for (const a of log.attempts) {
    const key = `${a.stage}.${a.stageAttempt}/${a.index}`;
    const prev = prevOf.get(key);
    if (!a.speculative) prevOf.set(key, a);
    if (a.speculative) continue;
    let ready = submitted.get(`${a.stage}.${a.stageAttempt}`) ?? a.launch;
    let recovery = false;
    if (prev) {
      if (prev.end === 'success' && lostOutput.has(key)) {
        ready = removedAt.get(prev.executor) ?? prev.finish; // its map output died with the executor
        recovery = true;
      } else if (prev.finish >= 0) {
        ready = prev.finish;
        recovery = prev.end === 'lost';
      }
    }
    const waitMs = a.launch - ready;
    if (waitMs < WAIT_THRESHOLD_MS) continue;
    const freeSlotMs = slots.freeMs(ready, a.launch, a.executor);
    if (freeSlotMs < WAIT_THRESHOLD_MS) continue;
    waits.push({ task: taskId(a), executor: a.executor, host: a.host, locality: a.locality, readyAt: Math.round(ready), launch: Math.round(a.launch),
      waitMs: Math.round(waitMs), freeSlotMs: Math.round(freeSlotMs), recovery });
  }
  return waits;
}
