// Spark features that change recovery but that the simulator leaves out (SJ150): an info at the
// key that turns one on, saying what the prediction misses, so a result is never silently wrong.
// After ../shared/reference/structured-streaming.md sec. 2 ("sim: flag").
import type { SparkConf, SparkVersion } from './model';
import { confKeyInfo } from './confKeys';
import type { Ctx, Field } from './ctx';

interface Unmodelled {
  keys: string[];
  /** what the prediction leaves out when the key is true */
  missing: string;
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
    keys: ['spark.decommission.enabled', 'spark.storage.decommission.enabled'],
    missing: 'every fault is an unannounced loss: no executor gets a decommission notice, stops taking tasks early or migrates its shuffle and cached blocks, so its map outputs are re-run as after a crash',
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
      if (f && values.get(key) === true) {
        ctx.report('info', 'SJ150', `${key} is not simulated: ${feature.missing}`, f.range);
      }
    }
  }
}
