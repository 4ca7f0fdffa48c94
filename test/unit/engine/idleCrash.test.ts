// The sweep's shortcut for crashes that change nothing it measures (src/engine/analysis/idleCrash.ts):
// the sweep's result must be the same, field for field and in the same key order, as when every
// such crash is forked and simulated; on every example and fixture, the bench's streaming
// workload, and random jobs, under both policies and both Spark lines.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { IdleCrashes } from '../../../src/engine/analysis/idleCrash';
import { faultFreeMakespan, newBase, sweep, sweepMoments, type SweepOptions } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { planLoss } from '../../../src/engine/schedulerBackend';
import { arbModel, build } from './arbitrary';
import { exampleAndFixtureFiles } from './jobFiles';

/** How many crashes the shortcut took, after checking the sweep's result is the same without it. */
function sameAsForking(m: JobFile, options: SweepOptions = {}): number {
  const forked = sweep(m, { ...options, forkAll: true });
  const short = sweep(m, options);
  expect(JSON.stringify(short)).toBe(JSON.stringify(forked));
  // the shortcuts taken, counted again on a base paused at each moment
  const base = newBase(m, options, true);
  let n = 0;
  for (const at of sweepMoments(forked.makespan, m.analysis.sweepTimes)) {
    base.runUntil(at, EventKind.Fault);
    const idle = new IdleCrashes(base, at);
    for (const e of base.cluster.executors) if (idle.has(e.idx)) n++;
  }
  return n;
}

describe('sweep: crashes known to change nothing', () => {
  const files = exampleAndFixtureFiles;

  it('gives the same sweep as forking them, on every example and fixture', () => {
    let taken = 0;
    for (const file of files) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      for (const policy of ['spark', 'reserved-slots'] as const) {
        for (const spark of ['3.5', '2.2'] as const) taken += sameAsForking(m, { policy, spark, hangs: true });
      }
    }
    expect(taken).toBeGreaterThan(50);
  });

  it("takes most of the bench's streaming sweep (64 executors x 8 moments) and gives the same result", () => {
    const m = parseJobFile(streamingYaml()).model!;
    expect(faultFreeMakespan(m)).toBeGreaterThan(0);
    expect(sameAsForking(m)).toBeGreaterThan(300);
  });

  it('gives the same sweep as forking them on random jobs', () => {
    let taken = 0;
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      taken += sameAsForking(build(p), { policy, hangs: true });
    }), { numRuns: 150, seed: 20261205 });
    expect(taken).toBeGreaterThan(100);
  });

  // IdleCrashes plans a crash once per moment, for every executor: the premise, on every file's
  // cluster manager and loss delays, both Spark lines, every executor and registration time
  it("plans a crash the same for every executor and registration time at a moment", () => {
    let compared = 0;
    for (const file of files) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      for (const spark of ['3.5', '2.2'] as const) {
        for (const at of [1, 1250, 90_000]) {
          const once = JSON.stringify(planLoss(m, spark, { executor: '', at, kind: 'crash' }, 0, at));
          for (const e of m.cluster.executors) {
            for (const addedAt of [0, e.joinAt ?? 0, at]) {
              expect(JSON.stringify(planLoss(m, spark, { executor: e.id, at, kind: 'crash' }, addedAt, at))).toBe(once);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
