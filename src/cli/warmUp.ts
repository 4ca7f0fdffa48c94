// Before a cold `sparkjob simulate` of a large batch job: its miniature, run and thrown away, so
// V8 compiles the real run's hot functions once, with feedback for the paths it takes late
// (src/engine/miniature.ts, issue #17). The real run's result is the same with or without it.
import { largestStage, miniature, MINIATURE_EVENTS, MINIATURE_FROM } from '../engine/miniature';
import { simulateKeeping, type SimulateOptions } from '../engine/simulate';
import { collectTaskSets, type TaskSetManager } from '../engine/taskSetManager';
import { drawAhead } from '../engine/workload';
import type { JobFile } from '../format/model';

/**
 * The miniature's run and task sets, reachable until the process ends. V8 holds an object's hidden
 * class through its objects only: a full collection after the miniature, before the real run has
 * made objects of the same shapes, freed the classes the miniature's feedback had seen, and the
 * real run's objects got new ones. The hot functions then compiled with that feedback cleared and
 * were thrown away ("insufficient type feedback"): 14-22 bailouts and about 30 compiles more in the
 * runs where such a collection fell early, about one in ten (issue #17, docs/benchmarks.md
 * compiles3). A few hundred kB, for the one run of a command line.
 */
let kept: unknown = null;

/** What the last warmUp keeps reachable: [its run, its task sets], or the task sets alone, or null. */
export function keptByWarmUp(): unknown {
  return kept;
}

/**
 * Tasks of each large stage drawn ahead of the real build (workload.ts drawAhead). The bench's
 * 600 k-task job, 60 interleaved pairs each: 2,000 -16.4 +- 5.2 ms CPU, 4,000 -12.3 +- 3.1 ms;
 * page faults 9,250 -> 8,450.
 */
const DRAW_AHEAD = 2_000;

/** Runs the file's miniature when it pays (and draws ahead before it); says whether it ran. */
export function warmUp(model: JobFile, options: SimulateOptions): boolean {
  if (largestStage(model) < MINIATURE_FROM) return false;
  const mini = miniature(model, options.faults ?? model.faults);
  if (mini === null) return false;
  drawAhead(model, DRAW_AHEAD);
  const sets: TaskSetManager[] = [];
  collectTaskSets(sets);
  try {
    kept = [simulateKeeping(mini, { ...options, faults: undefined, maxEvents: MINIATURE_EVENTS }).run, sets];
  } catch {
    // (a miniature the engine refuses only costs the compiles it would have saved)
    kept = sets;
  } finally {
    collectTaskSets(null);
  }
  return true;
}
