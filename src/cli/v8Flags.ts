// V8 flags the command line sets for itself, for every command that runs the engine or the
// event-log reader (the bench's warm child sets the same, so its figure is the command line's
// engine once compiled).
//
// A one-off run spends a large part of its CPU time in V8's optimizing compiler (the scheduler's
// hot functions inline one another and are recompiled as the run takes new paths). A smaller
// inlining budget (default 920 bytes of bytecode) compiles them in less time than it costs
// later: cold `simulate --stats` on the bench's 600 k-task job 0.88x CPU (8 pairs), 2.4 M tasks
// 0.98x (4 pairs; docs/benchmarks.md, issue #17); 200 and 460 measured slower than 300. A sweep
// forks the run into objects of other shapes, and the engine's functions are compiled again for
// them: a cold `sparkjob sweep` of the bench's streaming file (with its advice) took 0.75x the CPU
// and 0.75x the wall clock (6 pairs), and executed 0.77x the instructions (valgrind, V8
// single-threaded); `check` of that file 0.81x the instructions; `import` and `replay` of a 3.5 MB
// log 0.97x. Results are the same.
export const CLI_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=300';

/**
 * `sweep` and `check` (which sweeps a file's faults): a sweep's hundreds of short forks gain less
 * from inlining than they pay for compiling it, and less still as forks recompile: with a budget
 * of 50, the cold sweep of the bench's streaming file 0.92x the instructions of 300 (100: 0.94x,
 * 200: 0.98x, 460: 1.12x) and 0.93x the wall clock, 0.90x the CPU (8 rounds); `check` 0.95x the
 * instructions. A batch `simulate` is the other way: 50 takes 1.15x the instructions of 300.
 */
export const SWEEP_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=50';
