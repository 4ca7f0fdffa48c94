// A fast path of the parser for the flow-style task lists that `sparkjob import` writes (10^4
// tasks, six a line): `yaml` composes them at several µs a task, which made the import's own check
// of its output cost more than the import. Lines of exactly that shape are cut out before `yaml`
// parses the document (its offsets moved back after) and their nodes are built here with the ranges, types
// and sources `yaml` gives them (test/unit/format/flowTasks.test.ts compares both trees). Anything
// else, or a list `yaml` would not see as that node (say inside a block scalar), keeps the
// ordinary path.
import { isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Document, type Node } from './yamlApi';
import { fastYamlDocument } from './fastYaml';

// uniqueKeys: false: duplicateKeys() checks in linear time what `yaml` checks in quadratic time
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false } as const;

/** `yaml`'s document of a job file: by fastYaml.ts when the file is in its subset, its import-shaped flow task lists built here. */
export function parseYaml(text: string): Document {
  return fastYamlDocument(text, YAML_OPTIONS) ?? fastDocument(text) ?? parseDocument(text, YAML_OPTIONS);
}

/** The document by the fast path; undefined when the text has no list it applies to. */
export function fastDocument(text: string): Document | undefined {
  const fast = cutFlowTaskLists(text);
  if (!fast) return undefined;
  const doc = parseDocument(fast.text, YAML_OPTIONS);
  shiftRanges(doc, fast.lists);
  return fillFlowTaskLists(doc, text, fast.lists) ? doc : undefined;
}

interface FlowList {
  /** offset of the list's `[` */
  open: number;
  /** offset of its `]` */
  close: number;
  /** offset where its items start, and their text */
  from: number;
  body: string;
}

const OPEN = /^( +)tasks: \[\n/gm;
/** one task as yamlOut.ts writes it: plain `Nms`/`Nb` scalars, hosts as double-quoted printable ASCII */
const ITEM = /\{ duration: (\d+ms)(?:, input: (\d+b))?(?:, prefer: \[("[ !#-[\]-~]*"(?:, "[ !#-[\]-~]*")*)\])? \}/y;
const LINE = /^ +\{ [^\n]*[^,\n]$/;

/** The text without the items of its import-shaped flow task lists, and those lists. */
function cutFlowTaskLists(text: string): { text: string; lists: FlowList[] } | undefined {
  const lists: FlowList[] = [];
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const open = m.index + m[0].length - 2;
    const closeLine = `\n${m[1]}]`;
    const close = text.indexOf(closeLine, open);
    if (close < 0) continue;
    const from = open + 2;
    const body = text.slice(from, close + 1);
    if (!itemsShaped(body)) continue;
    lists.push({ open, close: close + closeLine.length - 1, from, body });
    OPEN.lastIndex = close;
  }
  if (lists.length === 0) return undefined;
  // cut out rather than blanked: `yaml` lexes blanks at about the speed of the items themselves
  const parts: string[] = [];
  let at = 0;
  for (const l of lists) {
    parts.push(text.slice(at, l.from));
    at = l.from + l.body.length;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), lists };
}

/** Moves the offsets `yaml` gave in the cut text back to the original text's. */
function shiftRanges(doc: Document, lists: FlowList[]): void {
  const cuts: number[] = [];
  let removed = 0;
  for (const l of lists) {
    cuts.push(l.from - removed);
    removed += l.body.length;
  }
  const move = (p: number) => {
    let d = 0;
    for (let i = 0; i < cuts.length && cuts[i] <= p; i++) d += lists[i].body.length;
    return p + d;
  };
  const fix = (r: number[] | null | undefined) => {
    if (r) for (let i = 0; i < r.length; i++) r[i] = move(r[i]);
  };
  fix(doc.range);
  for (const e of doc.errors) fix(e.pos);
  for (const w of doc.warnings) fix(w.pos);
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (isPair(v)) {
      walk(v.key);
      walk(v.value);
      return;
    }
    fix((v as { range?: number[] }).range);
    const items = (v as { items?: unknown[] }).items;
    if (Array.isArray(items)) for (const it of items) walk(it);
  };
  walk(doc.contents);
}

/** Every line holds `{ ... }` items separated by `, `; lines end with `,` except the last. */
function itemsShaped(body: string): boolean {
  const lines = body.split('\n');
  lines.pop();
  if (lines.length === 0) return false;
  for (let i = 0; i < lines.length; i++) {
    const line = i < lines.length - 1 ? lines[i].slice(0, -1) : lines[i];
    if (i < lines.length - 1 && !lines[i].endsWith(',')) return false;
    if (!LINE.test(line)) return false;
    let at = line.indexOf('{');
    for (;;) {
      ITEM.lastIndex = at;
      if (!ITEM.test(line)) return false;
      at = ITEM.lastIndex;
      if (at === line.length) break;
      if (line.charCodeAt(at) !== 44 || line.charCodeAt(at + 1) !== 32) return false;
      at += 2;
    }
  }
  return true;
}

/**
 * Puts the lists' items into the (empty) sequences `yaml` made of the cut text. False when a
 * list is not such a sequence there: the caller then parses the original text.
 */
function fillFlowTaskLists(doc: Document, text: string, lists: FlowList[]): boolean {
  const seqs = new Map<number, YAMLSeq>();
  collectTaskSeqs(doc.contents as Node | null, seqs);
  for (const l of lists) {
    const seq = seqs.get(l.open);
    if (!seq || seq.items.length !== 0 || seq.range?.[1] !== l.close + 1) return false;
  }
  for (const l of lists) buildItems(doc, text, l, seqs.get(l.open)!);
  return true;
}

function collectTaskSeqs(node: unknown, out: Map<number, YAMLSeq>): void {
  if (!node || typeof node !== 'object' || !('items' in node)) return;
  for (const it of (node as { items: unknown[] }).items) {
    if (isPair(it)) {
      if (isScalar(it.key) && it.key.value === 'tasks' && isSeq(it.value) && it.value.flow && it.value.range) out.set(it.value.range[0], it.value);
      else collectTaskSeqs(it.value, out);
    } else collectTaskSeqs(it, out);
  }
}

function buildItems(doc: Document, text: string, l: FlowList, seq: YAMLSeq): void {
  const schema = doc.schema;
  let lineStart = l.from;
  for (const raw of l.body.split('\n')) {
    if (raw === '') break;
    const line = raw.endsWith(',') ? raw.slice(0, -1) : raw;
    let at = line.indexOf('{');
    while (at < line.length) {
      ITEM.lastIndex = at;
      const m = ITEM.exec(line)!;
      const start = lineStart + at;
      const map = new YAMLMap(schema);
      map.flow = true;
      let k = start + 2;
      k = pair(map, text, k, 'duration', m[1]);
      if (m[2] !== undefined) k = pair(map, text, k + 2, 'input', m[2]);
      if (m[3] !== undefined) {
        const keyStart = k + 2;
        const key = scalar(text, 'prefer', 'prefer', 'PLAIN', keyStart, keyStart + 6);
        const list = new YAMLSeq(schema);
        list.flow = true;
        const listStart = keyStart + 8;
        let s = listStart + 1;
        for (const quoted of m[3].split(', ')) {
          list.items.push(scalar(text, quoted.slice(1, -1), quoted.slice(1, -1), 'QUOTE_DOUBLE', s, s + quoted.length));
          s += quoted.length + 2;
        }
        const listEnd = listStart + m[3].length + 2;
        list.range = [listStart, listEnd, spacesAfter(text, listEnd)];
        map.items.push(new Pair(key, list));
        k = listEnd;
      }
      const end = start + m[0].length;
      map.range = [start, end, spacesAfter(text, end)];
      seq.items.push(map);
      at = ITEM.lastIndex + 2;
    }
    lineStart += raw.length + 1;
  }
}

/** Adds `key: value` (value plain) whose key starts at `at`; returns the value's end. */
function pair(map: YAMLMap, text: string, at: number, key: string, value: string): number {
  const v = at + key.length + 2;
  map.items.push(new Pair(scalar(text, key, key, 'PLAIN', at, at + key.length), scalar(text, value, value, 'PLAIN', v, v + value.length)));
  return v + value.length;
}

function scalar(text: string, value: string, source: string, type: Scalar.Type, start: number, end: number): Scalar {
  const s = new Scalar(value);
  s.range = [start, end, spacesAfter(text, end)];
  s.source = source;
  s.type = type;
  return s;
}

/** `yaml` ends a flow node after the blanks that follow it. */
function spacesAfter(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c === 32 || c === 10; c = text.charCodeAt(++i)) { /* skip */ }
  return i;
}
