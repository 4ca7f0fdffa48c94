// Where is the cursor, for completion? The text being typed is often not valid YAML yet
// (`    spark.loc`), so this reads indentation and brackets instead of a parse tree.

export interface CursorContext {
  /** keys from the root to the mapping or sequence the cursor is in; sequence items are `*` */
  parent: string[];
  /** typing a key of that mapping, or the value of `key` */
  mode: 'key' | 'value';
  key?: string;
  /** the value is an item of a flow or block sequence owned by `key` (e.g. `prefer: ["exec:`) */
  inSequence?: boolean;
  /** the word typed so far, and where it starts (the completion replaces `[wordStart, offset)`) */
  word: string;
  wordStart: number;
  /** column where a key at this level starts (for multi-line inserts) */
  indent: number;
  /**
   * leading whitespace of the cursor's line before the word: VS Code adds it to every line of a
   * multi-line snippet, so nested lines are written relative to it
   */
  lineIndent: number;
  /**
   * the cursor sits under the `- ` of the list item above (where Enter leaves it): keys of that
   * item, written this many spaces further right so they continue it
   */
  lead?: number;
  /** keys already present in the same mapping */
  siblings: string[];
  /** their values when written on the key's line (`kind: receiver`) */
  siblingValues?: Record<string, string>;
  /** inside a flow collection (`{ ... }`, `[ ... ]`): insert single-line text */
  flow?: boolean;
}

interface LineShape {
  /** columns of `- ` markers at the start of the line */
  dashes: number[];
  /** column of the content after the indentation and the dashes */
  col: number;
  key?: string;
  /** text after `key:` (trimmed), '' when the value is on the next lines */
  rest?: string;
  blank: boolean;
}

const KEY_RE = /^("([^"]*)"|'([^']*)'|[^\s:#{}[\],][^:#{}[\],]*?)\s*:(?:\s+|$)(.*)$/;

export function lineShape(line: string): LineShape {
  let i = 0;
  const dashes: number[] = [];
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) {
      dashes.push(i);
      i++;
      continue;
    }
    break;
  }
  const content = line.slice(i);
  const blank = content.trim() === '' || content.trimStart().startsWith('#');
  const m = KEY_RE.exec(content);
  if (!m) return { dashes, col: i, blank: blank && dashes.length === 0 };
  const key = m[2] ?? m[3] ?? m[1].trim();
  return { dashes, col: i, key, rest: m[4].replace(/\s+#.*$/, '').trim(), blank: false };
}

/** The unclosed flow collections of a line prefix, outermost first (quoted text ignored). */
function openFlows(prefix: string): { pos: number; char: '{' | '[' }[] {
  const stack: { pos: number; char: '{' | '[' }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || prefix[i - 1] === ' ')) break;
    else if (c === '{' || c === '[') stack.push({ pos: i, char: c });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  return stack;
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const wordMatch = /[^\s{}[\],:"']*$/.exec(prefix)!;
  // `exec:2` is one word in a prefer list; keep the part after a quote
  const locMatch = /(?:exec|host|rack):[^\s"',\]]*$/.exec(prefix);
  const word = locMatch ? locMatch[0] : wordMatch[0];
  const wordStart = offset - word.length;

  const flows = openFlows(prefix);
  const blockPart = flows.length ? prefix.slice(0, flows[0].pos) : prefix;
  const shape = lineShape(blockPart);
  const linesAbove = text.slice(0, lineStart).split('\n');
  linesAbove.pop(); // the empty string after the last newline

  const linesBelow = text.slice(offset).split('\n').slice(1);
  const lineIndent = Math.min(/^ */.exec(prefix)![0].length, wordStart - lineStart);
  if (!flows.length && !shape.dashes.length && shape.key === undefined) {
    const itemCol = itemAbove(linesAbove, shape.col);
    if (itemCol !== undefined) {
      const col = itemCol + 2;
      return {
        parent: ancestors(linesAbove, [], col), mode: 'key', word, wordStart, indent: col, lineIndent,
        ...siblingKeys(linesAbove, linesBelow, col), lead: col - shape.col,
      };
    }
  }
  const parent = ancestors(linesAbove, shape.dashes, shape.col);
  const { siblings, siblingValues } = siblingKeys(shape.dashes.length ? [] : linesAbove, linesBelow, shape.col);
  const indent = shape.col;

  if (flows.length) {
    // the path of the innermost flow collection: the block key that owns the outermost one,
    // then the key before each nested `{`/`[` inside a flow mapping, `*` inside a flow sequence
    let path = shape.key !== undefined ? [...parent, shape.key] : parent;
    for (let k = 1; k < flows.length; k++) {
      const outer = flows[k - 1];
      if (outer.char === '[') path = [...path, '*'];
      else {
        const km = /("?)([^\s,{}[\]"':]+)\1\s*:\s*$/.exec(prefix.slice(outer.pos + 1, flows[k].pos));
        path = [...path, km ? km[2] : '?'];
      }
    }
    const flow = flows[flows.length - 1];
    const inner = prefix.slice(flow.pos + 1);
    if (flow.char === '[') {
      return { parent: path.slice(0, -1), mode: 'value', key: path[path.length - 1], inSequence: true, word, wordStart, indent, lineIndent, siblings: [], flow: true };
    }
    const lastItem = inner.slice(inner.lastIndexOf(',') + 1);
    const fm = /^\s*("([^"]*)"|'([^']*)'|[^\s:"']+)\s*:\s*/.exec(lastItem);
    if (fm && !locMatch) {
      return { parent: path, mode: 'value', key: fm[2] ?? fm[3] ?? fm[1], word, wordStart, indent, lineIndent, siblings: [], flow: true };
    }
    const present = [...inner.matchAll(/("?)([\w.-]+)\1\s*:/g)].map((m) => m[2]);
    return { parent: path, mode: 'key', word, wordStart, indent, lineIndent, siblings: present, flow: true };
  }
  if (shape.key !== undefined && shape.rest !== undefined) {
    return { parent: parent, mode: 'value', key: shape.key, word, wordStart, indent, lineIndent, siblings, siblingValues };
  }
  return { parent, mode: 'key', word, wordStart, indent, lineIndent, siblings, siblingValues };
}

/**
 * The keys (and `*` for sequence items) that own a key at column `col` of the current line,
 * whose own `- ` markers are `dashes`.
 */
export function ancestors(linesAbove: string[], dashes: number[], col: number): string[] {
  const path: string[] = [];
  let mode: 'map' | 'seq' = 'map';
  let at = col;
  const enterDashes = (ds: number[]) => {
    for (let k = 0; k < ds.length; k++) path.unshift('*');
    mode = 'seq';
    at = ds[0];
  };
  if (dashes.length) enterDashes(dashes);
  for (let i = linesAbove.length - 1; i >= 0; i--) {
    const s = lineShape(linesAbove[i]);
    if (s.blank) continue;
    const keyCol = s.col;
    if (mode === 'map') {
      if (keyCol > at) continue;
      if (keyCol === at) {
        if (s.dashes.length) enterDashes(s.dashes);
        continue;
      }
      if (s.key === undefined) continue;
      path.unshift(s.key);
      if (s.dashes.length) enterDashes(s.dashes);
      else at = keyCol;
    } else {
      const outer = s.dashes.length ? s.dashes[0] : keyCol;
      if (outer > at) continue;
      if (s.dashes.length && s.dashes[0] === at) continue; // a sibling item
      if (s.key === undefined) continue;
      path.unshift(s.key);
      mode = 'map';
      if (s.dashes.length) enterDashes(s.dashes);
      else at = keyCol;
    }
  }
  return path;
}

/**
 * The column of the `- ` of a mapping item just above whose dash is at `col` (the cursor is
 * under it, with only the item's own deeper lines in between), or undefined.
 */
function itemAbove(linesAbove: string[], col: number): number | undefined {
  for (let i = linesAbove.length - 1; i >= 0; i--) {
    const s = lineShape(linesAbove[i]);
    if (s.blank) continue;
    const outer = s.dashes.length ? s.dashes[0] : s.col;
    if (outer > col) continue;
    // `- key: ...`: an item of mappings (not `- "exec:1"`, where a new item is what comes next)
    return outer === col && s.dashes.length === 1 && s.key !== undefined ? col : undefined;
  }
  return undefined;
}

/**
 * Keys at column `col` of the mapping around the current line (above and below); above, the
 * key on the `- ` line that opens the item counts too.
 */
function siblingKeys(above: string[], below: string[], col: number): { siblings: string[]; siblingValues: Record<string, string> } {
  const keys: string[] = [];
  const values: Record<string, string> = {};
  const add = (s: LineShape) => {
    keys.push(s.key!);
    if (s.rest) values[s.key!] = s.rest.replace(/^(["'])(.*)\1$/, '$2');
  };
  const scan = (lines: string[], up: boolean) => {
    for (const line of lines) {
      const s = lineShape(line);
      if (s.blank) continue;
      if (s.col < col) break;
      if (s.dashes.length) {
        if (up && s.col === col && s.key !== undefined) add(s);
        if (s.dashes[s.dashes.length - 1] < col) break;
        continue;
      }
      if (s.col === col && s.key !== undefined) add(s);
    }
  };
  scan([...above].reverse(), true);
  scan(below, false);
  return { siblings: keys, siblingValues: values };
}
