// The discrete-event core (after SimPy's `core.py`): an integer-millisecond clock and a binary
// heap ordered by (time, priority, sequence). Ties are never left to the heap: events at the
// same time run in priority order, then in the order they were scheduled.

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

/**
 * A flat binary heap of events ordered by (time, key), in three typed arrays (time, key, arg):
 * one comparison shape, two small loops. Measured against the time-bucket queue it replaced, cold
 * (a fresh `sparkjob simulate --stats` on the 600 k-task bench workload, issue #17). The pop
 * order is the same strict total order: time, then priority, then scheduling order.
 */
export class EventQueue {
  private time: Float64Array;
  private key: Float64Array;
  private arg: Int32Array;
  private size = 0;
  private seq = 0;
  /** the last popped event's arg and time */
  lastArg = 0;
  lastTime = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.arg = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  push(time: number, kind: EventKind, arg = 0): void {
    const k = kind * PRIORITY + this.seq++;
    if (this.size === this.time.length) this.grow();
    const T = this.time;
    const K = this.key;
    const A = this.arg;
    let i = this.size++;
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
    if (this.size === 0) return Infinity;
    const t = this.time[0];
    return t === (t | 0) ? t | 0 : t;
  }

  peekKind(): EventKind {
    return this.size > 0 ? (Math.floor(this.key[0] / PRIORITY) as EventKind) : EventKind.TaskEnd;
  }

  /** Pops the first event; returns its kind and stores its arg in `lastArg`, its time in `lastTime`. */
  pop(): EventKind {
    const T = this.time;
    const K = this.key;
    const A = this.arg;
    const kind = Math.floor(K[0] / PRIORITY) as EventKind;
    this.lastArg = A[0];
    this.lastTime = T[0];
    const n = --this.size;
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

  /** A copy for a fork (the pending events, with room for as many again: a fork runs briefly). */
  clone(): EventQueue {
    const n = this.size;
    const c = new EventQueue(Math.max(64, 2 * n));
    c.time.set(this.time.subarray(0, n));
    c.key.set(this.key.subarray(0, n));
    c.arg.set(this.arg.subarray(0, n));
    c.size = n;
    c.seq = this.seq;
    c.lastArg = this.lastArg;
    c.lastTime = this.lastTime;
    return c;
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
