// The vscode side of the kernel-state views: a TreeDataProvider over a KernelTreeModel. The
// models (hash.ts, waiters.ts, vmas.ts, pages.ts) decide everything a node shows; this file only
// turns a ViewNode into a vscode.TreeItem.

import * as vscode from 'vscode';
import type { KernelView } from '../../kernel/snapshot';
import { markedDescription, type KernelTreeModel, type ViewNode } from './node';

export const REVEAL_THREAD_COMMAND = 'futexlab.revealThread';
export const REVEAL_IN_VIEW_COMMAND = 'futexlab.revealInView';

/** One view: the current model, rebuilt at each stop from the new KernelView and the old model. */
export class KernelTreeProvider<M extends KernelTreeModel> implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: M | undefined;
  view: vscode.TreeView<ViewNode> | undefined;
  /** The parent of each node handed out since the last stop (TreeView.reveal walks up with it). */
  private readonly parents = new Map<string, ViewNode | undefined>();

  constructor(private readonly build: (view: KernelView, previous: M | undefined) => M) {}

  /** A new stop: rebuild the model against the previous one, so changes are marked. */
  update(view: KernelView | undefined): void {
    this.model = view ? this.build(view, this.model) : undefined;
    this.parents.clear();
    if (this.view) this.view.description = this.model?.summary() ?? '';
    this.changed.fire(undefined);
  }

  getChildren(node?: ViewNode): ViewNode[] {
    const children = !node ? this.model?.roots() ?? [] : node.children ? node.children() : [];
    for (const c of children) this.parents.set(c.id, node);
    return children;
  }

  getParent(node: ViewNode): ViewNode | undefined {
    return this.parents.get(node.id);
  }

  /**
   * The node `id` among the roots, looking into range nodes (`[0 .. 999]`) of a long list: the
   * links lead to roots (a bucket, a waiter, a frame).
   */
  find(id: string): ViewNode | undefined {
    let level = this.getChildren();
    for (let depth = 0; depth < 4 && level.length > 0; depth++) {
      const hit = level.find((n) => n.id === id);
      if (hit) return hit;
      level = level.filter((n) => n.icon === 'list-flat' && n.children).flatMap((n) => this.getChildren(n));
    }
    return undefined;
  }

  /** Show the node `id`: select it, expanded, scrolled into view. False when it is not there. */
  async reveal(id: string): Promise<boolean> {
    const node = this.find(id);
    if (!node || !this.view) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    // A row whose changed parts are marked shows those; otherwise (new, or changed below) the
    // label is highlighted.
    const partsMarked = !!node.parts?.some((p) => p.changed);
    const label: vscode.TreeItemLabel = node.changed && !partsMarked ? { label: node.label, highlights: [[0, node.label.length]] } : { label: node.label };
    const state = !node.children
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(label, state);
    item.id = node.id;
    item.description = partsMarked ? markedDescription(node) : node.changed ? `● ${node.description ?? ''}` : node.description;
    item.tooltip = node.changed ? `${node.tooltip ?? node.label}\n(changed since the last stop)` : node.tooltip;
    if (node.icon) {
      const color = node.changed ? 'charts.yellow' : node.iconColor;
      item.iconPath = new vscode.ThemeIcon(node.icon, color ? new vscode.ThemeColor(color) : undefined);
    }
    item.contextValue = node.contextValue;
    if (node.thread) {
      item.command = { command: REVEAL_THREAD_COMMAND, title: 'Show Thread', arguments: [node.thread] };
    } else if (node.link) {
      item.command = { command: REVEAL_IN_VIEW_COMMAND, title: node.link.title, arguments: [node.link.view, node.link.id] };
      item.tooltip = `${item.tooltip ?? node.description ?? node.label}\n${node.link.title} (click)`;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
