// The shape of a `*.sparkjob.yaml` file for completion: which keys live under which parent, and
// which values a key takes (../../../shared/spec/sparkjob-format.md). Sequences are `*` in a path.
// Documentation text comes from the format's `formatKeys.ts` when it has the key (see docs.ts);
// `doc` here is the short fallback.

export type ValueKind = 'duration' | 'size' | 'int' | 'number' | 'bool' | 'string' | 'enum' | 'location';

export interface KeyNode {
  doc: string;
  /** a mapping with these keys */
  keys?: Record<string, KeyNode>;
  /** a sequence of these */
  items?: KeyNode;
  /** a scalar of this kind */
  value?: ValueKind;
  values?: string[];
  /** inserted after `key: ` when the key is completed (a snippet body, `$1` for the cursor) */
  snippet?: string;
}

const scalar = (value: ValueKind, doc: string, values?: string[]): KeyNode => ({ doc, value, values });
const map = (doc: string, keys: Record<string, KeyNode>, snippet?: string): KeyNode => ({ doc, keys, snippet });
const seq = (doc: string, items: KeyNode): KeyNode => ({ doc, items });

export const STORAGE_LEVELS = [
  'MEMORY_ONLY', 'MEMORY_ONLY_2', 'MEMORY_ONLY_SER', 'MEMORY_ONLY_SER_2', 'MEMORY_AND_DISK',
  'MEMORY_AND_DISK_2', 'MEMORY_AND_DISK_SER', 'MEMORY_AND_DISK_SER_2', 'DISK_ONLY', 'DISK_ONLY_2',
  'DISK_ONLY_3', 'OFF_HEAP', 'NONE',
];

const durationSpec = map('A fixed duration (`200ms`) or a distribution drawn from `seed`.', {
  dist: scalar('enum', 'Distribution of the task duration.', ['fixed', 'uniform', 'lognormal']),
  min: scalar('duration', 'Smallest duration (uniform).'),
  max: scalar('duration', 'Largest duration (uniform).'),
  median: scalar('duration', 'Median duration (lognormal).'),
  sigma: scalar('number', 'Shape of the lognormal distribution (standard deviation of the log).'),
});
durationSpec.value = 'duration';

const prefer: KeyNode = {
  doc: 'Preferred locations: `exec:ID` (PROCESS_LOCAL there, NODE_LOCAL on its host), `host:NAME`, `rack:NAME`; '
    + 'or, in the count form, a replica placement rule `{ replicas: 3, on: hosts }`.',
  items: scalar('location', 'A preferred location: `exec:ID`, `host:NAME` or `rack:NAME`.'),
  keys: {
    replicas: scalar('int', 'How many distinct hosts (executors) each task prefers.'),
    on: scalar('enum', 'Where replicas are placed.', ['hosts', 'executors']),
  },
};

const task = map('One partition (list form) or `count` tasks of one shape.', {
  count: scalar('int', 'Number of tasks of this shape (count form).'),
  duration: durationSpec,
  input: scalar('size', 'Bytes the task reads; a non-local run pays `latency + input / bandwidth`.'),
  prefer,
});
const tasks: KeyNode = { ...task, items: task, doc: 'A list of tasks (one per partition) or `{ count, duration, input, prefer }`.' };

const stage = map('A stage: one Spark task set.', {
  name: scalar('string', 'Stage name, unique in its job.'),
  parents: { doc: 'Stages this one depends on by a shuffle: it runs after they finish.', items: scalar('string', 'A parent stage name.') },
  tasks,
});

const streamingStage = map('A stage of a streaming output operation.', {
  name: scalar('string', 'Stage name.'),
  input: scalar('string', 'Input stream whose blocks/partitions this stage reads (one task each).'),
  costPerRecord: scalar('duration', 'Task duration per record (task duration = fixed + records x costPerRecord).'),
  fixed: scalar('duration', 'Fixed part of the task duration.'),
  parents: { doc: 'Stages this one depends on by a shuffle.', items: scalar('string', 'A parent stage name.') },
  tasks: scalar('int', 'Number of tasks.'),
  duration: durationSpec,
});

export const ROOT: KeyNode = map('A Spark Recovery Lens job definition.', {
  version: scalar('int', 'Format version (required).', ['1']),
  name: scalar('string', 'Shown in the timeline title.'),
  spark: scalar('enum', 'Scheduler semantics: "2.2" (the paper\'s) or "3.5" (default).', ['"2.2"', '"3.5"']),
  seed: scalar('int', 'Makes every random choice reproducible (default 1).'),
  conf: map('Spark configuration, Spark\'s own keys and value syntax.', {}),
  cluster: map('The executors.', {
    executors: {
      doc: 'A list of executors, or a template `{ count, cores, hostsPerRack }`.',
      items: map('One executor.', {
        id: scalar('string', 'Executor id (a string, unique).'),
        host: scalar('string', 'Host name; executors on one host share NODE_LOCAL data.'),
        cores: scalar('int', 'Cores; slots = floor(cores / spark.task.cpus).'),
        rack: scalar('string', 'Rack name (optional; no racks means no RACK_LOCAL level).'),
        joinAt: scalar('duration', 'The executor registers this late (clusters that grow).'),
      }),
      keys: {
        count: scalar('int', 'Number of executors, ids "1".."count", hosts node1..nodeN.'),
        cores: scalar('int', 'Cores of each executor.'),
        hostsPerRack: scalar('int', 'Hosts per rack.'),
      },
    },
  }),
  network: map('Cost model of non-local reads (not a Spark setting).', {
    bandwidth: scalar('size', 'Bytes per second a task pulls from another node (default 125m).'),
    latency: scalar('duration', 'Added to every non-local read (default 1ms).'),
    rackBandwidth: scalar('size', 'Bytes per second within a rack (RACK_LOCAL reads).'),
  }),
  jobs: seq('Batch work: Spark jobs submitted at given times.', map('A Spark job.', {
    name: scalar('string', 'Job name, used in task names `JOB/STAGE/INDEX`.'),
    submit: scalar('duration', 'When the job is submitted.'),
    stages: seq('The job\'s stages.', stage),
  })),
  streaming: map('Streaming work: batches, inputs, output operations.', {
    batchInterval: scalar('duration', 'The batch interval.'),
    batches: scalar('int', 'How many batch times to simulate.'),
    duration: scalar('duration', 'How long to simulate (instead of `batches`).'),
    inputs: seq('Input streams.', map('An input stream.', {
      name: scalar('string', 'Input name.'),
      kind: scalar('enum', '`receiver` (a long-running task holding a slot) or `kafka-direct`.', ['receiver', 'kafka-direct']),
      storageLevel: scalar('enum', 'Storage level of received blocks; `_2` keeps a replica on another executor.', STORAGE_LEVELS),
      recordsPerSecond: scalar('int', 'Input rate.'),
      recordSize: scalar('size', 'Bytes per record.'),
      writeAheadLog: scalar('bool', 'Write received data to a write-ahead log.', ['true', 'false']),
      partitions: scalar('int', 'Kafka partitions (kafka-direct): one task per partition per batch.'),
      locationStrategy: scalar('enum', 'Kafka location strategy.', ['PreferConsistent', 'PreferBrokers', 'PreferFixed']),
      brokers: map('Partition -> broker host (PreferBrokers).', {}),
      fixed: map('Partition -> host (PreferFixed).', {}),
    })),
    outputs: seq('Output operations: one streaming job each per batch, run in order.', map('An output operation.', {
      name: scalar('string', 'Output name; jobs are `NAME@BATCHTIME`.'),
      stages: seq('Stages of the output\'s job.', streamingStage),
    })),
  }),
  faults: seq('Injected executor faults.', map('One fault.', {
    executor: scalar('string', 'Id of the executor that fails.'),
    at: scalar('duration', 'When it fails.'),
    kind: scalar('enum', '`crash`: noticed at once; `hang`: noticed by the heartbeat timeout.', ['crash', 'hang']),
    replaceAfter: scalar('duration', 'A new executor of the same shape registers this long after the fault.'),
  })),
  recovery: map('Recovery policy.', {
    policy: scalar('enum', '`spark` (Spark\'s behaviour) or `reserved-slots` (slots kept free for re-runs).', ['spark', 'reserved-slots']),
    reservedSlots: map('Reserved slots per executor id, or `all: 1`.', { all: scalar('int', 'Reserved slots on every executor without its own entry.') }),
    reserveForReceivers: scalar('bool', 'Relaunched receivers may use reserved slots too.', ['true', 'false']),
  }),
  analysis: map('What the editor checks automatically.', {
    sweep: scalar('bool', 'Try every executor failing at several moments (default true).', ['true', 'false']),
    sweepTimes: scalar('int', 'Moments per executor, spread over the run (default 8).'),
    sweepHangs: scalar('bool', 'Sweep `hang` faults as well as crashes.', ['true', 'false']),
    stallThreshold: scalar('duration', 'Report a fault whose recovery waits longer than this for a local slot.'),
  }),
});

/** The node for a path of keys, `*` for sequence items (numbers are treated as `*`). */
export function keyNodeAt(path: readonly (string | number)[]): KeyNode | undefined {
  let node: KeyNode | undefined = ROOT;
  for (const seg of path) {
    if (!node) return undefined;
    if (seg === '*' || typeof seg === 'number') node = node.items;
    else if (node.keys && Object.prototype.hasOwnProperty.call(node.keys, seg)) node = node.keys[seg];
    else return undefined;
  }
  return node;
}
