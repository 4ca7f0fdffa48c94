// The fault sweep and the advisor (spec "analysis"), on the paper's example and on jobs that
// cannot stall.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advise } from '../../../src/engine/analysis/advisor';
import { faultFreeMetrics, faultFreeMetricsOf, faultFreeRun, sweep, sweepMoments } from '../../../src/engine/analysis/sweep';
import { readdirSync } from 'node:fs';
import { simulate } from '../../../src/engine';
import { parseJobFile } from '../../../src/format';
import { execs, model, task } from './model';

const paper = parseJobFile(readFileSync(join(__dirname, '../../../examples/paper-fig2.sparkjob.yaml'), 'utf8')).model!;

describe('sweep', () => {
  it("takes the file's own run as the fault-free one only when it is (no faults, the file's reservation, default limits)", () => {
    const dir = join(__dirname, '../../../examples');
    let reused = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.sparkjob.yaml'))) {
      const m = parseJobFile(readFileSync(join(dir, f), 'utf8')).model!;
      for (const policy of ['spark', 'reserved-slots'] as const) {
        const free = simulate(m, { policy, faults: [] });
        // the sweep's own fault-free run (a stats log, no faults) ends at the same time, with the
        // same launches per level (in the same key order) and remote bytes, which the advisor reads
        const own = faultFreeMetricsOf(m, { policy, faults: [] }, free);
        const { stateReloads: _, ...read } = faultFreeMetrics(faultFreeRun(m, { policy }));
        expect(JSON.stringify(own), f).toBe(JSON.stringify(read));
        reused++;
        expect(faultFreeMetricsOf(m, { policy, faults: [], maxEvents: 1000 }, free)).toBeUndefined();
        expect(faultFreeMetricsOf(m, { policy, faults: [], reservedSlots: { perExecutor: {}, all: 1 } }, free)).toBeUndefined();
        if (m.faults.length > 0) expect(faultFreeMetricsOf(m, { policy }, simulate(m, { policy }))).toBeUndefined();
      }
    }
    expect(reused).toBeGreaterThan(10);
  });
  it('spreads sweepTimes moments evenly inside the fault-free run', () => {
    expect(sweepMoments(1610, 8)).toEqual([178, 357, 536, 715, 894, 1073, 1252, 1431]);
  });
  it('finds the paper\'s stall: executor 2 failing while it runs J-alpha/map/1', () => {
    const r = sweep(paper);
    expect(r.makespan).toBe(1610);
    expect(r.faults).toHaveLength(3 * 8);
    const f = r.faults.find((x) => x.executor === '2' && x.at === 1252)!;
    // map/1 ran 1100-1350 on executor 2; its re-run waits NODE_LOCAL for executor 1 (free at 1410)
    expect(f).toMatchObject({
      detectedAt: 1252, lostTasks: 1, recoveryLatency: 408, localityWait: 158, stalled: true, lowerBoundMs: 250,
      holders: ['1'], withReservedSlotMs: 250,
      waited: [{ task: 'J-alpha/map/1', locality: 'NODE_LOCAL', waitMs: 158, host: 'node1' }],
    });
    const finding = r.findings.find((x) => x.executor === '2')!;
    expect(finding.message).toBe('If executor 2 fails at 1.252 s, 1 re-run task waits 158 ms for a slot on node1 ' +
      '(spark.locality.wait = 3 s) while a slot is free elsewhere; with 1 reserved slot on executor 1 recovery takes 250 ms instead of 408 ms (-39%; lower bound 250 ms).');
    // executor 1 failing: map/0's only replica was on node1, so no live executor holds it; the
    // message says so instead of naming the idle host the re-run finally ran on
    const one = r.findings.find((x) => x.executor === '1')!;
    expect(one.message).toContain('waits 3.748 s with a slot free elsewhere, for the locality wait to run out (spark.locality.wait = 3 s), although its data was lost with the executor');
    expect(one.message).toContain('with 1 reserved slot on any executor recovery takes 823 ms instead of 4.571 s');
    // before 1100 nothing runs, after 1610 nothing is left: those moments lose nothing
    expect(r.faults.filter((x) => x.at < 1100).every((x) => x.lostTasks === 0)).toBe(true);
  });
  it('the advisor proposes the paper\'s reservation (a slot on executor 1) and the shorter-wait alternative with costs', () => {
    const advice = advise(paper, sweep(paper));
    expect(advice.stalls).toBe(3);
    expect(advice.reservation).toMatchObject({ slots: 1, clearsAll: true });
    expect(advice.reservation!.executors).toContain('1');
    // executors with one core cannot give a slot up from normal work
    expect(advice.reservation!.makespanChangeMs).toBeNull();
    expect(advice.localityWait).toMatchObject({ clearsAll: true });
    expect(advice.localityWait!.remoteBytesAfter).toBeGreaterThan(advice.localityWait!.remoteBytesBefore);
  });
  it('a job without locality preferences never stalls on delay scheduling', () => {
    const m = model({
      executors: execs(['1', 'a', 2], ['2', 'b', 2], ['3', 'c', 2]),
      jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: Array.from({ length: 12 }, () => task(700)) }, { name: 't', parents: ['s'], tasks: [task(300), task(300)] }] }],
    });
    const r = sweep(m);
    expect(r.faults.length).toBeGreaterThan(0);
    expect(r.faults.some((f) => f.lostTasks > 0)).toBe(true);
    expect(r.findings).toEqual([]);
    expect(advise(m, r).stalls).toBe(0);
  });
  it('can be cancelled and reports progress', () => {
    const seen: number[] = [];
    let calls = 0;
    const r = sweep(paper, { onProgress: (done) => seen.push(done), isCancelled: () => ++calls > 5 });
    expect(r.cancelled).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(24);
  });
});
