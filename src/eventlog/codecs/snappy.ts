// Spark's `snappy` codec: snappy-java's SnappyOutputStream (SnappyCompressionCodec): the header
// "\x82SNAPPY\0" with two big-endian ints (version, compatible version), then blocks of a
// big-endian int length and raw snappy data. Concatenated streams repeat the header.
// Also read: the snappy framing format ("\xffsNaPpY" stream identifier), which other writers use.
import type { ByteQueue } from '../byteQueue';
import { CorruptStreamError } from '../errors';

export const SNAPPY_JAVA_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
export const SNAPPY_FRAMED_MAGIC = [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59];
const MAX_BLOCK = 1 << 27;

export async function* snappyJavaStream(q: ByteQueue): AsyncGenerator<Uint8Array> {
  while (!(await q.atEnd())) {
    const len4 = await q.read(4);
    if (len4.length < 4) throw new CorruptStreamError('snappy', 'truncated block length');
    if (len4[0] === 0x82 && len4[1] === 0x53 && len4[2] === 0x4e && len4[3] === 0x41) {
      const rest = await q.read(12); // "PPY\0" + version + compatible version of a concatenated stream
      if (rest.length < 12) throw new CorruptStreamError('snappy', 'truncated stream header');
      continue;
    }
    const len = new DataView(len4.buffer, len4.byteOffset, 4).getInt32(0, false);
    if (len < 0 || len > MAX_BLOCK) throw new CorruptStreamError('snappy', 'bad block length');
    const block = await q.read(len);
    if (block.length < len) throw new CorruptStreamError('snappy', 'truncated block');
    yield snappyDecodeBlock(block);
  }
}

/** The framing format: chunks of [type][3-byte LE length][data]; 0x00 compressed and 0x01 stored carry a 4-byte CRC first. */
export async function* snappyFramedStream(q: ByteQueue): AsyncGenerator<Uint8Array> {
  while (!(await q.atEnd())) {
    const h = await q.read(4);
    if (h.length < 4) throw new CorruptStreamError('snappy', 'truncated chunk header');
    const type = h[0]!;
    const len = h[1]! | (h[2]! << 8) | (h[3]! << 16);
    const data = await q.read(len);
    if (data.length < len) throw new CorruptStreamError('snappy', 'truncated chunk');
    if (type === 0x00) {
      if (len < 4) throw new CorruptStreamError('snappy', 'bad chunk');
      yield snappyDecodeBlock(data.subarray(4));
    } else if (type === 0x01) {
      if (len < 4) throw new CorruptStreamError('snappy', 'bad chunk');
      yield data.slice(4);
    } else if (type <= 0x7f) {
      throw new CorruptStreamError('snappy', 'unknown chunk type');
    } // 0x80-0xff (stream identifier, padding, skippable): nothing to decode
  }
}

/** Decodes one raw snappy block (varint length, then literals and copies); throws on any out-of-bounds reference. */
export function snappyDecodeBlock(src: Uint8Array): Uint8Array {
  let s = 0;
  let n = 0;
  for (let shift = 0; ; shift += 7) {
    if (s >= src.length || shift > 28) throw new CorruptStreamError('snappy', 'bad block length');
    const b = src[s++]!;
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (n > MAX_BLOCK) throw new CorruptStreamError('snappy', 'block too large');
  const dst = new Uint8Array(n);
  let d = 0;
  while (s < src.length) {
    const tag = src[s++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const bytes = len - 59;
        if (s + bytes > src.length) throw new CorruptStreamError('snappy', 'truncated literal length');
        len = 0;
        for (let i = 0; i < bytes; i++) len += src[s + i]! * 2 ** (8 * i);
        s += bytes;
      }
      len += 1;
      if (s + len > src.length || d + len > n) throw new CorruptStreamError('snappy', 'literal out of bounds');
      dst.set(src.subarray(s, s + len), d);
      s += len;
      d += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (s >= src.length) throw new CorruptStreamError('snappy', 'truncated copy');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[s++]!;
    } else if (kind === 2) {
      if (s + 2 > src.length) throw new CorruptStreamError('snappy', 'truncated copy');
      len = (tag >>> 2) + 1;
      offset = src[s]! | (src[s + 1]! << 8);
      s += 2;
    } else {
      if (s + 4 > src.length) throw new CorruptStreamError('snappy', 'truncated copy');
      len = (tag >>> 2) + 1;
      offset = (src[s]! | (src[s + 1]! << 8) | (src[s + 2]! << 16)) + src[s + 3]! * 2 ** 24;
      s += 4;
    }
    if (offset === 0 || offset > d || d + len > n) throw new CorruptStreamError('snappy', 'copy out of bounds');
    let from = d - offset;
    if (offset >= len) {
      dst.copyWithin(d, from, from + len);
      d += len;
    } else {
      for (const stop = d + len; d < stop; ) dst[d++] = dst[from++]!;
    }
  }
  if (d !== n) throw new CorruptStreamError('snappy', 'block shorter than its header says');
  return dst;
}
