/// <reference types="mocha" />
// The editing features added for ISSUE #10 section 4, through the vscode API as VS Code calls
// them: the outline, go to definition, "did you mean" with its quick fix, completion snippets, the
// hover of a register, and the register's value at a stop.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AdapterRecorder, lineOf, openExample, stopAll, until } from './helpers';

function offsetPos(doc: vscode.TextDocument, needle: string, plus = 1): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in the document`);
  return doc.positionAt(i + plus);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

const MISSPELT = 'scenario "typos"\nprocess P {\n  map word = anon private rw pages 1\n  thread main {\n    let r = futex_wiat(word, 0)\n  }\n}\n';

describe('navigation and help while editing', function () {
  this.timeout(60_000);

  it('outlines the scenario: processes, their maps and threads, registers', async () => {
    const doc = await openExample();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    const flat = (ss: vscode.DocumentSymbol[], depth = 0): string[] => ss.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...flat(s.children, depth + 1)]);
    assert.deepEqual(flat(symbols), ['P', '  word', '  main', '    C', '      main', '        r', '    n']);
  });

  it('goes from a register\'s use to its `let`', async () => {
    const doc = await openExample();
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, offsetPos(doc, 'woken:", r', 9));
    const at = defs[0] && ('targetRange' in defs[0] ? defs[0].targetRange : defs[0].range);
    assert.equal(at?.start.line, lineOf(doc, 'let r = futex_wait(word, 0'), `definition at ${JSON.stringify(defs)}`); // `let r = futex_wait(...)`
  });

  it('hovers a register as a register', async () => {
    const doc = await openExample();
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, offsetPos(doc, 'let r')
      .translate(0, 4)));
    assert.match(text, /register \*\*r\*\* of main/);
    assert.doesNotMatch(text, /PROT_READ/);
  });

  it('says "did you mean" and fixes the word', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'futex', content: MISSPELT });
    await vscode.window.showTextDocument(doc);
    const diag = await until('the diagnostic', () => vscode.languages.getDiagnostics(doc.uri)[0]);
    assert.match(diag.message, /unknown function 'futex_wiat'; did you mean 'futex_wait'\?$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change 'futex_wiat' to 'futex_wait'");
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /let r = futex_wait\(word, 0\)/);
    await until('no diagnostics', () => vscode.languages.getDiagnostics(doc.uri).length === 0);
  });

  it('hides the CodeLens when the setting says so', async () => {
    const doc = await openExample();
    const config = vscode.workspace.getConfiguration('futexlab');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    // Run, Debug, Compare, Explore; and Run on this kernel on Linux.
    assert.equal((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).length, process.platform === 'linux' ? 5 : 4);
  });

  it('completes an operation with its arguments', async () => {
    const doc = await openExample();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, offsetPos(doc, 'sleep 10', 0));
    const wait = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'futex_wait');
    assert.ok(wait?.insertText instanceof vscode.SnippetString, `futex_wait inserts ${JSON.stringify(wait?.insertText)}`);
    assert.equal(wait.insertText.value, 'futex_wait(${1:ADDR}, ${2:VAL})');
  });

  it('shows a register\'s value at a stop', async () => {
    await stopAll();
    const doc = await openExample();
    const recorder = new AdapterRecorder();
    // Stop at `print "P's wake returned", n`: n holds what P's wake returned.
    const bp = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(lineOf(doc, 'print "P\'s wake returned", n'), 0)));
    vscode.debug.addBreakpoints([bp]);
    try {
      await vscode.debug.startDebugging(undefined, { type: 'futex', request: 'launch', name: 'hover', program: doc.uri.fsPath, strategy: 'pinned-page', stopOnEntry: false });
      const s = await recorder.session(0, 'hover');
      await recorder.stopped(s);
      await until('the selected frame', () => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame);
      const text = await until('the value in the hover', async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, offsetPos(doc, "returned\", n", 11)));
        return /at this stop/.test(t) && t;
      });
      // Under pinned-page P's wake reaches C through the COW-shared page: it returns 1.
      assert.match(text, /\*\*n = 1\*\* at this stop/);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
      recorder.dispose();
      await stopAll();
    }
  });
});
