// When a sweep's fork may stop: its fault has recovered, or its recovery is already known.
//
// A fork runs until every task its fault lost has finished again (lossMeasures.recovered), and
// is then measured (analysis/sweep.ts measure, results.ts faultResult). Once every lost task that
// is still outstanding has been re-launched, and nothing can happen before those attempts end that
// would fail, kill or duplicate one of them or change anything else the measures read, the
// recovery is known: each attempt succeeds at its planned end, and the fork's measures are those
// of the run continued to the last of those ends. Most of a streaming sweep's forks re-launch
// their lost task within a few events and then simulate the rest of its batch until it ends; they
// stop at the re-launch instead (issue #17).
//
// Why nothing can change in between, condition by condition (checked below; any doubt: no early
// stop, the fork runs on as before):
// - a single fault (the sweep forks a fault-free run), detected, with no loss event left (the loss
//   reason, the Tasks part, is a loss plan's last step: schedulerBackend.planLoss), not a
//   decommission, no replacement executor, no executor still to register, leave or be released
//   (`joinAt` still ahead, `leaveAt`, dynamic allocation), no fault tied to an attempt, no
//   speculation (a copy could win or be killed) and no query (orphaned state stores): no executor
//   changes state, so no task is lost, no lost task or receiver is added to the fault, and the live
//   executors the reservation is chosen from stay the same;
// - every outstanding lost task has its running attempt (its Running bit; no other attempt of the
//   partition launches while it runs: TaskSetManager.isSchedulable) on a live executor, with its
//   TaskEnd at `end`, not marked to fail, its partition not yet successful, its job not aborted;
// - no attempt anywhere is marked to fail (a lost input block, FetchFailed), no received block has
//   lost every copy (a block task would fail, a batch would drop it: SJ data loss), and no active
//   task set reads a parent with outputs lost and not yet recomputed (a launch would fail its
//   fetch, dagScheduler/fetchFailure.ts): so no task fails, no stage is resubmitted and no job is
//   aborted by failures; new task sets are submitted only once their parents are complete
//   (Simulation.submitStage). No stage waits for a resubmission (failed stages, `submitDelay`);
// - no re-run waits for its first offer round (its locality wait is measured from that round);
// - the limits: the last end is within `maxTimeMs`; for `maxEvents`, the run so far must be under
//   half the limit (an argued bound, not a proof: the span to the last end, at most one task's
//   duration, would have to hold the other half; the sweep's forks use the default 50 M).
// The outstanding attempts are then marked successful at their ends and the fault recovered, as
// the run would leave them; what happens meanwhile to other tasks is read by no measure. The
// property test (test/unit/engine/recoveryKnown.property.test.ts) compares forks stopped here with
// forks run to their recovery on random jobs.
import { Status } from './attemptLog';
import { ExecState } from './cluster';
import { FETCH_FAILS } from './dagScheduler/fetchFailure';
import { recovered } from './lossMeasures';
import type { FaultState, Simulation } from './simulation';
import { isRunning, isSuccessful, UNCOUNTED, type Stage } from './workload';

/** Outstanding keys beyond this: the fork runs to its recovery (a big loss re-launches in many rounds). */
const MAX_KEYS = 16;

/** Off: forks run until their fault has recovered (the property test compares both). */
export const earlyStop = { enabled: true };

/** Fault k of a fork has recovered, or its recovery is known (then made so): the fork may stop. */
export function recoveryKnown(sim: Simulation, k: number): boolean {
  const f = sim.faults[k];
  if (f.detectedAt === null) return false;
  if (f.outstanding.size === 0) return true;
  if (!earlyStop.enabled) return false;
  // (kept on the run: a WeakMap lookup before every event was a hundredth of a streaming sweep, issue #17)
  let w = sim.recoveryWatch as Watch | null;
  if (w === null) sim.recoveryWatch = w = new Watch(sim, k, f);
  return w.known(sim, f);
}

/** A fork's watch of its fault's outstanding tasks, from the fault's detection on. */
class Watch {
  /** the outstanding lost tasks at detection (after it, the set only shrinks: no loss is left) */
  private readonly stages: Stage[] = [];
  private readonly refs: number[] = [];
  private readonly tasks: number[] = [];
  /** each task's running attempt when last found (holder), or -1 */
  private readonly held: number[] = [];
  private readonly keys: string[] = [];
  private possible: boolean;
  /** the last instant at which the run-wide conditions did not hold (checked again at a later one) */
  private failedAt = -1;

  constructor(sim: Simulation, k: number, f: FaultState) {
    this.possible = f.outstanding.size <= MAX_KEYS && runAllows(sim, k, f);
    if (!this.possible) return;
    for (const key of f.outstanding) {
      const colon = key.indexOf(':');
      const ref = Number(key.slice(0, colon));
      // a receiver ("receiver:r") or anything else but a task: wait for it
      if (!(colon > 0 && Number.isInteger(ref) && ref >= 0 && ref < sim.stages.length)) {
        this.possible = false;
        return;
      }
      this.stages.push(sim.stages[ref]);
      this.refs.push(ref);
      this.tasks.push(Number(key.slice(colon + 1)));
      this.held.push(-1);
      this.keys.push(key);
    }
  }

  known(sim: Simulation, f: FaultState): boolean {
    if (!this.possible) return false;
    const { log } = sim;
    let last = -Infinity;
    for (let j = 0; j < this.keys.length; j++) {
      const stage = this.stages[j];
      const i = this.tasks[j];
      // (the set's lookup only when needed: this runs before every event of a fork, issue #17; and
      // not while the set holds as many keys as it held at the detection, so all of them: it only
      // shrinks after it. Had a key come in meanwhile, false would only let the fork run on to a
      // later check or its recovery, the same measures. A stalled fork waits here for seconds.)
      if (!isRunning(stage, i)) {
        if (f.outstanding.size === this.keys.length || f.outstanding.has(this.keys[j])) return false; // not re-launched yet
        continue;
      }
      if (!f.outstanding.has(this.keys[j])) continue;
      const a = this.holder(sim, j);
      if (log.status[a] !== Status.Running || (log.flags[a] & (4 | FETCH_FAILS)) !== 0 || isSuccessful(stage, i) ||
        sim.cluster.executors[log.exec[a]].state !== ExecState.Alive || sim.jobs[stage.job].aborted !== null ||
        !(log.end[a] >= sim.now && log.end[a] < Infinity)) return false;
      if (log.end[a] > last) last = log.end[a];
    }
    if (sim.now === this.failedAt) return false;
    if (!nothingFails(sim) || last > sim['limits'].maxTimeMs) {
      this.failedAt = sim.now;
      return false;
    }
    // the run continued to `last`: each attempt ends with success, the fault has recovered
    for (let j = 0; j < this.keys.length; j++) {
      if (!f.outstanding.has(this.keys[j])) continue;
      log.status[this.held[j]] = Status.Success; // (found above: every outstanding task's is)
      f.outstanding.delete(this.keys[j]);
    }
    return recovered(f);
  }

  /**
   * The running attempt task j's Running bit stands for: the one found last, while it is still a
   * running attempt of the task and counted (the other running attempts of a task are UNCOUNTED),
   * else the one among the executors' running attempts (the stage keeps a bit a task, not an id).
   */
  private holder(sim: Simulation, j: number): number {
    const log = sim.log;
    const ref = this.refs[j];
    const i = this.tasks[j];
    const a = this.held[j];
    if (a >= 0 && isHolder(log, a, ref, i)) return a;
    for (const e of sim.cluster.executors) {
      const running = e.running;
      for (let r = 0; r < running.length; r++) if (isHolder(log, running[r], ref, i)) return (this.held[j] = running[r]);
    }
    throw new Error(`no running attempt of ${this.keys[j]}, its Running bit set`);
  }
}

/** Attempt `a` is a running attempt of task i of stage `ref`, and counted. */
function isHolder(log: Simulation['log'], a: number, ref: number, i: number): boolean {
  return a < log.length && log.stage[a] === ref && log.task[a] === i && log.status[a] === Status.Running && (log.flags[a] & UNCOUNTED) === 0;
}

/** The conditions on the run that hold for the whole fork once they hold at the detection. */
function runAllows(sim: Simulation, k: number, f: FaultState): boolean {
  if (sim.faults.length !== 1 || k !== 0) return false;
  if (f.spec.kind === 'decommission' || f.decom !== null || f.spec.replaceAfter !== undefined) return false;
  return forkAllows(sim, 0) && blocksKept(sim);
}

/**
 * runAllows' conditions that a crash detected at once leaves as they were (analysis/reservedRerun.ts
 * reads them on the paused base): no speculation, allocation, anchors or queries, no executor to
 * register, leave or hang, no submit delay, the run under half the event limit once `more` events
 * have run.
 */
export function forkAllows(sim: Simulation, more: number): boolean {
  if (sim.speculation !== null || sim.allocation !== null || sim.anchors !== null || sim.queries !== null) return false;
  const file = sim.file;
  if (file.cluster.executors.some((e) => e.leaveAt !== undefined)) return false;
  if (file.jobs.some((j) => j.stages.some((s) => (s.submitDelay ?? 0) > 0))) return false;
  if (sim.events + more >= sim['limits'].maxEvents / 2) return false;
  for (const e of sim.cluster.executors) {
    // (the fault's own executors are removed: detected, no loss event is left)
    if (e.state === ExecState.Pending || e.state === ExecState.Hung || e.state === ExecState.Crashed || e.draining || e.decommissioning) return false;
  }
  return true;
}

/** No task can fail, no stage be resubmitted and no re-run wait for an offer round, from now on. */
function nothingFails(sim: Simulation): boolean {
  if (sim.awaitingOffer.length > 0 || sim.dag.failedStages.length > 0) return false;
  // (asked of the stages only after a loss of outputs: a fork's stage makes its parents' list
  // when first read, fork.ts, and a crash that lost no output read every task set's, issue #17)
  if (!sim.dag.noneLost()) {
    for (const tsm of sim.scheduler.taskSets) {
      for (const p of tsm.stage.parents) if (p.numSuccessful < p.numTasks && p.lostAt >= 0) return false;
    }
  }
  const { log } = sim;
  for (const e of sim.cluster.executors) {
    const running = e.running;
    for (let r = 0; r < running.length; r++) if ((log.flags[running[r]] & (4 | FETCH_FAILS)) !== 0) return false;
  }
  return true;
}

/**
 * Every received block still to be read (StreamingContext.firstBlockRead), kept without a
 * write-ahead log, has a copy on a live executor: no batch drops one and no block task fails (it
 * stays so: copies are lost only with executors, and a new block's first copy is its live
 * receiver's).
 */
function blocksKept(sim: Simulation): boolean {
  const streaming = sim.streaming;
  if (streaming === null) return true;
  const { blocks } = streaming;
  const { executors } = sim.cluster;
  for (let i = streaming.firstBlockRead(); i < blocks.length; i++) {
    const b = blocks.at(i);
    if (b.wal) continue;
    let live = false;
    for (const x of b.holders) if (executors[x].state === ExecState.Alive) live = true;
    if (!live) return false;
  }
  return true;
}
