// `spark.dynamicAllocation.*`: the settings Spark refuses to start with
// (ExecutorAllocationManager.validateSettings, 3.5.0 lines 180-229; 2.2 the same without shuffle
// tracking), and keys that do nothing because dynamic allocation is off. The engine's model is
// src/engine/executorAllocationManager.ts.
import type { SparkConf, SparkVersion } from './model';
import type { Ctx, Field } from './ctx';

const PREFIX = 'spark.dynamicAllocation.';

export function checkDynamicAllocation(ctx: Ctx, conf: SparkConf, fields: Map<string, Field>, spark: SparkVersion): void {
  const da = conf.dynamicAllocation;
  const at = (key: string) => fields.get(PREFIX + key);
  if (!da.enabled) {
    for (const [key, f] of fields) {
      if (key.startsWith(PREFIX) && key !== `${PREFIX}enabled`) {
        ctx.report('info', 'SJ169', `${key} has no effect: spark.dynamicAllocation.enabled is not true, so no executor is requested or released by itself`, ctx.range(f.keyNode));
      }
    }
    return;
  }
  const refuse = (f: Field | undefined, rule: string) => {
    ctx.error('SJ165', `${rule}: Spark refuses to start with dynamic allocation (ExecutorAllocationManager.validateSettings)`, (f ?? fields.get(`${PREFIX}enabled`)!).range);
  };
  if (at('maxExecutors') && da.maxExecutors === 0) refuse(at('maxExecutors'), 'spark.dynamicAllocation.maxExecutors cannot be 0');
  else if (da.minExecutors > da.maxExecutors) {
    refuse(at('minExecutors') ?? at('maxExecutors'), `spark.dynamicAllocation.minExecutors (${da.minExecutors}) must be less than or equal to spark.dynamicAllocation.maxExecutors (${da.maxExecutors})`);
  }
  // (read in whole seconds: 500ms is 0 s)
  if (at('schedulerBacklogTimeout') && da.schedulerBacklogTimeout <= 0) refuse(at('schedulerBacklogTimeout'), 'spark.dynamicAllocation.schedulerBacklogTimeout must be > 0 (it is read in whole seconds)');
  if (at('sustainedSchedulerBacklogTimeout') && da.sustainedSchedulerBacklogTimeout <= 0) {
    refuse(at('sustainedSchedulerBacklogTimeout'), 'spark.dynamicAllocation.sustainedSchedulerBacklogTimeout must be > 0 (it is read in whole seconds)');
  }
  if (at('executorAllocationRatio') && (da.executorAllocationRatio <= 0 || da.executorAllocationRatio > 1)) {
    refuse(at('executorAllocationRatio'), 'spark.dynamicAllocation.executorAllocationRatio must be > 0 and <= 1.0');
  }
  const ess = (conf.raw['spark.shuffle.service.enabled'] ?? '').trim().toLowerCase() === 'true';
  const trackingOff = (conf.raw[`${PREFIX}shuffleTracking.enabled`] ?? '').trim().toLowerCase() === 'false';
  if (!ess && (spark === '2.2' || trackingOff)) {
    const need = spark === '2.2'
      ? 'Spark 2.2\'s dynamic allocation requires the external shuffle service: set spark.shuffle.service.enabled: true'
      : 'dynamic allocation needs the external shuffle service (spark.shuffle.service.enabled: true) or shuffle tracking (spark.dynamicAllocation.shuffleTracking.enabled: true, the default), so that released executors\' map outputs are not lost';
    const fix = spark === '2.2' ? { kind: 'setConf' as const, key: 'spark.shuffle.service.enabled', value: 'true' } : { kind: 'setConf' as const, key: `${PREFIX}shuffleTracking.enabled`, value: 'true' };
    ctx.error('SJ166', `${need}: Spark refuses to start`, (at('shuffleTracking.enabled') ?? fields.get(`${PREFIX}enabled`)!).range, [fix]);
  }
}
