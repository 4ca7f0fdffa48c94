// The timeline panel: one class owns the webview panel (createOrShow, revive after a reload via a
// WebviewPanelSerializer, dispose with a disposables array), as vscode-extension-samples'
// webview-sample does. No data goes into the HTML: the app posts `ready`, the host answers `show`.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { panelHtml } from '../../webview/index.html';
import { isWebviewMessage, type HostMessage, type ShowMessage, type WebviewMessage } from '../../webview/protocol';

export const TIMELINE_VIEW_TYPE = 'sparkRecoveryLens.timeline';

/** What the panel asks of the rest of the extension. */
export interface TimelineHost {
  revealTask(docUri: string, task: string): void;
  exportView(message: Extract<WebviewMessage, { type: 'export' }>, docUri: string | undefined): void;
  requestComparison(docUri: string, policy: 'spark' | 'reserved-slots'): void;
  /** a revived panel (after a reload) asks for its document's timeline again */
  restore(panel: TimelinePanel, docUri: string | undefined): void;
  log(line: string): void;
}

export function getNonce(): string {
  return randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(16, '0');
}

export class TimelinePanel {
  static current: TimelinePanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private last: ShowMessage | undefined;
  /** the document shown (the `id` of show messages) */
  docUri: string | undefined;

  static createOrShow(extensionUri: vscode.Uri, host: TimelineHost): TimelinePanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (TimelinePanel.current) {
      TimelinePanel.current.panel.reveal(column, true);
      return TimelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, 'Recovery timeline',
      { viewColumn: column, preserveFocus: true }, webviewOptions(extensionUri));
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, host);
    return TimelinePanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, host: TimelineHost, state: unknown): void {
    panel.webview.options = webviewOptions(extensionUri);
    TimelinePanel.current?.dispose();
    const p = new TimelinePanel(panel, extensionUri, host);
    TimelinePanel.current = p;
    const id = typeof state === 'object' && state !== null && typeof (state as { id?: unknown }).id === 'string'
      ? (state as { id: string }).id : undefined;
    host.restore(p, id);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: TimelineHost,
  ) {
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), null, this.disposables);
    vscode.window.onDidChangeActiveColorTheme(() => this.post({ type: 'theme' }), null, this.disposables);
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** the panel was closed (its webview is gone: showing or posting would throw) */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Shows a result (now if the app is ready, else as soon as it says so). Nothing once closed. */
  show(message: ShowMessage): void {
    if (this.disposed) return;
    this.last = message;
    this.docUri = message.id;
    // one title per document, whatever the run: the tab does not change name between runs
    this.panel.title = `Timeline: ${message.sourceName}`;
    if (this.ready) this.post(message);
  }

  /** The document can no longer be simulated: the view stays, marked out of date. */
  stale(message: string): void {
    if (this.ready) this.post({ type: 'stale', message });
  }

  /** A request of the webview failed (it shows "Simulating…" until told). */
  fail(message: string): void {
    if (this.ready) this.post({ type: 'failed', message });
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    // a panel closed between the check and the post rejects: nothing to tell it then
    Promise.resolve(this.panel.webview.postMessage(message)).catch(() => undefined);
  }

  private onMessage(m: unknown): void {
    if (!isWebviewMessage(m)) {
      this.host.log(`[timeline] ignored an invalid message from the webview: ${JSON.stringify(m)?.slice(0, 200)}`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.last) this.post(this.last);
        break;
      case 'revealTask':
        // only in the panel's own document: the webview must not make the host open other URIs
        if (!this.docUri) break;
        if (m.id !== undefined && m.id !== this.docUri) {
          this.host.log(`[timeline] ignored a reveal request for another document: ${m.id.slice(0, 200)}`);
          break;
        }
        this.host.revealTask(this.docUri, m.task);
        break;
      case 'export':
        this.host.exportView(m, this.docUri);
        break;
      case 'requestComparison':
        if (m.id !== this.docUri) {
          this.fail('The timeline shows another document now.');
          break;
        }
        this.host.requestComparison(this.docUri, m.policy);
        break;
      case 'error':
        this.host.log(`[timeline] ${m.message}`);
        break;
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', f)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: getNonce(),
      scriptUri: media('timeline.js'),
      styleUri: media('timeline.css'),
      title: 'Spark Recovery Lens: timeline',
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // only the bundled app and its stylesheet (the UI toolkit is bundled into timeline.js)
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function registerTimelineSerializer(extensionUri: vscode.Uri, host: TimelineHost): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      TimelinePanel.revive(panel, extensionUri, host, state);
    },
  });
}
