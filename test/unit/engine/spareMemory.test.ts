// A batch stage's state is made at its first submission, and a stage submitted after the scan
// stage's task set has launched every task gets it in the memory of that task set's host lists
// (issue #17: their pages are touched already). The run must be the same as with fresh memory.
import { describe, expect, it } from 'vitest';
import { buildResult } from '../../../src/engine/results';
import { Simulation } from '../../../src/engine/simulation';
import { giveSpare, zeroed } from '../../../src/engine/stageBuffers';
import { Cluster } from '../../../src/engine/cluster';
import { hashString, Random } from '../../../src/engine/random';
import { buildJobs, durationsFor, fillDurations, makeStage, stageStateBytes, stateOnSubmit, TaskState } from '../../../src/engine/workload';
import type { JobFile, TaskGroupSpec } from '../../../src/format/model';
import { execs, model } from './model';

describe('spare memory', () => {
  it('is carved zeroed, and a request beyond what is left is fresh', () => {
    const run = {};
    const buf = new ArrayBuffer(64);
    new Uint8Array(buf).fill(0xff);
    giveSpare(run, buf);
    const a = zeroed(run, 40);
    expect([a.buf === buf, a.at]).toEqual([true, 0]);
    expect([...new Uint8Array(buf, 0, 40)].every((b) => b === 0)).toBe(true);
    expect(new Uint8Array(buf)[40]).toBe(0xff);
    const b = zeroed(run, 32);
    expect([b.buf === buf, b.at, b.buf.byteLength]).toEqual([false, 0, 32]);
    expect(zeroed({}, 8).buf.byteLength).toBe(8); // (another run's: none given)
  });

  it('gives a stage with no state yet the state a fresh one has, once', () => {
    const n = 70;
    const stage = makeStage(0, 's', 'j/s', new Int32Array(n), Float64Array.of(0), new Int32Array(1), new Int32Array(0), 0, -1, undefined, null);
    expect([stage.taskState.length, stage.outputLoc.length, stage.launched.length, stage.rerunSet.length]).toEqual([0, 0, 0, 0]);
    const run = {};
    const dirty = new ArrayBuffer(8 + stageStateBytes(n));
    new Uint8Array(dirty).fill(0x5a);
    giveSpare(run, dirty);
    zeroed(run, 8);
    stateOnSubmit(stage, run);
    const fresh = makeStage(0, 's', 'j/s', new Int32Array(n), Float64Array.of(0), new Int32Array(1), new Int32Array(0));
    expect(stage.taskState.buffer).toBe(dirty);
    for (const k of ['taskState', 'outputLoc', 'launched', 'rerunSet'] as const) expect([...stage[k]]).toEqual([...fresh[k]]);
    stage.taskState[3] = TaskState.Successful;
    stateOnSubmit(stage, run); // (a later submission keeps it)
    expect(stage.taskState[3]).toBe(TaskState.Successful);
  });

  it('draws a count stage\'s durations at its first submission: the build\'s draws, its overhead added, a fork\'s the same', () => {
    const file = model({
      executors: execs(['e0', 'h0', 2]),
      jobs: [{
        name: 'j', submit: 0, stages: [
          { name: 'a', parents: [], overhead: 7, tasks: { count: 5000, duration: { dist: 'uniform', min: 20, max: 60 }, input: 0, prefer: [] } },
          { name: 'b', parents: ['a'], tasks: { count: 3000, duration: { dist: 'lognormal', median: 40, sigma: 2.5 }, input: 0, prefer: [{ kind: 'host', name: 'h0' }] } },
        ],
      }],
    });
    const cluster = new Cluster(1);
    for (const e of file.cluster.executors) cluster.add(e, e.id, 0);
    const [a, b] = buildJobs(file, cluster)[0].stages;
    expect([a.numTasks, a.duration.length, b.numTasks, b.duration.length]).toEqual([5000, 0, 3000, 0]);
    const forked = { ...b }; // (a fork's stage shares its base's arrays until it writes)
    const run = {};
    giveSpare(run, new ArrayBuffer(64 * 1024));
    for (const s of [a, b, forked]) stateOnSubmit(s, run);
    const expected = (k: number, n: number, overhead: number) => {
      const d = (file.jobs[0].stages[k].tasks as TaskGroupSpec).duration;
      const out = durationsFor(n, d, overhead);
      fillDurations(d, new Random(file.seed, hashString('j'), 0, k), out);
      return [...out].map((ms) => ms + overhead);
    };
    expect(a.duration).toBeInstanceOf(Uint16Array);
    expect([...a.duration]).toEqual(expected(0, 5000, 7));
    expect(b.duration).toBeInstanceOf(Int32Array); // (a lognormal of sigma 2.5 does not fit 16 bits)
    expect([...b.duration]).toEqual(expected(1, 3000, 0));
    expect([...forked.duration]).toEqual([...b.duration]);
    expect(a.duration.buffer.byteLength).toBe(64 * 1024);
  });

  /**
   * A scan stage of host replicas (its lists as gaps), a shuffle and a result stage, an executor
   * crash during the scan (its outputs lost while the shuffle stage waits) and a hang during the
   * shuffle; with `share`, the scan's gaps are marked shared (as a fork's plan marks them), so
   * nothing is reused.
   */
  function run(file: JobFile, share: boolean) {
    const sim = new Simulation(file, file.spark, false, file.faults, { maxEvents: 1e7, maxTimeMs: 1e9, statsOnly: false });
    sim.runUntil(1, 0);
    const lists = sim.tsmOf.get(sim.stages[0])!.forHost;
    const gaps = lists.gaps!.buffer;
    if (share) lists.gapsShared = true;
    sim.run();
    const trace = buildResult(sim, 'spark', file.analysis.stallThreshold, true, false).attempts
      .map((a) => `${a.task}#${a.attempt} ${a.executor} ${a.launch}-${a.end} ${a.locality} ${a.status}`);
    return { trace, reused: sim.stages.slice(1).map((s) => s.taskState.buffer === gaps) };
  }

  it('holds the later stages\' state once the scan\'s task set has launched every task: the same run as with fresh memory', () => {
    const executors = execs(...Array.from({ length: 12 }, (_, k): [string, string, number] => [`e${k}`, `h${k}`, 2]));
    const file = model({
      executors,
      jobs: [{
        name: 'j', submit: 0, stages: [
          { name: 'scan', parents: [], tasks: { count: 7000, duration: { dist: 'lognormal', median: 40, sigma: 0.4 }, input: 0, prefer: { replicas: 3, on: 'hosts' } } },
          { name: 'shuffle', parents: ['scan'], tasks: { count: 3000, duration: { dist: 'uniform', min: 20, max: 60 }, input: 0, prefer: [] } },
          { name: 'agg', parents: ['shuffle'], tasks: { count: 500, duration: { dist: 'uniform', min: 10, max: 30 }, input: 0, prefer: [] } },
        ],
      }],
      faults: [{ executor: 'e3', at: 4000, kind: 'crash' }, { executor: 'e7', at: 14_000, kind: 'hang', replaceAfter: 3000 }],
    });
    const reused = run(file, false);
    const fresh = run(file, true);
    expect(reused.reused).toEqual([true, true]);
    expect(fresh.reused).toEqual([false, false]);
    expect(reused.trace.length).toBeGreaterThan(10_500);
    expect(reused.trace.some((t) => t.startsWith('j/scan/') && t.includes('#1 '))).toBe(true); // (a re-run of the crash)
    expect(reused.trace).toEqual(fresh.trace);
  });
});
