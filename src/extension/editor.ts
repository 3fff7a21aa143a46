// Editing features for `.futex` documents, adapting language.ts to the vscode API: diagnostics
// from the parser as the user types, hover, completion, and the CodeLens above `scenario`.

import * as vscode from 'vscode';
import { parseScenario, type ParseResult } from '../lang/index';
import { LANGUAGE_ID } from './config';
import { completionContext, completionsAt, hoverAt, scenarioLensLine, toEditorDiagnostics, type CompletionKind } from './language';

const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };
const DIAGNOSTIC_DELAY_MS = 250;

/** The last parse of each document version, shared by the features (parsing is cheap, but not free). */
class ParseCache {
  private readonly cache = new Map<string, { version: number; result: ParseResult }>();

  get(doc: vscode.TextDocument): ParseResult {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const result = parseScenario(doc.getText(), doc.uri.fsPath || doc.uri.path);
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }
}

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  function: vscode.CompletionItemKind.Function,
  variable: vscode.CompletionItemKind.Variable,
  constant: vscode.CompletionItemKind.Constant,
  enum: vscode.CompletionItemKind.EnumMember,
  file: vscode.CompletionItemKind.File,
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  module: vscode.CompletionItemKind.Module,
};

function publishDiagnostics(collection: vscode.DiagnosticCollection, cache: ParseCache, doc: vscode.TextDocument): void {
  if (doc.languageId !== LANGUAGE_ID) return;
  const diagnostics = toEditorDiagnostics(cache.get(doc).diagnostics).map((d) => {
    const range = new vscode.Range(d.start.line, d.start.character, d.end.line, d.end.character);
    const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const out = new vscode.Diagnostic(range, d.message, severity);
    out.source = 'futex';
    return out;
  });
  collection.set(doc.uri, diagnostics);
}

function registerDiagnostics(context: vscode.ExtensionContext, cache: ParseCache): void {
  const collection = vscode.languages.createDiagnosticCollection(LANGUAGE_ID);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      publishDiagnostics(collection, cache, doc);
    }, DIAGNOSTIC_DELAY_MS));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((doc) => publishDiagnostics(collection, cache, doc)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      collection.delete(doc.uri);
      cache.forget(doc);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  for (const doc of vscode.workspace.textDocuments) publishDiagnostics(collection, cache, doc);
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  return md;
}

function registerHoverAndCompletion(context: vscode.ExtensionContext, cache: ParseCache): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(doc, position) {
        const h = hoverAt(doc.getText(), doc.offsetAt(position), cache.get(doc).scenario);
        if (!h) return undefined;
        return new vscode.Hover(markdown(h.markdown), new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)));
      },
    }),
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems(doc, position, _token, context) {
        const text = doc.getText();
        const offset = doc.offsetAt(position);
        // A space opens the list only where a specific word is expected (`option `, `= file `),
        // not after every word of a statement.
        if (context.triggerCharacter === ' ' && completionContext(text, offset).kind === 'statement') return [];
        return completionsAt(text, offset, cache.get(doc).scenario).map((e) => {
          const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
          item.detail = e.detail;
          if (e.documentation) item.documentation = markdown(e.documentation);
          return item;
        });
      },
    }, ' ', '=', '.'),
  );
}

/** The actions above the `scenario` line. */
class ScenarioCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const line = scenarioLensLine(doc.getText());
    const range = new vscode.Range(line, 0, line, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(range, { title, command, arguments: [doc.uri] });
    return [
      lens('$(debug-alt) Debug', 'futexlab.debugScenario'),
      lens('$(play) Run', 'futexlab.runScenario'),
      lens('$(table) Compare strategies', 'futexlab.compareStrategies'),
      lens('$(search) Explore schedules', 'futexlab.exploreSchedules'),
    ];
  }
}

export function registerEditorFeatures(context: vscode.ExtensionContext): void {
  const cache = new ParseCache();
  registerDiagnostics(context, cache);
  registerHoverAndCompletion(context, cache);
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(SELECTOR, new ScenarioCodeLens()));
}
