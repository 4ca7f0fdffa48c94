// A lognormal task duration from its two uniform draws, as the format defines it (Box-Muller):
// round(median * exp(sigma * sqrt(-2 ln u) * cos(2 pi v))), u = 1 - k1 / 2^32, v = k2 / 2^32,
// k1 and k2 the generator's next two outputs (Random.nextI32: int32, the bits of nextU32).
//
// `lognormalExact` is that expression with Math.cos, Math.exp and Math.round: the definition,
// which every result must equal bit for bit. Those calls are most of a draw (Math.cos alone about
// 22 ns on this machine), and a 2.4 M-task job draws 1.44 M of them (issue #17). `lognormalMs`
// keeps V8's ln u and sqrt, takes the cosine from a table and e^x from a polynomial, and rounds
// its value itself only when that is provably what Math.round gives for the exact value;
// otherwise it returns lognormalExact.
//
// Why that is sound. z = sqrt(-2 ln u) is the same in both (|z| <= 6.67, for u >= 2^-32).
// - cos: V8's is within 1 ulp of the cosine of its argument fl(2 pi v), which is within 7e-16 of
//   2 pi v. The table's entries are within 1 ulp of the cosine (and sine) of angles within 7e-16
//   of 2 pi h / 4096, and the remainder angle b < 1.54e-3 takes Taylor terms to b^4 (cos) and b^5
//   (sin), which leave less than 1e-19. So the two cosines differ by less than 3e-15, and
//   x = sigma z cos by less than sigma * 2e-14 + 3 ulp of x (the products' roundings).
// - e^x: V8's is within 1 ulp; 2^(k/256) (a table, within 1 ulp) times the degree-5 Taylor
//   polynomial of e^r on |r| <= 1.36e-3 (the next term is below 1e-20) is within 1e-15 of e^x.
// So the two values of y = median e^x differ by less than y * (sigma * 3e-14 + 2e-15). The fast y
// is rounded when it is farther than y * (sigma * 1e-12 + 1e-13), 30 times that, from the nearest
// n + 0.5: both values then lie strictly inside the same (n - 0.5, n + 0.5), where Math.round
// gives n. Outside what this covers (sigma above 64, a median not in (0, 1e12), y from 2^50) it
// is lognormalExact. The unit test checks the two agree on millions of draws and on the edges.

const TWO_32 = 4294967296;
const TWO_PI = 2 * Math.PI;
/** fdlibm's ln 2 split: LN2_HI has 32 significant bits, so k * (LN2_HI / 256) is exact for |k| < 2^21 */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;

/** The definition (the draws as int32: a uint32 above 2^31 passed to a call would be a boxed number). */
export function lognormalExact(median: number, sigma: number, k1: number, k2: number): number {
  const u = 1 - (k1 >>> 0) / TWO_32;
  const v = (k2 >>> 0) / TWO_32;
  return Math.max(0, Math.round(median * Math.exp(sigma * (Math.sqrt(-2 * Math.log(u)) * Math.cos(TWO_PI * v)))));
}

// Built on first use (a fraction of a millisecond): cos and sin of 2 pi h / 4096, 2^(i / 256),
// and 2^n for |n| <= 1023.
let COS: Float64Array | null = null;
let SIN: Float64Array;
let EXP2: Float64Array;
let POW2: Float64Array;

function tables(): void {
  COS = new Float64Array(4096);
  SIN = new Float64Array(4096);
  for (let h = 0; h < 4096; h++) {
    COS[h] = Math.cos((TWO_PI * h) / 4096);
    SIN[h] = Math.sin((TWO_PI * h) / 4096);
  }
  EXP2 = new Float64Array(256);
  for (let i = 0; i < 256; i++) EXP2[i] = Math.pow(2, i / 256);
  POW2 = new Float64Array(2047);
  POW2[1023] = 1;
  for (let n = 1; n <= 1023; n++) {
    POW2[1023 + n] = POW2[1022 + n] * 2;
    POW2[1023 - n] = POW2[1024 - n] / 2;
  }
}

/** lognormalExact's value, bit for bit, mostly without its three slow calls. */
export function lognormalMs(median: number, sigma: number, k1: number, k2: number): number {
  if (!(sigma >= 0 && sigma <= 64 && median > 0 && median < 1e12)) return lognormalExact(median, sigma, k1, k2);
  if (COS === null) tables();
  const z = Math.sqrt(-2 * Math.log(1 - (k1 >>> 0) / TWO_32));
  // cos(a + b): a = 2 pi h / 4096 (the top 12 bits), b = 2 pi (the low 20 bits) / 2^32
  const h = k2 >>> 20;
  const b = (k2 & 0xfffff) * (TWO_PI / TWO_32);
  const b2 = b * b;
  const cos = COS![h] * (1 - b2 * (1 / 2 - b2 / 24)) - SIN[h] * (b * (1 - b2 * (1 / 6 - b2 / 120)));
  const x = sigma * (z * cos);
  // e^x = 2^(k / 256) e^r: k the integer nearest x 256 / ln 2, so x - k ln 2 / 256 is exact (Sterbenz)
  const k = Math.floor(x * (256 / Math.LN2) + 0.5);
  const r = x - k * (LN2_HI / 256) - k * (LN2_LO / 256);
  const y = median * (POW2[(k >> 8) + 1023] * EXP2[k & 255] * (1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r / 120))))));
  if (!(y < 1125899906842624)) return lognormalExact(median, sigma, k1, k2); // 2^50
  const below = Math.floor(y);
  const frac = y - below - 0.5;
  if (Math.abs(frac) <= y * (sigma * 1e-12 + 1e-13)) return lognormalExact(median, sigma, k1, k2);
  return frac > 0 ? below + 1 : below;
}
