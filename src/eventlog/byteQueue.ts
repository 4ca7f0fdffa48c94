// Exact-size reads over a stream of chunks, for the framed codecs (lz4-java, snappy-java, lzf):
// their headers and blocks straddle the chunks a file stream hands out.

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  private size = 0;
  private done = false;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(input: AsyncIterable<Uint8Array>) {
    this.it = input[Symbol.asyncIterator]();
  }

  private push(c: Uint8Array): void {
    this.chunks.push(c);
    this.size += c.length;
  }

  /** Buffers at least n bytes unless the stream ends first; returns how many are buffered. */
  async fill(n: number): Promise<number> {
    while (this.size < n && !this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else if (r.value.length) this.push(r.value);
    }
    return this.size;
  }

  /** The first n buffered bytes (fewer at the end of the stream), left in the queue. */
  async peek(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const len = Math.min(n, this.size);
    const first = this.chunks[0];
    if (first && first.length - this.head >= len) return first.subarray(this.head, this.head + len);
    const out = new Uint8Array(len);
    let at = 0;
    for (let i = 0, off = this.head; at < len; i++, off = 0) {
      const c = this.chunks[i]!;
      const take = Math.min(len - at, c.length - off);
      out.set(c.subarray(off, off + take), at);
      at += take;
    }
    return out;
  }

  /** Exactly n bytes, or fewer at the end of the stream (a truncated tail). */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const len = Math.min(n, this.size);
    const first = this.chunks[0];
    if (first && first.length - this.head >= len) {
      const out = first.subarray(this.head, this.head + len);
      this.consume(len);
      return out;
    }
    const out = new Uint8Array(len);
    let at = 0;
    while (at < len) {
      const c = this.chunks[0]!;
      const take = Math.min(len - at, c.length - this.head);
      out.set(c.subarray(this.head, this.head + take), at);
      at += take;
      this.consume(take);
    }
    return out;
  }

  private consume(n: number): void {
    this.size -= n;
    this.head += n;
    while (this.chunks.length && this.head >= this.chunks[0]!.length) {
      this.head -= this.chunks[0]!.length;
      this.chunks.shift();
    }
  }

  /** The stream is finished and nothing is buffered. */
  async atEnd(): Promise<boolean> {
    return (await this.fill(1)) === 0;
  }

  /** Everything still to come, buffered bytes first (after a header has been read). */
  async *rest(): AsyncGenerator<Uint8Array> {
    while (this.chunks.length) {
      const c = this.chunks.shift()!;
      const out = c.subarray(this.head);
      this.head = 0;
      this.size -= out.length;
      if (out.length) yield out;
    }
    if (this.done) return;
    for (;;) {
      const r = await this.it.next();
      if (r.done) { this.done = true; return; }
      if (r.value.length) yield r.value;
    }
  }

  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }
}
