// A stalled crash forked again with a reserved slot on every live executor, known without forking.
//
// For each stalled fault the sweep forks the same fault again with one reserved slot on the
// executors that hold the lost tasks' data (sweep.ts: reservationOf the stalled fork's end), for one
// number of its record, withReservedSlotMs. Most of the bench's streaming sweep's stalled crashes
// lose the Kafka task of the one executor its partition prefers (reference spark-streaming.md 3.2:
// PreferConsistent gives a partition exactly one executor, and "a partition sticks to one
// executor"): no live executor holds its data, its re-run waits out the process and node levels
// (5.4), and the reservation is a slot on every executor alive at the stalled fork's end. That twin
// runs as the stalled fork did until the detection's revive round: the reservation changes only
// reserved slots and the policy, which nothing reads before an offer round, so it loses the same
// task at the same instant. In that round the paper's mechanism comes before Spark's own loop
// (taskScheduler.ts resourceOffers, recovery.ts assignReservedSlots): with a free reserved slot on
// every live executor the re-run launches at once, wherever pickReservedSlot puts it; a task that
// reads no input (a Kafka partition's records come through its consumer, not as an input read) or
// has no preference reads nothing remotely, so it lasts its duration on any executor
// (Simulation.launch, lossMeasures.ts remoteReadMs). Nothing can then fail, kill or duplicate it
// before it ends (recoveryKnown.ts, whose conditions the twin meets: it stops at once), so the
// twin's recovery latency is that duration. `ReservedReruns` says when that is sure,
// conservatively (any doubt: the sweep forks):
// - the moment allows an idle crash's shortcut (IdleCrashes.allowed: a crash detected at once with a
//   revive, nothing else at that instant, every registered executor alive, no speculation,
//   allocation, queries, anchors, lost receiver or unreadable block) and the early stop's run-wide
//   conditions hold (recoveryKnown.ts forkAllows: no executor to register, hang or leave, no submit
//   delay, the event limit far off); the base is the fault-free run (newBase), so no attempt is
//   marked to fail and no output is lost (recoveryKnown.ts nothingFails);
// - the crash loses one task, the executor's one running attempt (a shuffle output on it that a
//   consumer still reads would be a lost task too: dagScheduler/fetchFailure.ts outputsLost), and no
//   received block's only copy (IdleCrashes' flag; recoveryKnown.ts blocksKept);
// - that task reads nothing remotely (no input, or no preference);
// - the reservation is one slot on each live executor but this one (the sweep's when no live
//   executor holds the data, or when every one does);
// - the re-run ends within the run's time limit.
// test/unit/engine/reservedRerun.test.ts compares the sweep with every such fork made, and each
// shortcut with its own fork.
import { forkAllows } from '../recoveryKnown';
import type { Simulation } from '../simulation';
import { taskInput } from '../workload';
import type { IdleCrashes } from './idleCrash';

export class ReservedReruns {
  private readonly allowed: boolean;

  constructor(private readonly base: Simulation, private readonly at: number, private readonly idle: IdleCrashes) {
    this.allowed = idle.allowed && forkAllows(base, 3);
  }

  /** withReservedSlotMs of executor x's stalled crash, whose fork lost `lost`, forked again with `reserve`; null when not known without that fork. */
  latency(x: number, lost: readonly { stage: number; task: number }[], reserve: Map<number, number>): number | null {
    if (!this.allowed || lost.length !== 1 || this.idle.onlyCopy(x)) return null;
    const { base } = this;
    const { cluster, log } = base;
    const running = cluster.executors[x].running;
    const { stage: ref, task: i } = lost[0];
    if (running.length !== 1 || log.stage[running[0]] !== ref || log.task[running[0]] !== i) return null;
    const stage = base.stages[ref];
    const tsm = base.tsmOf.get(stage);
    // (remoteReadMs: a task that reads no input, or has no preference, reads nothing remotely)
    if (tsm === undefined || (taskInput(stage, i) > 0 && tsm.hasPrefs(i))) return null;
    let live = 0;
    for (const y of cluster.executors) {
      if (y.idx === x || !cluster.isAlive(y)) continue;
      live++;
      if (reserve.get(y.idx) !== 1) return null;
    }
    if (live === 0 || reserve.size !== live) return null;
    const duration = stage.duration[i];
    return this.at + duration <= base['limits'].maxTimeMs ? duration : null;
  }
}
