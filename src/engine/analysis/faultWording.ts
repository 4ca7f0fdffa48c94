// The words for a fault that changed nothing the driver noticed (SJ101, SJ102, SJ181): at a time,
// tied to a task attempt (`during`), or a decommission. Shared by the findings and the CLI's
// `simulate` warning; small, so the CLI's cold start does not load the analysis.
import type { FaultSpec } from '../../format/model';
import type { FaultResult, SimulationResult } from '../result';
import type { ModelFinding } from './findings';
import { fmtMs } from './format';

/**
 * SJ101 / SJ102 for a fault the driver never noticed and that stopped nothing, worded for what the
 * fault is: at a time, tied to a task attempt (`during`: the moment is that attempt's launch plus
 * `at`, or never), or a decommission that outlasted the run (SJ181: it changed where tasks ran).
 * Nothing for a fault the driver noticed or whose speculative copies stopped tasks (SJ161 says that).
 */
export function faultChangesNothing(result: SimulationResult, f: FaultResult, index: number, spec: FaultSpec | undefined): ModelFinding | undefined {
  if (f.detectedAt !== null || f.speculation?.stoppedTasks.length) return undefined;
  const makespan = result.metrics.makespan;
  if (f.decommission && f.decommission.exit === null) {
    return { code: 'SJ181', severity: 'info', target: { kind: 'fault', index },
      message: `the run ends at ${fmtMs(makespan)} while executor ${f.executor} is still decommissioning (notice at ${fmtMs(f.at)}` +
        `${f.decommission.killAt !== null ? `, kill at ${fmtMs(f.decommission.killAt)}` : ', no kill'}): it took no task from the notice on, but nothing of it was lost` };
  }
  if (f.decommission?.exit === 'ignored' && f.decommission.killAt !== null) {
    return { code: 'SJ101', severity: 'warning', target: { kind: 'fault', index, field: spec?.notice !== undefined ? 'notice' : 'at' },
      message: `executor ${f.executor} ignores the decommission notice at ${fmtMs(f.at)} (see SJ170) and its kill at ${fmtMs(f.decommission.killAt)} ` +
        `comes after the run ends (${fmtMs(makespan)}): it changes nothing` };
  }
  const d = spec?.during;
  if (d) {
    const attempt = `attempt ${d.attempt} of task ${d.job}/${d.stage}/${d.task}`;
    // a fired anchor's result carries the executor that ran the attempt and the absolute moment
    const fired = f.at !== spec.at || f.executor !== spec.executor || result.attempts.some((a) => a.task === `${d.job}/${d.stage}/${d.task}` && a.attempt === d.attempt);
    if (!fired) {
      return { code: 'SJ102', severity: 'warning', target: { kind: 'fault', index, field: 'during' },
        message: `the fault is tied to ${attempt}, which never runs in this simulation: the fault never happens` };
    }
    const launch = f.at - spec.at;
    return { code: 'SJ101', severity: 'warning', target: { kind: 'fault', index, field: 'during' },
      message: `the fault tied to ${attempt} hits executor ${f.executor} at ${fmtMs(f.at)} (the attempt's launch at ${fmtMs(launch)} + ${fmtMs(spec.at)}), ` +
        `and the run ends at ${fmtMs(makespan)} before the driver notices it: it changes nothing` };
  }
  return f.at >= makespan
    ? { code: 'SJ101', severity: 'warning', target: { kind: 'fault', index, field: 'at' },
      message: `the fault at ${fmtMs(f.at)} comes after the run ends (${fmtMs(makespan)}): it changes nothing` }
    : { code: 'SJ102', severity: 'warning', target: { kind: 'fault', index, field: 'executor' },
      message: `executor ${f.executor} is not running at ${fmtMs(f.at)} (not registered yet, or already lost): the fault changes nothing` };
}

