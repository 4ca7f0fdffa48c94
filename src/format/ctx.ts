// The validation context: the text, the diagnostics found so far, and typed readers over YAML nodes.
// Each reader reports its own diagnostic (at the exact node) and returns undefined on failure, so
// the section validators read like the spec and go on after an error to find the next one.

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from './yamlApi';
import type { Code } from './codes';
import type { Diagnostic, FixData, OffsetRange, RelatedInfo, Severity } from './diagnostics';
import { childKeys } from './formatKeys';
import type { PoolRef } from './pools';
import { closest } from './suggest';
import { keyString, nodeRange } from './sourceMap';
import { formatMs, isBareNumber, parseSizeBytes, parseTimeMs, type ValueResult } from './values';

/** Robustness limits (SJ003/SJ005). */
export const LIMITS = {
  // `yaml` reads about 1-3 MB/s: 16 MiB stays within seconds. An imported 1 GB event log (some
  // 340,000 tasks, six to a flow-style line) gives about 8 MB: sparkjob import must be able to
  // write a file that sparkjob check and simulate can read.
  maxChars: 16 * 1024 * 1024,
  maxFlowDepth: 256,
  maxAliasResolves: 10_000,
  /** list items and mapping entries the validators may visit (aliases can repeat a big node) */
  maxWork: 1_000_000,
  maxExecutors: 10_000,
  maxTasks: 10_000_000,
  /** streaming batch times in one run (a day of 1 s batches is 86,400) */
  maxBatches: 100_000,
  /** diagnostics kept; the rest are counted in one last SJ003 */
  maxDiagnostics: 1000,
};

/** A value as met in the document: the node (aliases resolved) and where to report about it. */
export interface Field {
  key: string;
  keyNode?: Node;
  /** the value node, aliases resolved; null when the entry has no value */
  node: Node | null;
  /** where a diagnostic about the value goes: the value as written, or the key when it is empty */
  range: OffsetRange;
}

export class Ctx {
  readonly diagnostics: Diagnostic[] = [];
  private aliasResolves = 0;
  private work = 0;
  private exhausted = false;
  private dropped = 0;
  private anchors?: Map<string, Node[]>;
  private droppedError = false;
  /** every `pool:` read so far (pools.ts checks them against `pools:` at the end) */
  readonly poolRefs: PoolRef[] = [];

  constructor(
    readonly text: string,
    readonly doc: Document,
  ) {}

  report(severity: Severity, code: Code, message: string, range: OffsetRange, fixes?: FixData[], related?: RelatedInfo[]): void {
    if (this.diagnostics.length >= LIMITS.maxDiagnostics) {
      this.dropped++;
      this.droppedError ||= severity === 'error';
      return;
    }
    const d: Diagnostic = { severity, code, message, range };
    if (fixes && fixes.length > 0) d.fixes = fixes;
    if (related && related.length > 0) d.related = related;
    this.diagnostics.push(d);
  }

  error(code: Code, message: string, range: OffsetRange, fixes?: FixData[], related?: RelatedInfo[]): void {
    this.report('error', code, message, range, fixes, related);
  }

  get hasErrors(): boolean {
    return this.droppedError || this.diagnostics.some((d) => d.severity === 'error');
  }

  /** The diagnostics, with one last entry counting those beyond the limit. */
  finish(): Diagnostic[] {
    // in document order (stable: diagnostics at one place keep the order they were found in)
    this.diagnostics.sort((a, b) => a.range.start - b.range.start);
    if (this.dropped > 0) {
      this.diagnostics.push({
        severity: this.droppedError ? 'error' : 'warning',
        code: 'SJ003',
        message: `${this.dropped} more problem${this.dropped === 1 ? ' is' : 's are'} not shown (only the first ${LIMITS.maxDiagnostics} are reported)`,
        range: { start: 0, end: 0 },
      });
      this.dropped = 0;
    }
    return this.diagnostics;
  }

  range(node: Node | null | undefined): OffsetRange {
    return nodeRange(this.text, node) ?? { start: 0, end: 0 };
  }

  /** Where a problem with a mapping value as a whole goes: its key's name (a value may span many lines), else the value. */
  keyOf(f: Field): OffsetRange {
    return f.keyNode ? this.range(f.keyNode) : f.range;
  }

  /** A `key: value` entry as written (its first line): where a problem the entry causes is shown. */
  entry(f: Field): OffsetRange {
    const key = this.keyOf(f);
    return this.firstLine({ start: key.start, end: Math.max(key.end, f.range.end) });
  }

  /** The first line of a range (trailing blanks cut): a list item of many lines is shown by its first line. */
  firstLine(r: OffsetRange): OffsetRange {
    const nl = this.text.indexOf('\n', r.start);
    const end = Math.min(r.end, nl < 0 ? this.text.length : nl);
    return { start: r.start, end: r.start + this.text.slice(r.start, end).trimEnd().length };
  }

  slice(r: OffsetRange): string {
    return this.text.slice(r.start, r.end);
  }

  /** Spends `n` units of the work budget; false (after one SJ003) once it is spent. */
  spend(n: number): boolean {
    this.work += n;
    if (this.work > LIMITS.maxWork) {
      this.exhaust('the document repeats too much content through aliases to be checked');
      return false;
    }
    return !this.exhausted;
  }

  private exhaust(message: string): void {
    if (!this.exhausted) this.error('SJ003', message, { start: 0, end: 0 });
    this.exhausted = true;
  }

  /** True once the diagnostics limit is reached: callers may skip costly messages (did-you-mean). */
  get muted(): boolean {
    return this.diagnostics.length >= LIMITS.maxDiagnostics;
  }

  deref(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++this.aliasResolves > LIMITS.maxAliasResolves) {
        this.exhaust(`more than ${LIMITS.maxAliasResolves} alias references`);
        return null;
      }
      return this.anchorTarget(node.source, node.range?.[0] ?? 0);
    }
    return node as Node;
  }

  /**
   * The node an alias refers to: the last anchor of that name before it (YAML's rule). The anchors
   * are indexed once; `Alias.resolve` would walk the whole document for every alias.
   */
  private anchorTarget(name: string, at: number): Node | null {
    if (!this.anchors) {
      this.anchors = new Map();
      const stack: unknown[] = [this.doc.contents];
      while (stack.length > 0) {
        const n = stack.pop();
        if (!n || isAlias(n)) continue;
        const anchor = (n as { anchor?: string }).anchor;
        if (anchor) {
          const list = this.anchors.get(anchor) ?? [];
          list.push(n as Node);
          this.anchors.set(anchor, list);
        }
        if (isMap(n)) for (const p of n.items) stack.push(p.key, p.value);
        else if (isSeq(n)) for (const it of n.items) stack.push(it);
      }
      for (const list of this.anchors.values()) list.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    }
    let found: Node | null = null;
    for (const n of this.anchors.get(name) ?? []) {
      if ((n.range?.[0] ?? 0) < at) found = n;
      else break;
    }
    return found;
  }

  /** A field for a value node on its own (a list item, the document root). */
  item(node: unknown, key = ''): Field {
    const raw = node as Node | null;
    return { key, node: this.deref(node), range: this.range(raw) };
  }

  // ---- collections

  map(f: Field, what: string): YAMLMap | undefined {
    if (isMap(f.node)) return f.node;
    this.error('SJ012', `${what} must be a mapping (key: value), not ${describe(f.node)}`, f.range);
    return undefined;
  }

  seq(f: Field, what: string): YAMLSeq | undefined {
    if (isSeq(f.node)) return f.node;
    this.error('SJ012', `${what} must be a list, not ${describe(f.node)}`, f.range);
    return undefined;
  }

  /** List items as fields (each spends work). */
  items(seq: YAMLSeq): Field[] {
    if (!this.spend(seq.items.length)) return [];
    return seq.items.map((it, i) => this.item(it, String(i)));
  }

  /** Mapping entries as fields; complex keys are reported and skipped. */
  entries(map: YAMLMap): Field[] {
    if (!this.spend(map.items.length)) return [];
    const out: Field[] = [];
    for (const pair of map.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node;
      const key = isAlias(keyNode) ? undefined : keyString(this.text, keyNode);
      if (key === undefined) {
        this.error('SJ012', 'keys must be plain strings', this.range(keyNode));
        continue;
      }
      const raw = pair.value as Node | null;
      const valueRange = nodeRange(this.text, raw);
      const range = valueRange && valueRange.end > valueRange.start ? valueRange : this.range(keyNode);
      out.push({ key, keyNode, node: this.deref(raw), range });
    }
    return out;
  }

  /**
   * Entries of a mapping with the format's keys at `tablePath` (formatKeys.ts): unknown keys get
   * SJ010 with a did-you-mean rename; missing required keys get SJ011 at `where`, or where
   * `missingAt` places that key (with the words it gives for why it is needed there).
   */
  fields(map: YAMLMap, tablePath: string, where: OffsetRange,
    missingAt?: (key: string, entries: Map<string, Field>) => { range: OffsetRange; why: string } | undefined): Map<string, Field> {
    const known = childKeys(tablePath);
    const names = known.map((k) => k.key);
    const out = new Map<string, Field>();
    const entries = this.entries(map);
    if (this.exhausted) return out; // the budget is spent: report nothing more (every key would look missing)
    for (const f of entries) {
      if (!names.includes(f.key)) {
        if (this.muted) {
          this.report('warning', 'SJ010', '', { start: 0, end: 0 });
          continue;
        }
        const guess = closest(f.key, names);
        const at = tablePath === '' ? 'at the top level' : `in ${tablePath.replace(/\[\]/g, '')}`;
        this.report('warning', 'SJ010', `unknown key '${f.key}' ${at}${guess ? `: did you mean '${guess}'?` : ` (known: ${names.join(', ')})`}`,
          this.range(f.keyNode), guess ? [{ kind: 'renameKey', to: guess }] : undefined);
        continue;
      }
      out.set(f.key, f);
    }
    for (const k of known) {
      if (k.required && !out.has(k.key)) {
        const at = tablePath === '' ? ' at the top level' : '';
        const placed = missingAt?.(k.key, out);
        const message = placed ? `missing required key '${k.key}': ${placed.why}` : `missing required key '${k.key}'${at} (${k.doc})`;
        this.error('SJ011', message, this.firstLine(placed?.range ?? where), [
          { kind: 'addKey', key: k.key, snippet: `${k.key}: ${k.snippet ?? ''}`.trimEnd() },
        ]);
      }
    }
    return out;
  }

  // ---- scalars

  /** Text of a scalar as written: strings as they are, plain numbers/booleans as in the source (`01` stays "01"). */
  scalarText(f: Field): string | undefined {
    const n = f.node;
    if (!isScalar(n)) return undefined;
    if (typeof n.value === 'string') return n.value;
    if (n.value === null) return undefined;
    if (n.type === 'PLAIN') {
      const r = nodeRange(this.text, n);
      if (r) return this.slice(r);
    }
    return String(n.value);
  }

  /** A string (a number such as `id: 1` is taken as its text "1"). */
  string(f: Field, what: string): string | undefined {
    const n = f.node;
    if (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number')) {
      const s = this.scalarText(f);
      if (s !== undefined && s.trim() !== '') return s;
      this.error('SJ012', `${what} must not be empty`, f.range);
      return undefined;
    }
    this.error('SJ012', `${what} must be a string, not ${describe(n)}`, f.range);
    return undefined;
  }

  bool(f: Field, what: string): boolean | undefined {
    if (isScalar(f.node) && typeof f.node.value === 'boolean') return f.node.value;
    this.error('SJ012', `${what} must be true or false, not ${describe(f.node)}`, f.range);
    return undefined;
  }

  number(f: Field, what: string): number | undefined {
    if (isScalar(f.node) && typeof f.node.value === 'number' && Number.isFinite(f.node.value)) return f.node.value;
    this.error('SJ012', `${what} must be a number, not ${describe(f.node)}`, f.range);
    return undefined;
  }

  int(f: Field, what: string, min?: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.number(f, what);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v)) {
      this.error('SJ016', `${what} must be an integer, not ${this.slice(f.range)}`, f.range);
      return undefined;
    }
    if (min !== undefined && v < min) {
      if (v < 0 && min >= 0) this.error('SJ025', `${what} cannot be negative`, f.range);
      else this.error('SJ016', `${what} must be at least ${min}`, f.range);
      return undefined;
    }
    if (v > max) {
      this.error('SJ016', `${what} must be at most ${max}`, f.range);
      return undefined;
    }
    return v;
  }

  enumOf<T extends string>(f: Field, what: string, values: readonly T[]): T | undefined {
    const s = isScalar(f.node) && f.node.value !== null ? this.scalarText(f) : undefined;
    if (s !== undefined && (values as readonly string[]).includes(s)) return s as T;
    const guess = s !== undefined ? closest(s, values, 3) : undefined;
    const fixes: FixData[] = (guess ? [guess] : []).map((v) => ({ kind: 'replace', text: v, title: `Use ${v}` }));
    this.error('SJ013', `${what} must be one of ${values.join(', ')}${s !== undefined ? `, not '${s}'` : ''}${guess ? `: did you mean '${guess}'?` : ''}`, f.range, fixes);
    return undefined;
  }

  duration(f: Field, what: string): number | undefined {
    return this.unitValue(f, what, 'duration', (s) => parseTimeMs(s));
  }

  size(f: Field, what: string): number | undefined {
    return this.unitValue(f, what, 'size', (s) => parseSizeBytes(s));
  }

  private unitValue(f: Field, what: string, kind: 'duration' | 'size', parse: (s: string) => ValueResult<number>): number | undefined {
    const n = f.node;
    if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
      this.error('SJ012', `${what} must be a ${kind} such as ${kind === 'duration' ? '200ms' : '64m'}, not ${describe(n)}`, f.range);
      return undefined;
    }
    const text = this.scalarText(f) ?? '';
    const r = parse(text);
    if (r.ok) {
      if (r.truncated) this.report('info', 'SJ026', `${what} ${text.trim()} is ${formatMs(r.value)}: microseconds are floored to whole milliseconds, as Spark does`, f.range);
      return r.value;
    }
    reportValueError(this, f.range, what, kind, r, isBareNumber(text));
    return undefined;
  }
}

/** Maps a value parser's failure to its code; fixes carry the suggested rewrite. */
export function reportValueError(
  ctx: Ctx,
  range: OffsetRange,
  what: string,
  kind: 'duration' | 'size',
  r: { error: string; message: string; suggestion?: string },
  bare: boolean,
): void {
  const fixes: FixData[] = r.suggestion ? [{ kind: 'replace', text: r.suggestion, title: `Use ${r.suggestion}` }] : [];
  switch (r.error) {
    case 'fraction':
      ctx.error('SJ021', `${what}: ${r.message}`, range, fixes);
      return;
    case 'bare':
      if (kind === 'size' && r.suggestion) {
        const n = r.suggestion.slice(0, -1);
        fixes.push({ kind: 'replace', text: `${n}b`, title: `Use ${n}b` });
      } else if (kind === 'duration' && r.suggestion) {
        const n = r.suggestion.slice(0, -2);
        fixes.push({ kind: 'replace', text: `${n}s`, title: `Use ${n}s` });
      }
      ctx.error('SJ022', `${what}: ${r.message}`, range, fixes);
      return;
    case 'negative':
      ctx.error('SJ025', `${what}: ${r.message}`, range);
      return;
    case 'range':
      ctx.error('SJ016', `${what}: ${r.message}`, range);
      return;
    default:
      ctx.error(kind === 'duration' ? 'SJ020' : 'SJ023', `${what}: ${r.message}`, range, bare ? undefined : fixes);
  }
}

export function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `${v}`;
  }
  return 'an unsupported value';
}
