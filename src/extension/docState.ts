// Shared state per job document: the last parse (format diagnostics) and the last background
// analysis (simulation findings). Providers read it; the controller writes it and fires changes.
import * as vscode from 'vscode';
import type { Diagnostic, ParseResult } from '../format';
import type { AnalysisResult } from './core/workerProtocol';

export interface DocState {
  uri: vscode.Uri;
  /** document version of `parse` */
  version: number;
  parse: ParseResult;
  parseMs: number;
  /** a huge document: `parse` holds the worker's format diagnostics, without a model or source map */
  fromWorker?: boolean;
  /** the last analysis that finished, with the version it analysed */
  analysis?: { version: number; result: AnalysisResult };
  /**
   * analysis diagnostics, at offsets of the current text: shifted through each edit (those the
   * edit overlaps dropped) until the next analysis replaces them
   */
  analysisDiagnostics: Diagnostic[];
  /** a background analysis is scheduled or running */
  busy: boolean;
}

export class DocStore implements vscode.Disposable {
  private readonly states = new Map<string, DocState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): DocState | undefined {
    return this.states.get(uri.toString());
  }

  set(state: DocState): void {
    this.states.set(state.uri.toString(), state);
    this.changed.fire(state.uri);
  }

  update(uri: vscode.Uri, patch: Partial<DocState>): void {
    const s = this.get(uri);
    if (!s) return;
    Object.assign(s, patch);
    this.changed.fire(uri);
  }

  delete(uri: vscode.Uri): void {
    this.states.delete(uri.toString());
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
