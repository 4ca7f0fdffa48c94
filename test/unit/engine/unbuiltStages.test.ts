// A streaming batch's stages are built when its job starts (workload.ts unbuiltStage, buildStage):
// until then they share arrays by task count, which nothing may write (a stage of a job not
// started has run no task). A sweep's fork stalled on a lost task stops with batches queued
// behind it, never built.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { isUnbuilt } from '../../../src/engine/workload';
import { parseJobFile } from '../../../src/format/parse';

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
        expect([s.outputLoc[i], s.running[i], s.recoveryFault[i]]).toEqual([-1, -1, -1]);
        expect([s.successful[i], s.attempts[i], s.failures[i], s.outputAttempt[i], s.readyAt[i], s.duration[i], s.source[i]]).toEqual([0, 0, 0, 0, 0, 0, 0]);
      }
    }
    expect(unbuilt).toBeGreaterThanOrEqual(8);
    // the base goes on: every batch starts, each built with its own arrays
    base.run();
    for (const s of base.stages) expect(isUnbuilt(s)).toBe(false);
    expect(new Set(base.stages.map((s) => s.running)).size).toBe(base.stages.length);
  });
});
