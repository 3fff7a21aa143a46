// Page faults, copy-on-write and get_user_pages; the word loads and stores of the scenario.
//
// COW reuse is decided by the page count, as in 2.6.0's do_wp_page/can_share_swap_page and in
// today's do_wp_page (GROUND-TRUTH.md modelling notes): an anonymous page is reused only when
// page_count, less the swap cache's reference, is 1. A futex pin is a reference, so a pinned page
// is copied even when its owner is the only mapper (this drives S12's variant under pinned-page).

import type { Kernel } from './kernel';
import type { Mm, PageFrame, Vma } from './state';
import { OutOfFrames, limits } from './limits';
import { EFAULT, ENOMEM, PAGE_SIZE, WORDS_PER_PAGE, pageBase, pageOf } from './types';
import { allocPage, page, unmapPage, ZERO_PFN } from './page';
import { filePageIndex, findVma, mkPte, ptePfn, ptePresent, pteSwapSlot, pteWritable, setPte } from './mm';
import { findOrReadPage, inode } from './fs';
import { deleteFromSwapCache, swapCachePage, swapSlotPut } from './swap';
import { recordGlobal, recordRead, recordWrite } from './footprint';
import { mmsWritten, pagesWritten } from './vm-stamp';

/** The outcome of a fault: the page now mapped, or why the access fails. */
export type FaultResult =
  | { ok: true; pfn: number }
  | { ok: false; why: 'segv' | 'sigbus' | 'unaligned' | 'oom'; message: string };

const segv = (message: string): FaultResult => ({ ok: false, why: 'segv', message });

/**
 * handle_mm_fault for one page. `write` asks for a writable pte. With every frame in use
 * (option max_frames) it is VM_FAULT_OOM: the access fails and the thread is killed, as the OOM
 * killer would; get_user_pages returns -ENOMEM.
 */
export function handleFault(k: Kernel, m: Mm, addr: number, write: boolean): FaultResult {
  recordGlobal(k); // page tables, frames, page cache, swap: not itemized (footprint.ts)
  try {
    return faultIn(k, m, addr, write);
  } catch (e) {
    if (!(e instanceof OutOfFrames)) throw e;
    k.emit({ type: 'fault', tid: k.currentTid, mm: m.id, addr: pageBase(addr), what: 'out of memory' });
    return { ok: false, why: 'oom', message: `out of memory at 0x${addr.toString(16)}: all ${limits(k).maxFrames} page frames are in use (option max_frames)` };
  }
}

function faultIn(k: Kernel, m: Mm, addr: number, write: boolean): FaultResult {
  const v = findVma(m, addr);
  if (!v) return segv(`no mapping at 0x${addr.toString(16)}`);
  if (write && !v.write) return segv(`write to read-only mapping at 0x${addr.toString(16)}`);
  const vpn = pageOf(addr);
  const pte = m.pt.get(vpn);
  if (pte !== undefined && ptePresent(pte)) {
    if (!write || pteWritable(pte)) return { ok: true, pfn: ptePfn(pte) };
    return doWpPage(k, m, v, addr, ptePfn(pte));
  }
  if (pte !== undefined) {
    const r = doSwapPage(k, m, addr, pteSwapSlot(pte));
    return write ? doWpPage(k, m, v, addr, r) : { ok: true, pfn: r };
  }
  if (v.ino < 0) return doAnonymousPage(k, m, addr, write);
  return doFilePage(k, m, v, addr, write);
}

function doAnonymousPage(k: Kernel, m: Mm, addr: number, write: boolean): FaultResult {
  mmsWritten(k.s);
  if (!write) {
    // A read of untouched anonymous memory maps the ZERO_PAGE.
    m.pt.set(pageOf(addr), mkPte(ZERO_PFN, false));
    k.emit({ type: 'fault', tid: k.currentTid, mm: m.id, addr: pageBase(addr), what: 'zero page' });
    return { ok: true, pfn: ZERO_PFN };
  }
  const p = allocPage(k, true);
  setPte(k, m, addr, p.pfn, true);
  k.emit({ type: 'fault', tid: k.currentTid, mm: m.id, addr: pageBase(addr), what: `new anon page pfn ${p.pfn}` });
  return { ok: true, pfn: p.pfn };
}

function doFilePage(k: Kernel, m: Mm, v: Vma, addr: number, write: boolean): FaultResult {
  const i = inode(k, v.ino);
  const index = filePageIndex(v, addr);
  const p = findOrReadPage(k, i, index);
  if (!p) return { ok: false, why: 'sigbus', message: `page ${index} of ${i.name} is past the end of the file` };
  if (v.mayshare) {
    setPte(k, m, addr, p.pfn, v.write && v.shared);
    k.emit({ type: 'fault', tid: k.currentTid, mm: m.id, addr: pageBase(addr), what: `page cache pfn ${p.pfn} (${i.name} page ${index})` });
    return { ok: true, pfn: p.pfn };
  }
  setPte(k, m, addr, p.pfn, false);
  k.emit({ type: 'fault', tid: k.currentTid, mm: m.id, addr: pageBase(addr), what: `page cache pfn ${p.pfn} (${i.name} page ${index}), read-only` });
  return write ? doWpPage(k, m, v, addr, p.pfn) : { ok: true, pfn: p.pfn };
}

/** do_swap_page: map the swap-cache page (read from swap if it was freed), read-only. */
function doSwapPage(k: Kernel, m: Mm, addr: number, slot: number): number {
  mmsWritten(k.s);
  const p = swapCachePage(k, slot);
  m.pt.delete(pageOf(addr));
  swapSlotPut(k, slot);
  setPte(k, m, addr, p.pfn, false);
  k.emit({ type: 'swap-in', mm: m.id, addr: pageBase(addr), slot, pfn: p.pfn });
  return p.pfn;
}

/** do_wp_page: a write to a write-protected pte. Shared mappings just become writable. */
function doWpPage(k: Kernel, m: Mm, v: Vma, addr: number, pfn: number): FaultResult {
  mmsWritten(k.s);
  const vpn = pageOf(addr);
  const old = page(k, pfn);
  if (v.mayshare) {
    m.pt.set(vpn, mkPte(pfn, true));
    return { ok: true, pfn };
  }
  // can_share_swap_page (2.6.0): page_count 1, or 2 with the swap cache's reference and then
  // exclusive_swap_page: "Is the only swap cache user the cache itself?" (swap_map == 1). A
  // process that still has the slot in a swap pte (forked before the swap-out, not yet swapped
  // back in) is a user of this page: writing it in place would change that process's memory.
  const swapExclusive = !old.swapCache || k.s.swap[old.index]!.count === 1;
  if (old.anon && !old.reserved && old.count - (old.swapCache ? 1 : 0) === 1 && swapExclusive) {
    // Reuse: we are the only user. The page leaves the swap cache (no other swap user).
    if (old.swapCache) deleteFromSwapCache(k, old, false);
    m.pt.set(vpn, mkPte(pfn, true));
    k.emit({ type: 'cow', mm: m.id, addr: pageBase(addr), oldPfn: pfn, newPfn: pfn, reused: true });
    return { ok: true, pfn };
  }
  return breakCow(k, m, addr, old);
}

/** break_cow: copy the page, map the copy writable, tell the strategy (vcache callback). */
function breakCow(k: Kernel, m: Mm, addr: number, old: PageFrame): FaultResult {
  mmsWritten(k.s);
  const p = allocPage(k, true);
  if (!old.reserved) p.data.set(old.data);
  const oldPfn = old.pfn;
  m.pt.delete(pageOf(addr));
  unmapPage(k, old, m.id, pageBase(addr));
  setPte(k, m, addr, p.pfn, true);
  k.s.stats.cowCopies++;
  k.emit({ type: 'cow', mm: m.id, addr: pageBase(addr), oldPfn, newPfn: p.pfn, reused: false });
  k.strategy.onCow?.(k, m, pageBase(addr), oldPfn, p.pfn);
  return { ok: true, pfn: p.pfn };
}

/**
 * get_user_pages for one page: fault it in (for write, breaking COW) and return it. Returns
 * -EFAULT where the access is not allowed or the page is past the end of its file.
 */
export function gup(k: Kernel, m: Mm, addr: number, write: boolean): { pfn: number } | { errno: number } {
  const pte = m.pt.get(pageOf(addr));
  if (pte !== undefined && ptePresent(pte) && (!write || pteWritable(pte))) return { pfn: ptePfn(pte) };
  const r = handleFault(k, m, addr, write);
  return r.ok ? { pfn: r.pfn } : { errno: r.why === 'oom' ? ENOMEM : EFAULT };
}

// --- word access for the interpreter ---------------------------------------------------------

/** Result of a failed access: the thread is killed with this message (SIGSEGV/SIGBUS). */
export interface AccessFault {
  why: 'segv' | 'sigbus' | 'unaligned' | 'oom';
  message: string;
}

/** A 32-bit load: the fast path reads a present pte; otherwise fault the page in (read). */
export function loadWord(k: Kernel, m: Mm, addr: number): number | AccessFault {
  if ((addr & 3) !== 0 || addr < 0) return { why: 'unaligned', message: `unaligned load at 0x${addr.toString(16)}` };
  const pte = m.pt.get(Math.floor(addr / PAGE_SIZE));
  let pfn: number;
  if (pte !== undefined && pte >= 0) pfn = pte >> 1;
  else {
    const r = handleFault(k, m, addr, false);
    if (!r.ok) return r;
    pfn = r.pfn;
  }
  if (k.fp) recordRead(k, pfn, (addr % PAGE_SIZE) >> 2);
  return k.s.pages[pfn]!.data[(addr % PAGE_SIZE) >> 2];
}

/** The page a store to addr writes, faulting it in writable (COW break), or the fault. */
export function writablePage(k: Kernel, m: Mm, addr: number): PageFrame | AccessFault {
  if ((addr & 3) !== 0 || addr < 0) return { why: 'unaligned', message: `unaligned store at 0x${addr.toString(16)}` };
  const pte = m.pt.get(Math.floor(addr / PAGE_SIZE));
  const p = pte !== undefined && pte >= 0 && (pte & 1) === 1 ? k.s.pages[pte >> 1]! : faultWritable(k, m, addr);
  if ('why' in p) return p;
  if (k.fp) recordWrite(k, p.pfn, (addr % PAGE_SIZE) >> 2);
  // The explorer's undo log (word-log.ts): stored in place, the old word logged; the owner is left
  // as it is, so that no later store bypasses this (session/fast-step.ts writableData).
  if (k.words !== null) k.words.record(p.data, (addr % PAGE_SIZE) >> 2);
  else if (p.owner !== k.s.epoch) {
    p.data = p.data.slice(); // copy-on-write against snapshots (clone.ts)
    p.owner = k.s.epoch;
    pagesWritten(k.s);
  }
  return p;
}

function faultWritable(k: Kernel, m: Mm, addr: number): PageFrame | AccessFault {
  const r = handleFault(k, m, addr, true);
  return r.ok ? k.s.pages[r.pfn]! : r;
}

export function storeWord(k: Kernel, m: Mm, addr: number, value: number): AccessFault | undefined {
  const p = writablePage(k, m, addr);
  if ('why' in p) return p;
  p.data[(addr % PAGE_SIZE) >> 2] = value;
  return undefined;
}

export const wordIndex = (addr: number): number => (addr % PAGE_SIZE) >> 2;
export { WORDS_PER_PAGE };
