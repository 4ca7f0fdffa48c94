// Durations as people read them in messages: "160 ms", "1.25 s", "2 min 5 s".
export function fmtMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(3)} s`;
  // round the whole before splitting it: 179.7 s is "3 min", not "2 min 60 s"
  const secs = Math.round(ms / 1000);
  if (secs >= 3600) {
    const mins = Math.round(ms / 60_000);
    const h = Math.floor(mins / 60), min = mins % 60;
    return min ? `${h} h ${min} min` : `${h} h`;
  }
  const m = Math.floor(secs / 60), s = secs % 60;
  return s ? `${m} min ${s} s` : `${m} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "executor 1", "executors 1 and 3", "executors 1, 2 and 3" */
export function executorList(ids: string[]): string {
  if (ids.length === 1) return `executor ${ids[0]}`;
  return `executors ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/** Executor ids in numeric order: "2" before "10". */
export function byId(a: string, b: string): number {
  return (idOrder ??= new Intl.Collator('en', { numeric: true })).compare(a, b);
}

/**
 * (the order of localeCompare(b, 'en', { numeric: true }), which makes a collator per call: 4 % of a
 * CLI sweep; made at the first use: making it loads ICU's locale data, 68 M instructions, about
 * 10 ms, at every command's start otherwise, issue #17)
 */
let idOrder: Intl.Collator | undefined;

/** What a stall message tells: the fault, the wait, where the data is, and what a reservation saves. */
export interface StallStory {
  executor: string;
  kind: 'crash' | 'hang' | 'node' | 'decommission';
  at: number;
  /** re-run tasks that waited longer than the threshold */
  waitedTasks: number;
  /** of those, stateful query partitions whose state store was on the executor (spec "queries") */
  orphans?: number;
  localityWait: number;
  recoveryLatency: number;
  lowerBoundMs: number;
  /** hosts of the live executors that hold the lost tasks' data (empty: none does) */
  holderHosts: string[];
  /** the setting behind the wait, as written in the message: "spark.locality.wait = 3 s" */
  waitSetting: string;
  /** recovery with one reserved slot on these executors (empty: on any executor), when it is shorter */
  reserved?: { latency: number; executors: string[] };
}

/**
 * One wording for every stall, in the file's faults and in the sweep:
 * "If executor 2 fails at 1.25 s, 1 re-run task waits 160 ms for a slot on node1
 * (spark.locality.wait = 3 s) while a slot is free elsewhere; with 1 reserved slot on executor 1
 * recovery takes 250 ms instead of 410 ms (-39%; lower bound 250 ms)."
 */
export function stallMessage(s: StallStory): string {
  const n = s.waitedTasks;
  const o = s.orphans ?? 0;
  const who = o === 0 ? plural(n, 're-run task')
    : o === n ? `${plural(n, 'stateful partition')} whose state ${n === 1 ? 'store was' : 'stores were'} there`
    : `${plural(n, 're-run task')} (${o} of them stateful partitions whose state store was there)`;
  const waits = `${who} ${n === 1 ? 'waits' : 'wait up to'} ${fmtMs(s.localityWait)}`;
  let text = `If executor ${s.executor} ${s.kind === 'hang' ? 'hangs' : 'fails'} at ${fmtMs(s.at)}, ` + (o > 0
    // spec "queries": the StateStoreCoordinator keeps the dead executor as the stores' location
    ? `${waits} in the next batch with a slot free elsewhere: the StateStoreCoordinator keeps the dead executor as the location, ` +
      `so the task set waits the process and node levels before ANY (${s.waitSetting}); `
    : s.holderHosts.length > 0
    ? `${waits} for a slot on ${[...s.holderHosts].sort(byId).join(', ')} (${s.waitSetting}) while a slot is free elsewhere; `
    // no live executor has the data: the wait cannot bring locality back, it only runs out
    : `${waits} with a slot free elsewhere, for the locality wait to run out (${s.waitSetting}), although ${n === 1 ? 'its' : 'their'} data was lost with the executor; `);
  if (s.reserved && s.reserved.latency < s.recoveryLatency) {
    const on = s.reserved.executors.length > 0 ? executorList([...s.reserved.executors].sort(byId)) : 'any executor';
    const gain = Math.round((1 - s.reserved.latency / s.recoveryLatency) * 100);
    text += `with 1 reserved slot on ${on} recovery takes ${fmtMs(s.reserved.latency)} instead of ${fmtMs(s.recoveryLatency)} ` +
      `(-${gain}%; lower bound ${fmtMs(s.lowerBoundMs)}).`;
  } else {
    text += `recovery takes ${fmtMs(s.recoveryLatency)} (lower bound ${fmtMs(s.lowerBoundMs)}).`;
  }
  return text;
}

/** "spark.locality.wait = 3 s", or the per-level key when the file sets it. */
export function waitSetting(conf: { localityWait: { node: number }; raw: Record<string, string> }): string {
  const key = conf.raw['spark.locality.wait.node'] !== undefined ? 'spark.locality.wait.node' : 'spark.locality.wait';
  return `${key} = ${fmtMs(conf.localityWait.node)}`;
}

/**
 * "speculation: 2 stopped tasks, 2 rescued by copies (2 launched), all done at 8.505 s (3.505 s
 * after the fault)" (the fault's `speculation` outcome, for the CLI summary and the fault hover).
 */
export function speculationLine(f: { at: number; speculation?: { stoppedTasks: string[]; rescued: string[]; copies: number; doneAt: number | null } }): string | undefined {
  const s = f.speculation;
  if (!s || s.stoppedTasks.length === 0) return undefined;
  const done = s.doneAt === null ? 'not all of them done' : `all done at ${fmtMs(s.doneAt)} (${fmtMs(s.doneAt - f.at)} after the fault)`;
  return `speculation: ${plural(s.stoppedTasks.length, 'stopped task')}, ${s.rescued.length} rescued by copies ` +
    `(${plural(s.copies, 'copy', 'copies')} launched), ${done}`;
}
