// How a `futex` debug session starts: the configuration provider (F5 on a `.futex` file just
// works; config.ts decides) and the adapter factory. The adapter runs inline in the extension
// host by default (ARCHITECTURE.md), and as a separate process (out/debugAdapter.js) when the
// setting `futexlab.debugAdapter` is `process` (the DAP tests speak to it over stdio).

import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE, LANGUAGE_ID, checkProgram, dynamicConfigurations, resolveLaunchConfig } from './config';
import { engine } from './load-engine';
import { withLaunchDefaults } from './settings';

class FutexAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly context: vscode.ExtensionContext) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    const mode = vscode.workspace.getConfiguration('futexlab').get<string>('debugAdapter', 'inline');
    if (mode === 'inline') return new vscode.DebugAdapterInlineImplementation(new (engine().FutexDebugSession)());
    // process.execPath is node under code-server and Electron under the desktop app, where
    // ELECTRON_RUN_AS_NODE makes it behave as node.
    return new vscode.DebugAdapterExecutable(process.execPath, [this.context.asAbsolutePath('out/debugAdapter.js')], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

function activeFile(): { path: string; languageId: string } | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc ? { path: doc.uri.fsPath, languageId: doc.languageId } : undefined;
}

/** The Problems view's command (VS Code's own id). */
const SHOW_PROBLEMS = 'workbench.actions.view.problems';

async function readProgram(path: string): Promise<string | undefined> {
  const uri = vscode.Uri.file(path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * No provideDebugConfigurations here: package.json's initialConfigurations fill a new
 * launch.json, and offering them again made VS Code write each one twice.
 */
class FutexConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const r = resolveLaunchConfig(config, activeFile());
    if (r.kind === 'error') {
      void (r.attribute ? showConfigError(r.message) : vscode.window.showErrorMessage(r.message));
      return undefined; // cancels the launch
    }
    // The settings' strategy and schedule where the launch names none (a replay has its own).
    return r.config.replay === undefined ? withLaunchDefaults(r.config) : r.config;
  }

  /** With ${file} substituted: refuse a program that is not a runnable scenario, in one line. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const program = typeof config.program === 'string' ? config.program : '';
    const path = isAbsolute(program) || !folder ? program : join(folder.uri.fsPath, program);
    const check = checkProgram(program, program.endsWith('.futex') ? await readProgram(path) : undefined);
    // An unreadable file is the adapter's to report, with the path it resolved.
    if (check.kind === 'ok' || check.kind === 'unreadable') return config;
    if (check.kind !== 'errors') {
      void vscode.window.showErrorMessage(check.message);
      return undefined; // cancels the launch without the "Open launch.json" modal
    }
    void showErrors(path, check.message);
    return undefined;
  }
}

/** The command that opens launch.json (VS Code's own id; its "Open 'launch.json'" button runs it). */
const OPEN_LAUNCH_JSON = 'workbench.action.debug.configure';

/**
 * A wrong value in a launch configuration: the way out is launch.json, as the adapter's own launch
 * errors offer it (their modal has "Open 'launch.json'"); this toast had no button.
 */
async function showConfigError(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open launch.json');
  if (choice === 'Open launch.json') await vscode.commands.executeCommand(OPEN_LAUNCH_JSON);
}

/** A scenario with errors: the way out is the Problems view, with the file open so it is listed. */
async function showErrors(program: string, message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Show Problems');
  if (choice !== 'Show Problems') return;
  await vscode.window.showTextDocument(vscode.Uri.file(program), { preview: true });
  await vscode.commands.executeCommand(SHOW_PROBLEMS);
}

/** "Debug <file>" for each open scenario, in the Run and Debug view's dropdown. */
class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const files = vscode.workspace.textDocuments
      .filter((d) => d.languageId === LANGUAGE_ID && d.uri.scheme === 'file')
      .map((d) => ({ path: d.uri.fsPath, label: vscode.workspace.asRelativePath(d.uri) }));
    return dynamicConfigurations(files);
  }
}

export function registerDebugAdapter(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new FutexAdapterFactory(context)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new FutexConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
