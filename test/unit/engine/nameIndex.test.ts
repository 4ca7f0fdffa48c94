// NameIndex: a fork's cluster shares its base's name maps until one of them adds a name, and a
// fork's copy is made by the constructor: the base's hidden class, so the cluster's lookups meet
// one (an Object.create copy had a class of its own, as IntList's had, issue #17).
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { NameIndex } from '../../../src/engine/nameIndex';

describe('NameIndex (copy on write with forks)', () => {
  it('a name added by the fork or by the base is seen only by the one that added it', () => {
    const base = new NameIndex();
    base.set('a', 0);
    const fork = base.forkCopy();
    expect(fork.get('a')).toBe(0);
    fork.set('b', 1);
    base.set('c', 2);
    expect([base.get('b'), base.get('c')]).toEqual([undefined, 2]);
    expect([fork.get('b'), fork.get('c')]).toEqual([1, undefined]);
    // a fork of the fork, then both write again
    const again = fork.forkCopy();
    again.set('d', 3);
    fork.set('a', 9);
    expect([again.get('a'), again.get('b'), again.get('d')]).toEqual([0, 1, 3]);
    expect([fork.get('a'), fork.get('d')]).toEqual([9, undefined]);
    expect(base.get('a')).toBe(0);
  });

  it("a fork's copy has the base's hidden class", () => {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const base = new NameIndex();
    base.set('a', 0);
    const fork = base.forkCopy();
    expect(sameMap(base, fork)).toBe(true);
    expect(sameMap(base, fork.forkCopy())).toBe(true);
  });
});
