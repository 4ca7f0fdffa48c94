// Hover contents as Markdown, from the text, an offset and what the last simulation found.
// Conf keys from the format's confKeys table, format keys from formatKeys, executors with their
// slots and fault costs, tasks with the locality of their attempts, values normalised.
import type { JobFile } from '../../format';
import { confKeyInfo, confKeyMarkdown } from '../../format/confKeys';
import { formatKeyInfo } from '../../format/formatKeys';
import { parseSizeBytes, parseTimeMs, type SizeUnit, type TimeUnit } from '../../format/values';
import type { SimulationResult } from '../../engine';
import { keyNodeAt } from './keyTree';
import { fmtBandwidth, fmtBytes, fmtMs, plural } from './units';
import { locate, type YamlPath } from './yamlPath';
import type { SweepSummary } from './sweepTypes';

export interface HoverContext {
  model?: JobFile;
  sim?: SimulationResult;
  /** the simulation had this many attempts; `sim` keeps only the re-runs and lost ones */
  attemptsTotal?: number;
  sweep?: SweepSummary;
}

export interface HoverResult {
  markdown: string;
  range: { start: number; end: number };
}

export function hoverText(text: string, offset: number, ctx: HoverContext = {}): HoverResult | undefined {
  const at = locate(text, offset);
  if (!at || at.on === 'collection') return confWordHover(text, offset);
  const { path } = at;
  const sections: string[] = [];
  if (path[0] === 'conf' && path.length === 2) {
    sections.push(...confHover(String(path[1]), at.on === 'value' ? unquote(at.text ?? '') : undefined));
  } else {
    if (at.on === 'value') {
      const v = valueHover(path, unquote(at.text ?? '')) ?? locationHover(path, unquote(at.text ?? ''), ctx.model);
      if (v) sections.push(v);
    }
    if (at.on === 'key') {
      const k = keyHover(path);
      if (k) sections.push(k);
    }
    const e = executorHover(path, ctx);
    if (e) sections.push(e);
    const t = taskHover(path, ctx) ?? streamingHover(path, ctx);
    if (t) sections.push(t);
  }
  if (!sections.length) return confWordHover(text, offset);
  return { markdown: sections.join('\n\n---\n\n'), range: at.range };
}

/** A known `spark.*` key anywhere else (a comment, a message): its documentation. */
function confWordHover(text: string, offset: number): HoverResult | undefined {
  const isWord = (c: string | undefined) => !!c && /[A-Za-z0-9_.]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  const word = text.slice(start, end).replace(/\.+$/, '');
  const info = /^spark\./.test(word) ? confKeyInfo(word) : undefined;
  return info ? { markdown: confKeyMarkdown(info), range: { start, end: start + word.length } } : undefined;
}

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/s, '$2');

function confHover(key: string, value: string | undefined): string[] {
  const info = confKeyInfo(key);
  const out: string[] = [];
  if (value !== undefined && info && (info.type === 'time' || info.type === 'size')) {
    const n = normalise(info.type === 'time' ? 'duration' : 'size', value, info.unit);
    if (n) out.push(n);
  }
  out.push(info ? confKeyMarkdown(info) : `**${key}**: not a key the simulator knows; kept as written (Spark accepts any key silently).`);
  return out;
}

function keyHover(path: YamlPath): string | undefined {
  const info = formatKeyInfo(path);
  if (info) {
    const lines = [`**${info.key}**: ${info.type}${info.required ? ' (required)' : ''}`, '', capital(info.doc)];
    if (info.values) lines.push('', `Values: ${info.values.map((v) => `\`${v}\``).join(', ')}`);
    if (info.default !== undefined) lines.push('', `Default: \`${info.default}\``);
    return lines.join('\n');
  }
  const node = keyNodeAt(path);
  if (!node) return undefined;
  const lines = [`**${path[path.length - 1]}**`, '', node.doc];
  if (node.values) lines.push('', `Values: ${node.values.map((v) => `\`${v}\``).join(', ')}`);
  return lines.join('\n');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The kind of value at a path: from formatKeys' type, else the completion tree. */
function valueKind(path: YamlPath): 'duration' | 'size' | 'bandwidth' | undefined {
  const last = path[path.length - 1];
  if (last === 'bandwidth' || last === 'rackBandwidth') return 'bandwidth';
  const info = formatKeyInfo(path);
  const type = info?.type ?? keyNodeAt(path)?.value;
  if (!type) return undefined;
  if (/^duration/.test(type)) return 'duration';
  if (/^size/.test(type)) return 'size';
  return undefined;
}

function valueHover(path: YamlPath, value: string): string | undefined {
  const kind = valueKind(path);
  return kind ? normalise(kind, value) : undefined;
}

/** A preferred location: which executors it names and at which locality level. */
function locationHover(path: YamlPath, value: string, model: JobFile | undefined): string | undefined {
  if (!path.includes('prefer') || !model) return undefined;
  const m = /^(exec|host|rack):(.*)$/.exec(value);
  if (!m) return undefined;
  const [, kind, name] = m;
  const ex = model.cluster.executors;
  const ids = (list: typeof ex) => list.map((e) => e.id).join(', ');
  if (kind === 'exec') {
    const e = ex.find((x) => x.id === name);
    if (!e) return `No executor "${name}" in \`cluster.executors\`: this preference never matches.`;
    const same = ex.filter((x) => x.host === e.host && x.id !== e.id);
    return `The block is in executor ${e.id}'s memory: **PROCESS_LOCAL** on executor ${e.id}, **NODE_LOCAL** on ${e.host}`
      + `${same.length ? ` (executors ${ids(same)})` : ''}${e.rack ? `, **RACK_LOCAL** in ${e.rack}` : ''}.`;
  }
  if (kind === 'host') {
    const on = ex.filter((x) => x.host === name);
    if (!on.length) return `No executor on host "${name}": this preference never matches.`;
    return `**NODE_LOCAL** on ${name} (executor${on.length === 1 ? '' : 's'} ${ids(on)})${on[0].rack ? `, **RACK_LOCAL** in ${on[0].rack}` : ''}.`;
  }
  const on = ex.filter((x) => x.rack === name);
  if (!on.length) return `No executor in rack "${name}": this preference never matches.`;
  return `**RACK_LOCAL** in ${name} (executor${on.length === 1 ? '' : 's'} ${ids(on)}).`;
}

/** `1500 ms`, `64 MiB = 67108864 bytes`, or the parse error. */
export function normalise(kind: 'duration' | 'size' | 'bandwidth', value: string, unit?: TimeUnit | SizeUnit): string | undefined {
  if (kind === 'duration') {
    const r = parseTimeMs(value, unit as TimeUnit | undefined);
    if (!r.ok) return `*${r.message}*`;
    return r.value >= 1000 ? `**${r.value} ms** (${fmtMs(r.value)})` : `**${r.value} ms**`;
  }
  const r = parseSizeBytes(value, unit as SizeUnit | undefined);
  if (!r.ok) return `*${r.message}*`;
  return `**${kind === 'bandwidth' ? fmtBandwidth(r.value) : fmtBytes(r.value)}**`;
}

function executorHover(path: YamlPath, ctx: HoverContext): string | undefined {
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
    `**Executor ${e.id}** on ${e.host}${e.rack ? ` (rack ${e.rack})` : ''}${e.joinAt ? `, joins at ${fmtMs(e.joinAt)}` : ''}`,
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

function taskHover(path: YamlPath, ctx: HoverContext): string | undefined {
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
        ? `**${task}**: not lost in a fault (the editor keeps the re-runs of the last simulation's ${ctx.attemptsTotal} attempts; Open Timeline shows all).`
        : `**${task}**: not run in the last simulation.`;
    }
    const rows = attempts.map((a) => `- attempt ${a.attempt}${a.recovery ? ' (re-run)' : ''}: executor ${a.executor} (${a.host}), `
      + `**${a.locality}**, ${a.launch}–${a.end} ms, ${a.status}${a.reservedSlot ? ', reserved slot' : ''}`
      + `${a.localityWait ? `, waited ${fmtMs(a.localityWait)} for a local slot` : ''}`);
    return [`**${task}** in the last simulation:`, '', ...rows].join('\n');
  }
  const attempts = ctx.sim.attempts.filter((a) => a.stage === stageId);
  if (!attempts.length) return undefined;
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.locality, (counts.get(a.locality) ?? 0) + 1);
  const reruns = attempts.filter((a) => a.recovery).length;
  return `**${stageId}** in the last simulation: ${plural(attempts.length, 'attempt')} — `
    + [...counts].map(([l, n]) => `${l} ${n}`).join(', ') + (reruns ? `; ${plural(reruns, 're-run')}` : '');
}

/** Locality levels as `NODE_LOCAL 40, ANY 6`, and the re-runs, of some attempts. */
function localitySummary(attempts: SimulationResult['attempts']): string {
  const counts = new Map<string, number>();
  for (const a of attempts) counts.set(a.locality, (counts.get(a.locality) ?? 0) + 1);
  const reruns = attempts.filter((a) => a.recovery).length;
  return [...counts].map(([l, n]) => `${l} ${n}`).join(', ') + (reruns ? `; ${plural(reruns, 're-run')}` : '');
}

/** A streaming output stage (over every batch) or a receiver, in the last simulation. */
function streamingHover(path: YamlPath, ctx: HoverContext): string | undefined {
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
    return `**${output.name}/${stage.name}** in the last simulation: ${plural(attempts.length, 'attempt')} over ${plural(batches, 'batch', 'batches')} — ${localitySummary(attempts)}`;
  }
  if (path[1] === 'inputs' && typeof path[2] === 'number') {
    const input = s.inputs[path[2]];
    if (!input || input.kind !== 'receiver') return undefined;
    const runs = ctx.sim.attempts.filter((a) => a.task === `receiver:${input.name}`);
    if (!runs.length) return undefined;
    const rows = runs.map((a) => `- attempt ${a.attempt}: executor ${a.executor} (${a.host}), from ${fmtMs(a.launch)}, ${a.status}`);
    return [`**receiver:${input.name}** in the last simulation (a long-running task holding one slot):`, '', ...rows].join('\n');
  }
  return undefined;
}
