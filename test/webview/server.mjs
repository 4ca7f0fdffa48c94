// A tiny static server on 127.0.0.1 for the browser tests: the repository's files, a harness page
// generated from webview/index.html.ts (so the tests run under the panel's real CSP), and extra
// in-memory files (the 100 k fixture).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Imports `panelHtml` from the TypeScript source (bundled to a temporary ES module). */
export async function loadPanelHtml(root) {
  const out = join(root, '.cache/webview/index.html.mjs');
  await esbuild.build({ entryPoints: [join(root, 'webview/index.html.ts')], outfile: out, bundle: true, format: 'esm',
    platform: 'neutral', logLevel: 'warning' });
  return (await import(`${pathToFileURL(out).href}?t=${Date.now()}`)).panelHtml;
}

export async function startServer(root, extra = new Map()) {
  const panelHtml = await loadPanelHtml(root);
  let origin = '';
  const harness = (theme) => {
    const nonce = randomBytes(16).toString('base64');
    let html = panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/media/timeline.js`, styleUri: `${origin}/media/timeline.css` });
    const themeClass = theme === 'light' ? 'vscode-light' : theme === 'hc' ? 'vscode-high-contrast' : 'vscode-dark';
    html = html.replace('<link rel="stylesheet"',
      `<link rel="stylesheet" href="${origin}/test/webview/theme-${theme === 'light' ? 'light' : 'dark'}.css">\n<link rel="stylesheet"`);
    html = html.replace('<body>', `<body class="${themeClass}">`);
    html = html.replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/test/webview/fake-vscode.js"></script>\n<script nonce="${nonce}" src=`);
    return html;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    try {
      if (url.pathname === '/harness.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] });
        res.end(harness(url.searchParams.get('theme') ?? 'dark'));
        return;
      }
      if (extra.has(url.pathname)) {
        res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream' });
        res.end(extra.get(url.pathname));
        return;
      }
      const p = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!p.startsWith(root) || p.includes('node_modules')) throw new Error('forbidden');
      const body = await readFile(p);
      res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => server.close(r)) };
}
