// Export of the current view as a standalone SVG (colours resolved, no CSS variables, bars as
// <rect>s of what is visible) or a PNG rendered from that SVG.
import { select } from 'd3';
import type { App } from './app';
import { AXIS_H, DELAY_H, bandsHeight, drawAxis, drawDelays } from './render/axes';
import { writeDefs } from './render/defs';
import { drawLegend } from './render/legend';
import { drawPanel, sub, type Frame } from './render/panel';

const SVGNS = 'http://www.w3.org/2000/svg';

export function exportSvg(app: App): SVGSVGElement {
  const th = app.theme;
  const W = app.width;
  const svg = select(document.createElementNS(SVGNS, 'svg') as SVGSVGElement);
  svg.attr('xmlns', SVGNS).attr('width', W).attr('font-family', th.font);
  const ids = writeDefs(svg, 'x', th);
  const bg = svg.append('rect').attr('x', 0).attr('y', 0).attr('width', W).attr('fill', th.bg);
  const root = svg.append('g');
  let y = 8;
  root.append('text').attr('x', 8).attr('y', y + 12).attr('font-size', 15).attr('font-weight', 700).attr('fill', th.fg).text(app.titleText());
  y += 22;
  for (const line of app.summaryLines().slice(0, 6)) {
    if (!line.trim()) continue;
    root.append('text').attr('x', 8).attr('y', y + 11).attr('font-size', 11.5).attr('fill', th.fg).text(line.trim());
    y += 16;
  }
  y += 4;
  const lg = root.append('g').attr('transform', `translate(0,${y})`);
  y += drawLegend(lg as never, th, ids, W, 8, !!app.msg?.primary.attempts.some((a) => a.stateReload)) + 6;
  const batches = app.msg?.primary.batches ?? [];
  const ax = root.append('g').attr('transform', `translate(0,${y})`);
  drawAxis(ax as never, app.x, th, W, batches);
  y += AXIS_H + bandsHeight(batches);
  const [t0, t1] = app.x.domain();
  app.visiblePanels().forEach((p, n) => {
    root.append('text').attr('x', 8).attr('y', y + 14).attr('font-size', 12).attr('font-weight', 700).attr('fill', th.fg)
      .text(p.titleEl.textContent?.replace(/recovery/, ' · recovery') ?? '');
    y += 20;
    const g = root.append('g').attr('transform', `translate(0,${y})`);
    const f: Frame = { x: app.x, theme: th, width: W, t0, t1, fault: null };
    const under = sub(g as never, 'under');
    const over = sub(g as never, 'over');
    drawPanel(p, under, over, f, { svgBars: true, ids, overIds: ids, clipId: `x${n}-clip` });
    y += p.viewH + 6;
  });
  if (batches.length) {
    const dg = root.append('g').attr('transform', `translate(0,${y})`);
    drawDelays(dg as never, app.x, th, W, app.visiblePanels().map((p) => p.result));
    y += DELAY_H;
  }
  y += 8;
  svg.attr('height', y).attr('viewBox', `0 0 ${W} ${y}`);
  bg.attr('height', y);
  return svg.node()!;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function exportView(app: App, format: 'png' | 'svg'): Promise<string> {
  const node = exportSvg(app);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(node)}`;
  if (format === 'svg') return text;
  const w = Number(node.getAttribute('width')), h = Number(node.getAttribute('height'));
  const img = new Image();
  img.width = w; img.height = h;
  const loaded = new Promise<void>((res, rej) => { img.onload = () => res(); img.onerror = () => rej(new Error('could not render the SVG')); });
  img.src = `data:image/svg+xml;base64,${toBase64(new TextEncoder().encode(text))}`;
  await loaded;
  const scale = 2; // crisp on high-DPI screens and in documents
  const c = document.createElement('canvas');
  c.width = Math.round(w * scale); c.height = Math.round(h * scale);
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, w, h);
  return c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
