// The usual scan stage's host lists are stored as 16-bit gaps between a region's tasks
// (PendingLists.gaps, issue #17), popped by dequeueTask with an add per entry under a list of the
// entries pushed since; a stage with a gap that does not fit keeps 32-bit lists. Either way a task
// set must pop, hold and re-queue exactly what the general passes' 32-bit lists give: the same
// stage's task set of an explicit list of every partition, offered the same executors.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';
import { NODE_LOCAL } from '../../../src/engine/locality';
import { Random } from '../../../src/engine/random';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { buildJobs, Pref, stateOnSubmit, TaskState } from '../../../src/engine/workload';
import { model } from './model';

const waits = { process: 3000, node: 3000, rack: 3000 };

/**
 * A count stage of n tasks with m host replicas each on `hosts` hosts (one executor each, some on
 * racks), its codes drawn again here: with `sparse`, host 0 only in the first and last tasks, a
 * gap of n - 1 between them.
 */
function setup(seed: number, n: number, m: number, hosts: number, sparse: boolean) {
  const rng = new Random(seed, 29);
  const executors = Array.from({ length: hosts }, (_, k) => ({ id: `${k}`, host: `h${k}`, cores: 1, joinAt: 0, ...(k % 3 === 0 ? { rack: `r${k % 2}` } : {}) }));
  const file = model({
    seed,
    executors,
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: n, duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: { replicas: m, on: 'hosts' } } }] }],
  });
  const cluster = new Cluster(1);
  for (const e of file.cluster.executors) cluster.register(cluster.add(e, e.id, 0), 0);
  const stage = buildJobs(file, cluster)[0].stages[0];
  stateOnSubmit(stage, cluster); // (its state, as its submission makes it)
  const prefData = stage.prefData;
  for (let i = 0; i < n; i++) {
    const ends = i === 0 || i === n - 1;
    const drawn: number[] = sparse && ends ? [0] : [];
    while (drawn.length < m) {
      const h = sparse && !ends ? 1 + rng.int(hosts - 1) : rng.int(hosts);
      if (!drawn.includes(h)) drawn.push(h);
    }
    // (3 replicas from 1,024 hosts or fewer: packed, workload.ts PrefCodes)
    if (prefData instanceof Uint32Array) prefData[i] = drawn[0] | (drawn[1] << 10) | (drawn[2] << 20);
    else for (let r = 0; r < m; r++) prefData[i * m + r] = (drawn[r] << 2) | Pref.HOST;
  }
  const every = Int32Array.from({ length: n }, (_, i) => i);
  const fast = new TaskSetManager(stage, 0, 0, null, cluster, waits, true, false, 0);
  const general = new TaskSetManager(stage, 0, 0, every, cluster, waits, true, false, 0);
  return { cluster, stage, fast, general, rng };
}

const lists = (ts: TaskSetManager) => ts.forHost.keys.map((k) => [k, ts.forHost.entries(k) ?? null]);

describe('a scan stage\'s host lists as 16-bit gaps', () => {
  it('pop, hold and re-queue what 32-bit lists do, on random stages (gaps beyond 65,535 included)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const sparse = seed % 4 === 0;
      const n = sparse ? 66_000 + seed * 500 : [6_000, 20_000, 70_000][seed % 3] + seed * 37;
      const m = sparse ? 2 + (seed % 3) : 1 + (seed % 4);
      const hosts = Math.max(m + 1, sparse ? 6 : [4, 30, 200][seed % 3]);
      const { cluster, stage, fast, general, rng } = setup(seed, n, m, hosts, sparse);
      // (a stage of fewer than 16,384 entries keeps 32-bit lists, as does one with a gap past 16 bits)
      expect(fast.forHost.gaps !== null, `seed ${seed}`).toBe(!sparse && n * m >= 16_384);
      expect(general.forHost.gaps).toBeNull();
      expect(lists(fast), `seed ${seed}`).toEqual(lists(general));
      const running: number[] = [];
      const free = new Int32Array(hosts);
      const execs = Int32Array.from({ length: hosts }, (_, k) => k);
      let launched = 0;
      for (let step = 0; step < 6_000; step++) {
        const r = rng.int(100);
        if (r < 70) {
          const exec = rng.int(hosts);
          const i = fast.resourceOffer(exec, NODE_LOCAL, 0);
          expect(general.resourceOffer(exec, NODE_LOCAL, 0), `seed ${seed} step ${step}`).toBe(i);
          if (i >= 0) {
            stage.taskState[i] = TaskState.Running;
            fast.markLaunched(i);
            general.markLaunched(i);
            running.push(i);
            launched++;
          }
        } else if (r < 80 && running.length > 0) {
          const i = running.splice(rng.int(running.length), 1)[0];
          stage.taskState[i] = TaskState.Successful;
        } else if (r < 88 && running.length > 0) {
          // a lost attempt: the task goes on its hosts' lists again, above what is left of their regions
          const i = running.splice(rng.int(running.length), 1)[0];
          stage.taskState[i] = 0;
          fast.addPendingTask(i);
          general.addPendingTask(i);
        } else if (r < 89) {
          // a run of tasks done at once: the next pops cross long runs of stale entries
          const from = rng.int(n);
          for (let i = from; i < Math.min(n, from + rng.int(30_000)); i++) if (stage.taskState[i] === 0) stage.taskState[i] = TaskState.Successful;
        } else {
          for (let k = 0; k < hosts; k++) free[k] = rng.int(3) === 0 ? 1 : 0;
          const from = rng.int(hosts);
          const a = fast.forHost.holdsAny(execs, free, from, hosts, cluster.execHost, null);
          expect(general.forHost.holdsAny(execs, free, from, hosts, cluster.execHost, null), `seed ${seed} step ${step}`).toBe(a);
        }
      }
      expect(launched).toBeGreaterThan(1_000);
      expect(lists(fast), `seed ${seed}`).toEqual(lists(general));
      // until every task is done: what is left, popped to the end
      for (let k = 0; k < hosts * 4 + 10; k++) {
        const exec = k % hosts;
        let i: number;
        do {
          i = fast.resourceOffer(exec, NODE_LOCAL, 0);
          expect(general.resourceOffer(exec, NODE_LOCAL, 0), `seed ${seed} drain`).toBe(i);
          if (i >= 0) stage.taskState[i] = TaskState.Successful;
        } while (i >= 0);
      }
      expect(lists(fast)).toEqual(lists(general));
    }
  });

  it('give each key its tasks in descending order, the lowest popped first', () => {
    const { fast, stage } = setup(3, 20_000, 2, 5, false);
    expect(fast.forHost.gaps).not.toBeNull();
    for (const k of fast.forHost.keys) {
      const want: number[] = [];
      for (let i = stage.numTasks - 1; i >= 0; i--) if (stage.prefData[2 * i] >> 2 === k || stage.prefData[2 * i + 1] >> 2 === k) want.push(i);
      expect(fast.forHost.entries(k)).toEqual(want);
    }
    // host 0's executor: its host's lowest task first
    const first = fast.forHost.entries(0)!;
    expect(fast.resourceOffer(0, NODE_LOCAL, 0)).toBe(first[first.length - 1]);
  });
});
