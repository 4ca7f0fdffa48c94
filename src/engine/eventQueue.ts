// The discrete-event core (after SimPy's `core.py`): an integer-millisecond clock and a binary
// heap ordered by (time, priority, sequence). Ties are never left to the heap: events at the
// same time run in priority order, then in the order they were scheduled.
import { aligned, type Arena } from './arena';

export const enum EventKind {
  TaskEnd = 0, // StatusUpdate from an executor: frees its slot first
  Fault = 1, // an executor crashes or hangs
  ExecutorLost = 2, // the driver notices the loss (RPC disconnect or heartbeat expiry)
  ExecutorRegistered = 3, // RegisterExecutor (start, joinAt, replacement)
  StageResubmit = 4, // DAGScheduler.resubmitFailedStages after RESUBMIT_TIMEOUT
  JobSubmit = 5,
  ReviveTick = 6, // CoarseGrainedSchedulerBackend's periodic ReviveOffers
  StreamingStart = 7, // ssc.start(): the ReceiverTracker launches the receivers
  GenerateJobs = 8, // JobGenerator's timer: a batch time
  BlockTick = 9, // BlockGenerator's timer: receivers seal a block
  QueryTrigger = 10, // a query's ProcessingTimeExecutor: the next micro-batch
  QuerySubmit = 11, // a micro-batch's job, after the driver's overhead
  ExecutorRelease = 12, // an executor released without a fault (`leaveAt`, dynamic allocation)
  SpeculationTick = 13, // TaskSchedulerImpl's speculation thread: checkSpeculatableTasks
  ExecutorAllocated = 14, // an executor dynamic allocation asked for registers (unless cancelled)
  AllocationTick = 15, // ExecutorAllocationManager.schedule, every 100 ms
  Decommission = 16, // a decommissioning executor's kill, exit check, migration round or upload (decommission.ts)
}

/** 2^40: a key is kind * PRIORITY + sequence number (sequences stay below 2^40). */
const PRIORITY = 1099511627776;

/** the calendar's window: TaskEnd events less than this many ms after the last popped time */
const WINDOW = 4096;
const MASK = WINDOW - 1;
/**
 * pending events at which the calendar starts (a small heap is cheaper than the calendar's
 * arrays, 41 kB that a fork copies): a stateful query keeps about 200 pending, whose heap's
 * sift-down and sift-up were a sixth of its run (issue #17); the bench's streaming file at most 65
 */
const CALENDAR_FROM = 128;

/** the calendar's arrays before it starts (never written) */
const NO_SLOTS = new Int32Array(0);
const NO_BITS = new Uint32Array(0);

/**
 * A flat binary heap of events ordered by (time, key), in three typed arrays (time, key, arg),
 * and beside it, once many events are pending, a calendar for the one kind that makes up nearly
 * all of them: a TaskEnd at a whole-ms time less than WINDOW ms ahead goes into that
 * millisecond's slot, a first-in first-out list. The heap was measured against a time-bucket
 * queue, cold; the calendar takes most pops and pushes off the heap, whose sift-down over the
 * in-flight tasks was the engine's largest single cost (issue #17).
 *
 * The pop order is the same strict total order: time, then priority, then scheduling order.
 * Within a slot the TaskEnds are in scheduling order. At equal times a TaskEnd comes before any
 * other kind (the lowest priority number), and a TaskEnd still in the heap before those in the
 * slot: it went to the heap because its time was a window or more ahead when it was scheduled,
 * and the window only moves forward, so it was scheduled before any TaskEnd of that time could
 * go to the slot.
 */
export class EventQueue {
  private time: Float64Array;
  private key: Float64Array;
  private arg: Int32Array;
  /** events in the heap */
  private heapSize = 0;
  private seq = 0;
  /** the last popped event's arg and time */
  lastArg = 0;
  lastTime = 0;
  /** the calendar (null until CALENDAR_FROM events are pending): per slot its first and last node, -1 if empty */
  private first: Int32Array | null = null;
  // (empty until the calendar starts, but fields from the constructor on: added at its start, they
  // gave the queue a new map mid-run, and the heap's compiled pop, which met the old one, was
  // thrown away, issue #17)
  private last = NO_SLOTS;
  /** a bit per slot: not empty */
  private busy = NO_BITS;
  /** nodes: an event's arg and the next node of its slot (free nodes: the next free one) */
  private nodeArg = NO_SLOTS;
  private nodeNext = NO_SLOTS;
  private freeNode = -1;
  private calSize = 0;
  /** the calendar's events are at times in [from, from + WINDOW): the latest popped time */
  private from = 0;
  /** the earliest calendar time when known, else -1 (the earliest is then at or after `scan` and `from`) */
  private calNext = -1;
  /** (a double from the start: the calendar's start made it one, a new map for the queue mid-run) */
  private scan = -0;

  /** `arena`: the columns regions of it (a fork's copy, fork.ts), not three buffers of their own */
  constructor(capacity = 1024, arena: Arena | null = null) {
    if (arena === null) {
      this.time = new Float64Array(capacity);
      this.key = new Float64Array(capacity);
      this.arg = new Int32Array(capacity);
    } else {
      // (one region: a region taken may start a new chunk, and the views name the chunk after it)
      const at = arena.take(20 * capacity);
      const buf = arena.buffer!;
      this.time = new Float64Array(buf, at, capacity);
      this.key = new Float64Array(buf, at + 8 * capacity, capacity);
      this.arg = new Int32Array(buf, at + 16 * capacity, capacity);
    }
  }

  get length(): number {
    return this.heapSize + this.calSize;
  }

  push(time: number, kind: EventKind, arg = 0): void {
    // (a calendar event takes no sequence number: only the heap's ties are ordered by it, and its
    // order stays the scheduling order; a call's boolean compared as one, issue #17)
    if (kind === EventKind.TaskEnd && this.calendarTakes(time, arg) === true) return;
    const k = kind * PRIORITY + this.seq++;
    if (this.heapSize === this.time.length) this.grow();
    const T = this.time;
    const K = this.key;
    const A = this.arg;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p];
      if (tp < time || (tp === time && K[p] < k)) break;
      T[i] = tp;
      K[i] = K[p];
      A[i] = A[p];
      i = p;
    }
    T[i] = time;
    K[i] = k;
    A[i] = arg;
  }

  /**
   * The first event's time. A whole number of ms in int32 range comes back as a small integer:
   * a value read from the Float64Array is a boxed double, and the run stores the time into
   * object fields (an executor's lastFreed, a stage's lostAt, ...) that start as small
   * integers; a boxed double there changes the field's representation, and so the map of every
   * such object, mid-run, which deoptimizes the code that reads them (issue #17).
   */
  peekTime(): number {
    const c = this.calSize > 0 ? this.calTime() : Infinity;
    if (this.heapSize === 0 || c < this.time[0]) return c;
    const t = this.time[0];
    return t === (t | 0) ? t | 0 : t;
  }

  peekKind(): EventKind {
    if (this.fromCalendar()) return EventKind.TaskEnd;
    return this.heapSize > 0 ? (Math.floor(this.key[0] / PRIORITY) as EventKind) : EventKind.TaskEnd;
  }

  /** Pops the first event; returns its kind and stores its arg in `lastArg`, its time in `lastTime`. */
  pop(): EventKind {
    if (this.calSize > 0) {
      // (fromCalendar, with the calendar's time kept for calPop: V8 inlines calPop here then, issue #17)
      const c = this.calTime();
      if (this.calFirst(c)) return this.calPop(c);
    }
    return this.heapPop();
  }

  /**
   * pop from the heap. A method of its own: the executors' registrations at a run's start, a
   * thousand events in the heap, made pop hot on the sift-down's loop before the calendar's first
   * pop, and V8 compiled it with no calendar path, to throw it away and compile it again once the
   * calendar ran (issue #17). Now pop is compiled once, after that, and this loop alone before.
   */
  private heapPop(): EventKind {
    const T = this.time;
    const K = this.key;
    const A = this.arg;
    const kind = Math.floor(K[0] / PRIORITY) as EventKind;
    this.lastArg = A[0];
    const t0 = T[0];
    this.lastTime = t0;
    if (t0 > this.from) this.from = t0;
    const n = --this.heapSize;
    const t = T[n];
    const k = K[n];
    const a = A[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && K[r] < K[c]))) c = r;
      const tc = T[c];
      if (t < tc || (t === tc && k < K[c])) break;
      T[i] = tc;
      K[i] = K[c];
      A[i] = A[c];
      i = c;
    }
    T[i] = t;
    K[i] = k;
    A[i] = a;
    return kind;
  }

  /** Whether the next event is the calendar's (see the class comment for ties). */
  private fromCalendar(): boolean {
    return this.calSize > 0 && this.calFirst(this.calTime());
  }

  /** The calendar's earliest event, at `c`, comes before the heap's first. */
  private calFirst(c: number): boolean {
    if (this.heapSize === 0) return true;
    const h = this.time[0];
    return c < h || (c === h && this.key[0] >= PRIORITY);
  }

  /**
   * Puts a TaskEnd into the calendar if it belongs there (see the class comment); starts the
   * calendar once the heap is large. The calendar's push is written here, not in a method of its
   * own: V8 compiled that method alone (it got hot while this one still ran in the interpreter)
   * and again inlined here, two compiles of the same code, and four with the recompiles after the
   * calendar's first pop (startCalendar's free node: issue #17).
   */
  private calendarTakes(time: number, arg: number): boolean {
    if (this.first === null) {
      if (this.heapSize >= CALENDAR_FROM) this.startCalendar();
      return false;
    }
    if (time < this.from || time - this.from >= WINDOW || time !== Math.floor(time)) return false;
    let n = this.freeNode;
    if (n >= 0) this.freeNode = this.nodeNext[n];
    else {
      n = this.calSize;
      if (n === this.nodeArg.length) this.growNodes();
    }
    // (the free list is empty only when every node is in use: then the nodes in use are 0..calSize-1)
    this.nodeArg[n] = arg;
    this.nodeNext[n] = -1;
    const s = time & MASK;
    const first = this.first;
    if (first[s] < 0) {
      first[s] = n;
      this.busy[s >> 5] |= 1 << (s & 31);
      // (unknown earliest: it is at or after `scan`)
      // (both read: `scan` is first needed after a slot empties, a path the first compile lacked)
      const next = this.calNext;
      const scan = this.scan;
      if (this.calSize === 0 || time < (next >= 0 ? next : scan)) {
        this.calNext = time;
        this.scan = time;
      }
    } else this.nodeNext[this.last[s]] = n;
    this.last[s] = n;
    this.calSize++;
    return true;
  }

  private startCalendar(): void {
    this.first = new Int32Array(WINDOW).fill(-1);
    this.last = new Int32Array(WINDOW);
    this.busy = new Uint32Array(WINDOW >> 5);
    this.nodeArg = new Int32Array(1024);
    this.nodeNext = new Int32Array(1024);
    // (node 0 on the free list: the first push takes it from there, and later pushes, until the
    // first pop, the next unused node; both paths run before V8 compiles the push, which it then
    // keeps, where a free list first used after the calendar's first pop sent it back, issue #17)
    this.nodeNext[0] = -1;
    this.freeNode = 0;
    this.from = this.lastTime;
    this.scan = this.from;
    this.calNext = -1;
  }

  /** The earliest time in the calendar (calSize > 0). (Known but after a slot empties: small enough for V8 to inline at every use, issue #17.) */
  private calTime(): number {
    return this.calNext >= 0 ? this.calNext : this.calScan();
  }

  /** calTime when not known: the first busy slot from `scan` on. */
  private calScan(): number {
    const busy = this.busy;
    // Slot s holds the time in [start, start + WINDOW) that is s modulo WINDOW, for a start at or
    // after `from` (every calendar time is less than WINDOW after it) and a whole number (the
    // calendar's times are; `from` may be a fractional heap time).
    const start = Math.ceil(this.scan > this.from ? this.scan : this.from);
    const s0 = start & MASK;
    let w = s0 >> 5;
    let bits = busy[w] & (-1 << (s0 & 31));
    // every event is less than WINDOW ahead: at most one turn of the ring
    for (let k = 0; bits === 0; k++) {
      w = (w + 1) & (MASK >> 5);
      bits = busy[w];
      if (k > WINDOW >> 5) throw new Error('event queue: calendar count and slots disagree');
    }
    const s = (w << 5) | (31 - Math.clz32(bits & -bits));
    const t = start + ((s - s0) & MASK);
    this.calNext = t;
    this.scan = t;
    return t;
  }

  /** Pops the calendar's first event, at its earliest time `t` (calTime). */
  private calPop(t: number): EventKind {
    const s = t & MASK;
    const first = this.first!;
    const n = first[s];
    const next = this.nodeNext[n];
    this.lastArg = this.nodeArg[n];
    this.lastTime = t;
    this.from = t;
    this.nodeNext[n] = this.freeNode;
    this.freeNode = n;
    this.calSize--;
    first[s] = next;
    if (next < 0) {
      this.busy[s >> 5] &= ~(1 << (s & 31));
      this.calNext = -1;
    }
    return EventKind.TaskEnd;
  }

  private growNodes(): void {
    const a = new Int32Array(this.nodeArg.length * 2);
    a.set(this.nodeArg);
    this.nodeArg = a;
    const b = new Int32Array(this.nodeNext.length * 2);
    b.set(this.nodeNext);
    this.nodeNext = b;
  }

  /** A copy for a fork (the pending events, with room for as many again: a fork runs briefly). */
  clone(arena: Arena | null = null): EventQueue {
    const n = this.heapSize;
    const c = new EventQueue(Math.max(64, 2 * n), arena);
    c.time.set(this.time.subarray(0, n));
    c.key.set(this.key.subarray(0, n));
    c.arg.set(this.arg.subarray(0, n));
    c.heapSize = n;
    c.seq = this.seq;
    c.lastArg = this.lastArg;
    c.lastTime = this.lastTime;
    if (this.first !== null) {
      const copy = <T extends Int32Array | Uint32Array>(a: T): T => (arena === null ? a.slice() as T : arena.copy(a));
      c.first = copy(this.first);
      c.last = copy(this.last);
      c.busy = copy(this.busy);
      c.nodeArg = copy(this.nodeArg);
      c.nodeNext = copy(this.nodeNext);
      c.freeNode = this.freeNode;
      c.calSize = this.calSize;
      c.from = this.from;
      c.calNext = this.calNext;
      c.scan = this.scan;
    }
    return c;
  }

  /** The bytes a clone() into an arena takes (at most). */
  cloneBytes(): number {
    const n = Math.max(64, 2 * this.heapSize);
    if (this.first === null) return aligned(20 * n);
    // (the calendar's arrays as they are: clone copies each whole, an aligned region each)
    return aligned(20 * n) + aligned(this.first.byteLength) + aligned(this.last.byteLength) + aligned(this.busy.byteLength) +
      aligned(this.nodeArg.byteLength) + aligned(this.nodeNext.byteLength);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    this.time = t;
    const k = new Float64Array(n);
    k.set(this.key);
    this.key = k;
    const a = new Int32Array(n);
    a.set(this.arg);
    this.arg = a;
  }
}
