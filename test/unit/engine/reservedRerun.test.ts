// The sweep's shortcut for a stalled crash's reserved-slot fork when no live executor holds the
// lost data (src/engine/analysis/reservedRerun.ts): the sweep's result must be the same, field for
// field and in the same key order, as when every such fork is made; and each shortcut's latency
// must be its own fork's, a fork that stops at the crash's instant (the re-run launched on a
// reserved slot, its recovery known). On every example and fixture, the bench's streaming file and
// variants of it, random streaming jobs, and hand-made files where a condition fails.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { IdleCrashes } from '../../../src/engine/analysis/idleCrash';
import { ReservedReruns } from '../../../src/engine/analysis/reservedRerun';
import { newBase, reservationFor, runFork, sweep, sweepMoments, type SweepOptions } from '../../../src/engine/analysis/sweep';
import { ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { faultResult } from '../../../src/engine/results';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { arbModel, arbStreaming, build, buildStreaming } from './arbitrary';
import { exampleAndFixtureFiles } from './jobFiles';

interface Counts {
  /** stalled crashes */
  stalled: number;
  /** of them, known without their reserved fork */
  taken: number;
}

/** The sweep with and without the shortcut, then each stalled crash's shortcut against its own reserved fork. */
function sameAsForking(m: JobFile, options: SweepOptions = {}): Counts {
  const forked = sweep(m, { ...options, forkAll: true });
  const short = sweep(m, options);
  expect(JSON.stringify(short)).toBe(JSON.stringify(forked));
  expect(short.runs).toBe(forked.runs);
  const counts = { stalled: 0, taken: 0 };
  const threshold = m.analysis.stallThreshold;
  if (threshold < 0) return counts;
  const base = newBase(m, options, true);
  for (const at of sweepMoments(forked.makespan, options.times ?? m.analysis.sweepTimes)) {
    base.runUntil(at, EventKind.Fault);
    const reruns = new ReservedReruns(base, at, new IdleCrashes(base, at));
    for (const e of base.cluster.executors) {
      if (e.state !== ExecState.Alive || e.addedAt > at) continue;
      const run = runFork(base, e.id, at, 'crash');
      const f = run.sim.faults[run.k];
      if (f.detectedAt === null || !faultResult(run.sim, run.k, threshold).stalled) continue;
      counts.stalled++;
      const reserve = reservationFor(run, 1);
      const latency = reruns.latency(e.idx, f.lostTasks, reserve);
      if (latency === null) continue;
      const twin = runFork(base, e.id, at, 'crash', reserve);
      expect(latency).toBe(faultResult(twin.sim, twin.k, threshold).recoveryLatency);
      expect(twin.sim.now).toBe(at);
      // not with another reservation
      const one = reserve.keys().next().value!;
      if (reserve.size > 1) expect(reruns.latency(e.idx, f.lostTasks, new Map([[one, 1]]))).toBeNull();
      expect(reruns.latency(e.idx, f.lostTasks, new Map([...reserve, [one, 2]]))).toBeNull();
      counts.taken++;
    }
  }
  return counts;
}

/** The bench's streaming file changed by `edits` ([from, to] replacements). */
function bench(...edits: [string, string][]): JobFile {
  let text = streamingYaml();
  for (const [from, to] of edits) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return parseJobFile(text).model!;
}

describe('sweep: reserved-slot forks known without forking', () => {
  it('gives the same sweep as forking them, on every example and fixture', () => {
    let taken = 0;
    for (const file of exampleAndFixtureFiles) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      for (const policy of ['spark', 'reserved-slots'] as const) {
        for (const spark of ['3.5', '2.2'] as const) taken += sameAsForking(m, { policy, spark, hangs: true }).taken;
      }
    }
    // (their stalled re-runs with no holder read input remotely: none is taken)
    expect(taken).toBe(0);
  });

  it("takes the bench's streaming sweep's stalled crashes with no holder and gives the same result", () => {
    const m = parseJobFile(streamingYaml()).model!;
    const c = sameAsForking(m);
    // (the 7 others: a live executor holds the data, the reservation is on it alone)
    expect(c.taken).toBeGreaterThanOrEqual(24);
    expect(c.stalled).toBe(31);
    expect(sameAsForking(m, { spark: '2.2' }).taken).toBeGreaterThan(0);
  });

  it("gives the same sweep on variants of the bench's file: smaller clusters, unreplicated blocks, racks", () => {
    let taken = 0;
    for (const cluster of ['count: 16, cores: 1, hostsPerRack: 16', 'count: 24, cores: 3, hostsPerRack: 8', 'count: 16, cores: 2, hostsPerRack: 4']) {
      for (const level of ['MEMORY_AND_DISK_SER_2', 'MEMORY_AND_DISK_SER']) {
        taken += sameAsForking(bench(['count: 64, cores: 4, hostsPerRack: 16', cluster], ['batches: 60', 'batches: 20'], ['sweepTimes: 8', 'sweepTimes: 30'],
          ...[1, 2, 3, 4].map((): [string, string] => ['MEMORY_AND_DISK_SER_2', level]))).taken;
      }
    }
    // one rack for all (the first live executor is RACK_LOCAL), no racks (ANY)
    taken += sameAsForking(bench(['hostsPerRack: 16', 'hostsPerRack: 64'])).taken;
    taken += sameAsForking(bench(['count: 64, cores: 4, hostsPerRack: 16', 'count: 64, cores: 4'])).taken;
    expect(taken).toBeGreaterThan(40);
  });

  it('gives the same sweep as forking them on random streaming jobs', () => {
    let taken = 0;
    fc.assert(fc.property(arbStreaming, fc.constantFrom(4, 12), (p, times) => {
      const m = buildStreaming(p);
      m.analysis = { ...m.analysis, sweepTimes: times, stallThreshold: 100 };
      taken += sameAsForking(m, { hangs: true }).taken;
    }), { numRuns: 150, seed: 20261207 });
    // (their one to three hosts: a lost task's data mostly has a live holder)
    expect(taken).toBeGreaterThanOrEqual(0);
  });

  it('gives the same sweep as forking them on random batch jobs', () => {
    const counts = { stalled: 0, taken: 0 };
    fc.assert(fc.property(arbModel, fc.constantFrom(4, 12), (p, times) => {
      const m = build(p);
      m.faults = [];
      m.analysis = { ...m.analysis, sweepTimes: times, stallThreshold: 100 };
      const c = sameAsForking(m, { hangs: true });
      counts.stalled += c.stalled;
      counts.taken += c.taken;
    }), { numRuns: 400, seed: 20261207 });
    // (the others: detected later (a cluster manager's loss reason), two or more lost tasks, outputs lost)
    expect(counts.taken).toBeGreaterThanOrEqual(5);
    expect(counts.stalled).toBeGreaterThan(50);
  });

  it('is not taken when an executor is still to leave (the early stop waits for it)', () => {
    const m = parseJobFile(streamingYaml()).model!;
    m.cluster.executors[63] = { ...m.cluster.executors[63], leaveAt: 3_600_000 };
    const c = sameAsForking(m);
    expect(c.stalled).toBeGreaterThan(20);
    expect(c.taken).toBe(0);
  });

  it("is not taken when the re-run would end past the run's time limit", () => {
    const m = parseJobFile(streamingYaml()).model!;
    const at = 20065;
    const bases = [DEFAULT_LIMITS.maxTimeMs, at + 50].map((maxTimeMs) => {
      const b = new Simulation(m, m.spark, false, [], { ...DEFAULT_LIMITS, statsOnly: true, maxTimeMs });
      b.runUntil(at, EventKind.Fault);
      return { b, reruns: new ReservedReruns(b, at, new IdleCrashes(b, at)) };
    });
    let compared = 0;
    for (const e of bases[0].b.cluster.executors) {
      const { sim, k } = runFork(bases[0].b, e.id, at, 'crash');
      const reserve = reservationFor({ sim, k }, 1);
      if (bases[0].reruns.latency(e.idx, sim.faults[k].lostTasks, reserve) !== 68) continue;
      expect(bases[1].reruns.latency(e.idx, sim.faults[k].lostTasks, reserve)).toBeNull();
      const twin = runFork(bases[1].b, e.id, at, 'crash', reserve);
      expect(faultResult(twin.sim, twin.k, m.analysis.stallThreshold).recoveryLatency).toBeNull();
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(24);
  });
});
