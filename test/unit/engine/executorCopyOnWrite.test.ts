// A fork shares its base's executors copy on write (Cluster.own, Cluster.sharedWith in
// src/engine/cluster.ts, fork.ts), and its task sets' pending lists (PendingLists.sharedWith in
// taskSetManager.ts): whichever side changes one first copies it. These tests fail if a change
// reaches the other side (a fork writing through to its base, or a base moving on under a fork
// that waits), or if a change skips own().
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultFreeMakespan, newBase, reservationFor, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkSimulation, snapshotSimulation } from '../../../src/engine/fork';
import { reserveSlots } from '../../../src/engine/recovery';
import { faultResult } from '../../../src/engine/results';
import type { Simulation } from '../../../src/engine/simulation';
import type { FaultKind, JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format';

const root = join(__dirname, '../../..');
const files = [
  ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.sparkjob.yaml')).map((f) => join(root, 'examples', f)),
  ...readdirSync(join(root, 'test/fixtures')).filter((f) => f.endsWith('.sparkjob.yaml')).map((f) => join(root, 'test/fixtures', f)),
];
const models: [string, JobFile][] = files.map((f) => [f.slice(root.length + 1), parseJobFile(readFileSync(f, 'utf8')).model!]);

/** every executor's fields, its lanes and running list by value, and the objects themselves */
function executors(sim: Simulation) {
  return {
    values: sim.cluster.executors.map((e) => JSON.stringify({ ...e, lanes: Array.from(e.lanes), running: [...e.running], spec: e.spec.id })),
    objects: [...sim.cluster.executors],
  };
}

/** every task set's pending lists, by value: level, key, entries */
function pendingLists(sim: Simulation): string[] {
  const out: string[] = [];
  for (const tsm of new Set([...sim.scheduler.taskSets, ...sim.activeTaskSets()])) {
    for (const level of ['forExecutor', 'forHost', 'forRack'] as const) {
      const p = tsm[level];
      // (every list there, not only the keys': a level with no key shares its lists with forks)
      out.push(`${tsm.stage.fullName} ${level} keys ${p.keys.join(',')}`);
      for (const key of new Set([...p.keys, ...p.lists.flatMap((l, k) => (l === undefined ? [] : [k]))])) {
        const list = p.lists[key];
        const entries = list ? Array.from({ length: list.length }, (_, k) => list.at(k)) : [];
        out.push(`${tsm.stage.fullName} ${level} ${key}: ${list === null ? 'unbuilt' : entries.join(',')}`);
      }
    }
  }
  return out;
}

function pausedBase(m: JobFile, frac: number): { base: Simulation; at: number } {
  const at = Math.floor(faultFreeMakespan(m) * frac);
  const base = newBase(m);
  base.runUntil(at, EventKind.Fault);
  return { base, at };
}

describe('executors shared copy on write between a fork and its base', () => {
  it('a fork that changes executors leaves its base\'s as they were, on every example and fixture', () => {
    let changedInForks = 0;
    for (const [name, m] of models) {
      for (const frac of [0.3, 0.6]) {
        const { base, at } = pausedBase(m, frac);
        const before = executors(base);
        const kinds: FaultKind[] = ['crash', 'hang', 'node', ...(m.conf.decommission.enabled ? ['decommission' as const] : [])];
        for (const e of before.objects) {
          for (const kind of kinds) {
            const fresh = forkSimulation(base);
            // nothing copied until a change: the fork holds the base's executor objects
            expect(fresh.cluster.executors.every((x, i) => x === before.objects[i]), name).toBe(true);
            const run = runFork(base, e.id, at, kind, undefined, kind === 'decommission' ? 2000 : undefined);
            if (run.sim.cluster.executors.some((x, i) => x !== before.objects[i])) changedInForks++;
            runFork(base, e.id, at, kind, reservationFor(run, 1), kind === 'decommission' ? 2000 : undefined);
            const after = executors(base);
            expect(after.values, `${name} at ${at}: ${kind} of ${e.id}`).toEqual(before.values);
            expect(after.objects.every((x, i) => x === before.objects[i]), name).toBe(true);
          }
        }
      }
    }
    // (the forks did change executors: lost ones, launches)
    expect(changedInForks).toBeGreaterThan(100);
  });

  it('a base that moves on leaves a waiting fork\'s executors as they were at the fork', () => {
    for (const [name, m] of models) {
      const { base } = pausedBase(m, 0.4);
      const fork = forkSimulation(base);
      const snapshot = snapshotSimulation(base);
      const atFork = executors(fork);
      base.run();
      expect(executors(fork).values, name).toEqual(atFork.values);
      expect(executors(snapshot).values, name).toEqual(atFork.values);
      // the base copied what it changed: its objects are no longer the fork's
      expect(base.cluster.executors.some((x, i) => x !== atFork.objects[i]), name).toBe(true);
    }
  });

  it('forks that pop and push the task sets\' pending lists leave the base\'s as they were, and the reverse', () => {
    let listsSeen = 0;
    for (const [name, m] of models) {
      for (const frac of [0.3, 0.6]) {
        const { base, at } = pausedBase(m, frac);
        const before = pendingLists(base);
        listsSeen += before.length;
        const waiting = forkSimulation(base);
        for (const e of base.cluster.executors) {
          const run = runFork(base, e.id, at, 'crash');
          runFork(base, e.id, at, 'crash', reservationFor(run, 1));
          expect(pendingLists(base), `${name} at ${at}: crash of ${e.id}`).toEqual(before);
        }
        base.run();
        expect(pendingLists(waiting), `${name}: a fork waiting while its base ran on`).toEqual(before);
      }
    }
    expect(listsSeen).toBeGreaterThan(20);
  });

  it('a change that skips Cluster.own throws instead of writing through', () => {
    const m = models.find(([name]) => name.endsWith('locality-batch.sparkjob.yaml'))![1];
    const { base } = pausedBase(m, 0.5);
    const fork = forkSimulation(base);
    const shared = fork.cluster.executors[0];
    expect(shared).toBe(base.cluster.executors[0]);
    expect(() => fork.cluster.drain(shared)).toThrow(/without Cluster.own/);
    const mine = fork.cluster.own(shared.idx);
    expect(mine).not.toBe(shared);
    fork.cluster.drain(mine);
    expect(mine.draining).toBe(true);
    expect(base.cluster.executors[0].draining).toBe(false);
    // the stale object, kept past own(), is refused too
    expect(() => fork.cluster.remove(shared, fork.now)).toThrow(/without Cluster.own/);
  });

  it('slots reserved on shared executors (pending until owned) give the run that reserving on owned ones gives', () => {
    // (Cluster.reserve leaves a shared executor shared and counts its slots as pending; own() adds
    // them to its copy. Here the same fork with every executor owned first, so reserved at once.)
    let reservedLaunches = 0;
    for (const [name, m] of models) {
      const { base, at } = pausedBase(m, 0.5);
      const before = executors(base);
      const every = new Map(base.cluster.executors.map((e) => [e.idx, 1]));
      for (const e of before.objects) {
        const runs = [false, true].map((ownFirst) => {
          const sim = forkSimulation(base);
          if (ownFirst) for (const x of sim.cluster.executors) sim.cluster.own(x.idx);
          reserveSlots(sim, every);
          const k = sim.injectFault({ executor: e.id, at, kind: 'crash' });
          sim.stopWhenRecovered = k;
          sim.run();
          for (const x of sim.cluster.executors) sim.cluster.own(x.idx);
          return { sim, result: JSON.stringify(faultResult(sim, k, m.analysis.stallThreshold)), execs: executors(sim).values };
        });
        expect(runs[0].result, `${name}: crash of ${e.id}`).toBe(runs[1].result);
        expect(runs[0].execs, `${name}: crash of ${e.id}`).toEqual(runs[1].execs);
        expect(runs[0].sim.cluster.totalFreeReserved, name).toBe(runs[1].sim.cluster.totalFreeReserved);
        const log = runs[0].sim.log;
        for (let a = 0; a < log.length; a++) if (log.flags[a] & 2) reservedLaunches++;
        expect(executors(base).values, name).toEqual(before.values);
      }
    }
    expect(reservedLaunches).toBeGreaterThan(0);
  });

  it('a copy made by own() has every field of the executor, in the same order, with equal values', () => {
    // (own() lists the fields by hand, to keep the executors' one object shape: a field added to
    // Executor and not there would be undefined in every fork's copy)
    for (const [name, m] of models) {
      const { base } = pausedBase(m, 0.5);
      const fork = forkSimulation(base);
      for (const e of base.cluster.executors) {
        const copy = fork.cluster.own(e.idx);
        expect(copy, name).not.toBe(e);
        expect(Object.keys(copy), name).toEqual(Object.keys(e));
        expect({ ...copy, lanes: Array.from(copy.lanes) }, name).toEqual({ ...e, lanes: Array.from(e.lanes) });
      }
    }
  });
});
