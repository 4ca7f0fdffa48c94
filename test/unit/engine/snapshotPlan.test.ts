// A snapshot's forks follow the snapshot's own plan while it has not moved (fork.ts
// snapshotWithPlan, usePlan): the copy is the base's state graph object for object, so the plan
// that made it, with each node's source replaced by its copy, is the plan a walk of the copy
// makes. Checked node for node against a fresh plan of the copy, and by forking with each.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { faultFreeMakespan, newBase, runFork, sweepMoments } from '../../../src/engine/analysis/sweep';
import { ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { forgetPlan, makePlan, snapshotWithPlan, usePlan } from '../../../src/engine/fork';
import { faultResult } from '../../../src/engine/results';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { exampleAndFixtureFiles } from './jobFiles';
import { expectSamePlan } from './samePlan';

/** Snapshots of `m`'s fault-free run at the sweep's moments and before them: how many forks were compared. */
function checkSnapshots(m: JobFile, name: string): number {
  const makespan = faultFreeMakespan(m);
  const base = newBase(m, {}, true);
  let forks = 0;
  for (const moment of sweepMoments(makespan, 8)) {
    for (const at of [Math.floor(moment * 0.9), moment]) {
      if (base.now > at || base.runUntil(at, EventKind.Fault)) return forks;
      const { copy, plan } = snapshotWithPlan(base);
      expectSamePlan(plan, makePlan(copy), `${name} at ${at}`);
      const x = copy.cluster.executors.find((e) => e.state === ExecState.Alive);
      if (x === undefined) continue;
      expect(usePlan(copy, plan)).toBe(true);
      const a = runFork(copy, x.id, at, 'crash');
      forgetPlan(copy);
      const b = runFork(copy, x.id, at, 'crash');
      expect(faultResult(a.sim, a.k, 100), `${name} ${x.id} at ${at}`).toEqual(faultResult(b.sim, b.k, 100));
      expect(a.sim.events).toBe(b.sim.events);
      forks++;
    }
  }
  return forks;
}

describe("a snapshot's plan", () => {
  it('is the plan of the copy, and forks as it, on every example and fixture', () => {
    let forks = 0;
    for (const file of exampleAndFixtureFiles) forks += checkSnapshots(parseJobFile(readFileSync(file, 'utf8')).model!, file);
    expect(forks).toBeGreaterThan(100);
  });

  it("is the plan of the copy on the bench's streaming workload", () => {
    expect(checkSnapshots(parseJobFile(streamingYaml()).model!, 'streaming')).toBe(16);
  });

  it('is not used once the copy has moved', () => {
    const m = parseJobFile(streamingYaml()).model!;
    const base = newBase(m, {}, true);
    base.runUntil(5000, EventKind.Fault);
    const { copy, plan } = snapshotWithPlan(base);
    copy.runUntil(5500, EventKind.Fault);
    expect(usePlan(copy, plan)).toBe(false);
  });
});
