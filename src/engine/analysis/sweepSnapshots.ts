// The sweep forks the fault-free run at moments spread over its makespan, which is known only at
// the run's end: so the run was simulated twice, once for the makespan and once more, paused at
// each moment, to fork from. A streaming run ends no earlier than its last batch time, so the
// moments over that time are lower bounds of the true ones: the first run keeps a copy of itself
// at each (a fork with its lazy copies made, fork.ts snapshotSimulation), and the sweep moves each
// copy on to its moment, a short way, instead of simulating the run again (issue #17).
import { EventKind } from '../eventQueue';
import { type ForkPlan, snapshotWithPlan, usePlan } from '../fork';
import type { Simulation } from '../simulation';
import { sweepMoments } from './sweep';

export class Snapshots {
  /** paused copies of the run and their times, in time order */
  private readonly copies: (Simulation | null)[] = [];
  /** each copy's plan, for its forks if it has not moved by its moment (fork.ts usePlan) */
  private readonly plans: (ForkPlan | null)[] = [];
  private readonly times: number[] = [];
  private next = 0;
  private worth = false;
  /** the time the copies took (ms), with a clock (the CLI sizes its threads from the run without them) */
  copyMs = 0;

  /** `clock`: the caller's (the engine reads none), to time the copies */
  constructor(readonly moments: number, private readonly clock?: () => number) {}

  /**
   * Runs the fresh fault-free `base` to its end; a streaming run keeps its copies on the way (the
   * run itself is the same: pausing only stops its loop).
   */
  runKeeping(base: Simulation): void {
    if (base.streaming) {
      for (const t of sweepMoments(base.streaming.lastBatchTime, this.moments)) {
        if (base.runUntil(t, EventKind.Fault)) break;
        const from = this.clock?.() ?? 0;
        const { copy, plan } = snapshotWithPlan(base);
        this.copies.push(copy);
        this.plans.push(plan);
        if (this.clock) this.copyMs += this.clock() - from;
        this.times.push(t);
      }
    }
    base.run();
  }

  /**
   * Whether the copies serve the sweep's `moments`: each moment needs a copy at or before it,
   * and moving the copies on must cost less than a run to the last moment. Simulated time is the
   * measure of cost: half of that run at most, so that a run that lags far behind its batches
   * (moments far past the copies) is simulated again instead.
   */
  serve(moments: number[]): boolean {
    let way = 0;
    for (let k = 0; k < moments.length; k++) {
      if (k >= this.times.length || this.times[k] > moments[k]) return (this.worth = false);
      way += moments[k] - this.times[k];
    }
    return (this.worth = moments.length > 0 && way <= moments[moments.length - 1] / 2);
  }

  /** The run paused at moment `at` (the next of the moments served, in order), or undefined to simulate it. */
  at(at: number): Simulation | undefined {
    if (!this.worth || this.next >= this.copies.length) return undefined;
    const k = this.next++;
    const copy = this.copies[k];
    const plan = this.plans[k];
    this.copies[k] = this.plans[k] = null; // its forks are done before the next moment: let it go
    if (copy === null || plan === null || this.times[k] > at) return undefined;
    copy.runUntil(at, EventKind.Fault);
    usePlan(copy, plan);
    return copy;
  }
}
