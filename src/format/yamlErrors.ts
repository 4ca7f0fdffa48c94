// The `yaml` parser's errors in this format's words (SJ001), each at the place a new user looks:
// the parser's own texts ("Implicit map keys need to be followed by map values") name its grammar,
// not the mistake. Errors not listed here keep the parser's text.

import { isScalar, visit, type Document, type YAMLError } from 'yaml';
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
  for (const err of errors) {
    const at = clamp(text, err.pos);
    if (at.start >= swallowedFrom) continue;
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
    out.push({ message: plainWords(text, err, at), range: rangeFor(text, err, at) });
  }
  return out;
}

function plainWords(text: string, err: YAMLError, at: OffsetRange): string {
  const m = err.message;
  switch (err.code) {
    case 'MISSING_CHAR':
      if (/Implicit map keys need to be followed by map values/.test(m)) {
        return `'${firstLine(text, at).trim()}' needs a colon and a value: write \`key: value\``;
      }
      break;
    case 'MULTILINE_IMPLICIT_KEY':
      return `'${firstLine(text, at).trim()}' needs a colon and a value on its line: write \`key: value\``;
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a second colon on one line: a value cannot be `key: value` itself; put the inner keys on their own lines, indented further, or quote the value';
    case 'TAB_AS_INDENT':
      return 'a tab used for indentation: indent with spaces';
    case 'BAD_INDENT':
      if (/mapping items must start at the same column/.test(m)) {
        return 'this key is not lined up with the keys above it: the keys of one mapping start at the same column';
      }
      if (/Flow (sequence|map) in block collection/.test(m)) {
        const close = /sequence/.test(m) ? ']' : '}';
        return `a ${close === ']' ? '[' : '{'} is not closed: add the ${close} before the next key (or indent the continued lines further than the key)`;
      }
      break;
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind on same line with key/.test(m)) {
        return 'a list item (- ...) cannot start on the line of its key: put it on the next line, indented, or write [a, b]';
      }
      break;
  }
  return m;
}

/** The first line of a multi-line key (the rest is the next lines, which the parser glued on). */
function rangeFor(text: string, err: YAMLError, at: OffsetRange): OffsetRange {
  if (err.code === 'MULTILINE_IMPLICIT_KEY' || (err.code === 'MISSING_CHAR' && at.end > at.start)) {
    return { start: at.start, end: at.start + firstLine(text, at).length };
  }
  if (err.code === 'BAD_INDENT' && /same column/.test(err.message)) {
    // the parser points at the indentation: show the misplaced key itself
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

function clamp(text: string, pos: [number, number]): OffsetRange {
  const start = Math.max(0, Math.min(pos[0], text.length));
  return { start, end: Math.max(start, Math.min(pos[1], text.length)) };
}
