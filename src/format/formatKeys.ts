// The format's own keys, at every level, with a one-line doc, type and allowed values: the
// parser's unknown-key check, and the editor's hover and completion, read this one table.
// A key's `path` is its place in the document: `.` between keys, `[]` for "any list entry"
// (`jobs[].stages[].tasks[].duration`). `cluster.executors` is a list (`cluster.executors[]...`)
// or a template mapping (`cluster.executors.count`); `tasks` likewise (list or count form).

import type { ModelPath } from './sourceMap';

export interface FormatKeyInfo {
  path: string;
  key: string;
  type: string;
  doc: string;
  values?: string[];
  required?: boolean;
  default?: string;
  /** completion snippet for the value (`addKey` fixes use it too) */
  snippet?: string;
}

type Row = [path: string, type: string, doc: string, extra?: Partial<FormatKeyInfo>];

const DURATION_DOC = 'a fixed duration (`200ms`) or a distribution `{ dist: uniform, min, max }` / `{ dist: lognormal, median, sigma }` drawn from `seed`';
const POOL_DOC = 'the FAIR scheduler pool its jobs run in: Spark\'s `spark.scheduler.pool` local property';
const PREFER_DOC = 'preferred locations: `exec:ID` (block in that executor\'s memory: PROCESS_LOCAL there, NODE_LOCAL on its host), `host:NAME` (NODE_LOCAL), `rack:NAME`; `host:off-cluster` / `rack:off-cluster` (extension): data on hosts or racks where no executor runs, which never match (an import writes them for tasks that launched ANY); empty means no preference';

function taskKeys(base: string, countForm: boolean): Row[] {
  const rows: Row[] = [];
  if (countForm) rows.push([`${base}.count`, 'integer >= 1', 'number of tasks (partitions) of this shape', { required: true, snippet: '4' }]);
  rows.push(
    [`${base}.duration`, 'duration | distribution', `task run time when local: ${DURATION_DOC}`, { required: true, snippet: '100ms' }],
    [`${base}.duration.dist`, 'enum', 'distribution of the task duration', { values: ['uniform', 'lognormal'], required: true }],
    [`${base}.duration.min`, 'duration', 'uniform: shortest duration', { snippet: '80ms' }],
    [`${base}.duration.max`, 'duration', 'uniform: longest duration (>= min)', { snippet: '120ms' }],
    [`${base}.duration.median`, 'duration', 'lognormal: median duration', { snippet: '100ms' }],
    [`${base}.duration.sigma`, 'number >= 0', 'lognormal: standard deviation of the log of the duration (0.3 is a moderate spread)', { snippet: '0.3' }],
    [`${base}.input`, 'size', 'bytes the task reads; below NODE_LOCAL it costs `latency + input / bandwidth` extra. For a stage with `parents`, its shuffle read: a task still reading it (input / bandwidth from its launch) when an executor with a parent output is lost fails with FetchFailed', { default: '0', snippet: '64m' }],
  );
  if (!countForm) {
    rows.push([`${base}.overhead`, 'duration', 'this task\'s own slot time beyond its run, instead of the stage\'s `overhead` (`sparkjob import` writes it for the first task on each slot of an executor: a cold JVM\'s warm-up) (extension of the format)', { snippet: '500ms' }]);
  }
  if (countForm) {
    rows.push(
      [`${base}.prefer`, 'list | replica rule', `${PREFER_DOC}; in the count form also \`{ replicas: N, on: hosts|executors }\`: each task prefers N distinct hosts (executors) drawn with \`seed\`, as HDFS places replicas`, { default: '[]' }],
      [`${base}.prefer.replicas`, 'integer >= 1', 'how many distinct locations each task prefers', { required: true, snippet: '3' }],
      [`${base}.prefer.on`, 'enum', 'draw the replicas among hosts or among executors', { values: ['hosts', 'executors'], default: 'hosts' }],
    );
  } else {
    rows.push([`${base}.prefer`, 'list of strings', PREFER_DOC, { default: '[]', snippet: '["host:node1"]' }]);
  }
  return rows;
}

const ROWS: Row[] = [
  ['version', 'integer', 'format version; must be 1', { required: true, values: ['1'], snippet: '1' }],
  ['name', 'string', 'shown in the timeline title', { snippet: 'My job' }],
  ['spark', 'enum', 'scheduler semantics: "2.2" (the paper\'s: the locality timer resets on every launch) or "3.5"', { values: ['2.2', '3.5'], default: '3.5', snippet: '"3.5"' }],
  ['seed', 'integer', 'makes every random choice (offer order, distributions, replica placement) reproducible', { default: '1', snippet: '1' }],
  ['conf', 'mapping', 'Spark configuration: Spark\'s own keys and value syntax (a bare number takes the key\'s default unit)', { snippet: '{}' }],
  ['cluster', 'mapping', 'the executors of the application', { required: true, snippet: '{ executors: [{ id: "1", host: node1, cores: 2 }] }' }],
  ['cluster.manager', 'enum', 'cluster manager, which decides how an executor loss reaches the scheduler: standalone (the Worker reports the exit), yarn (the ApplicationMaster reports the completed container, `lossReasonDelay` later) or kubernetes (every executor its own pod and host; the pod event, `podEventDelay` later). On yarn and kubernetes a crash first only disables the executor: its outputs are dropped at once, its tasks fail when the reason arrives', { values: ['standalone', 'yarn', 'kubernetes'], default: 'standalone' }],
  ['cluster.podEventDelay', 'duration', 'kubernetes: how long after a crash the pod event reaches the driver, which fails the executor\'s tasks only then (the disconnect before only disables it)', { default: '0ms', snippet: '300ms' }],
  ['cluster.lossReasonDelay', 'duration | none', 'how long after a crash the loss reason reaches the driver (extension of the format): yarn, the ApplicationMaster\'s report of the completed container (the driver fails the tasks only then); standalone with spark 3.5, the Worker\'s exit report (until then the executor only gets no offers), `none` when no report comes: removed after spark.standalone.executorRemoveDelayOnDisconnection', { default: 'yarn 600ms, standalone 0ms', snippet: '600ms' }],
  ['cluster.newExecutorDelay', 'duration', 'with spark.dynamicAllocation.enabled: how long a requested executor takes to register with the driver (a YARN container, a Kubernetes pod, a standalone Worker\'s JVM; extension of the format). A lost executor\'s replacement and every executor the allocation manager asks for register this long after the request, and are offered the pending tasks at once', { default: 'yarn 5250ms (measured), kubernetes 5s, standalone 2s', snippet: '5s' }],
  ['cluster.executors', 'list | template', 'a list of executors, or a template `{ count, cores, hostsPerRack }` giving ids "1".."N" on hosts node1..nodeN', { required: true, snippet: '[{ id: "1", host: node1, cores: 2 }]' }],
  ['cluster.executors[].id', 'string', 'executor id, unique; used by `prefer: exec:ID`, `faults` and `reservedSlots`', { required: true, snippet: '"1"' }],
  ['cluster.executors[].host', 'string', 'host name; several executors may share a host (not on kubernetes, where it defaults to `pod-ID`); required on standalone and yarn', { snippet: 'node1' }],
  ['cluster.executors[].cores', 'integer >= 1', 'cores; slots = floor(cores / spark.task.cpus)', { default: 'spark.executor.cores', snippet: '2' }],
  ['cluster.executors[].rack', 'string', 'rack name; gives the RACK_LOCAL level (without racks there is no rack level, as in standalone mode)', { snippet: 'rack1' }],
  ['cluster.executors[].joinAt', 'duration', 'the executor registers this late (clusters that grow)', { default: '0ms', snippet: '30s' }],
  ['cluster.executors[].leaveAt', 'duration', 'the executor is released at this time without a fault (a dynamic-allocation release): it leaves once idle, its tasks are not lost (extension of the format)', { snippet: '60s' }],
  ['cluster.executors.count', 'integer >= 1', 'template: number of executors, ids "1".."N", one per host node1..nodeN (pod-1..pod-N on kubernetes)', { required: true, snippet: '4' }],
  ['cluster.executors.cores', 'integer >= 1', 'template: cores of every executor', { default: 'spark.executor.cores', snippet: '2' }],
  ['cluster.executors.hostsPerRack', 'integer >= 1', 'template: hosts per rack; racks rack1, rack2... (absent: no racks)', { snippet: '4' }],
  ['network', 'mapping', 'physical cost of reading remote data (not a Spark setting)'],
  ['network.bandwidth', 'size', 'bytes per second a task pulls from another node (binary: 125m = 125 MiB/s, about 1 Gbit/s)', { default: '125m', snippet: '125m' }],
  ['network.latency', 'duration', 'added to every non-local read', { default: '1ms', snippet: '1ms' }],
  ['network.rackBandwidth', 'size', 'bandwidth of RACK_LOCAL reads when given (ANY reads use `bandwidth`)', { snippet: '250m' }],
  ['jobs', 'list', 'batch work: Spark jobs submitted at given times, FIFO in the order listed', { snippet: '[{ name: job1, stages: [{ name: stage1, tasks: { count: 1, duration: 100ms } }] }]' }],
  ['jobs[].name', 'string', 'job name, unique; task ids are JOB/STAGE/INDEX', { required: true, snippet: 'job1' }],
  ['jobs[].submit', 'duration', 'when the job is submitted (with `after`: this long after that job ends)', { default: '0ms', snippet: '0s' }],
  ['jobs[].after', 'string', 'a job listed before this one: this job is submitted `submit` after it ends, as a driver that runs jobs one after another (extension of the format)', { snippet: 'job1' }],
  ['jobs[].pool', 'string', `${POOL_DOC} (sc.setLocalProperty before the action); a name not in \`pools\` is created with the defaults (extension of the format)`, { default: 'default', snippet: 'default' }],
  ['jobs[].stages', 'list', 'the job\'s stages; a stage runs when all its parents finish', { required: true, snippet: '[{ name: stage1, tasks: { count: 1, duration: 100ms } }]' }],
  ['jobs[].stages[].name', 'string', 'stage name, unique in its job', { required: true, snippet: 'map' }],
  ['jobs[].stages[].parents', 'list of strings', 'stages of the same job this one depends on (shuffle dependencies)', { default: '[]', snippet: '[]' }],
  ['jobs[].stages[].submitDelay', 'duration', 'driver time between the stage becoming runnable (its parents done) and its tasks being offered: planning, broadcasts, task serialization (extension of the format)', { default: '0ms', snippet: '10ms' }],
  ['jobs[].stages[].overhead', 'duration', 'added to every task of the stage: the time a slot is held beyond the task\'s run (scheduler delay, result fetch) (extension of the format)', { default: '0ms', snippet: '5ms' }],
  ['jobs[].stages[].tasks', 'list | count form', 'one entry per partition, or `{ count, duration, input, prefer }` for many tasks of one shape', { required: true, snippet: '{ count: 1, duration: 100ms }' }],
  ...taskKeys('jobs[].stages[].tasks[]', false),
  ...taskKeys('jobs[].stages[].tasks', true),
  ['streaming', 'mapping', 'streaming work (DStream API): batches every `batchInterval`, receivers and Kafka direct inputs, output operations run as one streaming job per output per batch'],
  ['streaming.batchInterval', 'duration', 'batch interval of the StreamingContext: batch times are its multiples, the first one interval after the start', { required: true, snippet: '1s' }],
  ['streaming.batches', 'integer >= 1', 'how many batch times to simulate (or `duration`)', { snippet: '20' }],
  ['streaming.duration', 'duration', 'alternative to `batches`: simulate the batch times up to this time', { snippet: '60s' }],
  ['streaming.inputs', 'list', 'input streams: receivers (long-running tasks holding a slot) and Kafka direct streams', { snippet: '[{ name: socket, kind: receiver, recordsPerSecond: 1000 }]' }],
  ['streaming.inputs[].name', 'string', 'input name, unique; a stage reads it with `input: NAME`; the receiver task is `receiver:NAME`', { required: true, snippet: 'socket' }],
  ['streaming.inputs[].kind', 'enum', 'receiver: a long-running task holding spark.task.cpus on its executor, placed by ReceiverSchedulingPolicy; kafka-direct: no receiver, one task per Kafka partition per batch', { required: true, values: ['receiver', 'kafka-direct'] }],
  ['streaming.inputs[].storageLevel', 'enum', 'receiver: storage level of received blocks; a `_2` level copies each block to one other executor (RandomBlockReplicationPolicy)', { values: ['MEMORY_ONLY', 'MEMORY_ONLY_2', 'MEMORY_ONLY_SER', 'MEMORY_ONLY_SER_2', 'MEMORY_AND_DISK', 'MEMORY_AND_DISK_2', 'MEMORY_AND_DISK_SER', 'MEMORY_AND_DISK_SER_2', 'DISK_ONLY', 'DISK_ONLY_2', 'DISK_ONLY_3', 'OFF_HEAP'], default: 'MEMORY_AND_DISK_SER_2' }],
  ['streaming.inputs[].recordsPerSecond', 'number >= 0', 'records per second arriving at the input (a receiver: capped by spark.streaming.receiver.maxRate; Kafka: spread evenly over the partitions)', { required: true, snippet: '10000' }],
  ['streaming.inputs[].recordSize', 'size', 'bytes per record: a block or partition reads records x recordSize', { default: '100b', snippet: '100b' }],
  ['streaming.inputs[].writeAheadLog', 'boolean', 'receiver: blocks are also written to a write-ahead log, so a block lost with its executors is read back from the log (remotely); replication becomes 1', { default: 'false' }],
  ['streaming.inputs[].preferredHost', 'string', 'receiver: Receiver#preferredLocation, the host ReceiverSchedulingPolicy places it on when an executor runs there (extension of the format)', { snippet: 'node1' }],
  ['streaming.inputs[].topic', 'string', 'kafka-direct: topic name; PreferConsistent places partition p by the hash of (topic, p) (extension of the format)', { default: 'the input\'s name', snippet: 'events' }],
  ['streaming.inputs[].partitions', 'integer >= 1', 'kafka-direct: Kafka partitions; one task per partition per batch', { snippet: '8' }],
  ['streaming.inputs[].locationStrategy', 'enum', 'kafka-direct: PreferConsistent (hash of the topic-partition modulo the sorted executors), PreferBrokers (the leader\'s host from `brokers`) or PreferFixed (hosts from `fixed`)', { values: ['PreferConsistent', 'PreferBrokers', 'PreferFixed'], default: 'PreferConsistent' }],
  ['streaming.inputs[].brokers', 'mapping', 'kafka-direct, PreferBrokers: partition -> leader broker host (`{ 0: node1, 1: node2 }`)', { snippet: '{ 0: node1 }' }],
  ['streaming.inputs[].fixed', 'mapping', 'kafka-direct, PreferFixed: partition -> host; partitions not listed prefer no host (PreferConsistent among all executors)', { snippet: '{ 0: node1 }' }],
  ['streaming.outputs', 'list', 'output operations: one streaming job per output per batch, run in (batch, output) order through spark.streaming.concurrentJobs', { required: true, snippet: '[{ name: counts, stages: [{ name: map, input: socket, costPerRecord: 20us }] }]' }],
  ['streaming.outputs[].name', 'string', 'output name, unique; its job in batch T is `NAME@T`', { required: true, snippet: 'counts' }],
  ['streaming.outputs[].pool', 'string', `${POOL_DOC} (set inside foreachRDD; JobScheduler otherwise gives every output the properties of the thread that started the StreamingContext) (extension of the format)`, { default: 'default', snippet: 'default' }],
  ['streaming.outputs[].stages', 'list', 'the stages of the output\'s job; a stage runs when all its parents finish', { required: true, snippet: '[{ name: map, input: socket, costPerRecord: 20us }]' }],
  ['streaming.outputs[].stages[].name', 'string', 'stage name, unique in its output', { required: true, snippet: 'map' }],
  ['streaming.outputs[].stages[].parents', 'list of strings', 'stages of the same output this one depends on (shuffle dependencies)', { default: '[]', snippet: '[map]' }],
  ['streaming.outputs[].stages[].input', 'string', 'the input this stage reads: one task per block (receiver) or partition (Kafka) of the batch, lasting fixed + records x costPerRecord', { snippet: 'socket' }],
  ['streaming.outputs[].stages[].costPerRecord', 'duration', 'with `input`: task time per record (microseconds allowed: 20us)', { default: '0us', snippet: '20us' }],
  ['streaming.outputs[].stages[].fixed', 'duration', 'with `input`: fixed part of each task\'s duration', { default: '0ms', snippet: '5ms' }],
  ['streaming.outputs[].stages[].tasks', 'integer >= 1', 'without `input`: the stage\'s number of tasks (partitions)', { snippet: '4' }],
  ['streaming.outputs[].stages[].duration', 'duration | distribution', `without \`input\`: task run time, ${DURATION_DOC}`, { snippet: '10ms' }],
  ['streaming.outputs[].stages[].duration.dist', 'enum', 'distribution of the task duration', { values: ['uniform', 'lognormal'], required: true }],
  ['streaming.outputs[].stages[].duration.min', 'duration', 'uniform: shortest duration', { snippet: '80ms' }],
  ['streaming.outputs[].stages[].duration.max', 'duration', 'uniform: longest duration (>= min)', { snippet: '120ms' }],
  ['streaming.outputs[].stages[].duration.median', 'duration', 'lognormal: median duration', { snippet: '100ms' }],
  ['streaming.outputs[].stages[].duration.sigma', 'number >= 0', 'lognormal: standard deviation of the log of the duration', { snippet: '0.3' }],
  ['queries', 'list', 'Structured Streaming micro-batch queries (Spark 3.x): one job per batch, a trigger, a source and stateful operators whose state stores stay where they last ran', { snippet: '[{ name: q1, trigger: 1s, batches: 10, source: { kind: rate, partitions: 2, recordsPerSecond: 1000 }, stages: [{ name: read, costPerRecord: 10us }] }]' }],
  ['queries[].name', 'string', 'query name, unique; its batch N runs as job `NAME#N`, tasks `NAME#N/STAGE/INDEX`', { required: true, snippet: 'sessions' }],
  ['queries[].start', 'duration', 'when the query starts: batch 0 triggers then', { default: '0ms', snippet: '0s' }],
  ['queries[].trigger', 'duration | availableNow', 'ProcessingTime interval: batch k+1 triggers at the next multiple of it after batch k\'s trigger, or at once when batch k ended later (a late batch); 0: each batch as soon as the previous ends; `availableNow`: what is in the source at the start, batch after batch, then the query stops', { default: '0ms', snippet: '1s' }],
  ['queries[].batches', 'integer >= 1', 'micro-batches to simulate (or `duration`)', { snippet: '60' }],
  ['queries[].duration', 'duration', 'alternative to `batches`: every batch triggered before start + duration', { snippet: '60s' }],
  ['queries[].pool', 'string', `${POOL_DOC} (set on the thread that calls writeStream.start(); the query\'s thread keeps it for every batch) (extension of the format)`, { default: 'default', snippet: 'default' }],
  ['queries[].overhead', 'duration', 'driver time per batch before its job is submitted (offsets, planning, offset-log write)', { default: '0ms', snippet: '50ms' }],
  ['queries[].source', 'mapping', 'what the first stage reads: a task per partition per batch', { required: true, snippet: '{ kind: kafka, topic: events, partitions: 8, recordsPerSecond: 10000 }' }],
  ['queries[].source.kind', 'enum', 'kafka: each topic partition prefers executor sorted[hash(topic, p) mod n] (KafkaOffsetRangeCalculator); rate and file: no preference', { values: ['kafka', 'rate', 'file'], required: true }],
  ['queries[].source.topic', 'string', 'kafka: topic name; TopicPartition.hashCode = 31 x (31 + p) + topic.hashCode() places partition p', { snippet: 'events' }],
  ['queries[].source.partitions', 'integer >= 1', 'kafka: topic partitions; rate: numPartitions; file: files per batch', { snippet: '8' }],
  ['queries[].source.recordsPerSecond', 'number >= 0', 'records per second arriving; a batch reads those of (previous trigger, its trigger], split evenly over the partitions', { snippet: '10000' }],
  ['queries[].source.maxOffsetsPerTrigger', 'integer >= 1', 'kafka: at most this many records per batch; the rest waits for later batches', { snippet: '100000' }],
  ['queries[].source.minPartitions', 'integer >= 1', 'kafka: split the offset ranges into about this many tasks; split ranges have no preferred executor', { snippet: '16' }],
  ['queries[].source.backlog', 'integer >= 0', 'records already waiting in the source at the start (extension of the format; what availableNow reads)', { default: '0', snippet: '100000' }],
  ['queries[].stages', 'list', 'the stages of the batch\'s job: the first reads the source (a task per source partition), the others read a shuffle', { required: true, snippet: '[{ name: read, costPerRecord: 10us }]' }],
  ['queries[].stages[].name', 'string', 'stage name, unique in its query', { required: true, snippet: 'read' }],
  ['queries[].stages[].parents', 'list of strings', 'the stages whose shuffle output this one reads', { default: '[]', snippet: '[read]' }],
  ['queries[].stages[].partitions', 'integer >= 1', 'a shuffle stage\'s tasks; a stateful operator\'s state stores', { default: 'spark.sql.shuffle.partitions (200)', snippet: '8' }],
  ['queries[].stages[].costPerRecord', 'duration', 'task time per record of this task\'s share of the batch (microseconds allowed: 5us); rounded to the nearest ms', { default: '0us', snippet: '5us' }],
  ['queries[].stages[].fixed', 'duration', 'fixed part of each task\'s duration', { default: '0ms', snippet: '2ms' }],
  ['queries[].stages[].duration', 'duration | distribution', `task run time instead of fixed + records x costPerRecord: ${DURATION_DOC}`, { snippet: '20ms' }],
  ['queries[].stages[].duration.dist', 'enum', 'distribution of the task duration', { values: ['uniform', 'lognormal'], required: true }],
  ['queries[].stages[].duration.min', 'duration', 'uniform: shortest duration', { snippet: '80ms' }],
  ['queries[].stages[].duration.max', 'duration', 'uniform: longest duration (>= min)', { snippet: '120ms' }],
  ['queries[].stages[].duration.median', 'duration', 'lognormal: median duration', { snippet: '100ms' }],
  ['queries[].stages[].duration.sigma', 'number >= 0', 'lognormal: standard deviation of the log of the duration', { snippet: '0.3' }],
  ['queries[].stages[].state', 'mapping', 'a stateful operator: task p prefers the executor that last opened state store p (StateStoreCoordinator, which keeps a dead executor), and pays the reload when it runs elsewhere', { snippet: '{ reload: 500ms }' }],
  ['queries[].stages[].state.reload', 'duration', 'extra time of a task that runs partition p on another executor than the last one that ran it (loading the store from the checkpoint); without it the reload is derived from size, provider and snapshots', { snippet: '500ms' }],
  ['queries[].stages[].state.stores', 'list of strings', 'the executor id holding each state store at the start (one per partition)', { snippet: '["1", "2"]' }],
  ['queries[].stages[].state.size', 'size', 'state bytes per partition: the snapshot a new executor downloads, at network.bandwidth (extension of the format)', { default: '0', snippet: '256m' }],
  ['queries[].stages[].state.changeSize', 'size', 'bytes one batch adds to a partition\'s delta (HDFS) or changelog (RocksDB) file: replayed after the last snapshot (extension of the format)', { default: '0', snippet: '4m' }],
  ['queries[].stages[].state.provider', 'enum', 'hdfs: HDFSBackedStateStoreProvider (snapshot + delta files); rocksdb: RocksDBStateStoreProvider (a full checkpoint per batch, or snapshot + changelogs) (extension of the format)', { values: ['hdfs', 'rocksdb'], default: 'spark.sql.streaming.stateStore.providerClass' }],
  ['queries[].stages[].state.changelogCheckpointing', 'boolean', 'rocksdb: commit changelogs and snapshot every snapshotInterval versions (extension of the format)', { default: 'spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled' }],
  ['queries[].stages[].state.snapshotInterval', 'integer >= 1', 'versions between snapshots: a reload replays (version mod interval) deltas (extension of the format)', { default: 'spark.sql.streaming.stateStore.minDeltasForSnapshot (10)', snippet: '10' }],
  ['queries[].stages[].watermark', 'duration', 'withWatermark\'s delay threshold on the event time this operator reads (accepted, not simulated: SJ311; extension of the format)', { snippet: '10min' }],
  ['pools', 'list', 'FAIR scheduler pools, as fairscheduler.xml (spark.scheduler.allocation.file) declares them; used with spark.scheduler.mode FAIR. Pools share offers by FairSchedulingAlgorithm: pools below their minShare first, then the fewest running tasks per weight. Without `pools:` (no file) the pool `default` takes spark.scheduler.mode in Spark 3.x (FAIR among its task sets) and FIFO in 2.2; with `pools:` an undeclared `default` is FIFO (extension of the format)', { snippet: '[{ name: production, schedulingMode: FAIR, weight: 1, minShare: 0 }]' }],
  ['pools[].name', 'string', 'pool name, as `<pool name="...">`; jobs, streaming outputs and queries name it with `pool:`', { required: true, snippet: 'production' }],
  ['pools[].schedulingMode', 'enum', 'how the pool orders its own task sets: FIFO by (job, stage), or FAIR by running tasks (then the task set\'s name)', { values: ['FIFO', 'FAIR'], default: 'FIFO' }],
  ['pools[].weight', 'integer', 'the pool\'s share relative to other pools: offers go first to the pool with the fewest running tasks per weight', { default: '1', snippet: '1' }],
  ['pools[].minShare', 'integer', 'running tasks the pool gets before any pool at or above its own minShare (pools below it are served first, fewest running tasks per minShare first)', { default: '0', snippet: '0' }],
  ['faults', 'list', 'injected executor faults'],
  ['faults[].executor', 'string', 'id of the executor that fails', { required: true, snippet: '"1"' }],
  ['faults[].at', 'duration', 'when the fault happens', { required: true, snippet: '1s' }],
  ['faults[].kind', 'enum', 'crash: the process dies and the driver sees the disconnect (when it fails the tasks depends on `cluster.manager`); hang: it stops answering and is noticed by the heartbeat timeout; node: the machine dies with every executor on it, no disconnect (standalone: the Master\'s worker timeout or the heartbeat timeout, and every shuffle output on the host is lost); decommission: a planned loss announced `notice` ahead (a spot reclaim, a Kubernetes executor roll): with spark.decommission.enabled the executor takes no new task, finishes its running ones and migrates its shuffle files (spark.storage.decommission.enabled), so migrated map outputs are not re-run (extension of the format)', { values: ['crash', 'hang', 'node', 'decommission'], default: 'crash' }],
  ['faults[].cause', 'enum', 'app: the executor failed by itself (a crash, an OOM kill); external: the cluster manager took it (YARN preemption, a deleted Kubernetes pod), which Spark 3.5 does not count toward spark.task.maxFailures (extension of the format)', { values: ['app', 'external'], default: 'app' }],
  ['faults[].during', 'string', 'JOB/STAGE/INDEX#ATTEMPT: the fault hits whichever executor runs that attempt of that task (attempt 0 without #), `at` after the attempt\'s launch, as when a task\'s run kills its container (extension of the format; `sparkjob import` writes it for executors lost while running a task). Never happens if the attempt never runs', { snippet: 'job1/stage1/0#1' }],
  ['faults[].notice', 'duration', 'decommission only: the executor is killed this long after the notice (2m for an AWS spot reclaim); absent, only spark.executor.decommission.forceKillTimeout kills it, else it exits once idle and migrated (extension of the format)', { snippet: '2m' }],
  ['faults[].replaceAfter', 'duration', 'a new executor of the same shape registers this long after the fault', { snippet: '10s' }],
  ['recovery', 'mapping', 'recovery policy'],
  ['recovery.policy', 'enum', 'spark: Spark\'s own behaviour; reserved-slots: slots kept free for re-runs of a lost executor\'s tasks (the seed paper\'s mechanism)', { values: ['spark', 'reserved-slots'], default: 'spark' }],
  ['recovery.reservedSlots', 'mapping', 'extra slots per executor id (`"1": 1`), or `all: N` for every executor without its own entry; used by the reserved-slots policy', { snippet: '{ all: 1 }' }],
  ['recovery.reserveForReceivers', 'boolean', 'reserved slots may also take relaunched receivers', { default: 'false' }],
  ['analysis', 'mapping', 'what the editor checks automatically'],
  ['analysis.sweep', 'boolean', 'try every executor failing at several moments', { default: 'true' }],
  ['analysis.sweepTimes', 'integer >= 1', 'moments per executor, spread over the run', { default: '8', snippet: '8' }],
  ['analysis.sweepHangs', 'boolean', 'also sweep `hang` faults, not only crashes (extension of the format)', { default: 'false' }],
  ['analysis.sweepDecommissions', 'duration', 'also sweep `decommission` faults with this notice (the time to the kill: 2m for a spot reclaim), each against a crash of the same executor at the same moment: the re-runs and the delay to the run\'s end of both (SJ180, and a line of the advisor; extension of the format)', { snippet: '2m' }],
  ['analysis.stallThreshold', 'duration', 'report a fault whose recovery waits longer than this for a local slot', { default: '100ms', snippet: '100ms' }],
];

export const FORMAT_KEYS: FormatKeyInfo[] = ROWS.map(([path, type, doc, extra]) => ({
  path,
  key: path.slice(Math.max(path.lastIndexOf('.'), path.lastIndexOf(']')) + 1),
  type,
  doc,
  ...extra,
}));

const BY_PATH = new Map(FORMAT_KEYS.map((k) => [k.path, k]));

/** The table's path of a document path: indices become `[]` (`['jobs', 0, 'name']` -> `jobs[].name`). */
export function schemaPath(path: ModelPath): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += '[]';
    else s += s === '' ? p : `.${p}`;
  }
  return s;
}

/** The doc of the key at a document path (undefined under `conf:`: see confKeys). */
export function formatKeyInfo(path: ModelPath): FormatKeyInfo | undefined {
  return BY_PATH.get(schemaPath(path));
}

/** The keys allowed directly under a table path (`''` for the top level, `faults[]`...). */
const CHILDREN = new Map<string, FormatKeyInfo[]>();

export function childKeys(parent: string): FormatKeyInfo[] {
  let out = CHILDREN.get(parent);
  if (!out) {
    out = directChildren(parent);
    CHILDREN.set(parent, out);
  }
  return out;
}

function directChildren(parent: string): FormatKeyInfo[] {
  return FORMAT_KEYS.filter((k) => {
    const prefix = parent === '' ? '' : `${parent}.`;
    return k.path.startsWith(prefix) && !k.path.slice(prefix.length).includes('.') && !k.path.slice(prefix.length).includes('[');
  });
}
