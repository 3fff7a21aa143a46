// The kernel-state views in the Run and Debug container, fed by the KernelStateStore.

import * as vscode from 'vscode';
import type { KernelStateStore } from '../state';
import { HashTableModel } from './hash';
import type { KernelTreeModel } from './node';
import { PagesModel } from './pages';
import { KernelTreeProvider, REVEAL_IN_VIEW_COMMAND } from './tree';
import { VmasModel } from './vmas';
import { WaitersModel } from './waiters';
import { RobustListsModel } from './robust';
import { PiLocksModel } from './pi';
import type { KernelView } from '../../kernel/snapshot';
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

function register<M extends KernelTreeModel>(
  context: vscode.ExtensionContext,
  store: KernelStateStore,
  id: string,
  build: (view: KernelView, previous: M | undefined) => M,
): KernelTreeProvider<M> {
  const provider = new KernelTreeProvider<M>(build);
  const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;
  provider.update(store.current);
  context.subscriptions.push(provider, view, store.onDidChange((v) => provider.update(v)));
  return provider;
}

export function registerKernelViews(context: vscode.ExtensionContext, store: KernelStateStore): KernelViewProviders {
  const providers = {
    hashTable: register(context, store, VIEW_IDS.hashTable, (v, p: HashTableModel | undefined) => new HashTableModel(v, p)),
    waiters: register(context, store, VIEW_IDS.waiters, (v, p: WaitersModel | undefined) => new WaitersModel(v, p)),
    vmas: register(context, store, VIEW_IDS.vmas, (v, p: VmasModel | undefined) => new VmasModel(v, p)),
    pages: register(context, store, VIEW_IDS.pages, (v, p: PagesModel | undefined) => new PagesModel(v, p)),
    robustLists: register(context, store, VIEW_IDS.robustLists, (v, p: RobustListsModel | undefined) => new RobustListsModel(v, p)),
    piLocks: register(context, store, VIEW_IDS.piLocks, (v, p: PiLocksModel | undefined) => new PiLocksModel(v, p)),
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
