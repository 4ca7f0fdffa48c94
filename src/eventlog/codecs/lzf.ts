// Spark's `lzf` codec: compress-lzf's LZFOutputStream (LZFCompressionCodec): chunks "ZV" + type;
// type 0 stored [u16 BE length][data], type 1 compressed [u16 BE compressed][u16 BE original][data].
import type { ByteQueue } from '../byteQueue';
import { CorruptStreamError } from '../errors';

export async function* lzfStream(q: ByteQueue): AsyncGenerator<Uint8Array> {
  while (!(await q.atEnd())) {
    const h = await q.read(5);
    if (h.length < 5 || h[0] !== 0x5a || h[1] !== 0x56) throw new CorruptStreamError('lzf', 'bad chunk header');
    const first = (h[3]! << 8) | h[4]!;
    if (h[2] === 0) {
      const data = await q.read(first);
      if (data.length < first) throw new CorruptStreamError('lzf', 'truncated chunk');
      yield data.slice();
    } else if (h[2] === 1) {
      const o = await q.read(2);
      if (o.length < 2) throw new CorruptStreamError('lzf', 'truncated chunk header');
      const data = await q.read(first);
      if (data.length < first) throw new CorruptStreamError('lzf', 'truncated chunk');
      yield lzfDecodeChunk(data, (o[0]! << 8) | o[1]!);
    } else {
      throw new CorruptStreamError('lzf', 'unknown chunk type');
    }
  }
}

/** Decodes one LZF chunk whose decoded size is known; throws on any out-of-bounds reference. */
export function lzfDecodeChunk(src: Uint8Array, originalLen: number): Uint8Array {
  const dst = new Uint8Array(originalLen);
  let s = 0;
  let d = 0;
  while (s < src.length) {
    const ctrl = src[s++]!;
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (s + len > src.length || d + len > originalLen) throw new CorruptStreamError('lzf', 'literal out of bounds');
      dst.set(src.subarray(s, s + len), d);
      s += len;
      d += len;
      continue;
    }
    let len = ctrl >>> 5;
    if (len === 7) {
      if (s >= src.length) throw new CorruptStreamError('lzf', 'truncated back reference');
      len += src[s++]!;
    }
    if (s >= src.length) throw new CorruptStreamError('lzf', 'truncated back reference');
    let from = d - ((ctrl & 0x1f) << 8) - src[s++]! - 1;
    len += 2;
    if (from < 0 || d + len > originalLen) throw new CorruptStreamError('lzf', 'back reference out of bounds');
    for (const stop = d + len; d < stop; ) dst[d++] = dst[from++]!;
  }
  if (d !== originalLen) throw new CorruptStreamError('lzf', 'chunk shorter than its header says');
  return dst;
}
