// A rack preference no executor is on (an imported task that launched ANY: its data's racks ran no
// executor). Spark keeps the task in pendingTasksForRack under that rack (TaskSetManager
// .addPendingTask, whatever is alive), and getAllowedLocalityLevel's moreTasksToRunIn counts it as
// work at RACK_LOCAL without asking whether the rack is alive (SPARK-4939 skips a level only when
// its lists are empty): the task set stays at RACK_LOCAL for spark.locality.wait.rack while another
// task can run rack-local, and the task itself never matches an offer, so it runs at ANY.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import type { SimulationResult } from '../../../src/engine';
import { conf, execs, model, task } from './model';

function trace(r: SimulationResult): string[] {
  return [...r.attempts]
    .sort((a, b) => a.launch - b.launch || a.task.localeCompare(b.task))
    .map((a) => `${a.task.split('/').pop()} e${a.executor} ${a.launch}-${a.end} ${a.locality}`);
}

const run = (prefs: string[][], spark: '2.2' | '3.5') => simulate(model({
  spark,
  executors: execs(['1', 'a', 1, 'r1'], ['2', 'b', 1, 'r1']),
  conf: conf({ localityWait: { process: 3000, node: 3000, rack: 3000 } }),
  jobs: [{ name: 'j', submit: 0, stages: [{ name: 's', parents: [], tasks: prefs.map((p, i) => task(i === 0 ? 5000 : 1000, p)) }] }],
}));

describe('a rack preference no executor is on', () => {
  for (const spark of ['2.2', '3.5'] as const) {
    it(`${spark}: keeps its task set at RACK_LOCAL for the rack wait; it runs ANY at the revive tick after it`, () => {
      // t=0: levels [RACK_LOCAL, ANY] (no exec/host preference, no task without one). Task 0 takes
      // the first executor offered at RACK_LOCAL; the other executor has nothing rack-local, and
      // tasks 1 and 2 keep the level for 3 s from that launch. The revive tick at 3 s allows ANY:
      // task 1 on the free executor; task 2 after it there at 4 s (the other slot is busy to 5 s).
      const r = run([['rack:r1'], ['rack:off-cluster'], ['rack:off-cluster']], spark);
      const t = trace(r);
      expect(t[0]).toMatch(/^0 e[12] 0-5000 RACK_LOCAL$/);
      const first = t[0].split(' ')[1];
      const other = first === 'e1' ? 'e2' : 'e1';
      expect(t.slice(1)).toEqual([`1 ${other} 3000-4000 ANY`, `2 ${other} 4000-5000 ANY`]);
    });
  }
  it('tasks without any preference instead run at once (NO_PREF before RACK_LOCAL, reported PROCESS_LOCAL): the difference the import relies on', () => {
    // levels [NO_PREF, RACK_LOCAL, ANY]: resourceOffers tries NO_PREF first, so tasks 1 and 2 take
    // both slots at 0 (dequeueTask reports a noPrefs task PROCESS_LOCAL); task 0 runs rack-local
    // when the first slot frees at 1 s
    const r = run([['rack:r1'], [], []], '3.5');
    const t = trace(r).map((x) => x.replace(/ e[12] /, ' '));
    expect(t).toEqual(['1 0-1000 PROCESS_LOCAL', '2 0-1000 PROCESS_LOCAL', '0 1000-6000 RACK_LOCAL']);
  });
});
