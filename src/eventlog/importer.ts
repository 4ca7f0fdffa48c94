// `sparkjob import` as a library: event-log events in, a job definition (YAML text and its
// validated model) out. Pure: the caller reads the file (src/cli, or the editor's worker).
import type { JobFile } from '../format/model';
import { lineCol } from '../format/diagnostics';
import { parseJobFile } from '../format/parse';
import { AppLogBuilder, type AppLog, type LogEvent } from './appLog';
import { buildPlan, type Allocation, type Plan } from './plan';
import { renderYaml, type YamlHeader } from './yamlOut';
import { badTaskValue, skeletonOf, tooLarge } from './checkPlan';

/** Bad input (not an event log, no task...): a one-line reason for the user. */
export class LogImportError extends Error {}

export interface ImportOptions {
  /** the log's name, for the header comment */
  source?: string;
  /** lines the reader could not parse (a truncated or corrupt log) */
  skippedLines?: number;
  /** dynamic allocation: the log's own joins (default) or the engine's allocation manager (plan.ts) */
  allocation?: Allocation;
}

export interface ImportResult {
  yaml: string;
  model: JobFile;
  plan: Plan;
  log: AppLog;
}

/**
 * Aggregates events (file order) into an AppLog; throws LogImportError when it is not a usable
 * log. `stats` (the reader's ReadStats) is read once the events are exhausted.
 */
export async function readAppLog(events: Iterable<LogEvent> | AsyncIterable<LogEvent>, stats?: { skippedLines: number }): Promise<AppLog> {
  const b = new AppLogBuilder();
  for await (const ev of events) b.add(ev);
  return checkedLog(b, stats?.skippedLines ?? 0);
}

export function readAppLogSync(events: Iterable<LogEvent>, skippedLines = 0): AppLog {
  const b = new AppLogBuilder();
  for (const ev of events) b.add(ev);
  return checkedLog(b, skippedLines);
}

function checkedLog(b: AppLogBuilder, skippedLines: number): AppLog {
  if (b.events === 0) throw new LogImportError('not a Spark event log: no SparkListener event in it');
  const log = b.build(skippedLines);
  if (log.attempts.length === 0) throw new LogImportError('the event log has no task: nothing to import');
  if (!log.attempts.some((a) => a.end === 'success')) {
    throw new LogImportError('no task of the application succeeded (a failed or empty run): nothing to import');
  }
  return log;
}

export async function importEventLog(events: Iterable<LogEvent> | AsyncIterable<LogEvent>, opts: ImportOptions = {}): Promise<ImportResult> {
  return importAppLog(await readAppLog(events, { skippedLines: opts.skippedLines ?? 0 }), opts);
}

export function importAppLog(log: AppLog, opts: ImportOptions = {}): ImportResult {
  const plan = buildPlan(log, opts.allocation);
  const yaml = renderSkeletonChecked(plan, log, opts.source ?? log.appId);
  let model: JobFile | undefined;
  return {
    yaml, plan, log,
    // parsed on first use: writing the file needs no model (the editor and the CLI read it again)
    get model(): JobFile {
      model ??= parsedModel(yaml);
      return model;
    },
  };
}

function headerOf(log: AppLog, source: string): YamlHeader {
  return { source, appId: log.appId, appName: log.appName, sparkVersion: log.sparkVersion, master: log.master, complete: log.complete, skippedLines: log.skippedLines };
}

/** The YAML of a plan, checked as checkPlan.ts says: the parser on the file with each stage cut to its first task, the tasks' values directly. */
function renderSkeletonChecked(plan: Plan, log: AppLog, source: string): string {
  const bad = badTaskValue(plan);
  if (bad) throw new Error(`the imported file does not validate: ${bad}`);
  const header = headerOf(log, source);
  const { drop } = checkedRender(skeletonOf(plan), header, false);
  const yaml = renderYaml(plan, header, drop);
  const big = tooLarge(yaml);
  if (big) throw new LogImportError(big);
  return yaml;
}

function parsedModel(yaml: string): JobFile {
  const parsed = parseJobFile(yaml);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!parsed.model || error) throw new Error(`the imported file does not validate: ${error?.message ?? 'no model'} [${error?.code ?? ''}]`);
  return parsed.model;
}

/** The YAML of a plan and its model, parsed whole (the replay simulates the model). */
export function renderChecked(plan: Plan, log: AppLog, source: string): { yaml: string; model: JobFile } {
  const { yaml, model } = checkedRender(plan, headerOf(log, source));
  return { yaml, model: model! };
}

/**
 * Renders and parses, dropping the conf values the format refuses (a vendor syntax Spark took)
 * rather than failing the import; a file over the format's size limit is refused in one line;
 * any other error is a bug of the importer.
 */
function checkedRender(plan: Plan, header: YamlHeader, comments = true): { yaml: string; model?: JobFile; drop: Set<string> } {
  const drop = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const yaml = renderYaml(plan, header, drop, { comments });
    const big = tooLarge(yaml);
    if (big) throw new LogImportError(big);
    const parsed = parseJobFile(yaml);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (parsed.model && errors.length === 0) return { yaml, model: parsed.model, drop };
    const lines = yaml.split('\n');
    let dropped = false;
    for (const d of errors) {
      const m = /^ {2}(spark\.[^:]+):/.exec(lines[lineCol(yaml, d.range.start).line - 1] ?? '');
      if (m && !drop.has(m[1])) {
        drop.add(m[1]);
        dropped = true;
      }
    }
    if (!dropped) throw new Error(`the imported file does not validate: ${errors[0]?.message ?? 'no model'} [${errors[0]?.code ?? ''}]`);
  }
  throw new Error('the imported file does not validate');
}
