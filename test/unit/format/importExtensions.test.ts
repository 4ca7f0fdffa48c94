// The format's extensions for imported event logs: executors' `leaveAt`, jobs' `after`, stages'
// `submitDelay` and `overhead`, with their diagnostics at the exact value.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';

const file = (exec2: string, jobB: string, stageExtra = '') => `version: 1
cluster:
  executors:
    - { id: "1", host: h1, cores: 1 }
    - { id: "2", host: h2, cores: 1, ${exec2} }
jobs:
  - name: a
    stages:
      - name: s
${stageExtra}        tasks: { count: 1, duration: 1s }
  - name: b
    ${jobB}
    stages:
      - { name: s, tasks: { count: 1, duration: 1s } }
`;

describe('import extensions of the format', () => {
  it('reads leaveAt, after, submitDelay and overhead into the model', () => {
    const r = parseJobFile(file('joinAt: 1s, leaveAt: 5s', 'after: a', '        submitDelay: 15ms\n        overhead: 3ms\n'));
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.model!.cluster.executors[1]).toEqual({ id: '2', host: 'h2', cores: 1, joinAt: 1000, leaveAt: 5000 });
    expect(r.model!.jobs[1].after).toBe('a');
    expect(r.model!.jobs[0].stages[0]).toMatchObject({ submitDelay: 15, overhead: 3 });
  });
  it('reads a task\'s own overhead (list form), and refuses a bad one at its value', () => {
    const text = file('joinAt: 0s', 'submit: 0s').replace('tasks: { count: 1, duration: 1s }', 'tasks: [{ duration: 1s, overhead: 450ms }, { duration: 2s }]');
    const r = parseJobFile(text);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect((r.model!.jobs[0].stages[0].tasks as { overhead?: number }[]).map((t) => t.overhead)).toEqual([450, undefined]);
    const bad = text.replace('450ms', '-5ms');
    const d = parseJobFile(bad).diagnostics.find((x) => x.severity === 'error')!;
    expect(bad.slice(d.range.start, d.range.end)).toBe('-5ms');
  });
  it('SJ200: leaveAt not after joinAt, at the leaveAt value', () => {
    const text = file('joinAt: 5s, leaveAt: 5000ms', 'submit: 0s');
    const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ200')!;
    expect(text.slice(d.range.start, d.range.end)).toBe('5000ms');
    expect(d.message).toBe('executor 2 leaves at 5000 ms, not after it joins (5000 ms)');
  });
  it('SJ201: after names a job that is not listed before', () => {
    const text = file('joinAt: 0s', 'after: aa');
    const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ201')!;
    expect(text.slice(d.range.start, d.range.end)).toBe('aa');
    expect(d.message).toBe("after: 'aa' is not a job listed before this one");
    // a job cannot follow itself (no cycle of afters)
    expect(parseJobFile(file('joinAt: 0s', 'after: b')).diagnostics.some((x) => x.code === 'SJ201')).toBe(true);
  });
  it('negative and fractional driver times are refused like any duration', () => {
    const codes = parseJobFile(file('joinAt: 0s', 'submit: 0s', '        submitDelay: -5ms\n        overhead: 1.5ms\n')).diagnostics.map((d) => d.code);
    expect(codes).toContain('SJ025');
    expect(codes).toContain('SJ021');
  });
});

describe('off-cluster locations (an import\'s tasks that launched ANY)', () => {
  const withPrefer = (p: string) => `version: 1
cluster:
  executors:
    - { id: "1", host: h1, cores: 1 }
jobs:
  - name: a
    stages:
      - { name: s, tasks: [{ duration: 1s, prefer: ["${p}"] }] }
`;
  it.each(['host:off-cluster', 'rack:off-cluster'])('%s is kept in the model with no SJ054', (p) => {
    const r = parseJobFile(withPrefer(p));
    expect(r.diagnostics).toEqual([]);
    const [kind, name] = p.split(':');
    expect((r.model!.jobs[0].stages[0].tasks as { prefer: unknown[] }[])[0].prefer).toEqual([{ kind, name }]);
  });
  it.each(['host:nowhere', 'rack:nowhere', 'exec:off-cluster'])('%s (any other name no executor has) still gets SJ054', (p) => {
    expect(parseJobFile(withPrefer(p)).diagnostics.map((d) => d.code)).toEqual(['SJ054']);
  });
});
