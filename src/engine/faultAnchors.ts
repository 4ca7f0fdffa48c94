// Faults tied to a task attempt (`faults[].during`): the fault hits whichever executor runs that
// attempt, `at` after its launch. Event-log imports write them for executors lost while running a
// task (the real run's containers died under a task), so a replay loses the same task at the same
// point of its run even when its timeline drifts from the real one.
import type { Simulation } from './simulation';
import { EventKind } from './eventQueue';

interface Anchor {
  task: number;
  attempt: number;
  k: number;
  fired: boolean;
}

export class FaultAnchors {
  /** by stage (index in sim.stages) */
  private readonly byStage = new Map<number, Anchor[]>();

  /**
   * Schedules the run's faults at their times, except those tied to an attempt: returns those, or
   * null when there are none (the launch path then pays one null check).
   */
  static schedule(sim: Simulation): FaultAnchors | null {
    let anchors: FaultAnchors | null = null;
    sim.faults.forEach((f, k) => {
      const d = f.spec.during;
      if (!d) return sim.schedule(f.spec.at, EventKind.Fault, k, false);
      const ref = sim.stages.findIndex((s) => s.name === d.stage && sim.jobs[s.job].name === d.job);
      if (ref < 0) return;
      anchors ??= new FaultAnchors();
      const list = anchors.byStage.get(ref) ?? [];
      list.push({ task: d.task, attempt: d.attempt, k, fired: false });
      anchors.byStage.set(ref, list);
    });
    return anchors;
  }

  /**
   * Attempt `a` (task i of stage `ref`) launched on executor x for `duration`: when it is an
   * anchored attempt, its fault is due `at` later, and the attempt is still running then (the
   * crash cuts its run: it is the attempt the real executor died under). Returns its duration.
   */
  launched(sim: Simulation, ref: number, i: number, a: number, x: number, duration: number): number {
    const list = this.byStage.get(ref);
    if (!list) return duration;
    const attempt = sim.log.attempt[a];
    for (const anchor of list) {
      if (anchor.fired || anchor.task !== i || anchor.attempt !== attempt) continue;
      anchor.fired = true;
      const f = sim.faults[anchor.k];
      f.spec = { ...f.spec, executor: sim.cluster.executors[x].id, at: sim.now + f.spec.at };
      sim.schedule(f.spec.at, EventKind.Fault, anchor.k, false);
      if (f.spec.at >= sim.now + duration) {
        duration = f.spec.at - sim.now + 1;
        sim.log.end[a] = sim.now + duration;
      }
    }
    return duration;
  }
}
