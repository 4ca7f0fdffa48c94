// The real run of an event log in the shape the timeline draws (the simulation result's), so one
// view shows what really happened beside what the simulator makes of the imported job file: the
// log's own attempts on each executor slot, the waits the Spark UI hides (readyAt..launch, with
// the time a slot was free elsewhere as `localityWait`), and each executor loss with its re-runs.
import type { AttemptResult, ExecutorResult, FaultResult, Locality, SimulationResult } from '../engine/result';
import { findWaits, lossTimelines, taskId, type Wait } from './actual';
import type { AppLog, LogAttempt } from './appLog';
import type { Plan } from './plan';

const LOCALITIES = new Set<Locality>(['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY']);

/** Attempts of the real run, with task names of the imported file (`JOB/STAGE/INDEX`) so a click reveals the task. */
export function realRunResult(log: AppLog, plan: Plan): SimulationResult {
  const stageName = new Map<number, { job: string; stage: string }>();
  for (const j of plan.jobs) for (const s of j.stages) stageName.set(s.stageId, { job: j.name, stage: s.name });
  const waits = new Map<string, Wait>(findWaits(log).map((w) => [w.task, w]));
  const losses = lossTimelines(log);
  const reruns = new Map<string, number>(); // re-run task id -> when the lost work became runnable
  for (const l of losses) for (const r of l.reruns) reruns.set(r.task, r.failedAt);

  let end = log.endTime ?? 0;
  // a loop, not Math.max(...): a big log's hundreds of thousands of attempts exceed the argument limit
  if (log.endTime === undefined) for (const a of log.attempts) end = Math.max(end, a.finish);
  const attempts: AttemptResult[] = [];
  for (const a of log.attempts) {
    const names = stageName.get(a.stage) ?? { job: 'job', stage: `s${a.stage}` };
    const id = taskId(a);
    const w = waits.get(id);
    const rerunAt = reruns.get(id);
    const finish = a.finish >= 0 ? a.finish : end; // still running when the log ends
    attempts.push({
      task: `${names.job}/${names.stage}/${a.index}`,
      stage: `${names.job}/${names.stage}`,
      job: names.job,
      batch: null,
      index: a.index,
      stageAttempt: a.stageAttempt,
      attempt: a.attempt,
      executor: a.executor,
      host: a.host,
      readyAt: Math.round(w?.readyAt ?? rerunAt ?? a.launch),
      launch: Math.round(a.launch),
      end: Math.round(Math.max(finish, a.launch)),
      locality: LOCALITIES.has(a.locality as Locality) ? (a.locality as Locality) : 'ANY',
      status: status(a),
      recovery: w?.recovery ?? rerunAt !== undefined,
      reservedSlot: false,
      slot: 0,
      localityWait: w?.freeSlotMs ?? 0,
    });
  }
  attempts.sort((x, y) => x.launch - y.launch || x.end - y.end);
  const lanesUsed = assignSlots(attempts);

  const executors: ExecutorResult[] = log.executors.map((e) => ({
    id: e.id,
    host: e.host,
    // the log's attempts decide the lanes: a speculative copy or inferred cores can need more
    slots: Math.max(e.slots, lanesUsed.get(e.id) ?? 0),
    reservedSlots: 0,
    addedAt: Math.round(e.addedAt),
    lostAt: e.removedAt === undefined ? null : Math.round(e.removedAt),
    lossDetectedAt: e.removedAt === undefined ? null : Math.round(e.removedAt),
  }));

  const reasons = new Map(log.executors.map((e) => [e.id, e.removedReason]));
  const outputs = new Map<string, number>();
  for (const o of log.lostOutputs) outputs.set(o.executor, (outputs.get(o.executor) ?? 0) + 1);
  const faults: FaultResult[] = losses.map((l) => {
    const lost = attempts.filter((a) => a.status === 'lost' && a.executor === l.executor).map((a) => a.task);
    const first = [...l.reruns].sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))[0];
    const rerunWaits = l.reruns.map((r) => waits.get(r.task)?.freeSlotMs ?? 0);
    const wait = Math.max(0, ...rerunWaits);
    return {
      executor: l.executor,
      at: l.removedAt,
      kind: 'crash',
      detectedAt: l.removedAt,
      lostTasks: lost,
      recoveredAt: l.recoveryMs === null ? null : l.removedAt + l.recoveryMs,
      recoveryLatency: l.recoveryMs,
      localityWait: wait,
      stalled: wait > 0,
      // the log has no floor: the re-runs' own run times are the nearest stand-in
      lowerBoundMs: 0,
      holders: [],
      stallHosts: [],
      logged: {
        reason: (reasons.get(l.executor) ?? '').split('\n')[0].trim() || 'no ExecutorRemoved in the log',
        lostOutputs: outputs.get(l.executor) ?? 0,
        firstRerun: first ? { task: first.task, executor: first.executor, launch: Math.round(first.launch), delayMs: first.delayMs } : null,
      },
    };
  });

  const localityCounts: Partial<Record<Locality, number>> = {};
  for (const a of attempts) localityCounts[a.locality] = (localityCounts[a.locality] ?? 0) + 1;
  return {
    formatVersion: 1,
    spark: plan.spark,
    policy: 'spark',
    executors,
    attempts,
    faults,
    batches: [],
    metrics: { makespan: Math.round(end), localityCounts, reservedSlotIdleMs: 0, events: 0, remoteReadBytes: 0 },
    findings: [],
    aborted: [],
  };
}

function status(a: LogAttempt): AttemptResult['status'] {
  switch (a.end) {
    case 'success': case 'running': return 'success';
    case 'lost': return 'lost';
    case 'killed': return 'killed';
    default: return 'failed';
  }
}

/** Lanes in launch order: each attempt takes the lowest lane of its executor that is free at its launch. */
function assignSlots(attempts: AttemptResult[]): Map<string, number> {
  const busyUntil = new Map<string, number[]>();
  for (const a of attempts) {
    let lanes = busyUntil.get(a.executor);
    if (!lanes) busyUntil.set(a.executor, (lanes = []));
    let l = lanes.findIndex((t) => t <= a.launch);
    if (l < 0) l = lanes.push(0) - 1;
    lanes[l] = a.end;
    a.slot = l;
  }
  return new Map([...busyUntil].map(([e, l]) => [e, l.length]));
}
