// End-to-end cases in a real VS Code (code-server) driven through Chromium. Run through
// `node test/e2e/run.mjs` (npm run test:e2e), which sets the editor up first and bounds the run.
// The cases share one workbench and run in order; each takes screenshots under test-results/e2e/.
//
// Adding a case:  e2e('what a person sees', { feature: 'hover' }, async (wb) => { ... });
// `feature` names a check in harness.mjs makeFeatures(): while it fails the case is reported as
// skipped ("waiting for ..."), never as passed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Workbench, escapeRe, makeFeatures, record } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const FILE = 'paper-fig2.sparkjob.yaml';
/**
 * The stall warning of the file's fault (executor 2): "... waits ... reserved slot ...". The
 * background fault sweep adds warnings of the same kind for other executors and moments.
 */
const STALL = /executor 2\b.*\bwaits\b.*reserved slot/i;
const CASE_TIMEOUT = 120_000;
const STEP_TIMEOUT_E2E = 15_000;
/** The real logs beside the repository (CI lays shared/ next to the clone). */
const EVENTLOGS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/eventlogs');
/** 8 executors, one lost with a running task whose re-run waited 148 ms with 7 slots free (eventlogs README) */
const LOSS_LOG = 'spark-rapids-tools/spark-events-profiling/tasks_executors_fail_compressed_eventlog.zstd';
let wb;
let features;

/**
 * A case: skipped with its reason while `feature` (a name or names of makeFeatures() checks) is
 * missing; a screenshot on failure.
 */
function e2e(name, { feature, timeout = CASE_TIMEOUT } = {}, fn) {
  test(name, { timeout }, async (t) => {
    const missing = [feature ?? []].flat().map((f) => features?.[f]).find(Boolean);
    if (missing) {
      record(name, 'skip', missing);
      t.skip(missing);
      return;
    }
    if (!wb) {
      record(name, 'fail', 'no workbench');
      throw new Error('the workbench did not start (see the first error)');
    }
    try {
      await fn(wb, t);
      record(name, 'pass');
    } catch (e) {
      record(name, 'fail', e.message);
      await wb.shot(`FAILED-${name}`).catch(() => {});
      // what the screen said, for a CI log that has no screenshots; then no timeline or toast of
      // this case is left for the next one to find
      console.log(`  [e2e] at the failure: ${JSON.stringify(await wb.screenState().catch((x) => String(x)))}`);
      await wb.resetAfterFailure().catch(() => {});
      throw e;
    } finally {
      await wb.page?.keyboard.press('Escape').catch(() => {});
    }
  });
}

describe('Spark Recovery Lens in VS Code (code-server)', { timeout: 9 * 60_000 }, () => {
  before(async () => {
    features = makeFeatures();
    wb = await Workbench.start();
  }, { timeout: 180_000 });

  after(async () => {
    await wb?.close();
  }, { timeout: 30_000 });

  // -- smoke: needs only the packaged extension ------------------------------------------------

  e2e('smoke: the workbench opens the examples folder', {}, async () => {
    const items = await wb.explorerItems();
    assert.ok(items.some((i) => i.includes(FILE)), `explorer lists ${FILE}: ${JSON.stringify(items)}`);
    await wb.shot('workbench-examples');
  });

  e2e(`smoke: ${FILE} opens in the editor`, {}, async () => {
    await wb.openFile(FILE);
    const text = await wb.visibleEditorText();
    assert.match(text, /spark\.locality\.wait/);
    assert.match(text, /name:\s*Paper Fig\. 2/);
    await wb.shot('editor-paper-fig2');
  });

  e2e('smoke: the extension is installed and activated', { feature: 'extension' }, async () => {
    const installed = await wb.extensionsView('@installed');
    await wb.shot('extensions-installed');
    assert.ok(installed.some((n) => /spark recovery lens/i.test(n)), `installed extensions: ${JSON.stringify(installed)}`);
    await wb.press('Mod+Shift+E');
    const running = await wb.runningExtensions();
    await wb.shot('running-extensions');
    const ours = running.find((r) => /spark recovery lens/i.test(r.name) || /spark recovery lens/i.test(r.text));
    assert.ok(ours, `activated extensions: ${JSON.stringify(running.map((r) => r.name))}`);
    await wb.closeEditor();
  });

  // -- product: the scenario on examples/paper-fig2.sparkjob.yaml ------------------------

  e2e('Problems lists the stall warning with its text', { feature: 'stallWarning' }, async () => {
    await wb.openFile(FILE);
    const row = await wb.waitForProblem(STALL, { timeout: 45_000 });
    assert.equal(row.severity, 'warning', `severity of "${row.text}"`);
    assert.match(row.text, /waits/i);
    assert.match(row.text, /reserved slot/i);
    await wb.shot('problems-stall-warning');
    await wb.closePanel();
  });

  e2e('hovering spark.locality.wait shows its documentation', { feature: 'hover' }, async () => {
    await wb.openFile(FILE);
    // The key under conf: (the file's comments mention it too).
    const text = await wb.hoverText('spark.locality.wait', { context: 'spark.locality.wait: 3s', expect: /spark\.locality\.wait/ });
    assert.match(text, /locality/i);
    assert.ok(text.replace(/\s+/g, ' ').length > 'spark.locality.wait'.length + 20, `documentation, not just the name: ${text}`);
    await wb.shot('hover-locality-wait');
    await wb.unhover();
  });

  e2e('the reserve-a-slot quick fix edits the file and the warning goes away', { feature: ['stallWarning', 'quickFix'] }, async () => {
    await wb.openFile(FILE);
    // Go to the warning as a person would: click its row in Problems, then Ctrl+. in the editor.
    const row = await wb.gotoProblem(STALL, { timeout: 45_000 });
    await wb.shot('quick-fix-before');
    const original = wb.readWorkspaceFile(FILE);
    const offered = await wb.quickFix({ title: /reserv/i });
    wb.log(`quick fixes offered: ${JSON.stringify(offered)}`);
    await wb.waitDirty(true);
    await wb.shot('quick-fix-applied');
    await wb.waitForProblem(new RegExp(escapeRe(row.message.slice(0, 40)), 'i'), { absent: true, timeout: 45_000 });
    await wb.shot('quick-fix-warning-gone');
    // It edited the file: save it (the workspace is a temp copy) and read it from disk.
    await wb.save();
    const edited = wb.readWorkspaceFile(FILE);
    assert.notEqual(edited, original, 'the quick fix changed the file');
    const before = new Set(original.split('\n'));
    const added = edited.split('\n').filter((l) => !before.has(l));
    assert.ok(added.some((l) => /reserv/i.test(l)), `the edit is about reserved slots: ${JSON.stringify(added)}`);
    wb.restoreWorkspaceFile(FILE);
    await wb.closePanel();
  });

  e2e('Simulate Fault... (F1) on executor 2 opens the timeline with bars and the recovery span', { feature: 'simulateFault' }, async () => {
    await wb.openFile(FILE);
    await wb.runCommand('Spark Recovery Lens: Simulate Fault...');
    await wb.shot('simulate-fault-asks');
    // The command asks for the executor (a picker or an input box): answer "2".
    await wb.answerQuickInput('2');
    const more = await wb.acceptQuickInputs(); // e.g. "when does executor 2 fail?": its default
    if (more.length) wb.log(`accepted the defaults of: ${JSON.stringify(more)}`);
    const frame = await wb.waitForWebview('.bar, canvas[data-bars], .recovery-span', { timeout: 45_000 });
    const recovery = frame.locator('.recovery-span').first();
    await recovery.waitFor({ state: 'attached', timeout: 30_000 });
    const bars = await frame.locator('.bar').count();
    const canvasBars = Number(await frame.locator('canvas[data-bars]').first().getAttribute('data-bars', { timeout: 1000 }).catch(() => 0) ?? 0);
    assert.ok(bars + canvasBars > 0, `task bars drawn (svg .bar: ${bars}, canvas data-bars: ${canvasBars})`);
    assert.ok(await recovery.isVisible(), 'the recovery span is visible');
    assert.match(await frame.locator('body').innerText(), /exec(utor)?\s*2\b/i, 'the timeline shows the fault of executor 2');
    await wb.shot('timeline-executor-2');
    await wb.closeTab('Timeline');
  });

  e2e('Simulate Fault... offers decommission, asks its notice, and the timeline shows the notice', { feature: 'simulateFault' }, async () => {
    await wb.openFile(FILE);
    await wb.runCommand('Spark Recovery Lens: Simulate Fault...');
    await wb.answerQuickInput('2');
    const title = (t) => wb.quickInput.locator('.quick-input-title', { hasText: t }).waitFor({ state: 'visible' });
    await title('when does executor 2 fail?');
    await wb.answerQuickInput('1250ms');
    await title('Simulate Fault: executor 2 at ');
    // the item says what the notice does in this file (paper-fig2 has no spark.decommission.enabled)
    await wb.quickInput.locator('.monaco-list-row', { hasText: /ignores it/ }).first().waitFor({ state: 'visible' });
    await wb.shot('simulate-fault-decommission-kind');
    await wb.answerQuickInput('decommission', { pick: /^decommission/i });
    await title('when is it killed?');
    await wb.shot('simulate-fault-decommission-notice');
    await wb.answerQuickInput('500ms');
    const frame = await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 45_000 });
    await frame.locator('.summary', { hasText: /Executor 2 was given a decommission notice at 1\.25 s/ }).waitFor({ timeout: 45_000 });
    // the fault's label names it (not "hangs"), and a notice that lost nothing is not "not recovered"
    await frame.locator('text', { hasText: /exec 2 decommissioned/ }).first().waitFor({ state: 'attached', timeout: 15_000 });
    assert.doesNotMatch(await frame.locator('body').innerText(), /not recovered/);
    await wb.shot('timeline-decommission');
    await wb.closeTab('Timeline');
  });

  e2e('Open Timeline (F1) shows the task bars of the file\'s fault', { feature: 'openTimeline' }, async () => {
    await wb.openFile(FILE);
    await wb.runCommand('Spark Recovery Lens: Open Timeline');
    await wb.acceptQuickInputs();
    const frame = await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 45_000 });
    const bars = await frame.locator('.bar').count();
    const canvasBars = Number(await frame.locator('canvas[data-bars]').first().getAttribute('data-bars', { timeout: 1000 }).catch(() => 0) ?? 0);
    assert.ok(bars + canvasBars > 0, `task bars drawn (svg .bar: ${bars}, canvas data-bars: ${canvasBars})`);
    await wb.shot('open-timeline');
    await wb.closeTab('Timeline');
  });

  // -- Structured Streaming: a stateful query on Kubernetes (issue 14) ---------------------------

  const QUERY_FILE = 'stateful-kafka-k8s.sparkjob.yaml';
  /** the sweep's warning at executor 2's entry: its state stores' partitions wait in the next batch */
  const QUERY_STALL = /executor 2 fails.*stateful partitions? whose state stores? (was|were) there/i;

  e2e('stateful query: the stall warning at an executor, its reserve quick fix removes it, the timeline shows micro-batches and the reload', { feature: ['stallWarning', 'quickFix', 'openTimeline'], timeout: 180_000 }, async () => {
    await wb.openFile(QUERY_FILE);
    const row = await wb.gotoProblem(QUERY_STALL, { timeout: 90_000 });
    assert.equal(row.severity, 'warning', `severity of "${row.text}"`);
    assert.match(row.text, /StateStoreCoordinator/);
    await wb.shot('query-stall-warning');
    const original = wb.readWorkspaceFile(QUERY_FILE);
    const offered = await wb.quickFix({ title: /reserv/i });
    wb.log(`quick fixes offered: ${JSON.stringify(offered)}`);
    await wb.waitDirty(true);
    await wb.waitForProblem(QUERY_STALL, { absent: true, timeout: 90_000 });
    await wb.shot('query-stall-fixed');
    await wb.save();
    assert.match(wb.readWorkspaceFile(QUERY_FILE), /reservedSlots/);
    wb.restoreWorkspaceFile(QUERY_FILE);
    assert.equal(wb.readWorkspaceFile(QUERY_FILE), original);
    await wb.closePanel();
    await wb.runCommand('Spark Recovery Lens: Open Timeline');
    await wb.acceptQuickInputs();
    const frame = await wb.waitForWebview('rect.batch-band', { timeout: 60_000 });
    const bands = await frame.locator('rect.batch-band').count();
    assert.ok(bands > 0, `micro-batch bands drawn: ${bands}`);
    const labels = await frame.locator('text.batch-label').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(labels.some((l) => /sessions#\d+ \(\d+ reloads?\)/.test(l)), `a band labelled with its reloads: ${JSON.stringify(labels)}`);
    assert.ok(await frame.locator('line.trigger-interval').count() > 0, 'the trigger interval line in the batch-delay chart');
    // the reload on the bars that paid it: its part of the bar and a marker over its start
    const reloads = await frame.locator('rect.reload-part').count();
    assert.ok(reloads > 0 && reloads === await frame.locator('path.reload-mark').count(), `reload parts and markers drawn: ${reloads}`);
    // the file's run and, with Compare on, the reserved-slots run: a line each
    assert.ok(await frame.locator('path.delay-line.query[data-query="sessions"]').count() >= 1, 'the query\'s batch-duration line');
    await wb.shot('query-timeline');
    await wb.closeTab('Timeline');
  });

  // -- writing a file from nothing with completion alone (issue 15) ------------------------------

  /**
   * Writes a new, empty file with completion: a label is Ctrl+Space and that suggestion (then End);
   * `'\n'` is Enter; `'<N'` takes the new line back to column N (Backspace, as a person would
   * leave a block); `'>text'` types over the selected placeholder. Returns the saved text.
   */
  async function writeWithCompletion(name, steps) {
    writeFileSync(join(wb.workspace, name), '');
    await wb.openFromExplorer(name);
    await wb.focusEditor();
    for (const [i, step] of steps.entries()) {
      if (step === '\n') await wb.newline();
      else if (step.startsWith('>')) await wb.type(step.slice(1), { delay: 5 });
      else if (step.startsWith('<')) {
        await wb.outdentTo(Number(step.slice(1)));
      } else await wb.complete(step, { leave: !steps[i + 1]?.startsWith('>') });
      if (process.env.E2E_STEP_SHOTS) await wb.shot(`step-${step.replace(/\n/, 'enter')}`);
    }
    await wb.save();
    return wb.readWorkspaceFile(name).split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();
  }

  const CLUSTER_STEPS = ['version', '\n', 'cluster', 'executors', 'id', '\n', 'host', '\n', 'cores', '\n', '<0'];
  const CLUSTER_TEXT = 'version: 1\ncluster:\n  executors:\n    - id: "1"\n      host: node1\n      cores: 2\n';

  e2e('a batch file written from an empty file with completion alone', { feature: 'diagnostics', timeout: 180_000 }, async () => {
    const text = await writeWithCompletion('new-batch.sparkjob.yaml', [
      ...CLUSTER_STEPS, 'jobs', 'name', '\n', 'stages', 'name', '\n', 'tasks', 'duration',
    ]);
    await wb.shot('completion-batch-file');
    assert.equal(text, `${CLUSTER_TEXT}jobs:\n  - name: job1\n    stages:\n      - name: map\n        tasks:\n          - duration: 100ms`);
    await sleep(1500); // the format's diagnostics after 150 ms
    assert.equal(await wb.squiggles('error'), 0, 'the file written by completion has no error');
    await wb.closeEditor();
  });

  e2e('a streaming file written from an empty file with completion alone', { feature: 'diagnostics', timeout: 180_000 }, async () => {
    const text = await writeWithCompletion('new-streaming.sparkjob.yaml', [
      ...CLUSTER_STEPS, 'streaming', 'batchInterval', '\n', 'batches', '\n',
      'inputs', 'name', '>events', '\n', 'kind', '\n', 'recordsPerSecond', '\n', '<2',
      'outputs', 'name', '\n', 'stages', 'name', '\n', 'input', '\n', 'costPerRecord',
    ]);
    await wb.shot('completion-streaming-file');
    assert.equal(text, `${CLUSTER_TEXT}streaming:\n  batchInterval: 1s\n  batches: 20\n  inputs:\n    - name: events\n      kind: receiver\n`
      + '      recordsPerSecond: 10000\n  outputs:\n    - name: counts\n      stages:\n        - name: map\n          input: events\n'
      + '          costPerRecord: 20us');
    await sleep(1500);
    assert.equal(await wb.squiggles('error'), 0, 'the file written by completion has no error');
    await wb.closeEditor();
  });

  e2e('completion over a value already written replaces it whole', { feature: 'diagnostics' }, async () => {
    await wb.openFile(FILE);
    await wb.selectText('executor: "2"');
    await wb.press('End');
    await wb.complete('"1"');
    assert.match(await wb.visibleEditorText(), /executor: "1"\s*(#|$)/m);
    assert.doesNotMatch(await wb.visibleEditorText(), /"2"1"|"1""/);
    await wb.shot('completion-value-replaced');
    await wb.revertFile();
  });

  // -- the other items in the editor (issue 15) -------------------------------------------

  /** Item 4: three executors of 2 cores, tasks preferring exec:1 and exec:2, executor 2 crashes at 1500ms losing two tasks. */
  const STALL_FILE = ['version: 1', 'name: Two lost tasks prefer executors 1 and 2', 'cluster:', '  executors:',
    '    - { id: "1", host: node1, cores: 2 }', '    - { id: "2", host: node2, cores: 2 }', '    - { id: "3", host: node3, cores: 2 }',
    'jobs:', '  - name: j', '    stages:', '      - name: s', '        tasks:',
    ...['1', '1', '2', '2', '1', '2'].map((e) => `          - { duration: 3s, prefer: ["exec:${e}"] }`),
    'faults:', '  - { executor: "2", at: 1500ms, kind: crash }', ''].join('\n');

  e2e('item 4: a stall warning offers its reservation, and after Run Fault Sweep the advisor\'s two remedies', { feature: ['stallWarning', 'quickFix'], timeout: 180_000 }, async () => {
    writeFileSync(join(wb.workspace, 'stall.sparkjob.yaml'), STALL_FILE);
    await wb.openFromExplorer('stall.sparkjob.yaml');
    const own = /executor 2 fails at 1\.5 s.*2 re-run tasks wait/i;
    const row = await wb.gotoProblem(own, { timeout: 60_000 });
    assert.equal(row.code.replace(/\W/g, ''), 'SJ100', `code of "${row.text}"`);
    const before = await wb.quickFixTitles();
    wb.log(`quick fixes before the sweep: ${JSON.stringify(before)}`);
    assert.ok(before.some((t) => /^Reserve \d slots? on executor/.test(t)), `the stall warning offers a reservation: ${JSON.stringify(before)}`);
    await wb.closePanel();
    await wb.runCommand('Spark Recovery Lens: Run Fault Sweep');
    const t0 = Date.now();
    let toast = [];
    while (!toast.some((n) => /Fault sweep of stall\.sparkjob\.yaml/.test(n)) && Date.now() - t0 < 90_000) { await sleep(500); toast = await wb.notifications(); }
    const advice = toast.find((n) => /Fault sweep of stall\.sparkjob\.yaml/.test(n)) ?? '';
    assert.match(advice, /Reserve 2 slots on executors 1 and 2/, `the notification's advice: ${JSON.stringify(toast)}`);
    await wb.shot('item4-sweep-advice');
    await wb.dismissNotifications();
    await wb.gotoProblem(own);
    const after = await wb.quickFixTitles();
    wb.log(`quick fixes after the sweep: ${JSON.stringify(after)}`);
    assert.ok(after.some((t) => /^Reserve 2 slots on executors 1 and 2\b/.test(t)), `the reservation the notification names: ${JSON.stringify(after)}`);
    assert.ok(after.some((t) => /^Set spark\.locality\.wait to /.test(t)), `and the shorter locality wait: ${JSON.stringify(after)}`);
    await wb.press('Mod+.');
    await sleep(500);
    await wb.shot('item4-quick-fixes-after-sweep');
    await wb.press('Escape');
    await wb.closePanel();
    await wb.closeEditor();
  });

  e2e('item 13: a receiver that takes the only core: one error, at the receiver', { feature: 'diagnostics' }, async () => {
    const text = ['version: 1', 'cluster:', '  executors:', '    - { id: "1", host: node1, cores: 1 }', 'streaming:', '  batchInterval: 1s',
      '  batches: 4', '  inputs:', '    - { name: events, kind: receiver, recordsPerSecond: 100 }', '  outputs:', '    - name: o', '      stages:',
      '        - { name: map, input: events, costPerRecord: 50us }', ''].join('\n');
    writeFileSync(join(wb.workspace, 'receiver.sparkjob.yaml'), text);
    await wb.openFromExplorer('receiver.sparkjob.yaml');
    const row = await wb.waitForProblem(/holds the only task slot/, { timeout: 60_000 });
    assert.equal(row.severity, 'error');
    assert.match(row.position, /Ln 9, Col 7\b/, `at the receiver's entry: ${row.position}`);
    const rows = (await wb.problems()).filter((r) => /receiver\.sparkjob/.test(r.ariaLabel ?? '') || /slot|batch/i.test(r.message));
    assert.equal(rows.filter((r) => /holds the only task slot/.test(r.message)).length, 1, `one diagnostic, not one per batch: ${JSON.stringify(rows.map((r) => r.text))}`);
    await wb.shot('item13-receiver-only-slot');
    await wb.closePanel();
    await wb.closeEditor();
  });

  e2e('item 11: hover on a microsecond duration shows it in microseconds and per task', { feature: 'hover' }, async () => {
    await wb.openFile('streaming-receiver.sparkjob.yaml');
    const text = await wb.hoverText('50us', { context: 'costPerRecord: 50us', expect: /µs|us/ });
    wb.log(`hover: ${text.replace(/\s+/g, ' ')}`);
    assert.match(text, /50 ?(µs|us)/);
    assert.doesNotMatch(text, /(^|\s)0 ms\b/, 'not "0 ms"');
    assert.match(text, /task/i, 'what it means per task');
    await wb.shot('item11-hover-microseconds');
    await wb.unhover();
  });

  e2e('item 12: an empty file offers a starter job as a quick fix', { feature: ['diagnostics', 'quickFix'] }, async () => {
    writeFileSync(join(wb.workspace, 'empty.sparkjob.yaml'), '');
    await wb.openFromExplorer('empty.sparkjob.yaml');
    await wb.gotoProblem(/the file is empty/, { timeout: 30_000 });
    await wb.activeTab('empty.sparkjob.yaml'); // Ln 1 is where any editor's cursor may be: the problem's file is in front
    // no second Ctrl+.: the file's analysis used to set its one diagnostic again and cancel the first
    const offered = await wb.quickFix({ title: /starter streaming/i, retry: false });
    assert.ok(offered.some((t) => /starter batch/i.test(t)), `both starters offered: ${JSON.stringify(offered)}`);
    await wb.waitDirty(true);
    await wb.save();
    assert.match(wb.readWorkspaceFile('empty.sparkjob.yaml'), /^streaming:/m);
    await wb.waitForProblem(/the file is empty/, { absent: true });
    await sleep(1500);
    assert.equal(await wb.squiggles('error'), 0, 'the starter has no error');
    await wb.shot('item12-starter-job');
    await wb.closePanel();
    await wb.closeEditor();
  });

  e2e('item 9: a broken file marks the open timeline out of date; the tab keeps its title', { feature: 'openTimeline', timeout: 150_000 }, async () => {
    await wb.openFile(FILE);
    await wb.runCommand('Spark Recovery Lens: Open Timeline');
    await wb.acceptQuickInputs();
    const frame = await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 45_000 });
    const tab = `Timeline: ${FILE}`;
    assert.ok(await wb.page.locator('.tabs-container .tab').filter({ hasText: tab }).count() > 0, `the tab is "${tab}"`);
    await wb.press('Mod+1'); // back to the file, the timeline stays open beside it
    await wb.replaceText('1100ms', '2.5s');
    await wb.waitForProblem(/2500ms/, { timeout: 30_000 });
    const banner = frame.locator('.stale-banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await banner.innerText(), /Out of date/);
    assert.ok(await frame.locator('.bar, canvas[data-bars]').count() > 0, 'the last good run stays on screen');
    await wb.shot('item9-timeline-out-of-date');
    await wb.revertFile();
    await banner.waitFor({ state: 'hidden', timeout: 45_000 });
    assert.ok(await wb.page.locator('.tabs-container .tab').filter({ hasText: tab }).count() > 0, `the tab is still "${tab}"`);
    await wb.shot('item9-timeline-current-again');
    await wb.closePanel();
    await wb.closeTab('Timeline');
  });

  e2e('items 8 and 12: a new what-if fault comes into view from a zoomed timeline; Export JSON writes that what-if and offers Open', { feature: ['simulateFault', 'openTimeline'], timeout: 180_000 }, async () => {
    await wb.openFile(FILE);
    const simulate = async (executor, at, kind) => {
      await wb.runCommand('Spark Recovery Lens: Simulate Fault...');
      await wb.answerQuickInput(executor);
      const title = (t) => wb.quickInput.locator('.quick-input-title', { hasText: t }).waitFor({ state: 'visible' });
      await title(`when does executor ${executor} fail?`);
      await wb.answerQuickInput(at);
      await title(`Simulate Fault: executor ${executor} at `);
      await wb.answerQuickInput(kind, { pick: new RegExp(`^${kind}`, 'i') });
    };
    await simulate('2', '1250ms', 'crash');
    const frame = await wb.waitForWebview('.bar', { timeout: 45_000 });
    const domain = async () => (await frame.locator('#stage').getAttribute('data-domain')).split(',').map(Number);
    // zoom in as a person would (the toolbar's +), away from 0-500 ms
    await frame.locator('#zoom-in').click();
    await frame.locator('#zoom-in').click();
    for (let i = 0; i < 6; i++) await frame.locator('#stage').press('ArrowRight');
    await sleep(500);
    const [z0, z1] = await domain();
    assert.ok(z0 > 300, `zoomed away from 300 ms: [${z0}, ${z1}]`);
    await wb.shot('item8-zoomed');
    await wb.press('Mod+1');
    await simulate('1', '300ms', 'hang');
    // the timeline follows the answers (executor, time, then kind): wait for the last one
    await frame.locator('.summary', { hasText: /Executor 1 hung at 300 ms/ }).waitFor({ timeout: 45_000 });
    const d = await domain();
    assert.ok(d[0] <= 300 && d[1] >= 300, `the new fault at 300 ms is in view: [${d[0]}, ${d[1]}]`);
    await wb.shot('item8-new-fault-in-view');
    // Export JSON: what the timeline shows (the what-if), and a notification with Open
    await wb.press('Mod+1');
    await wb.runCommand('Spark Recovery Lens: Export Simulation Result (JSON)');
    const out = join(wb.workspace, 'whatif.result.json');
    // the save dialog comes after the export's simulation: answering earlier would type the path
    // into the palette while it closes (a fresh-clone CI run did)
    await wb.quickInput.locator('.quick-input-title', { hasText: 'Export Simulation Result (JSON)' }).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.answerQuickInput(out);
    const open = wb.page.locator('.notification-toast').filter({ hasText: 'Simulation result written to whatif.result.json' });
    await open.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await open.innerText(), /what-if: executor 1 hang at 300 ms/);
    await sleep(800); // the progress toast fades out
    await wb.shot('item12-export-notification');
    await open.locator('.monaco-button', { hasText: 'Open' }).click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'whatif.result.json' }).waitFor({ timeout: STEP_TIMEOUT_E2E });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(json.faults.map((f) => [f.executor, f.at, f.kind]), [['1', 300, 'hang']], 'the what-if, not the file\'s own fault');
    await wb.closeEditor();
    await wb.closeTab('Timeline');
  });

  e2e('typing 1.5s as a duration shows an error at that place (1500ms)', { feature: 'diagnostics' }, async () => {
    await wb.openFile(FILE);
    await wb.replaceText('1100ms', '1.5s');
    const row = await wb.waitForProblem(/1500ms/, { timeout: 30_000 });
    assert.equal(row.severity, 'error', `severity of "${row.text}"`);
    // At that place: Problems points at the value on the submit line; going there puts the cursor
    // on it and shows a red squiggle.
    const lines = readFileSync(join(wb.workspace, FILE), 'utf8').split('\n');
    const ln = lines.findIndex((l) => l.includes('submit: 1100ms')) + 1;
    const col = lines[ln - 1].indexOf('1100ms') + 1;
    assert.match(row.position, new RegExp(`Ln ${ln}, Col ${col}\\b`), `position of "${row.text}" (expected Ln ${ln}, Col ${col})`);
    await wb.gotoProblem(/1500ms/);
    const pos = await wb.cursorPosition(); // VS Code selects the problem's range
    assert.equal(pos?.line, ln, `cursor line ${JSON.stringify(pos)}`);
    assert.equal(pos.col - pos.selected, col, `cursor at the value ${JSON.stringify(pos)}`);
    assert.match(await wb.visibleEditorText(), /submit: 1\.5s/);
    assert.ok((await wb.squiggles('error')) > 0, 'an error squiggle is drawn');
    const hover = await wb.hoverText('1.5s', { context: 'submit: 1.5s', expect: /1500ms/ });
    assert.match(hover, /1500ms/);
    await wb.shot('duration-1.5s-error');
    await wb.unhover();
    await wb.closePanel();
    await wb.revertFile();
  });

  e2e('Import Spark Event Log... (F1): the job file opens and the timeline shows the real run with a wait', { feature: 'importEventLog', timeout: 150_000 }, async (_wb, t) => {
    if (!existsSync(join(EVENTLOGS, LOSS_LOG))) {
      t.skip(`no ${EVENTLOGS}`);
      return;
    }
    const log = join(wb.workspace, 'loss.zstd');
    copyFileSync(join(EVENTLOGS, LOSS_LOG), log);
    await wb.openFile(FILE); // the extension host is up (as after the cases before)
    await wb.runCommand('Spark Recovery Lens: Import Spark Event Log...');
    // the open dialog (code-server's own: a path box), not the palette that is closing
    await wb.quickInput.locator('.quick-input-title', { hasText: 'Import Spark Event Log' }).waitFor({ state: 'visible' });
    await wb.shot('import-asks-for-a-log');
    await wb.answerQuickInput(log);
    const frame = await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 120_000 });
    await wb.shot('import-opened');
    assert.ok(existsSync(join(wb.workspace, 'loss.sparkjob.yaml')), 'the job file is written beside the log');
    assert.match(readFileSync(join(wb.workspace, 'loss.sparkjob.yaml'), 'utf8'), /^jobs:/m);
    assert.ok((await wb.page.locator('.tab', { hasText: 'loss.sparkjob.yaml' }).count()) > 0, 'the job file is open in a tab');
    const text = await frame.locator('body').innerText();
    assert.match(text, /Real run/, 'the timeline names the real run');
    assert.match(text, /Simulated/, 'beside the simulation of the imported file');
    const bars = await frame.locator('.bar').count();
    const canvasBars = Number(await frame.locator('canvas[data-bars]').first().getAttribute('data-bars', { timeout: 1000 }).catch(() => 0) ?? 0);
    assert.ok(bars + canvasBars > 0, `task bars drawn (svg .bar: ${bars}, canvas data-bars: ${canvasBars})`);
    const wait = frame.locator('g.wait rect.wait-band').first();
    await wait.waitFor({ state: 'attached', timeout: 30_000 });
    assert.match(text, /waited/, 'the summary counts the waits');
    await wb.shot('import-real-run-wait');
    await wb.closeTab('Timeline');
    await wb.closeEditor();
  });

  e2e('importing the same log again asks before replacing the job file; Save As... writes where you say', { feature: 'importEventLog', timeout: 150_000 }, async (_wb, t) => {
    const log = join(wb.workspace, 'loss.zstd');
    const job = join(wb.workspace, 'loss.sparkjob.yaml');
    if (!existsSync(log) || !existsSync(job)) {
      t.skip('needs the import case before it (its log and job file)');
      return;
    }
    writeFileSync(job, '# edited by hand\n');
    await wb.openFile(FILE);
    await wb.runCommand('Spark Recovery Lens: Import Spark Event Log...');
    await wb.quickInput.locator('.quick-input-title', { hasText: 'Import Spark Event Log' }).waitFor({ state: 'visible' });
    await wb.answerQuickInput(log);
    // the modal question (code-server draws it in the page), once the worker has read the log
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 120_000 });
    assert.match(await dialog.innerText(), /loss\.sparkjob\.yaml already exists\. Replace it with the imported job\?/);
    await wb.shot('import-asks-before-replacing');
    assert.equal(readFileSync(job, 'utf8'), '# edited by hand\n', 'nothing written before the answer');
    await dialog.locator('.monaco-button', { hasText: 'Save As...' }).click();
    const other = join(wb.workspace, 'loss-again.sparkjob.yaml');
    await wb.quickInput.locator('.quick-input-box input').waitFor({ state: 'visible' });
    await wb.shot('import-save-as');
    await wb.answerQuickInput(other);
    await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 60_000 });
    await wb.page.locator('.tab', { hasText: 'loss-again.sparkjob.yaml' }).first().waitFor({ timeout: 15_000 });
    await wb.shot('import-saved-as');
    assert.match(readFileSync(other, 'utf8'), /^jobs:/m, 'the job file is written where the user said');
    assert.equal(readFileSync(job, 'utf8'), '# edited by hand\n', 'the existing file is kept');
    await wb.closeTab('Timeline');
    await wb.closeEditor();
  });

  e2e('a log in a folder that cannot be written to: a save dialog says so and asks where the job file goes', { feature: 'importEventLog', timeout: 150_000 }, async (_wb, t) => {
    if (!existsSync(join(EVENTLOGS, LOSS_LOG))) {
      t.skip(`no ${EVENTLOGS}`);
      return;
    }
    const dir = join(wb.workspace, 'history');
    mkdirSync(dir);
    const log = join(dir, 'loss.zstd');
    copyFileSync(join(EVENTLOGS, LOSS_LOG), log);
    // read-only for anyone: no write permission, and immutable (root ignores permissions)
    chmodSync(dir, 0o555);
    const immutable = process.getuid?.() === 0 && spawnSync('chattr', ['+i', dir]).status === 0;
    try {
      if (process.getuid?.() === 0 && !immutable) {
        t.skip('running as root without chattr: the folder cannot be made read-only');
        return;
      }
      await wb.openFile(FILE);
      await wb.runCommand('Spark Recovery Lens: Import Spark Event Log...');
      const open = wb.quickInput.locator('.quick-input-title', { hasText: 'Import Spark Event Log' });
      await open.waitFor({ state: 'visible' });
      // the dialog lists the folder it opened in (with the new history/) and resets its path box
      // once that listing is in: answer after it
      await wb.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
      await new Promise((r) => setTimeout(r, 1000));
      await wb.answerQuickInput(log);
      await new Promise((r) => setTimeout(r, 2000));
      if (await open.isVisible().catch(() => false)) await wb.answerQuickInput(log);
      const title = wb.quickInput.locator('.quick-input-title', { hasText: 'Cannot write beside the log' });
      await title.waitFor({ state: 'visible', timeout: 120_000 });
      await wb.shot('import-read-only-folder-save-dialog');
      const other = join(wb.workspace, 'from-read-only.sparkjob.yaml');
      await wb.answerQuickInput(other);
      await wb.waitForWebview('.bar, canvas[data-bars]', { timeout: 60_000 });
      await wb.page.locator('.tab', { hasText: 'from-read-only.sparkjob.yaml' }).first().waitFor({ timeout: 15_000 });
      await wb.shot('import-read-only-saved');
      assert.ok(!existsSync(join(dir, 'loss.sparkjob.yaml')), 'nothing beside the log');
      assert.match(readFileSync(other, 'utf8'), /^jobs:/m, 'the job file is where the user said');
      await wb.closeTab('Timeline');
      await wb.closeEditor();
    } finally {
      if (immutable) spawnSync('chattr', ['-i', dir]);
      chmodSync(dir, 0o755);
    }
  });
});
