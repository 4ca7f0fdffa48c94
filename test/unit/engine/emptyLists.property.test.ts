// TaskScheduler.resourceOffers ends a round of a pass at its first declined call when every later
// offer would find the lists it reads empty (TaskSetManager.findsNothing): a lost task waiting for
// its level keeps entries on its removed executor and host, and each revive round of a stalled
// fork walked every live executor at each level to decline them all (issue #17). The property: on
// random batch, wider, speculative, micro-batch and streaming jobs with a fault, under both Spark
// versions and both policies, the whole result is the one of a run that makes every call.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyLists } from '../../../src/engine/taskScheduler';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, arbQueries, arbSpeculative, arbStreaming, build, buildQueries, buildSpeculative, buildStreaming, buildWide } from './arbitrary';
import { noticeOf, switchedRuns, type RandomFault } from './switchedRuns';

const bothWays = (m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots', second = false) =>
  switchedRuns(m, fault, extra, policy, (on) => { emptyLists.end = on; }, second);

describe('offer rounds ended when no later offer finds a list to pop', () => {
  afterEach(() => {
    emptyLists.end = true;
  });

  it('give the result of making every call, on random batch jobs', () => {
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), fc.boolean(), (p, policy, second) => {
      const [ending, every] = bothWays(build(p), p.fault, noticeOf(p.fault), policy, second);
      expect(ending).toBe(every);
    }), { numRuns: 300, seed: 41 });
  });

  it('with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    fc.assert(fc.property(arbModelWide, fc.constantFrom('spark' as const, 'reserved-slots' as const), (w, policy) => {
      const [ending, every] = bothWays(buildWide(w), w.base.fault, noticeOf(w.base.fault), policy);
      expect(ending).toBe(every);
    }), { numRuns: 200, seed: 42 });
  });

  it('with speculation (a speculatable copy is looked for on every offer)', () => {
    fc.assert(fc.property(arbSpeculative, fc.constantFrom('spark' as const, 'reserved-slots' as const), (s, policy) => {
      const [ending, every] = bothWays(buildSpeculative(s), s.base.fault, noticeOf(s.base.fault), policy);
      expect(ending).toBe(every);
    }), { numRuns: 200, seed: 43 });
  });

  it('and on random micro-batch queries', () => {
    fc.assert(fc.property(arbQueries, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [ending, every] = bothWays(buildQueries(p), p.fault, {}, policy);
      expect(ending).toBe(every);
    }), { numRuns: 150, seed: 41 });
  });

  it('and on random streaming jobs (a Kafka task lost with its preferred executor waits for its level)', () => {
    fc.assert(fc.property(arbStreaming, fc.constantFrom('spark' as const, 'reserved-slots' as const), fc.boolean(), (p, policy, second) => {
      const [ending, every] = bothWays(buildStreaming(p), p.fault, {}, policy, second);
      expect(ending).toBe(every);
    }), { numRuns: 200, seed: 41 });
  });
});
