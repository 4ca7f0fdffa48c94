// V8 flags `sparkjob simulate` sets for itself (the bench's warm child sets the same, so its
// figure is the command line's engine once compiled).
//
// A one-off run spends a large part of its CPU time in V8's optimizing compiler (the scheduler's
// hot functions inline one another and are recompiled as the run takes new paths). A smaller
// inlining budget (default 920 bytes of bytecode) compiles them in less time than it costs
// later: cold `simulate --stats` on the bench's 600 k-task job 0.88x CPU (8 pairs), 2.4 M tasks
// 0.98x (4 pairs; docs/benchmarks.md, issue #17); 200 and 460 measured slower than 300. Results are the same.
export const SIMULATE_V8_FLAGS = '--max-inlined-bytecode-size-cumulative=300';
