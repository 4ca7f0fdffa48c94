// A growable list of int32, used as Spark's ArrayBuffer[Int] of pending task indices.
// A fork's copy shares the buffer until either side writes (copy on write): most pending lists
// of a task set are only popped, or not touched at all, before a fork's fault has recovered.
/** A buffer of no entries, shared and never written (V8 gives even an empty typed array a backing store of its own). */
export const NO_INTS = new Int32Array(0);

/** lists up to this long are copied entry by entry (IntList.unshare) */
const SHORT = 64;

export class IntList {
  private buf: Int32Array;
  /**
   * What a push may fill with no copy: the buffer's length while the list owns it, -1 while the
   * buffer is shared with a fork (or its base), so that push tests one field.
   */
  private writable: number;
  length: number;

  /**
   * The first `length` entries of `buf` (`writable` as the field); lists are made by sized(),
   * over() and forkCopy(). (Three stores and no default: at a hang's detection the constructor
   * runs interpreted once per host list first asked for, 1,532 times in the 600 k run, and V8
   * compiles a function of under 81 bytes of bytecode at its first budget tick, about 67 KB of
   * bytecode run in it: at its former 60 bytes it was compiled, to be inlined by nothing, issue #17.)
   */
  constructor(buf: Int32Array, length: number, writable: number) {
    this.buf = buf;
    this.writable = writable;
    this.length = length;
  }

  /** An empty list with room for `capacity` (0: a list whose buffer comes later, or that is seldom used). */
  static sized(capacity = 4): IntList {
    // (a zero-length typed array costs a backing store of its own, and nothing writes to this one)
    return new IntList(capacity === 0 ? NO_INTS : new Int32Array(capacity), 0, capacity);
  }

  /**
   * A full list over `buf` (its entries are written by the caller; `shared`: others hold it too).
   * Without a throwaway buffer: an empty Int32Array per list was a fifth of a micro-batch
   * query's run (a task set per stage, two lists per executor).
   */
  static over(buf: Int32Array, shared = false): IntList {
    return new IntList(buf, buf.length, shared ? -1 : buf.length);
  }

  /**
   * Takes `buf` as its entries: its first `length` (all of it unless given; the rest is room to
   * grow). `shared`: others hold it too, copied before a write.
   */
  adopt(buf: Int32Array, shared = false, length = buf.length): void {
    this.buf = buf;
    this.writable = shared ? -1 : buf.length;
    this.length = length;
  }

  /** The buffer, for code that reads and writes entries directly (made private to this list first). */
  get data(): Int32Array {
    if (this.writable < 0) this.unshare(this.buf.length);
    return this.buf;
  }

  set data(d: Int32Array) {
    this.buf = d;
    this.writable = d.length;
  }

  push(x: number): void {
    // (the copy or growth a method of its own: a push small enough for V8 to inline into the
    // stats log's per-attempt calls; one test, and under 48 bytes of bytecode: the 1,399 pushes
    // of the 600 k run, most at the hang's re-queue, ran it interpreted past one budget tick, and
    // it was compiled alone, issue #17)
    if (this.length >= this.writable) this.room();
    this.buf[this.length++] = x;
  }

  /** push's copy before a write, doubled when full. */
  private room(): void {
    this.unshare(this.length === this.buf.length ? this.buf.length * 2 || 4 : this.buf.length);
  }

  /** Entry k (a read: the buffer stays shared). */
  at(k: number): number {
    return this.buf[k];
  }

  pop(): number {
    return this.buf[--this.length];
  }

  /** Makes room for `n` more entries. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length && this.writable >= 0) return;
    this.unshare(Math.max(this.length + n, this.buf.length));
  }

  clear(): void {
    this.length = 0;
  }

  /** A copy for a fork: both lists share the buffer until one of them writes. */
  forkCopy(): IntList {
    // (by the constructor: one hidden class for both; an Object.create and three stores gave
    // the forks' lists a second one, issue #17)
    this.writable = -1;
    return new IntList(this.buf, this.length, -1);
  }

  private unshare(capacity: number): void {
    const b = new Int32Array(capacity);
    const from = this.buf;
    const n = this.length;
    // (a short list entry by entry: the subarray view to copy it from cost more than the copy,
    // and a sweep's forks copy a pending list at each re-queued task, issue #17)
    if (n <= SHORT) for (let i = 0; i < n; i++) b[i] = from[i];
    else b.set(from.subarray(0, n));
    this.buf = b;
    this.writable = capacity;
  }
}

/** Removes x from a short list of distinct numbers (order not kept: the last entry takes its place). */
export function removeItem(xs: number[], x: number): void {
  // (a loop, not indexOf: the lists are a few entries long)
  const n = xs.length;
  for (let k = 0; k < n; k++) {
    if (xs[k] === x) {
      xs[k] = xs[n - 1];
      xs.pop();
      return;
    }
  }
}

/**
 * The list of a run's state while it has no entry (a fault's data losses, aborted jobs, stages
 * waiting for a resubmit, a pending level's keys...): one array shared by every run and fork,
 * never written, so a fork shares it with its base (fork.ts) instead of copying an empty array per
 * list: about ten of a streaming fork's ~150 copies, and most levels of every task set (issue #17).
 * A writer appends with `appended`, or takes a list of its own first, which replaces it.
 */
export const NONE: never[] = [];

/**
 * An empty list of a sweep's record (its waited tasks, holders, lost receivers or blocks): one
 * array for every record, frozen (a consumer that pushes into a record's list fails, instead of
 * writing every record's). Most of a sweep's records are crashes known without a fork, kept to
 * the sweep's end with no entry in any of their four or five lists: those empty lists were most
 * of the records' bytes and of what the sweep's young collections copied of them (issue #17).
 */
export const NO_ENTRIES: never[] = Object.freeze([]) as never[];

/** `list` with `x` appended: in place, or a list of its own in place of NONE. */
export function appended<T>(list: T[], x: T): T[] {
  if (list === NONE) return [x];
  list.push(x);
  return list;
}
