// One test per scheduling rule, with launches (executor, time, locality) derived by hand from
// Spark's code; each names the rule it checks (spec "Scheduling semantics", reference sec. 5.4-5.5).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { conf, execs, model, task } from './model';

const MB = 1024 * 1024;

/** "task#attempt exec launch-end LOCALITY status" per attempt, in launch order */
function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').pop()}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

describe('TaskSetManager.addPendingTask / dequeueTask: lowest index first', () => {
  it('runs tasks without preferences in index order, recorded PROCESS_LOCAL', () => {
    const r = simulate(model({
      executors: execs(['1', 'h1', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(100), task(100), task(100)] }] }],
    }));
    expect(trace(r)).toEqual(['0#0 e1 0-100 PROCESS_LOCAL', '1#0 e1 100-200 PROCESS_LOCAL', '2#0 e1 200-300 PROCESS_LOCAL']);
    expect(r.metrics.makespan).toBe(300);
  });
});

describe('getAllowedLocalityLevel: per-level waits, lastReset += wait', () => {
  const jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(100, ['exec:1'])] }] }];
  it('waits spark.locality.wait.process then .node before ANY (revive ticks every 1 s)', () => {
    // t1 prefers executor 1 (busy until 10 s). PROCESS_LOCAL expires at 3 s (lastReset -> 3 s),
    // NODE_LOCAL at 6 s; the revive tick at 6 s launches it on executor 2 at ANY.
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs }));
    expect(trace(r)).toEqual(['0#0 e1 0-10000 PROCESS_LOCAL', '1#0 e2 6000-6100 ANY']);
  });
  it('spark.locality.wait.node = 0 leaves only the process wait', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs,
      conf: conf({ localityWait: { process: 3000, node: 0, rack: 3000 } }),
    }));
    expect(trace(r)[1]).toBe('1#0 e2 3000-3100 ANY');
  });
  it('a launch below NODE_LOCAL pays latency + input / bandwidth (spec "network")', () => {
    const withInput = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(100, ['exec:1'], 125 * MB)] }] }];
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs: withInput }));
    // 125 MiB at 125 MiB/s = 1000 ms, plus 1 ms latency
    expect(trace(r)[1]).toBe('1#0 e2 6000-7101 ANY');
  });
  it('an executor on the same host runs an exec: task NODE_LOCAL after the process wait', () => {
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'a', 1]), jobs }));
    expect(trace(r)[1]).toBe('1#0 e2 3000-3100 NODE_LOCAL');
  });
});

describe('SPARK-4939: a level with nothing to run is skipped at once', () => {
  it('NO_PREF tasks go anywhere without waiting; preferred ones still wait', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(5000, ['exec:1']), task(100), task(100, ['exec:1'])] }] }],
    }));
    // round at 0: PROCESS pass gives t0 to e1; NO_PREF pass gives t1 to e2 (recorded PROCESS_LOCAL);
    // t2 waits for e1 (3 s process + 3 s node would be 6 s, but e1 frees at 5 s).
    expect(trace(r)).toEqual(['0#0 e1 0-5000 PROCESS_LOCAL', '1#0 e2 0-100 PROCESS_LOCAL', '2#0 e1 5000-5100 PROCESS_LOCAL']);
  });
});

describe('Reset rule: 2.2 resets on every launch, 3.x only without delay rejections (SPARK-18886)', () => {
  const jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: Array.from({ length: 6 }, () => task(1000, ['host:a'])) }] }];
  const executors = execs(['1', 'a', 1], ['2', 'b', 1]);
  it('2.2: each launch on executor 1 restarts the 3 s wait, so executor 2 never gets a task', () => {
    const r = simulate(model({ spark: '2.2', executors, jobs }));
    expect(trace(r)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${i}#0 e1 ${i * 1000}-${i * 1000 + 1000} NODE_LOCAL`));
  });
  it('3.5: executor 2 was declined at ANY, so single-executor launches do not reset; ANY at 3 s', () => {
    const r = simulate(model({ spark: '3.5', executors, jobs }));
    expect(trace(r)).toEqual([
      '0#0 e1 0-1000 NODE_LOCAL', '1#0 e1 1000-2000 NODE_LOCAL', '2#0 e1 2000-3000 NODE_LOCAL',
      '3#0 e1 3000-4000 NODE_LOCAL', '4#0 e2 3000-4000 ANY', '5#0 e1 4000-5000 NODE_LOCAL',
    ]);
  });
  it('3.5 with spark.locality.wait.legacyResetOnTaskLaunch behaves as 2.2', () => {
    const r = simulate(model({ spark: '3.5', executors, jobs, conf: conf({ legacyResetOnTaskLaunch: true }) }));
    expect(r.attempts.every((a) => a.executor === '1')).toBe(true);
    expect(r.metrics.makespan).toBe(6000);
  });
});

describe('computeValidLocalityLevels: RACK_LOCAL only with racks', () => {
  const jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['host:a']), task(100, ['host:a'], 250 * MB)] }] }];
  it('with racks, the re-check after the node wait lands RACK_LOCAL at 3 s + 3 s', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1, 'r1'], ['2', 'b', 1, 'r1']), jobs,
      network: { bandwidth: 125 * MB, latency: 1, rackBandwidth: 250 * MB },
    }));
    // levels [NODE_LOCAL, RACK_LOCAL, ANY]: NODE expires at 3 s; RACK_LOCAL allowed then, e2 is on rack r1
    expect(trace(r)[1]).toBe('1#0 e2 3000-4101 RACK_LOCAL');
  });
  it('without racks there is no rack level: ANY after the node wait', () => {
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs }));
    expect(trace(r)[1]).toBe('1#0 e2 3000-5101 ANY');
  });
});

describe('Executor loss (reference sec. 5.5)', () => {
  const jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(4000), task(4000)] }] }];
  it('crash: detected at once, the running attempt ends lost at the fault, the re-run is ready then', () => {
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs, faults: [{ executor: '2', at: 1000, kind: 'crash' }] }));
    const lost = r.attempts.find((a) => a.status === 'lost')!;
    expect(lost).toMatchObject({ executor: '2', launch: 0, end: 1000 });
    const rerun = r.attempts.find((a) => a.recovery)!;
    expect(rerun).toMatchObject({ executor: '1', readyAt: 1000, launch: 4000, end: 8000, attempt: 1 });
    expect(r.faults[0]).toMatchObject({ detectedAt: 1000, recoveredAt: 8000, recoveryLatency: 7000, lowerBoundMs: 4000 });
    expect(r.executors.find((e) => e.id === '2')).toMatchObject({ lostAt: 1000, lossDetectedAt: 1000 });
  });
  it('hang: HeartbeatReceiver expires it at the first check with now - lastSeen > timeout', () => {
    // heartbeats at 1 s steps: the last one before the hang at 5.5 s is at 5 s; timeout 10 s;
    // checks every 2 s from 0: the first check after 15 s is at 16 s.
    const c = conf({ heartbeatInterval: 1000, networkTimeout: 10_000, timeoutInterval: 2000, raw: { 'spark.network.timeout': '10s' } });
    const long = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(20_000), task(20_000)] }] }];
    const r = simulate(model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs: long, conf: c, faults: [{ executor: '2', at: 5500, kind: 'hang' }] }));
    expect(r.faults[0].detectedAt).toBe(16_000);
    const lost = r.attempts.find((a) => a.status === 'lost')!;
    expect(lost).toMatchObject({ executor: '2', launch: 0, end: 16_000 });
    expect(r.executors.find((e) => e.id === '2')).toMatchObject({ lostAt: 5500, lossDetectedAt: 16_000 });
    // the re-run waits for executor 1 (busy until 20 s): no preference, so it is not a locality wait
    expect(r.attempts.find((a) => a.recovery)).toMatchObject({ executor: '1', readyAt: 16_000, launch: 20_000, localityWait: 0 });
  });
  it('hang: a task running on the hung executor is lost only at the expiry (3.x blockManagerHeartbeatTimeoutMs)', () => {
    const c = conf({ heartbeatInterval: 1000, networkTimeout: 120_000, blockManagerHeartbeatTimeoutMs: 5000, timeoutInterval: 2000 } as never);
    const m = model({ executors: execs(['1', 'a', 1], ['2', 'b', 1]), jobs, conf: { ...c, blockManagerHeartbeatTimeout: 5000 }, faults: [{ executor: '2', at: 1000, kind: 'hang' }] });
    const r = simulate(m);
    // last heartbeat at 0 (registration), expiry after 5 s: first check > 5000 is at 6000
    const lost = r.attempts.find((a) => a.status === 'lost')!;
    expect(lost).toMatchObject({ executor: '2', launch: 0, end: 6000 });
    expect(r.faults[0]).toMatchObject({ detectedAt: 6000, lostTasks: [lost.task] });
    // 2.2 ignores blockManagerHeartbeatTimeoutMs when spark.network.timeout is set (120 s): 122 s
    const r22 = simulate({ ...m, spark: '2.2', conf: { ...m.conf, raw: { 'spark.network.timeout': '120s' } } });
    expect(r22.faults[0].detectedAt).toBe(122_000);
  });
  it('replaceAfter registers a new executor of the same shape on the same host', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(9000), task(1000, ['host:b']), task(1000, ['host:b'])] }] }],
      faults: [{ executor: '2', at: 500, kind: 'crash', replaceAfter: 1000 }],
    }));
    expect(r.executors.map((e) => [e.id, e.host, e.addedAt])).toEqual([['1', 'a', 0], ['2', 'b', 0], ['2-r1', 'b', 1500]]);
    // the re-run of t1 and t2 wait for host b (NODE_LOCAL): the replacement takes them at 1.5 s and 2.5 s
    expect(trace(r).filter((l) => l.includes('e2-r1'))).toEqual(['1#1 e2-r1 1500-2500 NODE_LOCAL', '2#0 e2-r1 2500-3500 NODE_LOCAL']);
  });
  it('lost shuffle outputs of a finished map stage are recomputed before the child goes on', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [
        { name: 'map', parents: [], tasks: [task(100), task(100)] },
        { name: 'reduce', parents: ['map'], tasks: [task(1000), task(1000), task(1000)] },
      ] }],
      faults: [{ executor: '2', at: 500, kind: 'crash' }],
    }));
    // map 0-100 on both; reduce/0 and /1 start at 100; /1 on executor 2 is lost at 500 and its map
    // output is gone (audit F4): nothing is resubmitted at the loss. reduce/1 is re-queued; executor 1
    // frees at 1100 and runs it (LIFO): it fails to fetch at once (3.x), the attempt becomes a zombie,
    // and the map task is resubmitted RESUBMIT_TIMEOUT later, at 1300 (stage attempt 1, attempt 0).
    const onTwo = r.attempts.filter((a) => a.executor === '2');
    const lostMap = onTwo.find((a) => a.stage === 'j/map')!;
    const lostReduce = onTwo.find((a) => a.stage === 'j/reduce')!;
    expect(lostReduce).toMatchObject({ launch: 100, end: 500, status: 'lost' });
    expect(r.attempts.find((a) => a.task === lostReduce.task && a.attempt === 1))
      .toMatchObject({ executor: '1', stageAttempt: 0, readyAt: 500, launch: 1100, end: 1100, status: 'failed', recovery: true });
    expect(r.attempts.find((a) => a.task === lostMap.task && a.stageAttempt === 1))
      .toMatchObject({ executor: '1', attempt: 0, readyAt: 1300, launch: 1300, end: 1400, recovery: true });
    // the child's attempt 1 (reduce/1 and reduce/2) runs once the map output is back
    expect(r.attempts.filter((a) => a.stage === 'j/reduce' && a.stageAttempt === 1).map((a) => `${a.index}#${a.attempt} ${a.launch}-${a.end}`))
      .toEqual(['1#0 1400-2400', '2#0 2400-3400']);
    expect([...r.faults[0].lostTasks].sort()).toEqual([lostMap.task, lostReduce.task].sort());
    expect(r.faults[0].recoveredAt).toBe(2400);
  });
});

describe('reserved-slots (spec "recovery")', () => {
  it('without a live executor holding the data, a re-run takes any free reserved slot (ANY, remote read)', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(5000), task(1000, ['host:b'], 125 * MB)] }] }],
      faults: [{ executor: '2', at: 500, kind: 'crash' }],
      recovery: { policy: 'reserved-slots', reservedSlots: { perExecutor: {}, all: 1 }, reserveForReceivers: false },
    }));
    expect(r.attempts.find((a) => a.recovery)).toMatchObject({ executor: '1', launch: 500, end: 2501, locality: 'ANY', reservedSlot: true, slot: 1 });
    // one reserved slot per executor: e1's is idle over [0, 500) and [2501, 5000); e2's over [0, 500)
    expect(r.metrics.makespan).toBe(5000);
    expect(r.metrics.reservedSlotIdleMs).toBe(500 + (5000 - 2501) + 500);
  });
  it('normal tasks never use reserved slots', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(100), task(100)] }] }],
      recovery: { policy: 'reserved-slots', reservedSlots: { perExecutor: {}, all: 2 }, reserveForReceivers: false },
    }));
    expect(trace(r)).toEqual(['0#0 e1 0-100 PROCESS_LOCAL', '1#0 e1 100-200 PROCESS_LOCAL']);
  });
});

describe('determinism', () => {
  it('the same file and seed give identical JSON; another seed places replicas differently', () => {
    const m = (seed: number) => model({
      seed,
      executors: Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), host: `n${i + 1}`, cores: 2, joinAt: 0 })),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: 40, duration: { dist: 'uniform', min: 50, max: 400 }, input: 64 * MB, prefer: { replicas: 2, on: 'hosts' } } }] }],
      faults: [{ executor: '3', at: 300, kind: 'crash' }],
    });
    expect(JSON.stringify(simulate(m(5)))).toBe(JSON.stringify(simulate(m(5))));
    expect(JSON.stringify(simulate(m(5)).attempts)).not.toBe(JSON.stringify(simulate(m(6)).attempts));
  });
});

describe("the seed paper's Fig. 2 (examples/paper-fig2.sparkjob.yaml)", () => {
  const m = (policy: 'spark' | 'reserved-slots') => model({
    spark: '2.2',
    executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
    jobs: [{ name: 'J-alpha', submit: 1100, stages: [{ name: 'map', parents: [], tasks: [
      task(310, ['host:node1'], 64 * MB), task(250, ['host:node2', 'host:node1'], 64 * MB), task(200, ['host:node1'], 64 * MB)] }] }],
    faults: [{ executor: '2', at: 1250, kind: 'crash' }],
    recovery: { policy, reservedSlots: { perExecutor: { '1': 1 }, all: 0 }, reserveForReceivers: false },
  });
  it('spark: the re-run waits NODE_LOCAL for executor 1 while executor 3 is free: 410 ms, stalled', () => {
    // map/2 keeps the task set at NODE_LOCAL (3 s wait from the launch at 1100 in 2.2); the
    // re-run of map/1 joins that wait and takes executor 1's slot when map/0 ends at 1410.
    const r = simulate(m('spark'));
    expect(trace(r)).toEqual([
      '0#0 e1 1100-1410 NODE_LOCAL', '1#0 e2 1100-1250 NODE_LOCAL lost',
      '1#1 e1 1410-1660 NODE_LOCAL', '2#0 e1 1660-1860 NODE_LOCAL',
    ]);
    expect(r.faults[0]).toEqual({
      executor: '2', at: 1250, kind: 'crash', detectedAt: 1250, lostTasks: ['J-alpha/map/1'], lowerBoundMs: 250,
      recoveredAt: 1660, recoveryLatency: 410, localityWait: 160, stalled: true,
      // executor 1 (node1) holds map/1's other replica; the re-run stalled waiting for node1
      holders: ['1'], stallHosts: ['node1'],
    });
  });
  it('reserved-slots: the re-run starts at detection on executor 1\'s reserved slot: 250 ms (-39%)', () => {
    const r = simulate(m('reserved-slots'));
    expect(trace(r)).toEqual([
      '0#0 e1 1100-1410 NODE_LOCAL', '1#0 e2 1100-1250 NODE_LOCAL lost',
      '1#1 e1 1250-1500 NODE_LOCAL', '2#0 e1 1410-1610 NODE_LOCAL',
    ]);
    expect(r.attempts.find((a) => a.recovery)).toMatchObject({ reservedSlot: true, slot: 1 });
    expect(r.faults[0]).toMatchObject({ recoveryLatency: 250, localityWait: 0, stalled: false });
    const gain = 1 - 250 / 410;
    expect(gain).toBeGreaterThan(0.3);
  });
});

// Scenarios from a review of the engine against Spark's source (2.2 and 3.5).
describe('DAGScheduler and TaskSetManager details', () => {
  it('a job ends with its result stage; lost map outputs nobody reads again are not recomputed', () => {
    const r = simulate(model({
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: [{ name: 'J', submit: 0, stages: [
        { name: 'map', parents: [], tasks: [task(100, ['exec:1']), task(100, ['exec:2'])] },
        { name: 'reduce', parents: ['map'], tasks: [task(1000, ['exec:1'])] },
      ] }],
      faults: [{ executor: '2', at: 500, kind: 'crash' }],
    }));
    expect(r.aborted).toEqual([]);
    expect(trace(r)).toEqual(['0#0 e1 0-100 PROCESS_LOCAL', '1#0 e2 0-100 PROCESS_LOCAL', '0#0 e1 100-1100 PROCESS_LOCAL']);
    expect(r.metrics.makespan).toBe(1100);
    expect(r.faults[0]).toMatchObject({ lostTasks: [], recoveredAt: 500, recoveryLatency: 0 });
  });
  it('FIFO priority is the job id in submission order, not the position in the file', () => {
    const r = simulate(model({
      executors: execs(['1', 'a', 1]),
      jobs: [
        { name: 'late', submit: 500, stages: [{ name: 's', parents: [], tasks: [task(1000), task(1000)] }] },
        { name: 'early', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000), task(1000), task(1000)] }] },
      ],
    }));
    expect(r.attempts.map((a) => `${a.job}/${a.index}@${a.launch}`)).toEqual(['early/0@0', 'early/1@1000', 'early/2@2000', 'late/0@3000', 'late/1@4000']);
  });
  it('3.x offers a newly registered executor alone (LaunchedExecutor); 2.2 offers every executor', () => {
    const m = (spark: '2.2' | '3.5') => model({
      spark,
      conf: conf({ localityWait: { process: 500, node: 500, rack: 500 }, reviveInterval: 10_000 }),
      executors: [...execs(['1', 'node1', 2], ['2', 'node2', 1]), { id: '3', host: 'node3', cores: 1, joinAt: 700 }],
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(5000, ['host:node2']), task(5000, ['host:node2']), task(5000, ['host:node2'])] }] }],
    });
    // 3.5: at 700 only executor 3 is offered: s/1 runs there (ANY); s/2 waits for node2 until 5 s.
    expect(trace(simulate(m('3.5')))).toEqual(['0#0 e2 0-5000 NODE_LOCAL', '1#0 e3 700-5700 ANY', '2#0 e2 5000-10000 NODE_LOCAL']);
    // 2.2: the registration offers every executor: executor 1's two free slots take s/1 and s/2 at ANY.
    const t22 = trace(simulate(m('2.2')));
    expect(t22.filter((l) => l.includes(' 700-'))).toHaveLength(2);
  });
  it('an executor loss counts toward spark.task.maxFailures (ExecutorProcessLost, causedByApp)', () => {
    const r = simulate(model({
      conf: conf({ maxFailures: 1 }),
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:2'])] }] }],
      faults: [{ executor: '2', at: 1000, kind: 'crash' }],
    }));
    expect(r.aborted).toHaveLength(1);
    expect(r.aborted[0].reason).toContain('spark.task.maxFailures = 1');
    expect(r.attempts).toHaveLength(1);
  });
  it('TaskSetManager.executorLost re-queues lost map outputs before the running tasks (LIFO lists)', () => {
    const r = simulate(model({
      conf: conf({ localityWait: { process: 0, node: 0, rack: 0 } }),
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [
        { name: 'map', parents: [], tasks: [task(3000, ['exec:1']), task(100, ['exec:2']), task(3000, ['exec:2'])] },
        { name: 'reduce', parents: ['map'], tasks: [task(10)] },
      ] }],
      faults: [{ executor: '2', at: 500, kind: 'crash' }],
    }));
    // m1 finished on executor 2 at 100 (output lost), m2 was running there: m2 is re-run first.
    expect(trace(r).filter((l) => l.includes('#1'))).toEqual(['2#1 e1 3000-6000 ANY', '1#1 e1 6000-6100 ANY']);
  });
  it('spark.network.timeout is read in whole seconds (1500ms is 1 s)', () => {
    const c = conf({ networkTimeout: 1500, heartbeatInterval: 500, timeoutInterval: 100, raw: { 'spark.network.timeout': '1500ms' } });
    const r = simulate(model({
      conf: c, executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(5000), task(5000)] }] }],
      faults: [{ executor: '2', at: 1000, kind: 'hang' }],
    }));
    // last heartbeat 500 ms; expired when now - 500 > 1000: the check at 1600
    expect(r.faults[0].detectedAt).toBe(1600);
  });
});
