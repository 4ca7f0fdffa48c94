// `sparkjob import` and `sparkjob replay` as scripts use them (the built bundle, run as a process).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDir } from '../testDir';

const root = join(__dirname, '../../..');
const bin = join(root, 'dist/cli.js');
const logs = resolve(root, '../shared/eventlogs');
const app14 = join(logs, 'spark/spark-events-removed-from-master/application_1538416563558_0014');
const example = join(logs, 'sparklint/src/test/resources/spark_event_log_example');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

describe('sparkjob import', () => {
  it('writes LOG.sparkjob.yaml in the current directory, which sparkjob check accepts', () => {
    const dir = testDir('sparkjob-import-');
    const r = run(dir, 'import', app14);
    expect(r.code).toBe(0);
    // dynamic allocation ran: the 9 executors as the log shows them join and leave (--allocation log)
    expect(r.out).toBe('application_1538416563558_0014.sparkjob.yaml: 8 jobs, 27 tasks, 9 executors, 8 faults\n');
    const check = run(dir, 'check', 'application_1538416563558_0014.sparkjob.yaml');
    expect(check.code).toBe(0);
    expect(check.out).not.toContain('error');
  });
  it('--allocation simulate: the executor it started with, the rest left to the allocation manager; a bad value or command refused', () => {
    const dir = testDir('sparkjob-import-');
    const r = run(dir, 'import', '--allocation', 'simulate', '-o', 'da.sparkjob.yaml', app14);
    expect(r.code).toBe(0);
    expect(r.out).toBe('da.sparkjob.yaml: 8 jobs, 27 tasks, 1 executor, 8 faults\n');
    expect(readFileSync(join(dir, 'da.sparkjob.yaml'), 'utf8')).toMatch(/newExecutorDelay: 5245ms/);
    expect(run(dir, 'check', 'da.sparkjob.yaml').code).toBe(0);
    const bad = run(dir, 'replay', '--allocation', 'sometimes', app14);
    expect([bad.code, bad.err.split('\n')[0]]).toEqual([1, "sparkjob: --allocation must be log (the executors the log shows join and leave) or simulate (dynamic allocation by the engine), not 'sometimes'"]);
    const wrong = run(dir, 'simulate', '--allocation', 'log', 'da.sparkjob.yaml');
    expect([wrong.code, wrong.err.split('\n')[0]]).toEqual([1, 'sparkjob: --allocation is an import and replay option']);
  });
  it('never overwrites a file without --force or -o', () => {
    const dir = testDir('sparkjob-import-');
    writeFileSync(join(dir, 'application_1538416563558_0014.sparkjob.yaml'), 'mine\n');
    const r = run(dir, 'import', app14);
    expect(r.code).toBe(1);
    expect(r.err).toBe('sparkjob: application_1538416563558_0014.sparkjob.yaml exists: not overwritten (use --force, or -o FILE)\n');
    expect(readFileSync(join(dir, 'application_1538416563558_0014.sparkjob.yaml'), 'utf8')).toBe('mine\n');
    expect(run(dir, 'import', '--force', app14).code).toBe(0);
    expect(readFileSync(join(dir, 'application_1538416563558_0014.sparkjob.yaml'), 'utf8')).toContain('kind: crash');
  });
  it('-o - prints the file; the same log gives the same bytes', () => {
    const a = run(root, 'import', example, '-o', '-');
    const b = run(root, 'import', example, '-o', '-');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^# Imported by `sparkjob import`/);
    expect(a.out).toBe(b.out);
  });
  it('several LOGs: one file each, two logs of one name kept apart', () => {
    const dir = testDir('sparkjob-import-');
    const r = run(dir, 'import', join(logs, 'slim/small/input/events.json'), join(logs, 'slim/metrics/input/events.json'));
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'events.sparkjob.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'events-2.sparkjob.yaml'))).toBe(true);
  });
  it('bad input: one line on stderr and exit 1, never a stack trace', () => {
    const dir = testDir('sparkjob-bad-');
    mkdirSync(join(dir, 'notlogs'));
    writeFileSync(join(dir, 'notlogs', 'a.txt'), 'hello\n');
    writeFileSync(join(dir, 'empty'), '');
    writeFileSync(join(dir, 'binary'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    writeFileSync(join(dir, 'text'), 'just some text\nnot json\n');
    const cases: [string, string][] = [
      ['notlogs', 'sparkjob: notlogs is not an event-log directory (no events_N_*, eventlog or EVENT_LOG_N parts; 1 other file(s): open one of them)\n'],
      ['empty', 'sparkjob: empty is empty\n'],
      ['binary', 'sparkjob: binary is not a Spark event log (binary content of no known codec)\n'],
      ['text', 'sparkjob: text is not a Spark event log (no line is a SparkListener event)\n'],
      [join(logs, 'dr-elephant/spark_event_logs/event_log_2'), `sparkjob: ${join(logs, 'dr-elephant/spark_event_logs/event_log_2')}: the event log has no task: nothing to import\n`],
    ];
    for (const [input, err] of cases) {
      const r = run(dir, 'import', input);
      expect(r.code).toBe(1);
      expect(r.err).toBe(err);
    }
  });
});

describe('sparkjob replay', () => {
  it('--json: the spec\'s keys', () => {
    const r = run(root, 'replay', app14, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['app', 'actual', 'simulated', 'modelError', 'waits']);
    expect(j.actual.faults).toHaveLength(8);
  });
  it('the human report: makespans, stages, each fault\'s real and simulated recovery, the waits', () => {
    const r = run(root, 'replay', app14);
    expect(r.code).toBe(0);
    expect(r.out).toContain('makespan: actual 1 min 23 s');
    expect(r.out).toMatch(/^fault: executor 2 removed at 34\.432 s, 1 task lost; recovery real 1\.684 s, simulated /m);
    expect(r.out).toContain('  re-run 7.0/0#2 on executor 3: launched 1.439 s after the failure, success');
    expect(r.out).toMatch(/^waits in the real log .*: 0$/m);
  });
  it('--policy reserved-slots says what the fix would have saved on each real loss', () => {
    const r = run(root, 'replay', app14, '--policy', 'reserved-slots');
    expect(r.code).toBe(0);
    // one line per loss that lost a task in the simulation, under both policies
    const saved = r.out.split('\n').filter((l) => l.startsWith('  reserved slots: '));
    const lossy = r.out.split('\n').filter((l) => l.startsWith('fault: ') && !l.includes('simulated nothing lost'));
    expect(saved.length).toBe(lossy.length);
    expect(saved.length).toBeGreaterThan(0);
    for (const l of saved) expect(l).toMatch(/^ {2}reserved slots: simulated recovery \S.* instead of \S.* under Spark's policy(: saves -?\S.*)?$/);
  });
  it('what-if flags and the reserved-slots policy', () => {
    const r = run(root, 'replay', example, '--executors', '6', '--cores', '2', '--hosts', '3', '--policy', 'reserved-slots');
    expect(r.code).toBe(0);
    expect(r.out).toContain('simulated what-if: 6 executors of 2 cores over 3 hosts, policy reserved-slots');
    expect(run(root, 'replay', example, '--executors', '0').err).toContain('--executors must be a positive integer');
    expect(run(root, 'import', example, '--executors', '2').code).toBe(1);
  });
});
