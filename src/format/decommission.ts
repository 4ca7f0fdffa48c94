// Executor decommissioning in the format: the conf keys Spark 3.5 reads (core/.../internal/config/
// package.scala: DECOMMISSION_ENABLED, STORAGE_DECOMMISSION_*, EXECUTOR_DECOMMISSION_*), what a
// `decommission` fault does with them, and what the model leaves out (SJ170-SJ174).
import type { Ctx, Field } from './ctx';
import type { DecommissionConf, FaultKind, SparkConf, SparkVersion } from './model';
import { formatMs } from './values';

/** Spark 3.5's defaults: shuffle and RDD migration on, 8 upload threads, a round every 30 s. */
export function decommissionConf(num: (k: string) => number | undefined, bool: (k: string) => boolean | undefined): DecommissionConf {
  const out: DecommissionConf = {
    enabled: bool('spark.decommission.enabled') ?? false,
    storage: bool('spark.storage.decommission.enabled') ?? false,
    shuffleBlocks: bool('spark.storage.decommission.shuffleBlocks.enabled') ?? true,
    rddBlocks: bool('spark.storage.decommission.rddBlocks.enabled') ?? true,
    maxThreads: num('spark.storage.decommission.shuffleBlocks.maxThreads') ?? 8,
    reattemptInterval: num('spark.storage.decommission.replicationReattemptInterval') ?? 30_000,
  };
  const force = num('spark.executor.decommission.forceKillTimeout');
  if (force !== undefined) out.forceKillTimeout = force;
  return out;
}

/** Does a `decommission` fault's notice reach the executor? (decommissionSelf returns at once without it; 2.2 has no such path) */
export function acceptsNotice(conf: SparkConf, spark: SparkVersion): boolean {
  return spark !== '2.2' && conf.decommission.enabled;
}

/** Settings that change nothing as written (SJ172) and parts of decommissioning not modelled (SJ174). */
export function checkDecommissionConf(ctx: Ctx, conf: SparkConf, fields: Map<string, Field>, spark: SparkVersion): void {
  if (spark === '2.2') return; // every key is 3.x only: SJ036 says so
  const d = conf.decommission;
  const interval = fields.get('spark.storage.decommission.replicationReattemptInterval');
  if (interval && d.reattemptInterval <= 0) {
    // BlockManagerDecommissioner's checkValue(_ > 0): Spark refuses to start
    ctx.error('SJ030', 'spark.storage.decommission.replicationReattemptInterval must be greater than 0 (Spark refuses 0)', interval.range);
  }
  const storageKeys = ['spark.storage.decommission.shuffleBlocks.enabled', 'spark.storage.decommission.rddBlocks.enabled',
    'spark.storage.decommission.shuffleBlocks.maxThreads', 'spark.storage.decommission.replicationReattemptInterval'];
  if (!d.enabled) {
    for (const key of ['spark.storage.decommission.enabled', ...storageKeys, 'spark.executor.decommission.forceKillTimeout']) {
      const f = fields.get(key);
      if (f && (key !== 'spark.storage.decommission.enabled' || d.storage)) {
        ctx.report('info', 'SJ172', `${key} has no effect: spark.decommission.enabled is not true, so an executor ignores a decommission notice (CoarseGrainedExecutorBackend.decommissionSelf) and nothing migrates`, f.range);
      }
    }
  } else if (!d.storage) {
    for (const key of storageKeys) {
      const f = fields.get(key);
      if (f) ctx.report('info', 'SJ172', `${key} has no effect: spark.storage.decommission.enabled is not true, so no block migrates during the notice`, f.range);
    }
  } else if (!d.shuffleBlocks) {
    const f = fields.get('spark.storage.decommission.shuffleBlocks.maxThreads');
    if (f) ctx.report('info', 'SJ172', 'spark.storage.decommission.shuffleBlocks.maxThreads has no effect: spark.storage.decommission.shuffleBlocks.enabled is false', f.range);
  }
  const leftOut: [string, string][] = [
    ['spark.executor.decommission.killInterval', 'speculative copies of tasks that would outlast the kill are not simulated; the kill is the fault\'s `notice`'],
    ['spark.storage.decommission.fallbackStorage.path', 'blocks migrate to peer executors only; with no live peer they stay and are lost at the kill'],
    ['spark.stage.ignoreDecommissionFetchFailure', 'every fetch failure counts toward spark.stage.maxConsecutiveAttempts'],
  ];
  for (const [key, what] of leftOut) {
    const f = fields.get(key);
    if (f && f.node !== null) ctx.report('info', 'SJ174', `${key} is not simulated: ${what}`, f.range);
  }
}

/** A fault's `notice` (SJ171 on a fault that is not a decommission) and a notice the executor ignores (SJ170). */
export function checkDecommissionFault(ctx: Ctx, kind: FaultKind | undefined, kindField: Field | undefined, noticeField: Field | undefined,
  notice: number | undefined, conf: SparkConf | undefined, spark: SparkVersion): void {
  if (kind !== 'decommission') {
    if (noticeField && kind !== undefined) ctx.report('warning', 'SJ171', `notice is ignored: only a decommission fault has a notice (this one is a ${kind})`, noticeField.range);
    return;
  }
  if (!conf || acceptsNotice(conf, spark)) return;
  const why = spark === '2.2' ? 'Spark 2.2 has no decommissioning (3.1+)' : 'spark.decommission.enabled is not true';
  const lost = notice !== undefined ? `lost without warning when the notice ends (${formatMs(notice)} later), as in a crash` : 'lost at once, as in a crash';
  ctx.report('info', 'SJ170', `the notice is ignored: ${why}, so the executor keeps taking tasks and is ${lost}, with its running tasks and shuffle outputs`, kindField!.range);
}
