// Structured Streaming micro-batch queries, one test per rule, with trigger times, launches,
// executors and localities derived by hand from Spark's code (reference
// ../shared/reference/structured-streaming.md sec. 1.2-1.6; spec "queries").
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { javaStringHash, liveSorted, topicPartitionHash } from '../../../src/engine/streaming/kafkaDirect';
import { getRanges, splitEvenly } from '../../../src/engine/structured/kafkaSource';
import { reloadMs } from '../../../src/engine/structured/stateStoreCoordinator';
import { stateLocalityTradeoff, withLocalityWait } from '../../../src/engine/analysis/stateLocality';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import { parseJobFile } from '../../../src/format';
import { readFileSync } from 'node:fs';
import type { JobFile, QuerySpec, QueryStageSpec, StateSpec } from '../../../src/format/model';
import { conf, execs, model } from './model';

const state = (over: Partial<StateSpec> = {}): StateSpec => ({
  stores: [], size: 0, changeSize: 0, provider: 'hdfs', changelogCheckpointing: false, snapshotInterval: 10, ...over,
});
const read = (costUs = 100): QueryStageSpec => ({ name: 'read', parents: [], partitions: 0, costPerRecordUs: costUs, fixedUs: 0 });
const aggregate = (ms: number, partitions: number, st?: StateSpec): QueryStageSpec => ({
  name: 'aggregate', parents: ['read'], partitions, costPerRecordUs: 0, fixedUs: 0, duration: { dist: 'fixed', ms }, ...(st ? { state: st } : {}),
});

function query(over: Partial<QuerySpec> = {}): QuerySpec {
  return {
    name: 'q', start: 0, trigger: 1000, availableNow: false, batches: 3, overhead: 0,
    source: { kind: 'rate', topic: '', partitions: 2, recordsPerSecond: 2000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    stages: [read(), aggregate(50, 2, state({ reload: 500, stores: ['1', '2'] }))],
    ...over,
  };
}

function queryModel(queries: QuerySpec[], over: Partial<JobFile> & { executors?: ReturnType<typeof execs> } = {}): JobFile {
  const { executors, ...rest } = over;
  return model({ executors: executors ?? execs(['1', 'h1', 2], ['2', 'h2', 2]), jobs: [], queries, ...rest });
}

/** "task eEXEC launch-end LOCALITY [status] [reload]" in launch order */
function trace(r: SimulationResult, prefix: string): string[] {
  return r.attempts.filter((a) => a.task.startsWith(prefix))
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}${a.stateReload ? ' reload' : ''}`);
}

describe('ProcessingTimeExecutor: triggers and records (spec "Triggers", "Records")', () => {
  it('a batch on time triggers at the next multiple of the interval; each reads the records of its interval', () => {
    // rate 2000/s, 2 partitions: 1000 records each, 100 us each -> 100 ms; aggregate 50 ms
    const r = simulate(queryModel([query()]));
    expect(r.queryBatches).toEqual([0, 1, 2].map((b) => ({
      query: 'q', batchId: b, triggerAt: b * 1000, submittedAt: b * 1000, endedAt: b * 1000 + 150, durationMs: 150, records: 2000, stateReloads: 0, interval: 1000,
    })));
    // QUERY#BATCHID/STAGE/INDEX, batch = the batch id
    expect(r.attempts.filter((a) => a.batch === 1).map((a) => a.task).sort()).toEqual(['q#1/aggregate/0', 'q#1/aggregate/1', 'q#1/read/0', 'q#1/read/1']);
  });

  it('a late batch is followed at once: next trigger = max(end, floor(trigger / I) x I + I)', () => {
    // 1000 records/s on 1 partition, 1500 us each: batch 0 reads (-1000, 0] = 1000 records -> 1500 ms,
    // ends at 1500 > 1000: batch 1 triggers at 1500 and reads (0, 1500] = 1500 records -> 2250 ms,
    // ends at 3750 > 2000: batch 2 triggers at 3750 with 2250 records -> 3375 ms (falling behind)
    const q = query({
      source: { kind: 'rate', topic: '', partitions: 1, recordsPerSecond: 1000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(1500)],
    });
    const r = simulate(queryModel([q]));
    expect(r.queryBatches!.map((b) => [b.triggerAt, b.records, b.durationMs])).toEqual([[0, 1000, 1500], [1500, 1500, 2250], [3750, 2250, 3375]]);
  });

  it('overhead delays the job after its trigger; maxOffsetsPerTrigger caps Kafka batches and keeps the rest', () => {
    // 3000 records/s, cap 2000: batch 0 reads 2000 of 3000 (1000 left), batch 1 2000 of 1000 + 3000
    const q = query({
      overhead: 40, batches: 3,
      source: { kind: 'kafka', topic: 'events', partitions: 2, recordsPerSecond: 3000, maxOffsetsPerTrigger: 2000, minPartitions: 0, backlog: 0 },
      stages: [read(10)],
    });
    const r = simulate(queryModel([q]));
    expect(r.queryBatches!.map((b) => [b.triggerAt, b.submittedAt, b.records])).toEqual([[0, 40, 2000], [1000, 1040, 2000], [2000, 2040, 2000]]);
    // 1000 records a partition, 10 us each: 10 ms, launched at the submission
    expect(trace(r, 'q#0/').map((t) => t.replace(/ e\d /, ' '))).toEqual(['q#0/read/0 40-50 PROCESS_LOCAL', 'q#0/read/1 40-50 PROCESS_LOCAL']);
  });

  it('records split evenly, the first total mod P partitions one more; availableNow reads the backlog, then stops', () => {
    expect(splitEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    const q = query({
      availableNow: true, trigger: 0, batches: undefined,
      source: { kind: 'kafka', topic: 'events', partitions: 2, recordsPerSecond: 1000, maxOffsetsPerTrigger: 400, minPartitions: 0, backlog: 1000 },
      stages: [read(100)],
    });
    const r = simulate(queryModel([q]));
    // 400 + 400 + 200, each batch at the end of the previous (I = 0): 200 records a partition = 20 ms
    expect(r.queryBatches!.map((b) => [b.triggerAt, b.records, b.durationMs])).toEqual([[0, 400, 20], [20, 400, 20], [40, 200, 10]]);
  });
});

describe('no-data triggers run no batch (MicroBatchExecution.constructNextBatch, 3.5 lines 475-560)', () => {
  // isNewDataAvailable is false and no stateful operator asks for another batch (that needs a
  // watermark or a timeout: IncrementalExecution.shouldRunAnotherBatch), so the trigger runs
  // nothing and the batch id stays; the loop waits for the next interval (ProcessingTimeExecutor),
  // or sleeps spark.sql.streaming.pollingDelay (10 ms) for interval 0 (runActivatedStream :308).
  const slow = (trigger: number, over: Partial<QuerySpec> = {}) => query({
    trigger, batches: 4,
    source: { kind: 'rate', topic: '', partitions: 1, recordsPerSecond: 1, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    stages: [read(7000)], ...over,
  });

  it('interval 400 ms, one record a second: batches only at the triggers that see a new record', () => {
    // produced(t) = floor(t / 1000); trigger_-1 = -1000 -> batch 0 at 0 reads 1 record (7 ms).
    // Triggers 400, 800: produced 0 = at batch 0, no batch; 1200: 1 record -> batch 1; 1600: none;
    // 2000: batch 2; 2400, 2800: none; 3200: batch 3.
    const r = simulate(queryModel([slow(400)]));
    expect(r.queryBatches!.map((b) => [b.batchId, b.triggerAt, b.records, b.endedAt])).toEqual([
      [0, 0, 1, 7], [1, 1200, 1, 1207], [2, 2000, 1, 2007], [3, 3200, 1, 3207],
    ]);
    expect(r.attempts.map((a) => a.task)).toEqual(['q#0/read/0', 'q#1/read/0', 'q#2/read/0', 'q#3/read/0']);
  });

  it('interval 0: after a batch without new data the loop polls every pollingDelay', () => {
    // batch 0: 0-7; the trigger at 7 finds nothing, polls at 17, ..., 997 nothing; 1007 sees the
    // record of 1000 -> batch 1 1007-1014; 1014 + 99 x 10 = 2004 -> batch 2; 2011 + 990 = 3001.
    const r = simulate(queryModel([slow(0)]));
    expect(r.queryBatches!.map((b) => [b.triggerAt, b.endedAt])).toEqual([[0, 7], [1007, 1014], [2004, 2011], [3001, 3008]]);
  });

  it('pollingDelay from the conf; a source without rate runs its first batch only; availableNow with no backlog runs none', () => {
    const conf50 = conf({ raw: { 'spark.sql.streaming.pollingDelay': '50ms' } });
    // polls at 57, 107, ..., 1007 (57 + 19 x 50) -> batch 1 at 1007
    const r = simulate(queryModel([slow(0, { batches: 2 })], { conf: conf50 }));
    expect(r.queryBatches!.map((b) => b.triggerAt)).toEqual([0, 1007]);
    const none = simulate(queryModel([slow(1000, { source: { kind: 'rate', topic: '', partitions: 1, recordsPerSecond: 0, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 5 } })]));
    expect(none.queryBatches!.map((b) => [b.triggerAt, b.records])).toEqual([[0, 5]]);
    const now = simulate(queryModel([slow(0, { availableNow: true, batches: undefined })]));
    expect(now.queryBatches).toEqual([]);
  });
});

describe('KafkaOffsetRangeCalculator: preferred executors (sec. 1.6)', () => {
  // "events".hashCode(), Java: h = 31h + c over e(101) v(118) e(101) n(110) t(116) s(115):
  // 101, 3249, 100820, 3125530, 96891546, 3003638041 -> as int 3003638041 - 2^32 = -1291329255.
  // TopicPartition.hashCode = 31 x (31 + p) + that: p0 -1291328294, p1 -1291328263,
  // p2 -1291328232, p3 -1291328201.
  it('hashes as Java does', () => {
    expect(javaStringHash('events')).toBe(-1291329255);
    expect([0, 1, 2, 3].map((p) => topicPartitionHash('events', p))).toEqual([-1291328294, -1291328263, -1291328232, -1291328201]);
  });

  it('before and after a loss: executors sorted by host desc then id desc, floorMod(hash, n)', () => {
    const cluster = new Cluster(1);
    for (const [id, host] of [['1', 'node1'], ['2', 'node2'], ['3', 'node3']]) cluster.register(cluster.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    // n = 3, sorted [3, 2, 1] (node3, node2, node1). floorMod by the digit sums of |h|:
    // p0 |h| = 41 digits -> 2 mod 3 -> h = 1 mod 3 -> sorted[1] = 2; p1 37 -> 1 -> 2 -> '1';
    // p2 33 -> 0 -> '3'; p3 29 -> 2 -> 1 -> '2'
    const before = liveSorted(cluster);
    const ids = (xs: number[]) => xs.map((x) => (x < 0 ? '-' : cluster.executors[x].id));
    expect(ids(before)).toEqual(['3', '2', '1']);
    expect(ids(getRanges('events', [5, 5, 5, 5], 0, before).map((t) => t.pref))).toEqual(['2', '1', '3', '2']);
    // executor 2 lost: sorted [3, 1], n = 2: even hashes (p0, p2) -> '3', odd (p1, p3) -> '1'
    cluster.remove(cluster.executors[1], 100);
    const after = liveSorted(cluster);
    expect(ids(after)).toEqual(['3', '1']);
    expect(ids(getRanges('events', [5, 5, 5, 5], 0, after).map((t) => t.pref))).toEqual(['3', '1', '3', '1']);
    // the order is sorted once per change of the live set: the same array while nothing changes
    expect(liveSorted(cluster)).toBe(after);
  });

  it('empty ranges are dropped; minPartitions splits ranges (remaining / (parts - part)) with no preference', () => {
    expect(getRanges('events', [3, 0, 2], 0, [7]).map((t) => [t.partition, t.records, t.pref])).toEqual([[0, 3, 7], [2, 2, 7]]);
    // total 10, minPartitions 4: parts round(7/10 x 4) = 3 (7 -> 2, 2, 3), round(3/10 x 4) = 1
    expect(getRanges('events', [7, 3], 4, [7]).map((t) => [t.partition, t.records, t.pref])).toEqual([[0, 2, -1], [0, 2, -1], [0, 3, -1], [1, 3, -1]]);
  });

  it('in the run: each batch recomputes the assignment over the live executors; read tasks launch PROCESS_LOCAL there', () => {
    const q = query({
      batches: 3,
      source: { kind: 'kafka', topic: 'events', partitions: 4, recordsPerSecond: 4000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(100)],
    });
    const r = simulate(queryModel([q], {
      executors: execs(['1', 'node1', 2], ['2', 'node2', 2], ['3', 'node3', 2]),
      faults: [{ executor: '2', at: 1500, kind: 'crash' }],
    }));
    expect(trace(r, 'q#1/')).toEqual([
      'q#1/read/0 e2 1000-1100 PROCESS_LOCAL', 'q#1/read/1 e1 1000-1100 PROCESS_LOCAL',
      'q#1/read/2 e3 1000-1100 PROCESS_LOCAL', 'q#1/read/3 e2 1000-1100 PROCESS_LOCAL',
    ]);
    expect(trace(r, 'q#2/')).toEqual([
      'q#2/read/0 e3 2000-2100 PROCESS_LOCAL', 'q#2/read/1 e1 2000-2100 PROCESS_LOCAL',
      'q#2/read/2 e3 2000-2100 PROCESS_LOCAL', 'q#2/read/3 e1 2000-2100 PROCESS_LOCAL',
    ]);
  });

  it('tasks in flight on the dead executor keep its preference: process wait, node wait, then ANY', () => {
    // 6 partitions, p4 hash -1291328170 (digits 34 -> 1 -> floorMod 2: '1'), p5 -1291328139 (39 -> 0: '3'):
    // p0 -> 2, p1 -> 1, p2 -> 3, p3 -> 2, p4 -> 1, p5 -> 3; one core each, 100 ms a task.
    // Batch 1 at 1000: p0, p1, p2 launch PROCESS_LOCAL (an all-free round without reject: timer
    // reset at 1000). Executor 2 crashes at 1050: p0 is re-queued with its preference fixed at
    // submission (executor 2, dead); p3 still waits for executor 2 too. At 1100 the freed
    // executors' offers launch p4, p5 (1100-1200) with no delay reject since the last reset, which
    // resets the timer (3.x, TaskSchedulerImpl: noRejectsSinceLastReset) to 1100. PROCESS_LOCAL stays
    // valid through executors 1 and 3's keys: NODE_LOCAL from 4100, ANY from 7100; the first offer
    // after that is the revive tick at 8000.
    const q = query({
      source: { kind: 'kafka', topic: 'events', partitions: 6, recordsPerSecond: 6000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(100)], batches: 2,
    });
    const r = simulate(queryModel([q], {
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]),
      faults: [{ executor: '2', at: 1050, kind: 'crash' }],
    }));
    expect(trace(r, 'q#1/').map((t) => t.replace(/ e\d (8000)/, ' $1'))).toEqual([
      'q#1/read/0 e2 1000-1050 PROCESS_LOCAL lost', 'q#1/read/1 e1 1000-1100 PROCESS_LOCAL', 'q#1/read/2 e3 1000-1100 PROCESS_LOCAL',
      'q#1/read/4 e1 1100-1200 PROCESS_LOCAL', 'q#1/read/5 e3 1100-1200 PROCESS_LOCAL',
      'q#1/read/0 8000-8100 ANY', 'q#1/read/3 8000-8100 ANY',
    ]);
    // the free slots of executors 1 and 3 from 1200 on: a wait of 6800 ms
    expect(r.faults[0]).toMatchObject({ lostTasks: ['q#1/read/0'], recoveredAt: 8100, localityWait: 6800, stalled: true });
  });

  it('with every other task launched, the lists are cleaned (moreTasksToRunIn drops empty keys): the re-run goes ANY at once', () => {
    // 4 partitions on 2 cores each: all launch at 1000 and the next offer round empties every list;
    // executor 2's re-runs then have only dead locations: the valid levels are [ANY]
    const q = query({
      source: { kind: 'kafka', topic: 'events', partitions: 4, recordsPerSecond: 4000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(100)], batches: 2,
    });
    const r = simulate(queryModel([q], {
      executors: execs(['1', 'node1', 2], ['2', 'node2', 2], ['3', 'node3', 2]),
      faults: [{ executor: '2', at: 1050, kind: 'crash' }],
    }));
    const reruns = r.attempts.filter((a) => a.batch === 1 && a.recovery).map((a) => [a.task, a.readyAt, a.launch, a.locality]);
    expect(reruns.sort()).toEqual([['q#1/read/0', 1050, 1050, 'ANY'], ['q#1/read/3', 1050, 1050, 'ANY']]);
  });
});

describe('StateStoreCoordinator: the dead executor stays the location (sec. 1.2-1.3)', () => {
  // 2 partitions of 1000 records (rate 2000/s), read 100 ms; aggregate 50 ms, reload 500 ms,
  // stores on executors 1 and 2. Executor 2 crashes at 1500, between batch 1 (1000-1150) and batch 2.
  const fault = [{ executor: '2', at: 1500, kind: 'crash' as const }];

  it('batch 2: partition 1 prefers the dead executor; it waits process (3 s), then node (3 s), then runs ANY and reloads', () => {
    // aggregate submitted at 2100 (read 2000-2100): p0 PROCESS_LOCAL on 1. p1's list is executor
    // 2's (dead) and host h2's (no executor); PROCESS_LOCAL and NODE_LOCAL stay valid through p0's
    // executor and host, and moreTasksToRunIn never asks whether a list's executor is alive.
    // The all-free round at 2100 had a delay reject: no reset (3.x). NODE_LOCAL from 5100, ANY
    // from 8100; the first offer after that is the revive tick at 9000: 9000-9550 (50 + reload 500).
    const r = simulate(queryModel([query()], { faults: fault }));
    expect(trace(r, 'q#2/aggregate')).toEqual(['q#2/aggregate/0 e1 2100-2150 PROCESS_LOCAL', 'q#2/aggregate/1 e1 9000-9550 ANY reload']);
    expect(r.queryBatches![2]).toEqual({ query: 'q', batchId: 2, triggerAt: 2000, submittedAt: 2000, endedAt: 9550, durationMs: 7550, records: 2000, stateReloads: 1, interval: 1000, lossOf: ['2'] });
    // the orphaned partition is the fault's recovery work: no task was lost, recovery ends at 9550;
    // a slot of executor 1 was free the whole wait (2100-9000)
    expect(r.faults[0]).toMatchObject({ lostTasks: [], orphanedTasks: ['q#2/aggregate/1'], detectedAt: 1500, recoveredAt: 9550, recoveryLatency: 8050, localityWait: 6900, stalled: true });
    // the next batch is local again: the new location (executor 1) reported itself, no reload
    const r4 = simulate(queryModel([query({ batches: 4 })], { faults: fault }));
    expect(trace(r4, 'q#3/aggregate').map((t) => t.split(' ').slice(1, 2)[0])).toEqual(['e1', 'e1']);
    expect(r4.queryBatches![3]).toMatchObject({ triggerAt: 9550, stateReloads: 0 });
  });

  it('a live executor on the dead executor\'s host ends the wait after the process wait alone (NODE_LOCAL at the 6000 tick)', () => {
    // executors 2 and 3 share h2: after 3 s (5100) p1 may run NODE_LOCAL on 3, at the tick at 6000.
    // On Kubernetes every executor is its own host (its pod IP), so this never happens: the
    // previous test's 3 s node wait buys nothing there.
    const r = simulate(queryModel([query()], { executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h2', 2]), faults: fault }));
    expect(trace(r, 'q#2/aggregate/1')).toEqual(['q#2/aggregate/1 e3 6000-6550 NODE_LOCAL reload']);
  });

  it('spark.locality.wait.node = 0 skips the useless node wait (ANY at 6000); process 1 s as well: 4000', () => {
    const w = (process: number, node: number) => conf({ localityWait: { process, node, rack: 3000 } });
    const r = simulate(queryModel([query()], { faults: fault, conf: w(3000, 0) }));
    // NODE_LOCAL from 5100 with a wait of 0: ANY at once, first offer at 6000
    expect(trace(r, 'q#2/aggregate/1')).toEqual(['q#2/aggregate/1 e1 6000-6550 ANY reload']);
    const r1 = simulate(queryModel([query()], { faults: fault, conf: w(1000, 0) }));
    expect(trace(r1, 'q#2/aggregate/1')).toEqual(['q#2/aggregate/1 e1 4000-4550 ANY reload']);
  });

  it('reserved slots: the orphan takes a free reserved slot at its submission (no live executor holds its state)', () => {
    const r = simulate(queryModel([query()], { faults: fault }), { policy: 'reserved-slots', reservedSlots: { perExecutor: {}, all: 1 } });
    const a = r.attempts.find((x) => x.task === 'q#2/aggregate/1')!;
    expect([a.executor, a.launch, a.end, a.locality, a.reservedSlot]).toEqual(['1', 2100, 2650, 'ANY', true]);
    expect(r.faults[0]).toMatchObject({ recoveredAt: 2650, localityWait: 0, stalled: false });
  });

  it('the reload comes from the snapshot and the deltas after it (HDFS), or the full checkpoint (RocksDB without changelog)', () => {
    const net = { bandwidth: 100 * 1024 * 1024, latency: 1 };
    const s = state({ size: 200 * 1024 * 1024, changeSize: 10 * 1024 * 1024, snapshotInterval: 10 });
    // batch 13: 13 mod 10 = 3 deltas: 200 + 30 MiB at 100 MiB/s = 2300 ms, + 1 ms latency
    expect(reloadMs(s, 13, net)).toBe(2301);
    expect(reloadMs({ ...s, provider: 'rocksdb' }, 13, net)).toBe(2001);
    expect(reloadMs({ ...s, provider: 'rocksdb', changelogCheckpointing: true }, 13, net)).toBe(2301);
    expect(reloadMs({ ...s, reload: 500 }, 13, net)).toBe(500);
  });
});

describe('Losses that end a query or re-run a shuffle (reference sec. 2)', () => {
  it('no external shuffle service: a lost map output is re-run after the fetch failure, then the lost reduce task', () => {
    // Kafka, 2 partitions over executors [2 (node2), 1 (node1)]: p0 (even hash) on 2, p1 on 1,
    // 1 core each; read 0-100; aggregate (no state) p0, p1 100-600. Executor 2 crashes at 300:
    // its map output p0 and its running aggregate task are lost. The output is found missing when
    // the re-queued aggregate task runs on executor 1 once it frees (600) and fails to fetch it at
    // once (audit F4); the stages are resubmitted RESUBMIT_TIMEOUT later (800): read p0 again, still
    // preferring the dead executor 2 (no valid local level left: ANY), 800-900; then aggregate
    // 900-1400 (stage attempt 1). Batch 1 triggers late, at 1400, and reads (0, 1400]: 1400 records
    // a partition (140 ms), on the one core left: read 1400-1540, 1540-1680, aggregate 1680-2180, 2180-2680.
    const q = query({
      batches: 2,
      source: { kind: 'kafka', topic: 'events', partitions: 2, recordsPerSecond: 2000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(100), aggregate(500, 2)],
    });
    const r = simulate(queryModel([q], { executors: execs(['1', 'node1', 1], ['2', 'node2', 1]), faults: [{ executor: '2', at: 300, kind: 'crash' }] }));
    // the aggregate tasks (no state) prefer by reduce-side locality: each executor holds 50 % of
    // the map outputs (>= 20 %), so both hosts, NODE_LOCAL anywhere; which task the shuffled offer
    // gives executor 2 is the seed's: call it L (lost), the other K. Re-submitted, the outputs are
    // all on executor 1: node1 only.
    const lost = r.attempts.find((a) => a.status === 'lost')!;
    const L = lost.index;
    const K = 1 - L;
    expect(trace(r, 'q#0/')).toEqual([
      'q#0/read/0 e2 0-100 PROCESS_LOCAL', 'q#0/read/1 e1 0-100 PROCESS_LOCAL',
      ...[`q#0/aggregate/${L} e2 100-300 NODE_LOCAL lost`, `q#0/aggregate/${K} e1 100-600 NODE_LOCAL`].sort(),
      `q#0/aggregate/${L} e1 600-600 NODE_LOCAL failed`, 'q#0/read/0 e1 800-900 ANY', `q#0/aggregate/${L} e1 900-1400 NODE_LOCAL`,
    ]);
    expect(r.queryBatches!.map((b) => [b.triggerAt, b.endedAt])).toEqual([[0, 1400], [1400, 2680]]);
  });

  it('an executor loss counts toward spark.task.maxFailures (a failed pod: exitCausedByApp): the batch fails, the query stops', () => {
    const r = simulate(queryModel([query({ stages: [read(1000)] })], {
      conf: conf({ maxFailures: 1 }), faults: [{ executor: '2', at: 500, kind: 'crash' }],
      executors: execs(['1', 'h1', 1], ['2', 'h2', 1]),
    }));
    expect(r.aborted.map((a) => a.job)).toEqual(['q#0']);
    expect(r.aborted[0].reason).toMatch(/failed 1 times \(spark.task.maxFailures = 1\)/);
    // no batch after the failed one
    expect(r.queryBatches!.map((b) => [b.batchId, b.endedAt])).toEqual([[0, null]]);
  });
});

describe('the locality-wait trade-off of stateful queries (analysis/stateLocality.ts)', () => {
  it('stall after the loss of the executor with the most stores, per wait, and with spark.locality.wait.node = 0', () => {
    // Kafka, 1 partition: p0's hash is even, n = 2, sorted [2 (h2), 1 (h1)]: the read task runs on
    // executor 2 (1000 records, 100 ms). Stores on 1 and 2. Fault-free run: 3 batches, 2150 ms;
    // the loss is at the middle, 1075, of executor 1 (one store each, the first on a tie). Batch 1's
    // aggregate is submitted at 1100: p1 on executor 2 at once, p0 (located on dead executor 1)
    // waits process w, then node w (h2 keeps NODE_LOCAL valid; the timer stays at 1100: the
    // all-free round had a reject), and runs ANY at the first revive tick after 1100 + 2w:
    // w = 0 at 1100 (stall 0), 1 s at 4000 (2900), 3 s at 8000 (6900), 6 s at 14000 (12900);
    // process 3 s and node 0: ANY from 4100, at 5000 (3900).
    const q = query({
      source: { kind: 'kafka', topic: 'events', partitions: 1, recordsPerSecond: 1000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    });
    const t = stateLocalityTradeoff(queryModel([q]))!;
    expect([t.executor, t.at, t.runMs]).toEqual(['1', 1075, 2150]);
    expect(t.points.map((p) => [p.waitMs, p.stallMs, p.reloads])).toEqual([[0, 0, 0], [1000, 2900, 0], [3000, 6900, 0]]);
    // a file at 6 s: the same rule, 14000 - 1100
    expect(stateLocalityTradeoff(withLocalityWait(queryModel([q]), 6000))!.points.map((p) => [p.waitMs, p.stallMs])).toEqual([[0, 0], [1000, 2900], [6000, 12900]]);
    expect(t.nodeZero.stallMs).toBe(3900);
    // (6900 - 0) / 3 s: about two seconds of stall per second of wait
    expect(t.stallPerWaitSecondMs).toBe(2300);
  });

  it('the forked figures are the from-zero ones, for about half the simulations (the examples)', () => {
    for (const f of ['stateful-kafka-k8s', 'multi-query']) {
      const m = parseJobFile(readFileSync(`examples/${f}.sparkjob.yaml`, 'utf8')).model!;
      const t = stateLocalityTradeoff(m)!;
      const fromZero = (mm: JobFile, w: number) => {
        const free = simulate({ ...mm, faults: [] }, { policy: 'spark', withoutAttempts: true });
        const lost = simulate(mm, { faults: [{ executor: t.executor, at: t.at, kind: 'crash' }], policy: 'spark', withoutAttempts: true });
        return { waitMs: w, reloads: free.queryBatches!.reduce((n, b) => n + b.stateReloads, 0), stallMs: lost.faults[0].localityWait, recoveryMs: lost.faults[0].recoveryLatency };
      };
      const current = m.conf.localityWait.process;
      expect(t.points.map((p) => p.waitMs)).toEqual([...new Set([0, 1000, current])].sort((a, b) => a - b));
      expect(t.points.map(({ waitMs, reloads, stallMs, recoveryMs }) => ({ waitMs, reloads, stallMs, recoveryMs })))
        .toEqual(t.points.map((p) => fromZero(withLocalityWait(m, p.waitMs), p.waitMs)));
      const lw = m.conf.localityWait;
      const nz = fromZero({ ...m, conf: { ...m.conf, localityWait: { ...lw, node: 0 } } }, current);
      expect([t.nodeZero.stallMs, t.nodeZero.recoveryMs, t.nodeZero.reloads]).toEqual([nz.stallMs, nz.recoveryMs, nz.reloads]);
      // before: two runs from zero for each of 4 points and for node = 0, plus the base and the
      // middle run (11.5 runs); now one run per point and for node = 0 (the file's own serves its
      // wait) and the middle half-run, each loss a fork: 4.5 runs
      expect(t.cost).toEqual({ fullRuns: t.points.length + 1, forks: t.points.length + 1 });
    }
  });

  it('the file\'s analysis (SJ310) shares its fault-free run with the sweep: the same figures, one run fewer', () => {
    const text = readFileSync('examples/stateful-kafka-k8s.sparkjob.yaml', 'utf8');
    const alone = stateLocalityTradeoff(parseJobFile(text).model!)!;
    const m = parseJobFile(text).model!;
    const sj310 = analyzeFile(m).findings.find((f) => f.code === 'SJ310')!;
    expect(sj310.message).toBe(alone.summary);
    const shared = stateLocalityTradeoff(m)!; // the analysis' own, remembered for the advisor
    expect(shared.points).toEqual(alone.points);
    expect(shared.cost).toEqual({ fullRuns: alone.cost.fullRuns - 1, forks: alone.cost.forks });
  });
});

describe('Kubernetes (cluster.manager: kubernetes; reference sec. 1.3 step 5, sec. 2)', () => {
  const k8s = (m: JobFile, podEventDelay: number): JobFile => ({ ...m, cluster: { ...m.cluster, manager: 'kubernetes', podEventDelay } });

  it('every executor is its own host: the dead store\'s node level never matches, the wait is process + node; detection at the pod event', () => {
    // as the coordinator test: executor 2 crashes at 1500, its pod event arrives 200 ms later
    // (removed at 1700); batch 2's p1 waits 2100 -> 5100 (process) -> 8100 (node: pod-2 has no
    // executor, and no other executor is on pod-2) and runs ANY at the 9000 tick
    const m = k8s(queryModel([query()], { executors: execs(['1', 'pod-1', 2], ['2', 'pod-2', 2]), faults: [{ executor: '2', at: 1500, kind: 'crash' }] }), 200);
    const r = simulate(m);
    expect(trace(r, 'q#2/aggregate/1')).toEqual(['q#2/aggregate/1 e1 9000-9550 ANY reload']);
    expect(r.faults[0]).toMatchObject({ detectedAt: 1700, orphanedTasks: ['q#2/aggregate/1'], recoveredAt: 9550, recoveryLatency: 7850 });
  });

  it('no external shuffle service: the lost map output is found by a FetchFailed, its stage re-run 200 ms later', () => {
    // The shuffle scenario above on pods (pod event at once, no revive): aggregate p0 (e1) and p1
    // (e2) 100-600 NODE_LOCAL (reduce-side locality, 50 % each). Executor 2 dies at 300: p1 is
    // lost; e1 is busy until 600, when p1's re-run launches there and fails at once fetching
    // read/0's output from the dead executor (FetchFailed). RESUBMIT_TIMEOUT: the map stage's
    // attempt 1 at 800 runs read/0 ANY (its Kafka preference is the dead executor) 800-900, then
    // aggregate attempt 1 runs p1 900-1400. Batch 1 triggers late, at 1400.
    const q = query({
      batches: 2,
      source: { kind: 'kafka', topic: 'events', partitions: 2, recordsPerSecond: 2000, maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
      stages: [read(100), aggregate(500, 2)],
    });
    const r = simulate(k8s(queryModel([q], { executors: execs(['1', 'pod-1', 1], ['2', 'pod-2', 1]), faults: [{ executor: '2', at: 300, kind: 'crash' }] }), 0));
    const lost = r.attempts.find((a) => a.status === 'lost')!;
    expect(lost.index).toBe(1); // the seed's offer order puts p1 on e2
    expect(trace(r, 'q#0/')).toEqual([
      'q#0/read/0 e2 0-100 PROCESS_LOCAL', 'q#0/read/1 e1 0-100 PROCESS_LOCAL',
      'q#0/aggregate/0 e1 100-600 NODE_LOCAL', 'q#0/aggregate/1 e2 100-300 NODE_LOCAL lost',
      'q#0/aggregate/1 e1 600-600 NODE_LOCAL failed', 'q#0/read/0 e1 800-900 ANY', 'q#0/aggregate/1 e1 900-1400 NODE_LOCAL',
    ]);
    expect(r.queryBatches!.map((b) => b.triggerAt)).toEqual([0, 1400]);
  });

  it('a failed pod (cause: app, e.g. OOMKilled) counts toward spark.task.maxFailures; a deleted pod (external) does not', () => {
    const base = (cause: 'app' | 'external') => k8s(queryModel([query({ stages: [read(1000)] })], {
      conf: conf({ maxFailures: 1 }), executors: execs(['1', 'pod-1', 1], ['2', 'pod-2', 1]),
      faults: [{ executor: '2', at: 500, kind: 'crash', cause }],
    }), 0);
    const failed = simulate(base('app'));
    expect(failed.aborted.map((a) => a.job)).toEqual(['q#0']);
    expect(failed.queryBatches!.map((b) => b.endedAt)).toEqual([null]);
    const deleted = simulate(base('external'));
    expect(deleted.aborted).toEqual([]);
    expect(deleted.queryBatches!.map((b) => b.batchId)).toEqual([0, 1, 2]);
  });
});

describe('orphaned partitions across stage attempts', () => {
  it('a partition orphaned by a loss is listed once, when its stage is resubmitted after a second loss (fetch failure)', () => {
    // Three queries on one cluster. Executor 2 dies between sparse's batches 6 and 7: batch 7's
    // stateful stage st orphans the partitions whose store was on it. Executor 4 dies during batch 7 with a map output of `mid`, so st's
    // running tasks fail their fetch and st runs a second stage attempt while the orphans are
    // still pending; the second attempt's preferences name executor 2 again (the coordinator
    // keeps it) but the work is the same loss's.
    const text = `version: 1
name: variants
spark: "3.5"
seed: 11
conf:
  spark.sql.shuffle.partitions: 6
cluster:
  manager: kubernetes
  executors: { count: 5, cores: 2 }
queries:
  - name: split
    trigger: 1s
    batches: 12
    source: { kind: kafka, topic: t1, partitions: 3, recordsPerSecond: 3000, maxOffsetsPerTrigger: 2500, minPartitions: 7 }
    stages:
      - { name: read, costPerRecord: 20us, fixed: 5ms }
      - name: agg
        parents: [read]
        costPerRecord: 30us
        state: { size: 8m, changeSize: 1m, provider: rocksdb, changelogCheckpointing: true, snapshotInterval: 5 }
  - name: sparse
    trigger: 500ms
    batches: 15
    source: { kind: kafka, topic: t2, partitions: 8, recordsPerSecond: 9, backlog: 3 }
    stages:
      - { name: read, duration: { dist: uniform, min: 5ms, max: 40ms } }
      - { name: mid, parents: [read], partitions: 3, costPerRecord: 1ms }
      - name: st
        parents: [mid]
        duration: { dist: lognormal, median: 50ms, sigma: 0.4 }
        state: { size: 4m }
  - name: rate
    trigger: 0ms
    duration: 8s
    source: { kind: rate, partitions: 2, recordsPerSecond: 500 }
    stages:
      - { name: scan, costPerRecord: 50us }
      - { name: w, parents: [scan], partitions: 2, duration: 15ms, state: { reload: 200ms } }
faults:
  - { executor: "2", at: 3200ms, kind: crash }
  - { executor: "4", at: 5500ms, kind: crash, replaceAfter: 1s }
`;
    const m = parseJobFile(text).model!;
    const r = simulate(m);
    const orphans = r.faults[0].orphanedTasks ?? [];
    // st/p is executor 2's orphan when its last success before the loss (the coordinator's
    // location, reported by the launch) ran there
    const lastOn = new Map<number, string>();
    for (const a of r.attempts) {
      const mt = /^sparse#\d+\/st\/(\d+)$/.exec(a.task);
      if (mt && a.status === 'success' && a.launch < 3200) lastOn.set(Number(mt[1]), a.executor);
    }
    const expected = [...lastOn].filter(([, x]) => x === '2').map(([p]) => p).sort((a, b) => a - b);
    const batch = r.queryBatches!.find((b) => b.lossOf?.includes('2'))!;
    expect(expected.length).toBeGreaterThan(0);
    expect(orphans).toHaveLength(new Set(orphans).size);
    expect([...orphans].sort()).toEqual(expected.map((p) => `sparse#${batch.batchId}/st/${p}`).sort());
    // not vacuous: st of that batch did run a second stage attempt
    expect(r.attempts.some((a) => a.task.startsWith(`sparse#${batch.batchId}/st/`) && (a.stageAttempt ?? 0) > 0)).toBe(true);
  });
});
