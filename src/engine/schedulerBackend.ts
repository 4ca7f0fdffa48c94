// How an executor loss reaches the scheduler, per cluster manager and Spark version (spec
// `cluster.manager`; ../shared/reference/fidelity-audit.md F6, F7, F11, F16). Paths are Spark
// 3.5.0's (core/src/main/scala/org/apache/spark/ unless they say otherwise).
//
// A loss reaches the scheduler in up to two parts (TaskSchedulerImpl.executorLost, 1040-1072,
// removeExecutor 1117-1150):
// - Outputs: TaskSchedulerImpl forgets the executor (not alive for locality any more),
//   DAGScheduler.executorLost drops its shuffle outputs and blocks, and reviveOffers runs.
// - Tasks: rootPool.executorLost -> TaskSetManager.executorLost fails its running tasks (and
//   re-queues the finished map tasks of running stages) and recomputes locality. No revive.
// A removal whose reason is known at once (RemoveExecutor on an executor still active) does both,
// then revives. On yarn and kubernetes the disconnect only disables the executor
// (YarnSchedulerBackend.scala:280-290, KubernetesClusterSchedulerBackend.scala:332-347 ->
// disableExecutor -> executorLost(LossReasonPending)): the Outputs part at the disconnect, the
// Tasks part when the AM's report or the pod event brings the reason. On 3.4+ standalone the
// disconnect only stops offers (StandaloneSchedulerBackend.scala:312-346) until the Worker's exit
// report or spark.standalone.executorRemoveDelayOnDisconnection, then a full removal.
import { LOSS_REASON_DEFAULT_MS } from '../format/clusterManager';
import type { ClusterManager, ExecutorSpec, FaultSpec, JobFile, SparkVersion } from '../format/model';
import { ExecState, type Cluster, type Executor } from './cluster';
import { expiryTime } from './heartbeatReceiver';
import type { FaultState } from './simulation';

/** Parts of a loss (bit set): the ExecutorLost event's argument is fault * 4 + parts. */
export const enum LossPart {
  Outputs = 1,
  Tasks = 2,
  Full = 3,
}

/** The ExecutorLossReason TaskSetManager.executorLost gets. */
export const enum LossReason {
  /** ExecutorExited(code, exitCausedByApp = true): a Worker's exit report, a failed pod or container */
  ExitedByApp = 0,
  /** ExecutorExited(_, false): a preempted or RM-killed container, a deleted pod */
  ExitedExternal = 1,
  /** ExecutorProcessLost (2.2 SlaveLost): a disconnect with no report, a heartbeat expiry */
  ProcessLost = 2,
  /** ExecutorProcessLost(_, workerHost = Some(host), causedByApp = false): the Master lost the Worker */
  WorkerLost = 3,
  /** ExecutorDecommission (or ExecutorKilled by forceKillTimeout): a decommissioning executor's removal */
  Decommissioned = 4,
}

export interface LossPlan {
  /** a disconnect happened (the process died): the backend stops offering the executor at once */
  disconnected: boolean;
  /** [time, parts, time, parts...] in time order */
  steps: number[];
  reason: LossReason;
}

export function managerOf(file: JobFile): ClusterManager {
  return file.cluster.manager ?? 'standalone';
}

/**
 * When and how the driver learns of a fault at `at` on an executor registered at `addedAt`.
 * crash: a disconnect, then the manager's reason; hang: the heartbeat expiry; node: no
 * disconnect, the standalone Master's worker timeout or the heartbeat expiry, whichever is first.
 */
export function planLoss(file: JobFile, spark: SparkVersion, spec: FaultSpec, addedAt: number, at: number): LossPlan {
  const manager = managerOf(file);
  const conf = file.conf;
  const expiry = () => expiryTime(addedAt, at, conf, spark);
  if (spec.kind === 'hang') return { disconnected: false, steps: [expiry(), LossPart.Full], reason: LossReason.ProcessLost };
  if (spec.kind === 'node') {
    const heartbeat = expiry();
    const master = manager === 'standalone' ? workerTimeoutRemoval(at, conf.workerTimeout) : Infinity;
    return master <= heartbeat
      ? { disconnected: false, steps: [master, LossPart.Full], reason: LossReason.WorkerLost }
      : { disconnected: false, steps: [heartbeat, LossPart.Full], reason: LossReason.ProcessLost };
  }
  const exited = spec.cause === 'external' && manager !== 'standalone' ? LossReason.ExitedExternal : LossReason.ExitedByApp;
  if (manager === 'standalone') {
    // 2.2: onDisconnected removes at once (CoarseGrainedSchedulerBackend, SlaveLost).
    if (spark === '2.2') return { disconnected: true, steps: [at, LossPart.Full], reason: LossReason.ProcessLost };
    const report = file.cluster.lossReasonDelay === undefined ? LOSS_REASON_DEFAULT_MS.standalone : file.cluster.lossReasonDelay;
    return report === null
      ? { disconnected: true, steps: [at + conf.executorRemoveDelay, LossPart.Full], reason: LossReason.ProcessLost }
      : { disconnected: true, steps: [at + report, LossPart.Full], reason: exited };
  }
  const delay = manager === 'kubernetes' ? file.cluster.podEventDelay ?? 0 : file.cluster.lossReasonDelay ?? LOSS_REASON_DEFAULT_MS.yarn;
  return { disconnected: true, steps: [at, LossPart.Outputs, at + delay, LossPart.Tasks], reason: exited };
}

/**
 * Standalone Master (deploy/master/Master.scala): Workers beat every timeout / 4 (Worker's
 * HEARTBEAT_MILLIS) from the start; CheckForWorkerTimeOut runs every timeout from the Master's
 * start (initial delay 0, line 153) and removes a Worker whose `lastHeartbeat < now - timeout`
 * (timeOutDeadWorkers, 1157-1170). A beat due at `at` itself is not sent.
 */
export function workerTimeoutRemoval(at: number, timeout: number): number {
  const beat = Math.max(1, Math.floor(timeout / 4));
  const last = at <= 0 ? 0 : Math.floor((at - 1) / beat) * beat;
  return (Math.floor((last + timeout) / timeout) + 1) * timeout;
}

/**
 * Does the loss of a task that ran on the executor count toward spark.task.maxFailures?
 * 3.5 TaskSetManager.scala:1095-1106: ExecutorExited(_, false), ExecutorKilled, decommission and
 * ExecutorProcessLost(_, _, false) do not; otherwise it counts unless the task is still
 * "launching" (its StatusUpdate(RUNNING) never came: every task launched at or after the moment
 * the executor stopped answering). 2.2 (TaskSetManager.executorLost): ExecutorExited by its
 * exitCausedByApp, anything else counts.
 */
export function countsTowardFailures(spark: SparkVersion, reason: LossReason, launch: number, faultAt: number): boolean {
  if (reason === LossReason.ExitedExternal || reason === LossReason.Decommissioned) return false;
  if (spark === '2.2') return true;
  if (reason === LossReason.WorkerLost) return false;
  return launch < faultAt;
}

/**
 * Does the host's external shuffle service keep a lost executor's map outputs? Only where there is
 * one: "Kubernetes doesn't support an external shuffle service" (running-on-kubernetes.md), so
 * spark.shuffle.service.enabled is ignored there (the format warns, SJ122).
 */
export function shuffleServiceKeepsOutputs(file: JobFile): boolean {
  return file.conf.shuffle.serviceEnabled && managerOf(file) !== 'kubernetes';
}

/**
 * A Worker lost with its host: DAGScheduler.handleExecutorLost gets `workerHost`, so every shuffle
 * output on that host is unregistered, even with the external shuffle service
 * (DAGScheduler.scala:2576-2582, 2663-2670). 2.2 has no host-wide removal.
 */
export function hostWide(spark: SparkVersion, reason: LossReason): boolean {
  return spark !== '2.2' && reason === LossReason.WorkerLost;
}

/**
 * A fault starts: the executors it takes (a node fault: every executor alive on the host) stop,
 * and the plan's steps ([time, parts]...) say when the driver learns of it.
 */
export function beginLoss(cluster: Cluster, file: JobFile, spark: SparkVersion, f: FaultState, x: number, now: number,
  spec: FaultSpec = f.spec): number[] {
  const e = cluster.executors[x];
  f.exec = x;
  f.execs = spec.kind === 'node' ? cluster.hostExecs[e.host].filter((y) => cluster.executors[y].state === ExecState.Alive) : [x];
  const plan = planLoss(file, spark, spec, e.addedAt, now);
  f.reason = plan.reason;
  for (const y of f.execs) {
    const o = cluster.own(y);
    o.lostAt = now;
    // a disconnect stops the offers at once; a hung process or a dead machine still gets them
    cluster.setState(o, plan.disconnected ? ExecState.Crashed : ExecState.Hung);
  }
  return plan.steps;
}

/** Adds the replacement of executor `e` (registering at `joinAt`) to the cluster. */
export function addReplacement(cluster: Cluster, file: JobFile, e: Executor, joinAt: number, reserved: number): Executor {
  const { id, host } = replacementOf(managerOf(file), e.spec, cluster.executors);
  const spec = host === e.spec.host ? e.spec : { ...e.spec, id, host };
  return cluster.add({ ...spec, joinAt }, id, reserved);
}

/**
 * The identity of a replacement executor. Kubernetes: a new pod, so the next executor id
 * (ExecutorPodsAllocator's EXECUTOR_ID_COUNTER: above every id so far) and its own host `pod-ID`.
 * Elsewhere: the same host, the id `ID-rN` (N-th executor of that shape).
 */
export function replacementOf(manager: ClusterManager, spec: ExecutorSpec, executors: readonly Executor[]): { id: string; host: string } {
  if (manager !== 'kubernetes') {
    const n = executors.filter((o) => o.spec === spec).length;
    return { id: `${spec.id}-r${n}`, host: spec.host };
  }
  let max = 0;
  for (const e of executors) if (/^[0-9]+$/.test(e.id)) max = Math.max(max, Number(e.id));
  const id = String(max + 1);
  return { id, host: `pod-${id}` };
}
