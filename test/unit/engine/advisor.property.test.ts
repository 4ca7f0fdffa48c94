// The advisor (src/engine/analysis/advisor.ts) reuses runs: the reservation's passes fork copies of
// the fault-free run paused at each stalled moment, kept by the first pass, instead of running it
// again per slot count (not with the full attempt log of a swept decommission: that runs again);
// the locality-wait advice runs the chosen wait's own paused run on to its end for that wait's
// fault-free metrics, instead of simulating it again. The property: on random jobs (crashes swept,
// and hangs and decommissions too) its advice is the one of the direct way, written out below as
// the advisor had it (a fresh run per slot count, a fresh fault-free run; each fault's fork with its
// reservation is the advisor's own, stallsWithReserve), from the sweep in this
// thread (its fork ends known) and from a sweep result that came without them (a worker thread's:
// the advisor forks for them). Shown to fail when a later pass forks the run itself (moved on)
// instead of its paused copy, and when the wait's metrics come from the first wait's run instead
// of the chosen one's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advise, MAX_SLOTS, noticeOf, stallsWithReserve, statsOnly, WAIT_LADDER, withWait } from '../../../src/engine/analysis/advisor';
import {
  faultFreeMetrics, newBase, runFork, sweep, type SweepResult, type SweptFault,
} from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { faultResult } from '../../../src/engine/results';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbStreaming, build, buildStreaming, buildWide } from './arbitrary';

/** The reservation's slots, executors and whether it clears every stall: a fresh run per slot count. */
function directReservation(model: JobFile, stalled: SweptFault[]) {
  const moments = [...new Set(stalled.map((f) => f.at))].sort((a, b) => a - b);
  const executors = new Set<string>();
  const preferred = new Set(stalled.flatMap((f) => f.holders));
  const clearsWith = (slots: number): boolean => {
    const b = newBase(model, {}, statsOnly(stalled));
    let ok = true;
    for (const at of moments) {
      b.runUntil(at, EventKind.Fault);
      for (const f of stalled.filter((x) => x.at === at)) if (stallsWithReserve(model, b, f, slots, preferred, executors)) ok = false;
    }
    return ok;
  };
  let best = { slots: MAX_SLOTS, clears: false };
  for (let slots = 1; slots <= MAX_SLOTS; slots++) {
    if (clearsWith(slots)) {
      best = { slots, clears: true };
      break;
    }
  }
  return { slots: best.slots, clearsAll: best.clears, executors: [...executors].sort() };
}

/** The chosen wait, whether it clears every stall, and that wait's fault-free metrics from a fresh run. */
function directLocalityWait(model: JobFile, stalled: SweptFault[]) {
  const ladder = WAIT_LADDER.filter((w) => w < model.conf.localityWait.node);
  if (ladder.length === 0) return undefined;
  const cleared = (m: JobFile) => {
    const b = newBase(m, {}, statsOnly(stalled));
    for (const f of [...stalled].sort((x, y) => x.at - y.at)) {
      b.runUntil(f.at, EventKind.Fault);
      const r = runFork(b, f.executor, f.at, f.kind, undefined, noticeOf(m, f));
      if (faultResult(r.sim, r.k, m.analysis.stallThreshold).stalled) return false;
    }
    return true;
  };
  let chosen = ladder[ladder.length - 1];
  let clears = false;
  for (const w of ladder) {
    if (cleared(withWait(model, w))) {
      chosen = w;
      clears = true;
      break;
    }
  }
  const fresh = newBase(withWait(model, chosen), {}, true);
  fresh.run();
  const after = faultFreeMetrics(fresh);
  return { waitMs: chosen, clearsAll: clears, localityAfter: after.localityCounts, remoteBytesAfter: after.remoteReadBytes, makespan: after.makespan };
}

const seen = { stalled: 0, twoPasses: 0, laterMoments: 0, withoutEnds: 0, decommissions: 0 };

/** advise() against the direct way, from `swept` as it is and as a worker's result (no fork ends). */
function sameAdvice(m: JobFile, swept: SweepResult): void {
  const stalled = swept.faults.filter((f) => f.stalled);
  if (stalled.length === 0) return;
  seen.stalled++;
  // (a stalled decommission: the full attempt log, whose runs the reservation runs again per pass)
  if (stalled.some((f) => f.kind === 'decommission')) seen.decommissions++;
  for (const result of [swept, structuredClone(swept)]) {
    if (result !== swept) seen.withoutEnds++;
    const got = advise(m, result);
    const reservation = directReservation(m, stalled.map((f) => (result === swept ? f : structuredClone(f))));
    expect({ slots: got.reservation!.slots, clearsAll: got.reservation!.clearsAll, executors: [...got.reservation!.executors].sort() }).toEqual(reservation);
    if (reservation.slots > 1) seen.twoPasses++;
    // (a second pass that forks a copy at a moment the run had left behind)
    if (reservation.slots > 1 && new Set(stalled.map((f) => f.at)).size > 1) seen.laterMoments++;
    const wait = directLocalityWait(m, stalled);
    if (wait === undefined) expect(got.localityWait).toBeUndefined();
    else {
      const w = got.localityWait!;
      expect({ waitMs: w.waitMs, clearsAll: w.clearsAll, localityAfter: w.localityAfter, remoteBytesAfter: w.remoteBytesAfter })
        .toEqual({ waitMs: wait.waitMs, clearsAll: wait.clearsAll, localityAfter: wait.localityAfter, remoteBytesAfter: wait.remoteBytesAfter });
      expect(w.makespanChangeMs).toBe(wait.makespan - swept.faultFree!.makespan);
    }
  }
}

describe('the advisor reusing its runs advises as the direct way does', () => {
  it('on random batch, wider batch and streaming jobs, from the sweep and from a result without fork ends', () => {
    const high = (m: JobFile): JobFile => ({ ...m, faults: [], conf: { ...m.conf, localityWait: { process: 3000, node: 3000, rack: 3000 } } });
    // with the hangs swept too, and decommissions (their forks run to the end, on the full log)
    const swept = fc.record({ hangs: fc.boolean(), notice: fc.option(fc.constantFrom(0, 500, 2000), { nil: undefined }) });
    fc.assert(fc.property(arbModel, swept, (p, a) => {
      const b = high(build(p));
      const m = { ...b, analysis: { ...b.analysis, sweepHangs: a.hangs, ...(a.notice !== undefined ? { sweepDecommissions: a.notice } : {}) } };
      sameAdvice(m, sweep(m, { times: 3 }));
    }), { numRuns: 300, seed: 17 });
    fc.assert(fc.property(arbModelWide, (w) => {
      const m = high(buildWide(w));
      sameAdvice(m, sweep(m, { times: 3 }));
    }), { numRuns: 200, seed: 18 });
    fc.assert(fc.property(arbStreaming, (p) => {
      const m = high(buildStreaming(p));
      sameAdvice(m, sweep(m, { times: 3 }));
    }), { numRuns: 200, seed: 19 });
    // (the runs compared, not only generated: stalls advised on, two slot counts tried, at several
    // moments, results without fork ends)
    expect(seen.stalled).toBeGreaterThan(20);
    expect(seen.twoPasses).toBeGreaterThan(0);
    expect(seen.laterMoments).toBeGreaterThan(0);
    expect(seen.decommissions).toBeGreaterThan(0);
    expect(seen.withoutEnds).toBe(seen.stalled);
  }, 600_000);
});
