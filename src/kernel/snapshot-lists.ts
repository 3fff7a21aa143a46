// The snapshot's lists one slice at a time (issue 9, "a state request sized to what is shown"):
// kernelView (snapshot.ts) builds every list of the KernelView, 3.8 ms at 10,000 queued waiters;
// the debugger's paged `futexlab/state` (debug/state-pages.ts) asks for one list's items
// start..end, or for the lengths only, and ListsOf builds just those, with the same item
// functions (and the same per-futex_q and per-bucket caches) as kernelView. A few derived lists
// serve the views that would otherwise need every item of a list to show one:
//
//   waiters   every queued futex_q, thread waiters by tid then FUTEX_FD registrations by q:
//             the Waiters view's rows (extension/views/waiters.ts waitersByThread)
//   pinners   aligned with `pages`: item i is { pfn, waiters } for pages[i], the waiters its pin
//             is held for (pinned-page, vcache), in bucket order (the Pages view's "pinned for")
//   robust    the tasks that registered a robust list: { tid, name, robust } (Robust Lists view)
//
// The plain version is kernelView: test/debug/state-lists.test.ts checks that every list built by
// slices equals the one it builds (and the derived lists what the views derive from it), at every
// stop of random scenarios and of the examples. An instance is one state: made anew per stop.

import type { Kernel } from './kernel';
import type { FutexQ, PageFrame } from './state';
import {
  bucketViewAt, cowShared, fdNumbers, inodeView, pageView, processView, shownPages, swapView, waiterViewOf,
  type BucketView, type FdNumbers, type KernelView, type RobustListView, type WaiterView,
} from './snapshot';
import { robustListView } from './futex/robust-view';
import { piView } from './snapshot-pi';
import { taskView } from './snapshot-task';

/** The lists a slice can be asked of: the KernelView's, then the derived ones. */
export const KERNEL_LISTS = ['buckets', 'processes', 'pages', 'swap', 'inodes', 'tasks', 'pi', 'waiters', 'pinners', 'robust'] as const;
export type KernelListName = (typeof KERNEL_LISTS)[number];

export interface PinnersView {
  pfn: number;
  waiters: WaiterView[];
}

export interface RobustRowView {
  tid: number;
  name: string;
  robust: RobustListView;
}

/** Counts the views' one-line summaries give, without their lists. */
export interface KernelCounts {
  /** VMAs of every process. */
  vmas: number;
  /** Frames COW-shared between processes (snapshot.ts cowShared). */
  cowShared: number;
  /** PI words whose pi_state row is not a valid one (snapshot-pi.ts). */
  piInvalid: number;
}


export class ListsOf {
  private fdsMemo: FdNumbers | undefined;
  private bucketsMemo: number[] | undefined;
  private byThreadMemo: FutexQ[] | undefined;
  private pagesMemo: PageFrame[] | undefined;
  private pinnedMemo: Map<number, FutexQ[]> | undefined;
  private robustMemo: number[] | undefined;
  private piMemo: KernelView['pi'] | undefined;

  constructor(readonly k: Kernel) {}

  private get fds(): FdNumbers {
    return (this.fdsMemo ??= fdNumbers(this.k));
  }

  /** Indices of the non-empty buckets: the positions of view.buckets. */
  private get bucketIndices(): number[] {
    if (this.bucketsMemo) return this.bucketsMemo;
    const out: number[] = [];
    const table = this.k.s.futex.buckets;
    for (let i = 0; i < table.length; i++) if (table[i].length > 0) out.push(i);
    return (this.bucketsMemo = out);
  }

  /** Every queued futex_q in bucket order (kernelView's), the order `pinners` keeps. */
  private queued(): FutexQ[] {
    const out: FutexQ[] = [];
    const { buckets, queues } = this.k.s.futex;
    for (const i of this.bucketIndices) for (const id of buckets[i]) out.push(queues.get(id)!);
    return out;
  }

  private get byThread(): FutexQ[] {
    // Threads by tid, then fd registrations (tid -1) by q: stable over bucket order, and (tid, q)
    // is unique, so the order is the sort of waiters.ts waitersByThread.
    return (this.byThreadMemo ??= this.queued().sort((a, b) => (a.tid < 0 ? 1 : 0) - (b.tid < 0 ? 1 : 0) || a.tid - b.tid || a.id - b.id));
  }

  private get pages(): PageFrame[] {
    return (this.pagesMemo ??= shownPages(this.k));
  }

  private get pinned(): Map<number, FutexQ[]> {
    if (this.pinnedMemo) return this.pinnedMemo;
    const by = new Map<number, FutexQ[]>();
    for (const q of this.queued()) {
      if (q.pinned < 0) continue;
      const list = by.get(q.pinned);
      if (list) list.push(q);
      else by.set(q.pinned, [q]);
    }
    return (this.pinnedMemo = by);
  }

  private get robustTids(): number[] {
    return (this.robustMemo ??= this.k.s.tasks.filter((t) => t.robustHead !== 0).map((t) => t.tid));
  }

  private get pi(): KernelView['pi'] {
    // The pi_state audit is one walk of every PI word (few): made whole, sliced.
    return (this.piMemo ??= piView(this.k));
  }

  /** The length of a list, without building its items (pi: its few rows are built). */
  size(name: KernelListName): number {
    const s = this.k.s;
    switch (name) {
      case 'buckets': return this.bucketIndices.length;
      case 'processes': return s.procs.length;
      case 'pages': case 'pinners': return this.pages.length;
      case 'swap': return s.swap.reduce((n, x) => n + (x ? 1 : 0), 0);
      case 'inodes': return s.inodes.reduce((n, x) => n + (x ? 1 : 0), 0);
      case 'tasks': return s.tasks.length;
      case 'pi': return this.pi.length;
      case 'waiters': return this.bucketIndices.reduce((n, i) => n + s.futex.buckets[i].length, 0);
      case 'robust': return this.robustTids.length;
    }
  }

  /** Items start .. end-1 of a list (fewer at its end), built for those only. */
  slice(name: KernelListName, start: number, end: number): unknown[] {
    const k = this.k;
    switch (name) {
      case 'buckets': return this.bucketIndices.slice(start, end).map((i): BucketView => bucketViewAt(k, i, this.fds));
      case 'processes': return k.s.procs.slice(start, end).map((p) => processView(k, p));
      case 'pages': return this.pages.slice(start, end).map((p) => pageView(k, p));
      case 'pinners': return this.pages.slice(start, end).map((p): PinnersView => ({ pfn: p.pfn, waiters: (this.pinned.get(p.pfn) ?? []).map((q) => waiterViewOf(k, q, this.fds)) }));
      case 'swap': return k.s.swap.filter((x) => !!x).slice(start, end).map((x) => swapView(x!));
      case 'inodes': return k.s.inodes.filter((x) => !!x).slice(start, end).map((x) => inodeView(x!));
      case 'tasks': return k.s.tasks.slice(start, end).map((t) => taskView(k, t));
      case 'pi': return this.pi.slice(start, end);
      case 'waiters': return this.byThread.slice(start, end).map((q) => waiterViewOf(k, q, this.fds));
      case 'robust': return this.robustTids.slice(start, end).map((tid): RobustRowView => {
        const t = k.s.tasks[tid];
        return { tid, name: t.name, robust: robustListView(k, t)! };
      });
    }
  }

  counts(): KernelCounts {
    const s = this.k.s;
    return {
      vmas: s.procs.reduce((n, p) => n + (s.mms[p.mm]?.vmas.length ?? 0), 0),
      cowShared: this.pages.reduce((n, p) => n + (cowShared(this.k, p) ? 1 : 0), 0),
      piInvalid: this.pi.reduce((n, w) => n + (w.valid ? 0 : 1), 0),
    };
  }
}
