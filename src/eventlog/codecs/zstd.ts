// Spark's `zstd` codec writes standard zstd frames (ZStdCompressionCodec, zstd-jni); Node 20's
// zlib has no zstd, so fzstd (pure JS, streaming; vendored with two fixes, see vendor/fzstd.mjs) decodes them a chunk at a time.
import { Decompress } from './vendor/fzstd.mjs';
import { CorruptStreamError } from '../errors';

const SLICE = 1 << 16;

export async function* zstdStream(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  // fzstd hands out views of its own buffers, overwritten by the next block: keep a copy
  const d = new Decompress((chunk) => { out.push(chunk.slice()); });
  for await (const chunk of input) {
    // a slice at a time: JSON compresses 20-40x, so a whole 1 MiB read would be decoded (and held)
    // as tens of MB before the reader sees any of it or can be cancelled
    for (let at = 0; at < chunk.length; at += SLICE) {
      try {
        d.push(chunk.subarray(at, at + SLICE));
      } catch (e) {
        yield* out.splice(0);
        throw new CorruptStreamError('zstd', e instanceof Error ? e.message : String(e));
      }
      if (out.length) yield* out.splice(0);
    }
  }
  try {
    d.push(new Uint8Array(0), true);
  } catch (e) {
    yield* out.splice(0);
    throw new CorruptStreamError('zstd', `truncated stream (${e instanceof Error ? e.message : String(e)})`);
  }
  yield* out.splice(0);
}
