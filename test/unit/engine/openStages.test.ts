// A loss reads only the stages of jobs that have not ended (dagScheduler/fetchFailure.ts
// openStagesOf): its list, kept from one loss or fork plan to the next and shared with forks, must
// be every such stage in index order, on every example and fixture and the bench's streaming
// workload, in the run at the sweep's moments and in crash forks of it after their losses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { faultFreeMakespan, newBase, runFork, sweepMoments } from '../../../src/engine/analysis/sweep';
import { ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { makePlan } from '../../../src/engine/fork';
import type { Simulation } from '../../../src/engine/simulation';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { exampleAndFixtureFiles } from './jobFiles';

function expectOpen(sim: Simulation, what: string): void {
  const open = sim.stages.flatMap((s, ref) => (sim.jobs[s.job].end === null ? [ref] : []));
  expect([...sim.dag.openStagesOf(sim)], what).toEqual(open);
}

/** How many open-stage lists were checked. */
function check(m: JobFile, name: string): number {
  const base = newBase(m, {}, true);
  let checked = 0;
  for (const at of sweepMoments(faultFreeMakespan(m), 8)) {
    if (base.now > at || base.runUntil(at, EventKind.Fault)) break;
    makePlan(base);
    expectOpen(base, `${name} at ${at}`);
    for (const x of base.cluster.executors.filter((e) => e.state === ExecState.Alive).slice(0, 3)) {
      const fork = runFork(base, x.id, at, 'crash').sim;
      expectOpen(fork, `${name}: ${x.id} at ${at}`);
      // and again at the fork's end, from the list its losses left
      fork.run();
      expectOpen(fork, `${name}: ${x.id} at ${at}, at its end`);
      checked += 2;
    }
    checked++;
  }
  return checked;
}

describe("a loss's open stages", () => {
  it('are the stages of jobs not ended, on every example and fixture', () => {
    let checked = 0;
    for (const file of exampleAndFixtureFiles) checked += check(parseJobFile(readFileSync(file, 'utf8')).model!, file);
    expect(checked).toBeGreaterThan(300);
  });

  it("are the same on the bench's streaming workload", () => {
    expect(check(parseJobFile(streamingYaml()).model!, 'streaming')).toBe(56);
  });
});
