// Speculation (spark.speculation) on Spark Streaming batches and Structured Streaming
// micro-batches, with times derived by hand from Spark 3.5.0's TaskSetManager
// (checkSpeculatableTasks 1183-1217: max(floor(0.75 x tasks), 1) successes, threshold
// max(1.5 x median, minTaskRuntime 100 ms), a task marked when it has run strictly longer; the
// check every 100 ms from the start) and dequeueTaskHelper (a copy never on a host that ran the
// task; getAllowedLocalityLevel skips levels without regular pending tasks, SPARK-4939, so a copy
// of a set whose regular tasks all launched goes ANY at once).
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import type { QuerySpec } from '../../../src/format/model';
import { conf, execs, model } from './model';

const SPECULATION = conf({ speculation: { ...conf().speculation, enabled: true } });

/** "task#attempt eEXEC launch-end LOCALITY status [spec] [reload]" in launch order */
function trace(r: SimulationResult, prefix: string): string[] {
  return r.attempts.filter((a) => a.task.startsWith(prefix))
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task) || a.attempt - b.attempt)
    .map((a) => `${a.task}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality} ${a.status}${a.speculative ? ' spec' : ''}${a.stateReload ? ' reload' : ''}`);
}

describe('speculation on a Spark Streaming batch (a hang before the heartbeat timeout)', () => {
  // Three executors of 2 cores on three hosts; one output of 4 tasks of 1 s every 5 s (two
  // batches). Executor 1 hangs at 5.5 s, running one task of the 5 s batch.
  const file = model({
    executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]), jobs: [], conf: SPECULATION,
    streaming: {
      batchInterval: 5000, batches: 2, inputs: [],
      outputs: [{ name: 'out', stages: [{ name: 'work', parents: [], costPerRecordUs: 0, fixedUs: 0, tasks: 4, duration: { dist: 'fixed', ms: 1000 } }] }],
    },
    faults: [{ executor: '1', at: 5500, kind: 'hang' }],
  });
  const r = simulate(file);

  it('the stuck task of each batch gets a copy 1.6 s after its launch, on another host, and the batch ends then', () => {
    // Batch 5000: the three tasks not on executor 1 end at 6000 (3 = floor(0.75 x 4) successes,
    // median 1000, threshold 1500); the stuck one has run strictly longer than 1500 ms at the
    // 6600 check: its copy launches at 6600 on executor 2 or 3 (not h1), ends at 7600, and the
    // batch ends then (JobScheduler: the job is done when every partition has a success).
    const b1 = trace(r, 'out@5000/');
    const stuck = b1.find((t) => / e1 /.test(t))!;
    expect(stuck).toMatch(/^out@5000\/work\/\d#0 e1 5000-\d+ PROCESS_LOCAL lost$/);
    const copy = b1.find((t) => t.endsWith(' spec'))!;
    expect(copy).toMatch(new RegExp(`^${stuck.split('#')[0]}#1 e[23] 6600-7600 PROCESS_LOCAL success spec$`));
    expect(r.batches[0]).toMatchObject({ time: 5000, processingStart: 5000, processingEnd: 7600, processingDelay: 2600 });
    // Batch 10000: the driver still offers the hung executor its free core (the kill of the
    // loser never reaches it, so one core stays taken): a task of this batch is stuck there too,
    // copied at 11600 (10000 + 1500, strictly), done at 12600.
    const b2 = trace(r, 'out@10000/');
    expect(b2.filter((t) => / e1 /.test(t))).toHaveLength(1);
    expect(b2.find((t) => t.endsWith(' spec'))).toMatch(/#1 e[23] 11600-12600 PROCESS_LOCAL success spec$/);
    expect(r.batches[1]).toMatchObject({ processingEnd: 12600, processingDelay: 2600 });
  });

  it('the hang costs the two speculation delays, not the heartbeat timeout (the driver never notices it in the run)', () => {
    expect(r.faults[0]).toMatchObject({ detectedAt: null, speculation: { copies: 2, doneAt: 12_600 } });
    expect(r.faults[0].speculation!.rescued).toEqual(r.faults[0].speculation!.stoppedTasks);
    const off = simulate({ ...file, conf: conf() });
    // without speculation the stuck task waits for the heartbeat expiry (120 s after the hang,
    // checked every 60 s: HeartbeatReceiver), long after the two batches' triggers
    expect(off.batches[0].processingEnd).toBeGreaterThan(120_000);
  });
});

describe('speculation on a Structured Streaming micro-batch', () => {
  // A rate source of 4 partitions (no preference) and a stateful aggregate of 4 partitions of
  // 1 s whose stores start on executors 1, 2, 3, 1 (HDFS provider, a reload takes 500 ms); a
  // trigger every 5 s, four batches. Executor 2 hangs at 10.3 s, running aggregate partition 1.
  const st = { stores: ['1', '2', '3', '1'], size: 0, changeSize: 0, provider: 'hdfs' as const, changelogCheckpointing: false, snapshotInterval: 10, reload: 500 };
  const q: QuerySpec = {
    name: 'q', start: 0, trigger: 5000, availableNow: false, batches: 4, overhead: 0,
    source: { kind: 'rate', topic: '', partitions: 4, recordsPerSecond: 400, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    stages: [{ name: 'read', parents: [], partitions: 0, costPerRecordUs: 100, fixedUs: 0 },
      { name: 'aggregate', parents: ['read'], partitions: 4, costPerRecordUs: 0, fixedUs: 0, duration: { dist: 'fixed', ms: 1000 }, state: st }],
  } as QuerySpec;
  const r = simulate(model({
    executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]), jobs: [], queries: [q], conf: SPECULATION,
    faults: [{ executor: '2', at: 10_300, kind: 'hang' }],
  }));

  it('the copy of the stuck stateful task runs ANY elsewhere and reloads its store; the next batch runs where the copy ran', () => {
    // Batch 2: read 10000-10050 (2000 records x 100 us / 4... 50 ms each), aggregate 10050-11050;
    // partition 1 (its store on executor 2) is stuck. 3 successes at 11050, threshold 1500: the
    // check at 11600 marks it; no regular task is pending, so the set's level is ANY at once and
    // the copy launches at 11600 on executor 1 or 3 (not h2) ANY, loading the store from the
    // checkpoint (500 ms) before its 1 s: 11600-13100; the batch ends at 13100.
    const agg = trace(r, 'q#2/aggregate/1');
    // (the loser stays "running" on the hung executor, which never gets the kill, to the run's end)
    expect(agg[0]).toBe('q#2/aggregate/1#0 e2 10050-16250 PROCESS_LOCAL lost');
    expect(agg[1]).toMatch(/^q#2\/aggregate\/1#1 e[13] 11600-13100 ANY success spec reload$/);
    const copyOn = agg[1].split(' ')[1];
    expect(r.queryBatches![2]).toMatchObject({ batchId: 2, endedAt: 13_100, stateReloads: 1 });
    // The copy's load reported the store on its executor to the StateStoreCoordinator (the
    // latest report wins): batch 3's partition 1 runs there PROCESS_LOCAL without a reload.
    expect(trace(r, 'q#3/aggregate/1')).toEqual([`q#3/aggregate/1#0 ${copyOn} 15250-16250 PROCESS_LOCAL success`]);
  });

  it('a read task of the next batch sent to the hung executor is copied after 100 ms (minTaskRuntime), not 1.5 x its 50 ms', () => {
    // batch 3's read tasks: 3 end at 15050 (median 50 ms, 1.5 x 50 = 75 < 100 ms); the one on
    // executor 2 has run strictly more than 100 ms at the 15200 check: copy 15200-15250
    const read = trace(r, 'q#3/read/').filter((t) => / e2 /.test(t) || t.endsWith(' spec'));
    expect(read).toHaveLength(2);
    expect(read[0]).toMatch(/#0 e2 15000-\d+ PROCESS_LOCAL lost$/);
    expect(read[1]).toMatch(/#1 e[13] 15200-15250 PROCESS_LOCAL success spec$/);
    expect(r.queryBatches![3]).toMatchObject({ endedAt: 16_250, stateReloads: 0 });
  });
});
