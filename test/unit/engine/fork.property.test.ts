// The sweep forks the fault-free run at each fault moment instead of simulating from zero; this
// property says the two agree exactly, on random small jobs, faults and reservations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { newBase, reservationFor, runFork } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkArena } from '../../../src/engine/fork';
import { LOCALITY_NAMES } from '../../../src/engine/locality';
import { faultResult } from '../../../src/engine/results';
import { arbModel, arbQueries, arbSpeculative, arbStreaming, build, buildQueries, buildSpeculative, buildStreaming } from './arbitrary';
import type { FaultKind, JobFile } from '../../../src/format/model';
import { model } from './model';

/** one arena given to fork after fork, of every case, as the sweep gives one to its forks (fork.ts) */
const shared = forkArena();

/**
 * Forks the fault-free run of `m` just before a fault and runs the fork (plain, and with one
 * reserved slot on the holders); both must equal simulating the same fault from time zero.
 */
function forkMatchesZero(m: JobFile, fault: { exec: number; frac: number; kind: FaultKind; notice?: number }) {
  const free = simulate(m, { faults: [] });
  const at = Math.floor(free.metrics.makespan * fault.frac);
  const executor = String((fault.exec % m.cluster.executors.length) + 1);
  const notice = fault.kind === 'decommission' ? fault.notice : undefined;
  const spec = notice === undefined ? { executor, at, kind: fault.kind } : { executor, at, kind: fault.kind, notice };
  const base = newBase(m);
  base.runUntil(at, EventKind.Fault);
  const forked = runFork(base, executor, at, fault.kind, undefined, notice);
  const zero = simulate(m, { faults: [spec] });
  expect(faultResult(forked.sim, forked.k, m.analysis.stallThreshold)).toEqual(zero.faults[0]);
  if (fault.kind !== 'decommission') {
    // the sweep's forks: from a base with the stats log (statsLog.ts), the same measures
    const statsBase = newBase(m, {}, true);
    statsBase.runUntil(at, EventKind.Fault);
    const s = runFork(statsBase, executor, at, fault.kind, undefined, undefined, false, shared);
    expect(faultResult(s.sim, s.k, m.analysis.stallThreshold)).toEqual(zero.faults[0]);
  }
  // the fork stops at recovery: its attempts are the from-zero run's first ones
  const log = forked.sim.log;
  for (let a = 0; a < log.length; a++) {
    const z = zero.attempts[a];
    expect([log.exec[a], log.launch[a], LOCALITY_NAMES[log.locality[a]], log.task[a]])
      .toEqual([forked.sim.cluster.findExecutor(z.executor), z.launch, z.locality, z.index]);
  }
  const reserve = reservationFor(forked, 1);
  const perExecutor = Object.fromEntries([...reserve.keys()].map((x) => [forked.sim.cluster.executors[x].id, 1]));
  const forkedR = runFork(base, executor, at, fault.kind, reserve, notice, false, shared);
  const zeroR = simulate(m, { faults: [spec], policy: 'reserved-slots', reservedSlots: { perExecutor, all: 0 } });
  expect(faultResult(forkedR.sim, forkedR.k, m.analysis.stallThreshold)).toEqual(zeroR.faults[0]);
  return { zero, zeroR };
}

describe('fork at the fault moment = simulate from zero', () => {
  it('gives the same fault measures and attempts, with and without a reservation', () => {
    let withLostTasks = 0;
    let withReservedRuns = 0;
    let withFetchFailures = 0;
    fc.assert(fc.property(arbModel, (p) => {
      const { zero, zeroR } = forkMatchesZero(build(p), p.fault);
      if (zero.faults[0].lostTasks.length > 0) withLostTasks++;
      if (zero.attempts.some((a) => a.status === 'failed')) withFetchFailures++;
      if (zeroR.attempts.some((a) => a.reservedSlot)) withReservedRuns++;
    }), { numRuns: 300, seed: 20261123 });
    // not vacuous: many cases lose tasks, and reserved slots are used,
    expect(withLostTasks).toBeGreaterThan(100);
    expect(withReservedRuns).toBeGreaterThan(50);
    // and some go through FetchFailed and stage re-attempts (dagScheduler/fetchFailure.ts): 13 of 300
    expect(withFetchFailures).toBeGreaterThan(5);
  });

  it('for decommissions too: outputs migrated in the notice, lost at the kill, exits and kills', () => {
    // every fault a 3.5 decommission with storage decommissioning on, every job a map and a reduce stage
    const arbDecommission = arbModel.map((p) => ({
      ...p, spark: '3.5' as const, fault: { ...p.fault, kind: 'decommission' as const },
      decom: { ...p.decom, enabled: true, storage: true },
      jobs: p.jobs.map((j) => ({ ...j, stages: j.stages.length > 1 ? j.stages : [j.stages[0], j.stages[0].map((t) => ({ ...t, input: 64 as const }))] })),
    }));
    const seen = { migrated: 0, lost: 0, killed: 0, exited: 0 };
    fc.assert(fc.property(arbDecommission, (p) => {
      const d = forkMatchesZero(build(p), p.fault).zero.faults[0].decommission!;
      if (d.migratedOutputs > 0) seen.migrated++;
      if (d.lostOutputs > 0) seen.lost++;
      if (d.exit === 'killed' || d.exit === 'force-killed') seen.killed++;
      if (d.exit === 'migrated') seen.exited++;
    }), { numRuns: 200, seed: 20261205 });
    // not vacuous (seed 20261205: 30 runs migrate outputs, 49 lose some at the exit, 122 are killed, 25 exit by themselves)
    expect(Math.min(seen.migrated, seen.lost, seen.killed, seen.exited), JSON.stringify(seen)).toBeGreaterThan(10);
  });
});

describe('fork at the fault moment = simulate from zero, a cluster with thousands of tasks in flight', () => {
  // 1280 slots: the event queue keeps its TaskEnds in its calendar (eventQueue.ts) when the fork
  // copies it; crashes and hangs at moments of the scan and of the reduce
  const executors = Array.from({ length: 160 }, (_, k) => ({ id: String(k + 1), host: `h${k >> 1}`, cores: 8, joinAt: 0, rack: `r${k >> 4}` }));
  const m = model({
    executors,
    jobs: [{
      name: 'etl', submit: 0, stages: [
        { name: 'scan', parents: [], tasks: { count: 4000, duration: { dist: 'lognormal', median: 800, sigma: 0.5 }, input: 64 << 20, prefer: { replicas: 3, on: 'hosts' } } },
        { name: 'reduce', parents: ['scan'], tasks: { count: 2000, duration: { dist: 'uniform', min: 100, max: 3000 }, input: 0, prefer: [] } },
      ],
    }],
  });

  it('gives the same fault measures and attempts, with and without a reservation', () => {
    const free = simulate(m, { faults: [] });
    for (const [exec, frac, kind] of [[7, 0.2, 'crash'], [42, 0.5, 'hang'], [99, 0.75, 'crash'], [150, 0.9, 'hang']] as const) {
      const base = newBase(m);
      base.runUntil(Math.floor(free.metrics.makespan * frac), EventKind.Fault);
      if (frac < 0.5) expect(base.queue.length).toBeGreaterThan(1024); // (the calendar starts at 1024 pending)
      const { zero } = forkMatchesZero(m, { exec, frac, kind });
      expect(zero.faults[0].detectedAt).not.toBeNull();
    }
  });
});

describe('fork = from zero with spark.speculation on', () => {
  it('gives the same fault measures (the speculation outcome included) and attempts', () => {
    let withCopies = 0;
    let rescued = 0;
    let killed = 0;
    fc.assert(fc.property(arbSpeculative, (s) => {
      const { zero } = forkMatchesZero(buildSpeculative(s), s.base.fault);
      if (zero.attempts.some((a) => a.speculative)) withCopies++;
      if (zero.faults[0].speculation?.rescued.length) rescued++;
      if (zero.attempts.some((a) => a.status === 'killed')) killed++;
    }), { numRuns: 200, seed: 20261205 });
    // not vacuous: copies launch, some rescue a stuck task, some lose and are killed
    expect(withCopies).toBeGreaterThan(40);
    expect(rescued).toBeGreaterThan(10);
    expect(killed).toBeGreaterThan(10);
  });
});

describe('fork at the fault moment = simulate from zero, streaming files', () => {
  it('gives the same fault measures (lost BlockRDD/Kafka tasks, lost receivers) and attempts, with and without a reservation', () => {
    let withLost = 0;
    fc.assert(fc.property(arbStreaming, (p) => {
      const { zero } = forkMatchesZero(buildStreaming(p), p.fault);
      if (zero.faults[0].lostTasks.length + (zero.faults[0].lostReceivers?.length ?? 0) > 0) withLost++;
    }), { numRuns: 150, seed: 20261124 });
    expect(withLost).toBeGreaterThan(40);
  });
});

describe('fork at the fault moment = simulate from zero, micro-batch queries', () => {
  it('gives the same fault measures (lost tasks, orphaned state partitions) and attempts, with and without a reservation', () => {
    let orphaned = 0;
    let idle = 0;
    fc.assert(fc.property(arbQueries, (p) => {
      const { zero } = forkMatchesZero(buildQueries(p), p.fault);
      if ((zero.faults[0].orphanedTasks?.length ?? 0) > 0) orphaned++;
      // a batch that triggered past its interval's grid and its predecessor's end: idle triggers skipped
      const bs = zero.queryBatches ?? [];
      if (bs.some((b, i) => i > 0 && b.query === bs[i - 1].query && b.triggerAt > Math.max(bs[i - 1].endedAt ?? 0, bs[i - 1].triggerAt + Math.max(p.trigger, 10)))) idle++;
    }), { numRuns: 150, seed: 20261205 });
    // not vacuous: many faults orphan state stores, and many runs skip triggers without data
    expect(orphaned).toBeGreaterThan(30);
    expect(idle).toBeGreaterThan(10);
  });
});

// Dynamic allocation (executorAllocationManager.ts): requests on backlogs, replacements after
// newExecutorDelay, idle releases and cancelled requests. The fork must agree here too.
describe('fork at the fault moment = simulate from zero, with dynamic allocation', () => {
  it('gives the same fault measures and attempts, with and without a reservation', () => {
    let replaced = 0;
    fc.assert(fc.property(arbModel, fc.constantFrom(0, 1, 2), fc.constantFrom(100, 400), fc.boolean(), (p, initial, delay, ess) => {
      const m = build(p);
      m.conf = { ...m.conf, shuffle: { ...m.conf.shuffle, serviceEnabled: ess || p.spark === '2.2' },
        dynamicAllocation: { ...m.conf.dynamicAllocation, enabled: true, initialExecutors: initial, executorIdleTimeout: 1000,
          shuffleTracking: !(ess || p.spark === '2.2') && p.spark === '3.5', shuffleTrackingTimeout: 1000 } };
      m.cluster = { ...m.cluster, newExecutorDelay: delay };
      const { zero } = forkMatchesZero(m, p.fault);
      if (zero.executors.length > m.cluster.executors.length && zero.faults[0].lostTasks.length > 0) replaced++;
    }), { numRuns: 200, seed: 20261205 });
    // not vacuous: new executors come and take re-runs
    expect(replaced).toBeGreaterThan(20);
  });
});

// FAIR scheduler pools: the pools' and task sets' running counts decide every offer's order, so
// the fork must carry them (and the pools' queues) exactly. The batch jobs above, each in one of
// up to three random pools (weights, minShares, FIFO or FAIR inside), or in an undeclared pool.
const arbPools = fc.record({
  base: arbModel,
  pools: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 4 }), minShare: fc.integer({ min: 0, max: 3 }), fair: fc.boolean() }), { minLength: 0, maxLength: 3 }),
  assign: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
});

describe('fork at the fault moment = simulate from zero, FAIR pools', () => {
  it('gives the same fault measures and attempts with jobs in weighted pools', () => {
    let withLost = 0;
    let orderChanged = 0;
    fc.assert(fc.property(arbPools, (p) => {
      const m = build(p.base);
      // jobs that overlap (a copy of the first one too), so that the pools decide who gets the slots
      m.jobs = [...m.jobs, { ...m.jobs[0], name: 'copy' }].map((j) => ({ ...j, submit: j.submit % 40 }));
      const fifo = simulate(m, { faults: [] });
      m.conf = { ...m.conf, schedulerMode: 'FAIR' };
      m.pools = p.pools.map((q, i) => ({ name: `p${i}`, schedulingMode: q.fair ? 'FAIR' : 'FIFO', weight: q.weight, minShare: q.minShare }));
      // pool index 3 names no declared pool: FairSchedulableBuilder creates it
      m.jobs = m.jobs.map((j, i) => ({ ...j, pool: `p${p.assign[i]}` }));
      const { zero } = forkMatchesZero(m, p.base.fault);
      if (zero.faults[0].lostTasks.length > 0) withLost++;
      const fair = simulate(m, { faults: [] });
      if (fair.attempts.some((a, i) => a.launch !== fifo.attempts[i]?.launch || a.task !== fifo.attempts[i]?.task)) orderChanged++;
    }), { numRuns: 200, seed: 20261205 });
    expect(withLost).toBeGreaterThan(60);
    // not vacuous: the pools change the launch order of many runs
    expect(orderChanged).toBeGreaterThan(20);
  });
});
