// The YAML parser's errors in plain words, at the place the mistake was made (issue 15).
import { describe, it, expect } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { file, one } from './helpers';

function sj001(text: string): { message: string; covered: string; start: number }[] {
  return parseJobFile(text).diagnostics.filter((d) => d.code === 'SJ001')
    .map((d) => ({ message: d.message, covered: text.slice(d.range.start, d.range.end), start: d.range.start }));
}

describe('YAML errors in plain words', () => {
  it('an unclosed double quote is reported at its opening quote, not at the end of the file', () => {
    const text = file({ head: 'name: "abc\n' });
    const { d, covered } = one(text, 'SJ001');
    expect(d.message).toBe('unclosed quote: this string starts here and never ends (add the closing ")');
    expect(d.range.start).toBe(text.indexOf('"abc'));
    expect(covered).toBe('"abc');
  });

  it('an unclosed single quote in a flow mapping: one diagnostic, at the quote (the bracket error it causes is dropped)', () => {
    const text = "version: 1\ncluster:\n  executors:\n    - { id: '1, host: a }\njobs: []\n";
    expect(sj001(text)).toEqual([{
      message: "unclosed quote: this string starts here and never ends (add the closing ')",
      covered: "'1, host: a }",
      start: text.indexOf("'1"),
    }]);
  });

  it('a word with no colon', () => {
    const text = 'version: 1\nname\n';
    expect(sj001(text)).toEqual([{ message: "'name' needs a colon and a value: write `key: value`", covered: 'name', start: 11 }]);
  });

  it('a word with no colon followed by a key: the first line only', () => {
    const text = file({ head: 'name\n' });
    const ds = sj001(text);
    expect(ds[0]).toEqual({ message: "'name' needs a colon and a value on its line: write `key: value`", covered: 'name', start: text.indexOf('name') });
  });

  it('two colons on one line', () => {
    const text = file({ head: 'name: a: b\n' });
    const ds = sj001(text);
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toBe('a second colon on one line: a value cannot be `key: value` itself; put the inner keys on their own lines, indented further, or quote the value');
    expect(ds[0].start).toBe(text.indexOf('a: b'));
  });

  it('a tab as indentation', () => {
    const text = 'version: 1\ncluster:\n\texecutors: 1\n';
    expect(sj001(text)).toEqual([{ message: 'a tab used for indentation: indent with spaces', covered: '\t', start: text.indexOf('\t') }]);
  });

  it('keys not lined up', () => {
    const text = 'version: 1\ncluster:\n  a: 1\n b: 2\n';
    expect(sj001(text)).toEqual([{
      message: 'this key is not lined up with the keys above it: the keys of one mapping start at the same column',
      covered: 'b', start: text.indexOf('b: 2'),
    }]);
  });

  it('an unclosed [ before the next key: at the bracket, not at the next key', () => {
    const text = 'version: 1\nname: [a, b  # names\ncluster: x\n';
    expect(sj001(text)).toEqual([{
      message: 'this [ is never closed: add the ] after its last item (a continued line must be indented further than its key)',
      covered: '[a, b', start: text.indexOf('['),
    }]);
  });

  it('an unclosed { at the end of the file, and a flow root with no ]: at their brackets', () => {
    const map = 'version: 1\ncluster: { executors: 1\n';
    expect(sj001(map).map((d) => [d.message.slice(0, 22), d.covered])).toEqual([['this { is never closed', '{ executors: 1']]);
    const root = '[1, [2, 3]\n';
    expect(sj001(root).map((d) => [d.message.slice(0, 22), d.start])).toEqual([['this [ is never closed', 0]]);
  });

  it('nested unclosed brackets: each error at its own bracket', () => {
    const text = 'version: 1\na: [x, {b: [1}\nc: 1\n';
    expect(sj001(text).map((d) => d.start).sort((a, b) => a - b)).toEqual([text.indexOf('[x'), text.indexOf('{b'), text.indexOf('[1')]);
  });

  it('a list item on the line of its key', () => {
    const text = 'version: 1\nx: - a\n';
    const ds = sj001(text);
    expect(ds[0]).toEqual({
      message: 'a list item (- ...) cannot start on the line of its key: put it on the next line, indented, or write [a, b]',
      covered: '-', start: text.indexOf('-'),
    });
  });

  it('a duplicate key names the key', () => {
    const text = file({ head: 'seed: 1\nseed: 2\n' });
    const { d, covered } = one(text, 'SJ001');
    expect(d.message).toBe("duplicate key 'seed': keys must be unique in a mapping, and this one is already defined above");
    expect(covered).toBe('seed');
  });
});

describe('where a missing required key is reported', () => {
  it('a top-level key: on the root mapping\'s first line (it belongs to no key), saying "at the top level"', () => {
    const text = '# my job\nname: x\n' + 'cluster: { executors: [{ id: "1", host: h, cores: 1 }] }\njobs: []\n';
    const { d, covered } = one(text, 'SJ011');
    expect(d.message).toBe("missing required key 'version' at the top level (format version; must be 1)");
    expect(covered).toBe('name: x');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'addKey', key: 'version' });
  });

  it('a missing cluster: at the key of the work that needs executors, not on version (issue 15, item 12)', () => {
    for (const [section, what] of [['jobs', 'the jobs'], ['streaming', 'the streaming batches'], ['queries', 'the queries']]) {
      const text = `# my job\nversion: 1\n${section}: []\n`;
      const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ011')!;
      expect(d.message).toBe(`missing required key 'cluster': ${what} need executors to run on: add a top-level cluster: section (the executors of the application)`);
      expect(text.slice(d.range.start, d.range.end)).toBe(section);
      expect(d.fixes?.[0]).toMatchObject({ kind: 'addKey', key: 'cluster' });
    }
  });

  it('a missing cluster with nothing to run: on the root mapping\'s first line', () => {
    const text = 'version: 1\nseed: 3\n';
    const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ011')!;
    expect(d.message).toBe("missing required key 'cluster' at the top level (the executors of the application)");
    expect(text.slice(d.range.start, d.range.end)).toBe('version: 1');
  });

  it('a flow root on one line: the whole line', () => {
    const text = '{ version: 1, seed: 2 }  \n';
    const { covered } = one(text, 'SJ011');
    expect(covered).toBe('{ version: 1, seed: 2 }');
  });

  it('a key of a mapping value: at that value\'s key name, not over the whole (multi-line) value', () => {
    const jobs = 'jobs:\n  - name: j\n    stages:\n      - name: s\n        tasks:\n          count: 2\n';
    const text = file({ jobs });
    const { d, covered } = one(text, 'SJ011');
    // the text after the key is the format table's doc (formatKeys.ts)
    expect(d.message.startsWith("missing required key 'duration' (task run time when local: ")).toBe(true);
    expect(covered).toBe('tasks');
    expect(d.range.start).toBe(text.indexOf('tasks:'));
  });

  it('the executors template: at executors', () => {
    const text = file({ cluster: 'cluster:\n  executors:\n    cores: 2\n' });
    const { d, covered } = one(text, 'SJ011');
    expect(d.message.startsWith("missing required key 'count' (")).toBe(true);
    expect(covered).toBe('executors');
  });
});

describe('a missing key of a list item of many lines', () => {
  it('is shown on the item\'s first line', () => {
    const jobs = 'jobs:\n  - name: j\n    stages:\n      - name: s\n        parents: []\n';
    const text = file({ jobs });
    const { covered } = one(text, 'SJ011');
    expect(covered).toBe('name: s');
  });
});
