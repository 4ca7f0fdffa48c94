// DAGScheduler.findMissingPartitions at a stage's submission, with the per-task state a new
// attempt of the stage starts from.
import { NO_BITS, type Stage } from '../workload';

/**
 * DAGScheduler's findMissingPartitions, into `all` (of their count; null when it is every task:
 * TaskSetManager.partitionAt, issue #17): every partition without a result or output,
 * those still running in a zombie attempt included (that copy goes on; the first to finish
 * counts), made ready at `now`. Returns whether one of them is a re-run of a fault.
 * (Its own function: the loop runs cold over every task of a stage, issue #17.)
 */
export function findMissingPartitions(stage: Stage, all: Int32Array | null, now: number): boolean {
  const n = stage.numTasks;
  const successful = stage.successful;
  const running = stage.running;
  const again = stage.stageAttempt >= 0;
  // every missing task is ready from now; the others' times are not read before they are set again
  // (a re-queue, or the next submission)
  stage.readyBase = now;
  stage.readySet = NO_BITS;
  // a first attempt of every task: none has run, so each is as makeStage left it (not running, its
  // counts 0), and only a re-run (a relaunched receiver) is to be found: no write per task, and no
  // read of `successful` or of `recoveryFault` (issue #17)
  if (!again && all === null) return stage.hasRerun;
  let missing = 0;
  let recovering = false;
  for (let i = 0; i < n; i++) {
    if (!successful[i]) {
      if (all !== null) all[missing++] = i;
      running[i] = -1;
      // numFailures and the attempt numbers belong to the TaskSetManager (a first attempt's
      // are 0 still: not written, so a big stage's failure counts are never touched)
      if (again) stage.failures[i] = 0, stage.attempts[i] = 0;
      if (stage.recoveryFault[i] >= 0) recovering = true;
    }
  }
  return recovering;
}
