// The user's Futex Lab settings (package.json contributes.configuration), read where a launch,
// an exploration or the CodeLens needs them. `scenario` means "what the scenario says" (its
// `option strategy` / `option schedule`, else modern / fifo): nothing is overridden.

import * as vscode from 'vscode';
import type { FutexLaunchConfig } from './config';

export const SCENARIO_DEFAULT = 'scenario';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('futexlab');
}

/** The strategy and schedule a launch that names none runs under (empty: the scenario's). */
export function launchDefaults(): Pick<FutexLaunchConfig, 'strategy' | 'schedule'> {
  const strategy = section().get<string>('strategy', SCENARIO_DEFAULT);
  const schedule = section().get<string>('schedule', SCENARIO_DEFAULT);
  return {
    ...(strategy && strategy !== SCENARIO_DEFAULT ? { strategy } : {}),
    ...(schedule && schedule !== SCENARIO_DEFAULT ? { schedule } : {}),
  };
}

/** A launch configuration with the default strategy and schedule where it names none. */
export function withLaunchDefaults<C extends { strategy?: unknown; schedule?: unknown }>(config: C): C {
  const d = launchDefaults();
  return { ...config, ...(config.strategy === undefined && d.strategy ? { strategy: d.strategy } : {}), ...(config.schedule === undefined && d.schedule ? { schedule: d.schedule } : {}) };
}

/** The explorer's state budget (`--max-states`), or undefined for the command line's default. */
export function exploreMaxStates(): number | undefined {
  const n = section().get<number>('explore.maxStates', 0);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function codeLensEnabled(): boolean {
  return section().get<boolean>('codeLens.enabled', true);
}

/** Set the default strategy (the status-bar item's pick), in the workspace when there is one. */
export async function setDefaultStrategy(strategy: string): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  // `scenario` is the default: remove the entry rather than write the default out.
  await section().update('strategy', strategy === SCENARIO_DEFAULT ? undefined : strategy, target);
}
