// Address spaces: mm_struct, VMAs and page tables; mmap, munmap, mremap, mprotect,
// remap_file_pages, madvise(DONTNEED).
//
// Invariants: vmas are sorted, page aligned and disjoint; a present pte holds one mapcount and
// one count of its page and one rmap entry; a swap pte holds one count of its slot; a vma with an
// inode holds one i_count of it.

import type { Kernel } from './kernel';
import type { Inode, Mm, Pte, Vma } from './state';
import { EACCES, EINVAL, ENOMEM, MMAP_BASE, PAGE_SIZE, TASK_SIZE, BUG_ON, pageOf } from './types';
import { slabAlloc, slabFree } from './slab';
import { mapPage, page, unmapPage } from './page';
import { iget, igetDisk, inode, iput, shmemZeroSetup } from './fs';
import { deleteFromSwapCache, swapSlotPut } from './swap';
import { limits, totalVm } from './limits';
import { mmsWritten, pagesWritten } from './vm-stamp';
import { futexEra } from './futex/era';

// --- page table entries ----------------------------------------------------------------------

export const ptePresent = (pte: Pte): boolean => pte >= 0;
export const ptePfn = (pte: Pte): number => pte >> 1;
export const pteWritable = (pte: Pte): boolean => (pte & 1) === 1;
export const pteSwapSlot = (pte: Pte): number => -pte - 1;
export const mkPte = (pfn: number, writable: boolean): Pte => pfn * 2 + (writable ? 1 : 0);
export const mkSwapPte = (slot: number): Pte => -(slot + 1);

// --- mm_struct -------------------------------------------------------------------------------

export function mm(k: Kernel, id: number): Mm {
  const m = k.s.mms[id];
  if (!m) BUG_ON(true, `mm#${id} is not allocated`);
  return m!;
}

export function mmAlloc(k: Kernel, pid: number): Mm {
  mmsWritten(k.s);
  const id = slabAlloc(k.s.mmSlab);
  const m: Mm = {
    id, life: ++k.s.lives, vmas: [], pt: new Map(), users: 0, count: 1,
    mmapBase: MMAP_BASE, names: new Map(),
  };
  k.s.mms[id] = m;
  k.emit({ type: 'mm-new', mm: id, life: m.life, pid });
  return m;
}

/** mmdrop: drop an mm_count; the last frees the mm_struct (its slot may come back). */
export function mmdrop(k: Kernel, m: Mm): void {
  mmsWritten(k.s);
  m.count--;
  BUG_ON(m.count < 0, `mm#${m.id}: mm_count below zero`);
  if (m.count === 0) {
    BUG_ON(m.vmas.length > 0, `mm#${m.id} freed with vmas`);
    k.s.mms[m.id] = null;
    slabFree(k.s.mmSlab, m.id);
    k.emit({ type: 'mm-free', mm: m.id, life: m.life });
  }
}

/** mmput: drop an mm_users; the last tears the address space down (exit_mmap). */
export function mmput(k: Kernel, m: Mm): void {
  mmsWritten(k.s);
  m.users--;
  if (m.users > 0) return;
  exitMmap(k, m);
  mmdrop(k, m);
}

export function exitMmap(k: Kernel, m: Mm): void {
  mmsWritten(k.s);
  for (const v of [...m.vmas]) removeVma(k, m, v);
  m.names.clear();
}

export function findVma(m: Mm, addr: number): Vma | undefined {
  for (const v of m.vmas) if (addr >= v.start && addr < v.end) return v;
  return undefined;
}

/** The file page a (file-backed) vma maps at addr: linear, or from remap_file_pages. */
export function filePageIndex(v: Vma, addr: number): number {
  const page = pageOf(addr - v.start);
  if (v.nonlinear) {
    const j = v.nonlinearMap.get(page);
    if (j !== undefined) return j;
  }
  return v.pgoff + page;
}

// --- page table ------------------------------------------------------------------------------

/** Remove whatever the pte at addr maps (zap_pte_range for one page). */
export function zapPte(k: Kernel, m: Mm, addr: number): void {
  const vpn = pageOf(addr);
  const pte = m.pt.get(vpn);
  if (pte === undefined) return;
  mmsWritten(k.s);
  m.pt.delete(vpn);
  if (!ptePresent(pte)) {
    swapSlotPut(k, pteSwapSlot(pte));
    return;
  }
  const p = page(k, ptePfn(pte));
  // free_page_and_swap_cache: a swap-cache page whose last user goes leaves the cache with it.
  if (p.swapCache && p.count === 2 && k.s.swap[p.index]!.count === 1) {
    unmapPage(k, p, m.id, vpn * PAGE_SIZE);
    deleteFromSwapCache(k, p, false);
    return;
  }
  unmapPage(k, p, m.id, vpn * PAGE_SIZE);
}

export function zapRange(k: Kernel, m: Mm, start: number, end: number): void {
  for (const a of ptesIn(m, start, end)) zapPte(k, m, a);
}

/**
 * The page addresses in [start, end) that have a pte, ascending: the order of a walk of every
 * page. A walk of every page of a 3 GiB vma made each fork, munmap, mprotect or mremap cost
 * 786,432 iterations however little was touched (issue #14); the page table is walked instead
 * when it is the smaller. test/kernel/hostile.test.ts checks it against the plain walk.
 */
export function ptesIn(m: Mm, start: number, end: number): number[] {
  const out: number[] = [];
  if (!(end > start)) return out;
  if ((end - start) / PAGE_SIZE <= m.pt.size) {
    for (let a = start; a < end; a += PAGE_SIZE) if (m.pt.has(pageOf(a))) out.push(a);
    return out;
  }
  const lo = pageOf(start);
  const hi = Math.ceil(end / PAGE_SIZE);
  for (const vpn of m.pt.keys()) if (vpn >= lo && vpn < hi) out.push(vpn * PAGE_SIZE);
  return out.sort((x, y) => x - y);
}

/** Install a pte for a page at addr. */
export function setPte(k: Kernel, m: Mm, addr: number, pfn: number, writable: boolean): void {
  pagesWritten(k.s); mmsWritten(k.s);
  m.pt.set(pageOf(addr), mkPte(pfn, writable));
  mapPage(page(k, pfn), m.id, addr - (addr % PAGE_SIZE));
}

// --- mmap --------------------------------------------------------------------------------------

export interface MmapRequest {
  name: string;
  backing: 'anon' | 'file' | 'shm';
  shared: boolean;
  write: boolean;
  pages: number;
  /** The DiskFile for file and shm mappings. */
  file?: string;
  rdonly: boolean;
  /** In pages. */
  offset: number;
  at?: number;
}

/** get_unmapped_area, bottom-up from MMAP_BASE with one guard page between mappings. */
function unmappedArea(m: Mm, len: number): number {
  let candidate = MMAP_BASE;
  for (const v of m.vmas) {
    if (v.end + PAGE_SIZE <= candidate) continue;
    if (candidate + len + PAGE_SIZE <= v.start) break;
    candidate = Math.max(candidate, v.end + PAGE_SIZE);
  }
  return candidate;
}

/** do_mmap: returns the start address, or -errno. */
export function doMmap(k: Kernel, m: Mm, r: MmapRequest): number {
  mmsWritten(k.s);
  if (r.pages <= 0) return -EINVAL;
  // MAP_SHARED with PROT_WRITE on an fd opened O_RDONLY: -EACCES, as mmap(2).
  if (r.backing === 'file' && r.shared && r.write && r.rdonly) return -EACCES;
  const len = r.pages * PAGE_SIZE;
  if (r.at !== undefined && r.at % PAGE_SIZE !== 0) return -EINVAL;
  // do_mmap: past vm.max_map_count (option max_map_count) mmap is -ENOMEM (kernel/limits.ts).
  if (m.vmas.length >= limits(k).maxMapCount) return -ENOMEM;
  // may_expand_vm: RLIMIT_AS (option max_mm_pages). A fixed mapping may replace pages: not counted.
  if (r.at === undefined && !(totalVm(m) + r.pages <= limits(k).maxMmPages)) return -ENOMEM;
  const start = r.at ?? unmappedArea(m, len);
  if (!(start + len <= TASK_SIZE)) return -ENOMEM; // also refuses a NaN length
  if (r.at !== undefined) doMunmap(k, m, start, len);
  let ino: Inode | undefined;
  if (r.backing === 'anon' && r.shared) ino = shmemZeroSetup(k, r.pages);
  else if (r.backing !== 'anon') ino = igetDisk(k, k.s.disk.get(r.file!)!);
  if (ino) iget(k, ino);
  const mayshare = r.shared || r.backing === 'shm';
  // do_mmap_pgoff: VM_SHARED|VM_MAYSHARE, then VM_SHARED dropped if the file is not open for write.
  const vma: Vma = {
    start, end: start + len, read: true, write: r.write,
    shared: mayshare && !r.rdonly, mayshare, nonlinear: false,
    ino: ino ? ino.ino : -1, pgoff: r.backing === 'anon' ? 0 : r.offset,
    nonlinearMap: new Map(), backing: r.backing, name: r.name, rdonlyFile: r.rdonly,
  };
  insertVma(m, vma);
  if (r.name) m.names.set(r.name, start);
  k.emit({ type: 'mmap', mm: m.id, start, end: vma.end, name: r.name });
  return start;
}

/** Its callers call mmsWritten (vm-stamp.ts). */
function insertVma(m: Mm, v: Vma): void {
  m.vmas.push(v);
  m.vmas.sort((a, b) => a.start - b.start);
}

/** Split the vma containing addr (if addr is inside it, not at its start) into two. */
function splitVma(k: Kernel, m: Mm, addr: number): void {
  mmsWritten(k.s);
  const v = findVma(m, addr);
  if (!v || v.start === addr) return;
  const tail: Vma = { ...v, start: addr, nonlinearMap: new Map() };
  const cut = pageOf(addr - v.start);
  if (v.backing !== 'anon' || v.ino >= 0) tail.pgoff = v.pgoff + cut;
  for (const [pg, j] of v.nonlinearMap) {
    if (pg >= cut) { tail.nonlinearMap.set(pg - cut, j); v.nonlinearMap.delete(pg); }
  }
  v.end = addr;
  if (v.ino >= 0) iget(k, inode(k, v.ino));
  insertVma(m, tail);
}

function removeVma(k: Kernel, m: Mm, v: Vma): void {
  mmsWritten(k.s);
  zapRange(k, m, v.start, v.end);
  m.vmas.splice(m.vmas.indexOf(v), 1);
  if (v.ino >= 0) iput(k, inode(k, v.ino));
}

/** do_munmap: unmap [start, start+len), splitting vmas at the edges. */
export function doMunmap(k: Kernel, m: Mm, start: number, len: number): number {
  mmsWritten(k.s);
  if (start % PAGE_SIZE !== 0 || len <= 0) return -EINVAL;
  const end = start + len;
  // __split_vma refuses past vm.max_map_count: -ENOMEM, nothing unmapped.
  const splits = m.vmas.filter((v) => (v.start < start && v.end > start) || (v.start < end && v.end > end)).length;
  if (splits > 0 && m.vmas.length + splits > limits(k).maxMapCount) return -ENOMEM;
  splitVma(k, m, start);
  splitVma(k, m, end);
  for (const v of m.vmas.filter((x) => x.start >= start && x.end <= end)) removeVma(k, m, v);
  for (const [name, addr] of [...m.names]) if (addr >= start && addr < end) m.names.delete(name);
  k.emit({ type: 'munmap', mm: m.id, mmLife: m.life, start, end });
  return 0;
}

/** mremap: resize a whole vma, moving it (and its ptes) if it cannot grow in place. */
export function doMremap(k: Kernel, m: Mm, start: number, pages: number, to?: number): number {
  mmsWritten(k.s);
  const v = m.vmas.find((x) => x.start === start);
  if (!v || pages <= 0) return -EINVAL;
  const oldEnd = v.end;
  const newLen = pages * PAGE_SIZE;
  if (to === undefined && newLen <= v.end - v.start) {
    if (start + newLen < v.end) doMunmap(k, m, start + newLen, v.end - start - newLen);
    k.emit({ type: 'mremap', mm: m.id, mmLife: m.life, start, end: oldEnd, to: start, newEnd: start + newLen });
    return start;
  }
  // vma_to_resize: growth past RLIMIT_AS (option max_mm_pages) is -ENOMEM.
  if (!(totalVm(m) - (v.end - v.start) / PAGE_SIZE + pages <= limits(k).maxMmPages)) return -ENOMEM;
  // mremap_to (2.6 mm/mremap.c): a fixed destination past TASK_SIZE is -EINVAL.
  if (to !== undefined && (to % PAGE_SIZE !== 0 || to + newLen > TASK_SIZE)) return -EINVAL;
  // mremap_to: the new range may not overlap the old one.
  if (to !== undefined && to < v.end && to + newLen > v.start) return -EINVAL;
  // mremap (2.6.0 mm/mremap.c): "can we just expand the current mapping?" if max_addr - addr >=
  // new_len, max_addr being vma->vm_next->vm_start: growth in place may take the whole gap up to
  // the next vma (the one-page gap of the default placement included); only beyond it does the
  // mapping move.
  const next = m.vmas.find((x) => x.start >= v.end);
  const fits = !next || start + newLen <= next.start;
  const dest = to === undefined && fits ? start : to ?? unmappedAreaExcluding(m, v, newLen);
  // vma_to_resize/get_unmapped_area: growth that does not fit below TASK_SIZE is -ENOMEM, checked
  // before any pte or vma moves (a huge page count once looped here, issue #14).
  if (!(dest + newLen <= TASK_SIZE)) return -ENOMEM; // also refuses a NaN length
  if (dest === start && to === undefined) v.end = start + newLen;
  else moveVma(k, m, v, dest, newLen);
  k.emit({ type: 'mremap', mm: m.id, mmLife: m.life, start, end: oldEnd, to: v.start, newEnd: v.end });
  return v.start;
}

function unmappedAreaExcluding(m: Mm, v: Vma, len: number): number {
  const others: Mm = { ...m, vmas: m.vmas.filter((x) => x !== v) };
  return unmappedArea(others, len);
}

/** move_vma: the ptes move with the vma (move_page_tables); the map name follows it. */
function moveVma(k: Kernel, m: Mm, v: Vma, dest: number, newLen: number): void {
  mmsWritten(k.s); pagesWritten(k.s); // the pages' rmap entries move too
  const oldStart = v.start;
  const keep = Math.min(newLen, v.end - v.start);
  if (newLen < v.end - v.start) doMunmap(k, m, oldStart + newLen, v.end - oldStart - newLen);
  m.vmas.splice(m.vmas.indexOf(v), 1);
  doMunmapExcept(k, m, dest, newLen);
  for (const a of ptesIn(m, oldStart, oldStart + keep)) {
    const off = a - oldStart;
    const pte = m.pt.get(pageOf(oldStart + off));
    if (pte === undefined) continue;
    m.pt.delete(pageOf(oldStart + off));
    m.pt.set(pageOf(dest + off), pte);
    if (ptePresent(pte)) {
      const p = page(k, ptePfn(pte));
      for (const r of p.rmap) if (r.mm === m.id && r.addr === oldStart + off) r.addr = dest + off;
    }
  }
  v.start = dest;
  v.end = dest + newLen;
  insertVma(m, v);
  for (const [name, addr] of m.names) if (addr === oldStart) m.names.set(name, dest);
}

function doMunmapExcept(k: Kernel, m: Mm, start: number, len: number): void {
  if (m.vmas.some((x) => x.start < start + len && x.end > start)) doMunmap(k, m, start, len);
}

/** mprotect on a whole named vma. */
export function doMprotect(k: Kernel, m: Mm, start: number, write: boolean): number {
  mmsWritten(k.s);
  const v = m.vmas.find((x) => x.start === start);
  if (!v) return -EINVAL;
  // VM_MAYWRITE is off for a shared mapping of an O_RDONLY file.
  if (write && v.mayshare && v.rdonlyFile) return -EACCES;
  v.write = write;
  if (!write) {
    for (const a of ptesIn(m, v.start, v.end)) {
      const pte = m.pt.get(pageOf(a));
      if (pte !== undefined && ptePresent(pte)) m.pt.set(pageOf(a), mkPte(ptePfn(pte), false));
    }
  }
  k.emit({ type: 'mprotect', mm: m.id, start: v.start, end: v.end, prot: write ? 'rw' : 'r' });
  return 0;
}

/** remap_file_pages: page I of a VM_SHARED vma now maps file page J (VM_NONLINEAR). */
export function doRemapFilePages(k: Kernel, m: Mm, start: number, pageI: number, fileJ: number): number {
  mmsWritten(k.s);
  const v = m.vmas.find((x) => x.start === start);
  if (!v || !v.shared || v.ino < 0) return -EINVAL;
  if (pageI < 0 || v.start + pageI * PAGE_SIZE >= v.end || fileJ < 0) return -EINVAL;
  // filemap_populate / shmem_populate (2.5.46 .. 2.6.22): `if (pgoff + (len >> PAGE_CACHE_SHIFT)
  // > size) return -EINVAL;` a page past the end of the file is refused, the mapping unchanged.
  if (futexEra(k).remapChecksSize && fileJ >= inode(k, v.ino).size) return -EINVAL;
  const addr = v.start + pageI * PAGE_SIZE;
  zapPte(k, m, addr);
  if (fileJ !== v.pgoff + pageI) {
    v.nonlinear = true;
    v.nonlinearMap.set(pageI, fileJ);
  } else {
    v.nonlinearMap.delete(pageI);
  }
  k.emit({ type: 'remap', mm: m.id, mmLife: m.life, start: addr, end: addr + PAGE_SIZE, page: pageI, filePage: fileJ });
  return 0;
}

/** madvise(MADV_DONTNEED): zap the ptes; private anonymous data is gone (reads see zeroes). */
export function doMadviseDontneed(k: Kernel, m: Mm, start: number): number {
  const v = m.vmas.find((x) => x.start === start);
  if (!v) return -EINVAL;
  zapRange(k, m, v.start, v.end);
  k.emit({ type: 'madvise', mm: m.id, start: v.start, end: v.end });
  return 0;
}

/**
 * dup_mmap for fork: the child gets copies of the vmas; private pages become COW-shared (both
 * ptes write-protected), shared mappings share their pages, swap entries are shared.
 */
export function dupMmap(k: Kernel, parent: Mm, child: Mm): void {
  mmsWritten(k.s);
  for (const v of parent.vmas) {
    const c: Vma = { ...v, nonlinearMap: new Map(v.nonlinearMap) };
    child.vmas.push(c);
    if (c.ino >= 0) iget(k, inode(k, c.ino));
    for (const a of ptesIn(parent, v.start, v.end)) copyPte(k, parent, child, v, a);
  }
  child.names = new Map(parent.names);
  child.mmapBase = parent.mmapBase;
}

function copyPte(k: Kernel, parent: Mm, child: Mm, v: Vma, addr: number): void {
  pagesWritten(k.s); mmsWritten(k.s);
  const vpn = pageOf(addr);
  const pte = parent.pt.get(vpn);
  if (pte === undefined) return;
  if (!ptePresent(pte)) {
    k.s.swap[pteSwapSlot(pte)]!.count++;
    child.pt.set(vpn, pte);
    return;
  }
  const cow = !v.mayshare && pteWritable(pte);
  const w = cow ? false : pteWritable(pte);
  if (cow) parent.pt.set(vpn, mkPte(ptePfn(pte), false));
  child.pt.set(vpn, mkPte(ptePfn(pte), w));
  mapPage(page(k, ptePfn(pte)), child.id, addr);
}
