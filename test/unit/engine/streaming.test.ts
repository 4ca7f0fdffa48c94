// Spark Streaming rules, one test each, with batch times, launches, executors and localities
// derived by hand from Spark's code (reference ../shared/reference/spark-streaming.md sec. 1-3).
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import { sweep, sweepMoments } from '../../../src/engine/analysis/sweep';
import { Cluster } from '../../../src/engine/cluster';
import { floorMod, javaStringHash, preferredExecutor, sortedExecutors, topicPartitionHash, untilOffset, untilOffsets } from '../../../src/engine/streaming/kafkaDirect';
import { newPidState, pidCompute } from '../../../src/engine/streaming/rateController';
import { ReceiverState, rescheduleReceiver, scheduleReceivers } from '../../../src/engine/streaming/receiverSchedulingPolicy';
import { Pref } from '../../../src/engine/workload';
import type { JobFile, KafkaInputSpec, OutputSpec, ReceiverInputSpec, StreamingSpec } from '../../../src/format/model';
import { conf, execs, model } from './model';

const receiver = (over: Partial<ReceiverInputSpec> = {}): ReceiverInputSpec => ({
  kind: 'receiver', name: 'socket', storageLevel: 'MEMORY_AND_DISK_SER_2', replication: 2, recordsPerSecond: 1000,
  recordSize: 100, writeAheadLog: false, ...over,
});
const kafka = (over: Partial<KafkaInputSpec> = {}): KafkaInputSpec => ({
  kind: 'kafka-direct', name: 'events', topic: 'events', partitions: 4, locationStrategy: 'PreferConsistent', brokers: {},
  fixed: {}, recordsPerSecond: 4000, recordSize: 100, ...over,
});
const readInput = (input: string, costUs = 100, fixedUs = 5000): OutputSpec =>
  ({ name: 'counts', stages: [{ name: 'map', parents: [], input, costPerRecordUs: costUs, fixedUs }] });
const fixedJob = (name: string, ms: number): OutputSpec =>
  ({ name, stages: [{ name: 'work', parents: [], costPerRecordUs: 0, fixedUs: 0, tasks: 1, duration: { dist: 'fixed', ms } }] });

function streamingModel(streaming: StreamingSpec, over: Partial<JobFile> & { executors?: ReturnType<typeof execs> } = {}): JobFile {
  const { executors, ...rest } = over;
  return model({ executors: executors ?? execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]), jobs: [], streaming, ...rest });
}

/** "task#attempt eEXEC launch-end LOCALITY [status]" in launch order */
function trace(r: SimulationResult, prefix: string): string[] {
  return r.attempts.filter((a) => a.task.startsWith(prefix))
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality}${a.status === 'success' ? '' : ' ' + a.status}`);
}

describe('JobGenerator: batch times (RecurringTimer, sec. 1.1)', () => {
  it('batch k is at k x batchInterval, the first one interval after the start; one job per output named OUTPUT@T', () => {
    const r = simulate(streamingModel({ batchInterval: 500, batches: 4, inputs: [], outputs: [fixedJob('out', 10)] }));
    expect(r.batches.map((b) => b.time)).toEqual([500, 1000, 1500, 2000]);
    expect(trace(r, 'out').map((t) => t.replace(/ e\d /, ' '))).toEqual([
      'out@500/work/0#0 500-510 PROCESS_LOCAL', 'out@1000/work/0#0 1000-1010 PROCESS_LOCAL',
      'out@1500/work/0#0 1500-1510 PROCESS_LOCAL', 'out@2000/work/0#0 2000-2010 PROCESS_LOCAL',
    ]);
    expect(r.attempts.every((a) => a.batch === Number(a.job.split('@')[1]))).toBe(true);
  });
});

describe('JobScheduler: the queueing test vector of sec. 1.9', () => {
  it('B = 2 s, processing 3 s, concurrentJobs = 1: schedulingDelay grows by 1 s per batch, nothing is dropped', () => {
    const r = simulate(streamingModel({ batchInterval: 2000, batches: 3, inputs: [], outputs: [fixedJob('out', 3000)] }));
    expect(r.batches).toEqual([
      { time: 2000, submission: 2000, processingStart: 2000, processingEnd: 5000, schedulingDelay: 0, processingDelay: 3000, totalDelay: 3000 },
      { time: 4000, submission: 4000, processingStart: 5000, processingEnd: 8000, schedulingDelay: 1000, processingDelay: 3000, totalDelay: 4000 },
      { time: 6000, submission: 6000, processingStart: 8000, processingEnd: 11000, schedulingDelay: 2000, processingDelay: 3000, totalDelay: 5000 },
    ]);
  });

  it('spark.streaming.concurrentJobs = 2: two jobs of different batches run at once (the pool has 2 threads)', () => {
    const r = simulate(streamingModel({ batchInterval: 2000, batches: 3, inputs: [], outputs: [fixedJob('out', 3000)] },
      { conf: conf({ concurrentJobs: 2 }) }));
    expect(r.batches.map((b) => [b.processingStart, b.processingEnd, b.schedulingDelay])).toEqual([[2000, 5000, 0], [4000, 7000, 0], [6000, 9000, 0]]);
  });

  it('two outputs run one after another in (batch, output) order; processingDelay spans both (sec. 1.4-1.5)', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [], outputs: [fixedJob('a', 300), fixedJob('b', 400)] }));
    expect(trace(r, '').map((s) => s.replace(/ e\d /, ' '))).toEqual([
      'a@1000/work/0#0 1000-1300 PROCESS_LOCAL', 'b@1000/work/0#0 1300-1700 PROCESS_LOCAL',
      'a@2000/work/0#0 2000-2300 PROCESS_LOCAL', 'b@2000/work/0#0 2300-2700 PROCESS_LOCAL',
    ]);
    expect(r.batches.map((b) => b.processingDelay)).toEqual([700, 700]);
  });
});

describe('ReceiverSchedulingPolicy (sec. 2.2)', () => {
  const cluster = new Cluster(1);
  for (const [id, host] of [['A', 'h1'], ['B', 'h2'], ['C', 'h3']]) cluster.register(cluster.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
  const ex = (x: number) => (x << 2) | Pref.EXEC;

  it('scheduleReceivers: even spread, then idle executors appended to the shortest list ({A,B,C}, r0 r1 -> [A, C], [B])', () => {
    expect(scheduleReceivers([undefined, undefined], [0, 1, 2], cluster)).toEqual([[ex(0), ex(2)], [ex(1)]]);
  });
  it('scheduleReceivers: a preferred host gets its least loaded executor; an unknown host stays a host location', () => {
    // r0 -> C (its host), r1 -> host h9 (no executor), r2 -> A (fewest, first); idle B goes to the
    // first shortest list (Scala's minBy): r0
    const h9 = cluster.hostOf('h9');
    expect(scheduleReceivers([cluster.findHost('h3'), h9, undefined], [0, 1, 2], cluster))
      .toEqual([[ex(2), ex(1)], [(h9 << 2) | Pref.HOST], [ex(0)]]);
  });
  it('rescheduleReceiver: idle executors first; else the minimum weight (ACTIVE 1.0, SCHEDULED 1/|candidates|)', () => {
    const active = (x: number) => ({ state: ReceiverState.Active, scheduled: null, running: x });
    expect(rescheduleReceiver(undefined, [active(0)], [0, 1, 2])).toEqual([ex(1), ex(2)]);
    const sched = { state: ReceiverState.Scheduled, scheduled: [ex(1), ex(2)], running: -1 };
    expect(rescheduleReceiver(undefined, [active(0), sched], [0, 1, 2])).toEqual([ex(1), ex(2)]);
    expect(rescheduleReceiver(undefined, [active(0), active(1), sched], [0, 1, 2])).toEqual([ex(2)]);
  });
});

describe('Receivers: a long-running task holding a slot (sec. 2.1, 5.3)', () => {
  it('the receiver task starts at 0 on a candidate and runs until the end of the run (success); batch tasks use the other slot', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [receiver()], outputs: [fixedJob('out', 1500)] },
      { executors: execs(['1', 'h1', 2]) }));
    // the receiver ends with the run (the last batch's job ends at 4000)
    expect(trace(r, 'receiver')).toEqual(['receiver:socket#0 e1 0-4000 PROCESS_LOCAL']);
    // one slot left: batch 2000 queues behind batch 1000 in the pool (concurrentJobs = 1)
    expect(trace(r, 'out')).toEqual(['out@1000/work/0#0 e1 1000-2500 PROCESS_LOCAL', 'out@2000/work/0#0 e1 2500-4000 PROCESS_LOCAL']);
  });

  it('spark.locality.wait = 0 and busy candidates: the refused receiver bounces once per registration round trip', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 3, inputs: [receiver({ name: 'r0' }), receiver({ name: 'r1' })], outputs: [fixedJob('out', 1)] }, {
      executors: [...execs(['1', 'h1', 1], ['2', 'h2', 1]), { id: '3', host: 'h3', cores: 1, joinAt: 1000 }],
      conf: conf({ localityWait: { process: 0, node: 0, rack: 0 } }),
      jobs: [{ name: 'hold', submit: 0, stages: [{ name: 's', parents: [], tasks: [{ duration: { dist: 'fixed', ms: 2000 }, input: 0, prefer: [{ kind: 'exec', id: '1' }] }] }] }],
    }));
    const r0 = r.attempts.filter((a) => a.task === 'receiver:r0');
    // refused on e3 from 1000 (when it joins) to 2000, one attempt per ms (the batch jobs take e3 at
    // 1000 and 2000 for 1 ms), then accepted on e1 when the hold task ends at 2000
    expect(r0.filter((a) => a.executor === '3').every((a) => a.end - a.launch === 1)).toBe(true);
    expect(r0.length).toBeGreaterThan(900);
    expect(r0[r0.length - 1]).toMatchObject({ executor: '1', launch: 2000, locality: 'PROCESS_LOCAL' });
  });

  it('receivers holding every slot: batches can never run (sec. 5.3), the run stops with that reason', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [receiver()], outputs: [readInput('socket')] },
      { executors: execs(['1', 'h1', 1]) }));
    expect(r.attempts.filter((a) => a.job.startsWith('counts'))).toEqual([]);
    expect(r.aborted.map((a) => a.job)).toEqual(['counts@1000', 'counts@2000']);
    expect(r.aborted[0].reason).toBe('no free slot: receivers hold every slot of the live executors (reference sec. 5.3)');
    // batch 1000's job has started (a pool thread runs it: JobStarted), its tasks never launch
    expect(r.batches.map((b) => [b.processingStart, b.processingEnd])).toEqual([[1000, null], [null, null]]);
  });

  it('a registration outside the candidates is refused and the receiver launched again with the same candidates', () => {
    // r0 -> [e1], r1 -> [e2]; e3 joins at 1 s. A batch task holds e1 until 10 s. r0's task
    // prefers e1: PROCESS_LOCAL then NODE_LOCAL (e1's host) wait 3 s each; at 6 s it runs at ANY
    // on e3 and is refused (the 1 ms registration round trip). RestartReceiver: the stored [e1] is alive, so the new job
    // prefers e1 again (its timer from 6 s); e1 frees at 10 s and the receiver is accepted there.
    const r = simulate(streamingModel({
      batchInterval: 1000, batches: 11,
      inputs: [receiver({ name: 'r0' }), receiver({ name: 'r1' })], outputs: [fixedJob('out', 1)],
    }, {
      executors: [...execs(['1', 'h1', 1], ['2', 'h2', 1]), { id: '3', host: 'h3', cores: 1, joinAt: 1000 }],
      jobs: [{ name: 'hold', submit: 0, stages: [{ name: 's', parents: [], tasks: [{ duration: { dist: 'fixed', ms: 10_000 }, input: 0, prefer: [{ kind: 'exec', id: '1' }] }] }] }],
    }));
    expect(trace(r, 'receiver:r0')).toEqual([
      'receiver:r0#0 e3 6000-6001 ANY', 'receiver:r0#0 e1 10000-11001 PROCESS_LOCAL',
    ]);
    expect(trace(r, 'receiver:r1')).toEqual(['receiver:r1#0 e2 0-11001 PROCESS_LOCAL']);
  });

  it('after its executor is lost the task is retried (returns at once) and the receivers are placed again by weight, idle executors first', () => {
    // e2 and e3 join after StartAllReceivers: a -> [e1], b -> [e1]. e1 crashes at 1500: both
    // tasks are retried at once (0 ms) and their jobs end; RestartReceiver(a): a INACTIVE, b still
    // ACTIVE on the dead e1, so e2 and e3 are idle: both candidates; a registers on one of them;
    // RestartReceiver(b): a ACTIVE there weighs 1.0, the other executor is the only idle one.
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 3, inputs: [receiver({ name: 'a' }), receiver({ name: 'b' })], outputs: [fixedJob('out', 10)] }, {
      executors: [...execs(['1', 'h1', 2]), { id: '2', host: 'h2', cores: 2, joinAt: 100 }, { id: '3', host: 'h3', cores: 2, joinAt: 100 }],
      faults: [{ executor: '1', at: 1500, kind: 'crash' }],
    }));
    const tr = (n: string) => trace(r, `receiver:${n}`).map((s) => s.replace(/ e[23] /, ' eX '));
    expect(tr('a')).toEqual(['receiver:a#0 e1 0-1500 PROCESS_LOCAL lost', 'receiver:a#1 eX 1500-1500 ANY', 'receiver:a#0 eX 1500-3010 PROCESS_LOCAL']);
    expect(tr('b')).toEqual(['receiver:b#0 e1 0-1500 PROCESS_LOCAL lost', 'receiver:b#1 eX 1500-1500 ANY', 'receiver:b#0 eX 1500-3010 PROCESS_LOCAL']);
    const lost = r.faults[0].lostReceivers!;
    expect(lost.map((l) => [l.receiver, l.relaunchedAt])).toEqual([['receiver:a', 1500], ['receiver:b', 1500]]);
    expect(new Set(lost.map((l) => l.executor))).toEqual(new Set(['2', '3']));
  });
});

describe('Blocks: BlockGenerator, replicas, BlockRDD (sec. 2.3-2.5)', () => {
  it('spark.streaming.receiver.maxRate caps the records per block (RateLimiter, sec. 2.7)', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [receiver()], outputs: [readInput('socket', 1000, 0)] },
      { conf: conf({ raw: { 'spark.streaming.receiver.maxRate': '250' } }) }));
    // 250 records/s: 50 records per 200 ms block, 1 ms each
    expect(r.attempts.filter((a) => a.job === 'counts@2000').every((a) => a.end - a.launch === 50)).toBe(true);
  });

  // e2 and e3 register after StartAllReceivers: the receiver's only candidate is e1
  const LATE = [...execs(['1', 'h1', 1]), { id: '2', host: 'h2', cores: 1, joinAt: 100 }, { id: '3', host: 'h3', cores: 1, joinAt: 100 }];
  const spec = (input: ReceiverInputSpec): StreamingSpec => ({ batchInterval: 1000, batches: 3, inputs: [input], outputs: [readInput(input.name)] });

  it('one block per blockInterval with rate x interval records; batch T gets the blocks sealed before T; one task per block', () => {
    const r = simulate(streamingModel(spec(receiver())));
    const tasks = (t: number) => r.attempts.filter((a) => a.job === `counts@${t}`);
    // ticks 200..800 for batch 1000 (tick 0 is empty), 1000..1800 for 2000
    expect(tasks(1000)).toHaveLength(4);
    expect(tasks(2000)).toHaveLength(5);
    // 200 records x 100 us + 5 ms
    expect(tasks(2000).every((a) => a.end - a.launch === 25)).toBe(true);
  });

  it('a _2 level copies each block to one other executor chosen by the seed; BlockRDD tasks prefer both (PROCESS_LOCAL)', () => {
    const m = streamingModel(spec(receiver()));
    const a = simulate(m);
    const b = simulate(m);
    expect(a).toEqual(b);
    expect(a.attempts.filter((x) => x.job.startsWith('counts')).every((x) => x.locality === 'PROCESS_LOCAL')).toBe(true);
    const runs = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(simulate({ ...m, seed }).attempts.filter((x) => x.job.startsWith('counts')).map((x) => x.executor)));
    expect(new Set(runs).size).toBeGreaterThan(1);
  });

  it('losing the only copy before generation drops the blocks silently (master.contains filter)', () => {
    // MEMORY_ONLY: no replica. The receiver's executor crashes at 1500 (detected at once).
    // Batch 1000 ran already. Blocks 1000..1400 of batch 2000 are gone before 2000: dropped.
    // (locality wait 0: batch 1000's tasks read e1's blocks remotely at once instead of waiting
    // for e1's slot, which the receiver holds)
    const m = streamingModel(spec(receiver({ storageLevel: 'MEMORY_ONLY', replication: 1 })), {
      executors: LATE, faults: [{ executor: '1', at: 1500, kind: 'crash' }], conf: conf({ localityWait: { process: 0, node: 0, rack: 0 } }),
    });
    const r = simulate(m);
    const onE1 = r.attempts.find((x) => x.task === 'receiver:socket' && x.launch === 0)!.executor;
    expect(onE1).toBe('1');
    expect(r.dataLoss!.filter((d) => d.kind === 'dropped').map((d) => [d.block, d.batch])).toEqual([
      ['input-socket-800', 2000], ['input-socket-1000', 2000], ['input-socket-1200', 2000],
    ]);
    expect(r.aborted).toEqual([]);
    // only the blocks of the relaunched receiver (from 1500: ticks 1600 and 1800) are in batch 2000
    expect(r.attempts.filter((a) => a.job === 'counts@2000').map((a) => a.index).sort()).toEqual([0, 1]);
  });

  it('a crash after generation: the BlockRDD task fails "block not found" spark.task.maxFailures times; the job fails and the app stops', () => {
    // Tasks take 2 s on e2 and e3: batch 1000's blocks 0 and 1 run at 1000-3001 (remote reads),
    // blocks 2 and 3 wait; e1 (the only copy) crashes at 2500; at 3001 they fail at once (1 ms,
    // the fetch latency), are retried, and the 4th failure aborts counts@1000: the app stops,
    // batch 2000 never starts and no batch is generated after.
    const m = streamingModel({ batchInterval: 1000, batches: 4, inputs: [receiver({ storageLevel: 'MEMORY_ONLY', replication: 1 })], outputs: [readInput('socket', 0, 2_000_000)] }, {
      executors: LATE, faults: [{ executor: '1', at: 2500, kind: 'crash' }],
      conf: conf({ localityWait: { process: 0, node: 0, rack: 0 } }),
    });
    const r = simulate(m);
    const failed = r.attempts.filter((a) => a.status === 'failed');
    expect(failed.every((a) => a.job === 'counts@1000' && a.end - a.launch === 1)).toBe(true);
    expect(r.dataLoss!.filter((d) => d.kind === 'task-failed').map((d) => [d.block, d.batch])).toEqual([['input-socket-400', 1000], ['input-socket-600', 1000]]);
    expect(r.aborted[0].job).toBe('counts@1000');
    expect(r.aborted[0].reason).toContain('block not found');
    expect(r.batches.map((b) => [b.time, b.processingStart, b.processingEnd])).toEqual([[1000, 1000, failed[failed.length - 1].end], [2000, null, null], [3000, null, null]]);
  });

  it('with a replica the batch survives the crash: tasks run on the surviving copy', () => {
    const m = streamingModel(spec(receiver()), { executors: execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h3', 1]), faults: [{ executor: '1', at: 1500, kind: 'crash' }] });
    const r = simulate(m);
    expect(r.dataLoss).toEqual([]);
    expect(r.aborted).toEqual([]);
  });

  it('writeAheadLog: no replica, but a block lost with its executor is read back from the log at remote cost', () => {
    const m = streamingModel({ batchInterval: 1000, batches: 4, inputs: [receiver({ storageLevel: 'MEMORY_ONLY', replication: 1, writeAheadLog: true })], outputs: [readInput('socket', 0, 2_000_000)] }, {
      executors: LATE, faults: [{ executor: '1', at: 2500, kind: 'crash' }],
      conf: conf({ localityWait: { process: 0, node: 0, rack: 0 } }), network: { bandwidth: 20_000, latency: 1 },
    });
    const r = simulate(m);
    expect(r.dataLoss).toEqual([]);
    expect(r.aborted).toEqual([]);
    // blocks 2 and 3 of batch 1000 start at 4001, after the crash: 200 records of 100 b = 20000 b
    // read from the log at 20000 b/s: 1000 ms + 1 ms latency on top of 2000 ms
    // (blocks 0 and 1, read remotely from e1 before the crash, cost the same)
    expect(r.attempts.filter((a) => a.job === 'counts@1000').map((a) => [a.index, a.launch, a.end - a.launch]).sort((a, b) => a[0] - b[0]))
      .toEqual([[0, 1000, 3001], [1, 1000, 3001], [2, 4001, 3001], [3, 4001, 3001]]);
    // spark.streaming.receiver.writeAheadLog.enable does the same for every receiver
    const viaConf = simulate({ ...m, conf: { ...m.conf, raw: { 'spark.streaming.receiver.writeAheadLog.enable': 'true' } },
      streaming: { ...m.streaming!, inputs: [receiver({ storageLevel: 'MEMORY_AND_DISK_SER_2', replication: 2 })] } });
    expect(viaConf.attempts).toEqual(r.attempts);
  });
});

describe('Kafka direct (sec. 3)', () => {
  it('TopicPartition.hashCode and the PreferConsistent test vector of sec. 3.2', () => {
    expect(javaStringHash('events')).toBe(-1291329255);
    expect([0, 1, 2, 3].map((p) => topicPartitionHash('events', p))).toEqual([-1291328294, -1291328263, -1291328232, -1291328201]);
    expect([0, 1, 2, 3].map((p) => floorMod(topicPartitionHash('events', p), 3))).toEqual([1, 2, 0, 1]);
    const c = new Cluster(1);
    for (const [id, host] of [['1', 'h1'], ['2', 'h1'], ['3', 'h2']]) c.register(c.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    expect(sortedExecutors(c).map((x) => c.executors[x].id)).toEqual(['3', '2', '1']);
    expect([0, 1, 2, 3].map((p) => c.executors[preferredExecutor(c, kafka(), p)].id)).toEqual(['2', '1', '3', '2']);
  });

  it('one task per partition per batch, each PROCESS_LOCAL on its PreferConsistent executor', () => {
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [kafka()], outputs: [readInput('events')] }, {
      executors: execs(['1', 'h1', 2], ['2', 'h1', 2], ['3', 'h2', 2]),
    }));
    const b1 = r.attempts.filter((a) => a.job === 'counts@1000').sort((a, b) => a.index - b.index);
    expect(b1.map((a) => [a.index, a.executor, a.locality])).toEqual([[0, '2', 'PROCESS_LOCAL'], [1, '1', 'PROCESS_LOCAL'], [2, '3', 'PROCESS_LOCAL'], [3, '2', 'PROCESS_LOCAL']]);
    // 4000 records/s over 4 partitions: 1000 records each, 100 us each + 5 ms
    expect(b1.every((a) => a.end - a.launch === 105)).toBe(true);
  });

  it('PreferBrokers: the executors on the leader host, hash modulo their count', () => {
    const c = new Cluster(1);
    for (const [id, host] of [['1', 'h1'], ['2', 'h1'], ['3', 'h2']]) c.register(c.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    const input = kafka({ locationStrategy: 'PreferBrokers', brokers: { 0: 'h2', 1: 'h1', 2: 'h1', 3: 'nohost' } });
    // h1's executors sorted: [2, 1]; p1 hash mod 2 = 1 -> '1', p2 mod 2 = 0 -> '2'; p3 unknown host -> all, mod 3 = 1 -> '2'
    expect([0, 1, 2, 3].map((p) => c.executors[preferredExecutor(c, input, p)].id)).toEqual(['3', '1', '2', '2']);
  });

  it('PreferFixed: the fixed host\'s executors; partitions not in the map prefer all executors', () => {
    const c = new Cluster(1);
    for (const [id, host] of [['1', 'h1'], ['2', 'h1'], ['3', 'h2']]) c.register(c.add({ id, host, cores: 1, joinAt: 0 }, id, 0), 0);
    const input = kafka({ locationStrategy: 'PreferFixed', fixed: { 0: 'h2', 1: 'h1' } });
    // p0 -> h2: [3]; p1 -> h1: [2, 1], hash mod 2 = 1 -> '1'; p2, p3 -> all three as PreferConsistent
    expect([0, 1, 2, 3].map((p) => c.executors[preferredExecutor(c, input, p)].id)).toEqual(['3', '1', '3', '2']);
  });

  it('maxRatePerPartition clamps each batch to floor(batchSeconds x rate) records (3.x: at least minRatePerPartition)', () => {
    expect(untilOffset(0, 5000, 1000, { maxRatePerPartition: 300, minRatePerPartition: 1 }, '3.5')).toBe(300);
    expect(untilOffset(0, 5000, 1000, { maxRatePerPartition: 0, minRatePerPartition: 1 }, '3.5')).toBe(5000);
    expect(untilOffset(0, 5000, 100, { maxRatePerPartition: 5, minRatePerPartition: 1 }, '3.5')).toBe(1);
    expect(untilOffset(0, 5000, 100, { maxRatePerPartition: 5, minRatePerPartition: 1 }, '2.2')).toBe(0);
    const r = simulate(streamingModel({ batchInterval: 1000, batches: 2, inputs: [kafka()], outputs: [readInput('events', 1000, 0)] },
      { conf: conf({ raw: { 'spark.streaming.kafka.maxRatePerPartition': '300' } }) }));
    // backlog: 1000 arrive per partition per batch, 300 are read
    expect(r.attempts.filter((a) => a.job.startsWith('counts')).every((a) => a.end - a.launch === 300)).toBe(true);
  });
});

describe('Faults during streaming', () => {
  it('lost BlockRDD tasks are re-run and the receiver relaunched; the run is deterministic', () => {
    const m = streamingModel({ batchInterval: 1000, batches: 4, inputs: [receiver()], outputs: [readInput('socket', 10_000, 0)] },
      { faults: [{ executor: '1', at: 2100, kind: 'crash' }] });
    const r = simulate(m);
    expect(simulate(m)).toEqual(r);
    const f = r.faults[0];
    expect(f.lostReceivers!.length + f.lostTasks.length).toBeGreaterThan(0);
    expect(f.lostTasks.every((t) => /^counts@\d+\/map\/\d+$/.test(t))).toBe(true);
  });

  it('recovery.reserveForReceivers: the relaunched receiver takes a reserved slot at once', () => {
    const m = streamingModel({ batchInterval: 1000, batches: 3, inputs: [receiver()], outputs: [fixedJob('out', 10)] }, {
      executors: [...execs(['1', 'h1', 1]), { id: '2', host: 'h2', cores: 1, joinAt: 100 }],
      faults: [{ executor: '1', at: 1500, kind: 'crash' }],
      recovery: { policy: 'reserved-slots', reservedSlots: { perExecutor: {}, all: 1 }, reserveForReceivers: true },
    });
    const r = simulate(m);
    const relaunch = r.attempts.filter((a) => a.task === 'receiver:socket' && a.launch >= 1500 && a.end > 1500);
    expect(relaunch.map((a) => [a.executor, a.launch, a.reservedSlot, a.recovery])).toEqual([['2', 1500, true, true]]);
    // the batch jobs keep e2's normal slot
    expect(r.attempts.filter((a) => a.job.startsWith('out')).every((a) => a.executor === '2' && !a.reservedSlot)).toBe(true);
    const without = simulate({ ...m, recovery: { ...m.recovery, reserveForReceivers: false } });
    expect(without.attempts.filter((a) => a.task === 'receiver:socket' && a.launch >= 1500 && a.end > 1500).map((a) => a.reservedSlot)).toEqual([false]);
  });
});

describe('The fault sweep on streaming files (moments over the run)', () => {
  it('reports lost BlockRDD tasks and the lost receiver with its relaunch', () => {
    const m = streamingModel({ batchInterval: 1000, batches: 6, inputs: [receiver()], outputs: [readInput('socket', 2000, 0)] },
      { executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]) });
    const s = sweep(m, { times: 3 });
    expect(sweepMoments(s.makespan, 3)).toEqual([...new Set(s.faults.map((f) => f.at))]);
    const onReceiver = s.faults.filter((f) => (f.lostReceivers ?? []).length > 0);
    expect(onReceiver.length).toBe(3); // one executor runs the receiver, at every moment
    for (const f of onReceiver) {
      expect(f.lostReceivers![0].receiver).toBe('receiver:socket');
      expect(f.lostReceivers![0].relaunchedAt).toBeGreaterThanOrEqual(f.at); // its retry waits for a free slot
    }
    expect(s.faults.some((f) => f.lostTasks > 0)).toBe(true);
    expect(s.faults.every((f) => f.lostBlocks!.length === 0)).toBe(true); // every block has a replica
  });

  it('Kafka re-runs stall on the locality levels of their dead executor; a reserved slot ends the stall', () => {
    const m = streamingModel({ batchInterval: 1000, batches: 8, inputs: [kafka({ partitions: 6 })], outputs: [readInput('events', 1000, 5000)] },
      { executors: execs(['1', 'h1', 2], ['2', 'h2', 2], ['3', 'h3', 2]) });
    const s = sweep(m, { times: 4 });
    const stalled = s.faults.filter((f) => f.stalled);
    expect(stalled.length).toBeGreaterThan(0);
    for (const f of stalled) expect(f.withReservedSlotMs!).toBeLessThan(f.recoveryLatency!);
  });
});

describe('Backpressure: RateController and PIDRateEstimator (sec. 2.7, 3.3)', () => {
  it('PIDRateEstimator: the first valid batch only initialises; then rate - kp x error - ki x historicalError', () => {
    const p = { batchIntervalMs: 1000, proportional: 1, integral: 0.2, derivative: 0, minRate: 100 };
    const st = newPidState();
    expect(pidCompute(st, p, 1100, 1000, 100, 0)).toBeUndefined(); // latestRate = 10000/s
    expect(pidCompute(st, p, 1100, 1000, 100, 0)).toBeUndefined(); // time not after latestTime
    expect(pidCompute(st, p, 2200, 0, 200, 0)).toBeUndefined(); // no records
    expect(pidCompute(st, p, 2200, 2000, 200, 0)).toBe(10000);
    // processingRate 6000/s, error 4000, historicalError 100 x 6000 / 1000 = 600
    expect(pidCompute(st, p, 3500, 3000, 500, 100)).toBe(10000 - 4000 - 0.2 * 600);
    // never below minRate
    expect(pidCompute(st, p, 4500, 10, 1000, 5000)).toBe(100);
  });

  it('Kafka: each partition gets its share of the lag of the estimated rate, capped by maxRatePerPartition', () => {
    const rates = { maxRatePerPartition: 0, minRatePerPartition: 1 };
    expect(untilOffsets([0, 0], [300, 100], 1000, rates, '3.5', 200)).toEqual([150, 50]);
    expect(untilOffsets([0, 0], [300, 100], 1000, { ...rates, maxRatePerPartition: 120 }, '3.5', 200)).toEqual([120, 50]);
    expect(untilOffsets([0, 0], [300, 100], 1000, rates, '3.5', -1)).toEqual([300, 100]); // no rate yet: unbounded
    expect(untilOffsets([5, 5], [5, 5], 1000, rates, '3.5', 200)).toEqual([5, 5]); // no lag
    // no rate and no cap: the latest offsets, on either line (kafkaPartitions takes them without the call)
    for (const spark of ['2.2', '3.5'] as const) expect(untilOffsets([0, 40], [300, 300], 1000, rates, spark, -1)).toEqual([300, 300]);
  });

  it('an overloaded Kafka stream: with backpressure later batches read fewer records and queue less', () => {
    const spec: StreamingSpec = { batchInterval: 1000, batches: 12, inputs: [kafka()], outputs: [readInput('events', 1500, 0)] };
    const conf1 = (raw: Record<string, string>) => conf({ raw, localityWait: { process: 0, node: 0, rack: 0 } });
    const without = simulate(streamingModel(spec, { conf: conf1({}) }));
    const withBp = simulate(streamingModel(spec, { conf: conf1({ 'spark.streaming.backpressure.enabled': 'true' }) }));
    const last = (r: SimulationResult) => r.batches[r.batches.length - 1].schedulingDelay!;
    expect(last(withBp)).toBeLessThan(last(without));
    const perTask = (r: SimulationResult, t: number) => r.attempts.filter((a) => a.job === `counts@${t}`).map((a) => a.end - a.launch);
    // batches 1000 and 2000 are unbounded (no rate before the 2nd completed batch): 1000 records x 1.5 ms
    expect(perTask(withBp, 1000)).toEqual([1500, 1500, 1500, 1500]);
    expect(Math.max(...perTask(withBp, 12000))).toBeLessThan(1500);
  });
});
