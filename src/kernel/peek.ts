// Reading the simulated memory and keys without changing them: for the debugger's variables,
// watches and console, through the session (session/session.ts).
//
// Looking must not fault pages in, break COW or swap pages back: that would change the run.
// peekWord reads the word a load would see from where it is now (present page, swap cache or
// swap slot, page cache, disk block); keyInfo runs the strategy's getKey, which may fault, on a
// throwaway copy of the kernel (snapshot, compute, restore).

import type { Kernel } from './kernel';
import type { Mm, Task } from './state';
import { PAGE_SIZE, pageOf } from './types';
import { filePageIndex, findVma, ptePfn, ptePresent, pteSwapSlot } from './mm';
import { keyEquals, keyLabel } from './futex/futex';
import { bucketOf, effectivePrivate, taskMm, waiterName } from './futex/core';
import { refIdentity } from './futex/reference';
import type { KeyRule } from './futex/reason';

const wordOf = (addr: number): number => (addr % PAGE_SIZE) >> 2;

/** The mm a thread runs in, or undefined once its process is gone. */
export function threadMm(k: Kernel, tid: number): Mm | undefined {
  const t = k.s.tasks[tid];
  if (!t) return undefined;
  return k.s.mms[k.s.procs[t.pid].mm] ?? undefined;
}

/**
 * The 32-bit word at addr in m as a load would see it, or undefined where no vma maps it or
 * the address is not word-aligned. Never faults.
 */
export function peekWord(k: Kernel, m: Mm, addr: number): number | undefined {
  if (addr < 0 || addr % 4 !== 0 || !Number.isSafeInteger(addr)) return undefined;
  const pte = m.pt.get(pageOf(addr));
  if (pte !== undefined && ptePresent(pte)) return k.s.pages[ptePfn(pte)]?.data[wordOf(addr)];
  if (pte !== undefined) return swapWord(k, pteSwapSlot(pte), addr);
  const v = findVma(m, addr);
  if (!v) return undefined;
  if (v.ino < 0) return 0;
  const i = k.s.inodes[v.ino];
  if (!i) return 0;
  const index = filePageIndex(v, addr);
  const pfn = i.cache.get(index);
  if (pfn !== undefined) return k.s.pages[pfn]?.data[wordOf(addr)] ?? 0;
  const slot = i.shmSwap.get(index);
  if (slot !== undefined) return swapWord(k, slot, addr);
  const block = i.disk ? k.s.disk.get(i.disk)?.blocks.get(index) : undefined;
  return block ? block[wordOf(addr)] : 0;
}

function swapWord(k: Kernel, slot: number, addr: number): number {
  const s = k.s.swap[slot];
  if (!s) return 0;
  if (s.cachePfn >= 0) return k.s.pages[s.cachePfn]?.data[wordOf(addr)] ?? 0;
  return s.data ? s.data[wordOf(addr)] : 0;
}

/** What `key ADDR` shows: the key under the strategy, its bucket, and the reference identity. */
export interface KeyInfo {
  key: string;
  /** The rule of get_futex_key that produced it (futex/reason.ts). */
  rule: KeyRule;
  bucket: number;
  identity: string;
  /** Waiters queued on that key now, by name. */
  waiters: string[];
}

/**
 * The futex key of addr for thread t under the session's strategy, computed on a throwaway copy:
 * getKey may fault the page in, take references or lock it, and none of that may stay.
 */
export function keyInfo(k: Kernel, t: Task, addr: number, priv: boolean): KeyInfo | { error: string } {
  const saved = k.snapshot();
  const events = k.eventCount;
  const savedTid = k.currentTid;
  try {
    k.currentTid = t.tid;
    const m = taskMm(k, t);
    const p = effectivePrivate(k, priv);
    const r = k.strategy.getKey(k, { task: t, mm: m, uaddr: addr, access: 'read', private: p });
    if (!r.ok) return { error: 'errno' in r ? `get_futex_key fails with -${r.errno}` : `the page (pfn ${r.lockedPfn}) is locked: the lookup would wait` };
    const bucket = bucketOf(k, r.key);
    const waiters = k.s.futex.buckets[bucket]
      .map((id) => k.s.futex.queues.get(id)!)
      .filter((q) => keyEquals(q.key, r.key))
      .map((q) => waiterName(k, q));
    return { key: keyLabel(r.key), rule: r.reason.rule, bucket, identity: refIdentity(k, m, addr, p)?.label ?? 'none (not mapped)', waiters };
  } finally {
    k.restore(saved, events);
    k.currentTid = savedTid;
  }
}

/** `0x10000000`. */
