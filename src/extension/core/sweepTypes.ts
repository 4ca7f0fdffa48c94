// What the extension keeps of a fault sweep (every executor failing at several moments, under
// `spark` and with reserved slots). The engine's sweep API is read defensively through
// `toSweepSummary`, so the editor keeps working while that API changes.

export interface SweepFinding {
  executor: string;
  faultAt: number;
  kind: 'crash' | 'hang';
  stallMs: number;
  recoveryMs: number | null;
  withReservedSlotMs: number | null;
  message?: string;
  severity: 'error' | 'warning' | 'info';
}

export interface SweepSummary {
  findings: SweepFinding[];
  /** worst stall per executor id (0 when none) */
  worstStallByExecutor: Record<string, number>;
  /** worst recovery latency over the sweep */
  worstRecoveryMs: number | null;
  /** the advisor's recommendation, as text, when the engine gives one */
  advice?: string;
  faultsTried: number;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null;
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** Reads whatever the engine's `sweep()` returned into the summary the editor uses. */
export function toSweepSummary(raw: unknown): SweepSummary | undefined {
  if (!isObj(raw)) return undefined;
  const list = Array.isArray(raw.findings) ? raw.findings : Array.isArray(raw.results) ? raw.results : [];
  const findings: SweepFinding[] = [];
  const worst: Record<string, number> = {};
  let worstRecovery: number | null = null;
  for (const f of list) {
    if (!isObj(f)) continue;
    const executor = typeof f.executor === 'string' ? f.executor : undefined;
    if (executor === undefined) continue;
    const stallMs = num(f.stallMs) ?? num(f.localityWait) ?? 0;
    const recoveryMs = num(f.recoveryMs) ?? num(f.recoveryLatency);
    findings.push({
      executor,
      faultAt: num(f.faultAt) ?? num(f.at) ?? 0,
      kind: f.kind === 'hang' ? 'hang' : 'crash',
      stallMs,
      recoveryMs,
      withReservedSlotMs: num(f.withReservedSlotMs),
      message: typeof f.message === 'string' ? f.message : undefined,
      severity: f.severity === 'error' || f.severity === 'info' ? f.severity : 'warning',
    });
    worst[executor] = Math.max(worst[executor] ?? 0, stallMs);
    if (recoveryMs !== null) worstRecovery = Math.max(worstRecovery ?? 0, recoveryMs);
  }
  const adv = raw.advice ?? raw.advisor;
  const advice = typeof adv === 'string' ? adv : isObj(adv) && typeof adv.message === 'string' ? adv.message : undefined;
  const tried = num(raw.faultsTried) ?? num(raw.runs) ?? findings.length;
  return { findings, worstStallByExecutor: worst, worstRecoveryMs: worstRecovery, advice, faultsTried: tried };
}
