// In 3.x a consumer's launch asks whether a parent misses an output (FetchFailures.fetchFailsAfter)
// only while a stage that lost outputs misses some: once every such stage has them again, launches
// skip the call until the next loss (issue #17). The property: on random batch and wider jobs
// with a fault, under both Spark versions and both policies, the whole result is the one of a run
// that keeps asking after the first loss.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchFailures, lostOutputs } from '../../../src/engine/dagScheduler/fetchFailure';
import type { Simulation } from '../../../src/engine/simulation';
import type { TaskSetManager } from '../../../src/engine/taskSetManager';
import type { Stage } from '../../../src/engine/workload';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbModelWide, build, buildWide } from './arbitrary';
import { noticeOf, switchedRuns, type RandomFault } from './switchedRuns';

const bothWays = (m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots') =>
  switchedRuns(m, fault, extra, policy, (on) => { lostOutputs.forget = on; }, true);

describe('launches that stop asking for lost outputs once they are back', () => {
  afterEach(() => {
    lostOutputs.forget = true;
  });

  it('give the result of asking at every consumer launch, on random batch jobs with two faults', () => {
    fc.assert(fc.property(arbModel, fc.constantFrom('spark' as const, 'reserved-slots' as const), (p, policy) => {
      const [forgetting, asking] = bothWays(build(p), p.fault, noticeOf(p.fault), policy);
      expect(forgetting).toBe(asking);
    }), { numRuns: 300, seed: 29 });
  });

  it('with FAIR pools, the shuffle service, few failures allowed, longer chains and a follower job', () => {
    fc.assert(fc.property(arbModelWide, fc.constantFrom('spark' as const, 'reserved-slots' as const), (w, policy) => {
      const [forgetting, asking] = bothWays(buildWide(w), w.base.fault, noticeOf(w.base.fault), policy);
      expect(forgetting).toBe(asking);
    }), { numRuns: 200, seed: 30 });
  });
});

describe('FetchFailures in 3.x after a loss', () => {
  const sim = { is35: true } as unknown as Simulation;
  const stage = (numSuccessful: number, parents: Stage[] = []) =>
    ({ numSuccessful, numTasks: 10, lostAt: -1, done: true, parents }) as unknown as Stage;
  const taskSet = (s: Stage) => ({ stage: s }) as unknown as TaskSetManager;

  it('keeps checking launches while any stage that lost outputs misses one, and stops once all are back', () => {
    const dag = new FetchFailures(true);
    expect(dag.watching).toBe(false);
    const a = stage(10);
    const b = stage(10);
    dag.stageLost(a, 100);
    a.numSuccessful = 7;
    const readsA = taskSet(stage(0, [a]));
    const readsB = taskSet(stage(0, [b]));
    // a consumer of a complete parent launches first: a's consumers must still be checked
    expect(dag.fetchFailsAfter(sim, readsB, 0)).toBe(-1);
    expect(dag.watching).toBe(true);
    expect(dag.fetchFailsAfter(sim, readsA, 0)).toBe(0);
    a.numSuccessful = 10;
    expect(dag.fetchFailsAfter(sim, readsB, 0)).toBe(-1);
    expect(dag.watching).toBe(false);
    dag.stageLost(b, 200);
    b.numSuccessful = 9;
    expect(dag.watching).toBe(true);
    expect(dag.fetchFailsAfter(sim, readsB, 0)).toBe(0);
  });
});
