// The Futex Hash Table view fetched as shown (issue 9): at a stop it has only the top level
// (StopState.top); the non-empty buckets are fetched when the view shows its roots (by range
// nodes of BUCKET_RANGE buckets, fetched when opened, past CHUNK_SIZE waiters), a bucket's
// waiters when the user expands it (fetched by their own path when they came cut). What it shows
// is views/hash.ts's: the same rows, ids, icons and links, except that a bucket whose waiters
// came cut (more than state-pages.ts INLINE) says how many waiters, not how many keys.
//
// Marks: a node is changed when the previous stop fetched it with a different signature, or
// when the previous stop fetched whole the children of its nearest ancestor that existed then
// and it was not among them (new). A node the previous stop did not fetch is not marked: nothing
// is known about it; a cut bucket's row is marked when its count changed (its waiters are not
// fetched before it is opened). The plain version, hash.ts, compares every item; the differential test
// (test/extension/views-lazy.test.ts) checks that both show and mark the same when all is open.

import type { BucketView, WaiterView } from '../../kernel/snapshot';
import { keysOf } from './hash';
import { CHUNK_SIZE, chunked, emptyBucketNote, goneNode, type LazyTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import type { PagedItem, StopState } from './stop-state';
import { waiterDescription } from './waiters';

type Bucket = PagedItem<BucketView>;

/** Buckets per range node when the roots are ranges (past CHUNK_SIZE waiters). */
export const BUCKET_RANGE = 64;

export class LazyHashTableModel implements LazyTreeModel {
  /** Signature of everything fetched at this stop (buckets, keys, queued waiters), by node id. */
  private readonly seen = new Map<string, string>();
  /** Nodes whose children this stop fetched whole ('' for the roots): a child missing there is new. */
  private readonly whole = new Set<string>();
  /** The buckets fetched at this stop, by hash index. */
  private readonly buckets = new Map<number, Bucket>();

  constructor(readonly stop: StopState, private previous?: LazyHashTableModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  /**
   * Different from the last stop, or new: not fetched then although the nearest ancestor that
   * existed then had its children fetched whole. `ancestors`: parent first, up to '' (the roots).
   */
  private changed(id: string, ancestors: readonly string[]): true | undefined {
    const p = this.previous;
    if (!p) return undefined;
    const old = p.seen.get(id);
    if (old !== undefined) return old !== this.seen.get(id) || undefined;
    for (const a of ancestors) {
      if (p.whole.has(a)) return true;
      if (a === '' || p.seen.has(a)) return undefined;
    }
    return undefined;
  }

  /** A bucket's waiters fetched: the signatures of its keys and queued waiters. */
  private record(b: BucketView, waiters: readonly WaiterView[]): void {
    const id = `b${b.index}`;
    this.whole.add(id);
    for (const k of keysOf({ ...b, waiters: [...waiters] })) {
      const kid = `${id}/k:${k.key}`;
      this.seen.set(kid, k.waiters.map((w) => w.q).join(','));
      this.whole.add(kid);
    }
    for (const w of waiters) this.seen.set(`${id}/q${w.q}`, JSON.stringify(w));
  }

  summary(): string {
    const t = this.stop.top;
    const all = this.buckets.size === t.sizes.buckets;
    const collisions = all ? [...this.buckets.values()].filter((b) => b.collision).length : 0;
    const c = collisions ? `, ${plural(collisions, 'collision')}` : '';
    return `${plural(t.waiterCount, 'waiter')} in ${t.sizes.buckets}/${t.bucketCount} buckets${c}`;
  }

  async roots(): Promise<ViewNode[]> {
    const t = this.stop.top;
    const n = t.sizes.buckets;
    if (n === 0) {
      this.whole.add('');
      return [...this.lastOpNode(true), { id: 'empty', label: 'no waiters', description: plural(t.bucketCount, 'empty bucket'), icon: 'info' }, ...this.gone()];
    }
    // Up to CHUNK_SIZE waiters the buckets are the roots (their short waiter lists come inline).
    // Past that, the buckets are fetched by ranges as the user opens them: a stop with 10,000
    // waiters costs the top level, not the ~1.5 MB of its buckets.
    if (t.waiterCount <= CHUNK_SIZE && n <= CHUNK_SIZE) {
      const buckets = await this.bucketNodes(0, n);
      return [...this.lastOpNode(true), ...buckets, ...this.gone()];
    }
    const ranges: ViewNode[] = [];
    for (let from = 0; from < n; from += BUCKET_RANGE) {
      const to = Math.min(n, from + BUCKET_RANGE) - 1;
      ranges.push({ id: `buckets[${from}..${to}]`, label: `[${from} .. ${to}]`, description: 'buckets', icon: 'list-flat', load: () => this.bucketNodes(from, to - from + 1) });
    }
    return [...this.lastOpNode(false), ...ranges];
  }

  /** Buckets that the previous stop showed and this one does not (known when both fetched all). */
  private gone(): ViewNode[] {
    const p = this.previous;
    if (!p || p.buckets.size !== p.stop.top.sizes.buckets || this.buckets.size !== this.stop.top.sizes.buckets) return [];
    return goneNode([...p.buckets.keys()].filter((i) => !this.buckets.has(i)).map((i) => `bucket ${i}`));
  }

  private async bucketNodes(start: number, count: number): Promise<ViewNode[]> {
    const items = await this.stop.items<BucketView>('buckets', start, count);
    for (const b of items) {
      this.buckets.set(b.index, b);
      this.seen.set(`b${b.index}`, b.cut?.waiters === undefined ? b.waiters.map((w) => `${w.q}@${w.key}`).join(',') : `${b.cut.waiters} waiters (cut)`);
      if (b.cut?.waiters === undefined) this.record(b, b.waiters);
    }
    // All buckets fetched (at once, or every range opened): a bucket missing then is new now.
    if (this.buckets.size === this.stop.top.sizes.buckets) this.whole.add('');
    return items.map((b, i) => this.bucketNode(b, start + i));
  }

  /** A bucket's waiters: inline, or fetched (all of them: its keys group them) when it was cut. */
  private async waitersOf(b: Bucket, position: number): Promise<WaiterView[]> {
    const cut = b.cut?.waiters;
    return cut === undefined ? b.waiters : this.stop.items<WaiterView>(`buckets/${position}/waiters`, 0, cut);
  }

  /**
   * The last futex call (as hash.ts shows it). `known`: the buckets were fetched, so the row can
   * say that the bucket it looked in is empty now; by ranges it links to the bucket regardless.
   */
  private lastOpNode(known: boolean): ViewNode[] {
    const op = this.stop.top.lastFutexOp;
    if (!op) return [];
    const present = !known || this.buckets.has(op.bucket);
    const prevOp = this.previous ? this.previous.stop.top.lastFutexOp ?? null : undefined;
    const fresh = prevOp !== undefined && JSON.stringify(prevOp) !== JSON.stringify(op);
    return [{
      id: 'last-op',
      label: `last: ${op.op}`,
      description: `${op.thread} · ${op.key} → bucket ${op.bucket}${present ? '' : emptyBucketNote(op.outcome)}${op.outcome ? ` · ${op.outcome}` : ''} · step ${op.step}`,
      tooltip: `${op.thread} called ${op.op} on ${op.uaddr} at step ${op.step}: get_futex_key gave ${op.key}, which hashes to bucket ${op.bucket}` +
        `${present ? '' : ', empty now'}.${op.outcome ? `\nOutcome: ${op.outcome}.` : ''}`,
      icon: 'history',
      changed: fresh || undefined,
      link: present ? { view: 'hashTable', id: `b${op.bucket}`, title: `Show bucket ${op.bucket}` } : undefined,
    }];
  }

  private bucketNode(b: Bucket, position: number): ViewNode {
    const id = `b${b.index}`;
    const count = b.cut?.waiters ?? b.waiters.length;
    // A cut bucket's keys are known once it is expanded; its row says how many waiters.
    const keys = b.cut?.waiters === undefined ? keysOf(b) : undefined;
    return {
      id,
      label: `bucket ${b.index}`,
      description: `${plural(count, 'waiter')}${keys ? `, ${plural(keys.length, 'key')}` : ''}${b.collision ? ' (collision)' : ''}`,
      tooltip: `futex_queues[${b.index}]${keys ? `\n${keys.map((k) => `${k.key}: ${k.waiters.length}`).join('\n')}` : ''}`,
      icon: b.collision ? 'warning' : 'symbol-array',
      iconColor: b.collision ? 'list.warningForeground' : undefined,
      contextValue: b.collision ? 'bucket.collision' : 'bucket',
      changed: this.changed(id, ['']),
      load: async () => {
        const waiters = await this.waitersOf(b, position);
        if (b.cut?.waiters !== undefined) this.record(b, waiters);
        return keysOf({ ...b, waiters }).map((k) => this.keyNode(b, k.key, k.waiters));
      },
    };
  }

  private keyNode(b: BucketView, key: string, waiters: WaiterView[]): ViewNode {
    const id = `b${b.index}/k:${key}`;
    return {
      id,
      label: key,
      description: plural(waiters.length, 'waiter'),
      tooltip: `key ${key} in bucket ${b.index}`,
      icon: 'key',
      contextValue: 'key',
      changed: this.changed(id, [`b${b.index}`, '']),
      children: () => chunked(id, waiters.length, (i) => this.waiterNode(b, waiters[i]!, id)),
    };
  }

  private waiterNode(b: BucketView, w: WaiterView, parent: string): ViewNode {
    const id = `b${b.index}/q${w.q}`;
    return {
      id,
      label: w.who,
      description: `q${w.q} ${waiterDescription(w, false)}`,
      icon: w.tid >= 0 ? 'debug-pause' : 'plug',
      contextValue: 'waiter',
      thread: w.tid >= 0 ? { tid: w.tid, name: w.who } : undefined,
      changed: this.changed(id, [parent, `b${b.index}`, '']),
    };
  }
}
