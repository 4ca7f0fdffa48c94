// The command line's bundles loaded with V8's code cache (issue #17): a one-off `sparkjob` parses
// and compiles to bytecode every function it runs, about 40 ms of a cold 600 k-task `simulate`
// (dist/cliMain.js is 0.8 MB). The bytecode V8 made in one run is written next to the bundle as
// the process exits and handed back to V8 by the next run, which then skips that work: what
// node 22's module.enableCompileCache does, by hand because node 20 has no such thing, and
// because the cache must be made under the V8 flags the command sets (v8Flags.ts) before it
// compiles anything, which a general-purpose hook on require cannot know.
//
// V8 checks a cache against its own version, its flags and the source's length, and rejects it
// (compiling as usual) when they differ; the length is not enough for a rebuilt bundle, so the
// file also starts with the bundle's size and modification time, and a cache that does not match
// is not used. A cache that is missing, stale or rejected is written again at exit; a directory
// that cannot be written (an installed, read-only package) only means no cache. Results never
// depend on it: the bytecode is the same either way.
//
// A cache holds what the run that wrote it compiled, and a function it lacks is compiled at every
// later run that calls it: the engine cache written by a small example's `simulate` (the first
// command after a build is often one: the tests', a check's) cost each later cold `simulate` of
// the bench's 600 k-task job 16.9 +- 4.2 ms of CPU (16 pairs). So the file's second line is the
// CPU time of the run that wrote it, and a run that took at least twice as long (LARGER) writes it
// again at its exit: the larger run's functions with those of the cache it read (V8 serializes
// every function compiled by then, read from the cache or not). From such a cache, 60 pairs of the
// 600 k run: -39 +- 11 ms (median -24). Each write at least doubles the figure, so they are few;
// one costs about 10 ms at exit.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { v8FlagsFor, SWEEP_V8_FLAGS } from './v8Flags';

/**
 * The name a command's cache files carry: one per set of V8 flags the command sets, so commands
 * do not reject and overwrite each other's caches; and apart from those, one more for runs of node
 * started with options of its own (`node --single-threaded dist/cli.js ...`, a profiler's flags),
 * shared by all such runs (the options are in the file's first line: a run with others writes it
 * again), so that profiling with ever new options leaves no file behind per option.
 */
export function cacheKeyFor(command: string | undefined, execArgv = process.execArgv, nodeVersion = process.versions.node): string {
  const flags = v8FlagsFor(command ?? 'help', nodeVersion);
  const key = flags === undefined ? 'plain' : flags === SWEEP_V8_FLAGS ? 'sweep' : LOG_COMMANDS.has(command!) ? 'log' : 'engine';
  return v8Options(execArgv).length === 0 ? key : `${key}-node-options`;
}

/**
 * The commands that read an event log set the engine's flags but run the reader for most of their
 * time: a long replay wrote a cache of 149 kB that lacked the engine's functions, and each later
 * cold 600 k `simulate` took 47 +- 7 ms more CPU and 1,400 more page faults (20 pairs), until a
 * run twice as long wrote it again. They keep a cache of their own.
 */
const LOG_COMMANDS = new Set(['replay', 'import']);

/** node's options less the modules it preloads (`-r FILE`: the bench's hook, from a new directory each time), which set no V8 flag */
function v8Options(execArgv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (a === '-r' || a === '--require') i++;
    else if (!a.startsWith('--require=')) out.push(a);
  }
  return out;
}

/** FNV-1a, 32 bits: a short name for node's options (no crypto module loaded for it) */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The cache file of `bundle` for `key`. */
export function cacheFile(bundle: string, key: string): string {
  return `${bundle}.${key}.cache`;
}

/**
 * What the cache file's first line must say for `bundle`: the bundle's size and modification
 * time, node's version and its options.
 */
export function stampOf(bundle: string, execArgv = process.execArgv, s: Stats = statSync(bundle)): string {
  const own = v8Options(execArgv);
  return `sparkjob-code-cache ${s.size} ${s.mtimeMs} ${process.version}` + (own.length === 0 ? '' : ` ${fnv1a(own.join('\0')).toString(16)}`);
}

/** A run that took at least this many times the CPU time of the run that wrote its cache writes it again... */
export const LARGER = 2;
/** ...unless its cache would be smaller than this part of the one it read. */
export const KEPT = 0.9;

/**
 * The cached data for `stamp` and the CPU time (ms) of the run that wrote it, or undefined (no
 * file, another bundle, unreadable); read into `room` when it fits (the buffer the bundle was read
 * into, whose pages are touched already).
 */
function readCache(file: string, stamp: string, room: Buffer): { data: Buffer; writerMs: number } | undefined {
  let buf: Buffer;
  try {
    buf = readInto(file, room);
  } catch {
    return undefined;
  }
  const nl = buf.indexOf(10);
  if (nl < 0 || buf.toString('latin1', 0, nl) !== stamp) return undefined;
  const nl2 = buf.indexOf(10, nl + 1);
  const writerMs = nl2 < 0 ? NaN : Number(buf.toString('latin1', nl + 1, nl2));
  if (!(writerMs >= 0)) return undefined;
  return { data: buf.subarray(nl2 + 1), writerMs };
}

/** This process's CPU time so far (all threads), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000);
}

/**
 * V8's data starts wherever the two lines end, not at a multiple of 8, so V8 copies it into a
 * buffer of its own before reading it (AlignedCachedData) and frees that at once. Aligned, the
 * copy's 132 page faults went, but a cold 600 k `simulate` took 47 +- 5 ms more CPU and 1,350
 * more faults (20 pairs): the copy is a 0.55 MB chunk glibc maps and unmaps, which raises its
 * mmap threshold to that size and its trim threshold to twice it (glibc's dynamic thresholds), so
 * the heap is no longer given back to the system, and faulted in again, every time its top holds
 * 128 kB free. With GLIBC_TUNABLES=glibc.malloc.trim_threshold=1114112 the aligned cache was
 * as fast; larger thresholds gained nothing more (about 50 faults).
 */
function writeCache(file: string, stamp: string, data: Buffer, ms: number): void {
  // a temporary file renamed into place: two commands exiting at once each write a whole file
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${stamp}\n${ms}\n`, 'latin1'), data]));
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // (nothing was written)
    }
  }
}

/**
 * The bundle's text. esbuild writes ASCII (it escapes the rest), and ASCII read as latin1 is the
 * same string without the UTF-8 decoder's pass and its buffers: 4 ms and 190 page faults less of
 * a cold command's start for the 0.55 MB dist/cliMain.js (issue #17). Anything else is decoded
 * as UTF-8.
 */
export function sourceOf(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The whole file `file`, in `room` when it fits, else in a buffer of its own. */
function readInto(file: string, room: Buffer): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = size <= room.length ? room.subarray(0, size) : Buffer.allocUnsafeSlow(size);
    return buf.subarray(0, readAll(fd, buf, 0, size));
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `size` bytes of `fd` into `buf` from `at` (fewer at the file's end); returns how many. */
function readAll(fd: number, buf: Buffer, at: number, size: number): number {
  let n = 0;
  while (n < size) {
    const k = readSync(fd, buf, at + n, size - n, null);
    if (k === 0) break;
    n += k;
  }
  return n;
}

/** module.wrap's text before and after a module's source */
const [WRAP_HEAD, WRAP_TAIL] = wrap('\0').split('\0');

/**
 * The bundle wrapped as node wraps a CommonJS module, made as one flat string: read between the
 * wrapper's two parts in one buffer and decoded once (sourceOf), where `wrap(source)` made a
 * string V8 copied once more, flat, to compile it (a 0.55 MB copy and 134 fresh pages, issue #17).
 * Also the bundle's stat (the cache's stamp) and the buffer, big enough for the cache file too
 * (`cacheSize`): read into pages already touched, not a second buffer's (134-148 more).
 */
export function wrappedSource(bundle: string, cacheSize: number): { source: string; stat: Stats; room: Buffer } {
  const fd = openSync(bundle, 'r');
  try {
    const stat = fstatSync(fd);
    const head = WRAP_HEAD.length;
    const end = head + stat.size + WRAP_TAIL.length;
    const room = Buffer.allocUnsafeSlow(Math.max(end, cacheSize));
    room.write(WRAP_HEAD, 0, 'latin1');
    const n = readAll(fd, room, head, stat.size);
    room.write(WRAP_TAIL, head + n, 'latin1');
    const text = room.subarray(0, head + n + WRAP_TAIL.length);
    // (a bundle of other than ASCII: decoded alone, then wrapped)
    const source = isAscii(text) ? text.toString('latin1') : wrap(sourceOf(room.subarray(head, head + n)));
    return { source, stat, room };
  } finally {
    closeSync(fd);
  }
}

/** The size of file `file`, or 0 when it cannot be read. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Runs the CommonJS bundle `bundle` as node would (its own module, require, __filename and
 * __dirname) from its code cache for `key`, and returns its exports. The V8 flags of `key` must be
 * set before the call.
 */
export function loadBundle(bundle: string, key: string): unknown {
  const file = cacheFile(bundle, key);
  // SPARKJOB_NO_CODE_CACHE=1: neither read nor written (a first run's cost, measured by the bench)
  const off = (process.env.SPARKJOB_NO_CODE_CACHE ?? '') !== '';
  const { source, stat, room } = wrappedSource(bundle, off ? 0 : sizeOf(file));
  const stamp = stampOf(bundle, process.execArgv, stat);
  const cached = off ? undefined : readCache(file, stamp, room);
  const script = new Script(source, { filename: bundle, cachedData: cached?.data });
  if (!off) {
    const stale = cached === undefined || script.cachedDataRejected === true;
    // (a run given node options of its own, a profiler's or valgrind's --single-threaded, runs at
    // another speed: its cache is written when missing, stale or rejected only)
    const larger = v8Options(process.execArgv).length === 0;
    // at exit, so the cache holds the bytecode of every function this run compiled
    process.once('exit', () => {
      const ms = cpuMs();
      if (!stale && !(larger && ms >= LARGER * cached.writerMs)) return;
      const data = script.createCachedData();
      // V8 drops the bytecode of functions a long run has not called for a while (bytecode
      // flushing at its full collections), so a larger run's cache can hold far less than the one
      // it read: that one is kept (a run like its writer's writes a few bytes more or less)
      if (stale || data.length >= KEPT * cached.data.length) writeCache(file, stamp, data, ms);
    });
  }
  const module = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const fn = script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void;
  fn.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  return module.exports;
}
