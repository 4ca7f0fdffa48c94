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
    expect(labels('faults:\n  - executor: "2"\n    kind: |')).toEqual(['crash', 'hang', 'node', 'decommission']);
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

/**
 * What VS Code does when an item is accepted: the range is replaced by the snippet, whose lines
 * after the first get the leading whitespace of the cursor's line (SnippetSession.adjustWhitespace),
 * placeholders keep their default and a choice its first value. Returns the text and the cursor.
 */
function accept(text: string, offset: number, label: string): { text: string; offset: number; placeholder?: [number, number] } {
  const item = completionItems(text, offset).find((i) => i.label === label);
  if (!item) throw new Error(`no item ${label} in ${JSON.stringify(completionItems(text, offset).map((i) => i.label))}`);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const ws = /^[ ]*/.exec(text.slice(lineStart, offset))![0];
  let body = item.insertText.split('\n').map((l, i) => (i === 0 ? l : ws + l)).join('\n');
  let placeholder: [number, number] | undefined;
  if (item.snippet) {
    // the first tab stop: its default (a choice's first value) selected, or an empty cursor
    const m = /\$\{1\|([^,|]*)[^}]*\}|\$\{1:([^}]*)\}|\$1/.exec(body);
    if (m) {
      const value = (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1');
      body = body.slice(0, m.index) + value + body.slice(m.index + m[0].length);
      placeholder = [item.replace.start + m.index, item.replace.start + m.index + value.length];
    }
  }
  const end = item.replace.start + body.length;
  return { text: text.slice(0, item.replace.start) + body + text.slice(item.replace.end), offset: placeholder?.[1] ?? end, placeholder };
}

/**
 * Writes a file with completion alone: a label accepts that item (Ctrl+Space, Enter), `'\n'` is
 * Enter (VS Code keeps the line's indentation; after `key: value` Tab has left the snippet),
 * `'>text'` types over the selected placeholder.
 */
function write(steps: string[]): string {
  let text = '';
  let offset = 0;
  let selection: [number, number] | undefined;
  for (const s of steps) {
    if (s.startsWith('>')) {
      const [a, b] = selection ?? [offset, offset];
      text = text.slice(0, a) + s.slice(1) + text.slice(b);
      offset = a + s.length - 1;
      selection = undefined;
      continue;
    }
    if (s === '\n') {
      // Tab to the snippet's end first (the end of the inserted line)
      const eol = text.indexOf('\n', offset);
      if (selection) offset = eol < 0 ? text.length : eol;
      selection = undefined;
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      const ws = /^[ ]*/.exec(text.slice(lineStart, offset))![0];
      text = `${text.slice(0, offset)}\n${ws}${text.slice(offset)}`;
      offset += 1 + ws.length;
      continue;
    }
    const r = accept(text, offset, s);
    text = r.text;
    offset = r.offset;
    selection = r.placeholder && r.placeholder[0] !== r.placeholder[1] ? r.placeholder : undefined;
  }
  return text;
}

describe('completion writes indentation the editor keeps', () => {
  it('nested blocks are relative to the line: `inputs:` then `- ` two columns in, at every level', () => {
    const { text, offset } = at('streaming:\n  |');
    expect(completionItems(text, offset).find((i) => i.label === 'inputs')!.insertText).toBe('inputs:\n  - $1');
    // on a `- ` line the key is 2 columns right of the line's indentation
    const item = at('jobs:\n  - |');
    expect(completionItems(item.text, item.offset).find((i) => i.label === 'stages')!.insertText).toBe('stages:\n    - $1');
  });

  it('a batch file written with completion alone parses to the structure intended', () => {
    const text = write(['version', '\n', 'cluster', 'executors', 'id', '\n', 'host', '\n', 'cores', '\n']);
    expect(text).toBe('version: 1\ncluster:\n  executors:\n    - id: "1"\n      host: node1\n      cores: 2\n      ');
    const jobs = write(['jobs', 'name', '\n', 'stages', 'name', '\n', 'tasks', 'duration']);
    expect(jobs).toBe('jobs:\n  - name: job1\n    stages:\n      - name: map\n        tasks:\n          - duration: 100ms');
  });

  it('a streaming file: inputs and outputs at the right columns, `input:` names the file\'s input', () => {
    const text = write(['streaming', 'batchInterval', '\n', 'inputs', 'name', '>events', '\n', 'kind', '\n', 'recordsPerSecond', '\n']);
    expect(text).toBe('streaming:\n  batchInterval: 1s\n  inputs:\n    - name: events\n      kind: receiver\n      recordsPerSecond: 10000\n      ');
  });
});

describe('completion after Enter on a `- key: value` line (the cursor under the dash)', () => {
  it('offers the item\'s other keys, written at the item\'s key column', () => {
    const { text, offset } = at('streaming:\n  inputs:\n    - name: events\n    |');
    const items = completionItems(text, offset);
    expect(items.map((i) => i.label)).not.toContain('name');
    expect(items.map((i) => i.label)).toContain('kind');
    expect(items.find((i) => i.label === 'kind')!.insertText).toBe('  kind: ${1|receiver,kafka-direct|}');
  });

  it('a job\'s `stages` from under the dash nests its list two columns under the key', () => {
    const text = write(['jobs', 'name', '\n', 'stages']);
    expect(text).toBe('jobs:\n  - name: job1\n    stages:\n      - ');
  });

  it('a fault\'s `at` and `kind` after `- executor: "2"`', () => {
    const items = labels('cluster:\n  executors: { count: 3, cores: 2 }\nfaults:\n  - executor: "2"\n  |');
    expect(items).toEqual(expect.arrayContaining(['at', 'kind', 'replaceAfter']));
    expect(items).not.toContain('executor');
  });

  it('not under a list of plain values (a new item comes next there)', () => {
    const c = ctx('jobs:\n  - stages:\n      - tasks:\n          - prefer:\n              - "exec:1"\n              |');
    expect(c.lead).toBeUndefined();
  });
});

describe('completion of a value already written', () => {
  it('replaces the whole scalar, quotes included, and keeps every value listed', () => {
    const { text, offset } = at('cluster:\n  executors: { count: 3, cores: 2 }\nfaults:\n  - executor: "3"|\n');
    const one = completionItems(text, offset).find((i) => i.label === '"1"')!;
    const start = text.indexOf('"3"');
    expect(one.replace).toEqual({ start, end: start + 3 });
    expect(one.filterText?.startsWith('"3"')).toBe(true);
    const r = accept(text, offset, '"1"');
    expect(r.text).toContain('executor: "1"\n');
  });

  it('from the middle of a value, and in a flow mapping', () => {
    const mid = at('faults:\n  - { executor: "1", kind: cr|ash }');
    const item = completionItems(mid.text, mid.offset).find((i) => i.label === 'hang')!;
    expect(mid.text.slice(item.replace.start, item.replace.end)).toBe('crash');
    expect(accept(mid.text, mid.offset, 'hang').text).toBe('faults:\n  - { executor: "1", kind: hang }');
    // a half-typed value still filters as typed
    const half = at('spark: "3.|');
    const items = completionItems(half.text, half.offset);
    expect(items[0].filterText).toBeUndefined();
    expect(half.text.slice(items[0].replace.start, items[0].replace.end)).toBe('"3.');
  });
});

describe('keys that refer to the file', () => {
  const STREAM = 'streaming:\n  inputs:\n    - name: events\n      kind: receiver\n  outputs:\n    - name: o\n      stages:\n        - name: m\n          ';

  it('`input:` is a choice of the file\'s inputs, and its value lists them', () => {
    const { text, offset } = at(`${STREAM}|`);
    expect(completionItems(text, offset).find((i) => i.label === 'input')!.insertText).toBe('input: ${1|events|}');
    expect(labels(`${STREAM}input: |`)).toEqual(['events']);
    expect(labels(`${STREAM}input: sock|et`)).toEqual(['events']);
  });

  it('a receiver is not offered Kafka keys, nor a Kafka input the receiver\'s', () => {
    const receiver = labels('streaming:\n  inputs:\n    - name: a\n      kind: receiver\n      |');
    expect(receiver).toContain('storageLevel');
    expect(receiver).not.toContain('partitions');
    expect(receiver).not.toContain('locationStrategy');
    const kafka = labels('streaming:\n  inputs:\n    - name: a\n      kind: kafka-direct\n      |');
    expect(kafka).toContain('partitions');
    expect(kafka).not.toContain('storageLevel');
  });

  it('keys of the item on its `- ` line count as present', () => {
    expect(labels('faults:\n  - executor: "1"\n    |')).not.toContain('executor');
  });
});
