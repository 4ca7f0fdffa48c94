// Reading and validating a job file for the commands of `sparkjob`, and printing diagnostics.
import { readFileSync } from 'node:fs';
import { lineCol, type Diagnostic } from '../format/diagnostics';
import type { JobFile, SparkVersion } from '../format/model';
import { parseJobFile } from '../format/parse';
import { err } from './output';

const SEVERITY = { error: 'error', warning: 'warning', info: 'info' } as const;

export function format(file: string, text: string, d: Diagnostic): string {
  const { line, col } = lineCol(text, d.range.start);
  return `${file}:${line}:${col}: ${SEVERITY[d.severity]}: ${d.message} [${d.code}]`;
}

export function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(`sparkjob: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}\n`);
    return undefined;
  }
}

/** Reads and validates FILE; on errors prints them (stderr) and returns undefined. */
export function loadModel(file: string, spark?: SparkVersion): { text: string; model: JobFile } | undefined {
  const text = read(file);
  if (text === undefined) return undefined;
  // --spark also changes how conf values are read (units Spark reads per version)
  const parsed = parseJobFile(text, spark ? { spark } : undefined);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.model || errors.length > 0) {
    for (const d of errors) err(format(file, text, d) + '\n');
    return undefined;
  }
  // warnings and notes go to stderr, so a typo'd key is not silently ignored (stdout stays the result)
  for (const d of parsed.diagnostics) err(format(file, text, d) + '\n');
  return { text, model: parsed.model };
}
