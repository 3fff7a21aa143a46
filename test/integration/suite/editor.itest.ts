/// <reference types="mocha" />
// The editor features through the real vscode API in a real extension host: activation when a
// .futex file opens, then the hover, completion, CodeLens and diagnostics providers as VS Code
// itself calls them (the execute*Provider commands), not the functions behind them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXAMPLE, EXTENSION_ID, openExample, until } from './helpers';

function positionOf(doc: vscode.TextDocument, needle: string): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${doc.uri.path}`);
  return doc.positionAt(offset + 1);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Futex Lab in an extension host', () => {
  it('activates when a .futex document opens', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    const doc = await openExample(EXAMPLE);
    assert.equal(doc.languageId, 'futex');
    await until('activation', () => ext.isActive);
  });

  it('hovers futex_wait with its documentation', async () => {
    const doc = await openExample(EXAMPLE);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'futex_wait'));
    assert.match(hoverText(hovers), /futex_wait/);
  });

  it('completes statements inside a thread', async () => {
    const doc = await openExample(EXAMPLE);
    const at = positionOf(doc, 'sleep 10');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at.translate(0, -1));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('futex_wake'), `no futex_wake among ${labels.slice(0, 20).join(', ')}`);
  });

  it('puts the scenario actions above the scenario line (Run on this kernel on Linux only)', async () => {
    const doc = await openExample(EXAMPLE);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.deepEqual(lenses.map((l) => l.command?.command).sort(), [
      'futexlab.compareStrategies', 'futexlab.debugScenario', 'futexlab.exploreSchedules',
      ...(process.platform === 'linux' ? ['futexlab.runOnKernel'] : []), 'futexlab.runScenario',
    ]);
    assert.ok(lenses.every((l) => l.range.start.line === 0));
  });

  it('reports a parse error as a diagnostic with its place', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'futex', content: 'scenario "broken"\nprocess P {\n  thread main {\n    futex_wait(\n  }\n}\n' });
    await vscode.window.showTextDocument(doc);
    const diags = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length > 0 && d;
    });
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diags[0]!.range.start.line >= 3, `error placed at line ${diags[0]!.range.start.line}`);
  });

  it('reports no diagnostics for a valid example', async () => {
    const doc = await openExample(EXAMPLE);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
  });
});
