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
import { AttemptLog, Status } from './attemptLog';
import { NO_INTS } from './intList';
import type { Simulation } from './simulation';

/** `pend` of an id on the free list */
const FREED = 255;

export class StatsLog extends AttemptLog {
  override readonly compact = true;
  // (sized as the columns: a fork's copy, made by the constructor, writes into them; slot() grows them with the columns)
  /** TaskEnd events queued for the attempt holding each id (the id is reused only when none is left), or FREED */
  pend = new Uint8Array(this.stage.length);
  /** launch order of the attempt holding each id */
  seq = new Float64Array(this.stage.length);
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
  private keptSeq: number[] = [];
  private settled = false;

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
    const i = super.slot();
    if (i === this.pend.length) {
      const p = new Uint8Array(2 * i);
      p.set(this.pend);
      this.pend = p;
      const s = new Float64Array(2 * i);
      s.set(this.seq);
      this.seq = s;
    }
    return i;
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
      if (launch[a] >= from && ((flags[a] & 1) !== 0 || stages[stage[a]].recoveryFault[task[a]] >= 0)) this.keep(a);
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
    (this.kept ??= new AttemptLog(64)).copyAttempt(this, a);
    this.keptSeq.push(this.seq[a]);
  }

  /** A copy for a fork of a paused run (fork.ts): the free ids, pending judgements and kept attempts too. */
  override clone(): this {
    // (room for a few more ids than the run's: a fork reuses the ids its attempts free, and grows if it must)
    const c = super.clone(Math.max(64, this.length >> 3));
    // (whole when the copy has the base's capacity, AttemptLog.clone: no view made)
    if (c.pend.length === this.pend.length) {
      c.pend.set(this.pend);
      c.seq.set(this.seq);
    } else {
      c.pend.set(this.pend.subarray(0, this.length));
      c.seq.set(this.seq.subarray(0, this.length));
    }
    c.launches = this.launches;
    c.freeIds = this.freeCount === 0 ? NO_INTS : this.freeIds.slice(0, this.freeCount);
    c.freeCount = this.freeCount;
    c.retiringIds = this.retiringCount === 0 ? NO_INTS : this.retiringIds.slice(0, this.retiringCount);
    c.retiringCount = this.retiringCount;
    c.kept = this.kept?.clone(Math.max(16, this.kept.length >> 3)) ?? null;
    c.keptSeq = this.keptSeq.slice();
    c.settled = this.settled;
    return c;
  }

  /** The kept attempts and those not ended, in launch order (ids change: the run is over). */
  override settle(): void {
    if (this.settled) return;
    this.settled = true;
    // (every freed id is on the free list: none live when the list holds them all, the usual end of a run)
    const live = this.length - this.freeCount;
    this.freeCount = 0;
    const kept = this.kept;
    const nKept = kept === null ? 0 : kept.length;
    const order = new Int32Array(nKept + live); // kept k as -1 - k, live ids as themselves
    for (let k = 0; k < nKept; k++) order[k] = -1 - k;
    if (live > 0) for (let a = 0, at = nKept; a < this.length; a++) if (this.pend[a] !== FREED) order[at++] = a;
    sortBySeq(order, (x) => (x < 0 ? this.keptSeq[-1 - x] : this.seq[x]));
    const out = new AttemptLog(Math.max(1, order.length));
    for (let k = 0; k < order.length; k++) {
      const x = order[k];
      out.copyAttempt(x < 0 ? kept! : this, x < 0 ? -1 - x : x);
    }
    this.adopt(out);
  }
}

/**
 * Sorts `order` by each entry's launch order (distinct whole numbers): as numbers seq * 2^22 + k
 * in a Float64Array, sorted by the typed array's own sort, when they fit in 2^53 (else by a
 * comparator). The run ends here: a comparator's calls, with the loop before it, had V8 compile
 * settle, the comparator and its lookup, each only once its work was done (issue #17).
 */
export function sortBySeq(order: Int32Array, seqOf: (x: number) => number): void {
  const n = order.length;
  const keys = new Float64Array(n);
  let packed = n <= SLOT;
  for (let k = 0; k < n && packed; k++) {
    const s = seqOf(order[k]);
    packed = s < 2 ** 31;
    keys[k] = s * SLOT + k;
  }
  if (!packed) {
    order.sort((x, y) => seqOf(x) - seqOf(y));
    return;
  }
  keys.sort();
  const copy = order.slice();
  for (let k = 0; k < n; k++) order[k] = copy[keys[k] % SLOT];
}

/** `ids` with room for `n` entries or more (its entries copied). */
function grown(ids: Int32Array, n: number): Int32Array {
  const c = new Int32Array(Math.max(n, 2 * ids.length, 64));
  c.set(ids);
  return c;
}

/** sortBySeq's room for an entry's position beside its launch order */
const SLOT = 2 ** 22;
