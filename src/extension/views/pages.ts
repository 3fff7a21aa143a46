// The Pages view: the page frames in use with their count, mapcount, pins, flags, mapping and
// index, who maps them (reverse map), whether they are COW-shared between processes, and the
// swap slots (a swapped-out page lives there; a slot still cached names its frame).

import type { KernelView, PageView, WaiterView } from '../../kernel/snapshot';
import { Changes, chunked, describe, goneNode, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';

type SwapSlot = KernelView['swap'][number];

const pageId = (p: PageView) => `pfn${p.pfn}`;
const slotId = (s: SwapSlot) => `swap${s.slot}`;

/** The parts of a frame's short state: `count 2 · map 2 · COW-shared · inode#1 db[0]`. */
export function pageParts(p: PageView): [string, string][] {
  return [
    ['count', `count ${p.count}`],
    ['map', `map ${p.mapcount}`],
    ['pins', p.pins > 0 ? `pins ${p.pins}` : ''],
    ['cow', p.cowShared ? 'COW-shared' : ''],
    ['swapcache', p.flags.includes('PG_swapcache') ? 'swap cache' : ''],
    ['locked', p.flags.includes('PG_locked') ? 'locked' : ''],
    ['mapping', p.mapping ? `${p.mapping}[${p.index}]` : p.flags.includes('anon') ? 'anon' : ''],
  ];
}

export function pageDescription(p: PageView): string {
  return describe(pageParts(p), undefined).description;
}

/** How the waiters a frame is pinned for read in its "pinned for" row (also what marks compare). */
export function pinnersSummary(pinners: readonly WaiterView[]): string {
  return pinners.map((w) => `${w.who} (q${w.q})`).join(', ');
}

/** The "pinned for" row of frame `id` (pinned-page, vcache): each waiter leads to its Waiters row. */
export function pinnersRow(id: string, pinners: readonly WaiterView[], changed: boolean): ViewNode {
  const now = pinnersSummary(pinners);
  return {
    id: `${id}/pinners`, label: 'pinned for', description: now || 'nobody now', icon: 'pinned',
    changed: changed ? true : undefined,
    children: pinners.length === 0 ? undefined : () => pinners.map((w) => ({
      id: `${id}/pinner${w.q}`, label: w.who, description: `q${w.q} · ${w.key} · bucket ${w.bucket}`, icon: 'debug-pause',
      link: { view: 'waiters' as const, id: `w${w.q}`, title: `Show ${w.who} in Waiters` },
    })),
  };
}

export function pageIcon(p: PageView): { icon: string; iconColor?: string } {
  if (p.pins > 0) return { icon: 'pinned', iconColor: 'charts.orange' };
  if (p.cowShared) return { icon: 'git-compare', iconColor: 'charts.blue' };
  if (p.flags.includes('PG_reserved')) return { icon: 'lock' };
  if (p.flags.includes('PG_swapcache')) return { icon: 'archive' };
  return { icon: p.flags.includes('anon') ? 'file-binary' : 'file' };
}

function signatures(view: KernelView): Map<string, string> {
  const sigs = new Map<string, string>();
  for (const p of view.pages) sigs.set(pageId(p), JSON.stringify(p));
  sigs.set('swap', JSON.stringify(view.swap));
  for (const s of view.swap) sigs.set(slotId(s), JSON.stringify(s));
  return sigs;
}

export class PagesModel implements KernelTreeModel {
  readonly changes: Changes;
  private readonly before: Map<number, PageView> | undefined;
  private readonly swapBefore: readonly SwapSlot[];

  /** Per pfn, whom it was pinned for at this stop (`C/main (q1)`), to mark a change at the next. */
  readonly pinners = new Map<number, string>();
  private readonly pinnersBefore: Map<number, string>;

  constructor(readonly view: KernelView, previous?: PagesModel) {
    this.changes = Changes.since(previous?.changes, signatures(view));
    this.before = previous ? new Map(previous.view.pages.map((p) => [p.pfn, p])) : undefined;
    this.swapBefore = previous?.view.swap ?? [];
    for (const w of view.buckets.flatMap((b) => b.waiters)) {
      if (w.pinned >= 0) this.pinners.set(w.pinned, [this.pinners.get(w.pinned), `${w.who} (q${w.q})`].filter(Boolean).join(', '));
    }
    this.pinnersBefore = previous?.pinners ?? new Map();
  }

  summary(): string {
    const cow = this.view.pages.filter((p) => p.cowShared).length;
    const extra = [this.view.pinnedPages ? `${this.view.pinnedPages} pinned` : '', cow ? `${cow} COW-shared` : '', this.view.swap.length ? `${this.view.swap.length} swapped` : ''];
    return [plural(this.view.pages.length, 'frame'), ...extra.filter(Boolean)].join(', ');
  }

  roots(): ViewNode[] {
    const pages = this.view.pages;
    const roots = chunked('pages', pages.length, (i) => this.pageNode(pages[i]!));
    if (this.view.swap.length > 0) roots.push(this.swapNode());
    if (roots.length === 0) roots.push({ id: 'empty', label: 'no pages in use', icon: 'info' });
    return [...roots, ...goneNode(this.gone())];
  }

  /** Frames and slots the last stop had and this one does not (as pages-lazy.ts). */
  private gone(): string[] {
    if (!this.before) return [];
    const pfns = new Set(this.view.pages.map((p) => p.pfn));
    const slots = new Set(this.view.swap.map((s) => s.slot));
    return [
      ...[...this.before.keys()].filter((pfn) => !pfns.has(pfn)).map((pfn) => `pfn ${pfn} freed`),
      ...this.swapBefore.filter((s) => !slots.has(s.slot)).map((s) => `swap slot ${s.slot} freed`),
    ];
  }

  private pageNode(p: PageView): ViewNode {
    const id = pageId(p);
    const old = this.before?.get(p.pfn);
    return mark({
      id,
      label: `pfn ${p.pfn}`,
      ...describe(pageParts(p), old && pageParts(old)),
      tooltip: `pfn ${p.pfn}: ${p.flags.join(' ') || 'no flags'}\nmapped by: ${p.mappers.map((m) => `${m.process} ${m.addr}`).join(', ') || 'nobody'}`,
      ...pageIcon(p),
      contextValue: 'page',
      children: () => this.pageFields(p),
    }, this.changes);
  }

  private pageFields(p: PageView): ViewNode[] {
    const id = pageId(p);
    const old = this.before?.get(p.pfn);
    // Only fields that differ from the same frame's at the last stop (a new frame is marked whole).
    const diff = (a: unknown, b: unknown) => (old !== undefined && JSON.stringify(a) !== JSON.stringify(b) ? true : undefined);
    const row = (name: string, value: string | number, was: unknown, icon = 'symbol-field'): ViewNode => ({
      id: `${id}/${name}`, label: name, description: String(value), icon, changed: diff(value, was),
    });
    const mappers: ViewNode = {
      id: `${id}/mappers`, label: 'mapped by', description: plural(p.mappers.length, 'mapping'), icon: 'references',
      changed: diff(p.mappers, old?.mappers),
      children: p.mappers.length === 0 ? undefined : () => p.mappers.map((m, i) => ({
        id: `${id}/mapper${i}`, label: m.process, description: `${m.addr} (mm#${m.mm})`, icon: 'vm',
      })),
    };
    const rows = [
      row('count', p.count, old?.count),
      row('mapcount', p.mapcount, old?.mapcount),
      row('pins', p.pins, old?.pins, p.pins > 0 ? 'pinned' : 'symbol-field'),
      row('flags', p.flags.join(' ') || 'none', old ? old.flags.join(' ') || 'none' : undefined),
      row('mapping', p.mapping ? `${p.mapping} index ${p.index}` : 'none', old ? (old.mapping ? `${old.mapping} index ${old.index}` : 'none') : undefined),
      row('COW-shared', p.cowShared ? 'yes' : 'no', old ? (old.cowShared ? 'yes' : 'no') : undefined),
      mappers,
    ];
    // The waiters this frame is pinned for (pinned-page, vcache): each leads to its Waiters row.
    const pinners = this.view.buckets.flatMap((b) => b.waiters).filter((w) => w.pinned === p.pfn);
    if (pinners.length > 0 || (old && old.pins > 0)) {
      rows.push(pinnersRow(id, pinners, old !== undefined && (this.pinnersBefore.get(p.pfn) ?? '') !== pinnersSummary(pinners)));
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
    const slots = this.view.swap;
    return mark({
      id: 'swap',
      label: 'swap',
      description: plural(slots.length, 'slot'),
      icon: 'archive',
      children: () => chunked('swap', slots.length, (i) => {
        const s = slots[i]!;
        return mark({
          id: slotId(s), label: `slot ${s.slot}`,
          description: `count ${s.count}${s.cachedPfn >= 0 ? ` · in swap cache as pfn ${s.cachedPfn}` : ' · swapped out'}`,
          icon: 'archive',
        }, this.changes);
      }),
    }, this.changes);
  }
}
