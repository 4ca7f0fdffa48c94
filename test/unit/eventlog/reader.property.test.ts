// Damaged logs never crash the reader and read the same way twice: cut anywhere, bytes flipped,
// lines shuffled, any chunking. A failure is an EventLogError, never another exception.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, EventLogError } from '../../../src/eventlog';
import { collect, fixtures, haveLogs, logsRoot } from './helpers';

const samples = haveLogs
  ? {
      plain: readFileSync(join(logsRoot, 'slim/small/input/events.json')),
      zstd: readFileSync(join(logsRoot, 'spark-rapids-tools/spark-events-profiling/spark2-eventlog.zstd')),
      lz4: readFileSync(join(fixtures, 'application_1538416563558_0014.lz4')),
      snappy: readFileSync(join(fixtures, 'application_1538416563558_0014.snappy')),
      lzf: readFileSync(join(fixtures, 'application_1538416563558_0014.lzf')),
    }
  : {};

/** The whole outcome of a read, as one comparable string: events and stats, or the error. */
async function outcome(bytes: Uint8Array, chunk = 1 << 14): Promise<string> {
  try {
    const { events, stats } = await collect(bytesSource('log', bytes, chunk));
    // bytesRead at a corrupt block depends on how far the chunks reached: progress, not result
    return JSON.stringify({ events, stats: { ...stats, bytesRead: undefined } });
  } catch (e) {
    if (!(e instanceof EventLogError)) throw e;
    return `error ${e.kind}: ${e.message}`;
  }
}

const runs = { numRuns: 25, seed: 20261205 };

describe.skipIf(!haveLogs)('damaged logs (fast-check)', () => {
  for (const [name, bytes] of Object.entries(samples)) {
    it(`${name}: cut at any byte, no crash, same result twice, a prefix of the whole log's events`, async () => {
      const whole = JSON.parse(await outcome(bytes)).events as unknown[];
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (at) => {
        const cut = bytes.subarray(0, at);
        const a = await outcome(cut);
        expect(await outcome(cut)).toBe(a);
        if (a.startsWith('error')) return;
        const { events, stats } = JSON.parse(a);
        expect(events).toEqual(whole.slice(0, events.length));
        if (at < bytes.length) expect(stats.complete).toBe(false);
      }), runs);
    });

    it(`${name}: random bytes flipped, no crash, same result twice`, async () => {
      await fc.assert(fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const bad = Uint8Array.from(bytes);
          for (const [at, x] of flips) bad[at]! ^= x;
          const a = await outcome(bad);
          expect(await outcome(bad, 997)).toBe(a); // and the chunking does not matter
        }), runs);
    });
  }

  it('plain: shuffled lines give the same events (as a multiset), whatever the chunking', async () => {
    const lines = new TextDecoder().decode(samples.plain).split('\n').filter((l) => l.trim());
    const sorted = (s: string) => (JSON.parse(s).events as unknown[]).map((e) => JSON.stringify(e)).sort();
    const base = sorted(await outcome(samples.plain!));
    await fc.assert(fc.asyncProperty(fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }), fc.integer({ min: 1, max: 5000 }),
      async (shuffled, chunk) => {
        const bytes = new TextEncoder().encode(shuffled.join('\n'));
        const a = await outcome(bytes, chunk);
        expect(await outcome(bytes, chunk)).toBe(a);
        expect(sorted(a)).toEqual(base);
      }), runs);
  });
});
