// A run's lists with no entry (aborted jobs, offers awaited, failed and lost stages, data losses,
// receiver losses, a receiver input's Kafka offsets...) are one NONE array, never written: a
// writer replaces it (appended), so a fork shares it with its base (fork.ts) instead of copying an
// empty array per list (issue #17). Frozen here: a push into it, by a run or a fork, throws.
import { describe, expect, it } from 'vitest';
import { runFork, sweep } from '../../../src/engine/analysis/sweep';
import { forkSimulation } from '../../../src/engine/fork';
import { appended, NO_ENTRIES, NONE } from '../../../src/engine/intList';
import { parseJobFile } from '../../../src/format/parse';
import { streamingYaml } from '../../../bench/workloads';
import { forEachPausedRun } from './pausedRuns';

describe('NONE, the list with no entry', () => {
  it('is replaced, not written, by appended', () => {
    Object.freeze(NONE);
    const a = appended(NONE as number[], 3);
    expect(a).toEqual([3]);
    expect(a).not.toBe(NONE);
    expect(appended(a, 4)).toBe(a);
    expect(NONE).toEqual([]);
  });

  it('is never written by a run, a fork or a sweep, and a fork shares it with its base', () => {
    Object.freeze(NONE);
    let shared = 0;
    let written = 0; // forks whose lists were written (appended)
    let reducerPrefs = 0; // paused runs that evaluated the reduce-side rule
    let unbuilt = 0;
    const runs = forEachPausedRun((model, base, at) => {
      const fork = forkSimulation(base);
      if (base.aborted === NONE) {
        expect(fork.aborted).toBe(NONE);
        shared++;
      }
      if (base.reducerPrefs === NONE) {
        expect(fork.reducerPrefs).toBe(NONE);
        shared++;
      } else reducerPrefs++;
      const executors = model.cluster.executors.slice(0, 2).map((e) => e.id);
      // (a receiver's executor: its loss and the blocks it held are written)
      const receiver = base.streaming?.tracker.infos[0]?.running ?? -1;
      if (receiver >= 0) executors.push(base.cluster.executors[receiver].id);
      for (const executor of executors) {
        const run = runFork(base, executor, at, 'crash', undefined, undefined, true);
        if (run.sim.streaming && run.sim.streaming.tracker.losses.length > 0) written++;
        if (run.sim.streaming && run.sim.streaming.dataLoss.length > 0) written++;
        // (a fork builds a batch's stages when its job starts: the jobs not started yet)
        if (run.sim.streaming && (run.sim.streaming as unknown as { unbuilt: unknown[] }).unbuilt !== NONE) unbuilt++;
      }
    });
    // the streaming file's sweep: its receiver crashes, data losses and stalled forks
    expect(sweep(parseJobFile(streamingYaml()).model!).faults.length).toBeGreaterThan(0);
    expect(NONE).toEqual([]);
    expect(runs).toBeGreaterThan(10);
    expect(shared).toBeGreaterThan(10);
    expect(written).toBeGreaterThan(0);
    expect(reducerPrefs).toBeGreaterThan(0);
    expect(unbuilt).toBeGreaterThan(0);
  });

  it("a sweep's records share one frozen empty list, NO_ENTRIES", () => {
    const { faults } = sweep(parseJobFile(streamingYaml()).model!);
    let shared = 0;
    for (const f of faults) {
      for (const list of [f.waited, f.holders, f.holderHosts, f.lostReceivers, f.lostBlocks]) if (list === NO_ENTRIES) shared++;
    }
    // (most of the records are crashes known without a fork: idleCrash.ts)
    expect(shared).toBeGreaterThan(faults.length);
    expect(Object.isFrozen(NO_ENTRIES)).toBe(true);
    expect(NO_ENTRIES).toEqual([]);
  });
});
