// A fork plan reads each object's fields through a reader made for its shape (fork.ts shapeOf,
// readerFor) instead of a `for in` with a keyed read per field: the plans must be the same node for
// node, on every example and fixture and the bench's streaming workload (the runs and forks of
// them), and on objects whose `for in` keys are not their own keys (a prototype's enumerable
// fields, as ForkedStage's accessors, and index keys, which `for in` gives first).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { faultFreeMakespan, newBase, runFork, sweepMoments } from '../../../src/engine/analysis/sweep';
import { ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { type ForkPlan, makePlan, planReaders } from '../../../src/engine/fork';
import type { Simulation } from '../../../src/engine/simulation';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { exampleAndFixtureFiles } from './jobFiles';
import { expectSamePlan } from './samePlan';

function plans(sim: Simulation): { walked: ForkPlan; read: ForkPlan } {
  planReaders.on = false;
  const walked = makePlan(sim);
  planReaders.on = true;
  return { walked, read: makePlan(sim) };
}

/** Plans of `m`'s run at the sweep's moments and of a crash fork of each: how many were compared. */
function checkRun(m: JobFile, name: string): number {
  const base = newBase(m, {}, true);
  let compared = 0;
  for (const at of sweepMoments(faultFreeMakespan(m), 8)) {
    if (base.now > at || base.runUntil(at, EventKind.Fault)) break;
    const { walked, read } = plans(base);
    expectSamePlan(read, walked, `${name} at ${at}`);
    compared++;
    const x = base.cluster.executors.find((e) => e.state === ExecState.Alive);
    if (x === undefined) continue;
    const fork = runFork(base, x.id, at, 'crash').sim;
    const forked = plans(fork);
    expectSamePlan(forked.read, forked.walked, `${name}, a fork at ${at}`);
    compared++;
  }
  return compared;
}

describe('fork plans read by shape', () => {
  afterEach(() => {
    planReaders.on = true;
  });

  it('are the `for in` walk, on every example and fixture', () => {
    let compared = 0;
    for (const file of exampleAndFixtureFiles) compared += checkRun(parseJobFile(readFileSync(file, 'utf8')).model!, file);
    expect(compared).toBeGreaterThan(100);
  });

  it("are the `for in` walk on the bench's streaming workload", () => {
    expect(checkRun(parseJobFile(streamingYaml()).model!, 'streaming')).toBe(16);
  });

  it("follow `for in`'s keys: a prototype's enumerable fields after the own ones, index keys first", () => {
    const m = parseJobFile(streamingYaml()).model!;
    const sim = newBase(m, {}, true);
    sim.runUntil(5000, EventKind.Fault);
    const proto = {};
    const viaProto = [1];
    Object.defineProperty(proto, 'viaProto', { get: () => viaProto, enumerable: true });
    Object.defineProperty(proto, 'hidden', { value: [2], enumerable: false });
    const odd = Object.create(proto) as Record<string, unknown>;
    odd.b = [3];
    odd['7'] = [4];
    odd.a = null;
    odd['2'] = { c: [5] };
    (sim as unknown as Record<string, unknown>).odd = [odd, Object.assign(Object.create(proto), { b: 1, '7': [6], a: [7], '2': 8 })];
    const { walked, read } = plans(sim);
    expectSamePlan(read, walked, 'odd keys');
    expect(walked.srcs).toContain(odd);
    expect(walked.srcs).toContain(viaProto);
  });
});
