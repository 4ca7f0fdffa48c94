// `sparkjob sweep FILE [--json]`: every executor failing at each sweep moment, under the file's
// policy and with reserved slots, its stall findings, and the advisor's two remedies with costs.
import { advise } from '../engine/analysis/advisor';
import { fmtMs } from '../engine/analysis/format';
import type { JobFile, SparkVersion } from '../format/model';
import type { Args } from './args';
import { parallelSweep } from './parallelSweep';

export async function runSweep(args: Args,
  load: (file: string, spark?: SparkVersion) => { text: string; model: JobFile } | undefined): Promise<number> {
  const file = args.files[0];
  const loaded = load(file, args.spark);
  if (!loaded) return 1;
  const { text, model } = loaded;
  const started = performance.now();
  const result = await parallelSweep(model, text, { spark: args.spark, policy: args.policy });
  const advice = advise(model, result);
  const ms = Math.round(performance.now() - started);
  if (args.json) {
    process.stdout.write(JSON.stringify({ makespan: result.makespan, faults: result.faults, findings: result.findings, advice, runs: result.runs }) + '\n');
    return 0;
  }
  const out: string[] = [];
  const executors = new Set(result.faults.map((f) => f.executor)).size;
  const moments = new Set(result.faults.map((f) => f.at)).size;
  out.push(`${model.name ?? file}: swept ${result.faults.length} faults (${executors} executors x ${moments} moments in a ` +
    `${fmtMs(result.makespan)} run), ${result.runs} forked runs in ${fmtMs(ms)}`);
  if (result.findings.length === 0) out.push(`no fault stalls for more than ${fmtMs(model.analysis.stallThreshold)} on delay scheduling`);
  else {
    out.push('', `${result.findings.length} stalled fault${result.findings.length > 1 ? 's' : ''}:`);
    for (const f of result.findings) out.push(`  - ${f.message}`);
  }
  out.push('', 'advice:', ...advice.summary.map((s) => `  ${s}`));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
