// `sparkjob replay LOG [--json] [--policy ...] [--executors N] [--cores C] [--hosts H]`.
import { fmtMs } from '../engine/analysis/format';
import { LogImportError } from '../eventlog/importer';
import { replay, type ReplayOutcome } from '../eventlog/replay';
import type { Args } from './args';
import { readLogFile } from './logInput';

/** Rows of the stage table and waits listed in the human report (the JSON has them all). */
const MAX_ROWS = 25;

export async function replayCmd(args: Args): Promise<number> {
  const path = args.files[0];
  let out: ReplayOutcome;
  let base: ReplayOutcome | undefined;
  try {
    const log = await readLogFile(path);
    const opts = { executors: args.executors, cores: args.cores, hosts: args.hosts, source: path, allocation: args.allocation };
    out = replay(log, { ...opts, policy: args.policy });
    // what the paper's fix would have saved: the same run under Spark's own policy, for the report
    if (args.policy === 'reserved-slots' && !args.json) base = replay(log, { ...opts, policy: 'spark' });
  } catch (e) {
    if (!(e instanceof LogImportError)) throw e;
    process.stderr.write(`sparkjob: ${e.message}\n`);
    return 1;
  }
  for (const a of out.result.aborted) process.stderr.write(`sparkjob: simulated job ${a.job} did not finish: ${a.reason}\n`);
  if (args.json) process.stdout.write(JSON.stringify(out.report) + '\n');
  else process.stdout.write(humanReport(out, args, base) + '\n');
  return 0;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

export function humanReport(out: ReplayOutcome, args: Pick<Args, 'policy' | 'executors' | 'cores' | 'hosts'>, base?: ReplayOutcome): string {
  const { report: r, losses } = out;
  const lines: string[] = [];
  const whatIf = args.executors !== undefined || args.cores !== undefined || args.hosts !== undefined;
  lines.push(`Replay of ${r.app.id || '(no app id)'}${r.app.name ? ` (${r.app.name})` : ''}: Spark ${r.app.sparkVersion || '?'}, master ${r.app.master || '?'}` +
    `${r.app.complete ? '' : ', INCOMPLETE log'}${r.app.skippedLines ? `, ${r.app.skippedLines} unreadable lines skipped` : ''}`);
  const shape = out.plan.executors;
  lines.push(`simulated ${whatIf ? 'what-if' : 'as it ran'}: ${shape.length} executor${shape.length === 1 ? '' : 's'}` +
    `${whatIf ? ` of ${shape[0]?.cores} cores over ${new Set(shape.map((e) => e.host)).size} hosts` : ''}, policy ${args.policy ?? 'spark'}`);
  lines.push(`makespan: actual ${fmtMs(r.actual.makespanMs)}, simulated ${fmtMs(r.simulated.makespanMs)} (${pct(r.modelError.makespan)})`);
  lines.push(`stage durations: |error| median ${(r.modelError.stageDurationMedian * 100).toFixed(1)} %, p90 ${(r.modelError.stageDurationP90 * 100).toFixed(1)} %`);
  lines.push('');
  lines.push('stage      tasks      actual   simulated   error');
  const sim = new Map(r.simulated.stages.map((s) => [s.id.split('.')[0], s]));
  const rows = r.actual.stages.slice(0, MAX_ROWS);
  for (const s of rows) {
    const m = s.id.endsWith('.0') ? sim.get(s.id.split('.')[0]) : undefined;
    const act = s.completedAt - s.submittedAt;
    const simMs = m ? m.completedAt - m.submittedAt : undefined;
    lines.push(`${s.id.padEnd(9)} ${String(s.tasks).padStart(6)} ${fmtMs(act).padStart(11)} ${(simMs !== undefined ? fmtMs(simMs) : '-').padStart(11)}   ` +
      `${simMs !== undefined ? pct((simMs - act) / Math.max(act, 1)) : ''}`);
  }
  if (r.actual.stages.length > rows.length) lines.push(`... ${r.actual.stages.length - rows.length} more stage attempts (--json lists them all)`);
  lines.push('');
  if (losses.length === 0) lines.push('faults: none (no executor removal lost a task)');
  for (const l of losses) {
    const s = r.simulated.faults.find((f) => f.executor === l.executor);
    lines.push(`fault: executor ${l.executor} removed at ${fmtMs(l.removedAt)}, ${l.lostTasks} task${l.lostTasks === 1 ? '' : 's'} lost; ` +
      `recovery real ${l.recoveryMs !== null ? fmtMs(l.recoveryMs) : 'never (the run ended first)'}, ` +
      `simulated ${!s ? 'n/a' : s.lostTasks === 0 ? 'nothing lost (no task of it ran there in the simulation then)' : s.recoveryMs != null ? fmtMs(s.recoveryMs) : 'never'}`);
    if (l.rerunDelayMs != null && s && s.lostTasks > 0) {
      const d = s.rerunDelayMs;
      lines.push(`  first re-run launched ${fmtMs(l.rerunDelayMs)} after the failure, simulated ${d != null ? `${fmtMs(d)} after the detection (${pct((d - l.rerunDelayMs) / Math.max(l.rerunDelayMs, 1))})` : 'never'}`);
    }
    const b = base?.report.simulated.faults.find((f) => f.executor === l.executor);
    if (b && s && s.lostTasks > 0) {
      const saved = b.recoveryMs != null && s.recoveryMs != null ? `: saves ${fmtMs(b.recoveryMs - s.recoveryMs)}` : '';
      lines.push(`  reserved slots: simulated recovery ${s.recoveryMs != null ? fmtMs(s.recoveryMs) : 'never'} instead of ${b.recoveryMs != null ? fmtMs(b.recoveryMs) : 'never'} under Spark's policy${saved}`);
    }
    for (const x of l.reruns.slice(0, 5)) {
      lines.push(`  re-run ${x.task} on executor ${x.executor}: launched ${fmtMs(x.delayMs)} after the failure, ${x.status}`);
    }
    if (l.reruns.length > 5) lines.push(`  ... ${l.reruns.length - 5} more re-runs`);
  }
  lines.push('');
  const recovery = r.waits.filter((w) => w.recovery).length;
  lines.push(`waits in the real log (launched >= 100 ms after runnable while a slot was free on another executor; the Spark UI does not show them): ` +
    `${r.waits.length}${recovery ? `, ${recovery} of them re-runs of lost tasks` : ''}`);
  for (const w of [...r.waits].sort((a, b) => b.freeSlotMs - a.freeSlotMs).slice(0, 10)) {
    lines.push(`  ${w.task} on executor ${w.executor} (${w.host}) ${w.locality}: waited ${fmtMs(w.waitMs)}, ${fmtMs(w.freeSlotMs)} of it with a free slot elsewhere${w.recovery ? ' (re-run)' : ''}`);
  }
  return lines.join('\n');
}
