// Swap slots and the swap cache.
//
// Invariant: a slot's count is the number of swap ptes, shmem swap entries and swap-cache pages
// that refer to it; the slot is freed when it reaches 0. A swap-cache page has PG_swapcache,
// mapping = swapper_space and index = its slot, and holds one page reference.

import type { Kernel } from './kernel';
import type { PageFrame } from './state';
import { slabAlloc, slabFree } from './slab';
import { BUG_ON } from './types';
import { allocPage, getPage, putPage } from './page';
import { pagesWritten } from './vm-stamp';

/** get_swap_page: a new slot with no references yet. */
export function swapSlotAlloc(k: Kernel): number {
  pagesWritten(k.s);
  const slot = slabAlloc(k.s.swapSlab);
  k.s.swap[slot] = { slot, count: 0, data: null, cachePfn: -1 };
  return slot;
}

/** swap_free: drop a reference; the last one frees the slot. */
export function swapSlotPut(k: Kernel, slot: number): void {
  pagesWritten(k.s);
  const s = k.s.swap[slot];
  BUG_ON(!s, `swap slot ${slot} is free`);
  s!.count--;
  BUG_ON(s!.count < 0, `swap slot ${slot}: count below zero`);
  if (s!.count === 0) {
    BUG_ON(s!.cachePfn >= 0, `swap slot ${slot} freed with a swap-cache page`);
    k.s.swap[slot] = null;
    slabFree(k.s.swapSlab, slot);
  }
}

/**
 * add_to_swap: give an anonymous page a slot and put it in the swap cache. rusty-2003 rehashes
 * its waiters to (swapper_space, entry) here (seed 001: move_to_page_cache from add_to_swap).
 */
export function addToSwapCache(k: Kernel, p: PageFrame): number {
  const slot = swapSlotAlloc(k);
  k.strategy.onPageMappingChange?.(k, p, { kind: 'swap' }, slot);
  insertSwapCache(k, p, slot);
  return slot;
}

/** __add_to_swap_cache: the page joins the cache under `slot`, which holds a reference to it. */
function insertSwapCache(k: Kernel, p: PageFrame, slot: number): void {
  pagesWritten(k.s);
  const s = k.s.swap[slot]!;
  s.count++;
  s.cachePfn = p.pfn;
  p.swapCache = true;
  p.mapping = { kind: 'swap' };
  p.index = slot;
  getPage(p);
  k.emit({ type: 'swap-cache', pfn: p.pfn, slot, op: 'add', freed: false });
}

/**
 * delete_from_swap_cache. `freeing`: the page is on its way out (reclaim wrote it to swap):
 * rusty-2003 waiters then stay on (swapper_space, entry), the seed's shrink_list case. Otherwise
 * the page stays in memory as a plain anonymous page and rusty-2003 rehashes them to the page.
 */
export function deleteFromSwapCache(k: Kernel, p: PageFrame, freeing: boolean): void {
  pagesWritten(k.s);
  const slot = p.index;
  const s = k.s.swap[slot]!;
  if (freeing) s.data = p.data.slice();
  else k.strategy.onPageMappingChange?.(k, p, null, 0);
  s.cachePfn = -1;
  p.swapCache = false;
  p.mapping = null;
  p.index = 0;
  k.emit({ type: 'swap-cache', pfn: p.pfn, slot, op: 'delete', freed: freeing });
  swapSlotPut(k, slot);
  putPage(k, p);
}

/**
 * read_swap_cache_async: the swap-cache page of a slot, reading it back from swap if it was
 * freed (`anon`: as an anonymous page; false for a tmpfs page, fs.ts shmemSwapIn). The returned
 * page is in the swap cache.
 */
export function swapCachePage(k: Kernel, slot: number, anon = true): PageFrame {
  const s = k.s.swap[slot]!;
  if (s.cachePfn >= 0) return k.s.pages[s.cachePfn]!;
  const p = allocPage(k, anon);
  if (s.data) p.data.set(s.data);
  // A page coming back from swap enters the swap cache under its old entry: waiters that
  // rusty-2003 left on (swapper_space, entry) find it again.
  insertSwapCache(k, p, slot);
  return p;
}
