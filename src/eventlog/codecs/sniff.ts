// Which codec a part is written with, from its first bytes (names lie: a `.zstd` suffix is only
// a convention, and Databricks parts are gzip or plain under the same prefix).
import { LZ4_MAGIC } from './lz4';
import { SNAPPY_FRAMED_MAGIC, SNAPPY_JAVA_MAGIC } from './snappy';

export type Codec = 'plain' | 'zstd' | 'lz4' | 'snappy' | 'lzf' | 'gzip' | 'zip' | 'binary';

/** Bytes the sniffer wants to see (fewer only at the end of a short part). */
export const SNIFF_BYTES = 512;

const startsWith = (b: Uint8Array, magic: number[]) => b.length >= magic.length && magic.every((m, i) => b[i] === m);

export function sniffCodec(b: Uint8Array): Codec {
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  // a zstd skippable frame (0x184D2A5?) may precede the data frames
  if (b.length >= 4 && (b[0]! & 0xf0) === 0x50 && b[1] === 0x2a && b[2] === 0x4d && b[3] === 0x18) return 'zstd';
  if (startsWith(b, LZ4_MAGIC)) return 'lz4';
  if (startsWith(b, SNAPPY_JAVA_MAGIC) || startsWith(b, SNAPPY_FRAMED_MAGIC)) return 'snappy';
  if (startsWith(b, [0x5a, 0x56]) && (b[2] === 0 || b[2] === 1)) return 'lzf';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return looksLikeText(b) ? 'plain' : 'binary';
}

/** Text: no NUL and few control bytes; UTF-8 multi-byte sequences (>= 0x80) are text too. */
function looksLikeText(b: Uint8Array): boolean {
  let control = 0;
  const n = Math.min(b.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control * 20 <= n;
}
