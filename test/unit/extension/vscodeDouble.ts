// A thin stand-in for the `vscode` module: just what the glue under test touches (events,
// diagnostics, ranges, configuration). Used with `vi.mock('vscode', () => import('./vscodeDouble'))`.

import { posix } from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } };
  };
  fire(e: T) { for (const l of [...this.listeners]) l(e); }
  dispose() { this.listeners = []; }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}

export class Range {
  constructor(readonly start: Position, readonly end: Position) {}
  isEqual(o: Range) {
    return o.start.line === this.start.line && o.start.character === this.start.character
      && o.end.line === this.end.line && o.end.character === this.end.character;
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly path: string, readonly fragment = '') {}
  static file(path: string) { return new Uri('file', path); }
  static parse(s: string) {
    const m = /^([a-z][\w+.-]*):\/\/(.*)$/.exec(s);
    return m ? new Uri(m[1], m[2]) : new Uri('file', s);
  }
  static from(c: { scheme: string; path: string }) { return new Uri(c.scheme, c.path); }
  // `..` and `.` resolved, as the real joinPath does
  static joinPath(base: Uri, ...parts: string[]) { return new Uri(base.scheme, posix.normalize([base.path, ...parts].join('/'))); }
  with(change: { fragment?: string }) { return new Uri(this.scheme, this.path, change.fragment ?? this.fragment); }
  get fsPath() { return this.path; }
  toString() { return `${this.scheme}://${this.path}${this.fragment ? `#${this.fragment}` : ''}`; }
}

export enum DiagnosticSeverity { Error = 0, Warning = 1, Information = 2, Hint = 3 }

export class Location {
  constructor(readonly uri: Uri, readonly range: Range) {}
}

export class DiagnosticRelatedInformation {
  constructor(readonly location: Location, readonly message: string) {}
}

export class Diagnostic {
  code?: string | number | { value: string | number; target: Uri };
  source?: string;
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(readonly range: Range, readonly message: string, readonly severity: DiagnosticSeverity) {}
}

export class DiagnosticCollection {
  readonly entries = new Map<string, Diagnostic[]>();
  /** every set, as VS Code's marker service gets it (each one fires onMarkerChanged) */
  sets = 0;
  set(uri: Uri, d: Diagnostic[]) { this.sets++; this.entries.set(uri.toString(), d); }
  delete(uri: Uri) { this.entries.delete(uri.toString()); }
  get(uri: Uri) { return this.entries.get(uri.toString()); }
  dispose() { this.entries.clear(); }
}

/** A text document over a string, with the offset <-> position mapping of the real one. */
export class TextDocument {
  version = 1;
  isClosed = false;
  languageId = 'yaml';
  constructor(readonly uri: Uri, private text: string) {}
  getText() { return this.text; }
  setText(text: string) { this.text = text; this.version++; }
  positionAt(offset: number) {
    const before = this.text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return new Position(line, offset - (before.lastIndexOf('\n') + 1));
  }
  offsetAt(p: Position) {
    const lines = this.text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  }
}

export const collections: DiagnosticCollection[] = [];
export const settings: Record<string, unknown> = {};
export const events = {
  open: new EventEmitter<TextDocument>(),
  change: new EventEmitter<{ document: TextDocument; contentChanges: unknown[] }>(),
  close: new EventEmitter<TextDocument>(),
  configuration: new EventEmitter<{ affectsConfiguration(s: string): boolean }>(),
};

export const languages = {
  createDiagnosticCollection() {
    const c = new DiagnosticCollection();
    collections.push(c);
    return c;
  },
};

export const workspace = {
  textDocuments: [] as TextDocument[],
  onDidOpenTextDocument: events.open.event,
  onDidChangeTextDocument: events.change.event,
  onDidCloseTextDocument: events.close.event,
  onDidChangeConfiguration: events.configuration.event,
  getConfiguration() {
    return { get: <T>(key: string, dflt: T): T => (key in settings ? settings[key] as T : dflt) };
  },
};

// ---- providers and what they return

export const registered: { hover?: any; completion?: any; codeActions?: any; codeLens?: any } = {};
const disposable = { dispose() {} };
Object.assign(languages, {
  registerHoverProvider: (_s: unknown, p: unknown) => { registered.hover = p; return disposable; },
  registerCompletionItemProvider: (_s: unknown, p: unknown) => { registered.completion = p; return disposable; },
  registerCodeActionsProvider: (_s: unknown, p: unknown) => { registered.codeActions = p; return disposable; },
  registerCodeLensProvider: (_s: unknown, p: unknown) => { registered.codeLens = p; return disposable; },
});

export class MarkdownString {
  constructor(readonly value = '') {}
}
export class Hover {
  constructor(readonly contents: MarkdownString, readonly range?: Range) {}
}
export class SnippetString {
  constructor(readonly value: string) {}
}
export enum CompletionItemKind { Property = 9, Reference = 17, EnumMember = 19 }
export class CompletionItem {
  detail?: string;
  documentation?: MarkdownString;
  insertText?: string | SnippetString;
  range?: Range;
  sortText?: string;
  constructor(readonly label: string, readonly kind?: CompletionItemKind) {}
}
export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}
export class WorkspaceEdit {
  readonly edits: { uri: Uri; range: Range; newText: string }[] = [];
  replace(uri: Uri, range: Range, newText: string) { this.edits.push({ uri, range, newText }); }
}
export class CodeAction {
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  constructor(readonly title: string, readonly kind?: CodeActionKind) {}
}
export class CodeLens {
  constructor(readonly range: Range, readonly command?: { title: string; command: string; arguments?: unknown[] }) {}
}

// ---- activation, commands and windows (extension.test.ts)

export const commandRegistry = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    commandRegistry.set(id, fn);
    return { dispose: () => commandRegistry.delete(id) };
  },
  executeCommand(id: string, ...args: unknown[]) { return commandRegistry.get(id)?.(...args); },
};

export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
export enum ViewColumn { Active = -1, Beside = -2, One = 1 }

/** What the window was asked to show, and answers the test gives to its dialogs. */
export const shown: { info: string[]; warnings: string[]; errors: string[]; progress: string[]; outputs: string[] } = {
  info: [], warnings: [], errors: [], progress: [], outputs: [],
};
export const answers: {
  saveDialog?: Uri;
  /** the button a warning message's (modal) question gets */
  warning?: string;
  /** files that exist on disk (fs.stat finds them) */
  existing: Set<string>;
  /** paths where fs.writeFile fails, as in a read-only folder */
  readOnly: Set<string>;
} = { existing: new Set(), readOnly: new Set() };
export const written = new Map<string, Uint8Array>();
/** what the save dialogs were opened with, in order */
export const saveDialogs: { defaultUri?: Uri; title?: string }[] = [];
/** the quick picks and input boxes shown, in order, and the answers they get (first in, first out; none left: dismissed) */
export const prompts: { kind: 'pick' | 'input'; title?: string; items?: { label: string; description?: string }[]; value?: string }[] = [];
export const promptAnswers: { picks: string[]; inputs: string[] } = { picks: [], inputs: [] };
export enum InputBoxValidationSeverity { Info = 1, Warning = 2, Error = 3 }
/** the questions a warning message asked, with its buttons */
export const questions: { message: string; modal: boolean; items: string[] }[] = [];

export const window = {
  activeTextEditor: undefined as { document: TextDocument } | undefined,
  visibleTextEditors: [] as { document: TextDocument }[],
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
  onDidChangeActiveColorTheme: new EventEmitter<unknown>().event,
  createOutputChannel(name: string) {
    shown.outputs.push(name);
    return { appendLine() {}, show() {}, dispose() {} };
  },
  createStatusBarItem() {
    return { text: '', tooltip: undefined as unknown, name: '', command: '', show() {}, hide() {}, dispose() {} };
  },
  registerWebviewPanelSerializer() { return disposable; },
  showInformationMessage(m: string) { shown.info.push(m); return Promise.resolve(undefined); },
  showWarningMessage(m: string, ...rest: unknown[]) {
    shown.warnings.push(m);
    const items = rest.filter((x): x is string => typeof x === 'string');
    if (items.length === 0) return Promise.resolve(undefined);
    const opts = rest.find((x) => typeof x === 'object' && x !== null) as { modal?: boolean } | undefined;
    questions.push({ message: m, modal: opts?.modal === true, items });
    return Promise.resolve(answers.warning);
  },
  showErrorMessage(m: string) { shown.errors.push(m); return Promise.resolve(undefined); },
  /** answers with the item whose label is the next of promptAnswers.picks */
  showQuickPick<T extends { label: string; description?: string }>(items: T[], o: { title?: string } = {}) {
    prompts.push({ kind: 'pick', title: o.title, items: items.map((i) => ({ label: i.label, description: i.description })) });
    const label = promptAnswers.picks.shift();
    return Promise.resolve(items.find((i) => i.label === label));
  },
  /** answers with the next of promptAnswers.inputs, refused (undefined) when validateInput says it is an error */
  showInputBox(o: { title?: string; value?: string; validateInput?: (v: string) => unknown } = {}) {
    prompts.push({ kind: 'input', title: o.title, value: o.value });
    const v = promptAnswers.inputs.shift();
    const check = v === undefined ? undefined : o.validateInput?.(v);
    return Promise.resolve(typeof check === 'string' ? undefined : v);
  },
  showSaveDialog(o: { defaultUri?: Uri; title?: string } = {}) { saveDialogs.push({ defaultUri: o.defaultUri, title: o.title }); return Promise.resolve(answers.saveDialog); },
  withProgress<T>(o: { title: string }, task: (p: { report(): void }, t: { onCancellationRequested(f: () => void): { dispose(): void } }) => Promise<T>) {
    shown.progress.push(o.title);
    return task({ report() {} }, { onCancellationRequested: () => disposable });
  },
};

Object.assign(workspace, {
  fs: {
    writeFile(uri: Uri, data: Uint8Array) {
      if (answers.readOnly.has(uri.fsPath)) return Promise.reject(new Error(`EROFS: read-only file system, open '${uri.fsPath}'`));
      written.set(uri.toString(), data);
      return Promise.resolve();
    },
    stat(uri: Uri) {
      return answers.existing.has(uri.fsPath) || written.has(uri.toString()) ? Promise.resolve({ type: 1 }) : Promise.reject(new Error(`ENOENT: ${uri.fsPath}`));
    },
  },
  openTextDocument(uri: Uri) {
    const d = workspace.textDocuments.find((x) => x.uri.toString() === uri.toString());
    if (d) return Promise.resolve(d);
    // a file the code under test wrote opens with what it wrote
    const bytes = written.get(uri.toString());
    return bytes ? Promise.resolve(new TextDocument(uri, Buffer.from(bytes).toString('utf8'))) : Promise.reject(new Error(`not open: ${uri.toString()}`));
  },
});

export function reset() {
  commandRegistry.clear();
  for (const k of Object.keys(shown) as (keyof typeof shown)[]) shown[k].length = 0;
  written.clear();
  answers.saveDialog = undefined;
  answers.warning = undefined;
  answers.existing.clear();
  answers.readOnly.clear();
  saveDialogs.length = 0;
  questions.length = 0;
  prompts.length = 0;
  promptAnswers.picks.length = 0;
  promptAnswers.inputs.length = 0;
  window.activeTextEditor = undefined;
  window.visibleTextEditors = [];
}

// ---- webview panels (timeline.test.ts)

export class FakeWebviewPanel {
  title = '';
  visible = true;
  disposed = false;
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  private readonly disposedEvent = new EventEmitter<void>();
  readonly webview = {
    html: '',
    options: {},
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: Uri) => u,
    onDidReceiveMessage: (l: (m: unknown) => void) => this.received.event(l),
    postMessage: (m: unknown) => {
      if (this.disposed) throw new Error('Webview is disposed');
      this.posted.push(m);
      return Promise.resolve(true);
    },
  };
  onDidDispose(l: () => void) { return this.disposedEvent.event(l); }
  reveal() { if (this.disposed) throw new Error('Webview is disposed'); }
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.disposedEvent.fire();
  }
  /** the webview sends a message */
  send(m: unknown) { this.received.fire(m); }
}

export const panels: FakeWebviewPanel[] = [];
Object.assign(window, {
  createWebviewPanel() {
    const p = new FakeWebviewPanel();
    panels.push(p);
    return p;
  },
  showTextDocument: () => Promise.resolve({ revealRange() {} }),
});
