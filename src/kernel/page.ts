// Page frames: allocation, reference counts, pins, the ZERO_PAGE and the page lock.
//
// Invariant (checked by invariants.ts after every step in the tests): for every page but the
// ZERO_PAGE, count == mapcount + pins + (in page cache or swap cache ? 1 : 0); a page with
// count 0 is freed at once, and a pinned page is never freed.

import type { Kernel } from './kernel';
import type { PageFrame } from './state';
import { BUG_ON, WORDS_PER_PAGE } from './types';
import { slabAlloc, slabFree } from './slab';
import { framesInUse, limits, OutOfFrames } from './limits';
import { pagesWritten } from './vm-stamp';

/** pfn 0 is the ZERO_PAGE: PG_reserved, shared by every untouched anonymous page. */
export const ZERO_PFN = 0;

export function newFrame(pfn: number): PageFrame {
  return {
    pfn, count: 0, mapcount: 0, pins: 0, anon: false, reserved: false,
    locked: false, lockedUntil: 0, swapCache: false, mapping: null, index: 0,
    rmap: [], data: new Int32Array(WORDS_PER_PAGE), owner: 0,
  };
}

export function page(k: Kernel, pfn: number): PageFrame {
  const p = k.s.pages[pfn];
  if (!p) BUG_ON(true, `pfn ${pfn} is not allocated`);
  return p!;
}

/** Allocate a zero-filled frame with count 0; the caller takes the references it needs. */
export function allocPage(k: Kernel, anon: boolean): PageFrame {
  pagesWritten(k.s);
  // Every caller allocates before it changes any state, so handleFault can turn this into
  // VM_FAULT_OOM cleanly (kernel/limits.ts).
  if (framesInUse(k) >= limits(k).maxFrames) throw new OutOfFrames();
  const pfn = slabAlloc(k.s.pageSlab);
  const p = newFrame(pfn);
  p.anon = anon;
  p.owner = k.s.epoch;
  k.s.pages[pfn] = p;
  return p;
}

/** get_page (its callers call pagesWritten: vm-stamp.ts). */
export function getPage(p: PageFrame): void {
  if (!p.reserved) p.count++;
}

/** put_page: drop a reference; the last one frees the frame. */
export function putPage(k: Kernel, p: PageFrame): void {
  pagesWritten(k.s);
  if (p.reserved) return;
  p.count--;
  BUG_ON(p.count < 0, `pfn ${p.pfn}: page_count below zero`);
  if (p.count === 0) freePage(k, p);
}

function freePage(k: Kernel, p: PageFrame): void {
  pagesWritten(k.s);
  BUG_ON(p.pins > 0, `pfn ${p.pfn}: freeing a pinned page`);
  BUG_ON(p.mapcount > 0, `pfn ${p.pfn}: freeing a mapped page`);
  k.s.pages[p.pfn] = null;
  slabFree(k.s.pageSlab, p.pfn);
}

/** Add a pte mapping of p at (mm, addr): mapcount and count go up together (its callers call pagesWritten). */
export function mapPage(p: PageFrame, mm: number, addr: number): void {
  if (p.reserved) return;
  p.mapcount++;
  p.count++;
  p.rmap.push({ mm, addr });
}

/** Drop the pte mapping of p at (mm, addr). */
export function unmapPage(k: Kernel, p: PageFrame, mm: number, addr: number): void {
  pagesWritten(k.s);
  if (p.reserved) return;
  const i = p.rmap.findIndex((r) => r.mm === mm && r.addr === addr);
  BUG_ON(i < 0, `pfn ${p.pfn}: no rmap entry for mm#${mm} ${addr}`);
  p.rmap.splice(i, 1);
  p.mapcount--;
  putPage(k, p);
}

/** A futex pin: an extra reference held while a waiter sleeps (pinned-page, vcache). */
export function pinPage(k: Kernel, p: PageFrame, q: number): void {
  if (p.reserved) return; // __pin_page_atomic: `if (!PageReserved(page)) get_page(page)`
  pagesWritten(k.s);
  if (p.pins++ === 0) {
    k.s.pinned++;
    // The peak is taken here, not after the step: an unpin later in the same step would hide it.
    if (k.s.pinned > k.s.stats.pinnedPagesMax) k.s.stats.pinnedPagesMax = k.s.pinned;
    if (k.s.pinned > k.pinPeak) k.pinPeak = k.s.pinned;
  }
  p.count++;
  k.emit({ type: 'pin', pfn: p.pfn, q, pins: p.pins });
}

export function unpinPage(k: Kernel, pfn: number, q: number): void {
  const p = k.s.pages[pfn];
  BUG_ON(!p, `unpin of freed pfn ${pfn}`);
  if (p!.reserved) return;
  pagesWritten(k.s);
  if (--p!.pins === 0) k.s.pinned--;
  k.emit({ type: 'unpin', pfn, q, pins: p!.pins });
  putPage(k, p!);
}


