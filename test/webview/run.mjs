// Browser tests of the timeline webview, in Debian's Chromium through playwright-core.
//   node test/webview/run.mjs [--only substring] [--keep-open]
// Builds the bundle, serves a harness generated from webview/index.html.ts (the real CSP) on
// 127.0.0.1, posts fixture results as the host would, and checks what is drawn. Screenshots go to
// test-results/webview/. Prints one line per case and `N passed, N failed`; exits 1 on failure.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildWebview, root } from './build-webview.mjs';
import { big, paperReserved, paperSpark, showMessage, streaming } from './fixtures.mjs';
import { launchBrowser, openHarness, show } from './browser.mjs';
import { startServer } from './server.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const outDir = join(root, 'test-results/webview');
mkdirSync(outDir, { recursive: true });

const cases = [];
const test = (name, fn) => cases.push({ name, fn });
const assert = (cond, msg) => { if (!cond) throw new Error(msg); };
const near = (a, b, tol, what) => assert(Math.abs(a - b) <= tol, `${what}: expected ${b.toFixed(1)}, got ${a.toFixed(1)}`);
const figures = {};
let BIG_JSON = '';

/** x of time t in the panel's current scale, from the data attributes the app writes. */
async function expectedX(page, sel, t) {
  return page.$eval(sel, (el, t) => {
    const [d0, d1] = el.dataset.domain.split(',').map(Number);
    const [r0, r1] = el.dataset.range.split(',').map(Number);
    return r0 + ((t - d0) / (d1 - d0)) * (r1 - r0);
  }, t);
}

/** Bounding box of `sel` relative to its panel's view (the layers' coordinate system). */
async function boxIn(page, gantt, sel) {
  return page.$eval(gantt, (g, sel) => {
    const el = g.querySelector(sel);
    if (!el) return null;
    const v = g.querySelector('.gantt-view').getBoundingClientRect();
    const b = el.getBoundingClientRect();
    return { x: b.left - v.left, y: b.top - v.top, w: b.width, h: b.height };
  }, sel);
}

const P = '.gantt[data-role="primary"]';
const C = '.gantt[data-role="comparison"]';

test('ready first, no CSP violation, panel HTML has no data', async ({ page }) => {
  const posted = await page.evaluate(() => window.__posted);
  assert(posted[0]?.type === 'ready', `first message is ${JSON.stringify(posted[0])}`);
  await show(page, showMessage(paperSpark()));
  const v = await page.evaluate(() => window.__cspViolations);
  assert(v.length === 0, `CSP violations: ${v.join('; ')}`);
  const html = await page.evaluate(() => document.querySelector('meta[http-equiv]').content);
  assert(html.includes("default-src 'none'") && html.includes("script-src 'nonce-") && !html.includes('unsafe'), `CSP: ${html}`);
});

test('paper (spark): one lane per slot, a bar per attempt, labels', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const lanes = await page.$$eval(`${P} text.lane-label`, (l) => l.length);
  assert(lanes === 3, `lanes ${lanes} != 3 (3 executors x 1 slot)`);
  const bars = await page.$$eval(`${P} rect.bar`, (l) => l.length);
  assert(bars === 3, `bars ${bars} != 3 attempts`);
  const execs = await page.$$eval(`${P} text.exec-label`, (l) => l.map((t) => t.textContent));
  assert(execs.join('|') === 'exec 1 · node1|✕ exec 2 · node2|exec 3 · node3', `executor labels ${execs.join('|')}`);
  assert(await page.$(`${P} rect.bar.lost`) && await page.$(`${P} rect.bar.recovery`), 'lost and recovery bars are marked');
  assert((await page.$eval(`${P}`, (g) => g.dataset.mode)) === 'svg', 'small run drawn in SVG mode');
});

test('paper (spark): fault, detection and recovery span at the right x', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const f = await boxIn(page, P, 'line.fault-marker');
  near(f.x, await expectedX(page, P, 1250), 1, 'fault marker x');
  const d = await boxIn(page, P, 'line.detect-marker');
  near(d.x, await expectedX(page, P, 1250), 1, 'detection marker x');
  const r = await boxIn(page, P, 'rect.recovery-span');
  near(r.x, await expectedX(page, P, 1250), 1, 'recovery span start');
  near(r.x + r.w, await expectedX(page, P, 1660), 1, 'recovery span end');
  // the bar follows time: the re-run's wait (1250-1410 ms) hatched first, then its work to the end
  const w = await boxIn(page, P, 'rect.recovery-part.locality');
  near(w.x, await expectedX(page, P, 1250), 1, 'locality part of the recovery bar: start');
  near(w.x + w.w, await expectedX(page, P, 1410), 1, 'locality part of the recovery bar: end');
  const label = await page.$eval(`${P} text.recovery-label`, (t) => t.textContent);
  assert(label.includes('410 ms'), `recovery label "${label}"`);
});

test('paper (spark): locality-wait band from readyAt to launch on the lane it ran on', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const w = await boxIn(page, P, 'rect.wait-band');
  assert(w, 'no wait band');
  near(w.x, await expectedX(page, P, 1250), 1, 'wait band start (readyAt)');
  near(w.x + w.w, await expectedX(page, P, 1410), 1, 'wait band end (launch)');
  const lane0 = await page.$eval(`${P}`, (g) => {
    const v = g.querySelector('.gantt-view').getBoundingClientRect();
    const l = g.querySelector('text.lane-label').getBoundingClientRect();
    return { top: l.top - v.top, bottom: l.bottom - v.top };
  });
  assert(w.y >= lane0.top - 30 && w.y <= lane0.bottom + 10, `wait band on exec 1's lane (y ${w.y})`);
  const text = await page.$eval(`${P} text.wait-label`, (t) => t.textContent);
  assert(text === 'waited 160 ms for a local slot', `wait label "${text}"`);
  await page.screenshot({ path: join(outDir, 'paper-spark.png') });
});

test('zoom: + and − keys, buttons, arrows pan, Home resets', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const dom = () => page.$eval('#stage', (s) => s.dataset.domain.split(',').map(Number));
  const [a0, b0] = await dom();
  await page.focus('#stage');
  await page.keyboard.press('+');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a1, b1] = await dom();
  near(b1 - a1, (b0 - a0) / 2, 0.01 * (b0 - a0), 'span after + (halved)');
  await page.keyboard.press('ArrowRight');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a2, b2] = await dom();
  assert(a2 > a1 && Math.abs(b2 - a2 - (b1 - a1)) < 1e-6 * (b1 - a1) + 1e-9, `pan right moved ${a1}→${a2}`);
  await page.keyboard.press('Home');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a3, b3] = await dom();
  near(a3, a0, 1e-6, 'Home start'); near(b3, b0, 1e-6, 'Home end');
  await page.click('#zoom-in');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a4, b4] = await dom();
  near(b4 - a4, (b0 - a0) / 2, 0.01 * (b0 - a0), 'span after the zoom-in button');
  // the fault marker follows the zoom
  near((await boxIn(page, P, 'line.fault-marker')).x, await expectedX(page, P, 1250), 1, 'fault marker x after zoom');
  // dragging on the overview selects the visible range
  await page.keyboard.press('Home');
  await page.keyboard.press('+'); // the brush now covers the middle half: drag outside it
  const ov = await page.$eval('svg.overview', (s) => { const b = s.getBoundingClientRect(); return { x: b.left, y: b.top + b.height / 2, w: b.width }; });
  const [r0, r1] = await page.$eval('#stage', (s) => s.dataset.range.split(',').map(Number));
  const tAt = (px) => a0 + ((px - r0) / (r1 - r0)) * (b0 - a0); // the overview's scale is the unzoomed one
  await page.mouse.move(ov.x + r0 + 20, ov.y);
  await page.mouse.down();
  await page.mouse.move(ov.x + r0 + 180, ov.y, { steps: 5 });
  await page.mouse.up();
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a6, b6] = await dom();
  near(a6, tAt(r0 + 20), 2, 'brush start'); near(b6, tAt(r0 + 180), 2, 'brush end');
  // deepest zoom is 1 ms across the plot
  await page.focus('#stage');
  for (let i = 0; i < 14; i++) await page.keyboard.press('+');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a5, b5] = await dom();
  assert(b5 - a5 >= 0.999 && b5 - a5 < 1.5, `deepest zoom spans ${b5 - a5} ms, expected 1 ms`);
});

test('wheel: Ctrl+wheel zooms at the pointer, Shift+wheel pans', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const dom = () => page.$eval('#stage', (s) => s.dataset.domain.split(',').map(Number));
  const [a0, b0] = await dom();
  const [r0, r1] = await page.$eval('#stage', (s) => s.dataset.range.split(',').map(Number));
  const sc = await page.$eval(`${P} .gantt-scroll`, (e) => { const b = e.getBoundingClientRect(); return { left: b.left, top: b.top, scrolls: e.scrollHeight > e.clientHeight }; });
  const px = r0 + (r1 - r0) * 0.25;
  const tAt = a0 + ((px - r0) / (r1 - r0)) * (b0 - a0);
  // synthetic wheel events, as a VS Code webview receives them
  const wheel = (o) => page.evaluate(({ o, x, y }) => {
    const t = document.elementFromPoint(x, y);
    const e = new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: x, clientY: y, deltaMode: 0, ...o });
    t.dispatchEvent(e);
    return e.defaultPrevented;
  }, { o, x: sc.left + px, y: sc.top + 120 });
  assert(await wheel({ deltaY: -100, ctrlKey: true }), 'Ctrl+wheel not handled');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a1, b1] = await dom();
  // one mouse notch: 2^0.2 (d3's rate), not d3's 4x for Ctrl
  near((b0 - a0) / (b1 - a1), 2 ** 0.2, 0.01, 'Ctrl+wheel zoom factor');
  near(a1 + ((px - r0) / (r1 - r0)) * (b1 - a1), tAt, 1e-6 * (b0 - a0) + 1e-9, 'the time under the pointer stays put');
  assert(await wheel({ deltaY: 100, shiftKey: true }), 'Shift+wheel not handled');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a2, b2] = await dom();
  near(a2 - a1, (100 / (r1 - r0)) * (b1 - a1), 1e-6 * (b0 - a0), 'Shift+wheel pans 100 px of time');
  near(b2 - a2, b1 - a1, 1e-6 * (b0 - a0), 'Shift+wheel keeps the span');
  await page.screenshot({ path: join(outDir, 'wheel.png') });
});

test('160 lanes: a plain wheel scrolls the lanes, Ctrl+wheel zooms time, the compare view\'s panels scroll together', async ({ page }) => {
  // real wheel events from the mouse (Chromium's input pipeline, as in the editor), not synthetic ones
  const spark = big({ executors: 40, slots: 4, perLane: 30 });
  const reserved = { ...spark, policy: 'reserved-slots', executors: spark.executors.map((e) => ({ ...e, reservedSlots: 1 })) };
  await show(page, showMessage(spark, reserved, { id: 'lanes160', title: '160 lanes' }));
  const lanes = await page.$eval(P, (g) => Number(g.dataset.lanes));
  assert(lanes === 160, `lanes ${lanes} != 40 x 4`);
  const state = () => page.evaluate(() => ({
    domain: document.getElementById('stage').dataset.domain.split(',').map(Number),
    tops: window.__timeline.app.panels.map((p) => p.scroller.scrollTop),
    topLane: window.__timeline.app.panels.map((p) => { const l = p.lanes.lanes[Math.floor(p.scroller.scrollTop / p.laneH)]; return `${l.executor}/${l.slot}`; }),
  }));
  const sc = await page.$eval(`${P} .gantt-scroll`, (e) => { const b = e.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + Math.min(200, b.height / 2), scrolls: e.scrollHeight > e.clientHeight }; });
  assert(sc.scrolls, 'the 160 lanes do not fit: the panel scrolls');
  const s0 = await state();
  await page.mouse.move(sc.x, sc.y);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction((t) => window.__timeline.app.panels[0].scroller.scrollTop > t, s0.tops[0], { timeout: 3000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)).then(() => window.__timeline.whenDrawn()));
  const s1 = await state();
  assert(s1.tops[0] > s0.tops[0], `a plain wheel scrolled the lanes: ${s0.tops[0]} -> ${s1.tops[0]}`);
  assert(s1.domain.join() === s0.domain.join(), `a plain wheel over lanes that scroll keeps the time span: ${s0.domain} -> ${s1.domain}`);
  // the comparison (one reserved lane more per executor) shows the same executor and slot at its top
  assert(s1.tops[1] > 0 && s1.topLane[1] === s1.topLane[0], `compare panels scroll together: top lanes ${s1.topLane.join(' vs ')} (scrollTop ${s1.tops.join(', ')})`);
  // and back: scrolling the comparison moves the first panel
  const cs = await page.$eval(`${C} .gantt-scroll`, (e) => { const b = e.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + Math.min(200, b.height / 2) }; });
  await page.mouse.move(cs.x, cs.y);
  await page.mouse.wheel(0, 800);
  await page.waitForFunction((t) => window.__timeline.app.panels[1].scroller.scrollTop > t, s1.tops[1], { timeout: 3000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)).then(() => window.__timeline.whenDrawn()));
  const s2 = await state();
  assert(s2.tops[0] > s1.tops[0] && s2.topLane[0] === s2.topLane[1], `the first panel follows the comparison: ${s2.topLane.join(' vs ')}`);
  // Ctrl+wheel zooms time at the pointer, and does not scroll
  await page.mouse.move(sc.x, sc.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await page.waitForFunction((d) => document.getElementById('stage').dataset.domain !== d, s2.domain.join(','), { timeout: 3000 });
  await page.evaluate(() => window.__timeline.whenDrawn());
  const s3 = await state();
  const span = (d) => d[1] - d[0];
  assert(span(s3.domain) < span(s2.domain) * 0.95, `Ctrl+wheel zoomed in: ${span(s2.domain)} -> ${span(s3.domain)} ms`);
  assert(s3.tops[0] === s2.tops[0], `Ctrl+wheel did not scroll the lanes: ${s2.tops[0]} -> ${s3.tops[0]}`);
  await page.screenshot({ path: join(outDir, 'lanes-160-wheel.png') });
});

test('toolbar controls are focusable toolkit components', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const tags = await page.$$eval('.toolbar > *', (l) => l.map((e) => e.tagName.toLowerCase()));
  for (const t of ['vscode-button', 'vscode-dropdown', 'vscode-checkbox']) assert(tags.includes(t), `toolbar lacks ${t}`);
  const defined = await page.evaluate(() => ['vscode-button', 'vscode-dropdown', 'vscode-checkbox'].every((t) => customElements.get(t)));
  assert(defined, 'toolkit components not registered');
  await page.focus('#zoom-in');
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    seen.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
    await page.keyboard.press('Tab');
  }
  for (const id of ['zoom-in', 'zoom-out', 'zoom-reset', 'fault-select', 'compare', 'export-png', 'stage']) {
    assert(seen.has(id), `Tab does not reach #${id} (saw ${[...seen].join(', ')})`);
  }
});

test('hover shows the tooltip with the task; click posts revealTask', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const bar = await page.$eval(`${P} rect.bar.recovery`, (r) => { const b = r.getBoundingClientRect(); return { x: b.left + b.width * 0.7, y: b.top + 6 }; });
  await page.mouse.move(bar.x, bar.y);
  await page.waitForSelector('#tooltip:not([hidden])', { timeout: 2000 });
  const tip = await page.$eval('#tooltip', (t) => t.textContent);
  for (const s of ['J-alpha/map/1', 'J-alpha/map', '#1', 'node1', '1.41 s', '1.66 s', 'NODE_LOCAL', '160 ms']) {
    assert(tip.includes(s), `tooltip lacks "${s}": ${tip}`);
  }
  await page.screenshot({ path: join(outDir, 'paper-tooltip.png') });
  await page.mouse.click(bar.x, bar.y);
  const reveal = await page.evaluate(() => window.__posted.filter((m) => m.type === 'revealTask').at(-1));
  assert(reveal?.task === 'J-alpha/map/1' && reveal.attempt === 1, `revealTask ${JSON.stringify(reveal)}`);
  // the wait band has its own tooltip
  const wb = await page.$eval(`${P} rect.wait-band`, (r) => { const b = r.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + b.height / 2 }; });
  await page.mouse.move(wb.x, wb.y);
  await page.waitForFunction(() => document.getElementById('tooltip').textContent.includes('waiting for a slot'), null, { timeout: 2000 });
});

test('comparison: two Gantts on one axis, reserved lane, "410 ms → 250 ms, −39%"', async ({ page }) => {
  await show(page, showMessage(paperSpark(), paperReserved()));
  const gain = await page.$eval('.summary .gain', (g) => g.textContent);
  assert(gain.includes('410 ms → 250 ms, −39%'), `gain "${gain}"`);
  assert((await page.$$eval(`${P} text.lane-label`, (l) => l.length)) === 3, 'spark lanes');
  assert((await page.$$eval(`${C} text.lane-label`, (l) => l.length)) === 4, 'reserved-slots lanes = 3 slots + 1 reserved');
  assert(await page.$(`${C} text.lane-label.reserved`), 'reserved lane marked');
  assert((await page.$$eval(`${C} rect.bar`, (l) => l.length)) === 3, 'comparison bars');
  const [dp, dc] = await Promise.all([P, C].map((s) => page.$eval(s, (g) => g.dataset.domain)));
  assert(dp === dc, `shared time axis: ${dp} vs ${dc}`);
  const r = await boxIn(page, C, 'rect.recovery-span');
  near(r.x + r.w, await expectedX(page, C, 1500), 1, 'reserved recovery span end');
  assert(!(await page.$(`${C} rect.wait-band`)), 'no wait band with a reserved slot');
  const titles = await page.$$eval('.gantt-title', (l) => l.map((t) => t.textContent));
  assert(titles[0].includes('410 ms') && titles[1].includes('250 ms'), `panel titles ${titles}`);
  await page.screenshot({ path: join(outDir, 'paper-comparison.png') });
  // unchecking hides the comparison
  await page.click('#compare');
  await page.evaluate(() => window.__timeline.whenDrawn());
  assert(await page.$eval(C, (g) => g.hidden), 'comparison hidden after unchecking');
});

test('comparison requested when absent: posts requestComparison', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const checked = await page.$eval('#compare', (c) => c.checked);
  assert(!checked, 'compare unchecked without a comparison');
  await page.click('#compare');
  const req = await page.evaluate(() => window.__posted.find((m) => m.type === 'requestComparison'));
  assert(req && req.policy === 'reserved-slots' && req.id === 'fixture', `requestComparison ${JSON.stringify(req)}`);
  const busy = await page.$eval('.status', (s) => s.textContent);
  assert(/Simulating/.test(busy), `status while the host simulates: "${busy}"`);
  // the host's run failed: "Simulating…" goes, the reason shows, compare is off again
  await page.evaluate(() => window.__inject({ type: 'failed', message: 'No timeline for paper.sparkjob.yaml: the worker stopped' }));
  await page.waitForFunction(() => document.querySelector('.status').textContent === '');
  const error = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
  assert(error.includes('the worker stopped'), `error shown: "${error}"`);
  assert(!(await page.$eval('#compare', (c) => c.checked)), 'compare unchecked after the failure');
});

test('fault selector zooms to the fault; focusFault is honoured', async ({ page }) => {
  await show(page, showMessage(streaming(), undefined, { title: 'Streaming: executor 3 hangs', sourceName: 'streaming.sparkjob.yaml', focusFault: 0 }));
  const [a, b] = await page.$eval('#stage', (s) => s.dataset.domain.split(',').map(Number));
  assert(a > 2000 && b < 5200 && a < 3100 && b > 4520, `view [${a}, ${b}] around the fault 3100..4520`);
  await page.evaluate(() => { const d = document.getElementById('fault-select'); d.value = 'all'; d.dispatchEvent(new Event('change')); });
  await page.evaluate(() => window.__timeline.whenDrawn());
  const [a2, b2] = await page.$eval('#stage', (s) => s.dataset.domain.split(',').map(Number));
  assert(a2 <= 0 + 1 && b2 > 7000, `whole run after "All faults": [${a2}, ${b2}]`);
});

test('a new what-if fault comes into view, an edit keeps the zoom; a file with errors marks the view out of date', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const domain = () => page.$eval('#stage', (s) => s.dataset.domain.split(',').map(Number));
  await page.evaluate(() => { window.__timeline.app.setView([1400, 1700]); return window.__timeline.whenDrawn(); });
  const [a, b] = await domain();
  assert(a > 1200 && b < 1900, `zoomed in: [${a}, ${b}]`);
  // the same run again (an edit elsewhere in the file): the zoom stays
  await show(page, showMessage(paperSpark()));
  const [a1, b1] = await domain();
  assert(Math.abs(a1 - a) < 1 && Math.abs(b1 - b) < 1, `an edit kept the view [${a}, ${b}]: now [${a1}, ${b1}]`);
  // Simulate Fault... with another fault (executor 3 at 300 ms): the view moves to it and its detection
  const whatIf = paperSpark();
  whatIf.faults[0] = { ...whatIf.faults[0], executor: '3', at: 300, detectedAt: 300 };
  await show(page, showMessage(whatIf));
  const [a2, b2] = await domain();
  assert(a2 <= 300 && b2 > 300, `the new fault at 300 ms is in view: [${a2}, ${b2}]`);
  // the file gets an error: the last run stays, marked out of date, until the next good run
  await page.evaluate(() => window.__inject({ type: 'stale', message: 'Out of date: the file has errors (see Problems); this is the last run before them.' }));
  const banner = await page.$eval('.stale-banner', (e) => ({ hidden: e.hidden, text: e.textContent, visible: e.getBoundingClientRect().height > 0 }));
  assert(!banner.hidden && banner.visible && /Out of date/.test(banner.text), `stale banner: ${JSON.stringify(banner)}`);
  assert(await page.$eval('#app', (e) => e.classList.contains('stale')), 'the view is dimmed');
  assert((await page.$$eval(`${P} rect.bar`, (l) => l.length)) > 0, 'the last run is still drawn');
  await page.screenshot({ path: join(outDir, 'stale.png') });
  await show(page, showMessage(whatIf));
  assert(await page.$eval('.stale-banner', (e) => e.hidden), 'a new run clears the mark');
  assert(!(await page.$eval('#app', (e) => e.classList.contains('stale'))), 'and the dimming');
});

test('a fault that lost no task: the summary says so, not "recovery took 0 ms"', async ({ page }) => {
  const idle = paperSpark();
  idle.faults[0] = { ...idle.faults[0], executor: '1', at: 300, detectedAt: 300, lostTasks: [], recoveredAt: 300, recoveryLatency: 0, localityWait: 0, stalled: false, lowerBoundMs: 0 };
  const reserved = paperReserved();
  reserved.faults[0] = { ...idle.faults[0] };
  await show(page, showMessage(idle, reserved, { title: 'idle fault' }));
  const text = await page.$eval('.summary', (e) => e.textContent);
  assert(/Executor 1 crashed at 300 ms, detected at once; no task was lost\./.test(text), `summary: ${text}`);
  assert(!/recovery took 0 ms/.test(text) && !(await page.$('.summary .gain')), `no recovery and no gain line: ${text}`);
  const receiver = paperSpark();
  receiver.faults[0] = { ...idle.faults[0], lostReceivers: [{ receiver: 'socket', relaunchedAt: 420, executor: '3' }] };
  await show(page, showMessage(receiver, undefined, { title: 'receiver fault' }));
  const t2 = await page.$eval('.summary', (e) => e.textContent);
  assert(/no task was lost; receiver socket was relaunched 120 ms later/.test(t2), `summary: ${t2}`);
});

test('a real run: a loss is labelled with what the log shows (the removal and its reason, the first re-run and its delay), not a crash', async ({ page }) => {
  const r = paperSpark();
  const f = r.faults[0];
  r.faults[0] = { ...f, detectedAt: f.at, logged: { reason: 'Executor Process Lost', lostOutputs: 0,
    firstRerun: { task: '0.0/1#1', executor: '3', launch: f.at + 148, delayMs: 148 } } };
  await show(page, showMessage(r, undefined, { real: true, title: 'paper: real run', sourceName: 'paper.zstd' }));
  const fault = await page.$eval(`${P} text.fault-label`, (t) => t.textContent);
  const detect = await page.$eval(`${P} text.detect-label`, (t) => t.textContent);
  assert(/^✕ exec 2 removed/.test(fault) && !/crash/.test(fault), `fault label: "${fault}"`);
  assert(/^(first re-run \+148 ms|re-run \+148 ms|\+148 ms)/.test(detect) && !/notices/.test(detect), `detect label: "${detect}"`);
  const summary = await page.$eval('.summary', (e) => e.textContent);
  assert(summary.includes('The driver removed executor 2') && summary.includes('(Executor Process Lost)') && summary.includes('148 ms after'), `summary: ${summary}`);
  // zoomed to the loss there is room for the whole label
  await page.evaluate((at) => { window.__timeline.app.setView([at - 400, at + 600]); return window.__timeline.whenDrawn(); }, f.at);
  const wide = await page.$eval(`${P} text.fault-label`, (t) => t.textContent);
  assert(wide.includes('Executor Process Lost'), `zoomed fault label: "${wide}"`);
  await page.screenshot({ path: join(outDir, 'real-run-loss-labels.png') });
});

test('streaming: batch bands, delay chart, hang drawn as "dead, driver unaware"', async ({ page }) => {
  await show(page, showMessage(streaming(), undefined, { title: 'Streaming: executor 3 hangs', sourceName: 'streaming.sparkjob.yaml' }));
  assert((await page.$$eval('rect.batch-band', (l) => l.length)) === 6, 'six batch bands');
  assert((await page.$$eval('path.delay-line', (l) => l.length)) === 3, 'three delay lines');
  const u = await boxIn(page, P, 'rect.life.dead-unaware');
  near(u.x, await expectedX(page, P, 3100), 1, 'unaware hatch from lostAt');
  near(u.x + u.w, await expectedX(page, P, 4000), 1, 'to lossDetectedAt');
  assert((await page.$$eval(`${P} rect.lost-tail`, (l) => l.length)) === 2, 'two lost attempts with hatched tails');
  assert((await page.$$eval(`${P} rect.bar.failed`, (l) => l.length)) === 1, 'the failed attempt is marked');
  assert((await page.$$eval(`${P} path.fail-mark.failed`, (l) => l.length)) === 1, 'the failure has its mark');
  assert((await page.$$eval(`${P} rect.bar.killed`, (l) => l.length)) === 1, 'the killed speculative copy is marked');
  const lanes = await page.$$eval(`${P} text.lane-label`, (l) => l.length);
  assert(lanes === 8, `lanes ${lanes} != 4 executors x 2 slots`);
  await page.screenshot({ path: join(outDir, 'streaming.png') });
});

test('malformed messages are rejected with a visible error, the view survives', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  const bad = paperSpark();
  bad.attempts[1].launch = 'soon';
  await page.evaluate((m) => window.__inject(m), showMessage(bad));
  await page.waitForSelector('#error:not([hidden])', { timeout: 2000 });
  const text = await page.$eval('#error', (e) => e.textContent);
  assert(text.includes('primary.attempts[1].launch'), `error text: ${text}`);
  const err = await page.evaluate(() => window.__posted.find((m) => m.type === 'error'));
  assert(err?.message.includes('attempts[1].launch'), `error posted to host: ${JSON.stringify(err)}`);
  assert((await page.$$eval(`${P} rect.bar`, (l) => l.length)) === 3, 'previous view kept');
  await page.screenshot({ path: join(outDir, 'malformed.png') });
  for (const [m, want] of [
    [42, 'expected an object'],
    [{ type: 'paint' }, 'unknown message type'],
    [{ ...showMessage(paperSpark()), primary: { ...paperSpark(), executors: 'none' } }, 'primary.executors'],
    [{ ...showMessage(paperSpark()), primary: { ...paperSpark(), attempts: [{ ...paperSpark().attempts[0], executor: '9' }] } }, 'unknown executor'],
    [{ ...showMessage(paperSpark()), comparison: { formatVersion: 2 } }, 'comparison.formatVersion'],
  ]) {
    await page.evaluate((m) => window.__inject(m), m);
    await page.waitForFunction((w) => document.getElementById('error').textContent.includes(w), want, { timeout: 2000 });
  }
  const errors = await page.evaluate(() => window.__pageErrors ?? []);
  assert(errors.length === 0, `uncaught errors: ${errors}`);
});

test('edge cases draw without errors: empty run, no faults, executor joining later, not recovered', async ({ page }) => {
  const empty = { ...paperSpark(), executors: [], attempts: [], faults: [], findings: [] };
  await show(page, showMessage(empty, undefined, { title: 'empty' }));
  assert(await page.$eval('#error', (e) => e.hidden), 'empty run shows no error');
  assert((await page.$eval('.summary', (e) => e.textContent)).includes('No executor fault'), 'says there is no fault');
  const late = paperSpark();
  late.executors[2].addedAt = 1300;
  late.faults[0].recoveredAt = null;
  late.faults[0].recoveryLatency = null;
  await show(page, showMessage(late, undefined, { title: 'late' }));
  assert(await page.$(`${P} rect.life.not-added`), 'the time before an executor joins is marked');
  const label = await page.$eval(`${P} text.recovery-label`, (t) => t.textContent);
  assert(label === 'not recovered', `label "${label}"`);
  await page.evaluate(() => window.__inject({ type: 'show', id: 'x', title: 'zero slots', sourceName: 'z', primary: {
    formatVersion: 1, spark: '3.5', executors: [{ id: 'a', host: 'h', slots: 0, addedAt: 0, lostAt: null, lossDetectedAt: null }],
    attempts: [], faults: [], batches: [], metrics: { makespan: 0, localityCounts: {}, reservedSlotIdleMs: 0 }, findings: [] } }));
  await page.evaluate(() => window.__timeline.whenDrawn());
  assert(await page.$eval('#error', (e) => e.hidden), 'an executor without slots draws');
});

test('names are user data: inserted as text, never as HTML', async ({ page }) => {
  const r = paperSpark();
  const evil = '<img src=x onerror="window.__pwned=1">';
  r.executors[0].host = evil;
  r.attempts[0].host = evil;
  r.attempts[0].task = `${evil}/map/0`;
  await show(page, showMessage(r, undefined, { title: evil, sourceName: `${evil}.sparkjob.yaml` }));
  const bar = await page.$eval(`${P} rect.bar`, (e) => { const b = e.getBoundingClientRect(); return { x: b.left + 20, y: b.top + 5 }; });
  await page.mouse.move(bar.x, bar.y);
  await page.waitForSelector('#tooltip:not([hidden])');
  const found = await page.evaluate(() => ({ imgs: document.querySelectorAll('img').length, pwned: window.__pwned, title: document.getElementById('title').textContent }));
  assert(found.imgs === 0 && !found.pwned && found.title === evil, `HTML injected: ${JSON.stringify(found)}`);
});

test('export SVG and PNG post the view to the host', async ({ page }) => {
  await show(page, showMessage(paperSpark(), paperReserved()));
  await page.click('#export-svg');
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'export' && m.format === 'svg'));
  const svg = await page.evaluate(() => window.__posted.find((m) => m.type === 'export' && m.format === 'svg'));
  assert(svg.encoding === 'utf8' && svg.data.startsWith('<?xml') && svg.data.includes('<svg') && svg.data.includes('waited 160 ms'), 'SVG export content');
  assert(!svg.data.includes('var(--'), 'exported SVG does not depend on CSS variables');
  assert(svg.suggestedName === 'paper-fig2.timeline.svg', `name ${svg.suggestedName}`);
  writeFileSync(join(outDir, 'export.svg'), svg.data);
  await page.click('#export-png');
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'export' && m.format === 'png'), null, { timeout: 10000 });
  const png = await page.evaluate(() => window.__posted.find((m) => m.type === 'export' && m.format === 'png'));
  const bytes = Buffer.from(png.data, 'base64');
  assert(png.encoding === 'base64' && bytes.subarray(1, 4).toString() === 'PNG' && bytes.length > 10_000, `PNG export (${bytes.length} bytes)`);
  writeFileSync(join(outDir, 'export.png'), bytes);
});

test('a theme message re-reads the colours', async ({ page }) => {
  await show(page, showMessage(paperSpark()));
  await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-blue', '#00ff00'));
  await page.evaluate(() => window.__inject({ type: 'theme' }));
  await page.waitForFunction(() => document.querySelector('rect.bar')?.getAttribute('fill') === '#00ff00', null, { timeout: 2000 });
});

test('light and high-contrast themes read the theme variables', async ({ browser, origin }) => {
  for (const theme of ['light', 'hc']) {
    const page = await openHarness(browser, origin, { theme });
    await show(page, showMessage(paperSpark(), paperReserved()));
    const fill = await page.$eval(`${P} rect.bar`, (r) => r.getAttribute('fill'));
    const want = theme === 'light' ? 'rgb(26, 133, 255)' : 'rgb(55, 148, 255)';
    assert(fill.replace(/\s/g, '') === want.replace(/\s/g, '') || fill.toLowerCase() === (theme === 'light' ? '#1a85ff' : '#3794ff'), `${theme}: NODE_LOCAL fill ${fill}`);
    await page.screenshot({ path: join(outDir, `paper-comparison-${theme}.png`) });
    await page.close();
  }
});

/**
 * In the page: the timeline's labels that are cut (by the plot's clip for labels drawn over the
 * plot, by the SVG's edge for the others) or that overlap another label. Measured boxes
 * (getBoundingClientRect), so fonts and layout are the browser's own.
 */
function textProblems() {
  const out = [];
  const box = (e) => e.getBoundingClientRect();
  const label = (e) => `"${e.textContent}" (${e.getAttribute('class') ?? e.closest('[class]')?.getAttribute('class')})`;
  const visible = (e) => e.textContent.trim() !== '' && e.getAttribute('display') !== 'none' && !e.closest('[display="none"]')
    && getComputedStyle(e).visibility !== 'hidden' && box(e).width > 0;
  // labels over the plot are clipped to it: [L, R] of the panel's view
  for (const g of document.querySelectorAll('.gantt')) {
    const v = g.querySelector('.gantt-view').getBoundingClientRect();
    const [r0, r1] = g.dataset.range.split(',').map(Number);
    for (const t of [...g.querySelectorAll('text.fault-label, text.detect-label, text.recovery-label')].filter(visible)) {
      const b = box(t);
      if (b.left < v.left + r0 - 1 || b.right > v.left + r1 + 1) out.push(`${label(t)} cut by the plot's edge [${r0}, ${r1}]: ${Math.round(b.left - v.left)}..${Math.round(b.right - v.left)}`);
    }
  }
  // a wait (its band, arrow and label) is not drawn over another task's bar: no slot was free
  // while it queued, so the lane it later ran on was busy with that other task
  for (const g of document.querySelectorAll('.gantt')) {
    const bars = [...g.querySelectorAll('rect.bar')].map((r) => ({ b: box(r), i: r.dataset.attempt }));
    const shown = (e) => e.getAttribute('d') !== null || e.tagName !== 'path';
    for (const w of g.querySelectorAll('g.wait')) {
      for (const e of [...w.querySelectorAll('rect.wait-band, rect.wait-fill, path.wait-arrow, text.wait-label')].filter((e) => (e.tagName === 'text' ? visible(e) : shown(e) && box(e).width > 0))) {
        const a = box(e);
        const hit = bars.find(({ b, i }) => i !== w.dataset.attempt && Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5);
        if (hit) out.push(`the ${w.dataset.kind} wait's ${e.getAttribute('class')} of attempt ${w.dataset.attempt} (${w.dataset.from}..${w.dataset.to} ms) drawn over attempt ${hit.i}'s bar`);
      }
    }
  }
  const texts = [...document.querySelectorAll('svg text')].filter(visible)
    .filter((t) => !t.closest('.bars, .marks, .legend-item, .overview') && !t.matches('.bar-label, .idle-label'));
  for (const t of texts) {
    const s = t.ownerSVGElement.getBoundingClientRect();
    const b = box(t);
    if (b.left < s.left - 1 || b.right > s.right + 1) out.push(`${label(t)} cut by its SVG's edge`);
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = box(texts[i]), b = box(texts[j]);
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 2) out.push(`${label(texts[i])} overlaps ${label(texts[j])}`);
    }
  }
  return out;
}

/** Every example through today's engine (batch, streaming, queries), not a stored copy: written once per run. */
let engineDir = null;
let engineBundle = null;
async function engineResults() {
  if (!engineDir) {
    const dir = join(root, '.cache/webview/engine');
    mkdirSync(dir, { recursive: true });
    const bundle = join(root, '.cache/webview/engine-fixtures.cjs');
    await esbuild.build({ entryPoints: [join(root, 'test/webview/engine-fixtures.ts')], outfile: bundle, bundle: true,
      platform: 'node', format: 'cjs', logLevel: 'warning' });
    engineBundle = createRequire(import.meta.url)(bundle);
    engineBundle.engineFixtures(root, dir);
    engineDir = dir;
  }
  return {
    dir: engineDir,
    load: (name, policy = 'spark') => JSON.parse(readFileSync(join(engineDir, `${name}.engine.${policy}.json`), 'utf8')),
    /** a file of test/webview through the engine (JSON round trip: what the host posts) */
    simulate: (file) => JSON.parse(JSON.stringify(engineBundle.simulateFile(join(root, 'test/webview', file)))),
  };
}

test('queries: a band row per query at the right x, a duration line and trigger interval per query', async ({ page }) => {
  const { load } = await engineResults();
  const r = load('multi-query');
  await show(page, showMessage(r, undefined, { id: 'mq', title: 'multi-query', sourceName: 'multi-query.sparkjob.yaml' }));
  const queries = [...new Set(r.queryBatches.map((b) => b.query))];
  assert(queries.length === 2, `queries ${queries}`);
  const titles = await page.$$eval('text.batch-title', (l) => l.map((t) => t.textContent));
  assert(titles.join('|') === queries.map((q) => `${q} batches`).join('|'), `band row titles ${titles.join('|')}`);
  // AXIS_H 26, BATCH_H 18: the axis is 26 + 2 x 18 px tall, row k's bands at 26 + 18 k + 2
  const axisH = await page.$eval('svg.axis', (s) => Number(s.getAttribute('height')));
  assert(axisH === 26 + 2 * 18, `axis height ${axisH}`);
  const bands = await page.$$eval('svg.axis rect.batch-band', (rs) => rs.map((e) => ({
    row: Number(e.dataset.row), y: Number(e.getAttribute('y')), x: Number(e.getAttribute('x')), w: Number(e.getAttribute('width')),
    label: e.__data__.label, start: e.__data__.processingStart, end: e.__data__.processingEnd })));
  assert(bands.length === r.queryBatches.filter((b) => b.endedAt !== null).length, `${bands.length} bands for ${r.queryBatches.length} batches`);
  const [L, R] = (await page.$eval(P, (g) => g.dataset.range)).split(',').map(Number);
  for (const b of bands) {
    const row = queries.indexOf(b.label.split('#')[0]);
    assert(b.row === row && b.y === row * 18 + 2, `${b.label}: row ${b.row} at y ${b.y}, expected row ${row} at ${row * 18 + 2}`);
    const x0 = Math.max(L, Math.min(R, await expectedX(page, P, b.start))), x1 = Math.max(L, Math.min(R, await expectedX(page, P, b.end)));
    near(b.x, x0, 1, `${b.label} band start`);
    near(b.x + b.w, Math.max(x0 + 1, x1), 1, `${b.label} band end`);
  }
  // a query's batches never overlap in its row; the two queries' batches do overlap in time (one row would mix them)
  for (let k = 0; k < queries.length; k++) {
    const row = bands.filter((b) => b.row === k).sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) assert(row[i].x >= row[i - 1].x + row[i - 1].w - 1, `${row[i].label} overlaps ${row[i - 1].label}`);
  }
  assert(bands.some((a) => a.row === 0 && bands.some((b) => b.row === 1 && b.x < a.x + a.w && a.x < b.x + b.w)), 'the queries\' batches overlap in time');
  // the batch chart: one duration line per query (a point per batch) and its trigger interval in the same colour
  const lines = await page.$$eval('path.delay-line.query', (ps) => ps.map((e) => ({ q: e.dataset.query, d: e.getAttribute('d'), stroke: e.getAttribute('stroke') })));
  assert(lines.map((l) => l.q).join('|') === queries.join('|'), `duration lines ${lines.map((l) => l.q)}`);
  for (const l of lines) {
    const n = r.queryBatches.filter((b) => b.query === l.q && b.durationMs !== null).length;
    assert((l.d.match(/[ML]/g) ?? []).length === n, `${l.q}: ${(l.d.match(/[ML]/g) ?? []).length} points for ${n} batches`);
  }
  const trig = await page.$$eval('line.trigger-interval', (ls) => ls.map((e) => ({ q: e.dataset.query, y: Number(e.getAttribute('y1')), stroke: e.getAttribute('stroke') })));
  const labels = await page.$$eval('text.trigger-interval', (ls) => ls.map((e) => e.textContent));
  for (const q of queries) {
    const t = trig.find((x) => x.q === q), l = lines.find((x) => x.q === q);
    const interval = r.queryBatches.find((b) => b.query === q).interval;
    assert(t && t.stroke === l.stroke, `${q}: trigger interval line in its query's colour`);
    assert(labels.includes(`${q} trigger ${interval < 1000 ? `${interval} ms` : `${interval / 1000} s`}`), `trigger labels ${labels.join('|')}`);
  }
  // the longer interval is higher up (smaller y)
  const iv = (q) => r.queryBatches.find((b) => b.query === q).interval;
  const [hi, lo] = [...queries].sort((a, b) => iv(b) - iv(a));
  assert(trig.find((x) => x.q === hi).y < trig.find((x) => x.q === lo).y, 'trigger lines ordered by interval');
  const problems = await page.evaluate(textProblems);
  assert(problems.length === 0, `multi-query: ${problems.slice(0, 6).join('; ')}`);
  await page.screenshot({ path: join(outDir, 'queries-multi.png') });
});

test('queries: the state reload drawn on the bars that paid it (its part of the bar and a marker)', async ({ page }) => {
  const { load } = await engineResults();
  const r = load('stateful-kafka-k8s');
  await show(page, showMessage(r, undefined, { id: 'sk', title: 'stateful-kafka-k8s', sourceName: 'stateful-kafka-k8s.sparkjob.yaml' }));
  await page.evaluate(() => { window.__timeline.app.selectFault(0); return window.__timeline.whenDrawn(); });
  const paid = r.attempts.map((a, i) => ({ a, i })).filter(({ a }) => a.stateReload);
  assert(paid.length > 0 && paid.every(({ a }) => a.stateReloadMs > 0), 'the example reloads state, each with its time');
  const parts = await page.$$eval(`${P} rect.reload-part`, (rs) => rs.map((e) => ({ i: Number(e.dataset.attempt), x: Number(e.getAttribute('x')),
    w: Number(e.getAttribute('width')), y: Number(e.getAttribute('y')), h: Number(e.getAttribute('height')) })));
  assert(parts.length === paid.length, `${parts.length} reload parts for ${paid.length} reloads`);
  for (const { a, i } of paid) {
    const p = parts.find((x) => x.i === i);
    assert(p, `${a.task}: no reload part`);
    near(p.x, await expectedX(page, P, a.launch), 1, `${a.task} reload start`);
    near(p.x + p.w, await expectedX(page, P, a.launch + a.stateReloadMs), 1, `${a.task} reload end (${a.stateReloadMs} ms)`);
    const bar = await page.$eval(`${P} rect.bar[data-attempt="${i}"]`, (e) => ({ y: Number(e.getAttribute('y')), h: Number(e.getAttribute('height')), cls: e.getAttribute('class') }));
    assert(bar.cls.includes('state-reload') && bar.y === p.y && bar.h === p.h, `${a.task}: the reload part lies on its bar`);
    assert(p.w >= 8, `${a.task}: reload part ${p.w.toFixed(1)} px wide, zoomed to the fault`);
  }
  assert((await page.$$eval(`${P} path.reload-mark`, (l) => l.length)) === paid.length, 'a marker per reload');
  const legend = await page.$$eval('.legend-item text', (l) => l.map((t) => t.textContent));
  assert(legend.includes('state store reload'), `legend ${legend.join('|')}`);
  const reloaded = await page.$$eval('svg.axis rect.batch-band.reloaded', (rs) => rs.map((e) => e.__data__.label));
  assert(reloaded.join('|') === r.queryBatches.filter((b) => b.stateReloads > 0).map((b) => `${b.query}#${b.batchId}`).join('|'), `reloaded bands ${reloaded}`);
  await page.screenshot({ path: join(outDir, 'queries-reload.png') });
});

test('queries on the canvas: every state reload visible has its marker over its bar, zoomed out and in', async ({ page }) => {
  const { simulate } = await engineResults();
  const r = simulate('stateful-canvas.sparkjob.yaml');
  const paid = r.attempts.filter((a) => a.stateReload).length;
  assert(r.attempts.length > 2000 && paid > 100, `${r.attempts.length} attempts, ${paid} reloads: a canvas-sized run that reloads often`);
  await show(page, showMessage(r, undefined, { id: 'sc', title: 'stateful-canvas', sourceName: 'stateful-canvas.sparkjob.yaml' }));
  assert((await page.$eval(P, (g) => g.dataset.mode)) === 'canvas', 'canvas mode');
  // Which reloads the view shows (visible lanes and time), where each marker's top row is (the
  // lane's top: the marker hangs from it into the bar's padding, where no bar is drawn), and
  // what the canvas has there: the marker is the theme's foreground, the padding otherwise empty.
  const check = () => page.evaluate(() => {
    const app = window.__timeline.app;
    const p = app.panels[0];
    const [l0, l1] = p.visibleLanes();
    const [t0, t1] = app.x.domain();
    const [L, R] = app.x.range();
    const c = p.canvas;
    const dpr = c.width / p.width;
    const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const fg = document.createElement('canvas').getContext('2d');
    fg.fillStyle = app.theme.fg;
    fg.fillRect(0, 0, 1, 1);
    const want = [...fg.getImageData(0, 0, 1, 1).data];
    const shown = [], wrong = [];
    p.result.attempts.forEach((a, i) => {
      const l = p.lanes.laneOf[i];
      if (!a.stateReload || l < l0 || l >= l1 || a.end < t0 || a.launch > t1) return;
      shown.push(a.task);
      // (a marker clipped at the view's edge is counted, its pixels not read)
      const x = app.x(a.launch);
      if (x < L + 4 || x > R - 4) return;
      const at = (Math.floor(p.laneY(l) * dpr) * c.width + Math.floor(x * dpr)) * 4;
      const px = [...img.slice(at, at + 4)];
      if (px.some((v, k) => Math.abs(v - want[k]) > 2)) wrong.push(`${a.task} at ${x.toFixed(1)}: rgba(${px})`);
    });
    return { marks: Number(c.dataset.reloads), shown, wrong, domain: [t0, t1] };
  });
  // the whole run (short bars: a reload's bar may add no pixel to its lane, its marker is still drawn)
  const all = await check();
  assert(all.shown.length > 100, `${all.shown.length} reloads in view`);
  assert(all.marks === all.shown.length, `zoomed out: ${all.marks} markers drawn for ${all.shown.length} reloads in view`);
  assert(all.wrong.length === 0, `zoomed out, no marker at: ${all.wrong.slice(0, 5).join('; ')}`);
  await page.screenshot({ path: join(outDir, 'queries-canvas-reloads.png') });
  // zoomed to the loss: the reloads of the batches around it
  await page.evaluate(() => { window.__timeline.app.selectFault(0); return window.__timeline.whenDrawn(); });
  const zoomed = await check();
  assert(zoomed.domain[1] - zoomed.domain[0] < all.domain[1] - all.domain[0], 'zoomed in');
  assert(zoomed.shown.length > 0 && zoomed.marks === zoomed.shown.length, `zoomed: ${zoomed.marks} markers for ${zoomed.shown.length} reloads in view`);
  assert(zoomed.wrong.length === 0, `zoomed, no marker at: ${zoomed.wrong.slice(0, 5).join('; ')}`);
  await page.screenshot({ path: join(outDir, 'queries-canvas-reloads-fault.png') });
});

test('engine results of every example (spark vs reserved slots) render completely', async ({ browser, origin }) => {
  const { dir } = await engineResults();
  const names = readdirSync(dir).filter((n) => n.endsWith('.engine.spark.json')).map((n) => n.replace('.engine.spark.json', ''));
  const examples = readdirSync(join(root, 'examples')).filter((n) => n.endsWith('.sparkjob.yaml'));
  assert(names.length === examples.length, `engine results for ${names.length} of ${examples.length} examples`);
  const page = await openHarness(browser, origin, { height: 1600 });
  for (const name of names) {
    const [a, b] = ['spark', 'reserved-slots'].map((p) => JSON.parse(readFileSync(join(dir, `${name}.engine.${p}.json`), 'utf8')));
    await show(page, showMessage(a, b, { id: name, title: name, sourceName: `${name}.sparkjob.yaml` }));
    const err = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
    assert(!err, `${name}: ${err}`);
    for (const [sel, r] of [[P, a], [C, b]]) {
      const want = r.executors.reduce((s, e) => s + Math.max(e.slots + (e.reservedSlots ?? 0),
        ...r.attempts.filter((t) => t.executor === e.id).map((t) => t.slot + 1)), 0);
      const got = await page.$eval(sel, (g) => {
        const p = window.__timeline.app.panels.find((q) => q.el === g);
        const [l0, l1] = p.visibleLanes();
        const sc = g.querySelector('.gantt-scroll');
        return { lanes: Number(g.dataset.lanes), labels: [...g.querySelectorAll('text.lane-label')].filter((t) => t.textContent.trim()).length,
          bars: g.querySelectorAll('rect.bar').length, laneH: p.laneH, shown: l1 - l0, fits: p.lanes.lanes.length * p.laneH + 46 <= p.viewH,
          scrolls: sc.scrollHeight > sc.clientHeight, fontPx: Math.min(...[...g.querySelectorAll('text.lane-label')].map((t) => t.getBoundingClientRect().height)) };
      });
      assert(got.lanes === want, `${name} ${r.policy}: lanes ${got.lanes}, expected ${want}`);
      // lanes stay tall enough for a readable slot label; the rest scroll (issue 15)
      assert(got.laneH >= 12, `${name} ${r.policy}: lanes ${got.laneH} px tall, minimum 12`);
      assert(got.labels === got.shown && got.shown > 0, `${name} ${r.policy}: ${got.labels} slot labels for ${got.shown} lanes in view`);
      assert(got.fontPx >= 9, `${name} ${r.policy}: slot labels ${got.fontPx.toFixed(1)} px tall`);
      assert(got.fits || got.scrolls, `${name} ${r.policy}: ${want} lanes do not fit and the panel does not scroll`);
      assert(got.bars === r.attempts.length, `${name} ${r.policy}: ${got.bars} bars for ${r.attempts.length} attempts`);
      assert((await page.$$eval(`${sel} line.fault-marker`, (l) => l.length)) === r.faults.length, `${name}: fault markers`);
    }
    // the wait bands tell what the engine measured: per re-run, the hatched (locality) parts add up
    // to its localityWait and the grey (queued) parts to the rest of its wait
    const bands = await page.$$eval(`${P} g.wait`, (gs) => gs.map((g) => ({ i: Number(g.dataset.attempt), kind: g.dataset.kind,
      ms: Number(g.dataset.to) - Number(g.dataset.from) })));
    for (const i of new Set(bands.map((x) => x.i))) {
      const t = a.attempts[i];
      const sum = (k) => bands.filter((x) => x.i === i && x.kind === k).reduce((s, x) => s + x.ms, 0);
      assert(Math.abs(sum('locality') - t.localityWait) < 1e-6, `${name}: ${t.task} locality part ${sum('locality')} ms, engine ${t.localityWait} ms`);
      assert(Math.abs(sum('queued') - (t.launch - t.readyAt - t.localityWait)) < 1e-6, `${name}: ${t.task} queued part ${sum('queued')} ms`);
    }
    // the recovery bar: hatched only where the engine counts locality wait, inside the span
    for (const [k, fl] of a.faults.entries()) {
      const parts = await page.$$eval(`${P} g.fault:nth-of-type(${k + 1}) rect.recovery-part`, (rs) => rs.map((r) => ({
        kind: r.classList.contains('locality') ? 'locality' : 'queued', from: Number(r.dataset.from), to: Number(r.dataset.to) })));
      const hatched = parts.filter((x) => x.kind === 'locality');
      assert(fl.localityWait > 0 || hatched.length === 0, `${name}: fault ${k} has no locality wait but a hatched recovery part`);
      for (const x of parts) assert(x.from >= (fl.detectedAt ?? fl.at) && x.to <= fl.recoveredAt, `${name}: recovery part ${x.from}-${x.to} outside the span`);
    }
    // text is neither cut by the plot's clip nor drawn over other text (header, margins, delay chart)
    const problems = await page.evaluate(textProblems);
    assert(problems.length === 0, `${name}: ${problems.slice(0, 6).join('; ')}`);
    if (a.faults.length) {
      // zoomed to the fault (the fault selector, Simulate Fault...): its labels near the plot's edges
      await page.evaluate(() => { window.__timeline.app.selectFault(0); return window.__timeline.whenDrawn(); });
      const zoomed = await page.evaluate(textProblems);
      assert(zoomed.length === 0, `${name}, zoomed to its fault: ${zoomed.slice(0, 6).join('; ')}`);
      await page.screenshot({ path: join(outDir, `engine-${name}-fault.png`) });
      // a narrow editor column
      await page.setViewportSize({ width: 640, height: 1600 });
      await page.evaluate(() => new Promise((r) => setTimeout(r, 150)).then(() => window.__timeline.whenDrawn()));
      const narrow = await page.evaluate(textProblems);
      await page.screenshot({ path: join(outDir, `engine-${name}-narrow.png`) });
      assert(narrow.length === 0, `${name}, 640 px wide, zoomed to its fault: ${narrow.slice(0, 6).join('; ')}`);
      await page.setViewportSize({ width: 1200, height: 1600 });
    }
    const f = a.faults[0], g = b.faults.find((x) => x.executor === f.executor && x.at === f.at);
    // (a fault that lost no task has no recovery to compare: no gain line)
    if (f && g && f.recoveryLatency !== null && g.recoveryLatency !== null && f.lostTasks.length + g.lostTasks.length > 0) {
      const gain = await page.$eval('.summary .gain', (e) => e.textContent);
      // durations as the editor and the CLI write them: "410 ms", "3.153 s"
      const dur = (v) => (v < 1000 ? `${v} ms` : `${+(v / 1000).toFixed(3)} s`);
      assert(gain.includes(`${dur(f.recoveryLatency)} → ${dur(g.recoveryLatency)}`), `${name}: gain "${gain}"`);
    }
    await page.screenshot({ path: join(outDir, `engine-${name}.png`) });
  }
  await page.close();
});

test('100 k attempts: canvas, first draw, smooth pan and zoom, hover', async ({ page }) => {
  const r = big();
  BIG_JSON = JSON.stringify(r);
  figures.attempts = r.attempts.length;
  const t0 = Date.now();
  // the panel's CSP forbids fetch (connect-src 'none'): hand the JSON over as the host would
  await page.evaluate((s) => { window.__big = JSON.parse(s); }, BIG_JSON);
  const load = await page.evaluate(async () => {
    const t = performance.now();
    window.__inject({ type: 'show', id: 'big', title: '100k attempts', sourceName: 'big.sparkjob.yaml', primary: window.__big });
    await new Promise((res) => { const c = () => (document.getElementById('app').dataset.ready === 'true' && window.__timeline.app.msg?.id === 'big' ? res() : setTimeout(c, 1)); c(); });
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { wall: performance.now() - t, firstDraw: window.__timeline.stats().firstDrawMs };
  });
  figures.firstDrawMs = +load.firstDraw.toFixed(1);
  figures.showToPaintMs = +load.wall.toFixed(1);
  void t0;
  const mode = await page.$eval(P, (g) => g.dataset.mode);
  assert(mode === 'canvas', `mode ${mode}`);
  const drawn = await page.$eval(`${P} canvas.bars`, (c) => ({ bars: Number(c.dataset.bars), w: c.width, cw: c.clientWidth }));
  assert(drawn.bars > 1000, `canvas drew ${drawn.bars} bars`);
  assert(drawn.w === Math.round(drawn.cw * (await page.evaluate(() => devicePixelRatio))), 'canvas sized by devicePixelRatio');
  // draw and pan times are printed as figures; the benchmark (npm run bench) holds the targets
  const lanes = await page.$eval(P, (g) => Number(g.dataset.lanes));
  assert(lanes === 2000, `lanes ${lanes} != 500 x 4`);
  await page.screenshot({ path: join(outDir, 'big-100k.png') });
  // zoom into the middle, then pan programmatically one redraw per frame
  await page.focus('#stage');
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const pan = await page.evaluate(() => window.__timeline.panBench(120, 0.02));
  figures.pan = pan;
  await page.keyboard.press('Home');
  await page.evaluate(() => window.__timeline.whenDrawn());
  const panAll = await page.evaluate(() => window.__timeline.panBench(60, 0));
  figures.redrawWholeRun = panAll;
  const zoomStats = await page.evaluate(async () => {
    const app = window.__timeline.app;
    const times = [];
    for (let i = 0; i < 30; i++) {
      const s = performance.now();
      app.zoomBy(i < 15 ? 1.5 : 1 / 1.5);
      app.drawNow();
      times.push(performance.now() - s);
      await new Promise((r) => requestAnimationFrame(r));
    }
    times.sort((a, b) => a - b);
    return { drawMsMedian: times[15], drawMsMax: times[29] };
  });
  figures.zoom = zoomStats;
  assert(pan.frames > 0 && pan.bars > 0, 'the pan redrew bars');
  assert(panAll.bars > 1000, 'bars drawn at full zoom-out');
  // hover on the canvas finds the attempt by lane and time
  const hit = await page.evaluate(() => {
    const app = window.__timeline.app;
    const p = app.panels[0];
    const a = p.result.attempts[p.lanes.order[p.lanes.laneStart[2] + 3]];
    const v = p.view.getBoundingClientRect();
    return { x: v.left + app.x((a.launch + a.end) / 2), y: v.top + p.laneY(2) + p.laneH / 2, task: a.task };
  });
  await page.mouse.move(hit.x, hit.y);
  await page.waitForFunction((t) => document.getElementById('tooltip').textContent.includes(t), hit.task, { timeout: 2000 });
  const domNodes = await page.$$eval(`${P} rect.bar`, (l) => l.length);
  assert(domNodes === 0, `canvas mode made ${domNodes} <rect> bars`);
});

// ---------------------------------------------------------------------------------------------

async function main() {
  const built = await buildWebview();
  console.log(`[webview] bundle built via ${built.via}`);
  const srv = await startServer(root);
  const browser = await launchBrowser();
  let passed = 0, failed = 0;
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    const page = await openHarness(browser, srv.origin);
    const t = Date.now();
    try {
      await c.fn({ page, browser, origin: srv.origin });
      const errs = await page.evaluate(() => window.__pageErrors ?? []);
      if (errs.length) throw new Error(`page errors: ${errs.join('; ')}`);
      passed++;
      console.log(`PASS ${c.name} (${Date.now() - t} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${c.name}: ${e instanceof Error ? e.message : e}`);
      await page.screenshot({ path: join(outDir, `fail-${c.name.replace(/\W+/g, '-').slice(0, 40)}.png`) }).catch(() => {});
    }
    await page.close();
  }
  await browser.close();
  await srv.close();
  if (Object.keys(figures).length) {
    console.log(`figures: ${JSON.stringify(figures)}`);
    writeFileSync(join(outDir, 'figures.json'), JSON.stringify(figures, null, 2));
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
