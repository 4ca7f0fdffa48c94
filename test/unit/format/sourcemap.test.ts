// Source ranges by path, and the helpers that put engine findings (model ids) on their entries.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile, executorPath, faultPath, stagePath, taskPath, jobPath, confPath, rangeAt, pathAtOffset } from '../../../src/format';
import { file } from './helpers';

const text = file({
  conf: 'spark.locality.wait: 3s',
  jobs: 'jobs:\n  - name: j\n    stages:\n      - name: a\n        tasks:\n          - { duration: 1ms, prefer: ["exec:1"] }\n      - name: b\n        parents: [a]\n        tasks: { count: 2, duration: 1ms }\n',
  tail: 'faults:\n  - { executor: "2", at: 1s }\nrecovery:\n  reservedSlots: { "1": 1 }\n',
});
const r = parseJobFile(text);
const at = (range: { start: number; end: number } | undefined) => (range ? text.slice(range.start, range.end) : undefined);

describe('SourceMap', () => {
  it('gives value and key ranges by path', () => {
    expect(r.model).toBeDefined();
    expect(at(r.sourceMap.value(['cluster', 'executors', 1, 'id']))).toBe('"2"');
    expect(at(r.sourceMap.key(['cluster', 'executors', 1, 'id']))).toBe('id');
    expect(at(r.sourceMap.value(['cluster', 'executors', 1]))).toBe('{ id: "2", host: node2, cores: 2, rack: r1 }');
    expect(at(r.sourceMap.value(['faults', 0, 'at']))).toBe('1s');
    expect(at(r.sourceMap.value(['conf', 'spark.locality.wait']))).toBe('3s');
    expect(at(r.sourceMap.key(['conf', 'spark.locality.wait']))).toBe('spark.locality.wait');
    expect(at(r.sourceMap.value(['jobs', 0, 'stages', 0, 'tasks', 0, 'prefer', 0]))).toBe('"exec:1"');
    expect(at(r.sourceMap.key(['recovery', 'reservedSlots']))).toBe('reservedSlots');
    expect(at(r.sourceMap.value(['recovery', 'reservedSlots', '1']))).toBe('1');
    expect(r.sourceMap.value(['nope'])).toBeUndefined();
    expect(at(r.sourceMap.nearest(['faults', 0, 'replaceAfter']))).toBe('{ executor: "2", at: 1s }');
  });

  it('maps model ids to paths', () => {
    expect(executorPath(r, '2')).toEqual(['cluster', 'executors', 1]);
    expect(executorPath(r, '9')).toBeUndefined();
    expect(faultPath(r, '2', 1000)).toEqual(['faults', 0]);
    expect(faultPath(r, '2', 5)).toBeUndefined();
    expect(jobPath(r, 'j')).toEqual(['jobs', 0]);
    expect(stagePath(r, 'j/b')).toEqual(['jobs', 0, 'stages', 1]);
    expect(taskPath(r, 'j/a/0')).toEqual(['jobs', 0, 'stages', 0, 'tasks', 0]);
    expect(taskPath(r, 'j/b/1')).toEqual(['jobs', 0, 'stages', 1, 'tasks']);
    expect(at(rangeAt(r, confPath('spark.locality.wait')))).toBe('3s');
    expect(rangeAt(r, undefined)).toEqual({ start: 0, end: 0 });
  });

  it('maps an executor of the template form to the template', () => {
    const t = readFileSync(join(__dirname, '../../../examples/locality-batch.sparkjob.yaml'), 'utf8');
    const p = parseJobFile(t);
    expect(executorPath(p, '3')).toEqual(['cluster', 'executors']);
    expect(t.slice(rangeAt(p, executorPath(p, '3')).start, rangeAt(p, executorPath(p, '3')).end)).toMatch(/^\{ count: 8/);
  });

  it('finds the path under an offset', () => {
    expect(pathAtOffset(r, text.indexOf('spark.locality.wait') + 3)).toEqual({ path: ['conf', 'spark.locality.wait'], onKey: true });
    expect(pathAtOffset(r, text.indexOf('3s') + 1)).toEqual({ path: ['conf', 'spark.locality.wait'], onKey: false });
    expect(pathAtOffset(r, text.indexOf('"exec:1"') + 2)).toEqual({ path: ['jobs', 0, 'stages', 0, 'tasks', 0, 'prefer', 0], onKey: false });
  });

  it('is kept when the file has errors', () => {
    const bad = parseJobFile(file({ tail: 'faults:\n  - { executor: "2", at: 1.5s }\n' }));
    expect(bad.model).toBeUndefined();
    expect(bad.sourceMap.value(['faults', 0, 'at'])).toBeDefined();
  });
});
