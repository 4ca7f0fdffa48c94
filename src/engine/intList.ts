// A growable list of int32, used as Spark's ArrayBuffer[Int] of pending task indices.
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2 || 4);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  pop(): number {
    return this.data[--this.length];
  }

  /** Makes room for `n` more entries. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = new Int32Array(this.length + n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  clear(): void {
    this.length = 0;
  }
}
