// drawAhead (workload.ts, issue #17): a cold command line's warm-up draws a few thousand tasks of
// each large stage into arrays it throws away, so V8 compiles the draw loops before the real build.
// It must change no run: its own generator, its own arrays, and the draws' scratch (the dense
// draw's permutation, restored after each draw) left as it found it.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/engine/simulate';
import { drawAhead } from '../../../src/engine/workload';
import { parseJobFile } from '../../../src/format';
import type { JobFile } from '../../../src/format/model';

/** 24 executors on 8 hosts; a scan whose replicas are drawn as `prefer` says, a lognormal and a uniform stage */
function file(prefer: string, n: number): JobFile {
  const text = `version: 1
seed: 5
cluster:
  executors:
${Array.from({ length: 24 }, (_, k) => `    - { id: "${k + 1}", host: h${(k % 8) + 1}, cores: 2 }`).join('\n')}
jobs:
  - name: etl
    stages:
      - name: scan
        tasks: { count: ${n}, duration: { dist: lognormal, median: 40ms, sigma: 0.5 }, prefer: ${prefer} }
      - name: mid
        parents: [scan]
        tasks: { count: ${n}, duration: { dist: lognormal, median: 30ms, sigma: 0.3 } }
      - name: agg
        parents: [mid]
        tasks: { count: ${n}, duration: { dist: uniform, min: 10ms, max: 50ms } }
faults:
  - { executor: "3", at: 300ms, kind: crash }
`;
  const parsed = parseJobFile(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.model!;
}

describe('drawAhead', () => {
  // 3 replicas of 8 hosts: the sparse draw of 3 (sampleFew); 20 of 24 executors: the dense draw
  // (past SPARSE_MAX = 16), whose scratch permutation is kept per pool between draws
  for (const prefer of ['{ replicas: 3, on: hosts }', '{ replicas: 20, on: executors }', '["host:h2"]']) {
    it(`changes no run of a file whose stages it draws ahead (prefer: ${prefer})`, () => {
      const model = file(prefer, 800);
      const before = JSON.stringify(simulate(model, {}));
      drawAhead(model, 100); // every stage has 8 x 100 tasks or more: each is drawn ahead
      drawAhead(model, 100);
      expect(JSON.stringify(simulate(model, {}))).toBe(before);
    });
  }
});
