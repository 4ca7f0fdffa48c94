// How an executor loss reaches the scheduler per cluster manager (spec `cluster.manager`;
// ../shared/reference/fidelity-audit.md F6, F7, F11, F16), with launches derived by hand from
// Spark 3.5's code (src/engine/schedulerBackend.ts cites the lines). Every executor has 1 core on
// its own host, revive ticks at 0, 1 s, 2 s...
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import type { ClusterSpec, FaultSpec, JobFile, JobSpec } from '../../../src/format/model';
import { workerTimeoutRemoval } from '../../../src/engine/schedulerBackend';
import { conf, execs, model, task } from './model';

/** "stage/index exec launch-end LOCALITY status" per attempt, in launch order (no attempt numbers) */
function stageTrace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').slice(1).join('/')} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').pop()}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

/** The audit's F6 scenario: t0 on exec 1, t1 on exec 2, exec 3 free; exec 2 crashes at 1500. */
const oneStage: JobSpec[] = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2'])] }] }];

function run(cluster: Omit<ClusterSpec, 'executors'>, over: Partial<JobFile> = {}, faults: FaultSpec[] = [{ executor: '2', at: 1500, kind: 'crash' }],
  jobs = oneStage): SimulationResult {
  const m = model({ executors: execs(['1', 'pod-1', 1], ['2', 'pod-2', 1], ['3', 'pod-3', 1]), jobs, faults, ...over });
  m.cluster = { ...m.cluster, ...cluster };
  return simulate(m);
}

describe('kubernetes: the disconnect disables, the pod event fails the tasks, no revive (F6)', () => {
  it('podEventDelay 300ms: t1 re-queued at 1800, launched on exec 3 at the 2000 revive tick', () => {
    // KubernetesClusterSchedulerBackend.onDisconnected -> disableExecutor (LossReasonPending):
    // reviveOffers at 1500 finds nothing pending. The pod event at 1800 -> TaskSetManager.executorLost
    // re-queues t1 (exec 2 and pod-2 are gone: only ANY is valid) and sends no reviveOffers.
    const r = run({ manager: 'kubernetes', podEventDelay: 300 });
    expect(trace(r)).toEqual(['0#0 e1 0-10000 PROCESS_LOCAL', '1#0 e2 0-1800 PROCESS_LOCAL lost', '1#1 e3 2000-12000 ANY']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 1800, disabledAt: 1500, recoveredAt: 12000, recoveryLatency: 10200 });
    // 1800-2000 is the wait for an offer (no revive), not for a locality level: no locality wait
    expect(r.faults[0]).toMatchObject({ localityWait: 0, stalled: false });
  });
  it('podEventDelay 0: the reason comes with the disconnect but after its revive, so the re-run waits for the tick', () => {
    const r = run({ manager: 'kubernetes', podEventDelay: 0 });
    expect(trace(r)[2]).toBe('1#1 e3 2000-12000 ANY');
    expect(r.faults[0].detectedAt).toBe(1500);
  });
  it('a replacement registers with the next unused id on its own host', () => {
    // ExecutorPodsAllocator: a new pod, EXECUTOR_ID_COUNTER above every id so far (3 -> 4), host pod-4.
    const r = run({ manager: 'kubernetes', podEventDelay: 300 }, {}, [{ executor: '2', at: 1500, kind: 'crash', replaceAfter: 100 }]);
    expect(r.executors.map((e) => `${e.id}@${e.host}+${e.addedAt}`)).toEqual(['1@pod-1+0', '2@pod-2+0', '3@pod-3+0', '4@pod-4+1600']);
    // 3.x LaunchedExecutor offers exec 4 alone at 1600: nothing is pending yet (the pod event is at 1800)
    expect(trace(r)[2]).toBe('1#1 e3 2000-12000 ANY');
  });
});

/** m0 e1, m1 e2 (500 ms); r: r0 on e1 (4 s), r1 on e2 (10 s), r2 and r3 on e3 (1 s). */
const mapReduce: JobSpec[] = [{
  name: 'j', submit: 0, stages: [
    { name: 'm', parents: [], tasks: [task(500, ['exec:1']), task(500, ['exec:2'])] },
    { name: 'r', parents: ['m'], tasks: [task(4000, ['exec:1']), task(10_000, ['exec:2']), task(1000, ['exec:3']), task(1000, ['exec:3'])] },
  ],
}];

describe('yarn: the ApplicationMaster reports the reason later (F6)', () => {
  it('default lossReasonDelay 600ms: t1 re-queued at 2100, launched at the 3000 revive tick', () => {
    const r = run({ manager: 'yarn' });
    expect(trace(r)).toEqual(['0#0 e1 0-10000 PROCESS_LOCAL', '1#0 e2 0-2100 PROCESS_LOCAL lost', '1#1 e3 3000-13000 ANY']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 2100, disabledAt: 1500, recoveryLatency: 10900 });
  });
  it('shuffle outputs go at the disconnect: the map output is found missing before the reason comes', () => {
    // m0 e1, m1 e2 (0-500). r at 500 (each task prefers one executor): r0 e1, r1 e2, r2 e3, r3 waits for e3.
    // 1200 disconnect: DAGScheduler.executorLost drops m1's output (nothing is resubmitted yet:
    // audit F4). 1500: r2 ends, r3 runs on e3 and fails to fetch m1 at once: r's attempt is a
    // zombie, r and m are resubmitted at 1700 (RESUBMIT_TIMEOUT): m1 (its exec:2 is gone: no
    // preference) on e3, 1700-2200. 1800, the AM's report: r1 fails (its attempt is a zombie: the
    // next attempt runs it). 2200: r's attempt 1 = {r0 (still running in attempt 0), r1, r3}; r1's
    // exec:2 is gone, so it takes the reduce-side preference (pod-1, pod-3). e3 takes r3 (PROCESS_LOCAL),
    // then waits PROCESS_LOCAL for r0's e1 (reset at 2200) until r0's old copy ends at 4500 and the
    // offer to e1 launches its duplicate; the 5000 tick finds no PROCESS_LOCAL task left: r1 NODE_LOCAL on e3.
    const r = run({ manager: 'yarn' }, {}, [{ executor: '2', at: 1200, kind: 'crash' }], mapReduce);
    expect(stageTrace(r)).toEqual([
      'm/0 e1 0-500 PROCESS_LOCAL', 'm/1 e2 0-500 PROCESS_LOCAL',
      'r/0 e1 500-4500 PROCESS_LOCAL', 'r/1 e2 500-1800 PROCESS_LOCAL lost', 'r/2 e3 500-1500 PROCESS_LOCAL',
      'r/3 e3 1500-1500 PROCESS_LOCAL failed', 'm/1 e3 1700-2200 PROCESS_LOCAL', 'r/3 e3 2200-3200 PROCESS_LOCAL',
      'r/0 e1 4500-8500 PROCESS_LOCAL', 'r/1 e3 5000-15000 NODE_LOCAL',
    ]);
    expect(r.faults[0]).toMatchObject({ disabledAt: 1200, detectedAt: 1800, recoveredAt: 15000 });
  });
});

describe('kubernetes has no external shuffle service', () => {
  it('spark.shuffle.service.enabled true changes nothing there: the map output is re-run as without it', () => {
    const ess = { conf: conf({ shuffle: { ...conf().shuffle, serviceEnabled: true } }) };
    const k8s = run({ manager: 'kubernetes', podEventDelay: 600 }, ess, [{ executor: '2', at: 1200, kind: 'crash' }], mapReduce);
    expect(stageTrace(k8s)).toContain('m/1 e3 1700-2200 PROCESS_LOCAL');
    // on yarn the host's shuffle service serves it: no map re-run
    const yarn = run({ manager: 'yarn' }, ess, [{ executor: '2', at: 1200, kind: 'crash' }], mapReduce);
    expect(stageTrace(yarn).filter((l) => l.startsWith('m/'))).toEqual(['m/0 e1 0-500 PROCESS_LOCAL', 'm/1 e2 0-500 PROCESS_LOCAL']);
  });
});

describe('the locality wait of a re-run starts at its first offer after a quiet loss reason', () => {
  it('yarn: a re-run held by delay scheduling counts from the next revive tick, standalone from the revive', () => {
    // The audit's scenario 1: t1 prefers exec 2 and node1's host; the task set's timer was reset at
    // 0 and then frozen (3.x skips it while nothing is pending). Crash of exec 2 at 500: t1 is
    // re-queued at NODE_LOCAL (pod-1 has exec 1), declined until 0 + 3000, launched on exec 3 at the
    // 3000 tick, ANY. Exec 3 is free all along: yarn (reason at once, no revive) counts from the
    // 1000 tick, standalone from 500.
    const jobs: JobSpec[] = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2', 'host:pod-1'])] }] }];
    const fault: FaultSpec[] = [{ executor: '2', at: 500, kind: 'crash' }];
    const yarn = run({ manager: 'yarn', lossReasonDelay: 0 }, {}, fault, jobs);
    expect(trace(yarn)[2]).toBe('1#1 e3 3000-13000 ANY');
    expect(yarn.faults[0]).toMatchObject({ detectedAt: 500, localityWait: 2000, stalled: true });
    const standalone = run({ manager: 'standalone' }, {}, fault, jobs);
    expect(trace(standalone)[2]).toBe('1#1 e3 3000-13000 ANY');
    expect(standalone.faults[0]).toMatchObject({ detectedAt: 500, localityWait: 2500, stalled: true });
  });
  it('with a task end before the tick: the wait counts from the first full offer round', () => {
    // As above, with t2 on exec 3 (0-700). The round at 0 launches all three at PROCESS_LOCAL and
    // walks no level after, so the executors' (empty) pending lists stay: PROCESS_LOCAL is still
    // valid after the loss, and t1 on dead exec 2's list keeps it (moreTasksToRunIn has no liveness
    // check). 700: t2's end offers exec 3 alone (makeOffers(executorId)), t1 is declined (700 - 0 <
    // 3000); PROCESS_LOCAL expires at 3000, NODE_LOCAL at 6000: t1 runs on exec 3 at the 6000 tick,
    // ANY. Its locality wait counts from the first full offer round, the 1000 tick: 5000 ms (the
    // 300 ms after exec 3's own offer are left out: a task end offers only its executor, and in a
    // busy cluster the other free slots wait for the tick).
    const jobs: JobSpec[] = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [
      task(10_000, ['exec:1']), task(10_000, ['exec:2', 'host:pod-1']), task(700, ['exec:3'])] }] }];
    const yarn = run({ manager: 'yarn', lossReasonDelay: 0 }, {}, [{ executor: '2', at: 500, kind: 'crash' }], jobs);
    expect(trace(yarn)[3]).toBe('1#1 e3 6000-16000 ANY');
    expect(yarn.faults[0].localityWait).toBe(5000);
  });
});

describe('standalone: 2.2 removes at the disconnect, 3.5 at the Worker\'s exit report (F7)', () => {
  it('3.5, default report delay 0: removed at the crash, the revive launches t1 at once', () => {
    const r = run({ manager: 'standalone' });
    expect(trace(r)[2]).toBe('1#1 e3 1500-11500 ANY');
    expect(r.faults[0].detectedAt).toBe(1500);
    expect(r.faults[0].disabledAt).toBeUndefined();
  });
  it('3.5, exit report after 50ms: removal (with its revive) at 1550', () => {
    const r = run({ manager: 'standalone', lossReasonDelay: 50 });
    expect(trace(r).slice(1)).toEqual(['1#0 e2 0-1550 PROCESS_LOCAL lost', '1#1 e3 1550-11550 ANY']);
  });
  it('3.5, no report: removed after spark.standalone.executorRemoveDelayOnDisconnection (5 s)', () => {
    const r = run({ manager: 'standalone', lossReasonDelay: null });
    expect(trace(r).slice(1)).toEqual(['1#0 e2 0-6500 PROCESS_LOCAL lost', '1#1 e3 6500-16500 ANY']);
  });
  it('2.2: onDisconnected removes at once whatever lossReasonDelay says', () => {
    const r = run({ manager: 'standalone', lossReasonDelay: null }, { spark: '2.2' });
    expect(trace(r)[2]).toBe('1#1 e3 1500-11500 ANY');
  });
});

describe('which losses count toward spark.task.maxFailures (F11)', () => {
  const strict = { conf: conf({ maxFailures: 1 }) };
  it('kubernetes: a failed pod counts (ExecutorExited caused by app), a deleted pod does not', () => {
    const failed = run({ manager: 'kubernetes', podEventDelay: 300 }, strict);
    expect(failed.aborted.map((a) => a.job)).toEqual(['j']);
    const deleted = run({ manager: 'kubernetes', podEventDelay: 300 }, strict, [{ executor: '2', at: 1500, kind: 'crash', cause: 'external' }]);
    expect(deleted.aborted).toEqual([]);
    expect(trace(deleted)[2]).toBe('1#1 e3 2000-12000 ANY');
  });
  it('yarn: a preempted container (cause external) does not count', () => {
    const r = run({ manager: 'yarn' }, strict, [{ executor: '2', at: 1500, kind: 'crash', cause: 'external' }]);
    expect(r.aborted).toEqual([]);
  });
  it('standalone: the Worker reports every exit as caused by the app, cause external or not', () => {
    const r = run({ manager: 'standalone' }, strict, [{ executor: '2', at: 1500, kind: 'crash', cause: 'external' }]);
    expect(r.aborted.map((a) => a.job)).toEqual(['j']);
  });
  it('3.5: a task launched onto an already hung executor is still "launching" and does not count; 2.2 counts it', () => {
    // exec 1 (2 cores) hangs at 50 while running a0; b0 is launched onto it at 1000 (b submitted
    // then; a hung executor still gets offers). Heartbeat expiry: last beat 0, timeout 120 s,
    // checks every 60 s -> 180000. a0 had started (counts: job a aborts); b0 never sent RUNNING.
    const jobs: JobSpec[] = [
      { name: 'a', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(100, ['exec:1'])] }] },
      { name: 'b', submit: 1000, stages: [{ name: 's', parents: [], tasks: [task(100, ['exec:1'])] }] },
    ];
    const m = model({ executors: execs(['1', 'h1', 2], ['2', 'h2', 1]), jobs, faults: [{ executor: '1', at: 50, kind: 'hang' }], ...strict });
    const r = simulate(m);
    expect(r.aborted.map((a) => a.job)).toEqual(['a']);
    expect(r.attempts.filter((a) => a.job === 'b').map((a) => `${a.executor} ${a.launch}-${a.end} ${a.status}`))
      .toEqual(['1 1000-180000 lost', '2 180000-180100 success']);
    const r22 = simulate({ ...m, spark: '2.2' });
    expect(r22.aborted.map((a) => a.job).sort()).toEqual(['a', 'b']);
  });
});

describe('a machine crash: kind node (F16)', () => {
  // exec 2 and exec 3 share host h2; the machine dies at 1500: no disconnect.
  const jobs: JobSpec[] = [{
    name: 'j', submit: 0, stages: [
      { name: 'm', parents: [], tasks: [task(500, ['exec:1']), task(500, ['exec:2']), task(500, ['exec:3'])] },
      { name: 'r', parents: ['m'], tasks: [task(200_000, ['exec:1']), task(200_000, ['exec:2'])] },
    ],
  }];
  const cluster = () => execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h2', 1]);

  it('the Master\'s worker timeout (checked every 60 s) removes both executors of the host at 120 s, not counting', () => {
    expect(workerTimeoutRemoval(1500, 60_000)).toBe(120_000); // last Worker beat at 0; 0 < 60000 - 60000 fails at 60 s
    expect(workerTimeoutRemoval(15_001, 60_000)).toBe(120_000); // last beat at 15 s: 15000 < 60000
    expect(workerTimeoutRemoval(60_001, 60_000)).toBe(180_000); // last beat at 60 s: not below 120000 - 60000
    // m: m0 e1, m1 e2, m2 e3 (0-500). r at 500: r0 -> e1, r1 -> e2 (PROCESS_LOCAL), e3 idle.
    // 1500: h2 dies. The executor heartbeat expiry would be at 180000; the Master removes the Worker
    // at 120000 with its host (ExecutorProcessLost(workerHost), causedByApp = false): r1 fails
    // without counting (maxFailures 1, no abort), m1's and m2's outputs are gone. Only e1 is left,
    // busy with r0 until 200500: r1 (only ANY valid) runs there then and fails to fetch at once
    // (audit F4); r and m are resubmitted 200 ms later, m1 and m2 run on e1 from 200700; r's attempt 1
    // then prefers h1 for r1 (every output of m is there now: reduce-side locality): NODE_LOCAL.
    const m = model({ executors: cluster(), jobs, faults: [{ executor: '2', at: 1500, kind: 'node' }], conf: conf({ maxFailures: 1 }) });
    const r = simulate(m);
    expect(r.aborted).toEqual([]);
    expect(r.faults[0]).toMatchObject({ detectedAt: 120_000, kind: 'node' });
    expect(r.executors.map((e) => e.lossDetectedAt)).toEqual([null, 120_000, 120_000]);
    expect(stageTrace(r).filter((l) => !/ 0-500 /.test(l))).toEqual([
      'r/0 e1 500-200500 PROCESS_LOCAL', 'r/1 e2 500-120000 PROCESS_LOCAL lost',
      'r/1 e1 200500-200500 ANY failed',
      'm/1 e1 200700-201200 PROCESS_LOCAL', 'm/2 e1 201200-201700 PROCESS_LOCAL', 'r/1 e1 201700-401700 NODE_LOCAL',
    ]);
  });
  it('with a worker timeout longer than the heartbeat path, the heartbeat expiry removes them, and the loss counts', () => {
    const m = model({ executors: cluster(), jobs, faults: [{ executor: '2', at: 1500, kind: 'node' }],
      conf: conf({ maxFailures: 1, workerTimeout: 200_000 }) });
    const r = simulate(m);
    expect(r.faults[0].detectedAt).toBe(180_000);
    expect(r.aborted.map((a) => a.job)).toEqual(['j']);
  });
  it('with the shuffle service: a Worker lost with its host still takes its outputs; the heartbeat path keeps them', () => {
    const ess = (over: object) => conf({ shuffle: { ...conf().shuffle, serviceEnabled: true }, ...over });
    // Master path: DAGScheduler.handleExecutorLost with workerHost -> fileLost, removeOutputsOnHost
    const master = simulate(model({ executors: cluster(), jobs, faults: [{ executor: '2', at: 1500, kind: 'node' }], conf: ess({}) }));
    expect(stageTrace(master).filter((l) => l.startsWith('m/') && !/ 0-500 /.test(l))).toEqual([
      'm/1 e1 200700-201200 PROCESS_LOCAL', 'm/2 e1 201200-201700 PROCESS_LOCAL']);
    // heartbeat path (worker timeout 200 s): ExecutorProcessLost without a host, the service keeps
    // m1 and m2; r1 is re-queued in its task set at 180000 (exec:2 and h2 gone: only ANY) and
    // takes e1 when r0 ends at 200500.
    const beat = simulate(model({ executors: cluster(), jobs, faults: [{ executor: '2', at: 1500, kind: 'node' }], conf: ess({ workerTimeout: 200_000 }) }));
    expect(stageTrace(beat).filter((l) => !/ 0-500 /.test(l))).toEqual([
      'r/0 e1 500-200500 PROCESS_LOCAL', 'r/1 e2 500-180000 PROCESS_LOCAL lost', 'r/1 e1 200500-400500 ANY']);
  });
  it('on yarn there is no Master: the heartbeat expiry (180 s) removes every executor of the host', () => {
    const m = model({ executors: cluster(), jobs, faults: [{ executor: '2', at: 1500, kind: 'node' }] });
    m.cluster.manager = 'yarn';
    const r = simulate(m);
    expect(r.faults[0].detectedAt).toBe(180_000);
    expect(r.executors.map((e) => e.lossDetectedAt)).toEqual([null, 180_000, 180_000]);
  });
});
