// A stage is once in its run's list of stages (a job's stages are its own, added with the job),
// so its index is found from either end: the engine looks it up from the end (lastIndexOf), where
// the stages of the jobs running now are, instead of scanning every stage of a long run from the
// first (a fork's lost tasks and their ends, issue #17).
import { describe, expect, it } from 'vitest';
import { runFork } from '../../../src/engine/analysis/sweep';
import type { Simulation } from '../../../src/engine/simulation';
import { forEachPausedRun } from './pausedRuns';

const once = (sim: Simulation) => expect(new Set(sim.stages).size).toBe(sim.stages.length);

describe("a run's list of stages", () => {
  it('holds each stage once, in runs, forks with a crash and their ends', () => {
    let checked = 0;
    const runs = forEachPausedRun((model, base, at) => {
      once(base);
      const run = runFork(base, model.cluster.executors[0].id, at, 'crash', undefined, undefined, true);
      once(run.sim);
      checked += run.sim.stages.length;
    });
    expect(runs).toBeGreaterThan(10);
    expect(checked).toBeGreaterThan(1000);
  });
});
