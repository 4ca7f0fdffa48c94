// Reading an event log from disk for `sparkjob import` / `replay`: the streaming reader (a file or
// a directory, any codec), aggregated into an AppLog as it streams.
import { basename } from 'node:path';
import type { AppLog } from '../eventlog/appLog';
import { EventLogError } from '../eventlog/errors';
import { openEventLog } from '../eventlog/fsSource';
import { LogImportError, readAppLog } from '../eventlog/importer';
import { newReadStats, readEvents } from '../eventlog/reader';

export async function readLogFile(path: string): Promise<AppLog> {
  try {
    const stats = newReadStats();
    return await readAppLog(readEvents(await openEventLog(path), stats), stats);
  } catch (e) {
    if (e instanceof EventLogError) throw new LogImportError(e.message);
    if (e instanceof LogImportError) throw new LogImportError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The output name of a log: its file name without codec and `.inprogress` suffixes. */
export function outputName(path: string): string {
  const base = basename(path.replace(/[/\\]+$/, '')).replace(/\.inprogress$/, '').replace(/\.(zstd|zst|lz4|lzf|snappy|gz|json)$/, '');
  return `${base || 'eventlog'}.sparkjob.yaml`;
}
