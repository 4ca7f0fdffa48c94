// Spark's `lz4` codec: lz4-java's LZ4BlockOutputStream (LZ4CompressionCodec), not the LZ4 frame
// format. Each block: "LZ4Block" magic, a token (method in the high nibble: 0x10 stored, 0x20
// LZ4), compressed and original lengths and an xxhash32 checksum (little-endian ints), then the
// data; a block with original length 0 ends a stream, and another stream may follow.
// The checksum is not verified: a corrupt block almost always fails the block decoder's bounds
// checks or the JSON parse of its lines, which the reader counts.
import type { ByteQueue } from '../byteQueue';
import { CorruptStreamError } from '../errors';

export const LZ4_MAGIC = [0x4c, 0x5a, 0x34, 0x42, 0x6c, 0x6f, 0x63, 0x6b]; // "LZ4Block"
const HEADER = 21;
const MAX_BLOCK = 1 << 25; // lz4-java's block size is at most 32 MB

export async function* lz4BlockStream(q: ByteQueue): AsyncGenerator<Uint8Array> {
  while (!(await q.atEnd())) {
    const h = await q.read(HEADER);
    if (h.length < HEADER) throw new CorruptStreamError('lz4', 'truncated block header');
    for (let i = 0; i < 8; i++) if (h[i] !== LZ4_MAGIC[i]) throw new CorruptStreamError('lz4', 'bad block magic');
    const method = h[8]! & 0xf0;
    const view = new DataView(h.buffer, h.byteOffset, HEADER);
    const compressedLen = view.getInt32(9, true);
    const originalLen = view.getInt32(13, true);
    if (originalLen === 0 && compressedLen === 0) continue; // end of one stream
    if (compressedLen < 0 || originalLen < 0 || originalLen > MAX_BLOCK || compressedLen > MAX_BLOCK) {
      throw new CorruptStreamError('lz4', 'bad block lengths');
    }
    const data = await q.read(compressedLen);
    if (data.length < compressedLen) throw new CorruptStreamError('lz4', 'truncated block');
    if (method === 0x10) {
      if (compressedLen !== originalLen) throw new CorruptStreamError('lz4', 'bad stored block');
      yield data.slice();
    } else if (method === 0x20) {
      yield lz4DecodeBlock(data, originalLen);
    } else {
      throw new CorruptStreamError('lz4', 'unknown block method');
    }
  }
}

/** Decodes one raw LZ4 block whose decoded size is known; throws on any out-of-bounds reference. */
export function lz4DecodeBlock(src: Uint8Array, originalLen: number): Uint8Array {
  const dst = new Uint8Array(originalLen);
  let s = 0;
  let d = 0;
  const end = src.length;
  for (;;) {
    if (s >= end) throw new CorruptStreamError('lz4', 'block ends inside a sequence');
    const token = src[s++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        if (s >= end) throw new CorruptStreamError('lz4', 'bad literal length');
        b = src[s++]!;
        lit += b;
      } while (b === 255);
    }
    if (s + lit > end || d + lit > originalLen) throw new CorruptStreamError('lz4', 'literals out of bounds');
    dst.set(src.subarray(s, s + lit), d);
    s += lit;
    d += lit;
    if (s === end) break; // the last sequence has literals only
    if (s + 2 > end) throw new CorruptStreamError('lz4', 'truncated match offset');
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (offset === 0 || offset > d) throw new CorruptStreamError('lz4', 'bad match offset');
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (s >= end) throw new CorruptStreamError('lz4', 'bad match length');
        b = src[s++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (d + len > originalLen) throw new CorruptStreamError('lz4', 'match out of bounds');
    let from = d - offset;
    if (offset >= len) {
      dst.copyWithin(d, from, from + len);
      d += len;
    } else {
      for (const stop = d + len; d < stop; ) dst[d++] = dst[from++]!; // overlapping copy repeats a pattern
    }
  }
  if (d !== originalLen) throw new CorruptStreamError('lz4', 'block shorter than its header says');
  return dst;
}
