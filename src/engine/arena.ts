// A bump allocator of typed arrays: views of one buffer instead of an ArrayBuffer each. A typed
// array above 64 bytes has its memory outside V8's heap, and each fresh buffer costs thousands of
// instructions to make and to free; a fork made seven of them for its clones of the attempt log
// and the event queue and its copies of small typed arrays (fork.ts, issue #17).

/** the room given to a region: 8-byte aligned, so that any typed array may start there */
export const aligned = (bytes: number): number => (bytes + 7) & ~7;

export class Arena {
  /** the current chunk: a region taken last is in it */
  buffer: ArrayBuffer | null = null;
  private used = 0;
  /** the bytes taken since the last reuse, in every chunk: the next fork's first chunk has room for as many */
  private taken = 0;
  /** reuse() counts: a view taken before the last reuse may now be another's (its owner must be done with it) */
  generation = 0;

  /** `first`: the first chunk's bytes (made when first taken from); later chunks `chunk` (or a region's size) */
  constructor(private first: number, private readonly chunk: number) {}

  /**
   * Every region given again, zeroed as new buffers are, from a chunk of `first` bytes or more:
   * for the next fork of a sweep, once the last one is done (analysis/sweep.ts). A fresh buffer
   * of a fork's 20-30 kB was about 2 % of a sweep (issue #17).
   */
  reuse(first: number): void {
    this.generation++;
    // (a fork that ran past its first chunk took a fresh one, and the next fork as many again:
    // the first chunk grows to what a fork of the sweep took, issue #17)
    first = Math.max(first, this.taken);
    this.taken = 0;
    if (this.buffer !== null && this.buffer.byteLength >= first) new Uint8Array(this.buffer, 0, this.used).fill(0);
    else {
      this.buffer = null;
      this.first = first;
    }
    this.used = 0;
  }

  /** A region of `bytes` bytes in `this.buffer` (zeroed, as a new buffer is): its offset. */
  take(bytes: number): number {
    const at = this.used;
    const room = aligned(bytes);
    this.taken += room;
    if (this.buffer !== null && at + room <= this.buffer.byteLength) {
      this.used = at + room;
      return at;
    }
    // (a region that does not fit leaves the old chunk to the views taken before)
    this.buffer = new ArrayBuffer(Math.max(room, this.buffer === null ? this.first : this.chunk));
    this.used = room;
    return 0;
  }

  /** A zeroed Int32Array of `n` entries, a region of this arena. */
  ints(n: number): Int32Array {
    const at = this.take(4 * n);
    return new Int32Array(this.buffer!, at, n);
  }

  /** A zeroed Float64Array of `n` entries, a region of this arena. */
  floats(n: number): Float64Array {
    const at = this.take(8 * n);
    return new Float64Array(this.buffer!, at, n);
  }

  /** A copy of the first `n` entries of `a` (all of it by default), same type. */
  copy<T extends Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Float64Array>(a: T, n = a.length): T {
    const at = this.take(n * a.BYTES_PER_ELEMENT);
    const c = new (a.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(this.buffer!, at, n);
    c.set(n === a.length ? a : a.subarray(0, n));
    return c;
  }
}

/** V8 keeps a typed array of up to this many bytes on its heap: as cheap as a small object */
const ON_HEAP = 64;

/**
 * A zeroed Int32Array of `n` entries: a region of `arena` (a fork's, fork.ts ForkPoint) when there
 * is one and the array would be off V8's heap, else a new one. Each new typed array above 64 bytes
 * is a buffer of its own outside the heap, malloc'd and later freed by V8's array-buffer sweeper,
 * 1.3-2.3 us each here: about 500 of a sweep's forks made one (issue #17). An arena's region lives
 * as long as the fork that took it: only for arrays that no one keeps beyond it.
 */
export function freshInts(arena: Arena | null, n: number): Int32Array {
  return arena === null || 4 * n <= ON_HEAP ? new Int32Array(n) : arena.ints(n);
}

/** freshInts' Float64Array. */
export function freshFloats(arena: Arena | null, n: number): Float64Array {
  return arena === null || 8 * n <= ON_HEAP ? new Float64Array(n) : arena.floats(n);
}
