// Colours from VS Code's theme variables (light, dark and high contrast), resolved to plain colour
// strings: the canvas cannot read CSS variables, and an exported SVG must not depend on them.
import { color } from 'd3';
import type { Locality } from '../src/engine/result';

export interface Theme {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  border: string;
  focus: string;
  locality: Record<Locality, string>;
  fault: string;
  detect: string;
  wait: string;
  recovery: string;
  reserved: string;
  dead: string;
  highContrast: boolean;
  font: string;
  fontSize: number;
}

export const LOCALITY_ORDER: Locality[] = ['PROCESS_LOCAL', 'NODE_LOCAL', 'RACK_LOCAL', 'NO_PREF', 'ANY'];

const DARK: Record<string, string> = {
  'editor-background': '#1e1e1e', foreground: '#cccccc', descriptionForeground: '#9d9d9d',
  'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-orange': '#d18616',
  'charts-red': '#f14c4c', 'charts-purple': '#b180d7', 'charts-lines': '#cccccc80', focusBorder: '#007fd4',
  'panel-border': '#80808059', 'font-family': 'system-ui, -apple-system, "Segoe UI", sans-serif', 'font-size': '13px',
};

export function readTheme(el: Element = document.body): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback?: string) => cs.getPropertyValue(`--vscode-${name}`).trim() || fallback || DARK[name] || '';
  const highContrast = document.body.classList.contains('vscode-high-contrast')
    || document.body.classList.contains('vscode-high-contrast-light');
  const contrast = v('contrastBorder', '');
  const fg = v('foreground');
  return {
    bg: v('editor-background'),
    fg,
    muted: v('descriptionForeground', alpha(fg, 0.7)),
    grid: alpha(v('charts-lines', fg), highContrast ? 0.5 : 0.18),
    border: contrast || v('panel-border', v('editorWidget-border', alpha(fg, 0.3))),
    focus: v('focusBorder'),
    locality: {
      PROCESS_LOCAL: v('charts-green'),
      NODE_LOCAL: v('charts-blue'),
      RACK_LOCAL: v('charts-purple'),
      NO_PREF: mix(v('descriptionForeground', fg), v('editor-background'), 0.25),
      ANY: v('charts-orange'),
    },
    fault: v('charts-red'),
    detect: v('charts-red'),
    wait: v('charts-yellow'),
    recovery: contrast || fg,
    reserved: v('charts-purple'),
    dead: alpha(fg, highContrast ? 0.35 : 0.12),
    highContrast,
    font: v('font-family'),
    fontSize: parseFloat(v('font-size')) || 13,
  };
}

/** `c` with opacity `a` as an rgba() string (any CSS colour d3 parses; else unchanged). */
export function alpha(c: string, a: number): string {
  const p = color(c);
  if (!p) return c;
  p.opacity = p.opacity * a;
  return p.formatRgb();
}

/** `a` blended towards `b` by `t` (0 = a). */
export function mix(a: string, b: string, t: number): string {
  const p = color(a)?.rgb(), q = color(b)?.rgb();
  if (!p || !q) return a;
  const m = (x: number, y: number) => Math.round(x + (y - x) * t);
  return `rgb(${m(p.r, q.r)}, ${m(p.g, q.g)}, ${m(p.b, q.b)})`;
}

/** Readable text colour on a filled bar. */
export function textOn(fill: string): string {
  const c = color(fill)?.rgb();
  if (!c) return '#000';
  const lum = (0.299 * c.r + 0.587 * c.g + 0.114 * c.b) / 255;
  return lum > 0.55 ? '#1e1e1e' : '#ffffff';
}
