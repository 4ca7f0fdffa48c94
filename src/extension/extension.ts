// Activation: wires the pieces (rust-analyzer's main.ts). Logic lives in core/ (no vscode);
// each file here is glue for one editor feature.
import * as vscode from 'vscode';
import { AnalysisController } from './analysisController';
import { registerCommands } from './commands';
import { isJobDocument } from './convert';
import { DocStore } from './docState';
import { registerProviders } from './providers';
import { SimClient } from './simClient';
import { RecoveryStatusBar } from './statusBar';
import { TimelineController } from './timelineController';
import { registerTimelineSerializer } from './timelinePanel';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Spark Recovery Lens');
  const log = (line: string) => output.appendLine(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'simWorker.js').fsPath;
  // one worker each (started on demand): typing never cancels what a command started, a
  // timeline refresh never cancels a fault sweep, and the reverse
  const background = new SimClient(workerPath, log);
  const interactive = new SimClient(workerPath, log);
  const timelineRuns = new SimClient(workerPath, log);
  const store = new DocStore();
  const controller = new AnalysisController(store, background, context.extensionUri, log);
  const timeline = new TimelineController(context.extensionUri, store, controller, timelineRuns, log);
  let lastJobDocument: vscode.TextDocument | undefined = vscode.window.activeTextEditor?.document;
  if (!isJobDocument(lastJobDocument)) lastJobDocument = undefined;

  context.subscriptions.push(
    output,
    { dispose: () => background.dispose() },
    { dispose: () => interactive.dispose() },
    { dispose: () => timelineRuns.dispose() },
    store,
    controller,
    timeline,
    new RecoveryStatusBar(store),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (isJobDocument(e?.document)) lastJobDocument = e.document;
    }),
    ...registerProviders(store, controller),
    ...registerCommands({
      store, controller, interactive, timeline, log, showOutput: () => output.show(true), lastJobDocument: () => lastJobDocument,
    }),
    registerTimelineSerializer(context.extensionUri, timeline),
  );
  log(`activated (worker ${workerPath})`);
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
