// Shuffle migration of a decommissioning executor, after Spark 3.5.0's
// core/src/main/scala/org/apache/spark/storage/BlockManagerDecommissioner.scala:
// - a refresh round at the start and every spark.storage.decommission.replicationReattemptInterval
//   (shuffleBlockMigrationRefreshRunnable, 240-262) queues the map outputs stored on the executor
//   that are not queued yet, sorted by (shuffleId, mapId) (refreshMigratableShuffleBlocks, 278-311;
//   mapId is the task attempt id), so outputs of tasks that end during the notice wait for the next
//   round; it starts one upload thread per new live peer, in a random order (Utils.randomize), at
//   most shuffleBlocks.maxThreads at a time (the pool queues the others), and stops the threads of
//   peers that are gone; with no thread left the shuffle migration stops;
// - each thread takes the queue's head, uploads the index and the data file to its peer
//   (ShuffleMigrationRunnable, 97-173: two uploadBlockSync calls) and takes the next; with an empty
//   queue it sleeps 1 s between polls (nextShuffleBlockToMigrate, 85-95); a failed upload (its peer
//   gone) puts the block back (at most maxReplicationFailuresPerBlock = 3 tries) and ends the thread;
// - BlockManagerMasterEndpoint.updateBlockInfo then moves the output in the MapOutputTracker
//   (updateMapOutput, 751-761): the map task is not re-run when the executor goes.
// Cached RDD blocks migrate on their own thread (rddBlockMigration.ts).
// Transfer time: 2 x network.latency + bytes / network.bandwidth per output; its bytes are the
// consumers' `input` spread evenly over the map tasks (the format's reduce-side approximation).
import { Status } from './attemptLog';
import { EventKind } from './eventQueue';
import { Random } from './random';
import type { Simulation } from './simulation';
import { isSuccessful, setOutputLoc, taskInput } from './workload';

/** BlockManagerDecommissioner.maxReplicationFailuresForDecommission (an internal conf, default 3) */
const MAX_FAILURES = 3;
/** nextShuffleBlockToMigrate: an idle thread polls the queue every second */
const POLL_MS = 1000;
/** Decommission event codes below this are the executor's; thread t's is THREAD + t */
export const THREAD = 4;
export const CODES = 65536;

interface Block {
  stage: number;
  part: number;
  /** the map task attempt that wrote it (its mapId) */
  attempt: number;
  bytes: number;
  failures: number;
}

interface UploadThread {
  peer: number;
  /** the block being uploaded, -1 when idle */
  block: number;
  /** when its event is due (an upload's end, or a poll), -1 for none */
  wakeAt: number;
  idleSince: number;
  running: boolean;
}

export class ShuffleMigration {
  readonly blocks: Block[] = [];
  /** block indices in queue order (shufflesToMigrate); `head` is the next to take */
  readonly queue: number[] = [];
  head = 0;
  /** attempts queued or migrated (migratingShuffles) */
  readonly known = new Set<number>();
  /** numMigratedShuffles: blocks done (migrated or given up) */
  done = 0;
  migrated = 0;
  migratedBytes = 0;
  /** [block, peer, time] of each upload that moved an output */
  readonly moves: number[] = [];
  readonly threads: UploadThread[] = [];
  /** peers with a runnable (migrationPeers), in start order; those without a thread wait for one */
  readonly peers: number[] = [];
  readonly waiting: number[] = [];
  stopped: boolean;
  /** shuffleBlocksLeft after the latest round */
  left = true;
  private readonly random: Random;
  private readonly bytesOf = new Map<number, number>();

  constructor(readonly exec: number, readonly fault: number, seed: number, enabled: boolean) {
    this.stopped = !enabled;
    this.random = new Random(seed, 0xdec0, fault);
  }

  /** refreshMigratableShuffleBlocks: new outputs queued, threads for new peers, idle threads woken. */
  refresh(sim: Simulation): void {
    if (this.stopped) return;
    const fresh = this.storedOutputs(sim).filter((b) => !this.known.has(b.attempt));
    fresh.sort((p, q) => sim.stages[p.stage].id - sim.stages[q.stage].id || p.attempt - q.attempt);
    for (const b of fresh) {
      this.known.add(b.attempt);
      this.queue.push(this.blocks.length);
      this.blocks.push(b);
    }
    const live = livePeers(sim, this.exec);
    for (const t of this.threads) if (t.running && !live.includes(t.peer)) t.running = false;
    const added = live.filter((x) => !this.peers.includes(x));
    this.random.shuffle(added);
    for (const x of added) {
      this.peers.push(x);
      if (this.threads.filter((t) => t.running).length < sim.file.conf.decommission.maxThreads) this.startThread(sim, x);
      else this.waiting.push(x);
    }
    if (!this.threads.some((t) => t.running)) this.stopped = true;
    this.left = fresh.length > 0 || this.known.size > this.done;
    if (this.head < this.queue.length) {
      for (let t = 0; t < this.threads.length; t++) {
        const th = this.threads[t];
        if (!th.running || th.block >= 0 || th.wakeAt >= 0) continue;
        // an idle thread sleeps POLL_MS between polls from the moment it found the queue empty
        th.wakeAt = th.idleSince + POLL_MS * Math.max(1, Math.ceil((sim.now - th.idleSince) / POLL_MS));
        this.schedule(sim, t);
      }
    }
  }

  /** Thread t's event: its upload ends (the output moves to its peer) or it polls the queue. */
  wake(sim: Simulation, t: number): void {
    const th = this.threads[t];
    if (th.wakeAt !== sim.now) return;
    th.wakeAt = -1;
    if (th.block >= 0) {
      const b = this.blocks[th.block];
      th.block = -1;
      if (!livePeers(sim, this.exec).includes(th.peer)) {
        // the upload fails: the block goes back for another thread, this one ends
        th.running = false;
        if (++b.failures < MAX_FAILURES) this.queue.push(this.blocks.indexOf(b));
        else this.done++;
        this.startWaiting(sim);
        return;
      }
      this.done++;
      this.migrated++;
      this.migratedBytes += b.bytes;
      const stage = sim.stages[b.stage];
      // MapOutputTracker.updateMapOutput: only the map status of that attempt, if still registered
      if (isSuccessful(stage, b.part) && stage.outputLoc[b.part] === this.exec) {
        setOutputLoc(stage, b.part, th.peer);
        this.moves.push(this.blocks.indexOf(b), th.peer, sim.now);
      }
    }
    if (th.running) this.take(sim, t);
  }

  /** Outputs still on the executor: lost with it. */
  outputsHere(sim: Simulation): number {
    let n = 0;
    for (const s of sim.stages) {
      if (s.children.length === 0) continue;
      for (let i = 0; i < s.numTasks; i++) if (isSuccessful(s, i) && s.outputLoc[i] === this.exec) n++;
    }
    return n;
  }

  private take(sim: Simulation, t: number): void {
    const th = this.threads[t];
    if (this.head >= this.queue.length) {
      th.idleSince = sim.now;
      return;
    }
    th.block = this.queue[this.head++];
    const net = sim.file.network;
    th.wakeAt = sim.now + 2 * net.latency + Math.ceil((this.blocks[th.block].bytes * 1000) / net.bandwidth);
    this.schedule(sim, t);
  }

  private startThread(sim: Simulation, peer: number): void {
    this.threads.push({ peer, block: -1, wakeAt: -1, idleSince: sim.now, running: true });
    this.take(sim, this.threads.length - 1);
  }

  /** A pool thread freed by an ended runnable runs the next queued peer's. */
  private startWaiting(sim: Simulation): void {
    const live = livePeers(sim, this.exec);
    while (this.waiting.length > 0) {
      const x = this.waiting.shift()!;
      if (live.includes(x)) return this.startThread(sim, x);
    }
  }

  private schedule(sim: Simulation, t: number): void {
    sim.schedule(this.threads[t].wakeAt, EventKind.Decommission, this.fault * CODES + THREAD + t, false);
  }

  /** getStoredShuffles: the map outputs registered on the executor, with the attempt that wrote each. */
  private storedOutputs(sim: Simulation): Block[] {
    const log = sim.log;
    const writer = new Map<number, number>(); // stage ref * 2^24 + partition -> its last successful attempt
    for (let a = 0; a < log.length; a++) if (log.status[a] === Status.Success) writer.set(log.stage[a] * 16777216 + log.task[a], a);
    const out: Block[] = [];
    sim.stages.forEach((s, ref) => {
      if (s.children.length === 0) return;
      for (let i = 0; i < s.numTasks; i++) {
        if (!isSuccessful(s, i) || s.outputLoc[i] !== this.exec) continue;
        out.push({ stage: ref, part: i, attempt: writer.get(ref * 16777216 + i) ?? -1, bytes: this.bytes(sim, ref), failures: 0 });
      }
    });
    return out;
  }

  /** One map output's bytes: what the consumers read, spread evenly over the map tasks. */
  private bytes(sim: Simulation, ref: number): number {
    let b = this.bytesOf.get(ref);
    if (b === undefined) {
      const s = sim.stages[ref];
      let total = 0;
      for (const c of s.children) for (let i = 0; i < c.numTasks; i++) total += taskInput(c, i);
      b = s.numTasks > 0 ? total / s.numTasks : 0;
      this.bytesOf.set(ref, b);
    }
    return b;
  }
}

/** BlockManagerMasterEndpoint.getPeers: live block managers but the driver, this one and the decommissioning. */
export function livePeers(sim: Simulation, self: number): number[] {
  const out: number[] = [];
  for (const e of sim.cluster.executors) if (e.idx !== self && sim.cluster.isAlive(e)) out.push(e.idx);
  return out;
}
