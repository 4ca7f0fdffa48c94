// The Spark configuration keys the format knows: type, unit of a bare number, Spark's default,
// a paragraph of documentation (from ../shared/reference/spark-streaming.md 5.2-5.5) and the
// 2.2 vs 3.x difference where there is one. The parser validates known keys with it; the editor's
// hover and completion show it. `simulated: true` marks the keys the engine reads.

import type { TimeUnit, SizeUnit } from './values';

export type ConfType = 'time' | 'size' | 'int' | 'long' | 'bool' | 'double' | 'enum' | 'string';

export interface ConfKeyInfo {
  key: string;
  type: ConfType;
  /** time/size keys: the unit of a bare number (Spark's `timeConf(TimeUnit.X)`) */
  unit?: TimeUnit | SizeUnit;
  /** time keys Spark reads in whole seconds (`timeConf(SECONDS)`, `getTimeAsSeconds`): finer values are floored */
  wholeSeconds?: boolean;
  /** how Spark 2.2 reads the key when it differs from 3.x */
  in22?: { unit?: TimeUnit; wholeSeconds?: boolean };
  /** Spark's default, as Spark's documentation writes it */
  default: string;
  /** enum keys: the accepted values (compared case-sensitively, as Spark does for these) */
  values?: string[];
  /** int/long/double keys: smallest accepted value */
  min?: number;
  doc: string;
  /** the key exists only in this Spark line (absent: both 2.2 and 3.x) */
  onlyIn?: '2.2' | '3.5';
  /** how 2.2 and 3.x differ for this key */
  versionNote?: string;
  /** the simulator reads this key */
  simulated: boolean;
}

const WAIT_DOC =
  'How long the scheduler waits to launch a task at this locality level before giving up on it and trying the next, less local level (delay scheduling, TaskSetManager.getAllowedLocalityLevel). The timer advances by the wait each time the level is given up; a level without runnable tasks is skipped at once.';

export const CONF_KEYS: ConfKeyInfo[] = [
  // --- delay scheduling (reference 5.4)
  {
    key: 'spark.locality.wait', type: 'time', unit: 'ms', default: '3s', simulated: true,
    doc: 'Delay-scheduling wait per locality level: how long a task set waits for a slot at its current level (PROCESS_LOCAL, NODE_LOCAL, RACK_LOCAL) before it accepts the next, less local level. The default for the three per-level keys. 0 disables delay scheduling. A bare number is milliseconds.',
  },
  { key: 'spark.locality.wait.process', type: 'time', unit: 'ms', default: 'spark.locality.wait', simulated: true, doc: `Wait at PROCESS_LOCAL (the task's block is in that executor's memory). ${WAIT_DOC} Defaults to spark.locality.wait.` },
  { key: 'spark.locality.wait.node', type: 'time', unit: 'ms', default: 'spark.locality.wait', simulated: true, doc: `Wait at NODE_LOCAL (the data is on the same host). ${WAIT_DOC} Defaults to spark.locality.wait.` },
  { key: 'spark.locality.wait.rack', type: 'time', unit: 'ms', default: 'spark.locality.wait', simulated: true, doc: `Wait at RACK_LOCAL (the data is in the same rack; only when racks are known). ${WAIT_DOC} Defaults to spark.locality.wait.` },
  {
    key: 'spark.locality.wait.legacyResetOnTaskLaunch', type: 'bool', default: 'false', onlyIn: '3.5', simulated: true,
    doc: 'When true, the delay-scheduling timer is reset on every task launch at the current level, as in Spark 2.x. When false (3.1+ default), it resets only when no offer was declined because of delay scheduling since the last round that offered all free resources (SPARK-18886).',
    versionNote: '3.1+ only. Spark 2.2 always resets the timer on every launch; this key does not exist there.',
  },
  {
    key: 'spark.scheduler.revive.interval', type: 'time', unit: 'ms', default: '1s', simulated: true,
    doc: 'Interval of the scheduler backend\'s revive ticks: every tick offers all free slots to the pending task sets (CoarseGrainedSchedulerBackend). Delay-scheduling levels can only advance when an offer arrives, so this bounds how late a level change is noticed.',
  },
  {
    key: 'spark.scheduler.mode', type: 'enum', values: ['FIFO', 'FAIR'], default: 'FIFO', simulated: true,
    doc: 'Ordering of concurrent Spark jobs: FIFO orders task sets by (job, stage); FAIR shares offers between the pools of `pools:` (FairSchedulingAlgorithm: pools below their minShare first, then the fewest running tasks per weight), each pool ordering its own task sets FIFO or FAIR. Jobs choose a pool with `pool:` (spark.scheduler.pool).',
  },
  // --- resources
  {
    key: 'spark.task.cpus', type: 'int', min: 1, default: '1', simulated: true,
    doc: 'Cores each task takes, receivers included. Slots per executor = floor(executor cores / spark.task.cpus).',
  },
  {
    key: 'spark.executor.cores', type: 'int', min: 1, default: 'YARN 1; standalone: all cores of the worker', simulated: true,
    doc: 'Cores per executor; the default `cores` of every executor in `cluster.executors`. Slots per executor = floor(cores / spark.task.cpus). In standalone mode without it, one executor per worker takes all of the worker\'s cores.',
  },
  { key: 'spark.executor.instances', type: 'int', min: 0, default: '2 (YARN)', simulated: true, doc: 'Static executor count on YARN and Kubernetes (`--num-executors`). The simulator takes the executors from `cluster.executors` instead; with dynamic allocation it is one of the three values whose maximum is the initial target.' },
  { key: 'spark.cores.max', type: 'int', min: 1, default: 'all cores (standalone, Mesos)', simulated: false, doc: 'Total cores the application takes across the cluster in standalone and Mesos mode (`--total-executor-cores`). Not simulated: `cluster.executors` gives the cores.' },
  { key: 'spark.executor.memory', type: 'size', unit: 'm', default: '1g', simulated: false, doc: 'Heap size of each executor (`--executor-memory`). A bare number is MiB. Not simulated.' },
  {
    key: 'spark.default.parallelism', type: 'int', min: 1, default: 'max(total executor cores, 2)', simulated: true,
    doc: 'Default number of partitions of shuffles (reduceByKey and the DStream pair operations) when the code gives none. In a cluster the default is max(total executor cores, 2).',
  },
  // --- failures
  {
    key: 'spark.task.maxFailures', type: 'int', min: 1, default: '4', simulated: true,
    doc: 'Attempts of one task before its stage and job abort. An executor crash counts; losses not caused by the application (a YARN preemption, a deleted Kubernetes pod: `cause: external`; a Worker lost with its host) and tasks that had not started on a hung executor do not (TaskSetManager.executorLost, countTowardsTaskFailures). Local mode uses 1.',
    versionNote: '2.2 counts every executor loss except an exit not caused by the app (a YARN preemption).',
  },
  { key: 'spark.stage.maxConsecutiveAttempts', type: 'int', min: 1, default: '4', simulated: true, doc: 'Consecutive attempts of a stage that end in a fetch failure before its job aborts (DAGScheduler).' },
  {
    key: 'spark.shuffle.reduceLocality.enabled', type: 'bool', default: 'true', simulated: true,
    doc: 'Reduce-side locality (MapOutputTrackerMaster.getPreferredLocationsForShuffle): a task of a stage with one shuffle parent prefers the hosts of the executors that hold at least 20 % of its map output, when both sides have fewer than 1000 partitions. Its tasks then wait for those hosts under delay scheduling (NODE_LOCAL) like any preferred task. false: reduce tasks have no preference.',
  },
  {
    key: 'spark.shuffle.service.enabled', type: 'bool', default: 'false', simulated: true,
    doc: 'External shuffle service: each host\'s shuffle service serves the map outputs its executors wrote. When true, a crashed or hung executor\'s outputs survive (no map re-runs, no fetch failures); when false they are lost with it and found missing when a consumer fails to fetch them. The default on managed YARN clusters and with dynamic allocation.',
  },
  {
    key: 'spark.shuffle.io.maxRetries', type: 'int', min: 0, default: '3', simulated: true,
    doc: 'Retries of a shuffle fetch that failed with an IOException (RetryingBlockFetcher), spark.shuffle.io.retryWait apart.',
    versionNote: '2.2: a reducer that reaches a dead executor retries this many times before FetchFailed. 3.x asks the driver whether the executor is alive first (ExecutorDeadException, no retry).',
  },
  {
    key: 'spark.shuffle.io.retryWait', type: 'time', unit: 's', wholeSeconds: true, default: '5s', simulated: true,
    doc: 'Wait between the retries of a failed shuffle fetch (TransportConf, read in whole seconds; a bare number is seconds).',
    versionNote: '2.2: with spark.shuffle.io.maxRetries, how long a reducer retries a dead executor before FetchFailed. 3.x fails at once.',
  },
  {
    key: 'spark.excludeOnFailure.enabled', type: 'bool', default: 'false', onlyIn: '3.5', simulated: false,
    doc: 'Exclude executors and nodes from scheduling after repeated task failures.', versionNote: 'Spark 3.1+; 2.x calls it spark.blacklist.enabled (still accepted by 3.x as an alternative).',
  },
  { key: 'spark.blacklist.enabled', type: 'bool', default: 'false', simulated: false, doc: 'Spark 2.x name of spark.excludeOnFailure.enabled: exclude executors after repeated task failures.', versionNote: 'The 2.x key; 3.1+ prefers spark.excludeOnFailure.enabled and keeps this one as an alternative.' },
  // --- failure detection (reference 5.5)
  {
    key: 'spark.executor.heartbeatInterval', type: 'time', unit: 'ms', default: '10s', simulated: true,
    doc: 'Interval of the heartbeats each executor sends to the driver\'s HeartbeatReceiver. It must be less than the heartbeat timeout (spark.network.timeout): Spark 3.x refuses to start otherwise.',
  },
  {
    key: 'spark.network.timeout', type: 'time', unit: 's', wholeSeconds: true, default: '120s', simulated: true,
    doc: 'Default timeout of network interactions, and the executor heartbeat timeout: an executor whose last heartbeat is older than this is expired by HeartbeatReceiver (a hung executor is detected this way). A bare number is SECONDS, and Spark reads it in whole seconds (1500ms is 1s).',
    versionNote: '2.2: this key wins over spark.storage.blockManagerSlaveTimeoutMs. 3.x: spark.storage.blockManagerHeartbeatTimeoutMs wins when set, then this key.',
  },
  {
    key: 'spark.network.timeoutInterval', type: 'time', unit: 'ms', in22: { unit: 's', wholeSeconds: true }, default: 'spark.storage.blockManagerTimeoutIntervalMs (60s)', simulated: true,
    doc: 'How often the driver\'s HeartbeatReceiver checks for executors whose last heartbeat is older than the timeout (expireDeadHosts). A hang is detected at the first check after the timeout, so at worst timeout + this interval after the last heartbeat.',
    versionNote: '3.x reads it in milliseconds (a bare number is ms). 2.2 reads it with getTimeAsSeconds: a bare number is SECONDS and finer values are floored to whole seconds.',
  },
  {
    key: 'spark.storage.blockManagerTimeoutIntervalMs', type: 'time', unit: 'ms', default: '60s', simulated: true,
    doc: 'Older name of the expiry check interval: the default of spark.network.timeoutInterval when that key is not set.',
  },
  {
    key: 'spark.storage.blockManagerHeartbeatTimeoutMs', type: 'time', unit: 'ms', default: 'spark.network.timeout', onlyIn: '3.5', simulated: true,
    doc: 'Executor heartbeat timeout used by HeartbeatReceiver in 3.x when set (alias spark.storage.blockManagerSlaveTimeoutMs); unset, spark.network.timeout applies.',
    versionNote: '3.x only. 2.2 uses spark.network.timeout (falling back to spark.storage.blockManagerSlaveTimeoutMs).',
  },
  {
    key: 'spark.storage.blockManagerSlaveTimeoutMs', type: 'time', unit: 'ms', default: '120s', simulated: true,
    doc: 'Older name of the executor heartbeat timeout. 3.x treats it as an alias of spark.storage.blockManagerHeartbeatTimeoutMs (which wins over spark.network.timeout); 2.2 uses it only when spark.network.timeout is not set.',
    versionNote: '2.2: fallback when spark.network.timeout is unset. 3.x: alias of spark.storage.blockManagerHeartbeatTimeoutMs.',
  },
  {
    key: 'spark.standalone.executorRemoveDelayOnDisconnection', type: 'time', unit: 'ms', default: '5s', onlyIn: '3.5', simulated: true,
    doc: 'Standalone: how long the driver waits, after an executor\'s connection drops, for the Worker\'s exit report before it removes the executor itself (StandaloneSchedulerBackend.onDisconnected). Until then the executor gets no offers but its tasks still count as running. Used with `cluster.lossReasonDelay: none` (no report comes).',
    versionNote: 'Spark 3.4+. 2.2 removes a disconnected executor at once.',
  },
  {
    key: 'spark.worker.timeout', type: 'long', min: 1, default: '60', simulated: true,
    doc: 'Standalone Master: seconds without a Worker heartbeat before the Master removes the Worker and reports its executors LOST with the host (checked every this many seconds from the Master\'s start; Workers beat every timeout / 4). A machine crash (`kind: node`) is detected this way, or by the executor heartbeat timeout if that comes first.',
  },
  { key: 'spark.executor.heartbeat.maxFailures', type: 'int', min: 1, default: '60', simulated: false, doc: 'An executor kills itself after this many heartbeats in a row fail to reach the driver.' },
  { key: 'spark.scheduler.minRegisteredResourcesRatio', type: 'double', min: 0, default: 'YARN/K8s 0.8; standalone 0.0', simulated: false, doc: 'Fraction of the requested resources that must register before the first job is scheduled.' },
  { key: 'spark.scheduler.maxRegisteredResourcesWaitingTime', type: 'time', unit: 'ms', default: '30s', simulated: false, doc: 'Longest wait for spark.scheduler.minRegisteredResourcesRatio before scheduling starts anyway.' },
  // --- dynamic allocation (ExecutorAllocationManager.scala, dynalloc/ExecutorMonitor.scala; src/engine/executorAllocationManager.ts)
  {
    key: 'spark.dynamicAllocation.enabled', type: 'bool', default: 'false', simulated: true,
    doc: 'Dynamic allocation of executors (ExecutorAllocationManager): every 100 ms the target is raised while tasks are backlogged (after schedulerBacklogTimeout, then every sustainedSchedulerBacklogTimeout, adding 1, 2, 4... executors up to ceil((pending + running tasks) / slots per executor)), lowered when fewer are needed, and executors idle for executorIdleTimeout are released. The cluster manager keeps the executors at the target, so a lost executor is replaced: the new one registers `cluster.newExecutorDelay` after the request and is offered the pending re-runs at once. The executors of `cluster.executors` are those the application starts with. Needs the external shuffle service or (3.x) shuffle tracking.',
  },
  { key: 'spark.dynamicAllocation.minExecutors', type: 'int', min: 0, default: '0', simulated: true, doc: 'Lower bound of the target: idle executors are not released below it.' },
  { key: 'spark.dynamicAllocation.maxExecutors', type: 'int', min: 0, default: 'infinity (Int.MaxValue)', simulated: true, doc: 'Upper bound of the target: no executor is requested beyond it. 0 is refused by Spark.' },
  { key: 'spark.dynamicAllocation.initialExecutors', type: 'int', min: 0, default: 'spark.dynamicAllocation.minExecutors', simulated: true, doc: 'The target at the start: max(minExecutors, initialExecutors, spark.executor.instances). The target does not move before the first stage is submitted (or an idle timeout elapses).' },
  { key: 'spark.dynamicAllocation.executorAllocationRatio', type: 'double', min: 0, default: '1.0', simulated: true, doc: 'Scales the executors needed: ceil((pending + running tasks) x ratio / slots per executor). Must be in (0, 1].' },
  { key: 'spark.dynamicAllocation.schedulerBacklogTimeout', type: 'time', unit: 's', wholeSeconds: true, default: '1s', simulated: true, doc: 'Tasks pending this long (from the stage submission or the failure that re-queued them) trigger the first request of new executors. Read in whole seconds; must be > 0.' },
  { key: 'spark.dynamicAllocation.sustainedSchedulerBacklogTimeout', type: 'time', unit: 's', wholeSeconds: true, default: 'schedulerBacklogTimeout', simulated: true, doc: 'While the backlog lasts, the next request comes this long after the previous one, each asking for twice as many executors as the last (1, 2, 4...), capped by the executors needed and maxExecutors. Read in whole seconds; must be > 0.' },
  { key: 'spark.dynamicAllocation.executorIdleTimeout', type: 'time', unit: 's', wholeSeconds: true, default: '60s', simulated: true, doc: 'An executor with no running task for this long is released (killed by the driver: nothing is lost, no fault), unless that would go below minExecutors or the current target.' },
  { key: 'spark.dynamicAllocation.cachedExecutorIdleTimeout', type: 'time', unit: 's', wholeSeconds: true, default: 'infinity', simulated: true, doc: 'The idle timeout of an executor holding cached blocks (in the simulation: an executor a task names in `prefer: exec:ID`). Default: never released.' },
  {
    key: 'spark.dynamicAllocation.shuffleTracking.enabled', type: 'bool', default: 'true', onlyIn: '3.5', simulated: true,
    doc: 'Without the external shuffle service: an executor that wrote shuffle map outputs is kept while a running job uses them, and otherwise for shuffleTracking.timeout after it went idle (default: as long as the shuffle exists, so for the whole run: the simulation does not model the ContextCleaner). Off when spark.shuffle.service.enabled is true.', versionNote: '3.0+ (default true from 3.4 on; the simulation takes 3.5\'s). Spark 2.2 needs the external shuffle service for dynamic allocation.',
  },
  { key: 'spark.dynamicAllocation.shuffleTracking.timeout', type: 'time', unit: 'ms', default: 'infinity', onlyIn: '3.5', simulated: true, doc: 'With shuffle tracking: how long after going idle an executor that holds shuffle data no running job uses may be released.', versionNote: '3.0+ only.' },
  // --- decommissioning (3.1+; src/engine/decommission.ts, blockManagerDecommissioner.ts)
  {
    key: 'spark.decommission.enabled', type: 'bool', default: 'false', onlyIn: '3.5', simulated: true,
    doc: 'Graceful executor decommissioning: an executor given notice (a `decommission` fault: a spot reclaim, a Kubernetes executor roll, a node drain) is offered no new task from the notice (TaskSchedulerImpl.executorDecommission), lets its running tasks finish, leaves the Kafka executor list at once, and exits by itself once idle (and its blocks migrated) or is killed when the notice ends. Without it the notice is ignored: the executor is lost at the kill like a crash.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.enabled', type: 'bool', default: 'false', onlyIn: '3.5', simulated: true,
    doc: 'With spark.decommission.enabled: the decommissioning executor migrates its shuffle files (BlockManagerDecommissioner) to live peers during the notice, and the MapOutputTracker moves each migrated map output to its peer, so those map tasks are not re-run when the executor goes. Outputs still there at the kill are lost as after a crash. Migration time: each map output (its consumers\' `input` shared by the map tasks) takes 2 x network.latency + size / network.bandwidth on one upload thread.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.shuffleBlocks.enabled', type: 'bool', default: 'true', onlyIn: '3.5', simulated: true,
    doc: 'Migrate shuffle files during storage decommissioning (requires spark.storage.decommission.enabled). Off: map outputs stay on the executor and are lost when it goes.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.rddBlocks.enabled', type: 'bool', default: 'true', onlyIn: '3.5', simulated: true,
    doc: 'Migrate cached RDD blocks during storage decommissioning (requires spark.storage.decommission.enabled): one thread replicates each block still on the executor (a task\'s `exec:` preference, of a stage not yet done; its `input` bytes) to a random live peer, one after another (latency + size / network.bandwidth each), then every replicationReattemptInterval after a round ends; task sets created after an upload prefer the peer. The executor exits only after a round that found nothing left.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.shuffleBlocks.maxThreads', type: 'int', min: 1, default: '8', onlyIn: '3.5', simulated: true,
    doc: 'Upload threads of shuffle migration: one per live peer (in a random order), at most this many; each takes the next map output from one queue ordered by (shuffle, map id).', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.replicationReattemptInterval', type: 'time', unit: 'ms', default: '30s', onlyIn: '3.5', simulated: true,
    doc: 'Internal. How often the decommissioner looks again for shuffle files to migrate (outputs of tasks that finished during the notice wait for the next round) and for new peers. The executor exits only after a round that found everything migrated, so with blocks to move it stays at least this long.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.executor.decommission.forceKillTimeout', type: 'time', unit: 's', wholeSeconds: true, default: '(unset)', onlyIn: '3.5', simulated: true,
    doc: 'The driver kills a decommissioning executor that has not exited this long after its notice (CoarseGrainedSchedulerBackend.decommissionExecutors): outputs not yet migrated are lost then. Read in whole seconds.', versionNote: '3.2+ only.',
  },
  {
    key: 'spark.executor.decommission.killInterval', type: 'time', unit: 's', wholeSeconds: true, default: '(unset)', onlyIn: '3.5', simulated: false,
    doc: 'How long after the notice an outside service kills a decommissioned executor (2 minutes for an AWS spot reclaim). Spark uses it only to speculate tasks that would run past it (TaskSetManager); the kill itself is the fault\'s `notice`.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.storage.decommission.fallbackStorage.path', type: 'string', default: '(none)', onlyIn: '3.5', simulated: false,
    doc: 'A remote store (for example s3a://bucket/spark/) that receives shuffle blocks when no peer can. Not simulated: blocks go to peers only.', versionNote: '3.1+ only.',
  },
  {
    key: 'spark.stage.ignoreDecommissionFetchFailure', type: 'bool', default: 'false', onlyIn: '3.5', simulated: false,
    doc: 'Fetch failures from a decommissioned executor do not count toward spark.stage.maxConsecutiveAttempts. Not simulated: every fetch failure counts.', versionNote: '3.4+ only.',
  },
  {
    key: 'spark.shuffle.push.enabled', type: 'bool', default: 'false', onlyIn: '3.5', simulated: false,
    doc: 'Push-based shuffle (YARN with the external shuffle service only): map outputs are also pushed to merger shuffle services. Not simulated.', versionNote: '3.2+ only.',
  },
  // --- barrier execution mode (2.4+; chosen in code with RDD.barrier(): the format has no barrier stage, SJ150)
  { key: 'spark.barrier.sync.timeout', type: 'time', unit: 's', wholeSeconds: true, default: '365d', onlyIn: '3.5', simulated: false, doc: 'How long a barrier task waits in BarrierTaskContext.barrier() for the others. Barrier stages are not simulated.', versionNote: '2.4+ only.' },
  { key: 'spark.scheduler.barrier.maxConcurrentTasksCheck.interval', type: 'time', unit: 's', wholeSeconds: true, default: '15s', onlyIn: '3.5', simulated: false, doc: 'Wait before a barrier job whose stage needs more slots than the cluster has is checked again. Barrier stages are not simulated.', versionNote: '2.4+ only.' },
  { key: 'spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures', type: 'int', min: 1, default: '40', onlyIn: '3.5', simulated: false, doc: 'Checks of that kind before the barrier job fails. Barrier stages are not simulated.', versionNote: '2.4+ only.' },
  { key: 'spark.storage.replication.proactive', type: 'bool', default: 'false', simulated: false, doc: 'Re-replicate cached RDD blocks lost with an executor (not received stream blocks).' },
  // --- speculation (TaskSetManager.checkSpeculatableTasks; src/engine/speculation.ts)
  {
    key: 'spark.speculation', type: 'bool', default: 'false', simulated: true,
    doc: 'Launch speculative copies of slow running tasks on another host; the first attempt to finish wins and the other is killed. Only running tasks are copied: a task stuck on a hung executor gets a copy once it has run past the threshold, long before the heartbeat timeout (spark.network.timeout) removes the executor; a re-run waiting for a local slot is not running and is never copied. The copy goes through the task set\'s locality levels after its regular tasks, never to a host where the task already ran.',
  },
  { key: 'spark.speculation.interval', type: 'time', unit: 'ms', default: '100ms', simulated: true, doc: 'How often the scheduler checks every task set for tasks to speculate (at interval, 2 x interval, ... from the application\'s start); a task marked speculatable gets its copy at the offers this check revives. Must be positive.' },
  {
    key: 'spark.speculation.multiplier', type: 'double', min: 0, default: '1.5', simulated: true,
    doc: 'A running task is speculatable once it has run longer than max(multiplier x the median duration of its task set\'s successful tasks, spark.speculation.minTaskRuntime).',
  },
  { key: 'spark.speculation.quantile', type: 'double', min: 0, default: '0.75', simulated: true, doc: 'Fraction of a task set\'s tasks that must have succeeded before its tasks are considered for speculation (floor(quantile x tasks), at least 1).' },
  {
    key: 'spark.speculation.minTaskRuntime', type: 'time', unit: 'ms', default: '100ms', onlyIn: '3.5', simulated: true,
    doc: 'Lower bound of the speculation threshold: no copy of a task that has run for less than this.', versionNote: '3.2+; Spark 2.2 uses a fixed 100 ms.',
  },
  {
    key: 'spark.speculation.task.duration.threshold', type: 'time', unit: 'ms', default: '(unset)', onlyIn: '3.5', simulated: true,
    doc: 'Speculates a task that has run longer than this even before the quantile is reached, in task sets with no more tasks than one executor\'s slots (single-task sets included).', versionNote: '3.0+ only.',
  },
  {
    key: 'spark.speculation.efficiency.enabled', type: 'bool', default: 'true', onlyIn: '3.5', simulated: false,
    doc: 'Speculates only "inefficient" tasks: a process rate below processRateMultiplier x the stage average, or a run longer than longRunTaskFactor x the threshold. A running task\'s rate comes from heartbeats, whose executor run time is still 0 (set when the task ends, Executor.scala), so its rate is 0 and every task over the threshold counts as inefficient: no effect on when copies launch.', versionNote: '3.4+ only.',
  },
  // --- streaming (reference 5.2, Spark Streaming keys)
  { key: 'spark.streaming.blockInterval', type: 'time', unit: 'ms', default: '200ms', simulated: true, doc: 'BlockGenerator tick of every receiver: received data is cut into one block per interval, so a batch has batchInterval / blockInterval blocks (= map tasks) per receiver.' },
  { key: 'spark.streaming.concurrentJobs', type: 'int', min: 1, default: '1', simulated: true, doc: 'Size of the thread pool that runs output-operation jobs: how many streaming jobs (of one or several batches) run at once. Undocumented; 1 runs batches strictly one after another.' },
  { key: 'spark.streaming.blockQueueSize', type: 'int', min: 1, default: '10', simulated: false, doc: 'Sealed blocks awaiting push, per BlockGenerator.' },
  { key: 'spark.streaming.receiver.maxRate', type: 'long', default: 'unlimited', simulated: true, doc: 'Records per second each receiver accepts at most (<= 0: no limit); the upper bound of backpressure.' },
  { key: 'spark.streaming.receiverRestartDelay', type: 'int', min: 0, default: '2000', simulated: false, doc: 'Milliseconds before a receiver restarts itself inside its task after an error.' },
  { key: 'spark.streaming.receiver.writeAheadLog.enable', type: 'bool', default: 'false', simulated: true, doc: 'Write received blocks to a write-ahead log so they survive the loss of their executor; forces the in-memory replication to 1.' },
  { key: 'spark.streaming.backpressure.enabled', type: 'bool', default: 'false', simulated: true, doc: 'Adapt receiving rates to the processing rate with a PID rate estimator.' },
  { key: 'spark.streaming.backpressure.initialRate', type: 'long', default: 'receiver.maxRate', simulated: true, doc: 'Rate of the first batch when backpressure is enabled.', versionNote: 'The Kafka direct stream uses it only in 3.x.' },
  { key: 'spark.streaming.backpressure.pid.proportional', type: 'double', min: 0, default: '1.0', simulated: true, doc: 'PIDRateEstimator: weight of the current error (latest rate - processing rate).' },
  { key: 'spark.streaming.backpressure.pid.integral', type: 'double', min: 0, default: '0.2', simulated: true, doc: 'PIDRateEstimator: weight of the accumulated error (scheduling delay x processing rate / batch interval).' },
  { key: 'spark.streaming.backpressure.pid.derived', type: 'double', min: 0, default: '0.0', simulated: true, doc: 'PIDRateEstimator: weight of the change of the error.' },
  { key: 'spark.streaming.backpressure.pid.minRate', type: 'double', min: 0, default: '100', simulated: true, doc: 'PIDRateEstimator: the lowest rate it publishes (records/s).' },
  { key: 'spark.streaming.kafka.maxRatePerPartition', type: 'long', default: '0 (unlimited)', simulated: true, doc: 'Records per second per Kafka partition the direct stream reads at most.' },
  { key: 'spark.streaming.kafka.minRatePerPartition', type: 'long', default: '1', onlyIn: '3.5', simulated: true, doc: 'Lower bound of the per-partition rate under backpressure.', versionNote: 'Spark 2.4+; absent in 2.2.' },
  { key: 'spark.streaming.unpersist', type: 'bool', default: 'true', simulated: false, doc: 'Unpersist old RDDs and remove input blocks once they are no longer needed.' },
  { key: 'spark.streaming.stopGracefullyOnShutdown', type: 'bool', default: 'false', simulated: false, doc: 'Stop the StreamingContext gracefully in the JVM shutdown hook.' },
  { key: 'spark.streaming.dynamicAllocation.enabled', type: 'bool', default: 'false', simulated: false, doc: 'Streaming dynamic allocation (scales executors by batch processing time).' },
  // --- other common keys (kept, not simulated)
  { key: 'spark.master', type: 'string', default: '(none)', simulated: false, doc: 'Cluster manager URL: local[n], spark://host:port, yarn, k8s://... The simulator takes the cluster from `cluster:`.' },
  { key: 'spark.app.name', type: 'string', default: '(none)', simulated: false, doc: 'Application name. The simulator shows `name:` instead.' },
  // --- Structured Streaming (reference structured-streaming.md sec. 1.2-1.5)
  { key: 'spark.sql.shuffle.partitions', type: 'int', min: 1, default: '200', simulated: true, doc: 'Shuffle partitions of DataFrame/SQL queries: the default `partitions` of a query\'s shuffle stages, and so the number of state stores of a stateful operator. A streaming query keeps the value of its first run in the checkpoint (OffsetSeq metadata): changing it later has no effect on that query.' },
  { key: 'spark.sql.streaming.stateStore.providerClass', type: 'string', default: 'org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider', simulated: true, doc: 'State store provider: HDFS-backed (state in JVM maps, snapshot + delta files on the checkpoint file system) or RocksDBStateStoreProvider (3.2+). Sets the default `state.provider`, which decides what a reload on a new executor reads.' },
  { key: 'spark.sql.streaming.stateStore.minDeltasForSnapshot', type: 'int', min: 1, default: '10', simulated: true, doc: 'Delta (or changelog) files after which a snapshot is written: a reload replays at most this many deltas on top of the last snapshot. The default `state.snapshotInterval`.' },
  { key: 'spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled', type: 'bool', default: 'false', simulated: true, doc: 'RocksDB: commit a changelog per batch and a snapshot only every minDeltasForSnapshot versions, instead of a full checkpoint per batch. A reload then downloads the last snapshot and replays the changelogs after it.' },
  { key: 'spark.sql.streaming.stateStore.maintenanceInterval', type: 'time', unit: 'ms', default: '60s', simulated: false, doc: 'Interval of the background thread that writes snapshots and cleans old state files.' },
  { key: 'spark.sql.streaming.stateStore.minBatchesToRetain', type: 'int', min: 1, default: '100', simulated: false, doc: 'Batches of state files kept for recovery.' },
  { key: 'spark.sql.streaming.maxBatchesToRetainInMemory', type: 'int', min: 0, default: '2', simulated: false, doc: 'HDFS-backed provider: versions of the state kept in the executor\'s memory (the loaded-map cache).' },
  { key: 'spark.sql.streaming.noDataMicroBatches.enabled', type: 'bool', default: 'true', simulated: false, doc: 'Run a micro-batch without new data when a stateful operator needs one to advance its watermark or fire timeouts. Without a watermark or a timeout no operator asks for one, so a trigger that finds no new data runs no batch, with this key or without it; the simulator models neither watermarks nor timeouts and skips every trigger without new data.' },
  { key: 'spark.sql.streaming.multipleWatermarkPolicy', type: 'string', default: 'min', simulated: false, doc: 'How the global watermark is chosen when a query has several (min or max). Watermarks are not simulated (SJ311).' },
  { key: 'spark.sql.streaming.join.stateFormatVersion', type: 'int', min: 1, default: '2', simulated: false, doc: 'State format of stream-stream joins. Stream-stream joins are not simulated (SJ312): four state stores per join partition.' },
  { key: 'spark.sql.streaming.pollingDelay', type: 'time', unit: 'ms', default: '10ms', simulated: true, doc: 'Internal: how long a query with a zero trigger interval sleeps after a trigger that found no new data before it looks again (MicroBatchExecution.runActivatedStream).' },
  { key: 'spark.sql.streaming.statefulOperator.stateRebalancing.enabled', type: 'bool', default: '(Databricks only)', simulated: false, doc: 'Databricks Runtime only: moves state stores to newly added executors. Not in open-source Spark.' },
];

export const CONF_KEY_MAP: ReadonlyMap<string, ConfKeyInfo> = new Map(CONF_KEYS.map((k) => [k.key, k]));

export function confKeyInfo(key: string): ConfKeyInfo | undefined {
  return CONF_KEY_MAP.get(key);
}

/** Markdown for a hover: the doc, type, unit, default and version note. */
export function confKeyMarkdown(info: ConfKeyInfo): string {
  const unit = info.unit ? ` (a bare number is ${info.unit === 's' ? 'seconds' : info.unit === 'ms' ? 'milliseconds' : info.unit})` : '';
  const type = info.type === 'enum' ? (info.values ?? []).join(' | ') : info.type;
  const lines = [`**${info.key}**: ${type}${unit}, default \`${info.default}\``, '', info.doc];
  if (info.versionNote) lines.push('', `*Spark versions:* ${info.versionNote}`);
  if (!info.simulated) lines.push('', '*Kept but not simulated.*');
  return lines.join('\n');
}
