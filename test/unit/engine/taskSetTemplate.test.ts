// A query stage's task sets reuse the pending lists built for the same preference arrays
// (TaskSetManager's templates, issue #14). They must behave as lists built anew: each task set
// starts with every entry, pops and pushes of one do not show in another, and a cluster change
// that can change the lists (an added executor giving its host a rack) rebuilds them.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';
import { ANY, NODE_LOCAL, NO_PREF, PROCESS_LOCAL, RACK_LOCAL } from '../../../src/engine/locality';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { makeStage, Pref, StageKind, TaskState } from '../../../src/engine/workload';

const waits = { process: 3000, node: 3000, rack: 3000 };

/** e0 and e1 on host a, e2 on host b (no racks); tasks 0 and 2 prefer e0, task 1 e2, task 3 nothing. */
function setup() {
  const cluster = new Cluster(1);
  for (const [id, host] of [['0', 'a'], ['1', 'a'], ['2', 'b']]) cluster.register(cluster.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
  const prefStart = Int32Array.from([0, 1, 2, 3, 3]);
  const prefData = Int32Array.from([(0 << 2) | Pref.EXEC, (2 << 2) | Pref.EXEC, (0 << 2) | Pref.EXEC]);
  // two batches' stages with the same preference arrays (a state store's locations that did not move)
  const stage = () => makeStage(0, 's', 'q#0/s', Int32Array.from([100, 100, 100, 100]), new Float64Array(1), prefStart, prefData, StageKind.QueryShuffle);
  // (partitions null: a task set of all its tasks, the only kind that takes a template)
  const taskSet = (s = stage()) => new TaskSetManager(s, 0, 0, null, cluster, waits, true, false, 0);
  return { cluster, taskSet };
}

/** An offer whose task is launched (marked running, as the scheduler does): later pops drop it. */
function launch(ts: TaskSetManager, exec: number, maxLocality: number, now: number): number {
  const i = ts.resourceOffer(exec, maxLocality, now);
  if (i >= 0) {
    ts.stage.taskState[i] = TaskState.Running;
    ts.markLaunched(i);
  }
  return i;
}

describe('pending lists of a query stage kept across task sets with the same preferences', () => {
  it('a second task set starts with every entry, whatever the first popped', () => {
    const { taskSet } = setup();
    const a = taskSet();
    // addPendingTask in reverse index order, lists popped from the end: e0's list gives 0, then 2
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(0);
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(2);
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(-1);
    const b = taskSet();
    expect(b.myLocalityLevels).toEqual([PROCESS_LOCAL, NODE_LOCAL, NO_PREF, ANY]);
    expect(launch(b, 0, PROCESS_LOCAL, 0)).toBe(0);
    // after the process wait, e1 (host a, like e0) gets e0's other task through host a's list
    expect(launch(b, 1, NODE_LOCAL, 3000)).toBe(2);
    expect(b.lastLocality).toBe(NODE_LOCAL);
    expect(launch(b, 2, PROCESS_LOCAL, 3000)).toBe(1);
    expect(launch(b, 2, NO_PREF, 3000)).toBe(3);
  });

  it('a task re-queued in one task set is not in the other (the lists are copied before a write)', () => {
    const { taskSet } = setup();
    const a = taskSet();
    const b = taskSet();
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(0);
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(2);
    a.addPendingTask(2);
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(2);
    expect(a.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(-1);
    // b's list for e0 is still [2, 0]: 0 first, then 2, then nothing
    expect(b.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(0);
    expect(b.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(2);
    expect(b.resourceOffer(0, PROCESS_LOCAL, 0)).toBe(-1);
    // and a third one starts full again
    expect(taskSet().resourceOffer(0, PROCESS_LOCAL, 0)).toBe(0);
  });

  it('a list emptied by its level holds only what is re-queued later (not the shared entries again)', () => {
    const { taskSet } = setup();
    taskSet();
    const b = taskSet();
    expect([launch(b, 0, PROCESS_LOCAL, 0), launch(b, 0, PROCESS_LOCAL, 0), launch(b, 2, PROCESS_LOCAL, 0), launch(b, 1, NO_PREF, 0)]).toEqual([0, 2, 1, 3]);
    // nothing left to schedule: getAllowedLocalityLevel drops the executor and host lists (moreTasksToRunIn)
    expect(b.getAllowedLocalityLevel(0)).toBe(ANY);
    expect(b.forExecutor.keys).toEqual([]);
    expect(b.forHost.get(0)).toBeUndefined();
    // task 0 fails and is queued again: e0's new list holds it alone
    b.stage.taskState[0] = 0;
    b.addPendingTask(0);
    expect(b.forExecutor.keys).toEqual([0]);
    expect(b.forExecutor.get(0)!.length).toBe(1);
    expect(b.forHost.get(0)!.length).toBe(1);
    expect(launch(b, 0, PROCESS_LOCAL, 0)).toBe(0);
  });

  it('an executor added with a rack for host a gives the next task set a RACK_LOCAL level (the lists are rebuilt)', () => {
    const { cluster, taskSet } = setup();
    expect(taskSet().myLocalityLevels).toEqual([PROCESS_LOCAL, NODE_LOCAL, NO_PREF, ANY]);
    cluster.register(cluster.add({ id: '3', host: 'a', rack: 'r1', cores: 1, joinAt: 0 }, '3', 0), 0);
    // tasks 0 and 2 prefer e0 on host a, now on rack r1 (computeValidLocalityLevels: a live host on the rack)
    const c = taskSet();
    expect(c.myLocalityLevels).toEqual([PROCESS_LOCAL, NODE_LOCAL, NO_PREF, RACK_LOCAL, ANY]);
  });
});
