// A stage's per-task state in narrow arrays (issue #17: fewer pages first touched): attempt counts
// a bit a task, counted in 16 bits from a task's second launch in a task set (nextAttempt), output
// locations 16-bit until an executor index past 32,767, widened with every value kept (setOutputLoc); failure
// counts made at a task set's first failure and dropped by the next attempt; re-runs as one bit a
// task and the (task, fault) marks.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { findMissingPartitions } from '../../../src/engine/dagScheduler/findMissingPartitions';
import { Simulation } from '../../../src/engine/simulation';
import {
  attemptOf, countFailure, failuresOf, isRerun, keepSuccessfulCounts, makeStage, markRerun, nextAttempt, recoveryFaultOf, relaunched, rerunsFault, setOutputLoc,
} from '../../../src/engine/workload';
import type { SimulationResult } from '../../../src/engine';
import type { ExecutorSpec, JobSpec } from '../../../src/format/model';
import { conf, execs, model, task } from './model';

const stageOf = (n: number) => makeStage(0, 's', 'j/s', new Int32Array(n), Float64Array.of(0), new Int32Array(1), new Int32Array(0));

describe('attempt counts', () => {
  it('a first launch in a task set is attempt 0 and sets its bit alone; a table is made at a second launch', () => {
    const stage = stageOf(70);
    for (const i of [0, 33, 69]) expect(nextAttempt(stage, i)).toBe(0);
    expect(stage.attempts.length).toBe(0);
    expect([...stage.launched]).toEqual([1, 2, 1 << 5]);
    expect([0, 1, 33, 69].map((i) => attemptOf(stage, i))).toEqual([1, 0, 1, 1]);
    expect(nextAttempt(stage, 33)).toBe(1);
    expect(stage.attempts.length).toBe(1 + 2 * 16);
    expect([0, 1, 33, 69].map((i) => attemptOf(stage, i))).toEqual([1, 0, 2, 1]);
    expect(nextAttempt(stage, 0)).toBe(1);
    expect(nextAttempt(stage, 33)).toBe(2);
  });

  it('count a task\'s launches past 255 and wrap at 65,536, as a 16-bit count did; the other tasks\' counts kept', () => {
    const stage = stageOf(3);
    for (let k = 0; k < 8; k++) nextAttempt(stage, 0);
    const numbers: number[] = [];
    for (let k = 0; k < 70_000; k++) {
      expect(attemptOf(stage, 1)).toBe(k % 65_536);
      numbers.push(nextAttempt(stage, 1));
    }
    expect(numbers).toEqual(Array.from({ length: 70_000 }, (_, k) => k % 65_536));
    expect([0, 1, 2].map((i) => attemptOf(stage, i))).toEqual([8, 70_000 % 65_536, 0]);
  });

  it('give a count a task\'s numbers: launches in any order, some tasks reset by a later task set, the table grown', () => {
    const n = 5000;
    const stage = stageOf(n);
    const written = stageOf(n);
    const counts = new Uint16Array(n); // (a count a task, as before: reset for the missing tasks alone)
    let seed = 7;
    const next = (m: number) => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) % m;
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 3000; k++) {
        // (a few hundred tasks launched often, the rest once or twice)
        const i = k % 3 === 0 ? next(n) : 16 * next(300);
        const expected = counts[i]++;
        expect(attemptOf(stage, i)).toBe(expected);
        expect(nextAttempt(stage, i)).toBe(expected);
        // Simulation.launch's count, written out
        const ls = written.launched, w = i >>> 5, bit = 1 << (i & 31), no = (ls[w] & bit) === 0 ? 0 : relaunched(written, i);
        ls[w] |= bit;
        expect(no).toBe(expected);
      }
      // a later task set: the missing tasks' bits cleared (findMissingPartitions), the others' counts kept
      for (const s of [stage, written]) {
        for (let i = round; i < n; i += 4) s.launched[i >>> 5] &= ~(1 << (i & 31));
        keepSuccessfulCounts(s);
      }
      for (let i = round; i < n; i += 4) counts[i] = 0;
    }
    for (let i = 0; i < n; i++) expect(attemptOf(stage, i)).toBe(counts[i]);
    // (the table holds the tasks launched twice or more since their last reset alone)
    expect(stage.attempts[0]).toBe(counts.filter((c) => c >= 2).length);
  });

  it('a table left with no entry after a later task set is dropped', () => {
    const stage = stageOf(40);
    nextAttempt(stage, 2);
    nextAttempt(stage, 2);
    stage.launched[0] &= ~(1 << 2);
    keepSuccessfulCounts(stage);
    expect(stage.attempts.length).toBe(0);
    expect([nextAttempt(stage, 2), nextAttempt(stage, 2)]).toEqual([0, 1]);
  });
});

describe('output locations', () => {
  it('hold an executor index past 32,767: widened to 32 bits, the others kept', () => {
    const stage = stageOf(4);
    setOutputLoc(stage, 0, 32_767);
    expect(stage.outputLoc).toBeInstanceOf(Int16Array);
    setOutputLoc(stage, 1, 40_000);
    expect(stage.outputLoc).toBeInstanceOf(Int32Array);
    setOutputLoc(stage, 2, 2 ** 31 - 1);
    expect([...stage.outputLoc]).toEqual([32_767, 40_000, 2 ** 31 - 1, -1]);
  });

  /** A map output on executor `far`, lost with it while its consumer runs: pinned by preferences, so any cluster gives one trace. */
  function mapOutputLost(executors: ExecutorSpec[]): { r: SimulationResult; widened: boolean } {
    const jobs: JobSpec[] = [{
      name: 'j', submit: 0, stages: [
        { name: 'm', parents: [], tasks: [task(1000, ['exec:far']), task(1000, ['exec:near'])] },
        { name: 'r', parents: ['m'], tasks: [task(5000, ['exec:near']), task(1000, ['exec:near'])] },
      ],
    }];
    const m = model({ executors, jobs, faults: [{ executor: 'far', at: 3000, kind: 'crash', replaceAfter: 100 }],
      conf: conf({ localityWait: { process: 60_000, node: 60_000, rack: 60_000 } }) });
    const sim = new Simulation(m, m.spark, false, m.faults, { maxEvents: 1e7, maxTimeMs: 1e9 });
    sim.run();
    return { r: simulate(m), widened: sim.stages[0].outputLoc instanceof Int32Array };
  }

  const trace = (r: SimulationResult) => r.attempts.map((a) => `${a.task}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality} ${a.status}`);

  it('a run whose outputs are on executor 32,800: the same run as on three executors', () => {
    const few = mapOutputLost(execs(['near', 'h1', 1], ['other', 'h2', 1], ['far', 'h3', 1]));
    const many: ExecutorSpec[] = execs(['near', 'h1', 1], ['other', 'h2', 1]);
    // (the others join after the run: they take indices, no task)
    for (let x = 2; x < 32_800; x++) many.push({ id: `x${x}`, host: `g${x}`, cores: 1, joinAt: 1e6 });
    many.push(...execs(['far', 'h3', 1]));
    const wide = mapOutputLost(many);
    expect(few.widened).toBe(false);
    expect(wide.widened).toBe(true);
    expect(trace(wide.r)).toEqual(trace(few.r));
    // the lost output is found on the far executor and run again, on its replacement (32,801)
    expect(wide.r.faults[0].lostTasks).toEqual(['j/m/0']);
    expect(trace(wide.r)).toContain('j/m/0#0 efar-r1 6200-7200 PROCESS_LOCAL success');
  });
});

describe('failure counts and re-runs', () => {
  it('a task set\'s failure counts start at 0, made at its first failure', () => {
    const stage = stageOf(5);
    expect(failuresOf(stage, 3)).toBe(0);
    expect(countFailure(stage, 3)).toBe(1);
    expect(countFailure(stage, 3)).toBe(2);
    expect([0, 1, 2, 3, 4].map((i) => failuresOf(stage, i))).toEqual([0, 0, 0, 2, 0]);
    stage.stageAttempt = 0;
    findMissingPartitions({ now: 100 } as Simulation, stage, null); // (no Running bit to clear: nothing else read)
    expect(failuresOf(stage, 3)).toBe(0);
  });

  it('a task\'s re-run mark names the last fault that made it one', () => {
    const n = 100;
    const stage = stageOf(n);
    expect(stage.hasRerun).toBe(false);
    const marks: [number, number][] = [[5, 0], [64, 1], [5, 2], [99, 1], [0, 0], [64, 3], [31, 2], [32, 2], [33, 1]];
    for (const [i, k] of marks) markRerun(stage, i, k);
    const last = new Map<number, number>(marks);
    for (let i = 0; i < n; i++) {
      expect(isRerun(stage, i)).toBe(last.has(i));
      expect(recoveryFaultOf(stage, i)).toBe(last.get(i) ?? -1);
    }
    expect([0, 1, 2, 3, 4].map((k) => rerunsFault(stage, k))).toEqual([true, true, true, true, false]);
    expect(stage.hasRerun).toBe(true);
  });
});
