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

export class EventQueue {
  private time = new Float64Array(64);
  private key = new Float64Array(64); // priority * 2^40 + sequence, a total order for ties
  private kind = new Uint8Array(64);
  private arg = new Int32Array(64);
  private size = 0;
  private seq = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, kind: EventKind, arg = 0): void {
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    const k = kind * 1099511627776 + this.seq++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(time, k, p)) {
        this.move(p, i);
        i = p;
      } else break;
    }
    this.time[i] = time;
    this.key[i] = k;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  peekKind(): EventKind {
    return this.kind[0] as EventKind;
  }

  /** Pops the first event; returns its kind and stores its arg in `lastArg`. */
  lastArg = 0;
  lastTime = 0;
  pop(): EventKind {
    const kind = this.kind[0] as EventKind;
    this.lastArg = this.arg[0];
    this.lastTime = this.time[0];
    const n = --this.size;
    if (n > 0) {
      const t = this.time[n];
      const k = this.key[n];
      const kd = this.kind[n];
      const a = this.arg[n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.lessIdx(r, l) ? r : l;
        if (this.less(t, k, c)) break;
        this.move(c, i);
        i = c;
      }
      this.time[i] = t;
      this.key[i] = k;
      this.kind[i] = kd;
      this.arg[i] = a;
    }
    return kind;
  }

  private less(t: number, k: number, j: number): boolean {
    return t < this.time[j] || (t === this.time[j] && k < this.key[j]);
  }

  private lessIdx(i: number, j: number): boolean {
    return this.less(this.time[i], this.key[i], j);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.key[to] = this.key[from];
    this.kind[to] = this.kind[from];
    this.arg[to] = this.arg[from];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    this.time = t;
    const k = new Float64Array(n);
    k.set(this.key);
    this.key = k;
    const kd = new Uint8Array(n);
    kd.set(this.kind);
    this.kind = kd;
    const a = new Int32Array(n);
    a.set(this.arg);
    this.arg = a;
  }
}
