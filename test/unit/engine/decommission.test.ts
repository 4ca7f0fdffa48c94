// Executor decommissioning, one test per rule, with times derived by hand from Spark 3.5.0's code
// (paths under core/src/main/scala/org/apache/spark/; src/engine/decommission.ts and
// blockManagerDecommissioner.ts say the same rules in more words).
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { preferredExecutor } from '../../../src/engine/streaming/kafkaDirect';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import { sweep } from '../../../src/engine/analysis/sweep';
import { advise } from '../../../src/engine/analysis/advisor';
import type { DecommissionConf, FaultSpec, JobFile, JobSpec, QuerySpec } from '../../../src/format/model';
import { conf, execs, fixed, model } from './model';

const MIB = 1024 * 1024;
const ON: DecommissionConf = { enabled: true, storage: true, shuffleBlocks: true, rddBlocks: false, maxThreads: 8, reattemptInterval: 30_000 };

/**
 * Three executors of one core on three hosts. Map: 3 tasks of 1 s (one per executor, 0-1000).
 * Reduce: 6 tasks of 4 s reading 50 MiB each, so each map output is 6 x 50 / 3 = 100 MiB; with
 * 100 MiB/s and 1 ms latency one upload (index + data file: two uploadBlockSync calls) takes
 * 2 x 1 + 1000 = 1002 ms. Reduce-side locality off, so no task prefers a host.
 */
function mapReduce(fault: FaultSpec, decommission: Partial<DecommissionConf> = ON, more: JobSpec[] = []): JobFile {
  return model({
    executors: execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h3', 1]),
    conf: conf({ reduceLocality: false, decommission: { ...ON, ...decommission } }),
    network: { bandwidth: 100 * MIB, latency: 1 },
    jobs: [{
      name: 'j', submit: 0, stages: [
        { name: 'map', parents: [], tasks: { count: 3, duration: fixed(1000), input: 0, prefer: [] } },
        { name: 'reduce', parents: ['map'], tasks: { count: 6, duration: fixed(4000), input: 50 * MIB, prefer: [] } },
      ],
    }, ...more],
    faults: [fault],
  });
}

/** "task eEXEC launch-end [status]" in launch order */
function trace(r: SimulationResult): string[] {
  return r.attempts.slice().sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task} e${a.executor} ${a.launch}-${a.end}${a.status === 'success' ? '' : ' ' + a.status}`);
}

/** the map task whose output executor 2 wrote */
function mapOn2(r: SimulationResult): string {
  return r.attempts.find((a) => a.task.startsWith('j/map/') && a.executor === '2')!.task;
}

describe('a decommission whose outputs migrated: not re-run', () => {
  it('the notice at 1.5 s: executor 2 keeps its running task, gets no new one, its output moves at 2502, nothing is lost at the kill', () => {
    const r = simulate(mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 5000 }));
    // Reduce 0-2 launch at 1000 (the map stage ends, submitMissingTasks revives offers), one per
    // executor. At 1500 TaskSchedulerImpl.executorDecommission (1022-1033): executor 2 is pending
    // decommission and isExecutorActive (CoarseGrainedSchedulerBackend.scala:729-734) is false,
    // so its task runs on to 5000 and it is never offered another; reduce 3 and 4 take executors
    // 1 and 3 at 5000, reduce 5 at 9000.
    expect(r.attempts.filter((a) => a.executor === '2' && a.launch >= 1500)).toEqual([]);
    expect(r.attempts.filter((a) => a.task.startsWith('j/reduce/')).map((a) => [a.executor === '2' ? 2 : 0, a.launch, a.end, a.status]).sort())
      .toEqual([[0, 1000, 5000, 'success'], [0, 1000, 5000, 'success'], [0, 5000, 9000, 'success'], [0, 5000, 9000, 'success'],
        [0, 9000, 13000, 'success'], [2, 1000, 5000, 'success']]);
    // BlockManagerDecommissioner.refreshMigratableShuffleBlocks (278-311) queues executor 2's one
    // map output at 1500; a thread per peer (1 and 3) starts at once, the first takes it; upload
    // 1500 + 1002 = 2502, then updateMapOutput moves it (BlockManagerMasterEndpoint.scala:751-761)
    const f = r.faults[0];
    const d = f.decommission!;
    expect(d.peers.slice().sort()).toEqual(['1', '3']);
    expect(d.migrated).toEqual([{ task: mapOn2(r), to: d.peers[0], at: 2502 }]);
    expect(d).toMatchObject({ migratedOutputs: 1, migratedBytes: 100 * MIB, lostOutputs: 0 });
    // The executor is idle from 5000 but its exit needs a migration round after its last busy
    // check (CoarseGrainedExecutorBackend.scala:350-377; the next round is at 31500): the notice's
    // end at 6500 kills it first. Standalone 3.5: the Worker's exit report at once (0 ms), a
    // removal with ExecutorDecommission: the output is on executor d.peers[0], nothing re-runs.
    expect(d).toMatchObject({ killAt: 6500, exit: 'killed', exitAt: 6500 });
    expect(f).toMatchObject({ detectedAt: 6500, lostTasks: [], recoveredAt: 6500, recoveryLatency: 0 });
    expect(r.metrics.makespan).toBe(13000);
  });

  it('with a long notice it exits by itself at the first check after a round that found everything migrated', () => {
    // A second job (executors 1 and 3, 20000-35000) keeps the run going. Checks every second from
    // 2500 (a first 1 s sleep): the one at 4500 is the last to see reduce 1 running (to 5000).
    // Rounds at 1500 (the output found: blocks left) and 31500 (nothing new, 1 of 1 migrated:
    // shuffleBlocksLeft false, lastShuffleMigrationTime 31500 > 4500): the check at 31500 exits
    // (exitExecutor -> RemoveExecutor: removed at once).
    const later: JobSpec = { name: 'later', submit: 20000, stages: [{ name: 's', parents: [], tasks: { count: 2, duration: fixed(15000), input: 0, prefer: [] } }] };
    const r = simulate(mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 120_000 }, ON, [later]));
    expect(r.faults[0].decommission).toMatchObject({ killAt: 121_500, exit: 'migrated', exitAt: 31_500, migratedOutputs: 1, lostOutputs: 0 });
    expect(r.faults[0]).toMatchObject({ detectedAt: 31_500, lostTasks: [], recoveryLatency: 0 });
    expect(r.attempts.filter((a) => a.task.startsWith('later/')).map((a) => [a.executor, a.launch, a.end]).sort()).toEqual([['1', 20000, 35000], ['3', 20000, 35000]]);
  });

  it('SJ173 says what the notice saved against the same executor lost without warning at the kill', () => {
    const m = mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 5000 });
    const found = analyzeFile({ ...m, analysis: { ...m.analysis, sweep: false } }).findings.filter((f) => f.code === 'SJ173');
    expect(found).toHaveLength(1);
    // Lost without warning at 6500 (a crash: cause external): executor 2 took reduce 3 or 4 at 5000
    // (it was never drained) and its map output is still there: both re-run.
    const crash = simulate({ ...m, faults: [{ executor: '2', at: 6500, kind: 'crash', cause: 'external' }] });
    expect(crash.faults[0].lostTasks.length).toBe(2);
    expect(found[0].message).toContain('1 map output (100 MiB) migrated');
    expect(found[0].message).toContain('0 tasks re-run, recovery 0 ms, makespan 13 s; lost without warning at 6.5 s instead: 2 tasks re-run');
    expect(found[0].message).toContain('the notice saved 2 re-runs');
  });
});

describe('a notice too short: outputs not migrated at the kill are lost as today', () => {
  it('the kill at 2300 cuts the upload due at 2502: the map task and the running reduce re-run', () => {
    const r = simulate(mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 800 }));
    const d = r.faults[0].decommission!;
    expect(d).toMatchObject({ killAt: 2300, exit: 'killed', exitAt: 2300, migratedOutputs: 0, migrated: [], lostOutputs: 1 });
    const map2 = mapOn2(r);
    const reduce2 = r.attempts.find((a) => a.task.startsWith('j/reduce/') && a.executor === '2')!;
    // The removal at 2300 (the Worker's report, 0 ms): the reduce on executor 2 fails with
    // ExecutorLostFailure (ExecutorDecommission: not counted, TaskSetManager.scala:1098) and the
    // output is unregistered (DAGScheduler.handleExecutorLost). At 5000 executors 1 and 3 free up
    // and each launches a pending reduce, which fails its fetch at once (3.x: the output is
    // missing); the stage attempt becomes a zombie and the map stage is resubmitted
    // RESUBMIT_TIMEOUT (200 ms) later: the map re-run 5200-6200, then the reduce stage's new
    // attempt runs its 4 missing partitions two by two: 6200-10200 and 10200-14200.
    expect(reduce2).toMatchObject({ launch: 1000, end: 2300, status: 'lost' });
    expect(r.faults[0]).toMatchObject({ detectedAt: 2300, lostTasks: [map2, reduce2.task] });
    const reruns = trace(r).filter((t) => !/ (0|1000)-/.test(t));
    expect(reruns.map((t) => t.replace(/ e\d /, ' ').replace(/\/\d /, ' '))).toEqual([
      'j/reduce 5000-5000 failed', 'j/reduce 5000-5000 failed',
      'j/map 5200-6200',
      'j/reduce 6200-10200', 'j/reduce 6200-10200', 'j/reduce 10200-14200', 'j/reduce 10200-14200',
    ]);
    expect(reruns[2].startsWith(`${map2} `)).toBe(true);
    expect(r.metrics.makespan).toBe(14200);
  });

  it('without spark.decommission.enabled the notice is ignored: the executor works on and crashes at its end', () => {
    const r = simulate(mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 5000 }, { enabled: false }));
    // executor 2 takes reduce 3 or 4 at 5000 and is lost with it at 6500 (cause external on standalone: the app's exit)
    expect(r.attempts.filter((a) => a.executor === '2' && a.launch === 5000).map((a) => [a.end, a.status])).toEqual([[6500, 'lost']]);
    expect(r.faults[0].decommission).toMatchObject({ exit: 'ignored', killAt: 6500, migratedOutputs: 0 });
    expect(r.faults[0].detectedAt).toBe(6500);
    expect(r.faults[0].lostTasks).toHaveLength(2);
  });
});

describe('no new task for a decommissioning executor', () => {
  /** 3 executors of 1 core; one stage of 6 tasks of 1 s (a result stage: nothing to migrate) */
  const oneStage = (fault: FaultSpec, d: Partial<DecommissionConf>) => model({
    executors: execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h3', 1]),
    conf: conf({ decommission: { ...ON, ...d } }),
    jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: 6, duration: fixed(1000), input: 0, prefer: [] } }] }],
    faults: [fault],
  });

  it('its slot frees at 1000 and stays idle; it exits at the first check (1500) with no migration configured', () => {
    const r = simulate(oneStage({ executor: '2', at: 500, kind: 'decommission', notice: 60_000 }, { storage: false }));
    // tasks 0-2 at 0-1000; executor 2 is not offered at 1000: tasks 3, 4 on executors 1 and 3, task 5 at 2000
    expect(r.attempts.map((a) => [a.executor === '2' ? 2 : 0, a.launch, a.end]).sort()).toEqual([
      [0, 0, 1000], [0, 0, 1000], [0, 1000, 2000], [0, 1000, 2000], [0, 2000, 3000], [2, 0, 1000]]);
    // "No running tasks, no block migration configured, stopping." at 500 + 1000
    expect(r.faults[0].decommission).toMatchObject({ exit: 'idle', exitAt: 1500, lostOutputs: 0 });
    expect(r.faults[0]).toMatchObject({ detectedAt: 1500, lostTasks: [], recoveryLatency: 0 });
    expect(r.metrics.makespan).toBe(3000);
  });

  it('spark.executor.decommission.forceKillTimeout kills a straggler (CoarseGrainedSchedulerBackend.scala:586-599)', () => {
    // tasks of 10 s: executor 2's runs 0-10000; the driver kills it 3 s after the notice at 500
    const m = oneStage({ executor: '2', at: 500, kind: 'decommission' }, { storage: false, forceKillTimeout: 3000 });
    m.jobs[0].stages[0].tasks = { count: 3, duration: fixed(10_000), input: 0, prefer: [] };
    const r = simulate(m);
    expect(r.faults[0].decommission).toMatchObject({ killAt: 3500, exit: 'force-killed', exitAt: 3500 });
    // its task is lost at 3500 and re-run on the first free executor, at 10000
    expect(r.attempts.filter((a) => a.executor === '2').map((a) => [a.launch, a.end, a.status])).toEqual([[0, 3500, 'lost']]);
    expect(r.faults[0].lostTasks).toHaveLength(1);
    expect(r.metrics.makespan).toBe(20_000);
  });
});

describe('Kafka: the executor leaves the preferred-executor assignment at the notice', () => {
  // KafkaSource.getSortedExecutorList / KafkaRDD.executors: BlockManagerMaster.getPeers, which leaves
  // out decommissioning block managers (BlockManagerMasterEndpoint.scala:884-895). Topic "events":
  // TopicPartition.hashCode = 31 x (31 + p) + "events".hashCode (-1291329255): p0 -1291328294,
  // p1 -1291328263, p2 -1291328232, p3 -1291328201. Sorted by host, then id, descending.
  // 3 executors [3, 2, 1]: floorMod by 3 = 1, 2, 0, 1 -> 2, 1, 3, 2.
  // Executor 2 decommissioning, [3, 1]: floorMod by 2 = 0, 1, 0, 1 -> 3, 1, 3, 1.
  const query: QuerySpec = {
    name: 'q', start: 0, trigger: 1000, availableNow: false, batches: 4, overhead: 0,
    source: { kind: 'kafka', topic: 'events', partitions: 4, recordsPerSecond: 4000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    stages: [{ name: 'read', parents: [], partitions: 0, costPerRecordUs: 100, fixedUs: 0 }],
  };
  const run = (d: Partial<DecommissionConf>) => simulate(model({
    executors: execs(['1', 'node1', 2], ['2', 'node2', 2], ['3', 'node3', 2]), jobs: [], queries: [query],
    conf: conf({ decommission: { ...ON, ...d } }), faults: [{ executor: '2', at: 1500, kind: 'decommission', notice: 10_000 }],
  }));
  const batch = (r: SimulationResult, b: number) => r.attempts.filter((a) => a.task.startsWith(`q#${b}/read/`))
    .sort((x, y) => x.task.localeCompare(y.task)).map((a) => `${a.executor} ${a.launch}-${a.end} ${a.locality}`);

  it('the next batch (2000) reads on executors 3, 1, 3, 1 although executor 2 still runs', () => {
    const r = run({});
    expect(batch(r, 1)).toEqual(['2 1000-1100 PROCESS_LOCAL', '1 1000-1100 PROCESS_LOCAL', '3 1000-1100 PROCESS_LOCAL', '2 1000-1100 PROCESS_LOCAL']);
    expect(batch(r, 2)).toEqual(['3 2000-2100 PROCESS_LOCAL', '1 2000-2100 PROCESS_LOCAL', '3 2000-2100 PROCESS_LOCAL', '1 2000-2100 PROCESS_LOCAL']);
    // nothing ran on it since the notice, nothing to migrate (result tasks): it exits at 2500
    expect(r.faults[0].decommission).toMatchObject({ exit: 'migrated', exitAt: 2500 });
  });

  it('with the notice ignored the batch still prefers executor 2', () => {
    expect(batch(run({ enabled: false }), 2)).toEqual(['2 2000-2100 PROCESS_LOCAL', '1 2000-2100 PROCESS_LOCAL', '3 2000-2100 PROCESS_LOCAL', '2 2000-2100 PROCESS_LOCAL']);
  });

  it('the DStream direct stream\'s PreferConsistent assignment too (KafkaRDD.getPreferredLocations)', () => {
    const c = new Cluster(1);
    for (const e of execs(['1', 'node1', 2], ['2', 'node2', 2], ['3', 'node3', 2])) c.register(c.add(e, e.id, 0), 0);
    const input = { kind: 'kafka-direct', name: 'k', topic: 'events', partitions: 4, recordsPerSecond: 0, locationStrategy: 'PreferConsistent', brokers: [], fixed: [] } as never;
    const ids = () => [0, 1, 2, 3].map((p) => c.executors[preferredExecutor(c, input, p)].id);
    expect(ids()).toEqual(['2', '1', '3', '2']);
    c.decommission(c.executors[1]);
    expect(ids()).toEqual(['3', '1', '3', '1']);
  });
});

describe('a decommission that outlasts the run (SJ181, not SJ102)', () => {
  it('says the executor was still decommissioning at the end, not that it was not running', () => {
    // The notice at 1.5 s with a 2 min notice: the run ends at 13 s (the first test's schedule)
    // and the executor's exit needs a round after 5000 (the next is at 31500): still there at the
    // end, so the driver never removed it (detectedAt null) though the fault changed where tasks ran.
    const m = mapReduce({ executor: '2', at: 1500, kind: 'decommission', notice: 120_000 });
    const a = analyzeFile({ ...m, analysis: { ...m.analysis, sweep: false } });
    expect(a.result.faults[0]).toMatchObject({ detectedAt: null, decommission: { exit: null, killAt: 121_500 } });
    expect(a.findings.filter((f) => f.code === 'SJ102' || f.code === 'SJ101')).toEqual([]);
    expect(a.findings.filter((f) => f.code === 'SJ181').map((f) => f.message)).toEqual([
      'the run ends at 13 s while executor 2 is still decommissioning (notice at 1.5 s, kill at 2 min 2 s): it took no task from the notice on, but nothing of it was lost']);
  });
});

describe('the sweep\'s decommissions against crashes at the same points (analysis.sweepDecommissions, SJ180)', () => {
  it('each executor decommissioned at the one sweep moment drains, loses nothing, and delays the end by the slot it no longer offers', () => {
    // Fault-free: map 0-1000 on the three executors, reduce 0-2 1000-5000, reduce 3-5 5000-9000:
    // makespan 9000, one sweep moment at floor(9000 / 2) = 4500, when each executor runs a reduce.
    // A notice at 4500 (kill at 14500): the executor's reduce runs on to 5000 and it is offered
    // nothing more (isExecutorActive false, CoarseGrainedSchedulerBackend.scala:729-734); its map
    // output moves at 4500 + 2 x 1 + 1000 = 5502 (BlockManagerDecommissioner, one upload thread
    // per peer). The two others take reduce 3 and 4 at 5000 (to 9000), reduce 5 at 9000 (to
    // 13000): the run ends at 13000, +4000, before the kill at 14500 and before the next
    // migration round (34500) could let the executor exit: still draining, 0 tasks re-run.
    const m = mapReduce({ executor: '2', at: 0, kind: 'crash' });
    const file: JobFile = { ...m, faults: [], analysis: { ...m.analysis, sweepTimes: 1, sweepDecommissions: 10_000 } };
    const s = sweep(file);
    expect(s.makespan).toBe(9000);
    expect(s.decommissions!.map((p) => [p.executor, p.at, p.notice, p.exit, p.migratedOutputs, p.lostOutputs, p.reruns, p.endDelayMs]))
      .toEqual([['1', 4500, 10_000, null, 1, 0, 0, 4000], ['2', 4500, 10_000, null, 1, 0, 0, 4000], ['3', 4500, 10_000, null, 1, 0, 0, 4000]]);
    // the crash side is the engine's crash rules (tested elsewhere): the fork equals the same
    // crash simulated from time zero
    for (const p of s.decommissions!) {
      const crash = simulate({ ...file, faults: [{ executor: p.executor, at: 4500, kind: 'crash' }] });
      expect(p.crash).toEqual({ reruns: crash.faults[0].lostTasks.length, endDelayMs: crash.metrics.makespan - 9000, recoveryLatency: crash.faults[0].recoveryLatency });
      expect(p.crash.reruns).toBeGreaterThan(0);
    }
    const found = analyzeFile(file).findings.filter((f) => f.code === 'SJ180');
    expect(found.map((f) => f.target)).toEqual([{ kind: 'analysis', key: 'sweepDecommissions' }]);
    const crashReruns = s.decommissions!.reduce((n, p) => n + p.crash.reruns, 0);
    expect(found[0].message).toContain(`Decommissions with a 10 s notice, 3 swept points each against a crash of the same executor at the same moment: 0 tasks re-run in all against ${crashReruns} (3 still decommissioning when the run ended); at worst the run ends 4 s later (executor 1 at 4.5 s: 0 re-runs, 0 outputs lost)`);
    expect(advise(file, s).summary.at(-1)).toBe(found[0].message);
  });
});
