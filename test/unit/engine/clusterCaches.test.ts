// What the cluster keeps instead of working it out at each use (src/engine/cluster.ts): each
// executor's host (`execHost`, read per offer by TaskSetManager.findsNothing) and the live
// executors (`liveExecutors`, a block's peers, blockGenerator.ts). Both must equal what the
// executors say after every change of an executor, in a run and in its forks, and a fork's
// change must not reach its base. These fail when a change does not replace or drop them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultFreeMakespan, newBase, runFork } from '../../../src/engine/analysis/sweep';
import { Cluster, ExecState } from '../../../src/engine/cluster';
import { EventKind } from '../../../src/engine/eventQueue';
import { Random } from '../../../src/engine/random';
import type { Simulation } from '../../../src/engine/simulation';
import type { FaultKind } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format';

const root = join(__dirname, '../../..');

/** The caches and what they stand for, recomputed from the executors. */
function compare(c: Cluster, what: string): void {
  expect(Array.from(c.liveExecutors()), what).toEqual(c.executors.filter((e) => c.isAlive(e)).map((e) => e.idx));
  expect([...c.execHost], what).toEqual(c.executors.map((e) => e.host));
}

describe('Cluster.execHost, Cluster.liveExecutors and the host lists', () => {
  it('equal the executors\' hosts and live set after every change, over random clusters', () => {
    const rng = new Random(17);
    let changed = 0;
    for (let k = 0; k < 200; k++) {
      const c = new Cluster(1);
      const steps = 5 + rng.int(60);
      for (let s = 0; s < steps; s++) {
        const n = c.executors.length;
        const r = n === 0 ? 0 : rng.int(7);
        const e = n === 0 ? null : c.own(rng.int(n));
        const before = Array.from(c.liveExecutors());
        if (r === 0 || e === null) {
          const id = `${n + 1}`;
          c.add({ id, host: `h${rng.int(6)}`, cores: 2, joinAt: 0 }, id, rng.int(2));
        } else if (r === 1) c.register(e, s);
        else if (r === 2 && e.state !== ExecState.Removed) c.remove(e, s);
        else if (r === 3 && !e.decommissioning && e.state !== ExecState.Removed) c.decommission(e);
        else if (r === 4) c.setState(e, ExecState.Hung); // (a pending one too: it then counts as alive)
        else if (r === 5) c.setState(e, ExecState.Crashed);
        compare(c, `cluster ${k}, step ${s}`);
        if (before.join() !== Array.from(c.liveExecutors()).join()) changed++;
      }
    }
    expect(changed).toBeGreaterThan(500);
  });

  it('are a fork\'s own once it changes them, its base\'s unchanged (streaming and dynamic allocation examples)', () => {
    let forks = 0;
    for (const f of ['kafka-direct', 'streaming-receiver', 'yarn-dynamic-allocation', 'spot-decommission']) {
      const m = parseJobFile(readFileSync(join(root, 'examples', `${f}.sparkjob.yaml`), 'utf8')).model!;
      for (const frac of [0.2, 0.5]) {
        const at = Math.floor(faultFreeMakespan(m) * frac);
        const base: Simulation = newBase(m);
        base.runUntil(at, EventKind.Fault);
        base.cluster.liveExecutors(); // (asked for before the forks: then shared with them)
        const live = Array.from(base.cluster.liveExecutors());
        const hosts = [...base.cluster.execHost];
        const kinds: FaultKind[] = ['crash', 'hang', 'node', ...(m.conf.decommission.enabled ? ['decommission' as const] : [])];
        for (const e of base.cluster.executors) {
          if (e.state !== ExecState.Alive) continue;
          for (const kind of kinds) {
            const run = runFork(base, e.id, at, kind, undefined, kind === 'decommission' ? 2000 : undefined, true);
            compare(run.sim.cluster, `${f} at ${at}: ${kind} of ${e.id}`);
            expect(Array.from(base.cluster.liveExecutors()), f).toEqual(live);
            expect([...base.cluster.execHost], f).toEqual(hosts);
            forks++;
          }
        }
        base.run();
        compare(base.cluster, `${f}: the base run to its end`);
      }
    }
    expect(forks).toBeGreaterThan(40);
  });

  it('leaves the host lists it gave to forks unchanged: a host, a rack or a host\'s rack added after goes to copies', () => {
    const c = new Cluster(1);
    c.add({ id: '1', host: 'h1', cores: 2, joinAt: 0 }, '1', 0);
    c.add({ id: '2', host: 'h2', rack: 'r1', cores: 2, joinAt: 0 }, '2', 0);
    const given = () => [c.hostNames, c.hostRack, c.rackNames];
    const lists = (ls: unknown[][]) => ls.map((l) => [...l]);
    let shared = given();
    c.sharedWithForks();
    const before = lists(shared);
    c.add({ id: '3', host: 'h1', cores: 2, joinAt: 0 }, '3', 0); // (nothing new: no copy needed)
    c.add({ id: '4', host: 'h1', rack: 'r2', cores: 2, joinAt: 0 }, '4', 0); // a rack, and h1's rack
    expect(lists(shared)).toEqual(before);
    expect(lists(given())).toEqual([['h1', 'h2'], [1, 0], ['r1', 'r2']]);
    shared = given();
    c.sharedWithForks();
    c.add({ id: '5', host: 'h3', cores: 2, joinAt: 0 }, '5', 0); // a host
    expect(lists(shared)).toEqual([['h1', 'h2'], [1, 0], ['r1', 'r2']]);
    expect(lists(given())).toEqual([['h1', 'h2', 'h3'], [1, 0, -1], ['r1', 'r2']]);
  });
});
