// How a stage's per-task data is laid out to touch less memory (issue #17), with the same
// results: ready times as 32-bit integers while they fit, doubles from the first that does not
// (workload.ts readyTimes); a count stage's preference offsets as one number (prefFrom).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { buildJobs, makeStage, prefFrom, Pref, setReadyAt } from '../../../src/engine/workload';
import { conf, execs, model, task } from './model';

const DAY = 24 * 3600 * 1000;

describe('ready times narrowed to 32 bits while they fit', () => {
  it('widens a stage to doubles at the first time past 2^32 ms or with a fraction, keeping the values', () => {
    const stage = makeStage(0, 's', 'j/s', new Int32Array(3), Float64Array.of(0), new Int32Array(4), new Int32Array(0));
    setReadyAt(stage, 0, 1000);
    expect(stage.readyAt).toBeInstanceOf(Uint32Array);
    setReadyAt(stage, 1, 2 ** 32 + 5);
    expect(stage.readyAt).toBeInstanceOf(Float64Array);
    setReadyAt(stage, 2, 2.5);
    expect([...stage.readyAt]).toEqual([1000, 2 ** 32 + 5, 2.5]);
  });

  it('a job submitted after 49.7 days (2^32 ms) has its submission time as its tasks\' readyAt', () => {
    // one slot: the second task waits for the first (100 ms); both became ready at the submission
    // (a launch offers the freed slot at once: the revive ticks, every 10 days here, play no part)
    const submit = 50 * DAY;
    const r = simulate(model({
      executors: execs(['1', 'h1', 1]), conf: conf({ reviveInterval: 10 * DAY }),
      jobs: [{ name: 'late', submit, stages: [{ name: 's', parents: [], tasks: [task(100), task(100)] }] }],
    }), { maxTimeMs: 60 * DAY });
    expect(r.attempts.map((a) => [a.readyAt, a.launch, a.end])).toEqual([[submit, submit, submit + 100], [submit, submit + 100, submit + 200]]);
  });
});

describe('a count stage keeps one number for its preference offsets', () => {
  it('tasks with `replicas: 2` start at 2i in prefData, each on two distinct hosts', () => {
    const m = model({
      executors: execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h3', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: 4, duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: { replicas: 2, on: 'hosts' } } }] }],
    });
    const cluster = new Cluster(1);
    for (const e of m.cluster.executors) cluster.add(e, e.id, 0);
    const stage = buildJobs(m, cluster)[0].stages[0];
    expect(stage.prefStart.length).toBe(1);
    expect([0, 1, 2, 3, 4].map((i) => prefFrom(stage.prefStart, i))).toEqual([0, 2, 4, 6, 8]);
    for (let i = 0; i < 4; i++) {
      const [a, b] = stage.prefData.subarray(2 * i, 2 * i + 2);
      expect([a & 3, b & 3]).toEqual([Pref.HOST, Pref.HOST]);
      expect(a).not.toBe(b);
    }
    // an explicit offsets array (a list of tasks) is read as it is
    expect(prefFrom(Int32Array.of(0, 1, 1, 3), 2)).toBe(1);
  });
});
