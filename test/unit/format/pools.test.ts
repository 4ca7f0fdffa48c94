// `pools:` and `pool:` (FAIR scheduler pools): the model, and SJ175-SJ178 at their exact ranges,
// each following what Spark 3.5's FairSchedulableBuilder does with the same allocation file.
import { describe, it, expect } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { CODES } from '../../../src/format/codes';
import { file, one } from './helpers';

const FAIR = 'spark.scheduler.mode: FAIR';
const JOBS2 = `jobs:
  - name: etl
    pool: batch
    stages: [{ name: s, tasks: { count: 2, duration: 100ms } }]
  - name: adhoc
    pool: interactive
    stages: [{ name: s, tasks: { count: 2, duration: 100ms } }]
`;
const POOLS = `pools:
  - { name: batch, schedulingMode: FIFO, weight: 1, minShare: 0 }
  - { name: interactive, schedulingMode: fair, weight: 3, minShare: 2 }
`;

describe('pools', () => {
  it('reads pools (schedulingMode upper-cased as Spark does) and each job\'s pool', () => {
    const r = parseJobFile(file({ conf: FAIR, jobs: JOBS2, tail: POOLS }));
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.pools).toEqual([
      { name: 'batch', schedulingMode: 'FIFO', weight: 1, minShare: 0 },
      { name: 'interactive', schedulingMode: 'FAIR', weight: 3, minShare: 2 },
    ]);
    expect(r.model?.jobs.map((j) => j.pool)).toEqual(['batch', 'interactive']);
  });

  it('defaults: FIFO, weight 1, minShare 0 (FairSchedulableBuilder DEFAULT_*)', () => {
    const r = parseJobFile(file({ conf: FAIR, tail: 'pools:\n  - name: p\n' }));
    expect(r.model?.pools).toEqual([{ name: 'p', schedulingMode: 'FIFO', weight: 1, minShare: 0 }]);
  });

  it('pool on streaming outputs and queries', () => {
    const text = `version: 1
spark: "3.5"
conf: { spark.scheduler.mode: FAIR }
cluster: { executors: { count: 2, cores: 2 } }
pools: [{ name: fast, weight: 2 }]
streaming:
  batchInterval: 1s
  batches: 2
  inputs: [{ name: k, kind: kafka-direct, partitions: 2, recordsPerSecond: 100 }]
  outputs: [{ name: o, pool: fast, stages: [{ name: m, input: k, costPerRecord: 10us }] }]
queries:
  - { name: q, pool: fast, trigger: 1s, batches: 2, source: { kind: rate, partitions: 2, recordsPerSecond: 10 }, stages: [{ name: r, costPerRecord: 1us }] }
`;
    const r = parseJobFile(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.model?.streaming?.outputs[0].pool).toBe('fast');
    expect(r.model?.queries?.[0].pool).toBe('fast');
  });

  it('SJ175: a pool no pools: entry declares is created with the defaults (info, at the pool value)', () => {
    const text = file({ conf: FAIR, jobs: JOBS2, tail: 'pools:\n  - { name: batch }\n  - { name: interactiv }\n' });
    const { d, covered, r } = one(text, 'SJ175');
    expect(d.severity).toBe('info');
    expect(covered).toBe('interactive');
    expect(d.message).toContain('FIFO, weight 1, minShare 0');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'replace', text: 'interactiv' });
    expect(r.model).toBeDefined();
  });

  it('SJ175: "default" always exists; without pools: every other name is created', () => {
    const text = file({ conf: FAIR, jobs: JOBS2.replace('pool: batch', 'pool: default') });
    const { covered } = one(text, 'SJ175');
    expect(covered).toBe('interactive');
  });

  it('SJ176: pools and pool: with FIFO mode have no effect (warning at each, fix sets FAIR)', () => {
    const text = file({ jobs: JOBS2, tail: POOLS });
    const ds = parseJobFile(text).diagnostics.filter((d) => d.code === 'SJ176');
    expect(ds.map((d) => text.slice(d.range.start, d.range.end))).toEqual(['batch', 'interactive', 'pools']);
    expect(ds[0].severity).toBe('warning');
    expect(ds[0].fixes?.[0]).toEqual({ kind: 'setConf', key: 'spark.scheduler.mode', value: 'FAIR' });
  });

  it('SJ177: a pool declared twice: the later one is used (the name map keeps it)', () => {
    const text = file({ conf: FAIR, tail: 'pools:\n  - { name: p, weight: 1 }\n  - { name: p, weight: 5 }\n' });
    const { d, covered, r } = one(text, 'SJ177');
    expect(covered).toBe('p');
    expect(d.range.start).toBe(text.lastIndexOf('name: p') + 6);
    expect(d.related?.[0].range.start).toBe(text.indexOf('name: p') + 6);
    expect(r.model?.pools).toEqual([{ name: 'p', schedulingMode: 'FIFO', weight: 5, minShare: 0 }]);
  });

  it('SJ178: values Spark cannot read fall back to the default with a warning', () => {
    const text = file({ conf: FAIR, tail: 'pools:\n  - { name: p, schedulingMode: ROUNDROBIN, weight: 1.5, minShare: lots }\n' });
    const ds = parseJobFile(text).diagnostics.filter((d) => d.code === 'SJ178');
    expect(ds.map((d) => text.slice(d.range.start, d.range.end))).toEqual(['ROUNDROBIN', '1.5', 'lots']);
    expect(ds.every((d) => d.severity === 'warning')).toBe(true);
    expect(parseJobFile(text).model?.pools).toEqual([{ name: 'p', schedulingMode: 'FIFO', weight: 1, minShare: 0 }]);
  });

  it('SJ178: weight 0 and a negative minShare (warnings: what Spark\'s arithmetic does with them)', () => {
    const text = file({ conf: FAIR, tail: 'pools:\n  - { name: p, weight: 0, minShare: -2 }\n' });
    const ds = parseJobFile(text).diagnostics.filter((d) => d.code === 'SJ178');
    expect(ds.map((d) => text.slice(d.range.start, d.range.end))).toEqual(['0', '-2']);
    expect(ds[0].message).toContain('Infinity');
    expect(parseJobFile(text).model?.pools?.[0]).toMatchObject({ weight: 0, minShare: -2 });
  });

  it('codes SJ175-SJ178 are documented; SJ034 is retired', () => {
    for (const c of ['SJ175', 'SJ176', 'SJ177', 'SJ178'] as const) expect(CODES[c].explanation.length).toBeGreaterThan(50);
    expect(CODES.SJ034.title).toContain('retired');
  });
});
