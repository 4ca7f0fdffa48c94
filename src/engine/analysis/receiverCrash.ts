// Swept crashes of an executor that runs a receiver and nothing else, known without forking the run.
//
// In a streaming sweep, a crash of an executor whose only attempt is a registered receiver loses no
// task: the fork handles the crash and its detection at the same instant (executorLost, Full), the
// receiver's task fails and is retried (the retry returns at once: attempt > 0), its job ends and
// RestartReceiver submits a new one (ReceiverTracker.scala; receiverTracker.ts lost, jobEnded,
// startReceiver), whose task registers (register), and the fork stops there (the fault's last
// outstanding key is the receiver's). Its measures are the idle crash's (idleCrash.ts) with the
// receiver lost and registered again at the crash's instant, provided the retry and the new task
// both launch in the offer rounds of that instant and the new one is accepted. `ReceiverCrashes`
// says when that is sure, conservatively (any doubt: the sweep forks as before):
// - the moment allows an idle crash's shortcut (IdleCrashes.allowed: the crash detected at once with
//   nothing else at that instant, every executor alive, no speculation, allocation or queries...),
//   and the executor holds no shuffle output a running job may read (outputsLost adds nothing);
// - no task set has a pending task, FIFO scheduling, no reserved slots: the offer rounds of the
//   instant can launch only the receiver's two tasks, so nothing else takes a slot, no block task
//   launches (a block lost with the executor is dropped or fails later, after the fork has stopped:
//   the data loss listed is the base's), and no other event comes in between (no task ends at once);
// - the receiver's attempt is its job's running one, registered on this executor, a loss that
//   cannot abort the job (spark.task.maxFailures);
// - the retry: TaskSchedulerImpl.resourceOffers makes every task set's PROCESS_LOCAL pass first,
//   whatever its delay-scheduling level, so a live executor the receiver's task prefers, with a
//   free slot, takes it in the offer round that follows the detection;
// - the new task: its candidates are rescheduleReceiver's over the executors left, with the
//   receiver INACTIVE (jobEnded), and register computes the same list again (nothing changed in
//   between: ReceiverSchedulingPolicy.scala); a candidate executor with a free slot takes the task
//   in the new job's PROCESS_LOCAL pass, so it registers there at once (the retry's slot is free
//   again by then).
// test/unit/engine/receiverCrash.test.ts checks every shortcut against the fork it replaces.
import { ExecState } from '../cluster';
import { DEFAULT_LIMITS } from '../simulate';
import type { Simulation } from '../simulation';
import { ReceiverState, rescheduleReceiver, type TrackingInfo } from '../streaming/receiverSchedulingPolicy';
import { failuresOf, holds, Pref, StageKind } from '../workload';
import type { IdleCrashes } from './idleCrash';
import type { SweptFault } from './sweep';

export class ReceiverCrashes {
  private readonly allowed: boolean;

  constructor(private readonly base: Simulation, private readonly at: number, private readonly idle: IdleCrashes) {
    this.allowed = idle.allowed && this.possible();
  }

  /** The moment-wide conditions beyond IdleCrashes'. */
  private possible(): boolean {
    const { base } = this;
    const streaming = base.streaming;
    if (streaming === null || streaming.stopped || streaming.tracker.receivers.length === 0) return false;
    if (base.reservedPolicy || base.scheduler.fair !== null) return false;
    // (the fork's events: the crash, its detection, the retry's end)
    if (base.events + 4 >= DEFAULT_LIMITS.maxEvents) return false;
    for (const tsm of base.scheduler.taskSets) if (tsm.allPending() > 0 || tsm.spec !== null) return false;
    return true;
  }

  /** Is executor x's crash at the moment the loss of one receiver, registered again at once? */
  has(x: number): boolean {
    if (!this.allowed || this.idle.holdsOutputs(x)) return false;
    const { base, at } = this;
    const { cluster, log } = base;
    const e = cluster.executors[x];
    if (e.state !== ExecState.Alive || e.addedAt > at || e.running.length !== 1) return false;
    const a = e.running[0];
    const stage = base.stages[log.stage[a]];
    const i = log.task[a];
    if (stage.kind !== StageKind.Receiver || stage.numTasks !== 1 || stage.numSuccessful !== 0 || !holds(stage, i, log.flags[a])) return false;
    if (failuresOf(stage, i) + 1 >= base.file.conf.maxFailures) return false;
    const job = base.jobs[stage.job];
    const tsm = base.tsmOf.get(stage);
    if (job.end !== null || job.aborted !== null || tsm === undefined || tsm.zombie) return false;
    const tracker = base.streaming!.tracker;
    const r = stage.source[0];
    const info = tracker.infos[r];
    if (tracker.receivers[r].job !== stage.job || info.state !== ReceiverState.Active || info.running !== x ||
      tracker.receivers[r].since < 0) return false;
    // the retry's PROCESS_LOCAL pass finds a preferred executor with a free slot
    if (!freeAmong(base, tsm.prefsOf(i), x)) return false;
    // the new task's: rescheduleReceiver as jobEnded calls it, the receiver INACTIVE, x removed
    const infos: TrackingInfo[] = tracker.infos.slice();
    infos[r] = { state: ReceiverState.Inactive, scheduled: null, running: -1 };
    const live: number[] = [];
    for (const y of cluster.liveExecutors()) if (y !== x) live.push(y);
    return freeAmong(base, rescheduleReceiver(tracker.receivers[r].preferredHost, infos, live), x);
  }

  /** The sweep's record of such a crash: the idle crash's, with the receiver registered again at once. */
  fault(x: number): SweptFault {
    const { base } = this;
    const e = base.cluster.executors[x];
    const r = base.stages[base.log.stage[e.running[0]]].source[0];
    const swept = this.idle.fault(x);
    swept.lostReceivers = [{ receiver: `receiver:${base.streaming!.tracker.receivers[r].name}`, relaunchedAt: this.at }];
    return swept;
  }
}

/** Some executor location among `codes` (but x) is alive with a free slot. */
function freeAmong(base: Simulation, codes: ArrayLike<number>, x: number): boolean {
  const execs = base.cluster.executors;
  for (let p = 0; p < codes.length; p++) {
    const code = codes[p];
    if ((code & 3) !== Pref.EXEC || code >> 2 === x) continue;
    const y = execs[code >> 2];
    if (y.state === ExecState.Alive && y.freeSlots >= 1) return true;
  }
  return false;
}
