// The panel's HTML, for the extension host (no DOM, no `vscode`: plain strings in, a string out).
// No data goes into the HTML: the app posts `ready` and the host sends the result by message.

export interface PanelHtmlOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** a fresh random nonce per render (from `crypto`, base64 or hex) */
  nonce: string;
  /** `webview.asWebviewUri(media/timeline.js)` as a string */
  scriptUri: string;
  /** `webview.asWebviewUri(media/timeline.css)` as a string */
  styleUri: string;
  /**
   * Accepted for compatibility and ignored: the webview UI toolkit is bundled into
   * `timeline.js` (registering it twice would clash), so there is nothing to load.
   */
  toolkitUri?: string;
  /** shown in the page title before the data arrives */
  title?: string;
}

/** Escapes text for an HTML attribute value or text node. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    // the toolkit's components style themselves through adoptedStyleSheets, which CSP allows; its
    // one <style> probe (focus-visible support) carries the nonce of <meta property="csp-nonce">
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(o.nonce)) throw new Error('panelHtml: nonce must be 8+ base64/hex characters');
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta property="csp-nonce" content="${e(o.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(o.styleUri)}">
<title>${e(o.title ?? 'Spark Recovery Lens: timeline')}</title>
</head>
<body>
<div id="app" class="app loading"><p class="placeholder">Waiting for the simulation…</p></div>
<script nonce="${e(o.nonce)}" src="${e(o.scriptUri)}"></script>
</body>
</html>
`;
}
