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
}

/** 2^40: a key is kind * PRIORITY + sequence number (sequences stay below 2^40). */
const PRIORITY = 1099511627776;

/**
 * Events are grouped by their exact time: a binary heap of the distinct times (no ties in it),
 * and per time a bucket of its events sorted by key. Many events share a time (integer
 * milliseconds), so most pops take the next entry of the current bucket and most pushes append
 * to a bucket that exists: the heap moves once per distinct time, not once per event. The pop
 * order is the heap's order of (time, key), a strict total order.
 */
/** initial size of a bucket (a time's events) */
const BUCKET = 32;

/** A hash of a time (equal times, 0 and -0 included, hash alike). */
function hashTime(t: number): number {
  const h = Math.imul(t | 0, 0x9e3779b1) ^ Math.imul((t * 1048576) | 0, 0x85ebca6b);
  return h ^ (h >>> 15);
}

export class EventQueue {
  /** heap of distinct times: time and bucket */
  private heapTime = new Float64Array(64);
  private heapBucket = new Int32Array(64);
  private heapSize = 0;
  /** time -> bucket of the events at that time: an open-addressing hash table (linear probing, -1 = empty slot) */
  private slotTime = new Float64Array(256);
  private slotBucket = new Int32Array(256).fill(-1);
  private slots = 0;
  /** per bucket: keys (kind * 2^40 + sequence, sorted from `head` to `len`), args, read position, count */
  private bKeys: Float64Array[] = [];
  private bArgs: Int32Array[] = [];
  private bHead: number[] = [];
  private bLen: number[] = [];
  /** buckets not in use */
  private freeBuckets: number[] = [];
  private size = 0;
  private seq = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, kind: EventKind, arg = 0): void {
    const k = kind * PRIORITY + this.seq++;
    this.size++;
    let b = this.findBucket(time);
    if (b < 0) {
      b = this.newBucket();
      this.insertBucket(time, b);
      this.heapPush(time, b);
    }
    let keys = this.bKeys[b];
    let args = this.bArgs[b];
    const head = this.bHead[b];
    let j = this.bLen[b];
    if (j === keys.length) {
      const nk = new Float64Array(keys.length * 2);
      nk.set(keys);
      this.bKeys[b] = keys = nk;
      const na = new Int32Array(args.length * 2);
      na.set(args);
      this.bArgs[b] = args = na;
    }
    this.bLen[b] = j + 1;
    // sorted insertion among the bucket's unread events (the key is usually the largest)
    while (j > head && keys[j - 1] > k) {
      keys[j] = keys[j - 1];
      args[j] = args[j - 1];
      j--;
    }
    keys[j] = k;
    args[j] = arg;
  }

  peekTime(): number {
    return this.heapSize > 0 ? this.heapTime[0] : Infinity;
  }

  peekKind(): EventKind {
    if (this.heapSize === 0) return EventKind.TaskEnd;
    const b = this.heapBucket[0];
    return Math.floor(this.bKeys[b][this.bHead[b]] / PRIORITY) as EventKind;
  }

  /** Pops the first event; returns its kind and stores its arg in `lastArg`. */
  lastArg = 0;
  lastTime = 0;
  pop(): EventKind {
    const b = this.heapBucket[0];
    const h = this.bHead[b];
    const kind = Math.floor(this.bKeys[b][h] / PRIORITY) as EventKind;
    this.lastArg = this.bArgs[b][h];
    const t = this.heapTime[0];
    this.lastTime = t;
    this.size--;
    if (h + 1 === this.bLen[b]) {
      // the time's last event: the bucket goes back to the pool
      this.heapPop();
      this.deleteBucket(t);
      this.bHead[b] = 0;
      this.bLen[b] = 0;
      this.freeBuckets.push(b);
    } else {
      this.bHead[b] = h + 1;
    }
    return kind;
  }

  private newBucket(): number {
    if (this.freeBuckets.length > 0) return this.freeBuckets.pop()!;
    const b = this.bKeys.length;
    this.bKeys.push(new Float64Array(BUCKET));
    this.bArgs.push(new Int32Array(BUCKET));
    this.bHead.push(0);
    this.bLen.push(0);
    return b;
  }

  private findBucket(time: number): number {
    const mask = this.slotBucket.length - 1;
    const times = this.slotTime;
    const buckets = this.slotBucket;
    let i = hashTime(time) & mask;
    for (;;) {
      const b = buckets[i];
      if (b < 0 || times[i] === time) return b;
      i = (i + 1) & mask;
    }
  }

  /** (the time is not in the table) */
  private insertBucket(time: number, b: number): void {
    if (2 * (this.slots + 1) > this.slotBucket.length) this.rehash(this.slotBucket.length * 2);
    const mask = this.slotBucket.length - 1;
    let i = hashTime(time) & mask;
    while (this.slotBucket[i] >= 0) i = (i + 1) & mask;
    this.slotTime[i] = time;
    this.slotBucket[i] = b;
    this.slots++;
  }

  /** Removes the time (it is in the table), shifting later entries of its probe run back. */
  private deleteBucket(time: number): void {
    const mask = this.slotBucket.length - 1;
    const times = this.slotTime;
    const buckets = this.slotBucket;
    let i = hashTime(time) & mask;
    while (times[i] !== time || buckets[i] < 0) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (buckets[j] < 0) break;
      const home = hashTime(times[j]) & mask;
      // the entry at j may move to the hole at i unless its home lies cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        times[i] = times[j];
        buckets[i] = buckets[j];
        i = j;
      }
    }
    buckets[i] = -1;
    this.slots--;
  }

  private rehash(size: number): void {
    const oldTimes = this.slotTime;
    const oldBuckets = this.slotBucket;
    this.slotTime = new Float64Array(size);
    this.slotBucket = new Int32Array(size).fill(-1);
    this.slots = 0;
    for (let i = 0; i < oldBuckets.length; i++) if (oldBuckets[i] >= 0) this.insertBucket(oldTimes[i], oldBuckets[i]);
  }

  private heapPush(time: number, b: number): void {
    if (this.heapSize === this.heapTime.length) this.grow();
    const times = this.heapTime;
    const buckets = this.heapBucket;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp <= time) break;
      times[i] = tp;
      buckets[i] = buckets[p];
      i = p;
    }
    times[i] = time;
    buckets[i] = b;
  }

  private heapPop(): void {
    const times = this.heapTime;
    const buckets = this.heapBucket;
    const n = --this.heapSize;
    if (n === 0) return;
    const t = times[n];
    const b = buckets[n];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && times[l + 1] < times[l] ? l + 1 : l;
      if (t <= times[c]) break;
      times[i] = times[c];
      buckets[i] = buckets[c];
      i = c;
    }
    times[i] = t;
    buckets[i] = b;
  }

  /** A copy for a fork (the pending events). */
  clone(): EventQueue {
    const c = Object.create(EventQueue.prototype) as EventQueue;
    Object.assign(c, this);
    c.heapTime = this.heapTime.slice();
    c.heapBucket = this.heapBucket.slice();
    c.slotTime = this.slotTime.slice();
    c.slotBucket = this.slotBucket.slice();
    c.bKeys = this.bKeys.map((k, b) => (this.bLen[b] > 0 ? k.slice() : new Float64Array(BUCKET)));
    c.bArgs = this.bArgs.map((a, b) => (this.bLen[b] > 0 ? a.slice() : new Int32Array(BUCKET)));
    c.bHead = this.bHead.slice();
    c.bLen = this.bLen.slice();
    c.freeBuckets = this.freeBuckets.slice();
    return c;
  }

  private grow(): void {
    const n = this.heapTime.length * 2;
    const t = new Float64Array(n);
    t.set(this.heapTime);
    this.heapTime = t;
    const b = new Int32Array(n);
    b.set(this.heapBucket);
    this.heapBucket = b;
  }
}
