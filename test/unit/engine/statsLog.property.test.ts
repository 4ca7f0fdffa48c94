// `--stats` runs keep a stats log (src/engine/statsLog.ts): attempt ids reused, only the attempts
// a fault's measures read kept. This property says the stats are the same bit for bit as with
// the full log, on random jobs with one to three faults (replacements, both policies, every
// cluster manager) and on every example and fixture with faults moved around its run.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { buildResult } from '../../../src/engine/results';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import { isRerun } from '../../../src/engine/workload';
import type { FaultSpec, JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { arbModel, build } from './arbitrary';
import { exampleAndFixtureFiles } from './jobFiles';

/** Simulates with the stats log and with the full log; returns the stats run's log size and the attempts. */
function statsMatchFull(m: JobFile, faults: FaultSpec[], policy: 'spark' | 'reserved-slots') {
  const full = simulate(m, { faults, policy });
  const sim = new Simulation(m, m.spark, policy === 'reserved-slots', faults, { ...DEFAULT_LIMITS, statsOnly: true });
  sim.run();
  // (a stage's re-run flag, read in place of a pass over its entries: set exactly when one is;
  // a task's re-run bit set exactly when a mark names it)
  for (const s of sim.stages) {
    expect(s.hasRerun).toBe(s.rerunCount > 0);
    const marked = new Set<number>();
    for (let at = 0; at < 2 * s.rerunCount; at += 2) marked.add(s.reruns[at]);
    for (let i = 0; i < s.numTasks; i++) expect(isRerun(s, i)).toBe(marked.has(i));
  }
  const held = sim.log.length; // before settling: the ids in use at most at once
  const stats = buildResult(sim, policy, m.analysis.stallThreshold, false);
  expect(stats).toEqual({ ...full, attempts: [] });
  // key order too: the CLI prints localityCounts as the object is built
  expect(Object.keys(stats.metrics.localityCounts)).toEqual(Object.keys(full.metrics.localityCounts));
  return { held, attempts: full.attempts.length, lost: full.faults.some((f) => f.lostTasks.length > 0) };
}

const faultsOf = (m: JobFile, makespan: number, picks: { exec: number; pct: number; kind: FaultSpec['kind']; replace: boolean }[]) =>
  picks.map((p): FaultSpec => ({
    executor: m.cluster.executors[p.exec % m.cluster.executors.length].id, at: Math.floor((makespan * p.pct) / 100), kind: p.kind,
    ...(p.replace ? { replaceAfter: 300 } : {}),
  }));

const arbFaults = fc.array(fc.record({
  exec: fc.integer({ min: 0, max: 7 }), pct: fc.integer({ min: 0, max: 95 }),
  kind: fc.constantFrom('crash' as const, 'hang' as const, 'node' as const), replace: fc.boolean(),
}), { minLength: 1, maxLength: 3 });

describe('stats log = full log for --stats', () => {
  it('gives the same metrics and fault measures on random jobs', () => {
    let reused = 0;
    let withLost = 0;
    fc.assert(fc.property(arbModel, arbFaults, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, picks, policy) => {
      const m = build(p);
      const free = simulate(m, { faults: [] });
      const r = statsMatchFull(m, faultsOf(m, free.metrics.makespan, picks), policy);
      if (r.held < r.attempts) reused++;
      if (r.lost) withLost++;
    }), { numRuns: 300, seed: 20261205 });
    // not vacuous: ids are reused in most runs, and many runs lose tasks (re-runs to keep)
    expect(reused).toBeGreaterThan(200);
    expect(withLost).toBeGreaterThan(100);
  });

  const files = exampleAndFixtureFiles;
  it('gives the same stats on every example and fixture (streaming, queries), faults moved around the run', () => {
    for (const file of files) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      for (const policy of ['spark', 'reserved-slots'] as const) statsMatchFull(m, m.faults, policy);
      const makespan = simulate(m, { faults: [] }).metrics.makespan;
      fc.assert(fc.property(arbFaults, (picks) => {
        statsMatchFull(m, faultsOf(m, makespan, picks), 'spark');
      }), { numRuns: 12, seed: 17 });
    }
  });
});
