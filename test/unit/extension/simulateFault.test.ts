// Simulate Fault... against the vscode double: the questions it asks and the what-if fault each
// answer puts on the timeline, decommission (with its notice) included.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

vi.mock('vscode', () => import('./vscodeDouble'));

import * as vscode from './vscodeDouble';
import { registerCommands, type CommandDeps } from '../../../src/extension/commands';
import { parseJobFile, type FaultSpec } from '../../../src/format';
import { simulate } from '../../../src/engine';

const SPOT = readFileSync('examples/spot-decommission.sparkjob.yaml', 'utf8');
const PAPER = readFileSync('examples/paper-fig2.sparkjob.yaml', 'utf8');

/** Registers the commands with a store holding the file's parse and fault-free run; returns what the timeline was asked to show. */
function setUp(text: string): { doc: vscode.TextDocument; opened: FaultSpec[][] } {
  vscode.reset();
  const doc = new vscode.TextDocument(vscode.Uri.file('/ws/job.sparkjob.yaml'), text);
  vscode.window.activeTextEditor = { document: doc };
  vscode.workspace.textDocuments = [doc];
  const model = parseJobFile(text).model!;
  const primary = simulate({ ...model, faults: [] });
  const opened: FaultSpec[][] = [];
  const deps = {
    store: { get: () => ({ analysis: { result: { status: 'ok', primary, diagnostics: [] } } }) },
    controller: { refreshNow: () => ({ parse: { model } }) },
    timeline: { open: (_d: unknown, o: { faults: FaultSpec[] }) => { opened.push(o.faults); return Promise.resolve(true); } },
    log: (l: string) => { throw new Error(l); },
    lastJobDocument: () => undefined,
  } as unknown as CommandDeps;
  registerCommands(() => deps);
  return { doc, opened };
}

const run = (doc: vscode.TextDocument, executor: string) =>
  vscode.commands.executeCommand('sparkRecoveryLens.simulateFault', { uri: doc.uri.toString(), executor }) as Promise<void>;

describe('Simulate Fault...', () => {
  beforeEach(() => vscode.reset());

  it('offers decommission, asks its notice, and shows the decommission with it', async () => {
    const { doc, opened } = setUp(SPOT);
    vscode.promptAnswers.inputs.push('70s', '30s');
    vscode.promptAnswers.picks.push('decommission');
    await run(doc, '2');
    const pick = vscode.prompts.find((p) => p.kind === 'pick')!;
    expect(pick.items!.map((i) => i.label)).toEqual(['crash', 'hang', 'node', 'decommission']);
    // the file turns decommissioning on: the item says what the notice does
    expect(pick.items![3].description).toContain('it drains, migrates its blocks');
    const notice = vscode.prompts.filter((p) => p.kind === 'input')[1];
    expect(notice).toMatchObject({ title: 'Simulate Fault: executor 2 decommissioned at 1 min 10 s: when is it killed?', value: '2m' });
    expect(opened.at(-1)).toEqual([{ executor: '2', at: 70_000, kind: 'decommission', notice: 30_000 }]);
  });

  it('an empty notice is a decommission without a kill; a file without spark.decommission.enabled is told the notice is ignored', async () => {
    const { doc, opened } = setUp(PAPER);
    vscode.promptAnswers.inputs.push('1s', '');
    vscode.promptAnswers.picks.push('decommission');
    await run(doc, '1');
    expect(vscode.prompts.find((p) => p.kind === 'pick')!.items![3].description).toContain('spark.decommission.enabled is not true, so the executor ignores it');
    expect(opened.at(-1)).toEqual([{ executor: '1', at: 1000, kind: 'decommission' }]);
  });

  it('starts from the file\'s own decommission (kind first, its notice), and a crash drops the notice', async () => {
    const { doc, opened } = setUp(SPOT);
    vscode.promptAnswers.inputs.push('70s');
    vscode.promptAnswers.picks.push('crash');
    await run(doc, '3');
    expect(opened[0]).toEqual([{ executor: '3', at: 70_000, kind: 'decommission', notice: 120_000 }]);
    expect(vscode.prompts.find((p) => p.kind === 'pick')!.items![0].label).toBe('decommission');
    expect(opened.at(-1)).toEqual([{ executor: '3', at: 70_000, kind: 'crash' }]);
  });

  it('dismissing the notice keeps what is shown', async () => {
    const { doc, opened } = setUp(SPOT);
    vscode.promptAnswers.inputs.push('80s');
    vscode.promptAnswers.picks.push('decommission');
    await run(doc, '2');
    expect(opened.at(-1)).toEqual([{ executor: '2', at: 80_000, kind: 'crash' }]);
  });
});
