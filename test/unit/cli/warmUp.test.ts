// `sparkjob simulate` runs a large batch job's miniature first (src/cli/warmUp.ts, issue #17): when
// it does, and that the command's output is the engine's result for the file all the same.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptByWarmUp, warmUp } from '../../../src/cli/warmUp';
import { miniature } from '../../../src/engine/miniature';
import { simulate, type SimulateOptions } from '../../../src/engine/simulate';
import { Simulation } from '../../../src/engine/simulation';
import { TaskSetManager } from '../../../src/engine/taskSetManager';
import { parseJobFile } from '../../../src/format';
import type { JobFile } from '../../../src/format/model';
import { testDir } from '../testDir';

const root = join(__dirname, '../../..');
const bin = join(root, 'dist/cli.js');

beforeAll(() => {
  if (!existsSync(bin)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

/** 12 executors on 6 hosts, a scan of `n` tasks and a shuffle; executor 9's reservation and a crash of executor 3 */
function fileText(n: number): string {
  return `version: 1
seed: 11
cluster:
  executors:
${Array.from({ length: 12 }, (_, k) => `    - { id: "${k + 1}", host: h${(k % 6) + 1}, cores: 4 }`).join('\n')}
jobs:
  - name: etl
    stages:
      - name: scan
        tasks: { count: ${n}, duration: { dist: lognormal, median: 300ms, sigma: 0.5 }, prefer: { replicas: 2, on: hosts } }
      - name: agg
        parents: [scan]
        tasks: { count: 200, duration: { dist: uniform, min: 50ms, max: 150ms } }
faults:
  - { executor: "3", at: 4s, kind: crash }
recovery:
  reservedSlots: { "9": 2 }
`;
}

function parse(text: string): JobFile {
  return parseJobFile(text).model!;
}

describe('the miniature before a cold simulate', () => {
  it('runs for a batch file whose largest stage has 3,000 tasks, not 2,999, nor for a streaming file', () => {
    expect(warmUp(parse(fileText(3000)), {})).toBe(true);
    expect(warmUp(parse(fileText(2999)), {})).toBe(false);
    const streaming = parse(readFileSync(join(root, 'examples/streaming-receiver.sparkjob.yaml'), 'utf8'));
    expect(warmUp(streaming, {})).toBe(false);
  });

  it("keeps the miniature's run and every task set it made reachable, and lists no task set after it", () => {
    expect(warmUp(parse(fileText(3000)), {})).toBe(true);
    const [run, sets] = keptByWarmUp() as [Simulation, TaskSetManager[]];
    expect(run).toBeInstanceOf(Simulation);
    // the miniature's two stages, each one task set (its crash loses map outputs once the scan ends: a resubmission or none)
    expect(sets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sets.map((t) => t.stage.name))).toEqual(new Set(['scan', 'agg']));
    for (const t of sets) expect(run.stages).toContain(t.stage);
    simulate(parse(fileText(100)), {});
    expect((keptByWarmUp() as [Simulation, TaskSetManager[]])[1]).toBe(sets);
    expect(sets.every((t) => run.stages.includes(t.stage))).toBe(true);
  });

  it('leaves the output of simulate --json the engine\'s result: with --fault, --spark 2.2 and a reservation on an executor it drops', () => {
    const dir = testDir('sparkjob-');
    const path = join(dir, 'big.sparkjob.yaml');
    const text = fileText(4000);
    writeFileSync(path, text);
    const model = parse(text);
    // the miniature keeps the fault's executor and one a host of the others, 1-6: not 9, which holds the reservation
    expect(miniature(model, model.faults)!.cluster.executors.map((e) => e.id)).toEqual(['3', '1', '2', '4', '5', '6']);
    const runs: [string[], SimulateOptions][] = [
      [[], {}],
      [['--policy', 'reserved-slots'], { policy: 'reserved-slots' }],
      [['--fault', '5@2500ms:hang', '--spark', '2.2'], { faults: [{ executor: '5', at: 2500, kind: 'hang' }], spark: '2.2' }],
    ];
    for (const [args, options] of runs) {
      const r = spawnSync(process.execPath, [bin, 'simulate', path, '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(simulate(model, options))));
    }
  });
});
