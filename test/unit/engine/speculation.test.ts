// spark.speculation, rule by rule, with launches derived by hand from Spark's code. Paths are
// Spark 3.5.0's core/src/main/scala/org/apache/spark/ (TSM = scheduler/TaskSetManager.scala,
// TSI = scheduler/TaskSchedulerImpl.scala); 2.2 rules are named after its methods.
// The common shape: executor 1 (h1) runs three 1000 ms tasks that prefer it, executor 2 (h2) runs
// task 3, which prefers it. All four launch PROCESS_LOCAL at 0 whatever the offer order.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { advise } from '../../../src/engine/analysis/advisor';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import { sweep } from '../../../src/engine/analysis/sweep';
import type { FaultSpec, JobSpec, SparkConf } from '../../../src/format/model';
import { conf, execs, model, task } from './model';

/** "task#attempt exec launch-end LOCALITY [status] [spec]" per attempt, in launch order */
function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task) || a.attempt - b.attempt)
    .map((a) => `${a.task.split('/').pop()}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}` +
      `${a.status === 'success' ? '' : ' ' + a.status}${a.speculative ? ' spec' : ''}`);
}

const ON: SparkConf['speculation'] = { enabled: true, interval: 100, multiplier: 1.5, quantile: 0.75, minTaskRuntime: 100 };
const spec = (over: Partial<SparkConf['speculation']> = {}, rest: Partial<SparkConf> = {}) => conf({ ...rest, speculation: { ...ON, ...over } });

/** three `ms` tasks on executor 1, then `last` (ms) on executor 2 */
function stage(ms: number, last: number): JobSpec {
  return { name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [
    task(ms, ['exec:1']), task(ms, ['exec:1']), task(ms, ['exec:1']), task(last, ['exec:2'])] }] };
}
const hang2 = (at: number): FaultSpec[] => [{ executor: '2', at, kind: 'hang' }];
/** executor 3 shares executor 2's host: a copy of task 3 may never go there (hasAttemptOnHost) */
const cluster = () => execs(['1', 'h1', 3], ['2', 'h2', 1], ['3', 'h2', 1]);

describe('checkSpeculatableTasks: the threshold, the tick, where the copy goes, the loser killed', () => {
  it('a slow task gets a copy at the first check past 1.5 x the median; the original wins and the copy is killed', () => {
    // TSM:89 minFinished = max(floor(0.75 x 4), 1) = 3, reached at 1000 (tasks 0-2 end).
    // PercentileHeap.percentile (util/collection/PercentileHeap.scala:49-52) = sorted(floor(3/2)) = 1000;
    // TSM:1200 threshold = max(1.5 x 1000, minTaskRuntime 100) = 1500. TSI:239 checks every 100 ms
    // from 100; TSM:1161 is strict: at 1500 task 3 has run 1500 (not more), at 1600 1600 > 1500.
    // TSI:1018 revives: the copy is dequeued after the regular tasks (TSM:354-362) through the
    // levels: executor 1 has no cached block of it (PROCESS), h1 is not its host (NODE), so it goes
    // ANY on executor 1; executor 3 is free but on h2, where task 3 already runs (TSM:319, 337).
    // Task 3 ends at 3000 on executor 2: TSM:819-826 kills the copy, whose StatusUpdate(KILLED)
    // frees its slot at once (CoarseGrainedSchedulerBackend.scala:165-176).
    const r = simulate(model({ executors: cluster(), conf: spec(), jobs: [stage(1000, 3000)] }));
    expect(trace(r)).toEqual([
      '0#0 e1 0-1000 PROCESS_LOCAL', '1#0 e1 0-1000 PROCESS_LOCAL', '2#0 e1 0-1000 PROCESS_LOCAL', '3#0 e2 0-3000 PROCESS_LOCAL',
      '3#1 e1 1600-3000 ANY killed spec',
    ]);
    // the copy became ready when it was marked
    expect(r.attempts.find((a) => a.speculative)).toMatchObject({ readyAt: 1600, recovery: false });
    expect(r.metrics.makespan).toBe(3000);
  });

  it('off (the default): no copy', () => {
    const r = simulate(model({ executors: cluster(), jobs: [stage(1000, 3000)] }));
    expect(r.attempts.some((a) => a.speculative || a.status === 'killed')).toBe(false);
  });
});

describe('what speculation does for recovery', () => {
  it('a hang is rescued by a copy at the speculation delay, not the heartbeat timeout', () => {
    // Executor 2 hangs at 500 with task 3 (1000 ms) on it: its StatusUpdate never comes. The copy
    // is marked at 1600 as above and runs 1600-2600 ANY on executor 1; the job ends at 2600.
    // The KillTask never reaches the hung executor: the original keeps its slot and, as the run
    // ends first, ends 'lost' with the run. HeartbeatReceiver would remove executor 2 only at
    // 180 000 (last beat 0, 120 s timeout, checks every 60 s).
    const m = (c: SparkConf) => model({ executors: cluster(), conf: c, faults: hang2(500), jobs: [stage(1000, 1000)] });
    const r = simulate(m(spec()));
    expect(trace(r)).toEqual([
      '0#0 e1 0-1000 PROCESS_LOCAL', '1#0 e1 0-1000 PROCESS_LOCAL', '2#0 e1 0-1000 PROCESS_LOCAL', '3#0 e2 0-2600 PROCESS_LOCAL lost',
      '3#1 e1 1600-2600 ANY spec',
    ]);
    expect(r.faults[0]).toMatchObject({ detectedAt: null, lostTasks: [],
      speculation: { stoppedTasks: ['j/s/3'], rescued: ['j/s/3'], copies: 1, doneAt: 2600 } });
    // without speculation: detected at 180 000, the re-run ends at 181 000
    const off = simulate(m(conf()));
    expect(off.faults[0]).toMatchObject({ detectedAt: 180_000, recoveredAt: 181_000, lostTasks: ['j/s/3'] });
    expect(off.metrics.makespan).toBe(181_000);
    expect(r.metrics.makespan).toBe(2600); // 2.1 s after the hang instead of 180.5 s
  });

  it('the hung original holds its slot until the executor is removed, and is not re-run then', () => {
    // A second job keeps the run going past the heartbeat expiry at 180 000: TaskSetManager.executorLost
    // fails the original (ExecutorLostFailure); its partition is successful, so nothing is re-run (TSM:987-995).
    const jobs = [stage(1000, 1000), { name: 'k', submit: 179_000, stages: [{ name: 's', parents: [], tasks: [task(5000, ['exec:1'])] }] }];
    const r = simulate(model({ executors: cluster(), conf: spec(), faults: hang2(500), jobs }));
    expect(trace(r).filter((t) => t.startsWith('3#'))).toEqual(['3#0 e2 0-180000 PROCESS_LOCAL lost', '3#1 e1 1600-2600 ANY spec']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 180_000, lostTasks: [], recoveredAt: 180_000, recoveryLatency: 0,
      speculation: { rescued: ['j/s/3'], doneAt: 2600 } });
  });

  it('a re-run waiting for a local slot is not running: speculation never copies it', () => {
    // 3.5 variant of the paper's Fig. 2 with a quick task 3 (no preference) so that the quantile
    // gate is open before the crash: minFinished = max(floor(0.25 x 4), 1) = 1, reached at 1150.
    // Executor 2 crashes at 1250 (standalone 3.5: detected at once). The re-run of task 1 waits for
    // node1 (task 2 keeps the set at NODE_LOCAL for 3 s) while executor 3 is free: it is pending,
    // not in runningTasksSet, so checkAndSubmitSpeculatableTasks (TSM:1116-1176) never sees it.
    // Task 0 (running since 1100) IS marked at 1300 (200 > max(1.5 x 50, 100)); its copy obeys the
    // allowed level NODE_LOCAL (TSM:354-411), so it does not take executor 3 either. The re-run
    // takes executor 1 when task 0 ends at 1410, as without speculation: recovery 410 ms, 160 ms of it
    // a locality wait.
    const m = (c: SparkConf) => model({
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]), conf: c,
      jobs: [{ name: 'J', submit: 1100, stages: [{ name: 'map', parents: [], tasks: [
        task(310, ['host:node1']), task(250, ['host:node2', 'host:node1']), task(200, ['host:node1']), task(50)] }] }],
      faults: [{ executor: '2', at: 1250, kind: 'crash' }],
    });
    const r = simulate(m(spec({ quantile: 0.25 })));
    const expected = [
      '0#0 e1 1100-1410 NODE_LOCAL', '1#0 e2 1100-1250 NODE_LOCAL lost', '3#0 e3 1100-1150 PROCESS_LOCAL',
      '1#1 e1 1410-1660 NODE_LOCAL', '2#0 e1 1660-1860 NODE_LOCAL',
    ];
    expect(trace(r)).toEqual(expected);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 410, localityWait: 160, stalled: true,
      speculation: { stoppedTasks: ['J/map/1'], rescued: [], copies: 0, doneAt: 1660 } });
    expect(trace(simulate(m(conf())))).toEqual(expected);
  });
});

describe('the gates of checkSpeculatableTasks', () => {
  const two = (quantile: number) => simulate(model({
    executors: execs(['1', 'h1', 2], ['2', 'h2', 2]), conf: spec({ quantile }), faults: hang2(500),
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [
      task(1000, ['exec:1']), task(1000, ['exec:1']), task(1000, ['exec:2']), task(1000, ['exec:2'])] }] }],
  }));
  it('quantile: two successes of four never reach minFinished 3, so the hang waits for the heartbeat', () => {
    // TSM:89 max(floor(0.75 x 4), 1) = 3 > 2 successful durations (TSM:1197-1198)
    const r = two(0.75);
    expect(r.attempts.some((a) => a.speculative)).toBe(false);
    expect(r.faults[0]).toMatchObject({ detectedAt: 180_000, recoveredAt: 181_000 });
  });
  it('quantile 0.5: minFinished 2, both stuck tasks copied at 1600 on executor 1', () => {
    // 2 successes at 1000, sorted(floor(2/2)) = 1000, threshold 1500, first check past it 1600;
    // executor 1 has two free slots: both copies ANY (h1 is not their host)
    const r = two(0.5);
    expect(trace(r).filter((t) => t.endsWith('spec'))).toEqual(['2#1 e1 1600-2600 ANY spec', '3#1 e1 1600-2600 ANY spec']);
    expect(r.faults[0].speculation).toMatchObject({ rescued: ['j/s/2', 'j/s/3'], doneAt: 2600 });
  });

  it('minTaskRuntime: 1.5 x a 40 ms median is below it, so the threshold is the minimum (3.x key)', () => {
    // threshold = max(60, 100) = 100: task 3 (launched at 0) has run 200 > 100 at the check at 200
    // (100 is not > 100); with spark.speculation.minTaskRuntime 500 ms the check at 600.
    const run = (minTaskRuntime: number, spark: '2.2' | '3.5' = '3.5') => simulate(model({
      spark, executors: cluster(), conf: spec({ minTaskRuntime }), faults: hang2(10), jobs: [stage(40, 40)],
    }));
    expect(trace(run(100)).pop()).toBe('3#1 e1 200-240 ANY spec');
    expect(trace(run(500)).pop()).toBe('3#1 e1 600-640 ANY spec');
  });

  it('spark.speculation.task.duration.threshold speculates a one-task set (3.x, tasks <= one executor\'s slots)', () => {
    // TSM:1187 a one-task set is never speculated unless the threshold is set; TSM:1205-1208 then
    // applies it when numTasks <= slots of one executor (TSM:102-111): spark.executor.cores /
    // spark.task.cpus, or 1 on standalone without spark.executor.cores (SPARK-30417).
    const one = (c: SparkConf, tasks = [task(1000, ['exec:2'])]) => simulate(model({
      executors: cluster(), conf: c, faults: hang2(500), jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks }] }],
    }));
    expect(one(spec()).attempts.some((a) => a.speculative)).toBe(false);
    // threshold 2 s: the first check with a run time > 2000 is at 2100
    expect(trace(one(spec({ durationThreshold: 2000 }))).pop()).toBe('0#1 e1 2100-3100 ANY spec');
    // two tasks on standalone with spark.executor.cores unset: 2 > 1 slot, so no copy until the
    // quantile route opens: minFinished max(floor(0.75 x 2), 1) = 1 at 60 000, threshold 90 000,
    // task 0 (running since 0) copied at the check at 90 100
    const pair = [task(1000, ['exec:2']), task(60_000, ['exec:1'])];
    expect(trace(one(spec({ durationThreshold: 2000 }), pair)).filter((t) => t.endsWith('spec'))).toEqual(['0#1 e1 90100-91100 ANY spec']);
    // with spark.executor.cores 2: 2 tasks <= 2 slots, both running longer than 2 s at 2100, both
    // copied: task 0's on executor 1 (not h2, where it runs), task 1's on executor 3 (not h1); the
    // original of task 1 wins at 60 000 and its copy is killed
    expect(trace(one(spec({ durationThreshold: 2000 }, { executorCores: 2 }), pair)).filter((t) => t.endsWith('spec')))
      .toEqual(['0#1 e1 2100-3100 ANY spec', '1#1 e3 2100-60000 ANY killed spec']);
  });
});

describe('Spark 2.2', () => {
  // five tasks: 1000, 1000, 3000, 3000 ms on executor 1 and task 4 on executor 2, which hangs at 500.
  const run = (spark: '2.2' | '3.5') => simulate(model({
    spark, executors: execs(['1', 'h1', 4], ['2', 'h2', 1]), conf: spec(), faults: hang2(500),
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [
      task(1000, ['exec:1']), task(1000, ['exec:1']), task(3000, ['exec:1']), task(3000, ['exec:1']), task(1000, ['exec:2'])] }] }],
  }));
  it('takes the true median (MedianHeap: the mean of the two middle durations), 3.x the upper one', () => {
    // minFinished floor(0.75 x 5) = 3, reached at 3000 with four successes [1000 1000 3000 3000].
    // 2.2 MedianHeap.median = (1000 + 3000) / 2 = 2000, threshold max(3000, 100) = 3000: the check at
    // 3000 runs after the task ends of that instant but 3000 is not > 3000, so 3100.
    // 3.5 PercentileHeap: sorted(2) = 3000, threshold 4500: the check at 4600.
    // 2.2 dequeueSpeculativeTask: no cached block or host match on executor 1, so ANY.
    expect(trace(run('2.2')).pop()).toBe('4#1 e1 3100-4100 ANY spec');
    expect(trace(run('3.5')).pop()).toBe('4#1 e1 4600-5600 ANY spec');
  });
});

describe('findings: what speculation does for a hang (SJ161), and what it would do (SJ162)', () => {
  // the hang of "what speculation does for recovery": task 3 stuck on executor 2 from 500, its
  // copy 1600-2600 on executor 1; without speculation the heartbeat expiry at 180 000 and the
  // re-run 180 000-181 000
  const m = (on: boolean) => model({ executors: cluster(), conf: on ? spec() : conf(), faults: hang2(500), jobs: [stage(1000, 1000)] });
  it('SJ161 at the fault: rescued by a copy, done 2.1 s after the hang, against 3 min without', () => {
    const a = analyzeFile(m(true), { sweep: false });
    const f = a.findings.filter((x) => x.code === 'SJ161');
    expect(f).toHaveLength(1);
    expect(f[0].target).toEqual({ kind: 'fault', index: 0 });
    expect(f[0].message).toContain('rescued its only stopped task of executor 2\'s hang at 500 ms');
    expect(f[0].message).toContain('done at 2.6 s, 2.1 s after the fault');
    expect(f[0].message).toContain('before the driver noticed the loss at all');
    // 181 000 - 500 = 180.5 s, read "3 min 1 s"; the expiry at 180 000 is "3 min"
    expect(f[0].message).toContain('Without speculation they would be done at 3 min 1 s (3 min 1 s after the fault, the driver noticing it at 3 min)');
    // the fault is not reported as changing nothing (SJ102), though the driver never noticed it
    expect(a.findings.some((x) => x.code === 'SJ102')).toBe(false);
  });
  it('SJ162 at the hang when speculation is off: its cost both ways, and the fault-free price (no copy here)', () => {
    const a = analyzeFile(m(false), { sweep: false });
    const f = a.findings.filter((x) => x.code === 'SJ162');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('executor 2\'s hang at 500 ms costs 3 min 1 s');
    expect(f[0].message).toContain('noticed at 3 min');
    expect(f[0].message).toContain('be done 2.1 s after the fault');
    // fault-free: the four tasks end together at 1000, nothing runs past a threshold
    expect(f[0].message).toContain('without faults it launches no copy in this file');
    expect(f[0].fixes).toEqual([{ kind: 'setConf', key: 'spark.speculation', value: 'true' }]);
  });
  it('a crash gets no SJ162: speculation does not wait for a heartbeat there', () => {
    const crash = model({ executors: cluster(), jobs: [stage(1000, 1000)], faults: [{ executor: '2', at: 500, kind: 'crash' }] });
    expect(analyzeFile(crash, { sweep: false }).findings.some((x) => x.code === 'SJ162')).toBe(false);
  });
});

describe('the advisor with swept hangs', () => {
  it('compares the worst swept hang with and without speculation, and prices speculation without faults', () => {
    const m = model({ executors: cluster(), conf: conf(), jobs: [stage(1000, 1000)],
      analysis: { sweep: true, sweepTimes: 2, sweepHangs: true, stallThreshold: 100 } });
    const swept = sweep(m);
    const advice = advise(m, swept);
    // every hang of executor 1 or 2 at 333 or 666 stops running tasks; executor 3 runs nothing
    expect(advice.speculation).toMatchObject({ enabled: false, hangs: 4, copies: 0, killedSlotMs: 0, makespanChangeMs: 0 });
    // without, worst: executor 1 hangs at 333 with tasks 0-2; expiry at 180 000 (last beat 0, 120 s
    // timeout, checks every 60 s), three re-runs on the two slots of executors 2 and 3: 182 000
    expect(advice.speculation!.worstWithoutMs).toBe(182_000 - 333);
    // with: executor 1's hang at 333 stops tasks 0-2, and task 3's success alone is short of
    // minFinished 3: no copy, the heartbeat decides there too (executor 2's hangs are rescued at
    // 2600, copies marked at 1600)
    expect(advice.speculation!.worstWithMs).toBe(182_000 - 333);
    expect(advice.summary.at(-1)).toMatch(/^Hangs: the worst of 4 swept hangs costs 3 min 2 s \(the heartbeat timeout\); with spark.speculation: true /);
  });
});

describe('with dynamic allocation', () => {
  it('a speculatable task whose copy has no slot counts as pending: an executor is requested for it', () => {
    // Kubernetes (a new executor is its own host pod-2), one executor of one core, newExecutorDelay 2 s.
    // Tasks 0-2 (100 ms) run 0-300 on executor 1, task 3 (10 s) from 300: no task pending after 300,
    // so no request. minFinished 3 at 300, threshold max(1.5 x 100, 100) = 150: task 3 (running
    // since 300) is marked at the check at 500; executor 1's host already ran it, so the copy waits.
    // ExecutorAllocationManager.scala:820-830 onSpeculativeTaskSubmitted -> backlogged: addTime =
    // 500 + 1 s; at 1500 the target becomes 2 (needed ceil((1 pending copy + 1 running) / 1) = 2,
    // :289-300), executor 2 registers at 3500 and, offered alone, takes the copy (no preference:
    // PROCESS_LOCAL); the original ends at 10 300 and the copy is killed.
    const jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(100), task(100), task(100), task(10_000)] }] }];
    const m = (on: boolean) => {
      const x = model({ executors: execs(['1', 'pod-1', 1]), jobs,
        conf: conf({ speculation: { ...ON, enabled: on }, dynamicAllocation: { ...conf().dynamicAllocation, enabled: true, initialExecutors: 1 } }) });
      x.cluster = { ...x.cluster, manager: 'kubernetes', newExecutorDelay: 2000 };
      return simulate(x);
    };
    const r = m(true);
    expect(trace(r).filter((t) => t.startsWith('3#'))).toEqual(['3#0 e1 300-10300 PROCESS_LOCAL', '3#1 e2 3500-10300 PROCESS_LOCAL killed spec']);
    expect(r.executors.map((e) => `${e.id}+${e.addedAt}`)).toEqual(['1+0', '2+3500']);
    expect(m(false).executors.map((e) => e.id)).toEqual(['1']);
  });
});
