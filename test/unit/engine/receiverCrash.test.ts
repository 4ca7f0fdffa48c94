// The sweep's shortcut for crashes of an executor that runs only a receiver
// (src/engine/analysis/receiverCrash.ts): the sweep's result must be the same, field for field and
// in the same key order, as when every such crash is forked and simulated; on every example and
// fixture, under both policies and both Spark lines, and on the bench's streaming workload, where
// the shortcut must be taken (a condition that silently never holds would pass the comparison).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamingYaml } from '../../../bench/workloads';
import { IdleCrashes } from '../../../src/engine/analysis/idleCrash';
import { ReceiverCrashes } from '../../../src/engine/analysis/receiverCrash';
import { newBase, runFork, sweep, sweepMoments, type SweepOptions } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { arbStreaming, buildStreaming } from './arbitrary';
import { exampleAndFixtureFiles } from './jobFiles';

/** How many receiver crashes the shortcut took, after checking the sweep's result is the same without it. */
function sameAsForking(m: JobFile, options: SweepOptions = {}): number {
  const forked = sweep(m, { ...options, forkAll: true });
  const short = sweep(m, options);
  expect(JSON.stringify(short)).toBe(JSON.stringify(forked));
  expect(short.runs).toBe(forked.runs);
  // the shortcuts taken, counted again on a base paused at each moment
  const base = newBase(m, options, true);
  let n = 0;
  for (const at of sweepMoments(forked.makespan, m.analysis.sweepTimes)) {
    base.runUntil(at, EventKind.Fault);
    const idle = new IdleCrashes(base, at);
    const receivers = new ReceiverCrashes(base, at, idle);
    for (const e of base.cluster.executors) {
      if (!receivers.has(e.idx)) continue;
      expect(idle.has(e.idx)).toBe(false);
      n++;
    }
  }
  return n;
}

/**
 * The bench's streaming file on smaller clusters, with unreplicated blocks too (the receiver's
 * executor holds their only copies), 40 moments. With one-core executors tasks wait for slots at
 * most moments: the shortcut must not be taken while a task set has a pending task.
 */
function smallCluster(count: number, cores: number, storageLevel: string): JobFile {
  return parseJobFile(streamingYaml().replace('count: 64, cores: 4, hostsPerRack: 16', `count: ${count}, cores: ${cores}, hostsPerRack: 4`)
    .replaceAll('MEMORY_AND_DISK_SER_2', storageLevel).replace('sweepTimes: 8', 'sweepTimes: 40').replace('batches: 60', 'batches: 20')).model!;
}

/**
 * Receiver r0 runs on C, r1 on A (both prefer node1, whose only executor is A; C, idle at the
 * start, is appended to r0's candidates), r2 on B, and E runs a long task. A crash of C: the retry
 * takes A (a candidate of r0's first job with a free slot), but the new job's candidates are
 * rescheduleReceiver's, node1 and the idle E, which is full: the receiver waits for its locality
 * and registers seconds later. The shortcut must not be taken there.
 */
const candidatesFull = `version: 1
name: receiver crash, the new task's candidates full
spark: "3.5"
seed: 1
conf:
  spark.locality.wait: 3s
  spark.streaming.blockInterval: 200ms
cluster:
  executors:
    - { id: "A", host: node1, cores: 3 }
    - { id: "B", host: node2, cores: 2 }
    - { id: "C", host: node3, cores: 2 }
    - { id: "E", host: node4, cores: 1 }
jobs:
  - name: long
    submit: 0ms
    stages:
      - name: s
        tasks:
          - { duration: 60s, prefer: ["exec:E"] }
streaming:
  batchInterval: 1s
  batches: 20
  inputs:
    - { name: r0, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b, preferredHost: node1 }
    - { name: r1, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b, preferredHost: node1 }
    - { name: r2, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b }
  outputs:
    - name: counts
      stages:
        - { name: m0, input: r0, costPerRecord: 10us, fixed: 2ms }
        - { name: m1, input: r1, costPerRecord: 10us, fixed: 2ms }
        - { name: m2, input: r2, costPerRecord: 10us, fixed: 2ms }
recovery:
  policy: spark
analysis:
  sweepTimes: 12
  stallThreshold: 100ms
`;

/**
 * r0 runs on C, r1 on A (one core: full), r2 on B or F; E runs a long task; spark.locality.wait
 * 100 s. A crash of C: the retry prefers A or C (r0's first candidates) and waits at PROCESS_LOCAL
 * although the new job's candidates would have a free slot: the receiver is not relaunched before
 * the run ends. The shortcut must not be taken there (it is for the other receivers' executors).
 */
const retryWaits = `version: 1
name: receiver crash, the retry's preferred executors full
spark: "3.5"
seed: 3
conf:
  spark.locality.wait: 100s
  spark.streaming.blockInterval: 200ms
cluster:
  executors:
    - { id: "A", host: node1, cores: 1 }
    - { id: "B", host: node2, cores: 2 }
    - { id: "C", host: node3, cores: 1 }
    - { id: "E", host: node4, cores: 1 }
    - { id: "F", host: node5, cores: 2 }
jobs:
  - name: long
    submit: 0ms
    stages:
      - name: s
        tasks:
          - { duration: 60s, prefer: ["exec:E"] }
streaming:
  batchInterval: 1s
  batches: 20
  inputs:
    - { name: r0, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b, preferredHost: node1 }
    - { name: r1, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b, preferredHost: node1 }
    - { name: r2, kind: receiver, storageLevel: MEMORY_ONLY_2, recordsPerSecond: 100, recordSize: 100b }
  outputs:
    - name: counts
      stages:
        - { name: m2, input: r2, costPerRecord: 10us, fixed: 2ms }
recovery:
  policy: spark
analysis:
  sweepTimes: 12
  stallThreshold: 100ms
`;

describe('sweep: receiver crashes known without forking', () => {
  it('gives the same sweep as forking them, on every example and fixture', () => {
    for (const file of exampleAndFixtureFiles) {
      const m = parseJobFile(readFileSync(file, 'utf8')).model!;
      for (const policy of ['spark', 'reserved-slots'] as const) {
        for (const spark of ['3.5', '2.2'] as const) sameAsForking(m, { policy, spark, hangs: true });
      }
    }
  });

  it('gives the same sweep as forking them on small clusters where tasks wait for slots', () => {
    let taken = 0;
    for (const count of [5, 8, 12]) {
      for (const level of ['MEMORY_AND_DISK_SER_2', 'MEMORY_AND_DISK_SER']) {
        for (const spark of ['3.5', '2.2'] as const) taken += sameAsForking(smallCluster(count, 1, level), { spark });
      }
    }
    taken += sameAsForking(smallCluster(8, 3, 'MEMORY_AND_DISK_SER_2'));
    // (receivers' executors that also hold shuffle outputs a running job reads)
    taken += sameAsForking(smallCluster(5, 4, 'MEMORY_AND_DISK_SER_2'));
    expect(taken).toBeGreaterThan(100);
  });

  it('gives the same sweep as forking them on random streaming jobs', () => {
    let taken = 0;
    fc.assert(fc.property(arbStreaming, fc.constantFrom(4, 12), (p, times) => {
      const m = buildStreaming(p);
      m.analysis = { ...m.analysis, sweepTimes: times, stallThreshold: 100 };
      taken += sameAsForking(m, { hangs: true });
    }), { numRuns: 150, seed: 20261207 });
    expect(taken).toBeGreaterThan(50);
  });

  it("is not taken when the lost task's retry has no free preferred executor", () => {
    const m = parseJobFile(retryWaits).model!;
    expect(sameAsForking(m)).toBeGreaterThan(5);
    const waiting = sweep(m, {}).faults.filter((f) => f.executor === 'C' && f.lostTasks === 0 && f.lostReceivers![0].relaunchedAt === null);
    expect(waiting.length).toBeGreaterThan(5);
  });

  it("is not taken when the new receiver task's candidates have no free slot", () => {
    const m = parseJobFile(candidatesFull).model!;
    expect(sameAsForking(m)).toBe(0);
    const late = sweep(m, {}).faults.filter((f) => f.executor === 'C' && f.lostTasks === 0 && f.lostReceivers![0].relaunchedAt! > f.at);
    expect(late.length).toBeGreaterThan(5);
  });

  it("takes the bench's streaming sweep's receiver crashes and gives the same result", () => {
    const m = parseJobFile(streamingYaml()).model!;
    expect(sameAsForking(m)).toBeGreaterThanOrEqual(24);
    expect(sameAsForking(m, { spark: '2.2' })).toBeGreaterThan(0);
  });

  // each shortcut's record against its own fork's, one by one: the fork stops at the crash's
  // instant with the receiver registered again
  it("matches each fork it replaces on the bench's streaming file", () => {
    const m = parseJobFile(streamingYaml()).model!;
    const forked = sweep(m, { forkAll: true });
    const base = newBase(m, {}, true);
    let compared = 0;
    for (const at of sweepMoments(forked.makespan, m.analysis.sweepTimes)) {
      base.runUntil(at, EventKind.Fault);
      const receivers = new ReceiverCrashes(base, at, new IdleCrashes(base, at));
      for (const e of base.cluster.executors) {
        if (!receivers.has(e.idx)) continue;
        const { sim, k } = runFork(base, e.id, at, 'crash');
        expect(sim.now).toBe(at);
        expect(sim.faults[k].lostTasks).toEqual([]);
        const swept = forked.faults.find((f) => f.executor === e.id && f.at === at && f.kind === 'crash');
        expect(JSON.stringify(receivers.fault(e.idx))).toBe(JSON.stringify(swept));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(24);
  });
});
