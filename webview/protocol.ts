// The one message protocol between the extension host and the timeline webview.
// Imported by both sides (host: `../../webview/protocol`), so it holds no DOM and no `vscode`.
// Every message that crosses the boundary is checked by a hand-written validator: the data comes
// from a user's file through the engine, and a malformed result must show an error, not crash.
import type {
  AttemptResult, BatchResult, ExecutorResult, FaultResult, SimulationResult,
} from '../src/engine/result';

export type { SimulationResult } from '../src/engine/result';

export type Policy = 'spark' | 'reserved-slots';

// ---------------------------------------------------------------- host -> webview

/** Show one result, or two results of the same job under two policies on one time axis. */
export interface ShowMessage {
  type: 'show';
  /** identifies the document/run; echoed in requests from the webview */
  id: string;
  title: string;
  primary: SimulationResult;
  /** the same fault(s) under the other policy (usually `reserved-slots`) */
  comparison?: SimulationResult;
  /** index into `primary.faults` to focus (zoom to) first */
  focusFault?: number;
  /** the job file's name, for the header and export file names */
  sourceName: string;
  /**
   * extension: `primary` is the real run of an imported event log (its attempts, the waits the
   * Spark UI hides as readyAt..launch, its executor losses) and `comparison` the simulation of
   * the job file imported from it, on one time axis
   */
  real?: boolean;
}

/** The colour theme changed: re-read the CSS variables and redraw. */
export interface ThemeMessage {
  type: 'theme';
}

/** The host could not answer a request (e.g. the comparison run failed): clear "Simulating…" and say why. */
export interface FailedMessage {
  type: 'failed';
  message: string;
}

/**
 * The document changed and can no longer be simulated (it has errors): what is shown is the last
 * good run, out of date until the next `show`.
 */
export interface StaleMessage {
  type: 'stale';
  message: string;
}

export type HostMessage = ShowMessage | ThemeMessage | FailedMessage | StaleMessage;

// ---------------------------------------------------------------- webview -> host

/** Sent once the app listens; the host answers with `show` (no data is pasted into the HTML). */
export interface ReadyMessage {
  type: 'ready';
}

/** A bar was clicked: reveal the task's definition in the job file. */
export interface RevealTaskMessage {
  type: 'revealTask';
  /** `JOB/STAGE/INDEX`, `OUTPUT@BATCH/STAGE/INDEX` or `receiver:NAME` */
  task: string;
  attempt?: number;
  id?: string;
}

/** Save the current view. `data` is SVG text (utf8) or PNG bytes in base64 (no `data:` prefix). */
export interface ExportMessage {
  type: 'export';
  format: 'png' | 'svg';
  encoding: 'utf8' | 'base64';
  data: string;
  suggestedName: string;
}

/** The user asked for the comparison view but `show` had none: simulate under `policy`. */
export interface RequestComparisonMessage {
  type: 'requestComparison';
  id: string;
  policy: Policy;
}

/** Something went wrong in the webview (e.g. an invalid message was rejected). */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type WebviewMessage =
  | ReadyMessage | RevealTaskMessage | ExportMessage | RequestComparisonMessage | ErrorMessage;

// ---------------------------------------------------------------- validation

const LOCALITIES = new Set(['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY']);
const STATUSES = new Set(['success', 'lost', 'failed', 'killed']);
/** A sanity cap: more lanes than this cannot be drawn meaningfully (and guards against 1e9 slots). */
export const MAX_SLOTS_PER_EXECUTOR = 4096;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumOrNull = (x: unknown): x is number | null => x === null || isNum(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';

class Invalid extends Error {}

function need(cond: boolean, path: string, what: string): asserts cond {
  if (!cond) throw new Invalid(`${path}: ${what}`);
}

function checkExecutor(e: unknown, p: string): asserts e is ExecutorResult {
  need(isObj(e), p, 'expected an object');
  need(isStr(e.id), `${p}.id`, 'expected a string');
  need(isStr(e.host), `${p}.host`, 'expected a string');
  need(isNum(e.slots) && Number.isInteger(e.slots) && e.slots >= 0 && e.slots <= MAX_SLOTS_PER_EXECUTOR,
    `${p}.slots`, `expected an integer from 0 to ${MAX_SLOTS_PER_EXECUTOR}`);
  need(e.reservedSlots === undefined || (isNum(e.reservedSlots) && Number.isInteger(e.reservedSlots)
    && e.reservedSlots >= 0 && e.reservedSlots <= MAX_SLOTS_PER_EXECUTOR),
    `${p}.reservedSlots`, 'expected a non-negative integer');
  need(isNum(e.addedAt), `${p}.addedAt`, 'expected a number');
  need(isNumOrNull(e.lostAt), `${p}.lostAt`, 'expected a number or null');
  need(isNumOrNull(e.lossDetectedAt), `${p}.lossDetectedAt`, 'expected a number or null');
}

function checkAttempt(a: unknown, p: string, execs: Set<string>): asserts a is AttemptResult {
  need(isObj(a), p, 'expected an object');
  for (const k of ['task', 'stage', 'job', 'executor', 'host'] as const) need(isStr(a[k]), `${p}.${k}`, 'expected a string');
  need(a.batch === null || a.batch === undefined || isNum(a.batch), `${p}.batch`, 'expected a number or null');
  need(isNum(a.index), `${p}.index`, 'expected a number');
  need(isNum(a.attempt), `${p}.attempt`, 'expected a number');
  need(isNum(a.readyAt), `${p}.readyAt`, 'expected a number');
  need(isNum(a.launch), `${p}.launch`, 'expected a number');
  need(isNum(a.end), `${p}.end`, 'expected a number');
  need(a.end >= a.launch, `${p}.end`, `ends (${a.end}) before it launches (${a.launch})`);
  need(isStr(a.locality) && LOCALITIES.has(a.locality), `${p}.locality`, 'expected a locality level');
  need(isStr(a.status) && STATUSES.has(a.status), `${p}.status`, 'expected success, lost, failed or killed');
  need(isBool(a.recovery), `${p}.recovery`, 'expected a boolean');
  need(isBool(a.reservedSlot), `${p}.reservedSlot`, 'expected a boolean');
  // extensions: optional so that an engine without them still draws (lanes are then assigned here)
  // bounded like `slots`: lanes.ts allocates a lane per slot, so a huge one must not get through
  need(a.slot === undefined || (isNum(a.slot) && Number.isInteger(a.slot) && a.slot >= 0 && a.slot < 2 * MAX_SLOTS_PER_EXECUTOR),
    `${p}.slot`, `expected an integer from 0 to ${2 * MAX_SLOTS_PER_EXECUTOR - 1}`);
  need(a.localityWait === undefined || (isNum(a.localityWait) && a.localityWait >= 0),
    `${p}.localityWait`, 'expected a non-negative number');
  need(a.localityWaitSpans === undefined || (Array.isArray(a.localityWaitSpans) && a.localityWaitSpans.length <= 10_000
    && a.localityWaitSpans.every((w) => Array.isArray(w) && w.length === 2 && isNum(w[0]) && isNum(w[1]) && w[0] <= w[1])),
  `${p}.localityWaitSpans`, 'expected a list of [start, end] pairs');
  need(a.stateReloadMs === undefined || (isNum(a.stateReloadMs) && a.stateReloadMs >= 0), `${p}.stateReloadMs`, 'expected a non-negative number');
  need(execs.has(a.executor as string), `${p}.executor`, `names an unknown executor "${String(a.executor).slice(0, 40)}"`);
  if (a.reducerPrefs !== undefined) checkReducerPrefs(a.reducerPrefs, `${p}.reducerPrefs`);
}

function checkReducerPrefs(r: unknown, p: string): void {
  need(isObj(r), p, 'expected an object');
  need(isStr(r.mapStage), `${p}.mapStage`, 'expected a string');
  need(isNum(r.at) && isNum(r.mapOutputs), p, 'expected numbers at and mapOutputs');
  need(Array.isArray(r.hosts) && r.hosts.every(isStr), `${p}.hosts`, 'expected a list of strings');
  need(Array.isArray(r.holders) && r.holders.every((h) => isObj(h) && isStr(h.executor) && isStr(h.host) && isNum(h.outputs)
    && isNum(h.share)), `${p}.holders`, 'expected a list of { executor, host, outputs, share }');
}

function checkFault(f: unknown, p: string): asserts f is FaultResult {
  need(isObj(f), p, 'expected an object');
  need(isStr(f.executor), `${p}.executor`, 'expected a string');
  need(isNum(f.at), `${p}.at`, 'expected a number');
  need(f.kind === 'crash' || f.kind === 'hang' || f.kind === 'node' || f.kind === 'decommission', `${p}.kind`, 'expected crash, hang, node or decommission');
  need(f.disabledAt === undefined || isNum(f.disabledAt), `${p}.disabledAt`, 'expected a number');
  need(isNumOrNull(f.detectedAt), `${p}.detectedAt`, 'expected a number or null');
  need(Array.isArray(f.lostTasks) && f.lostTasks.every(isStr), `${p}.lostTasks`, 'expected a list of strings');
  need(isNumOrNull(f.recoveredAt), `${p}.recoveredAt`, 'expected a number or null');
  need(isNumOrNull(f.recoveryLatency), `${p}.recoveryLatency`, 'expected a number or null');
  need(isNum(f.localityWait), `${p}.localityWait`, 'expected a number');
  need(isBool(f.stalled), `${p}.stalled`, 'expected a boolean');
  need(isNum(f.lowerBoundMs), `${p}.lowerBoundMs`, 'expected a number');
  if (f.logged !== undefined) {
    const l = f.logged;
    need(isObj(l) && isStr(l.reason) && isNum(l.lostOutputs), `${p}.logged`, 'expected { reason, lostOutputs, firstRerun }');
    const r = l.firstRerun;
    need(r === null || (isObj(r) && isStr(r.task) && isStr(r.executor) && isNum(r.launch) && isNum(r.delayMs)), `${p}.logged.firstRerun`,
      'expected null or { task, executor, launch, delayMs }');
  }
}

function checkBatch(b: unknown, p: string): asserts b is BatchResult {
  need(isObj(b), p, 'expected an object');
  need(isNum(b.time), `${p}.time`, 'expected a number');
  need(isNum(b.submission), `${p}.submission`, 'expected a number');
  for (const k of ['processingStart', 'processingEnd', 'schedulingDelay', 'processingDelay', 'totalDelay'] as const) {
    need(isNumOrNull(b[k]), `${p}.${k}`, 'expected a number or null');
  }
}

/** Throws `Invalid` with the path of the first problem. */
function checkResult(r: unknown, p: string): asserts r is SimulationResult {
  need(isObj(r), p, 'expected a simulation result object');
  need(r.formatVersion === 1, `${p}.formatVersion`, `expected 1, got ${JSON.stringify(r.formatVersion) ?? 'nothing'}`);
  need(r.spark === '2.2' || r.spark === '3.5', `${p}.spark`, 'expected "2.2" or "3.5"');
  need(r.policy === undefined || r.policy === 'spark' || r.policy === 'reserved-slots', `${p}.policy`,
    'expected "spark" or "reserved-slots"');
  need(Array.isArray(r.executors), `${p}.executors`, 'expected a list');
  need(Array.isArray(r.attempts), `${p}.attempts`, 'expected a list');
  need(Array.isArray(r.faults), `${p}.faults`, 'expected a list');
  need(r.batches === undefined || Array.isArray(r.batches), `${p}.batches`, 'expected a list');
  const execs = new Set<string>();
  r.executors.forEach((e, i) => {
    checkExecutor(e, `${p}.executors[${i}]`);
    need(!execs.has(e.id), `${p}.executors[${i}].id`, `duplicate executor id "${e.id.slice(0, 40)}"`);
    execs.add(e.id);
  });
  const attempts = r.attempts as unknown[];
  for (let i = 0; i < attempts.length; i++) checkAttempt(attempts[i], `${p}.attempts[${i}]`, execs);
  r.faults.forEach((f, i) => checkFault(f, `${p}.faults[${i}]`));
  ((r.batches as unknown[] | undefined) ?? []).forEach((b, i) => checkBatch(b, `${p}.batches[${i}]`));
  need(r.queryBatches === undefined || Array.isArray(r.queryBatches), `${p}.queryBatches`, 'expected a list');
  ((r.queryBatches as unknown[] | undefined) ?? []).forEach((b, i) => checkQueryBatch(b, `${p}.queryBatches[${i}]`));
}

function checkQueryBatch(b: unknown, p: string): void {
  need(isObj(b), p, 'expected an object');
  need(isStr(b.query), `${p}.query`, 'expected a string');
  for (const k of ['batchId', 'triggerAt', 'submittedAt', 'records', 'stateReloads', 'interval'] as const) need(isNum(b[k]), `${p}.${k}`, 'expected a number');
  for (const k of ['endedAt', 'durationMs'] as const) need(isNumOrNull(b[k]), `${p}.${k}`, 'expected a number or null');
}

/** `null` when `x` is a valid host message, else a one-line description of the first problem. */
export function validateHostMessage(x: unknown): string | null {
  try {
    need(isObj(x), 'message', 'expected an object');
    if (x.type === 'theme') return null;
    if (x.type === 'failed' || x.type === 'stale') {
      need(isStr(x.message), 'message.message', 'expected a string');
      return null;
    }
    need(x.type === 'show', 'message.type', `unknown message type ${JSON.stringify(x.type)?.slice(0, 40) ?? 'undefined'}`);
    need(isStr(x.id), 'message.id', 'expected a string');
    need(isStr(x.title), 'message.title', 'expected a string');
    need(isStr(x.sourceName), 'message.sourceName', 'expected a string');
    need(x.real === undefined || isBool(x.real), 'message.real', 'expected a boolean');
    need(x.focusFault === undefined || (isNum(x.focusFault) && Number.isInteger(x.focusFault)),
      'message.focusFault', 'expected an integer');
    checkResult(x.primary, 'primary');
    if (x.comparison !== undefined) checkResult(x.comparison, 'comparison');
    return null;
  } catch (e) {
    if (e instanceof Invalid) return e.message;
    return `message: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function isHostMessage(x: unknown): x is HostMessage {
  return validateHostMessage(x) === null;
}

/** For the host: checks what the webview sends before acting on it. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready': return true;
    case 'revealTask': return isStr(x.task) && (x.attempt === undefined || isNum(x.attempt))
      && (x.id === undefined || isStr(x.id));
    case 'export': return (x.format === 'png' || x.format === 'svg') && (x.encoding === 'utf8' || x.encoding === 'base64')
      && isStr(x.data) && isStr(x.suggestedName);
    case 'requestComparison': return isStr(x.id) && (x.policy === 'spark' || x.policy === 'reserved-slots');
    case 'error': return isStr(x.message);
    default: return false;
  }
}
