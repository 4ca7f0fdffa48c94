// The fault sweep (spec "analysis"): every executor failing at `sweepTimes` moments spread over
// the fault-free run, each fault simulated under the file's policy and, where recovery stalls,
// again with one reserved slot on the executors that hold the lost tasks' data.
// Fast by construction: the fault-free run is simulated once; at each moment it is paused just
// before a fault would be handled and forked, and a fork stops as soon as its fault has
// recovered (nothing after that changes the fault's measures).
import type { FaultKind, JobFile } from '../../format/model';
import { ExecState } from '../cluster';
import { EventKind } from '../eventQueue';
import type { Arena } from '../arena';
import { forgetPlan, forkArena, forkSimulation } from '../fork';
import { NO_ENTRIES, NONE } from '../intList';
import { LOCALITY_NAMES } from '../locality';
import type { Finding, Locality, Metrics } from '../result';
import { faultResult, launchesPerLocality } from '../results';
import { reserveSlots } from '../recovery';
import { DEFAULT_LIMITS, type SimulateOptions } from '../simulate';
import { Simulation } from '../simulation';
import { stallMessage, waitSetting } from './format';
import { newExecutorWaitIn } from './newExecutorWait';
import { taskName } from '../workload';
import { compareWithCrash, type SweptDecommission } from './decommissionSweep';
import { IdleCrashes } from './idleCrash';
import { ReceiverCrashes } from './receiverCrash';
import { ReservedReruns } from './reservedRerun';
import { Snapshots } from './sweepSnapshots';

export interface SweptFault {
  executor: string;
  at: number;
  kind: FaultKind;
  detectedAt: number;
  lostTasks: number;
  recoveryLatency: number | null;
  /** the longest time a re-run waited while a slot was free (the stall) */
  localityWait: number;
  /** queries: stateful partitions orphaned by the loss (their first tasks are recovery work) */
  orphanedTasks?: number;
  stalled: boolean;
  lowerBoundMs: number;
  waited: { task: string; locality: Locality; waitMs: number; host: string }[];
  holders: string[];
  /** their hosts: where the data is */
  holderHosts: string[];
  /** recovery latency with one reserved slot on each holder (stalled faults only) */
  withReservedSlotMs: number | null;
  /** streaming files: receivers that ran on the executor, when they registered again (null: not in the run) */
  lostReceivers?: { receiver: string; relaunchedAt: number | null }[];
  /** dynamic allocation: the longest wait of a re-run for a new executor (newExecutorWait.ts), 0 if none */
  newExecutorWaitMs?: number;
  /** streaming files: received blocks lost for good (no replica, no write-ahead log) */
  lostBlocks?: { block: string; batch: number; records: number; kind: 'dropped' | 'task-failed' }[];
}

export interface SweepOptions extends Pick<SimulateOptions, 'spark' | 'policy'> {
  times?: number;
  hangs?: boolean;
  /** only these executors (the CLI spreads executors over worker threads) */
  executors?: string[];
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** the fault-free run under these options, when the caller has simulated it already (its makespan sets the moments) */
  faultFree?: FaultFreeMetrics;
  /** fork every fault, even a crash whose outcome is known (idleCrash.ts, receiverCrash.ts; for their tests) */
  forkAll?: boolean;
  /** copies of the fault-free run that gave `faultFree`, kept on its way (sweepBaseRun; this thread only) */
  snapshots?: Snapshots;
}

export interface SweepResult {
  makespan: number;
  faults: SweptFault[];
  findings: Finding[];
  cancelled: boolean;
  /** forked runs simulated */
  runs: number;
  /** `analysis.sweepDecommissions`: each decommission against a crash at the same point */
  decommissions?: SweptDecommission[];
  /** the file's own fault-free run (its Spark line and policy), when the sweep's was that run: what the advisor reads of it */
  faultFree?: FaultFreeMetrics;
}

/**
 * What is read of the fault-free run after it: its makespan (the sweep's moments), its launches
 * per locality level and the bytes it read remotely (the advisor), and a stateful query's state
 * store reloads (the locality-wait trade-off, stateLocality.ts).
 */
export interface FaultFreeMetrics extends Pick<Metrics, 'makespan' | 'localityCounts' | 'remoteReadBytes'> {
  stateReloads?: StateReloads;
}

export interface StateReloads {
  reloads: number;
  reloadMs: number;
}

/** A finished fault-free run's metrics (either attempt log: the stats log counts launches per level as the full log does). */
export function faultFreeMetrics(sim: Simulation): FaultFreeMetrics {
  const m: FaultFreeMetrics = { makespan: sim.makespan, localityCounts: launchesPerLocality(sim.log), remoteReadBytes: sim.remoteReadBytes };
  if (sim.queries) m.stateReloads = { reloads: sim.queries.reloads, reloadMs: sim.queries.reloadMs };
  return m;
}

/** The fault moments of the sweep: `times` instants spread evenly inside the fault-free run. */
export function sweepMoments(makespan: number, times: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= times; k++) out.push(Math.floor((makespan * k) / (times + 1)));
  return [...new Set(out)];
}

/** Whether runs under these options are the file's own (its Spark line and policy): newBase(model, {}) would give the same. */
export function filesOwnRun(model: JobFile, options: Pick<SimulateOptions, 'spark' | 'policy'>): boolean {
  return (options.spark ?? model.spark) === model.spark && (options.policy ?? model.recovery.policy) === model.recovery.policy;
}

/**
 * The fault-free run to fork from. `statsOnly`: a stats log (statsLog.ts) instead of the full
 * attempt log, for forks whose caller reads only the fault's measures (the sweep): a fork then
 * copies the attempts still running, not every attempt of the run so far. Only for crash, hang
 * and node faults (a decommission's measures read ended attempts).
 */
export function newBase(model: JobFile, options: Pick<SimulateOptions, 'spark' | 'policy'> = {}, statsOnly = false): Simulation {
  const policy = options.policy ?? model.recovery.policy;
  return new Simulation(model, options.spark ?? model.spark, policy === 'reserved-slots', [], statsOnly ? STATS_LIMITS : DEFAULT_LIMITS);
}

const STATS_LIMITS = { ...DEFAULT_LIMITS, statsOnly: true };

export function faultFreeMakespan(model: JobFile, options: Pick<SimulateOptions, 'spark' | 'policy'> = {}): number {
  return faultFreeRun(model, options).makespan;
}

/**
 * The fault-free run to its end, with the stats log: its makespan sets the sweep's moments. With
 * `snapshots`, it keeps copies of itself on the way for the sweep to fork from (sweepSnapshots.ts).
 */
export function faultFreeRun(model: JobFile, options: Pick<SimulateOptions, 'spark' | 'policy'> = {}, snapshots?: Snapshots): Simulation {
  const base = newBase(model, options, true);
  if (snapshots) snapshots.runKeeping(base);
  else base.run();
  return base;
}

/**
 * What is read of the sweep's fault-free run, and the copies of itself it kept for the sweep to fork from unless
 * decommissions are swept (their measures read ended attempts: their forks need a full-log run,
 * not copies of this stats-log one). `clock` times the copies (Snapshots.copyMs).
 */
export function sweepBaseRun(model: JobFile, options: SweepOptions, clock?: () => number): { faultFree: FaultFreeMetrics; snapshots?: Snapshots } {
  const snapshots = model.analysis.sweepDecommissions === undefined ? new Snapshots(options.times ?? model.analysis.sweepTimes, clock) : undefined;
  // (what is read of the run, not the run: a caller holding the finished run kept all of it alive
  // through the whole sweep, copied by its young collections; the copies let go of it, issue #17)
  return { faultFree: faultFreeMetrics(faultFreeRun(model, options, snapshots)), snapshots };
}

/**
 * Whether the run simulated with `options` is the fault-free one (no faults, the file's
 * reservation and the default limits): the sweep, and the advisor, then need not simulate it again.
 */
export function isFaultFreeRun(model: JobFile, options: SimulateOptions): boolean {
  return (options.faults ?? model.faults).length === 0 && options.reservedSlots === undefined &&
    options.maxEvents === undefined && options.maxTimeMs === undefined;
}

/** The metrics of the fault-free run when `result` is that run (isFaultFreeRun). */
export function faultFreeMetricsOf(model: JobFile, options: SimulateOptions, result: { metrics: Metrics }): FaultFreeMetrics | undefined {
  if (!isFaultFreeRun(model, options)) return undefined;
  const { makespan, localityCounts, remoteReadBytes } = result.metrics;
  return { makespan, localityCounts: { ...localityCounts }, remoteReadBytes };
}

export interface FaultRun {
  sim: Simulation;
  k: number;
}

/**
 * Continues a copy of the paused base with one fault, until that fault has recovered (or, `toEnd`,
 * to the run's end). `arena`: the typed arrays' arena, given again to the next fork (forkSimulation).
 */
export function runFork(base: Simulation, executor: string, at: number, kind: FaultKind,
  reserve?: Map<number, number>, notice?: number, toEnd = false, arena: Arena | null = null): FaultRun {
  if (kind === 'decommission' && base.log.compact) throw new Error('a decommission fork needs a base with the full attempt log');
  // (a base run past the fault's moment would handle the fault after later events: a wrong run, not an error, without this)
  if (at < base.now) throw new Error(`a fork at ${at} ms of a run already at ${base.now} ms: fork a copy paused before it`);
  const sim = forkSimulation(base, arena);
  // (a fork stalled on a lost task stops with batches queued it never starts: built at their start;
  // its block shuffles are those of the base's other forks)
  if (sim.streaming) sim.streaming.buildAtStart = sim.streaming.drawsShared = true;
  if (reserve) reserveSlots(sim, reserve);
  const k = sim.injectFault(notice === undefined ? { executor, at, kind } : { executor, at, kind, notice });
  if (!toEnd) sim.stopWhenRecovered = k;
  sim.run();
  return { sim, k };
}

export function sweep(model: JobFile, options: SweepOptions = {}): SweepResult {
  const threshold = model.analysis.stallThreshold;
  const times = options.times ?? model.analysis.sweepTimes;
  const kinds: FaultKind[] = options.hangs ?? model.analysis.sweepHangs ? ['crash', 'hang'] : ['crash'];
  const notice = model.analysis.sweepDecommissions;
  if (notice !== undefined) kinds.push('decommission');
  const decommissions: SweptDecommission[] = [];
  let snapshots = options.snapshots;
  let faultFree = options.faultFree;
  if (faultFree === undefined) ({ faultFree, snapshots } = sweepBaseRun(model, options));
  const makespan = faultFree.makespan;
  const wanted = options.executors ? new Set(options.executors) : undefined;
  // the run to fork from, simulated again to each moment unless the copies serve them (made
  // only then: building a run's jobs is a fortieth of the bench's streaming sweep, issue #17)
  let fresh: Simulation | undefined;
  const ids = model.cluster.executors.map((e) => e.id).filter((id) => !wanted || wanted.has(id));
  const moments = sweepMoments(makespan, times);
  snapshots?.serve(moments);
  const total = moments.length * ids.length * kinds.length;
  const faults: SweptFault[] = [];
  let runs = 0;
  let done = 0;
  let cancelled = false;
  // (each fork is measured before the next is made, and only what was read of it is kept: the
  // next fork takes its typed arrays' arena, without a fresh buffer each, issue #17)
  const arena = forkArena();
  const filesOwn = filesOwnRun(model, options);
  /** the stalled forks' executor ids by index (ForkEnd.ids), shared while they are the same */
  let executorIds: readonly string[] = NONE;
  for (const at of moments) {
    let base = snapshots?.at(at);
    if (base === undefined) {
      base = fresh ??= newBase(model, options, notice === undefined);
      base.runUntil(at, EventKind.Fault);
    }
    const idle = options.forkAll || threshold < 0 || !kinds.includes('crash') ? null : new IdleCrashes(base, at);
    const receivers = idle !== null && base.streaming !== null ? new ReceiverCrashes(base, at, idle) : null;
    let reruns: ReservedReruns | null = null; // (made at the moment's first stalled crash)
    for (const id of ids) {
      const e = base.cluster.executors[base.cluster.findExecutor(id)!];
      for (const kind of kinds) {
        if (options.isCancelled?.()) {
          cancelled = true;
          break;
        }
        done++;
        if (e.addedAt > at || e.state !== ExecState.Alive) {
          options.onProgress?.(done, total); // nothing to fail here: counted all the same
          continue;
        }
        const known = kind !== 'crash' || idle === null ? null : idle.has(e.idx) ? idle : receivers?.has(e.idx) ? receivers : null;
        if (known !== null) {
          // counted as a forked run: the fork's outcome, known without simulating it
          runs++;
          faults.push(known.fault(e.idx));
          options.onProgress?.(done, total);
          continue;
        }
        // a decommission runs to the end: it is compared with a crash by the delay to the run's end
        const decommission = kind === 'decommission';
        const run = runFork(base, id, at, kind, undefined, decommission ? notice : undefined, decommission, arena);
        runs++;
        const swept = measure(run, threshold);
        if (decommission) {
          decommissions.push(compareWithCrash(base, run, makespan, (r) => faultResult(r.sim, r.k, threshold).recoveryLatency));
          runs++;
        }
        if (swept) {
          if (swept.stalled) {
            const end = forkEnd(run, filesOwn, executorIds);
            executorIds = end.ids;
            stalledForkEnds.set(swept, end);
            const reserve = reservationOf(end, 1);
            // counted as a forked run when known without it (reservedRerun.ts)
            const latency = kind !== 'crash' || idle === null ? null
              : (reruns ??= new ReservedReruns(base, at, idle)).latency(e.idx, run.sim.faults[run.k].lostTasks, reserve);
            if (latency !== null) swept.withReservedSlotMs = latency;
            else {
              const withReserved = runFork(base, id, at, kind, reserve, decommission ? notice : undefined, false, arena);
              swept.withReservedSlotMs = faultResult(withReserved.sim, withReserved.k, threshold).recoveryLatency;
            }
            runs++;
          }
          faults.push(swept);
        }
        options.onProgress?.(done, total);
      }
      if (cancelled) break;
    }
    forgetPlan(base); // (its forks are done: see forgetPlan)
    if (cancelled) break;
  }
  const findings = faults.filter((f) => f.stalled).map((f) => sweepFinding(model, f));
  return {
    makespan, faults, findings, cancelled, runs, ...(notice !== undefined ? { decommissions } : {}),
    ...(filesOwnRun(model, options) ? { faultFree } : {}),
  };
}

/**
 * k reserved slots on each executor that holds the lost tasks' data; when no live executor holds
 * it (waiting cannot bring locality back), on every live executor, since any one will do.
 */
export function reservationFor(run: FaultRun, slots: number, preferred?: Set<string>): Map<number, number> {
  return reservationOf(forkEnd(run), slots, preferred);
}

/** What a reservation for a fault is chosen from: the end of its fork. */
export interface ForkEnd {
  holders: number[];
  /** the executors alive at the fork's end, by index */
  alive: number[];
  /** every executor's id, by index */
  ids: readonly string[];
  /** orphaned state stores (queries) */
  spread: boolean;
  /** the fork ran under the file's own policy and Spark line (filesOwnRun) */
  filesOwn: boolean;
}

// (forkEnd, reservationOf and measure run once a fork: loops, not closures made at each call, whose
// compiled code went at full collections and was compiled again, issue #17)
/**
 * `ids`: the ids of an earlier fork end, shared if they are this fork's. (The live executors were
 * an object of index and id each: a stalled fork's end is kept for the advisor in stalledForkEnds,
 * whose values V8's young collections hold as strongly as their keys, so every sweep's ends were
 * copied and promoted, issue #17.)
 */
function forkEnd({ sim, k }: FaultRun, filesOwn = false, ids: readonly string[] = NONE): ForkEnd {
  const executors = sim.cluster.executors;
  const alive: number[] = [];
  let same = ids.length === executors.length;
  for (let x = 0; x < executors.length; x++) {
    const e = executors[x];
    if (e.state === ExecState.Alive) alive.push(e.idx);
    if (same && ids[x] !== e.id) same = false;
  }
  return { holders: sim.faults[k].holders, alive, ids: same ? ids : executors.map((e) => e.id), spread: sim.faults[k].orphans.length > 0, filesOwn };
}

export function reservationOf({ holders, alive, ids, spread }: ForkEnd, slots: number, preferred?: Set<string>): Map<number, number> {
  const out = new Map<number, number>();
  if (holders.length > 0) {
    for (const x of holders) out.set(x, slots);
    return out;
  }
  const chosen: number[] = [];
  if (preferred) for (const x of alive) if (preferred.has(ids[x])) chosen.push(x);
  // orphaned state stores (queries): several partitions with no live holder at once, every live
  // executor takes one
  const taken = chosen.length > 0 && !spread ? chosen : preferred && !spread ? alive.slice(0, 1) : alive;
  for (const x of taken) out.set(x, slots);
  return out;
}

/**
 * A stalled fault's fork end, with the policy and Spark line it ran under: the advisor picks its
 * reservations from it instead of forking the same fault again (this process only: a worker
 * thread's result comes without it, and the advisor forks).
 */
export const stalledForkEnds = new WeakMap<SweptFault, ForkEnd>();

function measure({ sim, k }: FaultRun, threshold: number): SweptFault | undefined {
  const f = sim.faults[k];
  if (f.detectedAt === null) return undefined;
  const stalledAttempts: [number, number][] = [];
  const r = faultResult(sim, k, threshold, undefined, stalledAttempts);
  const { log, stages, cluster } = sim;
  const waited: SweptFault['waited'] = stalledAttempts.length === 0 ? NO_ENTRIES : [];
  for (const [a, w] of stalledAttempts) {
    waited.push({
      task: taskName(stages[log.stage[a]], log.task[a]), locality: LOCALITY_NAMES[log.locality[a]], waitMs: w,
      host: cluster.hostNames[cluster.executors[log.exec[a]].host],
    });
  }
  const swept: SweptFault = {
    executor: f.spec.executor, at: f.spec.at, kind: f.spec.kind, detectedAt: f.detectedAt, lostTasks: f.lostTasks.length,
    recoveryLatency: r.recoveryLatency, localityWait: r.localityWait, stalled: r.stalled, lowerBoundMs: r.lowerBoundMs,
    waited, holders: r.holders, holderHosts: r.stallHosts, withReservedSlotMs: null, // (faultResult's ids of f.holders)
  };
  if (r.orphanedTasks) swept.orphanedTasks = r.orphanedTasks.length;
  if (sim.allocation) swept.newExecutorWaitMs = newExecutorWaitIn(sim, k);
  let waitedOrphans = 0;
  if (r.orphanedTasks && r.orphanedTasks.length > 0 && waited.length > 0) {
    const orphans = new Set(r.orphanedTasks);
    for (const w of waited) if (orphans.has(w.task)) waitedOrphans++;
  }
  if (sim.streaming) {
    // the fork stops once its fault has recovered: the receivers relaunched and the lost tasks done
    const lost = r.lostReceivers ?? NO_ENTRIES;
    const lostReceivers: SweptFault['lostReceivers'] = lost.length === 0 ? NO_ENTRIES : [];
    for (const l of lost) lostReceivers.push({ receiver: l.receiver, relaunchedAt: l.relaunchedAt });
    swept.lostReceivers = lostReceivers;
    swept.lostBlocks = sim.streaming.lostBlocksSince(f.spec.at);
  }
  if (waitedOrphans > 0) orphanCounts.set(swept, waitedOrphans);
  return swept;
}

/** measure()'s count of waited tasks that were orphaned partitions (for the message) */
const orphanCounts = new WeakMap<SweptFault, number>();

export function sweepFinding(model: JobFile, f: SweptFault): Finding {
  const latency = f.recoveryLatency ?? 0;
  const message = stallMessage({
    executor: f.executor, kind: f.kind, at: f.at, waitedTasks: f.waited.length, orphans: orphanCounts.get(f), localityWait: f.localityWait,
    recoveryLatency: latency, lowerBoundMs: f.lowerBoundMs, holderHosts: f.holderHosts, waitSetting: waitSetting(model.conf),
    reserved: f.withReservedSlotMs !== null ? { latency: f.withReservedSlotMs, executors: f.holders } : undefined,
  });
  return {
    severity: 'warning', executor: f.executor, faultAt: f.at, message, stallMs: f.localityWait,
    withReservedSlotMs: f.withReservedSlotMs ?? latency, kind: f.kind, recoveryLatencyMs: latency,
    lowerBoundMs: f.lowerBoundMs, waited: f.waited, holders: f.holders,
  };
}
