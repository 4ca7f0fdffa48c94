// The `yaml` parser's errors and warnings in this format's words (SJ001, SJ002), each at the place a
// new user looks: the parser's own texts ("Implicit map keys need to be followed by map values")
// name its grammar, not the mistake. Every code the parser has (yaml's ErrorCode) has a plain
// sentence here, so none of its texts reaches the user.

import { isCollection, isScalar, visit, type Document, type ErrorCode, type YAMLError } from './yamlApi';
import type { OffsetRange } from './diagnostics';

export interface YamlProblem {
  message: string;
  range: OffsetRange;
}

/** One diagnostic per parser error, or none for errors that only repeat an unclosed quote's damage. */
export function yamlProblems(text: string, doc: Document, errors: readonly YAMLError[]): YamlProblem[] {
  const out: YamlProblem[] = [];
  // an unclosed quote swallows the rest of the file: later errors are its consequences
  let swallowedFrom = Infinity;
  const usedBrackets = new Set<number>();
  // one mistake often gives several errors on its line: the first says it best
  let lineDone: OffsetRange = { start: -1, end: -1 };
  for (const err of errors) {
    const at = clamp(text, err.pos);
    if (at.start >= swallowedFrom || (at.start >= lineDone.start && at.start <= lineDone.end)) continue;
    if (err.code === 'MISSING_CHAR' && /closing ["']quote/.test(err.message)) {
      const open = openingQuote(doc, at.start);
      if (open !== undefined) {
        swallowedFrom = open;
        const q = text[open];
        out.push({
          message: `unclosed quote: this string starts here and never ends (add the closing ${q})`,
          range: lineFrom(text, open),
        });
        continue;
      }
    }
    const unclosed = /^Flow (sequence|map).* end with a ([\]}])/.exec(err.message);
    if (unclosed) {
      const open = openingBracket(text, doc, at.start, unclosed[2] === ']' ? '[' : '{', usedBrackets);
      if (open !== undefined) {
        usedBrackets.add(open);
        const close = unclosed[2];
        out.push({
          message: `this ${close === ']' ? '[' : '{'} is never closed: add the ${close} after its last item (a continued line must be indented further than its key)`,
          range: trimmedLine(text, open),
        });
        continue;
      }
    }
    const range = rangeFor(text, err, at);
    out.push({ message: plainWords(text, err, at), range });
    lineDone = { start: text.lastIndexOf('\n', range.start - 1) + 1, end: lineFrom(text, range.start).end };
  }
  return out;
}

/** A parser warning (SJ002) in plain words. */
export function yamlWarning(text: string, w: YAMLError): YamlProblem {
  const at = clamp(text, w.pos);
  return { message: plainWords(text, w, at), range: at };
}

type Words = string | ((m: RegExpExecArray, text: string, at: OffsetRange) => string);
/** Per code: the parser's message patterns and their plain words; the last entry (pattern `.`) is the code's default. */
const RULES: Record<ErrorCode, [RegExp, Words][]> = {
  ALIAS_PROPS: [[/./, 'a reference to an anchor (*name) cannot have its own tag or anchor: remove the ! or & before it']],
  BAD_ALIAS: [
    [/^Anchor ending in :/, 'an anchor name ending in a colon is ambiguous: put a space between &name and the colon'],
    [/^Alias ending in :/, 'a reference (*name) ending in a colon is ambiguous: put a space between *name and the colon'],
    [/./, 'a * here starts a reference to an anchor and needs its name (*name): quote the value if the * is text'],
  ],
  BAD_COLLECTION_TYPE: [[/./, 'this YAML tag does not fit this kind of value: job files need no tags, remove it']],
  BAD_DIRECTIVE: [
    [/^Unsupported YAML version (\S+)/, (m) => `YAML ${m[1]} is not supported: remove the %YAML line (job files are read as YAML 1.2)`],
    [/./, 'a line starting with % is a YAML directive, which job files do not use: remove it (quote a value that starts with %)'],
  ],
  BAD_DQ_ESCAPE: [
    [/^Invalid escape sequence (.*)/, (m) => `${m[1].trim()} is not an escape in a "double-quoted" string: write \\\\ for a backslash, or use 'single quotes'`],
    [/./, 'a backslash in a "double-quoted" string starts an escape: write \\\\ for a backslash, or use \'single quotes\''],
  ],
  BAD_INDENT: [
    [/mapping items must start at the same column/, 'this key is not lined up with the keys above it: the keys of one mapping start at the same column'],
    [/sequence items must start at the same column/, 'this list item is not lined up with the items above it: the - of one list start at the same column'],
    [/Flow (sequence|map) in block collection/, (m) => `a ${m[1] === 'sequence' ? '[' : '{'} is not closed: add the ${m[1] === 'sequence' ? ']' : '}'} after its last item (or indent the continued lines further than the key)`],
    [/Flow end indicator/, 'this closing bracket must be indented further than the key its [ or { belongs to'],
    [/Block scalar/, 'the lines of a | or > text must be indented further than its key'],
    [/./, 'this line is indented wrongly for where it is: line it up with the keys or items it belongs with'],
  ],
  BAD_PROP_ORDER: [[/./, 'an anchor (&name) or tag goes after the - or ?, not before it']],
  BAD_SCALAR_START: [
    [/character (\S+)$/, (m) => `a value cannot start with ${m[1]}: quote it ("${m[1]}...")`],
    [/./, 'a value cannot start with this character: quote it'],
  ],
  BLOCK_AS_IMPLICIT_KEY: [
    [/block sequence may not be used as an implicit map key/, 'a list item (- ...) where a key was expected: indent it under its key, or line it up with the other items of its list'],
    [/./, 'a second colon on one line: a value cannot be `key: value` itself; put the inner keys on their own lines, indented further, or quote the value'],
  ],
  BLOCK_IN_FLOW: [[/./, 'inside [ ] or { } the items are separated by commas and stay in that style (no - items, no indented keys): check for a missing comma or a missing ] or }']],
  DUPLICATE_KEY: [[/./, 'a key appears twice in one mapping: keys must be unique, remove one']],
  IMPOSSIBLE: [[/./, 'the YAML here cannot be read: check the line for a stray character']],
  KEY_OVER_1024_CHARS: [[/./, 'a key longer than 1024 characters (or a long line whose colon is far from its start): keys are short names; check for a missing line break']],
  MISSING_CHAR: [
    [/Implicit map keys need to be followed by map values/, (_m, text, at) => `'${firstLine(text, at).trim()}' needs a colon and a value: write \`key: value\``],
    [/^Comments must be separated/, 'a # starts a comment only after a space: put a space before the #, or quote the value that contains it'],
    [/^Tags and anchors must be separated/, 'put a space between the anchor (&name) or tag and the value after it'],
    [/^Missing , or : between/, 'a comma (between items) or a colon (between a key and its value) is missing here inside [ ] or { }'],
    [/^Missing , between/, 'a comma is missing between these two items of [ ] or { }'],
    [/^Missing space after :/, 'inside { } a colon needs a space after it: write `key: value`'],
    [/^Sequence item without - indicator/, 'this line needs a - to be an item of the list above it'],
    [/directives-end/, 'a %-directive line must be followed by a --- line: remove the directive (job files need none)'],
    [/^Missing closing (["'])quote/, (m) => `unclosed quote: add the closing ${m[1]}`],
    [/./, 'a character is missing here (a colon, comma or closing bracket)'],
  ],
  MULTILINE_IMPLICIT_KEY: [
    [/flow sequence pairs/, 'a `key: value` inside [ ] must be on one line: put the key and its colon together'],
    [/./, (_m, text, at) => `'${firstLine(text, at).trim()}' needs a colon and a value on its line: write \`key: value\``],
  ],
  MULTIPLE_ANCHORS: [[/./, 'a value can have only one anchor (&name): remove the other']],
  MULTIPLE_DOCS: [[/./, 'a job file holds one YAML document: remove this second document (from its ---)']],
  MULTIPLE_TAGS: [[/./, 'a value can have only one tag: remove the other (job files need none)']],
  NON_STRING_KEY: [[/./, 'a key must be a plain name, not a list or a mapping']],
  RESOURCE_EXHAUSTION: [[/./, 'the document repeats too much content through aliases to be read']],
  TAB_AS_INDENT: [[/./, 'a tab used for indentation: indent with spaces']],
  TAG_RESOLVE_FAILED: [
    [/^Unresolved tag: tag:yaml\.org,2002:(\w+)/, (m) => `this value cannot be read as !!${m[1]}: remove the tag (job files need none) or correct the value`],
    [/^Unresolved tag: (\S+)/, (m) => `unknown YAML tag ${m[1]}: remove it (job files need no tags)`],
    [/./, 'this YAML tag cannot be applied here: remove it (job files need no tags)'],
  ],
  UNEXPECTED_TOKEN: [
    [/block-seq-ind on same line with key/, 'a list item (- ...) cannot start on the line of its key: put it on the next line, indented, or write [a, b]'],
    [/^Unexpected , in/, 'an empty item: a comma with no item before it (two commas in a row, or a comma right after the [ or {): remove it'],
    [/^Unexpected scalar at node end/, 'text after a complete value: a "quoted" string or a [ ] or { } ends before this; quote the whole value or move the rest to its own line'],
    [/^Unexpected flow-(seq|map)-end token/, (m) => `a ${m[1] === 'seq' ? ']' : '}'} with no ${m[1] === 'seq' ? '[' : '{'} open before it: remove it`],
    [/^Unexpected map-value-ind/, 'a colon with no key before it: write `key: value`'],
    [/^Block scalar header includes extra characters/, 'after | or > only an indentation digit and + or - may follow: put the text on the lines below, indented'],
    [/^Unexpected (?:doc-end|doc-start)/, 'a document marker (--- or ...) here: a job file is one document, remove it'],
    [/./, (_m, text, at) => `'${text.slice(at.start, Math.max(at.end, at.start + 1)).trim() || 'this'}' is not expected here: check the line for a stray character or a missing colon`],
  ],
};

function plainWords(text: string, err: YAMLError, at: OffsetRange): string {
  for (const [re, words] of RULES[err.code] ?? []) {
    const m = re.exec(err.message);
    if (m) return typeof words === 'string' ? words : words(m, text, at);
  }
  return 'this cannot be read as YAML: check the line for a stray character or a missing colon';
}

/** The first line of a multi-line key (the rest is the next lines, which the parser glued on). */
function rangeFor(text: string, err: YAMLError, at: OffsetRange): OffsetRange {
  if (err.code === 'MULTILINE_IMPLICIT_KEY' || (err.code === 'MISSING_CHAR' && at.end > at.start)) {
    return { start: at.start, end: at.start + firstLine(text, at).length };
  }
  if (err.code === 'BLOCK_AS_IMPLICIT_KEY' && /block sequence/.test(err.message)) return trimmedLine(text, at.start + /^\s*/.exec(text.slice(at.start))![0].length);
  if (err.code === 'BAD_INDENT' && /same column/.test(err.message)) {
    // the parser points at the indentation: show the misplaced key or item itself
    const line = text.slice(at.start, lineFrom(text, at.start).end);
    const key = /^\s*([^:\s][^:]*)/.exec(line);
    if (key) {
      const start = at.start + key[0].length - key[1].length;
      return { start, end: start + key[1].trimEnd().length };
    }
  }
  return at;
}

function firstLine(text: string, at: OffsetRange): string {
  const s = text.slice(at.start, at.end);
  const nl = s.indexOf('\n');
  return nl < 0 ? s : s.slice(0, nl);
}

/** From `start` to the end of its line (at least one character, so the editor shows it). */
function lineFrom(text: string, start: number): OffsetRange {
  const nl = text.indexOf('\n', start);
  const end = (nl < 0 ? text.length : nl);
  return { start, end: Math.max(end, Math.min(start + 1, text.length)) };
}

/** From `start` to the end of its line, trailing blanks and a comment cut (at least one character). */
function trimmedLine(text: string, start: number): OffsetRange {
  const line = text.slice(start, lineFrom(text, start).end).replace(/\s+#.*$/, '').trimEnd();
  return { start, end: start + Math.max(1, line.length) };
}

/** Offset of the opening quote of the quoted scalar that runs to `end` (the last one starting before it). */
function openingQuote(doc: Document, end: number): number | undefined {
  let best: number | undefined;
  visit(doc, {
    Scalar(_k, n) {
      if (!isScalar(n) || (n.type !== 'QUOTE_DOUBLE' && n.type !== 'QUOTE_SINGLE') || !n.range) return;
      if (n.range[0] < end && n.range[1] >= end && (best === undefined || n.range[0] > best)) best = n.range[0];
    },
  });
  return best;
}

/**
 * Offset of the `[` or `{` whose collection the parser ended at `end` without its closing bracket
 * (the innermost not yet reported: nested unclosed brackets each give one error).
 */
function openingBracket(text: string, doc: Document, end: number, bracket: string, used: Set<number>): number | undefined {
  let best: number | undefined;
  visit(doc, {
    Collection(_k, n) {
      if (!isCollection(n) || !n.flow || !n.range) return;
      const start = n.range[0];
      if (text[start] !== bracket || used.has(start) || start >= end) return;
      // an unclosed collection's value ends where the parser looked for its bracket (a closed inner one ends before)
      if (n.range[1] === end && (best === undefined || start > best)) best = start;
    },
  });
  return best;
}

function clamp(text: string, pos: [number, number]): OffsetRange {
  const start = Math.max(0, Math.min(pos[0], text.length));
  return { start, end: Math.max(start, Math.min(pos[1], text.length)) };
}
