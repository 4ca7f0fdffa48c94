// Cached RDD blocks of a decommissioning executor (spark.storage.decommission.rddBlocks.enabled),
// with times derived by hand from Spark 3.5.0's BlockManagerDecommissioner and BlockManager
// (src/engine/rddBlockMigration.ts cites the lines).
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../../../src/engine';
import type { DecommissionConf, JobFile } from '../../../src/format/model';
import { conf, execs, model, task } from './model';

const MIB = 1024 * 1024;
const ON: DecommissionConf = { enabled: true, storage: true, shuffleBlocks: true, rddBlocks: true, maxThreads: 8, reattemptInterval: 30_000 };

/**
 * Three executors of one core on three hosts. Job a (at 0) and job b (at 5 s) each read one cached
 * partition per executor (`exec:1`, `exec:2`, `exec:3`; 100 MiB each, 1 s tasks); executor 2 is
 * decommissioned at 2 s with a 1 min notice. 100 MiB/s, 1 ms latency.
 */
function cached(rddBlocks: boolean): JobFile {
  const read = () => [task(1000, ['exec:1'], 100 * MIB), task(1000, ['exec:2'], 100 * MIB), task(1000, ['exec:3'], 100 * MIB)];
  return model({
    executors: execs(['1', 'h1', 1], ['2', 'h2', 1], ['3', 'h3', 1]),
    conf: conf({ decommission: { ...ON, rddBlocks } }),
    network: { bandwidth: 100 * MIB, latency: 1 },
    jobs: [
      { name: 'a', submit: 0, stages: [{ name: 's', parents: [], tasks: read() }] },
      { name: 'b', submit: 5000, stages: [{ name: 's', parents: [], tasks: read() }] },
    ],
    faults: [{ executor: '2', at: 2000, kind: 'decommission', notice: 60_000 }],
  });
}

const of = (r: SimulationResult, job: string) => r.attempts.filter((a) => a.task.startsWith(`${job}/`))
  .map((a) => `${a.task} e${a.executor} ${a.launch}-${a.end} ${a.locality}`).sort();

describe('cached RDD blocks migrate during the notice', () => {
  it('job b\'s task finds the block on the peer it moved to, PROCESS_LOCAL, and the executor exits once it moved', () => {
    const r = simulate(cached(true));
    const d = r.faults[0].decommission!;
    // Job a ran 0-1000, one task on each executor (its blocks are read, its stage is done). At the
    // notice (2000) the RDD thread's first round (rddBlockMigrationRunnable) finds one cached block
    // on executor 2 of a stage not yet done: b/s/1's. replicateBlock uploads it to one live peer
    // (1 or 3, at random) with one uploadBlockSync: 1 ms + 100 MiB / 100 MiB/s = 1001 ms, so it
    // moves at 3001; the block is removed from executor 2 and the master lists it on the peer.
    expect(d.cachedBlocks).toMatchObject({ migrated: 1, bytes: 100 * MIB, moves: [{ task: 'b/s/1', at: 3001 }] });
    const peer = d.cachedBlocks!.moves[0].to;
    expect(['1', '3']).toContain(peer);
    // The exit (CoarseGrainedExecutorBackend.scala:350-377, checks at 3000, 4000...): at 3000
    // the RDD round is still uploading (lastRDDMigrationTime not set yet); at 4000 both runnables'
    // last rounds started at 2000, after the last busy check (none: idle since 1000), and
    // nothing is left: it exits at 4000 and is removed at once. Nothing is lost.
    expect(d).toMatchObject({ exit: 'migrated', exitAt: 4000, lostOutputs: 0 });
    expect(r.faults[0]).toMatchObject({ detectedAt: 4000, lostTasks: [] });
    // Job b at 5000 (clearCacheLocs at job submission, then getCacheLocs): b/s/1 prefers the
    // peer. Executors 1 and 3 are offered; each pending list pops its lowest index: on the peer
    // b/s/1 comes before the peer's own task when the peer is 3 (index 1 < 2), after it when
    // the peer is 1 (index 0 < 1). The task left waits for its own executor (PROCESS_LOCAL is
    // valid and its wait is 3 s), which frees at 6000. Every task reads its block in memory.
    expect(of(r, 'b')).toEqual(peer === '1'
      ? ['b/s/0 e1 5000-6000 PROCESS_LOCAL', 'b/s/1 e1 6000-7000 PROCESS_LOCAL', 'b/s/2 e3 5000-6000 PROCESS_LOCAL']
      : ['b/s/0 e1 5000-6000 PROCESS_LOCAL', 'b/s/1 e3 5000-6000 PROCESS_LOCAL', 'b/s/2 e3 6000-7000 PROCESS_LOCAL']);
    expect(r.metrics.makespan).toBe(7000);
  });

  it('without rddBlocks a task set created during the notice waits for the decommissioning executor\'s block, and gets it on the peer with them', () => {
    // Executor 2 is kept busy to 10000 (a/s/1 runs 10 s), so it is still decommissioning when
    // job b comes at 5000.
    const busy = (rddBlocks: boolean): JobFile => {
      const m = cached(rddBlocks);
      const [a, b] = m.jobs;
      const tasks = (a.stages[0].tasks as ReturnType<typeof task>[]).map((t, i) => (i === 1 ? task(10_000, ['exec:2'], 100 * MIB) : t));
      return { ...m, jobs: [{ ...a, stages: [{ ...a.stages[0], tasks }] }, b] };
    };
    // Off: b/s/1 prefers executor 2, which is not alive for locality (isExecutorAlive) but its
    // task set still has PROCESS_LOCAL (executors 1 and 3 are wanted) and NODE_LOCAL (h1, h3)
    // levels: b/s/0 and b/s/2 launch at 5000, b/s/1 is declined at 6000 (the level is
    // PROCESS_LOCAL until 5000 + 3 s), waits NODE_LOCAL from 8000 to 11000 (no reset: it was
    // declined, TaskSchedulerImpl.scala:614-624), and launches ANY at the revive tick at 11000,
    // reading its 100 MiB remotely: 1000 + 1 + 1000 ms.
    const off = simulate(busy(false));
    expect(off.faults[0].decommission!.cachedBlocks).toBeUndefined();
    const b1 = off.attempts.find((a) => a.task === 'b/s/1')!;
    expect([b1.launch, b1.end, b1.locality]).toEqual([11_000, 13_001, 'ANY']);
    // On: the RDD round at 2000 replicates the blocks of stages not done, by stage then
    // partition: a/s/1's (its stage runs) 2000-3001, then b/s/1's 3001-4002; job b's task set
    // (5000) finds b/s/1 on the peer, PROCESS_LOCAL, by 6000 at the latest (as in the first test).
    const on = simulate(busy(true));
    const moves = on.faults[0].decommission!.cachedBlocks!.moves;
    expect(moves.map((m) => [m.task, m.at])).toEqual([['a/s/1', 3001], ['b/s/1', 4002]]);
    const onB1 = on.attempts.find((a) => a.task === 'b/s/1')!;
    expect([onB1.executor, onB1.locality, onB1.end - onB1.launch]).toEqual([moves[1].to, 'PROCESS_LOCAL', 1000]);
    expect(onB1.launch).toBeLessThanOrEqual(6000);
    // the run ends with a/s/1 at 10000, not with b/s/1 at 13001
    expect([on.metrics.makespan, off.metrics.makespan]).toEqual([10_000, 13_001]);
  });
});

describe('a migrated cached block keeps its peer from an idle release (dynamic allocation)', () => {
  it('the peer that received the block is kept from the idle release (cachedExecutorIdleTimeout, unset: never): job b runs on it at its submission', () => {
    // Executors 1-3 (one core); only a/s/0 and b/s/0 read a block cached on executor 2. Job a at
    // 0 (1 s tasks, one per executor), executor 2 decommissioned at 2 s: its RDD round replicates
    // b/s/0's block to executor 1 or 3 (2000-3001). Executors 1 and 3 are idle from 1000; with
    // executorIdleTimeout 10 s the one without a cached block is released at 11000
    // (ExecutorMonitor: its timeout is executorIdleTimeout), the peer holds a cached block
    // (onBlockUpdated) so its timeout is cachedExecutorIdleTimeout (unset: never).
    const m = cached(true);
    const [a, b] = m.jobs;
    const file: JobFile = {
      ...m,
      conf: conf({ decommission: ON, dynamicAllocation: { ...conf().dynamicAllocation, enabled: true, executorIdleTimeout: 10_000 } }),
      jobs: [
        { ...a, stages: [{ ...a.stages[0], tasks: [task(1000), task(1000, ['exec:2'], 100 * MIB), task(1000)] }] },
        { ...b, submit: 30_000, stages: [{ ...b.stages[0], tasks: [task(1000, ['exec:2'], 100 * MIB)] }] },
      ],
    };
    const r = simulate(file);
    const peer = r.faults[0].decommission!.cachedBlocks!.moves[0].to;
    // Had the peer been released with the other (at 11000, as before the block moved), job b
    // (30000) would find no executor: a request after its 1 s backlog and a new executor 2 s
    // later (standalone). It runs at its submission on the peer instead, and no executor is added.
    expect(r.executors.map((e) => e.id)).toEqual(['1', '2', '3']);
    // job b (30 s) reads its block on the peer, PROCESS_LOCAL
    expect(r.attempts.find((x) => x.task === 'b/s/0')).toMatchObject({ executor: peer, locality: 'PROCESS_LOCAL', launch: 30_000 });
  });
});
