// The "Futex Lab" commands: Debug scenario, Run scenario, Compare strategies, Explore schedules,
// Run on this kernel, and the views' "show this waiter's thread".

import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { STRATEGY_IDS } from '../session/options';
import { compareHtml } from './compare-html';
import { EXAMPLES_BUNDLE, copyTarget, exampleItems, parseExampleBundle } from './examples';
import { compareArgs, compareOutcome, exploreArgs, exploreOutcome, exploreProgress, progressMessage, replayConfig, type ExploreOutcome, type TraceFile } from './explore-result';
import { FailingSchedulesProvider, REPLAY_SCHEDULE_COMMAND } from './schedules-view';
import { diffArgs } from './kernel-lens';
import type { KernelDiffOutcome } from './kernel-diff';
import { engine } from './load-engine';
import type { FailingSchedule } from './schedules-model';
import { LANGUAGE_ID, configForFile } from './config';
import { dapThreadId, frameSelection, type DapFrame } from './protocol';
import { exploreMaxStates, launchDefaults } from './settings';
import { oneLine } from './statusbar';
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

let kernelChannel: vscode.OutputChannel | undefined;

/**
 * "Run on this kernel": `futexlab diff FILE --json` in a child process (cancellable, the host
 * never waits on it); the two runs side by side in the "Futex Lab: Kernel" output channel. The
 * outcome is the command's result (the integration tests read it).
 */
async function runOnKernel(context: vscode.ExtensionContext, arg: unknown): Promise<KernelDiffOutcome | undefined> {
  const uri = targetUri(arg);
  if (!uri) return undefined;
  const file = vscode.workspace.asRelativePath(uri);
  await saveIfDirty(uri);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Futex Lab: running ${file} on this kernel`, cancellable: true },
    (_progress, token) => runCli(diffArgs(context.asAbsolutePath('out/cli.js'), uri.fsPath), token),
  );
  const outcome = engine().kernelDiffOutcome(result.code, result.stdout, file);
  if (outcome.kind === 'error') {
    void vscode.window.showErrorMessage(`Futex Lab: ${outcome.message}`);
    return outcome;
  }
  kernelChannel ??= vscode.window.createOutputChannel('Futex Lab: Kernel');
  kernelChannel.clear();
  for (const line of outcome.lines) kernelChannel.appendLine(line);
  kernelChannel.show(true);
  if (outcome.kind === 'same') void vscode.window.showInformationMessage(`Futex Lab: ${outcome.message}`);
  else void vscode.window.showWarningMessage(`Futex Lab: ${outcome.message}`);
  return outcome;
}

/** Ask which strategy to explore under: the scenario's own, or one of the six (the setting's first). */
async function pickStrategy(): Promise<{ strategy: string | undefined } | undefined> {
  const preferred = launchDefaults().strategy;
  const items = [{ label: 'scenario default', description: 'option strategy, else modern', strategy: undefined as string | undefined },
    ...STRATEGY_IDS.map((s) => ({ label: s, description: s === preferred ? 'the futexlab.strategy setting' : '', detail: oneLine(s), strategy: s as string | undefined }))];
  if (preferred) items.sort((a, b) => (b.strategy === preferred ? 1 : 0) - (a.strategy === preferred ? 1 : 0));
  const pick = await vscode.window.showQuickPick(items, { title: 'Explore schedules under which strategy?' });
  return pick ? { strategy: pick.strategy } : undefined;
}

/** Run the command-line tool in a child process (compare, diff); Cancel kills it. */
function runCli(args: string[], token: vscode.CancellationToken): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
    token.onCancellationRequested(() => child.kill());
  });
}

/**
 * Run the explorer in a child process, its progress lines shown as they come. Cancel sends SIGINT,
 * which the explorer takes as "stop and report what was covered" (src/cli/explore.ts).
 */
function runExplorer(args: string[], token: vscode.CancellationToken, progress: vscode.Progress<{ message?: string }>):
  Promise<{ code: number | null; stdout: string; stderr: string; cancelled: boolean }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let last: ReturnType<typeof exploreProgress>;
    const show = () => progress.report({ message: progressMessage(last, (Date.now() - started) / 1000) });
    const child = execFile(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      clearInterval(ticker);
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr, cancelled: token.isCancellationRequested });
    });
    // Whole lines only: a chunk may end inside one.
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) last = exploreProgress(line) ?? last;
      show();
    });
    // The elapsed time moves even between the explorer's progress lines.
    const ticker = setInterval(show, 1000);
    show();
    token.onCancellationRequested(() => child.kill('SIGINT'));
  });
}

/** What "Explore Schedules" found; the integration tests read it (the command's result). */
export type ExploreCommandResult = ExploreOutcome | undefined;

async function exploreSchedules(context: vscode.ExtensionContext, arg: unknown, options?: { strategy?: string }): Promise<ExploreCommandResult> {
  const uri = targetUri(arg);
  if (!uri) return undefined;
  // A caller (a test, another extension) may name the strategy; a user picks it.
  const choice = options && 'strategy' in options ? { strategy: options.strategy } : await pickStrategy();
  if (!choice) return undefined;
  await saveIfDirty(uri);
  const storage = context.storageUri ?? context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(storage);
  const name = uri.path.split('/').pop() ?? 'scenario.futex';
  const trace = vscode.Uri.joinPath(storage, `${name}.${choice.strategy ?? 'default'}.trace.json`).fsPath;
  const args = exploreArgs(context.asAbsolutePath('out/cli.js'), uri.fsPath, trace, choice.strategy, exploreMaxStates());
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Futex Lab: exploring the schedules of ${name}`, cancellable: true },
    (progress, token) => runExplorer(args, token, progress),
  );
  const outcome = exploreOutcome(result.code, result.stdout, result.cancelled);
  if (outcome.kind === 'counterexample') {
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(trace)))) as TraceFile;
    schedules?.model.add({ file: uri.fsPath, strategy: choice.strategy, trace, message: outcome.message, steps: written.schedule.length, failure: outcome.failure });
    schedules?.update();
    // Not awaited: the command is done when the search is; the question stays until answered.
    void vscode.window.showWarningMessage(outcome.message, 'Debug It').then(async (answer) => {
      if (answer) await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), replayConfig(uri.fsPath, written, choice.strategy));
    });
  } else if (outcome.kind === 'error') {
    void vscode.window.showErrorMessage(`Futex Lab: ${outcome.message}`);
  } else {
    if (outcome.kind === 'ok') {
      schedules?.model.clear(uri.fsPath, choice.strategy);
      schedules?.update();
    }
    void vscode.window.showInformationMessage(`Futex Lab: ${outcome.message}`);
  }
  return outcome;
}

/** The Failing Schedules view, set up by registerCommands. */
let schedules: FailingSchedulesProvider | undefined;

async function replaySchedule(s: FailingSchedule): Promise<void> {
  const uri = vscode.Uri.file(s.file);
  const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(s.trace)))) as TraceFile;
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(uri), replayConfig(s.file, written, s.strategy));
}

/**
 * A DAP source path as a Uri. In a remote window (code-server, Remote-SSH) VS Code hands the
 * frames' paths over as URIs (`vscode-remote://host/abs/path`); Uri.file on one made a path that
 * does not exist, and the thread's line never opened.
 */
function sourceUri(path: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(path) ? vscode.Uri.parse(path) : vscode.Uri.file(path);
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
    const doc = await vscode.workspace.openTextDocument(sourceUri(sel.path));
    const range = new vscode.Range(sel.start.line, sel.start.character, sel.end.line, sel.end.character);
    await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: true, preview: true });
  } catch (e) {
    // The session may have moved on or ended while we asked: say so in one line, not a stack.
    void vscode.window.showWarningMessage(`Futex Lab: cannot show ${target.name}'s line: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The shipped examples (out/examples.json.br, examples.ts). */
async function shippedExamples(context: vscode.ExtensionContext): Promise<{ name: string; text: string }[]> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, EXAMPLES_BUNDLE));
  const { brotliDecompressSync } = await import('node:zlib'); // not at activation
  return parseExampleBundle(bytes, (b) => brotliDecompressSync(b));
}

/** The shipped examples, to pick one from (examples.ts). */
async function pickExample(examples: { name: string; text: string }[]): Promise<string | undefined> {
  const items = exampleItems(examples).map((e) => ({ label: e.file, detail: e.title, file: e.file }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Futex Lab: open an example', matchOnDetail: true, placeHolder: 'Type to filter by file name or title' });
  return pick?.file;
}

/** The user's copy of an example (examples.ts copyTarget): written once, then opened as it is. */
async function exampleCopy(context: vscode.ExtensionContext, file: string, text: string): Promise<vscode.Uri> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  const target = copyTarget(file, folder !== undefined);
  const uri = vscode.Uri.joinPath(target.base === 'workspace' ? folder!.uri : context.globalStorageUri, ...target.segments);
  try {
    await vscode.workspace.fs.stat(uri);
    return uri; // the user's copy, with their edits: never overwritten
  } catch {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    vscode.window.setStatusBarMessage(`Futex Lab: ${file} copied to ${target.base === 'workspace' ? vscode.workspace.asRelativePath(uri) : uri.fsPath}`, 8000);
    return uri;
  }
}

/**
 * Open one of the examples shipped with the extension: `name` (the Get Started walkthrough passes
 * cow-fork-wrong-wakeup.futex), else the one picked from the list of all of them. The editor
 * shows the user's copy (exampleCopy): Run, Debug, Compare and Explore read that file.
 */
async function openExample(context: vscode.ExtensionContext, name: unknown): Promise<vscode.TextEditor | undefined> {
  let file: string | undefined = typeof name === 'string' ? name : undefined;
  try {
    const examples = await shippedExamples(context);
    if (file === undefined) file = await pickExample(examples);
    if (file === undefined) return undefined; // the list was dismissed
    const example = examples.find((e) => e.name === file);
    if (!example) {
      void vscode.window.showErrorMessage(`Futex Lab: there is no example named ${file} (Futex Lab: Open Example lists them)`);
      return undefined;
    }
    const uri = await exampleCopy(context, example.name, example.text);
    return await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  } catch (e) {
    void vscode.window.showErrorMessage(`Futex Lab: cannot open the example${file ? ` ${file}` : 's'}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export function registerCommands(context: vscode.ExtensionContext, store: KernelStateStore): FailingSchedulesProvider {
  schedules = new FailingSchedulesProvider();
  context.subscriptions.push(
    vscode.window.createTreeView('futexlab.failingSchedules', { treeDataProvider: schedules }),
    vscode.commands.registerCommand(REPLAY_SCHEDULE_COMMAND, (s: FailingSchedule) => replaySchedule(s)),
    vscode.commands.registerCommand('futexlab.debugScenario', (arg) => startScenario(arg, false)),
    vscode.commands.registerCommand('futexlab.runScenario', (arg) => startScenario(arg, true)),
    vscode.commands.registerCommand('futexlab.compareStrategies', (arg) => compareStrategies(context, arg)),
    vscode.commands.registerCommand('futexlab.exploreSchedules', (arg, options) => exploreSchedules(context, arg, options)),
    vscode.commands.registerCommand('futexlab.runOnKernel', (arg) => runOnKernel(context, arg)),
    vscode.commands.registerCommand(REVEAL_THREAD_COMMAND, (target) => revealThread(store, target)),
    vscode.commands.registerCommand('futexlab.openExample', (name) => openExample(context, name)),
    { dispose: () => comparePanel?.dispose() },
    { dispose: () => kernelChannel?.dispose() },
  );
  return schedules;
}
