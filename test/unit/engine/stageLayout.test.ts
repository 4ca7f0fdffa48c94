// How a stage's per-task data is laid out to touch less memory (issue #17), with the same
// results: ready times as 32-bit integers while they fit, doubles from the first that does not
// (workload.ts readyTimes); a count stage's preference offsets as one number (prefFrom); 16-bit
// durations and preference codes where they fit; no per-task write at a stage's first submission.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { Cluster } from '../../../src/engine/cluster';
import { AttemptLog } from '../../../src/engine/attemptLog';
import { findMissingPartitions } from '../../../src/engine/dagScheduler/findMissingPartitions';
import { lognormalExact } from '../../../src/engine/lognormal';
import { Random } from '../../../src/engine/random';
import type { Simulation } from '../../../src/engine/simulation';
import { attemptOf, buildJobs, countFailure, durationsFor, failuresOf, fillDurations, makeStage, markRerun, nextAttempt, prefFrom, Pref, readyAtOf, recoveryFaultOf, setReadyAt, TaskState, UNCOUNTED, type Stage } from '../../../src/engine/workload';
import type { DurationSpec } from '../../../src/format/model';
import { conf, execs, model, task } from './model';

const DAY = 24 * 3600 * 1000;

/** A run as findMissingPartitions reads it: its time, and the stage's attempts `running` on one executor. */
const runAt = (now: number, stage: Stage, log = new AttemptLog(), running: number[] = []) =>
  ({ now, stages: [stage], log, cluster: { executors: [{ running }] } }) as unknown as Simulation;

describe('the re-queued tasks\' ready times in a table of their own', () => {
  it('keeps any time (past 2^32 ms, a fraction), the last one set, and grows as tasks are added', () => {
    const stage = makeStage(0, 's', 'j/s', new Int32Array(3), Float64Array.of(0), new Int32Array(4), new Int32Array(0));
    stage.readyBase = 7;
    expect(stage.readyAt.length).toBe(0);
    setReadyAt(stage, 0, 1000);
    setReadyAt(stage, 1, 2 ** 32 + 5);
    setReadyAt(stage, 2, 2.5);
    setReadyAt(stage, 0, 1200);
    expect([0, 1, 2].map((i) => readyAtOf(stage, i))).toEqual([1200, 2 ** 32 + 5, 2.5]);
    expect([stage.readyAt.length, stage.readyAt[0]]).toEqual([33, 3]); // (16 slots, 3 tasks)
  });

  it('finds every task of thousands set in any order, the others at the submission\'s time', () => {
    const n = 300_000;
    const stage = makeStage(0, 's', 'j/s', new Int32Array(n), Float64Array.of(0), new Int32Array(1), new Int32Array(0));
    stage.readyBase = 1;
    const rng = new Random(5, 1, 2, 3);
    const set = new Map<number, number>();
    // an executor's tasks (every thousandth), then random ones, some twice
    for (let i = 7; i < n; i += 1000) set.set(i, i * 2.5);
    for (let k = 0; k < 3000; k++) set.set(Math.floor(rng.next() * n), k);
    for (const [i, t] of set) setReadyAt(stage, i, t);
    for (const [i, t] of set) setReadyAt(stage, i, t); // (again: the same slot)
    expect(stage.readyAt[0]).toBe(set.size);
    expect(stage.readyAt.length).toBeLessThanOrEqual(1 + 8 * set.size); // (at least a quarter full)
    for (let i = 0; i < n; i++) expect(readyAtOf(stage, i)).toBe(set.get(i) ?? 1);
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

describe('per-task arrays a run need not touch (issue #17)', () => {
  it('a count stage\'s durations are 16-bit only when every value they can take fits, with the values a 32-bit array gets', () => {
    const specs: [DurationSpec, number, boolean][] = [
      [{ dist: 'fixed', ms: 65000 }, 0, true], [{ dist: 'fixed', ms: 65000 }, 600, false], [{ dist: 'fixed', ms: 70000 }, 0, false],
      [{ dist: 'fixed', ms: -1 }, 0, false], [{ dist: 'uniform', min: 300, max: 900 }, 0, true], [{ dist: 'uniform', min: 0.5, max: 65533.2 }, 0, true],
      [{ dist: 'uniform', min: 0, max: 65535 }, 0, false], [{ dist: 'lognormal', median: 800, sigma: 0.4 }, 40, true],
      [{ dist: 'lognormal', median: 800, sigma: 1 }, 0, false], [{ dist: 'lognormal', median: 70, sigma: -1 }, 0, true],
    ];
    for (const [d, overhead, narrow] of specs) {
      const out = durationsFor(5000, d, overhead);
      expect(out instanceof Uint16Array, JSON.stringify(d)).toBe(narrow);
      const wide = new Int32Array(5000);
      fillDurations(d, new Random(7, 1), out);
      fillDurations(d, new Random(7, 1), wide);
      expect([...out]).toEqual([...wide]);
    }
    // the largest lognormal draw (u = 2^-32, cos 1) of a 16-bit choice fits with its overhead
    for (const sigma of [0, 0.1, 0.4, 1, 3]) {
      for (let median = 1; median < 70000; median *= 1.01) {
        if (!(durationsFor(1, { dist: 'lognormal', median, sigma }, 100) instanceof Uint16Array)) continue;
        expect(lognormalExact(median, sigma, -1, 0) + 100).toBeLessThanOrEqual(65535);
      }
    }
  });

  it('replicas drawn from fewer than 16,384 hosts are 16-bit codes (3 from 1,024 or fewer packed), from more 32-bit, naming the same hosts', () => {
    const codes = (hosts: number) => {
      const m = model({
        executors: Array.from({ length: hosts }, (_, k) => ({ id: `${k}`, host: `h${k}`, cores: 1, joinAt: 0 })),
        jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: { count: 50, duration: { dist: 'fixed', ms: 100 }, input: 0, prefer: { replicas: 3, on: 'hosts' } } }] }],
      });
      const cluster = new Cluster(1);
      for (const e of m.cluster.executors) cluster.add(e, e.id, 0);
      return buildJobs(m, cluster)[0].stages[0].prefData;
    };
    expect(codes(20)).toBeInstanceOf(Uint32Array); // (packedCodes.test.ts)
    expect(codes(1025)).toBeInstanceOf(Uint16Array);
    const wide = codes(16_385);
    expect(wide).toBeInstanceOf(Int32Array);
    for (const c of wide) expect([c & 3, c >> 2 < 16_385]).toEqual([Pref.HOST, true]);
  });

  it('a submission writes no ready time per task: a re-queued task has its own until the next submission', () => {
    const stage = makeStage(0, 's', 'j/s', new Int32Array(70), Float64Array.of(0), new Int32Array(1), new Int32Array(0));
    findMissingPartitions(runAt(500, stage), stage, null);
    setReadyAt(stage, 1, 900);
    setReadyAt(stage, 64, 950);
    expect([0, 1, 2, 63, 64, 69].map((i) => readyAtOf(stage, i))).toEqual([500, 900, 500, 500, 950, 500]);
    expect(stage.readyAt.length).toBe(1 + 2 * 16); // (the two re-queued tasks' alone)
    stage.stageAttempt = 0;
    findMissingPartitions(runAt(2000, stage), stage, null);
    expect([0, 1, 64].map((i) => readyAtOf(stage, i))).toEqual([2000, 2000, 2000]);
  });

  it('a later submission lists the missing tasks, resets their state, and says whether one may be a re-run', () => {
    // (1,100 tasks: the pass goes a chunk of tasks at a time)
    const n = 1100;
    const stage = makeStage(0, 's', 'j/s', new Int32Array(n), Float64Array.of(0), new Int32Array(1), new Int32Array(0));
    const missing = [0, 511, 512, 513, 1023, 1024, 1099];
    // attempts still running: of missing tasks 0 and 1024 (the replaced task set's), of done task 5
    // (counted: its Running bit stays), and 512's speculative copy (UNCOUNTED already)
    const log = new AttemptLog();
    const running = [0, 1024, 5, 512].map((i, k) => log.add(0, i, 0, 0, 0, 0, 0, 0, 1, 0, k === 3 ? UNCOUNTED | 32 : 1));
    for (let i = 0; i < n; i++) {
      stage.taskState[i] = (missing.includes(i) ? 0 : TaskState.Successful) | TaskState.Running;
      countFailure(stage, i);
      countFailure(stage, i);
      for (let k = 0; k < 4; k++) nextAttempt(stage, i); // (its next launch: attempt 4)
    }
    stage.stageAttempt = 0;
    const all = new Int32Array(missing.length);
    expect(findMissingPartitions(runAt(100, stage, log, running), stage, all)).toBe(false);
    expect([...all]).toEqual(missing);
    for (let i = 0; i < n; i++) {
      const m = missing.includes(i);
      // (the failure counts are the new attempt's: 0, the tasks not in it included, which it never counts)
      expect([stage.taskState[i], failuresOf(stage, i), attemptOf(stage, i)]).toEqual(m ? [0, 0, 0] : [TaskState.Successful | TaskState.Running, 0, 4]);
    }
    // the missing tasks' attempts no longer stand for their (cleared) Running bits; the done task's does
    expect(running.map((a) => log.flags[a])).toEqual([1 | UNCOUNTED, 1 | UNCOUNTED, 1, UNCOUNTED | 32]);
    expect(stage.failures.length).toBe(0); // (dropped, not written per task)
    // a re-run among the tasks (here a task that is not missing): the caller looks for it among the missing
    markRerun(stage, 5, 0);
    expect(findMissingPartitions(runAt(200, stage), stage, all)).toBe(true);
    for (let i = 0; i < n; i++) stage.taskState[i] = TaskState.Successful;
    expect(findMissingPartitions(runAt(300, stage), stage, new Int32Array(0))).toBe(false);
  });

  it('a first submission of every task finds a re-run (a relaunched receiver) and leaves the tasks as built', () => {
    const stage = makeStage(0, 's', 'j/s', new Int32Array(3), Float64Array.of(0), new Int32Array(1), new Int32Array(0));
    expect(findMissingPartitions(runAt(10, stage), stage, null)).toBe(false);
    markRerun(stage, 2, 0);
    expect(findMissingPartitions(runAt(10, stage), stage, null)).toBe(true);
    expect([...stage.taskState]).toEqual([0, 0, 0]);
    expect([0, 1, 2].map((i) => recoveryFaultOf(stage, i))).toEqual([-1, -1, 0]);
  });
});
