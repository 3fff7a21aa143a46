// The vscode side of the kernel-state views: a TreeDataProvider over a KernelTreeModel. The
// models (hash.ts, waiters.ts, vmas.ts, pages.ts) decide everything a node shows; this file only
// turns a ViewNode into a vscode.TreeItem.

import * as vscode from 'vscode';
import { markedDescription, type LazyTreeModel, type ViewNode } from './node';
import type { StopState } from './stop-state';

export const REVEAL_THREAD_COMMAND = 'futexlab.revealThread';
export const REVEAL_IN_VIEW_COMMAND = 'futexlab.revealInView';

/**
 * One view: the current model, built at each stop against the previous one (so changes are
 * marked) when the view first asks for its roots: a view not shown fetches nothing (issue 9).
 */
export class KernelTreeProvider<M extends LazyTreeModel> implements vscode.TreeDataProvider<ViewNode> {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last model built (the previous stop's until the current one is built). */
  private model: M | undefined;
  /** The current stop's model, being built. */
  private pending: Promise<M | undefined> | undefined;
  private stop: StopState | undefined;
  view: vscode.TreeView<ViewNode> | undefined;
  /** The parent of each node handed out since the last stop (TreeView.reveal walks up with it). */
  private readonly parents = new Map<string, ViewNode | undefined>();

  constructor(private readonly build: (stop: StopState, previous: M | undefined) => M | undefined | Promise<M | undefined>) {}

  /** A new stop (undefined: the session ended): the model is built when the view asks for it. */
  update(stop: StopState | undefined): void {
    this.stop = stop;
    this.pending = undefined;
    if (!stop) this.model = undefined;
    this.parents.clear();
    if (this.view && !stop) this.view.description = '';
    this.changed.fire(undefined);
  }

  /** The model of the current stop (built once; a failed fetch leaves the view empty). */
  current(): Promise<M | undefined> {
    const stop = this.stop;
    if (!stop) return Promise.resolve(undefined);
    return (this.pending ??= (async () => {
      let m: M | undefined;
      try {
        m = await this.build(stop, this.model);
      } catch {
        // The session moved on or ended while fetching: the next stop builds again.
        return undefined;
      }
      if (stop !== this.stop) return m;
      this.model = m;
      return m;
    })());
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    let children: ViewNode[] = [];
    try {
      if (!node) {
        const m = await this.current();
        children = m ? await m.roots() : [];
        if (this.view && m) this.view.description = m.summary();
      } else {
        children = node.children ? node.children() : node.load ? await node.load() : [];
      }
    } catch {
      // A page asked for after the session moved on: the refresh that follows shows the new stop.
      return [];
    }
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
  async find(id: string): Promise<ViewNode | undefined> {
    let level = await this.getChildren();
    for (let depth = 0; depth < 4 && level.length > 0; depth++) {
      const hit = level.find((n) => n.id === id);
      if (hit) return hit;
      // A range node of a paged list fetches its page here: the link needs it.
      const ranges = level.filter((n) => n.icon === 'list-flat' && (n.children || n.load));
      level = (await Promise.all(ranges.map((n) => this.getChildren(n)))).flat();
    }
    return undefined;
  }

  /** Show the node `id`: select it, expanded, scrolled into view. False when it is not there. */
  async reveal(id: string): Promise<boolean> {
    const node = await this.find(id);
    if (!node || !this.view) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    // A row whose changed parts are marked shows those; otherwise (new, or changed below) the
    // label is highlighted.
    const partsMarked = !!node.parts?.some((p) => p.changed);
    const label: vscode.TreeItemLabel = node.changed && !partsMarked ? { label: node.label, highlights: [[0, node.label.length]] } : { label: node.label };
    const state = !node.children && !node.load
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
