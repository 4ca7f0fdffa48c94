// Receiver blocks (reference sec. 2.3-2.6): BlockGenerator seals one block per
// spark.streaming.blockInterval tick (aligned to multiples of the interval; an empty interval
// makes no block), the BlockManager stores it on the receiver's executor and, for a `_N` level,
// replicates it to N-1 peers chosen by RandomBlockReplicationPolicy; the block reaches the driver
// (AddBlock) right after, so the block sealed at tick t goes to the first batch T > t.
import { HASH_START, hashMore, hashMoreInt, Random } from '../random';
import { ExecState, type Cluster } from '../cluster';

/** Never changed in place: a change is a new block in its place (forks share the blocks with their base). */
export interface Block {
  readonly input: number;
  /** the BlockGenerator tick that sealed it (StreamBlockId time + blockInterval) */
  readonly tick: number;
  readonly records: number;
  readonly bytes: number;
  /** executors holding a copy (receiver's first), as the BlockManagerMaster knows them */
  readonly holders: readonly number[];
  /** written to the receiver write-ahead log */
  readonly wal: boolean;
}

/** log2 of a BlockList chunk's size */
const CHUNK_BITS = 6;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * A run's received blocks, in chunks of 64 that a fork shares with its base, each copied before
 * either writes it (forkCopy): a run appends blocks and replaces the unread ones (a batch
 * allocating them, a loss), all near the end, and a sweep's fork copied the whole list, up to
 * 1,068 entries, 2.1 MB a sweep (issue #17). The blocks themselves are never changed.
 */
export class BlockList {
  private chunks: Block[][] = [];
  /**
   * Per chunk, its blocks' batch times (-1 until a batch takes the block: batchOf), beside the
   * blocks: a batch's allocation made each block again to set its batch, the largest line of a
   * batch's generation, which a sweep's stalled forks repeat for batch after batch (issue #17).
   */
  private batches: number[][] = [];
  /** per chunk (its blocks and their batches): shared with a fork or its base */
  private shared: boolean[] = [];
  length = 0;

  at(i: number): Block {
    return this.chunks[i >> CHUNK_BITS][i & CHUNK_MASK];
  }

  set(i: number, b: Block): void {
    const c = i >> CHUNK_BITS;
    if (this.shared[c]) this.own(c);
    this.chunks[c][i & CHUNK_MASK] = b;
  }

  /** The batch time block i was allocated to, -1 until then. */
  batchOf(i: number): number {
    return this.batches[i >> CHUNK_BITS][i & CHUNK_MASK];
  }

  /** Block i is allocated to the batch of time `T` (allocateBlocksToBatch). */
  setBatch(i: number, T: number): void {
    const c = i >> CHUNK_BITS;
    if (this.shared[c]) this.own(c);
    this.batches[c][i & CHUNK_MASK] = T;
  }

  /** Appends block `b`, allocated to no batch yet. */
  push(b: Block): void {
    const c = this.length >> CHUNK_BITS;
    if (c === this.chunks.length) {
      this.chunks.push([b]);
      this.batches.push([-1]);
      this.shared.push(false);
    } else {
      if (this.shared[c]) this.own(c);
      this.chunks[c].push(b);
      this.batches[c].push(-1);
    }
    this.length++;
  }

  private own(c: number): void {
    this.chunks[c] = this.chunks[c].slice();
    this.batches[c] = this.batches[c].slice();
    this.shared[c] = false;
  }

  /** The fork's list: every chunk shared by both from now on (fork.ts). */
  forkCopy(): BlockList {
    const copy = new BlockList();
    copy.chunks = this.chunks.slice();
    copy.batches = this.batches.slice();
    this.shared.fill(true);
    copy.shared = this.shared.slice();
    copy.length = this.length;
    return copy;
  }
}

/**
 * No executor the master knows holds a copy, and no write-ahead log: a batch cannot read it
 * (ReceiverInputDStream#createBlockRDD drops it).
 */
export function unreadable(b: Block): boolean {
  return !b.wal && b.holders.length === 0;
}

/** Records received in [from, to) at `rate` records/s: the counts are exact integers over absolute time. */
export function recordsBetween(rate: number, from: number, to: number): number {
  if (to <= from) return 0;
  return Math.floor((rate * to) / 1000) - Math.floor((rate * from) / 1000);
}

/**
 * RandomBlockReplicationPolicy.prioritize: a random sample of `n` peers (every registered block
 * manager but the driver's and this one; executors on the same host are not excluded), drawn with a
 * generator seeded by the block id, here (seed, input, tick) so the choice does not depend on the
 * scheduling order. BlockManagerMasterEndpoint#getPeers: the driver's view (not removed).
 * Called for every block of every receiver, forks included: no allocation but the result (a
 * generator, a peer list and a block-id string each were a tenth of a streaming sweep, issue #17).
 * `memo`: the shuffles already drawn by this run, its base or its forks (ReplicaMemo).
 *
 * A new block's holders: `self` (the receiver's executor), then those peers. An array of its
 * exact size: a pushed one has room for 17 entries, and a streaming run keeps every block (a sweep
 * keeps its fault-free run's for the whole sweep, and its forks add theirs: about a twentieth of a
 * sweep's allocation and a tenth of what its young collections copy, issue #17).
 */
export function blockHolders(cluster: Cluster, self: number, n: number, seed: number, inputName: string, tick: number,
  memo: ReplicaMemo | null, input: number): number[] {
  const m = pickPeers(cluster, self, n, seed, inputName, tick, memo, input);
  if (m === 0) return [self];
  if (m === 1) return [self, chosen[0]];
  if (m === 2) return [self, chosen[0], chosen[1]];
  const out = [self];
  for (let i = 0; i < m; i++) out.push(chosen[i]);
  return out;
}

/** A holders list without its entry k, of its exact size (executorRemoved). */
export function holdersWithout(holders: readonly number[], k: number): number[] {
  if (holders.length === 1) return [];
  if (holders.length === 2) return [holders[1 - k]];
  return [...holders.slice(0, k), ...holders.slice(k + 1)];
}

/** blockHolders' peers into `chosen`: their count. */
function pickPeers(cluster: Cluster, self: number, n: number, seed: number, inputName: string, tick: number,
  memo: ReplicaMemo | null, input: number): number {
  if (n <= 0) return 0;
  const execs = cluster.executors;
  // the peers: the live executors but `self`, in order (the list without its entry at selfAt)
  const list = cluster.liveExecutors();
  const live = list.length;
  // (the list is in index order: a binary search, where a walk to `self` was half of a block tick, issue #17)
  let lo = 0;
  let hi = live;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < self) lo = mid + 1;
    else hi = mid;
  }
  const selfAt = lo < live && list[lo] === self ? lo : live;
  const count = selfAt < live ? live - 1 : live;
  // BlockManager#replicate tries the shuffled peers in order until n copies or a second failure:
  // at most the first n + 1 are tried
  const first = Math.min(count, n + 1);
  const order = shuffledOrder(count, first, seed, inputName, tick, memo, input);
  // an upload to a peer whose process is gone (crashed, hung, not yet removed by the driver) fails;
  // the next peer is tried, up to spark.storage.maxReplicationFailures (1) failures; with fewer
  // copies the put still succeeds locally.
  if (chosen.length < n) chosen = new Int32Array(n * 2);
  let m = 0;
  let failures = 0;
  for (let i = 0; i < first; i++) {
    if (m === n) break;
    const j = order[i];
    const x = list[j < selfAt ? j : j + 1];
    if (execs[x].state === ExecState.Alive) chosen[m++] = x;
    else if (++failures > 1) break;
  }
  return m;
}

/**
 * Where the first `first` entries of a list of `count` come from after the block's shuffle: the
 * shuffle of 0..count-1 (the same draws and walk whatever the list holds).
 */
function shuffledOrder(count: number, first: number, seed: number, inputName: string, tick: number, memo: ReplicaMemo | null,
  input: number): ArrayLike<number> {
  const memoized = memo !== null && memo.seed === seed && count < 65536 && memo.size < MEMO_LIMIT;
  if (memoized) {
    const known = memo.get(input, tick, count);
    if (known !== undefined && known.length >= first) return known;
  }
  if (orderBuf.length < count) orderBuf = new Int32Array(count * 2);
  for (let i = 0; i < count; i++) orderBuf[i] = i;
  // the seed of new Random(seed, hashString(`input-${inputName}-${tick}`))
  const id = hashMoreInt(hashMore(hashMore(hashMore(HASH_START, 'input-'), inputName), '-'), tick) >>> 0;
  peerRng.reseed2(seed, id);
  peerRng.shuffleInts(orderBuf, count);
  if (!memoized) return orderBuf;
  // (a loop: Array.from of a view walked an iterator, a sweep's third of the cost of its block shuffles;
  // the usual one or two entries as a literal of that size: a pushed array has room for 17, and the
  // memo lives as long as the sweep's fault-free run, issue #17)
  let kept: number[];
  if (first === 1) kept = [orderBuf[0]];
  else if (first === 2) kept = [orderBuf[0], orderBuf[1]];
  else {
    kept = [];
    for (let i = 0; i < first; i++) kept.push(orderBuf[i]);
  }
  memo.set(input, tick, count, kept);
  return kept;
}

/**
 * The block shuffles a run has drawn, by input (its index in the streaming section's inputs) and
 * (tick, peer count): a fork replays the blocks of its base with the same peers, or with one fewer
 * once its loss is known, and a sweep's forks drew each of them again (issue #17). Shared by a run
 * and its forks (fork.ts), written by all: a pure function's values, so no run sees another's
 * state in it.
 *
 * A tick on the block interval's grid is found by its index in a list per input: two Map lookups
 * a block (the input's name, then the tick and count) were a fortieth of a stalled fork of the
 * bench's streaming sweep (issue #17). Other ticks by (tick, count) in a Map per input.
 */
export class ReplicaMemo {
  /** per input, per tick index (tick / interval): the counts met and their orders, [count, order, count, order...] */
  private readonly byTick: (ShufflesAt | undefined)[][] = [];
  private readonly offGrid: Map<number, number[]>[] = [];
  size = 0;
  /** `interval`: the block interval, whose multiples the ticks are (0: every tick in the Maps) */
  constructor(readonly seed: number, readonly interval = 0) {}

  get(input: number, tick: number, count: number): number[] | undefined {
    const q = this.tickIndex(tick);
    if (q < 0) {
      const key = offGridKey(tick, count);
      return Number.isSafeInteger(key) ? this.offGrid[input]?.get(key) : undefined;
    }
    const at = this.byTick[input]?.[q];
    if (at === undefined) return undefined;
    for (let j = 0; j < at.length; j += 2) if (at[j] === count) return at[j + 1] as number[];
    return undefined;
  }

  set(input: number, tick: number, count: number, order: number[]): void {
    const q = this.tickIndex(tick);
    if (q < 0) {
      const key = offGridKey(tick, count);
      if (!Number.isSafeInteger(key)) return; // (a heap number's key: not kept)
      while (this.offGrid.length <= input) this.offGrid.push(new Map());
      this.offGrid[input].set(key, order);
      this.size++;
      return;
    }
    this.size++;
    while (this.byTick.length <= input) this.byTick.push([]);
    const list = this.byTick[input];
    while (list.length < q) list.push(undefined);
    const at = list[q];
    if (at === undefined) {
      list[q] = [count, order];
      return;
    }
    for (let j = 0; j < at.length; j += 2) {
      if (at[j] === count) {
        at[j + 1] = order;
        return;
      }
    }
    at.push(count, order);
  }

  /** the tick's index on the interval's grid, or -1 (off it, or far) */
  private tickIndex(tick: number): number {
    if (!(this.interval > 0)) return -1;
    const q = tick / this.interval;
    return Number.isInteger(q) && q >= 0 && q < MAX_TICK_INDEX ? q : -1;
  }
}

/** one tick's shuffles: [count, order, count, order...] */
type ShufflesAt = (number | number[])[];

/** tick indices kept in lists: a run of about 9 days at a 200 ms interval */
const MAX_TICK_INDEX = 1 << 22;

/** (tick, count) as a Map key: a small integer while the tick and count allow (a heap number was hashed at every block) */
function offGridKey(tick: number, count: number): number {
  return count < 64 && tick >= 0 && tick < 16777216 ? tick * 64 + count : -1 - (tick * 65536 + count);
}

/** shuffles kept at most (some 10 MB): a long run's later blocks are drawn each time */
const MEMO_LIMIT = 100_000;

/** blockHolders' scratch: the shuffled order and the generator, reset at every call */
let orderBuf = new Int32Array(64);
let chosen = new Int32Array(8);
const peerRng = new Random(0);
