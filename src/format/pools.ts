// `pools:` (what fairscheduler.xml declares) and the `pool:` of jobs, streaming outputs and queries
// (the `spark.scheduler.pool` local property), read as Spark 3.5's FairSchedulableBuilder reads them
// (core/.../scheduler/SchedulableBuilder.scala): a value it cannot read falls back to its default
// with a warning, a pool a job names but no file declares is created with the defaults.

import { isScalar } from './yamlApi';
import type { PoolSpec, SparkConf } from './model';
import type { OffsetRange } from './diagnostics';
import { Ctx, type Field } from './ctx';
import { closest } from './suggest';

/** FairSchedulableBuilder's DEFAULT_SCHEDULING_MODE, DEFAULT_MINIMUM_SHARE, DEFAULT_WEIGHT and DEFAULT_POOL_NAME */
export const POOL_DEFAULTS = { schedulingMode: 'FIFO', minShare: 0, weight: 1 } as const;
export const DEFAULT_POOL = 'default';

/** A `pool:` as written (its name and where), checked against `pools:` once every section is read. */
export interface PoolRef {
  name: string;
  range: OffsetRange;
}

/** Reads a `pool:` value; the reference is kept in `refs` for validatePools. */
export function poolName(ctx: Ctx, f: Field | undefined, refs: PoolRef[]): string | null | undefined {
  if (!f) return null;
  const name = ctx.string(f, 'pool');
  if (name !== undefined) refs.push({ name, range: f.range });
  return name;
}

export function validatePools(ctx: Ctx, section: Field | undefined, conf: SparkConf | undefined, refs: PoolRef[]): PoolSpec[] | null | undefined {
  const fair = conf?.schedulerMode === 'FAIR';
  const present = section !== undefined && section.node !== null;
  if (conf && !fair) {
    // FIFOSchedulableBuilder: no allocation file is read and spark.scheduler.pool is ignored
    const why = 'spark.scheduler.mode is FIFO, so Spark reads no pools (FIFOSchedulableBuilder) and orders every task set by (job, stage)';
    if (present) ctx.report('warning', 'SJ176', `pools have no effect: ${why}`, ctx.keyOf(section), [{ kind: 'setConf', key: 'spark.scheduler.mode', value: 'FAIR' }]);
    for (const r of refs) ctx.report('warning', 'SJ176', `pool '${r.name}' has no effect: ${why}`, r.range, [{ kind: 'setConf', key: 'spark.scheduler.mode', value: 'FAIR' }]);
  }
  let pools: PoolSpec[] | null = null;
  if (present) {
    const seq = ctx.seq(section, 'pools');
    if (!seq) return undefined;
    pools = [];
    const seen = new Map<string, OffsetRange>();
    let ok = true;
    for (const item of ctx.items(seq)) {
      const m = ctx.map(item, 'a pool');
      if (!m) {
        ok = false;
        continue;
      }
      const f = ctx.fields(m, 'pools[]', item.range);
      const nf = f.get('name');
      const name = nf ? ctx.string(nf, 'pool name') : undefined;
      if (name === undefined) {
        ok = false;
        continue;
      }
      const first = seen.get(name);
      if (first) {
        // Pool.addSchedulable puts both in the root pool, the name map keeps the later one: jobs go there
        ctx.report('warning', 'SJ177', `pool '${name}' is declared twice: Spark adds both, and jobs naming it go to this later one (the first stays empty)`, nf!.range, undefined, [
          { message: `'${name}' is first declared here`, range: first },
        ]);
      }
      seen.set(name, nf!.range);
      const pool: PoolSpec = {
        name,
        schedulingMode: schedulingMode(ctx, f.get('schedulingMode'), name),
        weight: intValue(ctx, f.get('weight'), 'weight', POOL_DEFAULTS.weight, name),
        minShare: intValue(ctx, f.get('minShare'), 'minShare', POOL_DEFAULTS.minShare, name),
      };
      if (pool.weight <= 0) {
        ctx.report('warning', 'SJ178', pool.weight === 0
          ? `weight 0: FairSchedulingAlgorithm divides running tasks by it (Infinity, NaN with none running), so pool '${name}' gets offers after every pool that is not below its minShare`
          : `weight ${pool.weight}: running tasks / weight is negative or -0, so pool '${name}' comes before every pool of positive weight that is not below its minShare`, f.get('weight')!.range);
      }
      if (pool.minShare < 0) {
        ctx.report('warning', 'SJ178', `minShare ${pool.minShare} works as 0: a pool is below its minShare when its running tasks are fewer, which never happens`, f.get('minShare')!.range);
      }
      const earlier = pools.findIndex((p) => p.name === name);
      if (earlier >= 0) pools.splice(earlier, 1);
      pools.push(pool);
    }
    if (!ok) return undefined;
  }
  if (fair) {
    const declared = new Set((pools ?? []).map((p) => p.name));
    declared.add(DEFAULT_POOL);
    for (const r of refs) {
      if (declared.has(r.name)) continue;
      const guess = closest(r.name, declared);
      ctx.report('info', 'SJ175',
        `pool '${r.name}' is not in pools: Spark creates it when the first job names it, with schedulingMode FIFO, weight 1, minShare 0${guess ? `; did you mean '${guess}'?` : ''}`,
        r.range, guess ? [{ kind: 'replace', text: guess, title: `Use ${guess}` }] : undefined);
    }
  }
  return pools;
}

/** getSchedulingModeValue: trimmed, upper-cased; anything but FIFO or FAIR is FIFO, with a warning. */
function schedulingMode(ctx: Ctx, f: Field | undefined, pool: string): 'FIFO' | 'FAIR' {
  if (!f) return POOL_DEFAULTS.schedulingMode;
  const text = isScalar(f.node) && f.node.value !== null ? String(ctx.scalarText(f) ?? '') : '';
  const mode = text.trim().toUpperCase();
  if (mode === 'FIFO' || mode === 'FAIR') return mode;
  ctx.report('warning', 'SJ178', `schedulingMode '${text.trim()}' is not FIFO or FAIR: Spark warns and uses FIFO for pool '${pool}'`, f.range, [
    { kind: 'replace', text: 'FAIR', title: 'Use FAIR' },
    { kind: 'replace', text: 'FIFO', title: 'Use FIFO' },
  ]);
  return POOL_DEFAULTS.schedulingMode;
}

/** getIntValue: the trimmed text as a Java Int, else the default, with a warning. */
function intValue(ctx: Ctx, f: Field | undefined, key: 'weight' | 'minShare', dflt: number, pool: string): number {
  if (!f) return dflt;
  const text = isScalar(f.node) && f.node.value !== null ? String(ctx.scalarText(f) ?? '').trim() : '';
  // String.toInt: an optional sign and decimal digits, within a 32-bit Int
  const v = /^[+-]?[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
  ctx.report('warning', 'SJ178', `${key} '${text}' is not an integer: Spark warns and uses the default ${key} ${dflt} for pool '${pool}'`, f.range);
  return dflt;
}
