// A growable list of int32, used as Spark's ArrayBuffer[Int] of pending task indices.
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  pop(): number {
    return this.data[--this.length];
  }

  clear(): void {
    this.length = 0;
  }
}
