// Stage arrays carved from shared chunks: a run and its forks carve from one StageChunks, so no
// two carves may overlap; shared placeholders must be the same array for the same size (a query's
// task sets find their pending lists by preference array, taskSetTemplates.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newBase } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import { forkSimulation } from '../../../src/engine/fork';
import { noPrefStart, StageChunks } from '../../../src/engine/stageBuffers';
import { parseJobFile } from '../../../src/format/parse';

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
  });

  it("is shared by a query run and its forks (fork.ts), which carve regions of their own", () => {
    const m = parseJobFile(readFileSync(join(__dirname, '../../../examples/stateful-kafka-k8s.sparkjob.yaml'), 'utf8')).model!;
    const base = newBase(m);
    base.runUntil(5000, EventKind.Fault);
    const fork = forkSimulation(base);
    const chunks = base.queries!.queries[0].chunks;
    expect(fork.queries!.queries[0].chunks).toBe(chunks);
    // the fork's next batches come after the base's: their regions are new ones
    const before = chunks.carve(8);
    fork.run();
    const after = chunks.carve(8);
    expect(after.buf !== before.buf || after.at > before.at + 8).toBe(true);
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
