// The DAG side's map from a stage to its latest task set (TaskSchedulerImpl's
// taskSetsByStageIdAndAttempt, the latest attempt of each stage), with the last stage looked up
// remembered: a task's end looks up its stage's task set, and consecutive ends are nearly
// always of one stage, where a Map lookup by object (its hash, then the entry) cost about 60
// instructions a task attempt (issue #17).
import type { TaskSetManager } from './taskSetManager';
import type { Stage } from './workload';

export class TaskSetsByStage {
  private readonly map = new Map<Stage, TaskSetManager>();
  /** the stage last looked up or changed, and its task set (undefined: none) */
  private lastStage: Stage | null = null;
  private lastSet: TaskSetManager | undefined = undefined;

  get(stage: Stage): TaskSetManager | undefined {
    if (stage === this.lastStage) return this.lastSet;
    const tsm = this.map.get(stage);
    this.lastStage = stage;
    this.lastSet = tsm;
    return tsm;
  }

  has(stage: Stage): boolean {
    return this.get(stage) !== undefined;
  }

  set(stage: Stage, tsm: TaskSetManager): void {
    this.map.set(stage, tsm);
    this.lastStage = stage;
    this.lastSet = tsm;
  }

  delete(stage: Stage): void {
    this.map.delete(stage);
    this.lastStage = stage;
    this.lastSet = undefined;
  }

  values(): IterableIterator<TaskSetManager> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[Stage, TaskSetManager]> {
    return this.map[Symbol.iterator]();
  }
}
