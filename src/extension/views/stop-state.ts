// The kernel state of one stop, fetched as the views show it (issue 9, "a state request sized to
// what is shown"): at the stop only the top level (`futexlab/state { path: '' }`: the scalars of
// the KernelView and each list's length), then the pages of the lists a view shows, as the user
// expands them (src/debug/state-pages.ts answers them). No view asks for the whole KernelView
// any more; `whole()` gives it to the differential tests, which compare with the plain models.
//
// No `vscode` import: the request is a function (the session's customRequest in state.ts, the
// real PagedState over a real projection in the tests). Replies are cached per stop, so a view
// redrawn or two views showing the same list cost one request.

import type { KernelView } from '../../kernel/snapshot';
import { extractKernelView } from '../protocol';

/** Sends `futexlab/state` with these arguments and gives the reply's body. */
export type StateRequest = (args?: Record<string, unknown>) => PromiseLike<unknown>;

/** The KernelView's lists, which the top level gives as lengths. */
type ListKey = 'buckets' | 'processes' | 'pages' | 'swap' | 'inodes' | 'tasks' | 'pi';

/**
 * The top level of a stop: every scalar of the KernelView, the lengths of its lists and of the
 * adapter's derived lists (state-pages.ts: waiters, pinners, robust), and the counts the views'
 * summaries need without fetching their lists.
 */
export type KernelTop = Omit<KernelView, ListKey> & {
  sizes: Record<ListKey | 'waiters' | 'pinners' | 'robust', number>;
  counts: { vmas: number; cowShared: number; piInvalid: number };
};

/** An item of a page, with the lengths of its lists that came empty (state-pages.ts `cut`). */
export type PagedItem<T> = T & { cut?: Record<string, number> };

/** Most items one request asks for (state-pages.ts MAX_COUNT). */
const MAX_COUNT = 1000;

function asTop(body: unknown): KernelTop | undefined {
  const b = body as { view?: Record<string, unknown>; sizes?: Record<string, unknown> } | null;
  if (!b || typeof b !== 'object' || !b.view || typeof b.view !== 'object' || !b.sizes || typeof b.sizes.buckets !== 'number') return undefined;
  if (typeof b.view.step !== 'number') return undefined;
  const counts = (b as { counts?: KernelTop['counts'] }).counts;
  if (!counts || typeof counts.vmas !== 'number') return undefined;
  return { ...(b.view as Omit<KernelView, ListKey>), sizes: b.sizes as KernelTop['sizes'], counts };
}

interface Page {
  items: unknown[];
  total: number;
  next?: number;
}

function asPage(body: unknown): Page | undefined {
  const p = body as Partial<Page> | null;
  return p && typeof p === 'object' && Array.isArray(p.items) && typeof p.total === 'number' ? (p as Page) : undefined;
}

export class StopState {
  private wholeView: Promise<KernelView | undefined> | undefined;
  private readonly pages = new Map<string, Promise<unknown[]>>();

  private constructor(readonly top: KernelTop, private readonly request: StateRequest) {}

  /** The top level of the current stop, or undefined when the reply is not one (an older adapter). */
  static async fetch(request: StateRequest): Promise<StopState | undefined> {
    const top = asTop(await request({ path: '' }));
    return top && new StopState(top, request);
  }

  /** The whole KernelView (one request per stop): the plain models' input, in the tests. */
  whole(): Promise<KernelView | undefined> {
    return (this.wholeView ??= Promise.resolve(this.request()).then(extractKernelView));
  }

  /**
   * Items start .. start+count-1 of the list at `path` (fewer at its end), following the pages'
   * `next` (a page stops early at its byte limit). Items are cut as state-pages.ts says.
   */
  items<T>(path: string, start: number, count: number): Promise<PagedItem<T>[]> {
    const key = `${path}@${start}+${count}`;
    let p = this.pages.get(key);
    if (!p) {
      p = this.fetchItems(path, start, count);
      this.pages.set(key, p);
    }
    return p as Promise<PagedItem<T>[]>;
  }

  private async fetchItems(path: string, start: number, count: number): Promise<unknown[]> {
    const out: unknown[] = [];
    let at = start;
    while (out.length < count) {
      const page = asPage(await this.request({ path, start: at, count: Math.min(MAX_COUNT, count - out.length) }));
      if (!page || page.items.length === 0) break;
      out.push(...page.items);
      if (page.next === undefined) break;
      at = page.next;
    }
    return out;
  }
}
