// The command line run from V8's code cache (src/cli/codeCache.ts, src/cli/bin.ts): the cache is
// written once per bundle and set of flags, used by the next run (not written again), written
// again when the bundle changed, V8 rejects it or a run took LARGER times as long as its writer
// (unless that run's cache would be smaller), and never changes what a command prints.
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrap } from 'node:module';
import { cacheFile, cacheKeyFor, LARGER, sourceOf, stampOf, wrappedSource } from '../../../src/cli/codeCache';
import { FLAGS_MEASURED_ON } from '../../../src/cli/v8Flags';

const root = join(__dirname, '../../..');
const paper = join(root, 'examples/paper-fig2.sparkjob.yaml');
const BUNDLES = ['cli.js', 'cliMain.js', 'cliCommands.js', 'sweepWorker.js'];

describe('cacheKeyFor', () => {
  const measured = `${FLAGS_MEASURED_ON}.20.2`;
  it('names one cache per set of V8 flags the command sets', () => {
    expect(cacheKeyFor('simulate', [], measured)).toBe('engine');
    // the commands that read a log: the engine's flags, a cache of their own
    expect(cacheKeyFor('import', [], measured)).toBe('log');
    expect(cacheKeyFor('replay', [], measured)).toBe('log');
    expect(cacheKeyFor('sweep', [], measured)).toBe('sweep');
    expect(cacheKeyFor('check', [], measured)).toBe('sweep');
    for (const c of ['--version', 'version', 'help', '--help', '-h', undefined]) expect(cacheKeyFor(c, [], measured)).toBe('plain');
    // a node the flags were not measured on sets none: every command shares the plain cache
    expect(cacheKeyFor('sweep', [], '22.11.0')).toBe('plain');
  });

  it("keeps runs with node options of their own in one file apart, the options in its first line", () => {
    expect(cacheKeyFor('simulate', ['--single-threaded'], measured)).toBe('engine-node-options');
    expect(cacheKeyFor('simulate', ['--expose-gc'], measured)).toBe('engine-node-options');
    expect(cacheKeyFor('check', ['--cpu-prof'], measured)).toBe('sweep-node-options');
    // a preloaded module sets no flag (the bench's hook, from a new temporary directory at each run)
    expect(cacheKeyFor('simulate', ['-r', '/tmp/x/report.js'], measured)).toBe('engine');
    const bundle = join(root, 'package.json');
    expect(stampOf(bundle, ['-r', '/tmp/x/report.js'])).toBe(stampOf(bundle, []));
    expect(stampOf(bundle, ['--single-threaded'])).not.toBe(stampOf(bundle, []));
    expect(stampOf(bundle, ['--single-threaded'])).not.toBe(stampOf(bundle, ['--expose-gc']));
    expect(stampOf(bundle, ['--require=/tmp/y/report.js', '--single-threaded'])).toBe(stampOf(bundle, ['--single-threaded']));
  });
});

describe('sourceOf', () => {
  it('reads a bundle as the UTF-8 decoder would, ASCII as latin1 and anything else as UTF-8', () => {
    const ascii = 'const x = "a\\u00e9";\n';
    expect(sourceOf(Buffer.from(ascii, 'utf8'))).toBe(ascii);
    // (latin1 would read the two bytes of é as two characters)
    const other = 'const x = "é €";\n';
    expect(sourceOf(Buffer.from(other, 'utf8'))).toBe(other);
    expect(sourceOf(Buffer.from(other, 'utf8'))).not.toBe(Buffer.from(other, 'utf8').toString('latin1'));
  });
});

describe('wrappedSource', () => {
  it("is module.wrap of the file's text, ASCII or not, with its stat and a buffer that holds the cache too", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrapped'));
    try {
      for (const text of ['exports.x = "a\\u00e9";\n', 'exports.x = "é €";\n']) {
        const file = join(dir, 'bundle.js');
        writeFileSync(file, text, 'utf8');
        const { source, stat, room } = wrappedSource(file, 4096);
        expect(source).toBe(wrap(text));
        expect(stat.size).toBe(statSync(file).size);
        expect(stampOf(file, [], stat)).toBe(stampOf(file, []));
        expect(room.length).toBeGreaterThanOrEqual(4096);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sparkjob from its code cache', () => {
  let dir: string;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const engineCache = () => cacheFile(join(dir, 'cliMain.js'), cacheKeyFor('simulate', []));

  beforeAll(() => {
    if (!existsSync(join(root, 'dist/cliMain.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    // a copy of the bundles of its own: the tests' caches are not dist's
    dir = mkdtempSync(join(tmpdir(), 'code-cache'));
    for (const b of BUNDLES) copyFileSync(join(root, 'dist', b), join(dir, b));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));

  it('has bundles of ASCII text, which sourceOf reads without decoding UTF-8', () => {
    for (const b of BUNDLES) expect(isAscii(readFileSync(join(dir, b))), b).toBe(true);
  });

  it('writes the cache at the first run and reads it at the next without writing it again; the result is the same', () => {
    expect(existsSync(engineCache())).toBe(false);
    const first = run('simulate', '--json', paper);
    expect(first.code).toBe(0);
    const header = readFileSync(engineCache()).toString('latin1', 0, 200).split('\n')[0];
    const bundle = statSync(join(dir, 'cliMain.js'));
    expect(header).toBe(`sparkjob-code-cache ${bundle.size} ${bundle.mtimeMs} ${process.version}`);
    const written = statSync(engineCache()).mtimeMs;
    const second = run('simulate', '--json', paper);
    expect(second).toEqual(first);
    // accepted by V8: a missing or rejected cache is written again at exit
    expect(statSync(engineCache()).mtimeMs).toBe(written);
    // the uncached command line's own result (dist/cli.js's bundles, whatever their caches)
    const plain = spawnSync(process.execPath, [join(root, 'dist/cliMain.js'), 'simulate', '--json', paper], { cwd: root, encoding: 'utf8' });
    expect(second.out).toBe(plain.stdout);
  });

  it('writes the cache again when V8 rejects it, and the command still runs', () => {
    const before = run('simulate', '--stats', paper);
    const valid = readFileSync(engineCache());
    // the stamp and the writer's CPU time, then 4 kB of junk for V8
    const header = valid.toString('latin1', 0, valid.indexOf(10, valid.indexOf(10) + 1) + 1);
    writeFileSync(engineCache(), Buffer.concat([Buffer.from(header, 'latin1'), Buffer.alloc(4096, 0x5a)]));
    expect(run('simulate', '--stats', paper)).toEqual(before);
    // V8's own cache again, where 4 kB of junk was
    const again = readFileSync(engineCache());
    const stamp = header.slice(0, header.indexOf('\n') + 1);
    expect(again.toString('latin1', 0, stamp.length)).toBe(stamp);
    expect(again.length).toBeGreaterThan(100_000);
    expect(again.subarray(header.length, header.length + 4096).every((b) => b === 0x5a)).toBe(false);
  });

  it('is written again by a run that took LARGER times the CPU time of the run that wrote it, and only then', () => {
    run('simulate', '--stats', paper);
    const valid = readFileSync(engineCache());
    const nl = valid.indexOf(10);
    const nl2 = valid.indexOf(10, nl + 1);
    const writerMs = Number(valid.toString('latin1', nl + 1, nl2));
    expect(writerMs).toBeGreaterThan(0);
    const withWriter = (ms: string) => Buffer.concat([valid.subarray(0, nl + 1), Buffer.from(`${ms}\n`, 'latin1'), valid.subarray(nl2 + 1)]);
    const secondLine = () => {
      const b = readFileSync(engineCache());
      return b.toString('latin1', b.indexOf(10) + 1, b.indexOf(10, b.indexOf(10) + 1));
    };
    // written by a run of 1 ms: this one took longer than LARGER ms, so it writes its own
    writeFileSync(engineCache(), withWriter('1'));
    const out = run('simulate', '--stats', paper);
    expect(Number(secondLine())).toBeGreaterThanOrEqual(LARGER);
    expect(Number(secondLine())).not.toBe(1);
    // written by a far longer run: read and kept
    writeFileSync(engineCache(), withWriter('100000000'));
    expect(run('simulate', '--stats', paper)).toEqual(out);
    expect(secondLine()).toBe('100000000');
    // a file without the writer's time (an earlier version's) is not used, and written again
    writeFileSync(engineCache(), Buffer.concat([valid.subarray(0, nl + 1), valid.subarray(nl2 + 1)]));
    expect(run('simulate', '--stats', paper)).toEqual(out);
    expect(Number(secondLine())).toBeGreaterThan(0);
    // a run with node options of its own (a profiler's, valgrind's) keeps a valid cache whatever its writer took
    const optionsCache = cacheFile(join(dir, 'cliMain.js'), 'engine-node-options');
    const withOptions = () => spawnSync(process.execPath, ['--single-threaded', join(dir, 'cli.js'), 'simulate', '--stats', paper], { cwd: root, encoding: 'utf8' });
    withOptions();
    const own = readFileSync(optionsCache);
    const o1 = own.indexOf(10);
    const o2 = own.indexOf(10, o1 + 1);
    writeFileSync(optionsCache, Buffer.concat([own.subarray(0, o1 + 1), Buffer.from('1\n', 'latin1'), own.subarray(o2 + 1)]));
    expect(withOptions().stdout).toBe(out.out);
    const kept = readFileSync(optionsCache);
    expect(kept.toString('latin1', kept.indexOf(10) + 1, kept.indexOf(10, kept.indexOf(10) + 1))).toBe('1');
  });

  it("is not written again by a larger run whose cache would hold less than the one it read", () => {
    run('simulate', '--stats', paper);
    const valid = readFileSync(engineCache());
    const nl = valid.indexOf(10);
    const nl2 = valid.indexOf(10, nl + 1);
    // its writer took 1 ms, and it holds 1 MB more than this run can write (V8 takes the padded data)
    const padded = Buffer.concat([valid.subarray(0, nl + 1), Buffer.from('1\n', 'latin1'), valid.subarray(nl2 + 1), Buffer.alloc(1 << 20)]);
    writeFileSync(engineCache(), padded);
    expect(run('simulate', '--stats', paper).code).toBe(0);
    expect(readFileSync(engineCache()).equals(padded)).toBe(true);
  });

  it("leaves simulate's cache alone when an event log is replayed", () => {
    run('simulate', '--stats', paper);
    const before = readFileSync(engineCache());
    const log = join(root, 'test/fixtures/eventlog/application_1538416563558_0014.lz4');
    expect(run('replay', log).code).toBe(0);
    expect(readFileSync(engineCache()).equals(before)).toBe(true);
    expect(existsSync(cacheFile(join(dir, 'cliMain.js'), 'log'))).toBe(true);
  });

  it('does not use the cache of another build of the bundle', () => {
    run('--version');
    const cache = cacheFile(join(dir, 'cliMain.js'), 'plain');
    const before = readFileSync(cache).toString('latin1', 0, 200).split('\n')[0];
    // a rebuilt bundle: same bytes and length here, a later modification time
    const t = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'cliMain.js'), t, t);
    expect(run('--version').out).toBe('sparkjob 0.1.0\n');
    const after = readFileSync(cache).toString('latin1', 0, 200).split('\n')[0];
    expect(after).not.toBe(before);
    const rebuilt = statSync(join(dir, 'cliMain.js'));
    expect(Math.round(rebuilt.mtimeMs)).toBe(t.getTime());
    expect(after).toBe(`sparkjob-code-cache ${rebuilt.size} ${rebuilt.mtimeMs} ${process.version}`);
  });

  it('neither reads nor writes a cache under SPARKJOB_NO_CODE_CACHE', () => {
    const cached = run('simulate', '--stats', paper);
    writeFileSync(engineCache(), 'not a cache\n');
    const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'simulate', '--stats', paper],
      { cwd: root, encoding: 'utf8', env: { ...process.env, SPARKJOB_NO_CODE_CACHE: '1' } });
    expect(r.stdout).toBe(cached.out);
    // a cache that is not one would have been written again at exit
    expect(readFileSync(engineCache(), 'utf8')).toBe('not a cache\n');
  });

  it('keeps one file for runs with node options, written again when the options change', () => {
    const cache = cacheFile(join(dir, 'cliMain.js'), 'plain-node-options');
    const withOptions = (...opts: string[]) => spawnSync(process.execPath, [...opts, join(dir, 'cli.js'), '--version'], { encoding: 'utf8' });
    expect(withOptions('--single-threaded').stdout).toBe('sparkjob 0.1.0\n');
    const first = readFileSync(cache).toString('latin1', 0, 200).split('\n')[0];
    expect(withOptions('--single-threaded').stdout).toBe('sparkjob 0.1.0\n');
    expect(readFileSync(cache).toString('latin1', 0, 200).split('\n')[0]).toBe(first);
    expect(withOptions('--no-opt').stdout).toBe('sparkjob 0.1.0\n');
    expect(readFileSync(cache).toString('latin1', 0, 200).split('\n')[0]).not.toBe(first);
  });

  it('caches the second bundle (sweep, check, import, replay) under the command\'s flags', () => {
    const r = run('check', paper);
    expect(r.code).toBe(0);
    expect(existsSync(cacheFile(join(dir, 'cliCommands.js'), cacheKeyFor('check', [])))).toBe(true);
    expect(existsSync(cacheFile(join(dir, 'cliMain.js'), cacheKeyFor('check', [])))).toBe(true);
  });
});
