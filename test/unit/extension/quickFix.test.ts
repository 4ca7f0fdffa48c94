import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseJobFile } from '../../../src/format';
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
      .toBe('version: 1\nname: x\ncluster: {}\n');
  });
});

describe('quick fixes for the format\'s own diagnostics', () => {
  const base = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
  /** Applies the first fix of the first diagnostic with `code`. */
  const fixFirst = (text: string, code: string) => {
    const d = parseJobFile(text).diagnostics.find((x) => x.code === code)!;
    const [f] = quickFixes(text, d);
    return { title: f.title, text: applyEdits(text, f.edits) };
  };

  it('SJ021: writes the integer form of a fractional duration', () => {
    const r = fixFirst(base.replace('submit: 1100ms', 'submit: 1.5s'), 'SJ021');
    expect(r.title).toBe('Use 1500ms');
    expect(r.text).toBe(base.replace('submit: 1100ms', 'submit: 1500ms'));
  });

  it('SJ031/SJ010: renames a misspelled key', () => {
    expect(fixFirst(base.replace('spark.locality.wait: 3s', 'spark.localty.wait: 3s'), 'SJ031').text).toBe(base);
    const typo = base.replace('    kind: crash\n', '    kind: crash\n    replaceAftr: 1s\n');
    const r = fixFirst(typo, 'SJ010');
    expect(r.title).toBe("Change to 'replaceAfter'");
    expect(r.text).toBe(base.replace('    kind: crash\n', '    kind: crash\n    replaceAfter: 1s\n'));
  });

  it('SJ011: adds a missing required key from its template', () => {
    expect(fixFirst(base.replace('    at: 1250ms\n', ''), 'SJ011').text).toBe(base.replace('    at: 1250ms\n    kind: crash\n', '    kind: crash\n    at: 1s\n'));
    const noVersion = base.replace('version: 1\n', '');
    expect(fixFirst(noVersion, 'SJ011').text).toBe(noVersion.replace('name: Paper', 'version: 1\nname: Paper'));
    const emptyCluster = base.replace(/cluster:\n  executors:\n(    - .*\n)+/, 'cluster: {}\n');
    expect(fixFirst(emptyCluster, 'SJ011').text).toContain('cluster: { executors: [{ id: "1", host: node1, cores: 2 }] }\n');
  });

  it('SJ011 at the entry that requires the key (host at id, partitions at kind, duration at tasks, sigma at dist): the fix adds it to that mapping', () => {
    const noHost = base.replace('{ id: "3", host: node3, cores: 1 }', '{ id: "3", cores: 1 }');
    expect(fixFirst(noHost, 'SJ011').text).toBe(base.replace('{ id: "3", host: node3, cores: 1 }', '{ id: "3", cores: 1, host: node1 }'));
    const streaming = [
      'version: 1', 'cluster:', '  executors:', '    - { id: "1", host: node1, cores: 2 }', 'streaming:', '  batchInterval: 1s', '  batches: 2', '  inputs:',
      '    - name: events', '      kind: kafka-direct', '      recordsPerSecond: 50', '  outputs:', '    - name: o', '      stages:',
      '        - { name: m, input: events }', '        - name: r', '          parents: [m]', '          tasks: 2', '',
    ].join('\n');
    const withPartitions = fixFirst(streaming, 'SJ011').text;
    expect(withPartitions).toContain('      recordsPerSecond: 50\n      partitions: 8\n');
    expect(fixFirst(withPartitions, 'SJ011').text).toContain('          tasks: 2\n          duration: 10ms\n');
    const lognormal = base.replace('- { duration: 310ms, input: 64m,', '- { duration: { dist: lognormal, median: 1s }, input: 64m,');
    expect(fixFirst(lognormal, 'SJ011').text).toContain('duration: { dist: lognormal, median: 1s, sigma: 0.3 }');
  });

  it('SJ022: offers each unit, the first preferred', () => {
    const text = base.replace('stallThreshold: 100ms', 'stallThreshold: 100');
    const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ022')!;
    const fixes = quickFixes(text, d);
    expect(fixes.map((f) => [f.title, !!f.isPreferred])).toEqual([['Use 100ms', true], ['Use 100s', false]]);
  });

  it('SJ033/SJ041: set a conf key (setConf), or add cores to the executor (addKey)', () => {
    const hb = base.replace('  spark.task.cpus: 1\n', '  spark.task.cpus: 1\n  spark.executor.heartbeatInterval: 200s\n');
    const r = fixFirst(hb, 'SJ033');
    expect(r.title).toMatch(/^Set spark.executor.heartbeatInterval to /);
    expect(r.text).toMatch(/\n {2}spark.executor.heartbeatInterval: \d+s\n/);
    expect(parseJobFile(r.text).diagnostics.filter((d) => d.code === 'SJ033')).toEqual([]);
    const noCores = base.replace('{ id: "3", host: node3, cores: 1 }', '{ id: "3", host: node3 }');
    const d = parseJobFile(noCores).diagnostics.find((x) => x.code === 'SJ041')!;
    const fixes = quickFixes(noCores, d);
    expect(fixes.map((f) => f.title)).toEqual(["Add 'cores'", 'Set spark.executor.cores to 2']);
    for (const f of fixes) expect(parseJobFile(applyEdits(noCores, f.edits)).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(applyEdits(noCores, fixes[1].edits)).toContain('  spark.task.cpus: 1\n  spark.executor.cores: 2\n');
  });
});

describe('an empty file (SJ004)', () => {
  it('offers a starter batch file and a starter streaming file, each free of diagnostics and with a stall to see', () => {
    for (const empty of ['', '\n', '# my job\n']) {
      const d = parseJobFile(empty).diagnostics.find((x) => x.code === 'SJ004')!;
      const fixes = quickFixes(empty, d);
      expect(fixes.map((f) => f.title)).toEqual(['Insert a starter batch job (3 executors, a crash)', 'Insert a starter streaming job (a receiver, a crash)']);
      expect(fixes[0].isPreferred).toBe(true);
      for (const f of fixes) {
        const text = applyEdits(empty, f.edits);
        const parsed = parseJobFile(text);
        expect(parsed.diagnostics).toEqual([]);
        expect(parsed.model!.faults).toHaveLength(1);
      }
    }
  });
});

