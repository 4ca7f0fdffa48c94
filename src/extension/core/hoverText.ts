// Hover contents as Markdown, from the text, an offset and what the last simulation found.
// Conf keys from the format's confKeys table, format keys from formatKeys, executors with their
// slots and fault costs, tasks with the locality of their attempts, values normalised.
import type { JobFile } from '../../format';
import { confKeyInfo, confKeyMarkdown } from '../../format/confKeys';
import { formatKeyInfo } from '../../format/formatKeys';
import { parseSizeBytes, parseTimeMs, type SizeUnit, type TimeUnit } from '../../format/values';
import { executorHover, faultHover, streamingHover, taskHover, type HoverContext } from './hoverResults';
import { fmtMs } from '../../engine/analysis/format';
import { fmtBandwidth, fmtBytes } from './units';
import { isLargeText } from './limits';
import { md } from './markdown';
import { locate, type YamlPath } from './yamlPath';

export type { HoverContext } from './hoverResults';

export interface HoverResult {
  markdown: string;
  range: { start: number; end: number };
}

export function hoverText(text: string, offset: number, ctx: HoverContext = {}): HoverResult | undefined {
  // a huge file is not parsed again on the extension host for a hover
  if (isLargeText(text)) return confWordHover(text, offset);
  const at = locate(text, offset);
  if (!at || at.on === 'collection') return confWordHover(text, offset);
  const { path } = at;
  const sections: string[] = [];
  if (path[0] === 'conf' && path.length === 2) {
    sections.push(...confHover(String(path[1]), at.on === 'value' ? unquote(at.text ?? '') : undefined));
  } else {
    if (at.on === 'value') {
      const v = valueHover(path, unquote(at.text ?? ''), ctx.model) ?? locationHover(path, unquote(at.text ?? ''), ctx.model);
      if (v) sections.push(v);
    }
    if (at.on === 'key') {
      const k = keyHover(path);
      if (k) sections.push(k);
    }
    const e = executorHover(path, ctx) ?? faultHover(path, ctx);
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
  out.push(info ? confKeyMarkdown(info) : `**${md(key)}**: not a key the simulator knows; kept as written (Spark accepts any key silently).`);
  return out;
}

/** How Spark's RDDs report preferred locations, for writing `prefer` (fidelity audit F8, F17). */
const PREFER_RULES = [
  'Writing it for a real RDD (Spark 3.5, rdd/*.scala):',
  '- cached data: the live `exec:` replicas only; the input\'s own hosts count only when no cached copy is alive',
  '- `union`: each partition keeps its parent partition\'s hosts (the parent\'s own, not its cache)',
  '- `zip` (ZippedPartitionsRDD): the hosts all parents share, else all of them',
  '- `coalesce`: one host per coalesced partition',
  '- HDFS / Hadoop splits: the block\'s hosts; an object store (S3...) reports `localhost`, dropped: no preference',
  '- YARN puts every host in `/default-rack` unless a topology script is set: add `rack:` to match it',
].join('\n');

function keyHover(path: YamlPath): string | undefined {
  const info = formatKeyInfo(path);
  if (info) {
    const lines = [`**${info.key}**: ${info.type}${info.required ? ' (required)' : ''}`, '', capital(info.doc)];
    if (info.values) lines.push('', `Values: ${info.values.map((v) => `\`${v}\``).join(', ')}`);
    if (info.default !== undefined) lines.push('', `Default: \`${info.default}\``);
    if (path[path.length - 1] === 'prefer') lines.push('', PREFER_RULES);
    return lines.join('\n');
  }
  return undefined;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The kind of value at a path, from the format's key table. */
function valueKind(path: YamlPath): 'duration' | 'size' | 'bandwidth' | undefined {
  const last = path[path.length - 1];
  if (last === 'bandwidth' || last === 'rackBandwidth') return 'bandwidth';
  const type = formatKeyInfo(path)?.type;
  if (!type) return undefined;
  if (/^duration/.test(type)) return 'duration';
  if (/^size/.test(type)) return 'size';
  return undefined;
}

function valueHover(path: YamlPath, value: string, model?: JobFile): string | undefined {
  const kind = valueKind(path);
  if (kind === 'duration' && isMicroKey(path)) return microHover(path, value, model);
  return kind ? normalise(kind, value) : undefined;
}

/** A streaming stage's `costPerRecord` and `fixed`: read in microseconds, not floored to milliseconds. */
const isMicroKey = (path: YamlPath) => path[0] === 'streaming' && path[1] === 'outputs' && path[3] === 'stages'
  && (path[5] === 'costPerRecord' || path[5] === 'fixed');

/** `50us`: the value in its unit, and what it makes of one task of the stage's input. */
function microHover(path: YamlPath, value: string, model: JobFile | undefined): string | undefined {
  const m = /^\s*(\d+)\s*us\s*$/i.exec(value);
  const head = m ? `**${Number(m[1])} µs** (${+(Number(m[1]) / 1000).toFixed(3)} ms)` : normalise('duration', value);
  const stage = model?.streaming?.outputs[Number(path[2])]?.stages[Number(path[4])];
  const input = stage?.input !== undefined ? model?.streaming?.inputs.find((i) => i.name === stage.input) : undefined;
  if (!model?.streaming || !stage || !input) return head;
  // records per task as the engine cuts them: one block per blockInterval (receiver), one partition per batch (Kafka)
  const records = input.kind === 'receiver'
    ? input.recordsPerSecond * model.conf.blockInterval / 1000
    : input.recordsPerSecond * model.streaming.batchInterval / 1000 / input.partitions;
  const taskUs = stage.fixedUs + records * stage.costPerRecordUs;
  const per = input.kind === 'receiver' ? `a block (${fmtCount(records)} records in ${fmtMs(model.conf.blockInterval)} at ${fmtCount(input.recordsPerSecond)}/s)`
    : `a partition (${fmtCount(records)} records per batch of ${fmtMs(model.streaming.batchInterval)})`;
  return `${head}\n\nPer task of \`${md(input.name)}\`: ${per} takes about ${fmtUs(taskUs)} `
    + `(${fmtUs(stage.fixedUs)} fixed + records x ${fmtUs(stage.costPerRecordUs)}; the simulator rounds each task up to whole ms).`;
}

const fmtCount = (n: number) => (Number.isInteger(n) ? n : +n.toFixed(1)).toLocaleString('en-US');
/** Microseconds as `50 µs`, `1.5 ms`, `2.5 s`. */
function fmtUs(us: number): string {
  return us < 1000 ? `${+us.toFixed(1)} µs` : fmtMs(us / 1000);
}

/** A preferred location: which executors it names and at which locality level. */
function locationHover(path: YamlPath, value: string, model: JobFile | undefined): string | undefined {
  if (!path.includes('prefer') || !model) return undefined;
  const m = /^(exec|host|rack):(.*)$/.exec(value);
  if (!m) return undefined;
  const [, kind, name] = m;
  const ex = model.cluster.executors;
  const ids = (list: typeof ex) => list.map((e) => md(e.id)).join(', ');
  if (kind === 'exec') {
    const e = ex.find((x) => x.id === name);
    if (!e) return `No executor "${md(name)}" in \`cluster.executors\`: this preference never matches.`;
    const same = ex.filter((x) => x.host === e.host && x.id !== e.id);
    return `The block is in executor ${md(e.id)}'s memory: **PROCESS_LOCAL** on executor ${md(e.id)}, **NODE_LOCAL** on ${md(e.host)}`
      + `${same.length ? ` (executors ${ids(same)})` : ''}${e.rack ? `, **RACK_LOCAL** in ${md(e.rack)}` : ''}.`;
  }
  if (kind === 'host') {
    const on = ex.filter((x) => x.host === name);
    if (!on.length) return `No executor on host "${md(name)}": this preference never matches.`;
    return `**NODE_LOCAL** on ${md(name)} (executor${on.length === 1 ? '' : 's'} ${ids(on)})${on[0].rack ? `, **RACK_LOCAL** in ${md(on[0].rack)}` : ''}.`;
  }
  const on = ex.filter((x) => x.rack === name);
  if (!on.length) return `No executor in rack "${md(name)}": this preference never matches.`;
  return `**RACK_LOCAL** in ${md(name)} (executor${on.length === 1 ? '' : 's'} ${ids(on)}).`;
}

/** `1500 ms`, `64 MiB = 67108864 bytes`, or the parse error. */
export function normalise(kind: 'duration' | 'size' | 'bandwidth', value: string, unit?: TimeUnit | SizeUnit): string | undefined {
  if (kind === 'duration') {
    const r = parseTimeMs(value, unit as TimeUnit | undefined);
    if (!r.ok) return `*${md(r.message)}*`;
    return r.value >= 1000 ? `**${r.value} ms** (${fmtMs(r.value)})` : `**${r.value} ms**`;
  }
  const r = parseSizeBytes(value, unit as SizeUnit | undefined);
  if (!r.ok) return `*${md(r.message)}*`;
  return `**${kind === 'bandwidth' ? fmtBandwidth(r.value) : fmtBytes(r.value)}**`;
}
