// The queries of a run (StreamingQueryManager): their trigger loops, the state store
// coordinator's view, and the hooks the scheduler calls (simulation.ts): a batch's job at each
// trigger, a state store's location when its stage is submitted, the reload paid at a launch,
// the store's executor after a success, and what an executor's loss orphans (spec "queries":
// a stateful partition whose location is a dead executor is recovery work of that loss).
import type { QuerySpec } from '../../format/model';
import { queryConf } from '../../format/queries';
import { ExecState } from '../cluster';
import { EventKind } from '../eventQueue';
import type { Simulation } from '../simulation';
import { isRunning, isSuccessful, Pref, recoveryFaultOf, rerunsFault, StageKind, type Job, type Stage } from '../workload';
import { MicroBatchExecution } from './microBatchExecution';
import { reloadMs, type StateOperator } from './stateStoreCoordinator';

/** extension of the result: a micro-batch (spec "Result: queryBatches") */
export interface QueryBatchResult {
  query: string;
  batchId: number;
  triggerAt: number;
  submittedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  records: number;
  stateReloads: number;
  /** the query's processing-time interval (0: each batch as soon as the previous ends) */
  interval: number;
  /** executors whose loss this batch recovered from (lost or orphaned tasks), when any */
  lossOf?: string[];
}

export class StreamingQueryManager {
  readonly queries: MicroBatchExecution[];
  /** state store reloads paid in the run, and their time (the locality-wait trade-off) */
  reloads = 0;
  reloadMs = 0;

  constructor(specs: QuerySpec[], sim: Simulation) {
    const pollingDelay = queryConf(sim.file.conf).pollingDelay;
    this.queries = specs.map((q, i) => new MicroBatchExecution(q, i, sim.cluster, pollingDelay));
    this.queries.forEach((q, i) => sim.schedule(q.spec.start, EventKind.QueryTrigger, i, false));
  }

  /** What a fork shares with its base instead of copying (fork.ts): each query's chunks (each run carves its own regions). */
  sharedWithForks(): object[] {
    return this.queries.map((q) => q.chunks);
  }

  /** The trigger of query q's next batch: its job is built now and submitted after `overhead`. */
  trigger(sim: Simulation, q: number): void {
    const query = this.queries[q];
    if (!query.hasNewData(sim.now)) {
      // no batch (constructNextBatch is false): the next trigger with data, or the query's end
      // (availableNow terminates; a source with no rate never has data again)
      const next = query.nextDataTrigger(sim.now);
      if (next !== null) sim.schedule(next, EventKind.QueryTrigger, q, false);
      else this.queryEnded(sim, query);
      return;
    }
    const job = query.buildBatch(sim.jobs.length, sim.now, sim.file.seed, sim.cluster);
    sim.addJob(job);
    query.spec.stages.forEach((_, k) => {
      const op = query.operators[k];
      if (op) op.current = sim.stages.length - job.stages.length + k;
    });
    if (query.spec.overhead === 0) sim.startJob(job.idx);
    else sim.schedule(job.submit, EventKind.QuerySubmit, job.idx, false);
  }

  /** A batch's job ended (or aborted): the next trigger, or the query's end. */
  jobEnded(sim: Simulation, job: Job): void {
    const query = this.queries[job.output];
    const batch = query.batches[job.batch];
    if (job.aborted !== null) {
      // the batch's job failed: the query terminates with the exception (StreamExecution.runStream)
      query.failed = job.aborted;
      query.stopped = true;
    } else batch.endedAt = sim.now;
    const next = query.nextTrigger(batch.triggerAt, sim.now);
    if (query.hasNext(next)) sim.schedule(next, EventKind.QueryTrigger, query.index, false);
    else this.queryEnded(sim, query);
  }

  private queryEnded(sim: Simulation, query: MicroBatchExecution): void {
    query.stopped = true;
    sim.generatorDone();
    // partitions orphaned for a next batch that never comes are nobody's recovery work
    query.operators.forEach((op, k) => {
      if (!op) return;
      for (let p = 0; p < op.orphanedBy.length; p++) {
        if (op.orphanedBy[p] >= 0) sim.faults[op.orphanedBy[p]].outstanding.delete(placeholder(query.index, k, p));
        op.orphanedBy[p] = -1;
      }
    });
  }

  /** the stage stateOf last looked up, and what it found (launches and successes come stage after stage) */
  private lastStage: Stage | null = null;
  private lastQuery = -1;
  private lastK = -1;
  private lastOp: StateOperator | null = null;

  /** A query stage's state operator (null when stateless); its query and index are left in lastQuery and lastK. */
  private stateOf(sim: Simulation, stage: Stage): StateOperator | null {
    // (the lookup a function of its own: small enough for V8 to inline at each launch and success, issue #17)
    return stage === this.lastStage ? this.lastOp : this.lookUp(sim, stage);
  }

  private lookUp(sim: Simulation, stage: Stage): StateOperator | null {
    const job = sim.jobs[stage.job];
    const k = stageIndexIn(job, stage);
    this.lastStage = stage;
    this.lastQuery = job.output;
    this.lastK = k;
    this.lastOp = k >= 0 ? this.queries[job.output].operators[k] : null;
    return this.lastOp;
  }

  /**
   * StateStoreRDD.getPreferredLocations at the stage's submission: task p prefers the
   * coordinator's location, a dead executor included. A location that is a removed executor
   * makes p an orphan: recovery work of the loss of that executor.
   */
  fillPrefs(sim: Simulation, stage: Stage): void {
    const op = this.stateOf(sim, stage);
    if (!op) return;
    const n = stage.numTasks;
    // The stores rarely move between batches: the last batch's arrays are reused while every
    // partition's location is the same (preference arrays are never written once built). With no
    // location moved and no executor removed since a pass found none on a removed one, the pass
    // would find the same again (a pass per batch was 1.5 % of a query run, issue #17).
    const removals = sim.cluster.removals;
    if (!op.moved && op.checkedAt === removals && op.prefStart !== null && op.prefStart.length === n + 1) {
      stage.prefStart = stage.ownPrefStart = op.prefStart;
      stage.prefData = stage.ownPrefData = op.prefData!;
      return;
    }
    const query = this.lastQuery;
    const k = this.lastK;
    let onRemoved = false;
    const lastStart = op.prefStart;
    const lastData = op.prefData;
    let same = lastStart !== null && lastStart.length === n + 1;
    let c = 0;
    for (let p = 0; p < n; p++) {
      const x = op.location[p];
      if (same && (x < 0 ? lastStart![p + 1] !== c : lastStart![p + 1] !== c + 1 || lastData![c] !== ((x << 2) | Pref.EXEC))) same = false;
      if (x < 0) continue;
      c++;
      if (sim.cluster.executors[x].state !== ExecState.Removed) continue;
      onRemoved = true;
      if (stage.taskState[p] !== 0) continue; // (successful or running)
      let f = op.orphanedBy[p];
      if (f >= 0) sim.faults[f].outstanding.delete(placeholder(query, k, p));
      else f = lastFaultOn(sim, x);
      op.orphanedBy[p] = -1;
      if (f >= 0) this.orphan(sim, f, stage, p);
    }
    if (!same) {
      // prefStart and the codes (at most one a partition) in one buffer
      const buf = new Int32Array(n + 1 + c);
      const prefStart = buf.subarray(0, n + 1);
      const prefData = buf.subarray(n + 1);
      c = 0;
      for (let p = 0; p < n; p++) {
        prefStart[p] = c;
        const x = op.location[p];
        if (x >= 0) prefData[c++] = (x << 2) | Pref.EXEC;
      }
      prefStart[n] = c;
      op.prefStart = prefStart;
      op.prefData = prefData;
    }
    op.moved = false;
    op.checkedAt = onRemoved ? -1 : removals;
    // the task's own preference, which reduce-side locality falls back from (mapOutputTracker.ts)
    stage.prefStart = stage.ownPrefStart = op.prefStart!;
    stage.prefData = stage.ownPrefData = op.prefData!;
  }

  private orphan(sim: Simulation, f: number, stage: Stage, p: number): void {
    // (a partition that loss orphaned already, in an earlier attempt of the stage before a fetch
    // failure or lost with the executor: the same recovery work, counted once)
    if (recoveryFaultOf(stage, p) === f) return;
    sim.orphaned(f, stage, p);
    const batch = this.queries[sim.jobs[stage.job].output].batches[stage.batch];
    if (!batch.faults.includes(f)) batch.faults.push(f);
  }

  /**
   * A launch of a query task on executor x: a stateful partition reports its store there
   * (ReportActiveInstance) and pays the reload when its store was loaded elsewhere. Returns the
   * reload in ms, or -1 when the task reads its store where it is (or has none).
   */
  launched(sim: Simulation, stage: Stage, p: number, x: number): number {
    // the source stage is never stateful (SJ306)
    if (stage.kind === StageKind.QuerySource) return -1;
    const op = this.stateOf(sim, stage);
    if (!op) return -1;
    const query = this.lastQuery;
    const k = this.lastK;
    const q = this.queries[query];
    if (op.location[p] !== x) {
      op.location[p] = x;
      op.moved = true;
    }
    const f = op.orphanedBy[p];
    if (f >= 0) {
      sim.faults[f].outstanding.delete(placeholder(query, k, p));
      op.orphanedBy[p] = -1;
    }
    const loaded = op.loadedOn[p];
    if (loaded < 0 || loaded === x) return -1;
    q.batches[stage.batch].stateReloads++;
    const ms = reloadMs(op.spec, stage.batch, sim.file.network);
    this.reloads++;
    this.reloadMs += ms;
    return ms;
  }

  /** The reload a launch of this stateful stage pays (for the result's attempts; 0 when stateless). */
  reloadMsOf(sim: Simulation, stage: Stage): number {
    const op = this.stateOf(sim, stage);
    return op ? reloadMs(op.spec, stage.batch, sim.file.network) : 0;
  }

  /** A stateful task succeeded on x: its store (this version) is loaded there. */
  succeeded(sim: Simulation, stage: Stage, p: number, x: number): void {
    const op = this.stateOf(sim, stage);
    if (op) op.loadedOn[p] = x;
  }

  /**
   * Executor x was removed (fault k): the coordinator keeps it. Each partition located there
   * is orphaned: now, when its task is queued in a running batch; else when the next batch's
   * stage is submitted (a placeholder keeps the fault open until then). Running tasks on x are
   * the engine's lost tasks already.
   */
  executorRemoved(sim: Simulation, x: number, k: number): void {
    for (const query of this.queries) {
      const open = query.batches.length > 0 ? query.batches[query.batches.length - 1] : undefined;
      if (open && open.endedAt === null && !query.stopped) {
        const job = sim.jobs[open.job];
        if (job.stages.some((s) => rerunsFault(s, k))) open.faults.push(k);
      }
      if (query.stopped) continue;
      query.operators.forEach((op, s) => {
        if (!op) return;
        const cur = op.current >= 0 ? sim.stages[op.current] : undefined;
        const tsm = cur ? sim.taskSetOf(cur) : undefined;
        for (let p = 0; p < op.location.length; p++) {
          if (op.location[p] !== x) continue;
          if (cur && (recoveryFaultOf(cur, p) === k || isRunning(cur, p))) continue; // lost with x, re-queued
          if (cur && tsm && !isSuccessful(cur, p)) {
            this.orphan(sim, k, cur, p);
            continue;
          }
          op.orphanedBy[p] = k;
          sim.faults[k].outstanding.add(placeholder(query.index, s, p));
        }
      });
    }
  }

  /** Executors by the state stores located on them now (most first), for the trade-off's loss. */
  storeHolders(): Map<number, number> {
    const count = new Map<number, number>();
    for (const q of this.queries) {
      for (const op of q.operators) {
        if (!op) continue;
        for (const x of op.location) if (x >= 0) count.set(x, (count.get(x) ?? 0) + 1);
      }
    }
    return count;
  }

  batchResults(sim: Simulation): QueryBatchResult[] {
    const out: QueryBatchResult[] = [];
    for (const q of this.queries) {
      for (const b of q.batches) {
        const r: QueryBatchResult = {
          query: q.spec.name, batchId: b.batchId, triggerAt: b.triggerAt, submittedAt: b.submittedAt, endedAt: b.endedAt,
          durationMs: b.endedAt === null ? null : b.endedAt - b.triggerAt, records: b.records, stateReloads: b.stateReloads,
          interval: q.spec.trigger,
        };
        if (b.faults.length > 0) r.lossOf = b.faults.map((f) => sim.faults[f].spec.executor);
        out.push(r);
      }
    }
    return out;
  }
}

/**
 * The attempts a run lets one expect, reserved once so that the log does not copy its columns as it
 * grows: every task of the file's jobs (never capped: they all run), and the batches the queries'
 * bounds let one expect (capped: those bounds may promise far more than a run gets to).
 */
export function attemptsToReserve(stages: Stage[], queries: QuerySpec[]): number {
  let tasks = 0;
  for (const s of stages) tasks += s.numTasks;
  let queryTasks = 0;
  for (const q of queries) queryTasks += Math.min(expectedBatches(q), MAX_RESERVED_BATCHES) * tasksPerBatch(q);
  return Math.max(tasks, Math.min(tasks + queryTasks, MAX_RESERVED_ATTEMPTS));
}

/** caps on the reservation (a bound far beyond what a run reaches costs memory it never uses) */
const MAX_RESERVED_BATCHES = 100_000;
const MAX_RESERVED_ATTEMPTS = 1 << 20;

/** Batches a query's bound allows: `batches`, or one per trigger interval until `until` (0 when unbounded). */
function expectedBatches(q: QuerySpec): number {
  if (q.batches !== undefined) return q.batches;
  if (q.until !== undefined && q.trigger > 0) return Math.ceil(Math.max(0, q.until - q.start) / q.trigger);
  return 0;
}

/** Task attempts of one fault-free batch: a read task per source partition (at least minPartitions) and each shuffle stage's partitions. */
function tasksPerBatch(q: QuerySpec): number {
  let n = Math.max(q.source.partitions, q.source.kind === 'kafka' ? q.source.minPartitions : 0);
  for (let k = 1; k < q.stages.length; k++) n += q.stages[k].partitions;
  return n;
}

/** A query stage's index in its spec: its place in the batch's job (built in the spec's order; a few stages). */
function stageIndexIn(job: Job, stage: Stage): number {
  const stages = job.stages;
  for (let k = 0; k < stages.length; k++) if (stages[k] === stage) return k;
  return -1;
}

function placeholder(query: number, stage: number, p: number): string {
  return `orphan:${query}:${stage}:${p}`;
}

/** The fault that removed executor x (the latest one on it). */
function lastFaultOn(sim: Simulation, x: number): number {
  for (let k = sim.faults.length - 1; k >= 0; k--) if (sim.faults[k].exec === x && sim.faults[k].detectedAt !== null) return k;
  return -1;
}
