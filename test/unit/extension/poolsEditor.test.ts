// Pools in the editor: completion of the keys and of `pool:` values (the file's pools and
// "default"), and hovers, from the same tables as the parser (formatKeys).
import { describe, expect, it } from 'vitest';
import { completionItems } from '../../../src/extension/core/completionItems';
import { hoverText } from '../../../src/extension/core/hoverText';
import { parseJobFile } from '../../../src/format';

const at = (s: string) => ({ text: s.replace('|', ''), offset: s.indexOf('|') });
const labels = (s: string, model = false) => {
  const { text, offset } = at(s);
  return completionItems(text, offset, model ? { model: parseJobFile(text.replace(/pool: \w*\n/, 'pool: default\n')).model } : {}).map((i) => i.label);
};

const HEAD = 'version: 1\nconf: { spark.scheduler.mode: FAIR }\ncluster: { executors: { count: 2, cores: 2 } }\n' +
  'pools:\n  - { name: etl, weight: 1 }\n  - { name: streaming, weight: 2, minShare: 4 }\n';

describe('pools in the editor', () => {
  it('completes a pool\'s keys and schedulingMode values', () => {
    const keys = labels('version: 1\npools:\n  - name: p\n    |');
    expect(keys).toEqual(expect.arrayContaining(['schedulingMode', 'weight', 'minShare']));
    expect(labels('pools:\n  - name: p\n    schedulingMode: |')).toEqual(['FIFO', 'FAIR']);
    expect(labels('version: 1\n|')).toContain('pools');
  });

  it('`pool:` on a job, a streaming output and a query offers the file\'s pools and default', () => {
    const job = `${HEAD}jobs:\n  - name: j\n    pool: |\n    stages: [{ name: s, tasks: { count: 1, duration: 1s } }]\n`;
    expect(labels(job)).toEqual(['etl', 'streaming', 'default']);
    expect(labels(job, true)).toEqual(['etl', 'streaming', 'default']);
    expect(labels(`${HEAD}streaming:\n  outputs:\n    - name: o\n      pool: |`)).toEqual(['etl', 'streaming', 'default']);
    expect(labels(`${HEAD}queries:\n  - name: q\n    pool: |`)).toEqual(['etl', 'streaming', 'default']);
    // the key itself writes a choice of them
    const { text, offset } = at(`${HEAD}jobs:\n  - name: j\n    |`);
    expect(completionItems(text, offset).find((i) => i.label === 'pool')!.insertText).toBe('pool: ${1|etl,streaming,default|}');
  });

  it('hovers pools, pool: and spark.scheduler.mode', () => {
    const text = `${HEAD}jobs:\n  - name: j\n    pool: etl\n    stages: [{ name: s, tasks: { count: 1, duration: 1s } }]\n`;
    expect(hoverText(text, text.indexOf('pools:') + 1)?.markdown).toMatch(/FairSchedulingAlgorithm/);
    expect(hoverText(text, text.indexOf('minShare') + 1)?.markdown).toMatch(/running tasks/);
    expect(hoverText(text, text.indexOf('pool: etl') + 1)?.markdown).toMatch(/spark\.scheduler\.pool/);
    expect(hoverText(text, text.indexOf('spark.scheduler.mode') + 3)?.markdown).toMatch(/minShare/);
  });
});
