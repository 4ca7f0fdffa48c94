// The headline engine figure of `npm run bench` (issue #17): the engine as a user meets it, a
// fresh `node` process running `sparkjob simulate --stats` once on the generated workload (start,
// bundle load, YAML parse, a cold JIT, first-touch memory, exit: all of it), in floor events per
// task attempt, where the floor is a bare binary-heap event loop run cold in another fresh process.
// CPU time of each child (user + system, read at its exit by a preloaded hook) rather than the
// wall clock, which the other processes of a shared machine disturb more. The two children are
// run as interleaved pairs and the figure is the median of the per-pair ratios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigBatchYaml } from './workloads';

/**
 * Preloaded into each child (`node -r`): its CPU time, peak RSS and its main thread's CPU time on
 * stderr as it exits. The main thread's from /proc (Linux, in clock ticks of 10 ms; -1 elsewhere):
 * the rest is V8's background threads, its optimizing compiler and concurrent GC.
 */
const REPORT_HOOK = `process.on('exit', () => {
  const u = process.cpuUsage(), r = process.resourceUsage();
  let main = -1;
  try {
    const s = require('fs').readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    main = (Number(f[11]) + Number(f[12])) * 10;
  } catch {}
  process.stderr.write('\\n@@bench ' + (u.user + u.system) / 1000 + ' ' + r.maxRSS + ' ' + main + '\\n');
});
`;

/**
 * The floor, cold in a fresh process: `n` events of a binary heap of 8000 timed events (pop the
 * earliest, push it again a pseudo-random duration later). The same loop as the warm floor of
 * bench/main.ts, written out here because it runs in another process.
 */
const FLOOR_CHILD = `
const n = Number(process.argv[1]), inFlight = 8000;
const time = new Float64Array(inFlight + 1), arg = new Int32Array(inFlight + 1);
let size = 0, x = 0x9e3779b9, lastArg = 0;
const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % 1000; };
const push = (t, a) => {
  let i = size++;
  while (i > 0) { const p = (i - 1) >> 1; if (time[p] <= t) break; time[i] = time[p]; arg[i] = arg[p]; i = p; }
  time[i] = t; arg[i] = a;
};
const pop = () => {
  const t0 = time[0]; lastArg = arg[0];
  const m = --size, t = time[m], a = arg[m];
  let i = 0;
  for (;;) {
    const l = 2 * i + 1; if (l >= m) break;
    const c = l + 1 < m && time[l + 1] < time[l] ? l + 1 : l;
    if (t <= time[c]) break;
    time[i] = time[c]; arg[i] = arg[c]; i = c;
  }
  time[i] = t; arg[i] = a;
  return t0;
};
const c0 = process.cpuUsage();
for (let k = 0; k < inFlight; k++) push(rnd(), k);
let check = 0;
for (let k = 0; k < n; k++) { const t = pop(); check += lastArg; push(t + 1 + rnd(), lastArg); }
const d = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ns: ((d.user + d.system) * 1000) / n, check }) + '\\n');
`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const r2 = (x: number) => Math.round(x * 100) / 100;

function child(args: string[], hook: string, env?: NodeJS.ProcessEnv):
  { stdout: string; cpuMs: number; maxRssMB: number; wallMs: number; mainMs: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wallMs = performance.now() - t;
  const m = /@@bench ([\d.]+) (\d+) (-?\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`child ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(0, 500)}`);
  return { stdout: r.stdout, cpuMs: Number(m[1]), maxRssMB: Number(m[2]) / 1024, wallMs, mainMs: Number(m[3]) };
}

export interface ColdCliFigure {
  tasks: number; attempts: number; pairs: number;
  /** median over the pairs of (CLI CPU ns per attempt) / (cold floor ns per event) */
  floorEventsPerAttempt: number;
  cliMs: number; floorNsPerEvent: number; peakRssMB: number; ratios: number[];
  /**
   * The figure taken apart, in the same unit (medians over the pairs): `start`, a fresh process
   * running `sparkjob --version` (node's start, the bundle's load, exit); `warm`, the engine of
   * `simulate --stats` once compiled (a fresh process running it WARM_RUNS times, the fastest of
   * the runs after the first two: warm runs vary by a third with the garbage collector's work, and
   * this is a bound); `rest`, what is left of the cold run (YAML, a cold JIT, GC, first-touch
   * memory, output). `start + warm` is about the least the cold run could cost with none of the rest.
   * `background`: the cold run's CPU on threads other than the main one (V8's optimizing compiler,
   * concurrent GC), a part of `rest` (-1 where /proc is not there).
   */
  parts: { start: number; warm: number; rest: number; background: number };
  /**
   * What NODE_EXTRA_CA_CERTS, when the environment sets it, adds to every node start (node reads
   * the certificates before any of the program runs): `node -e 0` with it less without it, in
   * ms (median) and in the figure's unit; null when it is not set.
   */
  caCerts: { ms: number; perAttempt: number } | null;
  /**
   * The same command's first run (median over the pairs, same unit): no V8 code cache read or
   * written (SPARKJOB_NO_CODE_CACHE=1), as the first command after a build or a node upgrade
   * runs. The figure itself is the runs after it, which read the cache the first one wrote
   * (src/cli/codeCache.ts).
   */
  firstRun: number;
}

/** runs of the warm child: the first two compile, the fastest of the others is the figure */
export const WARM_RUNS = 6;

/**
 * `pairs` interleaved (floor, CLI) pairs on a `tasks`-task workload written to a temporary file.
 * `cli` is the built dist/cli.js.
 */
export function coldCliFigure(cli: string, bench: string, tasks: number, pairs: number, log: (s: string) => void): ColdCliFigure {
  return withWorkload(`big-${tasks}.sparkjob.yaml`, bigBatchYaml(tasks), (file, hook) => {
    const floorEvents = 1_000_000;
    const ratios: number[] = [];
    const cliMs: number[] = [];
    const floorNs: number[] = [];
    const starts: number[] = [];
    const warms: number[] = [];
    const backgrounds: number[] = [];
    const caMs: number[] = [];
    const firsts: number[] = [];
    const caFile = process.env.NODE_EXTRA_CA_CERTS;
    let attempts = 0;
    let peak = 0;
    for (let p = 0; p < pairs; p++) {
      // alternate which child goes first, so a drift in the machine's load favours neither
      const runFloor = () => JSON.parse(child(['-e', FLOOR_CHILD, String(floorEvents)], hook).stdout).ns as number;
      const runCli = () => child([cli, 'simulate', '--stats', file], hook);
      let ns: number;
      let c: ReturnType<typeof child>;
      if (p % 2 === 0) {
        ns = runFloor();
        c = runCli();
      } else {
        c = runCli();
        ns = runFloor();
      }
      const stats = JSON.parse(c.stdout) as { metrics: { localityCounts: Record<string, number> } };
      attempts = Object.values(stats.metrics.localityCounts).reduce((a, b) => a + b, 0);
      // CPU ms of a child in floor events per attempt
      const perAttempt = (ms: number) => (ms * 1e6) / attempts / ns;
      const ratio = perAttempt(c.cpuMs);
      ratios.push(ratio);
      cliMs.push(c.cpuMs);
      floorNs.push(ns);
      peak = Math.max(peak, c.maxRssMB);
      firsts.push(perAttempt(child([cli, 'simulate', '--stats', file], hook, { ...process.env, SPARKJOB_NO_CODE_CACHE: '1' }).cpuMs));
      const startMs = child([cli, '--version'], hook).cpuMs;
      const warm = JSON.parse(child(['--expose-gc', bench, '--warm-stats', file], hook).stdout) as { cpuMs: number[] };
      const warmMs = Math.min(...warm.cpuMs.slice(2));
      starts.push(perAttempt(startMs));
      warms.push(perAttempt(warmMs));
      if (c.mainMs >= 0) backgrounds.push(perAttempt(Math.max(0, c.cpuMs - c.mainMs)));
      if (caFile) {
        const { NODE_EXTRA_CA_CERTS: _, ...without } = process.env;
        caMs.push(child(['-e', '0'], hook).cpuMs - child(['-e', '0'], hook, without).cpuMs);
      }
      log(`  cold CLI pair ${p + 1}: simulate --stats ${Math.round(c.cpuMs)} ms CPU (${Math.round(c.wallMs)} ms wall), ` +
        `cold floor ${ns.toFixed(1)} ns per event: ${ratio.toFixed(1)} floor events per attempt; ` +
        `sparkjob --version ${Math.round(startMs)} ms, the engine warm ${Math.round(warmMs)} ms`);
    }
    return {
      tasks, attempts, pairs, floorEventsPerAttempt: r2(median(ratios)), cliMs: Math.round(median(cliMs)),
      floorNsPerEvent: r2(median(floorNs)), peakRssMB: Math.round(peak), ratios: ratios.map(r2),
      parts: {
        start: r2(median(starts)), warm: r2(median(warms)), rest: r2(median(ratios) - median(starts) - median(warms)),
        background: backgrounds.length > 0 ? r2(median(backgrounds)) : -1,
      },
      caCerts: caMs.length > 0 ? { ms: Math.round(median(caMs)), perAttempt: r2((median(caMs) * 1e6) / attempts / median(floorNs)) } : null,
      firstRun: r2(median(firsts)),
    };
  });
}

/** `run` with `yaml` written to a temporary file named `name` and the report hook beside it; both removed after. */
function withWorkload<T>(name: string, yaml: string, run: (file: string, hook: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'srl-bench-'));
  try {
    const file = join(dir, name);
    const hook = join(dir, 'report.js');
    writeFileSync(file, yaml);
    writeFileSync(hook, REPORT_HOOK);
    return run(file, hook);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ColdSweepFigure {
  pairs: number;
  /** median over the pairs of (sweep wall) / (simulate wall) */
  wallRatio: number;
  cpuRatio: number;
  sweepWallMs: number; simulateWallMs: number; sweepCpuMs: number; simulateCpuMs: number;
}

/**
 * The sweep as a user meets it: a fresh `node` process running `sparkjob sweep FILE` (the sweep
 * and its advice, threads chosen as the command line chooses them) against one running
 * `sparkjob simulate FILE`, `pairs` interleaved pairs on the same file, wall clock and CPU time
 * (issue #17).
 */
export function coldSweepFigure(cli: string, yaml: string, pairs: number, log: (s: string) => void): ColdSweepFigure {
  return withWorkload('sweep.sparkjob.yaml', yaml, (file, hook) => {
    const sw: ReturnType<typeof child>[] = [];
    const sim: ReturnType<typeof child>[] = [];
    for (let p = 0; p < pairs; p++) {
      // alternate which child goes first, so a drift in the machine's load favours neither
      const runSweep = () => sw.push(child([cli, 'sweep', file], hook));
      const runSim = () => sim.push(child([cli, 'simulate', file], hook));
      if (p % 2 === 0) {
        runSweep();
        runSim();
      } else {
        runSim();
        runSweep();
      }
      const s = sw[p];
      const m = sim[p];
      log(`  cold sweep pair ${p + 1}: sparkjob sweep ${Math.round(s.wallMs)} ms wall (${Math.round(s.cpuMs)} ms CPU), ` +
        `sparkjob simulate ${Math.round(m.wallMs)} ms wall (${Math.round(m.cpuMs)} ms CPU): ${(s.wallMs / m.wallMs).toFixed(2)}x wall`);
    }
    const ms = (runs: ReturnType<typeof child>[], k: 'wallMs' | 'cpuMs') => Math.round(median(runs.map((r) => r[k])));
    return {
      pairs,
      wallRatio: r2(median(sw.map((s, p) => s.wallMs / sim[p].wallMs))), cpuRatio: r2(median(sw.map((s, p) => s.cpuMs / sim[p].cpuMs))),
      sweepWallMs: ms(sw, 'wallMs'), simulateWallMs: ms(sim, 'wallMs'), sweepCpuMs: ms(sw, 'cpuMs'), simulateCpuMs: ms(sim, 'cpuMs'),
    };
  });
}
