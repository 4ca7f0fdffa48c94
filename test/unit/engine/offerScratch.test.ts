// The offer rounds' scratch arrays (TaskScheduler offerExecs, offerFree) hold nothing from one
// round to the next: each round writes every entry it reads. So a fork shares them with its base
// instead of copying them (fork.ts, TaskScheduler.scratch; issue #17). Here junk is written into
// them before every round: the results must not change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { sweep } from '../../../src/engine/analysis/sweep';
import { forkSimulation } from '../../../src/engine/fork';
import { TaskScheduler } from '../../../src/engine/taskScheduler';
import { parseJobFile } from '../../../src/format/parse';
import { streamingYaml } from '../../../bench/workloads';
import { exampleAndFixtureFiles } from './jobFiles';
import { forEachPausedRun } from './pausedRuns';

interface Scratch {
  offerExecs: Int32Array;
  offerFree: Int32Array;
  offerAll(now: number): void;
  offerOne(exec: number, now: number): void;
}

/** `f` with junk written into the scratch arrays before every offer round. */
function scribbled<T>(f: () => T): T {
  const proto = TaskScheduler.prototype as unknown as Scratch;
  const { offerAll, offerOne } = proto;
  const junk = (s: Scratch) => {
    s.offerExecs.fill(0);
    s.offerFree.fill(7);
  };
  proto.offerAll = function (this: Scratch, now: number) {
    junk(this);
    offerAll.call(this, now);
  };
  proto.offerOne = function (this: Scratch, exec: number, now: number) {
    junk(this);
    offerOne.call(this, exec, now);
  };
  try {
    return f();
  } finally {
    proto.offerAll = offerAll;
    proto.offerOne = offerOne;
  }
}

describe('offer rounds\' scratch arrays', () => {
  it('carry nothing from one round to the next (every example and fixture, with a crash)', () => {
    let runs = 0;
    for (const file of exampleAndFixtureFiles) {
      const model = parseJobFile(readFileSync(file, 'utf8')).model;
      if (!model) continue;
      const free = simulate(model, { faults: [] });
      const faults = [{ executor: model.cluster.executors[0].id, at: Math.floor(free.metrics.makespan / 3), kind: 'crash' as const }];
      for (const options of [{}, { faults }]) {
        const plain = JSON.stringify(simulate(model, options));
        expect(JSON.stringify(scribbled(() => simulate(model, options))), file).toBe(plain);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(20);
  });

  it('carry nothing from one round to the next (the bench streaming file\'s sweep)', () => {
    const model = parseJobFile(streamingYaml()).model!;
    expect(JSON.stringify(scribbled(() => sweep(model)))).toBe(JSON.stringify(sweep(model)));
  });

  it('are shared by a fork with its base', () => {
    let shared = 0;
    forEachPausedRun((_model, base) => {
      const a = base.scheduler as unknown as Scratch;
      const b = forkSimulation(base).scheduler as unknown as Scratch;
      expect(b.offerExecs).toBe(a.offerExecs);
      expect(b.offerFree).toBe(a.offerFree);
      shared++;
    });
    expect(shared).toBeGreaterThan(10);
  });
});
