// What the reader reads: a log is one or more parts (a rolling directory's `events_N_*` files, a
// Databricks rollover's `eventlog-*` then `eventlog`), each a stream of bytes opened only when the
// reader gets to it, so a directory never holds more than one open file.

export type Container = 'file' | 'rolling' | 'databricks' | 'legacy' | 'memory';

export interface EventLogPart {
  name: string;
  /** size in bytes when known (progress) */
  size?: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface EventLogSource {
  /** the file or directory name, for messages */
  name: string;
  container: Container;
  parts: EventLogPart[];
  /** sum of the parts' sizes when known: with ReadStats.bytesRead it gives the progress */
  totalBytes?: number;
}

/** A log held in memory (tests, the editor's open document), cut into chunks as a file stream would be. */
export function bytesSource(name: string, bytes: Uint8Array | Uint8Array[], chunkSize = 1 << 16): EventLogSource {
  const list = Array.isArray(bytes) ? bytes : [bytes];
  const parts = list.map((b, i): EventLogPart => ({
    name: list.length === 1 ? name : `${name}#${i + 1}`,
    size: b.length,
    async *open() {
      for (let at = 0; at < b.length; at += chunkSize) yield b.subarray(at, Math.min(b.length, at + chunkSize));
    },
  }));
  return { name, container: list.length === 1 ? 'file' : 'memory', parts, totalBytes: list.reduce((n, b) => n + b.length, 0) };
}
