// Every diagnostic code of the format layer, in one table: the README lists it, the CLI prints the
// code after each message, and the editor's quick fixes match diagnostics by code. A code never
// changes meaning once released; retired codes are not reused.

import type { Severity } from './diagnostics';

export interface CodeInfo {
  /** the usual severity (a few codes are emitted at a lower one in a stated case) */
  severity: Severity;
  title: string;
  explanation: string;
}

export const CODES = {
  SJ000: {
    severity: 'error',
    title: 'Internal error',
    explanation:
      'The parser met a case it did not expect. The file may be fine; please report it with the file attached. No model is produced.',
  },
  SJ001: {
    severity: 'error',
    title: 'YAML syntax error',
    explanation:
      'The text is not valid YAML (bad indentation, an unclosed bracket or quote, a duplicate key, a tab used for indentation, several documents in one file...). Every error the YAML parser finds is reported in plain words at the place of the mistake (an unclosed quote at its opening quote, an unclosed [ or { at its bracket, a key without a colon, two colons on one line, keys not lined up...), one per broken line; the parser\'s own messages are never shown.',
  },
  SJ002: {
    severity: 'warning',
    title: 'YAML warning',
    explanation:
      'The YAML parser accepted the text but flagged something suspicious (for example an unknown tag or directive), said in plain words.',
  },
  SJ003: {
    severity: 'error',
    title: 'Document too large or too complex',
    explanation:
      'The file exceeds a robustness limit: its size, its nesting depth or the number of alias (`*name`) references. Limits protect the editor and the command line from files that would take too long to read (alias bombs, deeply nested brackets).',
  },
  SJ004: {
    severity: 'error',
    title: 'Not a mapping',
    explanation:
      'A job file is a YAML mapping of the top-level keys `version`, `cluster`, `jobs`... An empty file, a list or a plain value at the top is not a job definition.',
  },
  SJ005: {
    severity: 'error',
    title: 'Limit exceeded',
    explanation:
      'The file describes more executors or tasks than the simulator accepts (10,000 executors, 10,000,000 tasks in all). Larger runs would exhaust memory; scale the job down, the locality behaviour does not depend on absolute size.',
  },
  SJ010: {
    severity: 'warning',
    title: 'Unknown key',
    explanation:
      'The key is not part of the format at this place and is ignored. Often a typo: the message suggests the closest known key and a quick fix renames it.',
  },
  SJ011: {
    severity: 'error',
    title: 'Missing required key',
    explanation:
      'A key the format requires is absent (`version`, `cluster`, `cluster.executors`, a job\'s `name` and `stages`, a stage\'s `name` and `tasks`, a task\'s `duration`, a fault\'s `executor` and `at`...). It is reported at the key whose mapping lacks it (a top-level key on the mapping\'s first line, one missing from a list item on the item\'s first line). A quick fix inserts it with a placeholder value.',
  },
  SJ012: {
    severity: 'error',
    title: 'Wrong type',
    explanation:
      'The value has the wrong YAML type: a list where a mapping is expected, a string where a number or boolean is expected, and so on.',
  },
  SJ013: {
    severity: 'error',
    title: 'Invalid value',
    explanation:
      'The value is not one of the allowed values (for example `kind: crash|hang`, `policy: spark|reserved-slots`, `spark: "2.2"|"3.5"`).',
  },
  SJ014: {
    severity: 'error',
    title: 'Unsupported format version',
    explanation: 'Only `version: 1` exists. The version says which edition of this format the file is written in.',
  },
  SJ015: {
    severity: 'error',
    title: 'No work to simulate',
    explanation: 'A job file needs `jobs:` (batch work) or `streaming:` (streaming work), or both.',
  },
  SJ016: {
    severity: 'error',
    title: 'Value out of range',
    explanation:
      'A number is outside its allowed range or is not an integer where one is required (counts and cores are integers >= 1, `sigma` >= 0, `seed` an integer, reserved slots >= 0...).',
  },
  SJ017: {
    severity: 'error',
    title: 'Invalid name',
    explanation:
      'Job and stage names become parts of task ids (`JOB/STAGE/INDEX`), so they must be non-empty and must not contain `/` or `@`.',
  },
  SJ020: {
    severity: 'error',
    title: 'Malformed duration',
    explanation:
      'Durations use Spark\'s time strings (JavaUtils.timeStringAs): an integer followed by `us`, `ms`, `s`, `m` or `min` (minutes), `h` or `d`, matching `-?[0-9]+([a-z]+)?` after lower-casing and trimming. There is no `y` suffix.',
  },
  SJ021: {
    severity: 'error',
    title: 'Fractional duration or size',
    explanation:
      'Spark rejects fractions such as `1.5s` or `1.5g`: only integers are allowed. The quick fix writes the same amount with a smaller unit (`1500ms`, `1536m`).',
  },
  SJ022: {
    severity: 'error',
    title: 'Number without a unit',
    explanation:
      'Outside `conf:` a duration or size needs its unit (`1250ms`, `64m`): a bare number is ambiguous. (Under `conf:`, a bare number takes the key\'s default unit, as Spark does.)',
  },
  SJ023: {
    severity: 'error',
    title: 'Malformed size',
    explanation:
      'Sizes use Spark\'s byte strings (JavaUtils.byteStringAs): an integer followed by `b`, `k`/`kb`, `m`/`mb`, `g`/`gb`, `t`/`tb` or `p`/`pb`, binary multiples (`1k` = 1024 bytes).',
  },
  SJ025: {
    severity: 'error',
    title: 'Negative value',
    explanation: 'Durations, sizes and counts cannot be negative.',
  },
  SJ026: {
    severity: 'info',
    title: 'Duration rounded down',
    explanation:
      'The simulator counts whole milliseconds. A microsecond value that is not a whole number of milliseconds is floored, as Spark\'s `timeStringAsMs` does (`1500us` is 1 ms). Likewise the keys Spark reads in whole seconds (`spark.network.timeout`; in 2.2 also `spark.network.timeoutInterval`) drop the milliseconds (`1500ms` is 1 s).',
  },
  SJ030: {
    severity: 'error',
    title: 'Malformed Spark configuration value',
    explanation:
      'A known Spark key has a value Spark would refuse at start-up: a time key needs a time string or a bare number in its default unit, an int key a plain integer, a boolean key `true` or `false`, `spark.scheduler.mode` FIFO or FAIR.',
  },
  SJ031: {
    severity: 'info',
    title: 'Possibly misspelled Spark key',
    explanation:
      'The key is not one the simulator knows but is very close to one that is. Spark accepts any key silently, so a typo there means the setting has no effect. Other unknown `spark.*` keys are kept without comment.',
  },
  SJ032: {
    severity: 'warning',
    title: 'Not a Spark key',
    explanation:
      'Keys under `conf:` are Spark configuration keys and all start with `spark.`. Spark ignores (and warns about) other keys in its configuration; so does the simulator.',
  },
  SJ033: {
    severity: 'warning',
    title: 'Heartbeat interval not below the heartbeat timeout',
    explanation:
      '`spark.executor.heartbeatInterval` must be less than the executor heartbeat timeout (`spark.network.timeout`, or in 3.x `spark.storage.blockManagerHeartbeatTimeoutMs` when set). Spark 3.x refuses to start otherwise; with 2.2 executors are expired between two heartbeats.',
  },
  SJ034: {
    severity: 'info',
    title: 'FAIR scheduling not modelled (retired)',
    explanation:
      'Retired: earlier versions ordered task sets FIFO even with `spark.scheduler.mode: FAIR`. FAIR scheduler pools are simulated now (`pools:`, `pool:`, SJ175-SJ179); the code is no longer emitted.',
  },
  SJ035: {
    severity: 'info',
    title: 'Speculation not simulated (retired)',
    explanation: 'Retired: earlier versions did not simulate `spark.speculation` and said here what that left out. Speculation is simulated now (README "Speculation"); the code is no longer emitted.',
  },
  SJ160: {
    severity: 'error',
    title: 'Speculation interval not positive',
    explanation: 'With `spark.speculation` on, TaskSchedulerImpl starts its check with `scheduleWithFixedDelay(interval, interval)` (2.2: `scheduleAtFixedRate`), which refuses a period of 0 or less: the SparkContext fails to start. Give `spark.speculation.interval` a positive duration (default 100ms).',
  },
  SJ036: {
    severity: 'info',
    title: 'Key has no effect in this Spark version',
    explanation:
      'The key exists only in another Spark version than the one selected by `spark:` (for example `spark.locality.wait.legacyResetOnTaskLaunch` and `spark.storage.blockManagerHeartbeatTimeoutMs` are 3.x keys; 2.2 ignores them).',
  },
  SJ037: {
    severity: 'info',
    title: 'Bare number in the key\'s default unit',
    explanation:
      'Spark reads a bare number under a time key in that key\'s default unit (`spark.locality.wait: 3` is 3 ms, `spark.network.timeout: 120` is 120 s). Easy to misread: the quick fixes write the unit out.',
  },
  SJ040: {
    severity: 'error',
    title: 'Duplicate executor id',
    explanation:
      'Executor ids name executors in `prefer`, `faults` and `reservedSlots`, so each must be unique. Several executors may share a host, as in Spark.',
  },
  SJ041: {
    severity: 'error',
    title: 'Executor cores unknown',
    explanation:
      'An executor needs a number of cores: give `cores:` on the executor (or the template), or set `spark.executor.cores` under `conf:`, which is the default for every executor.',
  },
  SJ042: {
    severity: 'error',
    title: 'Executor has no task slot',
    explanation:
      'Slots per executor = floor(cores / spark.task.cpus). An executor with fewer cores than `spark.task.cpus` can never run a task (Spark\'s scheduler never offers it work).',
  },
  SJ050: {
    severity: 'error',
    title: 'Duplicate job name',
    explanation: 'Job names identify tasks (`JOB/STAGE/INDEX`) in results and findings, so they must be unique.',
  },
  SJ051: {
    severity: 'error',
    title: 'Duplicate stage name',
    explanation: 'Stage names must be unique within their job: `parents` and task ids refer to stages by name.',
  },
  SJ052: {
    severity: 'error',
    title: 'Unknown parent stage',
    explanation: '`parents` names stages of the same job. The named stage does not exist in this job.',
  },
  SJ053: {
    severity: 'error',
    title: 'Cyclic stage dependencies',
    explanation:
      'Stages run when all their parents finish, as Spark\'s DAGScheduler runs them; a cycle (a stage depending on itself, directly or through others) could never start.',
  },
  SJ054: {
    severity: 'warning',
    title: 'Preferred location not in the cluster',
    explanation:
      '`prefer` names an executor id, host or rack that no executor has. Spark keeps such preferences, but they never match, so the task only runs below that locality level. Usually a typo.',
  },
  SJ055: {
    severity: 'error',
    title: 'Malformed preferred location',
    explanation:
      'A preferred location is `exec:ID` (the block is in that executor\'s memory), `host:NAME` or `rack:NAME`. The replica rule `{ replicas: N, on: hosts|executors }` is allowed only in the count form of `tasks:`.',
  },
  SJ056: {
    severity: 'error',
    title: 'Invalid distribution',
    explanation:
      'A duration distribution is `{ dist: uniform, min, max }` with min <= max, or `{ dist: lognormal, median, sigma }` with sigma >= 0.',
  },
  SJ057: {
    severity: 'warning',
    title: 'More replicas than locations',
    explanation:
      'A replica rule asks for more distinct hosts (or executors) than the cluster has; each task prefers all of them instead (the count is clamped).',
  },
  SJ060: {
    severity: 'error',
    title: 'Fault on an unknown executor',
    explanation: 'A fault names an executor id that is not in `cluster.executors`.',
  },
  SJ061: {
    severity: 'warning',
    title: 'Fault before the executor joins',
    explanation:
      'The fault happens before the executor registers (`joinAt`); there is nothing to fail yet. The simulator applies it at registration.',
  },
  SJ070: {
    severity: 'error',
    title: 'Reserved slots on an unknown executor',
    explanation: '`recovery.reservedSlots` names an executor id that is not in `cluster.executors` (use `all:` for every executor).',
  },
  SJ071: {
    severity: 'info',
    title: 'Reserved slots unused',
    explanation:
      '`reservedSlots` only matters under `policy: reserved-slots` (or `--policy reserved-slots`) and in the sweep\'s comparison. With `policy: spark` and `analysis.sweep: false` they are used only when the command line selects the reserved-slots policy.',
  },
  SJ080: {
    severity: 'info',
    title: 'Streaming not simulated yet (retired)',
    explanation:
      'Retired: earlier versions kept `streaming:` without simulating it. The section is simulated now; the code is no longer emitted.',
  },
  SJ081: {
    severity: 'error',
    title: 'Streaming run not bounded',
    explanation:
      '`streaming:` needs `batchInterval` and exactly one of `batches` (how many batch times) or `duration` (simulate the batch times up to it); `duration` must reach at least one batch time.',
  },
  SJ082: {
    severity: 'error',
    title: 'Duplicate input or output name',
    explanation: 'Input names are read by stages (`input: NAME`) and name receivers (`receiver:NAME`); output names name the streaming jobs (`OUTPUT@BATCHTIME`). Each must be unique.',
  },
  SJ083: {
    severity: 'error',
    title: 'Unknown input',
    explanation: 'A stage\'s `input:` names an input of `streaming.inputs` that does not exist.',
  },
  SJ084: {
    severity: 'error',
    title: 'Stage reads an input or has tasks',
    explanation:
      'A streaming stage either reads an input (`input`, with `costPerRecord` and `fixed`: one task per block or Kafka partition of the batch) or has `tasks` with a `duration` (as in batch jobs), not both and not neither.',
  },
  SJ085: {
    severity: 'warning',
    title: 'Key not used by this input kind',
    explanation:
      'Receivers use `storageLevel`, `writeAheadLog` and `preferredHost`; Kafka direct inputs use `partitions`, `topic`, `locationStrategy`, `brokers` and `fixed`. A key of the other kind is ignored.',
  },
  SJ086: {
    severity: 'error',
    title: 'Kafka partition map invalid',
    explanation:
      '`brokers` (PreferBrokers) and `fixed` (PreferFixed) map partition numbers 0..partitions-1 to host names. PreferBrokers needs a leader host for every partition.',
  },
  SJ087: {
    severity: 'info',
    title: 'Write-ahead log forces replication 1',
    explanation:
      'With the receiver write-ahead log, Spark stores blocks serialized with replication 1 (WriteAheadLogBasedBlockHandler: replication > 1 "is unnecessary when write ahead log is enabled"); the log is the backup.',
  },
  SJ200: {
    severity: 'error',
    title: 'Executor leaves before it joins',
    explanation:
      '`leaveAt` (an executor released without a fault: a dynamic-allocation release, a worker that left with nothing running) must come after its `joinAt`.',
  },
  SJ201: {
    severity: 'error',
    title: 'Unknown job in after',
    explanation:
      '`after: NAME` submits the job `submit` after job NAME ends (a driver that runs its jobs one after another); NAME must be a job listed before this one.',
  },
  SJ110: {
    severity: 'info',
    title: '2.2 heartbeat expiry race not modelled',
    explanation:
      'In Spark 2.2, HeartbeatReceiver.expireDeadHosts fails a hung executor\'s tasks (and revives offers) before the backend stops offering that executor: it is marked pending-to-remove only afterwards, on another thread (SPARK-27348, fixed in 3.0). An offer in between can launch re-runs onto the hung executor itself, where they are lost again at its removal. The simulation removes the executor with its tasks, as 3.x does, so its 2.2 hang recoveries are the race\'s good case.',
  },
  SJ111: {
    severity: 'info',
    title: 'Shuffle fetch retries: 2.2 only',
    explanation:
      '`spark.shuffle.io.maxRetries` and `spark.shuffle.io.retryWait` delay a fetch failure only when a reducer retries a dead executor, which Spark 2.2 does (about 15 s by default, when the reducer\'s executor has cached the map statuses). Spark 3.x asks the driver whether the executor is alive first and fails at once (ExecutorDeadException), so in 3.x runs these keys change nothing the simulation shows (retries against live executors are not modelled).',
  },
  SJ120: {
    severity: 'error',
    title: 'Two executors on one Kubernetes host',
    explanation:
      'With `cluster.manager: kubernetes` every executor is its own pod, so its own host (`host` defaults to `pod-ID`). Two executors on one host cannot happen there: give each its own host or leave `host` out.',
  },
  SJ121: {
    severity: 'warning',
    title: 'Setting has no effect with this cluster manager',
    explanation:
      '`cluster.podEventDelay` is the Kubernetes pod event and applies only with `manager: kubernetes`; `cluster.lossReasonDelay` is the YARN ApplicationMaster\'s report or the standalone Worker\'s exit report (Spark 3.4+: 2.2 removes a disconnected executor at once) and does not apply on Kubernetes.',
  },
  SJ122: {
    severity: 'warning',
    title: 'No external shuffle service on Kubernetes',
    explanation:
      'Kubernetes does not support an external shuffle service (running-on-kubernetes.md), so `spark.shuffle.service.enabled: true` keeps nothing there: every executor loss loses its shuffle outputs. The simulation treats the key as false on Kubernetes.',
  },
  SJ123: {
    severity: 'info',
    title: 'Spark 2.2 has no Kubernetes backend',
    explanation:
      'Spark runs on Kubernetes from 2.3. With `spark: "2.2"` and `manager: kubernetes` the simulation uses 2.2\'s scheduler with the Kubernetes backend\'s loss rules (a disconnect disables the executor, the pod event fails its tasks).',
  },
  SJ124: {
    severity: 'info',
    title: 'Cause not reported by this cluster manager',
    explanation:
      'Only YARN (a preempted or RM-killed container) and Kubernetes (a deleted pod) report an executor loss as not caused by the application. A standalone Worker reports every exit code as caused by the app (StandaloneSchedulerBackend.executorRemoved), and Spark 2.2 standalone removes on the disconnect; a hang or node fault has its own reason. `cause: external` changes nothing here.',
  },
  SJ150: {
    severity: 'info',
    title: 'Feature left out of the prediction',
    explanation:
      'The key turns on a Spark feature that changes recovery but that the simulator does not model, so the prediction leaves it out: executor exclusion after failures (`spark.excludeOnFailure.enabled`, 2.x `spark.blacklist.enabled`), Spark Streaming\'s dynamic allocation (`spark.streaming.dynamicAllocation.enabled`; core dynamic allocation is simulated) and push-based shuffle (`spark.shuffle.push.enabled`). The message says what the prediction misses. Barrier stages are chosen in code (RDD.barrier()) and cannot be written in the format: the barrier settings (`spark.barrier.sync.timeout`, `spark.scheduler.barrier.maxConcurrentTasksCheck.*`) get the same information whatever their value.',
  },
  SJ170: {
    severity: 'info',
    title: 'Decommission notice ignored',
    explanation:
      'A `decommission` fault is a notice: with `spark.decommission.enabled: true` (Spark 3.1+) the executor takes no new task from then on, lets its running tasks finish, migrates its shuffle files with `spark.storage.decommission.enabled`, and exits by itself or is killed when the notice ends. Without the key (or with `spark: "2.2"`) the executor ignores the notice (CoarseGrainedExecutorBackend.decommissionSelf returns at once) and is lost at the end of the notice like a crash, with its running tasks and its map outputs.',
  },
  SJ171: {
    severity: 'warning',
    title: 'Notice on a fault that is not a decommission',
    explanation: '`notice` (how long after the fault the executor is killed) belongs to `kind: decommission`; a crash, hang or node fault has no notice, so it is ignored.',
  },
  SJ172: {
    severity: 'info',
    title: 'Decommission setting without effect',
    explanation:
      'The storage keys (`spark.storage.decommission.*`) act only when both `spark.decommission.enabled` and `spark.storage.decommission.enabled` are true (the executor starts its BlockManagerDecommissioner from decommissionSelf); `spark.executor.decommission.forceKillTimeout` only when `spark.decommission.enabled` is true. As written, the key changes nothing.',
  },
  SJ174: {
    severity: 'info',
    title: 'Part of decommissioning not simulated',
    explanation:
      'The simulation migrates shuffle files and cached RDD blocks (a task\'s `exec:` preference) to peer executors; the fallback storage (`spark.storage.decommission.fallbackStorage.path`), the speculation of tasks that would outlast the kill (`spark.executor.decommission.killInterval`) and `spark.stage.ignoreDecommissionFetchFailure` are not modelled. The message says what the prediction leaves out. (Earlier versions also gave it for `spark.storage.decommission.enabled` while cached blocks were not moved.)',
  },
  SJ165: {
    severity: 'error',
    title: 'Dynamic allocation settings Spark refuses',
    explanation:
      'ExecutorAllocationManager.validateSettings refuses to start the application when `spark.dynamicAllocation.maxExecutors` is 0, `minExecutors` is above `maxExecutors`, `schedulerBacklogTimeout` or `sustainedSchedulerBacklogTimeout` is not above 0 (they are read in whole seconds, so `500ms` is 0), or `executorAllocationRatio` is not in (0, 1]. The message names the rule; the simulation does not run.',
  },
  SJ166: {
    severity: 'error',
    title: 'Dynamic allocation without a way to keep shuffle data',
    explanation:
      'Dynamic allocation releases idle executors, so their map outputs must outlive them: Spark refuses to start unless `spark.shuffle.service.enabled` is true or (3.x) `spark.dynamicAllocation.shuffleTracking.enabled` is true (the default from 3.4; it keeps executors that hold shuffle data). Spark 2.2 needs the external shuffle service. Kubernetes has no external shuffle service: use shuffle tracking there.',
  },
  SJ167: {
    severity: 'warning',
    title: 'replaceAfter is ignored with dynamic allocation',
    explanation:
      'With `spark.dynamicAllocation.enabled` the cluster manager keeps the executors at the allocation manager\'s target, so a lost executor is replaced by a request made when its loss is known, registering `cluster.newExecutorDelay` later. A fault\'s own `replaceAfter` would add a second replacement; it is ignored (set `cluster.newExecutorDelay` instead).',
  },
  SJ169: {
    severity: 'info',
    title: 'Dynamic allocation setting without dynamic allocation',
    explanation:
      'The key changes only what dynamic allocation does (`spark.dynamicAllocation.*`, `cluster.newExecutorDelay`), and `spark.dynamicAllocation.enabled` is not true here, so it has no effect: the cluster is `cluster.executors` with their `joinAt` and `leaveAt`, and a lost executor is replaced only by its fault\'s `replaceAfter`.',
  },
  SJ175: {
    severity: 'info',
    title: 'Pool not declared in pools',
    explanation:
      'A job, streaming output or query names a pool (`pool:`, Spark\'s `spark.scheduler.pool` local property) that `pools:` (the allocation file) does not declare. Spark does not refuse it: FairSchedulableBuilder.addTaskSetManager creates the pool when the first job names it, with schedulingMode FIFO, weight 1 and minShare 0, and the simulation does the same. Usually a typo, or a pool the file was meant to declare.',
  },
  SJ176: {
    severity: 'warning',
    title: 'Pools without FAIR scheduling',
    explanation:
      'With `spark.scheduler.mode` FIFO (the default), Spark builds no pools (FIFOSchedulableBuilder): `pools:` and every `pool:` are ignored and task sets run in (job, stage) order. Set `spark.scheduler.mode: FAIR` for the pools to take effect.',
  },
  SJ177: {
    severity: 'warning',
    title: 'Pool declared twice',
    explanation:
      'Two pools of `pools:` have one name. Spark adds both to the root pool, but its name lookup keeps the later one, so every job naming the pool runs in the later declaration and the first stays empty. Remove or rename one.',
  },
  SJ178: {
    severity: 'warning',
    title: 'Pool setting Spark cannot read or that misbehaves',
    explanation:
      'FairSchedulableBuilder reads `schedulingMode` upper-cased (FIFO or FAIR) and `weight` and `minShare` as integers. Anything else is not an error in Spark: it logs a warning and uses the default (FIFO, weight 1, minShare 0), and so does the simulation. Spark accepts any integer, but FairSchedulingAlgorithm divides running tasks by the weight: a weight of 0 makes the ratio Infinity (NaN with no task running), so the pool gets offers after every other pool not below its minShare; a negative weight puts it before them. A negative minShare works as 0.',
  },
  SJ300: {
    severity: 'error',
    title: 'Query not bounded',
    explanation:
      'A query needs exactly one of `batches` (how many micro-batches) or `duration` (every batch triggered before start + duration), unless its trigger is `availableNow` (it stops once the data there at the start is read).',
  },
  SJ301: {
    severity: 'error',
    title: 'Duplicate query name',
    explanation: 'Query names name the micro-batch jobs (`QUERY#BATCHID`) and their tasks, so each must be unique.',
  },
  SJ302: {
    severity: 'error',
    title: 'Queries need Spark 3.x semantics',
    explanation: 'Structured Streaming queries are simulated with the 3.x scheduler (`spark: "3.5"`), the version whose StateStoreCoordinator and Kafka source the simulator follows.',
  },
  SJ303: {
    severity: 'error',
    title: 'Query source incomplete',
    explanation: 'A source needs `partitions` (Kafka topic partitions, the rate source\'s numPartitions, files per batch); a Kafka source needs its `topic`, whose Java hashCode decides which executor each partition prefers.',
  },
  SJ304: {
    severity: 'warning',
    title: 'Key not used by this source kind',
    explanation: '`topic`, `maxOffsetsPerTrigger` and `minPartitions` are Kafka options; a rate or file source ignores them.',
  },
  SJ305: {
    severity: 'error',
    title: 'State stores invalid',
    explanation: '`state.stores` lists the executor holding each state store at the start: one known executor id per partition of the stateful stage.',
  },
  SJ306: {
    severity: 'error',
    title: 'Query stage shape',
    explanation:
      'A query\'s first stage reads the source (one task per source partition, no parents, no `partitions`); every later stage reads a shuffle (it names its `parents`, has `partitions`, default spark.sql.shuffle.partitions) and only such a stage can be stateful (`state:`). Emitted as a warning for a `partitions:` that is ignored.',
  },
  SJ307: {
    severity: 'info',
    title: 'State option not used',
    explanation: 'With `reload:` the reload time is given, so `size`, `changeSize`, `provider`, `changelogCheckpointing` and `snapshotInterval` are not used; changelog checkpointing applies to the RocksDB provider only (a warning then).',
  },
  SJ311: {
    severity: 'info',
    title: 'Watermark not simulated',
    explanation:
      'Event-time watermarks are not modelled: a stage\'s `watermark:` (withWatermark\'s delay) and the conf keys that act only through one (`spark.sql.streaming.multipleWatermarkPolicy`; `spark.sql.streaming.noDataMicroBatches.enabled`). With a watermark Spark evicts state older than it (smaller stores, cheaper reloads) and, after a batch that moved it, runs a batch without new data to emit and evict (MicroBatchExecution.constructNextBatch asks the last execution\'s shouldRunAnotherBatch). The simulator keeps `state.size` as given and runs a batch only when new data arrived, which is what Spark does for a query without a watermark or state timeouts.',
  },
  SJ312: {
    severity: 'info',
    title: 'Stream-stream join not simulated',
    explanation:
      'A stateful stage that reads two or more shuffles stands for a stream-stream join. Spark keeps four state stores per join partition (keyToNumValues and keyWithIndexToValue for each side) and task p prefers the union of their locations (StreamingSymmetricHashJoinHelper.scala:280-285); the simulator models one store per partition: the reload is one store\'s, the preference one executor, and the join\'s watermark-driven state eviction is left out.',
  },
} satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** The README's table of codes (Markdown), generated so it cannot drift from this table. */
export function codesMarkdownTable(): string {
  const rows = Object.entries(CODES).map(([code, c]) => `| ${code} | ${c.severity} | ${c.title} | ${c.explanation.replace(/\|/g, '\\|')} |`);
  return ['| Code | Severity | Title | Explanation |', '|---|---|---|---|', ...rows].join('\n');
}
