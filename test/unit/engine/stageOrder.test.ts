// The stages DAGScheduler submits, in id order (src/engine/workload.ts missingParents, finalStages):
// found without a list or a sort when none or one qualifies, or when they are in id order already.
// Fails when an unordered list is returned as it is, or a stage that qualifies is left out.
import { describe, expect, it } from 'vitest';
import { finalStages, makeStage, missingParents, type Job, type Stage } from '../../../src/engine/workload';

const stage = (id: number, done: boolean): Stage => {
  const s = makeStage(0, `s${id}`, `j/s${id}`, new Int32Array(2), new Float64Array(2), new Int32Array(3), new Int32Array(0));
  s.id = id;
  s.numSuccessful = done ? 2 : 1;
  return s;
};
const ids = (list: readonly Stage[]) => list.map((s) => s.id);

describe('missingParents and finalStages', () => {
  it('list the parents with outputs missing by id, whatever the order named', () => {
    const child = stage(9, false);
    for (const order of [[1, 2, 3, 4], [4, 3, 2, 1], [2, 4, 1, 3]]) {
      child.parents = order.map((id) => stage(id, id === 3));
      expect(ids(missingParents(child)), order.join()).toEqual([1, 2, 4]);
      child.parents = order.map((id) => stage(id, id !== 2));
      expect(ids(missingParents(child))).toEqual([2]);
      child.parents = order.map((id) => stage(id, true));
      expect(ids(missingParents(child))).toEqual([]);
    }
  });

  it("list a job's stages that no stage of it reads, by id", () => {
    const [a, b, c, d] = [stage(7, false), stage(5, false), stage(6, false), stage(8, false)];
    a.children = [d];
    const job = { stages: [a, b, c, d] } as unknown as Job;
    expect(ids(finalStages(job))).toEqual([5, 6, 8]);
    b.children = [d];
    c.children = [d];
    expect(ids(finalStages(job))).toEqual([8]);
  });
});
