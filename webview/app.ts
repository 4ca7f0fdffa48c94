// The timeline app: receives `show`, lays out one or two Gantts on one time axis, and handles zoom,
// pan, brush, hover, click and export. Knows nothing of `vscode` beyond the posted messages.
import { withQueryBands } from './lib/queryBatches';
import { select, zoom, zoomIdentity, scaleLinear, type D3ZoomEvent, type ScaleLinear, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { SimulationResult } from '../src/engine/result';
import { clampView, faultWindow, matchFault, timeDomain, zoomScaleExtent, type Domain } from './lib/domain';
import { matchingLane } from './lib/lanes';
import { decommissionExit, fmtGain, fmtMs, policyLabel } from './lib/format';
import { validateHostMessage, type HostMessage, type ShowMessage, type WebviewMessage } from './protocol';
import { AXIS_H, DELAY_H, OVERVIEW_H, bandsHeight, density, drawAxis, drawDelays, drawOverview, makeBrush } from './render/axes';
import { writeDefs } from './render/defs';
import { drawLegend } from './render/legend';
import { HEADER_H, MARGIN_LEFT, MARGIN_RIGHT, Panel, type Frame } from './render/panel';
import { exportView } from './exportView';
import { readTheme, type Theme } from './theme';
import { Tooltip, attemptRows } from './tooltip';
import { buildToolbar, type Toolbar } from './toolbar';

export interface VsCodeApi {
  postMessage(m: WebviewMessage): void;
  getState(): unknown;
  setState(s: unknown): void;
}

interface SavedState { id: string; view: Domain; fault: number | null; compare: boolean }

const SVGNS = 'http://www.w3.org/2000/svg';

export class App {
  readonly root: HTMLElement;
  private header!: HTMLElement;
  private summary!: HTMLElement;
  private errorEl!: HTMLElement;
  private staleEl!: HTMLElement;
  private statusEl!: HTMLElement;
  private legendSvg!: SVGSVGElement;
  private stage!: HTMLDivElement;
  private axisSvg!: SVGSVGElement;
  private panelsEl!: HTMLDivElement;
  private delaySvg!: SVGSVGElement;
  private overviewSvg!: SVGSVGElement;
  private toolbar!: Toolbar;
  private tooltip!: Tooltip;

  msg: ShowMessage | null = null;
  panels: Panel[] = [];
  theme: Theme;
  domain: Domain = [0, 1];
  /** the unzoomed scale; the view is `transform.rescaleX(base)` */
  base: ScaleLinear<number, number> = scaleLinear();
  x: ScaleLinear<number, number> = scaleLinear();
  transform: ZoomTransform = zoomIdentity;
  zoom!: ZoomBehavior<HTMLDivElement, unknown>;
  private brush = makeBrush(800);
  private brushing = false;
  fault: number | null = null;
  compare = true;
  width = 800;
  private frame = 0;
  private drawWaiters: (() => void)[] = [];
  /** timings for tests and the benchmark */
  stats = { firstDrawMs: 0, lastDrawMs: 0, draws: 0, bars: 0 };
  private saveTimer = 0;

  constructor(root: HTMLElement, readonly vscode: VsCodeApi) {
    this.root = root;
    this.theme = readTheme();
    this.build();
    window.addEventListener('message', (ev: MessageEvent) => this.onMessage(ev.data));
    new ResizeObserver(() => { if (this.msg) this.relayout(); }).observe(this.stage);
    // VS Code swaps the body's theme class when the colour theme changes
    new MutationObserver(() => this.onTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  // ------------------------------------------------------------------ skeleton

  private build() {
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: HTMLElement = this.root) => {
      const e = document.createElement(tag);
      e.className = cls;
      parent.appendChild(e);
      return e;
    };
    this.root.replaceChildren();
    this.root.classList.remove('loading');
    this.header = el('header', 'header');
    const h1 = el('h1', 'title', this.header);
    h1.id = 'title';
    h1.textContent = 'Spark Recovery Lens';
    this.summary = el('div', 'summary', this.header);
    this.summary.id = 'summary';
    this.toolbar = buildToolbar(this.root, {
      zoomIn: () => this.zoomBy(2),
      zoomOut: () => this.zoomBy(0.5),
      reset: () => this.resetView(),
      selectFault: (i) => this.selectFault(i),
      toggleCompare: (on) => this.setCompare(on),
      exportAs: (format) => void this.export(format),
    });
    this.statusEl = el('div', 'status', this.root);
    this.statusEl.setAttribute('role', 'status');
    this.staleEl = el('div', 'stale-banner', this.root);
    this.staleEl.setAttribute('role', 'status');
    this.staleEl.hidden = true;
    this.errorEl = el('div', 'error', this.root);
    this.errorEl.id = 'error';
    this.errorEl.setAttribute('role', 'alert');
    this.errorEl.hidden = true;
    this.legendSvg = document.createElementNS(SVGNS, 'svg');
    this.legendSvg.classList.add('legend');
    this.root.appendChild(this.legendSvg);
    this.stage = el('div', 'stage');
    this.stage.id = 'stage';
    this.stage.tabIndex = 0;
    this.stage.setAttribute('role', 'application');
    this.stage.setAttribute('aria-label', 'Timeline. Plus and minus zoom, arrow keys pan, Home resets; click a bar to reveal its task.');
    this.axisSvg = document.createElementNS(SVGNS, 'svg');
    this.axisSvg.classList.add('axis');
    this.stage.appendChild(this.axisSvg);
    this.panelsEl = el('div', 'panels', this.stage);
    this.delaySvg = document.createElementNS(SVGNS, 'svg');
    this.delaySvg.classList.add('delays');
    this.stage.appendChild(this.delaySvg);
    this.overviewSvg = document.createElementNS(SVGNS, 'svg');
    this.overviewSvg.classList.add('overview');
    this.stage.appendChild(this.overviewSvg);
    this.tooltip = new Tooltip(this.root);
    // keys work on the timeline and on the toolbar's buttons (not in the dropdown, whose arrows pick)
    document.addEventListener('keydown', (e) => {
      const t = e.target as Element | null;
      if (t?.closest?.('vscode-dropdown, input, textarea, select, [contenteditable]')) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      this.onKey(e);
    });
    this.stage.addEventListener('mouseleave', () => this.hover(null));
    this.stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
  }

  // ------------------------------------------------------------------ messages

  onMessage(data: unknown) {
    const problem = validateHostMessage(data);
    if (problem) {
      this.showError(`The timeline received invalid data and did not draw it: ${problem}`);
      this.vscode.postMessage({ type: 'error', message: `invalid message: ${problem}` });
      return;
    }
    const m = data as HostMessage;
    try {
      if (m.type === 'theme') this.onTheme();
      else if (m.type === 'failed') this.onFailed(m.message);
      else if (m.type === 'stale') this.onStale(m.message);
      else this.show(m);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.showError(`The timeline could not draw this result: ${text}`);
      this.vscode.postMessage({ type: 'error', message: `render failed: ${text}` });
    }
  }

  showError(text: string) {
    this.errorEl.textContent = text;
    this.errorEl.hidden = false;
  }

  /** The host could not answer (e.g. the comparison run failed): no more "Simulating…". */
  private onFailed(message: string) {
    this.statusEl.textContent = '';
    this.showError(message);
    if (this.msg?.comparison === undefined && this.compare) {
      this.compare = false;
      if (this.msg) this.toolbar.setCompare(false, this.msg.real ? 'Compare with simulation' : this.msg.primary.policy === 'reserved-slots' ? 'Compare with Spark' : 'Compare with reserved slots');
    }
  }

  /** The document has errors now: keep the last run on screen, marked out of date. */
  private onStale(message: string) {
    this.staleEl.textContent = message;
    this.staleEl.hidden = false;
    this.root.classList.add('stale');
  }

  private onTheme() {
    this.theme = readTheme();
    if (this.msg) this.relayout();
  }

  show(m: ShowMessage) {
    // queries' micro-batches are drawn as batches (bands, delay chart)
    m = { ...m, primary: withQueryBands(m.primary), ...(m.comparison ? { comparison: withQueryBands(m.comparison) } : {}) };
    const t0 = performance.now();
    const saved = this.vscode.getState() as SavedState | undefined;
    // a what-if fault that was not shown before is brought into view; an edit keeps the zoom
    const newFaults = this.msg?.id === m.id && faultKey(this.msg.primary) !== faultKey(m.primary);
    const same = this.msg?.id === m.id && !newFaults;
    const keepView = same ? this.x.domain() as Domain : saved?.id === m.id && !newFaults ? saved.view : null;
    this.msg = m;
    this.errorEl.hidden = true;
    this.staleEl.hidden = true;
    this.root.classList.remove('stale');
    this.statusEl.textContent = '';
    document.title = m.title;
    this.header.querySelector('h1')!.textContent = m.title || m.sourceName;
    if (!same && saved?.id === m.id) { this.fault = saved.fault; this.compare = saved.compare; }
    if (!same && (saved?.id !== m.id || newFaults)) { this.fault = m.focusFault ?? null; this.compare = saved?.id === m.id ? this.compare : true; }
    if (m.focusFault !== undefined && !same) this.fault = m.focusFault;
    if (this.fault !== null && !(this.fault >= 0 && this.fault < m.primary.faults.length)) this.fault = null;
    const results = [m.primary, ...(m.comparison ? [m.comparison] : [])];
    this.domain = timeDomain(results);
    this.panelsEl.replaceChildren();
    // a real run (imported event log): the log's attempts, then the simulation of the imported file
    const look = (i: number) => (m.real ? { label: i === 0 ? 'Real run (event log)' : 'Simulated (imported job file)', allWaits: i === 0 } : {});
    this.panels = results.map((r, i) => new Panel(r, i === 0 ? 'primary' : 'comparison', this.panelsEl, undefined, look(i)));
    for (const p of this.panels) this.wirePanel(p);
    this.toolbar.setFaults(m.primary.faults.map((f) => `exec ${f.executor} ${f.kind} at ${fmtMs(f.at)}`), this.fault);
    this.toolbar.setCompare(!!m.comparison && this.compare, m.real ? 'Compare with simulation' : m.primary.policy === 'reserved-slots' ? 'Compare with Spark' : 'Compare with reserved slots');
    this.writeSummary();
    this.relayout(true);
    const want = keepView ?? (this.fault !== null ? this.faultView(this.fault) : null);
    if (want) this.setView(want); else this.resetView();
    this.drawNow();
    this.stats.firstDrawMs = performance.now() - t0;
    this.root.dataset.firstDrawMs = this.stats.firstDrawMs.toFixed(1);
    this.root.dataset.ready = 'true';
  }

  private comparisonVisible() { return this.panels.length > 1 && this.compare; }

  private setCompare(on: boolean) {
    this.compare = on;
    if (!this.msg) return;
    if (on && !this.msg.comparison) {
      const policy = this.msg.primary.policy === 'reserved-slots' ? 'spark' : 'reserved-slots';
      this.statusEl.textContent = `Simulating the same fault under ${policyLabel(policy)}…`;
      this.vscode.postMessage({ type: 'requestComparison', id: this.msg.id, policy });
      return;
    }
    this.writeSummary();
    this.relayout();
    this.saveState();
  }

  // ------------------------------------------------------------------ layout and drawing

  relayout(fresh = false) {
    if (!this.msg) return;
    const view = fresh ? null : this.x.domain() as Domain;
    this.width = Math.max(320, this.stage.clientWidth);
    const L = MARGIN_LEFT, R = this.width - MARGIN_RIGHT;
    this.base = scaleLinear().domain(this.domain).range([L, R]);
    const visible = this.panels.filter((_, i) => i === 0 || this.comparisonVisible());
    this.panels.forEach((p) => { p.el.hidden = !visible.includes(p); });
    const batches = this.msg.primary.batches?.length ?? 0;
    const bandsH = bandsHeight(this.msg.primary.batches ?? []);
    const legendH = drawLegend(select(this.legendSvg).call((s) => writeDefs(s, 'legend', this.theme)).selectAll<SVGGElement, unknown>('g.items').data([0]).join('g').attr('class', 'items') as never,
      this.theme, { wait: 'legend-wait', unaware: 'legend-unaware', lost: 'legend-lost', reserved: 'legend-reserved', notAdded: 'legend-notadded', reload: 'legend-reload' }, this.width, 8,
      this.msg.primary.attempts.some((a) => a.stateReload));
    this.legendSvg.setAttribute('width', String(this.width));
    this.legendSvg.setAttribute('height', String(legendH));
    const top = this.stage.getBoundingClientRect().top;
    const fixed = AXIS_H + (batches ? bandsH + DELAY_H : 0) + OVERVIEW_H + visible.length * 26 + 12;
    const avail = Math.max(160 * visible.length, window.innerHeight - Math.max(0, top) - fixed);
    for (const p of visible) p.layout(this.width, Math.max(140, avail / visible.length));
    this.axisSvg.setAttribute('width', String(this.width));
    this.axisSvg.setAttribute('height', String(AXIS_H + bandsH));
    this.delaySvg.setAttribute('width', String(this.width));
    this.delaySvg.setAttribute('height', String(batches ? DELAY_H : 0));
    this.delaySvg.style.display = batches ? '' : 'none';
    this.overviewSvg.setAttribute('width', String(this.width));
    this.overviewSvg.setAttribute('height', String(OVERVIEW_H));
    this.stage.dataset.lanes = String(visible.reduce((s, p) => s + p.lanes.lanes.length, 0));

    const [k0, k1] = zoomScaleExtent(this.domain);
    const h = this.stage.clientHeight || 400;
    this.zoom = zoom<HTMLDivElement, unknown>()
      .scaleExtent([k0, k1])
      .extent([[L, 0], [R, h]])
      .translateExtent([[L, -1e9], [R, 1e9]])
      .filter((ev: Event) => this.zoomFilter(ev))
      .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
        this.transform = ev.transform;
        this.x = this.transform.rescaleX(this.base);
        this.requestDraw();
        this.saveState();
      });
    select(this.stage).call(this.zoom);
    // overview: the whole run with a brush for the visible range
    this.brush = makeBrush(this.width).on('brush end', (ev) => {
      if (this.brushing || !ev.sourceEvent || !ev.selection) return;
      const [a, b] = ev.selection as [number, number];
      this.setView([this.base.invert(a), this.base.invert(b)]);
    });
    const ov = select(this.overviewSvg);
    ov.selectAll('*').remove();
    const dens = density(this.msg.primary, this.domain[0], this.domain[1], Math.max(50, Math.floor((R - L) / 3)));
    drawOverview(ov.append('g').attr('class', 'density-g') as never, this.base, this.theme, this.msg.primary, dens);
    ov.append('g').attr('class', 'brush').call(this.brush as never);
    if (view) this.setView(view); else this.requestDraw();
  }

  private zoomFilter(ev: Event): boolean {
    const t = ev.target as Element | null;
    if (t?.closest?.('svg.overview')) return false;
    // the wheel is ours (onWheel): d3's zooms on every wheel, and 4x per Ctrl+wheel notch
    if (ev.type === 'wheel') return false;
    if (ev.type === 'mousedown') {
      const me = ev as MouseEvent;
      if (me.button !== 0) return false;
      const sc = t as HTMLElement | null;
      if (sc?.classList?.contains('gantt-scroll') && me.offsetX >= sc.clientWidth) return false; // its scrollbar
    }
    return !(ev as MouseEvent).ctrlKey || ev.type === 'wheel';
  }

  /**
   * Ctrl/Cmd+wheel (and a trackpad pinch, which arrives as one) zooms time at the pointer;
   * Shift+wheel or a sideways wheel pans time; a plain wheel scrolls lanes that do not fit, and
   * zooms where nothing scrolls.
   */
  private onWheel(e: WheelEvent) {
    const t = e.target as Element | null;
    if (!this.zoom || t?.closest?.('svg.overview')) return;
    const px = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.width : 1;
    const dx = (e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX) * px, dy = (e.shiftKey ? 0 : e.deltaY) * px;
    const r = this.stage.getBoundingClientRect();
    const at: [number, number] = [e.clientX - r.left, e.clientY - r.top];
    if (!(e.ctrlKey || e.metaKey)) {
      if (Math.abs(dx) > Math.abs(dy)) {
        e.preventDefault();
        select(this.stage).call(this.zoom.translateBy, -dx / this.transform.k, 0);
        return;
      }
      const sc = t?.closest?.('.gantt-scroll') as HTMLElement | null;
      if (sc && sc.scrollHeight > sc.clientHeight + 1) return; // the browser scrolls the lanes
    }
    e.preventDefault();
    // a pinch sends small deltas, a mouse notch about 100 px: at most 2x per event either way
    const pinch = (e.ctrlKey || e.metaKey) && Math.abs(dy) < 50 ? 10 : 1;
    const f = 2 ** Math.max(-1, Math.min(1, -dy * 0.002 * pinch));
    select(this.stage).call(this.zoom.scaleBy, f, at);
  }

  /** scrollTop each panel was last set to by syncScroll: its own scroll event then is no user's */
  private readonly syncedTo = new Map<Panel, number>();

  /** The compare view's panels scroll together: the other panel shows the same executor and slot at its top. */
  private syncScroll(from: Panel) {
    const top = from.scroller.scrollTop / from.laneH;
    const l = Math.floor(top);
    for (const q of this.panels) {
      if (q === from || q.el.hidden) continue;
      const max = q.scroller.scrollHeight - q.scroller.clientHeight;
      const v = Math.round(Math.max(0, Math.min(max, (matchingLane(from.lanes, l, q.lanes) + top - l) * q.laneH)));
      if (Math.abs(q.scroller.scrollTop - v) < 1) continue;
      this.syncedTo.set(q, v);
      q.scroller.scrollTop = v;
    }
  }

  private wirePanel(p: Panel) {
    p.scroller.addEventListener('scroll', () => {
      p.scrollTop = p.scroller.scrollTop;
      const synced = this.syncedTo.get(p);
      this.syncedTo.delete(p);
      if (synced === undefined || Math.abs(synced - p.scroller.scrollTop) >= 1) this.syncScroll(p);
      this.requestDraw();
    }, { passive: true });
    p.view.addEventListener('mousemove', (ev) => this.hoverAt(p, ev));
    p.view.addEventListener('click', (ev) => {
      const r = p.view.getBoundingClientRect();
      const h = p.hit(ev.clientX - r.left, ev.clientY - r.top, this.x);
      if (!h) return;
      const a = p.result.attempts[h.attempt];
      this.vscode.postMessage({ type: 'revealTask', task: a.task, attempt: a.attempt, id: this.msg?.id });
    });
  }

  private hoverAt(p: Panel, ev: MouseEvent) {
    const r = p.view.getBoundingClientRect();
    const h = p.hit(ev.clientX - r.left, ev.clientY - r.top, this.x);
    if (!h) { this.hover(null); return; }
    const a = p.result.attempts[h.attempt];
    this.tooltip.show(attemptRows(a, p.exec.get(a.executor), h.wait), ev.clientX, ev.clientY);
    this.hover({ p, i: h.attempt, wait: h.wait });
  }

  private hover(h: { p: Panel; i: number; wait: boolean } | null) {
    if (!h) this.tooltip.hide();
    for (const p of this.panels) {
      const sel = select(p.over).selectAll<SVGRectElement, number>('rect.hover')
        .data(h && h.p === p ? [h.i] : []).join('rect').attr('class', 'hover');
      if (!h || h.p !== p) continue;
      const a = p.result.attempts[h.i];
      const l = p.lanes.laneOf[h.i];
      const x0 = this.x(h.wait ? a.readyAt : a.launch), x1 = this.x(h.wait ? a.launch : a.end);
      sel.attr('x', x0 - 1).attr('y', p.laneY(l)).attr('width', Math.max(2, x1 - x0 + 2)).attr('height', p.laneH)
        .attr('fill', 'none').attr('stroke', this.theme.focus).attr('stroke-width', 2).attr('pointer-events', 'none');
    }
  }

  requestDraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.drawNow(); });
  }

  /** Draws everything for the current view, synchronously. */
  drawNow() {
    if (!this.msg) return;
    if (this.frame) { cancelAnimationFrame(this.frame); this.frame = 0; }
    const t = performance.now();
    const x = this.x;
    const [t0, t1] = x.domain();
    let bars = 0;
    for (const p of this.panels) {
      if (p.el.hidden) continue;
      const fi = this.fault === null ? null : p.role === 'primary' ? this.fault
        : p.result.faults.indexOf(matchFault(this.msg.primary.faults[this.fault], p.result)!);
      const f: Frame = { x, theme: this.theme, width: this.width, t0, t1, fault: fi === -1 ? null : fi };
      p.draw(f);
      bars += p.stats.bars;
    }
    const results = this.panels.filter((p) => !p.el.hidden).map((p) => p.result);
    const batches = this.msg.primary.batches ?? [];
    drawAxis(select(this.axisSvg).selectAll<SVGGElement, unknown>('g.axis-root').data([0]).join('g').attr('class', 'axis-root') as never,
      x, this.theme, this.width, batches);
    if (batches.length) {
      drawDelays(select(this.delaySvg).selectAll<SVGGElement, unknown>('g.delay-root').data([0]).join('g').attr('class', 'delay-root') as never,
        x, this.theme, this.width, results);
    }
    this.brushing = true;
    select(this.overviewSvg).select<SVGGElement>('g.brush').call(this.brush.move as never, [this.base(t0), this.base(t1)]);
    this.brushing = false;
    this.stage.dataset.domain = `${t0},${t1}`;
    this.stage.dataset.range = `${x.range()[0]},${x.range()[1]}`;
    this.stats.lastDrawMs = performance.now() - t;
    this.stats.draws++;
    this.stats.bars = bars;
    const waiters = this.drawWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** Resolves after the next draw. */
  whenDrawn(): Promise<void> {
    return new Promise((res) => { this.drawWaiters.push(res); this.requestDraw(); });
  }

  // ------------------------------------------------------------------ view changes

  /** Shows the time range `v` (clamped to the run and to 1 ms). */
  setView(v: Domain) {
    const [a, b] = clampView(v, this.domain);
    const L = MARGIN_LEFT, R = this.width - MARGIN_RIGHT;
    const k = (R - L) / (this.base(b) - this.base(a));
    const t = zoomIdentity.translate(L - this.base(a) * k, 0).scale(k);
    select(this.stage).call(this.zoom.transform, t);
  }

  zoomBy(f: number) { select(this.stage).call(this.zoom.scaleBy, f); }

  panBy(fraction: number) {
    const [a, b] = this.x.domain();
    const d = (b - a) * fraction;
    this.setView([a + d, b + d]);
  }

  resetView() {
    if (!this.zoom) return;
    select(this.stage).call(this.zoom.transform, zoomIdentity);
  }

  private faultView(i: number): Domain {
    const f = this.msg!.primary.faults[i];
    const other = matchFault(f, this.msg!.comparison);
    return faultWindow(f, other ? [other] : []);
  }

  selectFault(i: number | null) {
    this.fault = i;
    this.writeSummary();
    if (i === null) this.resetView(); else this.setView(this.faultView(i));
    this.requestDraw();
    this.saveState();
  }

  private onKey(e: KeyboardEvent) {
    const handled = () => { e.preventDefault(); e.stopPropagation(); };
    switch (e.key) {
      case '+': case '=': this.zoomBy(2); handled(); break;
      case '-': case '_': this.zoomBy(0.5); handled(); break;
      case 'ArrowLeft': this.panBy(e.shiftKey ? -0.5 : -0.1); handled(); break;
      case 'ArrowRight': this.panBy(e.shiftKey ? 0.5 : 0.1); handled(); break;
      case 'ArrowUp': case 'ArrowDown': {
        const p = this.panels.find((q) => !q.el.hidden && q.scroller.scrollHeight > q.scroller.clientHeight);
        if (p) { p.scroller.scrollTop += (e.key === 'ArrowUp' ? -1 : 1) * p.laneH * 4; handled(); }
        break;
      }
      case 'Home': this.resetView(); handled(); break;
      default:
    }
  }

  private saveState() {
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      if (!this.msg) return;
      const s: SavedState = { id: this.msg.id, view: this.x.domain() as Domain, fault: this.fault, compare: this.compare };
      this.vscode.setState(s);
    }, 250);
  }

  // ------------------------------------------------------------------ header

  private writeSummary() {
    const m = this.msg!;
    const s = this.summary;
    s.replaceChildren();
    const line = (cls: string, text: string) => {
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      s.appendChild(p);
      return p;
    };
    const src = `${m.sourceName} · Spark ${m.primary.spark} · ${m.primary.attempts.length.toLocaleString('en-US')} task attempts`;
    // a real run has no scheduler semantics of its own (its `spark` is the imported file's)
    line('source', m.real ? `Real run from the event log: ${m.sourceName} · ${m.primary.attempts.length.toLocaleString('en-US')} task attempts` : src);
    if (m.real) {
      // the waits the Spark UI hides: its bars start at launch
      const waited = m.primary.attempts.filter((a) => a.localityWait > 0);
      line('waits', waited.length === 0 ? 'No launch waited 100 ms or more while a slot was free on another executor.'
        : `${waited.length.toLocaleString('en-US')} launch${waited.length === 1 ? '' : 'es'} waited while a slot was free elsewhere (shaded): ${fmtMs(waited.reduce((t, a) => t + a.localityWait, 0))} in all, the longest ${fmtMs(Math.max(...waited.map((a) => a.localityWait)))}.`);
    }
    const faults = this.fault === null ? m.primary.faults.map((_, i) => i) : [this.fault];
    if (m.primary.faults.length === 0) line('fault', m.real ? 'No executor loss lost a task in this run.' : 'No executor fault in this run: add one under faults: to see recovery.');
    for (const i of faults.slice(0, 4)) {
      const f = m.primary.faults[i];
      const det = f.decommission ? decommissionExit(f.decommission) : f.detectedAt === null ? 'never detected'
        : f.detectedAt === f.at ? 'detected at once' : `detected ${fmtMs(f.detectedAt - f.at)} later`;
      // a fault that lost no task has no recovery to tell (as the status bar: never "recovery took 0 ms")
      const receivers = (f.lostReceivers ?? []).map((r) => `receiver ${r.receiver} ${r.relaunchedAt === null ? 'was not relaunched'
        : `was relaunched ${fmtMs(r.relaunchedAt - (f.detectedAt ?? f.at))} later`}`);
      const rec = f.lostTasks.length === 0 ? (receivers.length ? `no task was lost; ${receivers.join(', ')}` : 'no task was lost')
        : f.recoveryLatency === null ? 'its tasks did not recover'
        : `recovery took ${fmtMs(f.recoveryLatency)} (lower bound ${fmtMs(f.lowerBoundMs)})`;
      const stall = f.localityWait > 0 ? `; a re-run waited ${fmtMs(f.localityWait)} for a local slot while a slot was free` : '';
      if (m.real) {
        const realRec = f.recoveryLatency === null ? 'its lost work did not all run again' : `its lost work ran again within ${fmtMs(f.recoveryLatency)}`;
        const realStall = f.localityWait > 0 ? `; a re-run waited ${fmtMs(f.localityWait)} while a slot was free elsewhere` : '';
        const lg = f.logged;
        const outputs = lg && lg.lostOutputs > 0 ? ` and ${lg.lostOutputs} map output${lg.lostOutputs === 1 ? '' : 's'}` : '';
        const why = lg ? ` (${lg.reason})` : '';
        const rerun = !lg ? '' : lg.firstRerun === null ? '; the log has no re-run of it'
          : `; the first re-run launched ${fmtMs(lg.firstRerun.delayMs)} after its work became runnable again, on executor ${lg.firstRerun.executor} at ${fmtMs(lg.firstRerun.launch)}`;
        line(`fault${f.stalled ? ' stalled' : ''}`, `The driver removed executor ${f.executor} at ${fmtMs(f.at)}${why}, losing ${f.lostTasks.length} running task${f.lostTasks.length === 1 ? '' : 's'}${outputs}${rerun}; ${realRec}${realStall}.`);
        continue;
      }
      line(`fault${f.stalled ? ' stalled' : ''}`, `Executor ${f.executor} ${f.kind === 'crash' ? 'crashed' : f.kind === 'hang' ? 'hung' : f.kind === 'decommission' ? 'was given a decommission notice' : 'went down with its machine'} at ${fmtMs(f.at)}, ${det}; ${rec}${stall}.`);
      const other = m.comparison && this.comparisonVisible() ? matchFault(f, m.comparison) : undefined;
      if (other && (f.lostTasks.length > 0 || other.lostTasks.length > 0)) {
        const sparkFirst = m.primary.policy !== 'reserved-slots';
        const [before, after] = sparkFirst ? [f, other] : [other, f];
        const g = line('gain', '');
        const b = document.createElement('strong');
        b.textContent = fmtGain(before.recoveryLatency, after.recoveryLatency);
        g.append(`Recovery latency, Spark → reserved slots: `, b);
      }
    }
    if (faults.length > 4) line('more', `…and ${faults.length - 4} more faults (pick one above).`);
    for (const a of m.primary.aborted ?? []) line('aborted', `Job ${a.job} did not finish: ${a.reason}`);
    const findings = m.primary.findings ?? [];
    if (findings.length) {
      const d = document.createElement('details');
      d.className = 'findings';
      const sm = document.createElement('summary');
      sm.textContent = `${findings.length} finding${findings.length > 1 ? 's' : ''}`;
      d.appendChild(sm);
      for (const fd of findings) {
        const p = document.createElement('p');
        p.className = `finding ${fd.severity}`;
        p.textContent = fd.message;
        d.appendChild(p);
      }
      s.appendChild(d);
    }
  }

  // ------------------------------------------------------------------ export

  async export(format: 'png' | 'svg') {
    if (!this.msg) return;
    try {
      const data = await exportView(this, format);
      const base = this.msg.sourceName.replace(/\.sparkjob\.ya?ml$/i, '').replace(/[^\w.-]+/g, '_') || 'timeline';
      this.vscode.postMessage({ type: 'export', format, encoding: format === 'png' ? 'base64' : 'utf8', data, suggestedName: `${base}.timeline.${format}` });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.showError(`Export failed: ${text}`);
      this.vscode.postMessage({ type: 'error', message: `export failed: ${text}` });
    }
  }

  visiblePanels() { return this.panels.filter((p) => !p.el.hidden); }
  summaryLines(): string[] { return [...this.summary.querySelectorAll(':scope > p')].map((p) => p.textContent ?? ''); }
  titleText() { return this.header.querySelector('h1')?.textContent ?? ''; }
  headerHeight() { return HEADER_H; }
}

export type { SimulationResult };

/** The faults of a run, as a key: a new what-if fault changes it, an edit elsewhere does not. */
function faultKey(r: SimulationResult): string {
  return r.faults.map((f) => `${f.executor}@${f.at}:${f.kind}`).join(',');
}
