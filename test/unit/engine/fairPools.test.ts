// spark.scheduler.mode FAIR: the order of task sets in each resourceOffers, derived by hand from
// Spark 3.5.0's code (core/src/main/scala/org/apache/spark/scheduler/):
// - TaskSchedulerImpl.scala:562 sorts rootPool.getSortedTaskSetQueue ONCE per resourceOffers, and
//   :574-612 offers each task set in that order every offer until it launches nothing (so the first
//   task set can take every free core of the round, although its running count grows meanwhile);
// - Pool.scala:105-113: the pools by the root pool's FairSchedulingAlgorithm, the task sets of each
//   pool by the pool's own algorithm;
// - SchedulingAlgorithm.scala:43-73 (FAIR): below minShare first; both below: runningTasks /
//   max(minShare, 1); neither: runningTasks / weight; ties by name. :29-41 (FIFO): job, then stage;
// - TaskSchedulerImpl.statusUpdate (:832-834) removes a finished task from its task set's (and
//   pool's) running count before the backend offers the freed executor (makeOffers(executorId));
// - a 3.x executor registration offers that executor alone (LaunchedExecutor -> makeOffers(id)).
// The executors join after the jobs' submission so that every round below is decided by the sort,
// and each has one executor, so that the offer shuffle draws nothing.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import type { SimulationResult } from '../../../src/engine';
import { compareTaskSetsFair, fairCompare, Pool, SchedulingMode } from '../../../src/engine/pool';
import type { TaskSetManager } from '../../../src/engine/taskSetManager';
import type { ExecutorSpec, JobSpec, PoolSpec } from '../../../src/format/model';
import { conf, model, task } from './model';
import { newBase } from '../../../src/engine/analysis/sweep';
import { JobKind } from '../../../src/engine/workload';

/** "JOB/INDEX eEXEC launch-end" per attempt, in launch order (ties: the order the engine launched them) */
function trace(r: SimulationResult): string[] {
  return r.attempts.map((a) => `${a.job}/${a.index} e${a.executor} ${a.launch}-${a.end}${a.status === 'success' ? '' : ` ${a.status}`}`);
}

const exec = (id: string, cores: number, joinAt: number, host = `node${id}`): ExecutorSpec => ({ id, host, cores, joinAt });
const job = (name: string, pool: string | undefined, tasks: number, ms: number, submit = 0): JobSpec => ({
  name, submit, ...(pool ? { pool } : {}), stages: [{ name: 's', parents: [], tasks: Array.from({ length: tasks }, () => task(ms)) }],
});
const pool = (name: string, weight: number, minShare = 0, schedulingMode: 'FIFO' | 'FAIR' = 'FIFO'): PoolSpec => ({ name, schedulingMode, weight, minShare });
const FAIR = conf({ schedulerMode: 'FAIR' });

describe('two pools share offers by their weights (FairSchedulingAlgorithm: runningTasks / weight)', () => {
  const jobs = [job('a', 'alpha', 6, 100), job('b', 'beta', 6, 100)];
  const executors = [exec('1', 3, 50)];

  it('weight 1 against 2: beta runs 2 of the 3 slots once tasks start ending', () => {
    const r = simulate(model({ conf: FAIR, pools: [pool('alpha', 1), pool('beta', 2)], executors, jobs }));
    expect(trace(r)).toEqual([
      // 50: executor 1 registers, offered alone. alpha 0/1 = beta 0/2 = 0: tie, "alpha" < "beta".
      // Sorted once: alpha takes all 3 cores before beta is offered anything.
      'a/0 e1 50-150', 'a/1 e1 50-150', 'a/2 e1 50-150',
      // 150, alpha's three ends one by one (each offers the one freed core):
      //   alpha 2/1 = 2 vs beta 0/2 = 0 -> beta; alpha 1 vs beta 1/2 -> beta; alpha 0 vs beta 2/2 = 1 -> alpha
      'b/0 e1 150-250', 'b/1 e1 150-250', 'a/3 e1 150-250',
      // 250, ends in launch order: b (alpha 1 vs beta 1/2) -> beta; b -> beta; a (alpha 0 vs beta 1) -> alpha
      'b/2 e1 250-350', 'b/3 e1 250-350', 'a/4 e1 250-350',
      'b/4 e1 350-450', 'b/5 e1 350-450', 'a/5 e1 350-450',
    ]);
  });

  it('the same jobs in FIFO mode: job a (job id 0) first, the pools ignored (FIFOSchedulableBuilder)', () => {
    const r = simulate(model({ pools: [pool('alpha', 1), pool('beta', 2)], executors, jobs }));
    expect(trace(r)).toEqual([
      'a/0 e1 50-150', 'a/1 e1 50-150', 'a/2 e1 50-150', 'a/3 e1 150-250', 'a/4 e1 150-250', 'a/5 e1 150-250',
      'b/0 e1 250-350', 'b/1 e1 250-350', 'b/2 e1 250-350', 'b/3 e1 350-450', 'b/4 e1 350-450', 'b/5 e1 350-450',
    ]);
  });
});

describe('minShare: a pool below its minShare is served first (s1Needy && !s2Needy)', () => {
  it('weight 10 without minShare against weight 1 with minShare 2: the small pool keeps 2 of 4 slots', () => {
    const r = simulate(model({
      conf: FAIR, pools: [pool('big', 10), pool('small', 1, 2)], executors: [exec('1', 4, 50)],
      jobs: [job('B', 'big', 8, 100), job('S', 'small', 8, 100)],
    }));
    expect(trace(r)).toEqual([
      // 50: small is needy (0 < 2), big is not (0 < 0 is false): small first, and takes all 4 cores
      'S/0 e1 50-150', 'S/1 e1 50-150', 'S/2 e1 50-150', 'S/3 e1 50-150',
      // 150: small 3 (not needy, 3/1) vs big 0/10 -> big; small 2 vs big 1/10 -> big;
      //      small 1 < 2 needy -> small; small 1 needy -> small
      'B/0 e1 150-250', 'B/1 e1 150-250', 'S/4 e1 150-250', 'S/5 e1 150-250',
      // 250: big ends (big 1/10 vs small 2/1) -> big, big; small ends (1 < 2, needy) -> small, small
      'B/2 e1 250-350', 'B/3 e1 250-350', 'S/6 e1 250-350', 'S/7 e1 250-350',
      // 350: small has nothing left to run; every freed core goes to big
      'B/4 e1 350-450', 'B/5 e1 350-450', 'B/6 e1 350-450', 'B/7 e1 350-450',
    ]);
  });
});

describe('inside a pool: its own schedulingMode', () => {
  const jobs = [job('j1', 'p', 4, 100), job('j2', 'p', 4, 100)];
  const executors = [exec('1', 2, 50)];

  it('FIFO pool: job j1 (job id 0) runs all its tasks first (FIFOSchedulingAlgorithm)', () => {
    const r = simulate(model({ conf: FAIR, pools: [pool('p', 1)], executors, jobs }));
    expect(trace(r)).toEqual([
      'j1/0 e1 50-150', 'j1/1 e1 50-150', 'j1/2 e1 150-250', 'j1/3 e1 150-250',
      'j2/0 e1 250-350', 'j2/1 e1 250-350', 'j2/2 e1 350-450', 'j2/3 e1 350-450',
    ]);
  });

  it('FAIR pool: task sets by running tasks (weight 1, minShare 0), ties by name TaskSet_STAGE.ATTEMPT', () => {
    const r = simulate(model({ conf: FAIR, pools: [pool('p', 1, 0, 'FAIR')], executors, jobs }));
    expect(trace(r)).toEqual([
      // 50: both 0 running; "TaskSet_0.0" < "TaskSet_1.0": j1, which takes both cores (sorted once)
      'j1/0 e1 50-150', 'j1/1 e1 50-150',
      // 150: j1 1 vs j2 0 -> j2; j1 0 vs j2 1 -> j1
      'j2/0 e1 150-250', 'j1/2 e1 150-250',
      // 250: j2 ends first (launched first): j2 0 vs j1 1 -> j2; then j1 0 vs j2 1 -> j1
      'j2/1 e1 250-350', 'j1/3 e1 250-350',
      // 350: j1 is done; j2 takes both
      'j2/2 e1 350-450', 'j2/3 e1 350-450',
    ]);
  });

  it('no pools: (no allocation file): 3.5 gives "default" spark.scheduler.mode (FAIR), 2.2 FIFO', () => {
    const plain = [job('j1', undefined, 4, 100), job('j2', undefined, 4, 100)];
    const r35 = simulate(model({ conf: FAIR, executors, jobs: plain }));
    // SchedulableBuilder.scala:89-91 (3.5): the default pool is FAIR, as in the FAIR pool above
    expect(trace(r35).slice(0, 4)).toEqual(['j1/0 e1 50-150', 'j1/1 e1 50-150', 'j2/0 e1 150-250', 'j1/2 e1 150-250']);
    // 2.2's buildDefaultPool: FIFO. 2.2 offers all executors at registration; one executor: the same round
    const r22 = simulate(model({ spark: '2.2', conf: FAIR, executors, jobs: plain }));
    expect(trace(r22).slice(0, 4)).toEqual(['j1/0 e1 50-150', 'j1/1 e1 50-150', 'j1/2 e1 150-250', 'j1/3 e1 150-250']);
  });

  it('a pool no pools: entry declares is created FIFO, weight 1, minShare 0 (addTaskSetManager)', () => {
    const r = simulate(model({ conf: FAIR, pools: [pool('other', 1)], executors, jobs }));
    expect(trace(r).slice(0, 4)).toEqual(['j1/0 e1 50-150', 'j1/1 e1 50-150', 'j1/2 e1 150-250', 'j1/3 e1 150-250']);
  });
});

describe('a recovering job in one pool against another pool\'s job', () => {
  // E is submitted first (job id 0) but its task set comes 25 ms later (submitDelay); R (job id 1)
  // at 10. Executor 2 (1 core) registers at 20 and runs R's only task; it crashes at 300
  // (standalone 3.5: the Worker's exit report, 0 ms, fails the task at once). Executor 1 (2 cores)
  // registers at 30 and runs E's tasks of 400 ms. FIFO puts R's re-run behind all 10 of E's tasks.
  const executors = [exec('2', 1, 20), exec('1', 2, 30)];
  const e = job('E', 'etl', 10, 400, 0);
  e.stages[0].submitDelay = 25;
  const jobs = [e, job('R', 'critical', 1, 1000, 10)];
  const faults = [{ executor: '2', at: 300, kind: 'crash' as const }];
  const pools = [pool('critical', 1), pool('etl', 1)];

  it('FAIR: the re-run takes the first freed slot (its pool runs 0 tasks, etl 1)', () => {
    const r = simulate(model({ conf: FAIR, pools, executors, jobs, faults }));
    // 20: executor 2 alone, R's task set the only one: R/0 there.
    // 30: executor 1 alone; critical 1/1 vs etl 0/1 -> etl takes both cores.
    // 300: R/0 lost, critical back to 0 running. 430: E/0 ends: etl 1 vs critical 0 -> R's re-run;
    // E/1 ends: etl 0 vs critical 1 -> E/2.
    expect(trace(r).slice(0, 6)).toEqual([
      'R/0 e2 20-300 lost', 'E/0 e1 30-430', 'E/1 e1 30-430', 'R/0 e1 430-1430', 'E/2 e1 430-830',
      'E/3 e1 830-1230',
    ]);
    expect(r.faults[0].detectedAt).toBe(300);
    expect(r.faults[0].recoveryLatency).toBe(1430 - 300);
  });

  it('FIFO: the re-run waits until E has launched its last task', () => {
    const r = simulate(model({ pools, executors, jobs, faults }));
    // the same first launches; then E's 10 tasks two at a time from 30: 30, 430, 830, 1230, 1630;
    // R's re-run at 2030, when E has nothing left to launch
    expect(trace(r).slice(0, 3)).toEqual(['R/0 e2 20-300 lost', 'E/0 e1 30-430', 'E/1 e1 30-430']);
    const rerun = r.attempts.find((a) => a.job === 'R' && a.status === 'success')!;
    expect(`${rerun.executor} ${rerun.launch}-${rerun.end}`).toBe('1 2030-3030');
    expect(r.faults[0].recoveryLatency).toBe(3030 - 300);
  });
});

describe('the comparators themselves', () => {
  it('weight 0: running / 0 is Infinity (NaN with none), compared as Java Double.compare does', () => {
    const name = (p: Pool) => p.name;
    const zeroIdle = new Pool('z1', SchedulingMode.FIFO, 0, 0); // 0/0 = NaN: after everything
    const zeroBusy = Object.assign(new Pool('z2', SchedulingMode.FIFO, 0, 0), { runningTasks: 3 }); // Infinity
    const busy = Object.assign(new Pool('b', SchedulingMode.FIFO, 0, 1), { runningTasks: 100 });
    const sorted = [zeroIdle, zeroBusy, busy].sort((a, b) => fairCompare(a, b, name));
    expect(sorted.map((p) => p.name)).toEqual(['b', 'z2', 'z1']);
  });

  it('task set names compare as strings: TaskSet_10.0 before TaskSet_9.0', () => {
    const ts = (id: number, running: number) => ({ stage: { id }, attemptNo: 0, runningTasks: running }) as unknown as TaskSetManager;
    expect(compareTaskSetsFair(ts(10, 0), ts(9, 0))).toBeLessThan(0);
    expect(compareTaskSetsFair(ts(10, 1), ts(9, 0))).toBeGreaterThan(0);
  });
});

describe('streaming outputs and Structured Streaming queries in pools', () => {
  // The recovering-job scenario above with R replaced by a streaming batch job or a micro-batch:
  // batch time 10 (batchInterval 10 ms) / the query's trigger at 10, submitted at once.
  const executors = [exec('2', 1, 20), exec('1', 2, 30)];
  const e = job('E', 'etl', 10, 400, 0);
  e.stages[0].submitDelay = 25;
  const pools = [pool('critical', 1), pool('etl', 1)];
  const faults = [{ executor: '2', at: 300, kind: 'crash' as const }];
  const expected = (r: string) => [`${r}/0 e2 20-300 lost`, 'E/0 e1 30-430', 'E/1 e1 30-430', `${r}/0 e1 430-1430`, 'E/2 e1 430-830', 'E/3 e1 830-1230'];

  it('a streaming output in its pool: the recovering batch takes the first freed slot', () => {
    const streaming = {
      batchInterval: 10, batches: 1, inputs: [],
      outputs: [{ name: 'o', pool: 'critical', stages: [{ name: 'm', parents: [], costPerRecordUs: 0, fixedUs: 0, tasks: 1, duration: { dist: 'fixed' as const, ms: 1000 } }] }],
    };
    const r = simulate(model({ conf: FAIR, pools, executors, jobs: [e], streaming, faults }));
    expect(trace(r).slice(0, 6)).toEqual(expected('o@10'));
    // the batch's processing ends with its re-run (BatchInfo)
    expect(r.batches?.[0].processingEnd).toBe(1430);
  });

  it('a query in its pool: the micro-batch\'s re-run takes the first freed slot', () => {
    const q = {
      name: 'q', pool: 'critical', start: 10, trigger: 1000, availableNow: false, batches: 1, overhead: 0,
      source: { kind: 'rate' as const, topic: '', partitions: 1, recordsPerSecond: 100, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [{ name: 'read', parents: [], partitions: 0, costPerRecordUs: 0, fixedUs: 0, duration: { dist: 'fixed' as const, ms: 1000 } }],
    };
    const r = simulate(model({ conf: FAIR, pools, executors, jobs: [e], queries: [q], faults }));
    expect(trace(r).slice(0, 6)).toEqual(expected('q#0'));
    expect(r.queryBatches?.[0]).toMatchObject({ endedAt: 1430, lossOf: ['2'] });
    // FIFO: E (job id 0) before the batch (job id 1): the re-run waits for E's last launch at 1630
    const fifo = simulate(model({ pools, executors, jobs: [e], queries: [q], faults }));
    expect(fifo.queryBatches?.[0].endedAt).toBe(3030);
  });

  it('two outputs in two pools (concurrentJobs 2): the later output\'s pool of weight 2 gets 2 of 3 slots', () => {
    const out = (name: string) => ({ name, pool: name, stages: [{ name: 'm', parents: [], costPerRecordUs: 0, fixedUs: 0, tasks: 6, duration: { dist: 'fixed' as const, ms: 100 } }] });
    const r = simulate(model({
      conf: conf({ schedulerMode: 'FAIR', concurrentJobs: 2 }), pools: [pool('slow', 1), pool('fast', 2)], executors: [exec('1', 3, 50)], jobs: [],
      streaming: { batchInterval: 10, batches: 1, inputs: [], outputs: [out('slow'), out('fast')] },
    }));
    expect(trace(r)).toEqual([
      // 50: fast 0/2 = slow 0/1 = 0, "fast" < "slow": fast takes the 3 cores
      'fast@10/0 e1 50-150', 'fast@10/1 e1 50-150', 'fast@10/2 e1 50-150',
      // 150: fast 2/2 vs slow 0 -> slow; fast 1/2 vs slow 1/1 -> fast; again fast 1/2 vs 1 -> fast
      'slow@10/0 e1 150-250', 'fast@10/3 e1 150-250', 'fast@10/4 e1 150-250',
      // 250: slow 0 vs fast 1 -> slow; fast 1/2 vs slow 1 -> fast (its last); fast first again, nothing left -> slow
      'slow@10/1 e1 250-350', 'fast@10/5 e1 250-350', 'slow@10/2 e1 250-350',
      'slow@10/3 e1 350-450', 'slow@10/4 e1 350-450', 'slow@10/5 e1 350-450',
    ]);
  });
});

describe('SJ179: a recovery waiting behind another pool\'s tasks', () => {
  const executors = [exec('2', 1, 20), exec('1', 2, 30)];
  const e = job('E', 'etl', 10, 400, 0);
  e.stages[0].submitDelay = 25;
  const jobs = [e, job('R', 'critical', 1, 1000, 10)];
  const faults = [{ executor: '2', at: 300, kind: 'crash' as const }];
  const analysis = { sweep: false, sweepTimes: 8, sweepHangs: false, stallThreshold: 100 };

  it('etl below its minShare 2 takes every freed slot first; the finding names it and the minShare that helps', () => {
    const m = model({ conf: FAIR, pools: [pool('critical', 1), pool('etl', 1, 2)], executors, jobs, faults, analysis });
    const a = analyzeFile(m);
    // 430, 830, 1230, 1630: each end leaves etl at 1 running, below its minShare 2 (needy), critical
    // at 0 is not needy (0 < 0 is false): etl first until E has launched its 10th task; R at 2030
    const rerun = a.result.attempts.find((x) => x.job === 'R' && x.status === 'success')!;
    expect([rerun.executor, rerun.launch]).toEqual(['1', 2030]);
    const f = a.findings.filter((x) => x.code === 'SJ179');
    expect(f).toHaveLength(1);
    expect(f[0].target).toEqual({ kind: 'fault', index: 0 });
    expect(f[0].message).toBe("After executor 2's crash at 300 ms, the re-run R/s/0 (pool critical, weight 1, minShare 0) waited 1.73 s for a slot " +
      'while the slots that freed went to 8 tasks of pool etl (weight 1, minShare 2): FAIR scheduling offered that pool first; recovery takes 2.73 s. ' +
      // the advice, simulated: both pools needy, critical 0/1 before etl 1/2 -> the re-run at the first end, 430
      'With minShare 1 on pool critical (below it, a pool is offered before every pool that is not) it takes 1.13 s.');
    const advised = analyzeFile({ ...m, pools: [pool('critical', 1, 1), pool('etl', 1, 2)] });
    expect(advised.result.faults[0].recoveryLatency).toBe(1430 - 300);
    expect(advised.findings.filter((x) => x.code === 'SJ179')).toEqual([]);
  });

  it('no finding when the re-run got the first freed slot, nor in FIFO mode', () => {
    expect(analyzeFile(model({ conf: FAIR, pools: [pool('critical', 1), pool('etl', 1)], executors, jobs, faults, analysis })).findings
      .filter((x) => x.code === 'SJ179')).toEqual([]);
    expect(analyzeFile(model({ pools: [pool('critical', 1), pool('etl', 1, 2)], executors, jobs, faults, analysis })).findings
      .filter((x) => x.code === 'SJ179')).toEqual([]);
  });
});

describe('recovery: reserved-slots hands its slots out in the order of the round\'s offers (the sorted pools)', () => {
  // Executor 1 (2 cores) runs a/0 and b/0, which prefer it (cached blocks); executor 2 runs a/1
  // and executor 3 b/1 (100 s each), and executor 3 has one reserved slot. Executor 1 crashes at
  // 1 s (standalone 3.5: the Worker's report at once): a/0 and b/0 are re-runs with no live
  // holder, so either may take the reserved slot (recovery.ts), and there is one.
  const jobs: JobSpec[] = [
    { name: 'a', submit: 0, pool: 'pa', stages: [{ name: 's', parents: [], tasks: [task(2000, ['exec:1']), task(100_000)] }] },
    { name: 'b', submit: 0, pool: 'pb', stages: [{ name: 's', parents: [], tasks: [task(2000, ['exec:1']), task(100_000)] }] },
  ];
  const executors = [exec('1', 2, 0), exec('2', 1, 0), exec('3', 1, 0)];
  const run = (pools: PoolSpec[], schedulerMode: 'FIFO' | 'FAIR') => simulate(model({
    conf: conf({ schedulerMode }), pools, executors, jobs,
    recovery: { policy: 'reserved-slots', reservedSlots: { perExecutor: { '3': 1 }, all: 0 }, reserveForReceivers: false },
    faults: [{ executor: '1', at: 1000, kind: 'crash' }],
  }));
  const reruns = (r: SimulationResult) => r.attempts.filter((a) => a.attempt === 1).map((a) => `${a.job}/${a.index} e${a.executor} ${a.launch}${a.reservedSlot ? ' reserved' : ''}`);

  it('FAIR: pool pb is below its minShare (1 running < 2), so it is offered first and its re-run takes the reserved slot at 1 s', () => {
    // at 1000: pa runs a/1 (1 task, minShare 0), pb runs b/1 (1 < minShare 2: needy) -> pb first
    // (SchedulingAlgorithm.scala:43-73); a/0 waits for the reserved slot to free when b/0 ends
    // (1000 + 2000: the task end offers executor 3)
    const r = run([pool('pa', 1), pool('pb', 1, 2)], 'FAIR');
    expect(reruns(r)).toEqual(['b/0 e3 1000 reserved', 'a/0 e3 3000 reserved']);
  });

  it('FAIR with pa needy instead: a\'s re-run takes it; FIFO mode: the first job\'s, whatever the pools', () => {
    expect(reruns(run([pool('pa', 1, 2), pool('pb', 1)], 'FAIR'))[0]).toBe('a/0 e3 1000 reserved');
    expect(reruns(run([pool('pa', 1), pool('pb', 1, 2)], 'FIFO'))[0]).toBe('a/0 e3 1000 reserved');
  });
});

describe('a receiver\'s job runs in the pool of the thread that submits it: "default"', () => {
  it('the outputs\' pool does not reach it (ReceiverTrackerEndpoint submits it from an RPC dispatcher thread)', () => {
    // ReceiverTracker.scala (3.5.0) ReceiverTrackerEndpoint.receive(StartAllReceivers /
    // RestartReceiver) -> startReceiver -> sparkContext.submitJob, on the shared dispatcher thread
    // that runs the endpoint: its local properties were inherited (cloned, SparkContext.scala
    // localProperties.childValue) when the RpcEnv started the thread inside the SparkContext's
    // constructor, before any spark.scheduler.pool could be set on that context; setJobDescription
    // and setCallSite are all startReceiver sets. So FairSchedulableBuilder.addTaskSetManager finds
    // no pool property: "default" (SchedulableBuilder.scala:189-210), whatever pool the thread that
    // called ssc.start() had (StreamingContext's savedProperties reach the output jobs only,
    // JobScheduler.JobHandler).
    const m = model({
      conf: FAIR, pools: [pool('ingest', 1, 4), pool('default', 1)], executors: [exec('1', 2, 0), exec('2', 2, 0)], jobs: [],
      streaming: {
        batchInterval: 1000, batches: 1,
        inputs: [{ kind: 'receiver', name: 'socket', storageLevel: 'MEMORY_AND_DISK_SER_2', replication: 2, recordsPerSecond: 100, recordSize: 100, writeAheadLog: false }],
        outputs: [{ name: 'o', pool: 'ingest', stages: [{ name: 'm', parents: [], input: 'socket', costPerRecordUs: 100, fixedUs: 0 }] }],
      },
    });
    const sim = newBase(m);
    sim.run();
    const fair = sim.scheduler.fair!;
    const names = sim.jobs.map((j) => `${j.kind === JobKind.Receiver ? 'receiver' : 'output'}:${fair.poolOfJob(j)?.name}`);
    expect(names).toContain('receiver:default');
    expect(names).toContain('output:ingest');
    expect(names.filter((n) => n.startsWith('receiver:'))).toEqual(['receiver:default']);
  });
});
