// The vscode side of the kernel-state views: a TreeDataProvider over a KernelTreeModel. The
// models (hash.ts, waiters.ts, vmas.ts, pages.ts) decide everything a node shows; this file only
// turns a ViewNode into a vscode.TreeItem.

import * as vscode from 'vscode';
import type { KernelView } from '../../kernel/snapshot';
import type { KernelTreeModel, ViewNode } from './node';

export const REVEAL_THREAD_COMMAND = 'futexlab.revealThread';

/** One view: the current model, rebuilt at each stop from the new KernelView and the old model. */
export class KernelTreeProvider<M extends KernelTreeModel> implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: M | undefined;
  view: vscode.TreeView<ViewNode> | undefined;

  constructor(private readonly build: (view: KernelView, previous: M | undefined) => M) {}

  /** A new stop: rebuild the model against the previous one, so changes are marked. */
  update(view: KernelView | undefined): void {
    this.model = view ? this.build(view, this.model) : undefined;
    if (this.view) this.view.description = this.model?.summary() ?? '';
    this.changed.fire(undefined);
  }

  getChildren(node?: ViewNode): ViewNode[] {
    if (!node) return this.model?.roots() ?? [];
    return node.children ? node.children() : [];
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const label: vscode.TreeItemLabel = node.changed ? { label: node.label, highlights: [[0, node.label.length]] } : { label: node.label };
    const state = !node.children
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(label, state);
    item.id = node.id;
    item.description = node.changed ? `● ${node.description ?? ''}` : node.description;
    item.tooltip = node.changed ? `${node.tooltip ?? node.label}\n(changed since the last stop)` : node.tooltip;
    if (node.icon) {
      const color = node.changed ? 'charts.yellow' : node.iconColor;
      item.iconPath = new vscode.ThemeIcon(node.icon, color ? new vscode.ThemeColor(color) : undefined);
    }
    item.contextValue = node.contextValue;
    if (node.thread) {
      item.command = { command: REVEAL_THREAD_COMMAND, title: 'Show Thread', arguments: [node.thread] };
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
