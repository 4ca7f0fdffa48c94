import { describe, expect, it } from 'vitest';
import { cursorContext } from '../../../src/extension/core/lineContext';
import { completionItems } from '../../../src/extension/core/completionItems';

/** `|` marks the cursor. */
const at = (s: string) => ({ text: s.replace('|', ''), offset: s.indexOf('|') });
const ctx = (s: string) => { const { text, offset } = at(s); return cursorContext(text, offset); };
const labels = (s: string) => { const { text, offset } = at(s); return completionItems(text, offset).map((i) => i.label); };

const CLUSTER = 'version: 1\ncluster:\n  executors:\n    - { id: "1", host: node1, cores: 2, rack: r1 }\n    - id: "2"\n      host: node2\n      cores: 2\n';

describe('cursor context', () => {
  it('finds the parent keys of a block key', () => {
    expect(ctx('conf:\n  spark.loc|')).toMatchObject({ parent: ['conf'], mode: 'key', word: 'spark.loc' });
    expect(ctx('cluster:\n  executors:\n    - id: "1"\n      ho|')).toMatchObject({ parent: ['cluster', 'executors', '*'], mode: 'key', word: 'ho' });
    expect(ctx('faults:\n- executor: "1"\n  |')).toMatchObject({ parent: ['faults', '*'], mode: 'key' });
    expect(ctx('jobs:\n  - name: a\n    stages:\n      - name: s\n        tasks:\n          - duration: 1s\n            |')).toMatchObject({
      parent: ['jobs', '*', 'stages', '*', 'tasks', '*'], mode: 'key' });
    expect(ctx('version: 1\n|')).toMatchObject({ parent: [], mode: 'key', siblings: ['version'] });
  });

  it('recognises values, flow mappings and flow sequences', () => {
    expect(ctx('faults:\n  - executor: "2"\n    kind: cr|')).toMatchObject({ parent: ['faults', '*'], mode: 'value', key: 'kind', word: 'cr' });
    expect(ctx('faults:\n  - { executor: "2", kind: |')).toMatchObject({ parent: ['faults', '*'], mode: 'value', key: 'kind', flow: true });
    expect(ctx('faults:\n  - { executor: "2", |')).toMatchObject({ parent: ['faults', '*'], mode: 'key', siblings: ['executor'] });
    expect(ctx('jobs:\n  - stages:\n      - tasks:\n          - { duration: 1s, prefer: ["exec:|')).toMatchObject({
      parent: ['jobs', '*', 'stages', '*', 'tasks', '*'], key: 'prefer', mode: 'value', inSequence: true, word: 'exec:' });
  });
});

describe('completion items', () => {
  it('offers top-level keys not yet present, with docs', () => {
    const items = labels('version: 1\n|');
    expect(items).toContain('cluster');
    expect(items).toContain('recovery');
    expect(items).not.toContain('version');
  });

  it('offers spark.* keys with defaults under conf', () => {
    const { text, offset } = at('conf:\n  spark.locality.wait: 3s\n  spark.|');
    const items = completionItems(text, offset);
    const wait = items.find((i) => i.label === 'spark.locality.wait.node')!;
    expect(wait.detail).toContain('default');
    expect(wait.documentation).toContain('NODE_LOCAL');
    expect(items.find((i) => i.label === 'spark.locality.wait')).toBeUndefined();
    expect(items.find((i) => i.label === 'spark.task.cpus')!.insertText).toBe('spark.task.cpus: ${1:1}');
  });

  it('offers enum values', () => {
    expect(labels('faults:\n  - executor: "2"\n    kind: |')).toEqual(['crash', 'hang', 'node']);
    expect(labels('faults:\n  - executor: "2"\n    cause: |')).toEqual(['app', 'external']);
    expect(labels('cluster:\n  manager: |')).toEqual(['standalone', 'yarn', 'kubernetes']);
    expect(labels('recovery:\n  policy: |')).toEqual(['spark', 'reserved-slots']);
    expect(labels('spark: |')).toEqual(['"2.2"', '"3.5"']);
    expect(labels('jobs:\n  - stages:\n      - tasks: { count: 3, prefer: { replicas: 2, on: |')).toEqual(['hosts', 'executors']);
    expect(labels('streaming:\n  inputs:\n    - kind: |')).toEqual(['receiver', 'kafka-direct']);
    expect(labels('jobs:\n  - stages:\n      - tasks:\n          - duration: { dist: |')).toEqual(['uniform', 'lognormal']);
    expect(labels('jobs:\n  - stages:\n      - tasks: { count: 4, duration: { dist: |')).toEqual(['uniform', 'lognormal']);
    expect(labels('analysis:\n  sweep: |')).toEqual(['true', 'false']);
    expect(labels('streaming:\n  inputs:\n    - locationStrategy: |')).toContain('PreferBrokers');
    expect(labels('streaming:\n  inputs:\n    - storageLevel: |')).toContain('MEMORY_AND_DISK_SER_2');
  });

  it('offers locations from the file\'s cluster inside prefer', () => {
    const items = labels(`${CLUSTER}jobs:\n  - stages:\n      - tasks:\n          - { duration: 1s, prefer: ["|`);
    expect(items).toEqual(['exec:1', 'exec:2', 'host:node1', 'host:node2', 'rack:r1']);
    const block = labels(`${CLUSTER}jobs:\n  - stages:\n      - tasks:\n          - duration: 1s\n            prefer:\n              - |`);
    expect(block).toContain('host:node2');
  });

  it('offers the job\'s other stages as parents', () => {
    const jobs = 'jobs:\n  - name: a\n    stages:\n      - name: scan\n        tasks: { count: 2, duration: 1s }\n'
      + '      - name: join\n        tasks: { count: 2, duration: 1s }\n      - name: agg\n        parents: [|]\n'
      + '  - name: b\n    stages:\n      - name: other\n';
    expect(labels(jobs)).toEqual(['scan', 'join']);
  });

  it('offers executor ids and all: under reservedSlots, and template executors', () => {
    expect(labels(`${CLUSTER}recovery:\n  reservedSlots:\n    "1": 1\n    |`)).toEqual(['"2"', 'all']);
    expect(labels('cluster:\n  executors: { count: 3, cores: 2 }\nfaults:\n  - executor: |')).toEqual(['"1"', '"2"', '"3"']);
  });

  it('names template executors, hosts and racks as the format expands the template', () => {
    const text = 'cluster:\n  executors: { count: 4, cores: 2, hostsPerRack: 2 }\njobs:\n  - stages:\n      - tasks:\n          - prefer: ["|"]';
    expect(labels(text)).toEqual([
      'exec:1', 'exec:2', 'exec:3', 'exec:4', 'host:node1', 'host:node2', 'host:node3', 'host:node4', 'rack:rack1', 'rack:rack2',
    ]);
  });

  it('offers executor ids for a fault', () => {
    expect(labels(`${CLUSTER}faults:\n  - executor: |`)).toEqual(['"1"', '"2"']);
  });

  it('inserts nested blocks for container keys', () => {
    const { text, offset } = at('version: 1\n|');
    const cluster = completionItems(text, offset).find((i) => i.label === 'cluster')!;
    expect(cluster.insertText).toBe('cluster:\n  $1');
    const faults = completionItems(text, offset).find((i) => i.label === 'faults')!;
    expect(faults.insertText).toBe('faults:\n  - $1');
  });
});
