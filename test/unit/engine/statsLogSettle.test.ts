// The stats log's end of run (src/engine/statsLog.ts settle, issue #17): the ids still live are
// counted from the free list instead of a scan of every id, and the kept and live attempts are put
// in launch order by a typed-array sort of packed keys, with a comparator when the keys do not fit.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import { sortBySeq, StatsLog } from '../../../src/engine/statsLog';
import { parseJobFile } from '../../../src/format/parse';
import { exampleAndFixtureFiles } from './jobFiles';

describe('StatsLog.settle', () => {
  it('counts as live exactly the ids not on the free list, on every example and fixture', () => {
    let withLive = 0;
    for (const file of exampleAndFixtureFiles) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      const sim = new Simulation(m, m.spark, false, m.faults, { ...DEFAULT_LIMITS, statsOnly: true });
      sim.run();
      if (!(sim.log instanceof StatsLog)) continue;
      const log = sim.log as unknown as { length: number; pend: Uint8Array; freeCount: number };
      let scanned = 0;
      for (let a = 0; a < log.length; a++) if (log.pend[a] !== 255) scanned++;
      expect(log.length - log.freeCount).toBe(scanned);
      if (scanned > 0) withLive++;
    }
    // (receivers run to the end: not vacuous)
    expect(withLive).toBeGreaterThan(0);
  });

  it('sorts by launch order as a comparator does, packed or not', () => {
    const entries = fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 32 }), { minLength: 0, maxLength: 300 });
    fc.assert(fc.property(entries, fc.boolean(), (seqs, big) => {
      // entries: kept k as -1 - k (odd positions), live ids as themselves
      const order = Int32Array.from(seqs, (_, k) => (k % 2 === 1 ? -1 - k : k));
      const seqOf = (x: number) => seqs[x < 0 ? -1 - x : x] + (big ? 2 ** 31 : 0);
      const want = Array.from(order).sort((x, y) => seqOf(x) - seqOf(y));
      sortBySeq(order, seqOf);
      expect(Array.from(order)).toEqual(want);
    }), { numRuns: 300, seed: 20261206 });
  });
});
