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
}

/** 2^40: a key is kind * PRIORITY + sequence number (sequences stay below 2^40). */
const PRIORITY = 1099511627776;

export class EventQueue {
  private time = new Float64Array(64);
  /** kind * 2^40 + sequence: a total order for ties, and the kind itself (no separate column) */
  private key = new Float64Array(64);
  private arg = new Int32Array(64);
  private size = 0;
  private seq = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, kind: EventKind, arg = 0): void {
    if (this.size === this.time.length) this.grow();
    const times = this.time;
    const keys = this.key;
    const args = this.arg;
    let i = this.size++;
    const k = kind * PRIORITY + this.seq++;
    // sift up: move parents down into the hole until the new event's place is found
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (time < tp || (time === tp && k < keys[p])) {
        times[i] = tp;
        keys[i] = keys[p];
        args[i] = args[p];
        i = p;
      } else break;
    }
    times[i] = time;
    keys[i] = k;
    args[i] = arg;
  }

  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  peekKind(): EventKind {
    return Math.floor(this.key[0] / PRIORITY) as EventKind;
  }

  /** Pops the first event; returns its kind and stores its arg in `lastArg`. */
  lastArg = 0;
  lastTime = 0;
  pop(): EventKind {
    const times = this.time;
    const keys = this.key;
    const args = this.arg;
    const kind = Math.floor(keys[0] / PRIORITY) as EventKind;
    this.lastArg = args[0];
    this.lastTime = times[0];
    const n = --this.size;
    if (n > 0) {
      const t = times[n];
      const k = keys[n];
      const a = args[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        // the earlier child
        let c = l;
        let tc = times[l];
        const r = l + 1;
        if (r < n) {
          const tr = times[r];
          if (tr < tc || (tr === tc && keys[r] < keys[l])) {
            c = r;
            tc = tr;
          }
        }
        if (t < tc || (t === tc && k < keys[c])) break;
        times[i] = tc;
        keys[i] = keys[c];
        args[i] = args[c];
        i = c;
      }
      times[i] = t;
      keys[i] = k;
      args[i] = a;
    }
    return kind;
  }

  /** A copy for a fork (the pending events, with room for some more). */
  clone(): EventQueue {
    const c = Object.create(EventQueue.prototype) as EventQueue;
    Object.assign(c, this);
    const n = this.size + Math.max(64, this.size >> 3);
    c.time = new Float64Array(n);
    c.time.set(this.time.subarray(0, this.size));
    c.key = new Float64Array(n);
    c.key.set(this.key.subarray(0, this.size));
    c.arg = new Int32Array(n);
    c.arg.set(this.arg.subarray(0, this.size));
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
