// The stats log's end of run (src/engine/statsLog.ts settle, issue #17): the ids still live are
// counted from the free list instead of a scan of every id, and the kept and live attempts are put
// in launch order by a typed-array sort of packed keys, with a comparator when the keys do not fit.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { firstLaunchFrom } from '../../../src/engine/results';
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

  it("from a time, keeps the full settle's attempts launched from then on, the same and in the same order", () => {
    // (a fork's measures read no attempt launched before its fault's detection: its settle leaves
    // out its base's attempts still running at the fork, issue #17)
    let cut = 0;
    let kept = 0;
    for (const file of exampleAndFixtureFiles) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      if (m.analysis.sweepDecommissions !== undefined || m.conf.speculation.enabled) continue;
      const free = new Simulation(m, m.spark, false, [], DEFAULT_LIMITS);
      free.run();
      const at = Math.floor(free.makespan / 3);
      const base = newBase(m, {}, true);
      base.runUntil(at, EventKind.Fault);
      const { sim, k } = runFork(base, m.cluster.executors[0].id, at, 'crash');
      const f = sim.faults[k];
      if (f.detectedAt === null || !(sim.log instanceof StatsLog)) continue;
      const from = Math.min(f.detectedAt, f.disabledAt ?? Infinity);
      const whole = sim.log.clone();
      whole.settle();
      const part = sim.log.clone();
      part.settle(from);
      const first = firstLaunchFrom(whole, from);
      const columns = (log: StatsLog, a: number) =>
        [log.launch[a], log.end[a], log.stage[a], log.task[a], log.attempt[a], log.exec[a], log.status[a], log.flags[a], log.locality[a]];
      expect(part.length).toBe(whole.length - first);
      for (let a = 0; a < part.length; a++) expect(columns(part, a)).toEqual(columns(whole, first + a));
      if (first > 0) cut++;
      if (part.length > 0) kept++;
      // and settled from a time, it refuses to give the attempts before it
      expect(() => part.settle(from - 1)).toThrow();
    }
    expect(cut).toBeGreaterThan(5);
    expect(kept).toBeGreaterThan(5);
  });
});
