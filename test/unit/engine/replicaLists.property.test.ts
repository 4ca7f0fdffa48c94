// A count stage with replicas on hosts (the usual scan stage) has its first task set's pending lists
// built by TaskSetManager.countReplicas / writeReplicas instead of the general passes (issue #17).
// They must leave what the general passes leave for the same tasks, given as an explicit list of
// every partition: the same keys in the same order, the same entries, rack marks, flags and counts.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';
import { Random } from '../../../src/engine/random';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { buildJobs, stateOnSubmit } from '../../../src/engine/workload';
import { model } from './model';

const waits = { process: 3000, node: 3000, rack: 3000 };

interface Internals {
  flagsOf(i: number): number;
  schedExec: number;
  schedHost: number;
  schedRack: number;
}

function state(ts: TaskSetManager) {
  const lists = (keys: number[], get: (k: number) => { length: number; at(k: number): number } | undefined) =>
    keys.map((k) => { const l = get(k); return [k, l === undefined ? null : Array.from({ length: l.length }, (_, j) => l.at(j))]; });
  const t = ts as unknown as Internals;
  return {
    host: lists(ts.forHost.keys, (k) => ts.forHost.get(k)), exec: ts.forExecutor.keys.slice(), rack: ts.forRack.keys.slice(),
    flags: Array.from({ length: ts.stage.numTasks }, (_, i) => t.flagsOf(i)), counts: [t.schedExec, t.schedHost, t.schedRack], levels: ts.myLocalityLevels,
  };
}

describe('a count stage\'s host replicas: the first task set\'s lists', () => {
  it('are those the general passes build, on random clusters with some, all or no hosts on racks', () => {
    for (let seed = 1; seed <= 120; seed++) {
      const rng = new Random(seed, 17);
      const hosts = 1 + rng.int(12);
      const racks = rng.int(3); // 0: no rack; 1: every host on one; 2: some hosts on one
      const executors = Array.from({ length: hosts + rng.int(4) }, (_, k) => {
        const h = k % hosts;
        const rack = racks === 1 || (racks === 2 && h % 2 === 0) ? { rack: `r${h % 3}` } : {};
        return { id: `${k}`, host: `h${h}`, cores: 1, joinAt: 0, ...rack };
      });
      const m = model({
        seed,
        executors,
        jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: rng.int(300), duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: { replicas: 1 + rng.int(4), on: 'hosts' } } }] }],
      });
      const cluster = new Cluster(1);
      for (const e of m.cluster.executors) cluster.register(cluster.add(e, e.id, 0), 0);
      const stage = buildJobs(m, cluster)[0].stages[0];
      stateOnSubmit(stage, cluster); // (its state, as its submission makes it)
      const every = Int32Array.from({ length: stage.numTasks }, (_, i) => i);
      const fast = new TaskSetManager(stage, 0, 0, null, cluster, waits, true, false, 0);
      const general = new TaskSetManager(stage, 0, 0, every, cluster, waits, true, false, 0);
      expect(state(fast), `seed ${seed}`).toEqual(state(general));
    }
  });
});
