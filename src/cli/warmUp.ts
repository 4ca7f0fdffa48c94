// Before a cold `sparkjob simulate` of a large batch job: its miniature, run and thrown away, so
// V8 compiles the real run's hot functions once, with feedback for the paths it takes late
// (src/engine/miniature.ts, issue #17). The real run's result is the same with or without it.
import { largestStage, miniature, MINIATURE_EVENTS, MINIATURE_FROM } from '../engine/miniature';
import { simulate, type SimulateOptions } from '../engine/simulate';
import type { JobFile } from '../format/model';

/** Runs the file's miniature when it pays; says whether it ran. */
export function warmUp(model: JobFile, options: SimulateOptions): boolean {
  if (largestStage(model) < MINIATURE_FROM) return false;
  const mini = miniature(model, options.faults ?? model.faults);
  if (mini === null) return false;
  try {
    simulate(mini, { ...options, faults: undefined, maxEvents: MINIATURE_EVENTS });
  } catch {
    // (a miniature the engine refuses only costs the compiles it would have saved)
  }
  return true;
}
