// Forking a paused run: the sweep simulates the fault-free run once and, at each fault moment,
// continues a copy with the fault injected, instead of simulating every fault from time zero.
// structuredClone copies the whole state graph (typed arrays, Maps, shared references and
// cycles kept); the classes' prototypes are put back afterwards.
import { AttemptLog } from './attemptLog';
import { Cluster } from './cluster';
import { EventQueue } from './eventQueue';
import { IntList } from './intList';
import { Random } from './random';
import { Simulation } from './simulation';
import { TaskScheduler } from './taskScheduler';
import { TaskSetManager } from './taskSetManager';

export function forkSimulation(sim: Simulation): Simulation {
  // The file is immutable and can be large: share it instead of copying it.
  const file = sim.file;
  const s = sim as unknown as { file: unknown };
  s.file = undefined;
  let copy: Simulation;
  try {
    copy = structuredClone(sim);
  } finally {
    s.file = file;
  }
  (copy as unknown as { file: unknown }).file = file;
  Object.setPrototypeOf(copy, Simulation.prototype);
  Object.setPrototypeOf(copy.queue, EventQueue.prototype);
  Object.setPrototypeOf(copy.log, AttemptLog.prototype);
  Object.setPrototypeOf(copy.cluster, Cluster.prototype);
  Object.setPrototypeOf(copy.scheduler, TaskScheduler.prototype);
  Object.setPrototypeOf((copy.scheduler as unknown as { rng: Random }).rng, Random.prototype);
  const seen = new Set<TaskSetManager>();
  const fix = (tsm: TaskSetManager) => {
    if (seen.has(tsm)) return;
    seen.add(tsm);
    Object.setPrototypeOf(tsm, TaskSetManager.prototype);
    for (const list of [tsm.noPrefs, tsm.all, tsm.recoveryPending]) Object.setPrototypeOf(list, IntList.prototype);
    for (const map of [tsm.forExecutor, tsm.forHost, tsm.forRack]) {
      for (const list of map.values()) Object.setPrototypeOf(list, IntList.prototype);
    }
  };
  copy.scheduler.taskSets.forEach(fix);
  for (const tsm of copy.activeTaskSets()) fix(tsm);
  return copy;
}
