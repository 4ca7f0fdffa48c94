// Source ranges by document path. The engine names model ids; the CLI and the editor turn them into
// paths (locate.ts) and look the ranges up here. Paths are the document's own: mapping keys as
// written (`['conf', 'spark.locality.wait']`, `['recovery', 'reservedSlots', '1']`) and list
// indices, which are also the model's indices (`['cluster', 'executors', 1, 'id']`).
// `nodeRange` is the one place where a YAML node becomes an offset range.

import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from './yamlApi';
import type { OffsetRange } from './diagnostics';

export type ModelPath = (string | number)[];

export interface SourceMap {
  /** range of the value node at `path` (a mapping entry's value, or a list item) */
  value(path: ModelPath): OffsetRange | undefined;
  /** range of the key node of the mapping entry at `path` (undefined for list items) */
  key(path: ModelPath): OffsetRange | undefined;
  /** the value range at `path`, else of its nearest ancestor present (undefined only for an empty file) */
  nearest(path: ModelPath): OffsetRange | undefined;
  /** every recorded path with its ranges */
  all(): IterableIterator<SourceEntry>;
}

export interface SourceEntry {
  path: ModelPath;
  key?: OffsetRange;
  value?: OffsetRange;
}

/** A node's range `[start, valueEnd)` with trailing blanks trimmed (block collections end after their newline). */
export function nodeRange(text: string, node: Node | null | undefined): OffsetRange | undefined {
  const r = node?.range;
  if (!r) return undefined;
  let end = Math.min(r[1], text.length);
  const start = Math.min(r[0], end);
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** The scalar key of a mapping entry as a string (`1` -> "1"), or undefined for complex keys. */
export function keyString(text: string, key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  if (typeof key.value === 'string') return key.value;
  const r = nodeRange(text, key);
  if (r && (key.type === 'PLAIN' || key.type === undefined)) return text.slice(r.start, r.end);
  return String(key.value);
}

interface Located {
  key?: Node;
  value: Node | null;
}

/**
 * Looks paths up in the YAML tree on demand (nothing is built up front, so a file of 10^5 tasks
 * costs nothing until a range is asked for). Aliases are not followed: a path through an alias
 * ends at the alias, whose range is where the user wrote `*name`.
 */
export class SourceMapImpl implements SourceMap {
  constructor(
    private readonly text: string = '',
    private readonly root: Node | null = null,
  ) {}

  private locate(path: ModelPath): Located | undefined {
    let cur: Located = { value: this.root };
    for (const seg of path) {
      const node = cur.value;
      if (typeof seg === 'number') {
        if (!isSeq(node) || seg < 0 || seg >= node.items.length) return undefined;
        cur = { value: node.items[seg] as Node | null };
      } else {
        if (!isMap(node)) return undefined;
        const pair = node.items.find((p) => isPair(p) && keyString(this.text, p.key) === seg);
        if (!pair) return undefined;
        cur = { key: pair.key as Node, value: pair.value as Node | null };
      }
    }
    return cur;
  }

  value(path: ModelPath): OffsetRange | undefined {
    if (!this.root) return undefined;
    const l = this.locate(path);
    if (!l) return undefined;
    const v = nodeRange(this.text, l.value);
    const k = nodeRange(this.text, l.key);
    // `key:` with no value: the value is empty, the key is what the user sees
    return v && (v.end > v.start || !k) ? v : k;
  }

  key(path: ModelPath): OffsetRange | undefined {
    if (!this.root) return undefined;
    return nodeRange(this.text, this.locate(path)?.key);
  }

  nearest(path: ModelPath): OffsetRange | undefined {
    for (let n = path.length; n >= 0; n--) {
      const r = this.value(path.slice(0, n));
      if (r) return r;
    }
    return undefined;
  }

  /** Every path with its ranges, depth first (for editors that look up the node under the cursor). */
  *all(): IterableIterator<SourceEntry> {
    if (!this.root) return;
    const stack: { node: unknown; path: ModelPath }[] = [{ node: this.root, path: [] }];
    yield { path: [], value: nodeRange(this.text, this.root) };
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (isMap(node)) {
        for (const pair of node.items) {
          const k = isPair(pair) ? keyString(this.text, pair.key) : undefined;
          if (k === undefined) continue;
          const p = [...path, k];
          const value = pair.value as Node | null;
          yield { path: p, key: nodeRange(this.text, pair.key as Node), value: nodeRange(this.text, value) };
          if (value && !isAlias(value)) stack.push({ node: value, path: p });
        }
      } else if (isSeq(node)) {
        for (let i = 0; i < node.items.length; i++) {
          const item = node.items[i] as Node | null;
          yield { path: [...path, i], value: nodeRange(this.text, item) };
          if (item && !isAlias(item)) stack.push({ node: item, path: [...path, i] });
        }
      }
    }
  }
}

/**
 * Keys repeated in one mapping, in one linear pass (the `yaml` package's own check compares every
 * key with every other, which is quadratic on large mappings). Iterative: deep nesting is safe.
 */
export function duplicateKeys(text: string, root: Node | null | undefined): { key: OffsetRange; first: OffsetRange }[] {
  const out: { key: OffsetRange; first: OffsetRange }[] = [];
  const stack: unknown[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<string, OffsetRange>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = keyString(text, pair.key);
        const r = nodeRange(text, pair.key as Node);
        if (k !== undefined && r) {
          const first = seen.get(k);
          if (first) out.push({ key: r, first });
          else seen.set(k, r);
        }
        if (pair.value && !isAlias(pair.value)) stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item && !isAlias(item)) stack.push(item);
    }
  }
  return out.sort((a, b) => a.key.start - b.key.start);
}
