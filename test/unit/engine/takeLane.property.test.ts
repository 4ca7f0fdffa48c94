// Cluster.takeLane takes the lowest free lane of an executor (normal lanes first, then reserved):
// the lane is an attempt's slot in the results and the timeline. With one normal lane free it
// takes the lane freed last without a scan (issue #17); these tests compare every lane it takes,
// through random launches, ends and copies (own), with the lowest free lane found by a scan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/engine/cluster';

/** the lowest free lane in [from, to), or -1 */
function lowestFree(lanes: number[], from: number, to: number): number {
  for (let i = from; i < to; i++) if (lanes[i] === 0) return i;
  return -1;
}

describe('Cluster.takeLane', () => {
  it('takes the lowest free lane, normal or reserved, through random takes and releases', () => {
    const op = fc.record({ take: fc.boolean(), reserved: fc.boolean(), pick: fc.nat(), share: fc.nat({ max: 9 }) });
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.array(op, { maxLength: 300 }), (slots, reserved, ops) => {
      let c = new Cluster(1);
      c.register(c.add({ id: '1', host: 'a', cores: slots, joinAt: 0 }, '1', reserved), 0);
      const busy: number[] = [];
      let now = 0;
      for (const o of ops) {
        // (now and then the executor is shared with a copy, as a fork does: own() copies it first)
        if (o.share === 0) {
          const copy = new Cluster(1);
          Object.assign(copy, c);
          c.sharedWith(copy);
          c = copy;
        }
        const e = c.own(0);
        if (o.take) {
          const free = o.reserved ? e.freeReserved : e.freeSlots;
          if (free < 1) continue;
          const want = o.reserved ? lowestFree(e.lanes, e.slots, e.slots + e.reserved) : lowestFree(e.lanes, 0, e.slots);
          const lane = c.takeLane(e, o.reserved);
          expect(lane).toBe(want);
          busy.push(lane);
        } else if (busy.length > 0) {
          const [lane] = busy.splice(o.pick % busy.length, 1);
          c.releaseLane(e, lane, ++now);
        }
        expect(e.freeSlots).toBe(e.slots - busy.filter((l) => l < e.slots).length);
      }
    }), { numRuns: 500 });
  });
});
