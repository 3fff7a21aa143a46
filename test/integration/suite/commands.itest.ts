/// <reference types="mocha" />
// Every command package.json contributes, invoked through vscode.commands.executeCommand in the
// extension host, with its effect checked (a session, a panel, an editor selection, a view's
// entry) or, where it cannot act, that it does nothing rather than fail.
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { FailingSchedule } from '../../../src/extension/schedules-model';
import { AdapterRecorder, EXAMPLE, api, exampleUri, extension, lineOf, openExample, stopAll, until } from './helpers';

/** The commands this file tests; the first test checks that it is all of package.json's. */
const TESTED = new Set<string>();
function command(id: string, title: string, fn: () => Promise<void>): void {
  TESTED.add(id);
  it(`${id}: ${title}`, fn);
}

function tabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

function webviewTab(label: string): vscode.Tab | undefined {
  return tabs().find((t) => t.label === label && t.input instanceof vscode.TabInputWebview);
}

async function closeTab(label: string): Promise<void> {
  const t = tabs().find((x) => x.label === label);
  if (t) await vscode.window.tabGroups.close(t);
}

describe('every contributed command', function () {
  this.timeout(90_000);
  const recorder = new AdapterRecorder();
  let failing: FailingSchedule | undefined;

  before(async () => {
    await stopAll();
    await api();
  });

  afterEach(async () => {
    await stopAll();
  });

  after(() => recorder.dispose());

  it('covers every command of package.json', () => {
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    // Registered in the host, not only declared.
    return vscode.commands.getCommands(true).then((all) => {
      for (const c of contributed) assert.ok(all.includes(c), `${c} is contributed but not registered`);
      // Evaluated after the tests below were declared (describe bodies run first).
      assert.deepEqual([...TESTED].sort(), contributed);
    });
  });

  command('futexlab.debugScenario', 'starts a debug session on the scenario, stopped on entry', async () => {
    const seen = recorder.sessions.length;
    await vscode.commands.executeCommand('futexlab.debugScenario', exampleUri());
    const s = await recorder.session(seen, 'Debug Scenario');
    assert.equal(s.configuration.program, exampleUri().fsPath);
    assert.equal((await recorder.stopped(s)).body?.reason, 'entry');
  });

  command('futexlab.runScenario', 'runs the scenario without debugging to its end', async () => {
    const seen = recorder.sessions.length;
    await vscode.commands.executeCommand('futexlab.runScenario', exampleUri());
    const s = await recorder.session(seen, 'Run Scenario');
    assert.equal(s.configuration.noDebug, true);
    await recorder.ended(s);
    // Under the default strategy (modern) P's wake reaches nobody: C is in another mm.
    assert.match(recorder.output(s), /P's wake returned 0/);
    assert.equal(recorder.of(s).filter((e) => e.event === 'stopped').length, 0, 'a run without debugging never stops');
  });

  command('futexlab.compareStrategies', 'opens the comparison of the six strategies beside the scenario', async () => {
    const label = `Compare: ${EXAMPLE}`;
    await closeTab(label);
    await vscode.commands.executeCommand('futexlab.compareStrategies', exampleUri());
    await until(`the "${label}" webview`, () => webviewTab(label));
    await closeTab(label);
  });

  command('futexlab.exploreSchedules', 'finds the counter-example under pinned-page and lists it in Failing Schedules', async () => {
    const { failingSchedules } = await api();
    const outcome = await vscode.commands.executeCommand<{ kind: string; message: string }>('futexlab.exploreSchedules', exampleUri(), { strategy: 'pinned-page' });
    assert.equal(outcome?.kind, 'counterexample', JSON.stringify(outcome));
    assert.match(outcome.message, /^Counter-example under pinned-page: wrong-wakeup at step \d+/);
    const entries = (await failingSchedules.getChildren()) ?? [];
    failing = entries.find((e) => e.file === exampleUri().fsPath && e.strategy === 'pinned-page');
    assert.ok(failing, `no Failing Schedules entry in ${JSON.stringify(entries)}`);
    const item = await failingSchedules.getTreeItem(failing);
    assert.equal(item.label, `${EXAMPLE} under pinned-page`);
    assert.match(String(item.description), /^wrong-wakeup at step \d+ \(P\/main\) · \d+ steps$/);
    assert.equal(item.command?.command, 'futexlab.replaySchedule');
  });

  command('futexlab.exploreSchedules', 'on a scenario with errors: an error, no entry', async () => {
    const { failingSchedules } = await api();
    const before = ((await failingSchedules.getChildren()) ?? []).length;
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'futexlab-it-')), 'broken.futex'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('scenario "broken"\nprocess P {\n'));
    const outcome = await vscode.commands.executeCommand<{ kind: string; message: string }>('futexlab.exploreSchedules', file, { strategy: 'modern' });
    assert.equal(outcome?.kind, 'error', JSON.stringify(outcome));
    assert.match(outcome.message, /broken\.futex:3:\d+: error: /, 'the error names its place');
    assert.equal(((await failingSchedules.getChildren()) ?? []).length, before);
  });

  command('futexlab.replaySchedule', 'replays the failing schedule in the debugger to the wrong wake-up', async () => {
    assert.ok(failing, 'needs the entry Explore Schedules made');
    const seen = recorder.sessions.length;
    await vscode.commands.executeCommand('futexlab.replaySchedule', failing);
    const s = await recorder.session(seen, 'Replay Failing Schedule');
    const replay = s.configuration.replay as { schedule: number[] };
    assert.equal(replay.schedule.length, failing.steps);
    assert.equal(s.configuration.strategy, 'pinned-page');
    const entry = await recorder.stopped(s); // on entry
    await s.customRequest('continue', { threadId: entry.body?.threadId });
    const stop = await recorder.stopped(s, 1);
    assert.equal(stop.body?.reason, 'exception', `stopped for ${JSON.stringify(stop.body)}`);
    const state = (await s.customRequest('futexlab/state')) as { anomalies: { kind: string }[] };
    assert.deepEqual(state.anomalies.map((a) => a.kind), ['wrong-wakeup']);
  });

  command('futexlab.runOnKernel', 'on Linux: the kernel agrees with modern on an example it runs; a refused one is an error with its place', async function () {
    if (process.platform !== 'linux') {
      const o = await vscode.commands.executeCommand<{ kind: string; message: string }>('futexlab.runOnKernel', exampleUri('futex-wait-private.futex'));
      assert.equal(o?.kind, 'error');
      assert.match(o.message, /runs only on Linux/);
      return;
    }
    const same = await vscode.commands.executeCommand<{ kind: string; differences: number; lines: string[] }>('futexlab.runOnKernel', exampleUri('futex-wait-private.futex'));
    assert.equal(same?.kind, 'same', JSON.stringify(same));
    assert.equal(same.differences, 0);
    assert.ok(same.lines.some((l) => /^ {2}P\/main: wake returned 1 +\| P\/main: wake returned 1$/.test(l)), same.lines.join('\n'));
    const refused = await vscode.commands.executeCommand<{ kind: string; message: string }>('futexlab.runOnKernel', exampleUri('page-lock-latency.futex'));
    assert.equal(refused?.kind, 'error', JSON.stringify(refused));
    assert.match(refused.message, /page-lock-latency\.futex:24:5: error: 'lock_page' \(no system call holds a page lock from user space\) is not supported by the native runner yet/);
  });

  command('futexlab.showTimeline', 'without a session: opens nothing', async () => {
    const before = tabs().filter((t) => t.label.startsWith('Timeline: ')).length;
    await vscode.commands.executeCommand('futexlab.showTimeline');
    assert.equal(tabs().filter((t) => t.label.startsWith('Timeline: ')).length, before);
  });

  command('futexlab.showTimeline', 'at a stop: opens the session\'s timeline', async () => {
    const seen = recorder.sessions.length;
    await vscode.commands.executeCommand('futexlab.debugScenario', exampleUri());
    const s = await recorder.session(seen, 'Debug Scenario');
    await recorder.stopped(s);
    const { store } = await api();
    await until('the state of the stop', () => store.session === s && store.current);
    await vscode.commands.executeCommand('futexlab.showTimeline');
    const label = `Timeline: ${s.name}`;
    await until(`the "${label}" webview`, () => webviewTab(label));
    // Restart (same session id, a new adapter): the first stop of the new run redraws the timeline
    // and the views start again from step 0.
    const stops = recorder.of(s).filter((e) => e.event === 'stopped').length;
    await s.customRequest('next', { threadId: (await recorder.stopped(s)).body?.threadId });
    await until('a step', () => store.current && store.current.step > 0);
    const sessionsBefore = recorder.sessions.length;
    await vscode.commands.executeCommand('workbench.action.debug.restart');
    await until('the restarted run at its entry', () => store.current?.step === 0, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}: sessions ${sessionsBefore} -> ${recorder.sessions.length} (${recorder.sessions.map((x) => x.id === s.id ? 'same' : x.id).join(', ')}); stops of s ${stops} -> ${recorder.of(s).filter((x) => x.event === 'stopped').length}; store at ${store.current?.step}, session ${store.session?.id === s.id ? 'same' : store.session?.id}`);
    });
    await until(`the "${label}" webview again`, () => webviewTab(label));
    await stopAll();
    // The ended session's marks would be stale: the page says the session ended.
    await until('the timeline cleared', () => !webviewTab(label) && webviewTab('Timeline (no session)'));
    await closeTab('Timeline (no session)');
  });

  command('futexlab.revealThread', 'selects the waiting thread\'s line in the editor', async () => {
    const doc = await openExample();
    // Stop at P's wake, where C is queued.
    const bp = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(lineOf(doc, 'let n = futex_wake(word, 1)'), 0)));
    const cLine = lineOf(doc, 'let r = futex_wait(word, 0');
    vscode.debug.addBreakpoints([bp]);
    const seen = recorder.sessions.length;
    try {
      await vscode.debug.startDebugging(undefined, { type: 'futex', request: 'launch', name: 'reveal', program: doc.uri.fsPath, stopOnEntry: false });
      const s = await recorder.session(seen, 'reveal');
      assert.equal((await recorder.stopped(s)).body?.reason, 'breakpoint');
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
    const { store } = await api();
    await until('the state of the stop', () => (store.current?.waiterCount ?? 0) > 0);
    // The store holds the top level of the stop; the first bucket is fetched as the views do.
    const [bucket] = (await store.stop?.items<{ waiters: { tid: number; who: string }[] }>('buckets', 0, 1)) ?? [];
    const waiter = bucket?.waiters[0];
    assert.ok(waiter, 'C never queued');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'elsewhere' }));
    await vscode.commands.executeCommand('futexlab.revealThread', { tid: waiter.tid, name: waiter.who });
    // Shown without taking the focus (preserveFocus): look among the visible editors.
    const shown = () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === doc.uri.fsPath && e.selection.start.line === cLine);
    const editor = await until('the scenario shown at C\'s line', () => shown(), 15_000).catch((e: Error) => {
      const seen = vscode.window.visibleTextEditors.map((x) => `${x.document.uri.toString()} @${x.selection.start.line}`);
      throw new Error(`${e.message}; waiter ${JSON.stringify(waiter)}; visible: ${seen.join(', ')}`);
    });
    // C waits in `let r = futex_wait(word, 0, timeout 50)`, line 13.
    assert.equal(editor.selection.start.line, cLine, `selection ${JSON.stringify(editor.selection)}`);
  });

  command('futexlab.pickStrategy', 'sets the strategy of launches that name none, and Debug Scenario uses it', async () => {
    const config = () => vscode.workspace.getConfiguration('futexlab');
    // The setting goes to the workspace (the repository's examples/ here): leave no .vscode behind.
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const dotVscode = folder && vscode.Uri.joinPath(folder, '.vscode');
    const existed = dotVscode ? await vscode.workspace.fs.stat(dotVscode).then(() => true, () => false) : true;
    try {
      assert.equal(await vscode.commands.executeCommand('futexlab.pickStrategy', 'pinned-page'), 'pinned-page');
      assert.equal(config().get('strategy'), 'pinned-page');
      const seen = recorder.sessions.length;
      await vscode.commands.executeCommand('futexlab.debugScenario', exampleUri());
      const s = await recorder.session(seen, 'Debug Scenario under the setting');
      assert.equal(s.configuration.strategy, 'pinned-page');
      await recorder.stopped(s);
      const state = (await s.customRequest('futexlab/state')) as { view: { strategy: string } };
      assert.equal(state.view.strategy, 'pinned-page');
      // Not a strategy: refused, the setting unchanged.
      assert.equal(await vscode.commands.executeCommand('futexlab.pickStrategy', 'linux-1.0'), undefined);
      assert.equal(config().get('strategy'), 'pinned-page');
    } finally {
      await vscode.commands.executeCommand('futexlab.pickStrategy', 'scenario');
      if (!existed && dotVscode) await vscode.workspace.fs.delete(dotVscode, { recursive: true });
    }
    assert.equal(config().get('strategy'), 'scenario');
  });

  command('futexlab.openExample', 'opens the user\'s copy of a shipped example; edits stay in the copy; it runs and debugs', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the integration tests open a folder');
    const copies = vscode.Uri.joinPath(folder, 'futex-examples');
    const copy = vscode.Uri.joinPath(copies, EXAMPLE);
    const bundle = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'out', 'examples.json.br'));
    const shipped = JSON.parse(new TextDecoder().decode(brotliDecompressSync(bundle))) as { examples: Record<string, string> };
    const read = async (u: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
    await vscode.workspace.fs.delete(copies, { recursive: true }).then(undefined, () => undefined);
    try {
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('futexlab.openExample', EXAMPLE);
      // A file of the workspace's futex-examples/ folder with the shipped text, not the extension's own file.
      assert.equal(editor?.document.uri.toString(), copy.toString());
      assert.equal(editor.document.languageId, 'futex');
      assert.equal(editor.document.getText(), shipped.examples[EXAMPLE]);
      // A user's edit, saved: the copy changes, the shipped example does not, and opening the
      // example again shows the user's copy as they left it.
      const edit = '// my note\n';
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), edit));
      assert.ok(await editor.document.save());
      assert.equal(await read(copy), edit + shipped.examples[EXAMPLE]);
      assert.equal(await read(exampleUri()), shipped.examples[EXAMPLE]);
      const again = await vscode.commands.executeCommand<vscode.TextEditor>('futexlab.openExample', EXAMPLE);
      assert.equal(again?.document.uri.toString(), copy.toString());
      assert.equal(again.document.getText(), edit + shipped.examples[EXAMPLE]);
      // Debug and Run of the copy (the active editor, as the editor's buttons do).
      let seen = recorder.sessions.length;
      await vscode.commands.executeCommand('futexlab.debugScenario');
      const debug = await recorder.session(seen, 'Debug Scenario of the copy');
      assert.equal(debug.configuration.program, copy.fsPath);
      assert.equal((await recorder.stopped(debug)).body?.reason, 'entry');
      const frames = (await debug.customRequest('stackTrace', { threadId: (await recorder.stopped(debug)).body?.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { source?: { path?: string } }[] };
      // The stop shows the copy's lines, not the shipped file's.
      assert.ok(frames.stackFrames[0]?.source?.path?.endsWith(`futex-examples/${EXAMPLE}`), JSON.stringify(frames.stackFrames[0]?.source));
      await stopAll();
      seen = recorder.sessions.length;
      await vscode.commands.executeCommand('futexlab.runScenario', copy);
      const run = await recorder.session(seen, 'Run Scenario of the copy');
      await recorder.ended(run);
      assert.match(recorder.output(run), /P's wake returned 0/);
      // A name that is not an example: a clear error, no editor.
      assert.equal(await vscode.commands.executeCommand('futexlab.openExample', 'no-such-example.futex'), undefined);
      // From the palette (no name): the list of all examples, the walkthrough's first; taking the
      // first opens the user's copy, dismissing the list opens nothing.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const picked = vscode.commands.executeCommand<vscode.TextEditor>('futexlab.openExample');
      await new Promise((r) => setTimeout(r, 1500)); // the list reads the examples first
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal((await picked)?.document.uri.toString(), copy.toString());
      const dismissed = vscode.commands.executeCommand<vscode.TextEditor>('futexlab.openExample');
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await dismissed, undefined);
    } finally {
      await stopAll();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(copies, { recursive: true }).then(undefined, () => undefined);
    }
  });

  // Its links are followed at a real stop in debug.itest.ts; here, what it does without one.
  command('futexlab.revealInView', 'without a session: reveals nothing, says so', async () => {
    assert.equal(await vscode.commands.executeCommand('futexlab.revealInView', 'hashTable', 'b78'), false);
    assert.equal(await vscode.commands.executeCommand('futexlab.revealInView', 'nosuchview', 'b78'), false);
  });

  command('futexlab.revealThread', 'without a session: does nothing, no error', async () => {
    await vscode.commands.executeCommand('futexlab.revealThread', { tid: 1, name: 'C/main' });
  });
});
