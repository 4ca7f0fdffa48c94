// The human summary of `sparkjob simulate`: the run, its faults' recovery, and a text Gantt
// when the run is small enough to read one.
import { fmtMs, speculationLine } from '../engine/analysis/format';
import type { AttemptResult, SimulationResult } from '../engine/result';

export function summary(r: SimulationResult, name: string): string {
  const out: string[] = [];
  const slots = r.executors.reduce((n, e) => n + e.slots, 0);
  const reserved = r.executors.reduce((n, e) => n + e.reservedSlots, 0);
  out.push(`${name}: Spark ${r.spark} semantics, policy ${r.policy}`);
  out.push(`  ${r.executors.length} executors, ${slots} slots${reserved ? ` + ${reserved} reserved` : ''}; ` +
    `${r.attempts.length} task attempts; makespan ${fmtMs(r.metrics.makespan)}`);
  const loc = Object.entries(r.metrics.localityCounts).map(([k, v]) => `${k} ${v}`).join(', ');
  if (loc) out.push(`  locality: ${loc}`);
  if (reserved) out.push(`  reserved slots idle: ${fmtMs(r.metrics.reservedSlotIdleMs)} (slot-time)`);
  for (const a of r.aborted) out.push(`  ABORTED ${a.job}: ${a.reason}`);
  if (r.faults.length > 0) {
    out.push('', 'faults:');
    const rows = [['executor', 'kind', 'at', 'detected', 'lost', 'recovered', 'latency', 'locality wait', 'lower bound', 'stalled']];
    for (const f of r.faults) {
      // (a hang whose stopped tasks speculation finished before the driver noticed: the run ended first)
      const notice = f.speculation?.stoppedTasks.length ? 'after the run' : 'not applied';
      rows.push([f.executor, f.kind, fmtMs(f.at), f.detectedAt === null ? notice : fmtMs(f.detectedAt),
        String(f.lostTasks.length), f.recoveredAt === null ? '-' : fmtMs(f.recoveredAt),
        f.recoveryLatency === null ? '-' : fmtMs(f.recoveryLatency), fmtMs(f.localityWait), fmtMs(f.lowerBoundMs),
        f.stalled ? 'STALLED' : 'no']);
    }
    out.push(...table(rows).map((l) => `  ${l}`));
  }
  for (const f of r.faults) {
    const spec = speculationLine(f);
    if (spec) out.push(`  executor ${f.executor} at ${fmtMs(f.at)}: ${spec}`);
    for (const l of f.lostReceivers ?? []) {
      out.push(`  receiver ${l.receiver} lost with executor ${f.executor}: ` +
        (l.relaunchedAt === null ? 'not relaunched' : `relaunched at ${fmtMs(l.relaunchedAt)} on executor ${l.executor}`));
    }
  }
  if (r.batches.length > 0) {
    const worst = r.batches.reduce((w, b) => ((b.totalDelay ?? 0) > (w.totalDelay ?? 0) ? b : w));
    out.push('', `batches: ${r.batches.length}, worst total delay ${fmtMs(worst.totalDelay ?? 0)} (batch ${fmtMs(worst.time)}: ` +
      `scheduling ${fmtMs(worst.schedulingDelay ?? 0)}, processing ${fmtMs(worst.processingDelay ?? 0)})`);
  }
  if (r.dataLoss && r.dataLoss.length > 0) {
    const dropped = r.dataLoss.filter((d) => d.kind === 'dropped');
    const failed = r.dataLoss.filter((d) => d.kind === 'task-failed');
    const records = (xs: typeof dropped) => xs.reduce((n, d) => n + d.records, 0);
    out.push(`data lost: ${dropped.length} blocks (${records(dropped)} records) dropped silently before their batch was generated, ` +
      `${failed.length} blocks (${records(failed)} records) lost after, their tasks failed`);
  }
  if (r.attempts.length > 0 && r.attempts.length <= 80) out.push('', ...gantt(r));
  return out.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

/**
 * One row per executor slot: '#' a task, 'R' a re-run, 'x' an attempt lost with its executor,
 * '~' a re-run waiting for a local slot while a slot was free, '.' a re-run queued because every
 * slot was busy (both drawn on the lane it eventually ran on).
 */
export function gantt(r: SimulationResult, width = 64): string[] {
  const end = Math.max(1, r.metrics.makespan, ...r.attempts.map((a) => a.end));
  const start = Math.min(...r.attempts.map((a) => a.readyAt));
  const span = Math.max(1, end - start);
  const col = (t: number) => Math.min(width - 1, Math.floor(((t - start) / span) * width));
  const lanes = new Map<string, string[]>();
  for (const e of r.executors) {
    for (let s = 0; s < e.slots + e.reservedSlots; s++) {
      lanes.set(`${e.id}/${s}`, Array(width).fill(' '));
    }
  }
  const paint = (row: string[], from: number, to: number, ch: string) => {
    for (let c = col(from); c <= Math.max(col(from), col(to) - (to > from ? 1 : 0)); c++) row[c] = ch;
  };
  const sorted = [...r.attempts].sort((a, b) => a.launch - b.launch);
  for (const a of sorted) {
    const row = lanes.get(`${a.executor}/${a.slot}`);
    if (!row) continue;
    // '~' only for a locality wait (a slot was free elsewhere); '.' when every slot was busy
    if (a.recovery && a.launch > a.readyAt) paint(row, a.readyAt, a.launch, (a.localityWait ?? 0) > 0 ? '~' : '.');
    paint(row, a.launch, a.end, mark(a));
  }
  const label = (k: string) => {
    const [id, s] = k.split('/');
    const e = r.executors.find((x) => x.id === id)!;
    return `exec ${id} ${Number(s) >= e.slots ? 'reserved' : `slot ${s}`}`;
  };
  const labels = [...lanes.keys()].map(label);
  const w = Math.max(...labels.map((l) => l.length));
  const lines = [...lanes.values()].map((row, i) => `  ${labels[i].padEnd(w)} |${row.join('')}|`);
  lines.unshift(`timeline ${fmtMs(start)} .. ${fmtMs(end)}  (# task, R re-run, x lost, ~ waiting for a local slot while one was free, . queued: no free slot)`);
  for (const f of r.faults) {
    if (f.detectedAt === null) continue;
    const axis = Array(width).fill(' ');
    axis[col(f.at)] = '^';
    lines.push(`  ${''.padEnd(w)}  ${axis.join('')}  executor ${f.executor} ${f.kind} at ${fmtMs(f.at)}`);
  }
  return lines;
}

function mark(a: AttemptResult): string {
  if (a.status === 'lost') return 'x';
  if (a.status !== 'success') return '!';
  return a.recovery ? 'R' : '#';
}
