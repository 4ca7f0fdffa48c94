// Information diagnostics for Spark rules the simulation does not model (fidelity audit F3, F14).
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { file } from './helpers';

const codes = (text: string, code: string) => parseJobFile(text).diagnostics.filter((d) => d.code === code);

describe('SJ110: the 2.2 heartbeat-expiry race (SPARK-27348)', () => {
  const hang = 'faults:\n  - { executor: "2", at: 1s, kind: hang }\n';
  it('an info at the kind of a 2.2 hang fault', () => {
    const text = file({ head: 'spark: "2.2"\n', tail: hang });
    const found = codes(text, 'SJ110');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('info');
    expect(text.slice(found[0].range.start, found[0].range.end)).toBe('hang');
  });
  it('none for 3.5 (it kills before it removes) or for a crash', () => {
    expect(codes(file({ head: 'spark: "3.5"\n', tail: hang }), 'SJ110')).toEqual([]);
    expect(codes(file({ head: 'spark: "2.2"\n', tail: hang.replace('hang', 'crash') }), 'SJ110')).toEqual([]);
  });
});

describe('SJ111: shuffle fetch retries matter in 2.2 only', () => {
  it('an info at each retry key under 3.5, none under 2.2, and 2.2 reads them', () => {
    const conf = 'spark.shuffle.io.maxRetries: 5\nspark.shuffle.io.retryWait: 2s';
    expect(codes(file({ head: 'spark: "3.5"\n', conf }), 'SJ111')).toHaveLength(2);
    const r22 = parseJobFile(file({ head: 'spark: "2.2"\n', conf }));
    expect(r22.diagnostics.filter((d) => d.code === 'SJ111')).toEqual([]);
    expect(r22.model!.conf.shuffle).toEqual({ serviceEnabled: false, ioMaxRetries: 5, ioRetryWait: 2000 });
  });
  it('retryWait is read in whole seconds (TransportConf: getTimeAsSeconds): a bare number is seconds', () => {
    expect(parseJobFile(file({ head: 'spark: "2.2"\n', conf: 'spark.shuffle.io.retryWait: 3' })).model!.conf.shuffle.ioRetryWait).toBe(3000);
  });
});
