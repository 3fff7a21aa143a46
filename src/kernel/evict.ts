// Page reclaim (swap_out of one page, reclaim of all), and truncate.
//
// What may not be freed is not: a pinned page is unmapped and put in the swap cache (or, for a
// file page, kept in the page cache) but never freed ("The pinned page can be unmapped and put in
// the swap cache, but it can never be freed", GROUND-TRUTH.md (a)). A PG_locked page is skipped.

import type { Kernel } from './kernel';
import type { Mm, PageFrame, Vma } from './state';
import { PAGE_SIZE, pageOf } from './types';
import { page, unmapPage, ZERO_PFN } from './page';
import { filePageIndex, mkSwapPte, ptePfn, ptePresent, ptesIn, zapPte } from './mm';
import { dropCachePage, evictInode, inode, shmemSwapOut } from './fs';
import { addToSwapCache, deleteFromSwapCache } from './swap';
import { mmsWritten, pagesWritten } from './vm-stamp';

/** try_to_unmap: replace every pte mapping p (anon: with its swap entry; file: with nothing). */
function tryToUnmap(k: Kernel, p: PageFrame): void {
  pagesWritten(k.s); mmsWritten(k.s);
  for (const r of [...p.rmap]) {
    const m = k.s.mms[r.mm]!;
    const vpn = pageOf(r.addr);
    if (p.swapCache) {
      m.pt.set(vpn, mkSwapPte(p.index));
      k.s.swap[p.index]!.count++;
    } else {
      m.pt.delete(vpn);
    }
    unmapPage(k, p, r.mm, r.addr);
  }
}

/** shrink_page_list for one page. Returns false if the page had to be kept. */
export function reclaimPage(k: Kernel, p: PageFrame): void {
  if (p.reserved) return;
  k.s.stats.swapOuts++;
  if (p.mapping && p.mapping.kind === 'inode') {
    const i = inode(k, p.mapping.ino);
    const index = p.index;
    tryToUnmap(k, p);
    if (i.kind === 'shmem') shmemSwapOut(k, i, index, p);
    else if (p.count === 1) dropCachePage(k, i, index, true);
    else k.emit({ type: 'writeback', pfn: p.pfn, ino: i.ino, index, freed: false });
    return;
  }
  if (!p.swapCache) addToSwapCache(k, p);
  const slot = p.index;
  tryToUnmap(k, p);
  const freed = p.count === 1;
  k.emit({ type: 'swap-out', pfn: p.pfn, slot, freed });
  if (freed) deleteFromSwapCache(k, p, true);
}

/** `swap_out ADDR`: reclaim the page mapped at addr in m now, if there is one. */
export function swapOutAddr(k: Kernel, m: Mm, addr: number): void {
  const pte = m.pt.get(pageOf(addr));
  if (pte === undefined || !ptePresent(pte) || ptePfn(pte) === ZERO_PFN) return;
  reclaimPage(k, page(k, ptePfn(pte)));
}

/** `reclaim`: evict every page that is not pinned or locked, then every unused inode. */
export function reclaimAll(k: Kernel): void {
  for (const p of [...k.s.pages]) {
    if (!p || p.reserved || p.pins > 0 || p.locked) continue;
    if (k.s.pages[p.pfn] !== p) continue; // freed meanwhile
    if (p.swapCache && p.rmap.length === 0) {
      if (p.count === 1) deleteFromSwapCache(k, p, true);
      continue;
    }
    if (p.mapping === null && !p.anon) continue;
    reclaimPage(k, p);
  }
  for (const i of [...k.s.inodes]) if (i && i.count === 0 && i.disk !== '') evictInode(k, i);
}

/**
 * truncate: shrinking removes the page-cache pages past the end (a pinned page is detached, not
 * freed) and zaps the ptes that map them (unmap_mapping_range); the vmas stay. Growing makes
 * those pages readable again, as new zero-filled pages.
 */
export function doTruncate(k: Kernel, file: string, pages: number): void {
  pagesWritten(k.s); mmsWritten(k.s);
  const d = k.s.disk.get(file)!;
  const old = d.pages;
  d.pages = pages;
  for (const idx of [...d.blocks.keys()]) if (idx >= pages) d.blocks.delete(idx);
  if (d.ino < 0) return;
  const i = inode(k, d.ino);
  i.size = pages;
  for (const [index, pfn] of [...i.cache]) {
    if (index < pages) continue;
    const p = page(k, pfn);
    for (const r of [...p.rmap]) {
      k.s.mms[r.mm]!.pt.delete(pageOf(r.addr));
      unmapPage(k, p, r.mm, r.addr);
    }
    dropCachePage(k, i, index, false);
  }
  // unmap_mapping_range(mapping, holebegin, 0, even_cows = 1); in 2.6.0 vmtruncate_list, which
  // zap_page_range()s every vma of i_mmap and i_mmap_shared: the private COW copies of the
  // truncated pages go too, so a load there is SIGBUS like one of the file page it copied.
  const zapped: { mm: number; mmLife: number; start: number; end: number }[] = [];
  for (const m of k.s.mms) {
    if (!m) continue;
    for (const v of m.vmas) {
      if (v.ino !== i.ino) continue;
      for (const a of ptesIn(m, v.start, v.end)) if (filePageIndex(v, a) >= pages) zapPte(k, m, a);
      zapped.push(...rangesPast(v, pages).map((r) => ({ mm: m.id, mmLife: m.life, ...r })));
    }
  }
  k.emit({ type: 'truncate', ino: i.ino, inodeLife: i.life, pages, oldPages: old, ranges: zapped });
}

/** The parts of a vma that map file pages at or past `pages`: one range for a linear vma. */
function rangesPast(v: Vma, pages: number): { start: number; end: number }[] {
  if (!v.nonlinear) {
    const start = Math.max(v.start, v.start + (pages - v.pgoff) * PAGE_SIZE);
    return start < v.end ? [{ start, end: v.end }] : [];
  }
  const out: { start: number; end: number }[] = [];
  for (let a = v.start; a < v.end; a += PAGE_SIZE) {
    if (filePageIndex(v, a) < pages) continue;
    const last = out[out.length - 1];
    if (last && last.end === a) last.end = a + PAGE_SIZE;
    else out.push({ start: a, end: a + PAGE_SIZE });
  }
  return out;
}

