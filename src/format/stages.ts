// What batch jobs and streaming outputs share: a stage's `parents` and the check that they name
// stages of the same job (or output) without a cycle (SJ052, SJ053).
import { isScalar } from './yamlApi';
import type { Ctx, Field } from './ctx';
import type { OffsetRange } from './diagnostics';
import { closest } from './suggest';

export interface ParentRef {
  stage: string;
  parent: string;
  range: OffsetRange;
}

/** An absent key, or a key with no value (`parents:`). */
export function isEmpty(f: Field | undefined): boolean {
  return f === undefined || f.node === null || (isScalar(f.node) && f.node.value === null);
}

/** The `parents` list of stage `stage` (undefined while its name is invalid); refs collect the edges. */
export function readParents(ctx: Ctx, pf: Field | undefined, stage: string | undefined, refs: ParentRef[]): { parents: string[]; ok: boolean } {
  const parents: string[] = [];
  if (isEmpty(pf)) return { parents, ok: true };
  const seq = ctx.seq(pf!, 'parents');
  if (!seq) return { parents, ok: false };
  for (const p of ctx.items(seq)) {
    const name = ctx.string(p, 'parent stage name');
    if (name === undefined) continue;
    parents.push(name);
    if (stage !== undefined) refs.push({ stage, parent: name, range: p.range });
  }
  return { parents, ok: true };
}

/** Unknown parents (with did-you-mean) and cycles; `owner` names the scope in messages ("job", "output"). */
export function checkParents(ctx: Ctx, names: Map<string, OffsetRange>, refs: ParentRef[], owner: string): boolean {
  let ok = true;
  const graph = new Map<string, ParentRef[]>();
  for (const r of refs) {
    if (!names.has(r.parent)) {
      const guess = closest(r.parent, names.keys());
      ctx.error('SJ052', `unknown parent stage '${r.parent}'${guess ? `: did you mean '${guess}'?` : ` (stages of this ${owner}: ${[...names.keys()].join(', ')})`}`,
        r.range, guess ? [{ kind: 'replace', text: guess, title: `Use ${guess}` }] : undefined);
      ok = false;
      continue;
    }
    graph.set(r.stage, [...(graph.get(r.stage) ?? []), r]);
  }
  // iterative DFS: 0 unvisited, 1 on the stack, 2 done; a parent edge into the stack closes a cycle
  const state = new Map<string, number>();
  for (const start of names.keys()) {
    if (state.get(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.next >= edges.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const e = edges[top.next++];
      const s = state.get(e.parent) ?? 0;
      if (s === 1) {
        const from = stack.findIndex((x) => x.node === e.parent);
        const cycle = [...stack.slice(from).map((x) => x.node), e.parent];
        ctx.error('SJ053', `cyclic stage dependencies: ${cycle.join(' -> ')} (a stage runs only after its parents)`, e.range);
        ok = false;
      } else if (s === 0) {
        state.set(e.parent, 1);
        stack.push({ node: e.parent, next: 0 });
      }
    }
  }
  return ok;
}
