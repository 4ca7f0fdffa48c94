// Dynamic allocation (src/engine/executorAllocationManager.ts) with times derived by hand from
// Spark 3.5.0's ExecutorAllocationManager.scala ("EAM") and dynalloc/ExecutorMonitor.scala ("EM"):
// the EAM's schedule() runs every 100 ms from 0 (EAM:153, :202); executors have 1 core (1 slot);
// revive ticks at 0, 1 s, 2 s...; the external shuffle service is on (no shuffle tracking). A task
// without a preference launches PROCESS_LOCAL (TaskSetManager.dequeueTask: noPrefs).
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import { defaultSparkConf } from '../../../src/format/conf';
import type { DynamicAllocationConf, FaultSpec, JobSpec } from '../../../src/format/model';
import { conf, execs, model, task } from './model';

function da(over: Partial<DynamicAllocationConf> = {}): DynamicAllocationConf {
  return { ...defaultSparkConf().dynamicAllocation, enabled: true, ...over };
}

function run(jobs: JobSpec[], ex: ReturnType<typeof execs>, daConf: Partial<DynamicAllocationConf>, faults: FaultSpec[] = [], newExecutorDelay = 2000): SimulationResult {
  const m = model({ executors: ex, jobs, faults, conf: conf({ dynamicAllocation: da(daConf), shuffle: { serviceEnabled: true, ioMaxRetries: 3, ioRetryWait: 5000 } }) });
  m.cluster = { ...m.cluster, newExecutorDelay };
  return simulate(m);
}

/** "task e<executor> launch-end LOCALITY [status]" in launch order */
function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task, 'en', { numeric: true }))
    .map((a) => `${a.task.split('/').pop()} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

const eight: JobSpec[] = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: Array.from({ length: 8 }, () => task(10_000)) }] }];

describe('dynamic allocation: requests on a backlog (ExecutorAllocationManager)', () => {
  it('the first request after schedulerBacklogTimeout, then 2, then 4 every sustainedSchedulerBacklogTimeout', () => {
    // initialExecutors 1 = executor 1. t=0: 7 of 8 tasks pending -> addTime = 0 + 1 s (EAM:618-624).
    // 1000: target = max(1, 1 executor) + numExecutorsToAdd 1 = 2 <= needed ceil(8 / 1) = 8: +1
    //   (delta == toAdd: toAdd 2, addTime 2000, EAM:445-452); the request registers at 1000 + 2 s.
    // 2000: max(2, 1) + 2 = 4: +2 (toAdd 4, addTime 3000), executors 3 and 4 at 4000.
    // 3000: executor 2 registers and is offered alone (3.x makeOffers(executorId)): t1.
    //   max(4, 2) + 4 = 8 = needed: +4 (toAdd 8), executors 5-8 at 5000.
    // 4000: max(8, 4) + 8 = 16, capped at needed 8: delta 0, toAdd back to 1 (EAM:519-523).
    const r = run(eight, execs(['1', 'node1', 1]), { initialExecutors: 1 });
    expect(trace(r)).toEqual([
      '0 e1 0-10000 PROCESS_LOCAL', '1 e2 3000-13000 PROCESS_LOCAL', '2 e3 4000-14000 PROCESS_LOCAL', '3 e4 4000-14000 PROCESS_LOCAL',
      '4 e5 5000-15000 PROCESS_LOCAL', '5 e6 5000-15000 PROCESS_LOCAL', '6 e7 5000-15000 PROCESS_LOCAL', '7 e8 5000-15000 PROCESS_LOCAL',
    ]);
    expect(r.executors.map((e) => `${e.id}+${e.addedAt}`)).toEqual(['1+0', '2+3000', '3+4000', '4+4000', '5+5000', '6+5000', '7+5000', '8+5000']);
    expect(r.faults).toEqual([]);
  });

  it('maxExecutors caps the ramp: the step that would pass it is cut and the doubling starts over', () => {
    // 1000: +1 (target 2, toAdd 2). 2000: max(2, 1) + 2 = 4, capped at max 3: delta 1 != toAdd 2 ->
    // toAdd 1 (EAM:446-449); executor 3 at 4000. 3000: target 3 >= max: nothing (EAM:503-508).
    // The other tasks wait for a slot: t3 on e1 at 10000, t4 on e2 at 13000, t5 on e3 at 14000...
    const r = run(eight, execs(['1', 'node1', 1]), { initialExecutors: 1, maxExecutors: 3 });
    expect(trace(r)).toEqual([
      '0 e1 0-10000 PROCESS_LOCAL', '1 e2 3000-13000 PROCESS_LOCAL', '2 e3 4000-14000 PROCESS_LOCAL', '3 e1 10000-20000 PROCESS_LOCAL',
      '4 e2 13000-23000 PROCESS_LOCAL', '5 e3 14000-24000 PROCESS_LOCAL', '6 e1 20000-30000 PROCESS_LOCAL', '7 e2 23000-33000 PROCESS_LOCAL',
    ]);
    expect(r.executors.map((e) => e.id)).toEqual(['1', '2', '3']);
  });
});

describe('dynamic allocation: a lost executor is replaced after the cluster manager\'s delay', () => {
  it('the replacement registers newExecutorDelay after the loss is known and takes the re-run at once', () => {
    // standalone 3.5, exit report after 0 ms: executor 2 is removed at 1500 and t1 re-queued
    // (it preferred exec 2: only its host node2 is left as a location). The tick at 1500 sees
    // 1 registered executor for a target of 2 (initialExecutors): the cluster manager asks for one
    // (YarnAllocator: missing = target - running - pending), which registers at 1500 + 5 s on node2,
    // the host the pending task wants, and is offered t1 alone at once, NODE_LOCAL.
    // 2500: the backlog's addTime: max(2, 1) + 1 = 3 > needed 2: no request (delta 0).
    const r = run([{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2'])] }] }],
      execs(['1', 'node1', 1], ['2', 'node2', 1]), { initialExecutors: 2 }, [{ executor: '2', at: 1500, kind: 'crash' }], 5000);
    expect(trace(r)).toEqual(['0 e1 0-10000 PROCESS_LOCAL', '1 e2 0-1500 PROCESS_LOCAL lost', '1 e3 6500-16500 NODE_LOCAL']);
    expect(r.executors.map((e) => `${e.id}@${e.host}+${e.addedAt}`)).toEqual(['1@node1+0', '2@node2+0', '3@node2+6500']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 1500, recoveredAt: 16500, recoveryLatency: 15000, localityWait: 0, stalled: false });
  });

  it('findings say how long the re-run waited for the new executor (SJ168), at the fault and after the sweep', () => {
    const m = model({
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1]), faults: [{ executor: '2', at: 1500, kind: 'crash' }],
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2'])] }] }],
      conf: conf({ dynamicAllocation: da({ initialExecutors: 2 }), shuffle: { serviceEnabled: true, ioMaxRetries: 3, ioRetryWait: 5000 } }),
    });
    m.cluster = { ...m.cluster, newExecutorDelay: 5000 };
    const a = analyzeFile(m, { sweep: true });
    // detected at 1500, the re-run launched on executor 3 when it registered at 6500: 5 s
    const atFault = a.findings.find((f) => f.code === 'SJ168' && f.target.kind === 'fault');
    expect(atFault?.message).toContain('1 re-run task waits 5 s for a new executor');
    expect(atFault?.message).toContain('cluster.newExecutorDelay = 5 s');
    // the sweep's losses of executor 2 while t1 runs wait for a replacement too (detection at a sweep
    // moment between ticks: the request at the next 100 ms tick, so up to 5.1 s)
    const swept = a.findings.find((f) => f.code === 'SJ168' && f.target.kind === 'conf');
    expect(swept?.message).toMatch(/^In the fault sweep, the re-runs of \d+ of \d+ losses wait for a new executor \(up to 5\.\d+ s/);
    expect(a.sweep!.faults.every((f) => (f.newExecutorWaitMs ?? 0) <= 5100)).toBe(true);
  });

  it('on kubernetes the replacement is a new pod with the next id', () => {
    const m = model({
      executors: execs(['1', 'pod-1', 1], ['2', 'pod-2', 1]), faults: [{ executor: '2', at: 1500, kind: 'crash' }],
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(10_000, ['exec:1']), task(10_000, ['exec:2'])] }] }],
      conf: conf({ dynamicAllocation: da({ initialExecutors: 2 }) }),
    });
    // pod event after 0 ms: the tasks fail at 1500 (no revive); the allocator's tick at 1500 asks for a
    // pod, which registers at 1500 + the kubernetes default 5 s as executor 3 on pod-3 and takes t1
    m.cluster = { ...m.cluster, manager: 'kubernetes', podEventDelay: 0 };
    const r = simulate(m);
    expect(r.executors.map((e) => `${e.id}@${e.host}+${e.addedAt}`)).toEqual(['1@pod-1+0', '2@pod-2+0', '3@pod-3+6500']);
    expect(trace(r)[2]).toBe('1 e3 6500-16500 ANY');
  });
});

describe('dynamic allocation: idle executors are released, and a release is not a fault', () => {
  const jobs: JobSpec[] = [
    { name: 'a', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000, ['host:node1']), task(3000, ['host:node2'])] }] },
    { name: 'b', submit: 10_000, stages: [{ name: 's', parents: [], tasks: [task(1000)] }] },
  ];

  it('released executorIdleTimeout after their last task; a later job asks for a new one', () => {
    // executorIdleTimeout 2 s: executor 1 is idle from 1000 (EM Tracker.updateRunningTasks), timed
    // out at the 3000 tick; the target fell to 0 (no task left), so it is killed (EAM:536-571).
    // Executor 2 (idle from 3000) at 5000. Job b at 10000 has no executor: its backlog's request at
    // 11000 (target 0 -> 1) registers executor 3 at 13000.
    const r = run(jobs, execs(['1', 'node1', 1], ['2', 'node2', 1]), { initialExecutors: 2, executorIdleTimeout: 2000 });
    expect(trace(r)).toEqual(['0 e1 0-1000 NODE_LOCAL', '1 e2 0-3000 NODE_LOCAL', '0 e3 13000-14000 PROCESS_LOCAL']);
    expect(r.executors.map((e) => `${e.id}+${e.addedAt}`)).toEqual(['1+0', '2+0', '3+13000']);
    // a release loses nothing: no fault, no loss on the executors (executorRelease.ts)
    expect(r.faults).toEqual([]);
    expect(r.executors.every((e) => e.lostAt === null && e.lossDetectedAt === null)).toBe(true);
    expect(r.aborted).toEqual([]);
  });

  it('minExecutors keeps the last executor: job b runs on executor 2 at its submission', () => {
    // min 1: at 3000 executor 1 goes (2 - 1 >= min 1 and >= target max(0, min) = 1); at 5000
    // executor 2 would leave 0 < min 1: kept (EAM:548-551).
    const r = run(jobs, execs(['1', 'node1', 1], ['2', 'node2', 1]), { initialExecutors: 2, minExecutors: 1, executorIdleTimeout: 2000 });
    expect(trace(r)).toEqual(['0 e1 0-1000 NODE_LOCAL', '1 e2 0-3000 NODE_LOCAL', '0 e2 10000-11000 PROCESS_LOCAL']);
    expect(r.executors.map((e) => e.id)).toEqual(['1', '2']);
  });

  it('an executor holding cached blocks waits cachedExecutorIdleTimeout instead', () => {
    // `prefer: exec:ID` is a block cached there: the deadline is idleStart + max(idle 2 s, cached 5 s)
    // (EM Tracker.updateTimeout :563-589): executor 1 at 6000, executor 2 at 8000; job b's request
    // at 11000 registers executor 3 at 13000, as above.
    const cached: JobSpec[] = [{ ...jobs[0], stages: [{ name: 's', parents: [], tasks: [task(1000, ['exec:1']), task(3000, ['exec:2'])] }] }, jobs[1]];
    const r = run(cached, execs(['1', 'node1', 1], ['2', 'node2', 1]), { initialExecutors: 2, executorIdleTimeout: 2000, cachedExecutorIdleTimeout: 5000 });
    expect(trace(r)).toEqual(['0 e1 0-1000 PROCESS_LOCAL', '1 e2 0-3000 PROCESS_LOCAL', '0 e3 13000-14000 PROCESS_LOCAL']);
    // with the default (infinite) cached timeout they stay, and job b runs at once on one of them
    const kept = run(cached, execs(['1', 'node1', 1], ['2', 'node2', 1]), { initialExecutors: 2, executorIdleTimeout: 2000 });
    expect(kept.executors.map((e) => e.id)).toEqual(['1', '2']);
    expect(kept.attempts.find((a) => a.job === 'b')?.launch).toBe(10_000);
  });
});
