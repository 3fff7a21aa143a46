// Files, inodes and the page cache; shmem (tmpfs) for shm objects and shared anonymous memory;
// truncate; inode eviction and recycling.
//
// Invariants: a DiskFile has at most one in-memory inode (disk.ino); an inode's page-cache pages
// have mapping {inode, ino} and index = their file page; a 'file' inode is evicted only by
// reclaim when nothing uses it (count 0), so a re-read brings a new inode lifetime (and, under
// modern, a new i_seq), possibly in the same slot.

import type { Kernel } from './kernel';
import type { DiskFile, Inode, PageFrame } from './state';
import { allocPage, getPage, page, putPage } from './page';
import { slabAlloc, slabFree } from './slab';
import { BUG_ON } from './types';
import { swapCachePage, swapSlotAlloc, swapSlotPut } from './swap';
import { pagesWritten } from './vm-stamp';

export function declareFile(k: Kernel, name: string, kind: 'file' | 'shm', pages: number): void {
  pagesWritten(k.s);
  k.s.disk.set(name, { name, kind, pages, blocks: new Map(), ino: -1 });
}

export function inode(k: Kernel, ino: number): Inode {
  const i = k.s.inodes[ino];
  if (!i) BUG_ON(true, `inode#${ino} is not allocated`);
  return i!;
}

function newInode(k: Kernel, kind: 'file' | 'shmem', name: string, disk: string, size: number): Inode {
  pagesWritten(k.s);
  const ino = slabAlloc(k.s.inodeSlab);
  const i: Inode = {
    ino, life: ++k.s.lives, kind, name, disk, size, count: 0,
    cache: new Map(), shmSwap: new Map(), iSeq: 0,
  };
  k.s.inodes[ino] = i;
  k.emit({ type: 'inode-new', ino, life: i.life, name });
  return i;
}

/** iget: the in-memory inode of a DiskFile, read in if it was evicted. Takes no reference. */
export function igetDisk(k: Kernel, d: DiskFile): Inode {
  pagesWritten(k.s);
  if (d.ino >= 0) return inode(k, d.ino);
  const i = newInode(k, d.kind === 'shm' ? 'shmem' : 'file', d.name, d.name, d.pages);
  d.ino = i.ino;
  return i;
}

/** shmem_zero_setup: the anonymous tmpfs inode behind MAP_SHARED|MAP_ANONYMOUS. */
export function shmemZeroSetup(k: Kernel, pages: number): Inode {
  return newInode(k, 'shmem', 'dev/zero (shmem)', '', pages);
}

export function iget(k: Kernel, i: Inode): void {
  pagesWritten(k.s);
  i.count++;
}

/**
 * iput: drop a reference. Anonymous shmem dies with its last reference; a file's inode stays
 * cached (unused) until reclaim evicts it.
 */
export function iput(k: Kernel, i: Inode): void {
  pagesWritten(k.s);
  i.count--;
  BUG_ON(i.count < 0, `inode#${i.ino}: i_count below zero`);
  if (i.count === 0 && i.disk === '') evictInode(k, i);
}

/** evict(): drop the page cache (writing file pages back), free the inode's slot. */
export function evictInode(k: Kernel, i: Inode): void {
  pagesWritten(k.s);
  BUG_ON(i.count !== 0, `evicting inode#${i.ino} in use`);
  for (const index of [...i.cache.keys()]) dropCachePage(k, i, index, true);
  for (const slot of i.shmSwap.values()) swapSlotPut(k, slot);
  i.shmSwap.clear();
  if (i.disk !== '') k.s.disk.get(i.disk)!.ino = -1;
  k.s.inodes[i.ino] = null;
  slabFree(k.s.inodeSlab, i.ino);
  k.emit({ type: 'inode-evict', ino: i.ino, life: i.life, name: i.name });
}

/**
 * find_or_create_page: the page-cache page for `index`, read from disk or swap (shmem) if needed.
 * Returns null past the end of the file (the caller raises SIGBUS or -EFAULT).
 */
export function findOrReadPage(k: Kernel, i: Inode, index: number): PageFrame | null {
  if (index >= i.size) return null;
  const pfn = i.cache.get(index);
  if (pfn !== undefined) return page(k, pfn);
  const slot = i.shmSwap.get(index);
  if (slot !== undefined) return shmemSwapIn(k, i, index, slot);
  const p = allocPage(k, false);
  const block = i.disk !== '' ? k.s.disk.get(i.disk)!.blocks.get(index) : undefined;
  if (block) p.data.set(block);
  addToPageCache(k, p, i, index);
  return p;
}

function addToPageCache(k: Kernel, p: PageFrame, i: Inode, index: number): void {
  pagesWritten(k.s);
  p.mapping = { kind: 'inode', ino: i.ino };
  p.index = index;
  getPage(p);
  i.cache.set(index, p.pfn);
}

/**
 * shmem swap-in (shmem_getpage): read_swap_cache_async brings the page back into the swap cache
 * under its entry if reclaim freed it, where rusty-2003 left its waiters on (swapper_space,
 * entry); move_from_swap_cache then moves it to (mapping, index), and futex_rehash moves those
 * waiters with it (seed 001: futex_rehash(page, mapping, index) in move_from_swap_cache).
 */
function shmemSwapIn(k: Kernel, i: Inode, index: number, slot: number): PageFrame {
  pagesWritten(k.s);
  const s = k.s.swap[slot]!;
  const p = swapCachePage(k, slot, false);
  k.strategy.onPageMappingChange?.(k, p, { kind: 'inode', ino: i.ino }, index);
  // The swap cache's page reference becomes the page cache's.
  s.cachePfn = -1;
  p.swapCache = false;
  p.mapping = { kind: 'inode', ino: i.ino };
  p.index = index;
  i.cache.set(index, p.pfn);
  swapSlotPut(k, slot); // the swap cache's
  i.shmSwap.delete(index);
  swapSlotPut(k, slot); // the inode's swap entry
  return p;
}

/**
 * Remove a page from the page cache. `writeback` copies a file page to disk first. A pinned page
 * is detached from the file and stays until unpinned (truncate of a pinned page; LANGUAGE.md).
 */
export function dropCachePage(k: Kernel, i: Inode, index: number, writeback: boolean): void {
  pagesWritten(k.s);
  const pfn = i.cache.get(index);
  if (pfn === undefined) return;
  const p = page(k, pfn);
  if (writeback && i.disk !== '') k.s.disk.get(i.disk)!.blocks.set(index, p.data.slice());
  i.cache.delete(index);
  p.mapping = null;
  p.index = 0;
  const freed = p.count === 1;
  k.emit({ type: 'writeback', pfn, ino: i.ino, index, freed });
  putPage(k, p);
}

/**
 * shmem_writepage: move a tmpfs page from its inode to the swap cache (the "swizzled" page of
 * seed 002), and free it if nothing else holds it. The page cache's reference becomes the swap
 * cache's.
 */
export function shmemSwapOut(k: Kernel, i: Inode, index: number, p: PageFrame): void {
  pagesWritten(k.s);
  const slot = swapSlotAlloc(k);
  const s = k.s.swap[slot]!;
  k.strategy.onPageMappingChange?.(k, p, { kind: 'swap' }, slot);
  i.cache.delete(index);
  i.shmSwap.set(index, slot);
  s.count += 2; // the swap cache and the inode's swap entry
  p.mapping = { kind: 'swap' };
  p.index = slot;
  p.swapCache = true;
  s.cachePfn = p.pfn;
  const freed = p.count === 1;
  k.emit({ type: 'swap-out', pfn: p.pfn, slot, freed });
  if (freed) {
    s.data = p.data.slice();
    s.cachePfn = -1;
    p.swapCache = false;
    p.mapping = null;
    swapSlotPut(k, slot);
    putPage(k, p);
  }
}

