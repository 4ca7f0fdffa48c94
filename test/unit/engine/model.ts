// Builds engine models directly (no YAML) for rule-by-rule tests: Spark's defaults plus overrides.
import { defaultSparkConf } from '../../../src/format/conf';
import type { DurationSpec, ExecutorSpec, JobFile, JobSpec, SparkConf, TaskSpec } from '../../../src/format/model';

/** Spark's defaults (the format layer's, the single source of them) plus overrides. */
export function conf(over: Partial<SparkConf> = {}): SparkConf {
  return { ...defaultSparkConf(), ...over };
}

export function execs(...specs: [id: string, host: string, cores: number, rack?: string][]): ExecutorSpec[] {
  return specs.map(([id, host, cores, rack]) => ({ id, host, cores, joinAt: 0, ...(rack ? { rack } : {}) }));
}

export const fixed = (ms: number): DurationSpec => ({ dist: 'fixed', ms });

export function task(ms: number, prefer: string[] = [], input = 0): TaskSpec {
  return {
    duration: fixed(ms), input,
    prefer: prefer.map((p) => {
      const [kind, v] = p.split(':');
      return kind === 'exec' ? { kind: 'exec', id: v } : kind === 'host' ? { kind: 'host', name: v } : { kind: 'rack', name: v };
    }),
  };
}

export function model(over: Partial<JobFile> & { jobs: JobSpec[]; executors: ExecutorSpec[] }): JobFile {
  const { executors, ...rest } = over;
  return {
    version: 1,
    spark: '3.5',
    seed: 1,
    conf: conf(),
    network: { bandwidth: 125 * 1024 * 1024, latency: 1 },
    faults: [],
    recovery: { policy: 'spark', reservedSlots: { perExecutor: {}, all: 1 }, reserveForReceivers: false },
    analysis: { sweep: true, sweepTimes: 8, sweepHangs: false, stallThreshold: 100 },
    cluster: { executors },
    ...rest,
  };
}
