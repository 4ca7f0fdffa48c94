// blockHolders draws a block's peers without allocating (a reused generator and peer buffer, the
// block id's hash continued from its prefix): it must choose exactly what the plain policy
// chooses, a new generator seeded with the block id's string hash shuffling a fresh list of the
// peers (RandomBlockReplicationPolicy.prioritize, BlockManager#replicate's failure limit), after
// the receiver's own executor.
import { describe, expect, it } from 'vitest';
import { Cluster, ExecState } from '../../../src/engine/cluster';
import { hashMore, hashMoreInt, hashString, HASH_START, Random } from '../../../src/engine/random';
import { blockHolders, ReplicaMemo } from '../../../src/engine/streaming/blockGenerator';

/** The policy written plainly: every alive peer, shuffled by the block id's generator, then the failure limit. */
function plainPeers(cluster: Cluster, self: number, n: number, seed: number, inputName: string, tick: number): number[] {
  if (n <= 0) return [];
  const peers = cluster.executors.filter((e) => e.idx !== self && cluster.isAlive(e)).map((e) => e.idx);
  new Random(seed, hashString(`input-${inputName}-${tick}`)).shuffle(peers);
  const out: number[] = [];
  let failures = 0;
  for (const x of peers) {
    if (out.length === n) break;
    if (cluster.executors[x].state === ExecState.Alive) out.push(x);
    else if (++failures > 1) break;
  }
  return out;
}

/** `count` executors, in states and with decommissions drawn from `rng` (every state the driver knows). */
function randomCluster(rng: Random, count: number): Cluster {
  const c = new Cluster(1);
  for (let i = 0; i < count; i++) {
    const e = c.add({ id: `${i + 1}`, host: `h${i % 5}`, cores: 2, joinAt: 0 }, `${i + 1}`, 0);
    const r = rng.int(10);
    if (r === 0) continue; // pending
    c.register(e, 0);
    if (r === 1) e.state = ExecState.Hung;
    else if (r === 2) e.state = ExecState.Crashed;
    else if (r === 3) c.remove(e, 1);
    else if (r === 4) c.decommission(e);
  }
  return c;
}

describe('blockHolders (RandomBlockReplicationPolicy without allocation)', () => {
  it('chooses the same peers as the plain policy over seeds, ticks, inputs, replications and executor sets', () => {
    const rng = new Random(2024);
    let compared = 0;
    let withFailures = 0;
    for (let k = 0; k < 400; k++) {
      const count = 1 + rng.int(k < 200 ? 12 : 150); // past the first scratch buffer too
      const cluster = randomCluster(rng, count);
      const self = rng.int(count);
      const n = rng.int(4);
      const seed = k % 7 === 0 ? -rng.int(1000) : k % 5 === 0 ? 2 ** 40 + rng.int(1000) : rng.int(1 << 30);
      const tick = k % 11 === 0 ? rng.int(1000) + 0.5 : k % 13 === 0 ? 2 ** 33 + rng.int(1000) : rng.int(10 ** (1 + (k % 9)));
      const name = ['rx', 'socket', 'événements', ''][k % 4];
      const expected = plainPeers(cluster, self, n, seed, name, tick);
      expect(blockHolders(cluster, self, n, seed, name, tick, null, 0)).toEqual([self, ...expected]);
      compared++;
      if (expected.length < n) withFailures++;
    }
    expect(compared).toBe(400);
    expect(withFailures).toBeGreaterThan(20); // the failure limit and short peer lists were met
  });

  // (interval 0: every tick in the memo's Maps; 200: every tick on its grid; 400: half of them)
  it.each([0, 200, 400])('with a memo of the shuffles drawn (a run and its forks, interval %i): the same peers, whatever executors the memo entries were drawn with', (interval) => {
    const rng = new Random(77);
    const memo = new ReplicaMemo(11, interval);
    let hits = 0;
    for (let k = 0; k < 600; k++) {
      // few ticks and peer counts, so that most draws are met again with other executor sets
      const count = 20 + rng.int(3);
      const cluster = randomCluster(rng, count);
      const self = rng.int(count);
      const n = 1 + rng.int(3);
      const tick = 200 * rng.int(8);
      const name = k % 2 === 0 ? 'rx1' : 'rx2';
      const before = memo.size;
      expect(blockHolders(cluster, self, n, 11, name, tick, memo, k % 2)).toEqual([self, ...plainPeers(cluster, self, n, 11, name, tick)]);
      if (memo.size === before) hits++;
      // another seed than the memo's: drawn, not read from it
      expect(blockHolders(cluster, self, n, 12, name, tick, memo, k % 2)).toEqual([self, ...plainPeers(cluster, self, n, 12, name, tick)]);
    }
    expect(hits).toBeGreaterThan(300);
  });

  it('gives the same answer twice in a row (its scratch state does not leak between calls)', () => {
    const cluster = randomCluster(new Random(5), 40);
    const first = blockHolders(cluster, 3, 2, 9, 'rx', 1200, null, 0);
    blockHolders(cluster, 7, 3, 10, 'other', 77, null, 1);
    expect(blockHolders(cluster, 3, 2, 9, 'rx', 1200, null, 0)).toEqual(first);
  });
});

describe('Random.reseed2 and the continued string hash', () => {
  it('reseed2 gives the stream of new Random with the same two seeds', () => {
    const r = new Random(1);
    for (const [a, b] of [[0, 0], [7, 123456789], [-5, 2 ** 32 - 1], [2 ** 40 + 3, 17], [1.5, -2.25]]) {
      r.reseed2(a, b);
      const fresh = new Random(a, b);
      for (let i = 0; i < 20; i++) expect(r.nextU32()).toBe(fresh.nextU32());
    }
  });

  it('hashMore continues FNV-1a: a prefix state continued with the rest is the whole string hash', () => {
    for (const s of ['', 'input-rx-', 'input-rx-200', 'événements-42']) {
      for (let cut = 0; cut <= s.length; cut++) {
        expect(hashMore(hashMore(HASH_START, s.slice(0, cut)), s.slice(cut)) >>> 0).toBe(hashString(s));
      }
    }
    for (const n of [0, 9, 10, 99, 100, 12345, 2 ** 31 - 1, 2 ** 31, -4, 0.5, 1e21]) {
      expect(hashMoreInt(hashMore(HASH_START, 'x-'), n) >>> 0).toBe(hashString(`x-${n}`));
    }
  });
});
