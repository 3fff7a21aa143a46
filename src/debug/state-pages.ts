// `futexlab/state` sized to what is shown (issue 9): instead of the whole projection (2.9 MB at
// 1,000 threads and 10,000 queued waiters), a client asks for the top level, then for the pages of
// the lists it shows, by path:
//
//   { path: '' }                                   the top: every scalar; each list as its length
//   { path: 'buckets', start: 0, count: 100 }      items 0..99 of view.buckets
//   { path: 'buckets/3/waiters', start: 1000 }     the waiters of the 4th item of view.buckets
//   { path: 'tasks/5/robust/entries' }             a list inside an object field
//   { path: 'waiters', start: 0, count: 1000 }     every queued waiter, by thread (the Waiters view)
//   { path: 'pinners', start: 7, count: 1 }        the waiters pages[7] is pinned for (the Pages view)
//   { path: 'robust' }                             the tasks with a robust list (Robust Lists view)
//
// A path names a list: a top-level list (TOP_LISTS: the KernelView's lists and the run's output,
// anomalies, notes), then list index / field name steps down to another list. Indices are
// positions in the list at this stop (a bucket's position, not its hash index). An item's own
// lists longer than INLINE are sent empty and named in its `cut` ({ 'waiters': 10000 }), to be
// paged by their own path; shorter ones come whole. A page holds at most `count` (default and
// most MAX_COUNT) items and stops before PAGE_BYTES of JSON, with `next` saying where to go on.
//
// Without `path` the request answers the whole body as before (the CLI-sized scenarios and the
// tests read it so). With a path nothing is projected whole: the top level is made from counts
// and a page from its own slice (state-sources.ts LiveSource, kernel/snapshot-lists.ts); the
// top level also gives `counts`, what the views' summaries need without their lists.
// PagedState keeps one source per state (session.ts drops it when the state changes).

import { ArgError } from './args';
import type { StateBody } from './requests';
import type { KernelCounts } from '../kernel/snapshot';
import { TOP_LISTS, type StateSource, type TopList } from './state-sources';

/** A page's JSON stays under this (the goal: every reply < 50 KB, with the envelope). */
export const PAGE_BYTES = 40 * 1024;
/** Most items in one page. */
export const MAX_COUNT = 1000;
/** Lists inside an item with more items than this are cut (paged by their own path). */
export const INLINE = 16;
/** Items built at a time while filling a page (a page stops at PAGE_BYTES, mostly before `count`). */
const BUILD = 64;

export interface StatePageArgs {
  path?: unknown;
  start?: unknown;
  count?: unknown;
}

/** `{ path: '' }`: the body without its lists; `sizes` gives each list's length. */
export interface StateTop extends Omit<StateBody, 'view' | 'output' | 'anomalies' | 'notes'> {
  view: Record<string, unknown>;
  sizes: Record<TopList, number>;
  counts: KernelCounts;
}

export interface StatePage {
  path: string;
  start: number;
  total: number;
  items: unknown[];
  /** Where the next page starts, when this one did not reach the end. */
  next?: number;
}

type Json = unknown;

const isList = (v: Json): v is Json[] => Array.isArray(v);
const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `v` whose lists longer than INLINE are empty, their lengths in `cut` by relative path. */
function cutItem(v: Json, at: string, cut: Record<string, number>): Json {
  if (isList(v)) {
    if (v.length > INLINE && at !== '') {
      cut[at] = v.length;
      return [];
    }
    return v.map((x, i) => cutItem(x, at === '' ? String(i) : `${at}/${i}`, cut));
  }
  if (!isRecord(v)) return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v)) out[k] = cutItem(v[k], at === '' ? k : `${at}/${k}`, cut);
  return out;
}

/** An item of a page: cut, with `cut` added when something was. */
function pageItem(v: Json): Json {
  const cut: Record<string, number> = {};
  const c = cutItem(v, '', cut);
  if (Object.keys(cut).length === 0) return c;
  return isRecord(c) ? { ...c, cut } : c;
}

const bad = (field: string, what: string, v: unknown): ArgError =>
  new ArgError(`futexlab/state: ${field} ${what}, not ${JSON.stringify(v) ?? typeof v}`);

/** A list to page: its length and a way to build a slice of it. */
interface Listed {
  total: number;
  slice(start: number, end: number): Json[];
}

export class PagedState {
  private source: StateSource | null = null;

  /** `make`: the source of the current state (made again after invalidate). */
  constructor(private readonly make: () => StateSource) {}

  /** The state changed: the next request reads it again. */
  invalidate(): void {
    this.source = null;
  }

  private get src(): StateSource {
    return (this.source ??= this.make());
  }

  /** The whole body (no path), the top (path ''), or a page of the list at `path`. */
  answer(args: StatePageArgs): StateBody | StateTop | StatePage {
    if (args.path === undefined || args.path === null) {
      if (args.start !== undefined || args.count !== undefined) throw new ArgError('futexlab/state: start and count need a path (the list to page)');
      return this.src.whole();
    }
    if (typeof args.path !== 'string') throw bad('path', "must be a string naming a list ('' for the top, 'buckets', 'buckets/3/waiters', ...)", args.path);
    const start = args.start ?? 0;
    if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) throw bad('start', 'must be an integer >= 0', args.start);
    const count = args.count ?? MAX_COUNT;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw bad('count', `must be an integer from 1 to ${MAX_COUNT}`, args.count);
    if (args.path === '') return this.top();
    const list = this.resolve(args.path);
    if (start > list.total) throw bad('start', `must be at most ${list.total} (the length of ${args.path})`, start);
    const items: Json[] = [];
    let bytes = 0;
    let i = start;
    let built: Json[] = [];
    let builtAt = start;
    for (; i < list.total && items.length < count; i++) {
      if (i - builtAt >= built.length) {
        builtAt = i;
        built = list.slice(i, Math.min(list.total, i + Math.min(BUILD, count - items.length)));
      }
      const item = pageItem(built[i - builtAt]);
      const n = JSON.stringify(item)?.length ?? 4;
      if (items.length > 0 && bytes + n > PAGE_BYTES) break;
      items.push(item);
      bytes += n + 1;
    }
    const page: StatePage = { path: args.path, start, total: list.total, items };
    if (i < list.total) page.next = i;
    return page;
  }

  private top(): StateTop {
    const src = this.src;
    const sizes = Object.fromEntries(TOP_LISTS.map((k) => [k, src.size(k)])) as Record<TopList, number>;
    return { ...src.rest(), view: { ...src.scalars() }, sizes, counts: src.counts() };
  }

  /** The list a path names, or an ArgError naming the step of the path that does not lead to one. */
  private resolve(path: string): Listed {
    const steps = path.split('/');
    const head = steps[0];
    if (!(TOP_LISTS as readonly string[]).includes(head)) {
      throw bad('path', `must start with one of ${TOP_LISTS.join(', ')}`, path);
    }
    const src = this.src;
    const list = head as TopList;
    const total = src.size(list);
    if (steps.length === 1) return { total, slice: (a, b) => src.slice(list, a, b) };
    // Down into one item: only that item is built.
    const i = /^(0|[1-9]\d*)$/.test(steps[1]) ? Number(steps[1]) : NaN;
    if (!(i < total)) throw bad('path', `step 2 must be an index below ${total} (the length of ${head})`, path);
    let at: Json = src.slice(list, i, i + 1)[0];
    for (let k = 2; k < steps.length; k++) {
      const step = steps[k];
      const where = steps.slice(0, k).join('/');
      if (isList(at)) {
        const j = /^(0|[1-9]\d*)$/.test(step) ? Number(step) : NaN;
        if (!(j < at.length)) throw bad('path', `step ${k + 1} must be an index below ${at.length} (the length of ${where})`, path);
        at = at[j];
      } else if (isRecord(at)) {
        if (!Object.hasOwn(at, step)) throw bad('path', `step ${k + 1}: ${where} has no field '${step}'`, path);
        at = at[step];
      } else {
        throw bad('path', `step ${k + 1}: ${where} is a value, not a list or an object`, path);
      }
    }
    if (!isList(at)) throw bad('path', 'must name a list', path);
    const found = at;
    return { total: found.length, slice: (a, b) => found.slice(a, b) };
  }
}
