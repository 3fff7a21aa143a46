// The status-bar item "futex: STRATEGY": the strategy Debug, Run and F5 use when the launch names
// none (the setting futexlab.strategy). Shown while a .futex file is in the editor or a futex
// session runs; a click picks another. During a session it names the strategy the session runs.

import * as vscode from 'vscode';
import { STRATEGY_IDS } from '../session/options';
import { DEBUG_TYPE, LANGUAGE_ID } from './config';
import { summaryLine } from './docs-entry';
import { engine } from './load-engine';
import { SCENARIO_DEFAULT, setDefaultStrategy } from './settings';
import type { KernelStateStore } from './state';

export const PICK_STRATEGY_COMMAND = 'futexlab.pickStrategy';

/** The first paragraph of a strategy's documentation, for the pickers (this one, Explore Schedules). */
export function oneLine(id: string): string {
  const doc = (engine().STRATEGY_DOCS as Record<string, string | undefined>)[id] ?? '';
  return summaryLine(doc);
}

/** Pick the default strategy; `strategy` given (a test, a keybinding's args) sets it directly. */
async function pickStrategy(strategy?: unknown): Promise<string | undefined> {
  let chosen = typeof strategy === 'string' ? strategy : undefined;
  if (chosen !== undefined && chosen !== SCENARIO_DEFAULT && !(STRATEGY_IDS as readonly string[]).includes(chosen)) {
    void vscode.window.showErrorMessage(`Futex Lab: '${chosen}' is not a strategy (expected ${SCENARIO_DEFAULT} or ${STRATEGY_IDS.join(', ')}).`);
    return undefined;
  }
  if (chosen === undefined) {
    const current = vscode.workspace.getConfiguration('futexlab').get<string>('strategy', SCENARIO_DEFAULT);
    const items = [SCENARIO_DEFAULT, ...STRATEGY_IDS].map((id) => ({
      label: id === current ? `$(check) ${id}` : id, id,
      description: id === SCENARIO_DEFAULT ? 'the scenario\'s option strategy, else modern' : '',
      detail: id === SCENARIO_DEFAULT ? undefined : oneLine(id),
    }));
    const pick = await vscode.window.showQuickPick(items, { title: 'Futex Lab: strategy for Debug, Run and F5 (when the launch names none)' });
    chosen = pick?.id;
  }
  if (chosen === undefined) return undefined;
  await setDefaultStrategy(chosen);
  return chosen;
}

export function registerStatusBar(context: vscode.ExtensionContext, store: KernelStateStore): void {
  const item = vscode.window.createStatusBarItem('futexlab.strategy', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Futex Lab strategy';
  item.command = PICK_STRATEGY_COMMAND;
  const update = () => {
    const setting = vscode.workspace.getConfiguration('futexlab').get<string>('strategy', SCENARIO_DEFAULT);
    const running = store.current?.strategy;
    const editor = vscode.window.activeTextEditor?.document.languageId === LANGUAGE_ID;
    const session = vscode.debug.activeDebugSession?.type === DEBUG_TYPE;
    item.text = running ? `$(symbol-key) futex: ${running}` : `$(symbol-key) futex: ${setting === SCENARIO_DEFAULT ? 'scenario\'s strategy' : setting}`;
    item.tooltip = running
      ? `This session runs under ${running}. Click to choose the strategy of the next launch (now: ${setting}).`
      : 'The futex keying strategy of Debug, Run and F5 when the launch names none. Click to choose.';
    if (editor || session || running) item.show();
    else item.hide();
  };
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(PICK_STRATEGY_COMMAND, (strategy?: unknown) => pickStrategy(strategy)),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('futexlab.strategy')) update();
    }),
    vscode.debug.onDidChangeActiveDebugSession(update),
    store.onDidChange(update),
  );
  update();
}
