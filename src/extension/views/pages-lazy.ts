// The Pages view fetched as shown (issue 9): the frames by page (state-pages.ts `pages`, up to
// LIST_RANGE at once, past that by range nodes), the swap slots at the stop when there are at
// most LIST_RANGE (else when the swap row is opened), and a frame's fields when it is opened:
// its reverse map (inline when short) and the waiters its pin is held for, from the adapter's
// `pinners` list (item i: the waiters pinning pages[i]), not from every waiter of every bucket.
// What it shows is views/pages.ts's: the same rows, ids, icons and marks, except that what was
// not fetched at the last stop is not marked (lazy-list.ts Seen) and a frame's tooltip counts its
// mappings when it has more than INLINE.

import type { KernelView, PageView, WaiterView } from '../../kernel/snapshot';
import { LIST_RANGE, Seen, lengthOf, listOf, listRoots } from './lazy-list';
import { chunked, describe, goneNode, type LazyTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import { pageIcon, pageParts, pinnersRow, pinnersSummary } from './pages';
import type { PagedItem, StopState } from './stop-state';

type Page = PagedItem<PageView>;
type SwapSlot = KernelView['swap'][number];

const pageId = (p: PageView) => `pfn${p.pfn}`;
const slotId = (s: SwapSlot) => `swap${s.slot}`;

export class LazyPagesModel implements LazyTreeModel {
  private readonly seen = new Seen();
  /** Frames fetched at this stop, by pfn. */
  private readonly pages = new Map<number, Page>();
  /** Reverse maps known whole at this stop, by pfn. */
  private readonly mappers = new Map<number, PageView['mappers']>();
  /** Whom each opened frame is pinned for at this stop (`C/main (q1)`, '' for nobody), by pfn. */
  private readonly pinners = new Map<number, string>();
  /** The swap slots, when fetched whole. */
  private swap: SwapSlot[] | undefined;
  private allPages = false;

  constructor(readonly stop: StopState, private previous?: LazyPagesModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  summary(): string {
    const t = this.stop.top;
    const extra = [t.pinnedPages ? `${t.pinnedPages} pinned` : '', t.counts.cowShared ? `${t.counts.cowShared} COW-shared` : '', t.sizes.swap ? `${t.sizes.swap} swapped` : ''];
    return [plural(t.sizes.pages, 'frame'), ...extra.filter(Boolean)].join(', ');
  }

  async roots(): Promise<ViewNode[]> {
    const t = this.stop.top;
    const n = t.sizes.pages;
    const roots = await listRoots<PageView>(this.stop, 'pages', n, (items, start) => items.map((p, i) => this.pageNode(p, start + i)), () => this.seen.whole.add(''));
    this.allPages = n <= LIST_RANGE;
    if (t.sizes.swap <= LIST_RANGE) this.recordSwap(t.sizes.swap === 0 ? [] : await this.stop.items<SwapSlot>('swap', 0, t.sizes.swap));
    if (t.sizes.swap > 0) roots.push(this.swapNode());
    if (roots.length === 0) roots.push({ id: 'empty', label: 'no pages in use', icon: 'info' });
    return [...roots, ...goneNode(this.gone())];
  }

  /** Frames and slots the last stop had and this one does not, where both stops fetched them all. */
  private gone(): string[] {
    const p = this.previous;
    if (!p) return [];
    const frames = p.allPages && this.allPages ? [...p.pages.keys()].filter((pfn) => !this.pages.has(pfn)).map((pfn) => `pfn ${pfn} freed`) : [];
    const now = new Set(this.swap?.map((s) => s.slot));
    const slots = p.swap && this.swap ? p.swap.filter((s) => !now.has(s.slot)).map((s) => `swap slot ${s.slot} freed`) : [];
    return [...frames, ...slots];
  }

  private recordSwap(slots: SwapSlot[]): void {
    this.swap = slots;
    this.seen.sigs.set('swap', JSON.stringify(slots));
    this.seen.whole.add('swap');
    for (const s of slots) this.seen.sigs.set(slotId(s), JSON.stringify(s));
  }

  private pageNode(p: Page, position: number): ViewNode {
    const id = pageId(p);
    this.pages.set(p.pfn, p);
    this.seen.sigs.set(id, JSON.stringify(p));
    if (p.cut?.mappers === undefined) this.mappers.set(p.pfn, p.mappers);
    const old = this.previous?.pages.get(p.pfn);
    const mappedBy = p.cut?.mappers === undefined ? p.mappers.map((m) => `${m.process} ${m.addr}`).join(', ') || 'nobody' : plural(p.cut.mappers, 'mapping');
    return {
      id,
      label: `pfn ${p.pfn}`,
      ...describe(pageParts(p), old && pageParts(old)),
      tooltip: `pfn ${p.pfn}: ${p.flags.join(' ') || 'no flags'}\nmapped by: ${mappedBy}`,
      ...pageIcon(p),
      contextValue: 'page',
      changed: this.seen.changed(this.previous?.seen, id, ['']),
      load: () => this.pageFields(p, position),
    };
  }

  /** The waiters pages[position] is pinned for: the adapter's `pinners` item, its list by its path when cut. */
  private async pinnersOf(p: PageView, position: number): Promise<WaiterView[]> {
    const [entry] = await this.stop.items<{ pfn: number; waiters: WaiterView[] }>('pinners', position, 1);
    if (!entry || entry.pfn !== p.pfn) return [];
    return listOf<WaiterView>(this.stop, entry, entry.waiters, `pinners/${position}`, 'waiters');
  }

  private async pageFields(p: Page, position: number): Promise<ViewNode[]> {
    const id = pageId(p);
    const prev = this.previous;
    const old = prev?.pages.get(p.pfn);
    const mappers = await listOf<PageView['mappers'][number]>(this.stop, p, p.mappers, `pages/${position}`, 'mappers');
    this.mappers.set(p.pfn, mappers);
    const pinners = await this.pinnersOf(p, position);
    const now = pinnersSummary(pinners);
    this.pinners.set(p.pfn, now);
    // Only fields that differ from the same frame's at the last stop (a new frame is marked whole).
    const diff = (a: unknown, b: unknown) => (old !== undefined && JSON.stringify(a) !== JSON.stringify(b) ? true : undefined);
    const row = (name: string, value: string | number, was: unknown, icon = 'symbol-field'): ViewNode => ({
      id: `${id}/${name}`, label: name, description: String(value), icon, changed: diff(value, was),
    });
    const oldMappers = prev?.mappers.get(p.pfn);
    const rows: ViewNode[] = [
      row('count', p.count, old?.count),
      row('mapcount', p.mapcount, old?.mapcount),
      row('pins', p.pins, old?.pins, p.pins > 0 ? 'pinned' : 'symbol-field'),
      row('flags', p.flags.join(' ') || 'none', old ? old.flags.join(' ') || 'none' : undefined),
      row('mapping', p.mapping ? `${p.mapping} index ${p.index}` : 'none', old ? (old.mapping ? `${old.mapping} index ${old.index}` : 'none') : undefined),
      row('COW-shared', p.cowShared ? 'yes' : 'no', old ? (old.cowShared ? 'yes' : 'no') : undefined),
      {
        id: `${id}/mappers`, label: 'mapped by', description: plural(lengthOf(p, p.mappers, 'mappers'), 'mapping'), icon: 'references',
        changed: oldMappers !== undefined ? diff(mappers, oldMappers) : undefined,
        children: mappers.length === 0 ? undefined : () => mappers.map((m, i) => ({
          id: `${id}/mapper${i}`, label: m.process, description: `${m.addr} (mm#${m.mm})`, icon: 'vm',
        })),
      },
    ];
    // The waiters this frame is pinned for (pinned-page, vcache): each leads to its Waiters row.
    if (pinners.length > 0 || (old && old.pins > 0)) {
      const before = prev?.pinners.get(p.pfn);
      rows.push(pinnersRow(id, pinners, old !== undefined && before !== undefined && before !== now));
    }
    if (p.words.length > 0) {
      rows.push({
        id: `${id}/words`, label: 'contents', description: p.words.map((w) => `${w.offset}: ${w.value}`).join(', '), icon: 'symbol-number',
        changed: diff(p.words, old?.words),
      });
    }
    return rows;
  }

  private swapNode(): ViewNode {
    const n = this.stop.top.sizes.swap;
    const slotNodes = (slots: SwapSlot[]) => chunked('swap', slots.length, (i) => {
      const s = slots[i]!;
      return {
        id: slotId(s), label: `slot ${s.slot}`,
        description: `count ${s.count}${s.cachedPfn >= 0 ? ` · in swap cache as pfn ${s.cachedPfn}` : ' · swapped out'}`,
        icon: 'archive',
        changed: this.seen.changed(this.previous?.seen, slotId(s), ['swap']),
      };
    });
    const known = this.swap;
    return {
      id: 'swap',
      label: 'swap',
      description: plural(n, 'slot'),
      icon: 'archive',
      // Compared only when both stops fetched every slot (no ancestor: unknown otherwise).
      changed: known ? this.seen.changed(this.previous?.seen, 'swap', []) : undefined,
      ...(known ? { children: () => slotNodes(known) } : {
        load: async () => {
          const slots = await this.stop.items<SwapSlot>('swap', 0, n);
          for (const s of slots) this.seen.sigs.set(slotId(s), JSON.stringify(s));
          return slotNodes(slots);
        },
      }),
    };
  }
}
