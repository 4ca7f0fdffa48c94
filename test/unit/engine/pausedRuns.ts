// Every example, fixture and bench file's run, paused at a third and two thirds of its
// fault-free makespan: where the tests of what a fork shares with its base look (noneLists,
// taskSetLevels). The caller forks the paused run; it is run to its end after the callback.
import { readFileSync } from 'node:fs';
import { newBase } from '../../../src/engine/analysis/sweep';
import { EventKind } from '../../../src/engine/eventQueue';
import type { Simulation } from '../../../src/engine/simulation';
import type { JobFile } from '../../../src/format/model';
import { parseJobFile } from '../../../src/format/parse';
import { queriesYaml, streamingYaml } from '../../../bench/workloads';
import { exampleAndFixtureFiles } from './jobFiles';

/** Calls `each` with every paused run; returns how many (each then run to its end). */
export function forEachPausedRun(each: (model: JobFile, base: Simulation, at: number) => void): number {
  const texts = [...exampleAndFixtureFiles.map((f) => readFileSync(f, 'utf8')), streamingYaml(), queriesYaml(40)];
  let runs = 0;
  for (const text of texts) {
    const model = parseJobFile(text).model;
    if (!model) continue;
    const plain = newBase(model);
    plain.run();
    const makespan = plain.makespan;
    for (const at of [Math.floor(makespan / 3), Math.floor((2 * makespan) / 3)]) {
      const base = newBase(model);
      if (base.runUntil(at, EventKind.Fault)) continue; // (ended before it)
      each(model, base, at);
      base.run();
      runs++;
    }
  }
  return runs;
}
