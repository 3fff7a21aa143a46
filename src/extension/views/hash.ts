// The Futex Hash Table view: the non-empty buckets as a flat list, each with its keys and, under
// each key, the waiters queued on it in queue order. A bucket holding more than one key is a
// collision (the hash table's cost, never a correctness problem: keys compare exactly) and is
// drawn with a warning icon.

import type { BucketView, KernelView, WaiterView } from '../../kernel/snapshot';
import { Changes, chunked, emptyBucketNote, goneNode, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import { waiterDescription } from './waiters';

const bucketId = (b: BucketView) => `b${b.index}`;
const keyId = (b: BucketView, key: string) => `b${b.index}/k:${key}`;
const queuedId = (b: BucketView, w: WaiterView) => `b${b.index}/q${w.q}`;

/** The distinct keys of a bucket, in order of first waiter, each with its waiters. */
export function keysOf(b: BucketView): { key: string; waiters: WaiterView[] }[] {
  const byKey = new Map<string, WaiterView[]>();
  for (const w of b.waiters) {
    const list = byKey.get(w.key);
    if (list) list.push(w);
    else byKey.set(w.key, [w]);
  }
  return [...byKey].map(([key, waiters]) => ({ key, waiters }));
}

function signatures(view: KernelView): Map<string, string> {
  const sigs = new Map<string, string>();
  for (const b of view.buckets) {
    sigs.set(bucketId(b), b.waiters.map((w) => `${w.q}@${w.key}`).join(','));
    for (const { key, waiters } of keysOf(b)) sigs.set(keyId(b, key), waiters.map((w) => w.q).join(','));
    for (const w of b.waiters) sigs.set(queuedId(b, w), JSON.stringify(w));
  }
  return sigs;
}

export class HashTableModel implements KernelTreeModel {
  readonly changes: Changes;

  /** The previous stop's last futex call (null: none yet; undefined: no previous stop). */
  private readonly previousOp: KernelView['lastFutexOp'] | undefined;

  /** The previous stop's buckets in use (undefined: no previous stop). */
  private readonly bucketsBefore: readonly BucketView[] | undefined;

  constructor(readonly view: KernelView, previous?: HashTableModel) {
    this.changes = Changes.since(previous?.changes, signatures(view));
    this.bucketsBefore = previous?.view.buckets;
    this.previousOp = previous ? previous.view.lastFutexOp ?? null : undefined;
  }

  summary(): string {
    const collisions = this.view.buckets.filter((b) => b.collision).length;
    const c = collisions ? `, ${plural(collisions, 'collision')}` : '';
    return `${plural(this.view.waiterCount, 'waiter')} in ${this.view.buckets.length}/${this.view.bucketCount} buckets${c}`;
  }

  roots(): ViewNode[] {
    const buckets = this.view.buckets;
    const now = new Set(buckets.map((b) => b.index));
    const gone = goneNode((this.bucketsBefore ?? []).filter((b) => !now.has(b.index)).map((b) => `bucket ${b.index}`));
    const last = this.lastOpNode();
    if (buckets.length === 0) return [...last, { id: 'empty', label: 'no waiters', description: plural(this.view.bucketCount, 'empty bucket'), icon: 'info' }, ...gone];
    return [...last, ...chunked('buckets', buckets.length, (i) => this.bucketNode(buckets[i]!)), ...gone];
  }

  /**
   * The last futex call: its key and the bucket it looked in, shown even when that bucket is
   * empty (a wake that found nobody). Marked when it is a call made since the last stop.
   */
  private lastOpNode(): ViewNode[] {
    const op = this.view.lastFutexOp;
    if (!op) return [];
    const bucket = this.view.buckets.find((b) => b.index === op.bucket);
    const fresh = this.previousOp !== undefined && JSON.stringify(this.previousOp) !== JSON.stringify(op);
    return [{
      id: 'last-op',
      label: `last: ${op.op}`,
      description: `${op.thread} · ${op.key} → bucket ${op.bucket}${bucket ? '' : emptyBucketNote(op.outcome)}${op.outcome ? ` · ${op.outcome}` : ''} · step ${op.step}`,
      tooltip: `${op.thread} called ${op.op} on ${op.uaddr} at step ${op.step}: get_futex_key gave ${op.key}, which hashes to bucket ${op.bucket}` +
        `${bucket ? '' : ', empty now'}.${op.outcome ? `\nOutcome: ${op.outcome}.` : ''}`,
      icon: 'history',
      changed: fresh || undefined,
      link: bucket ? { view: 'hashTable', id: `b${op.bucket}`, title: `Show bucket ${op.bucket}` } : undefined,
    }];
  }

  private bucketNode(b: BucketView): ViewNode {
    const keys = keysOf(b);
    return mark({
      id: bucketId(b),
      label: `bucket ${b.index}`,
      description: `${plural(b.waiters.length, 'waiter')}, ${plural(keys.length, 'key')}${b.collision ? ' (collision)' : ''}`,
      tooltip: `futex_queues[${b.index}]\n${keys.map((k) => `${k.key}: ${k.waiters.length}`).join('\n')}`,
      icon: b.collision ? 'warning' : 'symbol-array',
      iconColor: b.collision ? 'list.warningForeground' : undefined,
      contextValue: b.collision ? 'bucket.collision' : 'bucket',
      children: () => keys.map((k) => this.keyNode(b, k.key, k.waiters)),
    }, this.changes);
  }

  private keyNode(b: BucketView, key: string, waiters: WaiterView[]): ViewNode {
    return mark({
      id: keyId(b, key),
      label: key,
      description: plural(waiters.length, 'waiter'),
      tooltip: `key ${key} in bucket ${b.index}`,
      icon: 'key',
      contextValue: 'key',
      children: () => chunked(keyId(b, key), waiters.length, (i) => this.waiterNode(b, waiters[i]!)),
    }, this.changes);
  }

  private waiterNode(b: BucketView, w: WaiterView): ViewNode {
    return mark({
      id: queuedId(b, w),
      label: w.who,
      description: `q${w.q} ${waiterDescription(w, false)}`,
      icon: w.tid >= 0 ? 'debug-pause' : 'plug',
      contextValue: 'waiter',
      thread: w.tid >= 0 ? { tid: w.tid, name: w.who } : undefined,
    }, this.changes);
  }
}
