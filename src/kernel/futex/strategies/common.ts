// Pieces several strategies share: what a waiter holds (pins, mm/inode references, vcache
// entries), and the hash functions of the eras. Each is written once here and named after the
// kernel function it models.

import type { Kernel } from '../../kernel';
import type { FutexQ, KeyRef, Mm } from '../../state';
import { inode, iput } from '../../fs';
import { mmdrop } from '../../mm';
import { page, pinPage, unpinPage } from '../../page';
import { PAGE_SIZE } from '../../types';
import { assertOwnedQ, futexQ, queuedInTableOrder, rekey } from '../core';
import { because } from '../reason';
import { futexFast } from '../fast';
import { hashLong, jhash2Lookup2, jhash2Lookup3, jhash2Lookup3x4, kernelPointer, log2, offsetWord, type FutexKey } from '../futex';
import { mmsWritten, pagesWritten } from '../../vm-stamp';

// --- pins: pinned-page and vcache ------------------------------------------------------------

/** pin_page: keep the key's page while the waiter sleeps (ZERO_PAGE is not refcounted). */
export function holdPin(k: Kernel, q: FutexQ, pfn: number): void {
  if (pfn < 0) return;
  assertOwnedQ(k, q);
  pinPage(k, page(k, pfn), q.id);
  q.pinned = pfn;
}

export function dropPin(k: Kernel, q: FutexQ): void {
  if (q.pinned < 0) return;
  assertOwnedQ(k, q);
  unpinPage(k, q.pinned, q.id);
  q.pinned = -1;
}

// --- references: jamie-2003 (refs), gorman-2013 --------------------------------------------

/** get_key_refs: an mm_count for (mm, address) keys, an i_count for inode keys. */
export function keyRef(key: FutexKey): KeyRef | null {
  if (key.kind === 'private' || key.kind === 'mmshared') return { kind: 'mm', id: key.ptr };
  if (key.kind === 'inode') return { kind: 'inode', id: key.ptr };
  return null;
}

export function getKeyRefs(k: Kernel, q: FutexQ, ref: KeyRef | null): void {
  if (!ref) return;
  pagesWritten(k.s); mmsWritten(k.s);
  assertOwnedQ(k, q);
  if (ref.kind === 'mm') k.s.mms[ref.id]!.count++;
  else inode(k, ref.id).count++;
  q.ref = ref;
  k.emit({ type: 'ref', q: q.id, what: ref.kind === 'mm' ? `mm#${ref.id}` : `inode#${ref.id}`, op: 'get' });
}

export function dropKeyRefs(k: Kernel, q: FutexQ): void {
  const ref = q.ref;
  if (!ref) return;
  assertOwnedQ(k, q);
  q.ref = null;
  k.emit({ type: 'ref', q: q.id, what: ref.kind === 'mm' ? `mm#${ref.id}` : `inode#${ref.id}`, op: 'put' });
  if (ref.kind === 'mm') mmdrop(k, k.s.mms[ref.id]!);
  else iput(k, inode(k, ref.id));
}

// --- vcache: Ingo's virtual => physical cache, kept by rusty-2003 for COW --------------------

export function vcacheRegister(k: Kernel, q: FutexQ, m: Mm, uaddr: number): void {
  assertOwnedQ(k, q);
  q.vcache = { mm: m.id, addr: uaddr - (uaddr % PAGE_SIZE) };
}

/**
 * invalidate_vcache from break_cow: every waiter registered at (mm, addr) moves to the new page
 * (futex_vcache_callback). Only a COW in the waiter's own mm at its own virtual page triggers it.
 */
export function vcacheCow(k: Kernel, m: Mm, addr: number, newPfn: number, movePin: boolean): void {
  // In queue order (queuedInTableOrder), so the waiters of one key keep their FIFO order on the
  // new page ("FIFO within a key in all eras", GROUND-TRUTH.md modelling notes). Ingo's
  // invalidate_vcache walks its own hash chain, which __attach_vcache fills with list_add (newest
  // first), and futex_vcache_callback list_add_tail()s each: that reversal is not modelled.
  const registered = queuedInTableOrder(k, (q) => q.vcache !== null && q.vcache.mm === m.id && q.vcache.addr === addr);
  for (const id of registered) {
    const q = futexQ(k, id); // for writing (copy-on-write against snapshots)
    if (movePin) {
      dropPin(k, q);
      holdPin(k, q, newPfn);
    }
    rekey(k, q, { kind: 'page', ptr: newPfn, word: 0, off: q.key.off }, because('vcache-cow'));
  }
  // A woken FUTEX_FD registration is not among them: futex_wake took it off the chain and did
  // __detach_vcache(&this->vcache), and futex_vcache_callback acts only `if (!list_empty(&q->list))`
  // (2.6.0-test4, the "-" side of seed 001's diffs). Its pin stays on the page it was woken on
  // until close (GROUND-TRUTH S16 (b): the callback moves the pins of the fds still queued).
}

// --- hashes of the eras ----------------------------------------------------------------------

/** 2.5: hash_long((unsigned long)page + offset, FUTEX_HASHBITS). */
export function hash25(key: FutexKey, size: number): number {
  return hashLong((kernelPointer(key) + key.off) >>> 0, log2(size));
}

/** rusty-2003: hash_long((mapping ? mapping + index : page) + offset, FUTEX_HASHBITS). */
export function hashRusty(key: FutexKey, size: number): number {
  const base = key.kind === 'mapping' ? kernelPointer(key) + key.word : kernelPointer(key);
  return hashLong((base + key.off) >>> 0, log2(size));
}

/** 2.6.0: jhash2((u32*)&key->both.word, 2, key->both.offset) & (size - 1), on 32-bit words. */
export function hash260(key: FutexKey, size: number): number {
  return jhash2Lookup2([key.word >>> 0, kernelPointer(key)], offsetWord(key)) & (size - 1);
}

/**
 * 2.6.31 .. 5.7 (gorman-2013): jhash2 over the key from its start, `both = {unsigned long word;
 * void *ptr; int offset}` on 64 bits: the u64 word, then the u64 pointer (4 u32s), initval = the
 * offset with its flag bits.
 */
export function hashWordFirst(key: FutexKey, size: number): number {
  const hi = pointerHigh(key);
  if (futexFast.enabled) return jhash2Lookup3x4(key.word >>> 0, 0, kernelPointer(key), hi, offsetWord(key)) & (size - 1);
  return jhash2Lookup3([key.word >>> 0, 0, kernelPointer(key), hi], offsetWord(key)) & (size - 1);
}

/**
 * 5.8 on (modern): the same jhash2, over `both = {u64 ptr; unsigned long word; unsigned int
 * offset}` since 8019ad13ef7f put the u64 i_seq (or the mm) first: the pointer, then the word
 * (GROUND-TRUTH §5, "5.8, Mar 2020").
 */
export function hashModern(key: FutexKey, size: number): number {
  const hi = pointerHigh(key);
  if (futexFast.enabled) return jhash2Lookup3x4(kernelPointer(key), hi, key.word >>> 0, 0, offsetWord(key)) & (size - 1);
  return jhash2Lookup3([kernelPointer(key), hi, key.word >>> 0, 0], offsetWord(key)) & (size - 1);
}

/** The high half of a key's u64 pointer: 0 for an i_seq, a direct-map address's otherwise. */
const pointerHigh = (key: FutexKey): number => (key.kind === 'iseq' ? 0 : 0xffff8880);
