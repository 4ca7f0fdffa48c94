// The streaming reader: parts -> codec (sniffed from the bytes) -> lines -> parsed events, in
// FILE order (the listener bus's order; sort by timestamps yourself). Memory is one decoded chunk,
// one codec block and the current line, whatever the log's size.
import { ByteQueue } from './byteQueue';
import { lz4BlockStream } from './codecs/lz4';
import { lzfStream } from './codecs/lzf';
import { SNIFF_BYTES, sniffCodec, type Codec } from './codecs/sniff';
import { snappyFramedStream, snappyJavaStream } from './codecs/snappy';
import { zstdStream } from './codecs/zstd';
import { gzipStream } from './codecs/gzip';
import { CorruptStreamError, EventLogError } from './errors';
import { LineSplitter } from './lines';
import type { EventLogPart, EventLogSource } from './source';

export type SparkEvent = Record<string, unknown> & { Event: string };

export interface ReadStats {
  /** non-blank lines seen */
  lines: number;
  /** events yielded */
  events: number;
  /** lines that are not a JSON object with an `Event` name (truncated, corrupt, too long) */
  skippedLines: number;
  /** an ApplicationEnd was read, no line was skipped and no part was cut short */
  complete: boolean;
  /** the parts' codecs in order of appearance, joined by '+' (e.g. 'zstd', 'gzip+plain') */
  codec: string;
  container: string;
  parts: number;
  /** compressed bytes read so far (against EventLogSource.totalBytes: progress) */
  bytesRead: number;
  /** parts whose compressed stream was corrupt or cut short (what was decoded before is kept) */
  truncatedParts: number;
  sawApplicationEnd: boolean;
}

export function newReadStats(): ReadStats {
  return { lines: 0, events: 0, skippedLines: 0, complete: false, codec: '', container: '', parts: 0, bytesRead: 0, truncatedParts: 0, sawApplicationEnd: false };
}

/** What the reader needs of an AbortSignal: a flag it reads between chunks. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface ReadOptions {
  signal?: CancelSignal;
}

/** Lines read without a single event before the reader calls the input "not an event log". */
const PROBE_LINES = 64;

export async function* readEvents(source: EventLogSource, stats: ReadStats, opts: ReadOptions = {}): AsyncGenerator<SparkEvent> {
  const { signal } = opts;
  const codecs: Codec[] = [];
  stats.container = source.container;
  stats.parts = source.parts.length;
  const batch: SparkEvent[] = [];
  const onLine = (text: string) => {
    if (isBlank(text)) return;
    stats.lines++;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      stats.skippedLines++;
      return;
    }
    if (typeof v !== 'object' || v === null || typeof (v as { Event?: unknown }).Event !== 'string') {
      stats.skippedLines++;
      return;
    }
    if ((v as SparkEvent).Event === 'SparkListenerApplicationEnd') stats.sawApplicationEnd = true;
    batch.push(v as SparkEvent);
  };

  for (const part of source.parts) {
    checkAbort(signal);
    const splitter = new LineSplitter();
    let any = false;
    for await (const chunk of decodePart(part, stats, signal)) {
      // also between decoded chunks: one compressed chunk can decode to tens of MB
      checkAbort(signal);
      if (!any) {
        any = true;
        if (!codecs.includes(stats.codec as Codec)) codecs.push(stats.codec as Codec);
      }
      splitter.push(chunk, onLine);
      if (batch.length) {
        stats.events += batch.length;
        yield* batch.splice(0);
      }
      probe(stats, part.name);
    }
    splitter.end(onLine);
    stats.skippedLines += splitter.oversized;
    stats.lines += splitter.oversized;
    stats.events += batch.length;
    yield* batch.splice(0);
    probe(stats, part.name);
    stats.codec = codecs.join('+');
  }
  if (stats.bytesRead === 0) throw new EventLogError('empty', `${source.name} is empty`);
  if (stats.events === 0) throw notALog(source.name);
  stats.complete = stats.sawApplicationEnd && stats.skippedLines === 0 && stats.truncatedParts === 0;
}

/**
 * The decoded bytes of one part; sets `stats.codec` to the part's codec once it is known. A corrupt
 * or cut compressed stream ends the part (counted in `stats.truncatedParts`) after what decoded.
 */
export async function* decodePart(part: EventLogPart, stats: ReadStats, signal?: CancelSignal): AsyncGenerator<Uint8Array> {
  const q = new ByteQueue(counted(part.open(), stats, signal));
  try {
    const head = await q.peek(SNIFF_BYTES);
    if (head.length === 0) return; // empty marker files, an empty rolled part
    const codec = sniffCodec(head);
    if (codec === 'zip') throw new EventLogError('unsupported', `${part.name} is a zip archive: not supported, unzip it first`);
    if (codec === 'binary') throw new EventLogError('binary', `${part.name} is not a Spark event log (binary content of no known codec)`);
    stats.codec = codec;
    try {
      yield* decode(codec, q);
    } catch (e) {
      if (!(e instanceof CorruptStreamError)) throw e;
      stats.truncatedParts++;
    }
  } finally {
    await q.close();
  }
}

function decode(codec: Codec, q: ByteQueue): AsyncIterable<Uint8Array> {
  switch (codec) {
    case 'zstd': return zstdStream(q.rest());
    case 'gzip': return gzipStream(q.rest());
    case 'lz4': return lz4BlockStream(q);
    case 'lzf': return lzfStream(q);
    case 'snappy': return snappyOrFramed(q);
    default: return q.rest();
  }
}

async function* snappyOrFramed(q: ByteQueue): AsyncGenerator<Uint8Array> {
  const magic = await q.read(8);
  // the framing format's stream identifier is 10 bytes; snappy-java's header 8 + two ints
  await q.read(magic[0] === 0xff ? 2 : 8);
  yield* (magic[0] === 0xff ? snappyFramedStream(q) : snappyJavaStream(q));
}

async function* counted(input: AsyncIterable<Uint8Array>, stats: ReadStats, signal: CancelSignal | undefined): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    checkAbort(signal);
    stats.bytesRead += chunk.length;
    yield chunk;
  }
}

function probe(stats: ReadStats, name: string): void {
  if (stats.events === 0 && stats.lines >= PROBE_LINES) throw notALog(name);
}

const notALog = (name: string) =>
  new EventLogError('not-a-log', `${name} is not a Spark event log (no line is a SparkListener event)`);

function checkAbort(signal: CancelSignal | undefined): void {
  if (signal?.aborted) throw new EventLogError('cancelled', 'reading the event log was cancelled');
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 13 && c !== 9) return false;
  }
  return true;
}
