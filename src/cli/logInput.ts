// Reading an event log from disk for `sparkjob import` / `replay`: a file or a rolling
// `eventlog_v2_*` directory of plain JSON lines, read whole. (The streaming reader with codecs,
// src/eventlog/reader.ts, replaces this when it lands.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AppLog } from '../eventlog/appLog';
import { LogImportError, readAppLogSync } from '../eventlog/importer';
import { parseEventLines } from '../eventlog/textLines';

export function readLogFile(path: string): AppLog {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LogImportError(`cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  const parts = st.isDirectory() ? rollingParts(path) : [path];
  let skipped = 0;
  const events = [];
  for (const p of parts) {
    const bytes = readFileSync(p);
    if (bytes.length === 0) {
      if (parts.length === 1) throw new LogImportError(`${path} is empty`);
      continue;
    }
    const head = bytes.subarray(0, 4096);
    if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
      throw new LogImportError(`${basename(p)} is zstd-compressed: this build reads plain-text event logs only`);
    }
    if (head.includes(0)) throw new LogImportError(`${basename(p)} is not a Spark event log (binary content)`);
    const parsed = parseEventLines(bytes.toString('utf8'));
    skipped += parsed.skipped;
    events.push(...parsed.events);
  }
  try {
    return readAppLogSync(events, skipped);
  } catch (e) {
    if (e instanceof LogImportError) throw new LogImportError(`${path}: ${e.message}`);
    throw e;
  }
}

/** A rolling log's parts, events_<N>_<appId>, in order of N (EventLogFileWriters.scala). */
function rollingParts(dir: string): string[] {
  const parts = readdirSync(dir)
    .map((n) => ({ n, m: /^events_(\d+)_/.exec(n) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]));
  if (parts.length === 0) throw new LogImportError(`${dir} is a directory with no event log in it (no events_N_* parts)`);
  return parts.map((x) => join(dir, x.n));
}

/** The output name of a log: its file name without codec and `.inprogress` suffixes. */
export function outputName(path: string): string {
  const base = basename(path.replace(/[/\\]+$/, '')).replace(/\.inprogress$/, '').replace(/\.(zstd|lz4|lzf|snappy|gz|json)$/, '');
  return `${base || 'eventlog'}.sparkjob.yaml`;
}
