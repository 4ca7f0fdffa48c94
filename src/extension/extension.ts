// Activation: wires the pieces (rust-analyzer's main.ts). Logic lives in core/ (no vscode);
// each file here is glue for one editor feature.
//
// VS Code has no activation event for a file name pattern, so `onLanguage:yaml` (in package.json,
// next to `workspaceContains:**/*.sparkjob.yaml`) activates the extension for any YAML file, e.g.
// a *.sparkjob.yaml opened outside such a workspace. Activation is therefore cheap: it registers
// the commands and the timeline's serializer and listens for documents; everything else (output
// channel, workers, diagnostics, providers, status bar) starts when the first job document
// appears, a command runs or a timeline is restored.
import * as vscode from 'vscode';
import { AnalysisController } from './analysisController';
import { registerCommands, type CommandDeps } from './commands';
import { readFileSync } from 'node:fs';
import { findReadme, isJobDocument, learnCodeLines } from './convert';
import { DocStore } from './docState';
import { registerProviders } from './providers';
import { SimClient } from './simClient';
import { RecoveryStatusBar } from './statusBar';
import { TimelineController } from './timelineController';
import { trackEventLogEditors } from './importCommand';
import { registerTimelineSerializer, type TimelineHost } from './timelinePanel';

/** Whether the extension has started its services (for tests: activation alone must not). */
export let started = false;

export function activate(context: vscode.ExtensionContext): void {
  let deps: CommandDeps | undefined;
  const start = (): CommandDeps => (deps ??= startServices(context));
  const watch = vscode.workspace.onDidOpenTextDocument((d) => {
    if (isJobDocument(d)) start();
  });
  context.subscriptions.push(
    watch,
    ...registerCommands(start),
    registerTimelineSerializer(context.extensionUri, lazyHost(() => start().timeline)),
    trackEventLogEditors(),
  );
  if (vscode.workspace.textDocuments.some(isJobDocument)) start();
}

/** The timeline's host, started on first use (a panel restored after a reload). */
function lazyHost(get: () => TimelineHost): TimelineHost {
  return {
    revealTask: (uri, task) => get().revealTask(uri, task),
    exportView: (m, uri) => get().exportView(m, uri),
    requestComparison: (uri, policy) => get().requestComparison(uri, policy),
    restore: (panel, uri) => get().restore(panel, uri),
    log: (line) => get().log(line),
  };
}

function startServices(context: vscode.ExtensionContext): CommandDeps {
  started = true;
  const output = vscode.window.createOutputChannel('Spark Recovery Lens');
  const log = (line: string) => output.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'simWorker.js').fsPath;
  // the README's line of each diagnostic code, for the codes' links (a few KiB, read once)
  const readme = findReadme((name) => readFileSync(vscode.Uri.joinPath(context.extensionUri, name).fsPath, 'utf8'));
  if (readme) learnCodeLines(readme.text, readme.name);
  else log('README.md not readable: diagnostic codes link to it without a line');
  // one worker each (started on demand): typing never cancels what a command started, a
  // timeline refresh never cancels a fault sweep, an export never cancels a sweep, and the reverse
  const background = new SimClient(workerPath, log);
  const interactive = new SimClient(workerPath, log);
  const exporter = new SimClient(workerPath, log);
  const timelineRuns = new SimClient(workerPath, log);
  // small requests about huge documents (a task's range, the cluster, a quick fix's edits)
  const helper = new SimClient(workerPath, log);
  const store = new DocStore();
  const controller = new AnalysisController(store, background, context.extensionUri, log);
  const timeline = new TimelineController(context.extensionUri, store, controller, timelineRuns, log, helper);
  let lastJobDocument: vscode.TextDocument | undefined = vscode.window.activeTextEditor?.document;
  if (!isJobDocument(lastJobDocument)) lastJobDocument = undefined;

  context.subscriptions.push(
    output,
    ...[background, interactive, exporter, timelineRuns, helper].map((c) => ({ dispose: () => c.dispose() })),
    store,
    controller,
    timeline,
    new RecoveryStatusBar(store),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isJobDocument(e?.document)) lastJobDocument = e.document;
    }),
    ...registerProviders(store, controller, helper),
  );
  log(`started (worker ${workerPath})`);
  return {
    store, controller, interactive, exporter, helper, timeline, log, showOutput: () => output.show(true), lastJobDocument: () => lastJobDocument,
    extensionUri: context.extensionUri,
  };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
