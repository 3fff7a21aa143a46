// The kernel-state views in the Run and Debug container, fed by the KernelStateStore.

import * as vscode from 'vscode';
import type { KernelStateStore } from '../state';
import { LazyHashTableModel } from './hash-lazy';
import type { StopState } from './stop-state';
import type { LazyTreeModel } from './node';
import { LazyPagesModel } from './pages-lazy';
import { KernelTreeProvider, REVEAL_IN_VIEW_COMMAND } from './tree';
import { LazyVmasModel } from './vmas-lazy';
import { LazyWaitersModel } from './waiters-lazy';
import { LazyRobustListsModel } from './robust-lazy';
import { LazyPiLocksModel } from './pi-lazy';
import type { KernelViewProviders } from '../api';

/** View ids, as package.json contributes.views.debug declares them. */
export const VIEW_IDS = {
  hashTable: 'futexlab.hashTable',
  waiters: 'futexlab.waiters',
  vmas: 'futexlab.vmas',
  pages: 'futexlab.pages',
  robustLists: 'futexlab.robustLists',
  piLocks: 'futexlab.piLocks',
} as const;

function register<M extends LazyTreeModel>(
  context: vscode.ExtensionContext,
  store: KernelStateStore,
  id: string,
  build: (stop: StopState, previous: M | undefined) => M | undefined | Promise<M | undefined>,
): KernelTreeProvider<M> {
  const provider = new KernelTreeProvider<M>(build);
  const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  provider.update(store.stop);
  context.subscriptions.push(provider, view, store.onDidChange((s) => provider.update(s)));
  return provider;
}

export function registerKernelViews(context: vscode.ExtensionContext, store: KernelStateStore): KernelViewProviders {
  const providers = {
    // Fetched as shown (issue 9): each view asks for the top level's counts, the pages of the
    // lists it shows and the nodes the user opens, never the whole state.
    hashTable: register(context, store, VIEW_IDS.hashTable, (s, p: LazyHashTableModel | undefined) => new LazyHashTableModel(s, p)),
    waiters: register(context, store, VIEW_IDS.waiters, (s, p: LazyWaitersModel | undefined) => new LazyWaitersModel(s, p)),
    vmas: register(context, store, VIEW_IDS.vmas, (s, p: LazyVmasModel | undefined) => new LazyVmasModel(s, p)),
    pages: register(context, store, VIEW_IDS.pages, (s, p: LazyPagesModel | undefined) => new LazyPagesModel(s, p)),
    robustLists: register(context, store, VIEW_IDS.robustLists, (s, p: LazyRobustListsModel | undefined) => new LazyRobustListsModel(s, p)),
    piLocks: register(context, store, VIEW_IDS.piLocks, (s, p: LazyPiLocksModel | undefined) => new LazyPiLocksModel(s, p)),
  };
  // A waiter's bucket and page, a frame's waiters, the last call's bucket: shown in their view.
  context.subscriptions.push(vscode.commands.registerCommand(REVEAL_IN_VIEW_COMMAND, async (view: unknown, id: unknown) => {
    const provider = typeof view === 'string' && Object.prototype.hasOwnProperty.call(providers, view) ? providers[view as keyof typeof providers] : undefined;
    if (!provider || typeof id !== 'string') return false;
    const shown = await provider.reveal(id);
    if (!shown) void vscode.window.showInformationMessage(`Futex Lab: ${id} is not in the ${view} view at this stop.`);
    return shown;
  }));
  return providers;
}
