// SJ037: a bare number under a time key is Spark's default unit, said out loud with two fixes.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';

const file = (conf: string) => `version: 1\nconf:\n${conf}\ncluster:\n  executors: { count: 1, cores: 1 }\njobs:\n  - name: j\n    stages:\n      - name: s\n        tasks: { count: 1, duration: 1s }\n`;

describe('SJ037', () => {
  it('spark.locality.wait: 3 is 3 ms, with fixes 3ms and 3s at the value', () => {
    const text = file('  spark.locality.wait: 3');
    const r = parseJobFile(text);
    expect(r.model!.conf.localityWait.node).toBe(3);
    const d = r.diagnostics.find((x) => x.code === 'SJ037')!;
    expect(d.severity).toBe('info');
    expect(text.slice(d.range.start, d.range.end)).toBe('3');
    expect(d.fixes!.map((f) => f.kind === 'replace' && f.text)).toEqual(['3ms', '3s']);
  });
  it('spark.network.timeout: 120 is 120 s; a value with a unit says nothing', () => {
    const r = parseJobFile(file('  spark.network.timeout: 120\n  spark.locality.wait: 3s'));
    expect(r.model!.conf.networkTimeout).toBe(120_000);
    expect(r.diagnostics.filter((x) => x.code === 'SJ037').map((x) => x.message)).toEqual([
      "spark.network.timeout: 120 is read as 120 s (the key's default unit); write 120s to say so, or 120ms if you meant that",
    ]);
  });
});
