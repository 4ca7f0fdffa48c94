// Spark features that change recovery but that the simulator leaves out (SJ150): an info at the
// key that turns one on, saying what the prediction misses, so a result is never silently wrong.
// After ../shared/reference/structured-streaming.md sec. 2 ("sim: flag").
import type { SparkConf, SparkVersion } from './model';
import { confKeyInfo } from './confKeys';
import type { Ctx, Field } from './ctx';

interface Unmodelled {
  keys: string[];
  /** what the prediction leaves out when the key is true (or, with `whenSet`, set at all) */
  missing: string;
  /** flagged whatever the value: a setting of a feature no key turns on (barrier stages are chosen in code) */
  whenSet?: boolean;
}

const FEATURES: Unmodelled[] = [
  {
    keys: ['spark.excludeOnFailure.enabled', 'spark.blacklist.enabled'],
    missing: 'no executor or node is excluded after task failures, so a task that keeps failing on one executor is offered it again, and an all-excluded task set never aborts after spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout',
  },
  {
    // (core dynamic allocation is simulated: src/engine/executorAllocationManager.ts)
    keys: ['spark.streaming.dynamicAllocation.enabled'],
    missing: 'Spark Streaming\'s own allocation manager (executors requested or released by the ratio of batch processing time to the batch interval) is not modelled: the cluster is `cluster.executors` with their `joinAt` and `leaveAt`',
  },
  {
    keys: ['spark.barrier.sync.timeout', 'spark.scheduler.barrier.maxConcurrentTasksCheck.interval', 'spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures'],
    whenSet: true,
    missing: 'the format has no barrier stage (RDD.barrier() in code), so every stage is simulated as a normal one: a barrier stage launches all its tasks together or none, and after an executor loss Spark re-runs every task of the barrier stage, not only the lost ones',
  },
  {
    keys: ['spark.shuffle.push.enabled'],
    missing: 'map outputs are not pushed to merger shuffle services, so a lost executor\'s outputs are re-run as without push-based shuffle',
  },
];

export function flagUnmodelled(ctx: Ctx, _conf: SparkConf, fields: Map<string, Field>, values: Map<string, unknown>, spark: SparkVersion): void {
  for (const feature of FEATURES) {
    for (const key of feature.keys) {
      // (a key of the other Spark line has no effect at all: SJ036 says so)
      const onlyIn = confKeyInfo(key)?.onlyIn;
      if (onlyIn && onlyIn !== spark) continue;
      const f = fields.get(key);
      if (f && (feature.whenSet ? f.node !== null : values.get(key) === true)) {
        ctx.report('info', 'SJ150', `${key} ${feature.whenSet ? 'is set but barrier stages are' : 'is'} not simulated: ${feature.missing}`, f.range);
      }
    }
  }
}
