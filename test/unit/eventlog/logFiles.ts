// The real logs of ../shared/eventlogs (beside the repo, as CI lays it out), for the import tests.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
export const logsDir = resolve(repoRoot, '../shared/eventlogs');

/** Every log: each file (README aside), and each rolling `eventlog_v2_*` directory as one log. */
export function allLogs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name.startsWith('eventlog_v2_')) out.push(p);
        else walk(p);
      } else if (name !== 'README.md') out.push(p);
    }
  };
  walk(logsDir);
  return out;
}

export const rel = (p: string) => relative(logsDir, p);
export const log = (p: string) => join(logsDir, p);
