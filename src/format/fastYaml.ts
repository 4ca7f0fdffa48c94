// The parser's fast path for the YAML job files are written in: block mappings and sequences,
// one-line flow collections, plain and quoted scalars, comments, all ASCII. `yaml` reads a 1 kB
// job file in 18-22 ms of a cold command (its generator lexer and parser run once, in V8's
// interpreter, making 1.4 MB of garbage: the command's first two young collections); this reads
// it in about a millisecond. The nodes are `yaml`'s own classes with the values, types, sources
// and ranges `yaml` gives them (test/unit/format/fastYaml.test.ts compares both trees on every
// example and on generated and mutated files); comments are not kept, as nothing reading the
// document here looks at them. Anything outside the subset, or any place where `yaml` would attach
// a comment to a node's range or report a problem, returns undefined and `yaml` reads the text.
import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Schema } from './yamlApi';

/** Thrown where the text leaves the subset: the caller then gives the text to `yaml`. */
const OUTSIDE = { outside: true };

/** Tabs, CR, controls, anything beyond ASCII: `yaml` has rules of its own for them. */
const NOT_ASCII = /[^\n\x20-\x7e]/;

const SP = 32, NL = 10, HASH = 35, COLON = 58, DASH = 45, COMMA = 44, DQ = 34, SQ = 39;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** `yaml`'s document of `text`, or undefined when the text is not in the subset. */
export function fastYamlDocument(text: string, options: object): Document | undefined {
  if (NOT_ASCII.test(text)) return undefined;
  const doc = new Document(undefined, options);
  try {
    const reader = new Reader(text, doc);
    const root = reader.root();
    doc.contents = root;
    doc.range = [root.range![0], root.range![2], text.length];
    return doc;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class Reader {
  private readonly schema: Schema;
  private readonly tags: ScalarTag[];
  private readonly string: ScalarTag;
  /** the line start of the next content line (text.length at the end), and its indentation (-1 at the end) */
  private pos = 0;
  private indent = -1;
  /** the deepest comment line's indentation between the last content line and the next one, or -1 */
  private gapComment = -1;
  /** where a flow node's text ends, and after the blanks that follow it */
  private flowEnd = 0;
  /** where the node bracketed() read ends */
  private textEnd = 0;

  constructor(private readonly text: string, private readonly doc: Document) {
    this.schema = doc.schema;
    this.tags = doc.schema.tags as unknown as ScalarTag[];
    this.string = (doc.schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
  }

  root(): YAMLMap | YAMLSeq {
    this.next(0);
    if (this.pos === this.text.length || this.indent !== 0) throw OUTSIDE;
    const root = this.block(this.pos, 0);
    if (this.pos !== this.text.length) throw OUTSIDE;
    return root;
  }

  /**
   * From a line start, past blank and comment lines to the next content line (pos, indent). A
   * comment deeper than that line, or than the end, would belong to the node it follows.
   */
  private next(at: number): void {
    const t = this.text;
    let comment = -1;
    while (at < t.length) {
      let i = at;
      while (t.charCodeAt(i) === SP) i++;
      const c = t.charCodeAt(i);
      if (i === t.length) break;
      if (c === NL) {
        at = i + 1;
        continue;
      }
      if (c === HASH) {
        comment = Math.max(comment, i - at);
        at = this.lineEnd(i);
        continue;
      }
      if (comment > i - at) throw OUTSIDE;
      if (i === at && (c === 37 || t.startsWith('---', i) || t.startsWith('...', i))) throw OUTSIDE;
      this.pos = at;
      this.indent = i - at;
      this.gapComment = comment;
      return;
    }
    if (comment > 0) throw OUTSIDE;
    this.pos = t.length;
    this.indent = -1;
    this.gapComment = comment;
  }

  /**
   * A block collection at `col` ends before the next content line: `yaml` gives it the comments
   * between at its indentation or deeper (its range then runs to that line); at the end of the
   * text a comment at column 0 is the document's.
   */
  private ended(col: number): void {
    if (this.pos < this.text.length && this.gapComment >= col) throw OUTSIDE;
  }

  /** The start of the line after the one holding `i`. */
  private lineEnd(i: number): number {
    const nl = this.text.indexOf('\n', i);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private block(lineStart: number, col: number): YAMLMap | YAMLSeq {
    const at = lineStart + col;
    if (this.seqItem(at)) return this.seq(lineStart, col);
    if (this.keyEnd(at) >= 0) return this.map(lineStart, col);
    throw OUTSIDE;
  }

  private seqItem(at: number): boolean {
    const t = this.text;
    return t.charCodeAt(at) === DASH && (at + 1 === t.length || t.charCodeAt(at + 1) === SP || t.charCodeAt(at + 1) === NL);
  }

  /** The offset of the `:` ending a plain or quoted key at `at` on its line, or -1. */
  private keyEnd(at: number): number {
    const t = this.text;
    const q = t.charCodeAt(at);
    if (q === DQ || q === SQ) {
      const e = this.quoteEnd(at);
      const d = t.charCodeAt(e + 1);
      return t.charCodeAt(e) === COLON && (e + 1 === t.length || d === SP || d === NL) ? e : -1;
    }
    if (!plainStart(t.charCodeAt(at), t.charCodeAt(at + 1), false)) return -1;
    for (let i = at + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) return -1;
      if (c === HASH && t.charCodeAt(i - 1) === SP) return -1;
      if (c === COLON) {
        const d = t.charCodeAt(i + 1);
        if (i + 1 === t.length || d === SP || d === NL) {
          if (t.charCodeAt(i - 1) === SP || i - at > 1024) throw OUTSIDE;
          return i;
        }
      }
    }
    return -1;
  }

  private map(lineStart: number, col: number): YAMLMap {
    const t = this.text;
    const map = new YAMLMap(this.schema);
    let at = lineStart + col;
    for (;;) {
      const colon = this.keyEnd(at);
      if (colon < 0) throw OUTSIDE;
      const key = this.key(at, colon);
      let v = colon + 1;
      while (t.charCodeAt(v) === SP) v++;
      let value: Node;
      const c = t.charCodeAt(v);
      if (v === t.length || c === NL || (c === HASH && v > colon + 1)) {
        this.next(this.lineEnd(v));
        if (this.indent > col || (this.indent === col && this.seqItem(this.pos + col))) value = this.block(this.pos, this.indent);
        else throw OUTSIDE;
      } else {
        value = this.inline(v);
        if (this.indent > col) throw OUTSIDE;
      }
      map.items.push(new Pair(key, value));
      if (this.indent < col) break;
      if (this.indent > col) throw OUTSIDE;
      at = this.pos + col;
      if (this.seqItem(at)) throw OUTSIDE;
    }
    this.ended(col);
    map.range = this.blockRange(lineStart + col, (map.items[map.items.length - 1].value as Node).range!);
    return map;
  }

  private seq(lineStart: number, col: number): YAMLSeq {
    const t = this.text;
    const seq = new YAMLSeq(this.schema);
    let line = lineStart;
    for (;;) {
      const dash = line + col;
      let v = dash + 1;
      while (t.charCodeAt(v) === SP) v++;
      const c = t.charCodeAt(v);
      if (v === dash + 1 || v === t.length || c === NL || c === HASH || this.seqItem(v)) throw OUTSIDE;
      const item = this.keyEnd(v) >= 0 ? this.map(line, v - line) : this.inline(v);
      if (this.indent > col) throw OUTSIDE;
      seq.items.push(item);
      if (this.indent < col || !this.seqItem(this.pos + col)) break;
      line = this.pos;
    }
    this.ended(col);
    seq.range = this.blockRange(lineStart + col, (seq.items[seq.items.length - 1] as Node).range!);
    return seq;
  }

  private blockRange(start: number, last: [number, number, number]): [number, number, number] {
    return [start, last[2], last[2]];
  }

  /** A scalar or a flow collection that ends its line (a comment may follow); pos, indent: the next content line. */
  private inline(v: number): Node {
    const t = this.text;
    const c = t.charCodeAt(v);
    let node = this.bracketed(v);
    let end = this.textEnd;
    if (node === undefined) {
      if (!plainStart(c, t.charCodeAt(v + 1), false)) throw OUTSIDE;
      end = v + 1;
      let i = v + 1;
      for (; i < t.length; i++) {
        const d = t.charCodeAt(i);
        if (d === NL || (d === HASH && t.charCodeAt(i - 1) === SP)) break;
        if (d === COLON && (i + 1 === t.length || t.charCodeAt(i + 1) === SP || t.charCodeAt(i + 1) === NL)) throw OUTSIDE;
        if (d !== SP) end = i + 1;
      }
      node = this.scalar(v, end, v, end, end, 'PLAIN', false);
    }
    let i = end;
    while (t.charCodeAt(i) === SP) i++;
    if (t.charCodeAt(i) === HASH) {
      if (i === end) throw OUTSIDE;
      i = this.lineEnd(i);
    } else if (i < t.length) {
      if (t.charCodeAt(i) !== NL) throw OUTSIDE;
      i++;
    }
    node.range![2] = i;
    this.next(i);
    return node;
  }

  /** A flow collection or a quoted scalar at `at` (textEnd: where its text ends), or undefined. */
  private bracketed(at: number): Node | undefined {
    const c = this.text.charCodeAt(at);
    if (c === 91 || c === 123) {
      const node = this.flow(at);
      this.textEnd = this.flowEnd;
      return node;
    }
    if (c !== DQ && c !== SQ) return undefined;
    const end = this.quoteEnd(at);
    this.textEnd = end;
    return this.scalar(at + 1, end - 1, at, end, end, c === DQ ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', false);
  }

  /** The offset after the closing quote of a one-line quoted scalar without escapes. */
  private quoteEnd(v: number): number {
    const t = this.text;
    const q = t.charCodeAt(v);
    for (let i = v + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === NL || c === 92) throw OUTSIDE;
      if (c === q) {
        if (q === SQ && t.charCodeAt(i + 1) === SQ) throw OUTSIDE;
        return i + 1;
      }
    }
    throw OUTSIDE;
  }

  /** A flow collection on one line; flowEnd: past its closing bracket. */
  private flow(open: number): YAMLMap | YAMLSeq {
    const t = this.text;
    const isMap = t.charCodeAt(open) === 123;
    const close = isMap ? 125 : 93;
    const node = isMap ? new YAMLMap(this.schema) : new YAMLSeq(this.schema);
    node.flow = true;
    let i = this.blanks(open + 1);
    if (t.charCodeAt(i) === close) {
      this.flowEnd = i + 1;
      node.range = [open, i + 1, i + 1];
      return node;
    }
    for (;;) {
      if (isMap) {
        const k = i;
        const q = t.charCodeAt(k);
        if (q === DQ || q === SQ) i = this.quoteEnd(k);
        else if (!plainStart(q, t.charCodeAt(k + 1), true)) throw OUTSIDE;
        else while (i < t.length && !flowStop(t.charCodeAt(i))) i++;
        if (t.charCodeAt(i) !== COLON || t.charCodeAt(i + 1) !== SP || t.charCodeAt(i - 1) === SP) throw OUTSIDE;
        const key = this.key(k, i);
        (node as YAMLMap).items.push(new Pair(key, this.flowItem(this.blanks(i + 1))));
      } else {
        (node as YAMLSeq).items.push(this.flowItem(i));
      }
      i = this.flowEnd;
      const c = t.charCodeAt(i);
      if (c === COMMA) {
        i = this.blanks(i + 1);
        if (t.charCodeAt(i) === close) throw OUTSIDE;
        continue;
      }
      if (c !== close) throw OUTSIDE;
      node.range = [open, i + 1, i + 1];
      this.flowEnd = i + 1;
      return node;
    }
  }

  /** A node inside a flow collection; flowEnd: past the blanks after it. */
  private flowItem(i: number): Node {
    const t = this.text;
    const c = t.charCodeAt(i);
    let node = this.bracketed(i);
    let end = this.textEnd;
    if (node === undefined) {
      if (!plainStart(c, t.charCodeAt(i + 1), true)) throw OUTSIDE;
      end = i + 1;
      let j = i + 1;
      for (; j < t.length; j++) {
        const d = t.charCodeAt(j);
        if (flowStop(d)) break;
        if (d !== SP) end = j + 1;
      }
      if (t.charCodeAt(j) === HASH || t.charCodeAt(j) === COLON) throw OUTSIDE;
      node = this.scalar(i, end, i, end, end, 'PLAIN', false);
    }
    const after = this.blanks(end);
    if (t.charCodeAt(after) === COLON || t.charCodeAt(after) === HASH) throw OUTSIDE;
    node.range![2] = after;
    this.flowEnd = after;
    return node;
  }

  private blanks(i: number): number {
    while (this.text.charCodeAt(i) === SP) i++;
    return i;
  }

  /** A key from `at` to its `:`. */
  private key(at: number, colon: number): Scalar {
    const q = this.text.charCodeAt(at);
    if (q === DQ || q === SQ) return this.scalar(at + 1, colon - 1, at, colon, colon, q === DQ ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', true);
    return this.scalar(at, colon, at, colon, colon, 'PLAIN', true);
  }

  /** As `yaml`'s composeScalar: a plain scalar's tag by the schema's tests, a quoted one a string. */
  private scalar(from: number, to: number, start: number, end: number, nodeEnd: number, type: Scalar.Type, atKey: boolean): Scalar {
    const source = this.text.slice(from, to);
    let tag = this.string;
    if (type === 'PLAIN') {
      for (const t of this.tags) {
        if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(source)) {
          tag = t;
          break;
        }
      }
    }
    const res = tag.resolve(source, () => { throw OUTSIDE; }, this.doc.options);
    const s = isScalar(res) ? res : new Scalar(res);
    s.range = [start, end, nodeEnd];
    s.source = source;
    s.type = type;
    if (tag.format) s.format = tag.format;
    return s;
  }
}

/** A plain scalar may start here: not an indicator, nor `-`, `?`, `:` before a blank. */
function plainStart(c: number, next: number, flow: boolean): boolean {
  switch (c) {
    case DASH: case 63: case COLON:
      return next !== SP && next !== NL && !Number.isNaN(next) && !(flow && flowStop(next));
    case COMMA: case 91: case 93: case 123: case 125: case HASH: case 38: case 42: case 33:
    case 124: case 62: case SQ: case DQ: case 37: case 64: case 96: case SP: case NL:
      return false;
    default:
      return !Number.isNaN(c);
  }
}

/** Ends a plain scalar in a flow collection (a `:` or `#` there is left to `yaml`). */
function flowStop(c: number): boolean {
  return c === COMMA || c === 93 || c === 125 || c === 91 || c === 123 || c === COLON || c === HASH || c === NL || Number.isNaN(c);
}
