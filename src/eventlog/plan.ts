// What a job definition says about a real run, worked out from its AppLog: the executors with
// their joins and departures, the faults (removals that lost tasks), the jobs at their submission
// times (or after the job before them, when the driver ran them one after another), the stages
// that really ran with their driver delays and per-task overheads, and the tasks with their run
// times, input sizes and inferred preferred locations. Rendered as YAML by yamlOut.ts.
import type { AppLog, LogAttempt, LogJob, LogStageAttempt } from './appLog';
import { SlotTimeline } from './slots';
import { OFF_CLUSTER } from '../format/jobs';

export interface PlanTask {
  duration: number;
  input: number;
  prefer: string[];
  /** its own slot time beyond the run, instead of the stage's (an attempt on a cold executor) */
  overhead?: number;
}

export interface PlanStage {
  /** Spark's stage id */
  stageId: number;
  name: string;
  sparkName: string;
  parents: string[];
  tasks: PlanTask[];
  overhead: number;
  submitDelay: number;
  /** the part of submitDelay after Spark's Submission Time (to the first launch, a slot being free) */
  launchGap: number;
  /** how the preferred locations were inferred (a YAML comment) */
  prefNote: string;
}

export interface PlanJob {
  jobId: number;
  name: string;
  submit: number;
  after?: string;
  /** the FAIR scheduler pool the log's job ran in */
  pool?: string;
  stages: PlanStage[];
  note: string;
}

export interface PlanExecutor {
  id: string;
  host: string;
  /** EXECUTOR_RACK when the log shows RACK_LOCAL launches */
  rack?: string;
  cores: number;
  joinAt: number;
  leaveAt?: number;
  note?: string;
}

export interface PlanFault {
  executor: string;
  at: number;
  lostTasks: number;
  note: string;
  /** what-if clusters: a replacement registers this long after the loss (the log's own delay) */
  replaceAfter?: number;
  /** the lost attempt it is tied to (JOB/STAGE/INDEX#ATTEMPT): `at` is then from that attempt's launch */
  during?: string;
  /** the removal's time in the real run */
  realAt: number;
}

/** A FAIR scheduler pool as Spark had it (the log does not hold the allocation file). */
export interface PlanPool {
  name: string;
  schedulingMode: 'FIFO' | 'FAIR';
  note: string;
}

export interface Plan {
  spark: '2.2' | '3.5';
  /** spark.scheduler.mode FAIR and some job named a pool: every pool the jobs ran in */
  pools?: PlanPool[];
  taskCpus: number;
  /** task slots the executors' GPUs allow (GPU runs): a what-if with more cores keeps the cap */
  gpuSlots?: number;
  conf: Record<string, string>;
  executors: PlanExecutor[];
  jobs: PlanJob[];
  faults: PlanFault[];
  /** median time from a loss to the next executor joining (a cluster manager's replacement), if any */
  replacementMs?: number;
  /**
   * dynamic allocation with losses: the cluster manager's delay for a new executor, measured
   * (newExecutorDelayOf), with how many losses it was measured on
   */
  newExecutorDelay?: { ms: number; losses: number };
}

/** `spark:` semantics from the log's version: below 3.0 "2.2", else "3.5" (spec "Event logs"). */
export function semanticsOf(version: string): '2.2' | '3.5' {
  // no version at all: a log without LogStart, which Spark writes from 1.3 on (README "events")
  if (!version) return '2.2';
  const m = /^(\d+)\./.exec(version);
  return m && +m[1] < 3 ? '2.2' : '3.5';
}

/** The Spark properties a job definition keeps (the scheduler's, with the log's own values). */
export const CONF_KEPT = [
  'spark.locality.wait', 'spark.locality.wait.process', 'spark.locality.wait.node', 'spark.locality.wait.rack',
  'spark.locality.wait.legacyResetOnTaskLaunch', 'spark.executor.cores', 'spark.task.cpus', 'spark.task.maxFailures',
  'spark.scheduler.mode', 'spark.scheduler.revive.interval', 'spark.network.timeout', 'spark.executor.heartbeatInterval',
  'spark.speculation', 'spark.speculation.interval', 'spark.speculation.multiplier', 'spark.speculation.quantile',
  'spark.shuffle.service.enabled', 'spark.dynamicAllocation.enabled', 'spark.dynamicAllocation.executorIdleTimeout',
  'spark.dynamicAllocation.minExecutors', 'spark.dynamicAllocation.maxExecutors', 'spark.dynamicAllocation.initialExecutors',
  'spark.dynamicAllocation.schedulerBacklogTimeout', 'spark.dynamicAllocation.sustainedSchedulerBacklogTimeout',
  'spark.dynamicAllocation.cachedExecutorIdleTimeout', 'spark.dynamicAllocation.executorAllocationRatio',
  'spark.dynamicAllocation.shuffleTracking.enabled', 'spark.dynamicAllocation.shuffleTracking.timeout', 'spark.default.parallelism',
  'spark.task.resource.gpu.amount', 'spark.executor.resource.gpu.amount', 'spark.shuffle.reduceLocality.enabled',
];

/**
 * How an imported run's executors come and go when dynamic allocation ran: `log` lists the log's
 * own joins and releases (what happened: the default, since the containers' real delays vary, 5 to
 * 10 s in application_1538416563558_0014); `simulate` keeps the executors the application started
 * with and leaves the rest to the engine's allocation manager with the delay the log shows.
 */
export type Allocation = 'log' | 'simulate';

export function buildPlan(log: AppLog, allocation: Allocation = 'log'): Plan {
  const slots = new SlotTimeline(log.executors, log.attempts);
  const conf: Record<string, string> = {};
  for (const k of CONF_KEPT) if (log.properties[k] !== undefined && log.properties[k] !== '') conf[k] = log.properties[k];
  const byStage = groupBy(log.attempts, (a) => a.stage);
  const stageAttempts = groupBy(log.stages, (s) => s.stage);
  const owner = assignStages(log, byStage, stageAttempts);
  const reduceLocality = reduceLocalityOf(log, byStage, stageAttempts);
  if (!reduceLocality.on && conf['spark.shuffle.reduceLocality.enabled'] === undefined) conf['spark.shuffle.reduceLocality.enabled'] = 'false';
  const racks = log.attempts.some((a) => a.locality === 'RACK_LOCAL' && a.attempt === 0 && (stageAttempts.get(a.stage)?.[0]?.parents ?? []).length === 0);
  const jobs = planJobs(owner, byStage, stageAttempts, slots, { complete: log.complete, reduceNote: reduceLocality.note, racks, cold: coldAttempts(log) });
  const { executors: all, faults } = planCluster(log, jobs.lastEnd, jobs.jobs);
  if (racks) for (const e of all) e.rack = EXECUTOR_RACK;
  const newExecutorDelay = allocation === 'simulate' && dynamicAllocationSimulated(conf, semanticsOf(log.sparkVersion)) && faults.length > 0 ? newExecutorDelayOf(log) : undefined;
  const executors = newExecutorDelay ? leftToAllocation(all, faults) : all;
  if (!newExecutorDelay && (conf['spark.dynamicAllocation.enabled'] ?? '').trim().toLowerCase() === 'true') {
    // the log's own joins and releases are listed (joinAt, leaveAt): the simulation's allocation
    // manager would ask for executors the real cluster did not give, and release them again
    for (const k of Object.keys(conf)) if (k.startsWith('spark.dynamicAllocation.')) delete conf[k];
    conf['spark.dynamicAllocation.enabled'] = 'false';
  }

  const gpu = log.executors.map((e) => e.gpuSlots).filter((x): x is number => x !== undefined);
  const plan: Plan = { spark: semanticsOf(log.sparkVersion), taskCpus: log.taskCpus, conf, executors, jobs: jobs.jobs, faults, replacementMs: replacementMs(log) };
  if (gpu.length) plan.gpuSlots = Math.min(...gpu);
  if (newExecutorDelay) plan.newExecutorDelay = newExecutorDelay;
  const pools = poolsOf(log, plan);
  if (pools) plan.pools = pools;
  return plan;
}

function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** When a stage attempt started: its Submission Time, else its first launch. */
function stageStart(s: LogStageAttempt | undefined, attempts: LogAttempt[]): number {
  if (s?.submitted !== undefined) return s.submitted;
  let first = Infinity;
  for (const a of attempts) if (a.stageAttempt === (s?.attempt ?? 0)) first = Math.min(first, a.launch);
  return Number.isFinite(first) ? first : attempts.length > 0 ? attempts[0].launch : 0;
}

/**
 * Each stage that ran belongs to one job: the latest job submitted before the stage started that
 * lists it (later jobs list it too, as a skipped stage).
 */
function assignStages(log: AppLog, byStage: Map<number, LogAttempt[]>, stageAttempts: Map<number, LogStageAttempt[]>): Map<number, LogJob | null> {
  const owner = new Map<number, LogJob | null>();
  for (const [stage, attempts] of byStage) {
    const start = stageStart(stageAttempts.get(stage)?.[0], attempts);
    let best: LogJob | null = null;
    for (const j of log.jobs) {
      if (j.submitted > start + 1) continue;
      if (j.stageIds.includes(stage) || j.stageParents.has(stage)) best = j;
    }
    if (!best) for (const j of log.jobs) if (j.submitted <= start + 1) best = j;
    owner.set(stage, best);
  }
  return owner;
}

interface Evidence {
  /** the log has its ApplicationEnd: a partition it never shows never ran */
  complete: boolean;
  /** an input task launched RACK_LOCAL: the cluster had racks, the executors get one (EXECUTOR_RACK) */
  racks: boolean;
  /** why shuffle reads have no preferences of their own */
  reduceNote: string;
  /** the first attempt on each slot of a cold executor: coldAttempts() */
  cold: Set<LogAttempt>;
}

/**
 * The attempts that were the first on each task slot of their executor: among its first `slots`
 * launches, and launched before any attempt on it had ended (its first wave, run by a cold JVM).
 * A slot is held from the launch to the executor's StatusUpdate (CoarseGrainedSchedulerBackend.
 * scala:165-176 in 3.5, the same in 2.4: DriverEndpoint frees the cores and makes offers then), and a cold executor's
 * first tasks reach that later: the LaunchTask message, the TaskRunner's thread and the classes
 * they load are first used then (the logs of ../shared/eventlogs show it: the median overhead
 * beyond the run of the executors' first tasks is 2 to 28 times that of their later tasks in 21 of
 * the README replay table's 22 logs; in application_1538416563558_0014, 263-657 ms against 11-43
 * ms). A stage's mean would spread that
 * warm-up over every task, so these attempts keep their own.
 */
export function coldAttempts(log: AppLog): Set<LogAttempt> {
  const firstEnd = new Map<string, number>();
  for (const a of log.attempts) {
    if (a.finish < 0) continue;
    const t = firstEnd.get(a.executor);
    if (t === undefined || a.finish < t) firstEnd.set(a.executor, a.finish);
  }
  const slots = new Map<string, number>();
  for (const e of log.executors) slots.set(e.id, e.slots);
  const launched = new Map<string, number>();
  const cold = new Set<LogAttempt>();
  // attempts are in launch order
  for (const a of log.attempts) {
    const k = launched.get(a.executor) ?? 0;
    launched.set(a.executor, k + 1);
    if (k < (slots.get(a.executor) ?? 1) && a.launch < (firstEnd.get(a.executor) ?? Infinity)) cold.add(a);
  }
  return cold;
}

/**
 * Reduce-side locality (MapOutputTrackerMaster.getPreferredLocationsForShuffle) exists from Spark
 * 1.5 (SPARK-2774). Its preferences are hosts, so its tasks launch NODE_LOCAL: a log whose shuffle
 * reads never launched NODE_LOCAL ran without it (or it never applied), and the engine's rule is
 * turned off rather than inventing waits the run did not have.
 */
function reduceLocalityOf(log: AppLog, byStage: Map<number, LogAttempt[]>, stageAttempts: Map<number, LogStageAttempt[]>): { on: boolean; note: string } {
  const m = /^(\d+)\.(\d+)/.exec(log.sparkVersion);
  if (!m || (+m[1] === 1 && +m[2] < 5)) return { on: false, note: 'a shuffle read; Spark before 1.5 has no reduce-side locality' };
  let reads = 0;
  let nodeLocal = 0;
  for (const [sid, attempts] of byStage) {
    if ((stageAttempts.get(sid)?.[0]?.parents ?? []).length === 0) continue;
    for (const a of attempts) {
      if (a.attempt !== 0 || a.stageAttempt !== 0) continue;
      reads++;
      if (a.locality === 'NODE_LOCAL') nodeLocal++;
    }
  }
  if (log.properties['spark.shuffle.reduceLocality.enabled'] === 'false') return { on: false, note: 'a shuffle read; reduce-side locality off in the app' };
  if (reads > 0 && nodeLocal === 0) return { on: false, note: 'a shuffle read; no reduce task of the log launched NODE_LOCAL, so reduce-side locality is off' };
  return { on: true, note: 'a shuffle read: the engine\'s reduce-side locality rule' };
}

function planJobs(owner: Map<number, LogJob | null>, byStage: Map<number, LogAttempt[]>,
  stageAttempts: Map<number, LogStageAttempt[]>, slots: SlotTimeline, ev: Evidence): { jobs: PlanJob[]; lastEnd: number } {
  // the jobs that ran a stage, in submission order (a log without JobStart: one job for all)
  const groups = new Map<LogJob | null, number[]>();
  for (const [stage, j] of owner) {
    const l = groups.get(j);
    if (l) l.push(stage);
    else groups.set(j, [stage]);
  }
  const order = [...groups.keys()].sort((a, b) => (a?.submitted ?? 0) - (b?.submitted ?? 0) || (a?.id ?? -1) - (b?.id ?? -1));
  /** when a stage's work was done: its last successful attempt's end */
  const doneAt = (stage: number) => {
    let t = -Infinity;
    for (const a of byStage.get(stage) ?? []) if (a.end === 'success') t = Math.max(t, a.finish);
    return t;
  };
  const out: PlanJob[] = [];
  let lastEnd = 0;
  let prev = null as { name: string; end: number; allEnded: boolean } | null;
  for (const j of order) {
    const stageIds = groups.get(j)!.sort((a, b) => a - b);
    const name = j ? `job${j.id}` : 'job';
    const submitted = j ? j.submitted : Math.min(...stageIds.map((s) => stageStart(stageAttempts.get(s)?.[0], byStage.get(s)!)));
    const inJob = new Set(stageIds);
    const stages: PlanStage[] = stageIds.map((sid) => {
      const attempts = byStage.get(sid)!;
      const sa = stageAttempts.get(sid) ?? [];
      const dagParents = (j?.stageParents.get(sid) ?? sa[0]?.parents ?? []);
      const parents = dagParents.filter((p) => inJob.has(p)).sort((a, b) => a - b);
      const ready = Math.max(submitted, ...parents.map(doneAt));
      const start = stageStart(sa[0], attempts);
      let firstLaunch = Infinity;
      for (const a of attempts) if (a.stageAttempt === (sa[0]?.attempt ?? 0)) firstLaunch = Math.min(firstLaunch, a.launch);
      if (!Number.isFinite(firstLaunch)) firstLaunch = start;
      // Driver time: from runnable to the task set's submission, and on to the first launch when
      // a slot was free then (otherwise the launch waited for a slot, which the simulation does itself).
      const launchGap = slots.freeMs(start, start + 1) > 0 ? Math.max(0, firstLaunch - start) : 0;
      const submitDelay = Math.max(0, Math.round(start - ready)) + Math.round(launchGap);
      const gap = Math.min(submitDelay, Math.round(launchGap));
      return {
        stageId: sid, name: `s${sid}`, sparkName: sa[0]?.name ?? '', parents: parents.map((p) => `s${p}`),
        ...planTasks(sa, attempts, dagParents.length > 0, ev), submitDelay, launchGap: gap,
      };
    });
    const end = Math.max(...stageIds.map(doneAt));
    const ended = Number.isFinite(end);
    let submit = Math.max(0, Math.round(submitted));
    let after: string | undefined;
    if (prev && prev.allEnded && submitted >= prev.end) {
      after = prev.name;
      submit = Math.round(submitted - prev.end);
    }
    const failed = j?.result !== undefined && j.result !== 'JobSucceeded';
    const batch = j?.streamingBatch !== undefined ? `, streaming batch ${j.streamingBatch}` : '';
    const note = `Spark job ${j ? j.id : '?'}${batch}${failed ? `, ${j!.result} in the log (its tasks are replayed as if they succeeded)` : ''}`;
    const pj: PlanJob = { jobId: j?.id ?? -1, name, submit, stages, note };
    if (after !== undefined) pj.after = after;
    if (j?.pool !== undefined) pj.pool = j.pool;
    out.push(pj);
    const allEnded: boolean = (prev?.allEnded ?? true) && ended;
    const maxEnd: number = Math.max(prev?.end ?? -Infinity, end);
    // the job that ended last is the one a sequential driver waited for
    const last: string = prev === null || (ended && end >= prev.end) ? name : prev.name;
    prev = { name: last, end: maxEnd, allEnded };
    if (ended) lastEnd = Math.max(lastEnd, end);
  }
  return { jobs: out, lastEnd };
}

/**
 * The stage's tasks, by partition index: the run time of the attempt that succeeded (else the
 * last that ended) plus the attempts that failed before it, its input bytes, and the preferred
 * locations its first attempt's launch shows.
 */
function planTasks(sa: LogStageAttempt[], attempts: LogAttempt[], hasParents: boolean, ev: Evidence): Pick<PlanStage, 'tasks' | 'overhead' | 'prefNote'> {
  let n = 0;
  for (const s of sa) n = Math.max(n, s.numTasks);
  for (const a of attempts) n = Math.max(n, a.index + 1);
  const byIndex: LogAttempt[][] = Array.from({ length: n }, () => []);
  for (const a of attempts) byIndex[a.index].push(a);
  const cached = sa.some((s) => s.cached);
  const counts = { exec: 0, host: 0, rack: 0, off: 0, none: 0 };
  let overheadSum = 0;
  let overheadN = 0;
  let coldSum = 0;
  let coldN = 0;
  let ownOverheads = 0;
  let failedFolded = 0;
  const tasks: (PlanTask | null)[] = byIndex.map((list) => {
    if (list.length === 0) return null;
    const success = list.find((a) => a.end === 'success');
    const chosen = success ?? [...list].reverse().find((a) => a.finish >= 0) ?? list[list.length - 1];
    // Attempts that failed (an exception, not a loss) ran before it on a slot: the engine does not
    // fail tasks, so their time is part of the partition's (retries run one after another).
    let retried = 0;
    for (const a of list) {
      if (a === chosen || a.end !== 'failed' || a.finish < 0 || a.launch > chosen.launch) continue;
      retried += a.finish - a.launch;
      failedFolded++;
    }
    for (const a of list) {
      if (a.end !== 'success') continue;
      const o = Math.max(0, a.finish - a.launch - a.runMs);
      if (ev.cold.has(a)) {
        coldSum += o;
        coldN++;
      } else {
        overheadSum += o;
        overheadN++;
      }
    }
    const own = chosen.end === 'success' && ev.cold.has(chosen) ? Math.max(0, Math.round(chosen.finish - chosen.launch - chosen.runMs)) : undefined;
    if (own !== undefined) ownOverheads++;
    const first = list[0];
    const prefer: string[] = [];
    if (first.locality === 'PROCESS_LOCAL' && cached && !first.cachedBlocks) {
      // a cached block read where it was: the partition lived on that executor
      prefer.push(`exec:${first.executor}`);
      counts.exec++;
    } else if (first.locality === 'NODE_LOCAL' && !hasParents) {
      // Every attempt launched NODE_LOCAL names one of the task's hosts, not the first alone:
      // TaskSetManager.dequeueTask takes a NODE_LOCAL task only from pendingTasksForHost(host),
      // where addPendingTask put it for each of its preferredLocations (TaskSetManager.scala:
      // addPendingTask, 3.5 :262-300, dequeueTaskFromList :309-321; 2.4 the same). An HDFS block has replicas on several hosts: a
      // re-run on another host that launched NODE_LOCAL shows a second replica, and a re-run that
      // only prefers the first host would wait out spark.locality.wait there (loss 7 of
      // application_1538416563558_0014 did: +3.4 s).
      for (const a of list) {
        if (a.locality !== 'NODE_LOCAL' || prefer.includes(`host:${a.host}`)) continue;
        prefer.push(`host:${a.host}`);
      }
      counts.host++;
    } else if (first.locality === 'RACK_LOCAL' && !hasParents && ev.racks) {
      prefer.push(`rack:${EXECUTOR_RACK}`);
      counts.rack++;
    } else if (first.locality === 'ANY' && !hasParents) {
      // Spark reports a task with no preference as PROCESS_LOCAL (NO_PREF tasks, dequeueTask): ANY
      // means its preferred hosts ran no executor (HDFS data nodes, S3's `localhost`), and on a
      // cluster with racks its racks none either. It waits while its task set's level is above
      // ANY, as in Spark (moreTasksToRunIn counts such tasks: it does not ask whether their
      // locations are alive), and never for itself.
      prefer.push(`${ev.racks ? 'rack' : 'host'}:${OFF_CLUSTER}`);
      counts.off++;
    } else counts.none++;
    // a task that read its input from another host has that read in its run time already: no
    // `input`, or the simulation would add the remote read (spec "network") a second time
    const remote = prefer.length > 0 && (prefer[0].startsWith('rack:') || prefer[0].endsWith(`:${OFF_CLUSTER}`));
    const t: PlanTask = { duration: Math.max(0, Math.round(chosen.runMs + retried)), input: remote ? 0 : Math.max(0, Math.round(chosen.inputBytes)), prefer };
    if (own !== undefined) t.overhead = own;
    return t;
  });
  // A partition the log never shows: in a finished log or a failed stage it never ran (an aborted
  // job); in a truncated log it was still to run, and takes the stage's median.
  const neverRan = ev.complete || sa.some((x) => x.failure !== undefined);
  const known = tasks.filter((t): t is PlanTask => t !== null).map((t) => t.duration).sort((a, b) => a - b);
  const median = neverRan || known.length === 0 ? 0 : known[known.length >> 1];
  const missing = tasks.filter((t) => t === null).length;
  const parts: string[] = [];
  if (counts.exec) parts.push(`${counts.exec} exec: (first attempt PROCESS_LOCAL reading a cached block)`);
  if (counts.host) parts.push(`${counts.host} host: (attempts launched NODE_LOCAL on those hosts)`);
  if (counts.rack) parts.push(`${counts.rack} rack:${EXECUTOR_RACK} (first attempt RACK_LOCAL)`);
  if (counts.off) parts.push(`${counts.off} ${ev.racks ? 'rack' : 'host'}:${OFF_CLUSTER} (first attempt ANY: its data was on ${ev.racks ? 'racks' : 'hosts'} with no executor)`);
  if (counts.none) parts.push(`${counts.none} none (${hasParents ? ev.reduceNote : 'no preference: launched PROCESS_LOCAL (NO_PREF)'})`);
  if (missing) {
    parts.push(`${missing} partition${missing === 1 ? '' : 's'} not in the log: ${neverRan ? 'never ran (a failed stage or a finished log), 0 ms' : 'the log is cut short, the stage\'s median duration'}`);
  }
  if (ownOverheads) parts.push(`${ownOverheads} with an overhead of ${ownOverheads === 1 ? 'its' : 'their'} own (launched on a cold executor: its first tasks)`);
  if (failedFolded) parts.push(`${failedFolded} failed attempt${failedFolded === 1 ? '' : 's'} folded into their task's duration (the simulation does not fail tasks)`);
  return {
    tasks: tasks.map((t) => t ?? { duration: median, input: 0, prefer: [] }),
    // the warm attempts' mean; a stage whose every success ran cold takes theirs (for its other tasks)
    overhead: overheadN > 0 ? Math.round(overheadSum / overheadN) : coldN > 0 ? Math.round(coldSum / coldN) : 0,
    prefNote: `inferred preferred locations: ${parts.join('; ')}`,
  };
}

/**
 * The pools of a FAIR run whose jobs named one (`spark.scheduler.pool`, as Databricks sets for each
 * notebook). Declared so that every job runs in the pool it ran in with that pool's mode: a pool
 * created by its first job is FIFO (FairSchedulableBuilder.addTaskSetManager); `default` takes
 * spark.scheduler.mode (FAIR) in 3.x without an allocation file, FIFO in 2.2 (buildDefaultPool).
 * An allocation file's own modes are not in the log: its pools are taken as created ones.
 */
function poolsOf(log: AppLog, plan: Plan): PlanPool[] | undefined {
  if ((log.properties['spark.scheduler.mode'] ?? '').trim().toUpperCase() !== 'FAIR') return undefined;
  const named = [...new Set(plan.jobs.map((j) => j.pool).filter((p): p is string => p !== undefined))];
  if (named.length === 0) return undefined;
  const file = log.properties['spark.scheduler.allocation.file'];
  const created = `created by its first job: FIFO${file ? ` (the allocation file ${oneLine(file)} is not in the log)` : ''}`;
  const pools: PlanPool[] = named.filter((n) => n !== 'default').map((name) => ({ name, schedulingMode: 'FIFO', note: created }));
  if (named.includes('default') || plan.jobs.some((j) => j.pool === undefined)) {
    const fair = plan.spark === '3.5' && !file;
    pools.unshift({ name: 'default', schedulingMode: fair ? 'FAIR' : 'FIFO', note: fair ? 'no allocation file: spark.scheduler.mode' : 'buildDefaultPool: FIFO' });
  }
  return pools;
}

/** Executors with their joins; removals that lost tasks are crash faults, the others departures. */
function planCluster(log: AppLog, lastEnd: number, jobs: PlanJob[]): { executors: PlanExecutor[]; faults: PlanFault[] } {
  const stageName = new Map<number, string>();
  for (const j of jobs) for (const s of j.stages) stageName.set(s.stageId, `${j.name}/${s.name}`);
  const lost = new Map<string, { tasks: number; outputs: number; firstFail: number }>();
  const bump = (id: string, task: boolean, t: number) => {
    const l = lost.get(id) ?? { tasks: 0, outputs: 0, firstFail: Infinity };
    if (task) l.tasks++;
    else l.outputs++;
    l.firstFail = Math.min(l.firstFail, t);
    lost.set(id, l);
  };
  for (const a of log.attempts) if (a.end === 'lost') bump(a.lostExecutor ?? a.executor, true, a.finish);
  for (const o of log.lostOutputs) bump(o.executor, false, Infinity);
  const executors: PlanExecutor[] = [];
  const faults: PlanFault[] = [];
  const ran = new Set(log.attempts.map((a) => a.executor));
  for (const e of log.executors) {
    // joined after the run's last task and ran nothing: not part of this run (edited fixtures)
    if (!ran.has(e.id) && e.addedAt > lastEnd) continue;
    const x: PlanExecutor = { id: e.id, host: e.host, cores: e.slots * log.taskCpus, joinAt: Math.round(e.addedAt) };
    const notes: string[] = [];
    if (e.slotNote) notes.push(e.slotNote);
    if (e.inferred) notes.push('not registered in the log: cores from the most tasks it ran at once');
    const l = lost.get(e.id);
    if (l) {
      const at = Math.round(e.removedAt ?? l.firstFail);
      if (Number.isFinite(at)) {
        const what = [l.tasks ? `${l.tasks} running task${l.tasks === 1 ? '' : 's'}` : '', l.outputs ? `${l.outputs} map output${l.outputs === 1 ? '' : 's'} (Resubmitted)` : '']
          .filter(Boolean).join(' and ');
        const fault: PlanFault = { executor: e.id, at: Math.max(at, x.joinAt), realAt: Math.max(at, x.joinAt), lostTasks: l.tasks + l.outputs, note: `removed: ${oneLine(e.removedReason ?? 'no ExecutorRemoved in the log')}; lost ${what}` };
        // Tied to the last attempt it lost, at the same point of that attempt's run: a replay whose
        // timeline drifts from the real one still loses that task (the real containers died under it).
        const victim = log.attempts.filter((a) => a.end === 'lost' && (a.lostExecutor ?? a.executor) === e.id && stageName.has(a.stage) && a.launch <= fault.at)
          .sort((a, b) => b.launch - a.launch)[0];
        if (victim) {
          fault.during = `${stageName.get(victim.stage)}/${victim.index}#${victim.attempt}`;
          fault.note += `; ${Math.round(fault.at - victim.launch)}ms into the attempt, at ${Math.round(fault.at)}ms in the real run`;
          fault.at = Math.round(fault.at - victim.launch);
        }
        faults.push(fault);
      }
    } else if (e.removedAt !== undefined && e.removedAt < lastEnd) {
      x.leaveAt = Math.max(Math.round(e.removedAt), x.joinAt + 1);
      notes.push(`left with no task lost: ${oneLine(e.removedReason ?? '')}`);
    }
    if (notes.length) x.note = notes.join('; ');
    executors.push(x);
  }
  // A replay can run behind the real run: never let departures alone empty the cluster (the real
  // one got new executors for the work it still had, which are in the log as later joins).
  const faulty = new Set(faults.map((f) => f.executor));
  if (executors.length > 0 && executors.every((e) => e.leaveAt !== undefined || faulty.has(e.id))) {
    const last = executors.filter((e) => e.leaveAt !== undefined).sort((a, b) => b.leaveAt! - a.leaveAt! || (a.id < b.id ? -1 : 1))[0];
    if (last) {
      delete last.leaveAt;
      last.note = `${last.note ? `${last.note}; ` : ''}kept to the end: the last executor`;
    }
  }
  return { executors, faults };
}

/** The host (rack) that stands for every host (rack) of the input that ran no executor: the format's OFF_CLUSTER. */

/**
 * The rack of every executor when the log shows RACK_LOCAL launches: event logs do not say which
 * host is on which rack, and a RACK_LOCAL launch only says its data was on the rack of the
 * executor that ran it. One rack for all (YARN's /default-rack without a topology script) never
 * makes a task wait for one executor that Spark would not have waited for (S3 splits reporting
 * `localhost` launch RACK_LOCAL anywhere); tasks that launched ANY had their data on other racks.
 */
export const EXECUTOR_RACK = 'executors';

function oneLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

/**
 * Is dynamic allocation on and simulated as the log's conf says (the engine needs the external
 * shuffle service, or shuffle tracking with 3.x semantics: format/dynamicAllocation.ts)?
 */
function dynamicAllocationSimulated(conf: Record<string, string>, spark: '2.2' | '3.5'): boolean {
  const on = (k: string) => (conf[k] ?? '').trim().toLowerCase() === 'true';
  const off = (k: string) => (conf[k] ?? '').trim().toLowerCase() === 'false';
  return on('spark.dynamicAllocation.enabled') && (on('spark.shuffle.service.enabled') || (spark === '3.5' && !off('spark.dynamicAllocation.shuffleTracking.enabled')));
}

/**
 * With dynamic allocation, the executors that joined after the first loss are left to the
 * simulation's allocation manager, which asks for them when the run needs them and gets them
 * `newExecutorDelay` later; the earlier ones are what the application started with.
 */
function leftToAllocation(executors: PlanExecutor[], faults: PlanFault[]): PlanExecutor[] {
  const first = Math.min(...faults.map((f) => f.realAt));
  return executors.filter((e) => e.joinAt <= first || faults.some((f) => f.executor === e.id && f.during === undefined));
}

/**
 * The cluster manager's delay for a new executor, as the log shows it: the median time from a loss
 * to the next executor's registration, over the losses whose re-run waited for that executor (it
 * launched at or after the registration; a re-run that found a slot before says nothing of it).
 */
function newExecutorDelayOf(log: AppLog): { ms: number; losses: number } | undefined {
  const gaps: number[] = [];
  for (const e of log.executors) {
    if (e.removedAt === undefined) continue;
    const lost = log.attempts.filter((a) => a.end === 'lost' && (a.lostExecutor ?? a.executor) === e.id);
    if (lost.length === 0) continue;
    const next = Math.min(...log.executors.filter((o) => o.addedAt > e.removedAt!).map((o) => o.addedAt));
    if (!Number.isFinite(next)) continue;
    const reruns = log.attempts.filter((a) => lost.some((l) => l.stage === a.stage && l.index === a.index && a.attempt > l.attempt && a.launch >= l.finish));
    const first = Math.min(...reruns.map((a) => a.launch));
    if (Number.isFinite(first) && first >= next) gaps.push(next - e.removedAt);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return { ms: Math.round(gaps[gaps.length >> 1]), losses: gaps.length };
}

/** Median gap from an executor loss to the next executor's registration (YARN/k8s bring a new one). */
function replacementMs(log: AppLog): number | undefined {
  const gaps: number[] = [];
  const lossy = new Set<string>([...log.attempts.filter((a) => a.end === 'lost').map((a) => a.lostExecutor ?? a.executor), ...log.lostOutputs.map((o) => o.executor)]);
  for (const e of log.executors) {
    if (!lossy.has(e.id) || e.removedAt === undefined) continue;
    const next = log.executors.filter((o) => o.addedAt > e.removedAt!).map((o) => o.addedAt);
    if (next.length) gaps.push(Math.min(...next) - e.removedAt);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return Math.round(gaps[gaps.length >> 1]);
}
