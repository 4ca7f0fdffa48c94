// One Gantt: the lanes of one simulation result. Three layers share one coordinate system
// ((0,0) = top-left of the panel's view): an SVG under the bars (lane backgrounds, executor life,
// grid), the bars (SVG <rect>s for small runs, a canvas sized by devicePixelRatio for big ones) and
// an SVG over them (locality-wait bands, fault and detection markers, the recovery span, labels).
import { select, type ScaleLinear, type Selection } from 'd3';
import type { AttemptResult, ExecutorResult, FaultResult, SimulationResult } from '../../src/engine/result';
import { fmtMs, policyLabel, waitLabel } from '../lib/format';
import { recoveryParts, waitSegments, type RecoveryPart, type WaitSegment } from '../lib/waits';
import { buildLanes, freeParts, hitTest, hitWait, visibleRange, type LaneModel } from '../lib/lanes';
import { alpha, textOn, type Theme } from '../theme';
import { canvasPatterns, writeDefs, type PatternIds } from './defs';
import { textWidth } from './legend';

/** A fault's recovery parts, computed once per result (a redraw while panning reuses them). */
const partsMemo = new WeakMap<FaultResult, RecoveryPart[]>();
function partsOf(f: FaultResult, attempts: readonly AttemptResult[]): RecoveryPart[] {
  let parts = partsMemo.get(f);
  if (!parts) partsMemo.set(f, parts = recoveryParts(f, attempts));
  return parts;
}

/** Above this many attempts the bars go on a canvas (one <rect> each does not scale). */
export const CANVAS_THRESHOLD = 2000;
export const MARGIN_LEFT = 150;
export const MARGIN_RIGHT = 18;
export const HEADER_H = 46;
/** Lanes are at least this tall (a slot label at 10 px); more lanes than fit scroll vertically. */
export const MIN_LANE_H = 12;

export interface Frame {
  x: ScaleLinear<number, number>;
  theme: Theme;
  width: number;
  /** visible time range */
  t0: number;
  t1: number;
  /** fault index of the primary result to emphasise, or null for all */
  fault: number | null;
}

export interface DrawStats { bars: number; rects: number; ms: number }

type G = Selection<SVGGElement, unknown, null, undefined>;
const SVGNS = 'http://www.w3.org/2000/svg';
let uidSeq = 0;

export class Panel {
  readonly lanes: LaneModel;
  readonly mode: 'svg' | 'canvas';
  readonly exec: Map<string, ExecutorResult>;
  readonly el: HTMLDivElement;
  readonly titleEl: HTMLDivElement;
  readonly scroller: HTMLDivElement;
  readonly view: HTMLDivElement;
  readonly spacer: HTMLDivElement;
  readonly under: SVGSVGElement;
  readonly over: SVGSVGElement;
  readonly canvas: HTMLCanvasElement | null;
  readonly uid = `p${++uidSeq}`;
  laneH = 30;
  /** lanes where a re-run waited before it launched */
  waitLanes = new Set<number>();
  viewH = 200;
  width = 800;
  stats: DrawStats = { bars: 0, rects: 0, ms: 0 };
  private ids!: PatternIds;
  private pats: ReturnType<typeof canvasPatterns> | null = null;
  private theme: Theme | null = null;
  /** per attempt: locality colour index, for the canvas loop */
  private loc: Uint8Array;
  hover: number = -1;
  private laneKey = '';

  /**
   * `look.label` replaces the policy as the panel's name; `look.allWaits` shades every launch that
   * waited with a slot free elsewhere (a real run's waits), not only the re-runs'.
   */
  constructor(readonly result: SimulationResult, readonly role: 'primary' | 'comparison', parent: HTMLElement, forceMode?: 'svg' | 'canvas',
    private readonly look: { label?: string; allWaits?: boolean } = {}) {
    this.lanes = buildLanes(result, look.allWaits);
    this.waitLanes = new Set(this.lanes.waits.map((i) => this.lanes.laneOf[i]));
    this.mode = forceMode ?? (result.attempts.length > CANVAS_THRESHOLD ? 'canvas' : 'svg');
    this.exec = new Map(result.executors.map((e) => [e.id, e]));
    const order = ['PROCESS_LOCAL', 'NODE_LOCAL', 'RACK_LOCAL', 'NO_PREF', 'ANY'];
    this.loc = Uint8Array.from(result.attempts, (a) => Math.max(0, order.indexOf(a.locality)));

    const div = (cls: string, p: HTMLElement) => { const d = document.createElement('div'); d.className = cls; p.appendChild(d); return d; };
    this.el = div('gantt', parent);
    this.el.dataset.role = role;
    this.el.dataset.policy = result.policy ?? 'spark';
    this.el.dataset.lanes = String(this.lanes.lanes.length);
    this.el.dataset.mode = this.mode;
    this.titleEl = div('gantt-title', this.el);
    this.scroller = div('gantt-scroll', this.el);
    this.view = div('gantt-view', this.scroller);
    this.spacer = div('gantt-spacer', this.scroller);
    this.under = document.createElementNS(SVGNS, 'svg');
    this.under.classList.add('layer', 'under');
    this.view.appendChild(this.under);
    if (this.mode === 'canvas') {
      this.canvas = document.createElement('canvas');
      this.canvas.className = 'layer bars';
      this.view.appendChild(this.canvas);
    } else {
      this.canvas = null;
    }
    this.over = document.createElementNS(SVGNS, 'svg');
    this.over.classList.add('layer', 'over');
    this.view.appendChild(this.over);
    this.setTitle();
  }

  private setTitle() {
    const r = this.result;
    this.titleEl.textContent = '';
    const name = document.createElement('span');
    name.className = 'policy';
    name.textContent = this.look.label ?? (r.policy === 'reserved-slots' ? 'With reserved slots' : 'Spark (delay scheduling)');
    this.titleEl.appendChild(name);
    for (const f of r.faults) {
      const s = document.createElement('span');
      s.className = 'latency';
      s.textContent = f.recoveryLatency === null ? `exec ${f.executor}: ${nothingLost(f) ? 'nothing lost' : 'not recovered'}`
        : `recovery ${fmtMs(f.recoveryLatency)}${f.localityWait > 0 ? `, ${fmtMs(f.localityWait)} locality wait` : ''}`;
      this.titleEl.appendChild(s);
    }
    this.titleEl.title = `${this.look.label ?? policyLabel(r.policy)}, Spark ${r.spark}`;
  }

  /** Lane height and view height for the available space; the lanes scroll when they do not fit. */
  layout(width: number, maxH: number) {
    const n = Math.max(1, this.lanes.lanes.length);
    const pref = n <= 6 ? 44 : n <= 12 ? 32 : n <= 40 ? 22 : MIN_LANE_H;
    // never thinner than a readable slot label: the lanes scroll instead
    this.laneH = Math.max(MIN_LANE_H, Math.min(pref, Math.floor((maxH - HEADER_H) / n)));
    const content = HEADER_H + n * this.laneH + 4;
    this.viewH = Math.min(content, Math.max(120, maxH));
    this.width = width;
    this.scroller.style.height = `${this.viewH}px`;
    this.view.style.height = `${this.viewH}px`;
    this.spacer.style.height = `${Math.max(0, content - this.viewH)}px`;
    for (const s of [this.under, this.over]) {
      s.setAttribute('width', String(width));
      s.setAttribute('height', String(this.viewH));
    }
    if (this.canvas) {
      const dpr = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(this.viewH * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${this.viewH}px`;
      this.pats = null;
    }
  }

  /** the lanes' vertical scroll, read once per draw (reading it from the DOM can force a layout) */
  scrollTop = 0;
  laneY(l: number) { return HEADER_H + l * this.laneH - this.scrollTop; }

  visibleLanes(): [number, number] {
    const top = this.scrollTop;
    const l0 = Math.max(0, Math.floor(top / this.laneH));
    const l1 = Math.min(this.lanes.lanes.length, Math.ceil((top + this.viewH - HEADER_H) / this.laneH));
    return [l0, l1];
  }

  /**
   * A lane where a re-run waited, when tall enough, gives the wait a row of its own: its bars take
   * the upper part, so that the wait (the slot it waited for was often busy) covers no bar.
   */
  splitLane(l: number): boolean {
    return this.laneH >= 20 && this.waitLanes.has(l);
  }

  /** y and height of the bars of lane l. */
  barBox(l: number): { y: number; h: number } {
    const pad = barPad(this.laneH);
    const h = this.splitLane(l) ? this.laneH * 0.55 - pad - 1 : this.laneH - 2 * pad;
    return { y: this.laneY(l) + pad, h: Math.max(1, h) };
  }

  /** Lane under a y in view coordinates, or -1. */
  laneAt(y: number): number {
    if (y < HEADER_H) return -1;
    const l = Math.floor((y - HEADER_H + this.scrollTop) / this.laneH);
    return l >= 0 && l < this.lanes.lanes.length ? l : -1;
  }

  /** The attempt under (x, y) (view coordinates): a bar, or a wait band. */
  hit(x: number, y: number, scale: ScaleLinear<number, number>): { attempt: number; wait: boolean } | null {
    const l = this.laneAt(y);
    if (l < 0 || x < MARGIN_LEFT || x > this.width - MARGIN_RIGHT) return null;
    const t = scale.invert(x);
    const tol = Math.abs(scale.invert(x + 3) - t);
    const w = hitWait(this.lanes, this.result.attempts, l, t);
    // a wait is a track under the lane's bars, and a band where no bar is: a bar there wins
    const dy = y - this.laneY(l);
    const inWaitStrip = w >= 0 && (this.splitLane(l) ? dy >= this.laneH * 0.55 : dy >= this.laneH - barPad(this.laneH) - 1);
    if (inWaitStrip) return { attempt: w, wait: true };
    const a = hitTest(this.lanes, l, t, tol);
    if (a >= 0) return { attempt: a, wait: false };
    return w >= 0 ? { attempt: w, wait: true } : null;
  }

  draw(f: Frame) {
    const t = performance.now();
    this.scrollTop = this.scroller.scrollTop;
    if (this.theme !== f.theme) {
      this.theme = f.theme;
      this.ids = writeDefs(select(this.under), this.uid, f.theme);
      writeDefs(select(this.over), `${this.uid}o`, f.theme);
      this.pats = null;
      this.laneKey = '';
    }
    const under = layer(select(this.under), 'content');
    const over = layer(select(this.over), 'content');
    this.el.dataset.domain = `${f.x.domain()[0]},${f.x.domain()[1]}`;
    this.el.dataset.range = `${f.x.range()[0]},${f.x.range()[1]}`;
    const key = `${this.scrollTop}|${this.viewH}|${this.width}|${this.laneH}`;
    const lanes = key !== this.laneKey;
    this.laneKey = key;
    const s = drawPanel(this, under, over, f, { svgBars: this.mode === 'svg', ids: this.ids, overIds: patIds(`${this.uid}o`), lanes });
    const c = this.canvas ? this.drawCanvas(f) : null;
    if (c) Object.assign(s, { bars: c.bars, rects: c.rects });
    this.stats = { ...s, ms: performance.now() - t };
    if (this.canvas && c) {
      this.canvas.dataset.bars = String(s.bars);
      // state reload markers drawn (a test hook, as `bars` is: the canvas has no element per mark)
      this.canvas.dataset.reloads = String(c.reloads);
    }
    this.el.dataset.bars = String(s.bars);
  }

  private drawCanvas(f: Frame): { bars: number; rects: number; reloads: number } {
    const c = this.canvas!;
    const ctx = c.getContext('2d');
    if (!ctx) return { bars: 0, rects: 0, reloads: 0 };
    const dpr = c.width / Math.max(1, this.width);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!this.pats) this.pats = canvasPatterns(ctx, f.theme, dpr);
    const R = this.width - MARGIN_RIGHT;
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN_LEFT, HEADER_H, R - MARGIN_LEFT, this.viewH - HEADER_H);
    ctx.clip();
    const th = f.theme;
    const colours = [th.locality.PROCESS_LOCAL, th.locality.NODE_LOCAL, th.locality.RACK_LOCAL, th.locality.NO_PREF, th.locality.ANY];
    const m = this.lanes;
    const A = this.result.attempts;
    const [k, b] = [f.x.range()[0] - f.x.domain()[0] * scaleK(f.x), scaleK(f.x)]; // x = k + t*b, inlined for speed
    const [l0, l1] = this.visibleLanes();
    let bars = 0, rects = 0, reloads = 0;
    const detail: number[] = [];
    // one path per colour, filled once: far fewer canvas state changes than a fillStyle per bar
    const paths = colours.map(() => new Path2D());
    const xmin = MARGIN_LEFT - 2, xmax = R + 2;
    for (let l = l0; l < l1; l++) {
      const { y, h } = this.barBox(l);
      const [lo, hi] = visibleRange(m, l, f.t0, f.t1);
      let lastX = -Infinity, lastC = -1;
      for (let i = lo; i < hi; i++) {
        if (m.end[i] < f.t0) continue;
        bars++;
        const ai = m.order[i];
        const x0 = k + m.launch[i] * b;
        const x1 = k + m.end[i] * b;
        const c = this.loc[ai];
        const a = A[ai];
        // a reload is marked at any width (its marker sits above the bar), even when its bar adds
        // no pixel below; other details from 3 px
        if (a.stateReload || (x1 - x0 >= 3 && (a.status !== 'success' || a.recovery))) detail.push(ai);
        // bin: a bar that ends inside the pixels already painted in its colour adds nothing
        if (c === lastC && x1 <= lastX) continue;
        lastC = c;
        const w = Math.max(1, x1 - x0 >= 4 ? x1 - x0 - 1 : x1 - x0);
        const xa = Math.max(x0, xmin), xb = Math.min(x0 + w, xmax); // small coordinates even when zoomed in deep
        paths[c].rect(xa, y, Math.max(1, xb - xa), h);
        rects++;
        if (x0 + w > lastX) lastX = x0 + w;
      }
    }
    paths.forEach((path, c) => { ctx.fillStyle = colours[c]; ctx.fill(path); });
    // details over the bars: lost tails, failure marks, recovery outlines (few of them)
    for (const ai of detail) {
      const a = A[ai];
      const { y, h } = this.barBox(m.laneOf[ai]);
      const x0 = k + a.launch * b, x1 = k + a.end * b;
      if (a.status === 'lost') {
        const cut = this.cutAt(a);
        const xc = k + cut * b;
        if (x1 > xc) { ctx.fillStyle = th.bg; ctx.fillRect(xc, y, x1 - xc, h); ctx.fillStyle = this.pats.lost; ctx.fillRect(xc, y, x1 - xc, h); }
        ctx.strokeStyle = th.fault; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.moveTo(xc, y - 1); ctx.lineTo(xc, y + h + 1); ctx.stroke();
      } else if (a.status === 'failed') {
        ctx.fillStyle = th.fault; ctx.fillRect(x1 - 3, y, 3, h);
      } else if (a.status === 'killed') {
        ctx.fillStyle = alpha(th.bg, 0.5); ctx.fillRect(x0, y, x1 - x0, h);
      }
      if (a.stateReload) {
        // the state store reload this attempt paid (a query's partition on a new executor): its
        // part of the bar washed out and crossed, and a marker over the bar's start at any zoom
        const xr = Math.min(k + reloadEnd(a, this.cutAt(a)) * b, x1);
        if (xr - x0 >= 1) {
          ctx.fillStyle = this.pats.reload; ctx.fillRect(x0, y, xr - x0, h);
          ctx.strokeStyle = th.fg; ctx.lineWidth = 1; ctx.strokeRect(x0 + 0.5, y + 0.5, Math.max(0, xr - x0 - 1), Math.max(0, h - 1));
        }
        reloads++;
        ctx.fillStyle = th.fg;
        const pad = barPad(this.laneH);
        ctx.beginPath(); ctx.moveTo(x0 - 3.5, y - pad); ctx.lineTo(x0 + 3.5, y - pad); ctx.lineTo(x0, y + Math.min(4, h)); ctx.closePath(); ctx.fill();
      }
      if (a.recovery) {
        ctx.strokeStyle = th.recovery; ctx.lineWidth = 1.5;
        ctx.strokeRect(x0 + 0.75, y + 0.75, Math.max(0, x1 - x0 - 1.5), Math.max(0, h - 1.5));
      }
    }
    ctx.restore();
    return { bars, rects, reloads };
  }

  /** Where a lost attempt's solid part ends: the executor's death (the rest until `end` the driver did not know). */
  cutAt(a: AttemptResult): number {
    const lostAt = this.exec.get(a.executor)?.lostAt;
    return typeof lostAt === 'number' && lostAt >= a.launch && lostAt < a.end ? lostAt : a.end;
  }
}

const patIds = (uid: string): PatternIds => ({
  wait: `${uid}-wait`, unaware: `${uid}-unaware`, lost: `${uid}-lost`, reserved: `${uid}-reserved`, notAdded: `${uid}-notadded`, reload: `${uid}-reload`,
});

function scaleK(x: ScaleLinear<number, number>): number {
  const [d0, d1] = x.domain(), [r0, r1] = x.range();
  return (r1 - r0) / (d1 - d0 || 1);
}

function layer(svg: Selection<SVGSVGElement, unknown, null, undefined>, cls: string): G {
  let g = svg.select<SVGGElement>(`g.${cls}`);
  if (g.empty()) g = svg.append('g').attr('class', cls);
  return g as unknown as G;
}

/** A child <g> of `parent` with class `cls` (created once). */
export function sub(parent: G, cls: string): G {
  let g = parent.select<SVGGElement>(`:scope > g.${cls}`);
  if (g.empty()) g = parent.append('g').attr('class', cls);
  return g as unknown as G;
}

interface DrawOptions {
  svgBars: boolean;
  ids: PatternIds;
  overIds: PatternIds;
  clipId?: string;
  /** redraw what depends only on the lanes and the vertical scroll (backgrounds, labels); default true */
  lanes?: boolean;
}

/**
 * Draws a panel's SVG content into `under` and `over` (on screen, or into an exported SVG).
 * Returns the number of bars drawn when `svgBars`.
 */
export function drawPanel(p: Panel, under: G, over: G, f: Frame, o: DrawOptions): { bars: number; rects: number } {
  const th = f.theme;
  const x = f.x;
  const L = MARGIN_LEFT, R = p.width - MARGIN_RIGHT;
  const [l0, l1] = p.visibleLanes();
  const m = p.lanes;
  const A = p.result.attempts;
  const lh = p.laneH;
  const lanes = Array.from({ length: l1 - l0 }, (_, i) => l0 + i);
  const xc = (t: number) => Math.max(L - 2, Math.min(R + 2, x(t)));
  const yBottom = Math.min(p.viewH, p.laneY(m.lanes.length));
  const clipId = o.clipId ?? `${p.uid}-clip`;

  // ---- clip: lanes area
  let clip = under.select<SVGClipPathElement>(`clipPath`);
  if (clip.empty()) clip = under.append('clipPath').attr('id', clipId) as never;
  clip.selectAll('rect').data([0]).join('rect').attr('x', L).attr('y', HEADER_H).attr('width', Math.max(0, R - L))
    .attr('height', Math.max(0, p.viewH - HEADER_H));
  let overClip = over.select<SVGClipPathElement>('clipPath');
  if (overClip.empty()) overClip = over.append('clipPath').attr('id', `${clipId}o`) as never;
  overClip.selectAll('rect').data([0]).join('rect').attr('x', L).attr('y', 0).attr('width', Math.max(0, R - L))
    .attr('height', p.viewH);

  // ---- under: lane backgrounds, executor life, grid
  const laneBgs = sub(under, 'lane-bgs').attr('clip-path', `url(#${clipId})`);
  const bg = sub(under, 'lanes').attr('clip-path', `url(#${clipId})`);
  const redrawLanes = o.lanes !== false;
  if (redrawLanes) laneBgs.selectAll<SVGRectElement, number>('rect.lane-bg').data(lanes, (d) => d).join('rect')
    .attr('class', (l) => `lane-bg${m.lanes[l].reserved ? ' reserved' : ''}`)
    .attr('x', L).attr('width', R - L).attr('y', (l) => p.laneY(l)).attr('height', lh)
    .attr('fill', (l) => m.lanes[l].reserved ? `url(#${o.ids.reserved})` : m.lanes[l].exec % 2 ? alpha(th.fg, 0.035) : 'transparent');
  const life: { l: number; a: number; b: number; kind: 'not-added' | 'dead-unaware' | 'dead' }[] = [];
  for (const l of lanes) {
    const e = p.result.executors[m.lanes[l].exec];
    if (e.addedAt <= f.t0 && e.lostAt === null) continue;
    if (e.addedAt > f.t0) life.push({ l, a: f.t0, b: e.addedAt, kind: 'not-added' });
    if (e.lostAt !== null) {
      const det = e.lossDetectedAt;
      if (det === null || det > e.lostAt) life.push({ l, a: e.lostAt, b: det ?? f.t1, kind: 'dead-unaware' });
      if (det !== null) life.push({ l, a: det, b: Math.max(det, f.t1), kind: 'dead' });
    }
  }
  bg.selectAll<SVGRectElement, (typeof life)[0]>('rect.life').data(life).join('rect')
    .attr('class', (d) => `life ${d.kind}`)
    .attr('x', (d) => xc(d.a)).attr('width', (d) => Math.max(0, xc(d.b) - xc(d.a)))
    .attr('y', (d) => p.laneY(d.l)).attr('height', lh)
    .attr('fill', (d) => d.kind === 'dead' ? th.dead : d.kind === 'dead-unaware' ? `url(#${o.ids.unaware})` : `url(#${o.ids.notAdded})`);
  const ticks = x.ticks(Math.max(2, Math.floor((R - L) / 90)));
  bg.selectAll('line.grid').data(ticks).join('line').attr('class', 'grid')
    .attr('x1', (t) => x(t)).attr('x2', (t) => x(t)).attr('y1', HEADER_H).attr('y2', yBottom)
    .attr('stroke', th.grid).attr('stroke-width', 1);
  // separators: thin between executors, strong between hosts
  const seps = lanes.filter((l) => m.lanes[l].firstOfExecutor && l > 0);
  if (redrawLanes) sub(under, 'seps').selectAll('line.sep').data(seps).join('line')
    .attr('class', (l) => `sep${m.lanes[l].firstOfHost ? ' host' : ''}`)
    .attr('x1', 4).attr('x2', R).attr('y1', (l) => p.laneY(l) + 0.5).attr('y2', (l) => p.laneY(l) + 0.5)
    .attr('stroke', (l) => m.lanes[l].firstOfHost ? alpha(th.fg, 0.45) : alpha(th.fg, 0.18))
    .attr('stroke-width', (l) => m.lanes[l].firstOfHost ? 1.2 : 1);

  // ---- bars (SVG mode)
  let bars = 0;
  const barsG = sub(under, 'bars').attr('clip-path', `url(#${clipId})`);
  if (o.svgBars) {
    const items: number[] = [];
    for (const l of lanes) {
      const [lo, hi] = visibleRange(m, l, f.t0, f.t1);
      for (let i = lo; i < hi; i++) if (m.end[i] >= f.t0) items.push(m.order[i]);
    }
    bars = items.length;
    const yOf = (i: number) => p.barBox(m.laneOf[i]).y;
    const hOf = (i: number) => p.barBox(m.laneOf[i]).h;
    const colour = (i: number) => th.locality[A[i].locality];
    barsG.selectAll<SVGRectElement, number>('rect.bar').data(items, (d) => d).join('rect')
      .attr('class', (i) => `bar ${A[i].status}${A[i].recovery ? ' recovery' : ''}${A[i].reservedSlot ? ' reserved' : ''}${A[i].stateReload ? ' state-reload' : ''}`)
      .attr('data-attempt', (i) => i)
      .attr('x', (i) => x(A[i].launch)).attr('y', yOf)
      // a 1 px gap keeps back-to-back attempts of one lane apart
      .attr('width', (i) => { const w = x(p.cutAt(A[i])) - x(A[i].launch); return Math.max(1, w >= 4 ? w - 1 : w); }).attr('height', hOf)
      .attr('rx', (i) => hOf(i) >= 10 ? 2 : 0)
      .attr('fill', colour).attr('fill-opacity', (i) => A[i].status === 'killed' ? 0.45 : 0.92)
      .attr('stroke', (i) => A[i].recovery ? th.recovery : A[i].status === 'killed' ? th.muted : 'none')
      .attr('stroke-width', (i) => A[i].recovery && hOf(i) >= 12 ? 2 : 1)
      .attr('stroke-dasharray', (i) => A[i].status === 'killed' ? '3 2' : null);
    // lost: the part after the executor died, which the driver did not know about, hatched
    const tails = items.filter((i) => A[i].status === 'lost' && p.cutAt(A[i]) < A[i].end);
    barsG.selectAll<SVGRectElement, number>('rect.lost-tail').data(tails, (d) => d).join('rect').attr('class', 'lost-tail')
      .attr('x', (i) => x(p.cutAt(A[i]))).attr('width', (i) => Math.max(0, x(A[i].end) - x(p.cutAt(A[i]))))
      .attr('y', yOf).attr('height', hOf).attr('fill', `url(#${o.ids.lost})`).attr('stroke', alpha(th.fault, 0.8))
      .attr('stroke-dasharray', '2 2');
    // state reloads: the reload's part of the bar (washed out, crossed, outlined) and a marker over its start
    const reloads = items.filter((i) => A[i].stateReload);
    barsG.selectAll<SVGRectElement, number>('rect.reload-part').data(reloads, (d) => d).join('rect').attr('class', 'reload-part')
      .attr('data-attempt', (i) => i)
      .attr('x', (i) => x(A[i].launch)).attr('width', (i) => Math.max(1, x(reloadEnd(A[i], p.cutAt(A[i]))) - x(A[i].launch)))
      .attr('y', yOf).attr('height', hOf).attr('fill', `url(#${o.ids.reload})`).attr('stroke', th.fg).attr('stroke-width', 1);
    barsG.selectAll<SVGPathElement, number>('path.reload-mark').data(reloads, (d) => d).join('path').attr('class', 'reload-mark')
      .attr('d', (i) => { const cx = x(A[i].launch), y0 = yOf(i) - barPad(lh); return `M${cx - 3.5},${y0}L${cx + 3.5},${y0}L${cx},${yOf(i) + Math.min(4, hOf(i))}Z`; })
      .attr('fill', th.fg);
    const marks = items.filter((i) => A[i].status === 'lost' || A[i].status === 'failed');
    barsG.selectAll<SVGPathElement, number>('path.fail-mark').data(marks, (d) => d).join('path')
      .attr('class', (i) => `fail-mark ${A[i].status}`)
      .attr('d', (i) => {
        const h = hOf(i), cx = x(A[i].status === 'lost' ? p.cutAt(A[i]) : A[i].end), cy = yOf(i) + h / 2, r = Math.min(6, h / 2 - 1);
        return `M${cx},${yOf(i) - 1}V${yOf(i) + h + 1}M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}`;
      })
      .attr('stroke', th.fault).attr('stroke-width', 2).attr('fill', 'none');
    const labelled = lh >= 18 ? items.filter((i) => x(p.cutAt(A[i])) - x(A[i].launch) >= 60) : [];
    barsG.selectAll<SVGTextElement, number>('text.bar-label').data(labelled, (d) => d).join('text').attr('class', 'bar-label')
      .attr('x', (i) => Math.max(x(A[i].launch), L) + 5).attr('y', (i) => yOf(i) + Math.min(hOf(i) / 2, 10) + 1)
      .attr('dominant-baseline', 'middle').attr('font-size', 11).attr('font-family', th.font)
      .attr('fill', (i) => textOn(colour(i)))
      .text((i) => fit(`${A[i].task}${A[i].attempt > 0 ? ` #${A[i].attempt}` : ''}`, x(p.cutAt(A[i])) - Math.max(x(A[i].launch), L) - 10));
  } else {
    barsG.selectAll('*').remove();
  }

  // ---- over: locality-wait bands on the lane where the re-run eventually ran
  const ov = sub(over, 'marks').attr('clip-path', `url(#${clipId}o)`);
  const waits = m.waits.filter((i) => m.laneOf[i] >= l0 && m.laneOf[i] < l1 && A[i].launch >= f.t0 && A[i].readyAt <= f.t1);
  const strip = (i: number) => {
    const y = p.laneY(m.laneOf[i]);
    return lh >= 20 ? { y: y + lh * 0.55, h: lh * 0.45 - 2 } : { y: y + 1, h: Math.max(1, lh - 2) };
  };
  // a re-run waits for the slot it later runs in while that slot's previous task still runs
  // (always when it queued with no slot free, often when it waited for a local one), so the wait
  // never covers another task's bar: on a lane tall enough it has a row of its own under the bars
  // (barBox); on a short lane it is a thin track in the lane's bottom padding all along, and a
  // full band only where the lane is free
  const rowOwn = (i: number) => p.splitLane(m.laneOf[i]);
  const trackPad = barPad(lh);
  const track = (i: number) => ({ y: p.laneY(m.laneOf[i]) + lh - trackPad + 0.25, h: Math.max(0.75, trackPad - 0.5) });
  // one band per part of the wait: hatched while a slot was free elsewhere (locality wait), grey
  // while queued with no free slot, each with its own label; the arrow at the launch
  /** `free`: where the full band may go */
  type Seg = { i: number; k: number; s: WaitSegment; last: boolean; free: [number, number][] };
  const segs: Seg[] = waits.flatMap((i) => {
    const parts = waitSegments(A[i]);
    return parts.map((s, k) => ({ i, k, s, last: k === parts.length - 1,
      free: rowOwn(i) ? [[s.from, s.to] as [number, number]] : freeParts(m, m.laneOf[i], s.from, s.to, i) }));
  });
  const wg = ov.selectAll<SVGGElement, Seg>('g.wait').data(segs, (d) => `${d.i}:${d.k}`).join((e) => {
    const g = e.append('g').attr('class', 'wait');
    g.append('rect').attr('class', 'wait-band');
    g.append('path').attr('class', 'wait-arrow');
    g.append('rect').attr('class', 'wait-label-bg');
    g.append('text').attr('class', 'wait-label');
    return g;
  });
  wg.attr('data-attempt', (d) => d.i).attr('data-kind', (d) => d.s.locality ? 'locality' : 'queued')
    .attr('data-from', (d) => d.s.from).attr('data-to', (d) => d.s.to);
  const waitColour = (d: Seg) => d.s.locality ? th.wait : th.muted;
  const fillOf = (d: Seg) => d.s.locality ? `url(#${o.overIds.wait})` : alpha(th.muted, 0.25);
  wg.select('rect.wait-band')
    .attr('x', (d) => x(d.s.from)).attr('width', (d) => Math.max(1, x(d.s.to) - x(d.s.from)))
    .attr('y', (d) => (rowOwn(d.i) ? strip : track)(d.i).y).attr('height', (d) => (rowOwn(d.i) ? strip : track)(d.i).h)
    .attr('fill', (d) => rowOwn(d.i) ? fillOf(d) : waitColour(d))
    .attr('stroke', (d) => rowOwn(d.i) ? waitColour(d) : 'none').attr('stroke-width', 1.2);
  wg.each(function (d) {
    select(this).selectAll<SVGRectElement, [number, number]>('rect.wait-fill').data(rowOwn(d.i) ? [] : d.free).join('rect').attr('class', 'wait-fill')
      .attr('x', (q) => x(q[0])).attr('width', (q) => Math.max(0.5, x(q[1]) - x(q[0])))
      .attr('y', strip(d.i).y).attr('height', strip(d.i).h)
      .attr('fill', fillOf(d))
      .attr('stroke', waitColour(d)).attr('stroke-width', 1.2)
      .lower();
  });
  /** the free part the wait reaches its launch in, when the lane was free just before the launch */
  const freeAtEnd = (d: Seg) => d.free.find((q) => q[1] === d.s.to);
  wg.select('path.wait-arrow')
    .attr('d', (d) => {
      const q = freeAtEnd(d);
      if (!d.last || !q) return null;
      const st = strip(d.i), xe = x(d.s.to), cy = st.y + st.h / 2, r = Math.min(5, st.h / 2 + 1, (xe - x(q[0])) / 1.4);
      return `M${xe - r * 1.4},${cy - r}L${xe},${cy}L${xe - r * 1.4},${cy + r}Z`;
    })
    .attr('fill', waitColour);
  /** the widest free part: where the label goes */
  const labelPart = (d: Seg) => d.free.reduce<[number, number] | undefined>((b, q) => !b || q[1] - q[0] > b[1] - b[0] ? q : b, undefined);
  const wl = (d: Seg) => {
    const q = labelPart(d);
    if (strip(d.i).h < 10 || !q) return '';
    // the whole sentence when it fits, else just the duration, else nothing (the tooltip has it)
    const room = Math.min(x(q[1]), R) - Math.max(x(q[0]), L) - (d.last && q[1] === d.s.to ? 22 : 12);
    const ms = d.s.to - d.s.from;
    const full = waitLabel(ms, d.s.locality ? ms : 0);
    const brief = fmtMs(ms);
    return textWidth(full, 11) <= room ? full : textWidth(brief, 11) <= room ? brief : '';
  };
  const labelX = (d: Seg) => Math.max(x(labelPart(d)?.[0] ?? d.s.from), L);
  wg.select('rect.wait-label-bg')
    .attr('x', (d) => labelX(d) + 4).attr('y', (d) => strip(d.i).y + strip(d.i).h / 2 - 7)
    .attr('width', (d) => wl(d) ? textWidth(wl(d), 11) + 8 : 0).attr('height', 14).attr('rx', 3)
    .attr('fill', alpha(th.bg, 0.88));
  wg.select('text.wait-label')
    .attr('x', (d) => labelX(d) + 8).attr('y', (d) => strip(d.i).y + strip(d.i).h / 2 + 0.5)
    .attr('dominant-baseline', 'middle').attr('font-size', 11).attr('font-weight', 600).attr('font-family', th.font)
    .attr('fill', th.fg)
    .text(wl);

  // idle slots during a locality wait: the free slot the re-run could have taken (the paper's point)
  const idle: { l: number; a: number; b: number }[] = [];
  for (const i of m.waits.length <= 200 ? m.waits : []) {
    const w = A[i];
    if ((w.localityWait ?? 0) <= 0 || idle.length > 40) continue;
    for (const l of lanes) {
      const ln = m.lanes[l];
      const e = p.result.executors[ln.exec];
      if (ln.reserved || l === m.laneOf[i] || e.addedAt > w.readyAt || (e.lostAt !== null && e.lostAt < w.launch)) continue;
      const [lo, hi] = visibleRange(m, l, w.readyAt, w.launch);
      let busy = false;
      for (let k = lo; k < hi && !busy; k++) busy = m.end[k] > w.readyAt && m.launch[k] < w.launch;
      if (!busy) idle.push({ l, a: w.readyAt, b: w.launch });
    }
  }
  const ig = ov.selectAll<SVGGElement, (typeof idle)[0]>('g.idle').data(idle).join((e) => {
    const g = e.append('g').attr('class', 'idle');
    g.append('rect').attr('class', 'idle-slot');
    g.append('text').attr('class', 'idle-label');
    return g;
  });
  ig.select('rect.idle-slot')
    .attr('x', (d) => x(d.a) + 1).attr('width', (d) => Math.max(0, x(d.b) - x(d.a) - 2))
    .attr('y', (d) => p.laneY(d.l) + 3).attr('height', Math.max(1, lh - 6)).attr('rx', 3)
    .attr('fill', alpha(th.wait, 0.06)).attr('stroke', th.wait).attr('stroke-width', 1.2).attr('stroke-dasharray', '4 3');
  ig.select('text.idle-label')
    .attr('x', (d) => x(d.a) + 8).attr('y', (d) => p.laneY(d.l) + lh / 2 + 0.5).attr('dominant-baseline', 'middle')
    .attr('font-family', th.font).attr('font-size', 11).attr('fill', th.wait)
    .text((d) => {
      if (lh < 14) return '';
      const room = x(d.b) - x(d.a) - 14;
      return ['idle slot the re-run did not take', 'idle slot'].find((t) => textWidth(t, 11) <= room) ?? '';
    });

  // ---- faults: fault and detection markers across the lanes, the recovery span in the header
  const faults = p.result.faults.map((fl, i) => ({ fl, i, dim: f.fault !== null && f.fault !== i }));
  const fg = over.selectAll<SVGGElement, (typeof faults)[0]>('g.fault').data(faults).join((e) => {
    const g = e.append('g').attr('class', 'fault');
    g.append('rect').attr('class', 'recovery-band');
    g.append('line').attr('class', 'fault-marker');
    g.append('line').attr('class', 'detect-marker');
    g.append('rect').attr('class', 'floor-span');
    g.append('rect').attr('class', 'recovery-span');
    g.append('text').attr('class', 'fault-label');
    g.append('text').attr('class', 'detect-label');
    g.append('text').attr('class', 'recovery-label');
    return g;
  }).attr('opacity', (d) => d.dim ? 0.35 : 1).attr('clip-path', `url(#${clipId}o)`);
  const det = (fl: FaultResult) => fl.detectedAt ?? fl.at;
  const spanY = HEADER_H - 14;
  fg.select('rect.recovery-band')
    .attr('x', (d) => x(det(d.fl))).attr('width', (d) => d.fl.recoveredAt === null ? 0 : Math.max(0, x(d.fl.recoveredAt) - x(det(d.fl))))
    .attr('y', HEADER_H).attr('height', Math.max(0, yBottom - HEADER_H)).attr('fill', alpha(th.focus, 0.07));
  fg.select('line.fault-marker')
    .attr('x1', (d) => x(d.fl.at)).attr('x2', (d) => x(d.fl.at)).attr('y1', 2).attr('y2', yBottom)
    .attr('stroke', th.fault).attr('stroke-width', 2);
  fg.select('line.detect-marker')
    .attr('x1', (d) => x(det(d.fl))).attr('x2', (d) => x(det(d.fl))).attr('y1', 2).attr('y2', yBottom)
    .attr('stroke', th.fg).attr('stroke-width', 1.5).attr('stroke-dasharray', '5 3')
    .attr('display', (d) => d.fl.detectedAt === null ? 'none' : null);
  // the recovery span follows time: hatched while a re-run waited for a local slot with a slot free
  // elsewhere, grey while re-runs queued for any slot, solid while the lost work ran
  fg.select('rect.recovery-span')
    .attr('x', (d) => x(det(d.fl))).attr('width', (d) => d.fl.recoveredAt === null ? 0 : Math.max(1, x(d.fl.recoveredAt) - x(det(d.fl))))
    .attr('y', spanY).attr('height', 9).attr('fill', alpha(th.focus, 0.9))
    .attr('stroke', th.fg).attr('stroke-width', 1.2)
    .attr('data-latency', (d) => d.fl.recoveryLatency ?? '');
  fg.each(function (d) {
    const g = select(this);
    g.selectAll<SVGRectElement, RecoveryPart>('rect.recovery-part').data(partsOf(d.fl, A).filter((q) => q.kind !== 'work')).join('rect')
      .attr('class', (q) => `recovery-part ${q.kind}`)
      .attr('x', (q) => x(q.from)).attr('width', (q) => Math.max(0.5, x(q.to) - x(q.from)))
      .attr('y', spanY).attr('height', 9)
      .attr('fill', (q) => q.kind === 'locality' ? `url(#${o.overIds.wait})` : alpha(th.muted, 0.5))
      .attr('data-from', (q) => q.from).attr('data-to', (q) => q.to);
    g.select('rect.recovery-span').attr('fill', 'none').raise();
    g.selectAll('text').raise();
  });
  // under the outline: the solid work colour
  fg.select('rect.floor-span')
    .attr('x', (d) => x(det(d.fl))).attr('width', (d) => d.fl.recoveredAt === null ? 0 : Math.max(1, x(d.fl.recoveredAt) - x(det(d.fl))))
    .attr('y', spanY).attr('height', 9).attr('fill', alpha(th.focus, 0.9)).lower();
  fg.select('rect.recovery-band').lower();
  const txt = (s: Selection<SVGTextElement, (typeof faults)[0], SVGGElement, unknown>) => s
    .attr('font-family', th.font).attr('font-size', 11).attr('dominant-baseline', 'middle');
  // each label says as much as fits between the plot's edges (the longest variant that fits), so
  // the clip never cuts one in the middle of a word; the tooltip and the summary have the rest
  // textWidth is an estimate for regular text: bold (600) and heavier (700) run wider
  const firstFit = (variants: string[], room: number, weight = 400) =>
    variants.find((v) => textWidth(v, 11) * boldFactor(weight) <= room) ?? '';
  const inPlot = (px: number) => px >= L && px <= R;
  txt(fg.select<SVGTextElement>('text.fault-label'))
    .attr('x', (d) => x(d.fl.at) - 5).attr('y', 9).attr('text-anchor', 'end').attr('fill', th.fault).attr('font-weight', 600)
    .text((d) => {
      if (!inPlot(x(d.fl.at))) return '';
      const room = x(d.fl.at) - 5 - L;
      const logged = d.fl.logged;
      if (logged) {
        // a real loss: the log shows the driver's removal and its reason, not the moment it died
        const removed = `✕ exec ${short(d.fl.executor)} removed`;
        const why = short(logged.reason, 48);
        return firstFit([`${removed} ${fmtMs(d.fl.at)}: ${why}`, `${removed}: ${why}`, `${removed} ${fmtMs(d.fl.at)}`, removed, `✕ exec ${short(d.fl.executor)}`, '✕'], room, 600);
      }
      const what = `✕ exec ${short(d.fl.executor)} ${FAULT_VERB[d.fl.kind]}`;
      return firstFit([`${what} ${fmtMs(d.fl.at)}`, what, `✕ exec ${short(d.fl.executor)}`, '✕'], room, 600);
    });
  txt(fg.select<SVGTextElement>('text.detect-label'))
    .attr('x', (d) => x(det(d.fl)) + 5).attr('y', 9).attr('text-anchor', 'start').attr('fill', th.fg)
    .text((d) => {
      if (d.fl.detectedAt === null || !inPlot(x(det(d.fl)))) return '';
      const room = R - x(det(d.fl)) - 5;
      const logged = d.fl.logged;
      if (logged) {
        const r = logged.firstRerun;
        if (!r) return firstFit(['no re-run of its lost work in the log', 'no re-run'], room);
        const after = `+${fmtMs(r.delayMs)}`;
        return firstFit([`first re-run ${after} on exec ${short(r.executor)} (${fmtMs(r.launch)})`, `first re-run ${after} on exec ${short(r.executor)}`, `re-run ${after}`, after], room);
      }
      if (d.fl.detectedAt === d.fl.at) return firstFit(['driver notices at once', 'noticed at once'], room);
      const after = `+${fmtMs(d.fl.detectedAt - d.fl.at)}`;
      return firstFit([`driver notices ${fmtMs(d.fl.detectedAt)} (${after})`, `driver notices ${after}`, `noticed ${after}`, after], room);
    });
  const recLabels = (fl: FaultResult) => fl.recoveryLatency === null ? [nothingLost(fl) ? 'nothing lost' : 'not recovered']
    : [`recovery ${fmtMs(fl.recoveryLatency)}${fl.lowerBoundMs > 0 ? ` (lower bound ${fmtMs(fl.lowerBoundMs)})` : ''}`,
      `recovery ${fmtMs(fl.recoveryLatency)}`, fmtMs(fl.recoveryLatency)];
  const recText = (fl: FaultResult) => firstFit(recLabels(fl), R - L - 8, 700);
  txt(fg.select<SVGTextElement>('text.recovery-label'))
    .attr('x', (d) => Math.max(L + 4, Math.min(x(det(d.fl)) + 4, R - textWidth(recText(d.fl), 11) * boldFactor(700) - 4)))
    .attr('y', spanY - 8).attr('fill', th.fg).attr('font-weight', 700)
    .text((d) => recText(d.fl));

  // ---- lane labels in the left margin (over everything; bars are clipped to the plot)
  const lab = sub(over, 'labels');
  if (!redrawLanes) return { bars, rects: bars };
  lab.selectAll('rect.margin').data([0]).join('rect').attr('class', 'margin')
    .attr('x', 0).attr('y', HEADER_H).attr('width', L - 1).attr('height', Math.max(0, p.viewH - HEADER_H)).attr('fill', th.bg);
  const showLane = lh >= 11;
  const laneText = (l: number) => m.lanes[l].reserved ? `reserved ${m.lanes[l].slot - p.result.executors[m.lanes[l].exec].slots}` : `slot ${m.lanes[l].slot}`;
  lab.selectAll<SVGTextElement, number>('text.lane-label').data(lanes, (d) => d).join('text')
    .attr('class', (l) => `lane-label${m.lanes[l].reserved ? ' reserved' : ''}`)
    // under the executor's name when the executor has a single tall lane, else centred
    .attr('x', L - 6).attr('y', (l) => p.laneY(l) + (m.execLaneCount[m.lanes[l].exec] === 1 && lh >= 28 ? lh * 0.72 : lh / 2 + 0.5)).attr('text-anchor', 'end').attr('dominant-baseline', 'middle')
    .attr('font-family', th.font).attr('font-size', Math.min(11, lh - 2))
    .attr('fill', (l) => m.lanes[l].reserved ? th.reserved : th.muted)
    .attr('font-style', (l) => m.lanes[l].reserved ? 'italic' : null)
    .text((l) => !showLane ? '' : laneText(l));
  // executor labels at the first lane of each executor; every k-th executor when their lanes are thin
  const blockH = (l: number) => lh * m.execLaneCount[m.lanes[l].exec];
  const execLanes = lanes.filter((l) => m.lanes[l].firstOfExecutor
    && (blockH(l) >= 10 || m.lanes[l].exec % Math.ceil(12 / Math.max(0.5, blockH(l))) === 0));
  lab.selectAll<SVGTextElement, number>('text.exec-label').data(execLanes, (d) => d).join('text').attr('class', 'exec-label')
    .attr('x', 6).attr('y', (l) => p.laneY(l) + Math.min(Math.max(blockH(l), 10), 26) / 2 + 0.5).attr('dominant-baseline', 'middle')
    .attr('font-family', th.font).attr('font-size', (l) => Math.max(8, Math.min(12, blockH(l) - 2)))
    .attr('font-weight', 600)
    .attr('fill', (l) => p.result.executors[m.lanes[l].exec].lostAt !== null ? th.fault : th.fg)
    .text((l) => {
      const e = p.result.executors[m.lanes[l].exec];
      const full = `${e.lostAt !== null ? '✕ ' : ''}exec ${short(e.id)} · ${short(e.host)}`;
      // the first lane's label sits on the same row unless the executor has one tall lane: leave it room
      const size = Math.max(8, Math.min(12, blockH(l) - 2));
      const sameRow = showLane && !(m.execLaneCount[m.lanes[l].exec] === 1 && lh >= 28);
      const room = L - 6 - 6 - (sameRow ? textWidth(laneText(l), Math.min(11, lh - 2)) + 8 : 0);
      return fitWidth(full, room, size, 600);
    });
  return { bars, rects: bars };
}

function short(s: string, n = 14): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

const boldFactor = (weight: number) => (weight >= 700 ? 1.25 : weight >= 600 ? 1.15 : 1.05);

/**
 * The longest of `s` cut with '…' that fits `px` pixels at `size` (textWidth's estimate, with a
 * margin for bold text), '' when not even two characters do.
 */
/** Space above and below a bar in its lane (a queued wait's track lies in the space below). */
function barPad(laneH: number): number {
  return laneH >= 24 ? 3 : laneH >= 10 ? 2 : laneH >= 5 ? 1 : 0;
}

export function fitWidth(s: string, px: number, size: number, weight = 400): string {
  const w = (t: string) => textWidth(t, size) * boldFactor(weight);
  if (w(s) <= px) return s;
  for (let n = s.length - 1; n >= 2; n--) {
    const t = `${s.slice(0, n).trimEnd()}…`;
    if (w(t) <= px) return t;
  }
  return '';
}

/** Where an attempt's state reload ends: its launch + the reload (8 ms when the result does not say), within the bar. */
export function reloadEnd(a: AttemptResult, cut: number): number {
  return Math.min(cut, a.launch + (a.stateReloadMs ?? 8));
}

/** Cuts `s` to about `px` pixels of 11px text. */
export function fit(s: string, px: number): string {
  const n = Math.floor(px / 6.2);
  if (n <= 2) return '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The fault's label verb ("✕ exec 2 hangs"). */
const FAULT_VERB: Record<FaultResult['kind'], string> = { crash: 'crashes', hang: 'hangs', node: 'machine down', decommission: 'decommissioned' };

/** A decommission the driver never removed within the run (still draining, or killed after its end): it lost nothing. */
function nothingLost(f: FaultResult): boolean {
  return f.kind === 'decommission' && f.detectedAt === null && f.lostTasks.length === 0;
}
