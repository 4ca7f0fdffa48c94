// Rules from the fidelity audit (../shared/reference/fidelity-audit.md), one describe per finding.
// Every expected launch is derived by hand from Spark's code (file:line in the comments, Spark
// 3.5.0 unless it says 2.2); the audit's scenarios first, then scenarios of our own.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { ANY, NODE_LOCAL, NO_PREF } from '../../../src/engine/locality';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { makeStage, Pref, StageKind } from '../../../src/engine/workload';
import { conf, execs, model, task } from './model';

const MB = 1024 * 1024;
const net0 = { bandwidth: 125 * MB, latency: 0 };

/** "task#attempt exec launch-end LOCALITY status" per attempt, in launch order */
function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').slice(1).join('/')}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

describe('F1: 3.x offers only schedulable task sets (Pool.getSortedTaskSetQueue filter isSchedulable)', () => {
  const scenario1 = (spark: '2.2' | '3.5') => model({
    spark, network: net0,
    executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
    jobs: [{ name: 'J', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2', 'host:node1'])] }] }],
    faults: [{ executor: '2', at: 1500, kind: 'crash' }],
  });

  it('audit scenario 1: the idle set keeps the PROCESS_LOCAL index of the t = 0 reset; the re-run waits for the 3 s timer', () => {
    // t = 0 (full offer): s/0 -> e1, s/1 -> e2 PROCESS_LOCAL; e3's ANY dequeue empties `all`, so
    // hasScheduleDelayReject is false (TaskSetManager.scala:497-501) and the 3.x reset sets index 0,
    // lastReset 0 (TaskSchedulerImpl.scala:614-624). From then isSchedulable is false
    // (TaskSetManager.scala:1029-1030): no tick touches it. 1500: s/1 re-queued, recomputeLocality
    // maps PROCESS_LOCAL to index 0 of [NODE_LOCAL, ANY]; e3 is declined until 3000 - 0 >= 3000.
    const r = simulate(scenario1('3.5'));
    expect(trace(r)).toEqual(['s/0#0 e1 0-10000 PROCESS_LOCAL', 's/1#0 e2 0-1500 PROCESS_LOCAL lost', 's/1#1 e3 3000-13000 ANY']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 1500, recoveredAt: 13_000, recoveryLatency: 11_500, localityWait: 1500, stalled: true });
  });

  it('2.2 walks every task set (2.2 Pool.scala:111-119 has no filter): the set is at ANY, the re-run starts at the loss', () => {
    // 2.2 resets on each launch, then e3's walk at t = 0 moves the index to ANY; the loss maps ANY to ANY.
    const r = simulate(scenario1('2.2'));
    expect(trace(r)).toEqual(['s/0#0 e1 0-10000 PROCESS_LOCAL', 's/1#0 e2 0-1500 PROCESS_LOCAL lost', 's/1#1 e3 1500-11500 ANY']);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 10_000, localityWait: 0, stalled: false });
  });

  it('an executor registering while the set is idle does not recompute its levels (executorAdded loops over the sorted, filtered sets)', () => {
    // TaskSchedulerImpl.scala:563-569. Job A holds e3. J/s/1 prefers [exec:3, host:node2]; process
    // wait 500 ms. The 1000 tick walks PROCESS_LOCAL out (lastReset 500), launches s/0 -> e1 and
    // s/1 -> e2 NODE_LOCAL; e4 empties `all`; no reject: reset to NODE_LOCAL (index 1, lastReset 1000).
    // e5 registers at 1200 (the set is idle: untouched). Crash of e2 at 1500: levels [PROCESS, NODE,
    // ANY], index still NODE_LOCAL: ANY at the 4000 tick (4000 - 1000 >= 3000), not at the loss.
    // (A recompute at the registration would give the same here: it maps NODE_LOCAL to ANY in
    // [PROCESS, ANY] and SPARK-31837 shifts it back to NODE_LOCAL at the loss.)
    const r = simulate(model({
      network: net0, conf: conf({ localityWait: { process: 500, node: 3000, rack: 3000 } }),
      executors: [...execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1], ['4', 'node4', 1]),
        { id: '5', host: 'node5', cores: 1, joinAt: 1200 }],
      jobs: [
        { name: 'A', submit: 0, stages: [{ name: 'x', parents: [], tasks: [task(20_000, ['exec:3'])] }] },
        { name: 'J', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['host:node1']), task(10_000, ['exec:3', 'host:node2'])] }] },
      ],
      faults: [{ executor: '2', at: 1500, kind: 'crash' }],
    }));
    expect(trace(r).filter((l) => l.startsWith('s/'))).toEqual(['s/0#0 e1 1000-11000 NODE_LOCAL', 's/1#0 e2 1000-1500 NODE_LOCAL lost',
      expect.stringMatching(/^s\/1#1 e[45] 4000-14000 ANY$/)]);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 12_500, localityWait: 2500, stalled: true });
  });

  describe('held-out: a frozen level keeps a re-run on its host', () => {
    // e2 and e3 share node2. s/1 prefers exec:2 (so node2 too). t = 0: PROCESS pass s/1 -> e2;
    // NODE pass s/0 -> e1; e3/e4 walk to ANY and empty `all`; full round, no reject: reset to
    // PROCESS_LOCAL (index 0, lastReset 0). Crash of e2 at 2500: levels [NODE_LOCAL, ANY], index 0,
    // 2500 - 0 < 3000, so only e3 (node2) may take s/1: NODE_LOCAL at 2500, no remote read.
    const heldOut = (busyE3: boolean) => model({
      network: net0,
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node2', 1], ['4', 'node3', 1]),
      jobs: [
        ...(busyE3 ? [{ name: 'A', submit: 0, stages: [{ name: 'x', parents: [], tasks: [task(9000, ['exec:3'])] }] }] : []),
        { name: 'J', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(8000, ['host:node1']), task(8000, ['exec:2'], 125 * MB)] }] },
      ],
      faults: [{ executor: '2', at: 2500, kind: 'crash' }],
    });
    it('with e3 free: NODE_LOCAL on e3 at the loss (an idle set walked to ANY could have read remotely from e4)', () => {
      const r = simulate(heldOut(false));
      expect(trace(r).filter((l) => l.startsWith('s/1'))).toEqual(['s/1#0 e2 0-2500 PROCESS_LOCAL lost', 's/1#1 e3 2500-10500 NODE_LOCAL']);
      expect(r.faults[0]).toMatchObject({ recoveryLatency: 8000, localityWait: 0, stalled: false });
    });
    it('with e3 busy (job A): the re-run waits for the frozen NODE_LOCAL timer, then reads remotely on e4 at the 3 s tick', () => {
      // Job A (id 0) takes e3 first. The 3000 tick: 3000 - 0 >= 3000 -> ANY on e4: 8000 + 1000 ms read.
      const r = simulate(heldOut(true));
      expect(trace(r).filter((l) => l.startsWith('s/1'))).toEqual(['s/1#0 e2 0-2500 PROCESS_LOCAL lost', 's/1#1 e4 3000-12000 ANY']);
      expect(r.faults[0]).toMatchObject({ recoveryLatency: 9500, localityWait: 500, stalled: true });
    });
  });
});

describe('F2: spark.shuffle.service.enabled keeps a lost executor\'s map outputs', () => {
  it('audit scenario 2: only the running reducer is re-run, on e1 at ANY when the node wait ends (no map re-run)', () => {
    // TaskSetManager.scala:1049-1052 (maybeShuffleMapOutputLoss false), DAGScheduler.scala:2576-2582
    // (fileLost false). m 0-1000; r submitted at 1000 (lastReset 1000); r/1 re-queued at 3000 prefers
    // node2 only (no live executor: levels [NODE_LOCAL (node1 key), ANY]); r/0 ends at 6000 and the
    // offer to e1 is at ANY (6000 - 1000 >= 3000).
    const r = simulate(model({
      network: net0, conf: conf({ shuffle: { serviceEnabled: true, ioMaxRetries: 3, ioRetryWait: 5000 } }),
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: [{ name: 'J', submit: 0, stages: [
        { name: 'm', parents: [], tasks: [task(1000, ['exec:1']), task(1000, ['exec:2'])] },
        { name: 'r', parents: ['m'], tasks: [task(5000, ['host:node1']), task(5000, ['host:node2'])] },
      ] }],
      faults: [{ executor: '2', at: 3000, kind: 'crash' }],
    }));
    expect(trace(r)).toEqual([
      'm/0#0 e1 0-1000 PROCESS_LOCAL', 'm/1#0 e2 0-1000 PROCESS_LOCAL',
      'r/0#0 e1 1000-6000 NODE_LOCAL', 'r/1#0 e2 1000-3000 NODE_LOCAL lost', 'r/1#1 e1 6000-11000 ANY',
    ]);
    expect(r.faults[0]).toMatchObject({ lostTasks: ['J/r/1'], recoveryLatency: 8000 });
  });

  it('held-out (2.2): finished tasks of a still-running map stage are not Resubmitted', () => {
    // 2.2 TaskSetManager.scala:1138-1139. m/1 and m/2 finished on e2 (0-500, 500-1000); e2 crashes at
    // 1500 while m/0 runs on e1. With the service nothing is lost: r starts when m/0 ends at 3000.
    const m = (service: boolean) => model({
      spark: '2.2', network: net0, conf: conf({ shuffle: { serviceEnabled: service, ioMaxRetries: 3, ioRetryWait: 5000 } }),
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: [{ name: 'J', submit: 0, stages: [
        { name: 'm', parents: [], tasks: [task(3000, ['exec:1']), task(500, ['exec:2']), task(500, ['exec:2'])] },
        { name: 'r', parents: ['m'], tasks: [task(1000, ['host:node1']), task(1000, ['host:node1'])] },
      ] }],
      faults: [{ executor: '2', at: 1500, kind: 'crash' }],
    });
    const r = simulate(m(true));
    expect(trace(r)).toEqual([
      'm/0#0 e1 0-3000 PROCESS_LOCAL', 'm/1#0 e2 0-500 PROCESS_LOCAL', 'm/2#0 e2 500-1000 PROCESS_LOCAL',
      'r/0#0 e1 3000-4000 NODE_LOCAL', 'r/1#0 e1 4000-5000 NODE_LOCAL',
    ]);
    expect(r.faults[0]).toMatchObject({ lostTasks: [], recoveryLatency: 0 });
    // Without it, both outputs are Resubmitted into the running map attempt (LIFO: m/2 first) and
    // run on e1 after m/0: the reducers start at 4000.
    const without = simulate(m(false));
    expect(trace(without).filter((l) => l.includes('#1') || l.startsWith('r/'))).toEqual([
      'm/2#1 e1 3000-3500 ANY', 'm/1#1 e1 3500-4000 ANY', 'r/0#0 e1 4000-5000 NODE_LOCAL', 'r/1#0 e1 5000-6000 NODE_LOCAL',
    ]);
  });
});

/** "task s<stageAttempt>#attempt exec launch-end LOCALITY status" per attempt, in launch order */
function traceStages(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').slice(1).join('/')} s${a.stageAttempt}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

const mapReduce = (reduce: ReturnType<typeof task>[], maps = [task(500, ['exec:1']), task(500, ['exec:2'])]) => [{
  name: 'J', submit: 0, stages: [{ name: 'm', parents: [], tasks: maps }, { name: 'r', parents: ['m'], tasks: reduce }],
}];

describe('F3: 2.2 reducers retry a dead executor spark.shuffle.io.maxRetries x retryWait before FetchFailed', () => {
  const m = (spark: '2.2' | '3.5') => model({
    spark, network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
    jobs: mapReduce([task(1000, ['host:node1']), task(10_000, ['host:node2'])]),
    faults: [{ executor: '2', at: 2000, kind: 'crash' }],
  });
  it('audit scenario 3 (2.2): r/1 re-runs on e1, where r/0 ran with the same epoch: cached statuses, 3 x 5 s of retries', () => {
    // 2.2 RetryingBlockFetcher.java:177-181, TransportConf.java:133-141 (3 retries, 5 s); the task
    // set's epoch (TaskSetManager.scala:251-254) keeps e1's cached statuses (MapOutputTracker.updateEpoch).
    // FetchFailed at 2000 + 15000; m/1 resubmitted 200 ms later (stage attempt 1); r attempt 1 after it.
    const r = simulate(m('2.2'));
    expect(traceStages(r)).toEqual([
      'm/0 s0#0 e1 0-500 PROCESS_LOCAL', 'm/1 s0#0 e2 0-500 PROCESS_LOCAL',
      'r/0 s0#0 e1 500-1500 NODE_LOCAL', 'r/1 s0#0 e2 500-2000 NODE_LOCAL lost',
      'r/1 s0#1 e1 2000-17000 ANY failed',
      'm/1 s1#0 e1 17200-17700 PROCESS_LOCAL', 'r/1 s1#0 e1 17700-27700 ANY',
    ]);
    expect(r.faults[0]).toMatchObject({ lostTasks: ['J/m/1', 'J/r/1'], recoveryLatency: 25_700 });
  });
  it('3.5: IsExecutorAlive answers false, ExecutorDeadException is not retried: FetchFailed at the launch', () => {
    // NettyBlockTransferService.scala:133-143, RetryingBlockTransferor.java:215-230
    const r = simulate(m('3.5'));
    expect(traceStages(r).slice(4)).toEqual(['r/1 s0#1 e1 2000-2000 ANY failed', 'm/1 s1#0 e1 2200-2700 PROCESS_LOCAL', 'r/1 s1#0 e1 2700-12700 ANY']);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 10_700 });
  });
  it('2.2: a reducer on an executor that has run no task of the set asks the driver and fails at once (MetadataFetchFailed)', () => {
    // As above but with a third executor: at 2000 the offer goes to e1 or e3 (shuffled) and r/1 goes to
    // the first; only e1 has cached statuses. Both outcomes are checked against the rule.
    const r = simulate(model({
      spark: '2.2', network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
      jobs: mapReduce([task(1000, ['host:node1']), task(10_000, ['host:node2'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }],
    }));
    const failed = r.attempts.find((a) => a.status === 'failed')!;
    expect(failed).toMatchObject({ task: 'J/r/1', launch: 2000, end: failed.executor === '1' ? 17_000 : 2000 });
  });
});

describe('F4: the parent is resubmitted RESUBMIT_TIMEOUT after the first FetchFailed, not at the loss', () => {
  it('audit scenario ffA: r/1 waits NODE_LOCAL (node1) while e3 is free, fails at the 4000 tick, m/1 at 4200: stalled 2 s', () => {
    // 500: r/0 -> e1, r/1 -> e2 (NODE_LOCAL); e3 declined for r/2: a reject, no reset. 1500: r/2 -> e1.
    // 2000: crash; r/1 re-queued, NODE_LOCAL still valid; declined until 500 + 3000 <= 4000 (tick).
    // 4000: ANY, r/1 launches and fails at once (3.x); ResubmitFailedStages at 4200.
    const r = simulate(model({
      network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
      jobs: mapReduce([task(1000, ['host:node1']), task(10_000, ['host:node2']), task(1000, ['host:node1'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }],
    }));
    const t = traceStages(r);
    expect(t.slice(0, 5)).toEqual([
      'm/0 s0#0 e1 0-500 PROCESS_LOCAL', 'm/1 s0#0 e2 0-500 PROCESS_LOCAL',
      'r/0 s0#0 e1 500-1500 NODE_LOCAL', 'r/1 s0#0 e2 500-2000 NODE_LOCAL lost', 'r/2 s0#0 e1 1500-2500 NODE_LOCAL',
    ]);
    expect(t[5]).toMatch(/^r\/1 s0#1 e[13] 4000-4000 ANY failed$/);
    expect(t.slice(6).map((l) => l.replace(/ e[13] /, ' e? '))).toEqual(['m/1 s1#0 e? 4200-4700 PROCESS_LOCAL', 'r/1 s1#0 e? 4700-14700 ANY']);
    expect(r.faults[0]).toMatchObject({ lostTasks: ['J/m/1', 'J/r/1'], recoveryLatency: 12_700, localityWait: 2000, stalled: true });
  });
  it('a lost output nobody fetches again is never found missing: no re-run (the consumer had nothing left to launch)', () => {
    const r = simulate(model({
      network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: mapReduce([task(5000, ['exec:1'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }],
    }));
    expect(r.attempts.filter((a) => a.status !== 'success')).toEqual([]);
    expect(r.faults[0]).toMatchObject({ lostTasks: [], recoveryLatency: 0 });
  });
});

describe('F5: a new stage attempt re-launches partitions still running in the zombie attempt', () => {
  it('audit scenario dup: r/0 (running in attempt 0) holds attempt 1 at PROCESS_LOCAL; r/1 waits until the 6000 tick', () => {
    // DAGScheduler.submitMissingTasks with findMissingPartitions (ResultStage.scala:62-65). 2000: r/1
    // re-queued, -> e3 NODE_LOCAL (node3), fails (no cached statuses on e3); m/1 2200-2700. Attempt 1 =
    // {r/0, r/1}: r/0 prefers live e1 (busy): PROCESS_LOCAL until 5700; the 6000 tick gives NODE_LOCAL and
    // r/1 -> e3. 10500: attempt 0's r/0 ends; the offer to e1 comes before markPartitionCompleted and
    // launches the duplicate, killed when the job ends at 16000 (killAllTaskAttempts).
    const r = simulate(model({
      network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
      jobs: mapReduce([task(10_000, ['exec:1']), task(10_000, ['exec:2', 'host:node3'])],
        [task(500, ['exec:1']), task(500, ['exec:2']), task(500, ['exec:3'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }],
    }));
    expect(traceStages(r).slice(3)).toEqual([
      'r/0 s0#0 e1 500-10500 PROCESS_LOCAL', 'r/1 s0#0 e2 500-2000 PROCESS_LOCAL lost',
      'r/1 s0#1 e3 2000-2000 NODE_LOCAL failed', 'm/1 s1#0 e3 2200-2700 PROCESS_LOCAL',
      'r/1 s1#0 e3 6000-16000 NODE_LOCAL', 'r/0 s1#0 e1 10500-16000 PROCESS_LOCAL killed',
    ]);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 14_000, localityWait: 3300, stalled: true });
  });
});

describe('F9: running consumers still fetching from the lost executor fail too', () => {
  // Rule (ours, after ShuffleBlockFetcherIterator): a reducer's fetch lasts its `input` at
  // network.bandwidth from its launch; if that is not over at the fault, it fails with FetchFailed at
  // the detection (3.x) or after the fetch retries (2.2). r/0 reads 1 GiB at 125 MiB/s: 8192 ms.
  const m = (spark: '2.2' | '3.5') => model({
    spark, network: net0, executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
    jobs: mapReduce([task(10_000, ['exec:1'], 1024 * MB), task(10_000, ['exec:3'])],
      [task(500, ['exec:1']), task(500, ['exec:2']), task(500, ['exec:3'])]),
    faults: [{ executor: '2', at: 2000, kind: 'crash' }],
  });
  it('3.5: r/0 (fetching until 8692) fails at 2000; r/1 (no input) goes on; attempt 1 re-runs r/0 and duplicates r/1', () => {
    // m/1 -> e1 at 2200 (the only free slot); attempt 1 = {r/0, r/1 (running in attempt 0)}: r/0 -> e1
    // PROCESS_LOCAL 2700; r/1's copy waits for e3, launched when attempt 0's copy ends there (10500),
    // killed at the job's end (12700).
    const r = simulate(m('3.5'));
    expect(traceStages(r).slice(3)).toEqual([
      'r/0 s0#0 e1 500-2000 PROCESS_LOCAL failed', 'r/1 s0#0 e3 500-10500 PROCESS_LOCAL',
      'm/1 s1#0 e1 2200-2700 PROCESS_LOCAL', 'r/0 s1#0 e1 2700-12700 PROCESS_LOCAL', 'r/1 s1#0 e3 10500-12700 PROCESS_LOCAL killed',
    ]);
    expect(r.faults[0]).toMatchObject({ lostTasks: ['J/m/1', 'J/r/0'], recoveryLatency: 10_700 });
  });
  it('2.2: r/0 keeps its slot for the 15 s of retries; r/1 finishes before attempt 1 starts (no duplicate)', () => {
    const r = simulate(m('2.2'));
    const t = traceStages(r).slice(3).map((l) => l.replace(/^m\/1 s1#0 e[13] /, 'm/1 s1#0 e? '));
    expect(t).toEqual([
      'r/0 s0#0 e1 500-17000 PROCESS_LOCAL failed', 'r/1 s0#0 e3 500-10500 PROCESS_LOCAL',
      'm/1 s1#0 e? 17200-17700 PROCESS_LOCAL', 'r/0 s1#0 e1 17700-27700 PROCESS_LOCAL',
    ]);
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 25_700 });
  });
});

describe('F10: outputs of an earlier attempt lost while a later attempt runs wait for a new attempt', () => {
  it('m/2 (written by attempt 0) lost at 4000 during attempt 1 runs in attempt 2 when attempt 1 ends (5200)', () => {
    // TaskSetManager.executorLost re-queues only its own taskInfos (TaskSetManager.scala:1053-1093);
    // processShuffleMapStageCompletion -> !isAvailable -> submitStage (DAGScheduler.scala:2447-2471),
    // with no RESUBMIT_TIMEOUT. Fault 1 (e2, 2000): r/2 waits for e1, runs there at 3500 and fails; m/1
    // resubmitted at 3700 (prefers node5: e5 NODE_LOCAL, 1.5 s). Fault 2 (e3, 4000) loses m/2 while e1
    // is free: it still waits for attempt 1 to end at 5200.
    const r = simulate(model({
      network: net0,
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1], ['4', 'node4', 1], ['5', 'node5', 1]),
      jobs: mapReduce([task(2000, ['exec:1']), task(20_000, ['exec:4']), task(1000, ['exec:1']), task(20_000, ['exec:3'])],
        [task(500, ['exec:1']), task(1500, ['exec:2', 'host:node5']), task(500, ['exec:3'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }, { executor: '3', at: 4000, kind: 'crash' }],
    }));
    const rerun = (task: string) => r.attempts.filter((a) => a.task === task && a.stageAttempt > 0).map((a) => [a.stageAttempt, a.readyAt, a.launch, a.end]);
    expect(rerun('J/m/1')).toEqual([[1, 3700, 3700, 5200]]);
    expect(r.attempts.find((a) => a.task === 'J/m/1' && a.stageAttempt === 1)).toMatchObject({ executor: '5', locality: 'NODE_LOCAL' });
    expect(rerun('J/m/2')).toEqual([[2, 5200, 5200, 5700]]);
    expect(r.faults[1]).toMatchObject({ lostTasks: ['J/m/2', 'J/r/3'] });
    // r's attempt 1 starts when the map outputs are complete again
    expect(Math.min(...r.attempts.filter((a) => a.stage === 'J/r' && a.stageAttempt === 1).map((a) => a.launch))).toBe(5700);
  });
});

describe('F12: spark.stage.maxConsecutiveAttempts aborts the job', () => {
  it('with 1, the first fetch-failed attempt of r aborts J (DAGScheduler.scala:1948-1953)', () => {
    const r = simulate(model({
      network: net0, conf: conf({ maxConsecutiveStageAttempts: 1 }), executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: mapReduce([task(1000, ['host:node1']), task(10_000, ['host:node2'])]),
      faults: [{ executor: '2', at: 2000, kind: 'crash' }],
    }));
    expect(r.aborted).toHaveLength(1);
    expect(r.aborted[0].reason).toContain('spark.stage.maxConsecutiveAttempts');
    expect(r.attempts.filter((a) => a.stageAttempt > 0)).toEqual([]);
  });
});

describe('F8 and F15: which cached locations a new task set keeps', () => {
  // e1 and e2 on host a, e3 on host b; e2 is gone when the task set is created.
  const setup = (kind: StageKind) => {
    const cluster = new Cluster(1);
    for (const [id, host] of [['1', 'a'], ['2', 'a'], ['3', 'b']]) cluster.register(cluster.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    cluster.remove(cluster.executors[1], 100);
    // task 0 prefers exec:2 (a cached block) and host b; task 1 exec:2 only
    const prefData = Int32Array.from([(1 << 2) | Pref.EXEC, (1 << 2) | Pref.HOST, (1 << 2) | Pref.EXEC]);
    const stage = makeStage(0, 's', 'j/s', Int32Array.from([100, 100]), new Float64Array(2), Int32Array.from([0, 2, 3]), prefData, kind);
    return new TaskSetManager(stage, 0, 0, Int32Array.from([0, 1]), cluster, { process: 3000, node: 3000, rack: 3000 }, true, false, 100);
  };
  it('F8 (spec "prefer"): a cached block on a dead executor is dropped at task-set creation; the rest of the list stands', () => {
    // BlockManagerMaster.removeExecutor forgets e2's blocks: task 0 keeps host b, task 1 has no preference.
    const tsm = setup(StageKind.Batch);
    expect([...tsm.prefsOf(0)]).toEqual([(1 << 2) | Pref.HOST]);
    expect([...tsm.prefsOf(1)]).toEqual([]);
    expect(tsm.myLocalityLevels).toEqual([NODE_LOCAL, NO_PREF, ANY]);
  });
  it('F15: a BlockRDD stage keeps the dead executor (its locations are a lazy val), so its host stays NODE_LOCAL through e1', () => {
    // BlockRDD.scala:34. exec:2 lists the task for e2 (dead: no PROCESS_LOCAL level) and for host a, where e1 lives.
    const tsm = setup(StageKind.Blocks);
    expect([...tsm.prefsOf(1)]).toEqual([(1 << 2) | Pref.EXEC]);
    expect(tsm.myLocalityLevels).toEqual([NODE_LOCAL, ANY]);
    expect(tsm.localityOn(1, 0)).toBe(NODE_LOCAL);
  });
});
