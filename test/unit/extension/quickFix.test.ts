import { describe, expect, it } from 'vitest';
import { quickFixes, reserveSlotsEdits, quickFixEdits } from '../../../src/extension/core/quickFix';
import { applyEdits } from '../../../src/extension/core/yamlEdit';

const fix = (text: string, executor: string, slots = 1) => applyEdits(text, reserveSlotsEdits(text, executor, slots));

describe('reserveSlots quick fix', () => {
  it('switches the policy and keeps reserved slots that are already enough', () => {
    const text = 'version: 1\nrecovery:\n  policy: spark\n  reservedSlots: { "1": 1 }\nanalysis:\n  sweep: true\n';
    expect(fix(text, '1')).toBe('version: 1\nrecovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1 }\nanalysis:\n  sweep: true\n');
  });

  it('creates recovery: before analysis: when absent', () => {
    const text = 'version: 1\nfaults:\n  - { executor: "2", at: 1250ms }\nanalysis:\n  sweep: true\n';
    expect(fix(text, '1')).toBe('version: 1\nfaults:\n  - { executor: "2", at: 1250ms }\n'
      + 'recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1 }\nanalysis:\n  sweep: true\n');
  });

  it('creates recovery: at the end of a file without analysis:, adding the missing newline', () => {
    expect(fix('version: 1\njobs: []', '2')).toBe('version: 1\njobs: []\nrecovery:\n  policy: reserved-slots\n  reservedSlots: { "2": 1 }\n');
  });

  it('adds policy first and reservedSlots last to an existing block mapping', () => {
    const text = 'recovery:\n  reserveForReceivers: true  # receivers too\nanalysis: {}\n';
    expect(fix(text, '3', 2)).toBe('recovery:\n  policy: reserved-slots\n  reserveForReceivers: true  # receivers too\n  reservedSlots: { "3": 2 }\nanalysis: {}\n');
  });

  it('merges another executor into a flow mapping and raises a smaller count', () => {
    expect(fix('recovery:\n  policy: spark\n  reservedSlots: { "1": 1 }\n', '2'))
      .toBe('recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1, "2": 1 }\n');
    expect(fix('recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1 }\n', '1', 2))
      .toBe('recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 2 }\n');
  });

  it('merges into a block reservedSlots mapping', () => {
    expect(fix('recovery:\n  policy: spark\n  reservedSlots:\n    "4": 1\n', '1'))
      .toBe('recovery:\n  policy: reserved-slots\n  reservedSlots:\n    "4": 1\n    "1": 1\n');
  });

  it('treats all: N as covering the executor', () => {
    expect(fix('recovery:\n  policy: spark\n  reservedSlots: { all: 1 }\n', '1'))
      .toBe('recovery:\n  policy: reserved-slots\n  reservedSlots: { all: 1 }\n');
  });

  it('fills an empty recovery: and a flow recovery mapping', () => {
    expect(fix('recovery:\nanalysis: {}\n', '1')).toBe('recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1 }\nanalysis: {}\n');
    expect(fix('recovery: {}\n', '1')).toBe('recovery: { policy: reserved-slots, reservedSlots: { "1": 1 } }\n');
    expect(fix('recovery: { policy: spark }\n', '1')).toBe('recovery: { policy: reserved-slots, reservedSlots: { "1": 1 } }\n');
  });

  it('reserves on every executor with all:', () => {
    expect(fix('recovery:\n  policy: spark\n', 'all')).toBe('recovery:\n  policy: reserved-slots\n  reservedSlots: { all: 1 }\n');
  });
});

describe('other quick fixes', () => {
  it('replaces a fractional duration with its integer form', () => {
    const text = 'faults:\n  - { executor: "2", at: 1.5s }\n';
    const start = text.indexOf('1.5s');
    const [f] = quickFixes(text, { code: 'SJ021', range: { start, end: start + 4 }, fixes: [{ kind: 'replace', text: '1500ms', title: 'Write 1500ms' }] });
    expect(f.title).toBe('Write 1500ms');
    expect(f.isPreferred).toBe(true);
    expect(applyEdits(text, f.edits)).toBe('faults:\n  - { executor: "2", at: 1500ms }\n');
  });

  it('renames a key, keeping its quotes', () => {
    const text = 'conf:\n  "spark.localty.wait": 3s\n';
    const start = text.indexOf('"spark');
    const edits = quickFixEdits(text, { start, end: start + 20 }, { kind: 'renameKey', to: 'spark.locality.wait' });
    expect(applyEdits(text, edits)).toBe('conf:\n  "spark.locality.wait": 3s\n');
  });

  it('sets a conf key, adding it or replacing its value', () => {
    const set = (t: string) => applyEdits(t, quickFixEdits(t, { start: 0, end: 0 }, { kind: 'setConf', key: 'spark.locality.wait.node', value: '0s' }));
    expect(set('conf:\n  spark.locality.wait: 3s\ncluster: {}\n')).toBe('conf:\n  spark.locality.wait: 3s\n  spark.locality.wait.node: 0s\ncluster: {}\n');
    expect(set('conf:\n  spark.locality.wait.node: 3s\n')).toBe('conf:\n  spark.locality.wait.node: 0s\n');
    expect(set('version: 1\ncluster: {}\n')).toBe('version: 1\nconf:\n  spark.locality.wait.node: 0s\ncluster: {}\n');
    expect(set('conf: {}\n')).toBe('conf: { spark.locality.wait.node: 0s }\n');
  });

  it('adds a missing key to the mapping the diagnostic points at', () => {
    const text = 'version: 1\nfaults:\n  - executor: "2"\n    kind: crash\n';
    const start = text.indexOf('executor');
    const edits = quickFixEdits(text, { start, end: start + 8 }, { kind: 'addKey', key: 'at', snippet: '1s' });
    expect(applyEdits(text, edits)).toBe('version: 1\nfaults:\n  - executor: "2"\n    kind: crash\n    at: 1s\n');
    const flow = 'faults:\n  - { executor: "2" }\n';
    const s2 = flow.indexOf('{');
    expect(applyEdits(flow, quickFixEdits(flow, { start: s2, end: s2 + 17 }, { kind: 'addKey', key: 'at', snippet: '1s' })))
      .toBe('faults:\n  - { executor: "2", at: 1s }\n');
  });

  it('adds a missing top-level key', () => {
    const text = 'name: x\ncluster: {}\n';
    expect(applyEdits(text, quickFixEdits(text, { start: 0, end: 0 }, { kind: 'addKey', key: 'version', snippet: '1' })))
      .toBe('name: x\ncluster: {}\nversion: 1\n');
  });
});
