// `conf:`: Spark's keys in Spark's value syntax (reference 5.1, 5.2). Known keys are parsed as Spark
// parses them (a bare number takes the key's default unit); unknown `spark.*` keys are kept, with
// an info only when they are a near miss of a known key; other keys get a warning, as Spark warns.

import { isScalar } from './yamlApi';
import type { SparkConf, SparkVersion } from './model';
import { CONF_KEYS, confKeyInfo, type ConfKeyInfo } from './confKeys';
import { Ctx, reportValueError, describe, type Field } from './ctx';
import { heartbeatTimeoutMs } from './heartbeat';
import { flagUnmodelled } from './unmodelled';
import { checkDecommissionConf, decommissionConf } from './decommission';
import { checkDynamicAllocation } from './dynamicAllocation';
import { closest } from './suggest';
import { formatMs, parseBool, parseDouble, parseIntStrict, parseSizeBytes, parseTimeMs, type SizeUnit, type TimeUnit } from './values';

type ConfValue = number | boolean | string;

export interface ConfResult {
  conf: SparkConf;
  /** the `conf:` entries by key, for diagnostics that point at a conf value */
  fields: Map<string, Field>;
}

const KNOWN_NAMES = CONF_KEYS.map((k) => k.key);

/** Spark's defaults (reference 5.2), in ms where a time. */
export const CONF_DEFAULTS = {
  localityWait: 3000,
  reviveInterval: 1000,
  taskCpus: 1,
  maxFailures: 4,
  heartbeatInterval: 10_000,
  networkTimeout: 120_000,
  timeoutInterval: 60_000,
  blockInterval: 200,
  concurrentJobs: 1,
  speculationInterval: 100,
  speculationMultiplier: 1.5,
  speculationQuantile: 0.75,
  speculationMinTaskRuntime: 100,
  executorRemoveDelay: 5000,
  workerTimeout: 60_000,
  maxConsecutiveStageAttempts: 4,
  shuffleIoMaxRetries: 3,
  shuffleIoRetryWait: 5000,
} as const;

export { heartbeatTimeoutMs } from './heartbeat';

/** A conf map with every default (no `conf:` section). */
export function defaultSparkConf(): SparkConf {
  return resolve(new Map(), {}, '3.5');
}

/** Floors to whole seconds, as Spark's `timeConf(SECONDS)` / `getTimeAsSeconds` does, with an info when it changes the value. */
function wholeSeconds(ctx: Ctx, key: string, f: Field, ms: number): number {
  const floored = Math.floor(ms / 1000) * 1000;
  if (floored !== ms) {
    ctx.report('info', 'SJ026', `${key} is read in whole seconds: ${formatMs(ms)} is ${formatMs(floored)}`, f.range, [
      { kind: 'replace', text: formatMs(floored), title: `Use ${formatMs(floored)}` },
    ]);
  }
  return floored;
}

function parseKnown(ctx: Ctx, info: ConfKeyInfo, f: Field, text: string, spark: SparkVersion): ConfValue | undefined {
  const what = info.key;
  switch (info.type) {
    case 'time':
    case 'size': {
      const unit = (spark === '2.2' && info.in22?.unit) || info.unit;
      const r = info.type === 'time' ? parseTimeMs(text, unit as TimeUnit) : parseSizeBytes(text, unit as SizeUnit);
      const bare = text.trim();
      if (r.ok && info.type === 'time' && /^[0-9]+$/.test(bare)) {
        // Spark's rule, but easy to misread: `spark.locality.wait: 3` is 3 ms, not 3 s
        const alt = unit === 'ms' ? 's' : 'ms';
        ctx.report('info', 'SJ037', `${what}: ${bare} is read as ${bare} ${unit} (the key's default unit); write ${bare}${unit}` +
          ` to say so, or ${bare}${alt} if you meant that`, f.range, [
          { kind: 'replace', text: `${bare}${unit}`, title: `Write ${bare}${unit}` },
          { kind: 'replace', text: `${bare}${alt}`, title: `Write ${bare}${alt}` },
        ]);
      }
      if (r.ok && (spark === '2.2' && info.in22 ? info.in22.wholeSeconds : info.wholeSeconds)) return wholeSeconds(ctx, what, f, r.value);
      if (r.ok) return r.value;
      if (r.error === 'fraction' || r.error === 'negative') {
        reportValueError(ctx, f.range, what, info.type === 'time' ? 'duration' : 'size', r, false);
      } else {
        ctx.error('SJ030', `${what}: ${r.message}`, f.range);
      }
      return undefined;
    }
    case 'int':
    case 'long': {
      const r = parseIntStrict(text, info.type === 'int' ? 32 : 64);
      if (!r.ok) {
        ctx.error('SJ030', `${what} takes a plain integer (Spark reads it with getInt), not '${text.trim()}'`, f.range);
        return undefined;
      }
      if (info.min !== undefined && r.value < info.min) {
        ctx.error('SJ030', `${what} must be at least ${info.min}, not ${r.value}`, f.range);
        return undefined;
      }
      return r.value;
    }
    case 'double': {
      const r = parseDouble(text);
      if (!r.ok || (info.min !== undefined && r.value < info.min)) {
        ctx.error('SJ030', `${what} takes a number${info.min !== undefined ? ` >= ${info.min}` : ''}, not '${text.trim()}'`, f.range);
        return undefined;
      }
      return r.value;
    }
    case 'bool': {
      const r = parseBool(text);
      if (!r.ok) {
        ctx.error('SJ030', `${what} takes true or false, not '${text.trim()}'`, f.range);
        return undefined;
      }
      return r.value;
    }
    case 'enum': {
      // Spark upper-cases spark.scheduler.mode before checking it
      const v = (info.values ?? []).find((x) => x.toUpperCase() === text.trim().toUpperCase());
      if (v === undefined) {
        ctx.error('SJ030', `${what} takes ${(info.values ?? []).join(' or ')}, not '${text.trim()}'`, f.range,
          (info.values ?? []).map((x) => ({ kind: 'replace' as const, text: x, title: `Use ${x}` })));
      }
      return v;
    }
    default:
      return text;
  }
}

export function validateConf(ctx: Ctx, section: Field | undefined, spark: SparkVersion): ConfResult {
  const values = new Map<string, ConfValue>();
  const raw: Record<string, string> = {};
  const fields = new Map<string, Field>();
  const map = section && section.node !== null ? ctx.map(section, 'conf') : undefined;
  for (const f of map ? ctx.entries(map) : []) {
    fields.set(f.key, f);
    const info = confKeyInfo(f.key);
    const keyRange = ctx.range(f.keyNode);
    if (!info) {
      const guess = closest(f.key, KNOWN_NAMES, 2);
      const fixes = guess ? [{ kind: 'renameKey' as const, to: guess }] : undefined;
      if (!f.key.startsWith('spark.')) {
        ctx.report('warning', 'SJ032', `'${f.key}' is not a Spark key (Spark keys start with 'spark.'): ignored${guess ? `; did you mean ${guess}?` : ''}`, keyRange, fixes);
      } else if (guess) {
        ctx.report('info', 'SJ031', `unknown Spark key '${f.key}' (kept, but the simulator does not read it): did you mean ${guess}?`, keyRange, fixes);
      }
    } else if (info.onlyIn && info.onlyIn !== spark) {
      ctx.report('info', 'SJ036', `${f.key} has no effect with spark: "${spark}" (${info.versionNote ?? `Spark ${info.onlyIn} only`})`, keyRange);
    }
    const n = f.node;
    const empty = n === null || (isScalar(n) && n.value === null);
    if (empty ? info !== undefined : !isScalar(n) || typeof n.value === 'object') {
      ctx.error(info ? 'SJ030' : 'SJ012', `${f.key} needs a value (a string, number or boolean), not ${describe(n)}`, f.range);
      continue;
    }
    if (empty) {
      raw[f.key] = '';
      continue;
    }
    const text = ctx.scalarText(f) ?? '';
    raw[f.key] = text;
    if (!info) continue;
    const v = parseKnown(ctx, info, f, text, spark);
    if (v !== undefined) values.set(f.key, v);
  }
  const conf = resolve(values, raw, spark);
  checkConf(ctx, conf, fields, values, spark);
  return { conf, fields };
}

function resolve(values: Map<string, ConfValue>, raw: Record<string, string>, spark: SparkVersion): SparkConf {
  const num = (k: string) => values.get(k) as number | undefined;
  const bool = (k: string) => values.get(k) as boolean | undefined;
  const wait = num('spark.locality.wait') ?? CONF_DEFAULTS.localityWait;
  return {
    localityWait: {
      process: num('spark.locality.wait.process') ?? wait,
      node: num('spark.locality.wait.node') ?? wait,
      rack: num('spark.locality.wait.rack') ?? wait,
    },
    legacyResetOnTaskLaunch: bool('spark.locality.wait.legacyResetOnTaskLaunch') ?? false,
    reduceLocality: bool('spark.shuffle.reduceLocality.enabled') ?? true,
    reviveInterval: num('spark.scheduler.revive.interval') ?? CONF_DEFAULTS.reviveInterval,
    schedulerMode: (values.get('spark.scheduler.mode') as 'FIFO' | 'FAIR' | undefined) ?? 'FIFO',
    taskCpus: num('spark.task.cpus') ?? CONF_DEFAULTS.taskCpus,
    maxFailures: num('spark.task.maxFailures') ?? CONF_DEFAULTS.maxFailures,
    executorCores: num('spark.executor.cores'),
    heartbeatInterval: num('spark.executor.heartbeatInterval') ?? CONF_DEFAULTS.heartbeatInterval,
    networkTimeout: num('spark.network.timeout') ?? CONF_DEFAULTS.networkTimeout,
    timeoutInterval: num('spark.network.timeoutInterval') ?? num('spark.storage.blockManagerTimeoutIntervalMs') ?? CONF_DEFAULTS.timeoutInterval,
    // 3.x: the HeartbeatTimeoutMs key or its alias SlaveTimeoutMs; 2.2 knows only SlaveTimeoutMs
    blockManagerHeartbeatTimeout:
      (spark === '3.5' ? num('spark.storage.blockManagerHeartbeatTimeoutMs') : undefined) ?? num('spark.storage.blockManagerSlaveTimeoutMs'),
    blockInterval: num('spark.streaming.blockInterval') ?? CONF_DEFAULTS.blockInterval,
    executorRemoveDelay: num('spark.standalone.executorRemoveDelayOnDisconnection') ?? CONF_DEFAULTS.executorRemoveDelay,
    // a long in seconds (WORKER_TIMEOUT, Master: `conf.get(WORKER_TIMEOUT) * 1000`)
    workerTimeout: (num('spark.worker.timeout') ?? CONF_DEFAULTS.workerTimeout / 1000) * 1000,
    concurrentJobs: num('spark.streaming.concurrentJobs') ?? CONF_DEFAULTS.concurrentJobs,
    speculation: {
      enabled: bool('spark.speculation') ?? false,
      interval: num('spark.speculation.interval') ?? CONF_DEFAULTS.speculationInterval,
      multiplier: num('spark.speculation.multiplier') ?? CONF_DEFAULTS.speculationMultiplier,
      quantile: num('spark.speculation.quantile') ?? CONF_DEFAULTS.speculationQuantile,
      // 2.2: TaskSchedulerImpl.MIN_TIME_TO_SPECULATION = 100, not a key
      minTaskRuntime: (spark === '3.5' ? num('spark.speculation.minTaskRuntime') : undefined) ?? CONF_DEFAULTS.speculationMinTaskRuntime,
      durationThreshold: spark === '3.5' ? num('spark.speculation.task.duration.threshold') : undefined,
    },
    defaultParallelism: num('spark.default.parallelism'),
    maxConsecutiveStageAttempts: num('spark.stage.maxConsecutiveAttempts') ?? CONF_DEFAULTS.maxConsecutiveStageAttempts,
    shuffle: {
      serviceEnabled: bool('spark.shuffle.service.enabled') ?? false,
      ioMaxRetries: num('spark.shuffle.io.maxRetries') ?? CONF_DEFAULTS.shuffleIoMaxRetries,
      ioRetryWait: num('spark.shuffle.io.retryWait') ?? CONF_DEFAULTS.shuffleIoRetryWait,
    },
    decommission: decommissionConf(num, bool),
    dynamicAllocation: dynamicAllocationOf(num, bool, spark),
    raw,
  };
}

/** Spark's defaults: DYN_ALLOCATION_* (config/package.scala:598-668), Utils.getDynamicAllocationInitialExecutors. */
function dynamicAllocationOf(num: (k: string) => number | undefined, bool: (k: string) => boolean | undefined, spark: SparkVersion): SparkConf['dynamicAllocation'] {
  const k = (s: string) => `spark.dynamicAllocation.${s}`;
  const min = num(k('minExecutors')) ?? 0;
  const backlog = num(k('schedulerBacklogTimeout')) ?? 1000;
  return {
    enabled: bool(k('enabled')) ?? false,
    minExecutors: min,
    maxExecutors: num(k('maxExecutors')) ?? 2147483647,
    initialExecutors: Math.max(min, num(k('initialExecutors')) ?? min, num('spark.executor.instances') ?? 0),
    executorAllocationRatio: num(k('executorAllocationRatio')) ?? 1,
    schedulerBacklogTimeout: backlog,
    sustainedSchedulerBacklogTimeout: num(k('sustainedSchedulerBacklogTimeout')) ?? backlog,
    executorIdleTimeout: num(k('executorIdleTimeout')) ?? 60_000,
    cachedExecutorIdleTimeout: num(k('cachedExecutorIdleTimeout')) ?? 2147483647 * 1000,
    // 2.2 has no shuffle tracking (3.0+); the external shuffle service turns it off (ExecutorMonitor:55)
    shuffleTracking: spark === '3.5' && !(bool('spark.shuffle.service.enabled') ?? false) && (bool(k('shuffleTracking.enabled')) ?? true),
    shuffleTrackingTimeout: num(k('shuffleTracking.timeout')) ?? Number.MAX_SAFE_INTEGER,
  };
}

function checkConf(ctx: Ctx, conf: SparkConf, fields: Map<string, Field>, values: Map<string, ConfValue>, spark: SparkVersion): void {
  // SparkConf.validateSettings (SPARK-22754): the heartbeat interval must stay below the timeout.
  const timeout = heartbeatTimeoutMs(conf, spark);
  if (conf.heartbeatInterval >= timeout) {
    const bmKey = spark === '3.5' && values.has('spark.storage.blockManagerHeartbeatTimeoutMs')
      ? 'spark.storage.blockManagerHeartbeatTimeoutMs'
      : 'spark.storage.blockManagerSlaveTimeoutMs';
    const bmWins = conf.blockManagerHeartbeatTimeout !== undefined && (spark === '3.5' || !('spark.network.timeout' in conf.raw));
    const timeoutKey = bmWins ? bmKey : 'spark.network.timeout';
    const interval = fields.get('spark.executor.heartbeatInterval');
    const other = fields.get(timeoutKey);
    const at = interval ?? other;
    if (at) {
      const consequence = spark === '3.5' ? 'Spark refuses to start' : 'executors would be expired between two heartbeats';
      const suggested = formatMs(Math.max(1, Math.min(CONF_DEFAULTS.heartbeatInterval, Math.floor(timeout / 4))));
      ctx.report('warning', 'SJ033',
        `spark.executor.heartbeatInterval (${formatMs(conf.heartbeatInterval)}) should be less than ${timeoutKey} (${formatMs(timeout)}), the executor heartbeat timeout: ${consequence}`,
        at.range, [{ kind: 'setConf', key: 'spark.executor.heartbeatInterval', value: suggested }],
        interval && other ? [{ message: `${timeoutKey} is set here`, range: other.range }] : undefined);
    }
  }
  for (const key of ['spark.shuffle.io.maxRetries', 'spark.shuffle.io.retryWait']) {
    const kf = fields.get(key);
    if (kf && spark !== '2.2') {
      ctx.report('info', 'SJ111', `${key} changes nothing here: Spark 3.x fails a fetch from a dead executor at once (ExecutorDeadException, no retry); only 2.2 retries it`, kf.range);
    }
  }
  const interval = fields.get('spark.speculation.interval');
  if (interval && conf.speculation.enabled && conf.speculation.interval <= 0) {
    ctx.error('SJ160', `spark.speculation.interval must be positive: Spark's speculation thread refuses a period of ${formatMs(conf.speculation.interval)} and the SparkContext fails to start`, interval.range);
  }
  flagUnmodelled(ctx, conf, fields, values, spark);
  checkDecommissionConf(ctx, conf, fields, spark);
  checkDynamicAllocation(ctx, conf, fields, spark);
}
