// Source ranges by document path. The engine names model ids; the CLI and the editor turn them into
// paths (locate.ts) and look the ranges up here. Paths are the document's own: mapping keys as
// written (`['conf', 'spark.locality.wait']`, `['recovery', 'reservedSlots', '1']`) and list
// indices, which are also the model's indices (`['cluster', 'executors', 1, 'id']`).

import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
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

export function pathKey(path: ModelPath): string {
  return JSON.stringify(path);
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

export class SourceMapImpl implements SourceMap {
  private readonly entries = new Map<string, SourceEntry>();

  set(path: ModelPath, entry: Omit<SourceEntry, 'path'>): void {
    this.entries.set(pathKey(path), { path, ...entry });
  }

  value(path: ModelPath): OffsetRange | undefined {
    return this.entries.get(pathKey(path))?.value;
  }

  key(path: ModelPath): OffsetRange | undefined {
    return this.entries.get(pathKey(path))?.key;
  }

  nearest(path: ModelPath): OffsetRange | undefined {
    for (let n = path.length; n >= 0; n--) {
      const e = this.entries.get(pathKey(path.slice(0, n)));
      if (e?.value) return e.value;
      if (e?.key) return e.key;
    }
    return undefined;
  }

  /** Every path with its ranges (for editors that look up the node under the cursor). */
  all(): IterableIterator<SourceEntry> {
    return this.entries.values();
  }
}

/**
 * Records every node of the document by path, iteratively (deep nesting cannot overflow the
 * stack) and without following aliases (an alias bomb stays small). Stops after `maxNodes`.
 */
export function buildSourceMap(text: string, root: Node | null | undefined, maxNodes = 2_000_000): SourceMapImpl {
  const map = new SourceMapImpl();
  if (!root) return map;
  const stack: { node: unknown; path: ModelPath }[] = [{ node: root, path: [] }];
  map.set([], { value: nodeRange(text, root) });
  let count = 0;
  while (stack.length > 0 && count < maxNodes) {
    const { node, path } = stack.pop()!;
    count++;
    if (isAlias(node)) continue;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = keyString(text, pair.key);
        if (k === undefined) continue;
        const p = [...path, k];
        const value = pair.value as Node | null;
        map.set(p, { key: nodeRange(text, pair.key as Node), value: nodeRange(text, value) ?? nodeRange(text, pair.key as Node) });
        if (value) stack.push({ node: value, path: p });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        map.set(p, { value: nodeRange(text, item as Node) });
        if (item) stack.push({ node: item, path: p });
      });
    }
  }
  return map;
}
