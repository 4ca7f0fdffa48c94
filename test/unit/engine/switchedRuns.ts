// The runs a shortcut's property test compares: the same job and random fault with the shortcut
// on and off (offer rounds' skipped passes, a task end's own offer path, lost outputs forgotten).
import { simulate } from '../../../src/engine';
import type { FaultKind, JobFile } from '../../../src/format/model';

export type RandomFault = { exec: number; frac: number; kind: FaultKind; notice?: number };

/** A decommission's notice, when the random fault has one. */
export const noticeOf = (f: RandomFault): { notice?: number } =>
  (f.kind === 'decommission' && f.notice !== undefined ? { notice: f.notice } : {});

/**
 * The whole result as JSON with `set(true)`, then with `set(false)` (left on after): the fault on
 * an executor at a fraction of the fault-free makespan, and with `second` the same kind of fault
 * on the next executor 700 ms later.
 */
export function switchedRuns(m: JobFile, fault: RandomFault, extra: { notice?: number }, policy: 'spark' | 'reserved-slots',
  set: (on: boolean) => void, second = false): [string, string] {
  const free = simulate(m, { faults: [], policy });
  const at = Math.floor(free.metrics.makespan * fault.frac);
  const n = m.cluster.executors.length;
  const faults = [{ executor: String((fault.exec % n) + 1), at, kind: fault.kind, ...extra }];
  if (second) faults.push({ executor: String(((fault.exec + 1) % n) + 1), at: at + 700, kind: fault.kind, ...extra });
  set(true);
  const on = JSON.stringify(simulate(m, { faults, policy }));
  set(false);
  const off = JSON.stringify(simulate(m, { faults, policy }));
  set(true);
  return [on, off];
}
