// The import's check of its own output without re-parsing every task: the format's parser reads
// the file with each stage cut to its first task (the header, conf, cluster, jobs, stages, faults:
// everything but the tasks' numbers), and the tasks' values are checked here against the same
// rules, as yamlOut.ts writes them (a duration rounded, an input only when above 0: whole, finite,
// not negative; a location exec:/host:/rack:; the task count and the file's size within the limits).
// Parsing the tasks of a 10^4-task file cost more than reading its log; the full parse is still
// where the model comes from when a caller asks for it, and the tests parse every real log's file.
import { LIMITS } from '../format/ctx';
import type { Plan, PlanTask } from './plan';

/** The plan with each stage's tasks cut to the first (or to the last a fault's `during` names): what the parser checks. */
export function skeletonOf(plan: Plan): Plan {
  const keep = new Map<string, number>();
  for (const f of plan.faults) {
    const m = f.during !== undefined ? /^(.*)\/([0-9]+)#[0-9]+$/.exec(f.during) : null;
    if (m) keep.set(m[1], Math.max(keep.get(m[1]) ?? 1, Number(m[2]) + 1));
  }
  return { ...plan, jobs: plan.jobs.map((j) => ({ ...j, stages: j.stages.map((s) => ({ ...s, tasks: s.tasks.slice(0, keep.get(`${j.name}/${s.name}`) ?? 1) })) })) };
}

/** The first task value the format would refuse, as a one-line reason; undefined when all pass. */
export function badTaskValue(plan: Plan): string | undefined {
  let count = 0;
  for (const j of plan.jobs) {
    for (const s of j.stages) {
      if (s.tasks.length === 0) return `stage ${s.name} of ${j.name} has no task`;
      count += s.tasks.length;
      for (let i = 0; i < s.tasks.length; i++) {
        const why = badTask(s.tasks[i]);
        if (why) return `${j.name}/${s.name}/${i}: ${why}`;
      }
    }
  }
  if (count > LIMITS.maxTasks) return `${count} tasks: more than the format's limit of ${LIMITS.maxTasks}`;
  return undefined;
}

const wholeAndPositive = (n: number) => Number.isSafeInteger(n) && n >= 0;
const LOCATION = /^(exec|host|rack):./;

function badTask(t: PlanTask): string | undefined {
  if (!wholeAndPositive(Math.round(t.duration))) return `duration ${t.duration} is not a whole number of ms`;
  // yamlOut.ts writes `input` only when it is above 0
  if (t.overhead !== undefined && !wholeAndPositive(t.overhead)) return `overhead ${t.overhead} is not a whole number of ms`;
  if (t.input > 0 && !Number.isSafeInteger(t.input)) return `input ${t.input} is not a whole number of bytes`;
  for (const p of t.prefer) if (!LOCATION.test(p)) return `'${p}' is not a preferred location`;
  return undefined;
}

/** The job file is too large for the format (SJ003): said before anything reads it. */
export function tooLarge(yaml: string): string | undefined {
  return yaml.length > LIMITS.maxChars
    ? `the job file would have ${yaml.length.toLocaleString('en-US')} characters, over the format's limit of ${LIMITS.maxChars.toLocaleString('en-US')} (SJ003): import a shorter part of the log`
    : undefined;
}
