// The pure model of the kernel-state tree views: what a node shows, how its children are built
// (lazily, on expansion), and how a view knows what changed since the last stop.
//
// No `vscode` import: views/tree.ts turns a ViewNode into a vscode.TreeItem. Each view module
// (hash.ts, waiters.ts, vmas.ts, pages.ts) builds ViewNodes from a KernelView, the plain snapshot
// of kernel/snapshot.ts, and from the Changes of its items against the previous stop.
//
// Responsiveness (10,000 waiters): a view computes one signature per item per stop (O(items)),
// but creates nodes only for what is expanded; a list longer than CHUNK_SIZE is split into range
// nodes ("[0 .. 999]") so that no expansion builds more than CHUNK_SIZE nodes.

/** What a tree node shows. Every field is plain data. */
export interface ViewNode {
  /** Stable across stops (the same bucket, waiter, VMA or page keeps its id). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`vm`, `warning`, `circle-filled`, ...). */
  icon?: string;
  /** A theme color id for the icon (`charts.red`, ...). */
  iconColor?: string;
  /** New or different since the last stop. */
  changed?: boolean;
  /**
   * The description as parts (`description` is their text joined by ` · `), each marked when it
   * differs from the same part at the last stop, so that a changed row shows what changed rather
   * than being highlighted whole.
   */
  parts?: DescriptionPart[];
  /** Built when the node is expanded; absent for a leaf. */
  children?: () => ViewNode[];
  /** Fetched and built when the node is expanded (views/hash-lazy.ts: the state of the stop by pages). */
  load?: () => Promise<ViewNode[]>;
  /** Expanded when first shown. */
  expanded?: boolean;
  /** For the context menus (package.json `view/item/context`). */
  contextValue?: string;
  /** Selecting the node reveals this thread's current frame. */
  thread?: { tid: number; name: string };
  /** Selecting the node reveals the item `id` (a root) in another view: a waiter's bucket or page. */
  link?: ViewLink;
}

/** A row of one view that another view's row leads to (`views/tree.ts` reveals it on click). */
export interface ViewLink {
  view: 'hashTable' | 'waiters' | 'vmas' | 'pages';
  id: string;
  /** What a click does, for the tooltip: `Show bucket 78 in Futex Hash Table`. */
  title: string;
}

export interface DescriptionPart {
  text: string;
  changed?: boolean;
}

/**
 * A description made of named parts (`[name, text]`, a part absent when it has nothing to say),
 * each marked changed when the item existed at the previous stop (`before` defined) with a
 * different text for that name, or without that part. A new item marks no part: it is new whole.
 */
export function describe(now: readonly (readonly [string, string])[], before: readonly (readonly [string, string])[] | undefined): { description: string; parts: DescriptionPart[] } {
  const shown = now.filter(([, text]) => text !== '');
  const old = before ? new Map(before.filter(([, t]) => t !== '')) : undefined;
  const parts = shown.map(([name, text]) => (old && old.get(name) !== text ? { text, changed: true } : { text }));
  return { description: shown.map(([, t]) => t).join(' · '), parts };
}

/** The description a user sees: the changed parts marked `●`. */
export function markedDescription(n: ViewNode): string | undefined {
  if (!n.parts || !n.parts.some((p) => p.changed)) return n.description;
  return n.parts.map((p) => (p.changed ? `●${p.text}` : p.text)).join(' · ');
}

/** Longest list one expansion builds; longer lists are split into range nodes. */
export const CHUNK_SIZE = 1000;

/**
 * Children for `count` items, `make(i)` building item i: the items themselves when there are at
 * most CHUNK_SIZE, else range nodes (recursively, so 10^6 items are three levels deep).
 */
export function chunked(idPrefix: string, count: number, make: (i: number) => ViewNode, base = 0): ViewNode[] {
  if (count <= CHUNK_SIZE) {
    const out: ViewNode[] = [];
    for (let i = 0; i < count; i++) out.push(make(base + i));
    return out;
  }
  let span = CHUNK_SIZE;
  while (count / span > CHUNK_SIZE) span *= CHUNK_SIZE;
  const ranges: ViewNode[] = [];
  for (let from = 0; from < count; from += span) {
    const n = Math.min(span, count - from);
    const first = base + from;
    ranges.push({
      id: `${idPrefix}[${first}..${first + n - 1}]`,
      label: `[${first} .. ${first + n - 1}]`,
      icon: 'list-flat',
      children: () => chunked(idPrefix, n, make, first),
    });
  }
  return ranges;
}

/**
 * The signature of every item of a view at one stop, and the comparison with the previous stop.
 * An item is changed when it is new or its signature differs; with no previous stop (the first
 * stop of a session) nothing is marked.
 */
export class Changes {
  private constructor(
    private readonly current: ReadonlyMap<string, string>,
    private readonly previous: ReadonlyMap<string, string> | undefined,
  ) {}

  /** The changes of `current` against the stop that `before` described. */
  static since(before: Changes | undefined, current: ReadonlyMap<string, string>): Changes {
    return new Changes(current, before?.current);
  }

  isChanged(id: string): boolean {
    if (!this.previous) return false;
    return this.previous.get(id) !== this.current.get(id);
  }

  /** Ids that existed at the previous stop and are gone now. */
  removed(): string[] {
    if (!this.previous) return [];
    return [...this.previous.keys()].filter((id) => !this.current.has(id));
  }

  /** Ids marked changed, for tests and for the view's badge. */
  changedIds(): string[] {
    return [...this.current.keys()].filter((id) => this.isChanged(id));
  }
}

/** A view over the kernel state: rebuilt at every stop, its children built on expansion. */
export interface KernelTreeModel {
  roots(): ViewNode[];
  /** A one-line summary for the view's description (`3 waiters in 2 buckets`). */
  summary(): string;
}

/** A view whose roots may need a fetch first (views/hash-lazy.ts). */
export interface LazyTreeModel {
  roots(): ViewNode[] | Promise<ViewNode[]>;
  summary(): string;
}

/** Mark a node changed from the change set (shorthand used by every view). */
export function mark(node: ViewNode, changes: Changes): ViewNode {
  if (changes.isChanged(node.id)) node.changed = true;
  return node;
}

/**
 * The row that lists what disappeared since the last stop (woken waiters, emptied buckets,
 * unmapped VMAs, freed frames), or nothing when nothing did.
 */
export function goneNode(what: readonly string[]): ViewNode[] {
  if (what.length === 0) return [];
  const shown = what.slice(0, 10).join(', ') + (what.length > 10 ? ` and ${what.length - 10} more` : '');
  return [{ id: 'gone', label: 'gone since the last stop', description: shown, tooltip: what.join('\n'), icon: 'history', changed: true }];
}

/**
 * What the last futex call's row says of its bucket when that bucket holds nobody now. A wake
 * that found it empty, or emptied it: "(empty)". A call that left a waiter there (queued,
 * requeued) whose waiter has gone since (woken, timed out, rehashed by a swap-out under
 * rusty-2003): "(empty now)"; "→ bucket 78 (empty) · queued q2" read as a contradiction.
 */
export function emptyBucketNote(outcome: string): string {
  return /\b(queued|requeued) /.test(outcome) ? ' (empty now)' : ' (empty)';
}

/**
 * A tree as indented text, every node expanded: `* ` marks a changed node, `●` a changed part
 * of its description, the codicon is in brackets. For golden transcripts (test/extension/golden) and for reading a view in a log.
 */
export function renderTree(nodes: readonly ViewNode[], depth = 0): string {
  return nodes.map((n) => {
    const description = markedDescription(n);
    const line = `${'  '.repeat(depth)}${n.changed ? '* ' : ''}[${n.icon ?? ''}] ${n.label}${description ? `  ${description}` : ''}`;
    const kids = n.children ? renderTree(n.children(), depth + 1) : '';
    return kids ? `${line}\n${kids}` : line;
  }).join('\n');
}
