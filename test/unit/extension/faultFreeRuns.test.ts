// A check simulates the file's fault-free run once (issue #17): the editor's background check
// (its first phase, the file's own faults, then its sweep phase, in one worker), its Run Fault
// Sweep (the sweep and the advisor), `sparkjob check` and `sparkjob sweep`. The fault-free run is
// counted as the engine runs it: a Simulation of the file, from time zero, with no fault, run to
// its end (the sweep's forks carry their fault; its copies and paused bases are not run to the end;
// the advisor's other runs change the cluster or the locality waits). Two known repeats, both in
// a stateful query's locality-wait trade-off (SJ310, stateLocality.ts), whose `cost` (full runs
// and forks) `sparkjob sweep --json` prints, so that handing it the run would change that output:
// under `sparkjob sweep` it runs its own fault-free base, and its rung with
// spark.locality.wait.node = 0 is the file's own run when the file's node wait is 0 already.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobFile, type JobFile } from '../../../src/format';
import { Simulation } from '../../../src/engine/simulation';
import { runAnalysis } from '../../../src/extension/core/analysis';
import { checkText } from '../../../src/checkFile';
import { parallelSweep } from '../../../src/cli/parallelSweep';
import { advise } from '../../../src/engine/analysis/advisor';
import { hasStatefulQuery } from '../../../src/engine/analysis/stateLocality';

const OPTS = { maxAttempts: 1_000_000, defaultSpark: '3.5' as const, keepAttempts: 20_000 };

const files = [
  ...readdirSync('examples').filter((f) => f.endsWith('.sparkjob.yaml')).map((f) => join('examples', f)),
  'test/fixtures/two-stage-racks.sparkjob.yaml', 'test/fixtures/skewed-shuffle.sparkjob.yaml', 'test/webview/stateful-canvas.sparkjob.yaml',
];

/** the run's inputs but its faults (a stateful trade-off's copy of the file may spell its waits' keys differently in `raw`) */
const fingerprint = (f: JobFile) => JSON.stringify({ ...f, faults: [], conf: { ...f.conf, raw: {} } });

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Counts the fault-free runs of `model` to their end while `body` runs. */
async function faultFreeRuns(model: JobFile, body: () => unknown): Promise<number> {
  const fp = fingerprint(model);
  const reserved = model.recovery.policy === 'reserved-slots';
  const run = Simulation.prototype.run;
  let n = 0;
  const spy = vi.spyOn(Simulation.prototype, 'run').mockImplementation(function (this: Simulation) {
    if (this.faults.length === 0 && this.spark === model.spark && this.reservedPolicy === reserved && fingerprint(this.file) === fp) n++;
    run.call(this);
  });
  restore = () => spy.mockRestore();
  await body();
  spy.mockRestore();
  return n;
}

/** The file with its `faults:` section emptied: its own run is then the fault-free one. */
function withoutFaults(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('faults:'));
  let end = at + 1;
  while (end < lines.length && /^([ #-]|$)/.test(lines[end])) end++;
  return [...lines.slice(0, at), 'faults: []', ...lines.slice(end)].join('\n');
}

const cases = files.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [{ file, text }, { file: `${file} without its faults`, text: withoutFaults(text) }];
});

describe('the fault-free run, once per check', () => {
  it('has files with and without faults, with and without the sweep', () => {
    const models = cases.map((c) => parseJobFile(c.text)).map((p) => {
      expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return p.model!;
    });
    expect(models.filter((m) => m.faults.length === 0 && m.analysis.sweep).length).toBeGreaterThan(5);
    expect(models.filter((m) => m.faults.length > 0 && m.analysis.sweep).length).toBeGreaterThan(5);
    expect(models.filter((m) => !m.analysis.sweep).length).toBeGreaterThan(2);
  });

  for (const { file, text } of cases) {
    const parsed = parseJobFile(text).model!;
    // the editor's model: `spark:` from the setting when the file has none (runAnalysis)
    const model = /^spark:/m.test(text) ? parsed : { ...parsed, spark: OPTS.defaultSpark };
    // a file with no fault simulates the fault-free run as its own; one with faults, for the sweep
    const checked = (m: JobFile, sweep: boolean) => (m.faults.length === 0 || sweep ? 1 : 0);
    const stateful = hasStatefulQuery(parsed);
    const nodeZeroRung = stateful && parsed.conf.localityWait.node === 0 ? 1 : 0;
    // (the file's own run serves the trade-off when its levels agree: true of these files)
    const lw = parsed.conf.localityWait;
    if (stateful) expect(lw.process === lw.node && lw.node === lw.rack, file).toBe(true);

    it(`${file}: the editor's background check (both phases in one worker)`, async () => {
      const n = await faultFreeRuns(model, () => {
        const first = runAnalysis(text, { ...OPTS, sweepFollows: model.analysis.sweep });
        expect(first.status).toBe('ok');
        if (model.analysis.sweep) expect(runAnalysis(text, { ...OPTS, sweep: true }).status).toBe('ok');
      });
      expect(n).toBe(checked(model, model.analysis.sweep) + (model.analysis.sweep ? nodeZeroRung : 0));
    });

    it(`${file}: Run Fault Sweep (the sweep and the advisor)`, async () => {
      const n = await faultFreeRuns(model, () => expect(runAnalysis(text, { ...OPTS, sweep: true, advise: true }).status).toBe('ok'));
      expect(n).toBe(1 + nodeZeroRung);
    });

    it(`${file}: sparkjob check`, async () => {
      const n = await faultFreeRuns(parsed, () => checkText(text));
      expect(n).toBe(checked(parsed, parsed.analysis.sweep) + (parsed.analysis.sweep ? nodeZeroRung : 0));
    });

    it(`${file}: sparkjob sweep`, async () => {
      const n = await faultFreeRuns(parsed, async () => advise(parsed, await parallelSweep(parsed, text, { workers: 1 })));
      expect(n).toBe(1 + nodeZeroRung + (stateful ? 1 : 0));
    });
  }
});

// The first phase's analysis is kept for the sweep phase only when the text and the options
// that build the model are the same (analysis.ts ownFaults): an edit in between, another
// policy or Spark line, or a first phase that did not ask to keep it, simulates the file again.
describe('the kept first phase, used for the same text and options only', () => {
  const text = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');
  /** every simulation run to its end while `body` runs */
  function runs(body: () => void): number {
    const run = Simulation.prototype.run;
    let n = 0;
    const spy = vi.spyOn(Simulation.prototype, 'run').mockImplementation(function (this: Simulation) {
      n++;
      run.call(this);
    });
    restore = () => spy.mockRestore();
    body();
    spy.mockRestore();
    return n;
  }
  const twoPhases = (second: string, options: Partial<Parameters<typeof runAnalysis>[1]> = {}, follows = true) => runs(() => {
    expect(runAnalysis(text, { ...OPTS, sweepFollows: follows }).status).toBe('ok');
    expect(runAnalysis(second, { ...OPTS, sweep: true, ...options }).status).toBe('ok');
  });
  const alone = (options: Partial<Parameters<typeof runAnalysis>[1]> = {}) =>
    runs(() => expect(runAnalysis(text, { ...OPTS, ...options }).status).toBe('ok'));

  it('reuses it for the same text and options, and for nothing else', () => {
    const own = alone();
    const same = twoPhases(text);
    expect(own).toBeGreaterThan(0);
    // a hit: both phases cost what the sweep phase alone costs
    expect(same).toBe(alone({ sweep: true }));
    // a miss runs the file's own faults again: the first phase's runs once more
    expect(twoPhases(`${text}\n# an edit between the phases\n`)).toBe(same + own);
    expect(twoPhases(text, {}, false)).toBe(same + own);
    expect(twoPhases(text, { policy: 'reserved-slots' })).toBe(own + alone({ policy: 'reserved-slots', sweep: true }));
  });
});
