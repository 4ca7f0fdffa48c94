// A fork plan shares the stages that are settled (their job ended, nothing of them running) and
// takes the ones an earlier plan of the same run, or of the run a snapshot was copied from, shared
// without scanning them again (src/engine/fork.ts makePlan). Each plan must share the same stages
// as a plan of an identical run made with no plan before it, on every example and fixture and the
// bench's streaming workload, at the sweep's moments and at points before them (the snapshots').
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { faultFreeMakespan, newBase, sweepMoments } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { makePlan, snapshotSimulation } from '../../../src/engine/fork';
import type { Simulation } from '../../../src/engine/simulation';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { exampleAndFixtureFiles } from './jobFiles';

function sharedStages(sim: Simulation): string {
  return makePlan(sim).stageNodes.map((n) => (n < 0 ? 's' : '.')).join('');
}

/** A run with no plan made of it, paused at `at`. */
function fresh(m: JobFile, at: number): Simulation {
  const sim = newBase(m, {}, true);
  sim.runUntil(at, EventKind.Fault);
  return sim;
}

/** How many stages the plans with an earlier plan shared, after checking each against a fresh run's. */
function samePlans(m: JobFile): number {
  const makespan = faultFreeMakespan(m);
  const base = newBase(m, {}, true);
  let shared = 0;
  for (const at of sweepMoments(makespan, 8)) {
    const before = Math.floor(at * 0.9);
    base.runUntil(before, EventKind.Fault);
    if (base.now > at) break;
    const planned = sharedStages(base);
    expect(planned).toBe(sharedStages(fresh(m, before)));
    const copy = snapshotSimulation(base);
    copy.runUntil(at, EventKind.Fault);
    const copied = sharedStages(copy);
    expect(copied).toBe(sharedStages(fresh(m, at)));
    shared += planned.split('s').length - 1 + copied.split('s').length - 1;
  }
  return shared;
}

describe('fork plans: stages shared by an earlier plan', () => {
  it('are the stages a plan of a fresh run shares, on every example and fixture', () => {
    let shared = 0;
    for (const file of exampleAndFixtureFiles) shared += samePlans(parseJobFile(readFileSync(file, 'utf8')).model!);
    expect(shared).toBeGreaterThan(100);
  });

  it("are the same on the bench's streaming workload", () => {
    expect(samePlans(parseJobFile(streamingYaml()).model!)).toBeGreaterThan(1000);
  });
});
