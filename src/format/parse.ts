// Text -> typed model + diagnostics + source map (../shared/spec/sparkjob-format.md).
// The YAML is parsed once with `yaml`, keeping node ranges; every section is validated over the
// nodes (cluster.ts, conf.ts, jobs.ts, sections.ts). Never throws: a last-resort catch turns any
// surprise into an SJ000 diagnostic.

import { STARTER_BATCH, STARTER_STREAMING } from './starter';
import { isMap, isScalar, isSeq, type Document, type Node } from './yamlApi';
import type { Diagnostic, OffsetRange } from './diagnostics';
import type { JobFile, SparkVersion } from './model';
import { Ctx, LIMITS, type Field } from './ctx';
import { validateConf } from './conf';
import { validateCluster } from './cluster';
import { validateJobs } from './jobs';
import { validateStreaming } from './streaming';
import { flagQueryConf, validateQueries } from './queries';
import { validatePools } from './pools';
import { validateAnalysis, validateFaults, validateNetwork, validateRecovery } from './sections';
import { parseYaml } from './flowTasks';
import { duplicateKeys, SourceMapImpl, type SourceMap } from './sourceMap';
import { yamlProblems, yamlWarning } from './yamlErrors';

export type { ModelPath, SourceMap, SourceEntry } from './sourceMap';

export interface ParseResult {
  /** present whenever there is no error-severity diagnostic */
  model?: JobFile;
  diagnostics: Diagnostic[];
  sourceMap: SourceMap;
  /** the file has a `streaming:` section (`model.streaming`, simulated by the engine) */
  streaming: boolean;
}

const ZERO: OffsetRange = { start: 0, end: 0 };


export interface ParseOptions {
  /**
   * Overrides the file's `spark:` (the command line's `--spark`): conf values are then read as
   * that Spark version reads them (units of bare numbers, version-only keys, heartbeat timeout).
   */
  spark?: SparkVersion;
}

export function parseJobFile(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseUnchecked(typeof text === 'string' ? text : String(text ?? ''), options);
  } catch (e) {
    const tooDeep = e instanceof RangeError;
    return {
      diagnostics: [{
        severity: 'error',
        code: tooDeep ? 'SJ003' : 'SJ000',
        message: tooDeep ? 'the document is nested too deeply to be read' : `internal error while reading the file: ${e instanceof Error ? e.message : String(e)}`,
        range: { ...ZERO },
      }],
      sourceMap: new SourceMapImpl(),
      streaming: false,
    };
  }
}

/** Deepest `[`/`{` nesting, to refuse bracket bombs before the (recursive) YAML composer sees them. */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

function fail(code: 'SJ003', message: string): ParseResult {
  return { diagnostics: [{ severity: 'error', code, message, range: { ...ZERO } }], sourceMap: new SourceMapImpl(), streaming: false };
}

function parseUnchecked(text: string, options: ParseOptions): ParseResult {
  if (text.length > LIMITS.maxChars) {
    return fail('SJ003', `the file has ${text.length} characters; the limit is ${LIMITS.maxChars}`);
  }
  if (flowDepth(text) > LIMITS.maxFlowDepth) {
    return fail('SJ003', `brackets are nested more than ${LIMITS.maxFlowDepth} levels deep`);
  }
  let doc: Document;
  try {
    doc = parseYaml(text);
  } catch (e) {
    if (e instanceof RangeError) return fail('SJ003', 'the document is nested too deeply to be read');
    throw e;
  }
  const ctx = new Ctx(text, doc);
  const sourceMap = new SourceMapImpl(text, doc.contents as Node | null);
  const problems = yamlProblems(text, doc, doc.errors.filter((e) => !/call stack/i.test(e.message) && e.code !== 'MULTIPLE_DOCS'));
  for (const err of doc.errors) {
    if (/call stack/i.test(err.message)) ctx.error('SJ003', 'the document is nested too deeply to be read', clampRange(text, err.pos));
    else if (err.code === 'MULTIPLE_DOCS') ctx.error('SJ001', 'a job file holds one YAML document: remove this second document (from its ---)', clampRange(text, err.pos));
  }
  for (const p of problems) ctx.error('SJ001', p.message, p.range);
  for (const dup of duplicateKeys(text, doc.contents as Node | null)) {
    ctx.error('SJ001', `duplicate key '${ctx.slice(dup.key)}': keys must be unique in a mapping, and this one is already defined above`, dup.key, undefined, [
      { message: 'first defined here', range: dup.first },
    ]);
  }
  for (const w of doc.warnings) {
    const p = yamlWarning(text, w);
    ctx.report('warning', 'SJ002', p.message, p.range);
  }
  const root = doc.contents as Node | null;
  const hasErrors = ctx.hasErrors;
  const streaming = isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'streaming');
  if (hasErrors) {
    // the tree of a broken document is partial: checking it would report keys as missing that are only unreadable
    return { diagnostics: ctx.finish(), sourceMap, streaming };
  }
  const model = validateDocument(ctx, root, options);
  const hasAnyError = ctx.hasErrors;
  return { model: hasAnyError ? undefined : model, diagnostics: ctx.finish(), sourceMap, streaming };
}

function clampRange(text: string, pos: [number, number]): OffsetRange {
  const start = Math.max(0, Math.min(pos[0], text.length));
  return { start, end: Math.max(start, Math.min(pos[1], text.length)) };
}

const NEEDS_EXECUTORS: Record<string, string> = { jobs: 'the jobs', streaming: 'the streaming batches', queries: 'the queries' };

function validateDocument(ctx: Ctx, rootNode: Node | null, options: ParseOptions): JobFile | undefined {
  if (rootNode === null || (isScalar(rootNode) && rootNode.value === null)) {
    ctx.error('SJ004', 'the file is empty: a job file is a mapping with version, cluster and jobs', { ...ZERO }, [
      { kind: 'replace', text: STARTER_BATCH, title: 'Insert a starter batch job (3 executors, a crash)' },
      { kind: 'replace', text: STARTER_STREAMING, title: 'Insert a starter streaming job (a receiver, a crash)' },
    ]);
    return undefined;
  }
  const root = ctx.map(ctx.item(rootNode), 'a job file');
  if (!root) {
    ctx.diagnostics[ctx.diagnostics.length - 1].code = 'SJ004';
    return undefined;
  }
  // a missing top-level key belongs to no key: the root mapping's first line says "this file" (not just its first word);
  // but a missing cluster is felt by the work that needs executors, so it is shown at that section's key
  const top = ctx.fields(root, '', ctx.range(rootNode), (key, entries) => {
    if (key !== 'cluster') return undefined;
    const work = Object.entries(NEEDS_EXECUTORS).map(([k, what]) => ({ f: entries.get(k), what })).find(({ f }) => f?.keyNode);
    return work && { range: ctx.keyOf(work.f!), why: `${work.what} need executors to run on: add a top-level cluster: section (the executors of the application)` };
  });

  const version = checkVersion(ctx, top.get('version'));
  const name = top.has('name') ? ctx.string(top.get('name')!, 'name') : undefined;
  const fileSpark = top.has('spark') ? sparkVersion(ctx, top.get('spark')!) : '3.5';
  const spark = fileSpark && (options.spark ?? fileSpark);
  const seed = top.has('seed') ? ctx.int(top.get('seed')!, 'seed') : 1;
  const conf = validateConf(ctx, top.get('conf'), spark ?? '3.5');
  const cluster = validateCluster(ctx, top.get('cluster'), conf, spark ?? '3.5');
  const network = validateNetwork(ctx, top.get('network'));
  const jobsF = top.get('jobs');
  const hasJobs = jobsF !== undefined && jobsF.node !== null && !(isScalar(jobsF.node) && jobsF.node.value === null);
  const jobs = hasJobs ? validateJobs(ctx, jobsF, cluster) : [];
  const streaming = validateStreaming(ctx, top.get('streaming'), cluster);
  const queries = validateQueries(ctx, top.get('queries'), cluster, conf?.conf, spark);
  if (top.has('queries') && conf) flagQueryConf(ctx, conf.fields);
  if (!hasJobs && streaming === undefined && !top.has('streaming') && !top.has('queries')) {
    ctx.error('SJ015', 'nothing to simulate: add a jobs: section (or streaming:, queries:)', jobsF ? jobsF.range : { ...ZERO }, [
      { kind: 'addKey', key: 'jobs', snippet: 'jobs: [{ name: job1, stages: [{ name: stage1, tasks: { count: 1, duration: 100ms } }] }]' },
    ]);
  } else if (hasJobs && isSeq(jobsF.node) && jobsF.node.items.length === 0 && !top.has('streaming') && !top.has('queries')) {
    // Only a list that is really empty: jobs dropped for their own errors are reported there.
    ctx.error('SJ015', 'nothing to simulate: jobs: is empty', jobsF.range);
  }
  const pools = validatePools(ctx, top.get('pools'), conf?.conf, ctx.poolRefs);
  const faults = validateFaults(ctx, top.get('faults'), cluster, spark ?? '3.5', conf.conf, jobs ?? []);
  const recovery = validateRecovery(ctx, top.get('recovery'), cluster);
  const analysis = validateAnalysis(ctx, top.get('analysis'));

  if (recovery?.reservedSlotsRange && analysis && !analysis.sweep && recovery.spec.policy === 'spark') {
    ctx.report('info', 'SJ071', 'reservedSlots is used only with --policy reserved-slots: policy is spark and analysis.sweep is false', recovery.reservedSlotsRange);
  }

  if (version === undefined || spark === undefined || seed === undefined || !cluster || !network || !jobs || !faults || !recovery || !analysis) {
    if (!ctx.hasErrors) ctx.error('SJ000', 'internal error: a section was rejected without a diagnostic', { ...ZERO });
    return undefined;
  }
  const model: JobFile = {
    version,
    spark,
    seed,
    conf: conf.conf,
    cluster: cluster.spec,
    network,
    jobs,
    faults,
    recovery: recovery.spec,
    analysis,
  };
  if (name !== undefined) model.name = name;
  if (streaming !== undefined) model.streaming = streaming;
  if (queries !== undefined && queries.length > 0) model.queries = queries;
  if (pools) model.pools = pools;
  return model;
}

function checkVersion(ctx: Ctx, f: Field | undefined): 1 | undefined {
  if (!f) return undefined; // SJ011 already
  if (isScalar(f.node) && f.node.value === 1) return 1;
  ctx.error('SJ014', `unsupported version ${ctx.slice(f.range) || '(empty)'}: this format is version 1`, f.range, [
    { kind: 'replace', text: '1', title: 'Use version 1' },
  ]);
  return undefined;
}

function sparkVersion(ctx: Ctx, f: Field): SparkVersion | undefined {
  const n = f.node;
  if (isScalar(n) && (n.value === 2.2 || n.value === 3.5)) return n.value === 2.2 ? '2.2' : '3.5';
  const s = isScalar(n) && typeof n.value === 'string' ? n.value.trim() : undefined;
  if (s === '2.2' || s === '3.5') return s;
  ctx.error('SJ013', `spark must be "2.2" or "3.5", not ${ctx.slice(f.range) || '(empty)'} (the scheduler semantics to simulate)`, f.range, [
    { kind: 'replace', text: '"3.5"', title: 'Use Spark 3.5' },
    { kind: 'replace', text: '"2.2"', title: 'Use Spark 2.2' },
  ]);
  return undefined;
}
