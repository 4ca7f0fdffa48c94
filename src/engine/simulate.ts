import type { FaultSpec, JobFile, RecoveryPolicy, SparkVersion } from '../format/model';
import type { SimulationResult } from './result';
import { buildResult } from './results';
import { Simulation } from './simulation';

export interface SimulateOptions {
  /** overrides `recovery.policy` */
  policy?: RecoveryPolicy;
  /** overrides `spark:` */
  spark?: SparkVersion;
  /** replaces the file's `faults` */
  faults?: FaultSpec[];
  /** refuse to go past this many scheduler events (robustness limit) */
  maxEvents?: number;
  /** refuse to simulate past this time (ms) */
  maxTimeMs?: number;
  /** overrides `recovery.reservedSlots` (the advisor and `--policy reserved-slots`) */
  reservedSlots?: { perExecutor: Record<string, number>; all: number };
  /** leave `attempts` empty (for `--stats` and sweeps of big runs) */
  withoutAttempts?: boolean;
  /** give re-runs whose wait was only partly for a local slot their `localityWaitSpans` (the timeline) */
  withWaitSpans?: boolean;
}

export const DEFAULT_LIMITS = { maxEvents: 50_000_000, maxTimeMs: 30 * 24 * 3600 * 1000 };

/** Simulates one run of the file: deterministic for a given file, options and seed. */
export function simulate(model: JobFile, options: SimulateOptions = {}): SimulationResult {
  return simulateKeeping(model, options).result;
}

/** simulate(), with the finished run (the analysis reads a fault-free one again, analysis/findings.ts). */
export function simulateKeeping(model: JobFile, options: SimulateOptions = {}): { run: Simulation; result: SimulationResult } {
  const policy = options.policy ?? model.recovery.policy;
  const spark = options.spark ?? model.spark;
  if (options.reservedSlots) model = { ...model, recovery: { ...model.recovery, reservedSlots: options.reservedSlots } };
  const sim = new Simulation(model, spark, policy === 'reserved-slots', options.faults ?? model.faults, {
    maxEvents: options.maxEvents ?? DEFAULT_LIMITS.maxEvents,
    maxTimeMs: options.maxTimeMs ?? DEFAULT_LIMITS.maxTimeMs,
    statsOnly: options.withoutAttempts,
  });
  sim.run();
  return { run: sim, result: buildResult(sim, policy, model.analysis.stallThreshold, !options.withoutAttempts, options.withWaitSpans) };
}
