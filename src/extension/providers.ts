// Thin glue: hover, completion, quick fixes and code lenses over the pure logic in core/.
import * as vscode from 'vscode';
import type { Diagnostic, FixData, OffsetRange } from '../format';
import { completionItems } from './core/completionItems';
import { hoverText } from './core/hoverText';
import { codeLenses } from './core/lenses';
import { fixTitle, quickFixEdits, quickFixes } from './core/quickFix';
import { isLargeText } from './core/limits';
import type { TextEdit } from './core/yamlEdit';
import type { SourceLookup } from './core/findings';
import { JOB_SELECTOR, sameDiagnostic, toRange } from './convert';
import type { DocStore } from './docState';
import type { AnalysisController } from './analysisController';
import type { SimClient } from './simClient';
import { config } from './config';

/** Markdown built from the job file (its strings escaped by core/markdown.ts md()): no HTML, no command links. */
export function safeMarkdown(value: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(value);
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

function workspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, toRange(doc, e), e.newText);
  return edit;
}

/**
 * `helper`: computes a quick fix's edits on a huge document in the worker (parsing its YAML on the
 * extension host would freeze it for seconds).
 */
export function registerProviders(store: DocStore, controller: AnalysisController, helper?: SimClient): vscode.Disposable[] {
  const lensChanged = new vscode.EventEmitter<void>();
  const lazy = new WeakMap<vscode.CodeAction, { doc: vscode.TextDocument; version: number; range: OffsetRange; fix: FixData }>();
  return [
    lensChanged,
    store.onDidChange(() => lensChanged.fire()),
    vscode.languages.registerHoverProvider(JOB_SELECTOR, {
      provideHover(doc, position) {
        const state = controller.refreshNow(doc);
        const result = state?.analysis?.result;
        const h = hoverText(doc.getText(), doc.offsetAt(position), {
          model: state?.parse.model, sim: result?.primary, sweep: result?.sweep, attemptsTotal: result?.attemptsTotal,
        });
        if (!h) return undefined;
        return new vscode.Hover(safeMarkdown(h.markdown), toRange(doc, h.range));
      },
    }),
    vscode.languages.registerCompletionItemProvider(JOB_SELECTOR, {
      provideCompletionItems(doc, position) {
        // the last parse is enough (only the cluster's names are read): typing stays debounced
        const state = store.get(doc.uri);
        return completionItems(doc.getText(), doc.offsetAt(position), { model: state?.parse.model }).map((e) => {
          const item = new vscode.CompletionItem(e.label, e.kind === 'key' || e.kind === 'conf'
            ? vscode.CompletionItemKind.Property : e.kind === 'location' ? vscode.CompletionItemKind.Reference
              : vscode.CompletionItemKind.EnumMember);
          item.detail = e.detail;
          if (e.documentation) item.documentation = safeMarkdown(e.documentation);
          item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
          item.range = toRange(doc, e.replace);
          item.sortText = e.sortText;
          item.filterText = e.filterText;
          return item;
        });
      },
    }, ':', ' ', '"', '.'),
    vscode.languages.registerCodeActionsProvider(JOB_SELECTOR, {
      provideCodeActions(doc, _range, context) {
        // the diagnostics shown are the stored ones: match against those
        const state = store.get(doc.uri);
        if (!state) return [];
        const ours: Diagnostic[] = [...state.parse.diagnostics, ...state.analysisDiagnostics].filter((d) => d.fixes?.length);
        const text = doc.getText();
        const actions: vscode.CodeAction[] = [];
        for (const vs of context.diagnostics) {
          const d = ours.find((o) => sameDiagnostic(doc, vs, o));
          if (!d) continue;
          if (isLargeText(text)) {
            // a huge file: titles now, the edit (which parses the YAML) only when one is chosen
            (d.fixes ?? []).forEach((fix, i) => {
              const action = new vscode.CodeAction(fixTitle(fix), vscode.CodeActionKind.QuickFix);
              action.diagnostics = [vs];
              action.isPreferred = i === 0;
              lazy.set(action, { doc, version: doc.version, range: d.range, fix });
              actions.push(action);
            });
            continue;
          }
          for (const fix of quickFixes(text, d)) {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [vs];
            action.isPreferred = fix.isPreferred;
            action.edit = workspaceEdit(doc, fix.edits);
            actions.push(action);
          }
        }
        return actions;
      },
      async resolveCodeAction(action) {
        const l = lazy.get(action);
        if (!l || l.doc.version !== l.version) return action;
        if (!helper) {
          action.edit = workspaceEdit(l.doc, quickFixEdits(l.doc.getText(), l.range, l.fix));
          return action;
        }
        const outcome = await helper.run(l.doc.getText(), {
          maxAttempts: config.maxAttempts(), defaultSpark: config.defaultSparkVersion(), quickFix: { range: l.range, fix: l.fix },
        }, { timeBudgetMs: config.timeBudgetMs() });
        if (outcome.kind === 'result' && outcome.result.edits && l.doc.version === l.version) action.edit = workspaceEdit(l.doc, outcome.result.edits);
        return action;
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerCodeLensProvider(JOB_SELECTOR, {
      onDidChangeCodeLenses: lensChanged.event,
      provideCodeLenses(doc) {
        const state = controller.refreshNow(doc);
        if (!state?.parse.model) return [];
        const result = state.analysis?.result;
        return codeLenses(state.parse.model, state.parse.sourceMap as SourceLookup, result?.primary, result?.sweep).map((l) => {
          const start = doc.positionAt(l.range.start);
          return new vscode.CodeLens(new vscode.Range(start, start), {
            title: l.title,
            command: l.command,
            tooltip: l.tooltip,
            arguments: [{ uri: doc.uri.toString(), executor: l.executor }],
          });
        });
      },
    }),
  ];
}
