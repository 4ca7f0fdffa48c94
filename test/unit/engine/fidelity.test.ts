// Rules from the fidelity audit (../shared/reference/fidelity-audit.md), one describe per finding.
// Every expected launch is derived by hand from Spark's code (file:line in the comments, Spark
// 3.5.0 unless it says 2.2); the audit's scenarios first, then scenarios of our own.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
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
