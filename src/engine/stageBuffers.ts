// Per-task arrays of short jobs that repeat (streaming batches, query micro-batches): a backing
// store per typed array was most of a short batch's cost (issue #17), so their stages carve
// their arrays from chunks shared by consecutive batches, and arrays that are the same for every
// batch are shared.

/** the chunk size: some 8 query batches of 264 tasks, 20 streaming batches of the bench's size */
const CHUNK_BYTES = 64 * 1024;

/**
 * The chunks the stages of a run's batches carve their arrays from. Batches live as long as the
 * run, so a chunk is never freed early. A run shares its chunks with its forks (fork.ts,
 * StreamingContext and StreamingQueryManager.sharedWithForks): each carves regions of its own from
 * the one buffer, where a chunk per fork cost the sweep a 64 kB buffer per fork (issue #17).
 */
export class StageChunks {
  private buf: ArrayBuffer | null = null;
  private used = 0;

  /** `bytes` (8-aligned) no other caller gets. */
  carve(bytes: number): { buf: ArrayBuffer; at: number } {
    if (this.buf === null || this.used + bytes > this.buf.byteLength) {
      this.buf = new ArrayBuffer(Math.max(CHUNK_BYTES, bytes));
      this.used = 0;
    }
    const at = this.used;
    this.used += (bytes + 7) & ~7;
    return { buf: this.buf, at };
  }

  /** `values` as an Int32Array of a region no other caller gets. */
  ints(values: readonly number[]): Int32Array {
    const { buf, at } = this.carve(4 * values.length);
    const out = new Int32Array(buf, at, values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
}

/**
 * Memory a run has written and reads no more, for the per-task state of the stages it submits
 * later (stateOnSubmit): the scan stage's host lists (PendingLists.gaps, 2.2 MB at 600 k tasks)
 * once its task set has launched every task (the level's lists are dropped then). Its pages are touched already, where a stage's fresh state had
 * each of its pages first touched, at some 13 us here (issue #17). A run's own, by its cluster: a
 * fork's copy is another object, so a fork never carves from its base's.
 */
const spares = new WeakMap<object, { buf: ArrayBuffer; at: number }>();

/** `buf` is the run's to reuse (nothing reads it any more). */
export function giveSpare(run: object, buf: ArrayBuffer): void {
  const s = spares.get(run);
  if (s === undefined || buf.byteLength > s.buf.byteLength - s.at) spares.set(run, { buf, at: 0 });
}

/** `bytes` (a multiple of 8) of zeros: of the run's spare memory when it has them, else fresh. */
export function zeroed(run: object, bytes: number): { buf: ArrayBuffer; at: number } {
  const s = spares.get(run);
  if (s === undefined || s.at + bytes > s.buf.byteLength) return { buf: new ArrayBuffer(bytes), at: 0 };
  const at = s.at;
  s.at += bytes;
  new Uint8Array(s.buf, at, bytes).fill(0);
  return { buf: s.buf, at };
}

/** No input bytes for any task (taskInput reads a one-value array as every task's): shared, never written. */
export const NO_INPUT = new Float64Array(1);
/** No preference: shared, never written (V8 gives even an empty typed array a backing store of its own). */
export const NO_PREFS = new Int32Array(0);
/** noPrefStart's arrays by task count (a few sizes repeat batch after batch) */
const zeros = new Map<number, Int32Array>();

/**
 * n + 1 zeros: the preferences of n tasks until the scheduler fills them (shared, never written).
 * The same array for the same n: a query's task sets reuse the pending lists of the last one with
 * the same preference arrays (taskSetTemplates.ts).
 */
export function noPrefStart(n: number): Int32Array {
  let z = zeros.get(n);
  if (z === undefined) {
    if (zeros.size >= 64) zeros.clear();
    zeros.set(n, (z = new Int32Array(n + 1)));
  }
  return z;
}
