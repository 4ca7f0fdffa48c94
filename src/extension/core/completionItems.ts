// Completion as plain data: keys at every level with their docs, `spark.*` keys with defaults,
// `exec:`/`host:`/`rack:` values from the file's own cluster, enum values. Keys, docs and values
// come from the format's tables (formatKeys, confKeys), the same ones the parser checks against.
// The glue maps these to vscode.CompletionItem.
import { isMap, isScalar, isSeq, type Node } from '../../format/yamlApi';
import type { JobFile } from '../../format';
import { templateExecutors } from '../../format/cluster';
import { CONF_KEYS, confKeyInfo, confKeyMarkdown } from '../../format/confKeys';
import { childKeys, formatKeyInfo, schemaPath, type FormatKeyInfo } from '../../format/formatKeys';
import { cursorContext, type CursorContext } from './lineContext';
import { isLargeText } from './limits';
import { nodeAt, parseYaml } from './yamlPath';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'conf' | 'value' | 'location';
  detail?: string;
  /** Markdown */
  documentation?: string;
  /** snippet syntax when `snippet` is true */
  insertText: string;
  snippet?: boolean;
  /** the text the entry replaces: the word typed so far, or the whole value being changed */
  replace: { start: number; end: number };
  sortText?: string;
  /** what the editor filters on when not the label (a value already written is replaced whole) */
  filterText?: string;
}

export interface CompletionContextData {
  /** the parsed model when the file parses (for the cluster's ids, hosts, racks) */
  model?: JobFile;
}

/** '*' -> 0 so formatKeys' schemaPath turns it into `[]`. */
const toModelPath = (p: string[]) => p.map((s) => (s === '*' ? 0 : s));

export function completionItems(text: string, offset: number, data: CompletionContextData = {}): CompletionEntry[] {
  const c = cursorContext(text, offset);
  const replace = { start: c.wordStart, end: offset };
  if (/^(exec|host|rack):/.test(c.word)) return locationItems(text, data, c, replace);
  if (c.mode === 'key') {
    const last = c.parent[c.parent.length - 1];
    const list = last === '*' ? formatKeyInfo(toModelPath(c.parent.slice(0, -1))) : undefined;
    // `- ` in a list of scalars (`prefer:`, `parents:`): a value
    if (list && /^list( of strings| \| replica rule)/.test(list.type)) {
      const item: CursorContext = { ...c, mode: 'value', key: c.parent[c.parent.length - 2], parent: c.parent.slice(0, -2), inSequence: true };
      return overValue(text, offset, item, (r) => valueItems(text, data, item, r));
    }
    if (c.parent.length === 1 && c.parent[0] === 'conf') return confKeyItems(c, replace);
    return keyItems(text, data, c, replace);
  }
  return overValue(text, offset, c, (r) => valueItems(text, data, c, r));
}

/**
 * Value items that replace the whole scalar around the cursor (`executor: "3"|` picking `"1"`
 * gives `executor: "1"`). When that scalar is already complete (a closed quote, or one of the
 * values), every value stays listed: the editor would otherwise filter them by the old value.
 */
function overValue(text: string, offset: number, c: CursorContext, items: (r: CompletionEntry['replace']) => CompletionEntry[]): CompletionEntry[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const span = scalarAround(line, valueFrom(line, offset - lineStart, !!c.flow), offset - lineStart, !!c.flow);
  if (!span) return items({ start: c.wordStart, end: offset });
  const replace = { start: lineStart + span[0], end: lineStart + span[1] };
  const out = items(replace);
  const typed = text.slice(replace.start, offset);
  const complete = /^(["']).*\1$/.test(typed) && typed.length > 1 || out.some((e) => e.insertText === typed);
  return complete ? out.map((e) => ({ ...e, filterText: `${typed}${e.label}` })) : out;
}

/** Column where the value around `col` may start: after `key:` on a block line, after the last `[`, `{`, `,` or `: ` in a flow one. */
function valueFrom(line: string, col: number, flow: boolean): number {
  let from = 0;
  let quote: string | undefined;
  for (let i = 0; i < col; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || line[i - 1] === ' ')) break;
    else if (ch === ':' && (line[i + 1] === ' ' || i + 1 === line.length)) from = i + 1;
    else if (flow && (ch === ',' || ch === '[' || ch === '{')) from = i + 1;
    else if (!flow && ch === '-' && line[i + 1] === ' ' && line.slice(0, i).trim() === '') from = i + 1;
  }
  return from;
}

/** `[start, end)` of the scalar that starts at or after `from` when `col` is inside it or at its end. */
function scalarAround(line: string, from: number, col: number, flow: boolean): [number, number] | undefined {
  let start = from;
  while (line[start] === ' ') start++;
  if (col < start) return undefined;
  let end: number;
  const q = line[start];
  if (q === '"' || q === "'") {
    const close = line.indexOf(q, start + 1);
    end = close < 0 ? line.length : close + 1;
  } else {
    const m = (flow ? /\s+#|[,\]}]/ : /\s+#/).exec(line.slice(start));
    end = m ? start + m.index : line.length;
  }
  while (end > start && line[end - 1] === ' ') end--;
  return col <= end ? [start, end] : undefined;
}

function confKeyItems(c: CursorContext, replace: CompletionEntry['replace']): CompletionEntry[] {
  return CONF_KEYS.filter((k) => !c.siblings.includes(k.key)).map((k) => {
    const literal = !k.default.includes(' ') && !k.default.startsWith('spark.') && !k.default.startsWith('(');
    return {
      label: k.key,
      kind: 'conf',
      detail: `default ${k.default}${k.simulated ? '' : ' (not simulated)'}`,
      documentation: confKeyMarkdown(k),
      insertText: literal ? `${k.key}: \${1:${k.default}}` : `${k.key}: $1`,
      snippet: true,
      replace,
      sortText: `${k.simulated ? 'a' : 'b'}${k.key}`,
    };
  });
}

function keyItems(text: string, data: CompletionContextData, c: CursorContext, replace: CompletionEntry['replace']): CompletionEntry[] {
  if (c.parent.join('.') === 'recovery.reservedSlots') {
    return [...executorIds(text, data).map((id) => JSON.stringify(id)), 'all'].filter((k) => !c.siblings.includes(k.replace(/"/g, '')))
      .map((k) => ({ label: k, kind: 'key' as const, detail: k === 'all' ? 'every executor without its own entry' : 'reserved slots on this executor',
        insertText: `${k}: \${1:1}`, snippet: true, replace }));
  }
  const out = new Map<string, CompletionEntry>();
  const modelParent = toModelPath(c.parent);
  const kind = c.parent.join('.') === 'streaming.inputs.*' ? c.siblingValues?.kind : undefined;
  for (const info of childKeys(schemaPath(modelParent))) {
    if (c.siblings.includes(info.key)) continue;
    // an input's keys for the other kind only draw an "unknown for this kind" diagnostic
    if (kind && /^(receiver|kafka-direct)\b/.test(info.doc) && !info.doc.startsWith(kind)) continue;
    const container = /^(mapping|list)/.test(info.type) || info.type === 'list | template' || info.type === 'list | count form';
    out.set(info.key, {
      label: info.key,
      kind: 'key',
      detail: info.type + (info.required ? ' (required)' : ''),
      documentation: info.doc + (info.default !== undefined ? `\n\nDefault: \`${info.default}\`` : ''),
      insertText: keyInsert(c, info.key, container ? undefined : valueSnippet(text, data, c, info), container && /^list/.test(info.type)),
      snippet: true,
      replace,
      sortText: `${info.required ? 'a' : 'b'}${info.key}`,
    });
  }
  return [...out.values()];
}

const esc = (s: string) => s.replace(/[$}\\|,]/g, '\\$&');
const choice = (values: string[]) => `\${1|${values.map((v) => esc(quoteIfNeeded(v))).join(',')}|}`;
const quoteIfNeeded = (v: string) => (/^\d+\.\d+$/.test(v) ? `"${v}"` : v);

/** The value part of a key's snippet: the file's own names where the value refers to one. */
function valueSnippet(text: string, data: CompletionContextData, c: CursorContext, info: FormatKeyInfo): string | undefined {
  if (isInputRef(c.parent, info.key)) {
    const names = inputNames(text, data);
    return names.length ? choice(names) : '$1';
  }
  if (isPoolRef(c.parent, info.key)) return choice(poolNames(text, data));
  return info.snippet ?? (info.values ? choice(info.values) : undefined);
}

/** `key: value`, or a nested block under the key, as a snippet. */
function keyInsert(c: CursorContext, key: string, value: string | undefined, list = false): string {
  if (c.flow) return `${key}: ${value ?? '$1'}`;
  const lead = ' '.repeat(c.lead ?? 0);
  if (value !== undefined) return `${lead}${key}: ${/^\$/.test(value) ? value : `\${1:${esc(value)}}`}`;
  // snippet lines after the first are relative: VS Code adds the line's own indentation to them
  const pad = ' '.repeat(c.indent - c.lineIndent + 2);
  return list ? `${lead}${key}:\n${pad}- $1` : `${lead}${key}:\n${pad}$1`;
}

/** `pool:` of a job, a streaming output or a query names a pool (spark.scheduler.pool). */
const isPoolRef = (parent: string[], key: string | undefined) => key === 'pool' && ['jobs.*', 'streaming.outputs.*', 'queries.*'].includes(parent.join('.'));

/** `input:` of a streaming output's stage names one of `streaming.inputs`. */
const isInputRef = (parent: string[], key: string | undefined) => key === 'input' && parent.join('.') === 'streaming.outputs.*.stages.*';

function valueItems(text: string, data: CompletionContextData, c: CursorContext, replace: CompletionEntry['replace']): CompletionEntry[] {
  const key = c.key ?? '';
  const path = [...c.parent, key];
  if (c.parent.length === 1 && c.parent[0] === 'conf') {
    const info = confKeyInfo(key);
    if (!info) return [];
    const values = info.values ?? (info.type === 'bool' ? ['true', 'false'] : /^[\w.]+$/.test(info.default) && !info.default.startsWith('spark.') ? [info.default] : []);
    return values.map((v) => ({ label: v, kind: 'value' as const, detail: v === info.default ? 'Spark\'s default' : undefined, insertText: v, replace }));
  }
  if (key === 'prefer') return locationItems(text, data, c, replace);
  if (key === 'parents' && c.parent[0] === 'jobs') {
    return otherStages(text, replace.start).map((name) => ({ label: name, kind: 'value' as const, detail: 'a stage of this job', insertText: name, replace }));
  }
  if (isInputRef(c.parent, key)) {
    return inputNames(text, data).map((name) => ({ label: name, kind: 'value' as const, detail: 'an input of this file', insertText: name, replace }));
  }
  if (isPoolRef(c.parent, key)) {
    return poolNames(text, data).map((name) => ({ label: name, kind: 'value' as const, detail: name === 'default' ? 'the default pool' : 'a pool of pools:', insertText: name, replace }));
  }
  if (path.join('.') === 'faults.*.executor') {
    return executorIds(text, data).map((id) => ({ label: JSON.stringify(id), kind: 'value' as const, detail: 'executor id', insertText: JSON.stringify(id), replace }));
  }
  const info = formatKeyInfo(toModelPath(path));
  const values = info?.values ?? (info?.type === 'boolean' ? ['true', 'false'] : []);
  if (!values.length && info?.snippet && !/^[[{]/.test(info.snippet)) {
    // a free value: the format's example, so that the list (which opens by itself on a snippet's
    // placeholder) holds it rather than the editor's words from elsewhere in the file
    return [{ label: info.snippet, kind: 'value', detail: `example ${info.type}`, documentation: info.doc, insertText: info.snippet, replace }];
  }
  return values.map((v) => ({
    label: quoteIfNeeded(v), kind: 'value' as const, detail: info?.default === v ? 'default' : undefined,
    documentation: info?.doc, insertText: quoteIfNeeded(v), replace,
  }));
}

interface ClusterNames { ids: string[]; hosts: string[]; racks: string[] }

function clusterNames(text: string, data: CompletionContextData): ClusterNames {
  const ids: string[] = [];
  const hosts = new Set<string>();
  const racks = new Set<string>();
  if (data.model) {
    for (const e of data.model.cluster.executors) {
      ids.push(e.id);
      hosts.add(e.host);
      if (e.rack) racks.add(e.rack);
    }
    return { ids, hosts: [...hosts], racks: [...racks] };
  }
  // the file does not parse yet: read what the YAML has (not in a huge file, on each keystroke)
  if (isLargeText(text)) return { ids, hosts: [], racks: [] };
  const list = nodeAt(parseYaml(text), ['cluster', 'executors']);
  if (isSeq(list)) {
    for (const item of list.items as Node[]) {
      if (!isMap(item)) continue;
      const get = (k: string) => {
        const v = item.items.find((p) => isScalar(p.key) && p.key.value === k)?.value;
        return isScalar(v) && v.value !== null ? String(v.value) : undefined;
      };
      const id = get('id');
      if (id) ids.push(id);
      const host = get('host');
      if (host) hosts.add(host);
      const rack = get('rack');
      if (rack) racks.add(rack);
    }
  } else if (isMap(list)) {
    // the format's own expansion of the template (names only: cores do not matter here)
    const num = (k: string) => {
      const v = list.items.find((p) => isScalar(p.key) && p.key.value === k)?.value;
      const n = isScalar(v) ? Number(v.value) : NaN;
      return Number.isInteger(n) && n >= 1 ? n : undefined;
    };
    for (const e of templateExecutors(Math.min(num('count') ?? 0, 1000), 1, num('hostsPerRack'))) {
      ids.push(e.id);
      hosts.add(e.host);
      if (e.rack) racks.add(e.rack);
    }
  }
  return { ids, hosts: [...hosts], racks: [...racks] };
}

/** The names of `streaming.inputs`, from the model or, while the file does not parse, from its YAML. */
function inputNames(text: string, data: CompletionContextData): string[] {
  return listNames(text, data.model?.streaming?.inputs.map((i) => i.name), ['streaming', 'inputs']);
}

/** The pools of `pools:`, then "default" (which always exists: FairSchedulableBuilder.buildDefaultPool). */
function poolNames(text: string, data: CompletionContextData): string[] {
  const names = listNames(text, data.model ? (data.model.pools ?? []).map((p) => p.name) : undefined, ['pools']);
  return [...new Set([...names, 'default'])];
}

/** The `name:` of each item of the list at `path`: the model's when given, else read from the YAML. */
function listNames(text: string, fromModel: string[] | undefined, path: string[]): string[] {
  if (fromModel) return fromModel;
  if (isLargeText(text)) return [];
  const list = nodeAt(parseYaml(text), path);
  if (!isSeq(list)) return [];
  const names: string[] = [];
  for (const item of list.items as Node[]) {
    if (!isMap(item)) continue;
    const v = item.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value;
    if (isScalar(v) && v.value !== null && String(v.value) !== '') names.push(String(v.value));
  }
  return names;
}

function executorIds(text: string, data: CompletionContextData): string[] {
  return clusterNames(text, data).ids;
}

function locationItems(text: string, data: CompletionContextData, c: CursorContext, replace: CompletionEntry['replace']): CompletionEntry[] {
  const { ids, hosts, racks } = clusterNames(text, data);
  const quoted = text[replace.start - 1] === '"' || text[replace.start - 1] === "'";
  const q = quoted || !c.flow && !c.inSequence ? '' : '"';
  const item = (label: string, detail: string): CompletionEntry => ({
    label, kind: 'location', detail, insertText: `${q}${label}${q}`, replace,
  });
  return [
    ...ids.map((id) => item(`exec:${id}`, 'PROCESS_LOCAL on this executor (the block is in its memory), NODE_LOCAL on its host')),
    ...hosts.map((h) => item(`host:${h}`, 'NODE_LOCAL on this host')),
    ...racks.map((r) => item(`rack:${r}`, 'RACK_LOCAL in this rack')),
  ];
}

/** The names of the other stages of the job around `offset` (for `parents:`). */
function otherStages(text: string, offset: number): string[] {
  if (isLargeText(text)) return [];
  const jobs = nodeAt(parseYaml(text), ['jobs']);
  if (!isSeq(jobs)) return [];
  const inside = (n: Node | null | undefined) => !!n?.range && n.range[0] <= offset && offset <= n.range[2];
  const job = (jobs.items as Node[]).find((j) => isMap(j) && inside(j));
  if (!isMap(job)) return [];
  const stages = job.items.find((p) => isScalar(p.key) && p.key.value === 'stages')?.value as Node | undefined;
  if (!isSeq(stages)) return [];
  const names: string[] = [];
  for (const st of stages.items as Node[]) {
    if (!isMap(st) || inside(st)) continue;
    const name = st.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value;
    if (isScalar(name) && name.value !== null) names.push(String(name.value));
  }
  return names;
}
