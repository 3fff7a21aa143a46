// The Waiters view fetched as shown (issue 9): the adapter's `waiters` list (state-pages.ts:
// every queued futex_q, thread waiters by tid then FUTEX_FD registrations, the order of
// waiters.ts waitersByThread) is fetched whole up to CHUNK_SIZE waiters; past that the roots are
// range nodes (`[0 .. 999]`, the ids of node.ts chunked), each fetched when opened. The rows are
// waiters.ts's (waiterRow). The summary counts the waiters pinning a page once it has them all
// (up to CHUNK_SIZE, or every range opened); before that it gives the count of waiters only.
//
// Marks: a waiter fetched at the last stop is compared with itself then (its row, its changed
// parts and fields); one not fetched then is new when the last stop fetched the whole list, else
// unknown and not marked. The differential test (test/extension/views-lazy.test.ts) checks the
// rows and marks against WaitersModel over the whole KernelView.

import type { WaiterView } from '../../kernel/snapshot';
import { CHUNK_SIZE, goneNode, type LazyTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import type { StopState } from './stop-state';
import { waiterRow } from './waiters';

export class LazyWaitersModel implements LazyTreeModel {
  /** The waiters fetched at this stop, by futex_q id. */
  private readonly fetched = new Map<number, WaiterView>();
  private all = false;

  constructor(readonly stop: StopState, private previous?: LazyWaitersModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  private get total(): number {
    return this.stop.top.sizes.waiters ?? 0;
  }

  summary(): string {
    const pinned = this.all ? [...this.fetched.values()].filter((w) => w.pinned >= 0).length : 0;
    return plural(this.total, 'waiter') + (pinned ? `, ${pinned} pinning a page` : '');
  }

  async roots(): Promise<ViewNode[]> {
    const n = this.total;
    if (n === 0) {
      this.all = true;
      return [{ id: 'empty', label: 'no waiters', icon: 'info' }, ...this.gone()];
    }
    if (n <= CHUNK_SIZE) return [...(await this.rows(0, n)), ...this.gone()];
    let span = CHUNK_SIZE;
    while (n / span > CHUNK_SIZE) span *= CHUNK_SIZE;
    return this.ranges(0, n, span);
  }

  /** Range nodes over [from, from+count), `span` waiters each (nested past 10^6, as chunked). */
  private ranges(from: number, count: number, span: number): ViewNode[] {
    const out: ViewNode[] = [];
    for (let at = from; at < from + count; at += span) {
      const k = Math.min(span, from + count - at);
      out.push({
        id: `waiters[${at}..${at + k - 1}]`,
        label: `[${at} .. ${at + k - 1}]`,
        icon: 'list-flat',
        load: async () => (span === CHUNK_SIZE ? this.rows(at, k) : this.ranges(at, k, span / CHUNK_SIZE)),
      });
    }
    return out;
  }

  private async rows(start: number, count: number): Promise<ViewNode[]> {
    const items = await this.stop.items<WaiterView>('waiters', start, count);
    for (const w of items) this.fetched.set(w.q, w);
    // Every range opened is the whole list too.
    if (this.fetched.size === this.total) this.all = true;
    const p = this.previous;
    return items.map((w) => {
      const old = p?.fetched.get(w.q);
      const row = waiterRow(w, old);
      // New (the last stop had the whole list without it) or different: the row is marked.
      const changed = p && (old ? JSON.stringify(old) !== JSON.stringify(w) : p.all);
      return changed ? { ...row, changed: true } : row;
    });
  }

  /** Waiters the last stop showed and this one does not (known when both fetched the whole list). */
  private gone(): ViewNode[] {
    const p = this.previous;
    if (!p || !p.all || !this.all) return [];
    return goneNode([...p.fetched.values()].filter((w) => !this.fetched.has(w.q)).map((w) => `${w.who} (q${w.q})`));
  }
}

