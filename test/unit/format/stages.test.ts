// Parents are read the same way in batch jobs and streaming outputs (src/format/stages.ts).
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';

const job = (parents: string) => `version: 1
cluster:
  executors: { count: 1, cores: 1 }
jobs:
  - name: j
    stages:
      - { name: a, tasks: { count: 1, duration: 1s } }
      - name: b
        ${parents}
        tasks: { count: 1, duration: 1s }
`;

describe('stage parents', () => {
  it('an empty `parents:` means no parents, as in streaming outputs', () => {
    const r = parseJobFile(job('parents:'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.model!.jobs[0].stages[1].parents).toEqual([]);
  });
  it("an unknown parent is reported at its name with the job's stages; a cycle once", () => {
    const text = job('parents: [aa]');
    const d = parseJobFile(text).diagnostics.find((x) => x.code === 'SJ052')!;
    expect(text.slice(d.range.start, d.range.end)).toBe('aa');
    expect(d.message).toBe("unknown parent stage 'aa' (stages of this job: a, b)");
    const cyc = parseJobFile(job('parents: [b]')).diagnostics.filter((x) => x.code === 'SJ053');
    expect(cyc.map((x) => x.message)).toEqual(['cyclic stage dependencies: b -> b (a stage runs only after its parents)']);
  });
});
