// Shared by the event-log tests: where the real logs are (../shared/eventlogs beside the repo, as CI
// lays it out) and a small collector over readEvents.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { newReadStats, readEvents, type EventLogSource, type ReadStats, type SparkEvent } from '../../../src/eventlog';

export const repoRoot = resolve(__dirname, '../../..');
export const logsRoot = resolve(repoRoot, '../shared/eventlogs');
export const haveLogs = existsSync(logsRoot);
export const fixtures = join(repoRoot, 'test/fixtures/eventlog');

/** Every log under the shared folder: files, and rolling / Databricks directories as one log each. */
export function listLogs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name.startsWith('eventlog_v2_') || name === 'db_sim_eventlog') out.push(relative(logsRoot, p));
        else walk(p);
      } else if (name !== 'README.md') out.push(relative(logsRoot, p));
    }
  };
  walk(logsRoot);
  return out;
}

export interface Collected { events: SparkEvent[]; stats: ReadStats }

export async function collect(source: EventLogSource, signal?: AbortSignal): Promise<Collected> {
  const stats = newReadStats();
  const events: SparkEvent[] = [];
  for await (const e of readEvents(source, stats, { signal })) events.push(e);
  return { events, stats };
}

export const countOf = (events: SparkEvent[], name: string) => events.filter((e) => e.Event === name).length;
