// TaskScheduler.resourceOffers skips a level's pass that would dequeue at the level of the pass
// before it, which launched nothing (the same offers find the same emptied lists), counting only
// its delay-scheduling rejects, and ends a round at a call that declined with no effect when every
// later call would too (TaskSetManager.declinesWithoutEffect). The property: on random batch and streaming jobs with a fault,
// under both Spark versions and both policies, the whole result is the one of a run that makes
// every pass (issue #17: a stalled re-run's revive rounds walked every offer at every level).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { repeatedPasses } from '../../../src/engine/taskScheduler';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbQueries, arbStreaming, build, buildQueries, buildStreaming, buildWide } from './arbitrary';
import { noticeOf, switchedRuns, type RandomFault } from './switchedRuns';

const bothWays = (m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots') =>
  switchedRuns(m, fault, extra, policy, (on) => { repeatedPasses.skip = on; });

describe('offer rounds that skip a repeated pass', () => {
  afterEach(() => {
    repeatedPasses.skip = true;
  });

  it('give the result of making every pass, on random batch jobs', () => {
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [skipping, every] = bothWays(build(p), p.fault, noticeOf(p.fault), policy);
      expect(skipping).toBe(every);
    }), { numRuns: 300, seed: 17 });
  });

  it('with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    fc.assert(fc.property(arbModelWide, fc.constantFrom('spark' as const, 'reserved-slots' as const), (w, policy) => {
      const [skipping, every] = bothWays(buildWide(w), w.base.fault, noticeOf(w.base.fault), policy);
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
