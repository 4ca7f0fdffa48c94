import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseJobFile } from '../../../src/format';
import { runAnalysis } from '../../../src/extension/core/analysis';
import { quickFixes } from '../../../src/extension/core/quickFix';
import { applyEdits } from '../../../src/extension/core/yamlEdit';
import { codeLenses } from '../../../src/extension/core/lenses';
import { hoverText } from '../../../src/extension/core/hoverText';
import { decommissionExit } from '../../../webview/lib/format';

const example = (name: string) => readFileSync(`examples/${name}.sparkjob.yaml`, 'utf8');
const OPTS = { maxAttempts: 1_000_000, defaultSpark: '3.5' as const };

describe('background analysis', () => {
  it('reports the paper\'s stall at the fault entry, with the reserved-slot figure (as sparkjob check)', () => {
    const text = example('paper-fig2');
    const r = runAnalysis(text, OPTS);
    expect(r.status).toBe('ok');
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.code).toBe('SJ100');
    expect(d.severity).toBe('warning');
    // the engine's wording (the lead's to change): the facts, not the sentence
    expect(d.message).toMatch(/^If executor 2 fails at 1\.25 s, 1 re-run task waits 160 ms for a slot on node1 /);
    expect(d.message).toMatch(/reserved slot on executor 1 .*250 ms/);
    expect(d.message).toMatch(/-39%/);
    expect(text.slice(d.range.start, d.range.end)).toMatch(/^executor: "2"\n\s+at: 1250ms\n\s+kind: crash$/);
    expect(d.fixes?.[0]).toEqual({ kind: 'reserveSlots', executors: ['1'], slots: 1 });
    expect(d.related?.map((x) => text.slice(x.range.start, x.range.end))).toEqual(['3s', '{ id: "1", host: node1, cores: 1 }']);
    expect(r.comparison?.faults[0].recoveryLatency).toBe(250);
  });

  it('adds the sweep\'s worst stall at executor entries, once per story', () => {
    const text = example('paper-fig2');
    const r = runAnalysis(text, { ...OPTS, sweep: true });
    const where = (d: { range: { start: number; end: number } }) => text.slice(d.range.start, d.range.end).split('\n')[0];
    // executor 2's stall is the file's own fault (SJ100); the sweep adds executor 1's
    expect(r.diagnostics.map((d) => `${d.code} ${where(d)}`)).toEqual(['SJ100 executor: "2"', 'SJ105 { id: "1", host: node1, cores: 1 }']);
    const at1 = r.diagnostics[1];
    expect(at1.message).toMatch(/^If executor 1 fails at .*, 1 re-run task waits .* with 1 reserved slot on any executor/);
    // no live executor holds the data: the sweep tried a slot on every live executor, and that is the fix
    expect(at1.fixes).toEqual([{ kind: 'reserveSlots', executors: ['all'], slots: 1 }]);
    const fixed = applyEdits(text, quickFixes(text, at1)[0].edits);
    const again = runAnalysis(fixed, { ...OPTS, sweep: true });
    expect(again.diagnostics.filter((d) => d.code === 'SJ105' && where(d).includes('id: "1"'))).toEqual([]);
    expect(r.sweep?.faultsTried).toBeGreaterThan(0);
    expect(r.sweep?.worstStallByExecutor['2']).toBeGreaterThan(100);
    const parsed = parseJobFile(text);
    const lenses = codeLenses(parsed.model!, parsed.sourceMap, r.primary, r.sweep);
    expect(lenses.map((l) => l.title)).toContain(`worst stall ${Math.round(r.sweep!.worstStallByExecutor['2'])} ms`);
  });

  it('with the advisor, offers its shorter locality wait as a second fix', () => {
    const text = example('paper-fig2');
    const r = runAnalysis(text, { ...OPTS, sweep: true, advise: true });
    expect(r.sweep?.advice?.join(' ')).toMatch(/Reserve 1 slot/);
    const stall = r.diagnostics.find((d) => d.code === 'SJ100')!;
    expect(stall.fixes?.[0]).toEqual({ kind: 'reserveSlots', executors: ['1'], slots: 1 });
    // the advisor's reservation (its notification: "Reserve 1 slot on executors 1 and 2"), then its wait
    expect(r.sweep?.advice?.[0]).toMatch(/^Reserve 1 slot on executors 1 and 2:/);
    expect(stall.fixes?.[1]).toEqual({ kind: 'reserveSlots', executors: ['1', '2'], slots: 1 });
    expect(stall.fixes?.[2]).toEqual({ kind: 'setConf', key: 'spark.locality.wait', value: expect.stringMatching(/^\d+(ms|s)$/) });
    const fixes = quickFixes(text, stall);
    expect(fixes.map((f) => !!f.isPreferred)).toEqual([true, false, false]);
    expect(fixes[1].title).toBe('Reserve 1 slot on executors 1 and 2 for re-run tasks (recovery: reserved-slots)');
    // one edit for both executors, and no stall left anywhere in the sweep once applied
    expect(fixes[1].edits).toHaveLength(1);
    const fixed = applyEdits(text, fixes[1].edits);
    expect(fixed).toMatch(/reservedSlots: \{ "1": 1, "2": 1 \}/);
    const again = runAnalysis(fixed, { ...OPTS, sweep: true });
    expect(again.diagnostics.filter((d) => d.code === 'SJ100' || d.code === 'SJ105')).toEqual([]);
  });

  it('every stall warning offers the reservation that removes it (issue 15: two tasks lost, no live holder)', () => {
    // three executors of 2 cores; tasks prefer exec:1 and exec:2; executor 2 crashes at 1.5 s with two tasks
    const text = 'version: 1\nspark: "2.2"\ncluster:\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n'
      + '    - { id: "2", host: node2, cores: 2 }\n    - { id: "3", host: node3, cores: 2 }\njobs:\n  - name: scan\n    stages:\n'
      + '      - name: map\n        tasks:\n' + ['1', '1', '2', '2', '1', '2'].map((e, i) => `          - { duration: ${i < 4 ? 2 : 3}s, prefer: ["exec:${e}"] }\n`).join('')
      + 'faults:\n  - { executor: "2", at: 1500ms }\n';
    const r = runAnalysis(text, { ...OPTS, sweep: true, advise: true });
    const stalls = r.diagnostics.filter((d) => d.code === 'SJ100' || d.code === 'SJ105');
    expect(stalls.map((d) => d.code).sort()).toEqual(['SJ100', 'SJ105']); // executor 2's SJ105 is told by its SJ100
    for (const d of stalls) {
      const fixes = quickFixes(text, d);
      const preferred = fixes.find((f) => f.isPreferred)!;
      expect(preferred.fix.kind).toBe('reserveSlots');
      // the advisor's "Reserve 2 slots on executors 1 and 2" is offered on every stall warning
      expect(fixes.map((f) => f.title)).toContain('Reserve 2 slots on executors 1 and 2 for re-run tasks (recovery: reserved-slots)');
      // the preferred fix removes this warning
      const again = runAnalysis(applyEdits(text, preferred.edits), { ...OPTS, sweep: true });
      const sameStory = d.code === 'SJ100'
        ? again.diagnostics.filter((x) => x.code === 'SJ100')
        : again.diagnostics.filter((x) => x.code === 'SJ105' && x.range.start === d.range.start);
      expect(sameStory).toEqual([]);
    }
    // the SJ100's own fix: the executors whose reserved slots ran the two lost tasks, in one edit
    const own = quickFixes(text, stalls.find((d) => d.code === 'SJ100')!)[0];
    expect(own.title).toBe('Reserve 1 slot on executors 1 and 3 for re-run tasks (recovery: reserved-slots)');
  });

  it('the preferred quick fix removes the stall', () => {
    const text = example('paper-fig2');
    const d = runAnalysis(text, OPTS).diagnostics[0];
    const [preferred] = quickFixes(text, d).filter((f) => f.isPreferred);
    expect(preferred.title).toBe('Reserve 1 slot on executor 1 for re-run tasks (recovery: reserved-slots)');
    const fixed = applyEdits(text, preferred.edits);
    expect(fixed).toContain('recovery:\n  policy: reserved-slots\n  reservedSlots: { "1": 1 }\n');
    const after = runAnalysis(fixed, OPTS);
    expect(after.primary?.faults[0]).toMatchObject({ stalled: false, recoveryLatency: 250 });
    expect(after.diagnostics).toEqual([]);
  });

  it('compares with the file\'s own reserved slots for the timeline', () => {
    const r = runAnalysis(example('locality-batch'), { ...OPTS, compare: true });
    expect(r.comparison?.policy).toBe('reserved-slots');
    expect(r.comparison?.executors.every((e) => e.reservedSlots === 1)).toBe(true);
  });

  it('stays silent on files with errors and skips files over the size budget', () => {
    expect(runAnalysis('version: 1\ncluster: 3\n', OPTS)).toMatchObject({ status: 'invalid', diagnostics: [] });
    const text = example('locality-batch');
    const r = runAnalysis(text, { ...OPTS, maxAttempts: 50 });
    expect(r.status).toBe('tooBig');
    expect(r.diagnostics[0].code).toBe('SJ191');
    expect(r.diagnostics[0].message).toContain('112 tasks, more than the budget of 50 attempts');
    expect(text.slice(r.diagnostics[0].range.start, r.diagnostics[0].range.end)).toBe('jobs');
  });

  it('replaces the file\'s faults and honours the default Spark version', () => {
    const text = example('heartbeat-hang').replace('spark: "3.5"\n', '');
    const r = runAnalysis(text, { ...OPTS, defaultSpark: '2.2', compare: true, faults: [{ executor: '1', at: 2000, kind: 'crash' }] });
    expect(r.primary?.spark).toBe('2.2');
    expect(r.primary?.faults.map((f) => f.executor)).toEqual(['1']);
    expect(r.comparison?.policy).toBe('reserved-slots');
  });
});

describe('lenses and hovers over the last simulation', () => {
  const text = example('paper-fig2');
  const parsed = parseJobFile(text);
  const sim = runAnalysis(text, OPTS).primary!;

  it('puts Simulate fault here and the worst stall on executors, Open timeline on faults:', () => {
    const lenses = codeLenses(parsed.model!, parsed.sourceMap, sim);
    expect(lenses.map((l) => `${text.slice(l.range.start, l.range.start + 8).split('\n')[0]} ${l.title}`)).toEqual([
      '{ id: "1 Simulate fault here', '{ id: "2 Simulate fault here', '{ id: "2 worst stall 160 ms', '{ id: "3 Simulate fault here', 'faults: Open timeline',
    ]);
  });

  it('hovers an executor with its slots and what its fault cost', () => {
    const h = hoverText(text, text.indexOf('host: node2') + 2, { model: parsed.model, sim })!;
    expect(h.markdown).toContain('**Executor 2** on node2');
    expect(h.markdown).toContain('1 slot = floor(1 cores / spark.task.cpus 1)');
    expect(h.markdown).toContain('recovery takes 410 ms');
  });

  it('hovers a task with the locality of its attempts', () => {
    const h = hoverText(text, text.indexOf('duration: 250ms'), { model: parsed.model, sim })!;
    expect(h.markdown).toContain('**J-alpha/map/1** in the last simulation');
    expect(h.markdown).toMatch(/attempt 1 \(re-run\): executor 1 \(node1\), \*\*NODE_LOCAL\*\*, 1410–1660 ms, success, waited 160 ms/);
  });

  it('hovers a fault with what the last simulation made of it', () => {
    const h = hoverText(text, text.indexOf('at: 1250ms') + 1, { model: parsed.model, sim })!;
    expect(h.markdown).toContain('**Executor 2 crashes at 1.25 s** (last simulation, policy spark)');
    expect(h.markdown).toContain('- 1 task lost: J-alpha/map/1');
    expect(h.markdown).toContain('- recovery takes 410 ms (lower bound 250 ms)');
    expect(h.markdown).toContain('waited 160 ms for a local slot while a slot was free: **stalled**');
  });

  it('explains a preferred location with the file\'s cluster', () => {
    const h = hoverText(text, text.indexOf('host:node2') + 3, { model: parsed.model, sim })!;
    expect(h.markdown).toContain('**NODE_LOCAL** on node2 (executor 2)');
    const t = text.replace('prefer: ["host:node1"] }', 'prefer: ["exec:9"] }');
    expect(hoverText(t, t.indexOf('exec:9') + 2, { model: parsed.model })!.markdown).toContain('No executor "9"');
  });

  it('the prefer key explains how RDDs report locations (union, zip, coalesce, localhost splits)', () => {
    const md = hoverText(text, text.indexOf('prefer:') + 2)!.markdown;
    for (const rule of ['`union`', '`zip`', '`coalesce`', '`localhost`', 'live `exec:` replicas']) expect(md).toContain(rule);
  });

  it('normalises durations and sizes, and documents conf and format keys', () => {
    expect(hoverText(text, text.indexOf('1250ms') + 1)!.markdown).toContain('**1250 ms** (1.25 s)');
    expect(hoverText(text, text.indexOf('64m') + 1)!.markdown).toContain('**64 MiB = 67108864 bytes**');
    expect(hoverText(text, text.indexOf('bandwidth') + 12)!.markdown).toContain('125 MiB/s = 131072000 bytes per second');
    expect(hoverText(text, text.indexOf('  spark.locality.wait:') + 5)!.markdown).toContain('default `3s`');
    expect(hoverText(text, text.indexOf('stallThreshold') + 3)!.markdown).toContain('**stallThreshold**: duration');
    expect(hoverText('conf:\n  spark.network.timeout: 120\n', 32)!.markdown).toContain('**120000 ms** (2 min)');
  });
});

describe('hover outside the YAML structure', () => {
  it('documents a known spark.* key named in a comment', () => {
    const text = '# delay scheduling: spark.locality.wait.\nversion: 1\n';
    const h = hoverText(text, text.indexOf('locality'))!;
    expect(h.markdown).toContain('**spark.locality.wait**');
    expect(text.slice(h.range.start, h.range.end)).toBe('spark.locality.wait');
    expect(hoverText(text, 3)).toBeUndefined();
  });
});

describe('results kept in the extension host', () => {
  it('keeps the re-runs and lost attempts of a big run, and says how many there were', () => {
    const text = example('locality-batch');
    const full = runAnalysis(text, OPTS);
    const r = runAnalysis(text, { ...OPTS, keepAttempts: 30 });
    expect(r.attemptsTotal).toBe(full.primary!.attempts.length);
    expect(r.primary!.attempts.length).toBe(30);
    // every re-run and lost attempt is kept, then the others while there is room, in the result's order
    const lost = new Set(full.primary!.faults.flatMap((f) => f.lostTasks));
    const important = full.primary!.attempts.filter((a) => a.recovery || lost.has(a.task));
    expect(important.length).toBeGreaterThan(0);
    expect(important.length).toBeLessThan(30);
    expect(r.primary!.attempts.filter((a) => a.recovery || lost.has(a.task))).toEqual(important);
    const order = new Map(full.primary!.attempts.map((a, i) => [a, i]));
    const idx = r.primary!.attempts.map((a) => full.primary!.attempts.findIndex((b) => b.task === a.task && b.attempt === a.attempt));
    expect(idx).toEqual([...idx].sort((x, y) => x - y));
    expect(order.size).toBe(full.primary!.attempts.length);
    expect(r.primary!.faults).toEqual(full.primary!.faults);
    expect(r.diagnostics).toEqual(full.diagnostics);
    const parsed = parseJobFile(text);
    const h = hoverText(text, text.indexOf('count: 16'), { model: parsed.model, sim: r.primary, attemptsTotal: r.attemptsTotal });
    expect(h?.markdown ?? '').not.toContain('undefined');
  });
});

describe('streaming', () => {
  const text = `version: 1
cluster:
  executors:
    - { id: "1", host: node1, cores: 2 }
    - { id: "2", host: node2, cores: 2 }
streaming:
  batchInterval: 1s
  batches: 5
  inputs:
    - name: socket
      kind: receiver
      storageLevel: MEMORY_AND_DISK_SER_2
      recordsPerSecond: 1000
      recordSize: 100b
  outputs:
    - name: counts
      stages:
        - name: map
          input: socket
          costPerRecord: 20us
          fixed: 5ms
`;
  it('estimates the attempts of a streaming file and hovers its stages and receivers', () => {
    const parsed = parseJobFile(text);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = runAnalysis(text, OPTS);
    expect(r.status).toBe('ok');
    expect(Math.abs(r.attemptsEstimate - r.primary!.attempts.length)).toBeLessThanOrEqual(2);
    const stage = hoverText(text, text.indexOf('name: map') + 7, { model: parsed.model, sim: r.primary })!;
    expect(stage.markdown).toMatch(/\*\*counts\/map\*\* in the last simulation: \d+ attempts over 5 batches/);
    const receiver = hoverText(text, text.indexOf('kind: receiver') + 7, { model: parsed.model, sim: r.primary })!;
    expect(receiver.markdown).toContain('**receiver:socket** in the last simulation');
  });
});

describe('requests about a huge document, answered by the worker instead of the extension host', () => {
  it('locates a task, lists the cluster, computes a quick fix\'s edits, without simulating', () => {
    const text = example('paper-fig2');
    const located = runAnalysis(text, { ...OPTS, locateTask: 'J-alpha/map/1' });
    expect(located.primary).toBeUndefined();
    expect(text.slice(located.taskRange!.start, located.taskRange!.end)).toBe('{ duration: 250ms, input: 64m, prefer: ["host:node2", "host:node1"] }');
    const cluster = runAnalysis(text, { ...OPTS, executorsOnly: true }).cluster!;
    expect(cluster.executors.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(cluster.taskCpus).toBe(1);
    expect(cluster.faults).toEqual([{ executor: '2', at: 1250, kind: 'crash' }]);
    const stall = runAnalysis(text, OPTS).diagnostics[0];
    const edits = runAnalysis(text, { ...OPTS, quickFix: { range: stall.range, fix: stall.fixes![0] } }).edits!;
    expect(edits).toEqual(quickFixes(text, stall)[0].edits);
  });

});

describe('hover on microsecond durations (issue 15)', () => {
  it('costPerRecord: 50us in microseconds, and what it makes of one task of its input', () => {
    const text = example('streaming-receiver');
    const parsed = parseJobFile(text);
    const h = hoverText(text, text.indexOf('costPerRecord: 50us') + 16, { model: parsed.model })!;
    expect(h.markdown).toContain('**50 µs** (0.05 ms)');
    expect(h.markdown).not.toContain('0 ms**');
    // 5000 records/s x 200 ms blocks = 1000 records; 5 ms + 1000 x 50 µs = 55 ms (the file's comment)
    expect(h.markdown).toContain('a block (1,000 records in 200 ms at 5,000/s) takes about 55 ms (5 ms fixed + records x 50 µs');
    const k = example('kafka-direct');
    const kh = hoverText(k, k.indexOf('costPerRecord: 20us') + 16, { model: parseJobFile(k).model })!;
    expect(kh.markdown).toContain('**20 µs** (0.02 ms)');
    expect(kh.markdown).toMatch(/a partition \([\d,.]+ records per batch of/);
  });
});


describe('a decommission in the editor', () => {
  const text = example('spot-decommission');
  const parsed = parseJobFile(text);
  const r = runAnalysis(text, OPTS);

  it('SJ173 at the fault says what the notice saved', () => {
    const d = r.diagnostics.filter((x) => x.code === 'SJ173');
    expect(d).toHaveLength(1);
    expect(d[0].severity).toBe('info');
    // at the fault entry (the README's example: 8 outputs migrated, nothing re-run; 20 re-runs without the notice)
    expect(text.slice(d[0].range.start, d[0].range.end)).toContain('kind: decommission');
    expect(d[0].message).toContain('it exited at 2 min 10 s once its 8 map outputs had migrated; 8 map outputs (2048 MiB) migrated to executors 1, 2, 4, 5 and 6');
    expect(d[0].message).toContain('lost without warning at 3 min 10 s instead: 20 tasks re-run');
  });

  it('the fault\'s hover gives the migration and the exit', () => {
    const h = hoverText(text, text.indexOf('at: 70s') + 1, { model: parsed.model, sim: r.primary! })!;
    expect(h.markdown).toContain('**Executor 3 gets a decommission notice at 1 min 10 s**');
    // the same wording as SJ173 and the timeline header (engine/result.ts decommissionExit)
    expect(h.markdown).toContain('- it exited at 2 min 10 s once its 8 map outputs had migrated\n- 8 map outputs migrated, 0 outputs lost');
    expect(h.markdown).toContain('- 0 tasks lost');
  });
});

describe('a decommission in the timeline header', () => {
  // spot-decommission: executor 3 gets a 2 min notice at 70 s and exits by itself at 130 s with
  // its 8 map outputs migrated (README's examples table); with spark.decommission.enabled off
  // Spark ignores the notice and the kill at 3 min 10 s loses the executor like a crash.
  it('says how the executor left, not "never detected"', () => {
    const on = runAnalysis(example('spot-decommission'), OPTS).primary!.faults[0].decommission!;
    expect(decommissionExit(on)).toBe('it exited at 2 min 10 s once its 8 map outputs had migrated');
    const off = runAnalysis(example('spot-decommission').replace(/spark\.decommission\.enabled: "?true"?/, 'spark.decommission.enabled: "false"'), OPTS)
      .primary!.faults[0].decommission!;
    expect(off.exit).toBe('ignored');
    expect(decommissionExit(off)).toBe('the notice was ignored (spark.decommission.enabled is off): lost at the kill, 3 min 10 s, like a crash');
    // the paper's example, a 500 ms notice at 1.25 s in Spark 2.2 (no decommissioning): the kill
    // at 1.75 s comes after the run's 1.61 s
    const early = runAnalysis(example('paper-fig2').replace(/faults:[\s\S]*?kind: crash/, 'faults:\n  - { executor: "2", at: 1250ms, kind: decommission, notice: 500ms }'), OPTS)
      .primary!.faults[0].decommission!;
    expect(decommissionExit(early)).toBe('the notice was ignored (spark.decommission.enabled is off) and its kill at 1.75 s comes after the run ends');
  });
});
