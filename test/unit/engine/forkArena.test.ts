// A fork's clones of the attempt log and the event queue are regions of the fork's arena, beside
// its copies of small typed arrays (src/engine/arena.ts, fork.ts, issue #17): each clone's
// columns must be bytes no other typed array of the fork or of its base can reach, or a write
// by the run to one would change another, in the fork or in its base. The sweep gives one arena
// to each fork in turn: a fork must then run as with an arena of its own, whatever ran before.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newBase, runFork } from '../../../src/engine/analysis/sweep';
import { Arena, freshFloats, freshInts } from '../../../src/engine/arena';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkArena, forkSimulation, snapshotSimulation } from '../../../src/engine/fork';
import { faultResult } from '../../../src/engine/results';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import { StatsLog } from '../../../src/engine/statsLog';
import { findTemplate } from '../../../src/engine/taskSetTemplates';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { queriesYaml, streamingYaml } from '../../../bench/workloads';
import { exampleAndFixtureFiles } from './jobFiles';

type View = ArrayBufferView & { length: number };

/** Every typed array reachable from `roots`. */
function views(...roots: unknown[]): Set<View> {
  const seen = new Set<unknown>();
  const out = new Set<View>();
  const stack = [...roots];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) out.add(v as View);
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return out;
}

/** The typed arrays of a run's log and queue (the clones' columns, in a fork). */
function cloned(sim: Simulation): View[] {
  const log = sim.log as unknown as Record<string, unknown>;
  const kept = (log.kept ?? {}) as Record<string, unknown>;
  const queue = sim.queue as unknown as Record<string, unknown>;
  return [log, kept, queue].flatMap((o) => Object.values(o)).filter((x) => ArrayBuffer.isView(x) && x.byteLength > 0) as View[];
}

const overlap = (a: View, b: View) =>
  a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

/** `fork`'s clones overlap no other typed array of the fork or of `base`; returns how many were checked. */
function expectOwnBytes(fork: Simulation, base: Simulation): number {
  const all = views(fork, base);
  const own = cloned(fork);
  for (const c of own) {
    for (const v of all) if (v !== c && overlap(c, v)) expect.fail(`a clone's ${c.constructor.name} shares bytes with a ${v.constructor.name}`);
  }
  return own.length;
}

/**
 * Each example's and fixture's run (but those sweeping decommissions) paused at `fracs` of its
 * fault-free makespan, with a stats log and (`both`) with a full attempt log too.
 */
function* pausedBases(fracs: number[], both: boolean, bench = false): Generator<{ m: JobFile; at: number; base: Simulation }> {
  const texts = exampleAndFixtureFiles.map((file) => readFileSync(file, 'utf8'));
  // (with `bench`, the bench's streaming and query files too: 64 executors, where the examples' few
  // executors give lists small enough to be on V8's heap)
  if (bench) texts.push(streamingYaml(), queriesYaml(40));
  for (const text of texts) {
    const m = parseJobFile(text).model!;
    if (m.analysis.sweepDecommissions !== undefined) continue;
    const free = new Simulation(m, m.spark, false, [], DEFAULT_LIMITS);
    free.run();
    for (const frac of fracs) {
      for (const stats of both ? [true, false] : [true]) {
        const at = Math.floor(free.makespan * frac);
        const base = newBase(m, {}, stats);
        base.runUntil(at, EventKind.Fault);
        yield { m, at, base };
      }
    }
  }
}

describe("a fork's arena", () => {
  it("gives each clone's columns bytes of their own, in forks and in forks of kept copies, on every example and fixture", () => {
    let checked = 0;
    let inArena = 0;
    for (const { base } of pausedBases([0.5], true)) {
      const fork = forkSimulation(base);
      checked += expectOwnBytes(fork, base);
      // a kept copy (every lazy copy made in its arena), and a fork of it: its clones copy a region of that arena
      const copy = snapshotSimulation(base);
      checked += expectOwnBytes(copy, base);
      const forkOfCopy = forkSimulation(copy);
      checked += expectOwnBytes(forkOfCopy, copy);
      if (fork.log instanceof StatsLog && fork.log.pend.buffer === fork.log.readyAt.buffer) inArena++;
    }
    expect(checked).toBeGreaterThan(500);
    // (not vacuous: the stats log's own columns are in the region of its others)
    expect(inArena).toBeGreaterThan(10);
  });

  it("sizes a clone's region as cloneBytes() says, at most (the plan sizes the fork's first chunk from it), on every example and fixture", () => {
    let checked = 0;
    for (const { base } of pausedBases([0.5], true)) {
      for (const v of [base.log, base.queue]) {
        const arena = new Arena(1 << 22, 1 << 22);
        v.clone(arena);
        const used = arena.take(0); // (the next region's offset: the bytes taken so far)
        expect(used).toBeGreaterThan(0);
        expect(used).toBeLessThanOrEqual(v.cloneBytes());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('takes regions that do not overlap, across chunks', () => {
    const arena = new Arena(64, 128);
    const got: View[] = [];
    for (let i = 0; i < 200; i++) got.push(arena.copy(Float64Array.from({ length: 1 + (i % 13) }, (_, k) => i * 100 + k)));
    for (let i = 0; i < got.length; i++) {
      expect(Array.from(got[i] as Float64Array)).toEqual(Array.from({ length: 1 + (i % 13) }, (_, k) => i * 100 + k));
      for (let j = i + 1; j < got.length; j++) expect(overlap(got[i], got[j])).toBe(false);
    }
  });

  it("gives the sweep's forks, one after another in one arena, the runs of forks with arenas of their own", () => {
    let forks = 0;
    let recovered = 0;
    const arena = forkArena();
    for (const { m, at, base } of pausedBases([0.3, 0.6], false)) {
      for (const e of m.cluster.executors.slice(0, 4)) {
        const own = runFork(base, e.id, at, 'crash');
        const shared = runFork(base, e.id, at, 'crash', undefined, undefined, false, arena);
        expect(shared.sim.events).toBe(own.sim.events);
        expect(shared.sim.now).toBe(own.sim.now);
        expect(faultResult(shared.sim, shared.k, 100)).toEqual(faultResult(own.sim, own.k, 100));
        expect(Array.from(shared.sim.log.end)).toEqual(Array.from(own.sim.log.end));
        forks++;
        if (own.sim.faults[own.k].detectedAt !== null) recovered++;
      }
    }
    expect(forks).toBeGreaterThan(80);
    expect(recovered).toBeGreaterThan(40);
  });

  // A fork's own typed arrays made as it runs (its live list, task sets' lists, pending reserved
  // slots, kept attempts) are regions of its arena too (Cluster.arena, arena.ts freshInts): what
  // outlives the fork (a query's kept list templates, Kafka preferences kept for the next batch)
  // must not be, or the next fork, given the same bytes zeroed, reads them.
  it("keeps in the arena only what dies with the fork: forks in one arena give the results of forks with arenas of their own run before them, on every example and fixture and the bench's streaming and query files", () => {
    let forks = 0;
    let madeInArena = 0;
    const arena = forkArena();
    for (const { m, at, base } of pausedBases([0.3, 0.6], false, true)) {
      const ids = m.cluster.executors.slice(0, 6).map((e) => e.id);
      const own = ids.map((id) => {
        const r = runFork(base, id, at, 'crash');
        return { events: r.sim.events, now: r.sim.now, result: faultResult(r.sim, r.k, 100) };
      });
      ids.forEach((id, i) => {
        const r = runFork(base, id, at, 'crash', undefined, undefined, false, arena);
        expect(r.sim.cluster.arena).toBe(arena);
        // (not vacuous: with 64 executors the live list, listed again after the loss, is there)
        if (r.sim.cluster.liveExecutors().buffer === arena.buffer) madeInArena++;
        expect({ events: r.sim.events, now: r.sim.now, result: faultResult(r.sim, r.k, 100) }).toEqual(own[i]);
        forks++;
      });
      expect(base.cluster.arena).toBeNull();
    }
    expect(forks).toBeGreaterThan(100);
    expect(madeInArena).toBeGreaterThan(10);
  });

  it("keeps a query's list templates out of a fork's arena", () => {
    let checked = 0;
    const arena = forkArena();
    for (const { m, at, base } of pausedBases([0.3, 0.6], false, true)) {
      if (!m.queries && !m.streaming) continue;
      for (const e of m.cluster.executors.slice(0, 6)) {
        const { sim } = runFork(base, e.id, at, 'crash', undefined, undefined, true, arena);
        for (const s of sim.stages) {
          const t = findTemplate(s.prefStart);
          for (const a of [t?.execAt, t?.execFlat, t?.hostAt, t?.hostFlat, t?.none]) {
            if (a === undefined || a.length === 0) continue;
            expect(a.buffer).not.toBe(arena.buffer);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('refuses a fork read after its arena went to the next fork', () => {
    const m = parseJobFile(readFileSync(exampleAndFixtureFiles.find((f) => f.endsWith('locality-batch.sparkjob.yaml'))!, 'utf8')).model!;
    const base = newBase(m, {}, true);
    base.runUntil(1500, EventKind.Fault);
    const arena = forkArena();
    const first = forkSimulation(base, arena);
    void first.stages[0].taskState; // a lazy copy while the arena is its own: fine
    forkSimulation(base, arena);
    expect(() => first.stages[1].taskState).toThrow(/arena/);
  });

  it('gives regions zeroed again after a reuse, from a chunk large enough', () => {
    const arena = new Arena(256, 256);
    const a = arena.copy(new Uint8Array(200).fill(7));
    arena.reuse(256);
    const b = new Uint8Array(arena.buffer!, arena.take(200), 200);
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((x) => x === 0)).toBe(true);
    arena.reuse(4096);
    expect(arena.take(4000)).toBe(0);
    expect(arena.buffer!.byteLength).toBeGreaterThanOrEqual(4096);
  });

  it('gives the next fork a first chunk with room for all that the last one took', () => {
    const arena = new Arena(256, 256);
    for (let i = 0; i < 5; i++) arena.ints(50); // 1000 bytes: past the first chunk
    arena.reuse(256);
    const first = arena.ints(50);
    for (let i = 0; i < 4; i++) expect(arena.ints(50).buffer).toBe(first.buffer);
    expect(first.buffer.byteLength).toBeGreaterThanOrEqual(1000);
  });

  it('makes small arrays on the heap and larger ones in the arena, zeroed', () => {
    const arena = new Arena(1024, 1024);
    expect(freshInts(arena, 16).buffer).not.toBe(arena.buffer);
    const big = freshInts(arena, 17);
    expect(big.buffer).toBe(arena.buffer);
    expect(Array.from(big)).toEqual(new Array(17).fill(0));
    expect(freshFloats(null, 40).length).toBe(40);
  });
});
