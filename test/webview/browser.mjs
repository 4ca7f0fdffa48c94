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

/** Posts `msg` as the host would and waits until it is drawn. */
export async function show(page, msg) {
  await page.evaluate(async (m) => {
    window.__inject(m);
    await new Promise((res) => {
      const check = () => (window.__timeline?.app.msg?.id === m.id && window.__timeline.app.msg?.primary === undefined ? res()
        : document.getElementById('app').dataset.ready === 'true' && window.__timeline.app.msg?.title === m.title ? res() : setTimeout(check, 5));
      check();
    });
    await window.__timeline.whenDrawn();
  }, msg);
}
