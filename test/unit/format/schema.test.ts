// The JSON Schema is generated from the key tables; it must be current, and it must accept the
// examples and refuse a few bad files (validated as yaml-language-server would: YAML -> JS -> ajv).
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { buildJsonSchema } from '../../../src/format/schema';
import { CONF_KEYS } from '../../../src/format/confKeys';
import { file, CLUSTER } from './helpers';

const ROOT = join(__dirname, '../../..');
const SCHEMA_FILE = join(ROOT, 'schemas/sparkjob.schema.json');
const generated = `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function check(text: string): boolean {
  return validate(parse(text)) as boolean;
}

describe('schemas/sparkjob.schema.json', () => {
  it('is the output of buildJsonSchema (regenerate: UPDATE_SCHEMA=1 npx vitest run test/unit/format/schema.test.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('is draft-07 and documents every known conf key', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    for (const k of CONF_KEYS) expect(schema.properties.conf.properties[k.key].description).toBeTruthy();
  });

  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.sparkjob.yaml'));
  it.each(examples)('accepts examples/%s', (name) => {
    const ok = check(readFileSync(join(ROOT, 'examples', name), 'utf8'));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts the base test file, a template cluster and a streaming-only file', () => {
    expect(check(file())).toBe(true);
    expect(check(file({ cluster: 'cluster:\n  executors: { count: 4, cores: 2, hostsPerRack: 2 }\n' }))).toBe(true);
    const streaming =
      'streaming:\n  batchInterval: 1s\n  batches: 5\n' +
      '  inputs: [{ name: socket, kind: receiver, recordsPerSecond: 1000, recordSize: 100b, storageLevel: MEMORY_AND_DISK_SER_2 }]\n' +
      '  outputs: [{ name: counts, stages: [{ name: map, input: socket, costPerRecord: 20us, fixed: 5ms }, { name: agg, parents: [map], tasks: 4, duration: 10ms }] }]\n';
    expect(check('version: 1\n' + CLUSTER + streaming)).toBe(true);
    expect(check(file({ conf: 'spark.locality.wait: 3000\nspark.network.timeout: 120\nspark.speculation: true\nspark.my.key: x' }))).toBe(true);
  });

  it.each([
    ['a fractional duration', file({ tail: 'faults:\n  - { executor: "1", at: 1.5s }\n' })],
    ['a bare number outside conf', file({ tail: 'faults:\n  - { executor: "1", at: 1250 }\n' })],
    ['an unknown fault kind', file({ tail: 'faults:\n  - { executor: "1", at: 1s, kind: explode }\n' })],
    ['a misspelled key', file({ tail: 'faults:\n  - { executor: "1", at: 1s, replaceAftr: 1s }\n' })],
    ['version 2', file().replace('version: 1', 'version: 2')],
    ['no jobs nor streaming', file({ jobs: '' })],
    ['a malformed prefer', file({ jobs: 'jobs:\n  - name: j\n    stages:\n      - name: s\n        tasks: [{ duration: 1ms, prefer: [node1] }]\n' })],
    ['a non-integer conf int', file({ conf: 'spark.task.cpus: 1.5' })],
    ['spark 3.1', file({ head: 'spark: "3.1"\n' })],
  ])('refuses %s', (_what, text) => {
    expect(check(text)).toBe(false);
  });
});
