// The Waiters view: one row per queued futex_q, by thread (thread waiters in tid order, then the
// FUTEX_FD registrations), with its key, bucket, the step it queued at and the page it pins.
// Selecting a thread's row reveals that thread's frame (views/tree.ts does the revealing).

import type { KernelView, WaiterView } from '../../kernel/snapshot';
import { Changes, chunked, describe, goneNode, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';

export const waiterId = (w: WaiterView) => `w${w.q}`;

/** The parts of `key · bucket 17 · since step 4 · pins pfn 7 · signal pending · PI state` (the key left out where the row shows it). */
export function waiterParts(w: WaiterView, withKey = true): [string, string][] {
  return [
    ['key', withKey ? w.key : ''], ['bucket', withKey ? `bucket ${w.bucket}` : ''], ['since', `since step ${w.since}`], ['pins', w.pinned >= 0 ? `pins pfn ${w.pinned}` : ''],
    ['signal', w.signalPending ? 'signal pending' : ''], ['pi', w.pi ?? ''],
  ];
}

export function waiterDescription(w: WaiterView, withKey = true): string {
  return describe(waiterParts(w, withKey), undefined).description;
}

/** Thread waiters by tid, then fd registrations by queue id. */
export function waitersByThread(view: KernelView): WaiterView[] {
  const all = view.buckets.flatMap((b) => b.waiters);
  return all.sort((a, b) => (a.tid < 0 ? 1 : 0) - (b.tid < 0 ? 1 : 0) || a.tid - b.tid || a.q - b.q);
}

const SIGNAL_PENDING = 'pending: still queued, -EINTR when it runs unless a wake takes it first (then 0)';

/** The rows under a waiter: each attribute of the futex_q. */
const FIELDS: { name: string; value: (w: WaiterView) => string | number }[] = [
  { name: 'key', value: (w) => w.key },
  { name: 'bucket', value: (w) => w.bucket },
  { name: 'uaddr', value: (w) => w.uaddr },
  { name: 'since step', value: (w) => w.since },
  { name: 'pinned page', value: (w) => (w.pinned >= 0 ? `pfn ${w.pinned}` : 'none') },
  { name: 'holds', value: (w) => w.ref || 'nothing' },
  { name: 'identity', value: (w) => w.identity ?? '-' },
  // kernel/signal.ts: still queued until the thread runs; a wake before that wins.
  { name: 'signal', value: (w) => (w.signalPending ? SIGNAL_PENDING : 'none') },
  { name: 'futex_q', value: (w) => `q${w.q}` },
];

export class WaitersModel implements KernelTreeModel {
  readonly changes: Changes;
  private readonly rows: WaiterView[];
  private readonly before: Map<number, WaiterView> | undefined;

  constructor(readonly view: KernelView, previous?: WaitersModel) {
    this.rows = waitersByThread(view);
    this.changes = Changes.since(previous?.changes, new Map(this.rows.map((w) => [waiterId(w), JSON.stringify(w)])));
    this.before = previous ? new Map(previous.rows.map((w) => [w.q, w])) : undefined;
  }

  summary(): string {
    const pinned = this.rows.filter((w) => w.pinned >= 0).length;
    return plural(this.rows.length, 'waiter') + (pinned ? `, ${pinned} pinning a page` : '');
  }

  roots(): ViewNode[] {
    const current = new Set(this.rows.map((w) => w.q));
    const gone = goneNode([...(this.before?.values() ?? [])].filter((w) => !current.has(w.q)).map((w) => `${w.who} (q${w.q})`));
    if (this.rows.length === 0) return [{ id: 'empty', label: 'no waiters', icon: 'info' }, ...gone];
    return [...chunked('waiters', this.rows.length, (i) => this.waiterNode(this.rows[i]!)), ...gone];
  }

  private waiterNode(w: WaiterView): ViewNode {
    return mark(waiterRow(w, this.before?.get(w.q)), this.changes);
  }
}

/**
 * A waiter's row and, under it, its fields, each field marked when it differs from `old` (the
 * same futex_q at the last stop; a new waiter is marked as a whole by the caller, its row).
 */
export function waiterRow(w: WaiterView, old: WaiterView | undefined): ViewNode {
  return {
    id: waiterId(w),
    label: w.who,
    ...describe(waiterParts(w), old && waiterParts(old)),
    tooltip: `${w.who} waits on ${w.key} (uaddr ${w.uaddr}) in bucket ${w.bucket} since step ${w.since}` +
      (w.pinned >= 0 ? `; pins pfn ${w.pinned}` : '') + (w.signalPending ? `; signal ${SIGNAL_PENDING}` : ''),
    icon: w.tid < 0 ? 'plug' : w.signalPending ? 'zap' : w.pinned >= 0 ? 'pinned' : 'debug-pause',
    contextValue: 'waiter',
    thread: w.tid >= 0 ? { tid: w.tid, name: w.who } : undefined,
    children: () => fieldNodes(w, old),
  };
}

function fieldNodes(w: WaiterView, old: WaiterView | undefined): ViewNode[] {
  return FIELDS.map((f) => {
    const value = f.value(w);
    // Only a field that differs from the same waiter's at the last stop: a new waiter is marked
    // as a whole (its row), not field by field.
    const changed = old !== undefined && f.value(old) !== value;
    const node: ViewNode = { id: `${waiterId(w)}/${f.name}`, label: f.name, description: String(value), icon: 'symbol-field', changed: changed || undefined };
    // The bucket and the pinned page lead to their rows in the other views.
    if (f.name === 'bucket') return { ...node, icon: 'symbol-array', link: { view: 'hashTable', id: `b${w.bucket}`, title: `Show bucket ${w.bucket} in Futex Hash Table` } };
    if (f.name === 'pinned page' && w.pinned >= 0) return { ...node, icon: 'pinned', link: { view: 'pages', id: `pfn${w.pinned}`, title: `Show pfn ${w.pinned} in Pages` } };
    return node;
  });
}
