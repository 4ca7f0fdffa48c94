// The engine's invariants on random valid jobs and faults (issue "Robustness").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { arbModel, arbSpeculative, build, buildSpeculative } from './arbitrary';

function check(r: SimulationResult, faultAt: number, executor: string): void {
  const abortedJobs = new Set(r.aborted.map((a) => a.job));
  // time never goes back: every attempt is ready before it launches and ends after
  for (const a of r.attempts) {
    expect(a.readyAt).toBeLessThanOrEqual(a.launch);
    expect(a.launch).toBeLessThanOrEqual(a.end);
  }
  // no slot runs two attempts at once
  const lanes = new Map<string, { launch: number; end: number }[]>();
  for (const a of r.attempts) {
    const k = `${a.executor}/${a.slot}`;
    lanes.set(k, [...(lanes.get(k) ?? []), a]);
  }
  for (const list of lanes.values()) {
    list.sort((x, y) => x.launch - y.launch);
    for (let i = 1; i < list.length; i++) expect(list[i].launch).toBeGreaterThanOrEqual(list[i - 1].end);
  }
  // reserved slots run only recovery attempts, and only on lanes past the normal ones
  for (const a of r.attempts.filter((x) => x.reservedSlot)) {
    expect(a.recovery).toBe(true);
    expect(a.slot).toBeGreaterThanOrEqual(r.executors.find((e) => e.id === a.executor)!.slots);
  }
  // every task of a finished job ends with exactly one successful attempt that counts: an earlier
  // success counts no more only when it was a map output on an executor lost afterwards
  const successes = new Map<string, { executor: string; end: number }[]>();
  for (const a of r.attempts) if (a.status === 'success') successes.set(a.task, [...(successes.get(a.task) ?? []), a]);
  for (const list of successes.values()) {
    for (const earlier of list.slice(0, -1)) {
      const e = r.executors.find((x) => x.id === earlier.executor)!;
      expect(e.lossDetectedAt).not.toBeNull();
      expect(e.lossDetectedAt!).toBeGreaterThanOrEqual(earlier.end);
    }
  }
  const tasks = new Set(r.attempts.map((a) => a.task));
  for (const t of tasks) {
    const job = r.attempts.find((a) => a.task === t)!.job;
    if (!abortedJobs.has(job)) expect([t, (successes.get(t) ?? []).length > 0]).toEqual([t, true]);
  }
  // speculation: at most two attempts of a partition of one stage attempt run at once (the original
  // and its copy), a copy never on a host where its stage attempt ran the task before it, and a
  // killed attempt ends when another attempt of its task succeeds
  for (const c of r.attempts.filter((a) => a.speculative)) {
    const same = r.attempts.filter((a) => a.task === c.task && a.stageAttempt === c.stageAttempt);
    expect(same.filter((a) => a.launch < c.launch).some((a) => a.host === c.host)).toBe(false);
    expect(same.filter((a) => a.launch <= c.launch && a.end > c.launch && a !== c).length).toBeLessThanOrEqual(1);
  }
  for (const k of r.attempts.filter((a) => a.status === 'killed' && a.speculative && !abortedJobs.has(a.job))) {
    expect(r.attempts.some((a) => a.task === k.task && a.status === 'success' && a.end === k.end)).toBe(true);
  }
  // the attempts of a lost executor end at its loss (the detection), none after
  const lost = r.executors.find((e) => e.id === executor && e.lossDetectedAt !== null);
  if (lost) {
    for (const a of r.attempts.filter((x) => x.executor === executor)) {
      expect(a.end).toBeLessThanOrEqual(lost.lossDetectedAt!);
      if (a.status === 'lost') expect(a.end).toBe(lost.lossDetectedAt);
    }
    // (a decommission's executor stops at its exit or kill, not at the notice)
    expect(lost.lostAt).toBe(r.faults[0].decommission?.exitAt ?? faultAt);
  }
}

describe('engine invariants on random jobs and faults', () => {
  it('hold for every run; the same seed gives identical JSON; the faulted run agrees with the fault-free run up to the fault', () => {
    let faultsApplied = 0;
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const m = build(p);
      const free = simulate(m, { faults: [], policy });
      check(free, -1, '');
      const at = Math.floor(free.metrics.makespan * p.fault.frac);
      const executor = String((p.fault.exec % m.cluster.executors.length) + 1);
      const faults = [{ executor, at, kind: p.fault.kind, ...(p.fault.kind === 'decommission' && p.fault.notice !== undefined ? { notice: p.fault.notice } : {}) }];
      const r = simulate(m, { faults, policy });
      check(r, at, executor);
      if (r.faults[0].detectedAt !== null) faultsApplied++;
      expect(JSON.stringify(simulate(m, { faults, policy }))).toBe(JSON.stringify(r));
      // up to the fault, both runs launched the same attempts at the same places
      const before = (x: SimulationResult) => x.attempts.filter((a) => a.launch < at).map((a) => [a.task, a.attempt, a.executor, a.slot, a.launch, a.locality]);
      expect(before(r)).toEqual(before(free));
    }), { numRuns: 400, seed: 7 });
    expect(faultsApplied).toBeGreaterThan(200);
  });

  it('hold with spark.speculation on', () => {
    let copies = 0;
    fc.assert(fc.property(arbSpeculative, (s) => {
      const m = buildSpeculative(s);
      const free = simulate(m, { faults: [] });
      check(free, -1, '');
      const at = Math.floor(free.metrics.makespan * s.base.fault.frac);
      const executor = String((s.base.fault.exec % m.cluster.executors.length) + 1);
      const faults = [{ executor, at, kind: s.base.fault.kind }];
      const r = simulate(m, { faults });
      check(r, at, executor);
      if (r.attempts.some((a) => a.speculative)) copies++;
      expect(JSON.stringify(simulate(m, { faults }))).toBe(JSON.stringify(r));
    }), { numRuns: 200, seed: 11 });
    expect(copies).toBeGreaterThan(40);
  });
});
