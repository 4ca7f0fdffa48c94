// Random small jobs for property tests: executors, hosts, racks, jobs of chained stages with
// preferences, and one fault somewhere inside the fault-free run.
import fc from 'fast-check';
import type { JobFile, JobSpec, Location, StreamingInputSpec } from '../../../src/format/model';
import { conf, model } from './model';

export const arbModel = fc.record({
  spark: fc.constantFrom('2.2' as const, '3.5' as const),
  seed: fc.integer({ min: 1, max: 1000 }),
  hosts: fc.integer({ min: 1, max: 3 }),
  racks: fc.boolean(),
  execCores: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 4 }),
  wait: fc.constantFrom(0, 100, 500, 1000),
  jobs: fc.array(fc.record({
    submit: fc.integer({ min: 0, max: 600 }),
    stages: fc.array(fc.array(fc.record({
      ms: fc.integer({ min: 20, max: 700 }),
      input: fc.constantFrom(0, 8, 64),
      prefer: fc.array(fc.tuple(fc.constantFrom('exec', 'host'), fc.integer({ min: 0, max: 3 })), { maxLength: 2 }),
    }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 2 }),
  }), { minLength: 1, maxLength: 2 }),
  fault: fc.record({
    exec: fc.integer({ min: 0, max: 3 }), frac: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    kind: fc.constantFrom('crash' as const, 'hang' as const, 'node' as const, 'decommission' as const),
    notice: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
  }),
  // decommissioning (src/engine/decommission.ts): on or ignored, with or without shuffle migration,
  // short migration rounds and few upload threads so that rounds, polls and kills mid-upload happen
  decom: fc.record({
    enabled: fc.constantFrom(true, true, true, false), storage: fc.constantFrom(true, true, true, false), rddBlocks: fc.boolean(),
    reattemptInterval: fc.constantFrom(300, 1000), maxThreads: fc.constantFrom(1, 2),
    forceKillTimeout: fc.option(fc.constantFrom(1000, 3000), { nil: undefined }),
  }),
  // the cluster manager: how the loss reaches the scheduler (one or two loss events, their delay)
  manager: fc.constantFrom('standalone' as const, 'yarn' as const, 'kubernetes' as const),
  reasonDelay: fc.constantFrom(0, 150, 600),
  /** spark.worker.timeout in seconds: 1 lets the standalone Master remove a dead machine first */
  workerTimeout: fc.constantFrom(1, 60),
});

export type Params = typeof arbModel extends fc.Arbitrary<infer T> ? T : never;

export function build(p: Params): JobFile {
  const executors = p.execCores.map((cores, i) => ({
    id: String(i + 1), host: `h${(i % p.hosts) + 1}`, cores, joinAt: 0, ...(p.racks ? { rack: `r${i % 2}` } : {}),
  }));
  const jobs: JobSpec[] = p.jobs.map((j, ji) => ({
    name: `j${ji}`, submit: j.submit,
    stages: j.stages.map((tasks, si) => ({
      name: `s${si}`, parents: si > 0 ? [`s${si - 1}`] : [],
      tasks: tasks.map((t) => ({
        duration: { dist: 'fixed' as const, ms: t.ms }, input: t.input * 1024 * 1024,
        prefer: t.prefer.map(([kind, n]): Location => kind === 'exec'
          ? { kind: 'exec', id: String((n % executors.length) + 1) } : { kind: 'host', name: `h${(n % p.hosts) + 1}` }),
      })),
    })),
  }));
  const m = model({
    spark: p.spark, seed: p.seed, executors, jobs,
    conf: conf({ localityWait: { process: p.wait, node: p.wait, rack: p.wait }, heartbeatInterval: 200, networkTimeout: 1000, timeoutInterval: 300,
      workerTimeout: p.workerTimeout * 1000, raw: { 'spark.network.timeout': '1s' },
      decommission: { shuffleBlocks: true, ...p.decom, ...(p.decom.forceKillTimeout === undefined ? { forceKillTimeout: undefined } : {}) } }),
  });
  m.cluster = { ...m.cluster, manager: p.manager, ...(p.manager === 'kubernetes' ? { podEventDelay: p.reasonDelay } : { lossReasonDelay: p.reasonDelay }) };
  return m;
}


/** The same jobs with spark.speculation on (its keys varied), faults mostly hangs: copies and kills. */
export const arbSpeculative = fc.record({
  base: arbModel,
  interval: fc.constantFrom(50, 100, 250),
  multiplier: fc.constantFrom(1, 1.5, 3),
  quantile: fc.constantFrom(0.25, 0.5, 0.75),
  minTaskRuntime: fc.constantFrom(0, 100),
  durationThreshold: fc.constantFrom(undefined, 300),
  executorCores: fc.constantFrom(undefined, 4),
  hang: fc.boolean(),
}).map((s) => ({ ...s, base: { ...s.base, fault: { ...s.base.fault, kind: s.hang ? 'hang' as const : s.base.fault.kind } } }));

export type SpeculativeParams = typeof arbSpeculative extends fc.Arbitrary<infer T> ? T : never;

export function buildSpeculative(s: SpeculativeParams): JobFile {
  const m = build(s.base);
  const { interval, multiplier, quantile, minTaskRuntime, durationThreshold } = s;
  m.conf = { ...m.conf, executorCores: s.executorCores,
    speculation: { enabled: true, interval, multiplier, quantile, minTaskRuntime, ...(durationThreshold ? { durationThreshold } : {}) } };
  return m;
}

// Streaming files: receivers (relaunched after the fault), replicated or WAL blocks, Kafka
// partitions, the job queue. The fork must agree with the run from zero here too.
export const arbStreaming = fc.record({
  spark: fc.constantFrom('2.2' as const, '3.5' as const),
  seed: fc.integer({ min: 1, max: 1000 }),
  hosts: fc.integer({ min: 1, max: 3 }),
  execCores: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
  wait: fc.constantFrom(0, 100, 500),
  batchInterval: fc.constantFrom(500, 1000),
  batches: fc.integer({ min: 2, max: 4 }),
  blockInterval: fc.constantFrom(100, 200, 400),
  concurrentJobs: fc.integer({ min: 1, max: 2 }),
  receiver: fc.option(fc.record({ replicated: fc.boolean(), wal: fc.boolean(), rate: fc.integer({ min: 100, max: 2000 }) })),
  kafka: fc.option(fc.record({ partitions: fc.integer({ min: 1, max: 6 }), rate: fc.integer({ min: 100, max: 5000 }) })),
  costUs: fc.integer({ min: 10, max: 400 }),
  shuffle: fc.boolean(),
  reserveForReceivers: fc.boolean(),
  backpressure: fc.boolean(),
  fault: fc.record({ exec: fc.integer({ min: 0, max: 3 }), frac: fc.double({ min: 0.05, max: 0.95, noNaN: true }), kind: fc.constantFrom('crash' as const, 'hang' as const, 'node' as const) }),
  manager: fc.constantFrom('standalone' as const, 'yarn' as const, 'kubernetes' as const),
});

export function buildStreaming(p: typeof arbStreaming extends fc.Arbitrary<infer T> ? T : never): JobFile {
  const executors = p.execCores.map((cores, i) => ({ id: String(i + 1), host: `h${(i % p.hosts) + 1}`, cores, joinAt: 0 }));
  const inputs: StreamingInputSpec[] = [];
  if (p.receiver) {
    inputs.push({ kind: 'receiver', name: 'r', storageLevel: p.receiver.replicated ? 'MEMORY_AND_DISK_SER_2' : 'MEMORY_ONLY',
      replication: p.receiver.replicated && !p.receiver.wal ? 2 : 1, recordsPerSecond: p.receiver.rate, recordSize: 1000, writeAheadLog: p.receiver.wal });
  }
  if (p.kafka || !p.receiver) {
    const k = p.kafka ?? { partitions: 2, rate: 1000 };
    inputs.push({ kind: 'kafka-direct', name: 'k', topic: 'events', partitions: k.partitions, locationStrategy: 'PreferConsistent', brokers: {}, fixed: {}, recordsPerSecond: k.rate, recordSize: 100 });
  }
  const outputs = inputs.map((input) => ({
    name: `o${input.name}`,
    stages: [
      { name: 'map', parents: [], input: input.name, costPerRecordUs: p.costUs, fixedUs: 2000 },
      ...(p.shuffle ? [{ name: 'reduce', parents: ['map'], costPerRecordUs: 0, fixedUs: 0, tasks: 2, duration: { dist: 'fixed' as const, ms: 30 } }] : []),
    ],
  }));
  const m = model({
    spark: p.spark, seed: p.seed, executors, jobs: [],
    streaming: { batchInterval: p.batchInterval, batches: p.batches, inputs, outputs },
    recovery: { policy: 'spark', reservedSlots: { perExecutor: {}, all: 1 }, reserveForReceivers: p.reserveForReceivers },
    conf: conf({ localityWait: { process: p.wait, node: p.wait, rack: p.wait }, heartbeatInterval: 200, networkTimeout: 1000, timeoutInterval: 300,
      blockInterval: p.blockInterval, concurrentJobs: p.concurrentJobs,
      raw: { 'spark.network.timeout': '1s', ...(p.backpressure ? { 'spark.streaming.backpressure.enabled': 'true', 'spark.streaming.backpressure.pid.minRate': '10' } : {}) } }),
  });
  m.cluster = { ...m.cluster, manager: p.manager, podEventDelay: 100, lossReasonDelay: 100 };
  return m;
}

/**
 * arbModel's jobs with more of Spark's switches that change recovery: FAIR scheduling (one default
 * pool), the external shuffle service (map outputs outlive their executor), few task failures
 * allowed (a job can abort), a chain of up to four stages, and a follower job (`after`).
 */
export const arbModelWide = fc.record({
  base: arbModel,
  fair: fc.boolean(),
  shuffleService: fc.boolean(),
  maxFailures: fc.constantFrom(1, 2, 4),
  moreStages: fc.array(fc.integer({ min: 20, max: 400 }), { maxLength: 2 }),
  follower: fc.boolean(),
});

export function buildWide(w: typeof arbModelWide extends fc.Arbitrary<infer T> ? T : never): JobFile {
  const m = build(w.base);
  const shuffle = { ...m.conf.shuffle, serviceEnabled: w.shuffleService };
  m.conf = { ...m.conf, schedulerMode: w.fair ? 'FAIR' : 'FIFO', maxFailures: w.maxFailures, shuffle };
  const first = m.jobs[0];
  const stages = [...first.stages];
  for (const ms of w.moreStages) {
    const k = stages.length;
    stages.push({ name: `s${k}`, parents: [`s${k - 1}`], tasks: [0, 1, 2].map(() => ({ duration: { dist: 'fixed' as const, ms }, input: 0, prefer: [] })) });
  }
  m.jobs = [{ ...first, stages }, ...m.jobs.slice(1)];
  if (w.follower) m.jobs.push({ name: 'next', submit: 50, after: first.name, stages: [{ name: 'f', parents: [], tasks: [{ duration: { dist: 'fixed', ms: 120 }, input: 0, prefer: [] }] }] });
  return m;
}

// Micro-batch queries: Kafka ranges over the live executors, state stores whose coordinator keeps a
// dead executor, orphaned partitions as recovery work, late triggers. The fork must agree here too.
export const arbQueries = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  hosts: fc.integer({ min: 1, max: 3 }),
  execCores: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
  wait: fc.constantFrom(0, 100, 500, 1000),
  trigger: fc.constantFrom(0, 300, 1000),
  batches: fc.integer({ min: 2, max: 5 }),
  kafka: fc.boolean(),
  partitions: fc.integer({ min: 1, max: 5 }),
  // a few records a second: most triggers find no new data and run no batch
  rate: fc.oneof(fc.integer({ min: 100, max: 5000 }), fc.constantFrom(1, 3)),
  costUs: fc.integer({ min: 10, max: 400 }),
  statePartitions: fc.integer({ min: 1, max: 4 }),
  stateful: fc.boolean(),
  stores: fc.boolean(),
  reload: fc.constantFrom(0, 50, 300),
  overhead: fc.constantFrom(0, 20),
  twoQueries: fc.boolean(),
  fault: fc.record({ exec: fc.integer({ min: 0, max: 3 }), frac: fc.double({ min: 0.05, max: 0.95, noNaN: true }), kind: fc.constantFrom('crash' as const, 'hang' as const) }),
});

export function buildQueries(p: typeof arbQueries extends fc.Arbitrary<infer T> ? T : never): JobFile {
  const executors = p.execCores.map((cores, i) => ({ id: String(i + 1), host: `h${(i % p.hosts) + 1}`, cores, joinAt: 0 }));
  const query = (name: string, start: number) => ({
    name, start, trigger: p.trigger, availableNow: false, batches: p.batches, overhead: p.overhead,
    source: { kind: p.kafka ? 'kafka' as const : 'rate' as const, topic: 'events', partitions: p.partitions, recordsPerSecond: p.rate,
      maxOffsetsPerTrigger: 0, minPartitions: 0, backlog: 0 },
    stages: [
      { name: 'read', parents: [], partitions: 0, costPerRecordUs: p.costUs, fixedUs: 2000 },
      { name: 'agg', parents: ['read'], partitions: p.statePartitions, costPerRecordUs: 0, fixedUs: 0, duration: { dist: 'fixed' as const, ms: 40 },
        ...(p.stateful ? { state: { reload: p.reload, stores: p.stores ? Array.from({ length: p.statePartitions }, (_, i) => executors[i % executors.length].id) : [],
          size: 0, changeSize: 0, provider: 'hdfs' as const, changelogCheckpointing: false, snapshotInterval: 10 } } : {}) },
    ],
  });
  return model({
    seed: p.seed, executors, jobs: [],
    queries: p.twoQueries ? [query('a', 0), query('b', 150)] : [query('a', 0)],
    conf: conf({ localityWait: { process: p.wait, node: p.wait, rack: p.wait }, heartbeatInterval: 200, networkTimeout: 1000, timeoutInterval: 300,
      raw: { 'spark.network.timeout': '1s' } }),
  });
}
