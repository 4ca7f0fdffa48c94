// Cached RDD block migration of a decommissioning executor, after Spark 3.5.0's
// core/src/main/scala/org/apache/spark/storage/BlockManagerDecommissioner.scala
// (rddBlockMigrationRunnable, decommissionRddCacheBlocks, migrateBlock) and BlockManager.scala
// (replicateBlock, replicate):
// - one thread (block-manager-decommission-rdd) runs rounds: at the start, and
//   spark.storage.decommission.replicationReattemptInterval after the end of each round (it sleeps
//   after the round's work, so the rounds drift by the time the uploads take); with no live peer
//   it stops for good (stoppedRDD);
// - a round asks the master for the cached RDD blocks still on the executor
//   (getReplicateInfoForRDDBlocks: maxReplicas = its locations + 1, the others are existing
//   replicas) and replicates them one after another: each to one peer not already holding it,
//   chosen at random (RandomBlockReplicationPolicy), one uploadBlockSync (latency + bytes /
//   bandwidth); a failed upload tries another peer, up to maxReplicationFailuresForDecommission
//   (3) failures; a replicated block is removed from the executor, so the master lists it on the
//   peer only. rddBlocksLeft is whether some block failed; lastRDDMigrationTime is the round's
//   start, set when the round ends (decommission.ts compares it with the last busy check);
// - DAGScheduler.getCacheLocs reads the master's locations when a task set is created (its cache
//   is cleared at every job submission, map stage completion and executor loss), so a task set
//   created after the upload prefers the peer; a running task set keeps the locations it had.
// In the format a cached block is a task's `exec:` preference (`prefer`) in a batch stage (or a
// streaming stage's `tasks:`): each task of a stage not yet done that prefers the executor is one
// block of the task's `input` bytes (the format does not say which RDD it is: two stages reading
// one cached partition count as two blocks).
import { Random } from './random';
import type { Simulation } from './simulation';
import { codeAt, prefFrom, Pref, StageKind, taskInput, type Stage } from './workload';
import { livePeers } from './blockManagerDecommissioner';

/** maxReplicationFailuresForDecommission (spark.storage.decommission.maxReplicationFailuresPerBlock, internal, 3) */
const MAX_FAILURES = 3;

export class RddMigration {
  /** stoppedRDD: off, or no peer left */
  stopped: boolean;
  /** rddBlocksLeft after the latest round */
  left = true;
  /** lastRDDMigrationTime: the start of the latest finished round */
  lastRound = -Infinity;
  /** when the next round is due (-1: none) */
  nextRound = -1;
  migratedBytes = 0;
  /** [stage ref, partition, peer, time] of each replicated block */
  readonly moves: number[] = [];
  /** the round under way: its start, its blocks ([stage ref, partition]...), the next to take, its failures */
  private roundStart = -1;
  private blocks: number[] = [];
  private next = 0;
  private failed = 0;
  /** the upload under way: its peer, its end, and the peers that failed it */
  private peer = -1;
  uploadEnd = -1;
  private tried: number[] = [];
  private readonly random: Random;

  constructor(readonly exec: number, fault: number, seed: number, enabled: boolean) {
    this.stopped = !enabled;
    this.random = new Random(seed, 0xcac4e, fault);
  }

  /** blocks replicated (read once, for the result: a counter beside `moves` could only drift from it) */
  get migrated(): number {
    return this.moves.length / 4;
  }

  /** A round starts: the blocks still on the executor, uploaded one after another. */
  round(sim: Simulation): void {
    if (this.stopped) return;
    if (livePeers(sim, this.exec).length === 0) {
      this.stopped = true;
      this.nextRound = -1;
      return;
    }
    this.roundStart = sim.now;
    this.nextRound = -1;
    this.blocks = this.cachedHere(sim);
    this.next = 0;
    this.failed = 0;
    this.take(sim);
  }

  /** The upload under way ends: the block moves to its peer, or (peer gone) another peer is tried. */
  uploaded(sim: Simulation): void {
    if (sim.now !== this.uploadEnd) return;
    this.uploadEnd = -1;
    const ref = this.blocks[2 * (this.next - 1)];
    const i = this.blocks[2 * (this.next - 1) + 1];
    if (!livePeers(sim, this.exec).includes(this.peer)) {
      this.tried.push(this.peer);
      if (this.tried.length <= MAX_FAILURES && this.upload(sim, ref, i)) return;
      this.failed++;
      return this.take(sim);
    }
    relocate(sim.stages[ref], i, this.exec, this.peer);
    // ExecutorMonitor.onBlockUpdated: the peer now holds a cached block (cachedExecutorIdleTimeout)
    sim.allocation?.cached.add(this.peer);
    this.migratedBytes += taskInput(sim.stages[ref], i);
    this.moves.push(ref, i, this.peer, sim.now);
    this.take(sim);
  }

  /** The next block of the round, or the round's end (then the thread sleeps the interval). */
  private take(sim: Simulation): void {
    while (this.next < this.blocks.length / 2) {
      const ref = this.blocks[2 * this.next];
      const i = this.blocks[2 * this.next + 1];
      this.next++;
      this.tried = [];
      if (this.upload(sim, ref, i)) return;
      this.failed++; // no peer without a copy: replicate gives up at once
    }
    this.left = this.failed > 0;
    this.lastRound = this.roundStart;
    this.nextRound = sim.now + sim.file.conf.decommission.reattemptInterval;
  }

  /** replicate: one upload to a random live peer that neither holds the block nor failed it. */
  private upload(sim: Simulation, ref: number, i: number): boolean {
    const stage = sim.stages[ref];
    const holders = new Set<number>(this.tried);
    for (let p = prefFrom(stage.ownPrefStart, i); p < prefFrom(stage.ownPrefStart, i + 1); p++) {
      const code = codeAt(stage.ownPrefData, p);
      if ((code & 3) === Pref.EXEC) holders.add(code >> 2);
    }
    const peers = livePeers(sim, this.exec).filter((x) => !holders.has(x));
    if (peers.length === 0) return false;
    this.peer = peers[this.random.int(peers.length)];
    const net = sim.file.network;
    this.uploadEnd = sim.now + net.latency + Math.ceil((taskInput(stage, i) * 1000) / net.bandwidth);
    return true;
  }

  /** getMigratableRDDBlocks: the cached blocks on the executor, by stage then partition. */
  private cachedHere(sim: Simulation): number[] {
    const out: number[] = [];
    sim.stages.forEach((s, ref) => {
      if (s.done || (s.kind !== StageKind.Batch && s.kind !== StageKind.Tasks)) return;
      for (let i = 0; i < s.numTasks; i++) {
        for (let p = prefFrom(s.ownPrefStart, i); p < prefFrom(s.ownPrefStart, i + 1); p++) {
          if (codeAt(s.ownPrefData, p) === ((this.exec << 2) | Pref.EXEC)) {
            out.push(ref, i);
            break;
          }
        }
      }
    });
    return out;
  }
}

/**
 * The master now lists the block on `to`, not on `from`: the stage's own preferences get new
 * arrays (forks and running task sets keep the old ones), read by the next task set's getCacheLocs.
 */
function relocate(stage: Stage, i: number, from: number, to: number): void {
  const own = stage.ownPrefData;
  if (own instanceof Uint32Array) return; // (packed: hosts only, no block on an executor)
  const data = own.slice();
  const fromCode = (from << 2) | Pref.EXEC;
  for (let p = prefFrom(stage.ownPrefStart, i); p < prefFrom(stage.ownPrefStart, i + 1); p++) if (data[p] === fromCode) data[p] = (to << 2) | Pref.EXEC;
  stage.ownPrefData = data;
}
