// A stage keeps its tasks' ready times as 32-bit integers (ms) while they fit, and in doubles
// from the first time that does not (workload.ts readyTimes, issue #17): the result is the same.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine';
import { makeStage, setReadyAt } from '../../../src/engine/workload';
import { conf, execs, model, task } from './model';

const DAY = 24 * 3600 * 1000;

describe('ready times narrowed to 32 bits while they fit', () => {
  it('widens a stage to doubles at the first time past 2^32 ms or with a fraction, keeping the values', () => {
    const stage = makeStage(0, 's', 'j/s', new Int32Array(3), Float64Array.of(0), new Int32Array(4), new Int32Array(0));
    setReadyAt(stage, 0, 1000);
    expect(stage.readyAt).toBeInstanceOf(Uint32Array);
    setReadyAt(stage, 1, 2 ** 32 + 5);
    expect(stage.readyAt).toBeInstanceOf(Float64Array);
    setReadyAt(stage, 2, 2.5);
    expect([...stage.readyAt]).toEqual([1000, 2 ** 32 + 5, 2.5]);
  });

  it('a job submitted after 49.7 days (2^32 ms) has its submission time as its tasks\' readyAt', () => {
    // one slot: the second task waits for the first (100 ms); both became ready at the submission
    // (a launch offers the freed slot at once: the revive ticks, every 10 days here, play no part)
    const submit = 50 * DAY;
    const r = simulate(model({
      executors: execs(['1', 'h1', 1]), conf: conf({ reviveInterval: 10 * DAY }),
      jobs: [{ name: 'late', submit, stages: [{ name: 's', parents: [], tasks: [task(100), task(100)] }] }],
    }), { maxTimeMs: 60 * DAY });
    expect(r.attempts.map((a) => [a.readyAt, a.launch, a.end])).toEqual([[submit, submit, submit + 100], [submit, submit + 100, submit + 200]]);
  });
});
