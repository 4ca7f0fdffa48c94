// The miniature a cold `sparkjob simulate` of a large job runs first (src/engine/miniature.ts,
// issue #17): its shape, that its faults land while its tasks run, and that running it changes
// nothing in the run after it (on every example and fixture, and on random batch jobs).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { largestStage, miniature, reducerRuleUnused } from '../../../src/engine/miniature';
import { simulate } from '../../../src/engine/simulate';
import { parseJobFile } from '../../../src/format';
import type { JobFile, TaskGroupSpec, TaskSpec } from '../../../src/format/model';
import { arbModel, arbModelWide, arbSpeculative, build, buildSpeculative, buildWide, type Params } from './arbitrary';
import { exampleAndFixtureFiles } from './jobFiles';

function parse(text: string): JobFile {
  const { model, diagnostics } = parseJobFile(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return model!;
}

const BIG = `version: 1
seed: 3
cluster:
  executors: { count: 10, cores: 8, hostsPerRack: 5 }
jobs:
  - name: etl
    stages:
      - name: scan
        tasks: { count: 100000, duration: { dist: lognormal, median: 800ms, sigma: 0.4 }, prefer: { replicas: 3, on: hosts } }
      - name: shuffle
        parents: [scan]
        tasks: { count: 50000, duration: { dist: uniform, min: 300ms, max: 900ms } }
faults:
  - { executor: "7", at: 62640ms, kind: crash }
`;

describe('miniature', () => {
  it('keeps the faults\' executors first, then the first ones, six with two slots each, 8 waves of tasks a stage', () => {
    const file = parse(BIG);
    expect(largestStage(file)).toBe(100000);
    const mini = miniature(file, file.faults)!;
    expect(mini.cluster.executors.map((e) => [e.id, e.host, e.cores])).toEqual([
      ['7', 'node7', 2], ['1', 'node1', 2], ['2', 'node2', 2], ['3', 'node3', 2], ['4', 'node4', 2], ['5', 'node5', 2],
    ]);
    // 12 slots: 8 waves are 96 tasks a stage, under the 400-task budget's 200 a stage
    expect(mini.jobs[0].stages.map((s) => (s.tasks as TaskGroupSpec).count)).toEqual([96, 96]);
    expect((mini.jobs[0].stages[0].tasks as TaskGroupSpec).prefer).toEqual({ replicas: 3, on: 'hosts' });
    // Task time per slot: the miniature (96 x 800 e^0.08 + 96 x 600) / 12 = 11,733.04 ms, the
    // file (100,000 x 800 e^0.08 + 50,000 x 600) / 80 = 1,458,287.07 ms: the crash at 62,640 ms,
    // 4.3 % into the file's run, is at 62,640 x 0.0080458 = 504 ms of the miniature.
    expect(mini.faults).toEqual([{ executor: '7', at: 504, kind: 'crash' }]);
    expect(file.faults[0].at).toBe(62640); // (the file is not changed)
  });

  it('none for a file of more than 400 stages; times kept when a lognormal\'s mean is infinite (sigma 40: e^800)', () => {
    const file = parse(BIG);
    const stage = file.jobs[0].stages[1];
    const many: JobFile = { ...file, jobs: [{ ...file.jobs[0], stages: Array.from({ length: 401 }, (_, k) => ({ ...stage, name: `s${k}`, parents: [] })) }] };
    expect(miniature(many, many.faults)).toBeNull();
    expect(miniature({ ...many, jobs: [{ ...many.jobs[0], stages: many.jobs[0].stages.slice(0, 400) }] }, many.faults)).not.toBeNull();
    const scan = file.jobs[0].stages[0];
    const wide: JobFile = { ...file, jobs: [{ ...file.jobs[0], stages: [{ ...scan, tasks: { ...(scan.tasks as TaskGroupSpec), duration: { dist: 'lognormal', median: 800, sigma: 40 } } }] }] };
    expect(miniature(wide, wide.faults)!.faults).toEqual([{ executor: '7', at: 62640, kind: 'crash' }]);
  });

  it('turns the reduce-side rule off only when no stage of the file is small enough for it (1,000 map and reduce tasks)', () => {
    const file = parse(BIG);
    expect(file.conf.reduceLocality).toBe(true);
    // 100,000 maps for 50,000 reducers: the file's shuffle stage never has the rule's hosts
    expect(miniature(file, file.faults)!.conf.reduceLocality).toBe(false);
    expect(file.conf.reduceLocality).toBe(true); // (the file is not changed)
    const [scan, shuffle] = file.jobs[0].stages;
    const sized = (maps: number, reducers: number): JobFile => ({ ...file, jobs: [{ ...file.jobs[0], stages: [
      { ...scan, tasks: { ...(scan.tasks as TaskGroupSpec), count: maps } },
      { ...shuffle, tasks: { ...(shuffle.tasks as TaskGroupSpec), count: reducers } },
    ] }] });
    expect([[999, 999], [1000, 999], [999, 1000], [100000, 999], [999, 100000]].map(([m, r]) => reducerRuleUnused(sized(m, r).jobs)))
      .toEqual([false, true, true, true, true]);
    // a small shuffle stage keeps the rule in the miniature; a file with it off keeps it off
    expect(miniature(sized(999, 999), file.faults)!.conf.reduceLocality).toBe(true);
    const off = { ...sized(999, 999), conf: { ...file.conf, reduceLocality: false } };
    expect(miniature(off, file.faults)!.conf.reduceLocality).toBe(false);
  });

  it('lands its faults while tasks run: the crash at 504 ms loses both of its executor\'s running tasks', () => {
    const file = parse(BIG);
    const mini = miniature(file, file.faults)!;
    const result = simulate(mini);
    expect(result.aborted).toEqual([]);
    // Executor 7's two slots take NODE_LOCAL scan tasks at 0 (half of the 96 tasks prefer its
    // host: 3 replicas on 6 hosts) and, for the first to end, another one: both are running at 504 ms (the scan's
    // tasks last 800 ms at the median, and its 96 tasks fill 8 waves of the 12 slots).
    expect(result.faults[0].lostTasks).toHaveLength(2);
  });

  it('keeps the locations of a task list that the miniature\'s executors have, and no streaming or query file', () => {
    const file = parse(BIG);
    const task = (prefer: TaskSpec['prefer']): TaskSpec => ({ duration: { dist: 'fixed', ms: 100 }, input: 0, prefer });
    const listed: JobFile = {
      ...file,
      jobs: [{ ...file.jobs[0], stages: [{ name: 'one', parents: [], tasks: [
        task([{ kind: 'exec', id: '9' }, { kind: 'host', name: 'node2' }]),
        task([{ kind: 'rack', name: 'rack2' }, { kind: 'exec', id: '7' }]),
      ] }] }],
    };
    const stage = miniature(listed, listed.faults)!.jobs[0].stages[0];
    // executors 7 and 1-5 on hosts node7, node1-5 in racks rack1 (1-5) and rack2 (7)
    expect((stage.tasks as TaskSpec[]).map((t) => t.prefer)).toEqual([
      [{ kind: 'host', name: 'node2' }],
      [{ kind: 'rack', name: 'rack2' }, { kind: 'exec', id: '7' }],
    ]);
    const streaming = exampleAndFixtureFiles.map((f) => parse(readFileSync(f, 'utf8'))).filter((m) => m.streaming !== undefined || (m.queries ?? []).length > 0);
    expect(streaming.length).toBeGreaterThan(0);
    for (const m of streaming) expect(miniature(m, m.faults)).toBeNull();
  });

  // The run after a miniature is the run without one, bit for bit, as the command line runs them:
  // each in a fresh engine (a module instance of its own), the miniature first in one of them.
  async function freshEngine() {
    vi.resetModules();
    return { ...(await import('../../../src/engine/simulate')), ...(await import('../../../src/engine/miniature')) };
  }
  it.each(exampleAndFixtureFiles.map((f) => [f.replace(/.*\//, ''), f]))('%s: the same result after its miniature', async (_, f) => {
    const file = parse(readFileSync(f, 'utf8'));
    if (miniature(file, file.faults) === null) return;
    for (const options of [{}, { withoutAttempts: true }, { policy: 'reserved-slots' as const }]) {
      const alone = (await freshEngine()).simulate(file, options);
      const primed = await freshEngine();
      primed.simulate(primed.miniature(file, file.faults)!, options);
      expect(JSON.stringify(primed.simulate(file, options))).toBe(JSON.stringify(alone));
    }
  });

  it('runs on random batch jobs, and the run after it is the same', () => {
    const same = (file: JobFile) => {
      const before = JSON.stringify(simulate(file, { withoutAttempts: true }));
      const mini = miniature(file, file.faults)!;
      expect(mini).not.toBeNull();
      expect(simulate(mini).aborted.filter((a) => /internal|limit/.test(a.reason))).toEqual([]);
      expect(JSON.stringify(simulate(file, { withoutAttempts: true }))).toBe(before);
    };
    const withFault = (file: JobFile, f: Params['fault']): JobFile => {
      const executor = file.cluster.executors[f.exec % file.cluster.executors.length].id;
      return { ...file, faults: [{ executor, at: Math.round(f.frac * 2000), kind: f.kind, ...(f.kind === 'decommission' ? { notice: f.notice } : {}) }] };
    };
    fc.assert(fc.property(arbModel, (p) => same(withFault(build(p), p.fault))), { numRuns: 60, seed: 17 });
    fc.assert(fc.property(arbModelWide, (w) => same(withFault(buildWide(w), w.base.fault))), { numRuns: 60, seed: 17 });
    fc.assert(fc.property(arbSpeculative, (s) => same(buildSpeculative(s))), { numRuns: 40, seed: 17 });
  });
});
