// Formatting of times, latencies and gains for labels (pure).
import { decommissionExit as exitText, type DecommissionResult } from '../../src/engine/result';

const MINUS = '\u2212';

/**
 * Durations as the editor and the CLI write them (src/engine/analysis/format.ts fmtMs, which this
 * separate bundle does not import): "160 ms", "4.571 s", "2 min 5 s", "12 h". Also: a sign, fractions of a
 * millisecond (zoomed in), and "–" for what is not a number.
 */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  const sign = ms < 0 ? MINUS : '';
  if (a < 1000) return `${sign}${round(a, a < 10 ? 2 : 0)} ms`;
  if (a < 60_000) return `${sign}${round(a / 1000, 3)} s`;
  // round the whole before splitting it: 179.7 s is "3 min", not "2 min 60 s"
  const secs = Math.round(a / 1000);
  if (secs >= 3600) {
    const mins = Math.round(a / 60_000);
    const h = Math.floor(mins / 60), min = mins % 60;
    return `${sign}${min ? `${h} h ${min} min` : `${h} h`}`;
  }
  const m = Math.floor(secs / 60), s = secs % 60;
  return `${sign}${s ? `${m} min ${s} s` : `${m} min`}`;
}

function round(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return digits > 0 ? s.replace(/\.?0+$/, '') : s;
}

/** Axis tick label for a time, given the visible span (finer ticks get finer labels). */
export function fmtTick(ms: number, span: number): string {
  if (span <= 20) return `${round(ms, 2)} ms`;
  if (span < 20_000) return `${round(ms, 0)} ms`;
  if (span < 1_200_000) return `${round(ms / 1000, span < 200_000 ? 2 : 1)} s`;
  return `${round(ms / 60_000, 1)} min`;
}

/** Relative change in percent, rounded; negative is a gain (less latency). */
export function percentChange(before: number, after: number): number | null {
  if (!(before > 0) || !Number.isFinite(after)) return null;
  return Math.round(((after - before) / before) * 100);
}

/** "410 ms → 250 ms, −39%" (the paper's figure). */
export function fmtGain(before: number | null, after: number | null): string {
  if (before === null || after === null) {
    return `${before === null ? 'not recovered' : fmtMs(before)} → ${after === null ? 'not recovered' : fmtMs(after)}`;
  }
  const p = percentChange(before, after);
  const pct = p === null ? '' : `, ${p < 0 ? MINUS : p > 0 ? '+' : '±'}${Math.abs(p)}%`;
  return `${fmtMs(before)} → ${fmtMs(after)}${pct}`;
}

/** The label of a locality-wait band. */
export function waitLabel(waited: number, localityWait: number): string {
  if (localityWait <= 0) return `queued ${fmtMs(waited)} (no free slot)`;
  if (localityWait >= waited) return `waited ${fmtMs(waited)} for a local slot`;
  return `waited ${fmtMs(waited)}, ${fmtMs(localityWait)} of it for a local slot`;
}

export function policyLabel(p: string | undefined): string {
  return p === 'reserved-slots' ? 'reserved slots' : 'Spark';
}

/** The timeline header's "how it left": the shared wording, with the outputs that migrated before a kill. */
export function decommissionExit(d: DecommissionResult): string {
  const n = d.migratedOutputs;
  const moved = n > 0 && d.exit !== 'migrated' && d.exit !== 'ignored' ? `, ${n} map output${n === 1 ? '' : 's'} migrated` : '';
  return exitText(d, fmtMs) + moved;
}
