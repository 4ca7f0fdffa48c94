// What the simulation of a file says about it, as findings that name model objects (a fault
// by index, an executor by id, a job by name); the CLI and the editor put them at source
// ranges. Codes SJ1xx (README "Diagnostic codes").
import type { FixData, Severity } from '../../format/diagnostics';
import type { JobFile } from '../../format/model';
import type { FaultResult, Finding, SimulationResult } from '../result';
import { simulate, simulateKeeping, type SimulateOptions } from '../simulate';
import { byId, plural, stallMessage, waitSetting } from './format';
import { faultFreeMetrics, isFaultFreeRun, newBase, sweep, type FaultFreeMetrics, type SweepOptions, type SweepResult } from './sweep';
import { hasStatefulQuery, stateLocalityTradeoff, type StateLocalityTradeoff } from './stateLocality';
import { decommissionFindings } from './decommission';
import { newExecutorMessage, newExecutorWait, sweptNewExecutorMessage } from './newExecutorWait';
import { SPECULATION_CODES, speculationFindings } from './speculation';
import { poolWait, poolWaitMessage } from './poolWait';
import { decommissionSweepFinding } from './decommissionSweep';
import { faultChangesNothing } from './faultWording';

export type Target =
  | { kind: 'fault'; index: number; field?: 'at' | 'executor' | 'during' | 'notice' }
  | { kind: 'executor'; id: string }
  | { kind: 'job'; name: string }
  | { kind: 'conf'; key: string }
  | { kind: 'section'; key: string }
  /** a key of `analysis:` */
  | { kind: 'analysis'; key: string }
  /** a `streaming.inputs` entry, by name */
  | { kind: 'input'; name: string };

export interface ModelFinding {
  code: string;
  severity: Severity;
  message: string;
  target: Target;
  related?: { message: string; target: Target }[];
  fixes?: FixData[];
}

export const ANALYSIS_CODES = {
  SJ100: { severity: 'warning', title: 'Recovery stalls on delay scheduling', explanation: 'After this fault, a re-run task waited longer than `analysis.stallThreshold` for a slot on an executor that holds its data, while a slot was free elsewhere. Spark\'s delay scheduling (`spark.locality.wait`) treats a re-run like any task. The message gives the recovery latency with one reserved slot on the executors that hold the data (the seed paper\'s mechanism); the quick fix adds that reservation to `recovery:`.' },
  SJ101: { severity: 'warning', title: 'Fault after the run ends', explanation: 'The fault\'s time is after the last job has finished, so it changes nothing: move it inside the run (the simulation summary gives the makespan). For a fault tied to a task attempt (`during`) the moment is that attempt\'s launch plus `at`, and the message gives both.' },
  SJ181: { severity: 'info', title: 'Decommission outlasts the run', explanation: 'The run ended while the executor was still decommissioning: from the notice on it took no new task (its running tasks went on and its blocks migrated), but it neither exited nor was killed before the last job finished, so nothing of it was lost and there is no recovery to measure. A shorter `notice` (or `spark.executor.decommission.forceKillTimeout`) puts its loss inside the run.' },
  SJ102: { severity: 'warning', title: 'Executor not running at the fault', explanation: 'The executor has not registered yet (`joinAt`) or is already gone (an earlier fault) at this time, so the fault changes nothing. A fault tied to a task attempt (`during`) gets it at `during` when that attempt never runs in the simulation (it is launched only after as many failures of its task), so the fault never happens.' },
  SJ103: { severity: 'error', title: 'Job cannot finish', explanation: 'The simulation could not finish the job: no live executor was left to run its tasks, no executor has a slot (`spark.task.cpus` above its cores), or a simulation limit was reached.' },
  SJ104: { severity: 'info', title: 'Recovery never completes', explanation: 'A task lost in this fault never finished successfully (its job was cut short).' },
  SJ310: { severity: 'info', title: 'Stateful query: locality wait against the stall after a loss', explanation: 'Spark\'s guide advises raising `spark.locality.wait` so that state stores stay on their executors across batches. After an executor loss, though, the StateStoreCoordinator still names the dead executor, so the next batch\'s partitions of that executor wait the process and then the node level before ANY (3 s + 3 s by default; on Kubernetes no other executor shares the host, so the node wait buys nothing). The message gives both sides from the simulation for a ladder of waits: the state reloads of the fault-free run and the stall after the loss of the executor holding the most stores. Quick fixes: `spark.locality.wait.node: 0`, or a shorter process wait; the reserved slots of SJ105 remove the stall without giving up locality.' },
  SJ173: { severity: 'info', title: 'What the decommission saved', explanation: 'The simulation of the file\'s `decommission` fault against the same executor lost without warning at the end of the notice (a crash, as with decommissioning off): how many map outputs migrated to peers and so were not re-run, how many were lost at the kill, and the recovery of both. A decommission whose outputs all migrated costs little: no task is re-run.' },
  SJ168: { severity: 'info', title: 'Recovery waits for a new executor', explanation: 'With dynamic allocation (`spark.dynamicAllocation.enabled`), the cluster manager replaces a lost executor once its loss is known; the new executor registers `cluster.newExecutorDelay` later (a YARN container, a Kubernetes pod) and is offered the pending re-runs at once. At a fault of the file the message says how long its re-runs waited for it; after the fault sweep, how many swept losses did. That wait is part of the recovery latency, and neither a reserved slot nor a shorter locality wait shortens it: a spare executor (a higher `minExecutors`) does.' },
  ...SPECULATION_CODES,
  SJ179: { severity: 'warning', title: 'Recovery waits behind another pool\'s tasks', explanation: 'With `spark.scheduler.mode: FAIR`, a re-run of a lost task waited longer than `analysis.stallThreshold` for a slot while the slots that freed went to the tasks of other pools: each offer round sorts the pools by FairSchedulingAlgorithm (pools below their `minShare` first, then the fewest running tasks per `weight`) and offers their task sets in that order, so a recovering job in a pool that already runs its share waits like any other task. The message names the pools that took the slots and their settings; a `minShare` on the recovering job\'s pool puts it first while it runs fewer tasks than that. A re-run that waited for a local slot is SJ100\'s, not this one\'s.' },
  SJ180: { severity: 'info', title: 'What a decommission costs against a crash', explanation: 'With `analysis.sweepDecommissions: NOTICE` the fault sweep also gives every executor a decommission notice at each sweep moment (the kill `NOTICE` later) and simulates the same executor crashing at the same moment, both to the end of the run. The message gives the tasks re-run by each (running tasks lost at the kill and map outputs not migrated, against everything the crash loses), the worst delay to the run\'s end of each with where it happens, and how the executors left (exited with their outputs migrated, once idle, killed at the notice\'s end, or still draining). The advisor repeats it. With `spark.decommission.enabled` off the notice is ignored and the decommission is a crash at the notice\'s end.' },
  SJ105: { severity: 'warning', title: 'This executor\'s loss would stall recovery', explanation: 'The fault sweep (`analysis.sweep`) failed this executor at `analysis.sweepTimes` moments of the fault-free run; at some of them a re-run task waits longer than `analysis.stallThreshold` for a local slot while slots are free elsewhere. The message gives the worst moment and what one reserved slot on the executors that hold the data would save; the quick fix adds that reservation.' },
} as const;

export interface FileAnalysis {
  result: SimulationResult;
  /** the fault sweep, when `analysis.sweep` is on */
  sweep?: SweepResult;
  /** the same run with one reserved slot per executor, when some fault stalled */
  reserved?: SimulationResult;
  findings: ModelFinding[];
  /** the file's run, when it is the fault-free one: what the sweep, the advisor and the stateful trade-off read of it */
  faultFree?: FaultFreeMetrics;
}

export type AnalysisOptions = SimulateOptions & Pick<SweepOptions, 'onProgress' | 'isCancelled'> & { sweep?: boolean };

/**
 * Simulates the file's own faults and reports stalls, useless faults and jobs that cannot finish;
 * then, with `analysis.sweep`, the fault sweep's findings.
 */
export function analyzeFile(model: JobFile, options: AnalysisOptions = {}): FileAnalysis {
  const own = analyzeFaults(model, options);
  return options.sweep ?? model.analysis.sweep ? withSweep(model, own, options) : own;
}

/** The file's own faults: analyzeFile without the sweep. */
export function analyzeFaults(model: JobFile, options: SimulateOptions = {}): FileAnalysis {
  const { run, result } = simulateKeeping(model, options);
  const findings: ModelFinding[] = [];
  const threshold = model.analysis.stallThreshold;
  let reserved: SimulationResult | undefined;
  const specs = options.faults ?? model.faults;
  result.faults.forEach((f, index) => {
    const unused = faultChangesNothing(result, f, index, specs[index]);
    if (unused) findings.push(unused);
    if (f.detectedAt === null) return; // the run ended before the driver noticed (with speculation, SJ161 tells what it did)
    if (f.recoveredAt === null && f.lostTasks.length > 0) {
      findings.push({ code: 'SJ104', severity: 'info', target: { kind: 'fault', index },
        message: `the tasks lost with executor ${f.executor} never all finish: recovery does not complete` });
    }
    const wait = model.conf.dynamicAllocation.enabled ? newExecutorWait(result, f) : { waitMs: 0, tasks: 0 };
    if (wait.tasks > 0) findings.push({ code: 'SJ168', severity: 'info', target: { kind: 'fault', index }, message: newExecutorMessage(model, f, wait) });
    if (f.stalled) {
      reserved ??= simulate(model, { ...options, policy: 'reserved-slots', reservedSlots: { perExecutor: {}, all: 1 } });
      findings.push(stallFinding(model, result, reserved, f, index, threshold));
    }
    const waitedForPool = poolWait(model, result, f, threshold);
    if (waitedForPool) findings.push({ code: 'SJ179', severity: 'warning', target: { kind: 'fault', index }, message: poolWaitMessage(model, result, f, index, waitedForPool, options) });
  });
  findings.push(...decommissionFindings(model, result, options));
  findings.push(...speculationFindings(model, result, options));
  // receivers that hold every slot stop every batch job for the same reason: told once, at the receiver
  const starved = result.aborted.filter((a) => a.reason.includes('receivers hold every slot'));
  const receivers = model.streaming?.inputs.filter((i) => i.kind === 'receiver').map((i) => i.name) ?? [];
  if (starved.length && receivers.length) findings.push(receiversHoldEverySlot(model, receivers, starved.length));
  for (const a of result.aborted) {
    if (starved.includes(a) && receivers.length) continue;
    findings.push({ code: 'SJ103', severity: 'error', target: { kind: 'job', name: a.job }, message: `job ${a.job} cannot finish: ${a.reason}` });
  }
  return { result, reserved, findings, ...(isFaultFreeRun(model, options) ? { faultFree: faultFreeMetrics(run) } : {}) };
}

/**
 * `own` (analyzeFaults of the same model and options) with the fault sweep's findings. The
 * fault-free run is simulated once for the sweep, the trade-off and the advisor (SweepResult's
 * `faultFree`): the file's own run when it is that run, else the sweep's or the trade-off's.
 */
export function withSweep(model: JobFile, own: FileAnalysis, options: AnalysisOptions = {}): FileAnalysis {
  const findings = [...own.findings];
  const stateful = hasStatefulQuery(model);
  let faultFree = own.faultFree;
  if (faultFree === undefined && stateful) {
    // a stateful query's trade-off (SJ310) needs the fault-free run too: simulated once for both
    const run = newBase({ ...model, faults: [] }, { spark: options.spark, policy: options.policy });
    run.run();
    faultFree = faultFreeMetrics(run);
  }
  const swept = sweep(model, { spark: options.spark, policy: options.policy, onProgress: options.onProgress, isCancelled: options.isCancelled, faultFree });
  const result = { ...own.result, findings: swept.findings };
  // an executor whose own fault in the file already stalls (SJ100) is not told the sweep's
  // version of the same story (SJ105): once, at the more specific place, in the CLI and the editor
  const told = new Set(result.faults.filter((f) => f.stalled).map((f) => f.executor));
  findings.push(...executorFindings(swept.findings).filter((f) => !(f.target.kind === 'executor' && told.has(f.target.id))));
  findings.push(...decommissionSweepFinding(model, swept.decommissions));
  const waits = swept.faults.map((f) => f.newExecutorWaitMs ?? 0);
  if (waits.some((w) => w > 0)) {
    findings.push({ code: 'SJ168', severity: 'info', target: { kind: 'conf', key: 'spark.dynamicAllocation.enabled' }, message: sweptNewExecutorMessage(model, waits, waits.length) });
  }
  const state = stateLocalityTradeoff(model, stateful && (options.spark ?? model.spark) === model.spark && (options.policy ?? model.recovery.policy) === 'spark' ? faultFree : undefined);
  if (state) findings.push(tradeoffFinding(model, state));
  return { result, reserved: own.reserved, findings, sweep: swept };
}

/** SJ103 once, at the (first) receiver: a receiver is a task that never ends, so it keeps its slot. */
function receiversHoldEverySlot(model: JobFile, receivers: string[], jobs: number): ModelFinding {
  const slots = model.cluster.executors.reduce((n, e) => n + Math.floor(e.cores / model.conf.taskCpus), 0);
  const who = receivers.length === 1 ? `receiver ${receivers[0]} holds` : `receivers ${receivers.join(', ')} hold`;
  return {
    code: 'SJ103', severity: 'error', target: { kind: 'input', name: receivers[0] },
    message: `${who} ${slots === 1 ? 'the only task slot' : `all ${slots} task slots`} of the cluster (a receiver runs as a task that never ends), `
      + `so batches can never run: ${plural(jobs, 'batch job')} cannot finish. Give the executors more cores than there are receivers.`,
  };
}

/** One diagnostic per executor: its worst swept stall, and how many moments stall. */
function executorFindings(findings: Finding[]): ModelFinding[] {
  const byExecutor = new Map<string, Finding[]>();
  for (const f of findings) byExecutor.set(f.executor, [...(byExecutor.get(f.executor) ?? []), f]);
  return [...byExecutor.entries()].map(([id, list]) => {
    const worst = list.reduce((a, b) => (b.stallMs > a.stallMs ? b : a));
    const more = list.length > 1 ? ` (${list.length} of the swept moments stall; this is the worst)` : '';
    // the reservation the sweep tried: on the holders, or (no live holder) on every live executor
    const executors = worst.holders.length ? [...worst.holders].sort(byId) : ['all'];
    return {
      code: 'SJ105', severity: 'warning', target: { kind: 'executor', id }, message: worst.message + more,
      fixes: worst.withReservedSlotMs < worst.recoveryLatencyMs ? [{ kind: 'reserveSlots' as const, executors, slots: 1 }] : [],
      related: [{ message: 'the locality wait behind the stall', target: { kind: 'conf', key: 'spark.locality.wait' } }],
    };
  });
}

const MAX_FIX_SLOTS = 4;

/**
 * The reservation a stall's quick fix writes: slots on the executors whose reserved slots ran the
 * lost tasks in the `all: 1` run (the holders when there are any), raised one slot at a time until
 * this fault no longer stalls (checked by simulating the file with it, on top of the file's own
 * reservation). When even MAX_FIX_SLOTS do not clear the stall, one slot: it still shortens it.
 */
function clearingReservation(model: JobFile, index: number, used: string[], holders: string[]): FixData & { kind: 'reserveSlots' } {
  const executors = [...new Set(holders.length ? holders : used)].sort(byId);
  const own = model.recovery.reservedSlots;
  for (let slots = 1; slots <= MAX_FIX_SLOTS; slots++) {
    const perExecutor = { ...own.perExecutor };
    for (const id of executors) perExecutor[id] = Math.max(perExecutor[id] ?? own.all, slots);
    const r = simulate(model, { policy: 'reserved-slots', reservedSlots: { perExecutor, all: own.all } });
    if (!r.faults[index]?.stalled) return { kind: 'reserveSlots', executors, slots };
  }
  return { kind: 'reserveSlots', executors, slots: 1 };
}

function stallFinding(model: JobFile, result: SimulationResult, reserved: SimulationResult, f: FaultResult,
  index: number, threshold: number): ModelFinding {
  const lost = new Set([...f.lostTasks, ...(f.orphanedTasks ?? [])]);
  const orphans = new Set(f.orphanedTasks ?? []);
  const waited = result.attempts.filter((a) => a.recovery && lost.has(a.task) && a.launch >= (f.detectedAt ?? 0) && a.localityWait > threshold);
  const r = reserved.faults[index];
  const used = [...new Set(reserved.attempts.filter((a) => a.reservedSlot && lost.has(a.task)).map((a) => a.executor))];
  const helps = used.length > 0 && r.recoveryLatency !== null && f.recoveryLatency !== null && r.recoveryLatency < f.recoveryLatency;
  const message = stallMessage({
    executor: f.executor, kind: f.kind, at: f.at, waitedTasks: waited.length, orphans: waited.filter((a) => orphans.has(a.task)).length, localityWait: f.localityWait,
    recoveryLatency: f.recoveryLatency ?? 0, lowerBoundMs: f.lowerBoundMs, waitSetting: waitSetting(model.conf),
    holderHosts: f.stallHosts,
    reserved: helps ? { latency: r.recoveryLatency!, executors: f.holders.length > 0 ? used : [] } : undefined,
  });
  const fixes: FixData[] = helps ? [clearingReservation(model, index, used, f.holders)] : [];
  return {
    code: 'SJ100', severity: 'warning', message, target: { kind: 'fault', index }, fixes,
    related: [
      { message: 'the locality wait behind the stall', target: { kind: 'conf', key: 'spark.locality.wait' } },
      ...f.holders.map((id) => ({ message: `executor ${id} holds the lost tasks' data`, target: { kind: 'executor', id } as Target })),
    ],
  };
}

/**
 * SJ310 at spark.locality.wait: the trade-off in figures, with the two conf quick fixes (the
 * node level off; the process wait at the largest rung of the ladder whose stall is under the
 * threshold, when there is one).
 */
function tradeoffFinding(model: JobFile, t: StateLocalityTradeoff): ModelFinding {
  const fixes: FixData[] = [];
  if (t.nodeZero.stallMs < t.points.find((p) => p.waitMs === t.currentWaitMs)!.stallMs && model.conf.localityWait.node > 0) {
    fixes.push({ kind: 'setConf', key: 'spark.locality.wait.node', value: '0ms' });
  }
  const shorter = t.points.filter((p) => p.waitMs < t.currentWaitMs).sort((a, b) => b.waitMs - a.waitMs)[0];
  if (shorter) fixes.push({ kind: 'setConf', key: 'spark.locality.wait.process', value: `${shorter.waitMs}ms` });
  // at the wait when the file sets it, else at the queries
  const target: Target = model.conf.raw['spark.locality.wait'] !== undefined ? { kind: 'conf', key: 'spark.locality.wait' } : { kind: 'section', key: 'queries' };
  return { code: 'SJ310', severity: 'info', target, message: t.summary, fixes };
}
