// Builds the spec's "Simulation result" from a finished run, with the recovery measures
// (spec "Recovery measures"): per fault, detection, recovery latency, the locality wait of its
// re-runs and the lower bound.
import { STATUS_NAMES, Status } from './attemptLog';
import { LOCALITY_NAMES } from './locality';
import type { ReducerPrefsRecord } from './mapOutputTracker';
import type { AttemptResult, DecommissionResult, FaultResult, Locality, ReducerPrefsResult, SimulationResult, SpeculationOutcome } from './result';
import type { Decommissioning } from './decommission';
import { SPECULATIVE } from './speculation';
import type { Simulation } from './simulation';
import { Pref } from './workload';
import { codeAt, prefFrom, StageKind, taskName } from './workload';

/** Time within [from, to) during which some normal slot was free (freeChanges: [t, flag, ...]). */
export function freeTimeWithin(changes: readonly number[], from: number, to: number): number {
  if (to <= from) return 0;
  // last change point at or before `from`
  let lo = 0;
  let hi = changes.length / 2 - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[2 * mid] <= from) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let total = 0;
  let t = from;
  let flag = k >= 0 ? changes[2 * k + 1] : 0;
  for (let j = k + 1; j < changes.length / 2 && changes[2 * j] < to; j++) {
    if (flag) total += changes[2 * j] - t;
    t = changes[2 * j];
    flag = changes[2 * j + 1];
  }
  if (flag) total += to - t;
  return total;
}

/** The parts of [from, to) during which some normal slot was free, as [start, end] pairs. */
export function freeSpansWithin(changes: readonly number[], from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  let open: number | null = null;
  let flag = 0;
  for (let j = 0; j < changes.length / 2 && changes[2 * j] < to; j++) {
    const t = changes[2 * j];
    const f = changes[2 * j + 1];
    if (t <= from) { flag = f; continue; }
    if (f && !flag) open = t;
    if (!f && flag) spans.push([open ?? from, t]), open = null;
    flag = f;
  }
  if (flag) spans.push([open ?? from, to]);
  return spans.filter(([a, b]) => b > a);
}

/**
 * Faults whose loss reason came after a disconnect (yarn, kubernetes: schedulerBackend.ts):
 * TaskSchedulerImpl sends no reviveOffers then, so their re-runs wait for the next offer round
 * (a revive tick, a task end). Detection time -> that round (the launch when none came first).
 */
function quietDetections(sim: Simulation): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of sim.faults) if (f.disabledAt !== null && f.detectedAt !== null) out.set(f.detectedAt, f.offeredAt ?? Infinity);
  return out;
}

/**
 * A re-run's locality wait: the time a normal slot was free while it was pending. Before the first
 * offer round after a quiet detection it waits for an offer, not for a locality level: that part
 * (at most spark.scheduler.revive.interval) is in recoveryLatency, not in the locality wait.
 */
function recoveryWait(sim: Simulation, a: number, quiet: Map<number, number>): number {
  return freeTimeWithin(sim.freeChanges, recoveryWaitFrom(sim, a, quiet), sim.log.launch[a]);
}

/** Where a re-run's locality wait can start: its readyAt, or the first offer round after a quiet detection. */
function recoveryWaitFrom(sim: Simulation, a: number, quiet: Map<number, number>): number {
  const { log } = sim;
  const offered = quiet.get(log.readyAt[a]);
  return offered === undefined ? log.readyAt[a] : Math.min(log.launch[a], offered);
}

export function buildResult(sim: Simulation, policy: 'spark' | 'reserved-slots', stallThreshold: number,
  withAttempts = true, withWaitSpans = false): SimulationResult {
  const { log, stages, cluster } = sim;
  log.settle(withAttempts ? -Infinity : attemptsReadFrom(sim));
  const jobName = (s: number) => sim.jobs[stages[s].job].name;
  const waitOf = new Float64Array(log.length);
  const localityCounts = launchesPerLocality(log);
  const quiet = quietDetections(sim);
  for (let a = 0; a < log.length; a++) if (log.flags[a] & 1) waitOf[a] = recoveryWait(sim, a, quiet);

  const attempts: AttemptResult[] = [];
  if (withAttempts) {
    const reasons = reducerReasons(sim);
    for (let a = 0; a < log.length; a++) {
      const s = log.stage[a];
      const e = cluster.executors[log.exec[a]];
      const stage = stages[s];
      let status: string = log.status[a] === Status.Running ? 'lost' : STATUS_NAMES[log.status[a]];
      let end = log.end[a];
      if (stage.kind === StageKind.Receiver && log.status[a] === Status.Running) {
        // a receiver still running when the run ends: it ends then, with success (its executor
        // alive) or lost (the executor hung and the driver has not noticed yet)
        end = Math.max(sim.endTime, log.launch[a]);
        status = e.state === 1 /* Alive */ ? 'success' : 'lost';
      } else if (log.status[a] === Status.Running && e.state === 2 /* Hung */) {
        // stuck on an executor the driver had not removed when the run ended (a speculative copy
        // finished its work): it held its slot until then
        end = Math.max(sim.endTime, log.launch[a]);
      } else if (log.status[a] === Status.Running && e.state !== 1 /* Alive */ && e.lostAt !== null) {
        // its process died at the crash; the loss reason had not come when the run ended (yarn,
        // kubernetes: the executor is only disabled until then)
        end = Math.max(e.lostAt, log.launch[a]);
      }
      attempts.push({
        task: taskName(stage, log.task[a]), stage: stage.fullName, job: jobName(s), batch: stage.batch >= 0 ? stage.batch : null,
        index: log.task[a], stageAttempt: log.stageAttempt[a], attempt: log.attempt[a], executor: e.id, host: cluster.hostNames[e.host],
        readyAt: log.readyAt[a], launch: log.launch[a], end,
        locality: LOCALITY_NAMES[log.locality[a]], status: status as AttemptResult['status'],
        recovery: (log.flags[a] & 1) !== 0, reservedSlot: (log.flags[a] & 2) !== 0, slot: log.lane[a],
        localityWait: waitOf[a],
        // a wait partly for a local slot, partly queued: when each part was (the timeline draws them apart)
        ...(withWaitSpans && waitOf[a] > 0 && waitOf[a] < log.launch[a] - log.readyAt[a]
          ? { localityWaitSpans: freeSpansWithin(sim.freeChanges, recoveryWaitFrom(sim, a, quiet), log.launch[a]) } : {}),
        ...(log.flags[a] & 8 ? { stateReload: true as const, stateReloadMs: sim.queries!.reloadMsOf(sim, stage) } : {}),
        ...(log.flags[a] & SPECULATIVE ? { speculative: true as const } : {}),
      });
      const stageReasons = reasons.size > 0 ? reasons.get(s) : undefined;
      const why = stageReasons && reducerReason(stageReasons, log.task[a], log.launch[a]);
      if (why) attempts[attempts.length - 1].reducerPrefs = why;
    }
  }

  const faults = sim.faults.map((_, k) => faultResult(sim, k, stallThreshold, waitOf));

  const result: SimulationResult = {
    formatVersion: 1,
    spark: sim.spark,
    policy,
    executors: cluster.executors
      .filter((e) => e.state !== 0 /* never registered */)
      .map((e) => ({
        id: e.id, host: cluster.hostNames[e.host], slots: e.slots, reservedSlots: cluster.reservedOn(e.idx), addedAt: e.addedAt,
        lostAt: e.lostAt, lossDetectedAt: e.lossDetectedAt,
      })),
    attempts,
    faults,
    batches: sim.streaming ? sim.streaming.batchResults() : [],
    metrics: { makespan: sim.makespan, localityCounts, reservedSlotIdleMs: sim.reservedIdleMs, events: sim.events, remoteReadBytes: sim.remoteReadBytes },
    findings: [],
    aborted: sim.aborted,
  };
  if (sim.streaming) result.dataLoss = sim.streaming.dataLoss.map((d) => ({ ...d }));
  if (sim.queries) result.queryBatches = sim.queries.batchResults(sim);
  return result;
}

/**
 * The earliest launch a fault's measures read: faultResult reads from a fault's disconnect or
 * detection on, newExecutorWaitIn from its detection (a stats log's settle leaves out what was
 * launched before, statsLog.ts).
 */
function attemptsReadFrom(sim: Simulation): number {
  let from = Infinity;
  const faults = sim.faults;
  for (let k = 0; k < faults.length; k++) {
    const f = faults[k];
    if (f.detectedAt !== null) from = Math.min(from, f.detectedAt, f.disabledAt ?? Infinity);
  }
  return from;
}

/** Launches per locality level, keyed in the order of each level's first launch. */
export function launchesPerLocality(log: { localityCounts: Float64Array; localityOrder: number[] }): Partial<Record<Locality, number>> {
  const out: Partial<Record<Locality, number>> = {};
  for (const l of log.localityOrder) out[LOCALITY_NAMES[l]] = log.localityCounts[l];
  return out;
}

/**
 * The first attempt launched at or after `t`: attempts are logged when they launch, so the log
 * is in launch order (a binary search instead of a walk over the attempts before the fault).
 */
export function firstLaunchFrom(log: { length: number; launch: Float64Array }, t: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log.launch[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A fault's recovery measures (spec "Recovery measures"), from the run's attempt log. `stalled`,
 * when given, receives [attempt, wait] of each re-run that waited longer than the threshold.
 */
export function faultResult(sim: Simulation, k: number, stallThreshold: number, waitOf?: Float64Array,
  stalled?: [attempt: number, waitMs: number][]): FaultResult {
  const { log, stages } = sim;
  log.settle(attemptsReadFrom(sim));
  const f = sim.faults[k];
  // (loops, not closures made at each call: a sweep measures every fork, and a closure's compiled
  // code went at full collections, issue #17)
  const lost: string[] = [];
  for (const { stage, task } of f.lostTasks) lost.push(taskName(stages[stage], task));
  const holders: string[] = [];
  for (const x of f.holders) holders.push(sim.cluster.executors[x].id);
  const base: Omit<FaultResult, 'recoveredAt' | 'recoveryLatency' | 'localityWait' | 'stalled' | 'stallHosts'> = {
    executor: f.spec.executor, at: f.spec.at, kind: f.spec.kind, detectedAt: f.detectedAt, lostTasks: lost,
    lowerBoundMs: f.lowerBoundMs, holders,
  };
  if (sim.streaming) {
    const t = sim.streaming.tracker;
    const lostReceivers: NonNullable<FaultResult['lostReceivers']> = [];
    for (const l of t.losses) {
      if (l.fault !== k) continue;
      lostReceivers.push({
        receiver: `receiver:${t.receivers[l.receiver].name}`, relaunchedAt: l.relaunchedAt,
        executor: l.relaunchedOn >= 0 ? sim.cluster.executors[l.relaunchedOn].id : null,
      });
    }
    base.lostReceivers = lostReceivers;
  }
  if (f.disabledAt !== null) base.disabledAt = f.disabledAt;
  if (f.decom) base.decommission = decommissionResult(sim, f.decom);
  if (sim.speculation !== null) base.speculation = speculationOutcome(sim, k);
  if (sim.queries) base.orphanedTasks = f.orphans.map(({ stage, task }) => taskName(stages[stage], task));
  if (f.detectedAt === null) return completed(base, null, null, 0, false, []);
  const detectedAt = f.detectedAt;
  let quiet: Map<number, number> | undefined;
  const firstSuccess = new Map<number, number>(); // stage * 2^24 + task -> end of its first success
  for (const { stage, task } of f.lostTasks) firstSuccess.set(stage * 16777216 + task, Infinity);
  // spec "queries": the first tasks of the partitions it orphaned are recovery work too
  for (const { stage, task } of f.orphans) firstSuccess.set(stage * 16777216 + task, Infinity);
  let localityWait = 0;
  const holderHosts = new Set<number>();
  for (const x of f.holders) holderHosts.add(sim.cluster.executors[x].host);
  const stallHosts = new Set<number>();
  // (outputs dropped at a disconnect may be re-run before the tasks are failed)
  for (let a = firstLaunchFrom(log, f.disabledAt ?? detectedAt); a < log.length; a++) {
    const key = log.stage[a] * 16777216 + log.task[a];
    const best = firstSuccess.get(key);
    if (best === undefined) continue;
    if (log.flags[a] & 1) {
      const w = waitOf ? waitOf[a] : recoveryWait(sim, a, quiet ??= quietDetections(sim));
      localityWait = Math.max(localityWait, w);
      if (w > stallThreshold) {
        for (const h of dataHosts(sim, log.stage[a], log.task[a])) if (holderHosts.has(h)) stallHosts.add(h);
        stalled?.push([a, w]);
      }
    }
    if (log.status[a] === Status.Success && log.end[a] < best) firstSuccess.set(key, log.end[a]);
  }
  let recoveredAt: number | null = detectedAt;
  for (const end of firstSuccess.values()) {
    if (end === Infinity) recoveredAt = null;
    else if (recoveredAt !== null) recoveredAt = Math.max(recoveredAt, end);
  }
  const hostNames: string[] = [];
  for (const h of stallHosts) hostNames.push(sim.cluster.hostNames[h]);
  return completed(base, recoveredAt, recoveredAt === null ? null : recoveredAt - detectedAt, localityWait,
    localityWait > stallThreshold, hostNames.sort());
}

/**
 * The fault's result: `base` with the recovery fields after its own, in this order (as a spread
 * would give them, without copying an object of a different shape per fault: a sweep measures
 * every fork, issue #17).
 */
function completed(base: Omit<FaultResult, 'recoveredAt' | 'recoveryLatency' | 'localityWait' | 'stalled' | 'stallHosts'>,
  recoveredAt: number | null, recoveryLatency: number | null, localityWait: number, stalled: boolean, stallHosts: string[]): FaultResult {
  const r = base as FaultResult;
  r.recoveredAt = recoveredAt;
  r.recoveryLatency = recoveryLatency;
  r.localityWait = localityWait;
  r.stalled = stalled;
  r.stallHosts = stallHosts;
  return r;
}

/**
 * The tasks fault k stopped (FaultState.stopped: running on its executors at the fault, or
 * launched onto them before the driver removed them) and when each finished: its first success
 * after the fault, on any executor, by a speculative copy or by a re-run.
 */
export function speculationOutcome(sim: Simulation, k: number): SpeculationOutcome {
  const { log, stages } = sim;
  const f = sim.faults[k];
  const at = f.spec.at;
  const done = new Map<number, number>(); // stage * 2^24 + task -> end of its first success after the fault
  for (const a of f.stopped) if (log.status[a] !== Status.Success) done.set(log.stage[a] * 16777216 + log.task[a], Infinity);
  const rescued = new Set<number>();
  let copies = 0;
  if (done.size > 0) {
    // (from the start: a stopped copy's original may have launched long before the fault and won after it)
    for (let a = 0; a < log.length; a++) {
      const key = log.stage[a] * 16777216 + log.task[a];
      const best = done.get(key);
      if (best === undefined) continue;
      if (log.flags[a] & SPECULATIVE && log.launch[a] >= at) copies++;
      if (log.status[a] === Status.Success && log.end[a] >= at && log.end[a] < best) {
        done.set(key, log.end[a]);
        if (log.flags[a] & SPECULATIVE) rescued.add(key);
        else rescued.delete(key);
      }
    }
  }
  let doneAt: number | null = done.size > 0 ? at : null;
  for (const end of done.values()) {
    if (end === Infinity) doneAt = null;
    else if (doneAt !== null) doneAt = Math.max(doneAt, end);
  }
  const name = (key: number) => taskName(stages[Math.floor(key / 16777216)], key % 16777216);
  const inOrder = (keys: Iterable<number>) => [...keys].sort((x, y) => x - y).map(name);
  return { stoppedTasks: inOrder(done.keys()), rescued: inOrder(rescued), copies, doneAt };
}

/** Hosts of a task's preferred locations (a cached executor's host, or a preferred host). */
function dataHosts(sim: Simulation, stageRef: number, task: number): number[] {
  const stage = sim.stages[stageRef];
  const out: number[] = [];
  for (let p = prefFrom(stage.prefStart, task); p < prefFrom(stage.prefStart, task + 1); p++) {
    const code = codeAt(stage.prefData, p);
    const kind = code & 3;
    if (kind === Pref.EXEC) out.push(sim.cluster.executors[code >> 2].host);
    else if (kind === Pref.HOST) out.push(code >> 2);
  }
  return out;
}

type Reason = { record: ReducerPrefsRecord; result: ReducerPrefsResult | null };

/** The reduce-side locality evaluations of each stage, in time order, each worded once. */
function reducerReasons(sim: Simulation): Map<number, Reason[]> {
  const out = new Map<number, Reason[]>();
  const { cluster } = sim;
  for (const record of sim.reducerPrefs) {
    const p = record.prefs;
    const result = p.hosts.length === 0 ? null : {
      mapStage: sim.stages[record.stage].parents[0].fullName, at: record.at, mapOutputs: p.mapOutputs,
      hosts: p.hosts.map((h) => cluster.hostNames[h]),
      holders: p.holders.map(({ exec, outputs }) => ({
        executor: cluster.executors[exec].id, host: cluster.hostNames[cluster.executors[exec].host], outputs,
        share: outputs / p.mapOutputs,
      })),
    };
    const list = out.get(record.stage);
    if (list) list.push({ record, result });
    else out.set(record.stage, [{ record, result }]);
  }
  return out;
}

/** Why task `i`, launched at `launch`, preferred its hosts: its task set's evaluation, if it took the hosts. */
function reducerReason(reasons: Reason[], i: number, launch: number): ReducerPrefsResult | null {
  // the task set that launched it is the stage's latest one created at or before the launch
  let k = reasons.length - 1;
  while (k >= 0 && reasons[k].record.at > launch) k--;
  if (k < 0) return null;
  const { record, result } = reasons[k];
  return result && !(record.own && record.own[i]) ? result : null;
}

function decommissionResult(sim: Simulation, d: Decommissioning): DecommissionResult {
  const m = d.shuffle;
  return {
    killAt: d.killAt === Infinity ? null : d.killAt, exit: d.exit, exitAt: d.exitAt < 0 ? null : d.exitAt,
    migratedOutputs: m.migrated,
    migrated: Array.from({ length: m.moves.length / 3 }, (_, j) => {
      const b = m.blocks[m.moves[3 * j]];
      return { task: taskName(sim.stages[b.stage], b.part), to: sim.cluster.executors[m.moves[3 * j + 1]].id, at: m.moves[3 * j + 2] };
    }),
    migratedBytes: m.migratedBytes, lostOutputs: d.lostOutputs,
    peers: m.threads.map((t) => sim.cluster.executors[t.peer].id),
    ...(d.rdd.migrated > 0 ? { cachedBlocks: cachedBlocks(sim, d) } : {}),
  };
}

function cachedBlocks(sim: Simulation, d: Decommissioning): NonNullable<DecommissionResult['cachedBlocks']> {
  const r = d.rdd;
  return {
    migrated: r.migrated, bytes: r.migratedBytes,
    moves: Array.from({ length: r.moves.length / 4 }, (_, j) => ({
      task: taskName(sim.stages[r.moves[4 * j]], r.moves[4 * j + 1]), to: sim.cluster.executors[r.moves[4 * j + 2]].id, at: r.moves[4 * j + 3],
    })),
  };
}
