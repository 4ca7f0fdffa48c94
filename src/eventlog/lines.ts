// Bytes -> lines: one streaming UTF-8 decode per chunk and a split on '\n' (JSON.parse ignores
// a trailing '\r'). A line longer than MAX_LINE_CHARS is dropped whole (counted by the caller),
// so a newline-free binary tail cannot make memory grow without bound.

export const MAX_LINE_CHARS = 1 << 27; // 128 Mi chars: far above Spark's longest lines (SQL plans of a few MB)

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  private dropping = false;
  /** lines dropped for their length */
  oversized = 0;

  /** Calls `line` for every complete line in the chunk. */
  push(chunk: Uint8Array, line: (text: string) => void): void {
    const text = this.decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      this.append(text);
      return;
    }
    if (this.dropping) {
      this.dropping = false;
    } else {
      line(this.carry ? this.carry + text.slice(0, nl) : text.slice(0, nl));
    }
    this.carry = '';
    start = nl + 1;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      line(text.slice(start, nl));
      start = nl + 1;
    }
    this.append(text.slice(start));
  }

  private append(s: string): void {
    if (this.dropping || !s) return;
    if (this.carry.length + s.length > MAX_LINE_CHARS) {
      this.carry = '';
      this.dropping = true;
      this.oversized++;
      return;
    }
    this.carry += s;
  }

  /** The last line of the part (no newline after it), if any. */
  end(line: (text: string) => void): void {
    const tail = this.decoder.decode();
    if (tail) this.append(tail);
    if (this.carry && !this.dropping) line(this.carry);
    this.carry = '';
    this.dropping = false;
  }
}
