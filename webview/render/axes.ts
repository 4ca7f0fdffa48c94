// The shared time axis (with streaming batch bands), the per-batch delay chart and the overview
// strip with its brush. All share the x scale of the Gantts.
import { bandLabel, bandRows, queriesOf, type Band } from '../lib/queryBatches';
import { area, axisTop, brushX, line, max, scaleLinear, select, type BrushBehavior, type ScaleLinear, type Selection } from 'd3';
import type { BatchResult, SimulationResult } from '../../src/engine/result';
import { fmtMs, fmtTick } from '../lib/format';
import { alpha, type Theme } from '../theme';
import { fitWidth, MARGIN_LEFT, MARGIN_RIGHT, sub } from './panel';
import { textWidth } from './legend';

type G = Selection<SVGGElement, unknown, null, undefined>;

export const AXIS_H = 26;
export const BATCH_H = 18;
export const DELAY_H = 96;
export const OVERVIEW_H = 34;

/** The time axis; with batches, a band per batch (its processing time) under the ticks. */
export function drawAxis(g: G, x: ScaleLinear<number, number>, th: Theme, width: number, batches: BatchResult[]) {
  const R = width - MARGIN_RIGHT;
  const span = x.domain()[1] - x.domain()[0];
  const ax = axisTop(x).ticks(Math.max(2, Math.floor((R - MARGIN_LEFT) / 90))).tickFormat((t) => fmtTick(+t, span)).tickSizeOuter(0);
  const a = sub(g, 'x-axis').attr('transform', `translate(0,${AXIS_H - 2})`);
  a.call(ax);
  a.attr('font-family', th.font).attr('font-size', 10);
  a.selectAll('path.domain').attr('stroke', alpha(th.fg, 0.5));
  a.selectAll('.tick line').attr('stroke', alpha(th.fg, 0.5));
  a.selectAll('.tick text').attr('fill', th.muted);
  a.selectAll<SVGGElement, number>('.tick').attr('display', function (v) {
    const t = this.getAttribute('transform') ?? '';
    const px = parseFloat(t.slice(t.indexOf('(') + 1));
    // a label is centred on its tick: it must fit inside the SVG too, not only its tick
    const half = textWidth(fmtTick(+v, span), 10) * 1.05 / 2;
    return px < MARGIN_LEFT - 1 || px > R + 1 || px + half > width - 1 ? 'none' : null;
  });
  const unit = sub(g, 'axis-unit');
  unit.selectAll('text').data([0]).join('text').attr('x', 6).attr('y', AXIS_H - 8).attr('text-anchor', 'start')
    .attr('font-family', th.font).attr('font-size', 10).attr('fill', th.muted).text('time (from start)');

  const bands = sub(g, 'batch-bands').attr('transform', `translate(0,${AXIS_H})`);
  // one row per query (and one for DStream batches): interleaved queries stay apart
  const rows = bandRows(batches);
  const rowOf = (b: BatchResult) => rows.indexOf((b as Band).query ?? '');
  const nth = new Map<BatchResult, number>();
  const seen = rows.map(() => 0);
  for (const b of batches) nth.set(b, seen[rowOf(b)]++);
  const visible = batches.filter((b) => b.processingStart !== null && b.processingEnd !== null
    && b.processingEnd >= x.domain()[0] && b.processingStart <= x.domain()[1]);
  const clampX = (t: number) => Math.max(MARGIN_LEFT, Math.min(R, x(t)));
  const isQuery = (b: BatchResult) => (b as Band).label !== undefined;
  bands.selectAll<SVGRectElement, BatchResult>('rect.batch-band').data(visible, (b) => bandLabel(b, fmtMs)).join('rect')
    .attr('class', (b) => `batch-band${(b as Band).stateReloads ? ' reloaded' : ''}`)
    .attr('data-row', rowOf)
    .attr('x', (b) => clampX(b.processingStart!)).attr('width', (b) => Math.max(1, clampX(b.processingEnd!) - clampX(b.processingStart!)))
    .attr('y', (b) => rowOf(b) * BATCH_H + 2).attr('height', BATCH_H - 4).attr('rx', 2)
    .attr('fill', (b) => alpha((b.schedulingDelay ?? 0) > 0 && !isQuery(b) ? th.wait : th.locality.NODE_LOCAL, nth.get(b)! % 2 ? 0.35 : 0.22))
    // a query's batch that reloaded state: outlined in the recovery colour
    .attr('stroke', (b) => (b as Band).stateReloads ? th.recovery : (b.schedulingDelay ?? 0) > 0 && !isQuery(b) ? th.wait : 'none')
    .attr('stroke-width', (b) => (b as Band).stateReloads ? 1.5 : 1);
  bands.selectAll<SVGLineElement, BatchResult>('line.batch-time').data(batches.filter((b) => b.time >= x.domain()[0] && b.time <= x.domain()[1]), (b) => bandLabel(b, fmtMs))
    .join('line').attr('class', 'batch-time')
    .attr('x1', (b) => x(b.time)).attr('x2', (b) => x(b.time)).attr('y1', (b) => rowOf(b) * BATCH_H).attr('y2', (b) => (rowOf(b) + 1) * BATCH_H)
    .attr('stroke', th.fg).attr('stroke-width', 1.5);
  bands.selectAll<SVGTextElement, BatchResult>('text.batch-label').data(visible.filter((b) => clampX(b.processingEnd!) - clampX(b.processingStart!) > 64), (b) => bandLabel(b, fmtMs))
    .join('text').attr('class', 'batch-label')
    .attr('x', (b) => clampX(b.processingStart!) + 4).attr('y', (b) => rowOf(b) * BATCH_H + BATCH_H / 2 + 0.5).attr('dominant-baseline', 'middle')
    .attr('font-family', th.font).attr('font-size', 10).attr('fill', th.fg)
    .text((b) => fitWidth(bandLabel(b, fmtMs), clampX(b.processingEnd!) - clampX(b.processingStart!) - 8, 10));
  bands.selectAll<SVGTextElement, string>('text.batch-title').data(rows).join('text').attr('class', 'batch-title')
    .attr('x', MARGIN_LEFT - 8).attr('y', (_, i) => i * BATCH_H + BATCH_H / 2 + 0.5).attr('text-anchor', 'end').attr('dominant-baseline', 'middle')
    .attr('font-family', th.font).attr('font-size', 10).attr('fill', th.muted)
    .text((q) => fitWidth(q === '' ? 'batches (processing)' : `${q} batches`, MARGIN_LEFT - 14, 10));
}

/** Height of the band rows under the axis: one row per query and one for DStream batches. */
export function bandsHeight(batches: BatchResult[]): number {
  return bandRows(batches).length * BATCH_H;
}

const DELAYS = [
  { key: 'schedulingDelay', label: 'scheduling delay', colour: (t: Theme) => t.wait },
  { key: 'processingDelay', label: 'processing delay', colour: (t: Theme) => t.locality.PROCESS_LOCAL },
  { key: 'totalDelay', label: 'total delay', colour: (t: Theme) => t.locality.NODE_LOCAL },
] as const;

/** The colour of the k-th query's line and trigger interval in the batch chart. */
function queryColour(th: Theme, k: number): string {
  const c = [th.locality.NODE_LOCAL, th.locality.PROCESS_LOCAL, th.locality.RACK_LOCAL, th.locality.ANY, th.wait];
  return c[k % c.length];
}

interface Series {
  key: (typeof DELAYS)[number]['key'];
  label: string;
  colour: string;
  /** 0: the primary result, 1: the comparison (dashed) */
  ri: number;
  pts: BatchResult[];
  query?: string;
}

/**
 * DStream batches: scheduling, processing and total delay per batch, at the batch's time. Query
 * micro-batches: each query's batch duration (trigger to end) as its own line, with its trigger
 * interval as a dashed line of the same colour (a batch above it makes the next one late).
 */
export function drawDelays(g: G, x: ScaleLinear<number, number>, th: Theme, width: number, results: SimulationResult[]) {
  const R = width - MARGIN_RIGHT;
  const all = results.flatMap((r) => r.batches ?? []);
  const queries = queriesOf(all);
  const dstream = all.some((b) => (b as Band).query === undefined);
  const intervals = queries.map((q, k) => ({ ...q, k })).filter((q) => q.interval > 0);
  const top = Math.max(max(all, (b) => b.totalDelay ?? 0) ?? 0, ...intervals.map((q) => q.interval)) || 1;
  const y = scaleLinear().domain([0, top]).nice(3).range([DELAY_H - 8, 16]);
  const clipId = 'delay-clip';
  let clip = g.select('clipPath');
  if (clip.empty()) clip = g.append('clipPath').attr('id', clipId) as never;
  clip.selectAll('rect').data([0]).join('rect').attr('x', MARGIN_LEFT).attr('y', 0).attr('width', R - MARGIN_LEFT).attr('height', DELAY_H);
  const axisG = sub(g, 'y-axis');
  axisG.selectAll<SVGLineElement, number>('line').data(y.ticks(3)).join('line').attr('x1', MARGIN_LEFT).attr('x2', R)
    .attr('y1', (v) => y(v)).attr('y2', (v) => y(v)).attr('stroke', th.grid);
  axisG.selectAll<SVGTextElement, number>('text').data(y.ticks(3)).join('text').attr('x', MARGIN_LEFT - 6).attr('y', (v) => y(v))
    .attr('text-anchor', 'end').attr('dominant-baseline', 'middle').attr('font-family', th.font).attr('font-size', 10)
    .attr('fill', th.muted).text((v) => fmtMs(v));
  const series: Series[] = results.flatMap((r, ri) => {
    const bs = r.batches ?? [];
    const ds = bs.filter((b) => (b as Band).query === undefined);
    const out: Series[] = ds.length ? DELAYS.map((d) => ({ key: d.key, label: d.label, colour: d.colour(th), ri, pts: ds.filter((b) => b[d.key] !== null) })) : [];
    queries.forEach((q, k) => out.push({
      key: 'totalDelay', label: `${q.query} batch duration`, colour: queryColour(th, k), ri, query: q.query,
      pts: bs.filter((b) => (b as Band).query === q.query && b.totalDelay !== null),
    }));
    return out;
  });
  const ln = (key: Series['key']) => line<BatchResult>().x((b) => x(b.time)).y((b) => y(b[key]!));
  const plot = sub(g, 'plot').attr('clip-path', `url(#${clipId})`);
  plot.selectAll<SVGPathElement, Series>('path.delay-line').data(series).join('path')
    .attr('class', (s) => `delay-line ${s.key}${s.query !== undefined ? ' query' : ''}`)
    .attr('data-query', (s) => s.query ?? null)
    .attr('d', (s) => ln(s.key)(s.pts)).attr('fill', 'none').attr('stroke', (s) => s.colour)
    .attr('stroke-width', (s) => s.ri === 0 ? 2 : 1.5).attr('stroke-dasharray', (s) => s.ri === 0 ? null : '4 3');
  plot.selectAll<SVGLineElement, (typeof intervals)[0]>('line.trigger-interval').data(intervals).join('line').attr('class', 'trigger-interval')
    .attr('data-query', (q) => q.query)
    .attr('x1', MARGIN_LEFT).attr('x2', R).attr('y1', (q) => y(q.interval)).attr('y2', (q) => y(q.interval))
    .attr('stroke', (q) => queryColour(th, q.k)).attr('stroke-dasharray', '6 4').attr('stroke-width', 1);
  // labels at the right end; queries with the same interval stack their labels upwards
  const sameBefore = (q: (typeof intervals)[0]) => intervals.filter((o) => o.k < q.k && o.interval === q.interval).length;
  plot.selectAll<SVGTextElement, (typeof intervals)[0]>('text.trigger-interval').data(intervals).join('text').attr('class', 'trigger-interval')
    .attr('x', R - 4).attr('y', (q) => y(q.interval) - 3 - 11 * sameBefore(q)).attr('text-anchor', 'end').attr('font-family', th.font).attr('font-size', 10)
    .attr('fill', (q) => queryColour(th, q.k)).text((q) => `${queries.length > 1 ? `${q.query} ` : ''}trigger ${fmtMs(q.interval)}`);
  const dots = series.flatMap((s) => s.pts.map((b) => ({ s, b })));
  plot.selectAll<SVGCircleElement, (typeof dots)[0]>('circle.delay-dot').data(dots).join('circle').attr('class', 'delay-dot')
    .attr('cx', (p) => x(p.b.time)).attr('cy', (p) => y(p.b[p.s.key]!)).attr('r', 2.5).attr('fill', (p) => p.s.colour);
  const legend = [...(dstream ? DELAYS.map((d) => ({ label: d.label, colour: d.colour(th) })) : []),
    ...queries.map((q, k) => ({ label: `${q.query} batch duration`, colour: queryColour(th, k) }))];
  // entries side by side, each as wide as its label (cut only at the right edge)
  const xs: number[] = [];
  let lx = MARGIN_LEFT + 8;
  for (const d of legend) { xs.push(lx); lx += 20 + textWidth(d.label, 10) * 1.05 + 16; }
  const leg = sub(g, 'delay-legend');
  const items = leg.selectAll<SVGGElement, (typeof legend)[0]>('g').data(legend).join((e) => {
    const it = e.append('g');
    it.append('line');
    it.append('text');
    return it;
  }).attr('transform', (_, i) => `translate(${xs[i]},6)`);
  items.select('line').attr('x1', 0).attr('x2', 16).attr('y1', 0).attr('y2', 0).attr('stroke', (d) => d.colour).attr('stroke-width', 2);
  items.select('text').attr('x', 20).attr('y', 0).attr('dominant-baseline', 'middle').attr('font-family', th.font)
    .attr('font-size', 10).attr('fill', th.fg)
    .text((d, i) => fitWidth(d.label, R + MARGIN_RIGHT - 4 - (xs[i] + 20), 10));
  g.selectAll('text.delay-title').data([0]).join('text').attr('class', 'delay-title').attr('x', 6).attr('y', 8)
    .attr('dominant-baseline', 'middle').attr('font-family', th.font).attr('font-size', 11).attr('font-weight', 600).attr('fill', th.fg)
    .text(dstream ? 'batch delays' : 'batch durations');
  // the comparison's note goes after the legend's entries, where it has room (not over the ticks)
  const noteX = lx;
  leg.selectAll<SVGTextElement, number>('text.compare-note').data(results.length > 1 ? [0] : []).join('text').attr('class', 'compare-note')
    .attr('x', noteX).attr('y', 6).attr('dominant-baseline', 'middle').attr('font-family', th.font)
    .attr('font-size', 10).attr('fill', th.muted)
    .text(noteX + textWidth('dashed: comparison', 10) * 1.05 <= R + MARGIN_RIGHT - 4 ? 'dashed: comparison' : '');
}

/** Slot-busy density over the whole run, for the overview strip: `bins` sums of busy time. */
export function density(r: SimulationResult, d0: number, d1: number, bins: number): Float64Array {
  const out = new Float64Array(bins);
  const w = (d1 - d0) / bins;
  for (const a of r.attempts) {
    let b0 = Math.floor((a.launch - d0) / w), b1 = Math.floor((a.end - d0) / w);
    b0 = Math.max(0, b0); b1 = Math.min(bins - 1, b1);
    for (let b = b0; b <= b1; b++) {
      const s = Math.max(a.launch, d0 + b * w), e = Math.min(a.end, d0 + (b + 1) * w);
      if (e > s) out[b] += e - s;
    }
  }
  return out;
}

export interface Overview {
  brush: BrushBehavior<unknown>;
  g: G;
}

/** The overview strip: density of the whole run, fault ticks, and a brush showing the view. */
export function drawOverview(g: G, base: ScaleLinear<number, number>, th: Theme, r: SimulationResult, dens: Float64Array) {
  const [d0, d1] = base.domain();
  const n = dens.length;
  const y = scaleLinear().domain([0, max(dens) || 1]).range([OVERVIEW_H - 2, 4]);
  const ar = area<number>().x((_, i) => base(d0 + ((i + 0.5) * (d1 - d0)) / n)).y0(OVERVIEW_H - 2).y1((v) => y(v));
  g.selectAll('path.density').data([Array.from(dens)]).join('path').attr('class', 'density')
    .attr('d', (v) => ar(v)).attr('fill', alpha(th.locality.NODE_LOCAL, 0.35)).attr('stroke', alpha(th.locality.NODE_LOCAL, 0.7));
  g.selectAll<SVGLineElement, number>('line.overview-fault').data(r.faults.map((f) => f.at)).join('line').attr('class', 'overview-fault')
    .attr('x1', (t) => base(t)).attr('x2', (t) => base(t)).attr('y1', 0).attr('y2', OVERVIEW_H).attr('stroke', th.fault).attr('stroke-width', 2);
  g.selectAll('text.overview-title').data([0]).join('text').attr('class', 'overview-title').attr('x', MARGIN_LEFT - 8).attr('y', OVERVIEW_H / 2)
    .attr('text-anchor', 'end').attr('dominant-baseline', 'middle').attr('font-family', th.font).attr('font-size', 10).attr('fill', th.muted)
    .text('whole run (drag)');
}

export function makeBrush(width: number) {
  return brushX<unknown>().extent([[MARGIN_LEFT, 0], [width - MARGIN_RIGHT, OVERVIEW_H]]);
}

export { select };
