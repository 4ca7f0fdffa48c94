// Reduce-side locality (spec "Scheduling semantics", Reduce-side locality), after Spark's
// MapOutputTrackerMaster.getPreferredLocationsForShuffle / getLocationsWithLargestOutputs
// (core/src/main/scala/org/apache/spark/MapOutputTracker.scala, the same in 2.2 and 3.5) and
// DAGScheduler.getPreferredLocsInternal, evaluated at submitMissingTasks. Launches derived by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { reducerPreferredHosts } from '../../../src/engine/mapOutputTracker';
import { makeStage } from '../../../src/engine/workload';
import { parseJobFile } from '../../../src/format';
import type { JobSpec, KafkaInputSpec, OutputSpec, TaskGroupSpec } from '../../../src/format/model';
import { conf, execs, fixed, model, task } from './model';

/** "STAGE/INDEX#ATTEMPT eEXEC launch-end LOCALITY" per attempt, in launch order */
function trace(r: SimulationResult, stage?: string): string[] {
  return r.attempts
    .filter((a) => stage === undefined || a.stage.endsWith(`/${stage}`))
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').slice(1).join('/')}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

const count = (n: number, ms: number, prefer: string[] = []): TaskGroupSpec => ({
  count: n, duration: fixed(ms), input: 0, prefer: task(0, prefer).prefer,
});

/** Map tasks that all prefer executor 1 (so its outputs hold everything), then a reduce stage. */
function mostlyOnOne(reduce: { tasks: ReturnType<typeof task>[] | TaskGroupSpec }, mapTasks: ReturnType<typeof task>[] | TaskGroupSpec): JobSpec[] {
  return [{ name: 'j', submit: 0, stages: [
    { name: 'map', parents: [], tasks: mapTasks },
    { name: 'reduce', parents: ['map'], tasks: reduce.tasks },
  ] }];
}

describe('reduce-side locality: map outputs mostly on one executor', () => {
  // Executors 1-3 on hosts a-c, one slot each. The four map tasks prefer executor 1 and run there
  // one after the other (0-400 ms: the 3 s PROCESS_LOCAL wait never expires). At 400 ms the reduce
  // stage is submitted: executor 1 holds 4/4 = 100 % >= 20 % of the shuffle, so both reduce tasks
  // prefer host a (NODE_LOCAL). reduce/0 takes executor 1 at once; reduce/1 waits NODE_LOCAL
  // (3 s from the submission) and takes executor 1 when it frees at 1400, while executors 2 and 3
  // sit idle.
  const jobs = mostlyOnOne({ tasks: [task(1000), task(1000)] }, [0, 1, 2, 3].map(() => task(100, ['exec:1'])));
  const executors = execs(['1', 'a', 1], ['2', 'b', 1], ['3', 'c', 1]);
  for (const spark of ['2.2', '3.5'] as const) {
    it(`${spark}: the reduce tasks wait for the executor that holds 100 % of their input`, () => {
      const r = simulate(model({ spark, executors, jobs }));
      expect(trace(r, 'reduce')).toEqual(['reduce/0#0 e1 400-1400 NODE_LOCAL', 'reduce/1#0 e1 1400-2400 NODE_LOCAL']);
      const reasons = r.attempts.filter((a) => a.stage === 'j/reduce').map((a) => a.reducerPrefs);
      expect(reasons).toEqual([0, 1].map(() => ({
        mapStage: 'j/map', at: 400, mapOutputs: 4, hosts: ['a'],
        holders: [{ executor: '1', host: 'a', outputs: 4, share: 1 }],
      })));
      expect(r.attempts.filter((a) => a.stage === 'j/map').every((a) => a.reducerPrefs === undefined)).toBe(true);
    });
  }
  it('spark.shuffle.reduceLocality.enabled: false gives no preference: both start at 400 (NO_PREF, recorded PROCESS_LOCAL)', () => {
    const r = simulate(model({ executors, jobs, conf: conf({ reduceLocality: false }) }));
    const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
    expect(reduce.map((a) => [a.launch, a.end, a.locality])).toEqual([[400, 1400, 'PROCESS_LOCAL'], [400, 1400, 'PROCESS_LOCAL']]);
    expect(new Set(reduce.map((a) => a.executor)).size).toBe(2);
    expect(reduce.every((a) => a.reducerPrefs === undefined)).toBe(true);
  });
  it("a task's own prefer (a cached block on a live executor) comes first", () => {
    // reduce/1 prefers executor 2 (cached): it runs there at once, PROCESS_LOCAL; reduce/0 takes host a.
    const own = mostlyOnOne({ tasks: [task(1000), task(1000, ['exec:2'])] }, [0, 1, 2, 3].map(() => task(100, ['exec:1'])));
    const r = simulate(model({ executors, jobs: own }));
    expect(trace(r, 'reduce')).toEqual(['reduce/0#0 e1 400-1400 NODE_LOCAL', 'reduce/1#0 e2 400-1400 PROCESS_LOCAL']);
    expect(r.attempts.find((a) => a.task === 'j/reduce/1')!.reducerPrefs).toBeUndefined();
  });
  it('a cached block on an executor that is gone falls back to the shuffle\'s hosts (getCacheLocs empty)', () => {
    // executor 2 crashes at 50 ms (it ran nothing): reduce/0's block cached there is gone when the
    // task set is created at 400, so it prefers host a like reduce/1 and waits for executor 1.
    const cachedOnDead = mostlyOnOne({ tasks: [task(1000, ['exec:2']), task(1000)] }, [0, 1, 2, 3].map(() => task(100, ['exec:1'])));
    const r = simulate(model({ executors, jobs: cachedOnDead, faults: [{ executor: '2', at: 50, kind: 'crash' }] }));
    expect(trace(r, 'reduce')).toEqual(['reduce/0#0 e1 400-1400 NODE_LOCAL', 'reduce/1#0 e1 1400-2400 NODE_LOCAL']);
    expect(r.attempts.find((a) => a.task === 'j/reduce/0')!.reducerPrefs?.hosts).toEqual(['a']);
  });
});

describe('reduce-side locality: thresholds', () => {
  // Executor 1 (host a) and 2 (host b), one slot each. Every map task prefers executor 1 and takes
  // 1 ms, so executor 1 runs them all back to back; executor 2 is declined (PROCESS_LOCAL, 3 s).
  const executors = execs(['1', 'a', 1], ['2', 'b', 1]);
  it('999 map partitions: the reduce tasks prefer host a and wait for executor 1', () => {
    const r = simulate(model({ executors, jobs: mostlyOnOne({ tasks: [task(1000), task(1000)] }, count(999, 1, ['exec:1'])) }));
    expect(trace(r, 'reduce')).toEqual(['reduce/0#0 e1 999-1999 NODE_LOCAL', 'reduce/1#0 e1 1999-2999 NODE_LOCAL']);
  });
  it('1000 map partitions (SHUFFLE_PREF_MAP_THRESHOLD): no preference, both start at once', () => {
    const r = simulate(model({ executors, jobs: mostlyOnOne({ tasks: [task(1000), task(1000)] }, count(1000, 1, ['exec:1'])) }));
    const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
    expect(reduce.map((a) => [a.launch, a.locality])).toEqual([[1000, 'PROCESS_LOCAL'], [1000, 'PROCESS_LOCAL']]);
    expect(reduce.map((a) => a.executor).sort()).toEqual(['1', '2']);
  });
  it('999 reduce partitions: every one runs on executor 1 (NODE_LOCAL), executor 2 never gets one', () => {
    // two map tasks on executor 1 (0-1, 1-2 ms); 999 reduce tasks of 1 ms from 2 ms to 1001 ms,
    // all before the NODE_LOCAL wait (3 s from 2 ms) ends
    const r = simulate(model({ executors, jobs: mostlyOnOne({ tasks: count(999, 1) }, [task(1, ['exec:1']), task(1, ['exec:1'])]) }));
    const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
    expect(reduce).toHaveLength(999);
    expect(reduce.every((a) => a.executor === '1' && a.locality === 'NODE_LOCAL')).toBe(true);
    expect(Math.max(...reduce.map((a) => a.end))).toBe(1001);
  });
  it('1000 reduce partitions (SHUFFLE_PREF_REDUCE_THRESHOLD): no preference, both executors work', () => {
    const r = simulate(model({ executors, jobs: mostlyOnOne({ tasks: count(1000, 1) }, [task(1, ['exec:1']), task(1, ['exec:1'])]) }));
    const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
    expect(reduce.every((a) => a.locality === 'PROCESS_LOCAL' && a.reducerPrefs === undefined)).toBe(true);
    expect(new Set(reduce.map((a) => a.executor))).toEqual(new Set(['1', '2']));
    // two slots: 1000 tasks of 1 ms in 500 ms from 2 ms
    expect(Math.max(...reduce.map((a) => a.end))).toBe(502);
  });
});

describe('reduce-side locality: shares', () => {
  it('an even spread over 5 executors (20 % each, the threshold) prefers every host; over 6 (16.7 %) none', () => {
    for (const [n, preferred] of [[5, true], [6, false]] as const) {
      const executors = execs(...Array.from({ length: n }, (_, k) => [String(k + 1), `h${k + 1}`, 1] as [string, string, number]));
      // map task k prefers executor k+1: one output per executor
      const jobs = mostlyOnOne({ tasks: [task(100), task(100)] }, Array.from({ length: n }, (_, k) => task(100, [`exec:${k + 1}`])));
      const r = simulate(model({ executors, jobs }));
      const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
      // every executor frees at 100: both reduce tasks start then, on some host (all are preferred or none is)
      expect(reduce.map((a) => [a.launch, a.locality])).toEqual([[100, preferred ? 'NODE_LOCAL' : 'PROCESS_LOCAL'], [100, preferred ? 'NODE_LOCAL' : 'PROCESS_LOCAL']]);
      if (preferred) {
        expect(reduce[0].reducerPrefs!.hosts).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
        expect(reduce[0].reducerPrefs!.holders.map((h) => h.share)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
      } else {
        expect(reduce[0].reducerPrefs).toBeUndefined();
      }
    }
  });
  it('shares add up per executor, not per host (the HashMap is keyed by BlockManagerId)', () => {
    // 20 outputs: executors 1 and 2 share host a with 3 each (15 % each, 30 % for the host),
    // executor 3 on host b holds 14 (70 %): only host b is preferred.
    const cluster = new Cluster(1);
    for (const [id, host] of [['1', 'a'], ['2', 'a'], ['3', 'b']]) cluster.register(cluster.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    const map = makeStage(0, 'map', 'j/map', new Int32Array(20), new Float64Array(20), new Int32Array(21), new Int32Array(0));
    map.outputLoc.set([0, 0, 0, 1, 1, 1, ...Array<number>(14).fill(2)]);
    expect(reducerPreferredHosts(map, 4, cluster, true)).toEqual({
      holders: [{ exec: 2, outputs: 14 }], mapOutputs: 20, hosts: [cluster.findHost('b')],
    });
    // outputs that are gone (-1) count neither in the share nor in the total: 3 of 6 is 50 % each
    map.outputLoc.set([0, 0, 0, 1, 1, 1, ...Array<number>(14).fill(-1)]);
    expect(reducerPreferredHosts(map, 4, cluster, true)!.hosts).toEqual([cluster.findHost('a')]);
    expect(reducerPreferredHosts(map, 4, cluster, false)).toBeNull();
  });
});

describe('reduce-side locality: losses', () => {
  it('outputs lost with an executor before the reduce stage is submitted no longer count', () => {
    // Executors 1 (host a), 2 (b), 3 (c), one slot each; executor 4 joins host a at 800 ms.
    // map/0 and map/1 run on executor 1 (0-100, 100-200), map/2 on 2 (0-100), map/3 on 3 (0-1000).
    // Executor 1 crashes at 500: map/0 and /1 lose their outputs and are re-queued in the running
    // map task set; their only location (executor 1, host a) is gone, so they run at ANY on the
    // free executor 2 (map/1 500-600 first: lists pop from the end, then map/0 600-700).
    // At 1000 the map stage ends and the reduce stage is submitted: executor 2 holds 3 of the 4
    // outputs (75 %), executor 3 one (25 %): hosts b and c. Executor 4 on host a is not preferred:
    // the lost outputs of executor 1 no longer count (counted, host a would hold 2 of 6 = 33 %).
    const r = simulate(model({
      executors: [...execs(['1', 'a', 1], ['2', 'b', 1], ['3', 'c', 1]), { id: '4', host: 'a', cores: 1, joinAt: 800 }],
      jobs: mostlyOnOne({ tasks: [task(500), task(500)] },
        [task(100, ['exec:1']), task(100, ['exec:1']), task(100, ['exec:2']), task(1000, ['exec:3'])]),
      faults: [{ executor: '1', at: 500, kind: 'crash' }],
    }));
    expect(trace(r, 'map')).toEqual([
      'map/0#0 e1 0-100 PROCESS_LOCAL', 'map/2#0 e2 0-100 PROCESS_LOCAL', 'map/3#0 e3 0-1000 PROCESS_LOCAL',
      'map/1#0 e1 100-200 PROCESS_LOCAL', 'map/1#1 e2 500-600 ANY', 'map/0#1 e2 600-700 ANY',
    ]);
    const reduce = r.attempts.filter((a) => a.stage === 'j/reduce');
    expect(reduce.map((a) => [a.launch, a.end, a.locality])).toEqual([[1000, 1500, 'NODE_LOCAL'], [1000, 1500, 'NODE_LOCAL']]);
    expect(reduce.map((a) => a.executor).sort()).toEqual(['2', '3']);
    expect(reduce[0].reducerPrefs).toEqual({
      mapStage: 'j/map', at: 1000, mapOutputs: 4, hosts: ['b', 'c'],
      holders: [{ executor: '2', host: 'b', outputs: 3, share: 0.75 }, { executor: '3', host: 'c', outputs: 1, share: 0.25 }],
    });
  });
});

describe('reduce-side locality: several parents', () => {
  it('a stage that reads two shuffles (a join) has no preference', () => {
    // both map stages run on executor 1 (100 % of each shuffle); the join's two tasks still start
    // at once on executors 1 and 2 at 200 ms
    const r = simulate(model({
      executors: execs(['1', 'a', 1], ['2', 'b', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [
        { name: 'left', parents: [], tasks: [task(100, ['exec:1'])] },
        { name: 'right', parents: [], tasks: [task(100, ['exec:1'])] },
        { name: 'join', parents: ['left', 'right'], tasks: [task(1000), task(1000)] },
      ] }],
    }));
    const join = r.attempts.filter((a) => a.stage === 'j/join');
    expect(join.map((a) => [a.launch, a.locality, a.reducerPrefs])).toEqual([[200, 'PROCESS_LOCAL', undefined], [200, 'PROCESS_LOCAL', undefined]]);
    expect(join.map((a) => a.executor).sort()).toEqual(['1', '2']);
  });
});

describe('reduce-side locality: the held-out skewed-shuffle fixture (test/fixtures/skewed-shuffle.sparkjob.yaml)', () => {
  const file = parseJobFile(readFileSync(join(__dirname, '../../fixtures/skewed-shuffle.sparkjob.yaml'), 'utf8')).model!;
  it('the reduce tasks wait for node1/node2 (75 % / 25 %), and the re-runs after the crash keep waiting for node2', () => {
    // derived in the fixture's comments: map 0-600 ms; reduce at 600 prefers node1 and node2;
    // executor 1 crashes at 1000 (the shuffle service keeps its outputs: same task set); its two
    // reduce tasks re-run on executor 2 at 1600-2600 although executors 3 and 4 are free: 600 ms.
    const r = simulate(file);
    const reduce = r.attempts.filter((a) => a.stage === 'agg/reduce');
    expect(reduce.filter((a) => !a.recovery).map((a) => `${a.launch} ${a.locality} ${a.host}`).sort()).toEqual([
      '2600 NODE_LOCAL node2', '2600 NODE_LOCAL node2',
      '600 NODE_LOCAL node1', '600 NODE_LOCAL node1', '600 NODE_LOCAL node2', '600 NODE_LOCAL node2',
    ]);
    expect(reduce.filter((a) => a.recovery).map((a) => `${a.readyAt} ${a.launch}-${a.end} ${a.host} ${a.localityWait}`)).toEqual([
      '1000 1600-2600 node2 600', '1000 1600-2600 node2 600',
    ]);
    expect(r.attempts.some((a) => a.executor === '3' || a.executor === '4')).toBe(false);
    expect(r.faults[0]).toMatchObject({ detectedAt: 1000, recoveredAt: 2600, recoveryLatency: 1600, localityWait: 600, stalled: true, stallHosts: ['node2'] });
    expect(r.metrics.makespan).toBe(3600);
    expect(reduce[0].reducerPrefs).toEqual({
      mapStage: 'agg/map', at: 600, mapOutputs: 8, hosts: ['node1', 'node2'],
      holders: [{ executor: '1', host: 'node1', outputs: 6, share: 0.75 }, { executor: '2', host: 'node2', outputs: 2, share: 0.25 }],
    });
  });
  it('without reduce-side locality nothing waits: the re-runs start at the detection, makespan 2 s', () => {
    const r = simulate({ ...file, conf: { ...file.conf, reduceLocality: false } });
    const reduce = r.attempts.filter((a) => a.stage === 'agg/reduce');
    expect(reduce.filter((a) => !a.recovery).every((a) => a.launch === 600)).toBe(true);
    expect(reduce.filter((a) => a.recovery).every((a) => a.launch === 1000 && a.localityWait === 0)).toBe(true);
    expect(r.faults[0]).toMatchObject({ recoveredAt: 2000, recoveryLatency: 1000, localityWait: 0, stalled: false });
    expect(r.metrics.makespan).toBe(2000);
  });
});

describe('reduce-side locality in DStream outputs (reduceByKey after map)', () => {
  // Kafka PreferFixed puts all four partitions on h1: with 1000 records each (4000/s, 1 s batch)
  // a map task takes 5 ms + 1000 x 100 us = 105 ms, two at a time on executor 1: 1000-1105,
  // 1105-1210. reduceByKey (3 tasks of 100 ms) is submitted at 1210 with executor 1 holding 4/4:
  // its tasks prefer h1, so two run there at once and the third waits for a slot of executor 1
  // (1310-1410) while executors 2 and 3 are free. Without the rule all three start at 1210.
  const input: KafkaInputSpec = {
    kind: 'kafka-direct', name: 'events', topic: 'events', partitions: 4, locationStrategy: 'PreferFixed', brokers: {},
    fixed: { 0: 'h1', 1: 'h1', 2: 'h1', 3: 'h1' }, recordsPerSecond: 4000, recordSize: 100,
  };
  const output: OutputSpec = { name: 'counts', stages: [
    { name: 'map', parents: [], input: 'events', costPerRecordUs: 100, fixedUs: 5000 },
    { name: 'reduceByKey', parents: ['map'], costPerRecordUs: 0, fixedUs: 0, tasks: 3, duration: fixed(100) },
  ] };
  const run = (reduceLocality: boolean) => simulate(model({
    executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]), jobs: [], conf: conf({ reduceLocality }),
    streaming: { batchInterval: 1000, batches: 1, inputs: [input], outputs: [output] },
  }));
  it('the batch waits for the executor that holds its map output: processing 410 ms instead of 310', () => {
    const r = run(true);
    expect(trace(r, 'reduceByKey')).toEqual([
      'reduceByKey/0#0 e1 1210-1310 NODE_LOCAL', 'reduceByKey/1#0 e1 1210-1310 NODE_LOCAL',
      'reduceByKey/2#0 e1 1310-1410 NODE_LOCAL',
    ]);
    expect(r.attempts.find((a) => a.task === 'counts@1000/reduceByKey/2')!.reducerPrefs).toEqual({
      mapStage: 'counts@1000/map', at: 1210, mapOutputs: 4, hosts: ['h1'], holders: [{ executor: '1', host: 'h1', outputs: 4, share: 1 }],
    });
    expect(r.batches[0]).toMatchObject({ processingStart: 1000, processingEnd: 1410, processingDelay: 410 });
  });
  it('spark.shuffle.reduceLocality.enabled: false: the three reduce tasks start at 1210', () => {
    const r = run(false);
    expect(r.attempts.filter((a) => a.stage === 'counts@1000/reduceByKey').map((a) => `${a.launch} ${a.locality}`))
      .toEqual(['1210 PROCESS_LOCAL', '1210 PROCESS_LOCAL', '1210 PROCESS_LOCAL']);
    expect(r.batches[0]).toMatchObject({ processingEnd: 1310, processingDelay: 310 });
  });
});
