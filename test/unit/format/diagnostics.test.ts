// One case per diagnostic: the code, severity, the exact text it covers, and the quick fix.
import { describe, it, expect } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { CODES } from '../../../src/format/codes';
import { LIMITS } from '../../../src/format/ctx';
import { CLUSTER, JOBS, file, one, codes, clean } from './helpers';

describe('YAML level', () => {
  it('SJ001: reports every YAML error at its position, not only the first', () => {
    const text = 'version: 1\nname: [a, b\ncluster:\n\t- x\nseed: 1\nseed: 2\n';
    const r = parseJobFile(text);
    const errs = r.diagnostics.filter((d) => d.code === 'SJ001');
    expect(errs.length).toBeGreaterThanOrEqual(2);
    expect(r.model).toBeUndefined();
    for (const d of errs) expect(d.severity).toBe('error');
  });

  it('SJ001: duplicate key at the second key', () => {
    const text = file({ head: 'seed: 1\nseed: 2\n' });
    const { d, covered } = one(text, 'SJ001');
    expect(d.message).toMatch(/unique/i);
    expect(covered).toBe('seed');
    expect(d.range.start).toBe(text.lastIndexOf('seed'));
  });

  it('SJ003: a bracket bomb is refused before parsing', () => {
    const text = 'version: 1\nname: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const { d } = one(text, 'SJ003');
    expect(d.severity).toBe('error');
  });

  it('an alias bomb stays cheap: aliases are never expanded', () => {
    let text = 'version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += CLUSTER + 'jobs:\n  - name: j\n    stages:\n      - name: s\n        tasks: *a11\n';
    // its speed is the benchmark's business (npm run bench); here: it is refused, not expanded
    const r = parseJobFile(text);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it('SJ003: a big node repeated through aliases exhausts the work budget', () => {
    let text = 'version: 1\n' + CLUSTER + `jobs:\n  - { name: j0, stages: [{ name: s, tasks: &t [${Array(20000).fill('{ duration: 1ms }').join(',')}] }] }\n`;
    for (let i = 1; i < 55; i++) text += `  - { name: j${i}, stages: [{ name: s, tasks: *t }] }\n`;
    const r = parseJobFile(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SJ003']);
    expect(r.model).toBeUndefined();
  });

  it('SJ003: a huge document gets a diagnostic', () => {
    const r = parseJobFile('#'.repeat(17 * 1024 * 1024));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SJ003']);
  });

  it('SJ004: empty file and non-mapping root', () => {
    expect(codes('')).toEqual(['SJ004']);
    expect(codes('# nothing\n')).toEqual(['SJ004']);
    const { covered } = one('- a\n- b\n', 'SJ004');
    expect(covered).toBe('- a\n- b');
  });
});

describe('structure', () => {
  it('SJ010: unknown key with did-you-mean and renameKey', () => {
    const text = file({ tail: 'faults:\n  - { executor: "1", at: 1s, replaceAftr: 10s }\n' });
    const { d, covered, r } = one(text, 'SJ010');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('replaceAftr');
    expect(d.message).toContain("did you mean 'replaceAfter'");
    expect(d.fixes).toEqual([{ kind: 'renameKey', to: 'replaceAfter' }]);
    expect(r.model).toBeDefined();
  });

  it('SJ010: unknown top-level key without a near miss lists the known ones', () => {
    const { d, covered } = one(file({ head: 'owner: me\n' }), 'SJ010');
    expect(covered).toBe('owner');
    expect(d.fixes).toBeUndefined();
    expect(d.message).toContain('known:');
  });

  it('SJ011: missing required key with an addKey fix', () => {
    const text = file({ tail: 'faults:\n  - { executor: "1" }\n' });
    const { d, covered } = one(text, 'SJ011');
    expect(d.severity).toBe('error');
    expect(covered).toBe('{ executor: "1" }');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'addKey', key: 'at' });
  });

  it('SJ011: missing version at the top', () => {
    const text = file().replace('version: 1\n', '');
    const { d } = one(text, 'SJ011');
    expect(d.fixes).toEqual([{ kind: 'addKey', key: 'version', snippet: 'version: 1' }]);
  });

  it('SJ011: missing cluster.executors at the cluster key', () => {
    const { covered } = one(file({ cluster: 'cluster: {}\n' }), 'SJ011');
    expect(covered).toBe('cluster');
  });

  it('SJ012: wrong type', () => {
    const { d, covered } = one(file({ tail: 'faults: { executor: "1" }\n' }), 'SJ012');
    expect(d.message).toMatch(/list/);
    expect(covered).toBe('{ executor: "1" }');
  });

  it('SJ012: a boolean that is a string', () => {
    const { covered } = one(file({ tail: 'analysis: { sweep: "yes" }\n' }), 'SJ012');
    expect(covered).toBe('"yes"');
  });

  it('SJ013: invalid enum value with a did-you-mean replace', () => {
    const { d, covered } = one(file({ tail: 'faults:\n  - { executor: "1", at: 1s, kind: crsh }\n' }), 'SJ013');
    expect(covered).toBe('crsh');
    expect(d.fixes).toEqual([{ kind: 'replace', text: 'crash', title: 'Use crash' }]);
  });

  it('SJ013: spark version', () => {
    const { covered, d } = one(file({ head: 'spark: "3.1"\n' }), 'SJ013');
    expect(covered).toBe('"3.1"');
    expect(d.fixes?.map((f) => (f.kind === 'replace' ? f.text : ''))).toEqual(['"3.5"', '"2.2"']);
  });

  it('SJ014: version other than 1', () => {
    const { covered, d } = one(file().replace('version: 1', 'version: 2'), 'SJ014');
    expect(covered).toBe('2');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '1', title: 'Use version 1' }]);
  });

  it('SJ015: neither jobs nor streaming', () => {
    const { d } = one(file({ jobs: '' }), 'SJ015');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'addKey', key: 'jobs' });
  });

  it('SJ016: non-integer count, zero cores', () => {
    const a = one(file({ jobs: 'jobs:\n  - name: j\n    stages:\n      - name: s\n        tasks: { count: 2.5, duration: 1ms }\n' }), 'SJ016');
    expect(a.covered).toBe('2.5');
    const b = one(file({ cluster: 'cluster:\n  executors:\n    - { id: "1", host: h, cores: 0 }\n' }), 'SJ016');
    expect(b.covered).toBe('0');
  });

  it('SJ017: a name with a slash', () => {
    const { covered, d } = one(file({ jobs: JOBS.replace('name: j', 'name: a/b') }), 'SJ017');
    expect(covered).toBe('a/b');
    expect(d.fixes).toEqual([{ kind: 'replace', text: 'a-b', title: 'Use a-b' }]);
  });
});

describe('durations and sizes', () => {
  const faultAt = (v: string) => file({ tail: `faults:\n  - { executor: "1", at: ${v} }\n` });

  it('SJ020: malformed duration', () => {
    const { covered, d } = one(faultAt('3 seconds'), 'SJ020');
    expect(covered).toBe('3 seconds');
    expect(d.severity).toBe('error');
  });

  it('SJ020: Spark has no y suffix', () => {
    expect(one(faultAt('1y'), 'SJ020').d.message).toContain('Invalid suffix');
  });

  it('SJ021: fractional duration with a replace fix', () => {
    const { covered, d, r } = one(faultAt('1.5s'), 'SJ021');
    expect(covered).toBe('1.5s');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('1500ms');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '1500ms', title: 'Use 1500ms' }]);
    expect(r.model).toBeUndefined();
  });

  it('SJ021: fractional size with a replace fix', () => {
    const jobs = JOBS.replace('duration: 100ms', 'duration: 100ms, input: 1.5g');
    const { covered, d } = one(file({ jobs }), 'SJ021');
    expect(covered).toBe('1.5g');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '1536m', title: 'Use 1536m' }]);
  });

  it('SJ022: bare number outside conf suggests the unit', () => {
    const { covered, d } = one(faultAt('1250'), 'SJ022');
    expect(covered).toBe('1250');
    expect(d.fixes?.[0]).toEqual({ kind: 'replace', text: '1250ms', title: 'Use 1250ms' });
  });

  it('SJ022: bare size', () => {
    const { covered, d } = one(file({ tail: 'network: { bandwidth: 100 }\n' }), 'SJ022');
    expect(covered).toBe('100');
    expect(d.fixes?.map((f) => (f.kind === 'replace' ? f.text : ''))).toEqual(['100m', '100b']);
  });

  it('SJ023: malformed size', () => {
    const { covered } = one(file({ tail: 'network: { bandwidth: 1gbit }\n' }), 'SJ023');
    expect(covered).toBe('1gbit');
  });

  it('SJ025: negative duration', () => {
    const { covered } = one(faultAt('-5s'), 'SJ025');
    expect(covered).toBe('-5s');
  });

  it('SJ025: negative integer', () => {
    const { covered } = one(file({ tail: 'recovery: { reservedSlots: { all: -1 } }\n' }), 'SJ025');
    expect(covered).toBe('-1');
  });

  it('SJ026: microseconds are floored (info)', () => {
    const { covered, d, r } = one(faultAt('1500us'), 'SJ026');
    expect(covered).toBe('1500us');
    expect(d.severity).toBe('info');
    expect(r.model?.faults[0].at).toBe(1);
  });
});

describe('conf', () => {
  it('SJ030: malformed value of a known key', () => {
    const { covered, d } = one(file({ conf: 'spark.task.cpus: 2x' }), 'SJ030');
    expect(covered).toBe('2x');
    expect(d.severity).toBe('error');
  });

  it('SJ030: int keys take plain integers only', () => {
    expect(one(file({ conf: 'spark.task.maxFailures: 4.0' }), 'SJ030').covered).toBe('4.0');
    expect(one(file({ conf: 'spark.locality.wait: 3 s' }), 'SJ030').covered).toBe('3 s');
    expect(one(file({ conf: 'spark.speculation: yes' }), 'SJ030').covered).toBe('yes');
    expect(one(file({ conf: 'spark.scheduler.mode: ROUNDROBIN' }), 'SJ030').covered).toBe('ROUNDROBIN');
  });

  it('SJ021: fractional conf duration', () => {
    const { d, covered } = one(file({ conf: 'spark.locality.wait: 1.5s' }), 'SJ021');
    expect(covered).toBe('1.5s');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '1500ms', title: 'Use 1500ms' }]);
  });

  it('SJ031: near-miss Spark key (info, renameKey)', () => {
    const { d, covered, r } = one(file({ conf: 'spark.localty.wait: 1s' }), 'SJ031');
    expect(d.severity).toBe('info');
    expect(covered).toBe('spark.localty.wait');
    expect(d.message).toContain('did you mean spark.locality.wait?');
    expect(d.fixes).toEqual([{ kind: 'renameKey', to: 'spark.locality.wait' }]);
    expect(r.model?.conf.raw['spark.localty.wait']).toBe('1s');
  });

  it('other unknown spark keys are kept silently', () => {
    const r = clean(file({ conf: 'spark.ui.enabled: false\nspark.some.custom.key: abc' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.conf.raw).toEqual({ 'spark.ui.enabled': 'false', 'spark.some.custom.key': 'abc' });
  });

  it('SJ032: non-spark key under conf (warning)', () => {
    const { d, covered } = one(file({ conf: 'locality.wait: 1s' }), 'SJ032');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('locality.wait');
  });

  it('SJ033: heartbeat interval not below spark.network.timeout', () => {
    const { d, covered } = one(file({ conf: 'spark.executor.heartbeatInterval: 120s' }), 'SJ033');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('120s');
    expect(d.message).toContain('spark.network.timeout');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'setConf', key: 'spark.executor.heartbeatInterval' });
  });

  it('SJ033: checked against the 3.x blockManagerHeartbeatTimeoutMs when set', () => {
    const text = file({ conf: 'spark.executor.heartbeatInterval: 10s\nspark.storage.blockManagerHeartbeatTimeoutMs: 5000' });
    const { d, covered } = one(text, 'SJ033');
    expect(covered).toBe('10s');
    expect(d.message).toContain('spark.storage.blockManagerHeartbeatTimeoutMs');
    expect(d.related?.[0].range).toBeDefined();
  });

  it('SJ033: a short timeout with the default interval points at the timeout', () => {
    const { covered } = one(file({ conf: 'spark.network.timeout: 5' }), 'SJ033');
    expect(covered).toBe('5');
  });

  it('SJ034 is retired: FAIR mode is simulated, no diagnostic at the key', () => {
    const r = parseJobFile(file({ conf: 'spark.scheduler.mode: FAIR' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.conf.schedulerMode).toBe('FAIR');
    expect(r.model?.pools).toBeUndefined();
  });

  it('speculation is simulated: no "not simulated" info any more (SJ035 retired)', () => {
    const r = parseJobFile(file({ conf: 'spark.speculation: true\nspark.speculation.multiplier: 2' }));
    expect(r.diagnostics.filter((d) => d.code === 'SJ035' || d.code === 'SJ150')).toEqual([]);
  });

  it('SJ160: a speculation interval of 0 stops Spark from starting (only with speculation on)', () => {
    // TaskSchedulerImpl.scala:239 scheduleWithFixedDelay(interval, interval): a period <= 0 is refused
    const { d, covered } = one(file({ conf: 'spark.speculation: true\nspark.speculation.interval: 0ms' }), 'SJ160');
    expect(d.severity).toBe('error');
    expect(covered).toBe('0ms');
    expect(parseJobFile(file({ conf: 'spark.speculation.interval: 0ms' })).diagnostics.some((x) => x.code === 'SJ160')).toBe(false);
  });

  it('speculation keys are read: 3.x minTaskRuntime and duration threshold; 2.2 a fixed 100 ms', () => {
    const r = parseJobFile(file({ conf: 'spark.speculation: true\nspark.speculation.minTaskRuntime: 250ms\nspark.speculation.task.duration.threshold: 2s' }));
    expect(r.model?.conf.speculation).toMatchObject({ enabled: true, interval: 100, multiplier: 1.5, quantile: 0.75, minTaskRuntime: 250, durationThreshold: 2000 });
    const old = parseJobFile(file({ head: 'spark: "2.2"\n', conf: 'spark.speculation: true\nspark.speculation.minTaskRuntime: 250ms' }));
    expect(old.diagnostics.map((d) => d.code).sort()).toEqual(['SJ036']);
    expect(old.model?.conf.speculation).toMatchObject({ minTaskRuntime: 100, durationThreshold: undefined });
  });

  it('SJ150: a feature left out of the prediction, at the key that turns it on (info)', () => {
    for (const key of ['spark.excludeOnFailure.enabled', 'spark.streaming.dynamicAllocation.enabled', 'spark.shuffle.push.enabled']) {
      const { d, covered } = one(file({ conf: `${key}: true` }), 'SJ150');
      expect(d.severity).toBe('info');
      expect(covered).toBe('true');
      expect(d.message).toContain(`${key} is not simulated`);
    }
    expect(codes(file({ conf: 'spark.streaming.dynamicAllocation.enabled: false' }))).toEqual([]);
    // core dynamic allocation is simulated (src/engine/executorAllocationManager.ts): no SJ150
    expect(codes(file({ conf: 'spark.dynamicAllocation.enabled: true' }))).toEqual([]);
    // decommissioning is simulated (src/engine/decommission.ts): no SJ150
    expect(codes(file({ conf: 'spark.decommission.enabled: true' }))).toEqual([]);
    // a 3.x key under 2.2 has no effect at all: SJ036 only
    expect(codes(file({ head: 'spark: "2.2"\n', conf: 'spark.excludeOnFailure.enabled: true' }))).toEqual(['SJ036']);
    expect(codes(file({ head: 'spark: "2.2"\n', conf: 'spark.blacklist.enabled: true' }))).toEqual(['SJ150']);
  });

  it('SJ036: a 3.x key under spark 2.2 (info)', () => {
    const { d, covered } = one(file({ head: 'spark: "2.2"\n', conf: 'spark.locality.wait.legacyResetOnTaskLaunch: true' }), 'SJ036');
    expect(d.severity).toBe('info');
    expect(covered).toBe('spark.locality.wait.legacyResetOnTaskLaunch');
  });
});

describe('cluster', () => {
  it('SJ040: duplicate executor id (a number id is the same id)', () => {
    const cluster = 'cluster:\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n    - { id: 1, host: node2, cores: 2 }\n';
    const { d, covered } = one(file({ cluster }), 'SJ040');
    expect(covered).toBe('1');
    expect(d.related?.[0].message).toContain('first defined');
  });

  it('several executors on one host are fine', () => {
    clean(file({ cluster: 'cluster:\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n    - { id: "2", host: node1, cores: 2 }\n' }));
  });

  it('SJ041: cores neither on the executor nor in spark.executor.cores', () => {
    const cluster = 'cluster:\n  executors:\n    - { id: "1", host: node1 }\n';
    const { d, covered } = one(file({ cluster }), 'SJ041');
    expect(covered).toBe('{ id: "1", host: node1 }');
    expect(d.fixes).toEqual([
      { kind: 'addKey', key: 'cores', snippet: 'cores: 2' },
      { kind: 'setConf', key: 'spark.executor.cores', value: '2' },
    ]);
  });

  it('spark.executor.cores is the default of cores', () => {
    const r = clean(file({ conf: 'spark.executor.cores: 3', cluster: 'cluster:\n  executors:\n    - { id: "1", host: node1 }\n' }));
    expect(r.model?.cluster.executors[0].cores).toBe(3);
  });

  it('SJ042: spark.task.cpus above an executor\'s cores', () => {
    const cluster = 'cluster:\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n    - { id: "2", host: node2, cores: 1 }\n';
    const { d, covered } = one(file({ conf: 'spark.task.cpus: 2', cluster }), 'SJ042');
    expect(covered).toBe('1');
    expect(d.message).toContain('executor 2');
    expect(d.related?.[0].message).toContain('spark.task.cpus');
  });
});

describe('jobs', () => {
  const stages = (s: string) => `jobs:\n  - name: j\n    stages:\n${s}`;

  it('SJ050: duplicate job name', () => {
    const jobs = JOBS + '  - name: j\n    stages: [{ name: s, tasks: { count: 1, duration: 1ms } }]\n';
    const { covered, d } = one(file({ jobs }), 'SJ050');
    expect(covered).toBe('j');
    expect(d.range.start).toBe(file({ jobs }).lastIndexOf('name: j') + 6);
  });

  it('SJ051: duplicate stage name in a job', () => {
    const jobs = stages('      - { name: s, tasks: { count: 1, duration: 1ms } }\n      - { name: s, tasks: { count: 1, duration: 1ms } }\n');
    expect(one(file({ jobs }), 'SJ051').covered).toBe('s');
  });

  it('the same stage name in two jobs is fine', () => {
    clean(file({ jobs: JOBS + '  - name: k\n    stages: [{ name: s, tasks: { count: 1, duration: 1ms } }]\n' }));
  });

  it('SJ052: unknown parent with did-you-mean', () => {
    const jobs = stages('      - { name: scan, tasks: { count: 1, duration: 1ms } }\n      - { name: agg, parents: [scna], tasks: { count: 1, duration: 1ms } }\n');
    const { covered, d } = one(file({ jobs }), 'SJ052');
    expect(covered).toBe('scna');
    expect(d.fixes).toEqual([{ kind: 'replace', text: 'scan', title: 'Use scan' }]);
  });

  it('SJ053: cyclic parents', () => {
    const jobs = stages(
      '      - { name: a, parents: [c], tasks: { count: 1, duration: 1ms } }\n' +
        '      - { name: b, parents: [a], tasks: { count: 1, duration: 1ms } }\n' +
        '      - { name: c, parents: [b], tasks: { count: 1, duration: 1ms } }\n',
    );
    const { d, covered } = one(file({ jobs }), 'SJ053');
    expect(d.message).toContain('a -> c -> b -> a');
    expect(covered).toBe('a');
  });

  it('SJ053: a stage that is its own parent', () => {
    const jobs = stages('      - { name: a, parents: [a], tasks: { count: 1, duration: 1ms } }\n');
    expect(one(file({ jobs }), 'SJ053').covered).toBe('a');
  });

  it('SJ054: prefer names an unknown executor, host or rack', () => {
    const t = (p: string) => stages(`      - name: s\n        tasks:\n          - { duration: 1ms, prefer: ["${p}"] }\n`);
    const a = one(file({ jobs: t('exec:9') }), 'SJ054');
    expect(a.covered).toBe('"exec:9"');
    expect(a.d.severity).toBe('warning');
    const b = one(file({ jobs: t('host:nod1') }), 'SJ054');
    expect(b.d.fixes).toEqual([{ kind: 'replace', text: '"host:node1"', title: 'Use host:node1' }]);
    const c = one(file({ jobs: t('rack:r2') }), 'SJ054');
    expect(c.d.message).toContain("rack 'r2'");
    clean(file({ jobs: t('rack:r1') }));
    clean(file({ jobs: t('exec:2') }));
  });

  it('SJ055: malformed preferred location', () => {
    const jobs = stages('      - name: s\n        tasks:\n          - { duration: 1ms, prefer: [node1] }\n');
    const { covered, d } = one(file({ jobs }), 'SJ055');
    expect(covered).toBe('node1');
    expect(d.fixes).toEqual([{ kind: 'replace', text: '"host:node1"', title: 'Use host:node1' }]);
  });

  it('SJ055: a replica rule in the list form', () => {
    const jobs = stages('      - name: s\n        tasks:\n          - { duration: 1ms, prefer: { replicas: 2 } }\n');
    expect(one(file({ jobs }), 'SJ055').covered).toBe('{ replicas: 2 }');
  });

  it('SJ056: uniform min > max, negative sigma', () => {
    const u = stages('      - { name: s, tasks: { count: 1, duration: { dist: uniform, min: 2s, max: 1s } } }\n');
    expect(one(file({ jobs: u }), 'SJ056').covered).toBe('{ dist: uniform, min: 2s, max: 1s }');
    const l = stages('      - { name: s, tasks: { count: 1, duration: { dist: lognormal, median: 1s, sigma: -0.1 } } }\n');
    expect(one(file({ jobs: l }), 'SJ056').covered).toBe('-0.1');
  });

  it('SJ057: more replicas than hosts (warning, clamped)', () => {
    const jobs = stages('      - { name: s, tasks: { count: 4, duration: 1ms, prefer: { replicas: 3, on: hosts } } }\n');
    const { d, covered, r } = one(file({ jobs }), 'SJ057');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('3');
    const tasks = r.model!.jobs[0].stages[0].tasks;
    expect(!Array.isArray(tasks) && tasks.prefer).toEqual({ replicas: 2, on: 'hosts' });
  });

  it('SJ005: too many tasks', () => {
    const jobs = stages('      - { name: s, tasks: { count: 20000000, duration: 1ms } }\n');
    expect(one(file({ jobs }), 'SJ005').covered).toBe('20000000');
  });

  it('SJ005: too many executors', () => {
    expect(one(file({ cluster: 'cluster:\n  executors: { count: 20000, cores: 1 }\n' }), 'SJ005').covered).toBe('20000');
  });
});

describe('faults and recovery', () => {
  it('SJ060: fault on an unknown executor', () => {
    const { d, covered } = one(file({ tail: 'faults:\n  - { executor: "3", at: 1s }\n' }), 'SJ060');
    expect(covered).toBe('"3"');
    expect(d.severity).toBe('error');
  });

  it('a numeric executor id in a fault is normalised', () => {
    const r = clean(file({ tail: 'faults:\n  - { executor: 2, at: 1s, kind: hang, replaceAfter: 5s }\n' }));
    expect(r.model?.faults).toEqual([{ executor: '2', at: 1000, kind: 'hang', replaceAfter: 5000 }]);
  });

  it('SJ061: fault before the executor joins', () => {
    const cluster = 'cluster:\n  executors:\n    - { id: "1", host: node1, cores: 2, joinAt: 5s }\n';
    expect(one(file({ cluster, tail: 'faults:\n  - { executor: "1", at: 1s }\n' }), 'SJ061').covered).toBe('1s');
  });

  it('SJ070: reservedSlots on an unknown executor', () => {
    const { covered, d } = one(file({ tail: 'recovery: { policy: reserved-slots, reservedSlots: { "7": 1 } }\n' }), 'SJ070');
    expect(covered).toBe('"7"');
    expect(d.severity).toBe('error');
  });

  it('SJ071: reservedSlots with policy spark and no sweep (info)', () => {
    const { d, covered } = one(file({ tail: 'recovery: { reservedSlots: { all: 1 } }\nanalysis: { sweep: false }\n' }), 'SJ071');
    expect(d.severity).toBe('info');
    expect(covered).toBe('reservedSlots');
    expect(codes(file({ tail: 'recovery: { reservedSlots: { all: 1 } }\n' }))).not.toContain('SJ071');
  });

  it('reservedSlots forms', () => {
    const r = clean(file({ tail: 'recovery: { policy: reserved-slots, reservedSlots: { 1: 2, all: 1 }, reserveForReceivers: true }\n' }));
    expect(r.model?.recovery).toEqual({ policy: 'reserved-slots', reservedSlots: { perExecutor: { '1': 2 }, all: 1 }, reserveForReceivers: true });
  });
});

describe('streaming', () => {
  // the section's own rules are tested with streaming.ts; here only that it is a mapping
  it('streaming must be a mapping', () => {
    const text = 'version: 1\n' + CLUSTER + 'streaming: [1, 2]\n';
    const { covered, r } = one(text, 'SJ012');
    expect(covered).toBe('[1, 2]');
    expect(r.streaming).toBe(true);
  });
});

describe('SJ000', () => {
  it('every emitted code is in the table', () => {
    for (const code of ['SJ000', 'SJ001', 'SJ080']) expect(CODES).toHaveProperty(code);
  });
  it('never throws on a non-string', () => {
    expect(() => parseJobFile(undefined as unknown as string)).not.toThrow();
  });
});

describe('SJ033 with 2.2 rules', () => {
  it('2.2 uses blockManagerSlaveTimeoutMs only when spark.network.timeout is unset', () => {
    const a = one(file({ head: 'spark: "2.2"\n', conf: 'spark.storage.blockManagerSlaveTimeoutMs: 5s' }), 'SJ033');
    expect(a.d.message).toContain('spark.storage.blockManagerSlaveTimeoutMs');
    expect(a.d.message).toContain('expired between two heartbeats');
    expect(codes(file({ head: 'spark: "2.2"\n', conf: 'spark.storage.blockManagerSlaveTimeoutMs: 5s\nspark.network.timeout: 60s' }))).not.toContain('SJ033');
  });
});

describe('robustness', () => {
  it('aliases resolve to the last anchor of that name before them', () => {
    const jobs =
      'jobs:\n  - name: j\n    stages:\n' +
      '      - { name: a, tasks: &t { count: 2, duration: 5ms } }\n' +
      '      - { name: b, tasks: *t }\n' +
      '      - { name: c, tasks: &t { count: 3, duration: 7ms } }\n' +
      '      - { name: d, tasks: *t }\n';
    const m = clean(file({ jobs })).model!;
    expect(m.jobs[0].stages.map((s) => (Array.isArray(s.tasks) ? -1 : s.tasks.count))).toEqual([2, 2, 3, 3]);
  });

  it('a duplicate key points at the first definition', () => {
    const { d } = one(file({ tail: 'analysis:\n  sweep: true\n  sweep: false\n' }), 'SJ001');
    expect(d.related?.[0].message).toBe('first defined here');
  });

  it('reports at most 1000 diagnostics and counts the rest', () => {
    const text = file({ head: Array.from({ length: 1500 }, (_, i) => `k${i}: 1\n`).join('') });
    const r = parseJobFile(text);
    expect(r.diagnostics).toHaveLength(1001);
    const last = r.diagnostics[1000];
    expect(last).toMatchObject({ code: 'SJ003', severity: 'warning' });
    expect(last.message).toContain('500 more problems');
    expect(r.model).toBeDefined();
  });

  it('deep block nesting is a diagnostic, not a crash', () => {
    // 5780 levels take 16.7 M characters, just under the size limit: the depth itself is caught
    let text = 'version: 1\nx:\n';
    for (let i = 1; i < 5780; i++) text += ' '.repeat(i) + 'k:\n';
    expect(text.length).toBeLessThan(LIMITS.maxChars);
    const r = parseJobFile(text);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.some((d) => d.code === 'SJ003' || d.code === 'SJ001')).toBe(true);
  });
});

describe('codes table', () => {
  it('every code the format emits is in codes.ts, with a title and an explanation', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(__dirname, '../../../src/format');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'codes.ts')) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(SJ\d{3})'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(30);
    for (const code of used) {
      expect(CODES, code).toHaveProperty(code);
      const info = CODES[code as keyof typeof CODES];
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.explanation.length).toBeGreaterThan(20);
    }
  });

  it('SJ042 with cores from spark.executor.cores offers setConf', () => {
    const cluster = 'cluster:\n  executors:\n    - { id: "1", host: node1 }\n';
    const { d, covered } = one(file({ conf: 'spark.executor.cores: 1\nspark.task.cpus: 2', cluster }), 'SJ042');
    expect(covered).toBe('{ id: "1", host: node1 }');
    expect(d.fixes).toEqual([{ kind: 'setConf', key: 'spark.executor.cores', value: '2' }]);
  });
});

describe('YAML warnings and documents', () => {
  it('SJ002: an unknown tag is a warning at the tag', () => {
    const { d, covered, r } = one(file({ head: 'name: !foo bar\n' }), 'SJ002');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('!foo');
    expect(r.model).toBeDefined();
  });

  it('SJ001: a second document', () => {
    const text = file() + '---\nversion: 1\n';
    const { d, covered } = one(text, 'SJ001');
    expect(d.message).toContain('one YAML document');
    expect(covered.startsWith('---')).toBe(true);
  });
});
