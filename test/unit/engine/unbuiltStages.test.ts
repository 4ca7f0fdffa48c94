// A streaming batch's stages are built when its job starts (workload.ts unbuiltStage, buildStage):
// until then they share arrays by task count, which nothing may write (a stage of a job not
// started has run no task). A sweep's fork stalled on a lost task stops with batches queued
// behind it, never built.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../src/engine';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { buildResult, faultResult } from '../../../src/engine/results';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import { attemptOf, failuresOf, isUnbuilt, recoveryFaultOf } from '../../../src/engine/workload';
import { parseJobFile } from '../../../src/format/parse';
import { arbStreaming, buildStreaming } from './arbitrary';

const kafka = parseJobFile(readFileSync(join(__dirname, '../../../examples/kafka-direct.sparkjob.yaml'), 'utf8')).model!;

describe('unbuilt stages', () => {
  it("are built when their job starts, and nothing writes the arrays the unbuilt ones share", () => {
    const base = newBase(kafka);
    base.runUntil(7050, EventKind.Fault);
    // executor 2's crash: its Kafka partitions wait 6 s for a local slot, the next batches queue
    const { sim, k } = runFork(base, '2', 7050, 'crash');
    expect(sim.faults[k].lostTasks.length).toBeGreaterThan(0);
    let unbuilt = 0;
    for (const s of sim.stages) {
      const started = sim.jobs[s.job].id >= 0;
      expect(isUnbuilt(s)).toBe(!started);
      if (started) continue;
      unbuilt++;
      expect(s.submitted).toBe(false);
      for (let i = 0; i < s.numTasks; i++) {
        expect([s.outputLoc[i], recoveryFaultOf(s, i)]).toEqual([-1, -1]);
        expect([s.taskState[i], attemptOf(s, i), failuresOf(s, i), s.duration[i], s.source[i]]).toEqual([0, 0, 0, 0, 0]);
      }
    }
    expect(unbuilt).toBeGreaterThanOrEqual(8);
    // the base goes on: every batch starts, each built with its own arrays
    base.run();
    for (const s of base.stages) expect(isUnbuilt(s)).toBe(false);
    expect(new Set(base.stages.map((s) => s.taskState)).size).toBe(base.stages.length);
  });
});

describe('stages built at generation (a plain run) or at job start (a fork)', () => {
  it('give the same run: from zero, and forked from a plain run and run to its end', () => {
    let forksStarting = 0;
    fc.assert(fc.property(arbStreaming, (p) => {
      const m = buildStreaming(p);
      const free = simulate(m, { faults: [] });
      const at = Math.floor(free.metrics.makespan * p.fault.frac);
      const executor = String((p.fault.exec % m.cluster.executors.length) + 1);
      const spec = { executor, at, kind: p.fault.kind };
      const zero = simulate(m, { faults: [spec] });
      // the whole run with every batch's stages built at its job's start
      const lazy = new Simulation(m, m.spark, false, [spec], DEFAULT_LIMITS);
      lazy.streaming!.buildAtStart = true;
      lazy.run();
      for (const s of lazy.stages) expect(isUnbuilt(s)).toBe(lazy.jobs[s.job].id < 0);
      expect(buildResult(lazy, 'spark', m.analysis.stallThreshold)).toEqual(zero);
      // a plain run's fork (runFork: built at start from the fork on), to the run's end
      const base = newBase(m);
      base.runUntil(at, EventKind.Fault);
      const jobsAtFork = base.jobs.length;
      const { sim, k } = runFork(base, executor, at, p.fault.kind, undefined, undefined, true);
      if (sim.jobs.slice(jobsAtFork).some((j) => j.id >= 0)) forksStarting++;
      expect(sim.streaming!.buildAtStart).toBe(true);
      expect(base.streaming!.buildAtStart).toBe(false);
      expect(faultResult(sim, k, m.analysis.stallThreshold)).toEqual(zero.faults[0]);
      expect(buildResult(sim, 'spark', m.analysis.stallThreshold).batches).toEqual(zero.batches);
    }), { numRuns: 100, seed: 20261206 });
    // not vacuous: most forks start jobs they generated themselves
    expect(forksStarting).toBeGreaterThan(50);
  });
});
