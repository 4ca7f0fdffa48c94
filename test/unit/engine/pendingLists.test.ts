// A level's pending lists live in one buffer, a region a key (PendingLists.sized), and a key's
// list is made when it is first asked for. Whoever else holds that buffer (a fork, a query's next
// task set: PendingLists.share) must still find every entry of a region however this side popped
// and pushed its list, made before or after the other side's.
import { describe, expect, it } from 'vitest';
import { PendingLists } from '../../../src/engine/taskSetManager';
import { TaskState } from '../../../src/engine/workload';

/** Keys 3 and 1 (in that order), with entries [30, 31] and [10]; key 0 has none. */
function built(): { lists: PendingLists; flat: Int32Array; at: Int32Array } {
  const lists = new PendingLists(4);
  lists.ownKeys().push(3, 1);
  const at = new Int32Array(8);
  at[3] = 2;
  at[1] = 1;
  const flat = lists.sized(at);
  flat[at[3]++] = 30;
  flat[at[3]++] = 31;
  flat[at[1]++] = 10;
  return { lists, flat, at };
}

const entries = (lists: PendingLists, key: number) => {
  const l = lists.get(key);
  return l === undefined ? undefined : Array.from({ length: l.length }, (_, k) => l.at(k));
};

describe('pending lists in one buffer per level', () => {
  it('gives each key its entries, in the order written, and no list to a key without entries', () => {
    const { lists, flat } = built();
    expect(flat.length).toBe(3);
    expect(entries(lists, 3)).toEqual([30, 31]);
    expect(entries(lists, 1)).toEqual([10]);
    expect(lists.get(0)).toBeUndefined();
    expect(lists.get(2)).toBeUndefined();
    expect(lists.get(7)).toBeUndefined();
  });

  it("does not write a region another holder reads: a pop and a push after it leave the buffer as built", () => {
    const { lists, flat, at } = built();
    const other = new PendingLists(4);
    other.share([3, 1], flat, at);
    const mine = lists.get(3)!;
    expect(mine.pop()).toBe(31);
    lists.push(3, 99);
    lists.push(1, 98);
    expect(entries(lists, 3)).toEqual([30, 99]);
    expect(entries(lists, 1)).toEqual([10, 98]);
    expect(Array.from(flat)).toEqual([30, 31, 10]);
    expect(entries(other, 3)).toEqual([30, 31]);
    expect(entries(other, 1)).toEqual([10]);
  });

  it('dequeues from a region without a list: what is left is the list a later push extends, and another holder still reads it all', () => {
    const { lists, flat, at } = built();
    const other = new PendingLists(4);
    other.share([3, 1], flat, at);
    // a stage of 40 tasks: 31 runs, 30 and 10 are schedulable
    const taskState = new Uint8Array(40);
    taskState[31] = TaskState.Running;
    const stage = { taskState } as unknown as Parameters<PendingLists['dequeue']>[1];
    expect(lists.dequeue(3, stage)).toBe(30); // (31, running, dropped on the way)
    expect(lists.dequeue(3, stage)).toBe(-1);
    lists.push(3, 5);
    expect(entries(lists, 3)).toEqual([5]);
    expect(lists.dequeue(3, stage)).toBe(5);
    expect(lists.dequeue(1, stage)).toBe(10);
    lists.push(1, 6);
    expect(entries(lists, 1)).toEqual([6]);
    expect(lists.keys).toEqual([3, 1]);
    expect(Array.from(flat)).toEqual([30, 31, 10]);
    expect(entries(other, 3)).toEqual([30, 31]);
    expect(other.dequeue(1, stage)).toBe(10);
    expect(lists.dequeue(0, stage)).toBe(-1);
    expect(lists.dequeue(7, stage)).toBe(-1);
  });

  it('keeps a level with no key empty (no buffer, nothing to make lists from)', () => {
    const lists = new PendingLists(4);
    const at = new Int32Array(8);
    expect(lists.sized(at).length).toBe(0);
    expect(lists.none()).toBe(true);
  });
});
