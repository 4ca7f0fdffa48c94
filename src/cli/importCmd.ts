// `sparkjob import LOG... [-o FILE] [--force]`: one job definition per log (spec "Event logs").
import { existsSync, writeFileSync } from 'node:fs';
import { importAppLog, LogImportError } from '../eventlog/importer';
import type { Args } from './args';
import { outputName, readLogFile } from './logInput';

export async function importCmd(args: Args): Promise<number> {
  let failed = false;
  const used = new Set<string>();
  for (const path of args.files) {
    try {
      const log = await readLogFile(path);
      const { yaml, plan } = importAppLog(log, { source: path, allocation: args.allocation });
      if (args.output === '-') {
        process.stdout.write(yaml);
        continue;
      }
      let out = args.output ?? outputName(path);
      // several logs of one name (events.json...) in one call: one file each
      for (let n = 2; args.output === undefined && used.has(out); n++) out = outputName(path).replace(/\.sparkjob\.yaml$/, `-${n}.sparkjob.yaml`);
      used.add(out);
      if (existsSync(out) && !args.force && args.output === undefined) {
        process.stderr.write(`sparkjob: ${out} exists: not overwritten (use --force, or -o FILE)\n`);
        failed = true;
        continue;
      }
      writeFileSync(out, yaml);
      const tasks = plan.jobs.reduce((n, j) => n + j.stages.reduce((m, s) => m + s.tasks.length, 0), 0);
      process.stdout.write(`${out}: ${plan.jobs.length} job${plan.jobs.length === 1 ? '' : 's'}, ${tasks} tasks, ` +
        `${plan.executors.length} executor${plan.executors.length === 1 ? '' : 's'}, ${plan.faults.length} fault${plan.faults.length === 1 ? '' : 's'}` +
        `${log.complete ? '' : ' (incomplete log)'}\n`);
    } catch (e) {
      if (!(e instanceof LogImportError)) throw e;
      process.stderr.write(`sparkjob: ${e.message}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
