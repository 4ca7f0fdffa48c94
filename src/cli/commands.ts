// The commands of `sparkjob` other than a plain `simulate`, in their own bundle
// (dist/cliCommands.js, see lazy.ts): the one-off `simulate` a user types does not load the
// sweep, the advisor, the worker pool or the event-log reader (issue #17, start-up).
import { checkText } from '../checkFile';
import { faultFreeMetricsOf, sweep, type SweepOptions } from '../engine/analysis/sweep';
import type { Finding, SimulationResult } from '../engine/result';
import type { SimulateOptions } from '../engine/simulate';
import type { JobFile } from '../format/model';
import type { Args } from './args';
import { format, read } from './load';

export { importCmd } from './importCmd';
export { replayCmd } from './replayCmd';
export { runSweep } from './sweep';

export function check(args: Args): number {
  let failed = false;
  for (const file of args.files) {
    const text = read(file);
    if (text === undefined) {
      failed = true;
      continue;
    }
    const { diagnostics } = checkText(text);
    for (const d of diagnostics) process.stdout.write(format(file, text, d) + '\n');
    if (diagnostics.some((d) => d.severity === 'error')) failed = true;
  }
  return failed ? 1 : 0;
}

/** `findings` of `simulate --json`: the fault sweep's stalls (spec "Simulation result"). */
export function sweepFindings(model: JobFile, result: SimulationResult, options: SweepOptions, simulated: SimulateOptions): Finding[] {
  // (the file's run is the fault-free one when it has no faults: its makespan sets the sweep's moments)
  return sweep(model, { ...options, faultFree: faultFreeMetricsOf(model, simulated, result) }).findings;
}
