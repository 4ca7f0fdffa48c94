// The sweep's decommissions (`analysis.sweepDecommissions: NOTICE`): every executor given a
// decommission notice at each sweep moment, against a crash of the same executor at the same
// moment. Both forks run to the end of the run, since a decommission's cost is not a recovery
// latency alone: the executor drains (no new task from the notice), its blocks migrate, and what
// is lost is what was still there at the kill. The measures: tasks re-run (the fault's lost tasks,
// map outputs included) and the delay to the run's end against the fault-free run.
import type { JobFile } from '../../format/model';
import { decommissionExits, type DecommissionResult } from '../result';
import type { Simulation } from '../simulation';
import { runFork, type FaultRun } from './sweep';
import { executorList, fmtMs, plural } from './format';
import type { ModelFinding } from './findings';

export interface SweptDecommission {
  executor: string;
  at: number;
  notice: number;
  /** how the executor left (null: still draining when the run ended) */
  exit: DecommissionResult['exit'];
  migratedOutputs: number;
  lostOutputs: number;
  reruns: number;
  /** the run's end minus the fault-free run's */
  endDelayMs: number;
  recoveryLatency: number | null;
  /** the same executor crashing at the same moment */
  crash: { reruns: number; endDelayMs: number; recoveryLatency: number | null };
}

/** The decommission fork (already run to the end) and a crash fork at the same point, measured. */
export function compareWithCrash(base: Simulation, decom: FaultRun, makespan: number, recoveryLatency: (r: FaultRun) => number | null): SweptDecommission {
  const f = decom.sim.faults[decom.k];
  const d = f.decom!;
  const crash = runFork(base, f.spec.executor, f.spec.at, 'crash', undefined, undefined, true);
  const c = crash.sim.faults[crash.k];
  return {
    executor: f.spec.executor, at: f.spec.at, notice: f.spec.notice!,
    exit: d.exit, migratedOutputs: d.shuffle.migrated, lostOutputs: d.lostOutputs,
    reruns: f.lostTasks.length, endDelayMs: decom.sim.makespan - makespan, recoveryLatency: recoveryLatency(decom),
    crash: { reruns: c.lostTasks.length, endDelayMs: crash.sim.makespan - makespan, recoveryLatency: recoveryLatency(crash) },
  };
}

export interface DecommissionComparison {
  notice: number;
  points: number;
  reruns: number;
  crashReruns: number;
  /** the decommission with the latest end of the run, and the crash with it */
  worst: SweptDecommission;
  crashWorst: SweptDecommission;
  /** points where the decommission delayed the end more than the crash (draining costs slots) */
  costlier: number;
  /** how the executors left: migrated, idle, killed... */
  exits: Record<string, number>;
  summary: string;
}

/** `exits`' key for the executors that had not left when the run ended (a key of the sweep's JSON) */
const DRAINING = 'still draining';

export function compareDecommissions(points: SweptDecommission[]): DecommissionComparison | undefined {
  if (points.length === 0) return undefined;
  const worst = points.reduce((a, b) => (b.endDelayMs > a.endDelayMs ? b : a));
  const crashWorst = points.reduce((a, b) => (b.crash.endDelayMs > a.crash.endDelayMs ? b : a));
  const reruns = points.reduce((n, p) => n + p.reruns, 0);
  const crashReruns = points.reduce((n, p) => n + p.crash.reruns, 0);
  const costlier = points.filter((p) => p.endDelayMs > p.crash.endDelayMs).length;
  const exits: Record<string, number> = {};
  for (const p of points) exits[p.exit ?? DRAINING] = (exits[p.exit ?? DRAINING] ?? 0) + 1;
  const left = Object.entries(exits).map(([how, n]) => decommissionExits(how === DRAINING ? null : how as SweptDecommission['exit'], n)).join(', ');
  const delay = (ms: number) => (ms <= 0 ? 'no later end' : `the run ends ${fmtMs(ms)} later`);
  const at = (p: SweptDecommission) => `${executorList([p.executor])} at ${fmtMs(p.at)}`;
  const summary = `Decommissions with a ${fmtMs(points[0].notice)} notice, ${plural(points.length, 'swept point')} each against a crash of the same executor at the same moment: ` +
    `${plural(reruns, 'task')} re-run in all against ${crashReruns} (${left}); ` +
    `at worst ${delay(worst.endDelayMs)} (${at(worst)}: ${plural(worst.reruns, 're-run')}, ${plural(worst.lostOutputs, 'output')} lost), ` +
    `a crash at worst ${delay(crashWorst.crash.endDelayMs)} (${at(crashWorst)}: ${plural(crashWorst.crash.reruns, 're-run')})` +
    (costlier > 0 ? `; at ${plural(costlier, 'point')} the decommission delays the end more than the crash` : '') + '.';
  return { notice: points[0].notice, points: points.length, reruns, crashReruns, worst, crashWorst, costlier, exits, summary };
}

/** SJ180 at `analysis.sweepDecommissions`: the comparison in figures. */
export function decommissionSweepFinding(model: JobFile, points: SweptDecommission[] | undefined): ModelFinding[] {
  const c = compareDecommissions(points ?? []);
  if (!c || model.analysis.sweepDecommissions === undefined) return [];
  return [{ code: 'SJ180', severity: 'info', target: { kind: 'analysis', key: 'sweepDecommissions' }, message: c.summary }];
}
