// The `sparkjob` binary as scripts and CI use it: the built bundle (package.json `bin`), run as a process.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDir } from '../testDir';

const root = join(__dirname, '../../..');
const bin = join(root, 'dist/cli.js');
const paper = 'examples/paper-fig2.sparkjob.yaml';

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

describe('sparkjob check', () => {
  it('prints FILE:LINE:COL: SEVERITY: MESSAGE [CODE] for the stall of the paper example, exit 0', () => {
    const r = run('check', paper);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toContain(`${paper}:47:5: warning: If executor 2 fails at 1.25 s, 1 re-run task waits 160 ms for a slot on node1 ` +
      '(spark.locality.wait = 3 s) while a slot is free elsewhere; with 1 reserved slot on executor 1 recovery takes 250 ms instead of 410 ms (-39%; lower bound 250 ms). [SJ100]');
    // the sweep's findings sit on the executors' entries (lines 28-30 of the file); executor 2's
    // is the file's own fault's story (SJ100 above), told once, as in the editor
    expect(lines.filter((l) => l.includes('[SJ105]')).map((l) => l.split(':').slice(1, 3).join(':'))).toEqual(['28:7']);
  });
  it('a receiver that holds the only slot: one error, at the receiver, not one per batch', () => {
    const dir = testDir('sparkjob-');
    const file = join(dir, 'recv.sparkjob.yaml');
    writeFileSync(file, 'version: 1\ncluster:\n  executors:\n    - { id: "1", host: node1, cores: 1 }\nstreaming:\n  batchInterval: 1s\n'
      + '  batches: 4\n  inputs:\n    - name: events\n      kind: receiver\n      recordsPerSecond: 100\n  outputs:\n    - name: counts\n'
      + '      stages:\n        - name: map\n          input: events\n          costPerRecord: 20us\n');
    const r = run('check', file);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([`${file}:9:7: error: receiver events holds the only task slot of the cluster `
      + '(a receiver runs as a task that never ends), so batches can never run: 4 batch jobs cannot finish. Give the executors more cores than there are receivers. [SJ103]']);
  });

  it('with no arguments: the usage on stderr, exit 1', () => {
    const r = run();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no command given[\s\S]*usage:/);
    expect(run('--help').code).toBe(0);
  });

  it('exits 1 on an error and puts it at the value', () => {
    const dir = testDir('sparkjob-');
    const file = join(dir, 'bad.sparkjob.yaml');
    writeFileSync(file, 'version: 1\ncluster:\n  executors: { count: 2, cores: 2 }\njobs:\n  - name: j\n    stages:\n      - name: s\n        tasks: { count: 2, duration: 1.5s }\n');
    const r = run('check', file);
    expect(r.code).toBe(1);
    // one error, at the value: the job with the bad value does not also make `jobs:` look empty
    expect(r.out.trim().split('\n')).toEqual([`${file}:8:38: error: duration: Spark rejects fractional durations: '1.5s'; write 1500ms [SJ021]`]);
  });
  it('says so for a file it cannot read, without a stack trace', () => {
    const r = run('check', 'no/such.sparkjob.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toBe('sparkjob: cannot read no/such.sparkjob.yaml: no such file\n');
  });
});

describe('sparkjob simulate', () => {
  it('--json gives the result object; --policy reserved-slots the paper\'s gain', () => {
    const spark = JSON.parse(run('simulate', paper, '--json').out);
    const reserved = JSON.parse(run('simulate', paper, '--json', '--policy', 'reserved-slots').out);
    expect(spark.formatVersion).toBe(1);
    expect(spark.faults[0]).toMatchObject({ executor: '2', at: 1250, detectedAt: 1250, recoveryLatency: 410, stalled: true });
    expect(reserved.faults[0]).toMatchObject({ recoveryLatency: 250, stalled: false });
  });
  it('--fault replaces the file\'s faults; --spark overrides the version', () => {
    const r = JSON.parse(run('simulate', paper, '--json', '--fault', '1@1200ms:hang', '--spark', '3.5').out);
    expect(r.spark).toBe('3.5');
    expect(r.faults).toHaveLength(1);
    // default heartbeat settings: last beat at 0... 10 s steps; timeout 120 s; checks every 60 s
    expect(r.faults[0]).toMatchObject({ executor: '1', kind: 'hang', detectedAt: 180_000 });
  });
  it('--fault EXEC@TIME:node: a machine crash; on kubernetes no Master, so the heartbeat expiry detects it', () => {
    const k8s = 'examples/kubernetes-pod-event.sparkjob.yaml';
    const r = JSON.parse(run('simulate', k8s, '--json', '--fault', '2@1500ms:node').out);
    // last heartbeat at 0, timeout 120 s, checks every 60 s: 180 s
    expect(r.faults[0]).toMatchObject({ executor: '2', kind: 'node', detectedAt: 180_000 });
  });
  it('--fault EXEC@TIME:decommission:NOTICE: a decommission with its notice; a notice on another kind is refused', () => {
    // the spot example with a 30 s notice: the kill at 100 s comes before the round that would
    // queue the 4 outputs written at 80 s (README "Decommissioning"); the 4 older ones moved at 72.05 s
    const r = JSON.parse(run('simulate', 'examples/spot-decommission.sparkjob.yaml', '--json', '--fault', '3@70s:decommission:30s').out);
    expect(r.faults[0]).toMatchObject({ executor: '3', kind: 'decommission', detectedAt: 100_000 });
    expect(r.faults[0].decommission).toMatchObject({ killAt: 100_000, exit: 'killed', migratedOutputs: 4, lostOutputs: 4 });
    expect(r.faults[0].decommission.migrated.map((m: { at: number }) => m.at)).toEqual([72_050, 72_050, 72_050, 72_050]);
    const bad = run('simulate', paper, '--fault', '2@1s:hang:5s');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('is not EXEC@TIME[:crash|hang|node|decommission[:NOTICE]]');
  });
  it('the human summary has the fault table and a text Gantt', () => {
    const r = run('simulate', paper);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2\s+crash\s+1\.25 s\s+1\.25 s\s+1\s+1\.66 s\s+410 ms\s+160 ms\s+250 ms\s+STALLED/);
    expect(r.out).toContain('exec 1 slot 0 |');
  });
  it('--stats prints metrics and faults only', () => {
    const r = JSON.parse(run('simulate', paper, '--stats').out);
    expect(Object.keys(r)).toEqual(['metrics', 'faults']);
  });
  it('a run cut short by a limit exits 1 and names the limit and the flag that raises it', () => {
    const r = run('simulate', paper, '--stats', '--max-events', '5');
    expect(r.code).toBe(1);
    expect(r.err).toBe('sparkjob: job J-alpha did not finish: the simulation passed the limit of 5 scheduler events; raise it with --max-events N\n');
    const t = run('simulate', paper, '--stats', '--max-time', '1s');
    expect(t.err).toContain('simulated time passed the limit of 1000 ms; raise it with --max-time DURATION');
  });
  it('bad files: a directory, binary garbage, an empty file: a message and exit 1, never a stack trace', () => {
    const dir = testDir('sparkjob-');
    writeFileSync(join(dir, 'garbage.sparkjob.yaml'), Buffer.from([0, 255, 254, 10, 58, 45, 0, 91]));
    writeFileSync(join(dir, 'empty.sparkjob.yaml'), '');
    for (const f of [dir, join(dir, 'garbage.sparkjob.yaml'), join(dir, 'empty.sparkjob.yaml')]) {
      for (const cmd of ['check', 'simulate', 'sweep']) {
        const r = run(cmd, f);
        expect(r.code).toBe(1);
        expect(r.out + r.err).toMatch(/error|cannot read/);
        expect(r.err).not.toContain('    at ');
      }
    }
  });
  it('rejects bad arguments with a message and exit 1', () => {
    for (const args of [['simulate'], ['simulate', paper, '--fault', '2@1.5s'], ['simulate', paper, '--policy', 'x'], ['frobnicate']]) {
      const r = run(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^sparkjob: /);
      expect(r.err).not.toContain('    at ');
    }
  });
});

describe('query files (issue 14): check, simulate and sweep', () => {
  const file = 'examples/stateful-kafka-k8s.sparkjob.yaml';
  it('check: the file\'s own stall at its fault, the sweep\'s at each executor, the trade-off at spark.locality.wait', () => {
    const r = run('check', file);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    // the fault is at line 39, spark.locality.wait at 13, the executors at 20-25 (executor 3, line 22, has the file's fault)
    expect(lines.find((l) => l.includes('[SJ100]'))!.split(':').slice(1, 4)).toEqual(['39', '5', ' warning']);
    expect(lines.find((l) => l.includes('[SJ310]'))!.split(':').slice(1, 4)).toEqual(['13', '24', ' info']);
    expect(lines.filter((l) => l.includes('[SJ105]')).map((l) => l.split(':')[1])).toEqual(['20', '21', '23', '24', '25']);
  });
  it('simulate --json: per-batch figures, and the loss\'s recovery with the partitions it orphaned (the faults\' usual fields)', () => {
    const r = JSON.parse(run('simulate', file, '--json').out);
    // 20 one-second batches, each with its figures
    expect(r.queryBatches).toHaveLength(20);
    for (const b of r.queryBatches) {
      expect(Object.keys(b)).toEqual(expect.arrayContaining(['query', 'batchId', 'triggerAt', 'submittedAt', 'endedAt', 'durationMs', 'records', 'stateReloads', 'interval']));
      expect(b.durationMs).toBe(b.endedAt - b.triggerAt);
    }
    const f = r.faults[0];
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['executor', 'at', 'detectedAt', 'recoveredAt', 'recoveryLatency', 'localityWait', 'lostTasks', 'stalled', 'lowerBoundMs']));
    expect([f.executor, f.at, f.stalled]).toEqual(['3', 8500, true]);
    // the batch that recovered from the loss: its reloads are the partitions the loss orphaned, each paid by one attempt
    const hit = r.queryBatches.filter((b: { lossOf?: string[] }) => b.lossOf?.includes('3'));
    const reloaded = r.attempts.filter((a: { stateReload?: boolean }) => a.stateReload).map((a: { task: string }) => a.task).sort();
    expect(hit.reduce((n: number, b: { stateReloads: number }) => n + b.stateReloads, 0)).toBe(reloaded.length);
    expect([...f.orphanedTasks].sort()).toEqual(reloaded);
    expect(f.recoveredAt).toBe(Math.max(...r.attempts.filter((a: { task: string }) => f.orphanedTasks.includes(a.task)).map((a: { end: number }) => a.end)));
  });
  it('sweep --json: a fault per executor and moment with its recovery, stall findings, and the trade-off in the advice', () => {
    const r = JSON.parse(run('sweep', file, '--json').out);
    expect(r.faults.length).toBeGreaterThan(0);
    expect(r.faults.every((f: { recoveryLatencyMs?: number; recoveryLatency?: number }) => (f.recoveryLatencyMs ?? f.recoveryLatency) !== undefined)).toBe(true);
    expect(r.findings.length).toBeGreaterThan(0);
    const t = r.advice.stateLocality;
    expect(t.points.map((p: { waitMs: number }) => p.waitMs)).toEqual([0, 1000, 3000]);
    expect(t.summary).toContain('StateStoreCoordinator');
  });
});

