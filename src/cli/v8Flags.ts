// V8 flags the command line sets for itself, for every command that runs the engine or the
// event-log reader (the bench's warm child sets the same, so its figure is the command line's
// engine once compiled).
//
// A one-off run spends a large part of its CPU time in V8's optimizing compiler (the scheduler's
// hot functions inline one another and are recompiled as the run takes new paths). A smaller
// inlining budget (default 920 bytes of bytecode) compiles them in less time than it costs
// later: cold `simulate --stats` on the bench's 600 k-task job 0.88x CPU (8 pairs), 2.4 M tasks
// 0.98x (4 pairs; docs/benchmarks.md, issue #17); 200 and 460 measured slower than 300. The same
// budget against V8's default for the other commands: `import` and `replay` of a 3.5 MB log 0.97x
// the instructions (valgrind, V8 single-threaded); for `sweep` and `check`, which add to it, below.
// Results are the same.
export const CLI_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=300';

/**
 * `sweep` and `check` (which sweeps a file's faults): the same budget, and V8's optimizing compiler
 * called in later (an interrupt budget of 270,000 bytes of bytecode run, default 67,584). A sweep
 * runs the engine's functions in hundreds of short forks of the run, whose objects have other
 * shapes than the run's own: each compiled function meets them, is dropped and compiled again.
 * Compiling later, with the forks' shapes seen, saves more than the longer wait costs. Measured
 * (instructions executed, valgrind with V8 single-threaded, cold; issue #17) on the bench's
 * streaming file swept with its advice: the inlining budget against V8's defaults 0.77x (wall
 * clock and CPU 0.75x, 6 pairs; `check` 0.81x); the later compiler against the budget alone 0.80x
 * (wall clock 0.80x, CPU 0.70x, 5 rounds; `check` 0.84x; the examples' sweeps 0.80-0.91x; the
 * bench's query file, 600 micro-batches, a long run, 1.01x swept and 1.02x checked). Interrupt
 * budgets of 135,168, 200,000, 340,000, 400,000, 540,000 and 1,000,000 measured above 270,000 on the
 * streaming file. An inlining budget of 50 was 0.92x on the streaming file but 1.11x on the query
 * file (its long run wants the inlining). A batch `simulate`, a long run too, keeps V8's interrupt
 * budget: 270,000 took 1.05x at 600 k tasks.
 */
export const SWEEP_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=300 --interrupt-budget=270000';

/**
 * The node major the flags were measured on (V8 11.3): another V8 may not know a flag (it would
 * say so on stderr at every command) or tier up otherwise (node 22's Maglev), so it keeps V8's
 * defaults until measured.
 */
export const FLAGS_MEASURED_ON = 20;

/**
 * The flags for a command of this node, or undefined. `command` is the command line's first word
 * as typed (dist/cli.js sets the flags before parsing anything) or as parsed (args.ts).
 */
export function v8FlagsFor(command: string, nodeVersion = process.versions.node): string | undefined {
  if (Number(nodeVersion.split('.')[0]) !== FLAGS_MEASURED_ON) return undefined;
  if (command === 'sweep' || command === 'check') return SWEEP_V8_FLAGS;
  return PLAIN.has(command) ? undefined : CLI_V8_FLAGS;
}

/** the commands that run neither the engine nor the reader, as parsed and as typed (args.ts) */
const PLAIN = new Set(['help', 'version', '--help', '-h', '--version']);
