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
    // launches and finishes per executor as two sorted number arrays (no pair per attempt: this
    // runs on every attempt of the log)
    const counts = new Map<string, number>();
    for (const a of attempts) counts.set(a.executor, (counts.get(a.executor) ?? 0) + 1);
    const ends = new Map<string, { launch: Float64Array; finish: Float64Array; n: number }>();
    for (const [id, n] of counts) ends.set(id, { launch: new Float64Array(n), finish: new Float64Array(n), n: 0 });
    for (const a of attempts) {
      const e = ends.get(a.executor)!;
      e.launch[e.n] = a.launch;
      e.finish[e.n++] = a.finish >= 0 ? a.finish : Infinity;
    }
    for (const e of executors) {
      const times: number[] = [-Infinity];
      const running: number[] = [0];
      const d = ends.get(e.id);
      if (d) {
        d.launch.sort();
        d.finish.sort();
        let n = 0;
        let i = 0;
        let j = 0;
        // at each distinct time, the count after every launch and finish at that time
        while (i < d.n || j < d.n) {
          const t = Math.min(i < d.n ? d.launch[i] : Infinity, j < d.n ? d.finish[j] : Infinity);
          while (i < d.n && d.launch[i] === t) n++, i++;
          while (j < d.n && d.finish[j] === t) n--, j++;
          times.push(t), running.push(n);
        }
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
