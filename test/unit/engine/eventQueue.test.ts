// The event queue's order (time, then priority, then scheduling order) and its times: peekTime
// hands whole-ms times back as small integers (issue #17), which must never change a value.
import { describe, expect, it } from 'vitest';
import { EventKind, EventQueue } from '../../../src/engine/eventQueue';

describe('EventQueue', () => {
  it('pops by time, then kind, then the order events were pushed', () => {
    const q = new EventQueue(2); // (grows)
    q.push(5, EventKind.ReviveTick, 1);
    q.push(5, EventKind.TaskEnd, 2);
    q.push(3, EventKind.JobSubmit, 3);
    q.push(5, EventKind.TaskEnd, 4);
    q.push(1e12, EventKind.Fault, 5);
    const got: [number, EventKind, number][] = [];
    while (q.length > 0) {
      const kind = q.pop();
      got.push([q.lastTime, kind, q.lastArg]);
    }
    expect(got).toEqual([
      [3, EventKind.JobSubmit, 3],
      [5, EventKind.TaskEnd, 2],
      [5, EventKind.TaskEnd, 4],
      [5, EventKind.ReviveTick, 1],
      [1e12, EventKind.Fault, 5],
    ]);
  });

  it('peekTime returns each time unchanged: whole, fractional, beyond int32, none left', () => {
    for (const t of [0, 1250, 2 ** 31 - 1, 2 ** 31, 3e9, 12.5, 0.25, 2 ** 40 + 1]) {
      const q = new EventQueue();
      q.push(t, EventKind.TaskEnd);
      expect(q.peekTime()).toBe(t);
    }
    expect(new EventQueue().peekTime()).toBe(Infinity);
  });
});
