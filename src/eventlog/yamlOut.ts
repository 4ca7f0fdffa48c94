// A Plan as a `*.sparkjob.yaml` text: stable order and formatting (same log => same bytes), the
// log's facts in comments, and large stages in compact flow style so files of 10^4 tasks stay
// readable and parse fast.
import type { Plan, PlanJob, PlanStage, PlanTask } from './plan';

export interface YamlHeader {
  source: string;
  appId: string;
  appName: string;
  sparkVersion: string;
  master: string;
  complete: boolean;
  skippedLines: number;
}

/** Stages with more tasks than this are written in flow style, several tasks a line. */
const BLOCK_MAX = 20;
const PER_LINE = 6;

const q = (s: string) => JSON.stringify(s);
const ms = (n: number) => `${Math.round(n)}ms`;

/**
 * `comments: false` leaves every comment out (the import's own check parses that text: `yaml`
 * reads comments as slowly as values, and they were most of a file cut to one task a stage).
 */
export function renderYaml(plan: Plan, h: YamlHeader, dropConf: ReadonlySet<string> = new Set(), opts: { comments?: boolean } = {}): string {
  const out = new Out(opts.comments !== false);
  const tasks = plan.jobs.reduce((n, j) => n + j.stages.reduce((m, s) => m + s.tasks.length, 0), 0);
  out.comment(`# Imported by \`sparkjob import\` from the Spark event log ${h.source}`);
  out.comment(`# application ${h.appId || '(no id)'}, Spark ${h.sparkVersion || 'version unknown'}, master ${h.master || 'unknown'}` +
    `${h.complete ? '' : ', INCOMPLETE log (no ApplicationEnd)'}${h.skippedLines ? `, ${h.skippedLines} unreadable line${h.skippedLines === 1 ? '' : 's'} skipped` : ''}`);
  out.comment(`# ${plan.jobs.length} job${plan.jobs.length === 1 ? '' : 's'}, ${tasks} task${tasks === 1 ? '' : 's'}. Times are from the application's start.`);
  out.comment('# Task durations are the attempts\' run times (run + deserialize + result serialization); each stage\'s');
  out.comment('# `overhead` is the mean time a slot was held beyond that (scheduler delay, result fetch), a task\'s');
  out.comment('# own `overhead` that of an attempt on a cold executor (its first tasks), a stage\'s `submitDelay`');
  out.comment('# the driver\'s time before its first launch. Preferred locations are not in event logs: they are');
  out.comment('# INFERRED from the attempts\' locality (see each stage\'s comment).');
  out.push('version: 1');
  if (h.appName) out.push(`name: ${q(h.appName)}`);
  out.push(`spark: "${plan.spark}"`);
  out.push('seed: 1');
  const conf = Object.entries(plan.conf).filter(([k]) => !dropConf.has(k));
  if (conf.length) {
    out.push('conf:');
    for (const [k, v] of conf) out.push(`  ${k}: ${q(v)}`);
  }
  out.push('cluster:');
  if (plan.newExecutorDelay) {
    out.push(`  newExecutorDelay: ${ms(plan.newExecutorDelay.ms)}`, `measured: the median time from a loss to the next executor's registration, over the ${plan.newExecutorDelay.losses} losses whose re-run waited for it`);
  }
  const listed = plan.conf['spark.dynamicAllocation.enabled'] === 'false' && !plan.newExecutorDelay
    ? 'dynamic allocation ran in the log: its joins and releases are listed here, so spark.dynamicAllocation.enabled is "false" (the simulation\'s would add its own)' : undefined;
  out.push('  executors:', plan.newExecutorDelay ? 'those that joined before the first loss: dynamic allocation brings the others' : listed);
  for (const e of plan.executors) {
    const parts = [`id: ${q(e.id)}`, `host: ${q(e.host)}`, ...(e.rack !== undefined ? [`rack: ${q(e.rack)}`] : []), `cores: ${e.cores}`];
    if (e.joinAt > 0) parts.push(`joinAt: ${ms(e.joinAt)}`);
    if (e.leaveAt !== undefined) parts.push(`leaveAt: ${ms(e.leaveAt)}`);
    out.push(`    - { ${parts.join(', ')} }`, e.note);
  }
  if (plan.pools) {
    out.push('pools:', 'the pools the log\'s jobs ran in (spark.scheduler.pool)');
    for (const p of plan.pools) out.push(`  - { name: ${q(p.name)}, schedulingMode: ${p.schedulingMode} }`, p.note);
  }
  out.push('jobs:');
  for (const j of plan.jobs) renderJob(out, j, plan);
  if (plan.faults.length) {
    out.push('faults:', 'executor removals that lost tasks (removals with nothing lost are `leaveAt` above)');
    for (const f of plan.faults) {
      const replace = f.replaceAfter !== undefined ? `, replaceAfter: ${ms(f.replaceAfter)}` : '';
      const during = f.during !== undefined ? `, during: ${q(f.during)}` : '';
      out.push(`  - { executor: ${q(f.executor)}, at: ${ms(f.at)}${during}, kind: crash${replace} }`, f.note);
    }
  }
  out.push('analysis:');
  out.push('  sweep: false', 'an imported run: `sparkjob sweep` still sweeps it on demand');
  return out.lines.join('\n') + '\n';
}

/** The lines, with or without their comments. */
class Out {
  readonly lines: string[] = [];
  constructor(private readonly comments: boolean) {}
  push(line: string, comment?: string): void {
    this.lines.push(comment && this.comments ? `${line}   # ${comment}` : line);
  }
  /** a line of its own */
  comment(text: string): void {
    if (this.comments) this.lines.push(text);
  }
}

function renderJob(out: Out, j: PlanJob, plan: Plan): void {
  out.push(`  - name: ${j.name}`, j.note);
  if (j.after !== undefined) out.push(`    after: ${j.after}`, `the driver submitted it ${ms(j.submit)} after that job's last task`);
  if (j.pool !== undefined && plan.pools) out.push(`    pool: ${q(j.pool)}`);
  out.push(`    submit: ${ms(j.submit)}`);
  out.push('    stages:');
  for (const s of j.stages) renderStage(out, s);
}

function renderStage(out: Out, s: PlanStage): void {
  out.push(`      - name: ${s.name}`, `Spark stage ${s.stageId}${s.sparkName ? `: ${oneLine(s.sparkName)}` : ''}`);
  if (s.parents.length) out.push(`        parents: [${s.parents.join(', ')}]`);
  if (s.submitDelay > 0) out.push(`        submitDelay: ${ms(s.submitDelay)}`);
  if (s.overhead > 0) out.push(`        overhead: ${ms(s.overhead)}`);
  out.comment(`        # ${s.prefNote}`);
  const t0 = s.tasks[0];
  // a task's own overhead is a key of the list form only
  if (t0.overhead === undefined && s.tasks.every((t) => sameTask(t, t0))) {
    out.push(`        tasks: { count: ${s.tasks.length}, ${taskBody(t0)} }`);
    return;
  }
  if (s.tasks.length <= BLOCK_MAX) {
    out.push('        tasks:');
    for (const t of s.tasks) out.push(`          - { ${taskBody(t)} }`);
    return;
  }
  out.push('        tasks: [');
  for (let i = 0; i < s.tasks.length; i += PER_LINE) {
    const line = s.tasks.slice(i, i + PER_LINE).map((t) => `{ ${taskBody(t)} }`).join(', ');
    out.push(`          ${line}${i + PER_LINE < s.tasks.length ? ',' : ''}`);
  }
  out.push('        ]');
}

function taskBody(t: PlanTask): string {
  const parts = [`duration: ${ms(t.duration)}`];
  if (t.input > 0) parts.push(`input: ${t.input}b`);
  if (t.prefer.length) parts.push(`prefer: [${t.prefer.map(q).join(', ')}]`);
  if (t.overhead !== undefined) parts.push(`overhead: ${ms(t.overhead)}`);
  return parts.join(', ');
}

function sameTask(a: PlanTask, b: PlanTask): boolean {
  return a.duration === b.duration && a.input === b.input && a.overhead === b.overhead && a.prefer.length === b.prefer.length && a.prefer.every((p, i) => p === b.prefer[i]);
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
