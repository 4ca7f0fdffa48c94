// DAGScheduler.findMissingPartitions at a stage's submission, with the per-task state a new
// attempt of the stage starts from.
import type { Simulation } from '../simulation';
import { keepSuccessfulCounts, NO_BITS, NO_COUNTS, NO_TIMES, stateOnSubmit, TaskState, UNCOUNTED, type Stage } from '../workload';

/**
 * DAGScheduler's findMissingPartitions, into `all` (of their count; null when it is every task:
 * TaskSetManager.partitionAt, issue #17): every partition without a result or output,
 * those still running in a zombie attempt included (that copy goes on; the first to finish
 * counts), made ready now. Returns whether one of them is a re-run of a fault.
 * (Its own function: the loop runs cold over every task of a stage, issue #17.)
 */
export function findMissingPartitions(sim: Simulation, stage: Stage, all: Int32Array | null): boolean {
  const n = stage.numTasks;
  const now = sim.now;
  const again = stage.stageAttempt >= 0;
  stateOnSubmit(stage, sim.cluster);
  // every missing task is ready from now; the others' times are not read before they are set again
  // (a re-queue, or the next submission)
  stage.readyBase = now;
  stage.readySet = NO_BITS;
  stage.readyAt = NO_TIMES;
  // a first attempt of every task: none has run, so each is as makeStage left it (not running, its
  // counts 0), and only a re-run (a relaunched receiver) is to be found: no write per task, and no
  // read of their state or re-run marks (issue #17)
  if (!again && all === null) return stage.hasRerun;
  // The failure counts are the TaskSetManager's (numFailures): a new attempt's start at 0. Only
  // its own tasks' are read or counted while it runs (an attempt of an earlier one, or of a task
  // that is not missing now, counts no failure), so all are dropped at once: a write per missing
  // task touched every page of the counts, the missing being spread over the stage (issue #17).
  if (again) stage.failures = NO_COUNTS;
  // a chunk at a time: the interpreter's pass over a big stage's tasks was compiled twice, on
  // stack replacement and then whole for the next stage's pass; a chunk's function is compiled
  // once, whole, for every pass after it (issue #17)
  let missing = 0;
  runningCleared = 0;
  for (let from = 0; from < n; from += CHUNK) missing = missingIn(stage, all, from, Math.min(n, from + CHUNK), missing, again);
  if (runningCleared > 0) uncountReplaced(sim, stage);
  if (again) keepSuccessfulCounts(stage);
  // (the missing re-runs are found by the caller, which lists them: only a stage with one reads them)
  return missing > 0 && stage.hasRerun;
}

const CHUNK = 512;

/** Running bits missingIn cleared (a module's variable: missingIn returns its count of the missing) */
let runningCleared = 0;

/**
 * The missing tasks' attempts still running (their task set replaced: a zombie's, after a fetch
 * failure) are not the ones those tasks' Running bits stand for any more (the bits were cleared,
 * and the new task set's launches set them again): flagged UNCOUNTED. Spark keeps copiesRunning
 * per TaskSetManager. (Rare: a pass over the running attempts, not a word a task.)
 */
function uncountReplaced(sim: Simulation, stage: Stage): void {
  const { log, stages } = sim;
  const state = stage.taskState;
  for (const e of sim.cluster.executors) {
    for (const a of e.running) {
      if (stages[log.stage[a]] === stage && (state[log.task[a]] & TaskState.Successful) === 0) log.flags[a] |= UNCOUNTED;
    }
  }
}

/** findMissingPartitions for tasks from..to; `missing` found before them; returns the count after them. */
function missingIn(stage: Stage, all: Int32Array | null, from: number, to: number, missing: number, again: boolean): number {
  const state = stage.taskState;
  for (let i = from; i < to; i++) {
    const s = state[i];
    if ((s & TaskState.Successful) === 0) {
      if (all !== null) all[missing] = i;
      missing++;
      if (s !== 0) {
        state[i] = 0;
        runningCleared++;
      }
      // the attempt numbers belong to the TaskSetManager (a first attempt's are 0 still: not written)
      if (again) stage.launched[i >>> 5] &= ~(1 << (i & 31));
    } else if ((s & TaskState.LatestOutput) !== 0) state[i] = s & ~TaskState.LatestOutput; // (the next attempt's now)
  }
  return missing;
}
