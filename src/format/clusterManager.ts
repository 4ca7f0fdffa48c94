// Rules of `cluster.manager` that the format's checks and the engine's scheduler backend share
// (src/engine/schedulerBackend.ts), so the two never disagree.
import type { ClusterManager, FaultKind, SparkVersion } from './model';

/**
 * Default delay of the loss reason after a crash (`cluster.lossReasonDelay`), per manager.
 * yarn: the driver asks the ApplicationMaster at the disconnect; the AM polls the RM at once and
 * then 200, 600, 1400 ms later (spark.yarn.scheduler.initial-allocation.interval 200ms, doubled
 * while a loss reason is pending: ApplicationMaster.scala:604-616, 773-776, 838-845), and the RM
 * knows of the exit after the NodeManager's next heartbeat (1 s), so the answer comes at 200,
 * 600 or 1400 ms with odds 0.2/0.4/0.4: 600 ms is the median. standalone (3.4+): the Worker's exit
 * report takes a few RPC hops, which the simulation does not model elsewhere either: 0 ms.
 */
/**
 * Default time from the request of a new executor to its registration (`cluster.newExecutorDelay`),
 * per manager. yarn: measured in the real log application_1538416563558_0014 (YARN, dynamic
 * allocation; ../shared/eventlogs/README.md): a replacement registered 4.96, 5.16, 5.25, 5.56 and
 * 6.36 s after the loss that asked for it, median 5.25 s (the container request, the NodeManager's
 * launch, the executor JVM's start and registration). kubernetes and standalone: no measurement in
 * ../shared/eventlogs; assumptions, to be set from your cluster: a pod (scheduling, image already
 * on the node, JVM start) 5 s like a container; a standalone Worker forks the executor's JVM at
 * once (ExecutorRunner), 2 s.
 */
export const NEW_EXECUTOR_DEFAULT_MS: Record<ClusterManager, number> = { yarn: 5250, kubernetes: 5000, standalone: 2000 };

export const LOSS_REASON_DEFAULT_MS: Record<'yarn' | 'standalone', number> = { yarn: 600, standalone: 0 };

/**
 * Does the manager report a crash as not caused by the app when the cluster took the executor?
 * YARN (PREEMPTED and the RM's kills: YarnAllocator, exitCausedByApp = false; 2.2 too) and
 * Kubernetes (PodDeleted, 2.3+). A standalone Worker reports an exit code, always "caused by app"
 * (StandaloneSchedulerBackend.executorRemoved); a hang or node fault has its own reason.
 */
export function reportsExternalCause(manager: ClusterManager, spark: SparkVersion, kind: FaultKind): boolean {
  return kind === 'crash' && (manager === 'yarn' || (manager === 'kubernetes' && spark !== '2.2'));
}
