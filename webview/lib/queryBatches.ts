// Micro-batches of Structured Streaming queries drawn with the DStream batch machinery: each
// query batch becomes a batch band (trigger .. end, labelled QUERY#ID) in its query's own row
// and a point of its query's line in the batch chart (its duration at its trigger), with the
// query's trigger interval as a line of the same colour.
import type { BatchResult, SimulationResult } from '../../src/engine/result';

export interface Band extends BatchResult {
  /** `QUERY#BATCHID` for a query's micro-batch */
  label?: string;
  /** the query's name (its band row and its line in the batch chart) */
  query?: string;
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
    label: `${b.query}#${b.batchId}`, query: b.query, interval: b.interval, stateReloads: b.stateReloads,
  }));
  return { ...r, batches: [...(r.batches ?? []), ...bands] };
}

/** The band's key and label: `QUERY#ID` for a query's batch, else the batch time. */
export function bandLabel(b: BatchResult, fmt: (ms: number) => string): string {
  const l = (b as Band).label;
  return l !== undefined ? `${l}${(b as Band).stateReloads ? ` (${(b as Band).stateReloads} reload${(b as Band).stateReloads === 1 ? '' : 's'})` : ''}` : `batch ${fmt(b.time)}`;
}

/** The band rows, top to bottom: DStream batches ('') first when there are any, then each query in order of appearance. */
export function bandRows(batches: BatchResult[]): string[] {
  const rows: string[] = [];
  for (const b of batches) {
    const k = (b as Band).query ?? '';
    if (!rows.includes(k)) rows.push(k);
  }
  return rows;
}

/** The queries of `batches` in order of appearance, each with its trigger interval. */
export function queriesOf(batches: BatchResult[]): { query: string; interval: number }[] {
  const out: { query: string; interval: number }[] = [];
  for (const b of batches) {
    const q = (b as Band).query;
    if (q !== undefined && !out.some((x) => x.query === q)) out.push({ query: q, interval: (b as Band).interval ?? 0 });
  }
  return out;
}
