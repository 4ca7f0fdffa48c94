// The real run's task slots over time, rebuilt from the log: per executor, its lifetime
// (ExecutorAdded to ExecutorRemoved) and how many attempts ran at each moment (launch <= t <
// finish). Slots = floor(cores / task cpus), limited by GPUs (README "Executor loss ... Free slots").
import type { LogAttempt, LogExecutor } from './appLog';

interface Steps {
  from: number;
  to: number;
  slots: number;
  /** change times and the running count from each on */
  times: number[];
  running: number[];
}

export class SlotTimeline {
  private readonly steps = new Map<string, Steps>();

  constructor(executors: LogExecutor[], attempts: LogAttempt[]) {
    const deltas = new Map<string, [number, number][]>();
    for (const a of attempts) {
      const d = deltas.get(a.executor) ?? [];
      d.push([a.launch, 1], [a.finish >= 0 ? a.finish : Infinity, -1]);
      deltas.set(a.executor, d);
    }
    for (const e of executors) {
      const d = (deltas.get(e.id) ?? []).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      const times: number[] = [-Infinity];
      const running: number[] = [0];
      let n = 0;
      for (const [t, delta] of d) {
        n += delta;
        if (times[times.length - 1] === t) running[running.length - 1] = n;
        else times.push(t), running.push(n);
      }
      this.steps.set(e.id, { from: e.addedAt, to: e.removedAt ?? Infinity, slots: e.slots, times, running });
    }
  }

  /** Intervals of [from, to) when executor `id` was alive with a free slot. */
  freeIntervals(id: string, from: number, to: number): [number, number][] {
    const s = this.steps.get(id);
    if (!s) return [];
    const lo = Math.max(from, s.from);
    const hi = Math.min(to, s.to);
    const out: [number, number][] = [];
    if (lo >= hi) return out;
    let k = upperBound(s.times, lo) - 1;
    let t = lo;
    while (t < hi) {
      const next = k + 1 < s.times.length ? Math.min(s.times[k + 1], hi) : hi;
      if (s.running[k] < s.slots && next > t) {
        if (out.length > 0 && out[out.length - 1][1] === t) out[out.length - 1][1] = next;
        else out.push([t, next]);
      }
      t = next;
      k++;
    }
    return out;
  }

  /** Milliseconds of [from, to) when some executor other than `except` was alive with a free slot. */
  freeMs(from: number, to: number, except?: string): number {
    if (to <= from) return 0;
    const all: [number, number][] = [];
    for (const id of this.steps.keys()) if (id !== except) all.push(...this.freeIntervals(id, from, to));
    all.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -Infinity;
    for (const [a, b] of all) {
      if (b <= end) continue;
      total += b - Math.max(a, end);
      end = b;
    }
    return total;
  }
}

/** First index whose value is > x (sorted ascending). */
function upperBound(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
