// The legend, as SVG so that the exported image carries it too.
import type { Selection } from 'd3';
import { alpha, LOCALITY_ORDER, type Theme } from '../theme';
import type { PatternIds } from './defs';

type G = Selection<SVGGElement, unknown, null, undefined>;

export const LEGEND_ROW = 18;

interface Item { label: string; swatch: (g: G) => void }

function items(th: Theme, ids: PatternIds, withReload: boolean): Item[] {
  const rect = (fill: string, extra: (r: Selection<SVGRectElement, unknown, null, undefined>) => void = () => {}) => (g: G) => {
    const r = g.append('rect').attr('x', 0).attr('y', 2).attr('width', 18).attr('height', 10).attr('rx', 2).attr('fill', fill);
    extra(r);
  };
  const vline = (stroke: string, dash?: string) => (g: G) => {
    g.append('line').attr('x1', 9).attr('x2', 9).attr('y1', 0).attr('y2', 14).attr('stroke', stroke).attr('stroke-width', 2)
      .attr('stroke-dasharray', dash ?? null);
  };
  return [
    ...LOCALITY_ORDER.map((l) => ({ label: l, swatch: rect(th.locality[l]) })),
    { label: 'recovery attempt', swatch: rect(th.locality.NODE_LOCAL, (r) => r.attr('stroke', th.recovery).attr('stroke-width', 2)) },
    { label: 'locality wait (slot free elsewhere)', swatch: rect(`url(#${ids.wait})`, (r) => r.attr('stroke', th.wait)) },
    {
      // as the lanes draw it: a grey track under the bar of the task that held the slot
      label: 'queued (no free slot)',
      swatch: (g) => {
        g.append('rect').attr('x', 0).attr('y', 1).attr('width', 18).attr('height', 9).attr('rx', 2).attr('fill', alpha(th.locality.NODE_LOCAL, 0.35));
        g.append('rect').attr('x', 0).attr('y', 11).attr('width', 18).attr('height', 2).attr('fill', th.muted);
      },
    },
    {
      label: 'lost: executor dead, driver unaware',
      swatch: (g) => {
        g.append('rect').attr('x', 0).attr('y', 2).attr('width', 8).attr('height', 10).attr('fill', th.locality.NODE_LOCAL);
        g.append('rect').attr('x', 8).attr('y', 2).attr('width', 10).attr('height', 10).attr('fill', `url(#${ids.lost})`);
        g.append('path').attr('d', 'M8,0V14M5,4L11,10M5,10L11,4').attr('stroke', th.fault).attr('stroke-width', 1.6);
      },
    },
    { label: 'idle slot during the wait', swatch: rect(alpha(th.wait, 0.06), (r) => r.attr('stroke', th.wait).attr('stroke-dasharray', '3 2')) },
    { label: 'failed', swatch: (g) => { rect(th.locality.NODE_LOCAL)(g); g.append('rect').attr('x', 15).attr('y', 2).attr('width', 3).attr('height', 10).attr('fill', th.fault); } },
    { label: 'killed', swatch: rect(alpha(th.locality.NODE_LOCAL, 0.45), (r) => r.attr('stroke', th.muted).attr('stroke-dasharray', '3 2')) },
    ...(withReload ? [{
      label: 'state store reload',
      swatch: (g: G) => {
        g.append('rect').attr('x', 0).attr('y', 2).attr('width', 18).attr('height', 10).attr('rx', 2).attr('fill', th.locality.ANY);
        g.append('rect').attr('x', 0).attr('y', 2).attr('width', 9).attr('height', 10).attr('fill', `url(#${ids.reload})`).attr('stroke', th.fg);
        g.append('path').attr('d', 'M-3.5,0L3.5,0L0,6Z').attr('fill', th.fg);
      },
    }] : []),
    { label: 'reserved slot', swatch: rect(`url(#${ids.reserved})`, (r) => r.attr('stroke', th.reserved)) },
    { label: 'executor lost', swatch: rect(th.dead) },
    { label: 'fault', swatch: vline(th.fault) },
    { label: 'detected', swatch: vline(th.fg, '4 2') },
    {
      // as the recovery span draws it, in time order: queued, waiting for a local slot, the work
      label: 'recovery (grey: queued, hatched: locality wait, solid: work)',
      swatch: (g) => {
        g.append('rect').attr('x', 0).attr('y', 3).attr('width', 6).attr('height', 8).attr('fill', alpha(th.muted, 0.5));
        g.append('rect').attr('x', 6).attr('y', 3).attr('width', 6).attr('height', 8).attr('fill', `url(#${ids.wait})`);
        g.append('rect').attr('x', 12).attr('y', 3).attr('width', 6).attr('height', 8).attr('fill', alpha(th.focus, 0.9));
        g.append('rect').attr('x', 0).attr('y', 3).attr('width', 18).attr('height', 8).attr('fill', 'none').attr('stroke', th.fg);
      },
    },
  ];
}

/** Draws the legend in rows that fit `width`; returns its height. */
export function drawLegend(g: G, th: Theme, ids: PatternIds, width: number, x0 = 8, withReload = false): number {
  g.selectAll('*').remove();
  let x = x0, y = 0;
  for (const it of items(th, ids, withReload)) {
    const w = 24 + textWidth(it.label, 11) + 16;
    if (x + w > width - 8 && x > x0) { x = x0; y += LEGEND_ROW; }
    const gi = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${x},${y + 2})`);
    it.swatch(gi);
    gi.append('text').attr('x', 23).attr('y', 7.5).attr('dominant-baseline', 'middle').attr('font-family', th.font)
      .attr('font-size', 11).attr('fill', th.fg).text(it.label);
    x += w;
  }
  return y + LEGEND_ROW;
}

/** Approximate width of `s` in px at `size` px (no layout needed, so it works in a detached SVG). */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[A-Z_@%]/.test(ch) ? 0.68 : /[ il.,:;|'()\[\]]/.test(ch) ? 0.3 : /[mw]/.test(ch) ? 0.85 : 0.56;
  return w * size;
}
