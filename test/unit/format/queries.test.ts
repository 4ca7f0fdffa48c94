// `queries:` (src/format/queries.ts): the typed model and every diagnostic at its exact node.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { CLUSTER, clean, codes, one } from './helpers';

const base = (queries: string, head = '') => 'version: 1\n' + head + CLUSTER + 'queries:\n' + queries;

const QUERY = `  - name: sessions
    trigger: 1s
    batches: 4
    source: { kind: kafka, topic: events, partitions: 4, recordsPerSecond: 8000, maxOffsetsPerTrigger: 10000 }
    stages:
      - { name: read, costPerRecord: 5us, fixed: 2ms }
      - name: aggregate
        parents: [read]
        partitions: 2
        duration: 20ms
        state: { reload: 500ms, stores: ["1", "2"] }
`;

describe('queries: the model', () => {
  it('a stateful Kafka query with the spec\'s keys', () => {
    const r = clean(base(QUERY));
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.jobs).toEqual([]);
    expect(r.model!.queries).toEqual([{
      name: 'sessions', start: 0, trigger: 1000, availableNow: false, batches: 4, overhead: 0,
      source: { kind: 'kafka', topic: 'events', partitions: 4, recordsPerSecond: 8000, maxOffsetsPerTrigger: 10000, minPartitions: 0, backlog: 0 },
      stages: [
        { name: 'read', parents: [], partitions: 0, costPerRecordUs: 5, fixedUs: 2000 },
        { name: 'aggregate', parents: ['read'], partitions: 2, costPerRecordUs: 0, fixedUs: 0, duration: { dist: 'fixed', ms: 20 },
          state: { reload: 500, stores: ['1', '2'], size: 0, changeSize: 0, provider: 'hdfs', changelogCheckpointing: false, snapshotInterval: 10 } },
      ],
    }]);
  });

  it('shuffle partitions default to spark.sql.shuffle.partitions; the state provider and snapshots to their conf keys', () => {
    const q = QUERY.replace('        partitions: 2\n', '').replace('state: { reload: 500ms, stores: ["1", "2"] }', 'state: { size: 64m }');
    const head = 'conf:\n  spark.sql.shuffle.partitions: 3\n  spark.sql.streaming.stateStore.providerClass: org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider\n' +
      '  spark.sql.streaming.stateStore.minDeltasForSnapshot: 5\n';
    const st = clean(base(q, head)).model!.queries![0].stages[1];
    expect(st.partitions).toBe(3);
    expect(st.state).toMatchObject({ provider: 'rocksdb', snapshotInterval: 5, size: 64 * 1024 * 1024 });
    expect(clean(base(q)).model!.queries![0].stages[1].partitions).toBe(200);
  });

  it('trigger: availableNow needs no batches; duration bounds by time', () => {
    const q = clean(base(QUERY.replace('trigger: 1s', 'trigger: availableNow').replace('    batches: 4\n', ''))).model!.queries![0];
    expect([q.availableNow, q.trigger, q.batches]).toEqual([true, 0, undefined]);
    expect(clean(base(QUERY.replace('batches: 4', 'duration: 30s'))).model!.queries![0].until).toBe(30000);
  });
});

describe('queries: diagnostics at their node', () => {
  it('SJ300: neither batches nor duration (at the query), both (at duration)', () => {
    expect(one(base(QUERY.replace('    batches: 4\n', '')), 'SJ300').covered).toMatch(/^name: sessions/);
    expect(one(base(QUERY.replace('batches: 4', 'batches: 4\n    duration: 3s')), 'SJ300').covered).toBe('duration');
  });

  it('SJ301: duplicate query name, at the second', () => {
    const f = one(base(QUERY + QUERY.replace('trigger: 1s', 'trigger: 2s')), 'SJ301');
    expect(f.covered).toBe('sessions');
    expect(f.d.range.start).toBeGreaterThan(base(QUERY).length - 10);
  });

  it('SJ302: queries need spark "3.5"', () => {
    expect(one(base(QUERY, 'spark: "2.2"\n'), 'SJ302').covered).toBe('queries');
  });

  it('SJ303: a Kafka source without topic or partitions; SJ304: Kafka keys on a rate source', () => {
    expect(codes(base(QUERY.replace('topic: events, ', '')))).toContain('SJ303');
    expect(codes(base(QUERY.replace('partitions: 4, ', '')))).toContain('SJ303');
    const f = one(base(QUERY.replace('kind: kafka, topic: events, partitions: 4', 'kind: rate, partitions: 4')), 'SJ304');
    expect(f.covered).toBe('maxOffsetsPerTrigger');
    expect(f.d.severity).toBe('warning');
  });

  it('SJ305: stores of the wrong length, or on an unknown executor (with a did-you-mean)', () => {
    expect(one(base(QUERY.replace('stores: ["1", "2"]', 'stores: ["1"]')), 'SJ305').covered).toBe('["1"]');
    const f = one(base(QUERY.replace('stores: ["1", "2"]', 'stores: ["1", "3"]')), 'SJ305');
    expect(f.covered).toBe('"3"');
  });

  it('SJ306: a first stage with parents, a later one without, state on the first stage', () => {
    expect(one(base(QUERY.replace('{ name: read,', '{ name: read, parents: [aggregate],')), 'SJ306').covered).toBe('[aggregate]');
    expect(codes(base(QUERY.replace('        parents: [read]\n', '')))).toContain('SJ306');
    expect(one(base(QUERY.replace('{ name: read, costPerRecord: 5us, fixed: 2ms }', '{ name: read, costPerRecord: 5us, state: {} }')), 'SJ306').covered).toBe('state');
  });

  it('SJ307: size beside reload is not used (info)', () => {
    const f = one(base(QUERY.replace('reload: 500ms,', 'reload: 500ms, size: 1g,')), 'SJ307');
    expect([f.covered, f.d.severity]).toEqual(['size', 'info']);
  });

  it('SJ311: watermark on a stage and the conf keys that act only through one are accepted and flagged at their key (info)', () => {
    const f = one(base(QUERY.replace('duration: 20ms\n', 'duration: 20ms\n        watermark: 10min\n')), 'SJ311');
    expect([f.covered, f.d.severity]).toEqual(['watermark', 'info']);
    expect(f.d.message).toContain('batches run only when new data arrives');
    const head = 'conf:\n  spark.sql.streaming.noDataMicroBatches.enabled: true\n  spark.sql.streaming.multipleWatermarkPolicy: max\n';
    const r = parseJobFile(base(QUERY, head));
    expect(r.diagnostics.filter((d) => d.code === 'SJ311').map((d) => [d.severity, d.message.split(':')[0]])).toEqual([
      ['info', 'spark.sql.streaming.noDataMicroBatches.enabled'], ['info', 'spark.sql.streaming.multipleWatermarkPolicy'],
    ]);
    expect(r.model!.queries).toHaveLength(1);
    // without queries the keys say nothing about queries
    expect(codes('version: 1\n' + head + CLUSTER + 'jobs:\n  - { name: j, stages: [{ name: s, tasks: 1, duration: 1s }] }\n')).not.toContain('SJ311');
  });

  it('SJ312: a stateful stage reading two shuffles (a stream-stream join) at its state key; the join conf key', () => {
    const q = QUERY.replace('      - name: aggregate\n        parents: [read]', '      - { name: other, parents: [read], partitions: 2, duration: 5ms }\n      - name: aggregate\n        parents: [read, other]');
    const f = one(base(q), 'SJ312');
    expect([f.covered, f.d.severity]).toEqual(['state', 'info']);
    expect(f.d.message).toContain('2 shuffles');
    expect(one(base(QUERY, 'conf:\n  spark.sql.streaming.join.stateFormatVersion: 2\n'), 'SJ312').covered).toBe('spark.sql.streaming.join.stateFormatVersion');
  });

  it('SJ017: a name with # (task ids are QUERY#BATCHID/STAGE/INDEX); SJ013: an unknown trigger word', () => {
    expect(one(base(QUERY.replace('name: sessions', 'name: "a#b"')), 'SJ017').covered).toBe('"a#b"');
    expect(one(base(QUERY.replace('trigger: 1s', 'trigger: availablenow')), 'SJ013').covered).toBe('availablenow');
  });

  it('SJ010: an unknown key under a stage\'s state with a did-you-mean', () => {
    const r = parseJobFile(base(QUERY.replace('reload: 500ms', 'reloads: 500ms')));
    expect(r.diagnostics.find((d) => d.code === 'SJ010')!.message).toContain("did you mean 'reload'");
  });
});

describe('queries in the editor: completion and hover come from the same tables', () => {
  it('completes a state block\'s keys and hovers the reload and the shuffle partitions key', async () => {
    const { completionItems } = await import('../../../src/extension/core/completionItems');
    const { hoverText } = await import('../../../src/extension/core/hoverText');
    const text = base(QUERY.replace('state: { reload: 500ms, stores: ["1", "2"] }', 'state:\n          re'));
    const labels = completionItems(text, text.indexOf('          re') + 12).map((i) => i.label);
    expect(labels).toContain('reload');
    const t2 = base(QUERY, 'conf:\n  spark.sql.shuffle.partitions: 2\n');
    const h = hoverText(t2, t2.indexOf('reload') + 2);
    expect(h?.markdown ?? JSON.stringify(h)).toMatch(/checkpoint/);
    const c = hoverText(t2, t2.indexOf('spark.sql.shuffle.partitions') + 3);
    expect(c?.markdown ?? JSON.stringify(c)).toMatch(/state stores/);
  });
});
