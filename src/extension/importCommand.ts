// Import Spark Event Log...: a log file or folder (picked, or the file open in the editor / the
// Explorer's item) is read in a worker with progress and cancel, its job definition is written
// beside it (never over an existing file without asking), opened, and the timeline shows the
// real run against the simulation of that file.
import * as vscode from 'vscode';
import { outputName } from '../cli/logInput';
import type { SimulationResult } from '../engine/result';
import type { CommandDeps } from './commands';
import { importInWorker } from './importClient';

/** First characters of a plain event log (Spark's listener events, Databricks' metadata line). */
const EVENT_LOG_HEAD = /^\s*\{\s*"Event"\s*:\s*"(SparkListener|DBCEventLoggingListenerMetadata|org\.apache\.spark\.)/;

export function looksLikeEventLog(doc: vscode.TextDocument | undefined): boolean {
  if (!doc || doc.lineCount === 0) return false;
  return EVENT_LOG_HEAD.test(doc.lineAt(0).text.slice(0, 200));
}

/** Keeps the context key of the editor title's import action in step with the active editor. */
export function trackEventLogEditors(): vscode.Disposable {
  const update = (e: vscode.TextEditor | undefined) =>
    void vscode.commands.executeCommand('setContext', 'sparkRecoveryLens.eventLogOpen', looksLikeEventLog(e?.document));
  update(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(update);
}

export async function importEventLog(deps: CommandDeps, arg: unknown): Promise<void> {
  const source = arg instanceof vscode.Uri ? arg : await pickLog();
  if (!source) return;
  if (source.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Import Spark Event Log: ${source.toString()} is not on the local file system.`);
    return;
  }
  const name = source.path.split('/').filter(Boolean).pop() ?? source.fsPath;
  const workerPath = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'importWorker.js').fsPath;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing event log ${name}`, cancellable: true },
    (progress, token) => {
      let reported = 0;
      return importInWorker(workerPath, source.fsPath, (read, total) => {
        if (total <= 0) return;
        const pct = Math.min(100, (100 * read) / total);
        progress.report({ increment: pct - reported, message: `${Math.round(read / 1e6)} of ${Math.round(total / 1e6)} MB read` });
        reported = pct;
      }, (cancel) => token.onCancellationRequested(cancel));
    });
  if (outcome.type === 'error') {
    if (outcome.cancelled) void vscode.window.showInformationMessage(`Import of ${name} cancelled.`);
    else void vscode.window.showErrorMessage(`Cannot import ${name}: ${outcome.message}`);
    return;
  }
  const s = outcome.summary;
  deps.log(`import ${name}: ${s.events} events (${s.codec}, ${s.container}), ${s.attempts} attempts, ${s.faults} losses, ${s.waits} waits, ${s.skippedLines} lines skipped, ${outcome.ms} ms`);
  const target = await chooseTarget(vscode.Uri.joinPath(source, '..', outputName(source.fsPath)));
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, Buffer.from(outcome.yaml, 'utf8'));
  } catch (e) {
    // beside a read-only log (a mounted history folder): ask where instead
    const other = await vscode.window.showSaveDialog({ defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, outputName(source.fsPath)) : undefined,
      filters: { 'Spark job': ['yaml'] }, title: `Cannot write beside the log (${e instanceof Error ? e.message : String(e)}): save the job file as` });
    if (!other) return;
    await vscode.workspace.fs.writeFile(other, Buffer.from(outcome.yaml, 'utf8'));
    return openResult(deps, other, outcome.real, s.skippedLines, s.complete);
  }
  return openResult(deps, target, outcome.real, s.skippedLines, s.complete);
}

async function openResult(deps: CommandDeps, target: vscode.Uri, real: SimulationResult, skipped: number, complete: boolean) {
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { preview: false });
  if (!complete) {
    void vscode.window.showWarningMessage(`The event log is incomplete${skipped ? ` (${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped)` : ' (no application end)'}: the job file describes what it holds.`);
  }
  await deps.timeline.open(doc, { real });
}

async function pickLog(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: 'Import',
    title: 'Import Spark Event Log: a log file, or a rolling eventlog_v2_* / Databricks folder',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** The default target, or where the user says when it exists (never overwritten without asking). */
async function chooseTarget(target: vscode.Uri): Promise<vscode.Uri | undefined> {
  const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
  if (!exists) return target;
  const name = target.path.split('/').pop();
  const answer = await vscode.window.showWarningMessage(`${name} already exists. Replace it with the imported job?`, { modal: true }, 'Replace', 'Save As...');
  if (answer === 'Replace') return target;
  if (answer !== 'Save As...') return undefined;
  return vscode.window.showSaveDialog({ defaultUri: target, filters: { 'Spark job': ['yaml'] }, saveLabel: 'Save job file' });
}
