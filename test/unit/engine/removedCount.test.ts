// Cluster.removedCount is the number of executors in state Removed: while it is 0, a new task set
// skips the scan of its stage's preferences for executors the driver removed, and so does a task
// set whose stage's preferences name no executor (workload.ts namesNoExecutor), issue #17. These
// tests hold the count to the executors' states through removals, a registration, a run's faults
// and forks, and check that the skip leaves the task sets' preferences as the scan gave them.
import { describe, expect, it } from 'vitest';
import { Cluster, ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkSimulation } from '../../../src/engine/fork';
import { Simulation } from '../../../src/engine/simulation';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { buildJobs, namesNoExecutor, Pref, stateOnSubmit } from '../../../src/engine/workload';
import type { JobFile, TaskGroupSpec } from '../../../src/format/model';
import { execs, fixed, model, task } from './model';

const removed = (c: Cluster) => c.executors.filter((e) => e.state === ExecState.Removed).length;
const LIMITS = { maxEvents: 1e6, maxTimeMs: 1e9 };

describe('Cluster.removedCount', () => {
  it('counts the executors in state Removed: once per executor, less one that registers again', () => {
    const c = new Cluster(1);
    for (const id of ['1', '2', '3']) c.register(c.add({ id, host: `h${id}`, cores: 1, joinAt: 0 }, id, 0), 0);
    expect(c.removedCount).toBe(0);
    c.remove(c.executors[0], 10);
    expect(c.removedCount).toBe(1);
    c.remove(c.executors[0], 20); // (removed again: still one executor)
    expect(c.removedCount).toBe(1);
    c.remove(c.executors[2], 30);
    expect(c.removedCount).toBe(2);
    c.register(c.executors[0], 40); // (the engine registers only new executors; the count follows a state either way)
    expect(c.removedCount).toBe(1);
    expect(removed(c)).toBe(1);
  });

  // 4 executors of 1 core on 4 hosts, 16 tasks of 1 s: the run lasts past every removal below.
  // Executor 1 crashes at 100 ms with a replacement 1 s later, 3 crashes at 2100 ms, 4 is released
  // (`leaveAt`) at 300 ms: the driver removes 1 and 3 (a crash's disconnect, standalone) and 4 once
  // its running task ends (executorRelease.ts); the replacement registers as a new executor.
  const file = (): JobFile => model({
    executors: [...execs(['1', 'a', 1], ['2', 'b', 1], ['3', 'c', 1]), { id: '4', host: 'd', cores: 1, joinAt: 0, leaveAt: 300 }],
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: Array.from({ length: 16 }, () => task(1000)) }] }],
    faults: [{ executor: '1', at: 100, kind: 'crash', replaceAfter: 1000 }, { executor: '3', at: 2100, kind: 'crash' }],
  });

  it('follows a run\'s crashes, a release and a replacement, at every step', () => {
    const m = file();
    const sim = new Simulation(m, '3.5', false, m.faults, LIMITS);
    const seen: number[] = [];
    for (let t = 0; !sim.runUntil(t, 0); t += 50) {
      expect(sim.cluster.removedCount, `at ${t}`).toBe(removed(sim.cluster));
      if (seen[seen.length - 1] !== sim.cluster.removedCount) seen.push(sim.cluster.removedCount);
    }
    // 1 removed, then 4 (released), then 3; the replacement is a fifth executor, alive
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sim.cluster.executors.map((e) => e.state)).toEqual(
      [ExecState.Removed, ExecState.Alive, ExecState.Removed, ExecState.Removed, ExecState.Alive]);
    expect(sim.cluster.removedCount).toBe(3);
  });

  it('is copied by a fork, and a fork\'s removals stay in the fork', () => {
    const m = file();
    const base = new Simulation(m, '3.5', false, m.faults, LIMITS);
    base.runUntil(1500, EventKind.Fault); // 1 and 4 removed
    expect(base.cluster.removedCount).toBe(2);
    const fork = forkSimulation(base);
    expect(fork.cluster.removedCount).toBe(2);
    fork.injectFault({ executor: '2', at: 1500, kind: 'crash' });
    fork.run();
    // the fork: 1, 4, 2 and 3 removed; the base as it was, then on to its own end
    expect(fork.cluster.removedCount).toBe(4);
    expect(fork.cluster.removedCount).toBe(removed(fork.cluster));
    expect(base.cluster.removedCount).toBe(2);
    base.run();
    expect(base.cluster.removedCount).toBe(3);
    expect(base.cluster.removedCount).toBe(removed(base.cluster));
  });
});

describe('a task set\'s preferences with the skips', () => {
  // 4 executors on hosts a-d; a count stage of 8 tasks with 2 replicas each, drawn from the hosts
  // or from the executors. Executor 2 (host b) is removed before the task set is made.
  const stageOf = (on: 'hosts' | 'executors') => {
    const m = model({ executors: execs(['1', 'a', 1], ['2', 'b', 1], ['3', 'c', 1], ['4', 'd', 1]), jobs: [] });
    const tasks: TaskGroupSpec = { count: 8, duration: fixed(100), input: 0, prefer: { replicas: 2, on } };
    m.jobs = [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks }] }];
    const cluster = new Cluster(1);
    for (const e of m.cluster.executors) cluster.register(cluster.add(e, e.id, 0), 0);
    const stage = buildJobs(m, cluster)[0].stages[0];
    stateOnSubmit(stage, cluster); // (its state, as its submission makes it)
    return { cluster, stage, tsm: () => new TaskSetManager(stage, 0, 0, null, cluster, { process: 3000, node: 3000, rack: 3000 }, true, false, 0) };
  };

  it('replicas drawn from the hosts name no executor: the task set keeps them all, a removed executor\'s host too', () => {
    const { cluster, stage, tsm } = stageOf('hosts');
    expect(namesNoExecutor(stage.prefData)).toBe(true);
    expect(stage.prefData.every((code) => (code & 3) === Pref.HOST)).toBe(true);
    cluster.remove(cluster.executors[1], 10);
    const t = tsm();
    // (Spark keeps a host preference whether or not an executor is left on it)
    for (let i = 0; i < 8; i++) expect([...t.prefsOf(i)]).toEqual([...stage.prefData.subarray(2 * i, 2 * i + 2)]);
  });

  it('replicas drawn from the executors: the scan still drops the removed executor (F8)', () => {
    const { cluster, stage, tsm } = stageOf('executors');
    expect(namesNoExecutor(stage.prefData)).toBe(false);
    const dead = (1 << 2) | Pref.EXEC;
    // (the draw: 2 of 4 executors per task, so some task names executor 2)
    expect([...stage.prefData].filter((code) => code === dead).length).toBeGreaterThan(0);
    const before = tsm(); // (none removed yet: the stage's own preferences)
    cluster.remove(cluster.executors[1], 10);
    const after = tsm();
    for (let i = 0; i < 8; i++) {
      const own = [...stage.prefData.subarray(2 * i, 2 * i + 2)];
      expect([...before.prefsOf(i)]).toEqual(own);
      expect([...after.prefsOf(i)]).toEqual(own.filter((code) => code !== dead));
    }
  });
});
