// Seeded pseudo-random numbers. Every random choice of a run goes through one of these
// generators, so the same file and `seed` give the same result bit for bit.

const GOLDEN = 0x9e3779b9;
/**
 * draws a call of Random.fillInts when a stage's durations are drawn (fillDurations): a chunk's call
 * ends before V8's next budget tick, so it is compiled once, whole (4,096 and 512 were compiled
 * on stack replacement too, issue #17)
 */
export const FILL_CHUNK = 128;

/**
 * Every seed part moves the splitmix32 counter by part + golden ratio (the parts' own outputs are
 * not used: the state is mixed only from the counter's later values, below), a seed being two
 * parts, its low and high 32 bits; nearby seeds still give unrelated streams.
 */
function addSeed(h: number, s: number): number {
  return (h + (s | 0) + GOLDEN + (Math.floor(s / 4294967296) | 0) + GOLDEN) | 0;
}

function splitmix32(h: number): number {
  let z = h;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32: small, fast, 32-bit state, good statistical quality; deterministic across platforms. */
export class Random {
  /**
   * The state a, b, c, d as int32 (the same bits for every operation below). In a typed array
   * rather than four fields: a draw loads and stores them as plain int32, where the fields' small
   * integers were tagged and untagged at every access (a draw 0.65x the instructions, issue #17).
   * A fork copies the array with the generator (fork.ts copies typed arrays). Read by
   * workload.ts's sampleFew, which steps it as nextI32 does with the four words in locals.
   */
  readonly s = new Int32Array(4);

  constructor(...seeds: number[]) {
    let h = GOLDEN;
    for (let i = 0; i < seeds.length; i++) h = addSeed(h, seeds[i]);
    this.start(h);
  }

  /**
   * The state of `new Random(s1, s2)`, without a new generator: for a draw per received block
   * (blockGenerator.ts), where a generator each, with its rest arguments, was garbage (issue #17).
   */
  reseed2(s1: number, s2: number): void {
    this.start(addSeed(addSeed(GOLDEN, s1), s2));
  }

  /** The state from the splitmix32 counter's next four values. */
  private start(h: number): void {
    // (stored as int32: the same bits for every operation below; an Int32Array element write
    // wraps as `| 0` does)
    const s = this.s;
    h = (h + 1 + GOLDEN) | 0;
    s[0] = splitmix32(h);
    h = (h + 2 + GOLDEN) | 0;
    s[1] = splitmix32(h);
    h = (h + 3 + GOLDEN) | 0;
    s[2] = splitmix32(h);
    h = (h + 4 + GOLDEN) | 0;
    s[3] = splitmix32(h);
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    return this.nextI32() >>> 0;
  }

  /** nextU32's bits as an int32: a small integer, where a uint32 above 2^31 passed on would be a boxed number */
  nextI32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** uniform integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * out[k] = min + int(span) for every k of [from, to) in turn: the same draws, with the four words
   * in locals and written back once a call (a loop of int() read and wrote the state array eight
   * times a draw: a count stage's uniform durations, issue #17). fillDurations calls it a chunk
   * (FILL_CHUNK draws) at a time: one long loop was compiled on stack replacement and again whole
   * for the next stage, where a chunk's call is compiled once.
   */
  fillInts(out: Uint16Array | Int32Array, min: number, span: number, from = 0, to = out.length): void {
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    for (let k = from; k < to; k++) {
      // (nextI32's step)
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[k] = min + Math.floor(((t >>> 0) / 4294967296) * span);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
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
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    for (let n = count - 1; n >= 1; n--) {
      // (int(n + 1): nextI32's step)
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const k = Math.floor(((t >>> 0) / 4294967296) * (n + 1));
      const x = xs[n];
      xs[n] = xs[k];
      xs[k] = x;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }
}

const FNV_OFFSET = 0x811c9dc5;

/** A stable 32-bit hash of a string, to derive per-stage random streams from names. */
export function hashString(s: string): number {
  return hashMore(FNV_OFFSET, s) >>> 0;
}

/**
 * FNV-1a is sequential: the hash of a + b is the state after `a` continued with `b`. The state
 * (an int32; hashString gives it as unsigned) after `s`, from `h` (FNV_OFFSET for the empty string).
 */
export function hashMore(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** hashMore(h, String(n)) without the string for a non-negative int32 (the digits, most significant first). */
export function hashMoreInt(h: number, n: number): number {
  if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) return hashMore(h, String(n));
  let p = 1;
  while (p * 10 <= n) p *= 10;
  for (; p >= 1; p /= 10) h = Math.imul(h ^ (48 + (Math.floor(n / p) % 10)), 0x01000193);
  return h | 0;
}

export const HASH_START = FNV_OFFSET;
