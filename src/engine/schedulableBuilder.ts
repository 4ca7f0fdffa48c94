// FairSchedulableBuilder (core/.../scheduler/SchedulableBuilder.scala) and the root pool's
// getSortedTaskSetQueue (Pool.scala:105-113): spark.scheduler.mode FAIR. The pools of `pools:` are
// the allocation file's; a job's pool is its spark.scheduler.pool local property (`pool:`).
import type { JobFile, SparkVersion } from '../format/model';
import { compareTaskSetsFair, fairCompare, fifoCompare, Pool, poolName, SchedulingMode } from './pool';
import type { TaskSetManager } from './taskSetManager';
import { JobKind, type Job } from './workload';

const DEFAULT_POOL = 'default';

export class FairSchedulableBuilder {
  /** rootPool.schedulableNameToSchedulable: a later pool of one name replaces the earlier (which stays empty) */
  private readonly byName = new Map<string, Pool>();
  /** the pools that hold task sets (the empty ones of rootPool.schedulableQueue contribute nothing) */
  private readonly active: Pool[] = [];
  /** per stage (Simulation.stages index): its latest task set, for the running counts at a task's end */
  private readonly ofStage: (TaskSetManager | undefined)[] = [];

  constructor(private readonly file: JobFile, spark: SparkVersion, private readonly jobs: readonly Job[]) {
    for (const p of file.pools ?? []) {
      this.byName.set(p.name, new Pool(p.name, p.schedulingMode === 'FAIR' ? SchedulingMode.FAIR : SchedulingMode.FIFO, p.minShare, p.weight));
    }
    if (!this.byName.has(DEFAULT_POOL)) {
      // buildPools: with no allocation file 3.x creates "default" with spark.scheduler.mode, here
      // FAIR (SchedulableBuilder.scala:89-91); 2.2 and a file without it give buildDefaultPool's FIFO.
      const mode = file.pools === undefined && spark !== '2.2' ? SchedulingMode.FAIR : SchedulingMode.FIFO;
      this.byName.set(DEFAULT_POOL, new Pool(DEFAULT_POOL, mode, 0, 1));
    }
  }

  /**
   * The job's spark.scheduler.pool: batch jobs, streaming outputs and queries have `pool:`. A
   * receiver's job is submitted by ReceiverTrackerEndpoint.startReceiver (ReceiverTracker.scala)
   * on an RPC dispatcher thread whose local properties were inherited when the SparkContext's
   * RpcEnv started it: no pool, so "default".
   */
  private poolNameOf(job: Job): string {
    let name: string | undefined;
    if (job.kind === JobKind.Batch) name = this.file.jobs[job.idx]?.pool;
    else if (job.kind === JobKind.Streaming) name = this.file.streaming?.outputs[job.output]?.pool;
    else if (job.kind === JobKind.Query) name = this.file.queries?.[job.output]?.pool;
    return name ?? DEFAULT_POOL;
  }

  /** addTaskSetManager (SchedulableBuilder.scala:189-210): a pool no file declares is created FIFO, minShare 0, weight 1. */
  add(tsm: TaskSetManager): void {
    const name = this.poolNameOf(this.jobs[tsm.stage.job]);
    let pool = this.byName.get(name);
    if (pool === undefined) {
      pool = new Pool(name, SchedulingMode.FIFO, 0, 1);
      this.byName.set(name, pool);
    }
    tsm.pool = pool;
    this.ofStage[tsm.stageRef] = tsm;
    const q = pool.queue;
    if (q.length === 0) this.active.push(pool);
    // A FIFO pool is kept in its order here; a FAIR pool's order depends on running tasks: sorted per round.
    let k = q.length;
    if (pool.mode === SchedulingMode.FIFO) while (k > 0 && fifoCompare(q[k - 1], tsm) > 0) k--;
    q.splice(k, 0, tsm);
  }

  remove(tsm: TaskSetManager): void {
    const pool = tsm.pool;
    if (pool === null) return;
    const k = pool.queue.indexOf(tsm);
    if (k < 0) return;
    pool.queue.splice(k, 1);
    if (pool.queue.length === 0) this.active.splice(this.active.indexOf(pool), 1);
  }

  /** A task of `tsm` launched: TaskSetManager.addRunningTask -> Pool.increaseRunningTasks. */
  started(tsm: TaskSetManager): void {
    tsm.runningTasks++;
    tsm.pool!.runningTasks++;
  }

  /**
   * An attempt of stage `stageRef`, stage attempt `stageAttempt`, stopped running (success,
   * failure, kill, its executor's loss): removeRunningTask. An older attempt's (a zombie's) task
   * counts in the pool only: the task set it belongs to gets no offers again.
   */
  ended(stageRef: number, stageAttempt: number): void {
    const tsm = this.ofStage[stageRef];
    if (tsm === undefined) return;
    tsm.pool!.runningTasks--;
    if (tsm.attemptNo === stageAttempt) tsm.runningTasks--;
  }

  /**
   * rootPool.getSortedTaskSetQueue, computed once per resourceOffers (TaskSchedulerImpl.scala:562):
   * the pools by FairSchedulingAlgorithm, each pool's task sets by its own mode. Fills `out` and
   * returns how many; the zombies and (3.x) unschedulable sets are left to the caller's filter.
   */
  sortedTaskSetQueue(out: TaskSetManager[]): number {
    const pools = this.active;
    if (pools.length > 1) pools.sort(comparePools);
    let n = 0;
    for (let p = 0; p < pools.length; p++) {
      const q = pools[p].queue;
      if (pools[p].mode === SchedulingMode.FAIR && q.length > 1) q.sort(compareTaskSetsFair);
      for (let k = 0; k < q.length; k++) out[n++] = q[k];
    }
    return n;
  }

  /** The pool a job runs in (for findings), or undefined before its first task set. */
  poolOfJob(job: Job): Pool | undefined {
    return this.byName.get(this.poolNameOf(job));
  }
}

const comparePools = (a: Pool, b: Pool): number => fairCompare(a, b, poolName);
