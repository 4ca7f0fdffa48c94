// Quick fixes as plain edits: a diagnostic's FixData -> titled text edits. The vscode glue turns
// them into WorkspaceEdits (undoable, applied only when the user picks one).
import { isMap, isScalar, type Node } from '../../format/yamlApi';
import type { Diagnostic, FixData } from '../../format';
import { locate, nodeAt, parseYaml } from './yamlPath';
import { applyEdits, ensureMapping, findPair, insertPair, setPair, yamlKey, type TextEdit } from './yamlEdit';
import { executorList } from '../../engine/analysis/format';

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  fix: FixData;
}

/** Every quick fix of a diagnostic (one per FixData that yields an edit). */
export function quickFixes(text: string, diagnostic: Pick<Diagnostic, 'range' | 'fixes' | 'code'>): QuickFix[] {
  const out: QuickFix[] = [];
  const fixes = diagnostic.fixes ?? [];
  fixes.forEach((fix, i) => {
    const edits = quickFixEdits(text, diagnostic.range, fix);
    if (!edits.length) return;
    out.push({ title: fixTitle(fix), edits, fix, isPreferred: fix.kind === 'reserveSlots' || (i === 0 && fix.kind !== 'setConf') });
  });
  // one preferred fix at most: reserved slots when offered, else the first
  const preferred = out.find((f) => f.fix.kind === 'reserveSlots') ?? out[0];
  for (const f of out) f.isPreferred = f === preferred && f.isPreferred;
  return out;
}

export function fixTitle(fix: FixData): string {
  switch (fix.kind) {
    case 'replace': return fix.title;
    case 'renameKey': return `Change to '${fix.to}'`;
    case 'addKey': return `Add '${fix.key}'`;
    case 'reserveSlots': {
      const slots = `${fix.slots} slot${fix.slots === 1 ? '' : 's'}`;
      return fix.executors.includes('all')
        ? `Reserve ${slots} on every executor (recovery: reserved-slots)`
        : `Reserve ${slots} on ${executorList(fix.executors)} for re-run tasks (recovery: reserved-slots)`;
    }
    case 'setConf': return `Set ${fix.key} to ${fix.value}`;
  }
}

export function quickFixEdits(text: string, range: { start: number; end: number }, fix: FixData): TextEdit[] {
  switch (fix.kind) {
    case 'replace':
      return [{ start: range.start, end: range.end, newText: fix.text }];
    case 'renameKey': {
      const old = text.slice(range.start, range.end);
      const q = old[0] === '"' || old[0] === "'" ? old[0] : '';
      return [{ start: range.start, end: range.end, newText: q ? `${q}${fix.to}${q}` : yamlKey(fix.to) }];
    }
    case 'addKey':
      return addKeyEdits(text, range, fix.key, fix.snippet);
    case 'reserveSlots':
      return reserveSlotsEdits(text, fix.executors, fix.slots);
    case 'setConf': {
      const doc = parseYaml(text);
      return ensureMapping(text, doc, ['conf'], [[fix.key, fix.value]], ['cluster', 'network', 'jobs', 'streaming', 'queries']);
    }
  }
}

/**
 * `recovery: { policy: reserved-slots, reservedSlots: { "<executor>": n } }`, merged into what is
 * there: other executors' reserved slots stay, an executor already given at least `n` keeps its
 * number, and a `recovery:` mapping is created (before `analysis:`) when there is none.
 */
export function reserveSlotsEdits(text: string, executors: string | string[], slots: number): TextEdit[] {
  const ids = typeof executors === 'string' ? [executors] : executors;
  if (ids.length === 1) return reserveOneEdits(text, ids[0], slots);
  // each executor's edit is made on the text the previous one left; the editor gets one edit
  let after = text;
  for (const id of ids) after = applyEdits(after, reserveOneEdits(after, id, slots));
  return after === text ? [] : [changedSpan(text, after)];
}

/** One edit that turns `before` into `after`: the span between their common prefix and suffix. */
function changedSpan(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}

function reserveOneEdits(text: string, executor: string, slots: number): TextEdit[] {
  const doc = parseYaml(text);
  const recovery = nodeAt(doc, ['recovery']);
  const slotKey = executor === 'all' ? 'all' : executor;
  const flowSlots = `{ ${executor === 'all' ? 'all' : JSON.stringify(executor)}: ${slots} }`;
  if (!isMap(recovery) || !recovery.items.length) {
    return ensureMapping(text, doc, ['recovery'], [['policy', 'reserved-slots'], ['reservedSlots', flowSlots]], ['analysis']);
  }
  const edits: TextEdit[] = [];
  const policy = findPair(recovery, 'policy');
  const pv = policy?.value as Node | null | undefined;
  if (!policy) edits.push(insertPair(text, recovery, 'policy', 'reserved-slots', true));
  else if (!(isScalar(pv) && pv.value === 'reserved-slots')) {
    const e = setPair(text, recovery, 'policy', 'reserved-slots');
    if (e) edits.push(e);
  }
  const reserved = findPair(recovery, 'reservedSlots');
  const rv = reserved?.value as Node | null | undefined;
  if (!reserved) {
    edits.push(insertPair(text, recovery, 'reservedSlots', flowSlots));
  } else if (isMap(rv)) {
    const existing = findPair(rv, slotKey);
    const ev = existing?.value as Node | null | undefined;
    if (!existing) {
      // `all: N` already covers an executor without its own entry
      const all = findPair(rv, 'all')?.value as Node | null | undefined;
      const covered = executor !== 'all' && isScalar(all) && Number(all.value) >= slots;
      if (!covered) {
        edits.push(rv.items.length || !rv.flow
          ? insertPair(text, rv, slotKey, String(slots))
          : { start: rv.range![0], end: rv.range![1], newText: flowSlots });
      }
    } else if (!(isScalar(ev) && Number(ev.value) >= slots) && ev?.range) {
      edits.push({ start: ev.range[0], end: ev.range[1], newText: String(slots) });
    }
  } else {
    const e = setPair(text, recovery, 'reservedSlots', flowSlots);
    if (e) edits.push(e);
  }
  return edits;
}

/**
 * Adds a missing key to the mapping the diagnostic points at (the mapping itself, its key, or an
 * entry of it), with the format's snippet as the value.
 */
export function addKeyEdits(text: string, range: { start: number; end: number }, key: string, snippet: string): TextEdit[] {
  const doc = parseYaml(text);
  const where = locate(text, range.start, doc);
  let path = where?.path ?? [];
  let node = nodeAt(doc, path);
  // on a key: the mapping is its value; on a scalar: its parent
  while (path.length && !isMap(node)) {
    if (where?.on === 'key' && node === undefined) break;
    path = path.slice(0, -1);
    node = path.length ? nodeAt(doc, path) : (doc.contents as Node | null) ?? undefined;
  }
  if (!isMap(node)) node = doc.contents as Node | undefined;
  if (!isMap(node)) return [];
  if (findPair(node, key)) return [];
  // the format's snippets are either the value or the whole `key: value` entry
  const valueText = snippet.startsWith(`${key}:`) ? snippet.slice(key.length + 1).trim() : snippet;
  const value = snippetValue(text, node, valueText);
  // `version` reads best first, everything else goes last
  return [insertPair(text, node, key, value, key === 'version' && node === doc.contents && !node.flow)];
}

/** A snippet's text without `${1:placeholder}` syntax; multi-line snippets indented under the key. */
function snippetValue(text: string, map: import('yaml').YAMLMap, snippet: string): string {
  const plain = snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
  if (!plain.includes('\n') || map.flow) return plain.replace(/\n\s*/g, ' ');
  const first = map.items[0]?.key as Node | undefined;
  const start = first?.range?.[0] ?? map.range![0];
  const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1) + 2);
  return '\n' + plain.split('\n').map((l) => indent + l).join('\n');
}
