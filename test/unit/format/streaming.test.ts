// `streaming:` (src/format/streaming.ts): the typed model and every diagnostic at its exact node.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { CLUSTER, clean, codes, one } from './helpers';

const base = (streaming: string) => 'version: 1\n' + CLUSTER + 'streaming:\n' + streaming;

const RECEIVER = `  batchInterval: 2s
  batches: 3
  inputs:
    - { name: socket, kind: receiver, recordsPerSecond: 1000 }
  outputs:
    - name: counts
      stages:
        - { name: map, input: socket, costPerRecord: 20us, fixed: 5ms }
        - { name: reduce, parents: [map], tasks: 4, duration: 10ms }
`;

describe('streaming: the model', () => {
  it('a receiver input with Spark\'s default level (MEMORY_AND_DISK_SER_2: replication 2); costs in microseconds', () => {
    const r = clean(base(RECEIVER));
    expect(r.diagnostics).toEqual([]);
    expect(r.streaming).toBe(true);
    expect(r.model!.jobs).toEqual([]);
    expect(r.model!.streaming).toEqual({
      batchInterval: 2000, batches: 3,
      inputs: [{ kind: 'receiver', name: 'socket', recordsPerSecond: 1000, recordSize: 100, storageLevel: 'MEMORY_AND_DISK_SER_2', replication: 2, writeAheadLog: false }],
      outputs: [{ name: 'counts', stages: [
        { name: 'map', parents: [], input: 'socket', costPerRecordUs: 20, fixedUs: 5000 },
        { name: 'reduce', parents: ['map'], costPerRecordUs: 0, fixedUs: 0, tasks: 4, duration: { dist: 'fixed', ms: 10 } },
      ] }],
    });
  });

  it('duration: bounds the run to the batch times up to it (floor(duration / batchInterval))', () => {
    const r = clean(base(RECEIVER.replace('batches: 3', 'duration: 7s')));
    expect(r.model!.streaming!.batches).toBe(3);
  });

  it('a Kafka input: topic defaults to the name, PreferConsistent by default, brokers and fixed maps', () => {
    const r = clean(base(`  batchInterval: 1s
  batches: 2
  inputs:
    - { name: events, kind: kafka-direct, partitions: 2, recordsPerSecond: 50, locationStrategy: PreferBrokers, brokers: { 0: node1, 1: node2 } }
  outputs:
    - { name: o, stages: [{ name: m, input: events }] }
`));
    expect(r.model!.streaming!.inputs[0]).toEqual({
      kind: 'kafka-direct', name: 'events', topic: 'events', partitions: 2, recordsPerSecond: 50, recordSize: 100,
      locationStrategy: 'PreferBrokers', brokers: { 0: 'node1', 1: 'node2' }, fixed: {},
    });
  });

  it('SJ087: writeAheadLog forces replication 1 (info on the storage level)', () => {
    const text = base(RECEIVER.replace('recordsPerSecond: 1000 }', 'recordsPerSecond: 1000, storageLevel: MEMORY_ONLY_2, writeAheadLog: true }'));
    const { d, covered, r } = one(text, 'SJ087');
    expect(d.severity).toBe('info');
    expect(covered).toBe('MEMORY_ONLY_2');
    expect(r.model!.streaming!.inputs[0]).toMatchObject({ replication: 1, writeAheadLog: true });
  });

  it('the streaming section no longer carries the "not simulated yet" info', () => {
    expect(codes(base(RECEIVER))).not.toContain('SJ080');
  });
});

describe('streaming: diagnostics at their nodes', () => {
  it('SJ081: neither batches nor duration, at the streaming key', () => {
    const { covered } = one(base(RECEIVER.replace('  batches: 3\n', '')), 'SJ081');
    expect(covered).toBe('streaming');
  });
  it('SJ081: both batches and duration, at the duration key', () => {
    const { covered } = one(base(RECEIVER.replace('  batches: 3\n', '  batches: 3\n  duration: 10s\n')), 'SJ081');
    expect(covered).toBe('duration');
  });
  it('SJ081: a duration shorter than the batch interval', () => {
    const { covered } = one(base(RECEIVER.replace('batches: 3', 'duration: 1s')), 'SJ081');
    expect(covered).toBe('1s');
  });
  it('SJ011: batchInterval is required', () => {
    const { covered } = one(base(RECEIVER.replace('  batchInterval: 2s\n', '')), 'SJ011');
    expect(covered).toBe('streaming');
  });
  it('SJ082: duplicate input name, at the second name', () => {
    const text = base(RECEIVER.replace('    - { name: socket, kind: receiver, recordsPerSecond: 1000 }\n',
      '    - { name: socket, kind: receiver, recordsPerSecond: 1000 }\n    - { name: socket, kind: receiver, recordsPerSecond: 5 }\n'));
    const { d, covered } = one(text, 'SJ082');
    expect(covered).toBe('socket');
    expect(d.range.start).toBe(text.lastIndexOf('name: socket') + 6);
  });
  it('SJ083: unknown input, with a did-you-mean fix', () => {
    const { d, covered } = one(base(RECEIVER.replace('input: socket', 'input: sockt')), 'SJ083');
    expect(covered).toBe('sockt');
    expect(d.message).toContain("did you mean 'socket'");
    expect(d.fixes).toEqual([{ kind: 'replace', text: 'socket', title: 'Use socket' }]);
  });
  it('SJ084: a stage with input and tasks, at tasks; a stage with neither, at the stage', () => {
    expect(one(base(RECEIVER.replace('input: socket,', 'input: socket, tasks: 2,')), 'SJ084').covered).toBe('tasks');
    const { covered } = one(base(RECEIVER.replace('{ name: map, input: socket, costPerRecord: 20us, fixed: 5ms }', '{ name: map }')), 'SJ084');
    expect(covered).toBe('{ name: map }');
  });
  it('SJ011: a tasks stage needs duration', () => {
    // at the `tasks:` entry that makes duration required, not over the whole stage
    const { covered } = one(base(RECEIVER.replace(', duration: 10ms', '')), 'SJ011');
    expect(covered).toBe('tasks: 4');
  });
  it('SJ085: a key of the other input kind is a warning at the key', () => {
    const { d, covered } = one(base(RECEIVER.replace('recordsPerSecond: 1000 }', 'recordsPerSecond: 1000, partitions: 4 }')), 'SJ085');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('partitions');
  });
  it('SJ086: PreferBrokers needs every partition\'s leader; a partition out of range', () => {
    const kafka = (extra: string) => base(`  batchInterval: 1s
  batches: 2
  inputs:
    - { name: events, kind: kafka-direct, partitions: 2, recordsPerSecond: 50, ${extra} }
  outputs:
    - { name: o, stages: [{ name: m, input: events }] }
`);
    expect(one(kafka('locationStrategy: PreferBrokers, brokers: { 0: node1 }'), 'SJ086').covered).toBe('{ 0: node1 }');
    expect(one(kafka('locationStrategy: PreferFixed, fixed: { 5: node1 }'), 'SJ086').covered).toBe('5');
    expect(one(kafka('locationStrategy: PreferConsistent').replace('partitions: 2', 'partitions: 0'), 'SJ016').covered).toBe('0');
  });
  it('SJ011: a Kafka input needs partitions', () => {
    const text = base(`  batchInterval: 1s
  batches: 2
  inputs:
    - { name: events, kind: kafka-direct, recordsPerSecond: 50 }
  outputs:
    - { name: o, stages: [{ name: m, input: events }] }
`);
    // at the `kind: kafka-direct` that makes partitions required, not over the whole input
    expect(one(text, 'SJ011').covered).toBe('kind: kafka-direct');
    const block = text.replace('- { name: events, kind: kafka-direct, recordsPerSecond: 50 }', '- name: events\n      kind: kafka-direct  # direct stream\n      recordsPerSecond: 50');
    expect(one(block, 'SJ011').covered).toBe('kind: kafka-direct');
  });
  it('SJ052/SJ053: unknown parent and cycles within an output', () => {
    expect(one(base(RECEIVER.replace('parents: [map]', 'parents: [mapp]')), 'SJ052').covered).toBe('mapp');
    const cyc = base(RECEIVER.replace('{ name: map, input: socket,', '{ name: map, parents: [reduce], input: socket,'));
    expect(parseJobFile(cyc).diagnostics.map((d) => d.code)).toContain('SJ053');
  });
  it('SJ017: names with / @ or : are refused (task ids OUTPUT@T/STAGE/I, receiver:NAME)', () => {
    expect(one(base(RECEIVER.replace('name: counts', 'name: "a@b"')), 'SJ017').covered).toBe('"a@b"');
  });
  it('SJ013: an unknown storage level, with a did-you-mean', () => {
    const { d } = one(base(RECEIVER.replace('recordsPerSecond: 1000 }', 'recordsPerSecond: 1000, storageLevel: MEMORY_AND_DSK_SER_2 }')), 'SJ013');
    expect(d.fixes?.[0]).toMatchObject({ text: 'MEMORY_AND_DISK_SER_2' });
  });
  it('SJ054: a preferred host not in the cluster is a warning', () => {
    expect(one(base(RECEIVER.replace('recordsPerSecond: 1000 }', 'recordsPerSecond: 1000, preferredHost: node9 }')), 'SJ054').covered).toBe('node9');
  });
});
