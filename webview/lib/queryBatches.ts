// Micro-batches of Structured Streaming queries drawn with the DStream batch machinery: each
// query batch becomes a batch band (trigger .. end, labelled QUERY#ID) and a point of the
// batch-delay chart (its duration at its trigger), with the query's trigger interval as a line.
import type { BatchResult, SimulationResult } from '../../src/engine/result';

export interface Band extends BatchResult {
  /** `QUERY#BATCHID` for a query's micro-batch */
  label?: string;
  /** the query's trigger interval (ms), for the reference line of the delay chart */
  interval?: number;
  /** the batch paid state reloads */
  stateReloads?: number;
}

/** A result whose `batches` also carry its queries' micro-batches (DStream batches first). */
export function withQueryBands(r: SimulationResult): SimulationResult {
  const q = r.queryBatches ?? [];
  if (q.length === 0) return r;
  const bands: Band[] = q.map((b) => ({
    time: b.triggerAt, submission: b.triggerAt, processingStart: b.submittedAt, processingEnd: b.endedAt,
    schedulingDelay: b.submittedAt - b.triggerAt,
    processingDelay: b.endedAt === null ? null : b.endedAt - b.submittedAt,
    totalDelay: b.durationMs,
    label: `${b.query}#${b.batchId}`, interval: b.interval, stateReloads: b.stateReloads,
  }));
  return { ...r, batches: [...(r.batches ?? []), ...bands] };
}

/** The band's key and label: `QUERY#ID` for a query's batch, else the batch time. */
export function bandLabel(b: BatchResult, fmt: (ms: number) => string): string {
  const l = (b as Band).label;
  return l !== undefined ? `${l}${(b as Band).stateReloads ? ` (${(b as Band).stateReloads} reload${(b as Band).stateReloads === 1 ? '' : 's'})` : ''}` : `batch ${fmt(b.time)}`;
}
