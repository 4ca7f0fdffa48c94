// The background analysis of one file, as the worker runs it: parse, simulate under the file's
// policy, simulate again with reserved slots where a fault stalls (for the "with 1 reserved slot
// it takes ..." figure and the timeline's comparison), and the fault sweep when the engine has one.
// Pure: no `vscode`, no `node:` (it runs in a worker thread, and in tests).
import { parseJobFile, type Diagnostic, type JobFile } from '../../format';
import * as engine from '../../engine';
import type { SimulationResult } from '../../engine';
import { ANALYSIS_CODES } from './codes';
import {
  abortedDiagnostics, describeReserved, budgetDiagnostic, stallDiagnostics, stallPlan, sweepDiagnostics, type SourceLookup,
} from './findings';
import { toSweepSummary, type SweepSummary } from './sweepTypes';
import type { AnalysisOptions, AnalysisResult } from './workerProtocol';

export interface AnalysisHooks {
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

const now = () => performance.now();

/** Task attempts the jobs schedule without faults: the size the budget is measured in. */
export function estimateAttempts(model: JobFile): number {
  let n = 0;
  for (const job of model.jobs) {
    for (const stage of job.stages) n += Array.isArray(stage.tasks) ? stage.tasks.length : stage.tasks.count;
  }
  return n;
}

/**
 * The reserved slots for a comparison run: the file's own, else the stall plan's, else `all: 1`
 * (as the command line does for `--policy reserved-slots`). `planned` tells which one it is.
 */
export function comparisonModel(model: JobFile, planned: Record<string, number>): { model: JobFile; planned: boolean } {
  const own = model.recovery.reservedSlots;
  const hasOwn = own.all > 0 || Object.values(own.perExecutor).some((v) => v > 0);
  const usePlan = !hasOwn && Object.keys(planned).length > 0;
  const reservedSlots = hasOwn ? own : usePlan ? { perExecutor: { ...planned }, all: 0 } : { perExecutor: {}, all: 1 };
  return { model: { ...model, recovery: { ...model.recovery, policy: 'reserved-slots', reservedSlots } }, planned: usePlan };
}

export function runAnalysis(text: string, options: AnalysisOptions, hooks: AnalysisHooks = {}): AnalysisResult {
  const sweepAvailable = typeof sweepFunction() === 'function';
  const t0 = now();
  const parsed = parseJobFile(text);
  const timings = { parseMs: now() - t0, simulateMs: 0 } as AnalysisResult['timings'];
  const map = parsed.sourceMap as SourceLookup;
  if (!parsed.model || parsed.diagnostics.some((d) => d.severity === 'error')) {
    return { status: 'invalid', diagnostics: [], attemptsEstimate: 0, timings, sweepAvailable };
  }
  let model: JobFile = parsed.model;
  if (!map.key(['spark'])) model = { ...model, spark: options.defaultSpark };
  if (options.faults) model = { ...model, faults: options.faults };
  if (options.policy) model = { ...model, recovery: { ...model.recovery, policy: options.policy } };
  const attemptsEstimate = estimateAttempts(model);
  if (attemptsEstimate > options.maxAttempts) {
    const detail = `the jobs have ${attemptsEstimate.toLocaleString('en-US')} tasks, more than the budget of ${options.maxAttempts.toLocaleString('en-US')} attempts`;
    return { status: 'tooBig', diagnostics: [budgetDiagnostic(map, 'size', detail)], attemptsEstimate, timings, sweepAvailable };
  }
  const maxEvents = Math.max(1_000_000, options.maxAttempts * 100);
  const diagnostics: Diagnostic[] = [];
  let primary: SimulationResult;
  let comparison: SimulationResult | undefined;
  let reservedText: string | undefined;
  try {
    const t1 = now();
    primary = engine.simulate(model, { maxEvents });
    timings.simulateMs = now() - t1;
    const plan = stallPlan(primary);
    if (primary.policy !== 'reserved-slots' && (options.compare || plan.byFault.size > 0)) {
      const t2 = now();
      const cmp = comparisonModel(model, plan.reservedSlots);
      comparison = engine.simulate(cmp.model, { maxEvents });
      timings.comparisonMs = now() - t2;
      if (!cmp.planned) reservedText = describeReserved(cmp.model.recovery.reservedSlots);
    } else if (primary.policy === 'reserved-slots' && options.compare) {
      const t2 = now();
      comparison = engine.simulate(model, { maxEvents, policy: 'spark' });
      timings.comparisonMs = now() - t2;
    }
    diagnostics.push(...stallDiagnostics(model, map, primary, comparison, plan, reservedText), ...abortedDiagnostics(model, map, primary));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const range = map.key(['jobs']) ?? map.key(['cluster']) ?? { start: 0, end: 0 };
    return {
      status: 'engineError',
      diagnostics: [{ severity: 'warning', message: `The simulation failed on this file: ${message}`, range, code: ANALYSIS_CODES.engineError }],
      attemptsEstimate, timings, error: message, sweepAvailable,
    };
  }
  let sweep: SweepSummary | undefined;
  if (options.sweep && sweepAvailable) {
    const t3 = now();
    sweep = runSweep(model, hooks);
    timings.sweepMs = now() - t3;
    if (sweep) diagnostics.push(...sweepDiagnostics(model, map, sweep));
  }
  return { status: 'ok', diagnostics, primary, comparison, sweep, attemptsEstimate, timings, sweepAvailable };
}

type SweepFn = (model: JobFile, opts: object, onProgress: (done: number, total: number) => void,
  isCancelled: () => boolean) => unknown;

const sweepFunction = () => Reflect.get(engine, 'sweep') as SweepFn | undefined;

/** The engine's sweep, when it exists (it is being written: degrade to nothing until then). */
export function runSweep(model: JobFile, hooks: AnalysisHooks): SweepSummary | undefined {
  const fn = sweepFunction();
  if (typeof fn !== 'function') return undefined;
  const raw = fn(model, {}, hooks.onProgress ?? (() => {}), hooks.isCancelled ?? (() => false));
  return toSweepSummary(raw);
}
