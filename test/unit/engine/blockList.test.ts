// The received blocks, shared with forks by chunk and copied before a write (streaming/blockGenerator.ts
// BlockList): a run and its forks, each appending and replacing blocks, must each see only their own
// changes, as with a copy of the whole list per fork; so must the blocks' batch times, kept beside them.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine/random';
import { BlockList, type Block } from '../../../src/engine/streaming/blockGenerator';

const block = (tick: number): Block => ({ input: 0, tick, records: 1, bytes: 1, holders: [tick % 7], wal: false });

describe('BlockList', () => {
  it('keeps a run and its forks apart, as whole copies would', () => {
    const rng = new Random(17);
    const lists: { list: BlockList; plain: Block[]; batches: number[] }[] = [{ list: new BlockList(), plain: [], batches: [] }];
    for (let step = 0; step < 4000; step++) {
      const one = lists[rng.int(lists.length)];
      const r = rng.int(10);
      if (r < 5 || one.plain.length === 0) {
        const b = block(step);
        one.list.push(b);
        one.plain.push(b);
        one.batches.push(-1);
      } else if (r < 7) {
        const i = rng.int(one.plain.length);
        one.list.setBatch(i, step);
        one.batches[i] = step;
      } else if (r < 9) {
        const i = rng.int(one.plain.length);
        const b = block(-step);
        one.list.set(i, b);
        one.plain[i] = b;
      } else if (lists.length < 12) {
        lists.push({ list: one.list.forkCopy(), plain: one.plain.slice(), batches: one.batches.slice() });
      }
      if (step % 97 === 0) {
        for (const { list, plain, batches } of lists) {
          expect(list.length).toBe(plain.length);
          for (let i = 0; i < plain.length; i++) expect(list.at(i)).toBe(plain[i]);
          for (let i = 0; i < plain.length; i++) expect(list.batchOf(i)).toBe(batches[i]);
        }
      }
    }
    expect(lists.length).toBe(12);
  });
});
