// Seeded pseudo-random numbers. Every random choice of a run goes through one of these
// generators, so the same file and `seed` give the same result bit for bit.

/** sfc32: small, fast, 32-bit state, good statistical quality; deterministic across platforms. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    // Mix every seed part into the state with splitmix32 so nearby seeds give unrelated streams.
    let h = 0x9e3779b9;
    const mix = (x: number) => {
      h = (h + x + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (const s of seeds) mix(s | 0), mix(Math.floor(s / 4294967296) | 0);
    // (as int32: the same bits for every operation below, and small integers from the start, so
    // the state fields keep one representation; a uint32 above 2^31 is a boxed double, issue #17)
    this.a = mix(1) | 0;
    this.b = mix(2) | 0;
    this.c = mix(3) | 0;
    this.d = mix(4) | 0;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** standard normal (Box-Muller; one draw per call keeps the stream simple to reason about) */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher-Yates, the same walk as scala.util.Random.shuffle (from the end down to 1). */
  shuffle<T>(xs: T[]): void {
    for (let n = xs.length - 1; n >= 1; n--) {
      const k = this.int(n + 1);
      const t = xs[n];
      xs[n] = xs[k];
      xs[k] = t;
    }
  }

  /** shuffle of the first `count` entries of an int array (the same draws and walk). */
  shuffleInts(xs: Int32Array, count: number): void {
    for (let n = count - 1; n >= 1; n--) {
      const k = this.int(n + 1);
      const t = xs[n];
      xs[n] = xs[k];
      xs[k] = t;
    }
  }
}

/** A stable 32-bit hash of a string, to derive per-stage random streams from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
