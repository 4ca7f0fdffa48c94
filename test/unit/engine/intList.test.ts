// IntList (src/engine/intList.ts): a fork's copy shares the buffer until one side writes, and is
// made with the base's fields in the base's order, so the engine's code meets one hidden class for
// the lists of a run and of its forks (an Object.create copy had a second one, issue #17).
import { describe, expect, it } from 'vitest';
import { IntList } from '../../../src/engine/intList';

describe('IntList.forkCopy', () => {
  it("has the base's fields in the base's order, and each side sees only its own writes", () => {
    const base = IntList.sized(4);
    for (let k = 0; k < 10; k++) base.push(k);
    const fork = base.forkCopy();
    expect(Object.keys(fork)).toEqual(Object.keys(base));
    expect(Object.getPrototypeOf(fork)).toBe(IntList.prototype);
    fork.push(99);
    base.pop();
    base.push(-1);
    expect(Array.from({ length: fork.length }, (_, k) => fork.at(k))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 99]);
    expect(Array.from({ length: base.length }, (_, k) => base.at(k))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, -1]);
  });
});

describe('IntList copy on write', () => {
  it("a fork's first write copies its entries, short lists entry by entry and long ones as a block, the rest of the buffer zero", () => {
    for (const n of [0, 1, 3, 4, 5, 63, 64, 65, 66, 200]) {
      const base = IntList.sized(4);
      for (let k = 0; k < n; k++) base.push(1000 + k);
      const fork = base.forkCopy();
      fork.push(-7);
      const buf = fork.data;
      expect(Array.from(buf.subarray(0, n + 1)), `length ${n}`).toEqual([...Array.from({ length: n }, (_, k) => 1000 + k), -7]);
      expect(buf.subarray(n + 1).every((x) => x === 0), `length ${n}`).toBe(true);
      expect(Array.from({ length: base.length }, (_, k) => base.at(k))).toEqual(Array.from({ length: n }, (_, k) => 1000 + k));
    }
  });
});
