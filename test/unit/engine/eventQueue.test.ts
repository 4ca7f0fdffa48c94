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

// The calendar beside the heap (many pending TaskEnds) must not change the order: random runs
// of pushes (never before the last popped time, as the simulation's) and pops, against a plain
// sort by (time, kind, scheduling order), through its start, fractional times, times a window or
// more ahead, long idle gaps, and forks (clone) that go on separately.
describe('EventQueue with its calendar', () => {
  type Ev = { t: number; kind: EventKind; seq: number; arg: number };
  const before = (a: Ev, b: Ev) => a.t - b.t || a.kind - b.kind || a.seq - b.seq;

  /** a reference queue: the same order by a sort */
  class Reference {
    evs: Ev[] = [];
    seq = 0;
    /** kept sorted, the first last */
    push(t: number, kind: EventKind, arg: number) {
      const e = { t, kind, seq: this.seq++, arg };
      let lo = 0;
      let hi = this.evs.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (before(this.evs[m], e) > 0) lo = m + 1;
        else hi = m;
      }
      this.evs.splice(lo, 0, e);
    }
    pop(): Ev {
      return this.evs.pop()!;
    }
    clone(): Reference {
      const c = new Reference();
      c.evs = this.evs.slice();
      c.seq = this.seq;
      return c;
    }
  }

  const run = (q: EventQueue, r: Reference, steps: number, draw: () => number, nowRef: { now: number }, arg: { next: number }) => {
    for (let s = 0; s < steps; s++) {
      const pushes = q.length < 50 ? 40 : draw() < 0.5 ? 1 : draw() < 0.5 ? 0 : 3;
      for (let p = 0; p < pushes; p++) {
        const u = draw();
        const kind = u < 0.8 ? EventKind.TaskEnd : u < 0.9 ? EventKind.ReviveTick : EventKind.Fault;
        const v = draw();
        const delay = v < 0.1 ? 0 : v < 0.75 ? Math.floor(draw() * 900) : v < 0.85 ? 4096 + Math.floor(draw() * 6000)
          : v < 0.9 ? Math.floor(draw() * 40) + 0.5 : v < 0.93 ? 4095 : Math.floor(draw() * 4096);
        const t = nowRef.now + delay;
        q.push(t, kind, arg.next);
        r.push(t, kind, arg.next);
        arg.next++;
      }
      const pops = draw() < 0.02 ? q.length : 1; // now and then a drain: a long idle gap follows
      for (let p = 0; p < pops && q.length > 0; p++) {
        expect(q.length).toBe(r.evs.length);
        const want = r.pop();
        expect(q.peekTime()).toBe(want.t);
        expect(q.peekKind()).toBe(want.kind);
        const kind = q.pop();
        expect([q.lastTime, kind, q.lastArg]).toEqual([want.t, want.kind, want.arg]);
        nowRef.now = want.t;
      }
      if (q.length === 0) nowRef.now += Math.floor(draw() * 20000); // nothing pending: the clock may jump
    }
  };

  it('pops in (time, kind, scheduling order) with thousands pending, forks included', () => {
    for (let seed = 1; seed <= 4; seed++) {
      let x = seed * 0x9e3779b9;
      const draw = () => {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
        return (x >>> 0) / 4294967296;
      };
      const q = new EventQueue(16);
      const r = new Reference();
      const now = { now: seed * 1e9 }; // (times beyond int32 too)
      const arg = { next: 0 };
      // fill past the calendar's start, then run
      for (let k = 0; k < 3000; k++) {
        const t = now.now + Math.floor(draw() * 2000);
        q.push(t, EventKind.TaskEnd, arg.next);
        r.push(t, EventKind.TaskEnd, arg.next++);
      }
      run(q, r, 3000, draw, now, arg);
      // a fork and its base go on differently, each still in order
      const q2 = q.clone();
      const r2 = r.clone();
      const now2 = { ...now };
      run(q2, r2, 1500, draw, now2, arg);
      run(q, r, 1500, draw, now, arg);
    }
  });
});
