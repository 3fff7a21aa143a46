// gorman-2013: Mel Gorman's RFC "futex: Remove requirement for lock_page in get_futex_key",
// 29 Oct 2013 (seed 002; merged as 65d8fc777f6d, Linux 4.6).
//
// - Private ops (FUTEX_PRIVATE_FLAG, 2.6.22+): (mm, address), no page lookup.
// - Shared ops: get_user_pages_fast(FOLL_WRITE), falling back to read-only for FUTEX_READ ops
//   (3.9, Shawn Bohrer); a write lookup breaks COW at call time, so later COWs cannot move the key.
// - mapping == NULL (ZERO_PAGE, a truncated page, a shmem page swizzled into the swap cache): the
//   only lock_page slow path, then retry or -EFAULT.
// - PageAnon: (mm, address, FUT_OFF_MMSHARED) plus an mm reference; read-only anon -> -EFAULT.
//   "the associated futex object is the mm which is implicitly pinned by the calling process.
//   Page lock is unnecessary to stabilise page->mapping in this case and is not taken."
// - File or shmem page: (inode, page->index, FUT_OFF_INODE) plus an inode reference, taken
//   under RCU after re-checking page->mapping: no page lock.
// Variant `lock_page = always` is the code before the RFC (2.6.33 .. 4.5): lock_page(page_head)
// on every shared lookup, so a task holding the page lock stalls every futex user of the page,
// the real-time latency problem that motivated the patch.

import type { Strategy, StrategyFactory } from '../strategy';
import { assertOwnedQ } from '../core';
import type { Kernel } from '../../kernel';
import type { Mm } from '../../state';
import { LastByMmAddr } from '../fast';
import type { KeyRequest, KeyResult } from '../strategy';
import { gup } from '../../fault';
import { EFAULT, PAGE_SIZE, pageBase } from '../../types';
import { because, inodeReason, mmReason } from '../reason';
import { dropKeyRefs, getKeyRefs, hashWordFirst, keyRef } from './common';

/**
 * The page-based lookup shared by gorman-2013 and modern: write gup with read-only fallback.
 * Returns the page and whether the fallback was used (`ro`), or an errno.
 */
export function sharedLookup(k: Kernel, r: KeyRequest): { pfn: number; ro: boolean } | { errno: number } {
  const w = gup(k, r.mm, r.uaddr, true);
  if (!('errno' in w)) return { pfn: w.pfn, ro: false };
  if (r.access !== 'read') return w;
  const ro = gup(k, r.mm, r.uaddr, false);
  return 'errno' in ro ? ro : { pfn: ro.pfn, ro: true };
}

/**
 * The last private key given (fast.ts): a futex loop asks for one word again and again. A
 * private key is a function of the mm's id and life and the address alone (no page is looked
 * up), and nobody writes a key, a reason or a KeyResult, so the same result serves again.
 */
const lastPrivate = new LastByMmAddr<KeyResult>();

function privateKey(m: Mm, uaddr: number): KeyResult {
  return lastPrivate.get(m, uaddr) ?? lastPrivate.set(m, uaddr, {
    ok: true, key: { kind: 'private', ptr: m.id, word: pageBase(uaddr), off: uaddr % PAGE_SIZE }, reason: mmReason('private-flag', m), pfn: -1,
  });
}

/**
 * get_futex_key after the gup, for gorman-2013 (inode keys) and modern (i_seq keys). `userPtrMax`:
 * the highest address access_ok accepts (modern), checked before the private key is made.
 */
export function keyFromPage(k: Kernel, r: KeyRequest, lockAlways: boolean, inodeKey: (k: Kernel, ino: number) => number, inodeKind: 'inode' | 'iseq', userPtrMax?: number): KeyResult {
  if (userPtrMax !== undefined && !(r.uaddr >= 0 && r.uaddr <= userPtrMax)) return { ok: false, errno: EFAULT };
  if (r.private) return privateKey(r.mm, r.uaddr);
  const off = r.uaddr % PAGE_SIZE;
  const g = sharedLookup(k, r);
  if ('errno' in g) return { ok: false, errno: g.errno };
  const p = k.s.pages[g.pfn]!;
  const mappingNull = p.reserved || (!p.anon && (p.mapping === null || p.mapping.kind === 'swap'));
  if ((lockAlways || mappingNull) && p.locked) return { ok: false, lockedPfn: p.pfn };
  if (mappingNull) return { ok: false, errno: EFAULT }; // ZERO_PAGE, gate area, truncated page
  if (p.anon) {
    if (g.ro) return { ok: false, errno: EFAULT };
    return { ok: true, key: { kind: 'mmshared', ptr: r.mm.id, word: pageBase(r.uaddr), off }, reason: mmReason('anon-mm', r.mm), pfn: g.pfn };
  }
  const ino = (p.mapping as { kind: 'inode'; ino: number }).ino;
  // A page-cache page found only by the read-only retry: a read-only private file mapping
  // (FOLL_WRITE fails there), keyed on the file like a shared mapping (3.9, 9ea71503a8ed).
  const rule = g.ro ? 'foll-write-retry' : 'file-inode';
  const reason = inodeKind === 'inode' ? inodeReason(k, rule, ino) : because(rule); // an i_seq is never reused
  return { ok: true, key: { kind: inodeKind, ptr: inodeKey(k, ino), word: p.index, off }, reason, pfn: g.pfn };
}

const inodeSlot = (_k: Kernel, ino: number): number => ino;

export const gorman2013: StrategyFactory = (variants) => {
  const lockAlways = variants.lock_page === 'always';
  const s: Strategy = {
    id: 'gorman-2013',
    summary: `2013 Gorman: write-mode lookup, (mm, address) for anon, (inode, index) for files; page lock ${lockAlways ? 'always (pre-RFC)' : 'only in the slow path'}`,
    queueBeforeCheck: false,
    requeueOrder: 'fifo',
    getKey: (k, r) => keyFromPage(k, r, lockAlways, inodeSlot, 'inode'),
    hash: hashWordFirst,
    // get_futex_key_refs: futex_wait holds the key's references until it returns.
    attach: (k, q) => {
      if (q.key.kind !== 'private') getKeyRefs(k, q, keyRef(q.key));
    },
    detach: (k, q) => dropKeyRefs(k, q),
    requeued: (k, q) => {
      const old = q.ref;
      assertOwnedQ(k, q);
      q.ref = null;
      if (q.key.kind !== 'private') getKeyRefs(k, q, keyRef(q.key));
      if (old) dropKeyRefs(k, { ...q, ref: old });
    },
  };
  return s;
};
