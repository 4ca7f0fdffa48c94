// Fill patterns shared by the SVG layers (and the exported SVG) and the canvas.
import type { Selection } from 'd3';
import { alpha, type Theme } from '../theme';

export interface PatternIds {
  wait: string;
  unaware: string;
  lost: string;
  reserved: string;
  notAdded: string;
  /** the part of a query task that reloaded its state store */
  reload: string;
}

export const patternIds = (uid: string): PatternIds => ({
  wait: `${uid}-wait`, unaware: `${uid}-unaware`, lost: `${uid}-lost`, reserved: `${uid}-reserved`, notAdded: `${uid}-notadded`, reload: `${uid}-reload`,
});

type AnySvg = Selection<SVGElement, unknown, null, undefined>;

/** (Re)writes the <defs> of `svg` for `theme`. */
export function writeDefs(svgIn: Selection<SVGSVGElement, unknown, null, undefined> | Selection<SVGGElement, unknown, null, undefined>, uid: string, theme: Theme): PatternIds {
  const ids = patternIds(uid);
  const svg = svgIn as unknown as AnySvg;
  svg.select(`defs.patterns`).remove();
  const defs = svg.insert('defs', ':first-child').attr('class', 'patterns');
  const stripes = (id: string, bg: string, fg: string, w: number, angle: number, size = 8) => {
    const p = defs.append('pattern').attr('id', id).attr('patternUnits', 'userSpaceOnUse')
      .attr('width', size).attr('height', size).attr('patternTransform', `rotate(${angle})`);
    p.append('rect').attr('width', size).attr('height', size).attr('fill', bg);
    p.append('rect').attr('width', w).attr('height', size).attr('fill', fg);
  };
  stripes(ids.wait, alpha(theme.wait, 0.22), alpha(theme.wait, 0.85), 3, 45);
  stripes(ids.unaware, alpha(theme.fault, 0.08), alpha(theme.fault, 0.55), 1.5, -45, 6);
  stripes(ids.lost, alpha(theme.fault, 0.18), alpha(theme.fault, 0.8), 2, -45, 6);
  stripes(ids.reserved, alpha(theme.reserved, 0.06), alpha(theme.reserved, 0.14), 1, 45, 6);
  stripes(ids.notAdded, 'transparent', theme.dead, 1, 90, 4);
  // over a bar of any locality colour: the bar washed towards the background, crossed in the foreground colour
  stripes(ids.reload, alpha(theme.bg, 0.55), alpha(theme.fg, 0.9), 1.5, -45, 5);
  return ids;
}

/** The same patterns for a 2D canvas (device pixels: `scale` = devicePixelRatio). */
export function canvasPatterns(ctx: CanvasRenderingContext2D, theme: Theme, scale: number) {
  const make = (bg: string, fg: string, w: number, size: number): CanvasPattern | string => {
    const n = Math.max(4, Math.round(size * scale));
    const c = document.createElement('canvas');
    c.width = n; c.height = n;
    const g = c.getContext('2d');
    if (!g) return fg;
    g.fillStyle = bg; g.fillRect(0, 0, n, n);
    g.strokeStyle = fg; g.lineWidth = w * scale;
    // diagonal stripes that tile seamlessly
    for (const o of [-n, 0, n]) { g.beginPath(); g.moveTo(o, n); g.lineTo(o + n, 0); g.stroke(); }
    const pat = ctx.createPattern(c, 'repeat');
    pat?.setTransform(new DOMMatrix().scale(1 / scale));
    return pat ?? fg;
  };
  return {
    wait: make(alpha(theme.wait, 0.22), alpha(theme.wait, 0.85), 2.5, 8),
    lost: make(alpha(theme.fault, 0.18), alpha(theme.fault, 0.8), 1.5, 6),
    reload: make(alpha(theme.bg, 0.55), alpha(theme.fg, 0.9), 1.2, 5),
  };
}
