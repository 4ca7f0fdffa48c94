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
    if (this.buffer !== null && at + room <= this.buffer.byteLength) {
      this.used = at + room;
      return at;
    }
    // (a region that does not fit leaves the old chunk to the views taken before)
    this.buffer = new ArrayBuffer(Math.max(room, this.buffer === null ? this.first : this.chunk));
    this.used = room;
    return 0;
  }

  /** A copy of the first `n` entries of `a` (all of it by default), same type. */
  copy<T extends Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Float64Array>(a: T, n = a.length): T {
    const at = this.take(n * a.BYTES_PER_ELEMENT);
    const c = new (a.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(this.buffer!, at, n);
    c.set(n === a.length ? a : a.subarray(0, n));
    return c;
  }
}
