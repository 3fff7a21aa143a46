// Futex Lab's VS Code extension: activation wires the debug adapter and its configurations, the
// commands, the kernel-state views and the editing features. Everything here is glue; the logic
// lives in pure modules (config.ts, language.ts, protocol.ts, views/*.ts) that the tests call.

import type * as vscode from 'vscode';
import type { FutexLabApi } from './api';
import { registerDebugAdapter } from './adapter';
import { registerCommands } from './commands';
import { registerEditorFeatures } from './editor';
import { KernelStateStore } from './state';
import { registerKernelViews } from './views/register';
import { registerStatusBar } from './statusbar';
import { registerTimeline } from './timeline';

export function activate(context: vscode.ExtensionContext): FutexLabApi {
  const store = new KernelStateStore();
  context.subscriptions.push(store);
  registerDebugAdapter(context);
  const failingSchedules = registerCommands(context, store);
  const views = registerKernelViews(context, store);
  registerEditorFeatures(context);
  registerTimeline(context, store);
  registerStatusBar(context, store);
  return { store, views, failingSchedules };
}

export function deactivate(): void {
  // Every registration is in context.subscriptions, disposed by VS Code.
}
