// Faults tied to a task attempt (`faults[].during`, src/engine/faultAnchors.ts): the crash hits
// whichever executor runs that attempt, `at` after its launch, the attempt still running then.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { analyzeFile } from '../../../src/engine/analysis/findings';
import { execs, model, task } from './model';

describe('a fault tied to a task attempt', () => {
  it('hits the executor that runs the attempt, at its launch + at, even when the attempt would have ended before', () => {
    // t0 (1 s, exec 2) launches on exec 2 at 0; the fault names executor 1 but is tied to t0's
    // attempt 0: it hits exec 2 at 0 + 1500, and t0 is still running then (its run is cut by the
    // crash). Standalone 3.5, exit report after 0 ms: removed at 1500 with t0 lost. t0's pending
    // lists are still for exec 2 and node2 and its task set stays at PROCESS_LOCAL (both launched
    // there at 0, the timer's last reset): exec 1 frees at 3000 = 0 + 3 s, the set moves to
    // NODE_LOCAL (timer 3000) and declines; ANY at 6000, when t0#1 launches on exec 1
    // (TaskSetManager.getAllowedLocalityLevel, spark.locality.wait 3 s).
    const r = simulate(model({
      executors: execs(['1', 'node1', 1], ['2', 'node2', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000, ['exec:2']), task(3000, ['exec:1'])] }] }],
      faults: [{ executor: '1', at: 1500, kind: 'crash', during: { job: 'j', stage: 's', task: 0, attempt: 0 } }],
    }));
    const trace = [...r.attempts].sort((a, b) => a.launch - b.launch || a.index - b.index)
      .map((a) => `${a.index}#${a.attempt} e${a.executor} ${a.launch}-${a.end} ${a.locality} ${a.status}`);
    expect(trace).toEqual(['0#0 e2 0-1500 PROCESS_LOCAL lost', '1#0 e1 0-3000 PROCESS_LOCAL success', '0#1 e1 6000-7000 ANY success']);
    expect(r.faults[0]).toMatchObject({ executor: '2', at: 1500, detectedAt: 1500, lostTasks: ['j/s/0'] });
  });

  it('never happens when the attempt never runs', () => {
    const r = simulate(model({
      executors: execs(['1', 'node1', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000)] }] }],
      faults: [{ executor: '1', at: 10, kind: 'crash', during: { job: 'j', stage: 's', task: 0, attempt: 1 } }],
    }));
    expect(r.faults[0].detectedAt).toBeNull();
    expect(r.attempts.map((a) => a.status)).toEqual(['success']);
  });

  it('says, when the attempt never runs, that the fault never happens (SJ102 at `during`), not that the executor is down at `at`', () => {
    // t0 succeeds at its first attempt, so attempt 1 never launches: the anchor never fires. The
    // fault's `at` (5 s) is an offset from a launch, so "after the run ends" (SJ101, the run ends
    // at 1 s) or "executor 1 is not running at 5 s" (SJ102) would both be false.
    const m = model({
      executors: execs(['1', 'node1', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000)] }] }],
      faults: [{ executor: '1', at: 5000, kind: 'crash', during: { job: 'j', stage: 's', task: 0, attempt: 1 } }],
    });
    const found = analyzeFile({ ...m, analysis: { ...m.analysis, sweep: false } }).findings.filter((f) => f.code === 'SJ101' || f.code === 'SJ102');
    expect(found).toEqual([{
      code: 'SJ102', severity: 'warning', target: { kind: 'fault', index: 0, field: 'during' },
      message: 'the fault is tied to attempt 1 of task j/s/0, which never runs in this simulation: the fault never happens',
    }]);
  });

  it('keeps the time-based wording for a fault at a time', () => {
    const m = model({
      executors: execs(['1', 'node1', 1]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: [task(1000)] }] }],
      faults: [{ executor: '1', at: 5000, kind: 'crash' }],
    });
    const found = analyzeFile({ ...m, analysis: { ...m.analysis, sweep: false } }).findings.filter((f) => f.code === 'SJ101' || f.code === 'SJ102');
    expect(found.map((f) => [f.code, f.message, f.target])).toEqual([['SJ101', 'the fault at 5 s comes after the run ends (1 s): it changes nothing', { kind: 'fault', index: 0, field: 'at' }]]);
  });
});
