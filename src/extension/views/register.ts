// The kernel-state views in the Run and Debug container, fed by the KernelStateStore.

import * as vscode from 'vscode';
import type { KernelStateStore } from '../state';
import { LazyHashTableModel } from './hash-lazy';
import type { StopState } from './stop-state';
import type { KernelTreeModel, LazyTreeModel } from './node';
import { PagesModel } from './pages';
import { KernelTreeProvider, REVEAL_IN_VIEW_COMMAND } from './tree';
import { VmasModel } from './vmas';
import { LazyWaitersModel } from './waiters-lazy';
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

/** A view still on the whole-state path: the whole KernelView, fetched once per stop when shown. */
function whole<M extends LazyTreeModel>(make: (view: KernelView, previous: M | undefined) => M) {
  return async (stop: StopState, previous: M | undefined): Promise<M | undefined> => {
    const view = await stop.whole();
    return view && make(view, previous);
  };
}

export function registerKernelViews(context: vscode.ExtensionContext, store: KernelStateStore): KernelViewProviders {
  const providers = {
    // Fetched as shown (issue 9): the buckets, then a bucket's waiters when it is expanded; the
    // waiters by thread. The other views ask for the whole state (once per stop, when shown).
    hashTable: register(context, store, VIEW_IDS.hashTable, (s, p: LazyHashTableModel | undefined) => new LazyHashTableModel(s, p)),
    waiters: register(context, store, VIEW_IDS.waiters, (s, p: LazyWaitersModel | undefined) => new LazyWaitersModel(s, p)),
    vmas: register(context, store, VIEW_IDS.vmas, whole((v, p: VmasModel | undefined) => new VmasModel(v, p))),
    pages: register(context, store, VIEW_IDS.pages, whole((v, p: PagesModel | undefined) => new PagesModel(v, p))),
    robustLists: register(context, store, VIEW_IDS.robustLists, whole((v, p: RobustListsModel | undefined) => new RobustListsModel(v, p))),
    piLocks: register(context, store, VIEW_IDS.piLocks, whole((v, p: PiLocksModel | undefined) => new PiLocksModel(v, p))),
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
