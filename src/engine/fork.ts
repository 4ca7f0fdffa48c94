// Forking a paused run: the sweep simulates the fault-free run once and, at each fault moment,
// continues a copy with the fault injected, instead of simulating every fault from time zero.
//
// A fork is a deep copy of the run's state graph (shared references and cycles kept, each
// object with its own prototype), made by hand rather than with structuredClone so that it
// copies only what a fork can change:
// - the file, the executors' specs, the received blocks (replaced, never changed) and the
//   tasks' durations, inputs and preferences are immutable: shared with the base;
// - a stage's per-partition state (outputs, running attempts, counters...) is copied on first
//   access: a fork runs only until its fault has recovered and touches few stages of a long run.
//   Those lazy copies read the base, so a fork must be run (or its stages read) before its base
//   moves on; a lazy copy taken after that throws instead of reading the base's new state.
// Everything else (the event queue, the attempt log, executors, task set managers, faults...) is
// copied, so fields added to the engine later are forked without changes here.
import { AttemptLog } from './attemptLog';
import { EventQueue } from './eventQueue';
import { IntList } from './intList';
import type { Simulation } from './simulation';
import type { Stage } from './workload';

/** Stage fields that a run mutates element-wise: copied on first access in a fork. */
const LAZY = ['outputLoc', 'successful', 'running', 'attempts', 'failures', 'recoveryFault', 'readyAt', 'outputAttempt'] as const;
/** Stage fields a run never writes (shared) or only assigns (copied as values). */
// `source` (a streaming stage's block or Kafka partition per task) is built once, like the preferences.
const SHARED = ['duration', 'input', 'prefStart', 'prefData', 'ownPrefStart', 'ownPrefData', 'source'] as const;
const SCALARS = ['id', 'job', 'name', 'fullName', 'numTasks', 'submitted', 'done', 'numSuccessful',
  'kind', 'batch', 'prefsAtSubmit', 'submitDelay', 'delayed', 'stageAttempt', 'failedAttempts', 'lastFailedAttempt', 'lostAt'] as const;
/** parents and children: the fork's stages, mapped on first access */
const LINKS = ['parents', 'children'] as const;
const KNOWN = new Set<string>([...LAZY, ...SHARED, ...SCALARS, ...LINKS]);

/** The base's state at the fork: a lazy copy is valid only while the base is still there. */
class ForkPoint {
  private readonly events: number;
  private readonly now: number;
  private readonly queued: number;
  private readonly attempts: number;
  private readonly faults: number;

  constructor(private readonly base: Simulation, readonly stageOf: Map<unknown, unknown>) {
    this.events = base.events;
    this.now = base.now;
    this.queued = base.queue.length;
    this.attempts = base.log.length;
    this.faults = base.faults.length;
  }

  /** bump allocator for the fork's copies of small typed arrays: a view, not an ArrayBuffer each */
  private arena: ArrayBuffer | null = null;
  private used = 0;

  /** A copy of `a` (same type and length) in the fork's arena. */
  copy<T extends Int32Array | Uint8Array | Uint16Array | Int16Array | Float64Array>(a: T): T {
    const bytes = a.byteLength;
    if (bytes > 4096) return a.slice() as T;
    let at = (this.used + 7) & ~7;
    if (this.arena === null || at + bytes > this.arena.byteLength) {
      this.arena = new ArrayBuffer(65536);
      at = 0;
    }
    this.used = at + bytes;
    const c = new (a.constructor as new (b: ArrayBuffer, o: number, n: number) => T)(this.arena, at, a.length);
    c.set(a);
    return c;
  }

  check(): void {
    const b = this.base;
    if (b.events !== this.events || b.now !== this.now || b.queue.length !== this.queued || b.log.length !== this.attempts ||
      b.faults.length !== this.faults) {
      throw new Error('a forked run was used after its base run moved on: run forks before advancing the base');
    }
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
    this.__src = src;
    this.__point = point;
    this.__parents = null;
    this.__children = null;
    this.__outputLoc = null;
    this.__successful = null;
    this.__running = null;
    this.__attempts = null;
    this.__failures = null;
    this.__recoveryFault = null;
    this.__readyAt = null;
    this.__outputAttempt = null;
  }
}
for (const k of LAZY) {
  const own = `__${k}`;
  Object.defineProperty(ForkedStage.prototype, k, {
    get(this: ForkedStage) {
      let a = this[own] as Stage[typeof k] | null;
      if (a === null) {
        (this.__point as ForkPoint).check();
        a = (this.__point as ForkPoint).copy((this.__src as Stage)[k]);
        this[own] = a;
      }
      return a;
    },
    set(this: ForkedStage, v: unknown) {
      this[own] = v;
    },
    enumerable: true,
  });
}
for (const k of LINKS) {
  const own = `__${k}`;
  Object.defineProperty(ForkedStage.prototype, k, {
    get(this: ForkedStage) {
      let a = this[own] as Stage[] | null;
      if (a === null) {
        const map = (this.__point as ForkPoint).stageOf;
        a = (this.__src as Stage)[k].map((s) => map.get(s) as Stage);
        this[own] = a;
      }
      return a;
    },
    set(this: ForkedStage, v: unknown) {
      this[own] = v;
    },
    enumerable: true,
  });
}

export function forkSimulation(sim: Simulation): Simulation {
  const memo = new Map<unknown, unknown>();
  const point = new ForkPoint(sim, memo);
  // Immutable: shared.
  memo.set(sim.file, sim.file);
  for (const e of sim.cluster.executors) memo.set(e.spec, e.spec);
  for (const tsm of sim.scheduler.taskSets) shareTaskSetArrays(tsm, memo);
  for (const tsm of sim.activeTaskSets()) shareTaskSetArrays(tsm, memo);
  // received blocks are replaced, never changed (streaming/blockGenerator.ts): only their list is copied
  if (sim.streaming) memo.set(sim.streaming.blocks, sim.streaming.blocks.slice());

  const clone = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'function') throw new Error('cannot fork a run that holds a function');
      return v;
    }
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    if (v instanceof IntList || v instanceof AttemptLog || v instanceof EventQueue) {
      // copy on write (IntList) or one allocation for all columns
      const c = v instanceof IntList ? v.forkCopy() : v.clone();
      memo.set(v, c);
      return c;
    }
    if (ArrayBuffer.isView(v)) {
      const c = point.copy(v as unknown as Int32Array);
      memo.set(v, c);
      return c;
    }
    if (Array.isArray(v)) {
      let refs = false;
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if ((typeof x === 'object' && x !== null) || typeof x === 'function') {
          refs = true;
          break;
        }
      }
      const c: unknown[] = v.slice();
      memo.set(v, c);
      if (refs) {
        for (let i = 0; i < c.length; i++) {
          const x = c[i];
          if ((typeof x === 'object' && x !== null) || typeof x === 'function') c[i] = clone(x);
        }
      }
      return c;
    }
    if (v instanceof Map) {
      let refs = false;
      for (const [k, x] of v) {
        if (typeof k === 'object' || typeof x === 'object' || typeof k === 'function' || typeof x === 'function') {
          refs = true;
          break;
        }
      }
      const c = refs ? new Map() : new Map(v);
      memo.set(v, c);
      if (refs) for (const [k, x] of v) c.set(clone(k), clone(x));
      return c;
    }
    if (v instanceof Set) {
      const c = new Set();
      memo.set(v, c);
      for (const x of v) c.add(clone(x));
      return c;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype) {
      // a plain object: spread keeps its hidden class (the engine's code stays monomorphic)
      const c = { ...(v as Record<string, unknown>) };
      memo.set(v, c);
      for (const k in c) {
        const x = c[k];
        if ((typeof x === 'object' && x !== null) || typeof x === 'function') c[k] = clone(x);
      }
      return c;
    }
    const c = Object.create(proto) as Record<string, unknown>;
    memo.set(v, c);
    const src = v as Record<string, unknown>;
    const keys = Object.keys(src);
    for (let i = 0; i < keys.length; i++) {
      const x = src[keys[i]];
      c[keys[i]] = (typeof x === 'object' && x !== null) || typeof x === 'function' ? clone(x) : x;
    }
    return c;
  };

  // Every stage first (the memo then maps the references from jobs, task sets and links).
  const stages = sim.stages;
  // Fields added to stages later are copied too (stages of one shape share the list).
  let shapeKeys = -1;
  let extra: string[] = [];
  for (const s of stages) memo.set(s, new ForkedStage(s, point));
  for (const s of stages) {
    const keys = Object.keys(s);
    if (keys.length !== shapeKeys) {
      shapeKeys = keys.length;
      extra = keys.filter((k) => !KNOWN.has(k) && !k.startsWith('__'));
    }
    const c = memo.get(s) as ForkedStage;
    for (const k of extra) c[k] = clone((s as unknown as Record<string, unknown>)[k]);
  }

  return clone(sim) as Simulation;
}

function shareTaskSetArrays(tsm: object, memo: Map<unknown, unknown>): void {
  const t = tsm as Record<string, unknown>;
  // prefStart, prefData, flags, partitions: built once per task set, never written after
  for (const k of ['prefStart', 'prefData', 'flags', 'partitions']) memo.set(t[k], t[k]);
}
