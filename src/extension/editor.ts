// Editing features for `.futex` documents, adapting language.ts to the vscode API: diagnostics
// from the parser as the user types (with "did you mean" and its quick fix), hover (a register's
// value at a stop), completion with argument snippets, the outline, go to definition, and the
// CodeLens above `scenario`.

import * as vscode from 'vscode';
import type { ParseResult } from '../lang/index';
import { LANGUAGE_ID } from './config';
import type { CompletionKind } from './language';
import { engine } from './load-engine';
import { codeLensEnabled } from './settings';
import type { Declaration, SymbolKind } from './symbols';
import { kernelLensShown } from './kernel-lens';

const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };
const DIAGNOSTIC_DELAY_MS = 250;

/** The last parse of each document version, shared by the features (parsing is cheap, but not free). */
class ParseCache {
  private readonly cache = new Map<string, { version: number; result: ParseResult }>();

  get(doc: vscode.TextDocument): ParseResult {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const result = engine().parseScenario(doc.getText(), doc.uri.fsPath || doc.uri.path);
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

/** Code of a diagnostic that has a "did you mean" (its quick fix recomputes the suggestion). */
const DID_YOU_MEAN = 'did-you-mean';

function publishDiagnostics(collection: vscode.DiagnosticCollection, cache: ParseCache, doc: vscode.TextDocument): void {
  if (doc.languageId !== LANGUAGE_ID) return;
  const { suggestions, toEditorDiagnostics } = engine();
  const parsed = cache.get(doc);
  const suggested = suggestions(parsed.diagnostics, parsed.scenario, doc.getText());
  const editorDiagnostics = toEditorDiagnostics(parsed.diagnostics);
  const diagnostics = parsed.diagnostics.map((src, i) => {
    const d = editorDiagnostics[i]!;
    const range = new vscode.Range(d.start.line, d.start.character, d.end.line, d.end.character);
    const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const hint = suggested.get(src);
    const out = new vscode.Diagnostic(range, hint ? `${d.message}; did you mean '${hint.replacement}'?` : d.message, severity);
    out.source = 'futex';
    if (hint) out.code = DID_YOU_MEAN;
    return out;
  });
  collection.set(doc.uri, diagnostics);
}

/** The quick fix of a "did you mean": the suggestions of the diagnostics at the cursor. */
class DidYouMeanActions implements vscode.CodeActionProvider {
  constructor(private readonly cache: ParseCache) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!context.diagnostics.some((d) => d.code === DID_YOU_MEAN)) return [];
    const parsed = this.cache.get(doc);
    const actions: vscode.CodeAction[] = [];
    for (const [src, s] of engine().suggestions(parsed.diagnostics, parsed.scenario, doc.getText())) {
      const start = doc.positionAt(src.range.start.offset);
      const diagnostic = context.diagnostics.find((d) => d.code === DID_YOU_MEAN && d.range.start.isEqual(start));
      if (!diagnostic) continue;
      const action = new vscode.CodeAction(`Change '${s.word}' to '${s.replacement}'`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)), s.replacement);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

const SYMBOL_KINDS: Record<SymbolKind, vscode.SymbolKind> = {
  file: vscode.SymbolKind.File,
  shm: vscode.SymbolKind.File,
  fn: vscode.SymbolKind.Function,
  param: vscode.SymbolKind.Variable,
  process: vscode.SymbolKind.Module,
  thread: vscode.SymbolKind.Method,
  map: vscode.SymbolKind.Field,
  register: vscode.SymbolKind.Variable,
};

function documentSymbol(doc: vscode.TextDocument, d: Declaration): vscode.DocumentSymbol {
  const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
  const name = new vscode.Range(doc.positionAt(d.nameStart), doc.positionAt(d.nameEnd));
  const sym = new vscode.DocumentSymbol(d.name, d.kind === 'register' ? '' : d.detail, SYMBOL_KINDS[d.kind], range, range.contains(name) ? name : range);
  sym.children = d.children.map((c) => documentSymbol(doc, c));
  return sym;
}

function registerNavigation(context: vscode.ExtensionContext, cache: ParseCache): void {
  const index = (doc: vscode.TextDocument) => {
    const { scenario } = cache.get(doc);
    return scenario ? engine().indexScenario(scenario, doc.getText()) : undefined;
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols: (doc) => index(doc)?.outline.map((d) => documentSymbol(doc, d)) ?? [],
    }),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(doc, position) {
        const x = index(doc);
        const use = x && engine().useAt(x, doc.offsetAt(position));
        if (!use) return undefined;
        return new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(use.target.nameStart), doc.positionAt(use.target.nameEnd)));
      },
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new DidYouMeanActions(cache), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

/**
 * At a stop of a futex session, the value of a register in the selected frame (the adapter's
 * `evaluate`), or undefined when there is no stop or the frame has no such register.
 */
async function registerValue(name: string): Promise<string | undefined> {
  const item = vscode.debug.activeStackItem;
  if (!(item instanceof vscode.DebugStackFrame) || item.session.type !== LANGUAGE_ID) return undefined;
  try {
    const r = (await item.session.customRequest('evaluate', { expression: name, frameId: item.frameId, context: 'hover' })) as { result?: string };
    return r.result;
  } catch {
    return undefined; // not a register of this frame, or the session moved on
  }
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
  // The documents already open are parsed just after activation, not during it: the parser is in
  // out/engine.js, which activation does not load (load-engine.ts).
  const first = setTimeout(() => {
    for (const doc of vscode.workspace.textDocuments) publishDiagnostics(collection, cache, doc);
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  return md;
}

function registerHoverAndCompletion(context: vscode.ExtensionContext, cache: ParseCache): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, {
      async provideHover(doc, position) {
        const h = engine().hoverAt(doc.getText(), doc.offsetAt(position), cache.get(doc).scenario);
        if (!h) return undefined;
        const kind = h.declaration?.kind;
        const value = kind === 'register' || kind === 'param' ? await registerValue(h.declaration!.name) : undefined;
        const text = value === undefined ? h.markdown : `${h.markdown}\n\n**${h.declaration!.name} = ${value}** at this stop (selected frame)`;
        return new vscode.Hover(markdown(text), new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)));
      },
    }),
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems(doc, position, _token, context) {
        const { completionContext, completionsAt } = engine();
        const text = doc.getText();
        const offset = doc.offsetAt(position);
        // A space opens the list only where a specific word is expected (`option `, `= file `),
        // not after every word of a statement.
        if (context.triggerCharacter === ' ' && completionContext(text, offset).kind === 'statement') return [];
        return completionsAt(text, offset, cache.get(doc).scenario).map((e) => {
          const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
          item.detail = e.detail;
          if (e.snippet) item.insertText = new vscode.SnippetString(e.snippet);
          if (e.documentation) item.documentation = markdown(e.documentation);
          return item;
        });
      },
    }, ' ', '=', '.'),
  );
}

/** The actions above the `scenario` line (setting futexlab.codeLens.enabled). */
class ScenarioCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!codeLensEnabled()) return [];
    const line = engine().scenarioLensLine(doc.getText());
    const range = new vscode.Range(line, 0, line, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(range, { title, command, arguments: [doc.uri] });
    return [
      lens('$(debug-alt) Debug', 'futexlab.debugScenario'),
      lens('$(play) Run', 'futexlab.runScenario'),
      lens('$(table) Compare strategies', 'futexlab.compareStrategies'),
      lens('$(search) Explore schedules', 'futexlab.exploreSchedules'),
      ...(kernelLensShown(process.platform) ? [lens('$(server-process) Run on this kernel', 'futexlab.runOnKernel')] : []),
    ];
  }
}

export function registerEditorFeatures(context: vscode.ExtensionContext): void {
  const cache = new ParseCache();
  registerDiagnostics(context, cache);
  registerHoverAndCompletion(context, cache);
  registerNavigation(context, cache);
  const lenses = new ScenarioCodeLens();
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('futexlab.codeLens.enabled')) lenses.refresh();
    }),
  );
}
