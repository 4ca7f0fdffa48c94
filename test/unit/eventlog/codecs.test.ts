// The codecs on what Spark writes: lz4/snappy/lzf fixtures made by the Java libraries Spark's
// CompressionCodec uses (scripts/eventlog-fixtures/MakeCodecFixtures.java) from a real log, decoded
// back to that log byte for byte; zstd checked against the zstd CLI; gzip against node's zlib.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bytesSource, newReadStats } from '../../../src/eventlog';
import { decodePart } from '../../../src/eventlog/reader';
import { lz4DecodeBlock } from '../../../src/eventlog/codecs/lz4';
import { snappyDecodeBlock } from '../../../src/eventlog/codecs/snappy';
import { lzfDecodeChunk } from '../../../src/eventlog/codecs/lzf';
import { CorruptStreamError } from '../../../src/eventlog/errors';
import { openEventLog } from '../../../src/eventlog/fsSource';
import { collect, fixtures, haveLogs, logsRoot } from './helpers';

const SOURCE = 'spark/spark-events-removed-from-master/application_1538416563558_0014';

async function decoded(bytes: Uint8Array, chunk: number) {
  const stats = newReadStats();
  const out: Uint8Array[] = [];
  // a misleading name: the codec must come from the bytes
  for await (const c of decodePart(bytesSource('events.json', bytes, chunk).parts[0]!, stats)) out.push(c.slice());
  return { bytes: Buffer.concat(out), stats };
}

describe.skipIf(!haveLogs)('Spark codecs, as Spark writes them', () => {
  const plain = haveLogs ? readFileSync(join(logsRoot, SOURCE)) : Buffer.alloc(0);
  for (const [file, codec] of [['lz4', 'lz4'], ['snappy', 'snappy'], ['framed.snappy', 'snappy'], ['lzf', 'lzf']] as const) {
    for (const chunk of [7, 1 << 16]) {
      it(`${file} (lz4-java / snappy-java / compress-lzf output) decodes to the original log, in chunks of ${chunk} bytes`, async () => {
        const { bytes, stats } = await decoded(readFileSync(join(fixtures, `application_1538416563558_0014.${file}`)), chunk);
        expect(stats.codec).toBe(codec);
        expect(stats.truncatedParts).toBe(0);
        expect(bytes.equals(plain)).toBe(true);
      });
    }
  }

  it('zstd with a 128 MiB window decodes to what the zstd CLI gives (md5 of `zstd -dc`)', async () => {
    const file = join(logsRoot, 'spark-rapids-tools/spark-events-qualification/nds_q88_photon_db_13_3.zstd');
    const stats = newReadStats();
    const md5 = createHash('md5');
    let n = 0;
    for await (const c of decodePart((await openEventLog(file)).parts[0]!, stats)) { md5.update(c); n += c.length; }
    expect(n).toBe(142361502);
    expect(md5.digest('hex')).toBe('3dfc97adbc93fe67aae057dc43f00665');
  });

  it('gzip decodes to the original, and a log read through gzip gives the same events', async () => {
    const { bytes, stats } = await decoded(gzipSync(plain), 4096);
    expect(stats.codec).toBe('gzip');
    expect(bytes.equals(plain)).toBe(true);
    const a = await collect(bytesSource('a', gzipSync(plain)));
    const b = await collect(bytesSource('b', plain));
    expect(a.events).toEqual(b.events);
  });

  it('a compressed log cut in the middle keeps the events before the cut and says it is incomplete', async () => {
    const whole = await collect(bytesSource('x', plain));
    for (const file of ['lz4', 'snappy', 'lzf']) {
      const bytes = readFileSync(join(fixtures, `application_1538416563558_0014.${file}`));
      const cut = await collect(bytesSource('x', bytes.subarray(0, bytes.length >> 1)));
      expect(cut.stats.truncatedParts).toBe(1);
      expect(cut.stats.complete).toBe(false);
      expect(cut.events.length).toBeGreaterThan(whole.events.length / 4);
      expect(cut.events.length).toBeLessThan(whole.events.length);
      expect(cut.events).toEqual(whole.events.slice(0, cut.events.length));
    }
  });
});

describe('block decoders on hand-made blocks', () => {
  it('lz4: literals, then an overlapping match that repeats them (format doc: offset < length copies a pattern)', () => {
    // token 0x30 | 0x02: 3 literals "abc", offset 3, match length 2 + 4 = 6; last sequence: 0x10, 1 literal "!"
    const block = Uint8Array.from([0x32, 0x61, 0x62, 0x63, 0x03, 0x00, 0x10, 0x21]);
    expect(new TextDecoder().decode(lz4DecodeBlock(block, 10))).toBe('abcabcabc!');
  });

  it('snappy: varint length, a literal, a 1-byte-offset copy', () => {
    // length 8; literal tag (3 << 2) = 4 bytes "abcd"; copy-1 tag: len 4 -> ((4 - 4) << 2) | 1, offset 4
    const block = Uint8Array.from([0x08, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04]);
    expect(new TextDecoder().decode(snappyDecodeBlock(block))).toBe('abcdabcd');
  });

  it('lzf: a literal run then a back reference (len 3 -> ctrl (1 << 5), offset 2 - 1)', () => {
    const chunk = Uint8Array.from([0x01, 0x78, 0x79, 0x20, 0x01]);
    expect(new TextDecoder().decode(lzfDecodeChunk(chunk, 5))).toBe('xyxyx');
  });

  it('references before the start or past the end throw CorruptStreamError, never a RangeError', () => {
    expect(() => lz4DecodeBlock(Uint8Array.from([0x10, 0x61, 0x09, 0x00]), 10)).toThrow(CorruptStreamError);
    expect(() => snappyDecodeBlock(Uint8Array.from([0x08, 0x01, 0x09]))).toThrow(CorruptStreamError);
    expect(() => lzfDecodeChunk(Uint8Array.from([0x20, 0x05]), 3)).toThrow(CorruptStreamError);
    expect(() => lz4DecodeBlock(Uint8Array.from([0xf0]), 100)).toThrow(CorruptStreamError);
  });
});
