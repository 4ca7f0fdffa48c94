import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, escapeHtml, panelHtml } from '../../../webview/index.html';

const opts = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcDEF0123456789xyz=',
  scriptUri: 'https://x/media/timeline.js', styleUri: 'https://x/media/timeline.css',
};

describe('panelHtml', () => {
  it('has a strict CSP: no default sources, nonce scripts, no unsafe-*', () => {
    const csp = contentSecurityPolicy(opts.cspSource, opts.nonce);
    expect(csp).toBe(`default-src 'none'; img-src ${opts.cspSource} data:; style-src ${opts.cspSource} 'nonce-${opts.nonce}'; `
      + `script-src 'nonce-${opts.nonce}'; font-src ${opts.cspSource}`);
    const html = panelHtml(opts);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`);
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('loads only the given script (with the nonce) and style, no remote resources, no data', () => {
    const html = panelHtml(opts);
    expect(html).toContain(`<script nonce="abcDEF0123456789xyz=" src="https://x/media/timeline.js"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="https://x/media/timeline.css">`);
    expect(html).toContain('<meta property="csp-nonce" content="abcDEF0123456789xyz=">');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.replaceAll(opts.cspSource, '')).not.toMatch(/https?:\/\/(?!x\/)/);
  });

  it('escapes what it inserts', () => {
    const html = panelHtml({ ...opts, title: '</title><script>alert(1)</script>', scriptUri: 'a"b' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&#60;/title&#62;&#60;script&#62;');
    expect(html).toContain('src="a&#34;b"');
    expect(escapeHtml(`<&>"'\``)).toBe('&#60;&#38;&#62;&#34;&#39;&#96;');
  });

  it('refuses a weak nonce', () => {
    expect(() => panelHtml({ ...opts, nonce: '' })).toThrow(/nonce/);
    expect(() => panelHtml({ ...opts, nonce: `a' 'unsafe-inline` })).toThrow(/nonce/);
  });
});
