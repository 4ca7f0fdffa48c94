// A count stage's 3 replicas drawn from at most 1,024 hosts are packed, one 32-bit word a task of
// the three hosts' indices (workload.ts PrefCodes, issue #17): the same draws as the 16-bit codes
// of sampleFew, read with codeAt by every reader of a stage's preferences.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';
import { Random } from '../../../src/engine/random';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { buildJobs, codeAt, codeCount, namesNoExecutor, Pref, sampleDistinct, sampleThree, stateOnSubmit } from '../../../src/engine/workload';
import { model } from './model';

/** A stage of n tasks of m host replicas on `hosts` hosts (one executor each). */
function stageOf(hosts: number, m: number, n: number) {
  const file = model({
    executors: Array.from({ length: hosts }, (_, k) => ({ id: `${k}`, host: `h${k}`, cores: 1, joinAt: 0 })),
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: n, duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: { replicas: m, on: 'hosts' } } }] }],
  });
  const cluster = new Cluster(1);
  for (const e of file.cluster.executors) cluster.register(cluster.add(e, e.id, 0), 0);
  return { stage: buildJobs(file, cluster)[0].stages[0], cluster };
}

describe('packed preference codes', () => {
  it('draw what sampleFew draws, and leave the generator where it does', () => {
    const rng = new Random(17);
    for (let t = 0; t < 2000; t++) {
      // a pool of distinct host indices below 1,024, in any order
      const size = 3 + rng.int(t % 10 === 0 ? 1022 : 40);
      const pool = Array.from({ length: 1024 }, (_, k) => k);
      for (let k = 0; k < size; k++) {
        const j = k + rng.int(1024 - k);
        [pool[k], pool[j]] = [pool[j], pool[k]];
      }
      pool.length = size;
      const seed = rng.nextI32();
      const a = new Random(seed, t);
      const b = new Random(seed, t);
      const flat = new Uint16Array(3);
      sampleDistinct(pool, 3, a, flat, 0, Pref.HOST);
      const packed = Uint32Array.of(sampleThree(pool, b));
      expect([0, 1, 2].map((r) => codeAt(packed, r)), `draw ${t}`).toEqual([...flat]);
      expect([...b.s]).toEqual([...a.s]);
    }
    // (exact: the pool 0..9 from seed 5)
    const w = sampleThree([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], new Random(5));
    const flat = new Uint16Array(3);
    sampleDistinct([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3, new Random(5), flat, 0, Pref.HOST);
    expect([w & 1023, (w >>> 10) & 1023, w >>> 20]).toEqual([...flat].map((c) => c >> 2));
    expect([...flat].map((c) => c & 3)).toEqual([Pref.HOST, Pref.HOST, Pref.HOST]);
  });

  it('read as the codes of their tasks, in order, the highest index 1,023', () => {
    const codes = Uint32Array.of(1 | (2 << 10) | (3 << 20), 1023 | (0 << 10) | (1022 << 20));
    expect(codeCount(codes)).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((p) => codeAt(codes, p))).toEqual([1, 2, 3, 1023, 0, 1022].map((h) => (h << 2) | Pref.HOST));
    expect(codeAt(Uint16Array.of(5, 9), 1)).toBe(9);
  });

  it('are a stage\'s of 3 replicas from 1,024 hosts or fewer; each task\'s three distinct hosts, as a task set gives them', () => {
    expect(stageOf(20, 3, 10).stage.prefData).toBeInstanceOf(Uint32Array);
    expect(stageOf(1024, 3, 10).stage.prefData).toBeInstanceOf(Uint32Array);
    expect(stageOf(1025, 3, 10).stage.prefData).toBeInstanceOf(Uint16Array);
    expect(stageOf(20, 2, 10).stage.prefData).toBeInstanceOf(Uint16Array);
    expect(stageOf(20, 4, 10).stage.prefData).toBeInstanceOf(Uint16Array);
    const { stage, cluster } = stageOf(1024, 3, 3000);
    expect(namesNoExecutor(stage.prefData)).toBe(true);
    expect(stage.prefData.length).toBe(3000);
    stateOnSubmit(stage, cluster);
    const ts = new TaskSetManager(stage, 0, 0, null, cluster, { process: 3000, node: 3000, rack: 3000 }, true, false, 0);
    const hosts = new Set<number>();
    for (let i = 0; i < 3000; i++) {
      const codes = [0, 1, 2].map((r) => codeAt(stage.prefData, 3 * i + r));
      expect([...ts.prefsOf(i)]).toEqual(codes);
      expect(new Set(codes).size).toBe(3);
      for (const c of codes) {
        expect(c & 3).toBe(Pref.HOST);
        hosts.add(c >> 2);
      }
    }
    expect(Math.max(...hosts)).toBe(1023);
    expect(hosts.size).toBeGreaterThan(1000);
  });
});
