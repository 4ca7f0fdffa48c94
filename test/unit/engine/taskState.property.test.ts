// A stage keeps a byte a task (Stage.taskState: Successful, Running) instead of its running
// attempt's id (issue #17); which running attempt the Running bit stands for is told by the
// attempt itself (UNCOUNTED on the others). On random jobs and faults, with speculation on and
// off, stopped at every instant and event kind: a task's Running bit is set exactly when one of
// its running attempts is counted, never two; with speculation, that attempt is the one its
// current task set names (SpeculativeTasks.first) and a second copy is its `copy`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Status } from '../../../src/engine/attemptLog';
import { Simulation } from '../../../src/engine/simulation';
import { DEFAULT_LIMITS } from '../../../src/engine/simulate';
import { TaskState, UNCOUNTED } from '../../../src/engine/workload';
import type { JobFile } from '../../../src/format/model';
import { arbModel, arbSpeculative, build, buildSpeculative } from './arbitrary';

/** The run, checked at each pause before the next (time, kind) of its queue; and the replaced attempts seen. */
/** The arbitrary's fault as the file's one fault: an executor of `m`, between 200 and 1700 ms. */
function faultIn(m: JobFile, fault: { exec: number; frac: number; kind: JobFile['faults'][number]['kind'] }): JobFile['faults'] {
  return [{ executor: String((fault.exec % m.cluster.executors.length) + 1), at: 200 + Math.floor(1500 * fault.frac), kind: fault.kind }];
}

function checkedRun(m: JobFile, faults: JobFile['faults'], reserved: boolean): { sim: Simulation; replaced: number } {
  const sim = new Simulation(m, m.spark, reserved, faults, DEFAULT_LIMITS);
  let replaced = 0;
  for (;;) {
    const t = sim.queue.length === 0 ? Infinity : sim.queue.peekTime();
    if (sim.runUntil(t, sim.queue.length === 0 ? 0 : sim.queue.peekKind() + 1)) break;
    replaced += check(sim);
  }
  check(sim);
  return { sim, replaced };
}

/** The invariant at a pause; returns the running attempts flagged UNCOUNTED that are not copies. */
function check(sim: Simulation): number {
  const { log } = sim;
  const counted = new Map<string, number[]>();
  let replaced = 0;
  for (const e of sim.cluster.executors) {
    for (const a of e.running) {
      if (log.status[a] !== Status.Running) continue;
      if ((log.flags[a] & UNCOUNTED) !== 0) {
        if ((log.flags[a] & 32) === 0) replaced++;
        continue;
      }
      const key = `${log.stage[a]}:${log.task[a]}`;
      counted.set(key, [...(counted.get(key) ?? []), a]);
    }
  }
  sim.stages.forEach((s, ref) => {
    const tsm = sim.tsmOf.get(s);
    for (let i = 0; i < s.numTasks; i++) {
      const c = counted.get(`${ref}:${i}`) ?? [];
      const running = (s.taskState[i] & TaskState.Running) !== 0;
      expect([ref, i, running, c.length]).toEqual([ref, i, c.length === 1, running ? 1 : 0]);
      const spec = tsm?.spec;
      if (spec && !tsm!.zombie && running && log.stageAttempt[c[0]] === tsm!.attemptNo) expect(spec.first[i]).toBe(c[0]);
      if (spec && spec.copy[i] >= 0) {
        expect(log.status[spec.copy[i]]).toBe(Status.Running);
        expect(log.flags[spec.copy[i]] & UNCOUNTED).toBe(UNCOUNTED);
      }
    }
  });
  return replaced;
}

describe('a task\'s Running bit and the attempt it stands for', () => {
  it('hold at every pause of random runs with a fault', () => {
    let replaced = 0;
    fc.assert(fc.property(arbModel, fc.boolean(), (p, reserved) => {
      const m = build(p);
      replaced += checkedRun(m, faultIn(m, p.fault), reserved).replaced;
    }), { numRuns: 120, seed: 17 });
    // (a zombie's attempts left running by a resubmission, not a speculative copy)
    expect(replaced).toBeGreaterThan(0);
  });

  it('hold with speculation on: the counted copy is the task set\'s first, a second copy its copy', () => {
    let copies = 0;
    fc.assert(fc.property(arbSpeculative, (s) => {
      const m = buildSpeculative(s);
      const { sim } = checkedRun(m, faultIn(m, s.base.fault), false);
      for (let a = 0; a < sim.log.length; a++) if (sim.log.flags[a] & 32) copies++;
    }), { numRuns: 80, seed: 23 });
    expect(copies).toBeGreaterThan(20);
  });
});
