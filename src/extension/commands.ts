// The "Futex Lab" commands: Debug scenario, Run scenario, Compare strategies, Explore schedules,
// and the views' "show this waiter's thread".

import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { STRATEGY_IDS } from '../session/options';
import { compareHtml } from './compare-html';
import { compareArgs, compareOutcome, exploreArgs, exploreOutcome, replayConfig, type TraceFile } from './explore-result';
import { FailingSchedulesProvider, REPLAY_SCHEDULE_COMMAND } from './schedules-view';
import type { FailingSchedule } from './schedules-model';
import { LANGUAGE_ID, configForFile } from './config';
import { dapThreadId, frameSelection, type DapFrame } from './protocol';
import type { KernelStateStore } from './state';
import { REVEAL_THREAD_COMMAND } from './views/tree';

/** The scenario a command acts on: its argument (CodeLens, explorer menu) or the active editor. */
function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === LANGUAGE_ID || doc.uri.path.endsWith('.futex'))) return doc.uri;
  void vscode.window.showWarningMessage('Futex Lab: open a .futex scenario first.');
  return undefined;
}

/** The debugger and the explorer read the file from disk: save unsaved edits first. */
async function saveIfDirty(uri: vscode.Uri): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
}

async function startScenario(arg: unknown, noDebug: boolean): Promise<void> {
  const uri = targetUri(arg);
  if (!uri) return;
  await saveIfDirty(uri);
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), configForFile(uri.fsPath, noDebug), { noDebug });
}

let comparePanel: vscode.WebviewPanel | undefined;

async function compareStrategies(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const uri = targetUri(arg);
  if (!uri) return;
  const file = vscode.workspace.asRelativePath(uri);
  await saveIfDirty(uri);
  const args = compareArgs(context.asAbsolutePath('out/cli.js'), uri.fsPath);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Futex Lab: comparing the strategies on ${file}`, cancellable: true },
    (_progress, token) => runCli(args, token),
  );
  const outcome = compareOutcome(result.code, result.stdout);
  if ('error' in outcome) {
    void vscode.window.showErrorMessage(`Futex Lab: ${outcome.error}`);
    return;
  }
  const runs = outcome.runs;
  if (!comparePanel) {
    comparePanel = vscode.window.createWebviewPanel('futexlab.compare', 'Compare strategies', vscode.ViewColumn.Beside, { enableScripts: false });
    comparePanel.onDidDispose(() => (comparePanel = undefined));
  }
  comparePanel.title = `Compare: ${uri.path.split('/').pop()}`;
  comparePanel.webview.html = compareHtml(runs, file, comparePanel.webview.cspSource);
  comparePanel.reveal(undefined, true);
}

/** Ask which strategy to explore under: the scenario's own, or one of the six. */
async function pickStrategy(): Promise<{ strategy: string | undefined } | undefined> {
  const items = [{ label: 'scenario default', description: 'option strategy, else modern', strategy: undefined as string | undefined },
    ...STRATEGY_IDS.map((s) => ({ label: s, description: '', strategy: s as string | undefined }))];
  const pick = await vscode.window.showQuickPick(items, { title: 'Explore schedules under which strategy?' });
  return pick ? { strategy: pick.strategy } : undefined;
}

/** Run the command-line tool in a child process; Cancel kills it. */
function runCli(args: string[], token: vscode.CancellationToken): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
    token.onCancellationRequested(() => child.kill());
  });
}

async function exploreSchedules(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const uri = targetUri(arg);
  if (!uri) return;
  const choice = await pickStrategy();
  if (!choice) return;
  await saveIfDirty(uri);
  const storage = context.storageUri ?? context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(storage);
  const name = uri.path.split('/').pop() ?? 'scenario.futex';
  const trace = vscode.Uri.joinPath(storage, `${name}.${choice.strategy ?? 'default'}.trace.json`).fsPath;
  const args = exploreArgs(context.asAbsolutePath('out/cli.js'), uri.fsPath, trace, choice.strategy);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Futex Lab: exploring the schedules of ${name}`, cancellable: true },
    (_progress, token) => runCli(args, token),
  );
  const outcome = exploreOutcome(result.code, result.stdout);
  if (outcome.kind === 'counterexample') {
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(trace)))) as TraceFile;
    schedules?.model.add({ file: uri.fsPath, strategy: choice.strategy, trace, message: outcome.message, steps: written.schedule.length });
    schedules?.update();
    const answer = await vscode.window.showWarningMessage(outcome.message, 'Debug It');
    if (!answer) return;
    await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), replayConfig(uri.fsPath, written, choice.strategy));
  } else if (outcome.kind === 'error') {
    void vscode.window.showErrorMessage(`Futex Lab: ${outcome.message}`);
  } else {
    if (outcome.kind === 'ok') {
      schedules?.model.clear(uri.fsPath, choice.strategy);
      schedules?.update();
    }
    void vscode.window.showInformationMessage(`Futex Lab: ${outcome.message}`);
  }
}

/** The Failing Schedules view, set up by registerCommands. */
let schedules: FailingSchedulesProvider | undefined;

async function replaySchedule(s: FailingSchedule): Promise<void> {
  const uri = vscode.Uri.file(s.file);
  const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(s.trace)))) as TraceFile;
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), replayConfig(s.file, written, s.strategy));
}

/** Select a waiter's thread: open its current frame's line in the editor. */
async function revealThread(store: KernelStateStore, target: { tid: number; name: string }): Promise<void> {
  const session = store.session ?? vscode.debug.activeDebugSession;
  if (!session || !target) return;
  try {
    const { threads } = (await session.customRequest('threads')) as { threads: { id: number; name: string }[] };
    const threadId = dapThreadId(threads ?? [], target);
    if (threadId === undefined) return;
    const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames?: DapFrame[] };
    const sel = frameSelection(trace.stackFrames?.[0]);
    if (!sel) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(sel.path));
    const range = new vscode.Range(sel.start.line, sel.start.character, sel.end.line, sel.end.character);
    await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: true, preview: true });
  } catch {
    // The session moved on or ended while we asked; nothing to show.
  }
}

export function registerCommands(context: vscode.ExtensionContext, store: KernelStateStore): void {
  schedules = new FailingSchedulesProvider();
  context.subscriptions.push(
    vscode.window.createTreeView('futexlab.failingSchedules', { treeDataProvider: schedules }),
    vscode.commands.registerCommand(REPLAY_SCHEDULE_COMMAND, (s: FailingSchedule) => replaySchedule(s)),
    vscode.commands.registerCommand('futexlab.debugScenario', (arg) => startScenario(arg, false)),
    vscode.commands.registerCommand('futexlab.runScenario', (arg) => startScenario(arg, true)),
    vscode.commands.registerCommand('futexlab.compareStrategies', (arg) => compareStrategies(context, arg)),
    vscode.commands.registerCommand('futexlab.exploreSchedules', (arg) => exploreSchedules(context, arg)),
    vscode.commands.registerCommand(REVEAL_THREAD_COMMAND, (target) => revealThread(store, target)),
    { dispose: () => comparePanel?.dispose() },
  );
}
