// SJ173: what a `decommission` fault's notice saved, measured against the same executor lost
// without warning when it went (a crash the cluster manager caused: what happens with
// spark.decommission.enabled off, or with an executor that never got the notice).
import type { FaultSpec, JobFile } from '../../format/model';
import { decommissionExit, type FaultResult, type SimulationResult } from '../result';
import { simulate, type SimulateOptions } from '../simulate';
import type { ModelFinding } from './findings';
import { byId, executorList, fmtMs, plural } from './format';

const MIB = 1024 * 1024;

export function decommissionFindings(model: JobFile, result: SimulationResult, options: SimulateOptions): ModelFinding[] {
  const out: ModelFinding[] = [];
  const faults = options.faults ?? model.faults;
  result.faults.forEach((f, index) => {
    const d = f.decommission;
    if (!d || d.exit === null || d.exit === 'ignored' || d.exitAt === null) return;
    // the node's fate without a notice: lost when the notice ends, or (no end) when it went
    const at = d.killAt ?? d.exitAt;
    const crash: FaultSpec = { executor: f.executor, at, kind: 'crash', cause: 'external' };
    const spec = faults[index];
    if (spec?.replaceAfter !== undefined) crash.replaceAfter = Math.max(0, spec.replaceAfter - (at - f.at));
    const other = simulate(model, { ...options, faults: faults.map((s, k) => (k === index ? crash : s)), withoutAttempts: true });
    out.push({ code: 'SJ173', severity: 'info', target: { kind: 'fault', index }, message: message(f, at, other.faults[index], result, other) });
  });
  return out;
}

function message(f: FaultResult, at: number, c: FaultResult, result: SimulationResult, other: SimulationResult): string {
  const d = f.decommission!;
  const how = decommissionExit(d, fmtMs);
  const moved = d.migratedOutputs > 0
    ? `${plural(d.migratedOutputs, 'map output')} (${+(d.migratedBytes / MIB).toFixed(1)} MiB) migrated to ${executorList([...new Set(d.migrated.map((m) => m.to))].sort(byId))}`
    : 'no map output migrated';
  const lost = d.lostOutputs > 0 ? `, ${plural(d.lostOutputs, 'output')} lost at the exit` : '';
  const cached = d.cachedBlocks
    ? `; ${plural(d.cachedBlocks.migrated, 'cached block')} (${+(d.cachedBlocks.bytes / MIB).toFixed(1)} MiB) replicated to ${executorList([...new Set(d.cachedBlocks.moves.map((m) => m.to))].sort(byId))}, read there by later task sets`
    : '';
  const rec = (r: FaultResult) => (r.recoveryLatency === null ? 'no recovery' : `recovery ${fmtMs(r.recoveryLatency)}`);
  const saved = c.lostTasks.length - f.lostTasks.length;
  const verdict = saved > 0 ? `the notice saved ${plural(saved, 're-run')}` : saved < 0 ? `the notice cost ${plural(-saved, 're-run')} more` : 'the notice saved no re-run';
  return `decommission of executor ${f.executor} at ${fmtMs(f.at)}: ${how}; ${moved}${lost}${cached}. ` +
    `${plural(f.lostTasks.length, 'task')} re-run, ${rec(f)}, makespan ${fmtMs(result.metrics.makespan)}; ` +
    `lost without warning at ${fmtMs(at)} instead: ${plural(c.lostTasks.length, 'task')} re-run, ${rec(c)}, makespan ${fmtMs(other.metrics.makespan)}: ${verdict}`;
}
