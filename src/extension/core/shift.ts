// Diagnostics (offset ranges) carried through text edits: a range after an edit moves with it, a
// range before it stays, a range the edit overlaps or touches is dropped. Pure (no vscode).
import type { Diagnostic, OffsetRange } from '../../format';

export interface OffsetChange {
  /** offset of the replaced range in the text before this change */
  rangeOffset?: number;
  rangeLength?: number;
  text: string;
}

/** The range after the change, or undefined when the change touches it. */
export function shiftRange(r: OffsetRange, c: Required<Pick<OffsetChange, 'rangeOffset' | 'rangeLength'>> & { text: string }): OffsetRange | undefined {
  const start = c.rangeOffset;
  const end = c.rangeOffset + c.rangeLength;
  if (r.end < start) return r;
  if (r.start > end) {
    const d = c.text.length - c.rangeLength;
    return { start: r.start + d, end: r.end + d };
  }
  return undefined;
}

/**
 * Applies the changes in order (VS Code lists the changes of one event so that applying them one
 * after the other is right). A change without offsets (an unknown edit) drops everything.
 */
export function shiftDiagnostics(diagnostics: readonly Diagnostic[], changes: readonly OffsetChange[]): Diagnostic[] {
  let out: Diagnostic[] = [...diagnostics];
  for (const c of changes) {
    if (typeof c.rangeOffset !== 'number' || typeof c.rangeLength !== 'number') return [];
    const change = { rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text ?? '' };
    const next: Diagnostic[] = [];
    for (const d of out) {
      const range = shiftRange(d.range, change);
      if (!range) continue;
      const related = d.related?.map((r) => ({ ...r, range: shiftRange(r.range, change) }))
        .filter((r): r is typeof r & { range: OffsetRange } => r.range !== undefined);
      next.push({ ...d, range, ...(d.related ? { related } : {}) });
    }
    out = next;
  }
  return out;
}
