import { describe, expect, it } from 'vitest';
import type { AttemptResult, SimulationResult } from '../../../src/engine/result';
import { assignSlots, buildLanes, executorOrder, freeParts, matchingLane, hitTest, hitWait, laneCount, lowerBound, upperBound, visibleRange } from '../../../webview/lib/lanes';
import sparkJson from '../../fixtures/results/paper-fig2.spark.json';
import reservedJson from '../../fixtures/results/paper-fig2.reserved-slots.json';
import streamingJson from '../../fixtures/results/streaming-hang.spark.json';

const spark = sparkJson as unknown as SimulationResult;
const reserved = reservedJson as unknown as SimulationResult;
const streaming = streamingJson as unknown as SimulationResult;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('lanes', () => {
  it('one lane per slot, reserved slots after the normal ones', () => {
    expect(buildLanes(spark).lanes.map((l) => `${l.executor}/${l.slot}${l.reserved ? 'R' : ''}`)).toEqual(['1/0', '2/0', '3/0']);
    expect(buildLanes(reserved).lanes.map((l) => `${l.executor}/${l.slot}${l.reserved ? 'R' : ''}`)).toEqual(['1/0', '1/1R', '2/0', '3/0']);
    expect(laneCount(reserved)).toBe(4);
    expect(laneCount(streaming)).toBe(8);
  });

  it('groups executors by host in order of first appearance', () => {
    const r = clone(spark);
    r.executors = [
      { ...r.executors[0], id: 'a', host: 'h1' }, { ...r.executors[0], id: 'b', host: 'h2' }, { ...r.executors[0], id: 'c', host: 'h1' },
    ];
    r.attempts = [];
    expect(executorOrder(r)).toEqual([0, 2, 1]);
    const m = buildLanes(r);
    expect(m.lanes.map((l) => [l.executor, l.firstOfExecutor, l.firstOfHost])).toEqual([['a', true, true], ['c', true, false], ['b', true, true]]);
  });

  it('puts each attempt on its executor slot lane, sorted by launch', () => {
    const m = buildLanes(spark);
    expect(Array.from(m.laneOf)).toEqual([0, 1, 0]);
    const lane0 = Array.from(m.order.subarray(m.laneStart[0], m.laneStart[1]));
    expect(lane0).toEqual([0, 2]);
    const mr = buildLanes(reserved);
    expect(mr.laneOf[2]).toBe(1); // the re-run on the reserved slot
    expect(m.waits).toEqual([2]); // the re-run waited from readyAt 1250 to launch 1410
    expect(mr.waits).toEqual([]);
  });

  it('assigns slots itself when the engine gives none (interval partitioning)', () => {
    const r = clone(streaming);
    for (const a of r.attempts) delete (a as Partial<AttemptResult>).slot;
    const { slot, lanes } = assignSlots(r);
    expect(lanes).toEqual([2, 2, 2, 2]);
    // no two attempts on one lane overlap
    const m = buildLanes(r);
    for (let l = 0; l < m.lanes.length; l++) {
      for (let i = m.laneStart[l] + 1; i < m.laneStart[l + 1]; i++) expect(m.launch[i]).toBeGreaterThanOrEqual(m.end[i - 1]);
    }
    expect(slot.every((s) => s >= 0)).toBe(true);
  });

  it('adds a lane rather than overlap when the data has more concurrent attempts than slots', () => {
    const r = clone(spark);
    const a = { ...r.attempts[0], slot: undefined } as unknown as AttemptResult;
    r.attempts = [a, { ...a, task: 'x/y/1' }, { ...a, task: 'x/y/2', reservedSlot: true }];
    const { slot, lanes } = assignSlots(r);
    expect(Array.from(slot)).toEqual([0, 1, 2]);
    expect(lanes[0]).toBe(3);
  });

  it('widens an executor whose attempts use a slot beyond its slots', () => {
    const r = clone(spark);
    r.attempts[0].slot = 3;
    expect(assignSlots(r).lanes).toEqual([4, 1, 1]);
    expect(buildLanes(r).lanes.filter((l) => l.executor === '1').map((l) => l.reserved)).toEqual([false, false, false, false]);
  });
});

describe('culling and hit testing', () => {
  // one lane, 1000 back-to-back attempts of 10 ms
  const big = clone(spark);
  big.executors = [{ ...big.executors[0], slots: 1 }];
  big.attempts = Array.from({ length: 1000 }, (_, i) => ({ ...spark.attempts[0], index: i, task: `j/s/${i}`, launch: i * 10, end: i * 10 + 10, readyAt: i * 10 }));
  const m = buildLanes(big);

  it('binary search bounds', () => {
    const arr = Float64Array.from([1, 2, 2, 3]);
    expect(lowerBound(arr, 2, 0, 4)).toBe(1);
    expect(upperBound(arr, 2, 0, 4)).toBe(3);
    expect(lowerBound(arr, 9, 0, 4)).toBe(4);
  });

  it('visible range touches only the attempts in the time window', () => {
    expect(visibleRange(m, 0, 500, 600)).toEqual([49, 61]); // ends at 500 (touching) .. launches at 600
    expect(visibleRange(m, 0, -100, -1)).toEqual([0, 0]);
    expect(visibleRange(m, 0, 20_000, 30_000)).toEqual([1000, 1000]);
  });

  it('visible range finds a long attempt that started long before the window', () => {
    const r = clone(big);
    r.attempts.unshift({ ...r.attempts[0], task: 'long/s/0', launch: 0, end: 50_000 });
    const m2 = buildLanes(r);
    const [lo, hi] = visibleRange(m2, 0, 30_000, 30_010);
    const inside = Array.from(m2.order.subarray(lo, hi)).filter((i) => r.attempts[i].end >= 30_000);
    expect(inside.map((i) => r.attempts[i].task)).toEqual(['long/s/0']);
  });

  it('hit test by lane and time, with a tolerance for thin bars', () => {
    expect(hitTest(m, 0, 505, 0)).toBe(50);
    expect(hitTest(m, 0, 10_005, 2)).toBe(-1);
    expect(hitTest(m, 0, 10_001, 2)).toBe(999);
    expect(hitTest(m, 1, 505, 0)).toBe(-1);
    const ms = buildLanes(spark);
    expect(hitTest(ms, 0, 1500, 0)).toBe(2);
    expect(hitWait(ms, spark.attempts, 0, 1300)).toBe(2);
    expect(hitWait(ms, spark.attempts, 0, 1420)).toBe(-1);
  });

  it('builds 100 k attempts in well under a second', () => {
    const r = clone(spark);
    r.executors = Array.from({ length: 500 }, (_, i) => ({ ...spark.executors[0], id: String(i), host: `n${i >> 1}`, slots: 4 }));
    const base = spark.attempts[0];
    r.attempts = [];
    for (let e = 0; e < 500; e++) for (let s = 0; s < 4; s++) for (let k = 0; k < 50; k++) {
      r.attempts.push({ ...base, executor: String(e), slot: s, launch: k * 100, end: k * 100 + 90, readyAt: k * 100 });
    }
    const mm = buildLanes(r);
    expect(mm.lanes).toHaveLength(2000);
    expect(visibleRange(mm, 1234, 1000, 1200)).toEqual([mm.laneStart[1234] + 10, mm.laneStart[1234] + 13]);
  });
});

describe('lanes of a real run (imported event log)', () => {
  it('with allWaits, a first attempt that waited with a slot free elsewhere gets a wait band too; without, only re-runs do', () => {
    const r = clone(spark);
    // the first attempt became runnable at 0 but launched at 300 while a slot was free for 250 ms
    r.attempts[0] = { ...r.attempts[0], readyAt: 0, launch: 300, end: Math.max(300, r.attempts[0].end), localityWait: 250, recovery: false };
    expect(buildLanes(r).waits).toEqual([2]); // the simulated view: the re-run only (as before)
    expect(buildLanes(r, true).waits).toEqual([0, 2]);
    // an attempt with no time free elsewhere is not a wait, even if it launched late
    r.attempts[0].localityWait = 0;
    expect(buildLanes(r, true).waits).toEqual([2]);
  });
});

describe('freeParts: where a wait can be drawn without covering another task\'s bar', () => {
  // one lane: attempts 0 [100, 300), 1 [300, 500), 2 [700, 900) (the one that waited), 3 [650, 660)
  const r = clone(spark);
  r.executors = [{ ...r.executors[0], id: '1', slots: 1 }];
  const at = (launch: number, end: number) => ({ ...r.attempts[0], executor: '1', slot: 0, launch, end, readyAt: launch }) as AttemptResult;
  r.attempts = [at(100, 300), at(300, 500), { ...at(700, 900), readyAt: 200 }, at(650, 660)];
  r.faults = [];
  const m = buildLanes(r);

  it('the wait 200-700 is free only between the other attempts: 500-650 and 660-700', () => {
    expect(freeParts(m, 0, 200, 700, 2)).toEqual([[500, 650], [660, 700]]);
  });
  it('a wait while the lane was busy all along has no free part; one on an empty stretch is free whole', () => {
    expect(freeParts(m, 0, 120, 480, 2)).toEqual([]);
    expect(freeParts(m, 0, 510, 640, 2)).toEqual([[510, 640]]);
  });
  it('the waiting attempt itself does not count', () => {
    expect(freeParts(m, 0, 660, 900, 2)).toEqual([[660, 900]]);
  });
});

describe('matchingLane: the compare view scrolls its panels together', () => {
  it('the same executor and slot; a reserved lane to the other run\'s reserved lane, or the executor\'s last lane', () => {
    const a = buildLanes(spark), b = buildLanes(reserved); // a: 1/0 2/0 3/0; b: 1/0 1/1R 2/0 3/0
    expect([0, 1, 2].map((l) => matchingLane(a, l, b))).toEqual([0, 2, 3]);
    expect([0, 1, 2, 3].map((l) => matchingLane(b, l, a))).toEqual([0, 0, 1, 2]);
  });
});
