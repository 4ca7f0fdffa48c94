// TaskSchedulerImpl.resourceOffers (core/.../scheduler/TaskSchedulerImpl.scala), with the
// offers CoarseGrainedSchedulerBackend makes. Spec "Offers", "Order", "Reset".
import type { Cluster, Executor } from './cluster';
import { ExecState } from './cluster';
import type { Random } from './random';
import { assignReservedSlots, type LaunchFn } from './recovery';
import { NONE } from './intList';
import { ANY } from './locality';
import { fifoCompare } from './pool';
import type { FairSchedulableBuilder } from './schedulableBuilder';
import type { TaskSetManager } from './taskSetManager';

/** Off: every level's pass is made, every round to its last offer (the property test compares both). */
export const repeatedPasses = { skip: true };
/** Off: a task end's offer goes through the general resourceOffers (the property test compares both). */
export const oneOffer = { fast: true };
/** Off: a round of a pass goes on after a declined call whose later offers would find every list empty (the property test compares both). */
export const emptyLists = { end: true };

export class TaskScheduler {
  /** active task sets in FIFO order: (jobId, stageId) (FIFOSchedulingAlgorithm); FAIR mode: in their pools too */
  readonly taskSets: TaskSetManager[] = [];
  /**
   * Scratch arrays of resourceOffers (it is not re-entered): the offers, their free slots and the
   * task sets in order. Typed arrays with a count, never a `length =` (that changed the arrays'
   * elements kind and sent resourceOffers' optimized code into a deopt loop, issue #17). Each
   * round writes the entries it reads, so nothing in them outlives a round: the offers' two are
   * shared with forks (scratch), replaced when they grow.
   */
  private offerExecs = new Int32Array(16);
  private offerFree = new Int32Array(16);
  private offerSets: (TaskSetManager | null)[] = NONE;

  /**
   * The scratch arrays a fork shares with this scheduler (fork.ts): a fork and its base never run
   * at once, and a fork's copies of them (an entry per executor each) were two of the few typed
   * arrays a fork copies, 2 kB of a streaming fork's copy (issue #17).
   */
  scratch(): readonly object[] {
    return [this.offerExecs, this.offerFree];
  }

  constructor(
    private readonly cluster: Cluster,
    private readonly rng: Random,
    /** 3.x rule of SPARK-18886 unless legacyResetOnTaskLaunch (always legacy in 2.2) */
    private readonly legacyReset: boolean,
    /** the paper's reserved-slots policy; switched on when a sweep forks a run with a reservation */
    public reservedPolicy: boolean,
    private readonly host: { launch: LaunchFn; firstOffer(now: number): void },
    /** 3.x: only schedulable task sets get offers (Pool.getSortedTaskSetQueue filters isSchedulable) */
    private readonly schedulableOnly: boolean,
    /** spark.scheduler.mode FAIR: the pools (else FIFO: the root pool holds the task sets in `taskSets`' order) */
    readonly fair: FairSchedulableBuilder | null = null,
  ) {}

  /**
   * TaskSetManager.isSchedulable as the 3.x Pool filters it: something left in the lazily cleaned
   * `all` list, or in the speculatable tasks' one. A filtered task set gets no offer, no level walk, no reset and no executorAdded,
   * so its level and timer stay as its last round left them. 2.2's Pool has no filter.
   */
  offered(tsm: TaskSetManager): boolean {
    return !this.schedulableOnly || tsm.allPending() > 0 || (tsm.spec !== null && tsm.spec.all.length > 0);
  }

  submitTasks(tsm: TaskSetManager): void {
    let k = this.taskSets.length;
    while (k > 0 && fifoCompare(this.taskSets[k - 1], tsm) > 0) k--;
    this.taskSets.splice(k, 0, tsm);
    this.fair?.add(tsm);
  }

  remove(tsm: TaskSetManager): void {
    const k = this.taskSets.indexOf(tsm);
    if (k >= 0) this.taskSets.splice(k, 1);
    this.fair?.remove(tsm);
  }

  /** set after a loss reason that sends no reviveOffers: the next full offer round is reported to the host */
  watchOffers = false;

  /** makeOffers(): every executor the driver believes alive (isAllFreeResources = true). */
  offerAll(now: number): void {
    if (this.taskSets.length === 0) return;
    const all = this.cluster.executors;
    if (this.offerExecs.length < all.length) {
      this.offerExecs = new Int32Array(all.length);
      this.offerFree = new Int32Array(all.length);
    }
    const execs = this.offerExecs;
    let n = 0;
    for (let x = 0; x < all.length; x++) {
      const e = all[x];
      if (e.state === ExecState.Alive || e.state === ExecState.Hung) execs[n++] = e.idx;
    }
    // a loss reason that sent no revive waits for the next full offer round (schedulerBackend.ts);
    // (here, not in resourceOffers: a path a fault takes once, compiled into its code in full)
    if (this.watchOffers) {
      this.watchOffers = false;
      this.host.firstOffer(now);
    }
    this.resourceOffers(n, true, now);
  }

  /**
   * makeOffers(executorId): the executor a task just ended on. FIFO without a reservation to
   * assign: resourceOffers of that one offer, with its free slots in a local, no shuffle and one
   * call per round (at every task end; the general loop's arrays and loops were a tenth of a
   * task attempt's instructions, issue #17). `e`: the executor, when the caller has it (a task
   * end: one lookup fewer an attempt).
   */
  offerOne(exec: number, now: number, e: Executor = this.cluster.executors[exec]): void {
    if (this.taskSets.length === 0) return;
    if (this.fair !== null || (this.reservedPolicy && this.cluster.totalFreeReserved > 0) || !oneOffer.fast) {
      this.offerExecs[0] = exec;
      return this.resourceOffers(1, false, now);
    }
    let free = e.freeSlots;
    if (free < 1) return;
    const sets = this.taskSets;
    const n = sets.length;
    for (let j = 0; j < n; j++) {
      const tsm = sets[j];
      if (tsm.zombie || !this.offered(tsm)) continue;
      if (tsm.allPending() === 0 && tsm.isIdle()) {
        tsm.getAllowedLocalityLevel(now); // (the offer has a free slot: resourceOffers' idle case)
        tsm.lastReject = false;
        continue;
      }
      let launchedAnyTask = false;
      let noDelaySchedulingRejects = true;
      let globalMinLocality: number | undefined;
      const levels = tsm.myLocalityLevels;
      let idleAt = -1;
      for (let li = 0; li < levels.length; li++) {
        const maxLocality = levels[li];
        if (idleAt >= 0 && repeatedPasses.skip && tsm.dequeueLevel(maxLocality, now) === idleAt) {
          if (maxLocality === ANY) {
            tsm.lastReject = tsm.allPending() > 0;
            if (tsm.lastReject) noDelaySchedulingRejects = false;
          }
          continue;
        }
        // (the pass's rounds: one call each, the offer has a free slot; a declined call ends the pass)
        let launchedAtLevel: boolean;
        do {
          launchedAtLevel = false;
          const i = tsm.resourceOffer(exec, maxLocality, now);
          if (tsm.lastReject) noDelaySchedulingRejects = false;
          if (i >= 0) {
            const locality = tsm.lastLocality;
            this.host.launch(tsm, i, exec, locality, false);
            free--;
            launchedAtLevel = true;
            if (globalMinLocality === undefined || locality < globalMinLocality) globalMinLocality = locality;
          }
          launchedAnyTask ||= launchedAtLevel;
        } while (launchedAtLevel && free >= 1);
        if (free < 1) break;
        // (the pass's last call launched nothing: its level is the one all its calls used)
        idleAt = tsm.spec === null ? tsm.lastLevel : -1;
      }
      if (!this.legacyReset) {
        if (noDelaySchedulingRejects) {
          if (launchedAnyTask && tsm.noRejectsSinceLastReset) {
            tsm.resetDelayScheduleTimer(globalMinLocality, now);
            tsm.noRejectsSinceLastReset = true;
          }
        } else {
          tsm.noRejectsSinceLastReset = false;
        }
      }
      if (free < 1) return;
    }
  }

  /**
   * The round's order of the task sets: FAIR, rootPool.getSortedTaskSetQueue into offerSets,
   * sorted once for the round (TaskSchedulerImpl.scala:562) although launches change the running
   * counts during it; FIFO, the task sets themselves, which no launch adds to or removes from (a
   * copy per offer round was 1.5 % of a cold run's instructions, issue #17).
   */
  private offerOrder(): readonly (TaskSetManager | null)[] {
    if (this.fair === null) return this.taskSets;
    const sets = this.offerSets === NONE ? (this.offerSets = []) : this.offerSets;
    const n = this.taskSets.length;
    while (sets.length < n) sets.push(null);
    this.fair.sortedTaskSetQueue(sets as TaskSetManager[]);
    return sets;
  }

  /** resourceOffers over the first `count` entries of offerExecs. */
  private resourceOffers(count: number, isAllFreeResources: boolean, now: number): void {
    // The paper's mechanism sits before Spark's own loop: re-runs take reserved slots at once, in
    // the order this round offers the task sets. The order is made once a round, when first needed.
    let sets: readonly (TaskSetManager | null)[] | null = null;
    if (this.reservedPolicy && this.cluster.totalFreeReserved > 0) {
      sets = this.offerOrder();
      assignReservedSlots(sets, this.taskSets.length, this.cluster, this.host);
    }
    const execs = this.offerExecs;
    // Random.shuffle(offers), seeded here.
    if (count > 1) this.rng.shuffleInts(execs, count); // (one offer: the shuffle draws nothing)
    const free = this.offerFree;
    const all = this.cluster.executors;
    /** offers with a free slot (free[k] >= 1): once none is left, no call below has an effect */
    let offersLeft = 0;
    for (let k = 0; k < count; k++) {
      const f = all[execs[k]].freeSlots;
      free[k] = f;
      if (f >= 1) offersLeft++;
    }
    if (offersLeft === 0) return; // (free slots are whole numbers: none > 0)

    sets ??= this.offerOrder();
    const n = this.taskSets.length;
    for (let j = 0; j < n; j++) {
      const tsm = sets[j]!;
      if (tsm.zombie || !this.offered(tsm)) continue;
      if (tsm.allPending() === 0 && tsm.isIdle()) { // (isIdle's first test, without its call when it fails, issue #17)
        // (2.2 only: 3.x skipped it above) Every offer would be declined with no effect but the
        // first one's level walk (the ANY level always gets one): the same, without a call per
        // offer and level.
        let offered = false;
        for (let k = 0; k < count; k++) {
          if (free[k] >= 1) {
            offered = true;
            break;
          }
        }
        if (offered) {
          tsm.getAllowedLocalityLevel(now);
          tsm.lastReject = false;
        }
        continue;
      }
      let launchedAnyTask = false;
      let noDelaySchedulingRejects = true;
      let globalMinLocality: number | undefined;
      const levels = tsm.myLocalityLevels;
      /** the level every call of the last pass dequeued at, when it launched nothing and the set has no speculation (else -1) */
      let idleAt = -1;
      for (let li = 0; li < levels.length; li++) {
        const maxLocality = levels[li];
        // A pass that would dequeue at that level again makes calls that each decline again: the
        // same offers, and lists the last pass left empty at that level (it launched nothing:
        // every list it looked at was popped to its end), so its level walk, the one call that
        // could change something, is the one made here. Only its rejects count: at ANY each
        // declined offer is one while tasks are pending. (Not with a speculatable copy, whose
        // dequeue reads maxLocality itself.) A stalled re-run's revive rounds made every pass over
        // every offer (issue #17).
        if (idleAt >= 0 && repeatedPasses.skip && tsm.dequeueLevel(maxLocality, now) === idleAt) {
          if (maxLocality === ANY) {
            tsm.lastReject = tsm.allPending() > 0; // (some offer has a free slot: offersLeft > 0)
            if (tsm.lastReject) noDelaySchedulingRejects = false;
          }
          continue;
        }
        let launchedAtLevel: boolean;
        /** the level of the first call of the last round of this pass (the walk only moves up) */
        let firstLevel = -1;
        do {
          launchedAtLevel = false;
          firstLevel = -1;
          /** the round's later offers were looked at (once a round: a declined call's lists are all empty) */
          let looked = false;
          // resourceOfferSingleTaskSet: one task per offer per pass
          for (let k = 0; k < count; k++) {
            if (free[k] < 1) continue;
            const i = tsm.resourceOffer(execs[k], maxLocality, now);
            if (firstLevel < 0) firstLevel = tsm.lastLevel;
            if (tsm.lastReject) noDelaySchedulingRejects = false;
            if (i >= 0) {
              const locality = tsm.lastLocality;
              this.host.launch(tsm, i, execs[k], locality, false);
              if (--free[k] < 1) offersLeft--;
              launchedAtLevel = true;
              if (globalMinLocality === undefined || locality < globalMinLocality) globalMinLocality = locality;
            } else {
              // The round's other calls would each decline as this one did, changing nothing; or
              // (asked once a round) every later offer's lists are empty: each call would walk to
              // the level this one did (the same time, nothing launched), find nothing to pop and
              // reject as this one did (`all` is not popped below ANY, nor at it when empty).
              if (tsm.roundEnds(maxLocality, repeatedPasses.skip, !looked && emptyLists.end, execs, free, k + 1, count)) break;
              looked ||= emptyLists.end;
            }
          }
          launchedAnyTask ||= launchedAtLevel;
        } while (launchedAtLevel && offersLeft > 0);
        // no offer left: the further levels would make no call (and decide nothing)
        if (offersLeft === 0) break;
        // (its last round launched nothing; one level for all its calls when the first and last agree)
        idleAt = tsm.spec === null && firstLevel === tsm.lastLevel ? firstLevel : -1;
      }
      if (!this.legacyReset) {
        // SPARK-18886: reset only when no offer was declined for delay since the last
        // all-free-resources round that launched something.
        if (noDelaySchedulingRejects) {
          if (launchedAnyTask && (isAllFreeResources || tsm.noRejectsSinceLastReset)) {
            tsm.resetDelayScheduleTimer(globalMinLocality, now);
            tsm.noRejectsSinceLastReset = true;
          }
        } else {
          tsm.noRejectsSinceLastReset = false;
        }
      }
      // The task sets after this one would get no offer: nothing launched, no reject, no reset
      // (an idle one's level walk needs an offer too).
      if (offersLeft === 0) return;
    }
  }
}
