// Benchmark helper of the timeline (for bench/ or a CI job): renders a large result in Chromium and
// measures the time to first draw and the redraw cost while panning and zooming.
//   import { benchTimeline } from './test/webview/bench.mjs'; await benchTimeline({ attempts: 100_000 })
//   node test/webview/bench.mjs [executors] [slots] [perLane] [viewportHeight] [devicePixelRatio]
import { buildWebview, root } from './build-webview.mjs';
import { launchBrowser, openHarness } from './browser.mjs';
import { big } from './fixtures.mjs';
import { startServer } from './server.mjs';

/**
 * @param {{ result?: object, executors?: number, slots?: number, perLane?: number, frames?: number, build?: boolean,
 *   width?: number, height?: number, dpr?: number }} o
 * @returns {Promise<{ attempts: number, firstDrawMs: number, showToPaintMs: number, pan: object, zoom: object }>}
 */
export async function benchTimeline(o = {}) {
  if (o.build !== false) await buildWebview({ quiet: true });
  const result = o.result ?? big({ executors: o.executors ?? 500, slots: o.slots ?? 4, perLane: o.perLane ?? 50 });
  const srv = await startServer(root);
  const browser = await launchBrowser();
  try {
    const page = await openHarness(browser, srv.origin, { width: o.width ?? 1200, height: o.height ?? 760, dpr: o.dpr ?? 1 });
    // the panel's CSP forbids fetch: the JSON is handed over as the host would post it
    await page.evaluate((s) => { window.__bench = JSON.parse(s); }, JSON.stringify(result));
    return await page.evaluate(async (frames) => {
      const primary = window.__bench;
      const t = performance.now();
      window.__inject({ type: 'show', id: 'bench', title: 'bench', sourceName: 'bench.sparkjob.yaml', primary });
      await new Promise((res) => { const c = () => (window.__timeline.app.msg?.id === 'bench' ? res() : setTimeout(c, 1)); c(); });
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      const showToPaintMs = performance.now() - t;
      const hooks = window.__timeline;
      const firstDrawMs = hooks.stats().firstDrawMs;
      hooks.app.zoomBy(8);
      const pan = await hooks.panBench(frames, 0.02);
      hooks.app.resetView();
      const panWholeRun = await hooks.panBench(Math.ceil(frames / 2), 0);
      const zoomTimes = [];
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        hooks.app.zoomBy(i < 20 ? 1.6 : 1 / 1.6);
        hooks.app.drawNow();
        zoomTimes.push(performance.now() - s);
        await new Promise((r) => requestAnimationFrame(r));
      }
      zoomTimes.sort((a, b) => a - b);
      return { attempts: primary.attempts.length, firstDrawMs, showToPaintMs, pan, panWholeRun,
        zoom: { drawMsMedian: zoomTimes[20], drawMsMax: zoomTimes[39] } };
    }, o.frames ?? 120);
  } finally {
    await browser.close();
    await srv.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [e, s, p, h, d] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await benchTimeline({ executors: e || undefined, slots: s || undefined, perLane: p || undefined,
    height: h || undefined, dpr: d || undefined }), null, 2));
}
