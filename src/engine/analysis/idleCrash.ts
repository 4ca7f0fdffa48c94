// Swept crashes that change nothing the sweep measures, known without forking the run.
//
// Most of a streaming sweep's forks crash an executor that holds nothing at that moment: no
// attempt runs on it, no shuffle output of a job still running is on it, no received block has its
// only copy there. Such a fork handles two events, the crash and its detection at the same instant
// (executorFault, then executorLost with LossPart.Full: the executor is removed, nothing is lost,
// reviveOffers runs), and stops, its fault recovered at the detection (lossMeasures.recovered).
// Its measures are then fixed: detected at the crash, no lost task, latency 0, no wait, no holder,
// no lost receiver, and the received blocks lost at or after the moment that the base already
// lists. `IdleCrashes` says for which executors of a paused base that holds, conservatively: any
// doubt (another event at the same instant, a loss reason that comes later, speculation, dynamic
// allocation, queries, an executor gone or leaving, a block with no live copy) and the sweep forks
// as before. test/unit/engine/idleCrash.test.ts checks every shortcut against the fork it replaces.
import { ExecState } from '../cluster';
import { NO_ENTRIES } from '../intList';
import { DEFAULT_LIMITS } from '../simulate';
import { LossPart, LossReason, planLoss } from '../schedulerBackend';
import type { Simulation } from '../simulation';
import { unreadable } from '../streaming/blockGenerator';
import type { SweptFault } from './sweep';

/** Why a crash of an executor could change something (IdleCrashes' flags per executor). */
const enum Busy {
  Runs = 1,
  /** a shuffle output a running job may still read */
  Outputs = 2,
  /** a received block's only copy */
  OnlyCopy = 4,
}

export class IdleCrashes {
  /** per executor: Busy flags, 0 when a crash of it loses nothing (or may not be detected at once) */
  private readonly busy: Uint8Array;
  /** the moment-wide conditions hold (possible()): every executor's crash is detected at once, and so on */
  readonly allowed: boolean;

  constructor(private readonly base: Simulation, private readonly at: number) {
    const { cluster } = base;
    this.busy = new Uint8Array(cluster.executors.length);
    this.allowed = this.possible();
    if (!this.allowed) return;
    const busy = this.busy;
    for (const e of cluster.executors) if (e.running.length > 0) busy[e.idx] |= Busy.Runs;
    // shuffle outputs a running job may still read (outputsLost skips the jobs that have ended)
    for (const s of base.stages) {
      if (base.jobs[s.job].end !== null) continue;
      const loc = s.outputLoc;
      for (let i = 0; i < loc.length; i++) if (loc[i] >= 0) busy[loc[i]] |= Busy.Outputs;
    }
    // a received block's only copy (every holder is alive: possible() checked)
    if (base.streaming) {
      const blocks = base.streaming.blocks;
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks.at(i);
        if (!b.wal && b.holders.length === 1) busy[b.holders[0]] |= Busy.OnlyCopy;
      }
    }
  }

  /** Does executor x hold a shuffle output that a running job may still read (its crash would unregister it)? */
  holdsOutputs(x: number): boolean {
    return (this.busy[x] & Busy.Outputs) !== 0;
  }

  /** Is executor x's the only copy of a received block (its crash would leave the block unreadable)? */
  onlyCopy(x: number): boolean {
    return (this.busy[x] & Busy.OnlyCopy) !== 0;
  }

  /** The moment-wide conditions. */
  private possible(): boolean {
    const { base, at } = this;
    if (base.speculation !== null || base.allocation !== null || base.queries !== null || base.anchors !== null) return false;
    // The driver removes the executor at once, with everything of it, for a reason that counts no
    // failure against a worker (schedulerBackend.ts planLoss). A crash's plan reads the file, the
    // Spark line and the moment only (neither the executor nor its registration time: those are
    // read by the heartbeat expiry of hangs and node losses), so it is one answer for every
    // executor at this moment.
    const plan = planLoss(base.file, base.spark, { executor: '', at, kind: 'crash' }, 0, at);
    if (plan.steps.length !== 2 || plan.steps[0] !== at || plan.steps[1] !== LossPart.Full || plan.reason === LossReason.WorkerLost) return false;
    // the crash and its detection are the next two events, and the run would go on past them
    if (base.queue.peekTime() <= at || !base.workLeft) return false;
    if (at > DEFAULT_LIMITS.maxTimeMs || base.events + 2 >= DEFAULT_LIMITS.maxEvents) return false;
    // every registered executor alive: no block lost a copy, no task waits for a gone executor
    for (const e of base.cluster.executors) {
      if (e.state === ExecState.Pending) continue;
      if (e.state !== ExecState.Alive || e.draining || e.decommissioning) return false;
    }
    if (base.streaming) {
      if (base.streaming.tracker.losses.length > 0) return false;
      const blocks = base.streaming.blocks;
      for (let i = 0; i < blocks.length; i++) if (unreadable(blocks.at(i))) return false;
    }
    return true;
  }

  /** Would a crash of executor x at the moment change nothing the sweep measures? */
  has(x: number): boolean {
    if (!this.allowed || this.busy[x] !== 0) return false;
    const e = this.base.cluster.executors[x];
    return e.state === ExecState.Alive && e.addedAt <= this.at;
  }

  /** The sweep's record of such a crash (the fields in the order the sweep's measure gives them). */
  fault(x: number): SweptFault {
    const { base, at } = this;
    const swept: SweptFault = {
      executor: base.cluster.executors[x].id, at, kind: 'crash', detectedAt: at, lostTasks: 0, recoveryLatency: 0,
      localityWait: 0, stalled: false, lowerBoundMs: 0, waited: NO_ENTRIES, holders: NO_ENTRIES, holderHosts: NO_ENTRIES, withReservedSlotMs: null,
    };
    if (base.streaming) {
      swept.lostReceivers = NO_ENTRIES;
      swept.lostBlocks = base.streaming.lostBlocksSince(at);
    }
    return swept;
  }
}
