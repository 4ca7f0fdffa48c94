// Spark's Pool and its two SchedulingAlgorithms (core/.../scheduler/Pool.scala,
// SchedulingAlgorithm.scala; the same in 2.2 and 3.5). Used only with spark.scheduler.mode FAIR:
// in FIFO mode the root pool holds the task sets directly and TaskScheduler keeps them in
// (job, stage) order itself.
import type { TaskSetManager } from './taskSetManager';

export const enum SchedulingMode {
  FIFO = 0,
  FAIR = 1,
}

/** The fields FairSchedulingAlgorithm reads of a Schedulable. */
interface Fair {
  runningTasks: number;
  minShare: number;
  weight: number;
}

export class Pool implements Fair {
  /** Pool.runningTasks: increaseRunningTasks / decreaseRunningTasks of its task sets' attempts */
  runningTasks = 0;
  /** its task sets (Pool.schedulableQueue), in submission order; a FIFO pool keeps them in (job, stage) order */
  readonly queue: TaskSetManager[] = [];

  constructor(
    readonly name: string,
    readonly mode: SchedulingMode,
    readonly minShare: number,
    readonly weight: number,
  ) {}
}

/** Java's Double.compare: -0.0 before 0.0, NaN after everything and equal to itself (a weight of 0 gives NaN). */
function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = a !== a;
  const bn = b !== b;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const aNeg = Object.is(a, -0);
  return aNeg === Object.is(b, -0) ? 0 : aNeg ? -1 : 1;
}

/**
 * FairSchedulingAlgorithm.comparator (SchedulingAlgorithm.scala:43-73) as a sort comparison, with
 * the names compared only on a tie (a task set's name is built then). Needy = runningTasks <
 * minShare: needy first; both needy: runningTasks / max(minShare, 1); neither: runningTasks /
 * weight; then the names (String <, as String.compareTo: UTF-16 units, like JS's <).
 */
export function fairCompare<T extends Fair>(s1: T, s2: T, name: (s: T) => string): number {
  const r1 = s1.runningTasks;
  const r2 = s2.runningTasks;
  const needy1 = r1 < s1.minShare;
  const needy2 = r2 < s2.minShare;
  let c: number;
  if (needy1 && !needy2) return -1;
  if (!needy1 && needy2) return 1;
  if (needy1 && needy2) c = compareDouble(r1 / Math.max(s1.minShare, 1), r2 / Math.max(s2.minShare, 1));
  else c = compareDouble(r1 / s1.weight, r2 / s2.weight);
  if (c !== 0) return c;
  const n1 = name(s1);
  const n2 = name(s2);
  return n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
}

/** FIFOSchedulingAlgorithm.comparator (SchedulingAlgorithm.scala:29-41): priority (the job id), then the stage id. */
export function fifoCompare(a: TaskSetManager, b: TaskSetManager): number {
  return a.priority - b.priority || a.stage.id - b.stage.id;
}

export const poolName = (p: Pool): string => p.name;
/** TaskSetManager.name: "TaskSet_" + taskSet.id, the id being stageId.stageAttemptId (TaskSet.scala:34) */
export const taskSetName = (t: TaskSetManager): string => `TaskSet_${t.stage.id}.${t.attemptNo}`;
/**
 * Task sets inside a FAIR pool: fairCompare with TaskSetManager's minShare 0 and weight 1
 * (TaskSetManager.scala:137-138), so never needy and the ratio is the running count itself.
 */
export function compareTaskSetsFair(a: TaskSetManager, b: TaskSetManager): number {
  const c = a.runningTasks - b.runningTasks;
  if (c !== 0) return c;
  const n1 = taskSetName(a);
  const n2 = taskSetName(b);
  return n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
}
