// Where is an offset in the YAML tree? Used by hover and by the quick fixes that edit a mapping.
// Parsed with `yaml` (the same library as the format layer), whose nodes keep their offsets.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from '../../format/yamlApi';

export type YamlPath = (string | number)[];

export interface Located {
  /** path of keys and sequence indexes, like the format's model paths */
  path: YamlPath;
  /** on a mapping key, on a scalar value, or inside a collection between its items */
  on: 'key' | 'value' | 'collection';
  /** `[start, end)` of the key or value under the offset */
  range: { start: number; end: number };
  /** the scalar's source text (a key's name, or the value as written) */
  text?: string;
}

let cached: { text: string; doc: Document.Parsed } | undefined;

/**
 * The YAML document of a text, parsed once per text: a hover, its quick fixes and a completion on
 * the same version share it. Callers only read it.
 */
export function parseYaml(text: string): Document.Parsed {
  if (cached?.text !== text) cached = { text, doc: parseDocument(text, { uniqueKeys: false, prettyErrors: false }) };
  return cached.doc;
}

/** `[start, end]` with the end inclusive (the cursor just after a word) and trailing blanks trimmed
 * (a block collection's range runs to the start of the next key). */
function within(r: readonly number[] | null | undefined, offset: number, text: string): boolean {
  if (!r || offset < r[0]) return false;
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1] ?? '')) end--;
  return offset <= end;
}

/** The innermost key or value at `offset` (the cursor just after a word still counts). */
export function locate(text: string, offset: number, doc: Document.Parsed = parseYaml(text)): Located | undefined {
  const root = doc.contents as Node | null;
  if (!root || !within(root.range, offset, text)) return undefined;
  return walk(root, offset, [], text);
}

function walk(node: Node, offset: number, path: YamlPath, text: string): Located {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyName = isScalar(key) ? String(key.value) : undefined;
      if (key && keyName !== undefined && within(key.range, offset, text)) {
        const [start, end] = key.range!;
        return { path: [...path, keyName], on: 'key', range: { start, end }, text: keyName };
      }
      const value = pair.value as Node | null;
      if (value && keyName !== undefined && within(value.range, offset, text)) {
        return walk(value, offset, [...path, keyName], text);
      }
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      if (item && within(item.range, offset, text)) return walk(item, offset, [...path, i], text);
    }
  } else if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return { path, on: 'value', range: { start, end }, text: text.slice(start, end) };
  }
  const r = node.range ?? [offset, offset];
  return { path, on: 'collection', range: { start: r[0], end: r[1] } };
}

/** The node at a path (keys and indexes), or undefined. */
export function nodeAt(doc: Document.Parsed, path: YamlPath): Node | undefined {
  let node = doc.contents as Node | null;
  for (const seg of path) {
    if (!node) return undefined;
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      node = (pair?.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = (node.items[seg] as Node | null) ?? null;
    } else {
      return undefined;
    }
  }
  return node ?? undefined;
}
