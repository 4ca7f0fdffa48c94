import { describe, it, expect } from 'vitest';
import { parseTimeMs, parseSizeBytes, formatMs } from '../../../src/format';
import { parseIntStrict, parseBool, parseDouble, isBareNumber } from '../../../src/format/values';

describe('time strings (JavaUtils.timeStringAs)', () => {
  it.each([
    ['1000us', 1],
    ['1500us', 1],
    ['999us', 0],
    ['200ms', 200],
    ['3s', 3000],
    ['2m', 120_000],
    ['2min', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    [' 3S ', 3000],
    ['10MS', 10],
    ['0ms', 0],
  ])('%s -> %d ms', (s, ms) => {
    const r = parseTimeMs(s);
    expect(r).toMatchObject({ ok: true, value: ms });
  });

  it('flags floored microseconds', () => {
    expect(parseTimeMs('1500us')).toMatchObject({ ok: true, value: 1, truncated: true });
    expect(parseTimeMs('2000us')).toMatchObject({ ok: true, value: 2, truncated: false });
  });

  it.each([
    ['1.5s', '1500ms'],
    ['0.5s', '500ms'],
    ['1.5h', '90min'],
    ['2.5min', '150s'],
    ['0.5ms', '500us'],
    ['1.0s', '1s'],
    ['.25s', '250ms'],
  ])('fraction %s suggests %s', (s, suggestion) => {
    expect(parseTimeMs(s)).toMatchObject({ ok: false, error: 'fraction', suggestion });
  });

  it('a fraction with no integer form has no suggestion', () => {
    expect(parseTimeMs('0.0001us')).toMatchObject({ ok: false, error: 'fraction', suggestion: undefined });
  });

  it.each(['3 s', '3y', '1e3ms', 's', '', 'three', '3sec', '--3s'])('%j is malformed', (s) => {
    expect(parseTimeMs(s)).toMatchObject({ ok: false, error: 'malformed' });
  });

  it('a bare number needs a unit unless the key has one', () => {
    expect(parseTimeMs('3000')).toMatchObject({ ok: false, error: 'bare', suggestion: '3000ms' });
    expect(parseTimeMs('3000', 'ms')).toMatchObject({ ok: true, value: 3000 });
    expect(parseTimeMs('120', 's')).toMatchObject({ ok: true, value: 120_000 });
    expect(parseTimeMs('1.5', 's')).toMatchObject({ ok: false, error: 'fraction', suggestion: '1500ms' });
  });

  it('negative and huge values', () => {
    expect(parseTimeMs('-5ms')).toMatchObject({ ok: false, error: 'negative' });
    expect(parseTimeMs('99999999999999999999d')).toMatchObject({ ok: false, error: 'range' });
  });
});

describe('byte strings (JavaUtils.byteStringAs)', () => {
  const K = 1024;
  it.each([
    ['100b', 100],
    ['512k', 512 * K],
    ['512kb', 512 * K],
    ['64m', 64 * K * K],
    ['64mb', 64 * K * K],
    ['1g', K ** 3],
    ['1gb', K ** 3],
    ['2t', 2 * K ** 4],
    ['2tb', 2 * K ** 4],
    ['1p', K ** 5],
    ['1pb', K ** 5],
    [' 125M ', 125 * K * K],
  ])('%s -> %d bytes', (s, b) => {
    expect(parseSizeBytes(s)).toMatchObject({ ok: true, value: b });
  });

  it.each([
    ['1.5g', '1536m'],
    ['0.5k', '512b'],
    ['1.5m', '1536k'],
  ])('fraction %s suggests %s', (s, suggestion) => {
    expect(parseSizeBytes(s)).toMatchObject({ ok: false, error: 'fraction', suggestion });
  });

  it('rejects bare numbers, bad suffixes, negatives', () => {
    expect(parseSizeBytes('64')).toMatchObject({ ok: false, error: 'bare', suggestion: '64m' });
    expect(parseSizeBytes('64', 'm')).toMatchObject({ ok: true, value: 64 * K * K });
    expect(parseSizeBytes('64x')).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseSizeBytes('64 m')).toMatchObject({ ok: false, error: 'malformed' });
    expect(parseSizeBytes('-64m')).toMatchObject({ ok: false, error: 'negative' });
    expect(parseSizeBytes('99999999p')).toMatchObject({ ok: false, error: 'range' });
  });
});

describe('ints, doubles, booleans', () => {
  it('ints are plain integers', () => {
    expect(parseIntStrict(' 4 ')).toMatchObject({ ok: true, value: 4 });
    expect(parseIntStrict('+4')).toMatchObject({ ok: true, value: 4 });
    expect(parseIntStrict('4.0')).toMatchObject({ ok: false });
    expect(parseIntStrict('4k')).toMatchObject({ ok: false });
    expect(parseIntStrict('2147483648')).toMatchObject({ ok: false, error: 'range' });
    expect(parseIntStrict('2147483648', 64)).toMatchObject({ ok: true });
  });
  it('doubles and booleans', () => {
    expect(parseDouble('1.5')).toMatchObject({ ok: true, value: 1.5 });
    expect(parseDouble('.75')).toMatchObject({ ok: true, value: 0.75 });
    expect(parseDouble('1e2')).toMatchObject({ ok: true, value: 100 });
    expect(parseDouble('x')).toMatchObject({ ok: false });
    expect(parseBool(' TRUE ')).toMatchObject({ ok: true, value: true });
    expect(parseBool('false')).toMatchObject({ ok: true, value: false });
    expect(parseBool('yes')).toMatchObject({ ok: false });
  });
  it('bare numbers and formatting', () => {
    expect(isBareNumber('12')).toBe(true);
    expect(isBareNumber('1.5')).toBe(true);
    expect(isBareNumber('12ms')).toBe(false);
    expect(formatMs(1500)).toBe('1500ms');
    expect(formatMs(3000)).toBe('3s');
    expect(formatMs(120_000)).toBe('2min');
    expect(formatMs(0)).toBe('0ms');
  });
});

describe('did you mean', () => {
  it('finds typos, transpositions and truncations, not wild guesses', async () => {
    const { closest } = await import('../../../src/format/suggest');
    expect(closest('spark.localty.wait', ['spark.locality.wait', 'spark.task.cpus'], 2)).toBe('spark.locality.wait');
    expect(closest('replaceAftr', ['at', 'replaceAfter'])).toBe('replaceAfter');
    expect(closest('sweepTiems', ['sweep', 'sweepTimes'])).toBe('sweepTimes');
    expect(closest('reserved', ['spark', 'reserved-slots'])).toBe('reserved-slots');
    expect(closest('7', ['1', '2'])).toBeUndefined();
    expect(closest('Crash', ['crash', 'hang'])).toBe('crash');
  });
});

describe('the plain NNNms / NNNb fast path', () => {
  it('gives what the general path gives (the same text with a space before it takes that path)', () => {
    const xs = ['0', '7', '007', '123456789', '999999999999999', '1000000000000000', '9007199254740993'];
    for (let i = 0; i < 200; i++) xs.push(String(Math.floor(Math.random() * 10 ** (1 + (i % 16)))));
    for (const x of xs) {
      expect(parseTimeMs(`${x}ms`)).toEqual(parseTimeMs(` ${x}ms`));
      expect(parseSizeBytes(`${x}b`)).toEqual(parseSizeBytes(` ${x}b`));
    }
  });
});
