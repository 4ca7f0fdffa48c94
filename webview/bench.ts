// Hooks for tests and benchmarks: `window.__timeline` (no effect on the app's behaviour).
import type { App } from './app';

export interface PanBenchResult {
  frames: number;
  /** frames per second over the whole programmatic pan (bounded by requestAnimationFrame) */
  fps: number;
  /** time of one redraw (all panels, axis, overview) in ms */
  drawMsMedian: number;
  drawMsP95: number;
  drawMsMax: number;
  /** bars drawn in the last frame */
  bars: number;
}

export interface TimelineHooks {
  app: App;
  whenDrawn(): Promise<void>;
  stats(): App['stats'];
  /** the visible time range and its pixel range */
  view(): { domain: [number, number]; range: [number, number] };
  /** pans by `step` of the view width per frame, `frames` frames, one redraw per animation frame */
  panBench(frames?: number, step?: number): Promise<PanBenchResult>;
}

declare global {
  interface Window { __timeline?: TimelineHooks }
}

export function installBench(app: App) {
  window.__timeline = {
    app,
    whenDrawn: () => app.whenDrawn(),
    stats: () => ({ ...app.stats }),
    view: () => ({ domain: app.x.domain() as [number, number], range: app.x.range() as [number, number] }),
    panBench: (frames = 120, step = 0.02) => new Promise((resolve) => {
      const times: number[] = [];
      let n = 0;
      let dir = 1;
      const t0 = performance.now();
      const tick = () => {
        const [a, b] = app.x.domain();
        const [d0, d1] = app.domain;
        if ((dir > 0 && b >= d1 - 1) || (dir < 0 && a <= d0 + 1)) dir = -dir;
        const s = performance.now();
        app.panBy(step * dir);
        app.drawNow();
        times.push(performance.now() - s);
        if (++n < frames) { requestAnimationFrame(tick); return; }
        const el = performance.now() - t0;
        times.sort((p, q) => p - q);
        resolve({
          frames, fps: (frames / el) * 1000, drawMsMedian: times[Math.floor(times.length / 2)],
          drawMsP95: times[Math.floor(times.length * 0.95)], drawMsMax: times[times.length - 1], bars: app.stats.bars,
        });
      };
      requestAnimationFrame(tick);
    }),
  };
}
