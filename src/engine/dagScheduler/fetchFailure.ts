// The DAGScheduler's side of shuffle outputs lost with an executor (spec "Shuffle outputs on a
// loss"; ../shared/reference/fidelity-audit.md F2-F5, F9, F10, F12). At the loss the outputs are
// only unregistered (DAGScheduler.handleExecutorLost); nothing is resubmitted then. They are found
// missing when a consumer task fails to fetch them: its TaskSetManager becomes a zombie, and the
// failed stages are resubmitted RESUBMIT_TIMEOUT after that first FetchFailed
// (handleTaskCompletion, case FetchFailed).
import { Status } from '../attemptLog';
import { ExecState, type Executor } from '../cluster';
import { EventKind } from '../eventQueue';
import { appended, NONE } from '../intList';
import { LossPart, shuffleServiceKeepsOutputs } from '../schedulerBackend';
import type { FaultState, Simulation } from '../simulation';
import type { TaskSetManager } from '../taskSetManager';
import { markRerun, taskInput, TaskState, type OutputLocs, type Stage } from '../workload';

const NO_REFS: readonly number[] = [];

/** DAGScheduler.RESUBMIT_TIMEOUT */
export const RESUBMIT_TIMEOUT = 200;
/** Off: 3.x keeps checking consumers' launches after a loss for the rest of the run (the property test compares both). */
export const lostOutputs = { forget: true };

/** attempt flag: the attempt ends with FetchFailed at its end time */
export const FETCH_FAILS = 16;

export class FetchFailures {
  /** DAGScheduler.failedStages: waiting for ResubmitFailedStages */
  failedStages: Stage[] = NONE;
  private resubmitQueued = false;
  /**
   * Whether a consumer's launch must be checked: in 2.2 always (its executor's cached statuses are
   * recorded), in 3.x while a stage that lost outputs misses some (before a loss, and once every
   * such stage has them again, every parent output is there: a launch without this check's call,
   * issue #17).
   */
  watching: boolean;
  /** 3.x: the stages that lost outputs and missed some when last looked at (stillMissing) */
  private lost: Stage[] = NONE;
  /**
   * The stages below `openScanned` whose jobs had not ended when last looked at, in index order:
   * a loss reads only these and the stages after (a job that has ended stays ended). Replaced,
   * never changed in place: a fork shares its base's, brought up to date by each fork plan
   * (fork.ts makePlan), so a sweep's fork no longer reads every stage of a long run at each loss.
   */
  openStages: readonly number[] = NO_REFS;
  private openScanned = 0;

  constructor(is35: boolean) {
    this.watching = !is35;
  }

  isFailed(stage: Stage): boolean {
    return this.failedStages.includes(stage);
  }

  /**
   * A consumer task launching on executor x while a parent output is missing: after how many ms
   * it fails with FetchFailed, or -1 when every parent output is there. 3.x: at once (the driver
   * answers "missing" to a fresh executor, MetadataFetchFailedException; an executor with cached
   * statuses gets ExecutorDeadException from IsExecutorAlive, not retried). 2.2: an executor that
   * cached the statuses before the loss (a task of this task set ran there first; the epoch is the
   * task set's, so updateEpoch keeps the cache) connects to the dead executor and retries
   * spark.shuffle.io.maxRetries x retryWait (RetryingBlockFetcher) first.
   */
  fetchFailsAfter(sim: Simulation, tsm: TaskSetManager, x: number): number {
    let lostAt = -1;
    for (const p of tsm.stage.parents) if (p.numSuccessful < p.numTasks) lostAt = Math.max(lostAt, p.lostAt);
    if (sim.is35) {
      if (lostAt >= 0) return 0;
      this.stillMissing();
      return -1;
    }
    const fetchedOn = (tsm.fetchedOn ??= new Map());
    const first = fetchedOn.get(x);
    if (first === undefined) fetchedOn.set(x, sim.now);
    if (lostAt < 0) return -1;
    return first !== undefined && first < lostAt ? this.retryMs(sim) : 0;
  }

  /**
   * No stage misses an output it lost: a stage's `lostAt` is set here only (stageLost), with the
   * stage added to `lost`, which drops it only once it has every output again (stillMissing), and
   * its outputs are lost only in outputsLost, which comes here.
   */
  noneLost(): boolean {
    return this.lost.length === 0;
  }

  /** `stage` lost outputs at `now`: consumers' launches are checked until it has them again. */
  stageLost(stage: Stage, now: number): void {
    this.watching = true;
    if (!this.lost.includes(stage)) this.lost = appended(this.lost, stage);
    stage.done = false;
    stage.lostAt = now;
  }

  /**
   * 3.x: drops the stages that lost outputs and have them all again; with none left, launches
   * stop calling fetchFailsAfter until the next loss (a stage misses outputs only after
   * outputsLost, which sets `watching`, and fetchFailsAfter's answer is -1 for every launch then).
   */
  private stillMissing(): void {
    if (!lostOutputs.forget) return;
    const lost = this.lost;
    let k = 0;
    for (let j = 0; j < lost.length; j++) if (lost[j].numSuccessful < lost[j].numTasks) lost[k++] = lost[j];
    if (k < lost.length) lost.splice(k);
    if (k === 0) this.watching = false;
  }

  private retryMs(sim: Simulation): number {
    const s = sim.file.conf.shuffle;
    return s.ioMaxRetries * s.ioRetryWait;
  }

  /**
   * DAGScheduler.handleExecutorLost (fileLost unless the shuffle service) and the Resubmitted
   * tasks of TaskSetManager.executorLost: executor x's outputs (every output on `host` when the
   * Worker was lost with it, >= 0) are unregistered. A running attempt of the stage that wrote one
   * re-runs it (in the Tasks part of a loss: an Outputs part leaves running stages to it); an
   * output of an earlier attempt waits for a new attempt after the running one (F10); otherwise
   * it is a lost task of the fault only if a consumer will read it again. Running consumers still
   * fetching fail (F9, failRunningConsumers).
   */
  outputsLost(sim: Simulation, x: number, host: number, parts: number, f: FaultState, k: number): void {
    if (host < 0 && shuffleServiceKeepsOutputs(sim.file)) return;
    const execs = sim.cluster.executors;
    const lostStages: Stage[] = [];
    const unread: number[] = []; // [stage ref, partition, ...] whose re-run depends on a consumer
    const open = this.openStagesOf(sim);
    for (let o = 0; o < open.length; o++) {
      const ref = open[o];
      const stage = sim.stages[ref];
      const n = stage.numTasks;
      // A job that has ended reads none of its shuffles again (its stages are done, nothing of it
      // runs, no later job shares them): unregistering its outputs changes nothing anyone reads,
      // and a sweep's fork of a long streaming run or query would copy every old batch's outputs
      // (no successful task: no output, and a stage waiting for its first submission has no output locations yet)
      if (stage.numSuccessful === 0 || !stage.submitted || sim.jobs[stage.job].end !== null || stage.children.length === 0) continue;
      const outputLoc = stage.outputLoc;
      const tsm = sim.tsmOf.get(stage);
      const running = tsm !== undefined && !tsm.zombie ? tsm : null;
      if (parts === LossPart.Outputs && running) continue;
      let lost = false;
      for (let i = nextOn(outputLoc, 0, n, x, host, execs); i < n; i = nextOn(outputLoc, i + 1, n, x, host, execs)) {
        outputLoc[i] = -1;
        const s = stage.taskState[i];
        if ((s & TaskState.Successful) === 0) continue;
        stage.taskState[i] = s & TaskState.Running; // (a copy still running stays counted)
        stage.numSuccessful--;
        lost = true;
        // the running task set wrote it (its first attempt: all outputs are of that attempt)
        if (running && (running.attemptNo === 0 || (s & TaskState.LatestOutput) !== 0)) {
          running.remaining++;
          sim.requeue(stage, i, f, k);
        } else if (running) {
          markRerun(stage, i, k);
          sim.addLost(f, stage, i);
        } else unread.push(ref, i);
      }
      if (lost) {
        this.stageLost(stage, sim.now);
        lostStages.push(stage);
      }
    }
    if (lostStages.length === 0) return;
    // (the moment the executor stopped: a decommission's kill, not its notice)
    const failing = this.failRunningConsumers(sim, x, lostStages, sim.cluster.executors[x].lostAt ?? f.spec.at);
    const reads = new Map<Stage, boolean>();
    for (let u = 0; u < unread.length; u += 2) {
      const stage = sim.stages[unread[u]];
      let read = reads.get(stage);
      if (read === undefined) reads.set(stage, (read = this.anyWillRead(sim, stage, x, failing)));
      if (!read) continue;
      markRerun(stage, unread[u + 1], k);
      sim.addLost(f, stage, unread[u + 1]);
    }
    for (const a of failing) {
      const c = sim.stages[sim.log.stage[a]];
      markRerun(c, sim.log.task[a], k);
      sim.addLost(f, c, sim.log.task[a]);
    }
  }

  /** The stages of `sim` whose jobs have not ended, in index order (openStages brought up to date). */
  openStagesOf(sim: Simulation): readonly number[] {
    const { stages, jobs } = sim;
    const old = this.openStages;
    let kept = 0;
    while (kept < old.length && jobs[stages[old[kept]].job].end === null) kept++;
    if (kept === old.length && this.openScanned === stages.length) return old;
    const open = old.slice(0, kept);
    for (let o = kept + 1; o < old.length; o++) if (jobs[stages[old[o]].job].end === null) open.push(old[o]);
    for (let ref = this.openScanned; ref < stages.length; ref++) if (jobs[stages[ref].job].end === null) open.push(ref);
    this.openStages = open;
    this.openScanned = stages.length;
    return open;
  }

  /**
   * F9: a running consumer that has not finished fetching its input when the fault happens also
   * reaches the lost executor and fails with FetchFailed. The fetch is taken to last its `input`
   * at `network.bandwidth` from its launch (a reducer sends its requests at start,
   * ShuffleBlockFetcherIterator), so a consumer without `input` fetched everything at once.
   * It fails at the detection (3.x) or after the fetch retries (2.2); until then it holds its slot.
   */
  private failRunningConsumers(sim: Simulation, x: number, lost: Stage[], at: number): number[] {
    const consumers = new Set<Stage>();
    // (a consumer never submitted has no attempt: with none submitted, no pass over every running
    // attempt of the cluster, which at a plain run's first loss was all V8 saw of this function
    // before compiling it for its one call left, issue #17)
    let submitted = false;
    for (const s of lost) for (const c of s.children) consumers.add(c), submitted ||= c.stageAttempt >= 0;
    if (!submitted) return [];
    const log = sim.log;
    const bandwidth = sim.file.network.bandwidth;
    const failAt = sim.now + (sim.is35 ? 0 : this.retryMs(sim));
    const out: number[] = [];
    for (const e of sim.cluster.executors) {
      if (e.idx === x || e.state !== ExecState.Alive) continue;
      for (const a of e.running) {
        if (log.flags[a] & FETCH_FAILS) continue;
        const c = sim.stages[log.stage[a]];
        if (!consumers.has(c) || sim.jobs[c.job].aborted !== null) continue;
        const fetchMs = Math.ceil((taskInput(c, log.task[a]) * 1000) / bandwidth);
        if (log.launch[a] + fetchMs <= at) continue;
        log.end[a] = failAt;
        log.flags[a] |= FETCH_FAILS;
        sim.schedule(failAt, EventKind.TaskEnd, a, false);
        out.push(a);
      }
    }
    return out;
  }

  /**
   * Whether a child of `stage` will read its outputs. (A method, not a closure made at each loss: a
   * sweep's forks lose often enough that TurboFan compiled the closure, and its compiled code went
   * at every full collection, issue #17.)
   */
  private anyWillRead(sim: Simulation, stage: Stage, x: number, failing: number[]): boolean {
    for (const c of stage.children) if (this.willRead(sim, c, x, failing)) return true;
    return false;
  }

  /** Will consumer c fetch its parents' outputs again (so lost ones are needed)? */
  private willRead(sim: Simulation, c: Stage, x: number, failing: number[]): boolean {
    if (c.done || sim.jobs[c.job].aborted !== null) return false;
    const tsm = sim.tsmOf.get(c);
    if (!tsm || tsm.zombie) return true; // waiting for its parents, or to be resubmitted
    for (let k = 0; k < tsm.numPartitions; k++) if (tsm.isSchedulable(tsm.partitionAt(k))) return true;
    // its running tasks that fail now: on the lost executor (re-queued next) or still fetching
    const log = sim.log;
    const on = (a: number) => sim.stages[log.stage[a]] === c && (c.taskState[log.task[a]] & TaskState.Successful) === 0;
    return sim.cluster.executors[x].running.some(on) || failing.some(on);
  }

  /**
   * A FetchFailed task end: TaskSetManager.handleFailedTask (the attempt becomes a zombie, the
   * failure does not count toward spark.task.maxFailures), then DAGScheduler.handleTaskCompletion
   * (a failure of an older stage attempt is ignored; spark.stage.maxConsecutiveAttempts; the
   * stage and its missing parents are resubmitted RESUBMIT_TIMEOUT later).
   */
  fetchFailed(sim: Simulation, a: number): void {
    const log = sim.log;
    const x = log.exec[a];
    log.status[a] = Status.Failed;
    sim.release(a);
    const stage = sim.stages[log.stage[a]];
    const job = sim.jobs[stage.job];
    if (job.aborted === null && log.stageAttempt[a] === stage.stageAttempt) this.stageFailed(sim, stage);
    // StatusUpdate offers the executor; the failure is handled first here, so the zombie's other
    // pending tasks are not launched into the same failure (the RPC milliseconds are not modelled)
    sim.scheduler.offerOne(x, sim.now);
  }

  private stageFailed(sim: Simulation, stage: Stage): void {
    const tsm = sim.tsmOf.get(stage);
    if (tsm && !tsm.zombie) {
      tsm.zombie = true;
      sim.scheduler.remove(tsm);
    }
    if (stage.lastFailedAttempt !== stage.stageAttempt) {
      stage.lastFailedAttempt = stage.stageAttempt;
      stage.failedAttempts++;
    }
    const max = sim.file.conf.maxConsecutiveStageAttempts;
    if (stage.failedAttempts >= max) {
      sim.abortJob(sim.jobs[stage.job], `stage ${stage.fullName} has failed the maximum allowable number of times: ${max} ` +
        '(spark.stage.maxConsecutiveAttempts), the last with FetchFailed');
      return;
    }
    for (const s of [stage, ...stage.parents.filter((p) => p.numSuccessful < p.numTasks)]) {
      if (!this.failedStages.includes(s)) this.failedStages = appended(this.failedStages, s);
    }
    if (!this.resubmitQueued) {
      this.resubmitQueued = true;
      sim.schedule(sim.now + RESUBMIT_TIMEOUT, EventKind.StageResubmit, -1, false);
    }
  }

  /** ResubmitFailedStages: every failed stage submitted again, by job then stage id (parents first). */
  resubmitFailedStages(sim: Simulation): void {
    this.resubmitQueued = false;
    const stages = this.failedStages.sort((p, q) => sim.jobs[p.job].id - sim.jobs[q.job].id || p.id - q.id);
    this.failedStages = NONE;
    for (const s of stages) if (sim.jobs[s.job].aborted === null) sim.submitStage(s);
  }
}

/**
 * The first partition from `i` (below n) whose output is on executor x (or on `host`, >= 0), or n.
 * A small function of its own: the scan of every map output runs cold at a run's first loss, and
 * V8 compiles this loop alone instead of the whole of outputsLost (issue #17).
 */
function nextOn(outputLoc: OutputLocs, i: number, n: number, x: number, host: number, execs: readonly Executor[]): number {
  for (; i < n; i++) {
    const loc = outputLoc[i];
    if (loc === x || (host >= 0 && loc >= 0 && execs[loc].host === host)) return i;
  }
  return n;
}
