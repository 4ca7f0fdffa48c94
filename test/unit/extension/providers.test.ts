// The thin glue of hover, completion, quick fixes and code lenses, against the vscode double:
// offsets become ranges, FixData becomes an undoable WorkspaceEdit matched to its diagnostic.
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

vi.mock('vscode', () => import('./vscodeDouble'));

import * as vscode from './vscodeDouble';
import { AnalysisController } from '../../../src/extension/analysisController';
import { DocStore } from '../../../src/extension/docState';
import { registerProviders } from '../../../src/extension/providers';
import { runAnalysis } from '../../../src/extension/core/analysis';
import { applyEdits } from '../../../src/extension/core/yamlEdit';
import type { SimClient } from '../../../src/extension/simClient';

const PAPER = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');

async function setup(text = PAPER, helper?: SimClient) {
  vi.useFakeTimers();
  const doc = new vscode.TextDocument(vscode.Uri.file('/ws/paper.sparkjob.yaml'), text);
  vscode.workspace.textDocuments = [doc];
  const client = {
    run: async (text: string, options: never) => ({ kind: 'result', result: runAnalysis(text, options), elapsedMs: 1 }),
    cancel() {},
  } as unknown as SimClient;
  const store = new DocStore();
  const controller = new AnalysisController(store, client, vscode.Uri.file('/ext') as never, () => {});
  registerProviders(store, controller, helper);
  await vi.advanceTimersByTimeAsync(2000);
  vi.useRealTimers();
  const collection = vscode.collections[vscode.collections.length - 1];
  return { doc, store, controller, collection };
}

const pos = (doc: vscode.TextDocument, text: string, delta = 0) => doc.positionAt(doc.getText().indexOf(text) + delta);

describe('providers', () => {
  it('quick fix: the stall warning gets the preferred reserve-a-slot edit', async () => {
    const { doc, collection, controller } = await setup();
    const stall = collection.get(doc.uri)!.find((d) => (d.code as { value: string }).value === 'SJ100')!;
    // the editor hands back a copy of the diagnostic
    const copy = Object.assign(new vscode.Diagnostic(stall.range, stall.message, stall.severity), { code: stall.code });
    const actions = registered().codeActions.provideCodeActions(doc, stall.range, { diagnostics: [copy] }) as vscode.CodeAction[];
    expect(actions.map((a) => [a.title, a.isPreferred, a.kind?.value])).toEqual([
      ['Reserve 1 slot on executor 1 for re-run tasks (recovery: reserved-slots)', true, 'quickfix'],
    ]);
    expect(actions[0].diagnostics).toEqual([copy]);
    const edits = actions[0].edit!.edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText }));
    expect(applyEdits(PAPER, edits)).toBe(PAPER.replace('recovery:\n  policy: spark\n', 'recovery:\n  policy: reserved-slots\n'));
    // a diagnostic that is not ours gets nothing
    expect(registered().codeActions.provideCodeActions(doc, stall.range, { diagnostics: [new vscode.Diagnostic(stall.range, 'other', 1)] })).toEqual([]);
    controller.dispose();
  });

  it('hover and completion ranges are the document\'s', async () => {
    const { doc, controller } = await setup();
    const hover = registered().hover.provideHover(doc, pos(doc, '1250ms', 2)) as vscode.Hover;
    expect(hover.contents.value).toContain('**1250 ms** (1.25 s)');
    expect(hover.range).toEqual(new vscode.Range(pos(doc, '1250ms'), pos(doc, '1250ms', 6)));
    const items = registered().completion.provideCompletionItems(doc, pos(doc, 'kind: crash', 8)) as vscode.CompletionItem[];
    expect(items.map((i) => i.label)).toEqual(['crash', 'hang', 'node', 'decommission']);
    // the value written is replaced whole (a choice over `crash` must not leave `ash` behind)
    expect(items[0].range).toEqual(new vscode.Range(pos(doc, 'kind: crash', 6), pos(doc, 'kind: crash', 11)));
    controller.dispose();
  });

  it('code lenses carry their command and the document', async () => {
    const { doc, controller } = await setup();
    const lenses = registered().codeLens.provideCodeLenses(doc) as vscode.CodeLens[];
    const titles = lenses.map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    expect(titles).toContain(`${pos(doc, '{ id: "2"').line + 1}: Simulate fault here`);
    expect(titles).toContain(`${pos(doc, 'faults:').line + 1}: Open timeline`);
    expect(titles.some((t) => /: worst stall \d+ ms$/.test(t))).toBe(true);
    const sim = lenses.find((l) => l.command!.title === 'Simulate fault here')!;
    expect(sim.command).toMatchObject({ command: 'sparkRecoveryLens.simulateFault', arguments: [{ uri: doc.uri.toString(), executor: '1' }] });
    controller.dispose();
  });
});

describe('providers on a huge document', () => {
  it('offer quick fix titles at once and compute the edit only when one is chosen; no lenses, light hovers', async () => {
    const huge = `${'# padding to make the file huge\n'.repeat(5_000)}${PAPER}`;
    // the YAML of a huge file is parsed in the helper worker, not on the extension host
    const asked: unknown[] = [];
    const helper = { run: async (text: string, options: { quickFix?: unknown }) => {
      asked.push(options.quickFix);
      return { kind: 'result', result: runAnalysis(text, options as never), elapsedMs: 1 };
    } } as unknown as SimClient;
    const { doc, collection, controller } = await setup(huge, helper);
    const stall = collection.get(doc.uri)!.find((d) => (d.code as { value: string }).value === 'SJ100')!;
    const [action] = registered().codeActions.provideCodeActions(doc, stall.range, { diagnostics: [stall] }) as vscode.CodeAction[];
    expect(action.title).toBe('Reserve 1 slot on executor 1 for re-run tasks (recovery: reserved-slots)');
    expect(action.edit).toBeUndefined();
    await registered().codeActions.resolveCodeAction(action);
    expect(asked).toEqual([{ range: expect.anything(), fix: { kind: 'reserveSlots', executors: ['1'], slots: 1 } }]);
    const edits = action.edit!.edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText }));
    expect(applyEdits(huge, edits)).toBe(huge.replace('recovery:\n  policy: spark\n', 'recovery:\n  policy: reserved-slots\n'));
    expect(registered().codeLens.provideCodeLenses(doc)).toEqual([]);
    expect(registered().hover.provideHover(doc, pos(doc, '1250ms', 2))).toBeUndefined();
    expect((registered().hover.provideHover(doc, pos(doc, '  spark.locality.wait:', 5)) as vscode.Hover).contents.value).toContain('**spark.locality.wait**');
    controller.dispose();
  });
});

function registered() {
  return vscode.registered;
}

describe('hover Markdown from an untrusted job file', () => {
  const PAYLOAD = '![t](https://evil.example/p.png)';

  it('escapes job-file strings: no image, no link, no HTML; the MarkdownString is untrusted', async () => {
    const text = PAPER
      .replace('prefer: ["host:node2", "host:node1"]', `prefer: ["host:${PAYLOAD}", "host:node1"]`)
      .replace('{ id: "3", host: node3, cores: 1 }', `{ id: "3", host: "<img src=x>${PAYLOAD}", cores: 1 }`);
    const { doc } = await setup(text);
    for (const at of [pos(doc, `host:${PAYLOAD}`, 3), pos(doc, '{ id: "3"', 3)]) {
      const hover = registered().hover.provideHover(doc, at) as vscode.Hover;
      const m = hover.contents as vscode.MarkdownString & { isTrusted?: boolean; supportHtml?: boolean };
      expect(m.value).toContain('evil');
      expect(m.value).not.toContain('![t](');
      expect(m.value).not.toContain('](https://');
      expect(m.value).not.toMatch(/(^|[^\\])<img/);
      expect(m.isTrusted).toBe(false);
      expect(m.supportHtml).toBe(false);
    }
  });

  it('md() keeps the text readable and literal', async () => {
    const { md } = await import('../../../src/extension/core/markdown');
    expect(md('J-alpha/map/1')).toBe('J-alpha/map/1');
    expect(md(PAYLOAD)).toBe('\\!\\[t\\]\\(https\\://evil.example/p.png\\)');
    expect(md('a\n# b')).toBe('a \\# b');
    expect(md('- x')).toBe('\\- x');
  });
});
