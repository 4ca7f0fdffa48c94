// The attempt log of a run whose result lists no attempts (`sparkjob simulate --stats`): an
// attempt's id is reused once the attempt has ended and nothing refers to it any more, and only
// the attempts a fault's measures read are kept. A 2.4 M-task run then holds a few thousand
// attempts instead of 2.4 M (45 bytes each, touched once: most of a cold run's page faults).
//
// What the result reads of the log (results.ts): the launches per locality (counted at launch),
// and per fault k, the attempts launched at or after its disconnect or detection of the tasks it
// lost or orphaned; those are re-runs (flag 1) or attempts of a partition with a recovery fault
// (`recoveryFault`), and were launched no earlier than the first fault's time. An attempt is
// judged when the instant it ended closes (a loss later in that instant is seen), and kept if it
// meets all of that; an attempt still running is kept as it is. The property test
// (test/unit/engine/statsLog.property.test.ts) checks that the stats of random runs are the same
// bit for bit with either log. Code that keeps an attempt id after the attempt ended, or reads
// ended attempts that are not re-runs, needs the full log: the Simulation picks it then
// (speculation, decommissioning).
import { aligned, type Arena, freshFloats } from './arena';
import { AttemptLog, attemptBytes, type Columns, Status } from './attemptLog';
import type { Cluster } from './cluster';
import { NO_INTS } from './intList';
import type { Simulation } from './simulation';

/**
 * About as many attempts as a stats log holds at once: a lane of each of the file's executors (an
 * id is held while its attempt runs or an event names it). Reserved at the start (with an eighth
 * more), the log's columns are not copied as it grows: from 256 ids, doubled to 8,192 for the 8,000
 * lanes of the bench's 600 k run, the copies and the buffers left behind were some 100 pages first
 * touched (issue #17); the room beyond the ids used is never touched.
 */
export function lanesOf(cluster: Cluster): number {
  let n = 0;
  for (const e of cluster.executors) n += e.slots + e.reserved;
  return n;
}

/** `pend` of an id on the free list */
const FREED = 255;
const NO_SEQ = new Float64Array(0);

export class StatsLog extends AttemptLog {
  override readonly compact = true;
  // (columns laid out with the log's others, layOut: a fork's copy of the log is one region of the
  // fork's arena, where these two were two buffers of their own, issue #17)
  /** TaskEnd events queued for the attempt holding each id (the id is reused only when none is left), or FREED */
  declare pend: Uint8Array;
  /** launch order of the attempt holding each id */
  declare seq: Float64Array;
  private launches = 0;
  // (both start empty and grow as used: a fork's copy, made by the constructor, takes copies of its
  // base's instead, and two 1 kB buffers of 256 entries, thrown away at once, were a third of the
  // copy's time: a typed array above 64 bytes has its memory outside V8's heap, issue #17)
  // (a typed array and a count each, not an IntList: a push and a pop on every attempt went
  // through the list's object and its copy-on-write test, and flush pushes with its room made
  // once for all the instant's ids, issue #17)
  /** the free ids: the first freeCount entries */
  private freeIds: Int32Array = NO_INTS;
  private freeCount = 0;
  /** ids whose attempt ended in this instant, judged when it closes: the first retiringCount entries */
  private retiringIds: Int32Array = NO_INTS;
  private retiringCount = 0;
  /** the attempts kept after they ended (made at the first: a fault-free run keeps none), and their launch order */
  private kept: AttemptLog | null = null;
  // (a typed array: pushed to a list, these doubles made it a list of doubles in the interpreter and
  // of small integers in TurboFan's code, and settle met both, issue #17)
  private keptSeq: Float64Array = NO_SEQ;
  private settled = false;
  /**
   * a fork's copy: its fork's arena (clone), where settle lays out the settled log (a buffer of
   * its own for a fork's few attempts was one more fresh off-heap buffer a fork, issue #17)
   */
  private arena: Arena | null = null;
  /** settle()'s `from`: the attempts launched before it are gone */
  private settledFrom = -Infinity;

  protected override slot(): number {
    // (a new id and the settled check a method of their own: a launch's usual slot is small, issue #17)
    const i = this.freeCount > 0 ? this.freeIds[--this.freeCount] : this.newSlot();
    this.pend[i] = 0;
    this.seq[i] = this.launches++;
    return i;
  }

  /** slot() when no id is free (settle() empties the free list: a settled log takes no attempt). */
  private newSlot(): number {
    if (this.settled) throw new Error('a settled stats log takes no more attempts');
    return super.slot();
  }

  protected override columnBytes(n: number): number {
    return attemptBytes(n) + 9 * n;
  }

  protected override layOut(buf: ArrayBuffer, at: number, n: number): void {
    super.layOut(buf, at, n);
    const own = at + attemptBytes(n);
    this.seq = new Float64Array(buf, own, n);
    this.pend = new Uint8Array(buf, own + 8 * n, n);
  }

  protected override copyFrom(o: Columns & Pick<StatsLog, 'pend' | 'seq'>): void {
    super.copyFrom(o);
    this.pend.set(o.pend.subarray(0, o.length));
    this.seq.set(o.seq.subarray(0, o.length));
  }

  /** A TaskEnd event of attempt `a` was queued. */
  override queued(a: number): void {
    this.pend[a]++;
  }

  /** A TaskEnd event of attempt `a` was handled. */
  override popped(a: number): void {
    if (--this.pend[a] === 0 && this.status[a] !== Status.Running) this.retire(a);
  }

  /** Attempt `a` ended other than at its TaskEnd (lost, killed, failed): judged at the instant's close. */
  override retire(a: number): void {
    if (this.retiringCount === this.retiringIds.length) this.retiringIds = grown(this.retiringIds, this.retiringCount + 1);
    this.retiringIds[this.retiringCount++] = a;
  }

  /** The instant closes: the ended attempts nothing refers to are kept or forgotten, their ids freed. */
  override flush(sim: Simulation): void {
    const n = this.retiringCount;
    if (n === 0) return;
    let from = Infinity;
    // (an index, not for-of: the iterator's closing protocol was about a hundred instructions a call, issue #17)
    const faults = sim.faults;
    for (let k = 0; k < faults.length; k++) if (faults[k].spec.at < from) from = faults[k].spec.at;
    const ids = this.retiringIds;
    // (room for every id of the instant: none checked in the loop)
    if (this.freeCount + n > this.freeIds.length) this.freeIds = grown(this.freeIds, this.freeCount + n);
    const free = this.freeIds;
    let nFree = this.freeCount;
    // (the columns in locals: nothing in the loop replaces them, and the loop's calls made V8 load them again per id, issue #17)
    const { pend, status, launch, flags, stage, task } = this;
    const stages = sim.stages;
    for (let r = 0; r < n; r++) {
      const a = ids[r];
      if (pend[a] !== 0 || status[a] === Status.Running) continue; // an event still names it, or freed
      // (isRerun, written out)
      if (launch[a] >= from && ((flags[a] & 1) !== 0 || (stages[stage[a]].rerunSet[task[a] >>> 5] & (1 << (task[a] & 31))) !== 0)) this.keep(a);
      pend[a] = FREED;
      free[nFree++] = a;
    }
    this.freeCount = nFree;
    this.retiringCount = 0;
  }

  /**
   * Keeps ended attempt `a`. (A method of its own: written in flush, its first fault's keeping sent
   * flush's compiled code back to the interpreter, which V8 then compiled again, issue #17.)
   */
  private keep(a: number): void {
    // (a fork's in its arena: the fork's keeping made two buffers outside V8's heap, issue #17)
    const k = (this.kept ??= new AttemptLog(64, this.arena)).copyAttempt(this, a);
    if (k >= this.keptSeq.length) {
      const c = freshFloats(this.arena, Math.max(64, 2 * k));
      c.set(this.keptSeq);
      this.keptSeq = c;
    }
    this.keptSeq[k] = this.seq[a];
  }

  /** A copy for a fork of a paused run (fork.ts): the free ids, pending judgements and kept attempts too. */
  override clone(arena: Arena | null = null): this {
    // (settle() replaced the columns by a plain log's, laid out without these; and a finished run is not forked)
    if (this.settled) throw new Error('a settled stats log is not copied');
    const c = super.clone(arena, idRoom(this.length));
    c.launches = this.launches;
    c.freeIds = this.freeCount === 0 && arena === null ? NO_INTS : ints(arena, this.freeIds, this.freeCount);
    c.freeCount = this.freeCount;
    c.retiringIds = this.retiringCount === 0 && arena === null ? NO_INTS : ints(arena, this.retiringIds, this.retiringCount);
    c.retiringCount = this.retiringCount;
    c.kept = this.kept?.clone(arena, keptRoom(this.kept.length)) ?? null;
    c.keptSeq = this.kept === null ? NO_SEQ : this.keptSeq.slice();
    c.arena = arena;
    return c;
  }

  /** The bytes a clone() into an arena takes (at most). */
  override cloneBytes(): number {
    return super.cloneBytes(idRoom(this.length)) + intsBytes(this.freeCount) + intsBytes(this.retiringCount) +
      (this.kept === null ? 0 : this.kept.cloneBytes(keptRoom(this.kept.length)));
  }

  /**
   * The kept attempts and those not ended that were launched at or after `from`, in launch order
   * (ids change: the run is over). A fork's log holds its base's attempts still running at the
   * fork, launched before its fault: no measure reads them (results.ts attemptsReadFrom), and
   * sorting and copying them was half of a sweep's `measure` (issue #17).
   */
  override settle(from = -Infinity): void {
    if (this.settled) {
      if (from < this.settledFrom) throw new Error('a stats log settled from a later time is asked for earlier attempts');
      return;
    }
    this.settled = true;
    this.settledFrom = from;
    // (every freed id is on the free list: none live when the list holds them all, the usual end of a run)
    const live = this.length - this.freeCount;
    this.freeCount = 0;
    const kept = this.kept;
    const nKept = kept === null ? 0 : kept.length;
    // kept k as -1 - k, live ids as themselves
    const order = nKept + live <= SCRATCH ? scratchOrder : new Int32Array(nKept + live);
    let n = 0;
    for (let k = 0; k < nKept; k++) if (kept!.launch[k] >= from) order[n++] = -1 - k;
    const { pend, launch } = this;
    if (live > 0) for (let a = 0; a < this.length; a++) if (pend[a] !== FREED && launch[a] >= from) order[n++] = a;
    sortBySeq(order, (x) => (x < 0 ? this.keptSeq[-1 - x] : this.seq[x]), n);
    const out = new AttemptLog(Math.max(1, n), this.arena);
    for (let k = 0; k < n; k++) {
      const x = order[k];
      out.copyAttempt(x < 0 ? kept! : this, x < 0 ? -1 - x : x);
    }
    this.adopt(out);
  }
}

/**
 * Sorts the first `n` of `order` by each entry's launch order (distinct whole numbers): as numbers seq * 2^22 + k
 * in a Float64Array, sorted by the typed array's own sort, when they fit in 2^53 (else by a
 * comparator). The run ends here: a comparator's calls, with the loop before it, had V8 compile
 * settle, the comparator and its lookup, each only once its work was done (issue #17).
 */
export function sortBySeq(order: Int32Array, seqOf: (x: number) => number, n = order.length): void {
  const keys = n <= SCRATCH ? scratchKeys.subarray(0, n) : new Float64Array(n);
  let packed = n <= SLOT;
  for (let k = 0; k < n && packed; k++) {
    const s = seqOf(order[k]);
    packed = s < 2 ** 31;
    keys[k] = s * SLOT + k;
  }
  if (!packed) {
    order.subarray(0, n).sort((x, y) => seqOf(x) - seqOf(y));
    return;
  }
  keys.sort();
  let copy: Int32Array;
  if (n <= SCRATCH) (copy = scratchCopy).set(order.subarray(0, n));
  else copy = order.slice(0, n);
  for (let k = 0; k < n; k++) order[k] = copy[keys[k] % SLOT];
}

/**
 * The first `n` of `ids`: in the arena when there is one, with the room grown() would give (a fork
 * frees and retires ids at once, and grew both lists into buffers of their own, issue #17).
 */
function ints(arena: Arena | null, ids: Int32Array, n: number): Int32Array {
  if (arena === null) return ids.slice(0, n);
  const room = intsRoom(n);
  const at = arena.take(4 * room);
  const c = new Int32Array(arena.buffer!, at, room);
  c.set(ids.subarray(0, n));
  return c;
}

/** ints()'s entries for `n` ids, and their bytes in an arena */
const intsRoom = (n: number): number => Math.max(2 * n, 64);
const intsBytes = (n: number): number => aligned(4 * intsRoom(n));
/** A fork's room for more attempts than its base's: it reuses the ids its attempts free, and grows if it must */
const idRoom = (length: number): number => Math.max(64, length >> 3);
/** the same for the kept attempts' log */
const keptRoom = (length: number): number => Math.max(16, length >> 3);

/** `ids` with room for `n` entries or more (its entries copied). */
function grown(ids: Int32Array, n: number): Int32Array {
  const c = new Int32Array(Math.max(n, 2 * ids.length, 64));
  c.set(ids);
  return c;
}

/**
 * settle's and sortBySeq's work arrays, used again by the next call up to this many entries (a
 * sweep's forks each settled with three new typed arrays, buffers outside V8's heap: 1.3-2.3 us
 * each, issue #17). Small: a long run's settle takes arrays of its own, not kept after it.
 */
const SCRATCH = 512;
const scratchOrder = new Int32Array(SCRATCH);
const scratchKeys = new Float64Array(SCRATCH);
const scratchCopy = new Int32Array(SCRATCH);

/** sortBySeq's room for an entry's position beside its launch order */
const SLOT = 2 ** 22;
