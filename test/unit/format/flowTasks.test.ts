// The parser's fast path for imported flow task lists (src/format/flowTasks.ts) must give the tree
// `yaml` gives: same node classes, values, types, sources and ranges, same errors and warnings.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument, type Document } from 'yaml';
import { fastDocument, parseYaml, YAML_OPTIONS } from '../../../src/format/flowTasks';
import { parseJobFile } from '../../../src/format/parse';
import { importAppLog } from '../../../src/eventlog/importer';
import { readLogFile } from '../../../src/cli/logInput';
import { log } from '../eventlog/logFiles';

/** Every own property of every node (the document's schema aside), depth first. */
function dump(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(dump);
  const o: Record<string, unknown> = { class: v.constructor.name };
  for (const k of Object.getOwnPropertyNames(v)) if (k !== 'schema') o[k] = dump((v as Record<string, unknown>)[k]);
  return o;
}

const tree = (d: Document) => ({ contents: dump(d.contents), errors: d.errors.map((e) => [e.code, e.pos]), warnings: d.warnings.map((w) => [w.code, w.pos]) });

function same(text: string, fast = true): void {
  expect(fastDocument(text) !== undefined).toBe(fast);
  expect(tree(parseYaml(text))).toEqual(tree(parseDocument(text, YAML_OPTIONS)));
}

const JOB = (tasks: string) => `version: 1
cluster:
  executors:
    - { id: "1", host: "h1", cores: 2 }
jobs:
  - name: j
    stages:
      - name: s
        tasks: [
${tasks}
        ]
`;

describe('flow task lists: fast path = yaml', () => {
  it('durations, inputs and preferred locations, several a line', () => {
    same(JOB('          { duration: 12ms, input: 5b, prefer: ["host:h1", "exec:1"] }, { duration: 3ms },\n          { duration: 4ms, prefer: ["host:h1"] }'));
    const r = parseJobFile(JOB('          { duration: 12ms, input: 5b, prefer: ["host:h1"] }, { duration: 3ms },\n          { duration: 4ms }'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const tasks = r.model!.jobs[0].stages[0].tasks as { duration: { ms: number }; input: number; prefer: unknown[] }[];
    expect(tasks.map((t) => [t.duration.ms, t.input, t.prefer.length])).toEqual([[12, 5, 1], [3, 0, 0], [4, 0, 0]]);
  });

  it('lines of another shape keep the ordinary path (and its diagnostics)', () => {
    same(JOB('          { duration: 12ms }, { duration: 3ms }'.replace('3ms', '3ms, duration: 4ms')), false);
    same(JOB('          { duration: 12ms },\n          { duration: 3ms },'), false);
    same(JOB('          { duration: 12ms } # a comment'), false);
    same(JOB('          { duration: 12ms, prefer: ["a\\"b"] }'), false);
    // the list itself is fast; what follows it is `yaml`'s, its offsets moved back
    same(JOB('          { duration: 12ms }, { duration: 3ms }').replace('        ]\n', '        ]\n        extra: 1\n      - name: t\n        tasks: [\n          { duration: 5ms }\n        ]\n'));
    // the shape inside a block scalar is text, not a list: the whole text goes to `yaml`
    same(`name: |\n  tasks: [\n    { duration: 1ms }\n  ]\n${JOB('          { duration: 2ms }')}`, false);
  });

  it.each(['spark-rapids-tools/spark-events-profiling/nds_q66_gpu.zstd', 'spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd'])('the import of %s', async (name) => {
    if (!existsSync(log(name))) return;
    const { yaml } = importAppLog(await readLogFile(log(name)), { source: name });
    expect(yaml).toMatch(/tasks: \[\n/);
    same(yaml);
  });
});
