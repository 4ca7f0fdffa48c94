// Every string that comes from the job file (ids, hosts, racks, task and stage names, keys,
// values, messages quoting them) goes through `md()` before it is put into hover or tooltip
// Markdown: a workspace may be untrusted, and `prefer: ["host:![t](https://evil.example/p.png)"]`
// must show as text, never as an image, a link or HTML.

/** Punctuation that can open or close inline markup anywhere in a line (CommonMark backslash escapes). */
const INLINE = /[\\`*_{}[\]()#!|<>~&]/g;

/** The text as literal Markdown, on one line (a newline in a value must not start a block). */
export function md(text: string | number): string {
  return String(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(INLINE, '\\$&')
    // no autolink (`https://`, `www.`) and no block marker where the text starts a line or a list item
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
    .replace(/^([-+=.]|\d+[.)])/, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}
