// TaskScheduler.resourceOffers skips a level's pass that would dequeue at the level of the pass
// before it, which launched nothing (the same offers find the same emptied lists), counting only
// its delay-scheduling rejects, and ends a round at a call that declined with no effect when every
// later call would too (TaskSetManager.declinesWithoutEffect). The property: on random batch and streaming jobs with a fault,
// under both Spark versions and both policies, the whole result is the one of a run that makes
// every pass (issue #17: a stalled re-run's revive rounds walked every offer at every level).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { repeatedPasses } from '../../../src/engine/taskScheduler';
import type { FaultKind, JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbQueries, arbStreaming, build, buildQueries, buildStreaming, buildWide } from './arbitrary';

type RandomFault = { exec: number; frac: number; kind: FaultKind };

/** The run with the random fault (on an executor, at a fraction of the fault-free makespan), with and without skipping. */
function bothWays(m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots'): [string, string] {
  const free = simulate(m, { faults: [], policy });
  const at = Math.floor(free.metrics.makespan * fault.frac);
  const executor = String((fault.exec % m.cluster.executors.length) + 1);
  const faults = [{ executor, at, kind: fault.kind, ...extra }];
  repeatedPasses.skip = true;
  const skipping = JSON.stringify(simulate(m, { faults, policy }));
  repeatedPasses.skip = false;
  const every = JSON.stringify(simulate(m, { faults, policy }));
  repeatedPasses.skip = true;
  return [skipping, every];
}

describe('offer rounds that skip a repeated pass', () => {
  afterEach(() => {
    repeatedPasses.skip = true;
  });

  it('give the result of making every pass, on random batch jobs', () => {
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const notice = p.fault.kind === 'decommission' && p.fault.notice !== undefined ? { notice: p.fault.notice } : {};
      const [skipping, every] = bothWays(build(p), p.fault, notice, policy);
      expect(skipping).toBe(every);
    }), { numRuns: 300, seed: 17 });
  });

  it('with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    fc.assert(fc.property(arbModelWide, fc.constantFrom('spark' as const, 'reserved-slots' as const), (w, policy) => {
      const notice = w.base.fault.kind === 'decommission' && w.base.fault.notice !== undefined ? { notice: w.base.fault.notice } : {};
      const [skipping, every] = bothWays(buildWide(w), w.base.fault, notice, policy);
      expect(skipping).toBe(every);
    }), { numRuns: 200, seed: 18 });
  });

  it('and on random micro-batch queries (whose task sets meet most of the rounds ended early)', () => {
    fc.assert(fc.property(arbQueries, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [skipping, every] = bothWays(buildQueries(p), p.fault, {}, policy);
      expect(skipping).toBe(every);
    }), { numRuns: 150, seed: 17 });
  });

  it('and on random streaming jobs', () => {
    fc.assert(fc.property(arbStreaming, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [skipping, every] = bothWays(buildStreaming(p), p.fault, {}, policy);
      expect(skipping).toBe(every);
    }), { numRuns: 150, seed: 17 });
  });
});
