// Diagnostics are plain data: offsets into the text, `[start, end)`, turned into line and
// column only at the edge (CLI, extension), as yaml-language-server does.

export type Severity = 'error' | 'warning' | 'info';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface RelatedInfo {
  message: string;
  range: OffsetRange;
}

/** What a quick fix needs, so the editor never parses a message. */
export type FixData =
  | { kind: 'replace'; text: string; title: string }
  | { kind: 'renameKey'; to: string }
  | { kind: 'addKey'; key: string; snippet: string }
  /** `slots` reserved slots on each of `executors` (`all`: every executor), in one edit */
  | { kind: 'reserveSlots'; executors: string[]; slots: number }
  | { kind: 'setConf'; key: string; value: string };

export interface Diagnostic {
  severity: Severity;
  message: string;
  range: OffsetRange;
  /** stable code, `SJ001`... (see README "Diagnostic codes") */
  code: string;
  fixes?: FixData[];
  related?: RelatedInfo[];
}

/** 1-based line and column of an offset, as tsc and gcc print them. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}
