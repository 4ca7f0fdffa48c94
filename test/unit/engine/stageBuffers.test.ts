// Stage arrays carved from shared chunks: a run and its forks carve from one StageChunks, so no
// two carves may overlap; shared placeholders must be the same array for the same size (a query's
// task sets find their pending lists by preference array, taskSetTemplates.ts).
import { describe, expect, it } from 'vitest';
import { carve, noPrefStart, StageChunks } from '../../../src/engine/stageBuffers';

describe('stage buffers', () => {
  it('carves 8-aligned regions that never overlap, in a chunk or past its end', () => {
    const chunks = new StageChunks();
    const seen: { buf: ArrayBuffer; from: number; to: number }[] = [];
    for (const bytes of [4, 12, 1000, 65536, 3, 70000, 8, 40000, 40000]) {
      const { buf, at } = chunks.carve(bytes);
      expect(at % 8).toBe(0);
      expect(at + bytes).toBeLessThanOrEqual(buf.byteLength);
      for (const s of seen) if (s.buf === buf) expect(at >= s.to || at + bytes <= s.from).toBe(true);
      seen.push({ buf, from: at, to: at + bytes });
    }
    // owners through carve() have chunks of their own
    const a = carve({}, 16);
    const b = carve({}, 16);
    expect(a.buf).not.toBe(b.buf);
  });

  it('gives n + 1 zeros, the same array for the same n', () => {
    for (const n of [0, 1, 16, 200]) {
      const z = noPrefStart(n);
      expect(z.length).toBe(n + 1);
      expect(z.every((x) => x === 0)).toBe(true);
      expect(noPrefStart(n)).toBe(z);
    }
  });
});
