// Shared by the browser tests and the benchmark: Debian's Chromium through playwright-core (no
// browser download), the generated harness page, and posting a `show` message.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A page with the harness loaded and the app ready (it has posted `ready`). */
export async function openHarness(browser, origin, { theme = 'dark', width = 1200, height = 760, dpr = 1 } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: dpr });
  await page.addInitScript(() => {
    window.__pageErrors = [];
    window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
  });
  page.on('pageerror', (e) => page.evaluate((m) => window.__pageErrors?.push(m), e.message).catch(() => {}));
  await page.goto(`${origin}/harness.html?theme=${theme}`);
  await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'), null, { timeout: 10_000 });
  return page;
}

/**
 * Posts `msg` as the host would and waits until it is drawn. A message the view rejects (it shows
 * #error and keeps the previous run) fails with that error instead of waiting for ever.
 */
export async function show(page, msg, { timeout = 20_000 } = {}) {
  await page.evaluate(async ({ m, timeout }) => {
    const errorBefore = document.getElementById('error')?.textContent ?? '';
    window.__inject(m);
    const t0 = Date.now();
    await new Promise((res, rej) => {
      const check = () => {
        const app = window.__timeline?.app;
        if (app?.msg?.id === m.id && app.msg?.primary === undefined) return res();
        if (document.getElementById('app').dataset.ready === 'true' && app?.msg?.title === m.title) return res();
        const err = document.getElementById('error');
        if (err && !err.hidden && err.textContent !== errorBefore) return rej(new Error(`the view rejected the message: ${err.textContent}`));
        if (Date.now() - t0 > timeout) return rej(new Error(`not drawn after ${timeout} ms (ready=${document.getElementById('app').dataset.ready}, shown: ${app?.msg?.title})`));
        setTimeout(check, 5);
      };
      check();
    });
    await window.__timeline.whenDrawn();
  }, { m: msg, timeout });
}
