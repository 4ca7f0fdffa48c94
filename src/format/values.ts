// Spark's value syntax (reference 5.1), exactly:
// - time strings as JavaUtils.timeStringAs: lower-case, trim, match `-?[0-9]+([a-z]+)?`, suffixes
//   us|ms|s|m|min|h|d; a bare number takes the caller's default unit; conversion truncates
//   (TimeUnit.convert), so `1500us` is 1 ms;
// - byte strings as JavaUtils.byteStringAs: `[0-9]+([a-z]+)?`, suffixes b|k|kb|m|mb|g|gb|t|tb|p|pb,
//   binary multiples; `1.5g` is "Fractional values are not supported";
// - int keys (getInt / intConf) take plain integers, booleans `true`/`false` (case-insensitive, as
//   Scala's `toBoolean`), doubles as Java's Double.parseDouble.
// Arithmetic uses BigInt so that huge numbers give a range error instead of a wrong value.

export type TimeUnit = 'us' | 'ms' | 's' | 'm' | 'min' | 'h' | 'd';
export type SizeUnit = 'b' | 'k' | 'kb' | 'm' | 'mb' | 'g' | 'gb' | 't' | 'tb' | 'p' | 'pb';

/** microseconds per unit */
const TIME_US: Record<TimeUnit, bigint> = {
  us: 1n,
  ms: 1000n,
  s: 1_000_000n,
  m: 60_000_000n,
  min: 60_000_000n,
  h: 3_600_000_000n,
  d: 86_400_000_000n,
};

const KIB = 1024n;
const SIZE_B: Record<SizeUnit, bigint> = {
  b: 1n,
  k: KIB,
  kb: KIB,
  m: KIB ** 2n,
  mb: KIB ** 2n,
  g: KIB ** 3n,
  gb: KIB ** 3n,
  t: KIB ** 4n,
  tb: KIB ** 4n,
  p: KIB ** 5n,
  pb: KIB ** 5n,
};

/** units tried, largest first, when a fraction is rewritten as an integer */
const TIME_REWRITE: [string, bigint][] = [
  ['d', TIME_US.d],
  ['h', TIME_US.h],
  ['min', TIME_US.min],
  ['s', TIME_US.s],
  ['ms', TIME_US.ms],
  ['us', TIME_US.us],
];
const SIZE_REWRITE: [string, bigint][] = [
  ['p', SIZE_B.p],
  ['t', SIZE_B.t],
  ['g', SIZE_B.g],
  ['m', SIZE_B.m],
  ['k', SIZE_B.k],
  ['b', SIZE_B.b],
];

export type ValueError =
  /** not Spark's syntax at all */
  | 'malformed'
  /** `1.5s`: `suggestion` holds the integer form when there is one */
  | 'fraction'
  /** a number without unit where no default unit applies; `suggestion` appends the likely unit */
  | 'bare'
  | 'negative'
  /** too large to represent (or outside an int's range) */
  | 'range';

export type ValueResult<T> =
  | { ok: true; value: T; /** time: microseconds were floored to ms */ truncated?: boolean }
  | { ok: false; error: ValueError; message: string; suggestion?: string };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const PLAIN_MS = /^[0-9]{1,15}ms$/;
const PLAIN_BYTES = /^[0-9]{1,15}b$/;

export function isTimeUnit(s: string): s is TimeUnit {
  return Object.prototype.hasOwnProperty.call(TIME_US, s);
}

export function isSizeUnit(s: string): s is SizeUnit {
  return Object.prototype.hasOwnProperty.call(SIZE_B, s);
}

/** A plain decimal written without unit (`1250`, `"1.5"`): the form that needs a unit outside `conf:`. */
export function isBareNumber(text: string): boolean {
  return /^-?([0-9]+|[0-9]*\.[0-9]+)$/.test(text.trim());
}

/** Rewrite mantissa / 10^scale units of `unitSize` with the largest unit that keeps it integral. */
function integerForm(mantissa: bigint, scale: number, unitSize: bigint, units: [string, bigint][]): string | undefined {
  const num = mantissa * unitSize;
  const den = 10n ** BigInt(scale);
  for (const [name, size] of units) {
    if (num % (den * size) === 0n) return `${num / (den * size)}${name}`;
  }
  return undefined;
}

/** Splits `-1.25` into mantissa -125 and scale 2. */
function decimal(intPart: string, fracPart: string, negative: boolean): { mantissa: bigint; scale: number } {
  const digits = (intPart || '0') + fracPart;
  const m = BigInt(digits);
  return { mantissa: negative ? -m : m, scale: fracPart.length };
}

/**
 * Parses a Spark time string to integer milliseconds. `defaultUnit` is the unit of a bare
 * number (a conf key's unit); without it a bare number is an error (`bare`).
 */
export function parseTimeMs(input: string, defaultUnit?: TimeUnit): ValueResult<number> {
  // the common `NNNms` (an imported file has one per task) without BigInt: exact below 10^15
  if (PLAIN_MS.test(input)) return { ok: true, value: +input.slice(0, -2), truncated: false };
  const lower = input.toLowerCase().trim();
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(lower);
  if (m) {
    const suffix = m[2];
    if (suffix !== undefined && !isTimeUnit(suffix)) {
      return { ok: false, error: 'malformed', message: `Invalid suffix: "${suffix}" (use us, ms, s, m or min, h, d)` };
    }
    if (suffix === undefined && defaultUnit === undefined) {
      return {
        ok: false,
        error: 'bare',
        message: `'${input.trim()}' has no unit: write a duration such as ${m[1]}ms or ${m[1]}s`,
        suggestion: `${m[1]}ms`,
      };
    }
    const unit = (suffix ?? defaultUnit) as TimeUnit;
    const us = BigInt(m[1]) * TIME_US[unit];
    if (us < 0n) return { ok: false, error: 'negative', message: `a duration cannot be negative: '${input.trim()}'` };
    const ms = us / 1000n;
    if (ms > MAX_SAFE) return { ok: false, error: 'range', message: `duration '${input.trim()}' is too large` };
    return { ok: true, value: Number(ms), truncated: us % 1000n !== 0n };
  }
  const f = /^(-?)([0-9]*)\.([0-9]+)([a-z]+)?$/.exec(lower);
  if (f && (f[4] === undefined || isTimeUnit(f[4]))) {
    const unit = (f[4] ?? defaultUnit) as TimeUnit | undefined;
    const { mantissa, scale } = decimal(f[2], f[3], f[1] === '-');
    const suggestion = unit && scale <= 30 ? integerForm(mantissa, scale, TIME_US[unit], TIME_REWRITE) : undefined;
    return {
      ok: false,
      error: 'fraction',
      message:
        `Spark rejects fractional durations: '${input.trim()}'` +
        (suggestion ? `; write ${suggestion}` : unit ? '' : '; write an integer with a unit such as ms'),
      suggestion,
    };
  }
  return { ok: false, error: 'malformed', message: `Failed to parse time string: '${input.trim()}' (expected an integer and a unit, e.g. 200ms, 3s, 2min)` };
}

/**
 * Parses a Spark byte string to bytes. `defaultUnit` is the unit of a bare number (conf keys);
 * without it a bare number is an error (`bare`).
 */
export function parseSizeBytes(input: string, defaultUnit?: SizeUnit): ValueResult<number> {
  if (PLAIN_BYTES.test(input)) return { ok: true, value: +input.slice(0, -1) };
  const lower = input.toLowerCase().trim();
  if (/^-[0-9.]/.test(lower)) return { ok: false, error: 'negative', message: `a size cannot be negative: '${input.trim()}'` };
  const m = /^([0-9]+)([a-z]+)?$/.exec(lower);
  if (m) {
    const suffix = m[2];
    if (suffix !== undefined && !isSizeUnit(suffix)) {
      return { ok: false, error: 'malformed', message: `Invalid suffix: "${suffix}" (use b, k, m, g, t or p; kb, mb... also work)` };
    }
    if (suffix === undefined && defaultUnit === undefined) {
      return {
        ok: false,
        error: 'bare',
        message: `'${input.trim()}' has no unit: write a size such as ${m[1]}m (MiB) or ${m[1]}b (bytes)`,
        suggestion: `${m[1]}m`,
      };
    }
    const bytes = BigInt(m[1]) * SIZE_B[(suffix ?? defaultUnit) as SizeUnit];
    if (bytes > MAX_SAFE) return { ok: false, error: 'range', message: `size '${input.trim()}' is too large` };
    return { ok: true, value: Number(bytes) };
  }
  const f = /^([0-9]*)\.([0-9]+)([a-z]+)?$/.exec(lower);
  if (f && (f[3] === undefined || isSizeUnit(f[3]))) {
    const unit = (f[3] ?? defaultUnit) as SizeUnit | undefined;
    const { mantissa, scale } = decimal(f[1], f[2], false);
    const suggestion = unit && scale <= 30 ? integerForm(mantissa, scale, SIZE_B[unit], SIZE_REWRITE) : undefined;
    return {
      ok: false,
      error: 'fraction',
      message: `Fractional values are not supported: '${input.trim()}'` + (suggestion ? `; write ${suggestion}` : ''),
      suggestion,
    };
  }
  return { ok: false, error: 'malformed', message: `Failed to parse byte string: '${input.trim()}' (expected an integer and a unit, e.g. 64m, 1g, 512k)` };
}

/** A plain integer, as Integer.parseInt after trim (`intConf`); `bits` 32 or 64 (long). */
export function parseIntStrict(input: string, bits: 32 | 64 = 32): ValueResult<number> {
  const t = input.trim();
  if (!/^[+-]?[0-9]+$/.test(t)) return { ok: false, error: 'malformed', message: `'${t}' is not an integer` };
  const v = BigInt(t);
  const lim = bits === 32 ? 2n ** 31n : MAX_SAFE + 1n;
  if (v >= lim || v < -lim) return { ok: false, error: 'range', message: `'${t}' is out of range for ${bits === 32 ? 'an int' : 'a long'}` };
  return { ok: true, value: Number(v) };
}

/** Java's Double.parseDouble, for the forms people write. */
export function parseDouble(input: string): ValueResult<number> {
  const t = input.trim();
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[dDfF]?$/.test(t)) {
    return { ok: false, error: 'malformed', message: `'${t}' is not a number` };
  }
  return { ok: true, value: Number(t.replace(/[dDfF]$/, '')) };
}

/** Scala's `toBoolean` after trim: `true`/`false`, any case. */
export function parseBool(input: string): ValueResult<boolean> {
  const t = input.trim().toLowerCase();
  if (t === 'true') return { ok: true, value: true };
  if (t === 'false') return { ok: true, value: false };
  return { ok: false, error: 'malformed', message: `'${input.trim()}' is not a boolean (true or false)` };
}

/** Formats milliseconds with the largest exact unit, for messages and fixes (`1500ms`, `3s`). */
export function formatMs(ms: number): string {
  if (ms !== 0 && Number.isInteger(ms)) {
    for (const [name, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]] as const) {
      if (ms % size === 0) return `${ms / size}${name}`;
    }
  }
  return `${ms}ms`;
}
