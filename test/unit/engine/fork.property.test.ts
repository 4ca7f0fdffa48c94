// The sweep forks the fault-free run at each fault moment instead of simulating from zero; this
// property says the two agree exactly, on random small jobs, faults and reservations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { newBase, reservationFor, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { faultResult } from '../../../src/engine/results';
import { arbModel, build } from './arbitrary';

describe('fork at the fault moment = simulate from zero', () => {
  it('gives the same fault measures and attempts, with and without a reservation', () => {
    let withLostTasks = 0;
    let withReservedRuns = 0;
    fc.assert(fc.property(arbModel, (p) => {
      const m = build(p);
      const free = simulate(m, { faults: [] });
      const at = Math.floor(free.metrics.makespan * p.fault.frac);
      const executor = String((p.fault.exec % m.cluster.executors.length) + 1);
      const fault = { executor, at, kind: p.fault.kind };

      const base = newBase(m);
      base.runUntil(at, EventKind.Fault);
      const forked = runFork(base, executor, at, fault.kind);
      const zero = simulate(m, { faults: [fault] });
      expect(faultResult(forked.sim, forked.k, m.analysis.stallThreshold)).toEqual(zero.faults[0]);
      if (zero.faults[0].lostTasks.length > 0) withLostTasks++;
      // the fork stops at recovery: its attempts are the from-zero run's first ones
      const n = forked.sim.log.length;
      for (let a = 0; a < n; a++) {
        const z = zero.attempts[a];
        expect([forked.sim.log.exec[a], forked.sim.log.launch[a], forked.sim.log.locality[a], forked.sim.log.task[a]])
          .toEqual([forked.sim.cluster.findExecutor(z.executor), z.launch, ['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY'].indexOf(z.locality), z.index]);
      }

      const reserve = reservationFor(forked, 1);
      const perExecutor = Object.fromEntries([...reserve.keys()].map((x) => [forked.sim.cluster.executors[x].id, 1]));
      const forkedR = runFork(base, executor, at, fault.kind, reserve);
      const zeroR = simulate(m, { faults: [fault], policy: 'reserved-slots', reservedSlots: { perExecutor, all: 0 } });
      expect(faultResult(forkedR.sim, forkedR.k, m.analysis.stallThreshold)).toEqual(zeroR.faults[0]);
      if (zeroR.attempts.some((a) => a.reservedSlot)) withReservedRuns++;
    }), { numRuns: 300, seed: 20261123 });
    // not vacuous: many cases lose tasks, and reserved slots are used
    expect(withLostTasks).toBeGreaterThan(100);
    expect(withReservedRuns).toBeGreaterThan(50);
  });
});
