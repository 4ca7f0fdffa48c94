// The locality-wait trade-off of stateful queries (reference structured-streaming.md sec. 1.3):
// Spark's guide tells users to raise spark.locality.wait so that state stores stay on their
// executors across batches (fewer reloads from the checkpoint); but the StateStoreCoordinator
// keeps a dead executor as the location, so after a loss the orphaned partitions wait the
// process and node levels before ANY: each second of wait costs about two seconds of stall.
// This puts figures from the simulation on both sides: for a ladder of waits, the reloads of the
// fault-free run and the stall after the loss of the executor that holds the most stores.
// (Neither side has a closed form: which partitions reload depends on every launch, and the
// stall on the timer's last reset, so both are simulated, the loss forked from the fault-free run.)
import type { JobFile } from '../../format/model';
import { EventKind } from '../eventQueue';
import { faultResult } from '../results';
import type { Simulation } from '../simulation';
import { newBase, runFork, type FaultFreeMetrics, type StateReloads } from './sweep';
import { fmtMs } from './format';

export interface WaitPoint {
  /** spark.locality.wait (every level) */
  waitMs: number;
  /** fault-free run: state store reloads and their total time */
  reloads: number;
  reloadMs: number;
  /** the loss: the longest wait of a recovery task while a slot was free, and the recovery */
  stallMs: number;
  recoveryMs: number | null;
}

export interface StateLocalityTradeoff {
  /** the executor lost, and when (the middle of the fault-free run) */
  executor: string;
  at: number;
  /** fault-free run length at the file's wait (reloads per hour scale by it) */
  runMs: number;
  currentWaitMs: number;
  points: WaitPoint[];
  /** from the file's wait down to 0: stall and reloads per second of wait */
  stallPerWaitSecondMs: number;
  reloadsAvoidedPerWaitSecond: number;
  /** the file's waits with spark.locality.wait.node = 0: the node level buys nothing when no other executor shares the lost one's host (Kubernetes) */
  nodeZero: WaitPoint;
  summary: string;
  /** what the figures cost: fault-free runs from zero, and lost runs forked from them */
  cost: { fullRuns: number; forks: number };
}

/**
 * The waits tried: none and the file's (the per-second figures come from these two) and one
 * second (the shorter process wait the quick fix offers). Each is a simulation, so no more.
 */
function ladder(current: number): number[] {
  return [...new Set([0, 1000, current])].sort((a, b) => a - b);
}

export function withLocalityWait(model: JobFile, ms: number): JobFile {
  const raw: Record<string, string> = { ...model.conf.raw, 'spark.locality.wait': `${ms}ms` };
  for (const k of ['spark.locality.wait.process', 'spark.locality.wait.node', 'spark.locality.wait.rack']) delete raw[k];
  return { ...model, conf: { ...model.conf, localityWait: { process: ms, node: ms, rack: ms }, raw } };
}

export function hasStatefulQuery(model: JobFile): boolean {
  return (model.queries ?? []).some((q) => q.stages.some((s) => s.state));
}

/**
 * The trade-off, or undefined when the file has no stateful query (or no executor to lose).
 * Cost: per wait one fault-free run, paused at the loss to fork the lost run from it (a fork
 * equals the run from zero and stops once the loss has recovered), then run to its end for the
 * reloads; the file's own fault-free run doubles as its wait's when the file's levels agree.
 */
export function stateLocalityTradeoff(model: JobFile, fileRun?: FaultFreeMetrics): StateLocalityTradeoff | undefined {
  if (!hasStatefulQuery(model)) return undefined;
  // the same model asks once (the findings, then the advisor of one sweep)
  const known = computed.get(model);
  if (known) return known;
  const t = tradeoff(model, fileRun);
  if (t) computed.set(model, t);
  return t;
}

const computed = new WeakMap<JobFile, StateLocalityTradeoff>();

/** `fileRun`: the file's fault-free run under Spark's policy, finished, when the caller has it (its makespan and reloads). */
function tradeoff(model: JobFile, fileRun?: FaultFreeMetrics): StateLocalityTradeoff | undefined {
  const lw = model.conf.localityWait;
  const current = lw.process;
  const threshold = model.analysis.stallThreshold;
  const cost = { fullRuns: 0, forks: 0 };
  // every run under Spark's own policy: the trade-off is the wait's, not the reservation's
  const free = (m: JobFile) => newBase({ ...m, faults: [] }, { policy: 'spark' });
  const uniform = lw.node === current && lw.rack === current;
  const asFile = uniform ? withLocalityWait(model, current) : model;
  // the file's own run serves when its levels agree (withLocalityWait changes nothing then)
  const own = uniform ? fileRun?.stateReloads : undefined;
  let runMs: number;
  let baseReloads: StateReloads;
  if (own) {
    runMs = fileRun!.makespan;
    baseReloads = own;
  } else {
    const base = free(asFile);
    base.run();
    cost.fullRuns++;
    runMs = base.makespan;
    baseReloads = base.queries!;
  }
  const at = Math.floor(runMs / 2);
  const paused = (m: JobFile) => {
    const sim = free(m);
    sim.runUntil(at, EventKind.Fault);
    return sim;
  };
  // the executor with the most state stores at the middle of the run
  const mid = paused(asFile);
  const holders = [...(mid.queries?.storeHolders() ?? new Map()).entries()].filter(([x]) => mid.cluster.isAlive(mid.cluster.executors[x]));
  if (holders.length === 0) return undefined;
  holders.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const executor = mid.cluster.executors[holders[0][0]].id;
  /** the loss forked from `sim` paused at `at`; then `done` (or `sim` run on) gives the fault-free reloads */
  const measure = (sim: Simulation, w: number, done?: StateReloads): WaitPoint => {
    const lost = runFork(sim, executor, at, 'crash');
    cost.forks++;
    const f = faultResult(lost.sim, lost.k, threshold);
    if (!done) {
      sim.run();
      cost.fullRuns++;
    }
    const q = done ?? sim.queries!;
    return { waitMs: w, reloads: q.reloads, reloadMs: q.reloadMs, stallMs: f.localityWait, recoveryMs: f.recoveryLatency };
  };
  const points = ladder(current).map((w) => w === current && uniform ? measure(mid, w, baseReloads) : measure(paused(withLocalityWait(model, w)), w));
  const nodeZero = measure(paused({ ...model, conf: { ...model.conf, localityWait: { ...lw, node: 0 }, raw: { ...model.conf.raw, 'spark.locality.wait.node': '0' } } }), current);
  const now = points.find((p) => p.waitMs === current)!;
  const zero = points[0];
  const secs = current / 1000;
  const stallPerWaitSecondMs = secs > 0 ? Math.round((now.stallMs - zero.stallMs) / secs) : 0;
  const reloadsAvoidedPerWaitSecond = secs > 0 ? +((zero.reloads - now.reloads) / secs).toFixed(2) : 0;
  const perHour = (n: number) => Math.round((n * 3_600_000) / Math.max(1, runMs));
  const describe = (p: WaitPoint) => `${fmtMs(p.waitMs)}: ${p.reloads} reload${p.reloads === 1 ? '' : 's'} without faults` +
    ` (${perHour(p.reloads)} per hour), stall ${fmtMs(p.stallMs)} after the loss`;
  const summary = `Stateful queries and spark.locality.wait: the wait keeps state stores on their executors across batches, ` +
    `but after a loss the StateStoreCoordinator still names the dead executor, so its partitions wait every level before ANY. ` +
    `Losing executor ${executor} at ${fmtMs(at)}: ${points.map(describe).join('; ')}. ` +
    (secs > 0 ? `Each second of wait adds about ${fmtMs(stallPerWaitSecondMs)} of stall after a loss and avoids ` +
      `${perHour(reloadsAvoidedPerWaitSecond)} reloads per hour.` : '') +
    (nodeZero.stallMs < now.stallMs ? ` With spark.locality.wait.node = 0 the stall is ${fmtMs(nodeZero.stallMs)} ` +
      `(${nodeZero.reloads} reload${nodeZero.reloads === 1 ? '' : 's'} without faults).` : '');
  return { executor, at, runMs, currentWaitMs: current, points, stallPerWaitSecondMs, reloadsAvoidedPerWaitSecond, nodeZero, summary, cost };
}
