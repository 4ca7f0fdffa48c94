// The one file of src/eventlog that touches the filesystem: a path (file or directory) becomes
// an EventLogSource whose parts are opened as file streams one at a time.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EventLogError } from './errors';
import type { Container, EventLogPart, EventLogSource } from './source';

const CHUNK = 1 << 20;

export async function openEventLog(path: string): Promise<EventLogSource> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw new EventLogError('io', `cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const name = basename(path);
  if (st.isFile()) {
    if (st.size === 0) throw new EventLogError('empty', `${name} is empty`);
    return { name, container: 'file', parts: [filePart(path, st.size)], totalBytes: st.size };
  }
  if (!st.isDirectory()) throw new EventLogError('io', `${path} is neither a file nor a directory`);
  const files: { name: string; size: number }[] = [];
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (!e.isFile()) continue;
    files.push({ name: e.name, size: (await stat(join(path, e.name))).size });
  }
  const layout = directoryLayout(files);
  if (!layout) {
    const logs = files.filter((f) => f.size > 0).length;
    throw new EventLogError('no-log-in-directory', logs
      ? `${name} is not an event-log directory (no events_N_*, eventlog or EVENT_LOG_N parts; ${logs} other file(s): open one of them)`
      : `${name} holds no event log (no non-empty file)`);
  }
  const parts = layout.parts.map((f) => filePart(join(path, f.name), f.size));
  return { name, container: layout.container, parts, totalBytes: layout.parts.reduce((n, f) => n + f.size, 0) };
}

/**
 * The parts of a directory in reading order, by Spark's naming: rolling `events_<N>_<appId>[.codec]`
 * by N (EventLogFileWriters.scala), Databricks `eventlog-<date>--<time>[.gz]` by name then the
 * current `eventlog`, legacy (<= 1.2) `EVENT_LOG_<N>` by N. Empty files (`appstatus_*`,
 * `APPLICATION_COMPLETE`, `SPARK_VERSION_*` markers) are not parts.
 */
export function directoryLayout(files: { name: string; size: number }[]): { container: Container; parts: { name: string; size: number }[] } | undefined {
  const numbered = (re: RegExp, container: Container) => {
    const hits = files.map((f) => ({ f, m: re.exec(f.name) })).filter((x) => x.m);
    if (!hits.length) return undefined;
    hits.sort((a, b) => Number(a.m![1]) - Number(b.m![1]) || (a.f.name < b.f.name ? -1 : 1));
    return { container, parts: hits.map((x) => x.f) };
  };
  const rolling = numbered(/^events_(\d+)_/, 'rolling');
  if (rolling) return rolling;
  const db = files.filter((f) => f.name === 'eventlog' || f.name.startsWith('eventlog-'));
  if (db.length) {
    const order = (n: string) => (n === 'eventlog' ? '\uffff' : n);
    return { container: 'databricks', parts: db.sort((a, b) => (order(a.name) < order(b.name) ? -1 : 1)) };
  }
  return numbered(/^EVENT_LOG_(\d+)$/, 'legacy');
}

function filePart(path: string, size: number): EventLogPart {
  return {
    name: basename(path),
    size,
    async *open() {
      const stream = createReadStream(path, { highWaterMark: CHUNK });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (e) {
        throw new EventLogError('io', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      } finally {
        stream.destroy();
      }
    },
  };
}
