// What spark.speculation does for the file's own faults (src/engine/speculation.ts): it copies
// only running tasks, so it rescues the tasks a hung executor (or a dead machine the driver has
// not noticed yet) holds long before the heartbeat timeout, and never a re-run waiting for a
// local slot. SJ161 says what it did in this run; SJ162, with speculation off, what it would do
// for a hang and what it costs without faults.
import type { JobFile } from '../../format/model';
import { Status } from '../attemptLog';
import { EventKind } from '../eventQueue';
import type { FaultResult, SimulationResult } from '../result';
import { speculationOutcome } from '../results';
import { simulate, type SimulateOptions } from '../simulate';
import { SPECULATIVE } from '../speculation';
import { fmtMs, plural } from './format';
import type { ModelFinding } from './findings';
import { newBase, runFork, sweepMoments, type SweepResult } from './sweep';

export const SPECULATION_CODES = {
  SJ161: { severity: 'info', title: 'What speculation did for this fault', explanation: 'With `spark.speculation` on, a task stuck on a hung executor (or on a machine the driver has not noticed is gone) keeps running as far as the driver knows, so TaskSetManager.checkSpeculatableTasks copies it to another host once its stage has `quantile` of its tasks done and it has run longer than max(`multiplier` x the median, `minTaskRuntime`). The message gives when the stopped tasks were done and what the heartbeat timeout would have cost instead (the same file simulated with speculation off). Tasks that were not copied (a one-task stage without `spark.speculation.task.duration.threshold`, a stage short of its quantile, no free slot on another host) wait for the detection as before. A re-run waiting for a local slot is not running: speculation never helps it.' },
  SJ162: { severity: 'info', title: 'Speculation would shorten this hang', explanation: 'Without `spark.speculation` the tasks on a hung executor wait for HeartbeatReceiver to remove it (`spark.network.timeout`, 120 s by default, checked every 60 s) before they are re-run. The message gives this hang\'s cost with and without speculation (both simulated) and what speculation costs without faults: the copies of slow tasks that lose to their original and are killed (slot time spent for nothing). The quick fix sets `spark.speculation: true`.' },
} as const;

/** SJ161 / SJ162 for each of the file's faults that stopped tasks. */
export function speculationFindings(model: JobFile, result: SimulationResult, options: SimulateOptions): ModelFinding[] {
  const out: ModelFinding[] = [];
  const on = model.conf.speculation.enabled;
  let other: SimulationResult | undefined;
  const otherRun = () => (other ??= simulate(withSpeculation(model, !on), { ...options, withoutAttempts: false }));
  result.faults.forEach((f, index) => {
    // (a loss the driver learns of at once leaves speculation nothing to do: told only when it rescued something)
    const unnoticed = f.kind === 'hang' || f.kind === 'node';
    if (on) {
      const s = f.speculation;
      if (!s || s.stoppedTasks.length === 0 || (s.rescued.length === 0 && !unnoticed)) return;
      out.push(rescueFinding(f, index, otherRun().faults[index]));
    } else if (unnoticed && f.recoveredAt !== null) {
      const alt = otherRun().faults[index];
      const doneAt = alt?.speculation?.doneAt;
      if (doneAt === null || doneAt === undefined || doneAt >= f.recoveredAt) return;
      out.push(suggestion(model, f, index, doneAt, options));
    }
  });
  return out;
}

function withSpeculation(model: JobFile, enabled: boolean): JobFile {
  return { ...model, conf: { ...model.conf, speculation: { ...model.conf.speculation, enabled } } };
}

function what(f: FaultResult): string {
  const kind = f.kind === 'hang' ? 'hang' : f.kind === 'node' ? 'machine failure' : f.kind === 'crash' ? 'crash' : f.kind;
  return `executor ${f.executor}'s ${kind} at ${fmtMs(f.at)}`;
}

function rescueFinding(f: FaultResult, index: number, off: FaultResult | undefined): ModelFinding {
  const s = f.speculation!;
  const n = s.stoppedTasks.length;
  const r = s.rescued.length;
  const offDone = off?.recoveredAt ?? null;
  const without = offDone !== null ? ` Without speculation they would be done at ${fmtMs(offDone)} (${fmtMs(offDone - f.at)} after the fault${off?.detectedAt != null ? `, the driver noticing it at ${fmtMs(off.detectedAt)}` : ''}).` : '';
  let message: string;
  if (r === 0) {
    message = `spark.speculation copied none of the ${plural(n, 'task')} ${what(f)} stopped` +
      (s.doneAt !== null ? `: they were done at ${fmtMs(s.doneAt)}, after the driver noticed the loss` : '') +
      ' (a one-task stage without spark.speculation.task.duration.threshold, a stage short of its quantile, or no free slot on another host).' + without;
  } else {
    const all = r === n ? (n === 1 ? 'its only stopped task' : `all ${n} stopped tasks`) : `${r} of the ${n} stopped tasks`;
    message = `spark.speculation rescued ${all} of ${what(f)} with copies on other hosts` +
      (s.doneAt !== null ? `: done at ${fmtMs(s.doneAt)}, ${fmtMs(s.doneAt - f.at)} after the fault` : '') +
      (f.detectedAt !== null ? `, while the driver noticed the loss only at ${fmtMs(f.detectedAt)}.` : ', before the driver noticed the loss at all (the run ended first).') + without;
  }
  return { code: 'SJ161', severity: 'info', message, target: { kind: 'fault', index },
    related: [{ message: 'speculation is turned on here', target: { kind: 'conf', key: 'spark.speculation' } }] };
}

/** SJ162: the hang with speculation (already simulated) and speculation's cost in the fault-free run. */
function suggestion(model: JobFile, f: FaultResult, index: number, doneAt: number, options: SimulateOptions): ModelFinding {
  const now = f.recoveredAt! - f.at;
  const withIt = doneAt - f.at;
  const free = simulate(withSpeculation(model, true), { ...options, faults: [], withoutAttempts: false });
  const killed = free.attempts.filter((a) => a.speculative && a.status === 'killed');
  const wasted = killed.reduce((t, a) => t + (a.end - a.launch), 0);
  const copies = free.attempts.filter((a) => a.speculative).length;
  const cost = copies === 0
    ? 'without faults it launches no copy in this file'
    : `without faults it launches ${plural(copies, 'copy', 'copies')} of slow tasks (${fmtMs(wasted)} of slot time killed for nothing)`;
  return {
    code: 'SJ162', severity: 'info', target: { kind: 'fault', index },
    message: `${what(f)} costs ${fmtMs(now)}: its tasks wait for the heartbeat timeout${f.detectedAt !== null ? ` (noticed at ${fmtMs(f.detectedAt)})` : ''}. ` +
      `With spark.speculation: true they would get copies on other hosts and be done ${fmtMs(withIt)} after the fault; ${cost}.`,
    fixes: [{ kind: 'setConf', key: 'spark.speculation', value: 'true' }],
  };
}

/** The advisor's word on speculation when the sweep includes hangs (`analysis.sweepHangs`). */
export interface SpeculationAdvice {
  /** spark.speculation as the file sets it */
  enabled: boolean;
  /** swept hangs that stopped tasks */
  hangs: number;
  /** the worst swept hang's cost (every stopped task done, minus the hang), without and with speculation */
  worstWithoutMs: number | null;
  worstWithMs: number | null;
  /** fault-free run with speculation: copies launched, slot time of the killed ones, makespan change */
  copies: number;
  killedSlotMs: number;
  makespanChangeMs: number;
}

/**
 * Every executor hanging at each sweep moment (`analysis.sweepHangs`), forked from the fault-free
 * run under both settings, and speculation's price in the fault-free run. (The sweep's own results
 * leave out a hang that speculation rescued before the run ended: the driver never noticed it.)
 */
export function adviseSpeculation(model: JobFile, swept: SweepResult): { advice: SpeculationAdvice; summary: string } | undefined {
  if (!model.analysis.sweepHangs) return undefined;
  const moments = sweepMoments(swept.makespan, model.analysis.sweepTimes);
  const ids = model.cluster.executors.map((e) => e.id);
  const off = worstHang(withSpeculation(model, false), moments, ids);
  const on = worstHang(withSpeculation(model, true), moments, ids);
  if (off.hangs === 0) return undefined;
  const plain = newBase(withSpeculation(model, false));
  plain.run();
  const spec = newBase(withSpeculation(model, true));
  spec.run();
  let copies = 0;
  let killedSlotMs = 0;
  for (let a = 0; a < spec.log.length; a++) {
    if (!(spec.log.flags[a] & SPECULATIVE)) continue;
    copies++;
    if (spec.log.status[a] === Status.Killed) killedSlotMs += spec.log.end[a] - spec.log.launch[a];
  }
  const advice: SpeculationAdvice = {
    enabled: model.conf.speculation.enabled, hangs: off.hangs, worstWithoutMs: off.worst, worstWithMs: on.worst,
    copies, killedSlotMs, makespanChangeMs: spec.makespan - plain.makespan,
  };
  const ms = (v: number | null) => (v === null ? 'never done (a stopped task never finishes)' : fmtMs(v));
  const price = copies === 0 ? 'it launches no copy without faults'
    : `without faults it launches ${plural(copies, 'copy', 'copies')} (${fmtMs(killedSlotMs)} of slot time killed for nothing), makespan ${signed(advice.makespanChangeMs)}`;
  const n = plural(off.hangs, 'swept hang');
  const summary = advice.enabled
    ? `Hangs: with spark.speculation the worst of ${n} costs ${ms(on.worst)} (without it ${ms(off.worst)}, the heartbeat timeout); ${price}.`
    : `Hangs: the worst of ${n} costs ${ms(off.worst)} (the heartbeat timeout); with spark.speculation: true ${ms(on.worst)}; ${price}.`;
  return { advice, summary };
}

/** The largest `doneAt - at` over the hangs that stopped tasks (worst null: one never done). */
function worstHang(model: JobFile, moments: number[], ids: string[]): { hangs: number; worst: number | null } {
  const b = newBase(model);
  let worst: number | null = 0;
  let hangs = 0;
  for (const at of moments) {
    b.runUntil(at, EventKind.Fault);
    for (const id of ids) {
      const r = runFork(b, id, at, 'hang');
      const o = speculationOutcome(r.sim, r.k);
      if (o.stoppedTasks.length === 0) continue;
      hangs++;
      if (o.doneAt === null) worst = null;
      else if (worst !== null) worst = Math.max(worst, o.doneAt - at);
    }
  }
  return { hangs, worst };
}

function signed(ms: number): string {
  return ms === 0 ? 'unchanged' : `${ms > 0 ? '+' : '-'}${fmtMs(Math.abs(ms))}`;
}
