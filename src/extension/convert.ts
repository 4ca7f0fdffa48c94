// The edge between offsets and the editor: offset ranges -> vscode ranges, format diagnostics ->
// vscode diagnostics (with the code's README anchor, source and related information).
import * as vscode from 'vscode';
import type { Diagnostic, OffsetRange } from '../format';
import { codeAnchor, DIAGNOSTIC_SOURCE } from './core/codes';

export function toRange(doc: vscode.TextDocument, r: OffsetRange): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Line (1-based) of each code's `<a id="sjNNN">` in the README shipped with the extension. */
const codeLines = new Map<string, number>();
/** The README's name in the installed extension: vsce packages README.md as `readme.md`. */
let readmeName = 'README.md';

/** The extension's README (`README.md` in the repository, `readme.md` once packaged by vsce): its name and text. */
export function findReadme(read: (name: string) => string): { name: string; text: string } | undefined {
  for (const name of ['README.md', 'readme.md']) {
    try {
      return { name, text: read(name) };
    } catch {
      // not under this name
    }
  }
  return undefined;
}

/**
 * Reads the line of every code's anchor from the README's text (at activation: the extension's
 * own README.md). VS Code opens a `file:` target with a fragment `L302` at line 302, but ignores
 * a fragment like `sj100` (it would open the README at its first line).
 */
export function learnCodeLines(readme: string, name = 'README.md'): void {
  readmeName = name;
  codeLines.clear();
  readme.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/<a id="(sj\d{3})"><\/a>/g)) if (!codeLines.has(m[1])) codeLines.set(m[1], i + 1);
  });
}

/** The README shipped with the extension at the code's line (works offline and in code-server). */
export function codeTarget(extensionUri: vscode.Uri, code: string): vscode.Uri {
  const readme = vscode.Uri.joinPath(extensionUri, readmeName);
  const line = codeLines.get(codeAnchor(code));
  return line ? readme.with({ fragment: `L${line}` }) : readme;
}

export function toVsDiagnostic(doc: vscode.TextDocument, d: Diagnostic, extensionUri: vscode.Uri): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(doc, d.range), d.message, SEVERITY[d.severity]);
  out.code = { value: d.code, target: codeTarget(extensionUri, d.code) };
  out.source = DIAGNOSTIC_SOURCE;
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(doc.uri, toRange(doc, r.range)), r.message));
  }
  return out;
}

/** The code of a vscode diagnostic, whichever form it has. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Is this our diagnostic `d`? (The editor hands diagnostics back as copies, so match by content.) */
export function sameDiagnostic(doc: vscode.TextDocument, vs: vscode.Diagnostic, d: Diagnostic): boolean {
  return codeOf(vs) === d.code && vs.message === d.message && vs.range.isEqual(toRange(doc, d.range));
}

/** The file name of a document's URI (`paper.sparkjob.yaml`). */
export function baseName(doc: { uri: { path: string } }): string {
  return doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
}

/**
 * Schemes of documents that are job files being edited: on disk, new, in a virtual or remote
 * workspace. Not `git:` (a diff's old side), `output:`, `vscode-notebook-cell:` and the like.
 */
export const JOB_SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-remote'] as const;

/** A `*.sparkjob.yaml` document in the YAML language, of one of the JOB_SCHEMES. */
export function isJobDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === 'yaml' && doc.uri.path.endsWith('.sparkjob.yaml')
    && (JOB_SCHEMES as readonly string[]).includes(doc.uri.scheme);
}

export const JOB_SELECTOR: vscode.DocumentSelector = JOB_SCHEMES.map((scheme) => ({ language: 'yaml', scheme, pattern: '**/*.sparkjob.yaml' }));
