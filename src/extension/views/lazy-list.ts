// What the views fetched as shown share (issue 9): a list whose items are the roots, fetched
// whole up to LIST_RANGE items and past that by range nodes opened one at a time; and the marks
// of a lazy view, which can only compare what both stops fetched.
//
// Marks (the rule of hash-lazy.ts): a node is changed when the previous stop fetched it with a
// different signature, or when the previous stop fetched whole the children of its nearest
// ancestor that existed then and it was not among them (new). A node the previous stop did not
// fetch is not marked: nothing is known about it. With everything fetched at both stops this is
// the plain views' rule (node.ts Changes), which the differential test checks
// (test/extension/views-lazy-more.test.ts). The row of what is gone since the last stop needs
// every item at both stops: past LIST_RANGE items (ranges) the views leave it out.

import type { ViewNode } from './node';
import type { PagedItem, StopState } from './stop-state';

/** Items of a root list fetched at once; past that the roots are ranges of this many. */
export const LIST_RANGE = 100;

export class Seen {
  /** Signature of everything fetched at this stop, by node id. */
  readonly sigs = new Map<string, string>();
  /** Nodes whose children this stop fetched whole ('' for the roots). */
  readonly whole = new Set<string>();

  /**
   * Different from `prev`'s stop, or new there: see above. `ancestors`: parent first, up to ''.
   */
  changed(prev: Seen | undefined, id: string, ancestors: readonly string[]): true | undefined {
    if (!prev) return undefined;
    const old = prev.sigs.get(id);
    if (old !== undefined) return old !== this.sigs.get(id) || undefined;
    for (const a of ancestors) {
      if (prev.whole.has(a)) return true;
      if (a === '' || prev.sigs.has(a)) return undefined;
    }
    return undefined;
  }
}

/**
 * The roots over the list at `path` (`total` items): the items' nodes when there are at most
 * LIST_RANGE (fetched now), else range nodes `[0 .. 99]` (ids `${path}[0..99]`, icon
 * list-flat so that tree.ts find looks into them), each fetched when opened. `make` builds the
 * nodes of items fetched from position `start`; `done` is called once every item was fetched.
 */
export async function listRoots<T>(
  stop: StopState,
  path: string,
  total: number,
  make: (items: PagedItem<T>[], start: number) => ViewNode[],
  done: () => void,
): Promise<ViewNode[]> {
  if (total <= LIST_RANGE) {
    const nodes = make(await stop.items<T>(path, 0, total), 0);
    done();
    return nodes;
  }
  const opened = new Set<number>();
  const ranges: ViewNode[] = [];
  for (let from = 0; from < total; from += LIST_RANGE) {
    const to = Math.min(total, from + LIST_RANGE) - 1;
    ranges.push({
      id: `${path}[${from}..${to}]`, label: `[${from} .. ${to}]`, icon: 'list-flat',
      load: async () => {
        const nodes = make(await stop.items<T>(path, from, to - from + 1), from);
        opened.add(from);
        if (opened.size * LIST_RANGE >= total) done();
        return nodes;
      },
    });
  }
  return ranges;
}

/** A list of an item that may have come cut (state-pages.ts): inline, or fetched by its path. */
export function listOf<T>(stop: StopState, item: { cut?: Record<string, number> }, inline: T[], itemPath: string, field: string): Promise<T[]> | T[] {
  const n = item.cut?.[field];
  return n === undefined ? inline : stop.items<T>(`${itemPath}/${field}`, 0, n);
}

/** The length of a list of an item, cut or not. */
export const lengthOf = (item: { cut?: Record<string, number> }, inline: readonly unknown[], field: string): number => item.cut?.[field] ?? inline.length;
