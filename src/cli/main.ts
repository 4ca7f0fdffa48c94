// `sparkjob`: the engine from a command line, for scripts and CI (spec "Command line").
import { faultChangesNothing } from '../engine/analysis/faultWording';
import { simulate } from '../engine/simulate';
import { parseArgs, USAGE, type Args } from './args';
import { commands } from './lazy';
import { loadModel } from './load';
import { err, out, streamsMade } from './output';
import { summary } from './summary';
import { v8FlagsFor } from './v8Flags';
import { warmUp } from './warmUp';

function simulateCmd(args: Args): number {
  const file = args.files[0];
  const loaded = loadModel(file, args.spark);
  if (!loaded) return 1;
  const { model } = loaded;
  for (const f of args.faults ?? []) {
    if (!model.cluster.executors.some((e) => e.id === f.executor)) {
      err(`sparkjob: --fault names executor '${f.executor}', which is not in the cluster ` +
        `(executors: ${model.cluster.executors.map((e) => e.id).join(', ')})\n`);
      return 1;
    }
  }
  const policy = args.policy;
  const reservedSlots = policy === 'reserved-slots' && !hasReservation(model.recovery.reservedSlots)
    ? { perExecutor: {}, all: 1 } : undefined;
  const options = {
    policy, spark: args.spark, faults: args.faults, reservedSlots, withoutAttempts: args.stats,
    maxEvents: args.maxEvents, maxTimeMs: args.maxTimeMs,
  };
  warmUp(model, options);
  const result = simulate(model, options);
  // the words of SJ101 / SJ102 / SJ181: a fault at a time, tied to an attempt, or a decommission
  const specs = args.faults ?? model.faults;
  if (result.aborted.length === 0) {
    result.faults.forEach((f, k) => {
      const said = faultChangesNothing(result, f, k, specs[k]);
      if (said) err(`sparkjob: ${said.message}\n`);
    });
  }
  for (const a of result.aborted) {
    const hint = /scheduler events/.test(a.reason) ? '; raise it with --max-events N'
      : /simulated time/.test(a.reason) ? '; raise it with --max-time DURATION' : '';
    err(`sparkjob: job ${a.job} did not finish: ${a.reason}${hint}\n`);
  }
  // `findings` of the result: the fault sweep's stalls (spec "Simulation result").
  if (args.json && model.analysis.sweep) result.findings = commands().sweepFindings(model, result, { spark: args.spark, policy }, options);
  if (args.json) out(JSON.stringify(result) + '\n');
  else if (args.stats) out(JSON.stringify({ metrics: result.metrics, faults: result.faults }, null, 2) + '\n');
  else out(summary(result, model.name ?? file) + '\n');
  return result.aborted.length > 0 ? 1 : 0;
}

function hasReservation(r: { perExecutor: Record<string, number>; all: number }): boolean {
  return r.all > 0 || Object.values(r.perExecutor).some((n) => n > 0);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err(`sparkjob: ${args}\n${USAGE}\n`);
    return 1;
  }
  // every command but help and version runs the engine or the reader. dist/cli.js has set these
  // already, from the first word as typed, before compiling this bundle (bin.ts); here for a run
  // of this module itself and for a command that is not the first word (`sparkjob --json sweep`)
  const flags = v8FlagsFor(args.command);
  if (flags !== undefined) (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
  switch (args.command) {
    case 'help':
      out(USAGE + '\n');
      return 0;
    case 'version':
      out('sparkjob 0.1.0\n');
      return 0;
    case 'check':
      return commands().check(args);
    case 'simulate':
      return simulateCmd(args);
    case 'sweep':
      return commands().runSweep(args, loadModel);
    case 'import':
      return commands().importCmd(args);
    case 'replay':
      return commands().replayCmd(args);
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  exitWhenWritten(code);
}, (e: unknown) => {
  // A bug, not bad input: say so in one line, without a stack trace.
  err(`sparkjob: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

/**
 * Ends the process at once when stdout and stderr hold nothing unwritten: node's own teardown after
 * a natural exit (its environment, then V8's heap and the engine's buffers freed) cost a cold
 * 600 k-task `simulate --stats` 12 ms of CPU that nothing reads (`perf stat` task-clock against the
 * CPU read at 'exit', 12 runs each; issue #17). 'exit' listeners (the code cache's writer) still
 * run. A write to a pipe whose reader lags is not all written at once (past the pipe's 64 kB the
 * rest waits in the stream: exiting then cut `simulate --json` of 180 MB at 65,536 bytes), so the
 * streams are asked; with writes pending node exits as before, once they are done.
 */
function exitWhenWritten(code: number): void {
  // (asked only when made: out() and err() write past them, output.ts)
  if (!streamsMade() || (process.stdout.writableLength === 0 && process.stderr.writableLength === 0)) process.exit(code);
}
