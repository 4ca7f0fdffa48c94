// The sweep forks a streaming run from copies its fault-free run kept on the way (sweepSnapshots.ts)
// instead of simulating that run again to each moment: the copies must give exactly what the
// run simulated again gives, and a copy must not change when its run moves on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultFreeMetrics, faultFreeRun, newBase, runFork, sweep, sweepMoments } from '../../../src/engine/analysis/sweep';
import { Snapshots } from '../../../src/engine/analysis/sweepSnapshots';
import { EventKind } from '../../../src/engine/eventQueue';
import { snapshotSimulation } from '../../../src/engine/fork';
import { faultResult } from '../../../src/engine/results';
import { parseJobFile } from '../../../src/format';
import type { JobFile } from '../../../src/format/model';

const examples = join(__dirname, '../../../examples');
const streamingExamples = readdirSync(examples).filter((f) => f.endsWith('.sparkjob.yaml'))
  .map((f) => ({ name: f, model: parseJobFile(readFileSync(join(examples, f), 'utf8')).model! }))
  .filter((e) => e.model.streaming !== undefined);

/** The example with every executor swept at more moments, hangs too, and a fault-free file. */
function variant(m: JobFile, times: number): JobFile {
  return { ...m, faults: [], analysis: { ...m.analysis, sweepTimes: times, sweepHangs: true } };
}

describe('sweep snapshots', () => {
  it('serve the streaming examples: the sweep from the copies equals the sweep of a run simulated again', () => {
    expect(streamingExamples.length).toBeGreaterThan(1);
    let served = 0;
    for (const { name, model } of streamingExamples) {
      for (const m of [model, variant(model, 7)]) {
        const snapshots = new Snapshots(m.analysis.sweepTimes);
        const run = faultFreeRun(m, {}, snapshots);
        if (snapshots.serve(sweepMoments(run.makespan, m.analysis.sweepTimes))) served++;
        const again = sweep(m, { faultFree: faultFreeMetrics(run) }); // no copies: the run simulated again
        expect(sweep(m, { faultFree: faultFreeMetrics(run), snapshots: new SnapshotsOf(m) }), name).toEqual(again);
        expect(sweep(m), name).toEqual(again);
      }
    }
    expect(served).toBeGreaterThan(2); // the copies were used, not only the fallback
  });

  it('a copy kept while its run moves on forks as the run paused at the same moment does', () => {
    for (const { name, model } of streamingExamples) {
      const free = faultFreeRun(model);
      for (const frac of [0.2, 0.55, 0.9]) {
        const at = Math.floor(free.makespan * frac);
        const keptAt = Math.floor(at * 0.9);
        const run = newBase(model, {}, true);
        run.runUntil(keptAt, EventKind.Fault);
        const copy = snapshotSimulation(run);
        run.run(); // the copy's base moves on to its end
        copy.runUntil(at, EventKind.Fault);
        const paused = newBase(model, {}, true);
        paused.runUntil(at, EventKind.Fault);
        for (const x of model.cluster.executors.slice(0, 3)) {
          for (const kind of ['crash', 'hang'] as const) {
            const a = runFork(copy, x.id, at, kind);
            const b = runFork(paused, x.id, at, kind);
            expect(faultResult(a.sim, a.k, 100), `${name} ${x.id} ${kind} at ${at}`).toEqual(faultResult(b.sim, b.k, 100));
            expect(a.sim.events).toBe(b.sim.events);
          }
        }
      }
    }
  });

  it("the run copied on its way draws no block shuffle into the memo its copies' forks share", () => {
    const model = parseJobFile(readFileSync(join(examples, 'streaming-receiver.sparkjob.yaml'), 'utf8')).model!;
    const snapshots = new Snapshots(4);
    const run = faultFreeRun(model, {}, snapshots);
    const memo = run.streaming!['replicaMemo']!;
    // (each tick of the run after the first copy went into it, and a fork of a copy hardly
    // reads a draw of the run: a fork's loss changes the peer count, issue #17)
    expect(memo.size).toBe(0);
    const moments = sweepMoments(run.makespan, 4);
    expect(snapshots.serve(moments)).toBe(true);
    const copy = snapshots.at(moments[0])!;
    for (const x of model.cluster.executors) {
      const first = runFork(copy, x.id, moments[0], 'hang');
      const drawn = memo.size;
      const second = runFork(copy, x.id, moments[0], 'hang');
      expect(memo.size).toBe(drawn); // the next fork reads what the first drew
      expect(faultResult(second.sim, second.k, 100)).toEqual(faultResult(first.sim, first.k, 100));
    }
    expect(memo.size).toBeGreaterThan(0); // the forks draw through it
  });

  it('are not used for moments before the copies (a run that ends before its last batch time)', () => {
    const { model } = streamingExamples[0];
    const snapshots = new Snapshots(4);
    const run = faultFreeRun(model, {}, snapshots);
    const early = sweepMoments(Math.floor(run.makespan / 3), 4);
    expect(snapshots.serve(early)).toBe(false);
    expect(snapshots.at(early[0])).toBeUndefined();
  });
});

/** Snapshots filled by the file's own fault-free run (what parallelSweep hands over). */
class SnapshotsOf extends Snapshots {
  constructor(m: JobFile) {
    super(m.analysis.sweepTimes);
    faultFreeRun(m, {}, this);
  }
}
