// The format's extensions for imported event logs, derived by hand: a stage's `overhead` and
// `submitDelay`, a job's `after`, and an executor's `leaveAt` (a departure, not a fault).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import type { StageSpec } from '../../../src/format/model';
import { execs, model, task } from './model';

function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task} e${a.executor} ${a.launch}-${a.end}${a.status === 'success' ? '' : ' ' + a.status}`);
}

const stage = (name: string, n: number, ms: number, extra: Partial<StageSpec> = {}): StageSpec =>
  ({ name, parents: [], tasks: Array.from({ length: n }, () => task(ms)), ...extra });

describe('stage overhead: a slot is held beyond the run (scheduler delay + result fetch)', () => {
  it('adds the overhead to every task of the stage', () => {
    // one slot: 100 ms run + 20 ms overhead each, back to back
    const r = simulate(model({ executors: execs(['1', 'h1', 1]), jobs: [{ name: 'j', submit: 0, stages: [stage('s', 2, 100, { overhead: 20 })] }] }));
    expect(trace(r)).toEqual(['j/s/0 e1 0-120', 'j/s/1 e1 120-240']);
  });
});

describe('a task\'s own overhead: its slot is held its own time beyond the run, not the stage\'s', () => {
  it('replaces the stage overhead for that task only', () => {
    // one slot: task 0 100 ms + its own 50 ms (an executor's first task in an import), task 1
    // 100 ms + the stage's 20 ms; the slot frees at the end of each (StatusUpdate), back to back
    const own = { ...task(100), overhead: 50 };
    const r = simulate(model({ executors: execs(['1', 'h1', 1]), jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [own, task(100)], overhead: 20 }] }] }));
    expect(trace(r)).toEqual(['j/s/0 e1 0-150', 'j/s/1 e1 150-270']);
  });
});

describe('stage submitDelay: the driver\'s time before a runnable stage is submitted', () => {
  it('delays the first stage from the job\'s submission and a child from its parent\'s end', () => {
    // s1 runnable at 0, submitted at 50, ends at 150; s2 runnable at 150, submitted at 180
    const r = simulate(model({
      executors: execs(['1', 'h1', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [stage('s1', 1, 100, { submitDelay: 50 }), stage('s2', 1, 10, { parents: ['s1'], submitDelay: 30 })] }],
    }));
    expect(trace(r)).toEqual(['j/s1/0 e1 50-150', 'j/s2/0 e1 180-190']);
    expect(r.metrics.makespan).toBe(190);
  });
});

describe('job after: submitted `submit` after an earlier job ends', () => {
  it('chains jobs through their ends, not their written times', () => {
    // a ends at 100 -> b submitted at 140, ends at 240 -> c submitted at 240
    const r = simulate(model({
      executors: execs(['1', 'h1', 1]),
      jobs: [
        { name: 'a', submit: 0, stages: [stage('s', 1, 100)] },
        { name: 'b', submit: 40, after: 'a', stages: [stage('s', 1, 100)] },
        { name: 'c', submit: 0, after: 'b', stages: [stage('s', 1, 5)] },
      ],
    }));
    expect(trace(r)).toEqual(['a/s/0 e1 0-100', 'b/s/0 e1 140-240', 'c/s/0 e1 240-245']);
  });
});

describe('executor leaveAt: released without a fault (dynamic allocation), once idle', () => {
  it('an executor that left gets no task and nothing is lost', () => {
    // executor 2 leaves at 50, idle: the job at 100 runs both tasks on executor 1
    const r = simulate(model({
      executors: [{ id: '1', host: 'h1', cores: 1, joinAt: 0 }, { id: '2', host: 'h2', cores: 1, joinAt: 0, leaveAt: 50 }],
      jobs: [{ name: 'j', submit: 100, stages: [stage('s', 2, 100)] }],
    }));
    expect(trace(r)).toEqual(['j/s/0 e1 100-200', 'j/s/1 e1 200-300']);
    expect(r.faults).toEqual([]);
    expect(r.executors.find((e) => e.id === '2')).toMatchObject({ lostAt: null, lossDetectedAt: null });
  });
  it('a busy executor finishes its task, takes no new one, and leaves', () => {
    // 0: tasks 0 and 1 start on executors 1 and 2; 50: executor 2 is released (busy until 100);
    // 100: its task succeeds and it takes nothing; task 2 runs on executor 1 from 100
    const r = simulate(model({
      executors: [{ id: '1', host: 'h1', cores: 1, joinAt: 0 }, { id: '2', host: 'h2', cores: 1, joinAt: 0, leaveAt: 50 }],
      jobs: [{ name: 'j', submit: 0, stages: [stage('s', 3, 100)] }],
    }));
    const t = trace(r);
    expect(t.filter((l) => l.endsWith(' 0-100')).length).toBe(2);
    expect(t[2]).toBe('j/s/2 e1 100-200');
    expect(r.attempts.every((a) => a.status === 'success')).toBe(true);
    expect(r.faults).toEqual([]);
  });
});
