// Robustness limits of the format: a run that would simulate too long is refused at its value,
// naming the limit, before anything is simulated.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';

const streaming = (bound: string) => `version: 1
cluster:
  executors: { count: 4, cores: 2 }
streaming:
  batchInterval: 1s
  ${bound}
  inputs:
    - { name: events, kind: kafka-direct, partitions: 4, recordsPerSecond: 1000 }
  outputs:
    - name: out
      stages:
        - { name: map, input: events, costPerRecord: 10us, fixed: 5ms }
`;

describe('a year of batches', () => {
  it('duration: 365d at 1 s batches is refused with SJ005 at the value, naming the limit', () => {
    const text = streaming('duration: 365d');
    const r = parseJobFile(text);
    expect(r.model).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'SJ005')!;
    expect(text.slice(d.range.start, d.range.end)).toBe('365d');
    expect(d.message).toContain('31536000 batches');
    expect(d.message).toContain('limit of 100000');
  });
  it('batches: 200000 is refused the same way; a day of batches is fine', () => {
    const r = parseJobFile(streaming('batches: 200000'));
    expect(r.diagnostics.map((x) => x.code)).toContain('SJ005');
    expect(parseJobFile(streaming('duration: 1d')).model?.streaming).toBeDefined();
  });
});
