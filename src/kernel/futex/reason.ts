// Why a futex key is what it is: the rule of get_futex_key (or of a re-key) that produced it.
//
// A strategy returns its key together with a KeyReason (KeyResult in strategy.ts), the kernel's
// events carry both (events.ts), and the oracle explains an anomaly by comparing the two
// decisions that met or missed (session/oracle.ts, session/explain.ts). Nothing reads a key's
// text to find out how it was made. The sentences and sources of each rule live with the
// explanations (session/explain.ts): this file only names the rules.

import type { Kernel } from '../kernel';
import type { Mm } from '../state';
import type { FutexKey } from './futex';

/** The rules of get_futex_key, one per branch a kernel developer would point at. */
export type KeyRule =
  /** FUTEX_PRIVATE_FLAG (2.6.22+): (mm, address), no page lookup. */
  | 'private-flag'
  /** jamie-2003: !(vm_flags & VM_MAYSHARE) -> (mm, address). */
  | 'not-mayshare'
  /** jamie-2003 variant shared_test = vm_shared: !(vm_flags & VM_SHARED) -> (mm, address). */
  | 'not-vm-shared'
  /** jamie-2003: VM_MAYSHARE -> (inode, pgoff) computed from the vma, no page touched. */
  | 'mayshare-inode'
  /** jamie-2003: VM_NONLINEAR -> (inode, page->index) from a page-table walk. */
  | 'nonlinear-walk'
  /** A read-mode get_user_pages of untouched private anonymous memory: the ZERO_PAGE. */
  | 'zero-page'
  /** (struct page) of an anonymous page still shared copy-on-write with another mm. */
  | 'cow-shared-page'
  /** (struct page) of an anonymous page only this mm maps. */
  | 'anon-page'
  /** (struct page) of a page-cache page (a shared file page, or an unwritten MAP_PRIVATE one). */
  | 'page-cache-page'
  /** rusty-2003: (page->mapping, page->index) of a page-cache or shmem page. */
  | 'mapping-index'
  /** rusty-2003: (&swapper_space, entry) of an anonymous page in the swap cache. */
  | 'swap-cache'
  /** gorman-2013, modern: PageAnon after the FOLL_WRITE lookup -> (mm, address, MMSHARED). */
  | 'anon-mm'
  /** gorman-2013, modern: a file or shmem page from the FOLL_WRITE lookup -> (inode, index). */
  | 'file-inode'
  /** gorman-2013, modern: FOLL_WRITE failed, the read-only retry (3.9) found a page-cache page. */
  | 'foll-write-retry'
  /** vcache: break_cow's callback moved the waiter to the new page. */
  | 'vcache-cow';
// rusty-2003's futex_rehash gives a waiter the key get_futex_key would now give the page, so a
// rehashed key carries the rule of its new mapping ('swap-cache', 'mapping-index', ...).

export interface KeyReason {
  rule: KeyRule;
  /**
   * The lifetime (`life`, state.ts Slab) of the mm or inode slot the key names, when it names
   * one: keys compare slots, so two keys made in different lifetimes of one slot are equal.
   * -1 for keys that name a page, a mapping or an i_seq.
   */
  life: number;
}

/** A key with the rule that produced it: one side of a meeting (or a miss) in a hash bucket. */
export interface KeyDecision {
  key: FutexKey;
  reason: KeyReason;
}

/** The reason of a key that names no mm or inode slot. */
export const because = (rule: KeyRule): KeyReason => ({ rule, life: -1 });

/** The reason of an (mm, address) key: it records which lifetime of the mm slot it names. */
export const mmReason = (rule: KeyRule, m: Mm): KeyReason => ({ rule, life: m.life });

/** The reason of an (inode, ...) key: the lifetime of the inode slot. */
export function inodeReason(k: Kernel, rule: KeyRule, ino: number): KeyReason {
  return { rule, life: k.s.inodes[ino]!.life };
}

/** The rule of a (struct page) key of an anonymous or ZERO_PAGE page, from the page itself. */
export function pageRule(k: Kernel, pfn: number): KeyRule {
  const p = k.s.pages[pfn]!;
  if (p.reserved) return 'zero-page';
  if (!p.anon) return 'page-cache-page';
  return p.mapcount > 1 ? 'cow-shared-page' : 'anon-page';
}
