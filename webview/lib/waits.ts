// The wait of a re-run before it launched, cut into what it was waiting for: a local slot while
// another slot was free (delay scheduling: `localityWait`), or any slot (queued, none free).
// The timeline draws and labels the two apart, and the recovery bar follows the same cut in time.
import type { AttemptResult, FaultResult } from '../../src/engine/result';

export interface WaitSegment {
  from: number;
  to: number;
  /** true: a slot was free elsewhere (locality wait); false: queued, no free slot */
  locality: boolean;
}

/** The attempt's wait [readyAt, launch) as time-ordered segments. */
export function waitSegments(a: Pick<AttemptResult, 'readyAt' | 'launch' | 'localityWait' | 'localityWaitSpans'>): WaitSegment[] {
  const waited = a.launch - a.readyAt;
  if (waited <= 0) return [];
  const lw = a.localityWait ?? 0;
  if (lw <= 0) return [{ from: a.readyAt, to: a.launch, locality: false }];
  if (lw >= waited) return [{ from: a.readyAt, to: a.launch, locality: true }];
  // the engine's spans when it gave them; else the locality part last (a slot frees up, then the
  // task set still waits for its level): an approximation only for results without spans
  const spans = a.localityWaitSpans ?? [[a.launch - lw, a.launch]];
  const out: WaitSegment[] = [];
  let t = a.readyAt;
  for (const [s, e] of spans) {
    const from = Math.max(s, a.readyAt);
    const to = Math.min(e, a.launch);
    if (to <= from) continue;
    if (from > t) out.push({ from: t, to: from, locality: false });
    out.push({ from, to, locality: true });
    t = to;
  }
  if (t < a.launch) out.push({ from: t, to: a.launch, locality: false });
  return out;
}

export interface RecoveryPart {
  from: number;
  to: number;
  /** what the lost work was doing: some re-run waiting for a local slot, all waiting queued, or running */
  kind: 'locality' | 'queued' | 'work';
}

/**
 * The recovery span [detection, recovered] of a fault cut by what its re-runs were doing, in
 * time order: `locality` while some re-run of a lost task waited for a local slot with a slot
 * free elsewhere, `queued` while re-runs waited with no free slot (and none was in a locality
 * wait), `work` otherwise.
 */
export function recoveryParts(f: Pick<FaultResult, 'at' | 'detectedAt' | 'recoveredAt' | 'lostTasks'>, attempts: readonly AttemptResult[]): RecoveryPart[] {
  if (f.recoveredAt === null) return [];
  const from = f.detectedAt ?? f.at;
  const to = f.recoveredAt;
  if (to <= from) return [];
  const lost = new Set(f.lostTasks);
  // +1 / -1 per boundary of a locality or queued segment, swept in time order
  const edges: [number, 'locality' | 'queued', number][] = [];
  for (const a of attempts) {
    if (!a.recovery || !lost.has(a.task) || a.launch < from || a.readyAt >= to) continue;
    for (const s of waitSegments(a)) {
      const k = s.locality ? 'locality' : 'queued';
      edges.push([Math.max(s.from, from), k, 1], [Math.min(s.to, to), k, -1]);
    }
  }
  edges.sort((x, y) => x[0] - y[0] || x[2] - y[2]);
  const parts: RecoveryPart[] = [];
  const depth = { locality: 0, queued: 0 };
  let t = from;
  const kindNow = (): RecoveryPart['kind'] => depth.locality > 0 ? 'locality' : depth.queued > 0 ? 'queued' : 'work';
  const push = (until: number) => {
    if (until <= t) return;
    const kind = kindNow();
    const last = parts[parts.length - 1];
    if (last && last.kind === kind && last.to === t) last.to = until;
    else parts.push({ from: t, to: until, kind });
    t = until;
  };
  for (const [at, k, d] of edges) {
    push(at);
    depth[k] += d;
  }
  push(to);
  return parts;
}
