// A Spark application's event log aggregated into what the importer and the replay need:
// executors, jobs, stage attempts and task attempts keyed by their ids. Events arrive in the
// listener bus's order, which is not time order (a lost attempt's TaskEnd and its executor's
// ExecutorRemoved come either way round, ../shared/eventlogs/README.md "Traps"): everything is
// collected first and sorted by timestamps in `build()`. Pure: no I/O.

/** A parsed event-log line (one SparkListener event). */
export type LogEvent = Record<string, unknown>;

export type AttemptEnd = 'success' | 'lost' | 'fetchFailed' | 'killed' | 'failed' | 'running';

export interface LogAttempt {
  taskId: number;
  stage: number;
  stageAttempt: number;
  index: number;
  attempt: number;
  /** ms from the application's start */
  launch: number;
  /** ms from the application's start; -1 while running (in-progress log) */
  finish: number;
  executor: string;
  host: string;
  locality: string;
  speculative: boolean;
  end: AttemptEnd;
  /** ExecutorLostFailure: the executor named by the reason */
  lostExecutor?: string;
  /** FetchFailed: the executor whose map output was missing */
  fetchFrom?: string;
  /** executor run + deserialize + result serialization time (ms) */
  runMs: number;
  inputBytes: number;
  shuffleWriteBytes: number;
  /** the task wrote or read rdd_ blocks (a cached partition) */
  cachedBlocks: boolean;
}

/** A completed map output lost with its executor (TaskEnd reason `Resubmitted`). */
export interface LostOutput {
  stage: number;
  stageAttempt: number;
  index: number;
  /** the executor of the old successful attempt (its Task Info) */
  executor: string;
}

export interface LogStageAttempt {
  stage: number;
  attempt: number;
  name: string;
  numTasks: number;
  parents: number[];
  /** ms from the start; undefined when the log does not say (1.4, 2.1, 2.2 StageSubmitted) */
  submitted?: number;
  completed?: number;
  failure?: string;
  /** some RDD of the stage is cached (a storage level that keeps it) */
  cached: boolean;
}

export interface LogJob {
  id: number;
  submitted: number;
  completed?: number;
  result?: string;
  stageIds: number[];
  /** StageInfos of the job: the DAG of every stage it could run */
  stageParents: Map<number, number[]>;
  /** `spark.streaming.internal.batchTime` (DStream) or `streaming.sql.batchId` (Structured Streaming) */
  streamingBatch?: string;
  /** `spark.scheduler.pool`, the FAIR scheduler pool the job ran in */
  pool?: string;
}

export interface LogExecutor {
  id: string;
  host: string;
  /** cores the executor reported (Total Cores), or inferred */
  cores: number;
  /** task slots: cores / task cpus, limited by GPUs when the tasks ask for them */
  slots: number;
  /** why slots < cores / task cpus, when it is so */
  slotNote?: string;
  /** slots its GPUs allow (when the tasks ask for GPUs): a what-if with more cores keeps this cap */
  gpuSlots?: number;
  addedAt: number;
  removedAt?: number;
  removedReason?: string;
  /** not in any ExecutorAdded: seen only through its tasks or block manager */
  inferred: boolean;
}

export interface AppLog {
  appId: string;
  appName: string;
  sparkVersion: string;
  /** the version came from the log (LogStart or Databricks metadata), not a guess */
  versionKnown: boolean;
  master: string;
  /** absolute ms of the application's start (ApplicationStart, else the earliest timestamp) */
  startTime: number;
  /** ms from the start of ApplicationEnd, when the log has it */
  endTime?: number;
  complete: boolean;
  skippedLines: number;
  properties: Record<string, string>;
  taskCpus: number;
  executors: LogExecutor[];
  jobs: LogJob[];
  stages: LogStageAttempt[];
  attempts: LogAttempt[];
  lostOutputs: LostOutput[];
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(+v) ? +v : d);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface RawExecutor { id: string; host: string; cores: number; added?: number; removed?: number; reason?: string; gpus: number; profile: number; registered: boolean }
interface RawStage { stage: number; attempt: number; name: string; numTasks: number; parents: number[]; submitted?: number; completed?: number; failure?: string; cached: boolean }
interface RawAttempt extends Omit<LogAttempt, 'launch' | 'finish'> { launch: number; finish: number }

/** Collects events (any order) and builds the AppLog. */
export class AppLogBuilder {
  private appId = '';
  private appName = '';
  private version = '';
  private appStart?: number;
  private appEnd?: number;
  private props: Record<string, string> = {};
  private readonly execs = new Map<string, RawExecutor>();
  private readonly jobs = new Map<number, LogJob>();
  /** JobEnd by job id: kept apart, as a JobEnd may come before its JobStart in the file */
  private readonly jobEnds = new Map<number, { at: number; result: string }>();
  private readonly stages = new Map<string, RawStage>();
  private readonly attempts = new Map<number, RawAttempt>();
  private readonly lost: LostOutput[] = [];
  /** resource profile id -> { task cpus, task gpus, executor gpus } */
  private readonly profiles = new Map<number, { cpus: number; gpus: number; execGpus: number; execCores: number }>();
  private readonly strings = new Map<string, string>();
  private sparkEvents = 0;
  private foreignAttempts = 0;
  skippedLines = 0;

  /** How many lines looked like Spark listener events. */
  get events(): number {
    return this.sparkEvents;
  }

  add(ev: LogEvent): void {
    const kind = str(ev.Event);
    if (!kind) return;
    if (kind.startsWith('SparkListener') || kind.startsWith('org.apache.spark') || kind === 'DBCEventLoggingListenerMetadata') this.sparkEvents++;
    const ts = ev.Timestamp;
    switch (kind) {
      case 'SparkListenerLogStart':
      case 'DBCEventLoggingListenerMetadata':
        this.version = str(ev['Spark Version'], this.version);
        return;
      case 'SparkListenerApplicationStart':
        this.appId = str(ev['App ID'], this.appId);
        this.appName = str(ev['App Name'], this.appName);
        if (typeof ts === 'number') this.appStart = ts;
        return;
      case 'SparkListenerApplicationEnd':
        if (typeof ts === 'number') this.appEnd = ts;
        return;
      case 'SparkListenerEnvironmentUpdate': {
        for (const [k, v] of Object.entries(obj(ev['Spark Properties']))) this.props[k] = str(v);
        // 1.x writes the properties as a list of pairs
        for (const p of arr(ev['Spark Properties'])) if (Array.isArray(p) && p.length === 2) this.props[str(p[0])] = str(p[1]);
        return;
      }
      case 'SparkListenerResourceProfileAdded': {
        const ex = obj(ev['Executor Resource Requests']);
        const tk = obj(ev['Task Resource Requests']);
        this.profiles.set(num(ev['Resource Profile Id']), {
          cpus: num(obj(tk.cpus).Amount, 1), gpus: num(obj(tk.gpu).Amount, 0),
          execGpus: num(obj(ex.gpu).Amount, 0), execCores: num(obj(ex.cores).Amount, 0),
        });
        return;
      }
      case 'SparkListenerExecutorAdded': {
        const info = obj(ev['Executor Info']);
        const e = this.executor(str(ev['Executor ID']), str(info.Host));
        e.cores = num(info['Total Cores'], e.cores);
        e.added = num(ts, e.added ?? 0);
        e.registered = true;
        e.profile = num(info['Resource Profile Id'], 0);
        const gpu = obj(obj(info.Resources).gpu);
        e.gpus = arr(gpu.addresses).length;
        return;
      }
      case 'SparkListenerBlockManagerAdded': {
        const bm = obj(ev['Block Manager ID']);
        const e = this.executor(str(bm['Executor ID']), str(bm.Host));
        if (e.added === undefined && typeof ts === 'number') e.added = ts;
        return;
      }
      case 'SparkListenerExecutorRemoved': {
        const e = this.executor(str(ev['Executor ID']), '');
        e.removed = num(ts);
        e.reason = str(ev['Removed Reason']);
        return;
      }
      case 'SparkListenerJobStart': {
        const id = num(ev['Job ID']);
        const stageParents = new Map<number, number[]>();
        for (const si of arr(ev['Stage Infos'])) {
          const s = obj(si);
          stageParents.set(num(s['Stage ID']), arr(s['Parent IDs']).map((p) => num(p)));
        }
        const props = obj(ev.Properties);
        const batch = props['spark.streaming.internal.batchTime'] ?? props['streaming.sql.batchId'];
        const submitted = num(ev['Submission Time'], num(ts, NaN));
        const job: LogJob = { id, submitted, stageIds: arr(ev['Stage IDs']).map((x) => num(x)), stageParents };
        if (batch !== undefined) job.streamingBatch = str(batch);
        const pool = props['spark.scheduler.pool'];
        if (typeof pool === 'string' && pool !== '') job.pool = pool;
        this.jobs.set(id, job);
        return;
      }
      case 'SparkListenerJobEnd': {
        const done = num(ev['Completion Time'], num(ts, NaN));
        if (Number.isFinite(done)) this.jobEnds.set(num(ev['Job ID']), { at: done, result: str(obj(ev['Job Result']).Result, 'JobSucceeded') });
        return;
      }
      case 'SparkListenerStageSubmitted':
      case 'SparkListenerStageCompleted':
        return this.stageEvent(obj(ev['Stage Info']), kind === 'SparkListenerStageCompleted');
      case 'SparkListenerTaskStart':
      case 'SparkListenerTaskEnd':
        return this.taskEvent(ev, kind === 'SparkListenerTaskEnd');
    }
  }

  /** Without ApplicationStart: the earliest time of the run's own records (not of any line). */
  private earliest(known: Set<number>): number {
    let t = Infinity;
    for (const j of this.jobs.values()) if (Number.isFinite(j.submitted)) t = Math.min(t, j.submitted);
    for (const e of this.execs.values()) if (e.added !== undefined) t = Math.min(t, e.added);
    for (const a of this.attempts.values()) if (known.has(a.stage)) t = Math.min(t, a.launch);
    return Number.isFinite(t) ? t : 0;
  }

  /**
   * One copy of each executor id, host and locality name for all attempts: the parser makes a new
   * string per line, and keeping those made the model (and the collector's work) grow with the log.
   */
  private intern(s: string): string {
    const x = this.strings.get(s);
    if (x !== undefined) return x;
    this.strings.set(s, s);
    return s;
  }

  private executor(id: string, host: string): RawExecutor {
    let e = this.execs.get(id);
    if (!e) {
      e = { id, host, cores: 0, gpus: 0, profile: 0, registered: false };
      this.execs.set(id, e);
    }
    if (host && !e.host) e.host = host;
    return e;
  }

  private stageEvent(si: Record<string, unknown>, completed: boolean): void {
    const stage = num(si['Stage ID']);
    const attempt = num(si['Stage Attempt ID'], num(si['Stage Attempt'], 0));
    const key = `${stage}.${attempt}`;
    const s: RawStage = this.stages.get(key) ?? { stage, attempt, name: '', numTasks: 0, parents: [], cached: false };
    s.name = str(si['Stage Name'], s.name);
    s.numTasks = num(si['Number of Tasks'], s.numTasks);
    if (Array.isArray(si['Parent IDs'])) s.parents = arr(si['Parent IDs']).map((p) => num(p));
    if (typeof si['Submission Time'] === 'number') s.submitted = si['Submission Time'] as number;
    if (completed && typeof si['Completion Time'] === 'number') s.completed = si['Completion Time'] as number;
    if (completed && si['Failure Reason'] !== undefined) s.failure = str(si['Failure Reason']).split('\n')[0];
    for (const r of arr(si['RDD Info'])) {
      const level = obj(obj(r)['Storage Level']);
      if (level['Use Memory'] === true || level['Use Disk'] === true) s.cached = true;
    }
    this.stages.set(key, s);
  }

  private taskEvent(ev: LogEvent, ended: boolean): void {
    const info = obj(ev['Task Info']);
    const taskId = num(info['Task ID'], -1);
    if (taskId < 0) return;
    const reason = obj(ev['Task End Reason']);
    const why = str(reason.Reason, 'Success');
    const stage = num(ev['Stage ID']);
    const stageAttempt = num(ev['Stage Attempt ID'], 0);
    const executor = str(info['Executor ID']);
    this.executor(executor, str(info.Host));
    if (ended && why === 'Resubmitted') {
      // The old successful attempt's Task Info: its output died with its executor (README "Traps").
      this.lost.push({ stage, stageAttempt, index: num(info.Index), executor });
      return;
    }
    const launch = num(info['Launch Time']);
    const prev = this.attempts.get(taskId);
    const a: RawAttempt = prev ?? {
      taskId, stage, stageAttempt, index: num(info.Index), attempt: num(info.Attempt), launch, finish: -1,
      executor: this.intern(executor), host: this.intern(str(info.Host)), locality: this.intern(str(info.Locality, 'ANY')), speculative: info.Speculative === true,
      end: 'running', runMs: 0, inputBytes: 0, shuffleWriteBytes: 0, cachedBlocks: false,
    };
    if (ended) {
      const m = obj(ev['Task Metrics']);
      a.finish = num(info['Finish Time'], -1);
      a.end = why === 'Success' ? 'success' : why === 'ExecutorLostFailure' ? 'lost' : why === 'FetchFailed' ? 'fetchFailed'
        : why === 'TaskKilled' || info.Killed === true ? 'killed' : 'failed';
      if (why === 'ExecutorLostFailure') a.lostExecutor = str(reason['Executor ID'], executor);
      if (why === 'FetchFailed') a.fetchFrom = str(obj(reason['Block Manager Address'])['Executor ID']);
      a.runMs = num(m['Executor Run Time']) + num(m['Executor Deserialize Time']) + num(m['Result Serialization Time']);
      a.inputBytes = num(obj(m['Input Metrics'])['Bytes Read']);
      a.shuffleWriteBytes = num(obj(m['Shuffle Write Metrics'])['Shuffle Bytes Written']);
      a.cachedBlocks = arr(m['Updated Blocks']).some((b) => /^rdd_/.test(str(obj(b)['Block ID'])));
    }
    this.attempts.set(taskId, a);
  }

  build(skippedLines = this.skippedLines): AppLog {
    const known = new Set<number>([...this.stages.values()].map((s) => s.stage));
    for (const j of this.jobs.values()) for (const id of j.stageParents.keys()) known.add(id);
    const start = this.appStart ?? this.earliest(known);
    const rel = (t: number) => t - start;
    const master = this.props['spark.master'] ?? '';
    const taskCpus = Math.max(1, Math.floor(num(this.props['spark.task.cpus'], 1)));
    // Attempts of a stage no StageSubmitted, StageCompleted or JobStart knows are not part of this
    // run (edited fixtures splice in foreign lines): left out and counted.
    const attempts: LogAttempt[] = [...this.attempts.values()]
      .filter((a) => known.has(a.stage) || (this.foreignAttempts++, false))
      .map((a) => ({ ...a, launch: rel(a.launch), finish: a.finish >= 0 ? rel(a.finish) : -1 }))
      .sort((a, b) => a.launch - b.launch || a.taskId - b.taskId);
    const executors = this.buildExecutors(attempts, rel, master, taskCpus);
    const jobs: LogJob[] = [...this.jobs.values()]
      .map((j) => {
        const end = this.jobEnds.get(j.id);
        return { ...j, submitted: Number.isFinite(j.submitted) ? rel(j.submitted) : firstLaunchOf(j.stageIds, attempts),
          ...(end ? { completed: rel(end.at), result: end.result } : {}) };
      })
      .filter((j) => Number.isFinite(j.submitted))
      .sort((a, b) => a.submitted - b.submitted || a.id - b.id);
    const stages: LogStageAttempt[] = [...this.stages.values()]
      .map((s) => ({ ...s, submitted: s.submitted !== undefined ? rel(s.submitted) : undefined, completed: s.completed !== undefined ? rel(s.completed) : undefined }))
      .sort((a, b) => a.stage - b.stage || a.attempt - b.attempt);
    const version = this.version || this.props['spark.version'] || '';
    return {
      appId: this.appId || this.props['spark.app.id'] || '', appName: this.appName || this.props['spark.app.name'] || '',
      sparkVersion: version, versionKnown: this.version !== '', master, startTime: start,
      endTime: this.appEnd !== undefined ? rel(this.appEnd) : undefined, complete: this.appEnd !== undefined,
      skippedLines: skippedLines + this.foreignAttempts, properties: this.props, taskCpus, executors, jobs, stages, attempts, lostOutputs: this.lost,
    };
  }

  private buildExecutors(attempts: LogAttempt[], rel: (t: number) => number, master: string, taskCpus: number): LogExecutor[] {
    // attempts are in launch order: the first seen per executor is its first launch
    const firstLaunchOf = new Map<string, number>();
    for (const a of attempts) if (!firstLaunchOf.has(a.executor)) firstLaunchOf.set(a.executor, a.launch);
    const local = /^local/.test(master);
    const localCores = /^local(?:-cluster)?\[(\d+)/.exec(master);
    let peak: Map<string, number> | undefined;
    const out: LogExecutor[] = [];
    for (const e of this.execs.values()) {
      // The driver runs tasks only in local mode; elsewhere its block manager is not an executor.
      if (!firstLaunchOf.has(e.id) && (!e.registered || isDriver(e.id))) continue;
      if (isDriver(e.id) && !local && !firstLaunchOf.has(e.id)) continue;
      const profile = this.profiles.get(e.profile);
      const cpus = Math.max(1, profile?.cpus ?? taskCpus);
      let cores = e.cores;
      if (cores <= 0) cores = localCores && isDriver(e.id) ? +localCores[1] : Math.max(1, ((peak ??= peakConcurrency(attempts)).get(e.id) ?? 1) * cpus);
      let slots = Math.max(1, Math.floor(cores / cpus));
      let slotNote: string | undefined;
      let gpuSlots: number | undefined;
      if (profile && profile.gpus > 0) {
        const gpus = e.gpus || profile.execGpus;
        if (gpus > 0) {
          const bySlotsGpu = Math.floor(gpus / profile.gpus);
          gpuSlots = Math.max(1, bySlotsGpu);
          if (bySlotsGpu < slots) {
            slots = Math.max(1, bySlotsGpu);
            slotNote = `${cores} cores but ${gpus} GPU${gpus === 1 ? '' : 's'} at ${profile.gpus} a task: ${slots} slot${slots === 1 ? '' : 's'}`;
          }
        }
      }
      const firstLaunch = firstLaunchOf.get(e.id);
      const added = e.added !== undefined ? rel(e.added) : firstLaunch ?? 0;
      const x: LogExecutor = { id: e.id, host: e.host || e.id, cores, slots, addedAt: Math.max(0, Math.min(added, firstLaunch ?? added)), inferred: !e.registered };
      if (slotNote) x.slotNote = slotNote;
      if (gpuSlots !== undefined) x.gpuSlots = gpuSlots;
      if (e.removed !== undefined) {
        x.removedAt = rel(e.removed);
        x.removedReason = e.reason;
      }
      out.push(x);
    }
    return out.sort((a, b) => a.addedAt - b.addedAt || compareIds(a.id, b.id));
  }
}

/** 1.2 JobStart has no Submission Time: the job's first launch stands in. */
function firstLaunchOf(stageIds: number[], attempts: LogAttempt[]): number {
  const ids = new Set(stageIds);
  let t = Infinity;
  for (const a of attempts) if (ids.has(a.stage)) t = Math.min(t, a.launch);
  return t;
}

export function isDriver(id: string): boolean {
  return id === 'driver' || id === '<driver>';
}

/** Numeric ids in numeric order, others after in string order. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? +a : NaN;
  const nb = /^\d+$/.test(b) ? +b : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most attempts running at once on each executor (for executors whose cores the log does not give). */
function peakConcurrency(attempts: LogAttempt[]): Map<string, number> {
  const points = new Map<string, [number, number][]>();
  for (const a of attempts) {
    const list = points.get(a.executor) ?? [];
    list.push([a.launch, 1], [a.finish >= 0 ? a.finish : Infinity, -1]);
    points.set(a.executor, list);
  }
  const peak = new Map<string, number>();
  for (const [id, list] of points) {
    list.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let n = 0;
    let best = 0;
    for (const [, d] of list) best = Math.max(best, (n += d));
    peak.set(id, best);
  }
  return peak;
}
