// Reduce-side locality, after Spark's MapOutputTrackerMaster (core/src/main/scala/org/apache/spark/
// MapOutputTracker.scala: getPreferredLocationsForShuffle, getLocationsWithLargestOutputs; the same
// rule in 2.2 and 3.5) and DAGScheduler.getPreferredLocsInternal, which asks it once per task set
// (submitMissingTasks). Spec "Scheduling semantics", Reduce-side locality.
import { ExecState, type Cluster } from './cluster';
import { appended } from './intList';
import { codeAt, prefFrom, Pref, StageKind, type Stage } from './workload';

/** A location that holds at least this fraction of a reduce partition's input is preferred. */
export const REDUCER_PREF_LOCS_FRACTION = 0.2;
/** With this many map partitions or more, no preference (computing it would be too costly for Spark). */
export const SHUFFLE_PREF_MAP_THRESHOLD = 1000;
/** With this many reduce partitions or more, no preference. */
export const SHUFFLE_PREF_REDUCE_THRESHOLD = 1000;

export interface ReducerPrefs {
  /** executors that hold at least 20 % of the available map outputs, in executor order */
  holders: { exec: number; outputs: number }[];
  /** map outputs available: the total the shares are fractions of */
  mapOutputs: number;
  /** the holders' hosts, each once, in holder order: what the reduce tasks prefer (NODE_LOCAL) */
  hosts: number[];
}

/**
 * getPreferredLocationsForShuffle for the tasks of a stage that reads `parent`'s shuffle with
 * `numReducers` partitions: null when Spark does not compute it (disabled, or 1000 partitions or
 * more on either side). Every map task writes alike to every reduce partition, so a partition's
 * input shares are the parent's: an executor's share is the fraction of the available map
 * outputs it holds (an output lost with its executor no longer counts, in the share or the
 * total). Shares add up per executor (the BlockManagerId keys Spark's HashMap), not per host;
 * the preferred locations are the hosts of the executors at or above the fraction.
 */
export function reducerPreferredHosts(parent: Stage, numReducers: number, cluster: Cluster, enabled: boolean): ReducerPrefs | null {
  if (!ruleEvaluated(parent, numReducers, enabled)) return null;
  const numMaps = parent.numTasks;
  const counts = new Int32Array(cluster.executors.length);
  let total = 0;
  const loc = numMaps > 0 ? parent.outputLoc : null;
  for (let i = 0; i < numMaps; i++) {
    const x = loc![i];
    if (x >= 0) {
      counts[x]++;
      total++;
    }
  }
  const holders: ReducerPrefs['holders'] = [];
  const hosts: number[] = [];
  for (let x = 0; x < counts.length; x++) {
    // (the same double division as Spark's size.toDouble / totalOutputSize: blocks are alike)
    if (counts[x] === 0 || counts[x] / total < REDUCER_PREF_LOCS_FRACTION) continue;
    holders.push({ exec: x, outputs: counts[x] });
    const h = cluster.executors[x].host;
    if (!hosts.includes(h)) hosts.push(h);
  }
  return { holders, mapOutputs: total, hosts };
}

/** Whether getPreferredLocationsForShuffle computes anything (reducerPreferredHosts is not null). */
function ruleEvaluated(parent: Stage, numReducers: number, enabled: boolean): boolean {
  return enabled && parent.numTasks < SHUFFLE_PREF_MAP_THRESHOLD && numReducers < SHUFFLE_PREF_REDUCE_THRESHOLD;
}

/** An evaluation whose hosts no task took (as one that found none): never written. */
const UNUSED: ReducerPrefs = { holders: [], mapOutputs: 0, hosts: [] };

/** Every task has a preference of its own. */
function everyTaskPrefers(prefStart: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (prefFrom(prefStart, i + 1) === prefFrom(prefStart, i)) return false;
  return true;
}

/** One evaluation of the rule for a new task set of `stage` (for the result's reasons). */
export interface ReducerPrefsRecord {
  /** index of the stage in Simulation.stages */
  stage: number;
  /** when the task set was created */
  at: number;
  prefs: ReducerPrefs;
  /** tasks that kept their own preferences (live cached blocks), or null when none did */
  own: Uint8Array | null;
}

/**
 * DAGScheduler.getPreferredLocsInternal at a new task set of `stage`: a task's own `prefer`
 * (cached blocks: only those on executors still there count, as getCacheLocs), else, for a stage
 * that reads exactly one shuffle, the shuffle's preferred hosts (a stage reading several, a
 * cogroup or join, has none: CoGroupedRDD has no preferred locations). Sets the stage's
 * preference arrays for the task set (new arrays: forks share the old ones) and adds the
 * evaluation to `to.reducerPrefs` when the rule was evaluated (appended: the run's list is NONE,
 * intList.ts, until its first record, shared by its forks until then).
 */
export function preferReducerHosts(stage: Stage, stageRef: number, cluster: Cluster, enabled: boolean, now: number,
  to: { reducerPrefs: ReducerPrefsRecord[] }): void {
  // a query's shuffle stage too: a stateful partition prefers its store's location (its own
  // preference, kept when that executor is dead), the others fall back to this rule (spec)
  const query = stage.kind === StageKind.QueryShuffle;
  if (stage.kind !== StageKind.Batch && stage.kind !== StageKind.Tasks && !query) return;
  // (a stage reading several shuffles has none: its own preferences, its cached blocks where the
  // master lists them now, which a decommission may have moved; a query's are its own already)
  const ownStart = stage.ownPrefStart;
  const ownData = stage.ownPrefData;
  if (query && stage.parents.length === 1 && everyTaskPrefers(ownStart, stage.numTasks)) {
    // every partition keeps its store's location (below), so the rule's hosts go unused: only
    // that it was evaluated is recorded (its reason applies to none of the task set's tasks)
    stage.prefStart = ownStart;
    stage.prefData = ownData;
    if (ruleEvaluated(stage.parents[0], stage.numTasks, enabled)) to.reducerPrefs = appended(to.reducerPrefs, { stage: stageRef, at: now, prefs: UNUSED, own: null });
    return;
  }
  const prefs = stage.parents.length === 1 ? reducerPreferredHosts(stage.parents[0], stage.numTasks, cluster, enabled) : null;
  if (prefs === null || prefs.hosts.length === 0) {
    stage.prefStart = ownStart;
    stage.prefData = ownData;
    if (prefs) to.reducerPrefs = appended(to.reducerPrefs, { stage: stageRef, at: now, prefs, own: null });
    return;
  }
  const n = stage.numTasks;
  const m = prefs.hosts.length;
  const prefStart = new Int32Array(n + 1);
  const data: number[] = [];
  let own: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    prefStart[i] = data.length;
    const from = prefFrom(ownStart, i);
    const to = prefFrom(ownStart, i + 1);
    let live = query && to > from;
    for (let p = from; p < to && !live; p++) {
      const code = codeAt(ownData, p);
      live = (code & 3) !== Pref.EXEC || cluster.executors[code >> 2].state !== ExecState.Removed;
    }
    if (live) {
      for (let p = from; p < to; p++) data.push(codeAt(ownData, p));
      (own ??= new Uint8Array(n))[i] = 1;
    } else {
      for (let k = 0; k < m; k++) data.push((prefs.hosts[k] << 2) | Pref.HOST);
    }
  }
  prefStart[n] = data.length;
  stage.prefStart = prefStart;
  stage.prefData = Int32Array.from(data);
  to.reducerPrefs = appended(to.reducerPrefs, { stage: stageRef, at: now, prefs, own });
}
