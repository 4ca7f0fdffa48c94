// Entry of the webview bundle (media/timeline.js): registers the toolkit's components, starts the
// app and says `ready`; the host then sends the data.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption } from '@vscode/webview-ui-toolkit';
import { App, type VsCodeApi } from './app';
import { installBench } from './bench';

declare function acquireVsCodeApi(): VsCodeApi;

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption());

function start() {
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const vscode = acquireVsCodeApi();
  let app: App;
  try {
    app = new App(root, vscode);
  } catch (e) {
    root.textContent = `The timeline could not start: ${e instanceof Error ? e.message : String(e)}`;
    vscode.postMessage({ type: 'error', message: root.textContent });
    return;
  }
  installBench(app);
  vscode.postMessage({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
