// A task set's valid locality levels and their waits are replaced, never written in place
// (TaskSetManager.setLevels), so a fork shares them with its base (fork.ts) instead of copying
// them for every task set (issue #17); levelIndex is a number of 3-bit fields, not an array.
// Likewise a pending level's keys while it has none: intList.ts NONE, never written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkSimulation } from '../../../src/engine/fork';
import { ANY } from '../../../src/engine/locality';
import type { Simulation } from '../../../src/engine/simulation';
import { NONE } from '../../../src/engine/intList';
import type { PendingLists, TaskSetManager } from '../../../src/engine/taskSetManager';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { streamingYaml } from '../../../bench/workloads';
import { forEachPausedRun } from './pausedRuns';

const example = (name: string) => parseJobFile(readFileSync(join(__dirname, '../../../examples', name), 'utf8')).model!;

interface Levels {
  myLocalityLevels: number[];
  localityWaits: number[];
  levelIndex: number;
  getLocalityIndex(l: number): number;
}
const levels = (t: TaskSetManager) => t as unknown as Levels;

/** a run of `model` paused at `at` with task sets active */
function pausedAt(model: JobFile, at: number): Simulation {
  const base = newBase(model);
  base.runUntil(at, EventKind.Fault);
  expect(base.scheduler.taskSets.length).toBeGreaterThan(0);
  return base;
}

/** every task set's levelIndex agrees with the walk it stands for */
function expectIndexOk(sim: Simulation): number {
  let checked = 0;
  for (const t of sim.scheduler.taskSets) {
    const l = levels(t);
    for (let loc = 0; loc <= ANY; loc++) expect((l.levelIndex >> (3 * loc)) & 7).toBe(l.getLocalityIndex(loc));
    checked++;
  }
  return checked;
}

const cases: [string, () => JobFile, number, string][] = [
  ['locality-batch example', () => example('locality-batch.sparkjob.yaml'), 1500, '3'],
  ['the bench streaming file', () => parseJobFile(streamingYaml()).model!, 20065, '7'],
];

describe('task set locality levels', () => {
  for (const [name, model, at, executor] of cases) {
    it(`are shared by a fork and never written in place (${name})`, () => {
      const base = pausedAt(model(), at);
      const fork = forkSimulation(base);
      const baseSets = base.scheduler.taskSets;
      const forkSets = fork.scheduler.taskSets;
      expect(forkSets.length).toBe(baseSets.length);
      for (let i = 0; i < baseSets.length; i++) {
        expect(levels(forkSets[i]).myLocalityLevels).toBe(levels(baseSets[i]).myLocalityLevels);
        expect(levels(forkSets[i]).localityWaits).toBe(levels(baseSets[i]).localityWaits);
        // (frozen: a write in place by a fork would throw, strict mode)
        Object.freeze(levels(baseSets[i]).myLocalityLevels);
        Object.freeze(levels(baseSets[i]).localityWaits);
      }
      const before = baseSets.map((t) => [[...levels(t).myLocalityLevels], [...levels(t).localityWaits], levels(t).levelIndex]);
      // a crash recomputes every task set's levels in the fork, and its run goes on to the end
      const run = runFork(base, executor, at, 'crash', undefined, undefined, true);
      expect(run.sim.faults[run.k].detectedAt).not.toBeNull();
      expect(baseSets.map((t) => [[...levels(t).myLocalityLevels], [...levels(t).localityWaits], levels(t).levelIndex])).toEqual(before);
      expect(expectIndexOk(base)).toBeGreaterThan(0);
    });
  }

  it('are one list per set of levels, for every task set of every run and fork (frozen: never written)', () => {
    const lists = new Map<string, number[]>();
    let sets = 0;
    const check = (sim: Simulation) => {
      for (const t of sim.scheduler.taskSets) {
        const l = levels(t).myLocalityLevels;
        const seen = lists.get(l.join());
        if (seen === undefined) lists.set(l.join(), l);
        else expect(l).toBe(seen);
        Object.freeze(l);
        Object.freeze(levels(t).localityWaits);
        sets++;
      }
    };
    const runs = forEachPausedRun((model, base, at) => {
      check(base);
      // a crash recomputes the levels of every task set of the fork
      const fork = forkSimulation(base);
      fork.injectFault({ executor: model.cluster.executors[0].id, at, kind: 'crash' });
      for (let t = at + 1; !fork.runUntil(t, EventKind.Fault) && t < at + 20_000; t += 250) check(fork);
    });
    expect(runs).toBeGreaterThan(10);
    expect(sets).toBeGreaterThan(100);
    expect(lists.size).toBeGreaterThan(3);
  });

  it('levelIndex gives getLocalityIndex for every locality, as levels change with losses', () => {
    const base = pausedAt(example('locality-batch.sparkjob.yaml'), 1500);
    expectIndexOk(base);
    const fork = forkSimulation(base);
    fork.injectFault({ executor: '3', at: 1500, kind: 'crash' });
    let checked = 0;
    for (let t = 1550; t < 20_000 && !fork.runUntil(t, EventKind.Fault); t += 50) checked += expectIndexOk(fork);
    expect(checked).toBeGreaterThan(0);
  });
});

describe('pending lists with no key', () => {
  it('share the NONE array, never written, with their forks', () => {
    // (frozen: a push into it, by a run or a fork, would throw, strict mode)
    Object.freeze(NONE);
    let shared = 0;
    const runs = forEachPausedRun((model, base, at) => {
      const fork = forkSimulation(base);
      const baseSets = base.scheduler.taskSets;
      for (let i = 0; i < baseSets.length; i++) {
        for (const k of ['forExecutor', 'forHost', 'forRack'] as const) {
          const a = (baseSets[i] as unknown as Record<string, PendingLists>)[k];
          const b = (fork.scheduler.taskSets[i] as unknown as Record<string, PendingLists>)[k];
          if (a.keys.length > 0) continue;
          expect(a.keys).toBe(NONE);
          expect(b.keys).toBe(NONE);
          shared++;
        }
      }
      runFork(base, model.cluster.executors[0].id, at, 'crash', undefined, undefined, true);
    });
    expect(NONE).toEqual([]);
    expect(runs).toBeGreaterThan(10);
    expect(shared).toBeGreaterThan(10);
  });
});
