// spark.dynamicAllocation.* and cluster.newExecutorDelay (format/dynamicAllocation.ts): the values
// Spark's ExecutorAllocationManager.validateSettings refuses, each at its exact range (SJ165-SJ169).
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { CLUSTER, codes, file, one } from './helpers';

const ON = 'spark.dynamicAllocation.enabled: true\nspark.shuffle.service.enabled: true\n';

describe('dynamic allocation settings', () => {
  it('reads the keys with Spark\'s units and defaults into conf.dynamicAllocation', () => {
    const r = parseJobFile(file({ conf: `${ON}spark.dynamicAllocation.executorIdleTimeout: 30\nspark.dynamicAllocation.maxExecutors: 8\nspark.dynamicAllocation.minExecutors: 1` }));
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.model?.conf.dynamicAllocation).toMatchObject({
      enabled: true, minExecutors: 1, maxExecutors: 8, initialExecutors: 1, executorIdleTimeout: 30_000, schedulerBacklogTimeout: 1000,
      sustainedSchedulerBacklogTimeout: 1000, cachedExecutorIdleTimeout: 2147483647000, shuffleTracking: false, executorAllocationRatio: 1,
    });
    // initial = max(min, initialExecutors, spark.executor.instances) (Utils.getDynamicAllocationInitialExecutors)
    const i = parseJobFile(file({ conf: `${ON}spark.executor.instances: 3\nspark.dynamicAllocation.initialExecutors: 2` }));
    expect(i.model?.conf.dynamicAllocation.initialExecutors).toBe(3);
    // 3.x without the shuffle service: shuffle tracking (default true) keeps executors with shuffle data
    const t = parseJobFile(file({ conf: 'spark.dynamicAllocation.enabled: true' }));
    expect(t.model?.conf.dynamicAllocation).toMatchObject({ shuffleTracking: true, shuffleTrackingTimeout: Number.MAX_SAFE_INTEGER });
    // no SJ150 any more: dynamic allocation is simulated
    expect(codes(file({ conf: ON }))).toEqual([]);
  });

  it('SJ165: maxExecutors 0, min above max, a backlog timeout of 0 s, a ratio above 1 (error at the value)', () => {
    let f = one(file({ conf: `${ON}spark.dynamicAllocation.maxExecutors: 0` }), 'SJ165');
    expect(f.covered).toBe('0');
    expect(f.d.message).toContain('cannot be 0');
    f = one(file({ conf: `${ON}spark.dynamicAllocation.minExecutors: 5\nspark.dynamicAllocation.maxExecutors: 2` }), 'SJ165');
    expect(f.covered).toBe('5');
    // read in whole seconds: 500ms is 0 s (also SJ026 says so)
    f = one(file({ conf: `${ON}spark.dynamicAllocation.schedulerBacklogTimeout: 500ms` }), 'SJ165');
    expect(f.covered).toBe('500ms');
    expect(f.d.severity).toBe('error');
    f = one(file({ conf: `${ON}spark.dynamicAllocation.executorAllocationRatio: 1.5` }), 'SJ165');
    expect(f.covered).toBe('1.5');
    expect(f.r.model).toBeUndefined();
  });

  it('SJ166: no shuffle service and shuffle tracking off (3.5), or no shuffle service at all (2.2)', () => {
    let f = one(file({ conf: 'spark.dynamicAllocation.enabled: true\nspark.dynamicAllocation.shuffleTracking.enabled: false' }), 'SJ166');
    expect(f.covered).toBe('false');
    expect(f.d.fixes?.[0]).toMatchObject({ kind: 'setConf', key: 'spark.dynamicAllocation.shuffleTracking.enabled', value: 'true' });
    f = one(file({ head: 'spark: "2.2"\n', conf: 'spark.dynamicAllocation.enabled: true' }), 'SJ166');
    expect(f.covered).toBe('true');
    expect(f.d.fixes?.[0]).toMatchObject({ kind: 'setConf', key: 'spark.shuffle.service.enabled', value: 'true' });
  });

  it('SJ167: a fault\'s replaceAfter is ignored with dynamic allocation (warning at the key), and dropped from the model', () => {
    const text = file({ conf: ON, tail: 'faults:\n  - { executor: "1", at: 1s, replaceAfter: 10s }\n' });
    const f = one(text, 'SJ167');
    expect(f.covered).toBe('replaceAfter');
    expect(f.d.severity).toBe('warning');
    expect(f.r.model?.faults[0].replaceAfter).toBeUndefined();
    // a fault may name an executor dynamic allocation adds later (the next integer ids)
    expect(codes(file({ conf: ON, tail: 'faults:\n  - { executor: "3", at: 10s }\n' }))).toEqual([]);
    expect(codes(file({ tail: 'faults:\n  - { executor: "3", at: 10s }\n' }))).toEqual(['SJ060']);
  });

  it('SJ169: a dynamic allocation key or newExecutorDelay while it is off (info at the key)', () => {
    let f = one(file({ conf: 'spark.dynamicAllocation.maxExecutors: 4' }), 'SJ169');
    expect(f.covered).toBe('spark.dynamicAllocation.maxExecutors');
    expect(f.d.severity).toBe('info');
    f = one(file({ cluster: CLUSTER.replace('cluster:\n', 'cluster:\n  newExecutorDelay: 3s\n') }), 'SJ169');
    expect(f.covered).toBe('newExecutorDelay');
    const on = parseJobFile(file({ conf: ON, cluster: CLUSTER.replace('cluster:\n', 'cluster:\n  manager: yarn\n  newExecutorDelay: 3s\n') }));
    expect(on.diagnostics).toEqual([]);
    expect(on.model?.cluster.newExecutorDelay).toBe(3000);
  });
});

describe('faults[].during (a fault tied to a task attempt)', () => {
  it('reads JOB/STAGE/INDEX#ATTEMPT into the model; attempt 0 without #', () => {
    let r = parseJobFile(file({ tail: 'faults:\n  - { executor: "1", at: 700ms, during: "j/s/1#2" }\n' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.faults[0].during).toEqual({ job: 'j', stage: 's', task: 1, attempt: 2 });
    r = parseJobFile(file({ tail: 'faults:\n  - { executor: "1", at: 700ms, during: j/s/0 }\n' }));
    expect(r.model?.faults[0].during).toEqual({ job: 'j', stage: 's', task: 0, attempt: 0 });
  });
  it('SJ013 at the value for a task the jobs do not have', () => {
    let f = one(file({ tail: 'faults:\n  - { executor: "1", at: 1s, during: "j/s/2" }\n' }), 'SJ013');
    expect(f.covered).toBe('"j/s/2"');
    expect(f.d.message).toContain('the stage has 2 tasks');
    f = one(file({ tail: 'faults:\n  - { executor: "1", at: 1s, during: "j/x/0" }\n' }), 'SJ013');
    expect(f.d.message).toContain('no such job and stage');
    expect(f.r.model).toBeUndefined();
  });
});
