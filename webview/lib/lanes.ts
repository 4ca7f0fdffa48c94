// Lanes: one per executor slot (reserved slots after the normal ones), grouped by host, and the
// attempts of each lane sorted by launch once, in flat typed arrays, so that drawing and hover
// only ever touch the attempts of the visible lanes and time range (binary search, no scan).
import type { AttemptResult, SimulationResult } from '../../src/engine/result';

export interface Lane {
  executor: string;
  host: string;
  /** position of the executor in `result.executors` */
  exec: number;
  /** slot on the executor: 0..slots-1 normal, then reserved */
  slot: number;
  reserved: boolean;
  firstOfExecutor: boolean;
  firstOfHost: boolean;
}

export interface LaneModel {
  lanes: Lane[];
  /** first lane of each executor, by position in `result.executors` */
  execFirstLane: Int32Array;
  /** lanes of each executor */
  execLaneCount: Int32Array;
  /** attempt indices ordered by (lane, launch, end) */
  order: Int32Array;
  /** `order` range of lane l: [laneStart[l], laneStart[l+1]) */
  laneStart: Int32Array;
  /** launch and end of `order[i]` */
  launch: Float64Array;
  end: Float64Array;
  /** running max of `end` within each lane (non-decreasing): the first visible attempt by binary search */
  maxEnd: Float64Array;
  /** lane of each attempt, by attempt index */
  laneOf: Int32Array;
  /** recovery attempts that became ready before they launched (the locality-wait bands) */
  waits: number[];
}

/** Lane order: hosts in order of first appearance, executors of a host in their listed order. */
export function executorOrder(result: SimulationResult): number[] {
  const hostRank = new Map<string, number>();
  result.executors.forEach((e) => { if (!hostRank.has(e.host)) hostRank.set(e.host, hostRank.size); });
  return result.executors.map((_, i) => i)
    .sort((a, b) => hostRank.get(result.executors[a].host)! - hostRank.get(result.executors[b].host)! || a - b);
}

/**
 * Slot of every attempt: the engine's `slot` when it has one; otherwise assigned here by interval
 * partitioning per executor (earliest launch first into the first lane that is free), normal
 * attempts into normal lanes and reserved-slot attempts into reserved lanes.
 * Returns the slot per attempt and the number of lanes each executor needs.
 */
export function assignSlots(result: SimulationResult): { slot: Int32Array; lanes: number[] } {
  const n = result.attempts.length;
  const slot = new Int32Array(n).fill(-1);
  const execIndex = new Map(result.executors.map((e, i) => [e.id, i] as const));
  const lanes = result.executors.map((e) => e.slots + (e.reservedSlots ?? 0));
  const missing: number[][] = result.executors.map(() => []);
  result.attempts.forEach((a, i) => {
    const x = execIndex.get(a.executor)!;
    if (typeof a.slot === 'number' && a.slot >= 0) {
      slot[i] = a.slot;
      if (a.slot + 1 > lanes[x]) lanes[x] = a.slot + 1; // tolerate an engine that used more lanes
    } else {
      missing[x].push(i);
    }
  });
  missing.forEach((list, x) => {
    if (list.length === 0) return;
    const e = result.executors[x];
    list.sort((p, q) => result.attempts[p].launch - result.attempts[q].launch || p - q);
    const reserved = e.reservedSlots ?? 0;
    const freeAt = new Map<number, number>(); // lane -> when its last attempt ends
    const overflow: number[] = [];
    const fits = (l: number, t: number) => (freeAt.get(l) ?? -Infinity) <= t;
    for (const i of list) {
      const a = result.attempts[i];
      const lo = a.reservedSlot ? e.slots : 0;
      const hi = a.reservedSlot ? e.slots + reserved : e.slots;
      let l = -1;
      for (let k = lo; k < hi && l < 0; k++) if (fits(k, a.launch)) l = k;
      for (let k = 0; k < overflow.length && l < 0; k++) if (fits(overflow[k], a.launch)) l = overflow[k];
      if (l < 0) { l = lanes[x]++; overflow.push(l); } // more concurrent attempts than slots: an extra lane
      slot[i] = l;
      freeAt.set(l, Math.max(freeAt.get(l) ?? -Infinity, a.end));
    }
  });
  return { slot, lanes };
}

/** `allWaits`: every attempt that waited with a slot free elsewhere gets a wait band (a real run's waits), not only re-runs. */
export function buildLanes(result: SimulationResult, allWaits = false): LaneModel {
  const { slot, lanes: perExec } = assignSlots(result);
  const ex = result.executors;
  const execFirstLane = new Int32Array(ex.length);
  const execLaneCount = new Int32Array(ex.length);
  const lanes: Lane[] = [];
  let prevHost: string | null = null;
  for (const x of executorOrder(result)) {
    const e = ex[x];
    execFirstLane[x] = lanes.length;
    execLaneCount[x] = perExec[x];
    for (let s = 0; s < perExec[x]; s++) {
      lanes.push({
        executor: e.id, host: e.host, exec: x, slot: s, reserved: s >= e.slots && s < e.slots + (e.reservedSlots ?? 0),
        firstOfExecutor: s === 0, firstOfHost: s === 0 && e.host !== prevHost,
      });
    }
    if (perExec[x] > 0) prevHost = e.host;
  }

  const n = result.attempts.length;
  const execIndex = new Map(ex.map((e, i) => [e.id, i] as const));
  const laneOf = new Int32Array(n);
  const counts = new Int32Array(lanes.length + 1);
  for (let i = 0; i < n; i++) {
    const l = execFirstLane[execIndex.get(result.attempts[i].executor)!] + slot[i];
    laneOf[i] = l;
    counts[l + 1]++;
  }
  const laneStart = new Int32Array(lanes.length + 1);
  for (let l = 0; l < lanes.length; l++) laneStart[l + 1] = laneStart[l] + counts[l + 1];
  const fill = laneStart.slice(0, lanes.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[laneOf[i]]++] = i;

  const A = result.attempts;
  const launch = new Float64Array(n);
  const end = new Float64Array(n);
  const maxEnd = new Float64Array(n);
  for (let l = 0; l < lanes.length; l++) {
    const a = laneStart[l], b = laneStart[l + 1];
    const seg = order.subarray(a, b);
    // already sorted is the common case (the engine emits in launch order): check before sorting
    let sorted = true;
    for (let i = 1; i < seg.length && sorted; i++) sorted = cmp(A, seg[i - 1], seg[i]) <= 0;
    if (!sorted) seg.sort((p, q) => cmp(A, p, q));
    let m = -Infinity;
    for (let i = a; i < b; i++) {
      const at = A[order[i]];
      launch[i] = at.launch;
      end[i] = at.end;
      m = Math.max(m, at.end);
      maxEnd[i] = m;
    }
  }
  const waits: number[] = [];
  for (let i = 0; i < n; i++) if ((A[i].recovery || (allWaits && (A[i].localityWait ?? 0) > 0)) && A[i].readyAt < A[i].launch) waits.push(i);
  return { lanes, execFirstLane, execLaneCount, order, laneStart, launch, end, maxEnd, laneOf, waits };
}

function cmp(A: AttemptResult[], p: number, q: number): number {
  return A[p].launch - A[q].launch || A[p].end - A[q].end || p - q;
}

/** First index in [lo, hi) with arr[i] >= x. */
export function lowerBound(arr: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** First index in [lo, hi) with arr[i] > x. */
export function upperBound(arr: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The `order` range of lane `l` that may intersect [t0, t1]: every attempt before it ends before
 * t0, every attempt after it launches after t1. (Attempts inside may still end before t0 when a
 * lane has overlaps; callers skip those.)
 */
export function visibleRange(m: LaneModel, l: number, t0: number, t1: number): [number, number] {
  const a = m.laneStart[l], b = m.laneStart[l + 1];
  return [lowerBound(m.maxEnd, t0, a, b), upperBound(m.launch, t1, a, b)];
}

/**
 * The lane of `to` that shows what lane `l` of `from` shows: the same executor (by id) and slot,
 * the executor's last lane when `to` has fewer, else the lane at the same position. The compare
 * view's panels scroll together by it (the reserved-slots run has more lanes per executor).
 */
export function matchingLane(from: LaneModel, l: number, to: LaneModel): number {
  const lane = from.lanes[l];
  if (!lane || to.lanes.length === 0) return Math.max(0, Math.min(l, to.lanes.length - 1));
  const x = to.lanes.findIndex((q) => q.executor === lane.executor);
  if (x < 0) return Math.min(l, to.lanes.length - 1);
  const n = to.execLaneCount[to.lanes[x].exec];
  // a reserved lane matches the other run's reserved lane of that executor when it has one
  const same = to.lanes.slice(x, x + n).findIndex((q) => q.slot === lane.slot && q.reserved === lane.reserved);
  return x + (same >= 0 ? same : Math.min(lane.slot, n - 1));
}

/**
 * The parts of [from, to) during which lane `l` runs no attempt other than `self`: where a wait can
 * be drawn on the lane without covering another task's bar (a re-run that waits for the slot it
 * later runs in waits while that slot's previous task runs).
 */
export function freeParts(m: LaneModel, l: number, from: number, to: number, self: number): [number, number][] {
  const out: [number, number][] = [];
  const [lo, hi] = visibleRange(m, l, from, to);
  let t = from;
  for (let k = lo; k < hi && t < to; k++) {
    if (m.order[k] === self || m.end[k] <= t || m.launch[k] >= to) continue;
    if (m.launch[k] > t) out.push([t, m.launch[k]]);
    t = Math.max(t, m.end[k]);
  }
  if (t < to) out.push([t, to]);
  return out;
}

/**
 * The attempt under time `t` on lane `l`, within `tol` ms (for thin bars): the one containing t,
 * else the nearest. -1 if none.
 */
export function hitTest(m: LaneModel, l: number, t: number, tol: number): number {
  if (l < 0 || l >= m.lanes.length) return -1;
  const [lo, hi] = visibleRange(m, l, t - tol, t + tol);
  let best = -1, bestD = Infinity;
  for (let i = lo; i < hi; i++) {
    const d = t < m.launch[i] ? m.launch[i] - t : t > m.end[i] ? t - m.end[i] : 0;
    // among containing bars prefer the latest launched (drawn on top)
    if (d < bestD || (d === 0 && bestD === 0)) { bestD = d; best = m.order[i]; }
  }
  return bestD <= tol ? best : -1;
}

/** The recovery attempt whose wait band (readyAt..launch) on lane `l` contains `t`, or -1. */
export function hitWait(m: LaneModel, A: AttemptResult[], l: number, t: number): number {
  for (const i of m.waits) if (m.laneOf[i] === l && A[i].readyAt <= t && t < A[i].launch) return i;
  return -1;
}

/** Total lanes (slots + reserved, plus any extra lanes the data needed). */
export function laneCount(result: SimulationResult): number {
  return assignSlots(result).lanes.reduce((s, x) => s + x, 0);
}
