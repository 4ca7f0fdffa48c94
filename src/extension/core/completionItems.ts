// Completion as plain data: keys at every level with their docs, `spark.*` keys with defaults,
// `exec:`/`host:`/`rack:` values from the file's own cluster, enum values. Keys, docs and values
// come from the format's tables (formatKeys, confKeys), the same ones the parser checks against.
// The glue maps these to vscode.CompletionItem.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { JobFile } from '../../format';
import { templateExecutors } from '../../format/cluster';
import { CONF_KEYS, confKeyInfo, confKeyMarkdown } from '../../format/confKeys';
import { childKeys, formatKeyInfo, schemaPath } from '../../format/formatKeys';
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
  /** the text the entry replaces: the word typed so far */
  replace: { start: number; end: number };
  sortText?: string;
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
      return valueItems(text, data, { ...c, mode: 'value', key: c.parent[c.parent.length - 2], parent: c.parent.slice(0, -2), inSequence: true }, replace);
    }
    if (c.parent.length === 1 && c.parent[0] === 'conf') return confKeyItems(c, replace);
    return keyItems(text, data, c, replace);
  }
  return valueItems(text, data, c, replace);
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
  for (const info of childKeys(schemaPath(modelParent))) {
    if (c.siblings.includes(info.key)) continue;
    const container = /^(mapping|list)/.test(info.type) || info.type === 'list | template' || info.type === 'list | count form';
    out.set(info.key, {
      label: info.key,
      kind: 'key',
      detail: info.type + (info.required ? ' (required)' : ''),
      documentation: info.doc + (info.default !== undefined ? `\n\nDefault: \`${info.default}\`` : ''),
      insertText: keyInsert(c, info.key, container ? undefined : info.snippet ?? (info.values ? choice(info.values) : undefined), container && /^list/.test(info.type)),
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

/** `key: value`, or a nested block under the key, as a snippet. */
function keyInsert(c: CursorContext, key: string, value: string | undefined, list = false): string {
  if (c.flow) return `${key}: ${value ?? '$1'}`;
  if (value !== undefined) return `${key}: ${/^\$\{/.test(value) ? value : `\${1:${esc(value)}}`}`;
  const pad = ' '.repeat(c.indent + 2);
  return list ? `${key}:\n${pad}- $1` : `${key}:\n${pad}$1`;
}

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
  if (path.join('.') === 'faults.*.executor') {
    return executorIds(text, data).map((id) => ({ label: JSON.stringify(id), kind: 'value' as const, detail: 'executor id', insertText: JSON.stringify(id), replace: widen(text, replace) }));
  }
  const info = formatKeyInfo(toModelPath(path));
  const values = info?.values ?? (info?.type === 'boolean' ? ['true', 'false'] : []);
  return values.map((v) => ({
    label: quoteIfNeeded(v), kind: 'value' as const, detail: info?.default === v ? 'default' : undefined,
    documentation: info?.doc, insertText: quoteIfNeeded(v), replace: widen(text, replace),
  }));
}

/** Takes in an opening quote typed before the word, so `"3.` completes to `"3.5"` once. */
function widen(text: string, r: CompletionEntry['replace']): CompletionEntry['replace'] {
  return text[r.start - 1] === '"' ? { start: r.start - 1, end: r.end } : r;
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
