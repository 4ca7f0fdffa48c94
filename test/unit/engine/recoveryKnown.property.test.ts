// A sweep's fork stops once its fault's recovery is known (src/engine/recoveryKnown.ts): every lost
// task still outstanding re-launched, and nothing left that could fail, kill or duplicate one of
// them. The property: on random jobs, such a fork measures exactly what the same fork run until
// its fault has recovered measures (what the sweep reads of a fork: the fault's result with its
// stalled re-runs, the received blocks lost, the live executors and holders a reservation is
// chosen from), plain and with a reservation, from a stats-log base (the sweep's) and a full one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { newBase, reservationFor, runFork, type FaultRun } from '../../../src/engine/analysis/sweep';
import { Status } from '../../../src/engine/attemptLog';
import { ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { earlyStop } from '../../../src/engine/recoveryKnown';
import { faultResult } from '../../../src/engine/results';
import type { FaultKind, JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbSpeculative, arbStreaming, build, buildSpeculative, buildStreaming, buildWide } from './arbitrary';

type Fault = { exec: number; frac: number; kind: FaultKind };

/** The fork stopped before its fault recovered: an attempt made successful is still on its executor's running list. */
function stoppedEarly({ sim }: FaultRun): boolean {
  return sim.cluster.executors.some((e) => e.running.some((a) => sim.log.status[a] === Status.Success));
}

/** What the sweep reads of a fork (analysis/sweep.ts measure and forkEnd). */
function measures({ sim, k }: FaultRun, threshold: number) {
  const stalled: [number, number][] = [];
  const result = faultResult(sim, k, threshold, undefined, stalled);
  return {
    result,
    stalled: stalled.map(([a, w]) => [sim.log.stage[a], sim.log.task[a], sim.log.exec[a], sim.log.launch[a], w]),
    lostBlocks: sim.streaming?.lostBlocksSince(sim.faults[k].spec.at) ?? null,
    holders: sim.faults[k].holders,
    alive: sim.cluster.executors.filter((e) => e.state === ExecState.Alive).map((e) => e.idx),
  };
}

/** Some stage lost outputs and misses one (what nothingFails asks of every task set's parents). */
function missesLostOutput(sim: FaultRun['sim']): boolean {
  return sim.stages.some((s) => s.numSuccessful < s.numTasks && s.lostAt >= 0);
}

function withoutEarlyStop<T>(f: () => T): T {
  earlyStop.enabled = false;
  try {
    return f();
  } finally {
    earlyStop.enabled = true;
  }
}

/** Forks of `m` at the fault, stopped early where allowed and run until recovered: the same measures. Counts early stops. */
function sameMeasures(m: JobFile, fault: Fault, seen: { forks: number; early: number; eventsSaved: number; outputsLost: number }): void {
  const at = Math.floor(simulate(m, { faults: [] }).metrics.makespan * fault.frac);
  const executor = String((fault.exec % m.cluster.executors.length) + 1);
  const threshold = m.analysis.stallThreshold;
  for (const stats of [true, false]) {
    const base = newBase(m, {}, stats);
    base.runUntil(at, EventKind.Fault);
    const full = withoutEarlyStop(() => runFork(base, executor, at, fault.kind));
    const reserve = reservationFor(full, 1);
    const pairs: [FaultRun, FaultRun][] = [
      [runFork(base, executor, at, fault.kind), full],
      [runFork(base, executor, at, fault.kind, reserve), withoutEarlyStop(() => runFork(base, executor, at, fault.kind, reserve))],
    ];
    for (const [early, whole] of pairs) {
      seen.forks++;
      // nothingFails asks the task sets' parents only after a loss of outputs (FetchFailures.noneLost)
      for (const { sim } of [early, whole]) if (sim.dag.noneLost()) expect(missesLostOutput(sim)).toBe(false);
      if (!whole.sim.dag.noneLost()) seen.outputsLost++;
      if (stoppedEarly(early)) {
        seen.early++;
        seen.eventsSaved += whole.sim.events - early.sim.events;
      } else expect(early.sim.events).toBe(whole.sim.events);
      expect(measures(early, threshold)).toEqual(measures(whole, threshold));
    }
  }
}

describe('a fork stopped once its recovery is known = the fork run until its fault has recovered', () => {
  it('random batch jobs: crashes, hangs and node losses, 2.2 and 3.5, every cluster manager, fetch failures', () => {
    const seen = { forks: 0, early: 0, eventsSaved: 0, outputsLost: 0 };
    const arb = arbModel.filter((p) => p.fault.kind !== 'decommission');
    fc.assert(fc.property(arb, (p) => sameMeasures(build(p), p.fault as Fault, seen)), { numRuns: 250, seed: 20261206 });
    // (and not vacuous for noneLost: many forks lost outputs)
    expect(seen.outputsLost, JSON.stringify(seen)).toBeGreaterThan(seen.forks / 20);
    // not vacuous: many forks stop early and skip events, and many do not (a condition fails)
    expect(seen.early, JSON.stringify(seen)).toBeGreaterThan(seen.forks / 5);
    expect(seen.forks - seen.early, JSON.stringify(seen)).toBeGreaterThan(seen.forks / 5);
    expect(seen.eventsSaved).toBeGreaterThan(seen.early);
  });

  it('random batch jobs with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    const seen = { forks: 0, early: 0, eventsSaved: 0, outputsLost: 0 };
    const arb = arbModelWide.filter((w) => w.base.fault.kind !== 'decommission');
    fc.assert(fc.property(arb, (w) => sameMeasures(buildWide(w), w.base.fault as Fault, seen)), { numRuns: 200, seed: 20261207 });
    expect(seen.early, JSON.stringify(seen)).toBeGreaterThan(seen.forks / 5);
    expect(seen.eventsSaved).toBeGreaterThan(seen.early);
  });

  it('random streaming files: receivers relaunched, replicated, single or logged blocks, Kafka, the job queue', () => {
    const seen = { forks: 0, early: 0, eventsSaved: 0, outputsLost: 0 };
    fc.assert(fc.property(arbStreaming, (p) => sameMeasures(buildStreaming(p), p.fault, seen)), { numRuns: 150, seed: 20261206 });
    expect(seen.early, JSON.stringify(seen)).toBeGreaterThan(seen.forks / 10);
    expect(seen.eventsSaved).toBeGreaterThan(seen.early);
  });

  it('never with spark.speculation on (a copy could win or be killed)', () => {
    const seen = { forks: 0, early: 0, eventsSaved: 0, outputsLost: 0 };
    fc.assert(fc.property(arbSpeculative.filter((s) => s.base.fault.kind !== 'decommission'),
      (s) => sameMeasures(buildSpeculative(s), s.base.fault as Fault, seen)), { numRuns: 60, seed: 20261206 });
    expect(seen.forks).toBeGreaterThan(0);
    expect(seen.early).toBe(0);
  });
});
