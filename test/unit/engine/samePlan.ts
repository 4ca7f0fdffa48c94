// Two fork plans compared node for node (snapshotPlan.test.ts, planReaders.test.ts).
import { expect } from 'vitest';
import type { ForkPlan } from '../../../src/engine/fork';

/** Every part of `a` and `b` but where they were made (at) and their arena's first chunk. */
export function expectSamePlan(a: ForkPlan, b: ForkPlan, what: string): void {
  expect(a.srcs.length, what).toBe(b.srcs.length);
  for (let n = 0; n < a.srcs.length; n++) {
    expect(a.srcs[n] === b.srcs[n], `${what}: node ${n}`).toBe(true);
    expect(a.copiers[n] === b.copiers[n], `${what}: copier ${n}`).toBe(true);
  }
  for (let i = 0; i < a.patchers.length; i++) expect(a.patchers[i] === b.patchers[i], `${what}: patcher ${i}`).toBe(true);
  for (let i = 0; i < a.values.length; i++) expect(a.values[i] === b.values[i], `${what}: value ${i}`).toBe(true);
  const { kinds, keys, patched, patchAt, patchTargets, elemOwner, elemIndex, elemTarget, refOwner, refKey, refTarget, entries, entryNodes, stageNodes, root } = b;
  expect({ kinds: a.kinds, keys: a.keys, patched: a.patched, patchAt: a.patchAt, patchTargets: a.patchTargets, elemOwner: a.elemOwner,
    elemIndex: a.elemIndex, elemTarget: a.elemTarget, refOwner: a.refOwner, refKey: a.refKey, refTarget: a.refTarget, entries: a.entries, entryNodes: a.entryNodes,
    stageNodes: a.stageNodes, root: a.root, values: a.values.length, patchers: a.patchers.length }, what).toEqual({
    kinds, keys, patched, patchAt, patchTargets, elemOwner, elemIndex, elemTarget, refOwner, refKey, refTarget, entries, entryNodes, stageNodes, root,
    values: b.values.length, patchers: b.patchers.length });
}
