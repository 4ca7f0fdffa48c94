// The model: the examples, defaults, both cluster forms, every task form, conf units per key.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile, type TaskGroupSpec } from '../../../src/format';
import { heartbeatTimeoutMs } from '../../../src/format/conf';
import { CONF_KEYS } from '../../../src/format/confKeys';
import { clean, file, one } from './helpers';

const example = (name: string) => readFileSync(join(__dirname, '../../../examples', `${name}.sparkjob.yaml`), 'utf8');

describe('examples', () => {
  it('paper-fig2: 3 executors, spark 2.2, locality wait 3 s, crash at 1250 ms', () => {
    const r = parseJobFile(example('paper-fig2'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = r.model!;
    expect(m.spark).toBe('2.2');
    expect(m.seed).toBe(7);
    expect(m.cluster.executors.map((e) => [e.id, e.host, e.cores])).toEqual([['1', 'node1', 1], ['2', 'node2', 1], ['3', 'node3', 1]]);
    expect(m.conf.localityWait).toEqual({ process: 3000, node: 3000, rack: 3000 });
    expect(m.faults).toEqual([{ executor: '2', at: 1250, kind: 'crash' }]);
    expect(m.jobs[0].submit).toBe(1100);
    const tasks = m.jobs[0].stages[0].tasks;
    expect(Array.isArray(tasks) && tasks[1]).toEqual({
      duration: { dist: 'fixed', ms: 250 },
      input: 64 * 1024 * 1024,
      prefer: [{ kind: 'host', name: 'node2' }, { kind: 'host', name: 'node1' }],
    });
    expect(m.recovery.reservedSlots).toEqual({ perExecutor: { '1': 1 }, all: 0 });
    expect(m.network).toEqual({ bandwidth: 125 * 1024 * 1024, latency: 1 });
  });

  it('locality-batch: template cluster of 8 on 2 racks, replica rule, uniform durations', () => {
    const r = parseJobFile(example('locality-batch'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = r.model!;
    expect(m.cluster.executors).toHaveLength(8);
    expect(m.cluster.executors[4]).toEqual({ id: '5', host: 'node5', cores: 4, rack: 'rack2', joinAt: 0 });
    const read = m.jobs[0].stages[0].tasks as TaskGroupSpec;
    expect(read).toEqual({ count: 96, duration: { dist: 'uniform', min: 400, max: 900 }, input: 128 * 1024 * 1024, prefer: { replicas: 3, on: 'hosts' } });
    expect(m.jobs[0].stages[1].parents).toEqual(['read']);
    expect(m.network.rackBandwidth).toBe(250 * 1024 * 1024);
    expect(m.recovery.reservedSlots.all).toBe(1);
    expect(m.faults[0]).toMatchObject({ executor: '3', at: 1500 });
  });

  it('heartbeat-hang: hang fault, timeouts, lognormal durations', () => {
    const r = parseJobFile(example('heartbeat-hang'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = r.model!;
    expect(m.conf).toMatchObject({ heartbeatInterval: 1000, networkTimeout: 10_000, timeoutInterval: 2000 });
    expect(heartbeatTimeoutMs(m.conf, m.spark)).toBe(10_000);
    expect(m.faults[0]).toEqual({ executor: '2', at: 5000, kind: 'hang', replaceAfter: 30_000 });
    expect((m.jobs[0].stages[0].tasks as TaskGroupSpec).duration).toEqual({ dist: 'lognormal', median: 1500, sigma: 0.3 });
  });
});

describe('defaults', () => {
  it('fills every default of the spec', () => {
    const m = clean(file()).model!;
    expect(m.spark).toBe('3.5');
    expect(m.seed).toBe(1);
    expect(m.name).toBeUndefined();
    expect(m.network).toEqual({ bandwidth: 131_072_000, latency: 1 });
    expect(m.faults).toEqual([]);
    expect(m.recovery).toEqual({ policy: 'spark', reservedSlots: { perExecutor: {}, all: 0 }, reserveForReceivers: false });
    expect(m.analysis).toEqual({ sweep: true, sweepTimes: 8, sweepHangs: false, stallThreshold: 100 });
    expect(m.jobs[0]).toEqual({ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: 2, duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: [] } }] });
    expect(m.cluster.executors[0]).toEqual({ id: '1', host: 'node1', cores: 2, joinAt: 0 });
    expect(m.cluster.executors[1].rack).toBe('r1');
    const c = m.conf;
    expect(c).toMatchObject({
      localityWait: { process: 3000, node: 3000, rack: 3000 },
      legacyResetOnTaskLaunch: false,
      reduceLocality: true,
      reviveInterval: 1000,
      schedulerMode: 'FIFO',
      taskCpus: 1,
      maxFailures: 4,
      heartbeatInterval: 10_000,
      networkTimeout: 120_000,
      timeoutInterval: 60_000,
      blockInterval: 200,
      concurrentJobs: 1,
      speculation: { enabled: false, interval: 100, multiplier: 1.5, quantile: 0.75 },
      raw: {},
    });
    expect(c.executorCores).toBeUndefined();
    expect(c.blockManagerHeartbeatTimeout).toBeUndefined();
    expect(c.defaultParallelism).toBeUndefined();
  });

  it('accepts spark as a number and as a string', () => {
    expect(clean(file({ head: 'spark: 2.2\n' })).model!.spark).toBe('2.2');
    expect(clean(file({ head: "spark: '3.5'\n" })).model!.spark).toBe('3.5');
  });

  it('per-level locality waits default to spark.locality.wait', () => {
    const c = clean(file({ conf: 'spark.locality.wait: 2s\nspark.locality.wait.node: 0' })).model!.conf;
    expect(c.localityWait).toEqual({ process: 2000, node: 0, rack: 2000 });
  });
});

describe('conf: a bare number takes the key\'s unit (reference 5.2)', () => {
  it.each([
    ['spark.locality.wait', 3000, 3000],
    ['spark.locality.wait.process', 10, 10],
    ['spark.locality.wait.node', 10, 10],
    ['spark.locality.wait.rack', 10, 10],
    ['spark.network.timeout', 120, 120_000],
    ['spark.network.timeoutInterval', 500, 500],
    ['spark.executor.heartbeatInterval', 500, 500],
    ['spark.scheduler.revive.interval', 50, 50],
    ['spark.streaming.blockInterval', 200, 200],
    ['spark.storage.blockManagerHeartbeatTimeoutMs', 90000, 90_000],
    ['spark.speculation.interval', 100, 100],
  ])('%s: %d -> %d ms', (key, bare, ms) => {
    const info = CONF_KEYS.find((k) => k.key === key)!;
    expect(info.type).toBe('time');
    const r = parseJobFile(file({ conf: `${key}: ${bare}` }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = r.model!.conf;
    const got: Record<string, number | undefined> = {
      'spark.locality.wait': c.localityWait.process,
      'spark.locality.wait.process': c.localityWait.process,
      'spark.locality.wait.node': c.localityWait.node,
      'spark.locality.wait.rack': c.localityWait.rack,
      'spark.network.timeout': c.networkTimeout,
      'spark.network.timeoutInterval': c.timeoutInterval,
      'spark.executor.heartbeatInterval': c.heartbeatInterval,
      'spark.scheduler.revive.interval': c.reviveInterval,
      'spark.streaming.blockInterval': c.blockInterval,
      'spark.storage.blockManagerHeartbeatTimeoutMs': c.blockManagerHeartbeatTimeout,
      'spark.speculation.interval': c.speculation.interval,
    };
    expect(got[key]).toBe(ms);
  });

  it('typed values of the other keys', () => {
    const conf = [
      'spark.task.cpus: 2',
      'spark.task.maxFailures: "8"',
      'spark.executor.cores: 4',
      'spark.streaming.concurrentJobs: 2',
      'spark.default.parallelism: 16',
      'spark.speculation: "TRUE"',
      'spark.speculation.multiplier: 2.5',
      'spark.speculation.quantile: 0.9',
      'spark.scheduler.mode: fair',
      'spark.locality.wait.legacyResetOnTaskLaunch: true',
    ].join('\n');
    const r = parseJobFile(file({ conf }));
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.model!.conf).toMatchObject({
      taskCpus: 2,
      maxFailures: 8,
      executorCores: 4,
      concurrentJobs: 2,
      defaultParallelism: 16,
      schedulerMode: 'FAIR',
      legacyResetOnTaskLaunch: true,
      speculation: { enabled: true, multiplier: 2.5, quantile: 0.9 },
    });
    expect(r.model!.conf.raw['spark.speculation.multiplier']).toBe('2.5');
  });

  it('the heartbeat timeout follows the version rules', () => {
    const m3 = clean(file({ conf: 'spark.network.timeout: 200s\nspark.storage.blockManagerHeartbeatTimeoutMs: 150s' })).model!;
    expect(heartbeatTimeoutMs(m3.conf, '3.5')).toBe(150_000);
    expect(heartbeatTimeoutMs(m3.conf, '2.2')).toBe(200_000);
    const slave = clean(file({ head: 'spark: "2.2"\n', conf: 'spark.storage.blockManagerSlaveTimeoutMs: 90000' })).model!;
    expect(heartbeatTimeoutMs(slave.conf, '2.2')).toBe(90_000);
    expect(heartbeatTimeoutMs(slave.conf, '3.5')).toBe(90_000);
  });
});

describe('cluster template', () => {
  it('expands to ids 1..N on node1..nodeN, racks only with hostsPerRack', () => {
    const m = clean(file({ cluster: 'cluster:\n  executors: { count: 5, cores: 2, hostsPerRack: 2 }\n' })).model!;
    expect(m.cluster.executors.map((e) => `${e.id}@${e.host}/${e.rack}`)).toEqual([
      '1@node1/rack1', '2@node2/rack1', '3@node3/rack2', '4@node4/rack2', '5@node5/rack3',
    ]);
    const n = clean(file({ cluster: 'cluster:\n  executors: { count: 2, cores: 3 }\n' })).model!;
    expect(n.cluster.executors).toEqual([
      { id: '1', host: 'node1', cores: 3, joinAt: 0 },
      { id: '2', host: 'node2', cores: 3, joinAt: 0 },
    ]);
  });

  it('takes cores from spark.executor.cores', () => {
    const m = clean(file({ conf: 'spark.executor.cores: 6', cluster: 'cluster:\n  executors: { count: 1 }\n' })).model!;
    expect(m.cluster.executors[0].cores).toBe(6);
  });

  it('needs cores somewhere (SJ041 on the template)', () => {
    expect(one(file({ cluster: 'cluster:\n  executors: { count: 2 }\n' }), 'SJ041').covered).toBe('{ count: 2 }');
  });

  it('list form: numbers as ids and hosts, joinAt', () => {
    const m = clean(file({ cluster: 'cluster:\n  executors:\n    - { id: 7, host: 10, cores: 1, joinAt: 30s }\n' })).model!;
    expect(m.cluster.executors[0]).toEqual({ id: '7', host: '10', cores: 1, joinAt: 30_000 });
  });
});

describe('tasks', () => {
  const stage = (tasks: string) => file({ jobs: `jobs:\n  - name: j\n    submit: 2s\n    stages:\n      - name: s\n        tasks: ${tasks}\n` });

  it('list form with every prefer kind', () => {
    const m = clean(stage('[{ duration: 10ms, input: 1k, prefer: ["exec:1", "host:node2", "rack:r1"] }, { duration: 5ms }]')).model!;
    expect(m.jobs[0].submit).toBe(2000);
    expect(m.jobs[0].stages[0].tasks).toEqual([
      { duration: { dist: 'fixed', ms: 10 }, input: 1024, prefer: [{ kind: 'exec', id: '1' }, { kind: 'host', name: 'node2' }, { kind: 'rack', name: 'r1' }] },
      { duration: { dist: 'fixed', ms: 5 }, input: 0, prefer: [] },
    ]);
  });

  it('count form with a prefer list and with a replica rule on executors', () => {
    const a = clean(stage('{ count: 3, duration: 10ms, prefer: ["host:node1"] }')).model!;
    expect((a.jobs[0].stages[0].tasks as TaskGroupSpec).prefer).toEqual([{ kind: 'host', name: 'node1' }]);
    const b = clean(stage('{ count: 3, duration: 10ms, prefer: { replicas: 2, on: executors } }')).model!;
    expect((b.jobs[0].stages[0].tasks as TaskGroupSpec).prefer).toEqual({ replicas: 2, on: 'executors' });
    const c = clean(stage('{ count: 3, duration: 10ms, prefer: { replicas: 1 } }')).model!;
    expect((c.jobs[0].stages[0].tasks as TaskGroupSpec).prefer).toEqual({ replicas: 1, on: 'hosts' });
  });

  it('a distribution key of the other kind is flagged', () => {
    expect(one(stage('{ count: 1, duration: { dist: uniform, min: 1ms, max: 2ms, sigma: 1 } }'), 'SJ010').covered).toBe('sigma');
  });

  it('a distribution without its parameters', () => {
    const { d, covered } = one(stage('{ count: 1, duration: { dist: lognormal, median: 1s } }'), 'SJ011');
    expect(d.fixes).toEqual([{ kind: 'addKey', key: 'sigma', snippet: 'sigma: 0.3' }]);
    // at the `dist:` entry that asks for the parameter, not over the whole duration
    expect(covered).toBe('dist: lognormal');
  });
});

describe('conf keys Spark reads in whole seconds', () => {
  it('spark.network.timeout is floored to seconds (timeConf(SECONDS)), with an info', () => {
    const text = file({ conf: 'spark.network.timeout: 1500ms\nspark.executor.heartbeatInterval: 100ms' });
    const { d, covered, r } = one(text, 'SJ026');
    expect(covered).toBe('1500ms');
    expect(d.severity).toBe('info');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '1s', title: 'Use 1s' }]);
    expect(r.model!.conf.networkTimeout).toBe(1000);
  });

  it('spark.network.timeoutInterval: ms in 3.x, seconds in 2.2 (getTimeAsSeconds)', () => {
    expect(clean(file({ conf: 'spark.network.timeoutInterval: 2' })).model!.conf.timeoutInterval).toBe(2);
    expect(clean(file({ head: 'spark: "2.2"\n', conf: 'spark.network.timeoutInterval: 2' })).model!.conf.timeoutInterval).toBe(2000);
    const r = one(file({ head: 'spark: "2.2"\n', conf: 'spark.network.timeoutInterval: 2500ms' }), 'SJ026');
    expect(r.r.model!.conf.timeoutInterval).toBe(2000);
  });

  it('spark.storage.blockManagerTimeoutIntervalMs is the default of spark.network.timeoutInterval', () => {
    expect(clean(file({ conf: 'spark.storage.blockManagerTimeoutIntervalMs: 5s' })).model!.conf.timeoutInterval).toBe(5000);
    expect(clean(file({ conf: 'spark.storage.blockManagerTimeoutIntervalMs: 5s\nspark.network.timeoutInterval: 7s' })).model!.conf.timeoutInterval).toBe(7000);
  });
});

describe('parse options', () => {
  it('spark overrides the file and reads conf as that version does', () => {
    const text = file({ conf: 'spark.network.timeoutInterval: 2' });
    expect(parseJobFile(text).model!.conf.timeoutInterval).toBe(2);
    const m = parseJobFile(text, { spark: '2.2' }).model!;
    expect(m.spark).toBe('2.2');
    expect(m.conf.timeoutInterval).toBe(2000);
  });
});
