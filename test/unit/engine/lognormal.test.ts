// lognormalMs (tables, a polynomial, its own rounding) must give lognormalExact's value (the
// format's Box-Muller expression with Math.cos, Math.exp and Math.round) bit for bit: the
// durations of every lognormal stage, and so every result, depend on it (issue #17).
import { describe, expect, it } from 'vitest';
import { lognormalExact, lognormalMs } from '../../../src/engine/lognormal';
import { Random } from '../../../src/engine/random';

/** (median ms, sigma) pairs: the examples' and the bench's, a zero spread, wide and extreme spreads */
const PARAMS: [number, number][] = [[800, 0.4], [100, 0.3], [250, 0], [1000, 1.5], [3.5, 0.3], [123456, 3], [1, 64], [7.5, 10], [200, 0.05]];

describe('lognormal draws', () => {
  it('the fast path gives the exact expression on a million draws of each spread', () => {
    const rng = new Random(2026, 17);
    let mismatches = 0;
    let checked = 0;
    for (const [median, sigma] of PARAMS) {
      for (let i = 0; i < 1_000_000; i++) {
        const k1 = rng.nextI32();
        const k2 = rng.nextI32();
        checked++;
        if (lognormalMs(median, sigma, k1, k2) !== lognormalExact(median, sigma, k1, k2)) mismatches++;
      }
    }
    expect(checked).toBe(PARAMS.length * 1_000_000);
    expect(mismatches).toBe(0);
  });

  it('and on the edges of both draws (u = 1, u = 2^-32; the cosine at 0, pi/2, pi and the table steps)', () => {
    const k1s = [0, 1, 2, 0x7fffffff, -0x80000000, -2, -1, 0x1ffffff, 0x2000000];
    const k2s = [0, 1, 0xfffff, 0x100000, 0x3fffffff, 0x40000000, 0x7fffffff, -0x80000000, -0x40000000, -1];
    for (const [median, sigma] of PARAMS) {
      for (const k1 of k1s) {
        for (const k2 of k2s) expect(lognormalMs(median, sigma, k1, k2)).toBe(lognormalExact(median, sigma, k1, k2));
      }
    }
  });

  it('a value on a rounding boundary is rounded as Math.round rounds it (half up)', () => {
    // v = 1/4: cos(pi/2) is 6e-17, so y = 100.5 e^(tiny) = 100.5 exactly, and Math.round gives 101
    // (rounding the fast value down at an exact half would give 100: this case needs the fallback)
    const median = 100.5;
    expect(lognormalExact(median, 0.4, 123456789, 0x40000000)).toBe(101);
    expect(lognormalMs(median, 0.4, 123456789, 0x40000000)).toBe(101);
    // u = 1 (k1 = 0): z = 0, y = median for any v
    expect(lognormalMs(2.5, 0.4, 0, 987654321)).toBe(3);
  });

  it('falls back to the exact expression outside the ranges its bound covers', () => {
    for (const [median, sigma] of [[800, 65], [0, 0.4], [-5, 0.4], [2e12, 0.1], [NaN, 0.3], [800, NaN]] as [number, number][]) {
      for (const [k1, k2] of [[5, 7], [-123456, 98765], [0x7fffffff, -1]]) {
        expect(lognormalMs(median, sigma, k1, k2)).toBe(lognormalExact(median, sigma, k1, k2));
      }
    }
  });

  it('Random.nextI32 is nextU32 as an int32, from the same stream', () => {
    const a = new Random(7, 8);
    const b = new Random(7, 8);
    for (let i = 0; i < 1000; i++) {
      const x = a.nextI32();
      expect(x | 0).toBe(x);
      expect(x >>> 0).toBe(b.nextU32());
    }
  });
});
