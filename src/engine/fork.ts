// Forking a paused run: the sweep simulates the fault-free run once and, at each fault moment,
// continues a copy with the fault injected, instead of simulating every fault from time zero.
//
// A fork is a deep copy of the run's state graph (shared references and cycles kept, each
// object with its own prototype), made by hand rather than with structuredClone so that it
// copies only what a fork can change:
// - the file, the executors' specs, the received blocks (replaced, never changed) and the
//   tasks' durations, inputs and preferences are immutable: shared with the base; so are the
//   stages of jobs that have ended with nothing of them running (`settled`);
// - a stage's per-partition state (outputs, running attempts, counters...) is copied on first
//   access: a fork runs only until its fault has recovered and touches few stages of a long run.
//   Those lazy copies read the base, so a fork must be run (or its stages read) before its base
//   moves on; a lazy copy taken after that throws instead of reading the base's new state.
// - the executors are shared copy on write, by both sides (Cluster.own, Cluster.sharedWith): a
//   fork copies the executors it changes, the base those it changes after the fork.
// Everything else (the event queue, the attempt log, task set managers, faults...) is
// copied, so fields added to the engine later are forked without changes here. The walk that finds
// what to copy is made once per moment (a ForkPlan) and followed by every fork of that moment.
import { aligned, Arena } from './arena';
import { AttemptLog } from './attemptLog';
import { EventQueue } from './eventQueue';
import { IntList, NONE } from './intList';
import { NameIndex } from './nameIndex';
import { BlockList } from './streaming/blockGenerator';
import type { Simulation } from './simulation';
import type { PendingLists } from './taskSetManager';
import { TaskState, type Stage } from './workload';

/** Stage fields that a run mutates element-wise: copied on first access in a fork. */
const LAZY = ['outputLoc', 'taskState', 'launched', 'attempts', 'failures', 'rerunSet', 'reruns', 'readyAt', 'readySet'] as const;
/** Stage fields a run never writes (shared) or only assigns (copied as values). */
// `source` (a streaming stage's block or Kafka partition per task) is built once, like the preferences.
const SHARED = ['duration', 'input', 'prefStart', 'prefData', 'ownPrefStart', 'ownPrefData', 'source'] as const;
const SCALARS = ['id', 'job', 'name', 'fullName', 'numTasks', 'submitted', 'done', 'numSuccessful',
  'kind', 'batch', 'prefsAtSubmit', 'hasRerun', 'rerunCount', 'submitDelay', 'delayed', 'stageAttempt', 'failedAttempts', 'lastFailedAttempt', 'lostAt', 'readyBase'] as const;
/** parents and children: the fork's stages, mapped on first access */
const LINKS = ['parents', 'children'] as const;
const KNOWN = new Set<string>([...LAZY, ...SHARED, ...SCALARS, ...LINKS]);

/**
 * What changes when a run moves on: a plan, and a fork's lazy copies of its base, are valid only
 * while the base is still at the same point.
 */
class RunPoint {
  private readonly events: number;
  private readonly now: number;
  private readonly queued: number;
  private readonly attempts: number;
  private readonly faults: number;

  constructor(sim: Simulation) {
    this.events = sim.events;
    this.now = sim.now;
    this.queued = sim.queue.length;
    this.attempts = sim.log.length;
    this.faults = sim.faults.length;
  }

  isAt(sim: Simulation): boolean {
    return sim.events === this.events && sim.now === this.now && sim.queue.length === this.queued &&
      sim.log.length === this.attempts && sim.faults.length === this.faults;
  }
}

const NO_STAGES: readonly unknown[] = [];

/** typed arrays up to this size are copied into the fork's arena */
const SMALL_TYPED = 4096;
const ARENA_CHUNK = 16384;

/** The base at the fork: a lazy copy is valid only while the base is still there. */
class ForkPoint {
  /**
   * The fork's copies of small typed arrays and its clones of the attempt log and event queue:
   * views of one buffer, not an ArrayBuffer each. Its first chunk: the plan's typed arrays and
   * clones, with room for a few lazy copies; later chunks are ARENA_CHUNK. (A 64 kB chunk for every
   * fork, most of it unused, was more than half of a fork's allocation and a share of the sweep's
   * collections, issue #17.)
   */
  readonly arena: Arena;
  /** the arena's generation at the fork: a later one is another fork's (forkSimulation's `arena`) */
  private readonly generation: number;

  /**
   * The fork's list of stages (its `stages`, set once made: a second list of the same entries was
   * a tenth of a fork's copy, issue #17), of which the first `count` were there at the fork (a run
   * only appends to its list, never replaces an entry).
   */
  stages: readonly unknown[] = NO_STAGES;

  /**
   * `baseStages`: the base's list of stages, `count` long at the fork, for a forked stage's links
   * (linkedStages). `arena`: one given again to each fork, or null for one of the fork's own.
   */
  constructor(private readonly base: Simulation, private readonly basePoint: RunPoint, readonly baseStages: readonly unknown[],
    readonly count: number, firstChunk: number, arena: Arena | null) {
    if (arena === null) this.arena = new Arena(firstChunk, ARENA_CHUNK);
    else {
      arena.reuse(firstChunk);
      this.arena = arena;
    }
    this.generation = this.arena.generation;
  }

  /** A copy of `a` (same type and length), in the fork's arena when small. */
  copy<T extends Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Float64Array>(a: T): T {
    return a.byteLength > SMALL_TYPED ? a.slice() as T : this.arena.copy(a);
  }

  check(): void {
    if (!this.basePoint.isAt(this.base)) {
      throw new Error('a forked run was used after its base run moved on: run forks before advancing the base');
    }
    if (this.arena.generation !== this.generation) throw new Error('a forked run was used after its arena was given to another fork');
  }
}

/**
 * A stage of a fork: its own scalars, the base's immutable arrays, its mutable arrays copied on
 * first access. Fields in a fixed order (one hidden class for every forked stage).
 */
class ForkedStage {
  [key: string]: unknown;
  constructor(src: Stage, point: ForkPoint) {
    this.id = src.id;
    this.job = src.job;
    this.name = src.name;
    this.fullName = src.fullName;
    this.numTasks = src.numTasks;
    this.duration = src.duration;
    this.input = src.input;
    this.prefStart = src.prefStart;
    this.prefData = src.prefData;
    this.ownPrefStart = src.ownPrefStart;
    this.ownPrefData = src.ownPrefData;
    this.source = src.source;
    this.submitted = src.submitted;
    this.done = src.done;
    this.numSuccessful = src.numSuccessful;
    this.kind = src.kind;
    this.batch = src.batch;
    this.prefsAtSubmit = src.prefsAtSubmit;
    this.submitDelay = src.submitDelay;
    this.delayed = src.delayed;
    this.stageAttempt = src.stageAttempt;
    this.failedAttempts = src.failedAttempts;
    this.lastFailedAttempt = src.lastFailedAttempt;
    this.lostAt = src.lostAt;
    this.readyBase = src.readyBase;
    this.hasRerun = src.hasRerun;
    this.rerunCount = src.rerunCount;
    this.__src = src;
    this.__point = point;
    this.__parents = null;
    this.__children = null;
    this.__outputLoc = null;
    this.__taskState = null;
    this.__launched = null;
    this.__attempts = null;
    this.__failures = null;
    this.__rerunSet = null;
    this.__reruns = null;
    this.__readyAt = null;
    this.__readySet = null;
  }
}
// The accessors read and write their field by name, each made for its key (`this[own]` with `own`
// a closure's key was a keyed access at every read of a forked stage's arrays, issue #17).
for (const k of LAZY) {
  const { get, set } = new Function('copyOf', `return {
    get() { let a = this.__${k}; if (a === null) { a = copyOf(this, this.__src.${k}); this.__${k} = a; } return a; },
    set(v) { this.__${k} = v; } };`)(lazyCopy) as PropertyDescriptor;
  Object.defineProperty(ForkedStage.prototype, k, { get, set, enumerable: true });
}
for (const k of LINKS) {
  const { get, set } = new Function('linksOf', `return {
    get() { let a = this.__${k}; if (a === null) { a = linksOf(this, ${JSON.stringify(k)}); this.__${k} = a; } return a; },
    set(v) { this.__${k} = v; } };`)(linkedStages) as PropertyDescriptor;
  Object.defineProperty(ForkedStage.prototype, k, { get, set, enumerable: true });
}

/**
 * Makes every lazy copy of a forked stage and lets go of its base. (Its accessors read by name: read
 * by a key from LAZY and LINKS, each load met every key and called the getter megamorphic, issue #17.)
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const madeAll = new Function(`return (s) => { ${[...LAZY, ...LINKS].map((k) => `void s.${k};`).join(' ')} s.__src = null; s.__point = null; };`)() as (s: ForkedStage) => void;

/**
 * A forked stage's first read of one of its arrays: a copy of its base's `a`. (The accessor reads
 * `a` by name: read here by a key, that load met every key and stage shape, megamorphic, issue #17.)
 */
function lazyCopy(s: ForkedStage, a: Int32Array | Uint8Array | Uint16Array | Int16Array | Uint32Array | Float64Array): unknown {
  (s.__point as ForkPoint).check();
  return (s.__point as ForkPoint).copy(a);
}

/** A forked stage's first read of its parents or children: the fork's stages in the base's. */
function linkedStages(s: ForkedStage, k: (typeof LINKS)[number]): Stage[] {
  const point = s.__point as ForkPoint;
  // (a stage's links are stages of its job or the jobs before: near the end of the list; a map of
  // every stage, made for each plan, was a thirtieth of a streaming sweep's allocation, issue #17)
  const last = point.count - 1;
  return (s.__src as Stage)[k].map((x) => point.stages[point.baseStages.lastIndexOf(x, last)] as Stage);
}

/**
 * How to copy a paused run: every object to copy, in an order where each comes once, with the
 * fields that point to other copies. Made by one walk of the run's state graph at the first fork
 * of a moment; the other forks of that moment (a sweep makes one per executor) only follow it,
 * without a memo lookup per reference or a type test per field.
 */
export interface ForkPlan {
  at: RunPoint;
  /** per node: its source object and how it is copied */
  srcs: object[];
  kinds: Kind[];
  /** Stage nodes: the keys beyond ForkedStage's */
  keys: (string[] | null)[];
  /** Object nodes: the copier of the object's shape */
  copiers: (Copier | null)[];
  // References to copies, by how a fork stores them. (One keyed store per reference, at one site
  // that met every object's shape and key, was megamorphic: a third of a fork's copy, issue #17.)
  /** Object nodes with references: the patcher of their keys, and where their targets start in `patchTargets` */
  patched: number[];
  patchers: Patcher[];
  patchAt: number[];
  patchTargets: number[];
  /** array entries: the array's node, the index, the target node */
  elemOwner: number[];
  elemIndex: number[];
  elemTarget: number[];
  /** the rest (a stage's fields beyond ForkedStage's, an object of too many keys): keyed stores */
  refOwner: number[];
  refKey: string[];
  refTarget: number[];
  /** MapRefs / Set nodes: their entries, a node (>= 0) or a value (in `values`, coded -1 - index) */
  entries: (number[] | null)[];
  /** the nodes with entries (filled after every node is copied) */
  entryNodes: number[];
  values: unknown[];
  /** the node of each of the run's stages, in `sim.stages` order (-1: shared with the base) */
  stageNodes: number[];
  root: number;
  /** the arena's first chunk: the small typed arrays copied, with room for some lazy copies */
  arenaBytes: number;
  /**
   * follow's node copies, made at the plan's first fork and given again to each (emptied after
   * each: it would keep the last fork alive): an array of every node per fork was a twentieth of
   * a streaming fork's copy (issue #17)
   */
  out: unknown[] | null;
}

/** OnWrite: an IntList, a NameIndex or the received blocks, shared with the fork until one of them writes */
const enum Kind { Object, Array, MapPlain, MapRefs, Set, Typed, OnWrite, Cloned, Stage, Slice }

const plans = new WeakMap<Simulation, ForkPlan>();
// What makePlan knows settled from an earlier plan (only numbers: a plan kept here would keep its
// run alive, see forgetPlan). A run snapshotted: the stages its last snapshot's plan shared (-1).
// A snapshot: how many stages its run had at the copy (those of them it shares were settled).
const sharedBefore = new WeakMap<Simulation, readonly number[]>();
const stagesAtCopy = new WeakMap<Simulation, number>();
const NO_NODES: readonly number[] = [];

/**
 * A copy of the paused run `sim`. `arena`: where its typed arrays go (forkArena()), given again to
 * each fork of a caller that is done with a fork before it makes the next (the sweep): the fork
 * made before with it must not be read again (its typed arrays are the new fork's).
 */
export function forkSimulation(sim: Simulation, arena: Arena | null = null): Simulation {
  let plan = plans.get(sim);
  if (plan === undefined || !plan.at.isAt(sim)) {
    plan = makePlan(sim);
    plans.set(sim, plan);
  }
  return follow(plan, sim, arena);
}

/**
 * Drops the plan kept for `sim`, for a caller done forking it. A WeakMap's values are strong for
 * V8's young collections (an old table's value slots are old-to-new references, and a plan holds
 * its run), so a plan left in it kept its moment's whole state alive, promoted, until the next
 * full collection: 1.6 of a sweep's 1.7 MB promoted (issue #17).
 */
export function forgetPlan(sim: Simulation): void {
  plans.delete(sim);
}

/** An arena for forkSimulation to give to one fork after another. */
export function forkArena(): Arena {
  return new Arena(ARENA_CHUNK, ARENA_CHUNK);
}

/**
 * A fork that no longer reads its base: every lazy copy is made now, so the base may move on while
 * this copy waits (the sweep keeps such copies of its fault-free run on the way to its end,
 * analysis/sweepSnapshots.ts). It is forked later like any paused run.
 */
export function snapshotSimulation(sim: Simulation): Simulation {
  return snapshotWithPlan(sim).copy;
}

/**
 * A snapshot (snapshotSimulation) and the plan to fork it with while it has not moved (usePlan):
 * the snapshot's own plan, node for node, since the copy is the base's state graph object for
 * object. At half of a streaming sweep's moments nothing happens between the copy and its moment
 * (the copies are taken at lower bounds of the moments, and events fall on ticks), and a fresh plan
 * of the copy was a quarter of each copy's cost (issue #17).
 */
export function snapshotWithPlan(sim: Simulation): { copy: Simulation; plan: ForkPlan } {
  // the plan its forks made here, if any (the advisor forks a moment, then copies it): it becomes
  // the copy's, and the run, moving on, keeps none (forgetPlan)
  let plan = plans.get(sim);
  if (plan === undefined || !plan.at.isAt(sim)) plan = makePlan(sim);
  forgetPlan(sim);
  const room = plan.arenaBytes;
  // (its lazy copies are all made here: their exact room, not a fork's room for a few)
  plan.arenaBytes += lazyBytes(plan) - ARENA_CHUNK;
  const out: unknown[] = new Array(plan.srcs.length);
  const copy = follow(plan, sim, null, out);
  plan.arenaBytes = room;
  sharedBefore.set(sim, plan.stageNodes);
  stagesAtCopy.set(copy, plan.stageNodes.length);
  for (const s of copy.stages) {
    if (!(s instanceof ForkedStage)) continue; // a stage shared with the base: never written again
    // Every lazy copy made, the copy reads its base no more: it lets go of it. Through __src and
    // __point, each copy the sweep kept on the way kept the whole finished run alive for the whole
    // sweep, copied by every young collection until promoted (issue #17).
    madeAll(s);
  }
  // (the base's objects out of the plan: it would keep the base alive)
  plan.srcs = out as object[];
  plan.at = new RunPoint(copy);
  return { copy, plan };
}

/** Forks of `sim` follow `plan` (snapshotWithPlan's) if `sim` is still where the plan was made: true if so. */
export function usePlan(sim: Simulation, plan: ForkPlan): boolean {
  if (!plan.at.isAt(sim)) return false;
  plans.set(sim, plan);
  return true;
}

/** a forked stage's field that holds each LAZY array once copied */
const LAZY_OWN = LAZY.map((k) => `__${k}`);

/** The bytes of the small typed arrays a plan's stages copy lazily (its forked stages' LAZY arrays). */
function lazyBytes(plan: ForkPlan): number {
  let bytes = 0;
  for (let n = 0; n < plan.srcs.length; n++) {
    if (plan.kinds[n] !== Kind.Stage) continue;
    const s = plan.srcs[n];
    for (let i = 0; i < LAZY.length; i++) {
      const k = LAZY[i];
      // (a forked stage's array as it is, without making its lazy copy)
      const a = (s instanceof ForkedStage ? s[LAZY_OWN[i]] ?? (s.__src as Stage)[k] : (s as Stage)[k]) as Int32Array;
      if (a.byteLength <= SMALL_TYPED) bytes += aligned(a.byteLength);
    }
  }
  return bytes;
}

export function makePlan(sim: Simulation): ForkPlan {
  const walk = new PlanWalk(sim);
  const { plan, memo } = walk;
  // Immutable: shared.
  memo.set(sim.file, SHARED_NODE);
  for (const o of sim.cluster.sharedWithForks()) memo.set(o, SHARED_NODE);
  // The task sets, active and the scheduler's: their built-once arrays are shared, and their
  // stages are busy (a fork writes them: never shared as settled, below).
  const busy = new Set<unknown>();
  for (const [stage, tsm] of sim.tsmOf) {
    shareTaskSetArrays(tsm, memo, SHARED_NODE);
    busy.add(stage);
  }
  for (const tsm of sim.scheduler.taskSets) {
    shareTaskSetArrays(tsm, memo, SHARED_NODE);
    busy.add(tsm.stage);
  }
  // Lists whose entries are shared, not walked (nor put in the memo: each entry set and found there
  // was most of a plan, and a sweep makes two plans per moment, issue #17). The executors: the
  // fork's list holds the base's objects, copied on write (Cluster.own); nothing else may hold one
  // (it would not see the copy: the walk refuses one, isExecutor). The hosts' executor lists are
  // replaced, never changed; so are a batch's record counts (the received blocks are a BlockList,
  // streaming/blockGenerator.ts: copied on write by chunk).
  walk.add(sim.cluster.executors, Kind.Slice);
  walk.add(sim.cluster.hostExecs, Kind.Slice);
  if (sim.streaming) for (const list of sim.streaming.slicedForForks()) walk.add(list, Kind.Slice);
  if (sim.streaming) for (const o of sim.streaming.sharedWithForks(sim.file.seed, sim.file.conf.blockInterval)) memo.set(o, SHARED_NODE);
  if (sim.queries) for (const o of sim.queries.sharedWithForks()) memo.set(o, SHARED_NODE);
  // (the lists with no entry: never written, intList.ts NONE; the offer rounds' scratch arrays)
  memo.set(NONE, SHARED_NODE);
  for (const o of sim.scheduler.scratch()) memo.set(o, SHARED_NODE);
  // (the stages of open jobs, for a fork's losses: replaced, never changed in place)
  memo.set(sim.dag.openStagesOf(sim), SHARED_NODE);
  // Jobs that have ended and the batches they made are never changed again (a loss skips their
  // outputs, dagScheduler/fetchFailure.ts): shared, so a fork of a long streaming run or query
  // copies its open jobs and batches only. (Their stages are forked all the same: a stage is
  // reached by its index too.)
  for (const j of sim.jobs) if (j.end !== null) memo.set(j, SHARED_NODE);
  if (sim.streaming) for (const b of sim.streaming.jobScheduler.batches) if (b.processingEnd !== null) memo.set(b, SHARED_NODE);
  if (sim.queries) for (const q of sim.queries.queries) for (const b of q.batches) if (b.endedAt !== null) memo.set(b, SHARED_NODE);

  // Every stage first (the memo then maps the references from jobs, task sets and links).
  // Fields added to stages later are copied too (stages of one shape share the list).
  let shapeKeys = -1;
  let extra: string[] = [];
  const migrates = sim.file.conf.decommission.enabled && sim.file.conf.decommission.storage;
  // The shared stages (most of a long run's) are not put in the memo: the run's list of stages is
  // planned here, and the walk reaches them through that list only (setting and finding them in the
  // memo was a third of a plan, and a sweep makes two plans per moment, issue #17); one reached
  // any other way is found by sharedStage.
  // A stage settled stays settled, and no task set of it is made again (nothing a continuation of
  // the run does writes it: the argument that lets a fork share it), so the stages an earlier plan
  // of this run shared, or that a snapshot shares with its run, are not scanned again (each
  // stage's running attempts: a fifth of a plan, over a list that grows with the run, issue #17).
  const { stageNodes } = plan;
  const earlier = sharedBefore.get(sim) ?? NO_NODES;
  const copied = stagesAtCopy.get(sim) ?? 0;
  for (let i = 0; i < sim.stages.length; i++) {
    const s = sim.stages[i];
    const known = (i < earlier.length && earlier[i] < 0) || (i < copied && !(s instanceof ForkedStage));
    stageNodes.push(known || (!migrates && !busy.has(s) && settled(sim, s)) ? -1 : walk.add(s, Kind.Stage));
  }
  const list = walk.add(sim.stages, Kind.Array);
  for (let i = 0; i < stageNodes.length; i++) {
    if (stageNodes[i] < 0) continue;
    plan.elemOwner.push(list);
    plan.elemIndex.push(i);
    plan.elemTarget.push(stageNodes[i]);
  }
  for (let i = 0; i < stageNodes.length; i++) {
    const n = stageNodes[i];
    if (n < 0) continue;
    const s = sim.stages[i];
    const keys = Object.keys(s);
    if (keys.length !== shapeKeys) {
      shapeKeys = keys.length;
      extra = keys.filter((k) => !KNOWN.has(k) && !k.startsWith('__'));
    }
    if (extra.length === 0) continue;
    plan.keys[n] = extra;
    for (const k of extra) {
      const x = (s as unknown as Record<string, unknown>)[k];
      if (isRef(x)) walk.ref(n, k, x);
    }
  }
  plan.root = walk.visit(sim);
  return plan;
}

/** A source object's node in a plan's memo when the fork shares it with its base. */
const SHARED_NODE = -1;

function isRef(x: unknown): boolean {
  return (typeof x === 'object' && x !== null) || typeof x === 'function';
}

/**
 * The walk that makes a plan: methods of one class, not closures made for each plan. A closure's
 * compiled code went with the plan's closures at the next full collection, and TurboFan compiled
 * the walk (its largest compile in a sweep) again every 20-25 warm sweeps (issue #17).
 */
class PlanWalk {
  readonly plan: ForkPlan;
  /** source object -> its node, or SHARED_NODE */
  readonly memo = new Map<unknown, number>();
  /** the copied references' nodes found by the readers of the objects on the walk's path (read) */
  readonly stack: number[] = [];

  constructor(readonly sim: Simulation) {
    this.plan = {
      at: new RunPoint(sim), srcs: [], kinds: [], keys: [], copiers: [], patched: [], patchers: [], patchAt: [], patchTargets: [],
      elemOwner: [], elemIndex: [], elemTarget: [], refOwner: [], refKey: [], refTarget: [], entries: [], entryNodes: [], values: [],
      stageNodes: [], root: -1, arenaBytes: ARENA_CHUNK, out: null,
    };
  }

  add(v: object, kind: Kind): number {
    const { plan, memo } = this;
    const n = plan.srcs.length;
    plan.srcs.push(v);
    plan.kinds.push(kind);
    plan.keys.push(null);
    plan.copiers.push(null);
    plan.entries.push(null);
    memo.set(v, n);
    return n;
  }

  ref(owner: number, key: string, x: unknown): void {
    const { plan } = this;
    const t = this.visit(x);
    if (t < 0) return;
    plan.refOwner.push(owner);
    plan.refKey.push(key);
    plan.refTarget.push(t);
  }

  elem(owner: number, index: number, x: unknown): void {
    const { plan } = this;
    const t = this.visit(x);
    if (t < 0) return;
    plan.elemOwner.push(owner);
    plan.elemIndex.push(index);
    plan.elemTarget.push(t);
  }

  entry(x: unknown): number {
    const { plan } = this;
    if (!isRef(x)) {
      plan.values.push(x);
      return -1 - (plan.values.length - 1);
    }
    const t = this.visit(x);
    if (t !== SHARED_NODE) return t;
    plan.values.push(x);
    return -1 - (plan.values.length - 1);
  }

  visit(v: unknown): number {
    const { plan, memo } = this;
    if (typeof v === 'function') throw new Error('cannot fork a run that holds a function');
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    if (v instanceof IntList || v instanceof NameIndex || v instanceof BlockList) return this.add(v, Kind.OnWrite); // copy on write
    if (v instanceof AttemptLog || v instanceof EventQueue) {
      plan.arenaBytes += v.cloneBytes();
      return this.add(v, Kind.Cloned); // its columns a region of the fork's arena
    }
    if (ArrayBuffer.isView(v)) {
      if (v.byteLength <= SMALL_TYPED) plan.arenaBytes += aligned(v.byteLength);
      return this.add(v, Kind.Typed);
    }
    if (Array.isArray(v)) {
      const n = this.add(v, Kind.Array);
      for (let i = 0; i < v.length; i++) if (isRef(v[i])) this.elem(n, i, v[i]);
      return n;
    }
    if (v instanceof Map) {
      let refs = false;
      for (const [k, x] of v) if (isRef(k) || isRef(x)) refs = true;
      if (!refs) return this.add(v, Kind.MapPlain);
      const n = this.add(v, Kind.MapRefs);
      const list: number[] = [];
      for (const [k, x] of v) list.push(this.entry(k), this.entry(x));
      plan.entries[n] = list;
      plan.entryNodes.push(n);
      return n;
    }
    if (v instanceof Set) {
      const n = this.add(v, Kind.Set);
      const list: number[] = [];
      for (const x of v) list.push(this.entry(x));
      plan.entries[n] = list;
      plan.entryNodes.push(n);
      return n;
    }
    const o = v as Record<string, unknown>;
    const shape = planReaders.on ? shapeOf(o) : null;
    if (shape === null ? isExecutor(o) : shape.executor) throw new Error("a run's state holds an executor outside the cluster's list");
    if ((shape === null || shape.stageLike) && this.sharedStage(o)) {
      memo.set(o, SHARED_NODE);
      return SHARED_NODE;
    }
    const n = this.add(o, Kind.Object);
    if (shape !== null && shape.read !== null) {
      plan.copiers[n] = shape.copier;
      return this.read(o, n, shape);
    }
    const copier = shape?.copier ?? copierFor(Object.getPrototypeOf(v), Object.keys(o));
    plan.copiers[n] = copier;
    let keys: string[] | null = null;
    let targets: number[] | null = null;
    for (const k in o) {
      const x = o[k];
      if (!isRef(x)) continue;
      const t = this.visit(x);
      if (t < 0) continue;
      (keys ??= []).push(k);
      (targets ??= []).push(t);
    }
    if (keys !== null) this.refs(n, patcherFor(copier, keys), keys, targets!, 0, keys.length);
    return n;
  }

  /**
   * Object node n's `count` copied references, their nodes at targets[from...]: pointed at the
   * copies by one patcher call, or with none for its fields (null), a named store each (`keys`).
   */
  refs(n: number, patcher: Patcher | null, keys: string[] | null, targets: number[], from: number, count: number): void {
    const { plan } = this;
    if (patcher === null) {
      for (let i = 0; i < count; i++) {
        plan.refOwner.push(n);
        plan.refKey.push(keys![i]);
        plan.refTarget.push(targets[from + i]);
      }
      return;
    }
    plan.patched.push(n);
    plan.patchers.push(patcher);
    plan.patchAt.push(plan.patchTargets.length);
    for (let i = 0; i < count; i++) plan.patchTargets.push(targets[from + i]);
  }

  /**
   * Object node n's fields read by its shape's reader, in `for in` order as the walk above: the
   * nodes of the copied references go on `stack` above those of the objects being read around it.
   */
  read(o: object, n: number, shape: Shape): number {
    const { stack } = this;
    const base = stack.length;
    const bits = shape.read!(o, this);
    if (bits === 0) return n;
    let patcher = shape.patchers.get(bits);
    if (patcher === undefined) shape.patchers.set(bits, (patcher = patcherFor(shape.copier, fieldsOf(shape.fields, bits))));
    this.refs(n, patcher, patcher === null ? fieldsOf(shape.fields, bits) : null, stack, base, stack.length - base);
    stack.length = base;
    return n;
  }

  /** A reader's field holding an object: true, with its node on the stack, if the fork copies it. */
  field(x: unknown): boolean {
    const t = this.visit(x);
    if (t < 0) return false;
    this.stack.push(t);
    return true;
  }

  sharedStage(o: object): boolean {
    const { sim } = this;
    if (!(o instanceof ForkedStage) && !(Object.getPrototypeOf(o) === Object.prototype && 'outputLoc' in o && 'numTasks' in o)) return false;
    const i = sim.stages.indexOf(o as Stage);
    return i >= 0 && this.plan.stageNodes[i] < 0;
  }
}

/**
 * A fork made by the plan: each node copied shallowly, then its references pointed at the copies.
 * `kept`: where each node's copy goes, kept by the caller (else the plan's `out`, emptied after).
 */
function follow(plan: ForkPlan, sim: Simulation, arena: Arena | null, kept: unknown[] | null = null): Simulation {
  const out = kept ?? (plan.out ??= new Array(plan.srcs.length));
  const { srcs, kinds, keys } = plan;
  const point = new ForkPoint(sim, plan.at, sim.stages, plan.stageNodes.length, plan.arenaBytes, arena);
  for (let n = 0; n < srcs.length; n++) {
    const v = srcs[n];
    switch (kinds[n]) {
      case Kind.Object:
        out[n] = plan.copiers[n]!(v);
        break;
      case Kind.Array: case Kind.Slice:
        out[n] = arrayConcat.call(v as unknown[]);
        break;
      case Kind.MapPlain:
        out[n] = new Map(v as Map<unknown, unknown>);
        break;
      case Kind.MapRefs:
        out[n] = new Map();
        break;
      case Kind.Set:
        out[n] = new Set();
        break;
      case Kind.Typed:
        out[n] = point.copy(v as Int32Array);
        break;
      case Kind.OnWrite:
        out[n] = (v as IntList | NameIndex | BlockList).forkCopy();
        break;
      case Kind.Cloned:
        out[n] = (v as AttemptLog | EventQueue).clone(point.arena);
        break;
      case Kind.Stage: {
        const c = new ForkedStage(v as Stage, point);
        out[n] = c;
        const ks = keys[n];
        if (ks !== null) for (const k of ks) c[k] = (v as unknown as Record<string, unknown>)[k];
        break;
      }
    }
  }
  const { patched, patchers, patchAt, patchTargets } = plan;
  for (let i = 0; i < patched.length; i++) patchers[i](out[patched[i]] as object, out, patchTargets, patchAt[i]);
  const { elemOwner, elemIndex, elemTarget } = plan;
  for (let r = 0; r < elemOwner.length; r++) (out[elemOwner[r]] as unknown[])[elemIndex[r]] = out[elemTarget[r]];
  const { refOwner, refKey, refTarget } = plan;
  for (let r = 0; r < refOwner.length; r++) (out[refOwner[r]] as Record<string, unknown>)[refKey[r]] = out[refTarget[r]];
  const fork = out[plan.root] as Simulation;
  point.stages = fork.stages;
  sim.cluster.sharedWith(fork.cluster);
  fork.cluster.arena = point.arena;
  // (the nodes with entries listed: a scan of every node, and a closure made for each with entries, issue #17)
  const { entryNodes, entries, values } = plan;
  for (let r = 0; r < entryNodes.length; r++) {
    const n = entryNodes[r];
    const list = entries[n]!;
    if (kinds[n] === Kind.Set) {
      const c = out[n] as Set<unknown>;
      for (let i = 0; i < list.length; i++) c.add(entryOf(list[i], out, values));
    } else {
      const c = out[n] as Map<unknown, unknown>;
      for (let i = 0; i < list.length; i += 2) c.set(entryOf(list[i], out, values), entryOf(list[i + 1], out, values));
    }
  }
  if (kept === null) for (let n = 0; n < out.length; n++) out[n] = undefined;
  return fork;
}

/** A Map or Set node's entry in a fork: a node's copy (>= 0) or a value (ForkPlan.values). */
function entryOf(e: number, out: unknown[], values: unknown[]): unknown {
  return e >= 0 ? out[e] : values[-1 - e];
}

/**
 * A stage of a job that has ended, with no attempt running: nothing a fork does writes to it (a
 * loss skips its outputs, dagScheduler/fetchFailure.ts; no later job shares it), so a fork shares it
 * with the base instead of making a forked stage of it. (Its caller also requires that no task set
 * of it is left and that no decommission can migrate its outputs, blockManagerDecommissioner.ts.)
 */
function settled(sim: Simulation, s: Stage): boolean {
  if (sim.jobs[s.job].end === null || !s.done) return false;
  const state = s.taskState;
  for (let i = 0; i < state.length; i++) if ((state[i] & TaskState.Running) !== 0) return false;
  return true;
}

/** An executor of the cluster's list (cluster.ts Executor), by its shape. */
function isExecutor(o: object): boolean {
  return Object.getPrototypeOf(o) === Object.prototype && 'lanes' in o && 'freeSlots' in o;
}

type Copier = (src: object) => object;

/** Off: every object's fields are walked by `for in` (the property test compares both). */
export const planReaders = { on: true };

/** Visits the reference fields of an object of one shape (PlanWalk.field); the bits of those copied. */
type Reader = (o: object, walk: PlanWalk) => number;

/**
 * What a plan's walk needs of one shape of object (prototype and own keys), found once per shape
 * for the process. (A `for in` with a keyed read per field at one site that met every shape, and
 * the copier and patcher found again by comparing key lists for each object, were most of a
 * plan's walk, issue #17.)
 */
interface Shape {
  readonly keys: string[];
  readonly copier: Copier;
  /** the keys `for in` gives, in its order: the own keys, then the prototypes' enumerable ones (ForkedStage's accessors) */
  readonly fields: string[];
  /** null: too many fields for a bit each, or a copier for no one shape (spread): the `for in` walk */
  readonly read: Reader | null;
  /** by the bits of the fields that hold copies */
  readonly patchers: Map<number, Patcher | null>;
  readonly executor: boolean;
  /** could be a stage (PlanWalk.sharedStage) */
  readonly stageLike: boolean;
}

const shapes = new Map<object | null, Shape[]>();
/** fields a reader's bits can tell apart (a double's integers) */
const MAX_READ_FIELDS = 53;

/** The shape of `o`, or null past MAX_SHAPES shapes of its prototype (an object used as a dictionary). */
function shapeOf(o: Record<string, unknown>): Shape | null {
  const proto = Object.getPrototypeOf(o) as object | null;
  const keys = Object.keys(o);
  let known = shapes.get(proto);
  if (known === undefined) shapes.set(proto, (known = []));
  for (let r = 0; r < known.length; r++) if (sameKeys(known[r].keys, keys)) return known[r];
  if (known.length >= MAX_SHAPES) return null;
  const copier = copierFor(proto, keys);
  const fields: string[] = [];
  for (const k in o) fields.push(k);
  const read = copier === spread || fields.length > MAX_READ_FIELDS ? null : readerFor(fields);
  const shape: Shape = {
    keys, copier, fields, read, patchers: new Map(), executor: isExecutor(o),
    stageLike: o instanceof ForkedStage || (proto === Object.prototype && 'outputLoc' in o && 'numTasks' in o),
  };
  known.push(shape);
  return shape;
}

function readerFor(fields: string[]): Reader {
  const body = fields.map((k, i) =>
    `x = o[${JSON.stringify(k)}]; if (typeof x === 'object' ? x !== null : typeof x === 'function') { if (w.field(x)) b += ${2 ** i}; }`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`return (o, w) => { let b = 0, x; ${body.join(' ')} return b; };`)() as Reader;
}

/** The fields of `bits`, in order. */
function fieldsOf(fields: string[], bits: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < fields.length; i++) if (Math.floor(bits / 2 ** i) % 2 === 1) out.push(fields[i]);
  return out;
}

/**
 * (called, not looked up on each array: the lookup met every kind of array, megamorphic. concat with
 * no argument gives the same copy, of the same elements kind, as slice: in 2/3 of slice's time at a
 * site that meets every kind, issue #17)
 */
const arrayConcat = Array.prototype.concat;

/** copiers by prototype and own keys: made once per shape for the process */
const copiers = new Map<object | null, Map<string, Copier>>();
const MAX_COPIER_KEYS = 100;
const MAX_SHAPES = 256;
/** (keeps the copy's properties fast, unlike keyed writes; slower than a copier) */
const spread: Copier = (src) => Object.setPrototypeOf({ ...src }, Object.getPrototypeOf(src));

/**
 * A shallow copy of an object of one shape (prototype and own keys in order): a function made for
 * that shape, so that its reads and writes are monomorphic and named. A spread or an
 * `Object.create` with keyed writes in one place sees every shape of the run: it is slow, and keyed
 * writes of a class instance's many fields turned the copies (the forked Simulation, its task set
 * managers) into dictionary-mode objects, which made the engine's code megamorphic for the forks
 * and for every later run in the process.
 */
function copierFor(proto: object | null, keys: string[]): Copier {
  // the shapes met last for this prototype, compared key by key (Object.keys gives the same
  // internalized strings): a plan meets each shape many times (64 executors), and joining the
  // keys into a signature for every object was a fifth of a plan (issue #17)
  let recent = recentShapes.get(proto);
  if (recent === undefined) recentShapes.set(proto, (recent = []));
  for (let r = 0; r < recent.length; r++) if (sameKeys(recent[r].keys, keys)) return recent[r].copier;
  const copier = copierBySignature(proto, keys);
  if (recent.length >= RECENT_SHAPES) recent.pop();
  recent.unshift({ keys, copier });
  return copier;
}

const RECENT_SHAPES = 8;
const recentShapes = new Map<object | null, { keys: string[]; copier: Copier }[]>();

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function copierBySignature(proto: object | null, keys: string[]): Copier {
  let byKeys = copiers.get(proto);
  if (byKeys === undefined) copiers.set(proto, (byKeys = new Map()));
  // an object used as a dictionary (many or ever-new keys) gets no function of its own
  if (keys.length > MAX_COPIER_KEYS || byKeys.size >= MAX_SHAPES) return spread;
  const sig = keys.join('\u0000');
  let c = byKeys.get(sig);
  if (c === undefined) {
    const q = keys.map((k) => JSON.stringify(k));
    // A class instance through a constructor of its own whose prototype is the class's: V8 sizes
    // the object for every field at once. `Object.create` and a write per field grew the fields'
    // backing store three fields at a time, a new store each time (a task set manager has 42
    // fields): a ninth of a sweep's allocation (issue #17). (A null prototype stays with
    // Object.create: `new` would give the copy Object.prototype.)
    const body = proto === Object.prototype && !keys.includes('__proto__')
      ? `return (s) => ({ ${q.map((k) => `${k}: s[${k}]`).join(', ')} });`
      : keys.includes('__proto__') || proto === null
        ? `return (s) => { const c = Object.create(P); ${q.map((k) => `c[${k}] = s[${k}];`).join(' ')} return c; };`
        : `function Copy(s) { ${q.map((k) => `this[${k}] = s[${k}];`).join(' ')} } Copy.prototype = P; return (s) => new Copy(s);`;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    c = new Function('P', body)(proto) as Copier;
    byKeys.set(sig, c);
  }
  return c;
}

/** Points an object's fields at copies: `o[keys[i]] = out[targets[at + i]]`, by name. */
type Patcher = (o: object, out: unknown[], targets: number[], at: number) => void;

/** the patchers of each copier's objects, by the keys that point at copies, the last met first */
const patchersOf = new WeakMap<Copier, { keys: string[]; patcher: Patcher }[]>();
const MAX_PATCHERS = 16;

/**
 * A patcher of `keys` for the objects of `copier`'s shape, or null when that shape has met too many
 * sets of keys (an object used as a dictionary): keyed stores then.
 */
function patcherFor(copier: Copier, keys: string[]): Patcher | null {
  if (copier === spread) return null;
  let recent = patchersOf.get(copier);
  if (recent === undefined) patchersOf.set(copier, (recent = []));
  for (let r = 0; r < recent.length; r++) if (sameKeys(recent[r].keys, keys)) return recent[r].patcher;
  if (recent.length >= MAX_PATCHERS) return null;
  const body = keys.map((k, i) => `o[${JSON.stringify(k)}] = out[t[at + ${i}]];`).join(' ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const patcher = new Function(`return (o, out, t, at) => { ${body} };`)() as Patcher;
  recent.unshift({ keys, patcher });
  return patcher;
}

/** The task set manager's fields a plan shares (read by name: a read by key from a list of names met every key, megamorphic, issue #17). */
interface TaskSetArrays {
  prefStart: object | null;
  prefData: object | null;
  flags: object | null;
  partitions: object | null;
  racksAtStart: object | null;
  myLocalityLevels: object | null;
  localityWaits: object | null;
  waits: object | null;
  forExecutor: PendingLists;
  forHost: PendingLists;
  forRack: PendingLists;
}

function shareTaskSetArrays(tsm: object, memo: Map<unknown, number>, shared: number): void {
  const t = tsm as TaskSetArrays;
  // prefStart, prefData, flags, partitions, racksAtStart: built once per task set, never written
  // after; the levels' arrays are replaced, never written (setLevels); the locality waits are read only
  if (t.prefStart !== null) memo.set(t.prefStart, shared);
  if (t.prefData !== null) memo.set(t.prefData, shared);
  if (t.flags !== null) memo.set(t.flags, shared);
  if (t.partitions !== null) memo.set(t.partitions, shared);
  if (t.racksAtStart !== null) memo.set(t.racksAtStart, shared);
  if (t.myLocalityLevels !== null) memo.set(t.myLocalityLevels, shared);
  if (t.localityWaits !== null) memo.set(t.localityWaits, shared);
  if (t.waits !== null) memo.set(t.waits, shared);
  // the buffers of lists not made yet (PendingLists.sized, share): never written
  shareUnmade(t.forExecutor, memo, shared);
  shareUnmade(t.forHost, memo, shared);
  // the lists of a level with no key: shared copy on write
  if (t.forExecutor.shareIfEmpty()) memo.set(t.forExecutor.lists, shared);
  if (t.forHost.shareIfEmpty()) memo.set(t.forHost.lists, shared);
  if (t.forRack.shareIfEmpty()) memo.set(t.forRack.lists, shared);
}

function shareUnmade(lists: PendingLists, memo: Map<unknown, number>, shared: number): void {
  if (lists.from !== null) memo.set(lists.from, shared);
  if (lists.gaps !== null) {
    memo.set(lists.gaps, shared);
    lists.gapsShared = true;
  }
  memo.set(lists.fromAt, shared);
}
