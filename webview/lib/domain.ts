// Time domain, zoom limits and fault windows (pure).
import type { FaultResult, SimulationResult } from '../../src/engine/result';

export type Domain = [number, number];

/** Everything worth seeing in one or more results, padded by 4% on each side. */
export function timeDomain(results: SimulationResult[]): Domain {
  let lo = Infinity, hi = -Infinity;
  const see = (t: number | null | undefined) => {
    if (typeof t === 'number' && Number.isFinite(t)) { if (t < lo) lo = t; if (t > hi) hi = t; }
  };
  for (const r of results) {
    for (const a of r.attempts) { see(a.launch); see(a.end); if (a.recovery) see(a.readyAt); }
    for (const f of r.faults) { see(f.at); see(f.detectedAt); see(f.recoveredAt); }
    for (const b of r.batches ?? []) { see(b.time); see(b.processingEnd); }
    for (const e of r.executors) { if (e.addedAt > 0) see(e.addedAt); see(e.lostAt); see(e.lossDetectedAt); }
  }
  if (!Number.isFinite(lo)) return [0, 1000];
  if (hi - lo < 1) hi = lo + 1;
  const pad = (hi - lo) * 0.04;
  return [Math.max(lo >= 0 ? 0 : -Infinity, lo - pad), hi + pad];
}

/** d3 zoom scale extent: from the whole domain (k=1) to 1 ms across the plot. */
export function zoomScaleExtent(d: Domain): [number, number] {
  return [1, Math.max(1, d[1] - d[0])];
}

/** The view to zoom to when a fault is selected: from a little before the fault to its recovery. */
export function faultWindow(f: FaultResult, others: FaultResult[] = []): Domain {
  const ends = [f.at, f.detectedAt, f.recoveredAt, ...others.map((o) => o.recoveredAt)]
    .filter((t): t is number => typeof t === 'number');
  const a = Math.min(...ends), b = Math.max(...ends);
  const span = Math.max(b - a, 50);
  return [a - span * 0.6, b + span * 0.25];
}

/** The fault of `other` that is the same injected fault as `f` (same executor and time). */
export function matchFault(f: FaultResult, other: SimulationResult | undefined): FaultResult | undefined {
  return other?.faults.find((g) => g.executor === f.executor && g.at === f.at);
}

/** Clamp a wanted view to the domain and to the 1 ms minimum span. */
export function clampView(v: Domain, d: Domain): Domain {
  let [a, b] = v;
  if (b - a < 1) { const m = (a + b) / 2; a = m - 0.5; b = m + 0.5; }
  if (b - a > d[1] - d[0]) return [d[0], d[1]];
  if (a < d[0]) { b += d[0] - a; a = d[0]; }
  if (b > d[1]) { a -= b - d[1]; b = d[1]; }
  return [a, b];
}
