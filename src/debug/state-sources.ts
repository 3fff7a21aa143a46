// Where the paged `futexlab/state` (state-pages.ts) takes its lists from. Two sources answer the
// same questions (a list's length, a slice of it, the top level):
//
//   LiveSource  the session at this stop, building only what a request asks for: the top level
//               from counts, a page from its own slice (kernel/snapshot-lists.ts). What the
//               adapter uses: at 10,000 queued waiters the top level no longer costs a projection.
//   BodySource  a whole StateBody (stateBody, the plain projection), its lists sliced, the derived
//               lists (waiters, pinners, robust) made from it the way the views made them from
//               the whole KernelView. The plain version: test/debug/state-lists.test.ts checks
//               that both answer every request alike; the extension's tests page a frozen body.

import type { KernelCounts, KernelListName, KernelView, PinnersView, RobustRowView, WaiterView } from '../kernel/snapshot';
import type { Session } from '../session/session';
import { stateLists, stateScalars, type KernelScalars, type ListsOf } from '../session/inspect';
import { stateBody, type StateBody } from './requests';

/** The top-level lists a path may start with: the kernel's (and derived) lists, then the run's. */
export const TOP_LISTS = ['buckets', 'processes', 'pages', 'swap', 'inodes', 'tasks', 'pi', 'output', 'anomalies', 'notes', 'waiters', 'pinners', 'robust'] as const;
export type TopList = (typeof TOP_LISTS)[number];

/** The body without its lists, the view without its lists. */
export type StateRest = Omit<StateBody, 'view' | 'output' | 'anomalies' | 'notes'>;

export interface StateSource {
  /** The whole body (a request without `path`). */
  whole(): StateBody;
  rest(): StateRest;
  scalars(): KernelScalars;
  counts(): KernelCounts;
  size(list: TopList): number;
  /** Items start .. end-1 of a list (fewer at its end). */
  slice(list: TopList, start: number, end: number): unknown[];
}

type RunList = 'output' | 'anomalies' | 'notes';
const isRunList = (l: TopList): l is RunList => l === 'output' || l === 'anomalies' || l === 'notes';

/** The Waiters view's order: threads by tid, then FUTEX_FD registrations by q (waiters.ts waitersByThread). */
export function waitersByThread(view: KernelView): WaiterView[] {
  return view.buckets.flatMap((b) => b.waiters).sort((a, b) => (a.tid < 0 ? 1 : 0) - (b.tid < 0 ? 1 : 0) || a.tid - b.tid || a.q - b.q);
}

/** Per frame of view.pages, the waiters its pin is held for, in bucket order (views/pages.ts). */
export function pinnersOf(view: KernelView): PinnersView[] {
  const all = view.buckets.flatMap((b) => b.waiters);
  return view.pages.map((p) => ({ pfn: p.pfn, waiters: all.filter((w) => w.pinned === p.pfn) }));
}

/** The tasks with a robust list (views/robust.ts). */
export function robustRows(view: KernelView): RobustRowView[] {
  return view.tasks.filter((t) => t.robust !== null).map((t) => ({ tid: t.tid, name: t.name, robust: t.robust! }));
}

export class BodySource implements StateSource {
  private derived: Partial<Record<'waiters' | 'pinners' | 'robust', unknown[]>> = {};

  constructor(private readonly body: StateBody) {}

  whole(): StateBody {
    return this.body;
  }

  rest(): StateRest {
    const { view: _v, output: _o, anomalies: _a, notes: _n, ...rest } = this.body;
    return rest;
  }

  scalars(): KernelScalars {
    const { buckets: _b, processes: _p, pages: _g, swap: _s, inodes: _i, tasks: _t, pi: _pi, ...scalars } = this.body.view;
    return scalars;
  }

  counts(): KernelCounts {
    const v = this.body.view;
    return { vmas: v.processes.reduce((n, p) => n + p.vmas.length, 0), cowShared: v.pages.filter((p) => p.cowShared).length, piInvalid: v.pi.filter((w) => !w.valid).length };
  }

  private list(l: TopList): unknown[] {
    const v = this.body.view;
    if (isRunList(l)) return this.body[l];
    if (l === 'waiters') return (this.derived.waiters ??= waitersByThread(v));
    if (l === 'pinners') return (this.derived.pinners ??= pinnersOf(v));
    if (l === 'robust') return (this.derived.robust ??= robustRows(v));
    return v[l];
  }

  size(l: TopList): number {
    return this.list(l).length;
  }

  slice(l: TopList, start: number, end: number): unknown[] {
    return this.list(l).slice(start, end);
  }
}

/** The session at one stop; made anew when the state changes (PagedState.invalidate). */
export class LiveSource implements StateSource {
  private lists: ListsOf | undefined;
  private scalarsMemo: KernelScalars | undefined;

  constructor(
    private readonly s: Session,
    private readonly historyLength: number,
    private readonly running: boolean,
    private readonly futexOp?: KernelView['lastFutexOp'],
  ) {}

  private get kernel(): ListsOf {
    return (this.lists ??= stateLists(this.s));
  }

  whole(): StateBody {
    return stateBody(this.s, this.historyLength, this.running, this.futexOp);
  }

  rest(): StateRest {
    const s = this.s;
    return { step: s.steps, historyLength: this.historyLength, running: this.running, result: s.result, endMessage: s.endMessage, outputDropped: s.outputBase };
  }

  scalars(): KernelScalars {
    if (this.scalarsMemo) return this.scalarsMemo;
    const v = stateScalars(this.s);
    // As stateBody: the history's last futex call when the kernel's log no longer holds it.
    if (!v.lastFutexOp && this.futexOp) v.lastFutexOp = this.futexOp;
    return (this.scalarsMemo = v);
  }

  counts(): KernelCounts {
    return this.kernel.counts();
  }

  size(l: TopList): number {
    return isRunList(l) ? this.s[l].length : this.kernel.size(l as KernelListName);
  }

  slice(l: TopList, start: number, end: number): unknown[] {
    return isRunList(l) ? this.s[l].slice(start, end) : this.kernel.slice(l as KernelListName, start, end);
  }
}

export type { PinnersView, RobustRowView };
