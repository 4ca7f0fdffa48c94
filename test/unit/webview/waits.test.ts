import { describe, expect, it } from 'vitest';
import { recoveryParts, waitSegments } from '../../../webview/lib/waits';
import { freeSpansWithin, freeTimeWithin } from '../../../src/engine/results';
import type { AttemptResult } from '../../../src/engine/result';

const attempt = (task: string, readyAt: number, launch: number, localityWait: number, spans?: [number, number][]): AttemptResult => ({
  task, stage: 'j/s', job: 'j', batch: null, index: 0, stageAttempt: 0, attempt: 1, executor: '1', host: 'node1', readyAt, launch, end: launch + 100,
  locality: 'NODE_LOCAL', status: 'success', recovery: true, reservedSlot: false, slot: 0, localityWait,
  ...(spans ? { localityWaitSpans: spans } : {}),
});

describe('free-slot spans of a wait (engine)', () => {
  it('gives the parts of [from, to) when some slot was free, adding up to freeTimeWithin', () => {
    // free from 0, busy at 100, free again at 300, busy at 500
    const changes = [0, 1, 100, 0, 300, 1, 500, 0];
    expect(freeSpansWithin(changes, 50, 400)).toEqual([[50, 100], [300, 400]]);
    expect(freeSpansWithin(changes, 100, 300)).toEqual([]);
    expect(freeSpansWithin(changes, 0, 1000)).toEqual([[0, 100], [300, 500]]);
    for (const [a, b] of [[50, 400], [0, 1000], [120, 450], [299, 301]]) {
      const sum = freeSpansWithin(changes, a, b).reduce((s, [x, y]) => s + y - x, 0);
      expect(sum).toBe(freeTimeWithin(changes, a, b));
    }
  });
});

describe('wait segments (the timeline)', () => {
  it('a wait all for a local slot, all queued, or split where the engine says', () => {
    expect(waitSegments(attempt('t', 1250, 1410, 160))).toEqual([{ from: 1250, to: 1410, locality: true }]);
    expect(waitSegments(attempt('t', 0, 300, 0))).toEqual([{ from: 0, to: 300, locality: false }]);
    // 518 ms of wait, 418 ms of it with a slot free elsewhere (locality-batch's re-run): two parts
    expect(waitSegments(attempt('t', 1000, 1518, 418, [[1100, 1518]]))).toEqual([
      { from: 1000, to: 1100, locality: false }, { from: 1100, to: 1518, locality: true },
    ]);
    expect(waitSegments(attempt('t', 0, 100, 40, [[10, 30], [80, 100]]))).toEqual([
      { from: 0, to: 10, locality: false }, { from: 10, to: 30, locality: true }, { from: 30, to: 80, locality: false }, { from: 80, to: 100, locality: true },
    ]);
  });
});

describe('recovery parts (the recovery bar follows time)', () => {
  it('paper example: the wait 1250-1410 ms first, then the work to 1660 ms', () => {
    const f = { at: 1250, detectedAt: 1250, recoveredAt: 1660, lostTasks: ['J-alpha/map/2'] };
    expect(recoveryParts(f, [attempt('J-alpha/map/2', 1250, 1410, 160)])).toEqual([
      { from: 1250, to: 1410, kind: 'locality' }, { from: 1410, to: 1660, kind: 'work' },
    ]);
  });

  it('no locality wait (a hang\'s re-runs queued for a slot): no hatched part', () => {
    const f = { at: 5000, detectedAt: 16000, recoveredAt: 16500, lostTasks: ['a', 'b'] };
    const parts = recoveryParts(f, [attempt('a', 16000, 16000, 0), attempt('b', 16000, 16200, 0)]);
    expect(parts).toEqual([{ from: 16000, to: 16200, kind: 'queued' }, { from: 16200, to: 16500, kind: 'work' }]);
  });

  it('a locality wait of one re-run wins over another\'s queueing at the same time; other tasks do not count', () => {
    const f = { at: 0, detectedAt: 100, recoveredAt: 1000, lostTasks: ['a', 'b'] };
    const parts = recoveryParts(f, [attempt('a', 100, 400, 0), attempt('b', 100, 600, 300, [[300, 600]]), attempt('c', 100, 900, 800)]);
    expect(parts).toEqual([{ from: 100, to: 300, kind: 'queued' }, { from: 300, to: 600, kind: 'locality' }, { from: 600, to: 1000, kind: 'work' }]);
  });
});
