// End-to-end harness: a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed offline by
// scripts/setup-editor.mjs) with the packaged extension, driven through Debian's Chromium by
// playwright-core, the way a person uses it: Quick Open, the command palette, the Problems panel,
// hovers, quick fixes, typing, webviews. Every wait is bounded.
//
//   const wb = await Workbench.start();     // code-server + Chromium, examples/ copied to a temp dir
//   await wb.openFile('paper-fig2.sparkjob.yaml');
//   await wb.runCommand('Spark Recovery Lens: Open Timeline');
//   await wb.shot('timeline');              // test-results/e2e/NN-timeline.png
//   await wb.close();
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, extensionsDir, root, startCodeServer, writeUserSettings,
} from '../../scripts/editor-lib.mjs';

/** Screenshots and logs; E2E_RESULTS_DIR moves them (e.g. for two runs at once). */
export const resultsDir = resolve(process.env.E2E_RESULTS_DIR ?? join(root, 'test-results', 'e2e'));
/** code-server process groups started/stopped, so run.mjs can end any that a crash left. */
export const pidFile = join(resultsDir, 'code-server.pids');
export const EXTENSION_ID = 'spark-recovery-lens.spark-recovery-lens';

/** Default bound of one UI wait (ms). */
export const STEP_TIMEOUT = 15_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

/** Which extensions folder the e2e run uses (a separate one when E2E_EXTENSION_DIR is set). */
export function e2eExtensionsDir() {
  return process.env.E2E_EXTENSION_DIR ? join(root, '.cache', 'editor', 'ext-e2e-custom') : extensionsDir;
}

/** The installed extension's folder in an extensions dir (null when it is not installed). */
export function installedExtensionDir(extDir = e2eExtensionsDir()) {
  if (!existsSync(extDir)) return null;
  const dirs = readdirSync(extDir).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`)).sort();
  return dirs.length ? join(extDir, dirs[dirs.length - 1]) : null;
}

/**
 * Static feature checks on the INSTALLED extension (its package.json and its bundle), so that a
 * product test is skipped with "waiting for <feature>" while the feature is not written yet, and
 * runs (and must pass) as soon as it is. Returns null when the feature is there, else the reason.
 */
export function makeFeatures(extDir = installedExtensionDir()) {
  let pkg = {};
  let bundle = '';
  if (extDir) {
    pkg = JSON.parse(readFileSync(join(extDir, 'package.json'), 'utf8'));
    const main = pkg.main ? resolve(extDir, pkg.main) : null;
    const mainFile = main && (existsSync(main) ? main : existsSync(`${main}.js`) ? `${main}.js` : null);
    if (mainFile) bundle = readFileSync(mainFile, 'utf8');
  }
  const commands = new Map((pkg.contributes?.commands ?? []).map((c) => [c.command, c]));
  const need = (what, ...checks) => (extDir && checks.every(Boolean) ? null : `waiting for ${what}`);
  const cmd = (id) => commands.has(id) && bundle.includes(id);
  return {
    /** the extension is installed and has a bundle */
    extension: need('the extension bundle (dist/extension.js)', bundle.length > 0),
    /** diagnostics published by the extension (format errors such as `1.5s`) */
    diagnostics: need('diagnostics (createDiagnosticCollection in the extension)', bundle.includes('createDiagnosticCollection')),
    /** the stall warning ("... waits ... reserved slot ...") */
    stallWarning: need('the stall warning (diagnostic text with "reserved slot")', bundle.includes('createDiagnosticCollection'), /reserved slot/i.test(bundle)),
    /** hovers with the documentation of conf keys */
    hover: need('hovers (registerHoverProvider)', bundle.includes('registerHoverProvider'), bundle.includes('spark.locality.wait')),
    /** quick fixes */
    quickFix: need('quick fixes (registerCodeActionsProvider)', bundle.includes('registerCodeActionsProvider')),
    /** "Spark Recovery Lens: Simulate Fault..." and the timeline webview */
    simulateFault: need('the command sparkRecoveryLens.simulateFault and the timeline webview',
      cmd('sparkRecoveryLens.simulateFault'), bundle.includes('createWebviewPanel')),
    openTimeline: need('the command sparkRecoveryLens.openTimeline and the timeline webview',
      cmd('sparkRecoveryLens.openTimeline'), bundle.includes('createWebviewPanel')),
    runSweep: need('the command sparkRecoveryLens.runSweep', cmd('sparkRecoveryLens.runSweep')),
    importEventLog: need('the command sparkRecoveryLens.importEventLog', cmd('sparkRecoveryLens.importEventLog')),
    /** raw data for ad-hoc checks */
    pkg, bundle, extDir,
  };
}

let signalsHooked = false;
/**
 * Killed by run.mjs's watchdog (SIGTERM) or Ctrl-C: exit, so that editor-lib's exit hook ends the
 * code-server process groups (Chromium ends when its pipe to this process closes).
 */
function exitOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
}

/** Escapes text for use inside a RegExp. */
export const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  /**
   * Starts code-server (free port, private user data, the extension installed in `extDir`) on a
   * COPY of `examples` in a temp folder, launches Chromium and waits for the workbench.
   * Options: { examples, extDir, headless, timeoutMs, settings }
   */
  static async start(opts = {}) {
    const wb = new Workbench();
    try {
      await wb.#start(opts);
    } catch (e) {
      await wb.shot('startup-failed').catch(() => {});
      await wb.close();
      throw e;
    }
    return wb;
  }

  shotIndex = 0;
  server = null;
  browser = null;
  page = null;
  /** the temp folder holding the workspace copy and the user data */
  tmp = null;
  /** absolute path of the workspace folder (the copy of examples/) */
  workspace = null;
  /** the folder it was copied from */
  examples = null;
  consoleErrors = [];

  async #start({ examples = join(root, 'examples'), extDir = e2eExtensionsDir(), headless = true,
    timeoutMs = 120_000, settings = {} } = {}) {
    mkdirSync(resultsDir, { recursive: true });
    exitOnSignals();
    this.tmp = mkdtempSync(join(tmpdir(), 'srl-e2e-'));
    this.examples = examples;
    this.workspace = join(this.tmp, 'examples');
    cpSync(examples, this.workspace, { recursive: true });
    const udDir = join(this.tmp, 'user-data');
    writeUserSettings(udDir, {
      'editor.hover.delay': 200,
      'workbench.editor.enablePreview': false,
      'files.autoSave': 'off',
      'window.commandCenter': false,
      'editor.minimap.enabled': false,
      ...settings,
    });
    const t0 = Date.now();
    this.server = await startCodeServer({
      folder: this.workspace, udDir, extDir, timeoutMs: 60_000, logFile: join(resultsDir, 'code-server.log'),
    });
    appendFileSync(pidFile, `start ${this.server.pid}\n`);
    this.log(`code-server pid ${this.server.pid} on ${this.server.baseUrl} (${Date.now() - t0} ms)`);
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    this.page = await context.newPage();
    this.page.setDefaultTimeout(STEP_TIMEOUT);
    this.page.setDefaultNavigationTimeout(60_000);
    this.page.on('console', (m) => { if (m.type() === 'error') this.consoleErrors.push(m.text()); });
    await this.page.goto(this.server.url, { waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    // The explorer shows the workspace folder once the remote extension host and file system are up.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
    await this.dismissNotifications();
    this.log(`workbench ready (${Date.now() - t0} ms)`);
  }

  log(msg) {
    console.log(`  [e2e] ${msg}`);
  }

  /** Screenshot of the whole workbench to test-results/e2e/NN-name.png; returns the path. */
  async shot(name) {
    if (!this.page) return null;
    this.shotIndex += 1;
    const file = join(resultsDir, `${String(this.shotIndex).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** Stops the browser and code-server (by the pid it started) and removes the temp folder. */
  async close() {
    try { await this.browser?.close(); } catch { /* already gone */ }
    this.browser = null;
    try {
      if (this.server) {
        await this.server.stop();
        appendFileSync(pidFile, `stop ${this.server.pid}\n`);
      }
    } catch { /* already gone */ }
    this.server = null;
    if (this.tmp && !process.env.E2E_KEEP) rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
  }

  // ------------------------------------------------------------------------------------------
  // Generic workbench actions

  /** Presses keys (Playwright names: 'F1', 'Control+Shift+M', 'Escape'; 'Mod' = Ctrl or Cmd). */
  async press(keys) {
    await this.page.keyboard.press(keys.replace(/\bMod\b/g, mod));
  }

  /** Types text where the focus is (the editor after openFile/selectText). */
  async type(text, { delay = 20 } = {}) {
    await this.page.keyboard.type(text, { delay });
  }

  /** Closes notification toasts (e.g. about the missing marketplace), so they cover nothing. */
  async dismissNotifications() {
    const toasts = this.page.locator('.notification-toast');
    for (let i = 0; i < 5 && (await toasts.count()) > 0; i++) {
      await this.page.locator('.notification-toast .codicon-notifications-clear, .notification-toast .codicon-close').first()
        .click({ timeout: 2000 }).catch(() => {});
      await sleep(100);
    }
  }

  /** Texts of the visible notification toasts. */
  async notifications() {
    return this.page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
  }

  /** The quick input (palette, Quick Open, pickers) when it is open. */
  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the quick input with `keys` and replaces its text with `text` (no Enter). */
  async #quickInputType(keys, text) {
    await this.press(keys);
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    return input;
  }

  /**
   * Rows of the open quick input: [{ label, description, ariaLabel }], at most `max`.
   * Waits (bounded) for the list to settle.
   */
  async quickInputItems(max = 50) {
    await sleep(150);
    return this.quickInput.locator('.quick-input-list .monaco-list-row').evaluateAll((rows, n) => rows.slice(0, n).map((r) => ({
      label: r.querySelector('.label-name, .monaco-icon-label .label-name, .monaco-highlighted-label')?.textContent ?? '',
      description: r.querySelector('.label-description')?.textContent ?? '',
      ariaLabel: r.getAttribute('aria-label') ?? '',
      text: r.textContent ?? '',
    })), max);
  }

  /**
   * Waits for a row of the open quick input whose text contains `match` (string or RegExp) and
   * selects it the way a person does: Enter when it is the focused (first) row, else a click.
   */
  async pickQuickItem(match, { timeout = STEP_TIMEOUT } = {}) {
    const re = typeof match === 'string' ? new RegExp(escapeRe(match), 'i') : match;
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({ hasText: re }).first();
    await row.waitFor({ state: 'visible', timeout });
    if (await row.evaluate((r) => r.classList.contains('focused'))) await this.press('Enter');
    else await row.click();
    await this.quickInput.waitFor({ state: 'hidden', timeout }).catch(() => {});
  }

  /** Answers an open input box or picker: types `text` and presses Enter (e.g. executor "2"). */
  async answerQuickInput(text, { pick } = {}) {
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    // A quick input still setting its own value merges ours into it: code-server's save dialog
    // fills in its default path after it shows (a fresh-clone CI run answered ".../examples" +
    // the path + ".json"). Fill again until ours stays.
    for (let i = 0; i < 3; i++) {
      await sleep(200);
      if ((await input.inputValue()) === text) break;
      await input.fill(text);
    }
    if (pick) await this.pickQuickItem(pick);
    else {
      await sleep(200);
      await this.press('Enter');
    }
  }

  /**
   * Accepts the remaining steps of a multi-step input with their defaults (Enter while a quick
   * input stays open, at most `max` times); returns the prompts that were accepted.
   */
  async acceptQuickInputs({ max = 5 } = {}) {
    const prompts = [];
    for (let i = 0; i < max; i++) {
      await sleep(300);
      if (!(await this.quickInput.isVisible().catch(() => false))) break;
      prompts.push((await this.quickInput.locator('.quick-input-title, .quick-input-message').allInnerTexts()).join(' ').trim());
      await this.press('Enter');
    }
    return prompts;
  }

  /**
   * Opens a file of the workspace via Quick Open (Ctrl+P, its name, Enter) in editor group `group`
   * (1 = the left one; null = the active one); waits for its tab and its text.
   */
  async openFile(name, { timeout = STEP_TIMEOUT, group = 1 } = {}) {
    if (group) await this.press(`Mod+${group}`); // View: Focus First Editor Group (so files open on the left)
    await this.#quickInputType('Mod+P', name);
    await this.pickQuickItem(name.split('/').pop(), { timeout });
    await this.activeTab(name.split('/').pop(), { timeout });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout });
  }

  /** Waits until the active editor tab has a label containing `name`; returns its label. */
  async activeTab(name, { timeout = STEP_TIMEOUT } = {}) {
    const tab = this.page.locator('.tabs-container .tab.active').filter({ hasText: name }).first();
    await tab.waitFor({ timeout });
    return tab.innerText();
  }

  /** The label of the active editor tab ('' when none). */
  async activeTabName() {
    return (await this.page.locator('.tabs-container .tab.active').first().innerText({ timeout: 2000 }).catch(() => '')).trim();
  }

  /** Whether the command palette lists a command whose label is `title` (opens and closes it). */
  async hasCommand(title) {
    await this.#quickInputType('F1', `>${title}`);
    const items = await this.quickInputItems();
    await this.press('Escape');
    return items.some((i) => i.label.toLowerCase() === title.toLowerCase() || i.ariaLabel.toLowerCase().startsWith(title.toLowerCase()));
  }

  /** Runs a command from the command palette: F1, its title, then Enter on the matching row. */
  async runCommand(title, { timeout = STEP_TIMEOUT } = {}) {
    await this.#quickInputType('F1', `>${title}`);
    const re = new RegExp(`^${escapeRe(title)}`, 'i');
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: re }),
    }).first();
    try {
      await row.waitFor({ state: 'visible', timeout });
    } catch {
      const items = await this.quickInputItems(10);
      await this.press('Escape');
      throw new Error(`command not in the palette: "${title}" (it lists: ${items.map((i) => i.label).join(' | ') || 'nothing'})`);
    }
    if (await row.evaluate((r) => r.classList.contains('focused'))) await this.press('Enter');
    else await row.click();
  }

  /** Closes what is open (Escape) and puts the keyboard focus in the active text editor. */
  async focusEditor() {
    await this.press('Escape');
    await this.page.locator('.editor-group-container.active .monaco-editor textarea.inputarea').first().focus();
  }

  // ------------------------------------------------------------------------------------------
  // Editor

  /** The text of the active editor's visible lines, in order (Monaco renders only what is on screen). */
  async visibleEditorText() {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').evaluate((el) => [...el.querySelectorAll('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n'));
  }

  /**
   * Selects the first occurrence of `text` in the active editor after the cursor, using the Find
   * widget (Ctrl+F, the text, Enter, Escape), as a person would; the editor keeps the focus.
   * Use `fromTop` to start at the top of the file.
   */
  async selectText(text, { fromTop = true } = {}) {
    await this.focusEditor();
    if (fromTop) await this.press('Mod+Home');
    await this.press('Mod+F');
    const find = this.page.locator('.editor-group-container.active .find-widget.visible');
    const input = find.locator('textarea, input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await sleep(150);
    const count = await find.locator('.matchesCount').innerText().catch(() => '');
    if (/^No results/i.test(count.trim())) {
      await this.press('Escape');
      throw new Error(`text not found in the editor: "${text}"`);
    }
    await this.press('Enter');
    await this.press('Escape');
    await sleep(100);
  }

  /** Replaces the first occurrence of `text` by `replacement` by selecting it and typing. */
  async replaceText(text, replacement) {
    await this.selectText(text);
    await this.type(replacement);
  }

  /**
   * Screen box {x,y,width,height} of `text` in the active editor's visible lines. With `context`,
   * of `text` inside the first occurrence of `context` (e.g. text 'spark.locality.wait' in context
   * 'spark.locality.wait: 3s', to skip a comment that mentions it). Prefers the line the cursor is
   * on, then the topmost line.
   */
  async textBox(text, { context = text, timeout = STEP_TIMEOUT } = {}) {
    const inner = context.indexOf(text);
    if (inner < 0) throw new Error(`"${text}" is not part of its context "${context}"`);
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    const t0 = Date.now();
    for (;;) {
      const box = await lines.evaluate((el, [ctx, needle, offset]) => {
        const editor = el.closest('.monaco-editor');
        const cursor = editor.querySelector('.cursors-layer .cursor');
        const cursorTop = cursor ? parseFloat(cursor.style.top) : NaN;
        // DOM order is not screen order (Monaco reuses line nodes): sort by `top`, cursor line first.
        const all = [...el.querySelectorAll('.view-line')].map((l) => ({ l, top: parseFloat(l.style.top) }))
          .sort((a, b) => (a.top === cursorTop ? -1 : b.top === cursorTop ? 1 : a.top - b.top));
        for (const { l: line } of all) {
          const nodes = [];
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let txt = '';
          for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, txt.length]); txt += n.nodeValue; }
          const at = txt.replace(/\u00a0/g, ' ').indexOf(ctx); // Monaco draws spaces as no-break spaces
          if (at < 0) continue;
          const start = at + offset;
          const locate = (off) => {
            for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= off) return [nodes[i][0], off - nodes[i][1]];
            return [nodes[0][0], 0];
          };
          const [sn, so] = locate(start);
          const [en, eo] = locate(start + needle.length);
          const range = document.createRange();
          range.setStart(sn, Math.min(so, sn.nodeValue.length));
          range.setEnd(en, Math.min(eo, en.nodeValue.length));
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
        return null;
      }, [context, text, inner]);
      if (box && box.width > 0) return box;
      if (Date.now() - t0 > timeout) throw new Error(`text not visible in the editor: "${text}"${context !== text ? ` in "${context}"` : ''}`);
      await sleep(200);
    }
  }

  /**
   * Moves the mouse over `text` in the active editor (revealing it first with the Find widget;
   * `context` picks the occurrence, see textBox) and returns the text of the hover that appears
   * (waits for it to contain `expect` when given).
   */
  async hoverText(text, { context = text, expect, timeout = STEP_TIMEOUT } = {}) {
    await this.selectText(context);
    await this.press('ArrowLeft'); // drop the selection, keep the line in view (cursor on it)
    const box = await this.textBox(text, { context });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: expect ?? /\S/ }).first();
    const t0 = Date.now();
    for (let i = 0; ; i++) {
      // Come in from outside, then rest on the text: Monaco shows hovers on mouse move.
      await this.page.mouse.move(box.x + box.width / 2 + 20, box.y - 60);
      await this.page.mouse.move(box.x + box.width / 2 - 2 + (i % 3), box.y + box.height / 2, { steps: 4 });
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.min(4000, Math.max(500, timeout - (Date.now() - t0))) });
        return await hover.innerText();
      } catch (e) {
        if (Date.now() - t0 > timeout) {
          const seen = await this.page.locator('.monaco-hover:not(.hidden)').allInnerTexts().catch(() => []);
          throw new Error(`no hover${expect ? ` containing ${expect}` : ''} over "${text}"; seen: ${JSON.stringify(seen)}`);
        }
      }
    }
  }

  /** Moves the mouse away so hovers close. */
  async unhover() {
    await this.page.mouse.move(5, 450);
    await this.press('Escape');
  }

  /**
   * Quick fix: places the cursor on `atText` (when given), presses Ctrl+. and applies the action
   * whose title matches `title` (string or RegExp; the first/preferred one when omitted).
   * Returns the titles that were offered.
   */
  async quickFix({ atText, title, timeout = STEP_TIMEOUT, retry = true } = {}) {
    if (atText) await this.selectText(atText);
    else await this.focusEditor();
    const widget = this.page.locator('.action-widget');
    const rows = widget.locator('.monaco-list-row.action');
    // A set of the file's diagnostics makes VS Code re-ask for code actions 250 ms later, and that
    // automatic request can cancel a Ctrl+. just pressed ("No code actions available"): a person
    // presses it again, and so does a case (logged) unless it asks for `retry: false`. The
    // extension sets an unchanged list no more (CI met this on a new, empty file).
    for (let attempt = 0; ; attempt++) {
      await this.press('Mod+.');
      const shown = await rows.first().waitFor({ state: 'visible', timeout }).then(() => true, () => false);
      if (shown) break;
      const msg = await this.page.locator('.monaco-editor .message-widget, .monaco-editor-overlaymessage').allInnerTexts().catch(() => []);
      const state = JSON.stringify({ tab: await this.activeTabName(), cursor: await this.cursorPosition() });
      if (retry && attempt === 0 && /no code actions/i.test(msg.join(' '))) {
        this.log(`quickFix: "${msg.join(' ')}" at ${state}; pressing Ctrl+. again`);
        await sleep(1000);
        await this.focusEditor();
        continue;
      }
      throw new Error(`no quick fix menu after Ctrl+. (${msg.join(' ') || 'nothing shown'}) at ${state}`);
    }
    await sleep(200);
    const titles = (await rows.allInnerTexts()).map((t) => t.trim());
    if (title) {
      const re = typeof title === 'string' ? new RegExp(escapeRe(title), 'i') : title;
      const row = rows.filter({ hasText: re }).first();
      if ((await row.count()) === 0) {
        await this.press('Escape');
        throw new Error(`no quick fix matching ${re}; offered: ${JSON.stringify(titles)}`);
      }
      // The widget takes keys (a click is caught by its pointer block): arrow down to it, Enter.
      for (let i = 0; i <= titles.length; i++) {
        const focused = (await widget.locator('.monaco-list-row.action.focused').first().innerText().catch(() => '')).trim();
        if (re.test(focused)) break;
        await this.press('ArrowDown');
        await sleep(80);
      }
      await this.press('Enter');
    } else {
      await this.press('Enter');
    }
    await widget.waitFor({ state: 'hidden', timeout }).catch(() => {});
    return titles;
  }

  /** The titles Ctrl+. offers at the cursor (nothing applied: the menu is closed again). */
  async quickFixTitles({ timeout = STEP_TIMEOUT } = {}) {
    await this.press('Mod+.');
    const widget = this.page.locator('.action-widget');
    const rows = widget.locator('.monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible', timeout });
    await sleep(200);
    const titles = (await rows.allInnerTexts()).map((t) => t.trim());
    await this.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout }).catch(() => {});
    return titles;
  }

  /**
   * Completion as a person uses it: Ctrl+Space, the suggestion whose label is `label` (arrow keys
   * to it), Enter. When the item is a snippet with a choice of values, its own list opens: Enter
   * takes the first value. `leave`: End afterwards, so the next Enter starts a new line rather
   * than typing over the selected placeholder. Returns the labels that were offered.
   */
  async complete(label, { leave = true, timeout = STEP_TIMEOUT } = {}) {
    const widget = this.page.locator('.editor-group-container.active .suggest-widget.visible');
    const rows = widget.locator('.monaco-list-row');
    const labelOf = (row) => row.locator('.label-name').first().innerText({ timeout: 1000 }).then((t) => t.trim()).catch(() => '');
    // the editor's word-based suggestions (text icon) may carry the same label as ours
    const isWord = (row) => row.locator('.codicon-symbol-text').count().then((n) => n > 0).catch(() => false);
    let offered = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.press('Control+Space');
      try {
        await rows.first().waitFor({ state: 'visible', timeout: Math.min(timeout, 5000) });
      } catch {
        continue;
      }
      await sleep(150);
      offered = (await rows.locator('.label-name').allInnerTexts()).map((t) => t.trim());
      // the list shows ~12 rows at once: walk it with the arrow keys until the item is focused
      for (let i = 0; i < 80; i++) {
        const focused = widget.locator('.monaco-list-row.focused').first();
        const name = await labelOf(focused);
        if (!offered.includes(name)) offered.push(name);
        if (name === label && !(await isWord(focused))) {
          await this.press('Enter');
          await widget.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
          await sleep(200);
          // a snippet choice (`${1|a,b|}`) opens its own list of values: take the first; any other
          // list that opened by itself on the placeholder is closed
          if (await rows.first().isVisible().catch(() => false)) {
            const choice = await widget.locator('.monaco-list-row.focused .codicon-symbol-value').count().catch(() => 0);
            await this.press(choice ? 'Enter' : 'Escape');
            await widget.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
          }
          if (leave) await this.press('End');
          // the list may have closed or changed under the Enter on a busy machine: say so here,
          // rather than as a wrong text several steps later
          // (a container key writes its block: the key is then on the line above the cursor)
          const bare = label.replace(/^"|"$/g, '');
          const t0 = Date.now();
          let near = await this.cursorLines(1);
          while (!near.some((l) => l.includes(bare)) && Date.now() - t0 < 3000) { await sleep(100); near = await this.cursorLines(1); }
          if (!near.some((l) => l.includes(bare))) throw new Error(`completion of "${label}" was not applied: the cursor's lines are ${JSON.stringify(near)}`);
          return offered;
        }
        await this.press('ArrowDown');
        if ((await labelOf(widget.locator('.monaco-list-row.focused').first())) === offered[0] && i > 0) break;
      }
      await this.press('Escape');
      throw new Error(`completion did not offer "${label}"; it offered ${JSON.stringify(offered)}`);
    }
    throw new Error(`Ctrl+Space opened no suggestion list (wanted "${label}")`);
  }

  /**
   * Takes a blank line's indentation back to column `col` (0-based) with Backspace, one press at a
   * time, each waiting until the line shows it. It only ever removes blanks: on a line with text it
   * stops with an error (a Backspace there would eat the text a step before wrote).
   */
  async outdentTo(col) {
    for (let i = 0; i < 20; i++) {
      const line = await this.cursorLine();
      if (line.trim() !== '') throw new Error(`outdent to column ${col}: the cursor's line is not blank: ${JSON.stringify(line)}`);
      if (line.length <= col) break;
      await this.press('Backspace');
      const t0 = Date.now();
      while (Date.now() - t0 < 3000 && (await this.cursorLine()).length === line.length) await sleep(50);
    }
    // one Backspace can take a whole indent step: type the missing spaces back, as a person would
    const line = await this.cursorLine();
    if (line.trim() === '' && line.length < col) await this.type(' '.repeat(col - line.length));
  }

  /**
   * Enter for a new line, as a person makes sure of it: a suggestion list that opened late (quick
   * suggestions after typing, or on a snippet's placeholder) would take the Enter and accept its
   * item instead, so it is closed first; then waits until the cursor is on the next line.
   */
  async newline({ timeout = 5000 } = {}) {
    await this.closeSuggestions();
    const before = await this.cursorPosition();
    await this.press('Enter');
    const t0 = Date.now();
    for (;;) {
      const pos = await this.cursorPosition();
      if (!before || (pos && pos.line === before.line + 1)) return;
      if (Date.now() - t0 > timeout) throw new Error(`Enter did not start a new line (cursor ${JSON.stringify(before)} -> ${JSON.stringify(pos)}, line ${JSON.stringify(await this.cursorLine())})`);
      await sleep(50);
    }
  }

  /** Closes the active editor's suggestion list when one is open. */
  async closeSuggestions() {
    const widget = this.page.locator('.editor-group-container.active .suggest-widget.visible');
    for (let i = 0; i < 3 && await widget.isVisible().catch(() => false); i++) {
      const items = await widget.locator('.monaco-list-row .label-name').allInnerTexts().catch(() => []);
      this.log(`a suggestion list was open (${JSON.stringify(items.slice(0, 4))}): closed`);
      await this.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 1000 }).catch(() => {});
    }
  }

  /** The text of the line the cursor is on, as the editor draws it (no-break spaces as spaces). */
  async cursorLine() {
    return (await this.cursorLines(0))[0] ?? '';
  }

  /** The cursor's line and the `above` lines on screen before it, cursor's line first. */
  async cursorLines(above) {
    return this.page.locator('.editor-group-container.active .monaco-editor').first().evaluate((editor, above) => {
      const cursor = editor.querySelector('.cursors-layer .cursor');
      const top = cursor ? parseFloat(cursor.style.top) : NaN;
      const lines = [...editor.querySelectorAll('.view-lines .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      const at = lines.findIndex((l) => parseFloat(l.style.top) === top);
      if (at < 0) return [];
      return lines.slice(Math.max(0, at - above), at + 1).reverse().map((l) => l.textContent.replace(/\u00a0/g, ' '));
    }, above);
  }

  /** Opens a file by clicking it in the Explorer (a file created during the test may not be in Quick Open's index yet). */
  async openFromExplorer(name, { timeout = STEP_TIMEOUT } = {}) {
    await this.press('Mod+Shift+E');
    // the row named exactly so (receiver.sparkjob.yaml is not streaming-receiver.sparkjob.yaml)
    const row = this.page.locator('.explorer-folders-view .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) }).first();
    // the file watcher may be slow on a busy machine: Refresh Explorer, as a person would
    if (!(await row.waitFor({ timeout: 3000 }).then(() => true, () => false))) await this.runCommand('Refresh Explorer');
    await row.waitFor({ timeout });
    await row.click();
    await this.activeTab(name, { timeout });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout });
  }

  /** Whether the active editor has unsaved changes (its tab shows the dirty dot). */
  async isDirty() {
    return (await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  }

  /** Waits (bounded) until the active editor is dirty (`dirty` true) or clean (false). */
  async waitDirty(dirty = true, { timeout = STEP_TIMEOUT } = {}) {
    const t0 = Date.now();
    while ((await this.isDirty()) !== dirty) {
      if (Date.now() - t0 > timeout) throw new Error(`the editor did not become ${dirty ? 'dirty' : 'clean'} within ${timeout / 1000} s`);
      await sleep(100);
    }
  }

  /** Saves the active editor (Ctrl+S) and waits until it is clean. */
  async save() {
    await this.focusEditor();
    await this.press('Mod+S');
    await this.waitDirty(false);
  }

  /** The text of a workspace file on disk (relative to the workspace copy). */
  readWorkspaceFile(rel) {
    return readFileSync(join(this.workspace, rel), 'utf8');
  }

  /**
   * Puts a workspace file back as it is in the repo's examples/ (on disk; an open editor without
   * unsaved changes reloads it).
   */
  restoreWorkspaceFile(rel) {
    writeFileSync(join(this.workspace, rel), readFileSync(join(this.examples, rel)));
  }

  /** Reverts the active editor to the file on disk (File: Revert File). */
  async revertFile() {
    await this.runCommand('File: Revert File');
    await sleep(300);
  }

  /** Error/warning squiggles drawn in the visible part of the active editor. */
  async squiggles(kind = 'error') {
    return this.page.locator(`.editor-group-container.active .monaco-editor .squiggly-${kind}`).count();
  }

  // ------------------------------------------------------------------------------------------
  // Problems panel

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows (see problems()). */
  async openProblems() {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) await this.press('Mod+Shift+M');
    await panel.waitFor({ state: 'visible' });
    return this.problems();
  }

  /**
   * Rows of the Problems panel: [{ text, message, code, position: '[Ln 5, Col 3]', ariaLabel,
   * severity: 'error'|'warning'|'info' }] for each marker row (file rows are left out); only the
   * rows on screen (the list is virtual). The panel must be open.
   */
  async problems() {
    await sleep(100);
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)) // DOM order is not screen order
      .map((r) => {
      const icon = r.querySelector('.marker-icon');
      if (!icon) return null; // a file row
      const severity = ['error', 'warning', 'info'].find((c) => icon.classList.contains(c)) ?? 'info';
      return {
        text: (r.innerText || '').replace(/\s+/g, ' ').trim(),
        message: r.querySelector('.marker-message')?.textContent ?? '',
        code: r.querySelector('.marker-code')?.textContent ?? '',
        position: r.querySelector('.marker-line')?.textContent ?? '',
        ariaLabel: r.getAttribute('aria-label') ?? '',
        severity,
      };
    }).filter(Boolean));
  }

  /**
   * Waits (bounded) until a Problems row matches `match` (string or RegExp) and returns it; with
   * { absent: true } waits until none matches and returns null.
   */
  async waitForProblem(match, { absent = false, timeout = 30_000 } = {}) {
    const re = typeof match === 'string' ? new RegExp(escapeRe(match), 'i') : match;
    await this.openProblems();
    const t0 = Date.now();
    let rows = [];
    for (;;) {
      rows = await this.problems();
      const hit = rows.find((r) => re.test(r.text) || re.test(r.ariaLabel));
      if (absent ? !hit : hit) return hit ?? null;
      if (Date.now() - t0 > timeout) {
        throw new Error(`${absent ? 'a Problems row still matches' : 'no Problems row matches'} ${re} after ${timeout / 1000} s; rows: ${JSON.stringify(rows.map((r) => r.text))}`);
      }
      await sleep(300);
    }
  }

  /**
   * Goes to a problem as a person does: clicks its row in the Problems panel (opening the panel),
   * then Enter; the editor reveals it with the cursor at its start. Returns the row.
   */
  async gotoProblem(match, { timeout = 30_000 } = {}) {
    const row = await this.waitForProblem(match, { timeout });
    // rows move while the analysis adds findings (a sweep's SJ105 above this row): a click can land
    // on the row's old place, so the step is done only once the cursor is on the problem's line
    const line = Number(/Ln (\d+)/.exec(row.position || row.text)?.[1] ?? NaN);
    for (let attempt = 0; ; attempt++) {
      const el = this.page.locator('.markers-panel .monaco-list-row').filter({ hasText: row.message || row.text }).first();
      await el.click();
      await this.press('Enter');
      await sleep(300);
      if (Number.isNaN(line)) return row;
      // the editor selects the problem's range: the status bar shows the selection's end, on the
      // problem's line or below it when the range spans lines
      const there = (p) => p !== null && (p.line === line || (p.selected > 0 && p.line > line && p.line - line < 40));
      const t0 = Date.now();
      while (Date.now() - t0 < 3000 && !there(await this.cursorPosition())) await sleep(200);
      if (there(await this.cursorPosition())) return row;
      if (attempt === 2) throw new Error(`the editor did not go to line ${line} of the problem "${row.text}" (cursor ${JSON.stringify(await this.cursorPosition())})`);
      this.log(`gotoProblem: cursor not on line ${line} yet; clicking the row again`);
    }
  }

  /**
   * The cursor position shown in the status bar: { line, col, selected } (selected: the number of
   * selected characters, 0 when none; col is the cursor's end of the selection). Null when none.
   */
  async cursorPosition() {
    const text = await this.page.locator('#status\\.editor\\.selection').innerText({ timeout: 5000 }).catch(() => '');
    const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
    return m ? { line: Number(m[1]), col: Number(m[2]), selected: Number(m[3] ?? 0) } : null;
  }

  /** Closes the bottom panel (Problems) when it is open. */
  async closePanel() {
    if (await this.page.locator('.part.panel').isVisible().catch(() => false)) {
      await this.runCommand('View: Hide Panel', { timeout: 5000 });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Webviews

  /**
   * The content frame of a webview (e.g. the timeline): VS Code puts the page in an inner iframe
   * (#active-frame) of an outer iframe.webview. `index`: which webview (-1 = the last one).
   * Returns a Playwright FrameLocator; use .locator(...) on it.
   */
  webview({ index = -1 } = {}) {
    const outer = this.page.locator('iframe.webview.ready');
    const pick = index < 0 ? outer.last() : outer.nth(index);
    return pick.contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Waits (bounded) until a webview is there and its content has `selector`; returns the frame locator. */
  async waitForWebview(selector = 'body', { timeout = 30_000, index = -1 } = {}) {
    await this.page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout });
    const frame = this.webview({ index });
    await frame.locator(selector).first().waitFor({ state: 'attached', timeout });
    return frame;
  }

  // ------------------------------------------------------------------------------------------
  // Extensions

  /**
   * Activated extensions per "Developer: Show Running Extensions": [{ name, text }].
   * Leaves that editor open (close it with closeEditor()).
   */
  async runningExtensions({ timeout = 30_000 } = {}) {
    await this.runCommand('Developer: Show Running Extensions');
    const rows = this.page.locator('.runtime-extensions-editor .monaco-list-row');
    await rows.first().waitFor({ timeout });
    await sleep(300);
    return rows.evaluateAll((rs) => rs.map((r) => ({
      name: r.querySelector('.name')?.textContent ?? '',
      text: (r.innerText || '').replace(/\s+/g, ' ').trim(),
    })));
  }

  /** Names in the Extensions view filtered by `query` (default: the installed ones). */
  async extensionsView(query = '@installed') {
    await this.press('Mod+Shift+X');
    const input = this.page.locator('.extensions-viewlet .suggest-input-container textarea, .extensions-viewlet .monaco-editor textarea').first();
    await input.waitFor({ state: 'visible' });
    await input.focus();
    await this.press('Mod+A');
    await this.type(query, { delay: 5 });
    await sleep(1000);
    const rows = this.page.locator('.extensions-viewlet .extensions-list .monaco-list-row');
    await rows.first().waitFor({ timeout: STEP_TIMEOUT });
    return rows.evaluateAll((rs) => rs.map((r) => (r.querySelector('.name')?.textContent ?? r.textContent ?? '').trim()));
  }

  /** Closes the editor tab whose label contains `label` with its close button. */
  async closeTab(label) {
    const tab = this.page.locator('.tabs-container .tab').filter({ hasText: label }).first();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await tab.waitFor({ state: 'detached', timeout: STEP_TIMEOUT }).catch(() => {});
    await this.page.mouse.move(5, 450); // no tooltip left over the next screenshot
  }

  /** Notifications, the quick input's title and text, and the editor tabs: what a person would see. */
  async screenState() {
    const quick = (await this.quickInput.isVisible().catch(() => false))
      ? { title: (await this.quickInput.locator('.quick-input-title').allInnerTexts()).join(' '),
        value: await this.quickInput.locator('.quick-input-box input').inputValue().catch(() => '') }
      : null;
    const tabs = await this.page.locator('.tabs-container .tab').allInnerTexts();
    return { notifications: await this.notifications(), quick, tabs: tabs.map((t) => t.trim()), active: await this.activeTabName(), cursor: await this.cursorPosition() };
  }

  /** After a failed case: closes inputs, toasts and every timeline, so the next case starts clean. */
  async resetAfterFailure() {
    await this.press('Escape');
    await this.press('Escape');
    await this.dismissNotifications();
    const timelines = this.page.locator('.tabs-container .tab').filter({ hasText: 'Timeline' });
    for (let i = 0; i < 5 && (await timelines.count()) > 0; i++) await this.closeTab('Timeline');
  }

  /** Closes the active editor (Ctrl+W would close the browser tab in some setups: use the command). */
  async closeEditor() {
    await this.runCommand('View: Close Editor');
  }

  /** Shows the Explorer (Ctrl+Shift+E) and returns the names in it. */
  async explorerItems() {
    await this.press('Mod+Shift+E');
    const rows = this.page.locator('.explorer-folders-view .monaco-list-row');
    await rows.first().waitFor();
    return rows.evaluateAll((rs) => rs.map((r) => (r.getAttribute('aria-label') || r.textContent || '').trim()));
  }
}

// ----------------------------------------------------------------------------------------------
// Results, for run.mjs's closing line

const resultsFile = process.env.E2E_RESULTS_FILE;

/** Records a case's outcome (pass | fail | skip) for the closing summary line of run.mjs. */
export function record(name, outcome, detail = '') {
  if (!resultsFile) return;
  let all = [];
  try { all = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* first */ }
  all.push({ name, outcome, detail });
  writeFileSync(resultsFile, JSON.stringify(all, null, 2));
}
