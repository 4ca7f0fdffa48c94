// The status bar item: the worst recovery latency of the active job file (its own faults in the
// last simulation, and the fault sweep when it ran). Click: open the timeline.
import * as vscode from 'vscode';
import { fmtMs } from '../engine/analysis/format';
import { isJobDocument } from './convert';
import { md } from './core/markdown';
import { recoveryHeadline } from './core/recoveryStatus';
import type { DocStore } from './docState';

export class RecoveryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sparkRecoveryLens.recovery', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly store: DocStore) {
    this.item.name = 'Spark Recovery Lens';
    this.item.command = 'sparkRecoveryLens.openTimeline';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      store.onDidChange((uri) => {
        if ((vscode.window.activeTextEditor?.document ?? this.shown)?.uri.toString() === uri.toString()) this.update();
      }),
    );
    this.update();
  }

  /** the job document shown: the active editor's, or the last one while a webview (the timeline) has focus */
  private shown: vscode.TextDocument | undefined;

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (isJobDocument(editor?.document)) this.shown = editor.document;
    else if (editor || this.shown?.isClosed) this.shown = undefined;
    const doc = this.shown;
    if (!doc) {
      this.item.hide();
      return;
    }
    const state = this.store.get(doc.uri);
    const result = state?.analysis?.result;
    const primary = result?.primary;
    // theme icons only: no HTML, no command links (job-file strings go in through md())
    const tip = new vscode.MarkdownString('', true);
    tip.isTrusted = false;
    tip.supportHtml = false;
    if (state && state.parse.diagnostics.some((d) => d.severity === 'error')) {
      this.item.text = '$(error) Recovery: fix errors';
      tip.appendMarkdown('The job definition has errors; nothing is simulated until they are fixed.');
    } else if (!primary) {
      this.item.text = state?.busy !== false ? '$(sync~spin) Recovery…' : '$(pulse) Recovery: –';
      tip.appendMarkdown(result ? `Not simulated: ${md(result.diagnostics[0]?.message ?? result.status)}` : 'Simulating…');
    } else {
      const sweepWorst = result?.sweep?.worstRecoveryMs ?? null;
      const head = recoveryHeadline(primary, sweepWorst, result?.sweep?.findings.some((f) => f.stalled) ?? false);
      this.item.text = `${head.stalled ? '$(warning)' : '$(pulse)'} ${head.text}${state?.busy ? ' $(sync~spin)' : ''}`;
      tip.appendMarkdown('**Spark Recovery Lens** — worst recovery latency\n\n');
      for (const f of primary.faults) {
        const receivers = (f.lostReceivers ?? []).map((r) => `receiver ${md(r.receiver)} ${r.relaunchedAt === null ? 'not relaunched' : `relaunched at ${fmtMs(r.relaunchedAt)}`}`);
        tip.appendMarkdown(`- executor ${md(f.executor)} ${f.kind} at ${fmtMs(f.at)}: `
          + `${f.lostTasks.length === 0 ? (receivers.length ? receivers.join(', ') : 'no task lost') : f.recoveryLatency === null ? 'never recovers' : `recovery ${fmtMs(f.recoveryLatency)}`}`
          + `${f.stalled ? `, **stalls ${fmtMs(f.localityWait)}** waiting for a local slot` : ''} (lower bound ${fmtMs(f.lowerBoundMs)})\n`);
      }
      if (sweepWorst !== null) tip.appendMarkdown(`\nFault sweep: worst recovery ${fmtMs(sweepWorst)} over ${result!.sweep!.faultsTried} faults\n`);
      if (!primary.faults.length && sweepWorst === null) tip.appendMarkdown('The file injects no fault (`faults:`); run **Simulate Fault...** or **Run Fault Sweep**.\n');
      tip.appendMarkdown('\nClick to open the timeline.');
    }
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
