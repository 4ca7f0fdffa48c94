// Small, exact text edits of a YAML mapping that keep everything else of the file as written
// (comments, flow style, quoting). Offsets come from the `yaml` parser's node ranges.
import { isMap, isScalar, type Document, type Node, type Pair, type YAMLMap } from '../../format/yamlApi';
import { nodeAt, type YamlPath } from './yamlPath';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies non-overlapping edits (any order) to a text: what the editor does with a WorkspaceEdit. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function findPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node | null> | undefined;
}

/** A YAML key as written in an edit: plain when safe, else double-quoted (`"1"` stays a string). */
export function yamlKey(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) && !/^(true|false|null|yes|no|on|off|~)$/i.test(key) ? key : JSON.stringify(key);
}

/** Column of a block mapping's keys. */
function blockIndent(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key as Node | undefined;
  const start = first?.range?.[0] ?? map.range![0];
  return start - lineStartOf(text, start);
}

/** Inserts `key: value` as the last pair of `map` (block or flow), or first when `first`. */
export function insertPair(text: string, map: YAMLMap, key: string, value: string, first = false): TextEdit {
  const r = map.range!;
  if (map.flow) {
    const close = text.lastIndexOf('}', r[1] - 1);
    if (!map.items.length) {
      const open = text.indexOf('{', r[0]);
      return { start: open + 1, end: close, newText: ` ${yamlKey(key)}: ${value} ` };
    }
    if (first) return { start: r[0] + 1, end: r[0] + 1, newText: ` ${yamlKey(key)}: ${value},` };
    const last = map.items[map.items.length - 1];
    const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
    return { start: lastEnd, end: lastEnd, newText: `, ${yamlKey(key)}: ${value}` };
  }
  const indent = ' '.repeat(blockIndent(text, map));
  if (first) {
    const start = (map.items[0].key as Node).range![0];
    return { start, end: start, newText: `${yamlKey(key)}: ${value}\n${indent}` };
  }
  const last = map.items[map.items.length - 1];
  const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
  const at = lineEndAfter(text, Math.max(lastEnd - 1, 0));
  const needNl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, newText: `${needNl}${indent}${yamlKey(key)}: ${value}\n` };
}

/** Sets `key: value` in `map`: replaces the value when the key exists (unless equal), else inserts it. */
export function setPair(text: string, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  const pair = findPair(map, key);
  if (!pair) return insertPair(text, map, key, value);
  const v = pair.value as Node | null;
  if (v?.range) {
    if (text.slice(v.range[0], v.range[1]) === value) return undefined;
    return { start: v.range[0], end: v.range[1], newText: value };
  }
  // `key:` with no value
  const k = (pair.key as Node).range!;
  const colon = text.indexOf(':', k[1]);
  return { start: colon + 1, end: colon + 1, newText: ` ${value}` };
}

/**
 * Edits that make `path` (a mapping under the root) hold `pairs`: creates the mapping when it is
 * absent or empty, else sets each pair. `before` names top-level keys to insert a new mapping in
 * front of (the first one present); otherwise it goes at the end.
 */
export function ensureMapping(
  text: string, doc: Document.Parsed, path: YamlPath, pairs: [string, string][], before: string[] = [],
): TextEdit[] {
  const root = doc.contents;
  const node = nodeAt(doc, path);
  if (isMap(node)) {
    if (!node.items.length && node.flow) {
      return [{ start: node.range![0], end: node.range![1], newText: `{ ${pairs.map(([k, v]) => `${yamlKey(k)}: ${v}`).join(', ')} }` }];
    }
    return pairs.map(([k, v]) => setPair(text, node, k, v)).filter((e): e is TextEdit => !!e);
  }
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length ? nodeAt(doc, parentPath) : root;
  const key = String(path[path.length - 1]);
  if (!isMap(parent)) return [];
  const pair = findPair(parent, key);
  const parentIndent = parent.flow ? 0 : blockIndent(text, parent);
  const indent = ' '.repeat(parentIndent + 2);
  const body = pairs.map(([k, v]) => `${indent}${yamlKey(k)}: ${v}`).join('\n');
  if (pair) {
    // `key:` with no value, or a scalar where a mapping belongs: replace the value
    const k = (pair.key as Node).range!;
    const v = pair.value as Node | null;
    const colon = text.indexOf(':', k[1]);
    const end = v?.range ? v.range[1] : colon + 1;
    return [{ start: colon + 1, end, newText: `\n${body}` }];
  }
  if (parent.flow) return [insertPair(text, parent, key, `{ ${pairs.map(([k, v]) => `${yamlKey(k)}: ${v}`).join(', ')} }`)];
  const pad = ' '.repeat(parentIndent);
  const block = `${pad}${yamlKey(key)}:\n${body}\n`;
  for (const b of before) {
    const p = findPair(parent, b);
    if (p) {
      const at = lineStartOf(text, (p.key as Node).range![0]);
      return [{ start: at, end: at, newText: block }];
    }
  }
  const needNl = text.length && !text.endsWith('\n') ? '\n' : '';
  return [{ start: text.length, end: text.length, newText: needNl + block }];
}
