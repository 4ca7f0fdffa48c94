// TaskScheduler.offerOne makes a task end's offer (one executor, FIFO, no reservation to assign)
// without the general resourceOffers' arrays and loops (issue #17). The property: on random batch,
// wider (FAIR pools, follower jobs), micro-batch and streaming jobs with a fault, under both
// policies, the whole result is the one of a run whose every such offer takes the general path.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { oneOffer } from '../../../src/engine/taskScheduler';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbQueries, arbStreaming, build, buildQueries, buildStreaming, buildWide } from './arbitrary';
import { noticeOf, switchedRuns, type RandomFault } from './switchedRuns';

const bothWays = (m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots') =>
  switchedRuns(m, fault, extra, policy, (on) => { oneOffer.fast = on; });

describe("a task end's offer on its own path", () => {
  afterEach(() => {
    oneOffer.fast = true;
  });

  it('gives the result of the general offer round, on random batch jobs', () => {
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [fast, general] = bothWays(build(p), p.fault, noticeOf(p.fault), policy);
      expect(fast).toBe(general);
    }), { numRuns: 300, seed: 23 });
  });

  it('with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    fc.assert(fc.property(arbModelWide, fc.constantFrom('spark' as const, 'reserved-slots' as const), (w, policy) => {
      const [fast, general] = bothWays(buildWide(w), w.base.fault, noticeOf(w.base.fault), policy);
      expect(fast).toBe(general);
    }), { numRuns: 200, seed: 24 });
  });

  it('and on random micro-batch queries', () => {
    fc.assert(fc.property(arbQueries, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [fast, general] = bothWays(buildQueries(p), p.fault, {}, policy);
      expect(fast).toBe(general);
    }), { numRuns: 150, seed: 23 });
  });

  it('and on random streaming jobs', () => {
    fc.assert(fc.property(arbStreaming, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [fast, general] = bothWays(buildStreaming(p), p.fault, {}, policy);
      expect(fast).toBe(general);
    }), { numRuns: 150, seed: 23 });
  });
});
