// Random keeps sfc32's state in an Int32Array (issue #17: a draw without tagging four fields). Its
// draws must be the generator's: compared here with sfc32 written from its definition (state words
// as plain numbers, wrapped with `| 0` and `>>> 0`), seeded the same way. A fork copies the state:
// the fork's draws and its base's are the same from the fork on, and neither moves the other.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkSimulation } from '../../../src/engine/fork';
import { FILL_CHUNK, Random } from '../../../src/engine/random';
import { Simulation } from '../../../src/engine/simulation';
import { fillDurations } from '../../../src/engine/workload';
import { execs, model, task } from './model';

const GOLDEN = 0x9e3779b9;

/** sfc32 (Chris Doty-Humphrey's PractRand), seeded from a splitmix32 counter as random.ts documents. */
class Sfc32 {
  a = 0; b = 0; c = 0; d = 0;
  constructor(seeds: number[]) {
    let h = GOLDEN;
    for (const s of seeds) h = (h + (s | 0) + GOLDEN + (Math.floor(s / 4294967296) | 0) + GOLDEN) | 0;
    const mix = (x: number) => {
      let z = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    h = (h + 1 + GOLDEN) | 0; this.a = mix(h);
    h = (h + 2 + GOLDEN) | 0; this.b = mix(h);
    h = (h + 3 + GOLDEN) | 0; this.c = mix(h);
    h = (h + 4 + GOLDEN) | 0; this.d = mix(h);
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (this.a + this.b + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) >>> 0;
    return t;
  }
}

describe('Random: sfc32 with its state in an Int32Array', () => {
  it('draws what sfc32 draws, for seeds of one, two and four parts, large and negative', () => {
    for (const seeds of [[0], [1], [2026, 0x5eed], [-7, 2 ** 40 + 3], [0xffffffff, 12, 34, 56]]) {
      const r = new Random(...seeds);
      const ref = new Sfc32(seeds);
      for (let k = 0; k < 2000; k++) {
        const u = ref.u32();
        if (k % 3 === 0) expect(r.nextU32(), `${seeds} ${k}`).toBe(u);
        else if (k % 3 === 1) expect(r.nextI32()).toBe(u | 0);
        else expect(r.int(997)).toBe(Math.floor((u / 4294967296) * 997));
      }
    }
  });

  it('fillInts draws what int() draws in turn, and leaves the state as they do', () => {
    for (const [n, min, span] of [[0, 0, 1], [1, 0, 1], [7, 300, 601], [128, 3, 7], [129, 3, 7], [1000, 100, 301], [513, -5, 2 ** 31]]) {
      const r = new Random(2026, n);
      const ref = new Random(2026, n);
      const out = new Int32Array(n);
      r.fillInts(out, min, span);
      const want = Int32Array.from({ length: n }, () => min + ref.int(span));
      expect(out).toEqual(want);
      for (let k = 0; k < 5; k++) expect(r.nextU32()).toBe(ref.nextU32());
    }
    const u16 = new Uint16Array(300);
    new Random(9).fillInts(u16, 300, 601);
    const ref = new Random(9);
    expect(u16).toEqual(Uint16Array.from({ length: 300 }, () => 300 + ref.int(601)));
  });

  it('fillInts over a range draws for it alone; fillDurations draws a uniform stage a chunk at a time, as int() in turn', () => {
    const part = new Int32Array(10);
    const r = new Random(4, 4);
    const ref = new Random(4, 4);
    r.fillInts(part, 7, 5, 3, 8);
    expect([...part]).toEqual([0, 0, 0, ...Array.from({ length: 5 }, () => 7 + ref.int(5)), 0, 0]);
    expect(r.nextU32()).toBe(ref.nextU32());
    for (const n of [0, 1, FILL_CHUNK - 1, FILL_CHUNK, FILL_CHUNK + 1, 2 * FILL_CHUNK + 1, 1000]) {
      const out = new Uint16Array(n);
      const g = new Random(2026, 3, n);
      fillDurations({ dist: 'uniform', min: 300, max: 900 }, g, out);
      const want = new Random(2026, 3, n);
      expect([...out], `${n}`).toEqual(Array.from({ length: n }, () => 300 + want.int(601)));
      expect(g.nextU32()).toBe(want.nextU32());
    }
  });

  it('shuffleInts walks and draws as shuffle does, on the first `count` entries only', () => {
    for (const count of [0, 1, 2, 3, 17, 1000]) {
      const xs = Int32Array.from({ length: count + 2 }, (_, k) => 10 * k);
      const ys = Array.from(xs.subarray(0, count));
      const r = new Random(77, count);
      const ref = new Random(77, count);
      r.shuffleInts(xs, count);
      ref.shuffle(ys);
      expect([...xs.subarray(0, count)], `${count}`).toEqual(ys);
      expect([...xs.subarray(count)]).toEqual([10 * count, 10 * count + 10]);
      expect(r.nextU32()).toBe(ref.nextU32());
    }
  });

  it('reseed2 gives the state of a new generator of the same two parts', () => {
    const r = new Random(5);
    r.nextU32();
    r.reseed2(2026, 77);
    const ref = new Sfc32([2026, 77]);
    for (let k = 0; k < 100; k++) expect(r.nextU32()).toBe(ref.u32());
  });

  it('a fork\'s scheduler draws as its base would, and neither moves the other\'s state', () => {
    const m = model({
      executors: execs(['1', 'a', 2], ['2', 'b', 2], ['3', 'c', 2]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: Array.from({ length: 12 }, () => task(1000)) }] }],
    });
    const base = new Simulation(m, '3.5', false, [], { maxEvents: 1e6, maxTimeMs: 1e9 });
    base.runUntil(1500, EventKind.Fault);
    const fork = forkSimulation(base);
    const rngOf = (sim: Simulation) => (sim.scheduler as unknown as { rng: Random }).rng;
    expect(rngOf(fork)).not.toBe(rngOf(base));
    const fromFork = Array.from({ length: 20 }, () => rngOf(fork).nextU32());
    const fromBase = Array.from({ length: 20 }, () => rngOf(base).nextU32());
    expect(fromBase).toEqual(fromFork);
    // (the fork's 20 draws did not move the base: it drew the same 20 after them)
    expect(new Set(fromBase).size).toBe(20);
  });
});
