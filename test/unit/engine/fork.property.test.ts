// The sweep forks the fault-free run at each fault moment instead of simulating from zero; this
// property says the two agree exactly, on random small jobs, faults and reservations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { newBase, reservationFor, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { faultResult } from '../../../src/engine/results';
import type { JobFile, JobSpec, Location } from '../../../src/format/model';
import { conf, model } from './model';

const arbModel = fc.record({
  spark: fc.constantFrom('2.2' as const, '3.5' as const),
  seed: fc.integer({ min: 1, max: 1000 }),
  hosts: fc.integer({ min: 1, max: 3 }),
  racks: fc.boolean(),
  execCores: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 4 }),
  wait: fc.constantFrom(0, 100, 500, 1000),
  jobs: fc.array(fc.record({
    submit: fc.integer({ min: 0, max: 600 }),
    stages: fc.array(fc.array(fc.record({
      ms: fc.integer({ min: 20, max: 700 }),
      input: fc.constantFrom(0, 8, 64),
      prefer: fc.array(fc.tuple(fc.constantFrom('exec', 'host'), fc.integer({ min: 0, max: 3 })), { maxLength: 2 }),
    }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 2 }),
  }), { minLength: 1, maxLength: 2 }),
  fault: fc.record({ exec: fc.integer({ min: 0, max: 3 }), frac: fc.double({ min: 0.05, max: 0.95, noNaN: true }), kind: fc.constantFrom('crash' as const, 'hang' as const) }),
});

type Params = typeof arbModel extends fc.Arbitrary<infer T> ? T : never;

function build(p: Params): JobFile {
  const executors = p.execCores.map((cores, i) => ({
    id: String(i + 1), host: `h${(i % p.hosts) + 1}`, cores, joinAt: 0, ...(p.racks ? { rack: `r${i % 2}` } : {}),
  }));
  const jobs: JobSpec[] = p.jobs.map((j, ji) => ({
    name: `j${ji}`, submit: j.submit,
    stages: j.stages.map((tasks, si) => ({
      name: `s${si}`, parents: si > 0 ? [`s${si - 1}`] : [],
      tasks: tasks.map((t) => ({
        duration: { dist: 'fixed' as const, ms: t.ms }, input: t.input * 1024 * 1024,
        prefer: t.prefer.map(([kind, n]): Location => kind === 'exec'
          ? { kind: 'exec', id: String((n % executors.length) + 1) } : { kind: 'host', name: `h${(n % p.hosts) + 1}` }),
      })),
    })),
  }));
  return model({
    spark: p.spark, seed: p.seed, executors, jobs,
    conf: conf({ localityWait: { process: p.wait, node: p.wait, rack: p.wait }, heartbeatInterval: 200, networkTimeout: 1000, timeoutInterval: 300, raw: { 'spark.network.timeout': '1s' } }),
  });
}

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
