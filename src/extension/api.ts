// What activate() returns (vscode.Extension.exports): the live objects behind the views, so that
// the integration suite (test/integration) can read the four kernel-state views' data through
// their TreeDataProviders, as VS Code itself does, at a real stop of a real session. Nothing in
// the extension reads these; they are for tests and for other extensions that want the state.

import type * as vscode from 'vscode';
import type { FailingSchedulesProvider } from './schedules-view';
import type { KernelStateStore } from './state';
import type { ViewNode } from './views/node';

export interface KernelViewProviders {
  hashTable: vscode.TreeDataProvider<ViewNode>;
  waiters: vscode.TreeDataProvider<ViewNode>;
  vmas: vscode.TreeDataProvider<ViewNode>;
  pages: vscode.TreeDataProvider<ViewNode>;
}

export interface FutexLabApi {
  /** The kernel state of the active futex session (updated at every stop, cleared at its end). */
  store: KernelStateStore;
  /** The four kernel-state views, by the key of VIEW_IDS (views/register.ts). */
  views: KernelViewProviders;
  /** The Failing Schedules view. */
  failingSchedules: FailingSchedulesProvider;
}
