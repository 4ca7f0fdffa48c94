import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../../src/engine/result';
import { clampView, faultWindow, matchFault, timeDomain, zoomScaleExtent } from '../../../webview/lib/domain';
import { fmtGain, fmtMs, fmtTick, percentChange, waitLabel } from '../../../webview/lib/format';
import { fmtMs as engineFmtMs } from '../../../src/engine/analysis/format';
import sparkJson from '../../fixtures/results/paper-fig2.spark.json';
import reservedJson from '../../fixtures/results/paper-fig2.reserved-slots.json';

const spark = sparkJson as unknown as SimulationResult;
const reserved = reservedJson as unknown as SimulationResult;

describe('format', () => {
  it('the paper figure: 410 ms → 250 ms, −39%', () => {
    expect(fmtGain(410, 250)).toBe('410 ms → 250 ms, \u221239%');
    expect(percentChange(410, 250)).toBe(-39);
    expect(fmtGain(250, 410)).toBe('250 ms → 410 ms, +64%');
    expect(fmtGain(410, null)).toBe('410 ms → not recovered');
    expect(fmtGain(0, 0)).toBe('0 ms → 0 ms');
  });
  it('durations as the editor and the CLI write them', () => {
    for (const ms of [0, 1, 160, 999, 1000, 1250, 4571, 12_345, 59_999, 60_000, 125_000, 3_600_000, 12 * 3_600_000]) {
      expect(fmtMs(ms)).toBe(engineFmtMs(ms));
    }
  });
  it('durations', () => {
    expect(fmtMs(160)).toBe('160 ms');
    expect(fmtMs(1.25)).toBe('1.25 ms');
    expect(fmtMs(12_000)).toBe('12 s');
    expect(fmtMs(12_345)).toBe('12.345 s');
    expect(fmtMs(4571)).toBe('4.571 s');
    expect(fmtMs(125_000)).toBe('2 min 5 s');
    expect(fmtMs(90 * 60_000)).toBe('1 h 30 min');
    // rounded as a whole: a hang detected 179.7 s later is "3 min", never "2 min 60 s" (seen in the editor)
    expect(fmtMs(179_700)).toBe('3 min');
    expect(fmtMs(3_599_700)).toBe('1 h');
    expect(fmtMs(7_170_000)).toBe('2 h');
    expect(engineFmtMs(179_700)).toBe('3 min');
    expect(engineFmtMs(3_599_700)).toBe('1 h');
    expect(engineFmtMs(125_000)).toBe('2 min 5 s');
    expect(fmtMs(12 * 3_600_000)).toBe('12 h');
    expect(fmtMs(-5)).toBe('\u22125 ms');
    expect(fmtTick(1250, 600)).toBe('1250 ms');
    expect(fmtTick(12_500, 60_000)).toBe('12.5 s');
  });
  it('wait labels', () => {
    expect(waitLabel(160, 160)).toBe('waited 160 ms for a local slot');
    expect(waitLabel(300, 160)).toBe('waited 300 ms, 160 ms of it for a local slot');
    expect(waitLabel(300, 0)).toBe('queued 300 ms (no free slot)');
  });
});

describe('domain and zoom', () => {
  it('covers both results with a little padding, and the re-run wait', () => {
    const [a, b] = timeDomain([spark, reserved]);
    expect(a).toBeLessThan(1100);
    expect(a).toBeGreaterThan(1000);
    expect(b).toBeGreaterThan(1660);
    expect(b).toBeLessThan(1720);
  });
  it('zooms from the whole run to 1 ms', () => {
    const d = timeDomain([spark]);
    const [k0, k1] = zoomScaleExtent(d);
    expect(k0).toBe(1);
    expect((d[1] - d[0]) / k1).toBeCloseTo(1);
  });
  it('clamps a wanted view to the run and to 1 ms', () => {
    expect(clampView([0, 100_000], [0, 2000])).toEqual([0, 2000]);
    expect(clampView([-100, 100], [0, 2000])).toEqual([0, 200]);
    expect(clampView([1999, 2100], [0, 2000])).toEqual([1899, 2000]);
    expect(clampView([10, 10.2], [0, 2000])).toEqual([9.6, 10.6]);
  });
  it('fault window spans the fault to the later recovery, and faults match by executor and time', () => {
    const f = spark.faults[0];
    const g = matchFault(f, reserved)!;
    expect(g.recoveryLatency).toBe(250);
    const [a, b] = faultWindow(f, [g]);
    expect(a).toBeLessThan(1250);
    expect(b).toBeGreaterThan(1660);
    expect(matchFault({ ...f, at: 1 }, reserved)).toBeUndefined();
  });
});
