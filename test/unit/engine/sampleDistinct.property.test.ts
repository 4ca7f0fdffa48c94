// A replicated stage's preferred locations: sampleDistinct keeps only the positions its swaps
// moved, and must draw the same replicas in the same order as the partial Fisher-Yates on a whole
// permutation (sampleDistinctDense) for every pool, count and seed: every task's preferences, so
// every result of a `prefer: { replicas: N }` stage, depend on it (issue #17). (Above 16 replicas
// sampleDistinct is the dense one; up to 3 it keeps the moved positions in locals, sampleFew.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine/random';
import { sampleDistinct, sampleDistinctDense } from '../../../src/engine/workload';

function draws(sample: typeof sampleDistinct, pool: number[], m: number, tasks: number, seed: number): number[] {
  const rng = new Random(seed, 3);
  const out = new Int32Array(tasks * m);
  for (let i = 0; i < tasks; i++) sample(pool, m, rng, out, i * m, 1);
  return [...out];
}

describe('sampleDistinct', () => {
  it('draws what the whole-permutation Fisher-Yates draws, for any pool, count and seed', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 16 }), fc.integer(), (n, want, seed) => {
      const pool = Array.from({ length: n }, (_, k) => 1000 + 7 * k);
      const m = Math.min(want, n);
      const sparse = draws(sampleDistinct, pool, m, 40, seed);
      const dense = draws(sampleDistinctDense, pool, m, 40, seed);
      expect(sparse).toEqual(dense);
      // distinct within a task, all from the pool
      for (let i = 0; i < 40; i++) {
        const picked = sparse.slice(i * m, i * m + m).map((code) => code >> 2);
        expect(new Set(picked).size).toBe(m);
        for (const p of picked) expect(pool).toContain(p);
      }
    }), { numRuns: 400 });
  });

  it('draws what the whole-permutation Fisher-Yates draws for 1 to 3 replicas of pools up to 2000 (sampleFew)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (n, want, seed) => {
      const pool = Array.from({ length: n }, (_, k) => 3 * k + 1);
      const m = Math.min(want, n);
      expect(draws(sampleDistinct, pool, m, 200, seed)).toEqual(draws(sampleDistinctDense, pool, m, 200, seed));
    }), { numRuns: 300 });
  });

  it('draws each of three replicas of a small pool with the same frequency', () => {
    // (a partial Fisher-Yates is uniform: 30,000 tasks x 3 of 5 hosts, each host about 18,000 times)
    const pool = [0, 1, 2, 3, 4];
    const codes = draws(sampleDistinct, pool, 3, 30_000, 2026);
    const counts = pool.map((h) => codes.filter((c) => c >> 2 === h).length);
    for (const c of counts) expect(Math.abs(c - 18_000)).toBeLessThan(600);
  });
});
