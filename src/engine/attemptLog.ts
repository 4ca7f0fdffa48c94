// Every task attempt of a run, stored column-wise (typed arrays) so a million attempts cost
// tens of bytes each instead of an object apiece; result objects are built only on output.
// The columns are views into one buffer: one allocation when the log grows or a fork copies it.
import { aligned, type Arena } from './arena';
import type { Simulation } from './simulation';

export const enum Status {
  Running = 0,
  Success = 1,
  Lost = 2,
  Failed = 3,
  Killed = 4,
}
export const STATUS_NAMES = ['running', 'success', 'lost', 'failed', 'killed'] as const;

/** bytes per attempt over all columns */
const BYTES = 3 * 8 + 4 * 4 + 2 + 2 + 3;

/** What copyFrom reads of a log */
export type Columns = Pick<AttemptLog, 'length' | 'readyAt' | 'launch' | 'end' | 'stage' | 'task' | 'attempt' | 'exec' |
  'lane' | 'stageAttempt' | 'locality' | 'status' | 'flags'>;

/** The bytes of `n` attempts' columns, rounded up to 8 (a stats log's own columns follow, statsLog.ts). */
export const attemptBytes = (n: number): number => aligned(n * BYTES);

export class AttemptLog {
  length = 0;
  /** a stats log (statsLog.ts): attempt ids are recycled and only recovery-relevant ones kept */
  readonly compact: boolean = false;
  /** launches per locality level, and the levels in the order of their first launch (the result's key order) */
  localityCounts = new Float64Array(8);
  localityOrder: number[] = [];
  readyAt!: Float64Array;
  launch!: Float64Array;
  end!: Float64Array;
  stage!: Int32Array; // index into the run's stage list
  task!: Int32Array; // partition index
  attempt!: Int32Array;
  exec!: Int32Array;
  lane!: Int16Array;
  /** the stage attempt (task set) it belongs to; `attempt` counts within it (TaskSetManager.taskAttempts) */
  stageAttempt!: Uint16Array;
  locality!: Uint8Array;
  status!: Uint8Array;
  flags!: Uint8Array; // 1 recovery, 2 reserved slot, 4 fails (a lost block), 8 reloads a state store, 16 FetchFailed

  /** `arena`: the columns a region of it (a fork's copy, fork.ts), not a buffer of their own */
  constructor(capacity = 256, arena: Arena | null = null) {
    this.allocate(capacity, arena);
  }

  add(stage: number, task: number, stageAttempt: number, attempt: number, exec: number, lane: number, readyAt: number,
    launch: number, end: number, locality: number, flags: number): number {
    const i = this.slot();
    this.stage[i] = stage;
    this.task[i] = task;
    this.attempt[i] = attempt;
    this.stageAttempt[i] = stageAttempt;
    this.exec[i] = exec;
    this.lane[i] = lane;
    this.readyAt[i] = readyAt;
    this.launch[i] = launch;
    this.end[i] = end;
    this.locality[i] = locality;
    this.status[i] = Status.Running;
    this.flags[i] = flags;
    if (this.localityCounts[locality]++ === 0) this.localityOrder.push(locality);
    return i;
  }

  /** The index of a new attempt. */
  protected slot(): number {
    if (this.length === this.stage.length) this.resize(this.stage.length * 2);
    return this.length++;
  }

  /**
   * The log in launch order, ready for the result (the stats log compacts itself here, leaving out
   * the attempts launched before `from`; the run is over).
   */
  settle(_from = -Infinity): void {}

  // What a stats log (statsLog.ts) is told of the run, in the run's own words; the full log keeps
  // every attempt and needs none of it (the run calls these only when `compact` is set).
  /** a TaskEnd event of attempt `a` was queued */
  queued(_a: number): void {}
  /** a TaskEnd event of attempt `a` was handled */
  popped(_a: number): void {}
  /** attempt `a` ended other than at its TaskEnd */
  retire(_a: number): void {}
  /** the instant closes */
  flush(_sim: Simulation): void {}

  /** Takes the columns of `o` (same layout) as its own. */
  protected adopt(o: AttemptLog): void {
    this.length = o.length;
    this.readyAt = o.readyAt;
    this.launch = o.launch;
    this.end = o.end;
    this.stage = o.stage;
    this.task = o.task;
    this.attempt = o.attempt;
    this.exec = o.exec;
    this.lane = o.lane;
    this.stageAttempt = o.stageAttempt;
    this.locality = o.locality;
    this.status = o.status;
    this.flags = o.flags;
  }

  /** Appends attempt `a` of `from` (all its columns). */
  copyAttempt(from: AttemptLog, a: number): number {
    // (AttemptLog's slot() written out: a stats log's kept attempts and its settled log are plain
    // logs, and their first copy through slot() met its compiled code, which had seen the stats
    // log's map alone, and sent it back to the interpreter, issue #17)
    if (this.length === this.stage.length) this.resize(this.stage.length * 2);
    const i = this.length++;
    this.readyAt[i] = from.readyAt[a];
    this.launch[i] = from.launch[a];
    this.end[i] = from.end[a];
    this.stage[i] = from.stage[a];
    this.task[i] = from.task[a];
    this.attempt[i] = from.attempt[a];
    this.exec[i] = from.exec[a];
    this.lane[i] = from.lane[a];
    this.stageAttempt[i] = from.stageAttempt[a];
    this.locality[i] = from.locality[a];
    this.status[i] = from.status[a];
    this.flags[i] = from.flags[a];
    return i;
  }

  /**
   * Room for `n` attempts now, and an eighth more for the re-runs of faults, so a run whose task
   * count is known does not copy its columns as it grows. (Not the next power of two: a new
   * buffer is zeroed whole, and a query run's 0.66x unused was 4.7 MB to clear a run, issue #17.)
   */
  reserve(n: number): void {
    if (n <= this.stage.length) return;
    this.resize(n + (n >> 3));
  }

  /**
   * A copy for a fork, with room for `room` more attempts (made by the constructor: the same hidden
   * class as the base's; it grows as the log does beyond that). With the base's capacity when that
   * has the room and is not far above it: the columns, views of one buffer laid out by capacity,
   * are then copied as one block. A copy per column through a view of its first `length` entries
   * made two dozen typed arrays per fork, and a stats log's copy (a few dozen attempts) took 4-13 us
   * of a sweep's 25-45 us fork (issue #17).
   */
  clone(arena: Arena | null = null, room = Math.max(256, this.length >> 3)): this {
    const capacity = this.cloneCapacity(room);
    const c = new (this.constructor as new (capacity: number, arena: Arena | null) => this)(capacity, arena);
    c.length = this.length;
    if (capacity === this.stage.length) c.region().set(this.region());
    else c.copyFrom(this);
    c.localityCounts.set(this.localityCounts);
    c.localityOrder = this.localityOrder.slice();
    return c;
  }

  /** The bytes a clone() into an arena takes (at most). */
  cloneBytes(room = Math.max(256, this.length >> 3)): number {
    return aligned(this.columnBytes(this.cloneCapacity(room)));
  }

  /** A clone's capacity: the base's when it has `room` more and is not far above that (one block copied), else just that. */
  private cloneCapacity(room: number): number {
    const want = this.length + room;
    return this.stage.length >= want && this.stage.length <= 2 * want ? this.stage.length : want;
  }

  /** The bytes of every column (the region the first one starts). */
  private region(): Uint8Array {
    return new Uint8Array(this.readyAt.buffer, this.readyAt.byteOffset, this.columnBytes(this.stage.length));
  }

  protected resize(capacity: number): void {
    const old = { ...this };
    this.allocate(capacity);
    this.copyFrom(old);
  }

  protected allocate(n: number, arena: Arena | null = null): void {
    const bytes = this.columnBytes(n);
    let buf: ArrayBuffer;
    let at = 0;
    if (arena === null) buf = new ArrayBuffer(bytes);
    else {
      at = arena.take(bytes);
      buf = arena.buffer!;
    }
    this.layOut(buf, at, n);
  }

  /** The bytes of `n` attempts' columns. */
  protected columnBytes(n: number): number {
    return n * BYTES;
  }

  /** The columns of `n` attempts in `buf` from `at` (8-byte aligned). */
  protected layOut(buf: ArrayBuffer, at: number, n: number): void {
    const f64 = () => new Float64Array(buf, (at += 8 * n) - 8 * n, n);
    const i32 = () => new Int32Array(buf, (at += 4 * n) - 4 * n, n);
    const u8 = () => new Uint8Array(buf, (at += n) - n, n);
    this.readyAt = f64();
    this.launch = f64();
    this.end = f64();
    this.stage = i32();
    this.task = i32();
    this.attempt = i32();
    this.exec = i32();
    this.lane = new Int16Array(buf, (at += 2 * n) - 2 * n, n);
    this.stageAttempt = new Uint16Array(buf, (at += 2 * n) - 2 * n, n);
    this.locality = u8();
    this.status = u8();
    this.flags = u8();
  }

  protected copyFrom(o: Columns): void {
    const n = o.length;
    this.readyAt.set(o.readyAt.subarray(0, n));
    this.launch.set(o.launch.subarray(0, n));
    this.end.set(o.end.subarray(0, n));
    this.stage.set(o.stage.subarray(0, n));
    this.task.set(o.task.subarray(0, n));
    this.attempt.set(o.attempt.subarray(0, n));
    this.exec.set(o.exec.subarray(0, n));
    this.lane.set(o.lane.subarray(0, n));
    this.stageAttempt.set(o.stageAttempt.subarray(0, n));
    this.locality.set(o.locality.subarray(0, n));
    this.status.set(o.status.subarray(0, n));
    this.flags.set(o.flags.subarray(0, n));
  }
}
