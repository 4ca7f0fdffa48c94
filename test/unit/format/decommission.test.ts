// Decommissioning in the format (src/format/decommission.ts, codes SJ170-SJ174) and what stays
// unmodelled (SJ150), each diagnostic at its exact range.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { codes, file, one } from './helpers';

const FAULT = (extra: string) => `faults:\n  - { executor: "2", at: 1s, kind: decommission${extra} }\n`;
const ON = 'spark.decommission.enabled: true\nspark.storage.decommission.enabled: true\nspark.storage.decommission.rddBlocks.enabled: false';

describe('analysis.sweepDecommissions', () => {
  it('is the sweep\'s notice, a duration; a bad one is SJ020-like at its value', () => {
    const r = parseJobFile(file({ conf: ON, tail: 'analysis: { sweepDecommissions: 2m }\n' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.analysis.sweepDecommissions).toBe(120_000);
    expect(parseJobFile(file({ conf: ON })).model!.analysis.sweepDecommissions).toBeUndefined();
    const bad = parseJobFile(file({ conf: ON, tail: 'analysis: { sweepDecommissions: soon }\n' }));
    expect(bad.model).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.severity)).toContain('error');
  });
});

describe('decommission faults', () => {
  it('parses kind decommission with its notice, and the conf with Spark 3.5\'s defaults', () => {
    const r = parseJobFile(file({ conf: ON, tail: FAULT(', notice: 2m') }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.faults).toEqual([{ executor: '2', at: 1000, kind: 'decommission', notice: 120_000 }]);
    // config/package.scala: shuffleBlocks and rddBlocks default true, maxThreads 8, reattempt interval 30s
    expect(r.model!.conf.decommission).toEqual({ enabled: true, storage: true, shuffleBlocks: true, rddBlocks: false, maxThreads: 8, reattemptInterval: 30_000 });
  });

  it('forceKillTimeout is read in whole seconds (timeConf(SECONDS))', () => {
    const r = parseJobFile(file({ conf: `${ON}\nspark.executor.decommission.forceKillTimeout: 90` }));
    expect(r.model!.conf.decommission.forceKillTimeout).toBe(90_000);
    const { covered } = one(file({ conf: `${ON}\nspark.executor.decommission.forceKillTimeout: 1500ms` }), 'SJ026');
    expect(covered).toBe('1500ms');
  });

  it('SJ170: the notice is ignored without spark.decommission.enabled, at the fault\'s kind', () => {
    const { d, covered } = one(file({ tail: FAULT(', notice: 30s') }), 'SJ170');
    expect(d.severity).toBe('info');
    expect(covered).toBe('decommission');
    expect(d.message).toContain('spark.decommission.enabled is not true');
    expect(d.message).toContain('(30s later)');
    const old = one(file({ head: 'spark: "2.2"\n', tail: FAULT('') }), 'SJ170');
    expect(old.d.message).toContain('Spark 2.2 has no decommissioning');
    expect(old.d.message).toContain('lost at once');
    expect(codes(file({ conf: 'spark.decommission.enabled: true', tail: FAULT('') }))).toEqual([]);
  });

  it('SJ171: notice on a fault that is not a decommission, at the notice', () => {
    const text = file({ tail: 'faults:\n  - { executor: "2", at: 1s, kind: hang, notice: 45s }\n' });
    const { d, covered } = one(text, 'SJ171');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('45s');
    expect(parseJobFile(text).model!.faults[0].notice).toBeUndefined();
  });

  it('a malformed notice is an error at its value', () => {
    const { covered } = one(file({ conf: ON, tail: FAULT(', notice: 2 minutes') }), 'SJ020');
    expect(covered).toBe('2 minutes');
  });

  it('SJ172: storage keys without storage decommissioning, or anything without decommissioning', () => {
    let f = one(file({ conf: 'spark.decommission.enabled: true\nspark.storage.decommission.shuffleBlocks.maxThreads: 4' }), 'SJ172');
    expect(f.covered).toBe('4');
    expect(f.d.message).toContain('spark.storage.decommission.enabled is not true');
    f = one(file({ conf: 'spark.storage.decommission.enabled: true' }), 'SJ172');
    expect(f.covered).toBe('true');
    expect(f.d.message).toContain('spark.decommission.enabled is not true');
    f = one(file({ conf: `${ON}\nspark.storage.decommission.shuffleBlocks.enabled: false\nspark.storage.decommission.shuffleBlocks.maxThreads: 2` }), 'SJ172');
    expect(f.covered).toBe('2');
    expect(codes(file({ conf: 'spark.storage.decommission.enabled: false' }))).toEqual([]);
  });

  it('SJ030: a replication reattempt interval of 0 (Spark\'s checkValue refuses it)', () => {
    const { d, covered } = one(file({ conf: `${ON}\nspark.storage.decommission.replicationReattemptInterval: 0ms` }), 'SJ030');
    expect(d.severity).toBe('error');
    expect(covered).toBe('0ms');
    const { covered: threads } = one(file({ conf: `${ON}\nspark.storage.decommission.shuffleBlocks.maxThreads: 0` }), 'SJ030');
    expect(threads).toBe('0');
  });

  it('SJ174: the fallback storage, killInterval and ignoreDecommissionFetchFailure are not simulated (cached RDD blocks are: no SJ174)', () => {
    expect(codes(file({ conf: 'spark.decommission.enabled: true\nspark.storage.decommission.enabled: true' }))).toEqual([]);
    for (const [key, value, words] of [
      ['spark.executor.decommission.killInterval', '120s', 'speculative copies'],
      ['spark.storage.decommission.fallbackStorage.path', 's3a://bucket/spark/', 'peer executors only'],
      ['spark.stage.ignoreDecommissionFetchFailure', 'true', 'every fetch failure counts'],
    ]) {
      const { d, covered } = one(file({ conf: `${ON}\n${key}: ${value}` }), 'SJ174');
      expect(d.severity).toBe('info');
      expect(covered).toBe(value);
      expect(d.message).toContain(words);
    }
  });

  it('every decommission key is 3.x only: SJ036 under 2.2', () => {
    expect(codes(file({ head: 'spark: "2.2"\n', conf: 'spark.decommission.enabled: true' }))).toEqual(['SJ036']);
  });
});

describe('SJ150: what stays unmodelled, at the key', () => {
  it('barrier settings, whatever their value (barrier stages are chosen in code)', () => {
    for (const [key, value] of [['spark.barrier.sync.timeout', '600s'], ['spark.scheduler.barrier.maxConcurrentTasksCheck.interval', '15s'],
      ['spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures', '40']]) {
      const { d, covered } = one(file({ conf: `${key}: ${value}` }), 'SJ150');
      expect(d.severity).toBe('info');
      expect(covered).toBe(value);
      expect(d.message).toContain(`${key} is set but barrier stages are not simulated`);
      expect(d.message).toContain('re-runs every task of the barrier stage');
    }
  });

  it('exclusion on failure (3.x and 2.x names) and push-based shuffle, only when on', () => {
    for (const key of ['spark.excludeOnFailure.enabled', 'spark.blacklist.enabled', 'spark.shuffle.push.enabled']) {
      const { covered, d } = one(file({ conf: `${key}: true` }), 'SJ150');
      expect(covered).toBe('true');
      expect(d.message.startsWith(`${key} is not simulated: `)).toBe(true);
      expect(codes(file({ conf: `${key}: false` }))).toEqual([]);
    }
  });
});
