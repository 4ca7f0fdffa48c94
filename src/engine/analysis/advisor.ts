// The reservation advisor: the smallest reservation that keeps every swept fault's stall under
// `analysis.stallThreshold`, with its cost, beside the alternative of a shorter
// spark.locality.wait with its own cost. The user weighs the two with numbers.
import { sweptNewExecutorMessage } from './newExecutorWait';
import type { JobFile } from '../../format/model';
import { EventKind } from '../eventQueue';
import { snapshotSimulation } from '../fork';
import type { Simulation } from '../simulation';
import type { Locality } from '../result';
import { faultResult } from '../results';
import { faultFreeMetrics, newBase, reservationFor, reservationOf, runFork, stalledForkEnds, type FaultFreeMetrics, type SweepResult, type SweptFault } from './sweep';
import { byId, executorList, fmtMs } from './format';
import { stateLocalityTradeoff, type StateLocalityTradeoff } from './stateLocality';
import { adviseSpeculation, type SpeculationAdvice } from './speculation';
import { compareDecommissions, type DecommissionComparison } from './decommissionSweep';

export interface ReservationAdvice {
  /** reserved slots per executor, on `executors` */
  slots: number;
  executors: string[];
  /** does it bring every swept stall under the threshold? */
  clearsAll: boolean;
  /** reserved slot-seconds per hour, idle outside recovery */
  idleSlotSecondsPerHour: number;
  /** fault-free makespan if the slots were taken from normal work, minus the current one */
  makespanChangeMs: number | null;
}

export interface LocalityWaitAdvice {
  /** the largest spark.locality.wait (ms) that brings every swept stall under the threshold */
  waitMs: number;
  clearsAll: boolean;
  /** fault-free run: attempts per locality level now and with the shorter wait */
  localityBefore: Partial<Record<Locality, number>>;
  localityAfter: Partial<Record<Locality, number>>;
  remoteBytesBefore: number;
  remoteBytesAfter: number;
  makespanChangeMs: number;
}

export interface Advice {
  stalls: number;
  /** stateful queries: reloads against stall, per second of spark.locality.wait */
  stateLocality?: StateLocalityTradeoff;
  reservation?: ReservationAdvice;
  localityWait?: LocalityWaitAdvice;
  /** swept hangs (`analysis.sweepHangs`): their cost with and without spark.speculation */
  speculation?: SpeculationAdvice;
  /** swept decommissions (`analysis.sweepDecommissions`) against crashes at the same points */
  decommission?: Omit<DecommissionComparison, 'summary'>;
  summary: string[];
}

export const MAX_SLOTS = 4;
export const WAIT_LADDER = [2000, 1000, 500, 200, 100, 50, 0];

/**
 * The advice on a sweep of `model`. The locality-wait advice compares with the file's own
 * fault-free run: `swept.faultFree` when the sweep (or its caller) had it, else simulated here.
 */
export function advise(model: JobFile, swept: SweepResult): Advice {
  const stalled = swept.faults.filter((f) => f.stalled);
  const advice: Advice = { stalls: stalled.length, summary: [] };
  const state = stateLocalityTradeoff(model);
  if (state) advice.stateLocality = state;
  // dynamic allocation: recovery that waited for a new executor, which no reservation shortens
  const waits = swept.faults.map((f) => f.newExecutorWaitMs ?? 0);
  const replacement = waits.some((w) => w > 0) ? sweptNewExecutorMessage(model, waits, waits.length) : undefined;
  const hangs = adviseSpeculation(model, swept);
  if (hangs) advice.speculation = hangs.advice;
  const decommissions = compareDecommissions(swept.decommissions ?? []);
  if (decommissions) {
    const { summary: _, ...rest } = decommissions;
    advice.decommission = rest;
  }
  if (stalled.length === 0) {
    advice.summary.push('No swept fault stalls on delay scheduling: nothing to reserve.');
    if (replacement) advice.summary.push(replacement);
    if (state) advice.summary.push(state.summary);
    if (hangs) advice.summary.push(hangs.summary);
    if (decommissions) advice.summary.push(decommissions.summary);
    return advice;
  }
  if (replacement) advice.summary.push(replacement);
  advice.reservation = adviseReservation(model, stalled, swept.makespan);
  advice.localityWait = adviseLocalityWait(model, stalled, swept.faultFree);
  const r = advice.reservation;
  advice.summary.push(
    `Reserve ${r.slots} slot${r.slots > 1 ? 's' : ''} on ${executorList(r.executors)}: ` +
    `${r.clearsAll ? 'every' : 'not every'} swept stall under ${fmtMs(model.analysis.stallThreshold)}; ` +
    `cost ${Math.round(r.idleSlotSecondsPerHour)} idle slot-seconds per hour` +
    (r.makespanChangeMs === null ? '' : `, or ${signed(r.makespanChangeMs)} makespan without faults if taken from the normal slots`) + '.');
  const w = advice.localityWait;
  if (w) {
    advice.summary.push(
      `Or set spark.locality.wait to ${fmtMs(w.waitMs)}: ${w.clearsAll ? 'every' : 'not every'} swept stall under the threshold; ` +
      `cost without faults: ${describeLocality(w.localityBefore, w.localityAfter)}, ` +
      `${mib(w.remoteBytesAfter - w.remoteBytesBefore)} more read remotely, makespan ${signed(w.makespanChangeMs)}.`);
  }
  if (state) advice.summary.push(state.summary);
  if (hangs) advice.summary.push(hangs.summary);
  if (decommissions) advice.summary.push(decommissions.summary);
  return advice;
}

/**
 * The advisor reads makespans, locality counts and the faults' measures: its runs keep the stats
 * log (statsLog.ts; its forks then copy the attempts still running, not the whole log) unless a
 * decommission is forked (its measures read ended attempts).
 */
export const statsOnly = (stalled: SweptFault[]) => !stalled.some((f) => f.kind === 'decommission');

/** a swept decommission's notice (the sweep's, `analysis.sweepDecommissions`) */
export const noticeOf = (model: JobFile, f: SweptFault) => (f.kind === 'decommission' ? model.analysis.sweepDecommissions : undefined);

/**
 * Stalled fault `f` forked from `b` (paused at its moment) with `slots` reserved slots on the
 * executors that hold its lost tasks' data (`preferred` for data no live executor holds): whether
 * it still stalls. The reservation's executors are added to `executors`.
 */
export function stallsWithReserve(model: JobFile, b: Simulation, f: SweptFault, slots: number, preferred: Set<string>,
  executors: Set<string>): boolean {
  // the sweep's own fork of this fault when it ran under the file's policy and Spark line
  const end = stalledForkEnds.get(f);
  const reserve = end?.filesOwn ? reservationOf(end, slots, preferred)
    : reservationFor(runFork(b, f.executor, f.at, f.kind, undefined, noticeOf(model, f)), slots, preferred);
  for (const x of reserve.keys()) executors.add(b.cluster.executors[x].id);
  const r = runFork(b, f.executor, f.at, f.kind, reserve, noticeOf(model, f));
  return faultResult(r.sim, r.k, model.analysis.stallThreshold).stalled;
}

function adviseReservation(model: JobFile, stalled: SweptFault[], makespan: number): ReservationAdvice {
  const moments = [...new Set(stalled.map((f) => f.at))].sort((a, b) => a - b);
  const executors = new Set<string>();
  // Executors that hold some stalled fault's data; a fault whose data no live executor holds is
  // served by a reserved slot on any of these, so the reservation stays small.
  const preferred = new Set(stalled.flatMap((f) => f.holders));
  let best: { slots: number; clears: boolean } = { slots: MAX_SLOTS, clears: false };
  // One pass per slot count, forking the same fault-free run at each stalled moment: the first
  // pass runs it and keeps a copy of it paused at each moment, which the later passes fork (a copy
  // costs a fraction of a millisecond, the run to the last moment most of a simulation; issue #17).
  // Not with the full attempt log (a decommission swept): a copy of it holds every attempt so far,
  // and the later passes run the fault-free run again instead.
  let base = newBase(model, {}, statsOnly(stalled));
  const keep = base.log.compact;
  const paused = new Map<number, Simulation>();
  const clearsWith = (slots: number): boolean => {
    if (slots > 1 && !keep) base = newBase(model, {}, statsOnly(stalled));
    let ok = true;
    for (const at of moments) {
      let b = paused.get(at);
      if (b === undefined) {
        base.runUntil(at, EventKind.Fault);
        b = base;
      }
      for (const f of stalled.filter((x) => x.at === at)) if (stallsWithReserve(model, b, f, slots, preferred, executors)) ok = false;
      // (its forks are run: the base may move on)
      if (b === base && keep && slots < MAX_SLOTS) paused.set(at, snapshotSimulation(base));
    }
    return ok;
  };
  for (let slots = 1; slots <= MAX_SLOTS; slots++) {
    if (clearsWith(slots)) {
      best = { slots, clears: true };
      break;
    }
  }
  const ids = [...executors].sort(byId);
  return {
    slots: best.slots, executors: ids, clearsAll: best.clears,
    idleSlotSecondsPerHour: best.slots * ids.length * 3600,
    makespanChangeMs: takenFromNormalWork(model, ids, best.slots, makespan),
  };
}

/** The paper keeps reserved slots out of normal work: the fault-free run with that capacity gone. */
function takenFromNormalWork(model: JobFile, ids: string[], slots: number, makespan: number): number | null {
  const cpus = model.conf.taskCpus;
  const set = new Set(ids);
  const executors = model.cluster.executors.map((e) => set.has(e.id) ? { ...e, cores: e.cores - slots * cpus } : e);
  if (executors.some((e) => set.has(e.id) && e.cores < cpus)) return null;
  const b = newBase({ ...model, cluster: { executors } }, { policy: 'spark' }, true);
  b.run();
  if (b.aborted.length > 0) return null;
  return b.makespan - makespan;
}

function adviseLocalityWait(model: JobFile, stalled: SweptFault[], faultFree: FaultFreeMetrics | undefined): LocalityWaitAdvice | undefined {
  const current = model.conf.localityWait.node;
  const ladder = WAIT_LADDER.filter((w) => w < current);
  if (ladder.length === 0) return undefined;
  const before = faultFree ?? faultFreeRunMetrics(model);
  let chosen = ladder[ladder.length - 1];
  let clears = false;
  // the run of the chosen wait, paused at a stalled moment: run on to its end, it is the
  // fault-free run with that wait (its forks are done; issue #17)
  let run: Simulation | undefined;
  for (const w of ladder) {
    const tried = stallsCleared(withWait(model, w), stalled);
    run = tried.base;
    if (tried.cleared) {
      chosen = w;
      clears = true;
      break;
    }
  }
  run!.run();
  const after = faultFreeMetrics(run!);
  return {
    waitMs: chosen, clearsAll: clears,
    localityBefore: before.localityCounts, localityAfter: after.localityCounts,
    remoteBytesBefore: before.remoteReadBytes, remoteBytesAfter: after.remoteReadBytes,
    makespanChangeMs: after.makespan - before.makespan,
  };
}

/** The file's fault-free run under its own Spark line and policy, with the stats log. */
function faultFreeRunMetrics(model: JobFile): FaultFreeMetrics {
  const run = newBase(model, {}, true);
  run.run();
  return faultFreeMetrics(run);
}

/** `model` with spark.locality.wait (every level) at `ms`. */
export function withWait(model: JobFile, ms: number): JobFile {
  return {
    ...model,
    conf: { ...model.conf, localityWait: { process: ms, node: ms, rack: ms }, raw: { ...model.conf.raw, 'spark.locality.wait': `${ms}ms` } },
  };
}

/** Whether every stalled fault recovers without a stall under `model`; `base`, its fault-free run, paused where it stopped. */
function stallsCleared(model: JobFile, stalled: SweptFault[]): { cleared: boolean; base: Simulation } {
  const base = newBase(model, {}, statsOnly(stalled));
  for (const f of [...stalled].sort((x, y) => x.at - y.at)) {
    base.runUntil(f.at, EventKind.Fault);
    const r = runFork(base, f.executor, f.at, f.kind, undefined, noticeOf(model, f));
    if (faultResult(r.sim, r.k, model.analysis.stallThreshold).stalled) return { cleared: false, base };
  }
  return { cleared: true, base };
}

function describeLocality(before: Partial<Record<Locality, number>>, after: Partial<Record<Locality, number>>): string {
  const local = (c: Partial<Record<Locality, number>>) => (c.PROCESS_LOCAL ?? 0) + (c.NODE_LOCAL ?? 0);
  const lost = local(before) - local(after);
  return lost > 0 ? `${lost} fewer local task launches` : 'no local launches lost';
}

function signed(ms: number): string {
  return ms === 0 ? 'unchanged' : `${ms > 0 ? '+' : '-'}${fmtMs(Math.abs(ms))}`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MiB`;
}
