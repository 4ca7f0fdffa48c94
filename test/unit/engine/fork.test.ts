// The fork's copy-on-first-access of stage state (src/engine/fork.ts): a fork is independent of
// its base, shares only immutable arrays, and refuses to read a base that has moved on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { forgetPlan, forkSimulation } from '../../../src/engine/fork';
import { faultResult } from '../../../src/engine/results';
import { parseJobFile } from '../../../src/format';

const load = (name: string) =>
  parseJobFile(readFileSync(join(__dirname, '../../../examples', name), 'utf8')).model!;

describe('forkSimulation', () => {
  it('leaves the base untouched: a second fork at the same moment gives the same result', () => {
    const m = load('locality-batch.sparkjob.yaml');
    const base = newBase(m);
    base.runUntil(1500, EventKind.Fault);
    const before = { events: base.events, attempts: base.log.length, taskState: base.stages.map((s) => [...s.taskState]) };
    const a = runFork(base, '3', 1500, 'crash');
    const b = runFork(base, '3', 1500, 'crash');
    expect(faultResult(a.sim, a.k, 100)).toEqual(faultResult(b.sim, b.k, 100));
    expect(a.sim.log.length).toBe(b.sim.log.length);
    forgetPlan(base); // (the next fork walks the run again)
    const c = runFork(base, '3', 1500, 'crash');
    expect(faultResult(c.sim, c.k, 100)).toEqual(faultResult(a.sim, a.k, 100));
    expect({ events: base.events, attempts: base.log.length, taskState: base.stages.map((s) => [...s.taskState]) }).toEqual(before);
  });

  it('shares the immutable task arrays and copies the mutable ones', () => {
    const m = load('locality-batch.sparkjob.yaml');
    const base = newBase(m);
    base.runUntil(1000, EventKind.Fault);
    const fork = forkSimulation(base);
    expect(fork.stages[0].duration).toBe(base.stages[0].duration);
    expect(fork.stages[0].prefData).toBe(base.stages[0].prefData);
    expect(fork.stages[0].taskState).not.toBe(base.stages[0].taskState);
    expect([...fork.stages[0].taskState]).toEqual([...base.stages[0].taskState]);
    expect(fork.stages[1].parents[0]).toBe(fork.stages[0]);
    expect(fork.log.status).not.toBe(base.log.status);
    expect(fork.file).toBe(base.file);
  });

  it('throws when a stage is first read after the base moved on', () => {
    const m = load('locality-batch.sparkjob.yaml');
    const base = newBase(m);
    base.runUntil(1000, EventKind.Fault);
    const fork = forkSimulation(base);
    base.run();
    expect(() => fork.stages[0].taskState).toThrow(/base run moved on/);
  });

  it('copies an object of the run with its own prototype: a class instance, a null-prototype map', () => {
    const m = load('locality-batch.sparkjob.yaml');
    const base = newBase(m);
    base.runUntil(1000, EventKind.Fault);
    // fields the engine may add later (fork.ts copies what it finds): a dictionary without a
    // prototype, and an instance of a class with a field of a name no identifier has
    class Tally {
      count = 2;
      'a-b' = 3;
      twice(): number {
        return 2 * this.count;
      }
    }
    const dict = Object.create(null) as Record<string, number>;
    dict.x = 1;
    const run = base as unknown as Record<string, unknown>;
    run.byName = dict;
    run.tally = new Tally();
    const fork = forkSimulation(base) as unknown as Record<string, unknown>;
    expect(fork.byName).not.toBe(dict);
    expect(Object.getPrototypeOf(fork.byName)).toBe(null);
    expect({ ...(fork.byName as object) }).toEqual({ x: 1 });
    const t = fork.tally as Tally;
    expect(t).not.toBe(run.tally);
    expect(t).toBeInstanceOf(Tally);
    expect(Object.keys(t)).toEqual(['count', 'a-b']);
    expect([t.twice(), t['a-b']]).toEqual([4, 3]);
  });

  it("points a copy's fields at copies, by name or, for a shape of many sets of such fields, by key", () => {
    const m = load('locality-batch.sparkjob.yaml');
    const base = newBase(m);
    base.runUntil(1000, EventKind.Fault);
    // one shape (20 fields), each instance with another field holding an object: more sets of
    // fields than a shape gets patchers for (fork.ts patcherFor)
    class Slots {
      [k: string]: unknown;
      constructor(i: number, target: object) {
        for (let k = 0; k < 20; k++) this[`f${k}`] = k === i ? target : k;
      }
    }
    const targets = Array.from({ length: 20 }, (_, i) => ({ i }));
    const run = base as unknown as Record<string, unknown>;
    run.slots = targets.map((t, i) => new Slots(i, t));
    run.targets = targets;
    const fork = forkSimulation(base) as unknown as Record<string, unknown>;
    const slots = fork.slots as Slots[];
    const copies = fork.targets as { i: number }[];
    for (let i = 0; i < 20; i++) {
      expect(copies[i]).not.toBe(targets[i]);
      expect(copies[i]).toEqual({ i });
      expect(slots[i][`f${i}`]).toBe(copies[i]);
      expect(slots[i][`f${(i + 1) % 20}`]).toBe((i + 1) % 20);
    }
  });
});
