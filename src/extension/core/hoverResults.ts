// Hover sections about what the last simulation (and sweep) made of an entry of the file: an
// executor's slots and fault costs, a task's attempts and their locality, a streaming stage or
// receiver, a fault's detection and recovery. Plain Markdown from plain data.
import type { JobFile } from '../../format';
import type { SimulationResult } from '../../engine';
import { decommissionExit, reducerPrefsText } from '../../engine/result';
import type { SweepSummary } from './sweepTypes';
import { fmtMs, plural, speculationLine } from '../../engine/analysis/format';
import type { YamlPath } from './yamlPath';
import { md } from './markdown';

export interface HoverContext {
  model?: JobFile;
  sim?: SimulationResult;
  /** the simulation had this many attempts; `sim` keeps only the re-runs and lost ones */
  attemptsTotal?: number;
  sweep?: SweepSummary;
}

export function executorHover(path: YamlPath, ctx: HoverContext): string | undefined {
  if (path[0] !== 'cluster' || path[1] !== 'executors' || !ctx.model) return undefined;
  const model = ctx.model;
  const cpus = model.conf.taskCpus;
  if (typeof path[2] !== 'number') {
    if (path.length > 3 || (path.length === 3 && typeof path[2] === 'string' && !['count', 'cores', 'hostsPerRack'].includes(path[2]))) return undefined;
    const ex = model.cluster.executors;
    const slots = ex.reduce((n, e) => n + Math.floor(e.cores / cpus), 0);
    return `**${plural(ex.length, 'executor')}**, ${plural(slots, 'slot')} in all (slots = floor(cores / spark.task.cpus ${cpus}))`;
  }
  const e = model.cluster.executors[path[2]];
  if (!e) return undefined;
  const slots = Math.floor(e.cores / cpus);
  const lines = [
    `**Executor ${md(e.id)}** on ${md(e.host)}${e.rack ? ` (rack ${md(e.rack)})` : ''}${e.joinAt ? `, joins at ${fmtMs(e.joinAt)}` : ''}`,
    '',
    `${plural(slots, 'slot')} = floor(${e.cores} cores / spark.task.cpus ${cpus})`,
  ];
  const reserved = model.recovery.reservedSlots.perExecutor[e.id] ?? model.recovery.reservedSlots.all;
  if (reserved) lines[2] += `, plus ${plural(reserved, 'reserved slot')} for re-runs under \`policy: reserved-slots\``;
  for (const f of ctx.sim?.faults.filter((x) => x.executor === e.id) ?? []) {
    lines.push('', `Last simulation: a ${f.kind} at ${fmtMs(f.at)} loses ${plural(f.lostTasks.length, 'task')}; `
      + (f.recoveryLatency === null ? 'they never finish' : `recovery takes ${fmtMs(f.recoveryLatency)}`)
      + ` (lower bound ${fmtMs(f.lowerBoundMs)}${f.localityWait ? `, waiting ${fmtMs(f.localityWait)} for a local slot` : ''}).`);
  }
  const sweep = ctx.sweep?.findings.filter((f) => f.executor === e.id) ?? [];
  if (sweep.length) {
    const worstRec = Math.max(...sweep.map((f) => f.recoveryMs ?? 0));
    const stalls = sweep.filter((f) => f.stalled);
    const worst = stalls.reduce<typeof stalls[number] | undefined>((a, b) => (!a || b.stallMs > a.stallMs ? b : a), undefined);
    lines.push('', `Fault sweep (${plural(sweep.length, 'fault')} on this executor): worst recovery ${fmtMs(worstRec)}; `
      + (worst ? `${plural(stalls.length, 'moment')} stall, worst ${fmtMs(worst.stallMs)} at ${fmtMs(worst.faultAt)}`
        + `${worst.withReservedSlotMs !== null ? ` (with a reserved slot: recovery ${fmtMs(worst.withReservedSlotMs)})` : ''}.` : 'no stall.'));
  }
  return lines.join('\n');
}

export function taskHover(path: YamlPath, ctx: HoverContext): string | undefined {
  if (path[0] !== 'jobs' || typeof path[1] !== 'number' || path[2] !== 'stages' || typeof path[3] !== 'number' || path[4] !== 'tasks') return undefined;
  const job = ctx.model?.jobs[path[1]];
  const stage = job?.stages[path[3]];
  if (!job || !stage || !ctx.sim) return undefined;
  const stageId = `${job.name}/${stage.name}`;
  if (typeof path[5] === 'number') {
    const task = `${stageId}/${path[5]}`;
    const attempts = ctx.sim.attempts.filter((a) => a.task === task);
    if (!attempts.length) {
      return ctx.attemptsTotal !== undefined
        ? `**${md(task)}**: not lost in a fault (the editor keeps the re-runs of the last simulation's ${ctx.attemptsTotal} attempts; Open Timeline shows all).`
        : `**${md(task)}**: not run in the last simulation.`;
    }
    const rows = attempts.map((a) => `- attempt ${a.attempt}${a.stageAttempt ? ` of stage attempt ${a.stageAttempt}` : ''}${a.recovery ? ' (re-run)' : ''}: executor ${md(a.executor)} (${md(a.host)}), `
      + `**${a.locality}**, ${a.launch}–${a.end} ms, ${a.status}${a.reservedSlot ? ', reserved slot' : ''}`
      + `${a.localityWait ? `, waited ${fmtMs(a.localityWait)} for a local slot` : ''}`
      + `${a.reducerPrefs ? `; preferred ${md(reducerPrefsText(a.reducerPrefs))}` : ''}`);
    return [`**${md(task)}** in the last simulation:`, '', ...rows].join('\n');
  }
  const attempts = ctx.sim.attempts.filter((a) => a.stage === stageId);
  if (!attempts.length) return undefined;
  return `**${md(stageId)}** in the last simulation: ${plural(attempts.length, 'attempt')} — ${localitySummary(attempts)}`
    + reducerSummary(attempts);
}

/**
 * Why a stage's tasks preferred the hosts they did (reduce-side locality), one line per distinct
 * reason: "- node1: executor 1 holds 100 % of its map output (task set of 400 ms)".
 */
export function reducerSummary(attempts: SimulationResult['attempts']): string {
  const sets = new Map<string, Set<number>>(); // reason -> creation times of the task sets it explains
  for (const a of attempts) {
    if (!a.reducerPrefs) continue;
    const text = reducerPrefsText(a.reducerPrefs);
    const at = sets.get(text) ?? new Set<number>();
    sets.set(text, at.add(a.reducerPrefs.at));
  }
  if (!sets.size) return '';
  const rows = [...sets].map(([text, at]) => `- ${md(text)} (${at.size === 1 ? `task set of ${fmtMs([...at][0])}` : plural(at.size, 'task set')})`);
  const shown = rows.length > 3 ? [...rows.slice(0, 3), `- ... ${plural(rows.length - 3, 'other reason')}`] : rows;
  return ['', '', 'Reduce-side locality (the hosts of the executors that hold >= 20 % of the map output are preferred, NODE_LOCAL):', ...shown].join('\n');
}

/** Locality levels as `NODE_LOCAL 40, ANY 6`, and the re-runs, of some attempts. */
export function localitySummary(attempts: SimulationResult['attempts']): string {
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.locality, (counts.get(a.locality) ?? 0) + 1);
  const reruns = attempts.filter((a) => a.recovery).length;
  return [...counts].map(([l, n]) => `${l} ${n}`).join(', ') + (reruns ? `; ${plural(reruns, 're-run')}` : '');
}

/** A streaming output stage (over every batch) or a receiver, in the last simulation. */
export function streamingHover(path: YamlPath, ctx: HoverContext): string | undefined {
  const s = ctx.model?.streaming;
  if (path[0] !== 'streaming' || !s || !ctx.sim) return undefined;
  if (path[1] === 'outputs' && typeof path[2] === 'number' && path[3] === 'stages' && typeof path[4] === 'number') {
    const output = s.outputs[path[2]];
    const stage = output?.stages[path[4]];
    if (!stage) return undefined;
    const suffix = `/${stage.name}`;
    const attempts = ctx.sim.attempts.filter((a) => a.job.startsWith(`${output.name}@`) && a.stage.endsWith(suffix) && a.stage === `${a.job}${suffix}`);
    if (!attempts.length) return undefined;
    const batches = new Set(attempts.map((a) => a.batch)).size;
    return `**${md(`${output.name}/${stage.name}`)}** in the last simulation: ${plural(attempts.length, 'attempt')} over ${plural(batches, 'batch', 'batches')} — ${localitySummary(attempts)}`
      + reducerSummary(attempts);
  }
  if (path[1] === 'inputs' && typeof path[2] === 'number') {
    const input = s.inputs[path[2]];
    if (!input || input.kind !== 'receiver') return undefined;
    const runs = ctx.sim.attempts.filter((a) => a.task === `receiver:${input.name}`);
    if (!runs.length) return undefined;
    const rows = runs.map((a) => `- attempt ${a.attempt}: executor ${md(a.executor)} (${md(a.host)}), from ${fmtMs(a.launch)}, ${a.status}`);
    return [`**${md(`receiver:${input.name}`)}** in the last simulation (a long-running task holding one slot):`, '', ...rows].join('\n');
  }
  return undefined;
}

/** A fault of `faults:` in the last simulation: detection, what was lost, recovery and its floor. */
export function faultHover(path: YamlPath, ctx: HoverContext): string | undefined {
  if (path[0] !== 'faults' || typeof path[1] !== 'number' || !ctx.sim) return undefined;
  const f = ctx.sim.faults[path[1]];
  if (!f) return undefined;
  const what = f.kind === 'hang' ? 'hangs' : f.kind === 'node' ? 'goes down with its machine' : f.kind === 'decommission' ? 'gets a decommission notice' : 'crashes';
  const lines = [`**Executor ${md(f.executor)} ${what} at ${fmtMs(f.at)}** (last simulation, policy ${ctx.sim.policy})`, ''];
  const spec = speculationLine(f);
  if (f.detectedAt === null) {
    lines.push(spec ? `Not detected before the run ends; ${spec}.` : 'Never detected: the executor is not running then, or the run ends first.');
    return lines.join('\n');
  }
  // how the driver learnt of it depends on the kind and the cluster manager (README "Cluster managers")
  const how = f.kind === 'crash' ? 'when the loss reason arrived' : f.kind === 'hang' ? 'by the heartbeat timeout'
    : f.kind === 'decommission' ? 'when it exited or was killed' : 'by the Master\'s worker timeout or the heartbeat timeout';
  const d = f.decommission;
  if (d) {
    lines.push(`- ${decommissionExit(d, fmtMs)}`);
    if (d.exit !== 'ignored') lines.push(`- ${plural(d.migratedOutputs, 'map output')} migrated, ${plural(d.lostOutputs, 'output')} lost`);
  }
  if (f.disabledAt !== undefined) lines.push(`- disabled at ${fmtMs(f.disabledAt)} (the disconnect: no more offers, its shuffle outputs dropped)`);
  lines.push(`- tasks failed (detected) at ${fmtMs(f.detectedAt)}${f.detectedAt > f.at ? ` (${fmtMs(f.detectedAt - f.at)} later, ${how})` : ' (at once)'}`);
  lines.push(`- ${plural(f.lostTasks.length, 'task')} lost${f.lostTasks.length ? `: ${f.lostTasks.slice(0, 5).map(md).join(', ')}${f.lostTasks.length > 5 ? ', ...' : ''}` : ''}`);
  lines.push(`- recovery ${f.recoveryLatency === null ? 'never completes' : `takes ${fmtMs(f.recoveryLatency)}`} (lower bound ${fmtMs(f.lowerBoundMs)})`);
  if (f.localityWait > 0) lines.push(`- a re-run waited ${fmtMs(f.localityWait)} for a local slot while a slot was free${f.stalled ? ': **stalled**' : ''}`);
  if (spec) lines.push(`- ${spec}`);
  return lines.join('\n');
}
