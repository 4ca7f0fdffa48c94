// The import's check without a parse of every task (src/eventlog/checkPlan.ts): the tasks' values
// it refuses are the ones the format's parser refuses, and the skeleton it parses keeps everything
// but the tasks.
import { describe, expect, it } from 'vitest';
import { badTaskValue, skeletonOf, tooLarge } from '../../../src/eventlog/checkPlan';
import { buildPlan, type Plan } from '../../../src/eventlog/plan';
import { renderYaml } from '../../../src/eventlog/yamlOut';
import { parseJobFile } from '../../../src/format/parse';
import { LIMITS } from '../../../src/format/ctx';
import { readLogFile } from '../../../src/cli/logInput';
import { log } from './logFiles';

const header = { source: 'x', appId: 'a', appName: 'n', sparkVersion: '3.5.0', master: 'yarn', complete: true, skippedLines: 0 };
const errorsOf = (plan: Plan) => parseJobFile(renderYaml(plan, header)).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('checkPlan', async () => {
  const plan = buildPlan(await readLogFile(log('sparklint/src/test/resources/spark_event_log_example')));
  const stage = plan.jobs[0].stages.find((s) => s.tasks.length > 20)!;
  const withTask = (patch: object): Plan => {
    const p = structuredClone(plan);
    const s = p.jobs[0].stages.find((x) => x.stageId === stage.stageId)!;
    s.tasks[7] = { ...s.tasks[7], ...patch };
    return p;
  };

  it('passes a real log\'s plan, which the parser reads whole without an error', () => {
    expect(badTaskValue(plan)).toBeUndefined();
    expect(errorsOf(plan)).toEqual([]);
  });

  it.each([
    [{ duration: Number.NaN }, /duration NaN/],
    [{ duration: -3 }, /duration -3/],
    [{ input: 1.5 }, /input 1.5/],
    [{ prefer: ['localhost'] }, /'localhost' is not a preferred location/],
  ])('refuses %o, as the parser does', (patch, why) => {
    const bad = withTask(patch);
    expect(badTaskValue(bad)).toMatch(new RegExp(`^job\\d+/s${stage.stageId}/7: ${why.source}`));
    expect(errorsOf(bad).length).toBeGreaterThan(0);
  });

  it.each([{ duration: 12.4 }, { input: -1 }, { input: Number.NaN }])('accepts %o, which the renderer writes as a valid value (rounded, or no input)', (patch) => {
    const p = withTask(patch);
    expect(badTaskValue(p)).toBeUndefined();
    expect(errorsOf(p)).toEqual([]);
  });

  it('the skeleton keeps every stage with its first task, and nothing else changes', () => {
    const sk = skeletonOf(plan);
    expect(sk.jobs.map((j) => j.stages.map((s) => s.tasks))).toEqual(plan.jobs.map((j) => j.stages.map((s) => s.tasks.slice(0, 1))));
    expect({ ...sk, jobs: [] }).toEqual({ ...plan, jobs: [] });
    expect(errorsOf(sk)).toEqual([]);
  });

  it('a file over the format\'s size limit is said in one line before anything parses it', () => {
    expect(tooLarge('x'.repeat(LIMITS.maxChars))).toBeUndefined();
    const msg = tooLarge('x'.repeat(LIMITS.maxChars + 1))!;
    expect(msg).toMatch(/^the job file would have 16,777,217 characters, over the format's limit of 16,777,216 \(SJ003\)/);
    expect(msg).not.toContain('\n');
  });
});
