// rusty-2003: Rusty Russell, "Futexes without pinning pages", 2 Sep 2003 (seed 001).
//
// - Key (page->mapping, page->index, offset) when the page has a mapping: page-cache file pages,
//   shmem pages, and anonymous pages in the swap cache as (&swapper_space, entry); otherwise
//   (struct page *, offset): anonymous pages not in swap cache, and the ZERO_PAGE.
// - Nothing pinned while asleep (put_page after queueing); FUTEX_FD pins nothing.
// - futex_rehash re-keys the waiters of a page whenever page->mapping changes while the page
//   stays in memory (add_to_swap -> (swapper_space, entry); delete_from_swap_cache -> the page;
//   shmem move_to/from_swap_cache). A swap-cache page freed by reclaim keeps its waiters on
//   (swapper_space, entry) (the seed's shrink_list case), and a page read back from swap has that
//   key again. Hugh: "it behaves like that whether or not the page is swapped out" (S13).
// - vcache is kept for COW (without the pin move); munmap, truncate and recycled mappings are
//   "undefined behaviour, don't do that".

import type { Strategy, StrategyFactory } from '../strategy';
import type { Kernel } from '../../kernel';
import type { PageFrame, PageMapping } from '../../state';
import { gup } from '../../fault';
import { PAGE_SIZE } from '../../types';
import { assertOwnedQ, futexQ, queuedInTableOrder, rekey } from '../core';
import { keyEquals, SWAPPER, type FutexKey } from '../futex';
import { hashRusty, vcacheCow, vcacheRegister } from './common';
import { because, inodeReason, pageRule, type KeyReason } from '../reason';

function keyForPage(p: PageFrame, mapping: PageMapping | null, index: number, off: number): FutexKey {
  if (!mapping) return { kind: 'page', ptr: p.pfn, word: 0, off };
  return { kind: 'mapping', ptr: mapping.kind === 'swap' ? SWAPPER : mapping.ino, word: index, off };
}

/** Which rule keyed page p with page->mapping `mapping`: (mapping, index), or the page itself. */
function mappingReason(k: Kernel, p: PageFrame, mapping: PageMapping | null): KeyReason {
  if (!mapping) return because(pageRule(k, p.pfn));
  return mapping.kind === 'swap' ? because('swap-cache') : inodeReason(k, 'mapping-index', mapping.ino);
}

/** futex_rehash(page, new_mapping, new_index): scans the whole table, re-keys matching waiters. */
function futexRehash(k: Kernel, p: PageFrame, to: PageMapping | null, index: number): void {
  // Gathered in the order the scan of the table meets them, and re-queued in that order: the
  // waiters of one key keep their queue order.
  const gathered = queuedInTableOrder(k, (q) => keyEquals(q.key, keyForPage(p, p.mapping, p.index, q.key.off)));
  for (const id of gathered) {
    const q = futexQ(k, id); // for writing (copy-on-write against snapshots)
    // The new key is the one get_futex_key would now give: its rule is that of the new mapping.
    rekey(k, q, keyForPage(p, to, index, q.key.off), mappingReason(k, p, to));
  }
}

export const rusty2003: StrategyFactory = () => {
  const s: Strategy = {
    id: 'rusty-2003',
    summary: '2003 Rusty: (mapping, index) for cached pages, (struct page) otherwise; rehash on swap; nothing pinned',
    queueBeforeCheck: false,
    requeueOrder: 'add-tail',
    getKey: (k, r) => {
      const g = gup(k, r.mm, r.uaddr, false);
      if ('errno' in g) return { ok: false, errno: g.errno };
      const p = k.s.pages[g.pfn]!;
      return { ok: true, key: keyForPage(p, p.mapping, p.index, r.uaddr % PAGE_SIZE), reason: mappingReason(k, p, p.mapping), pfn: g.pfn };
    },
    hash: hashRusty,
    attach: (k, q) => vcacheRegister(k, q, k.s.mms[q.mm]!, q.uaddr),
    detach: (k, q) => {
      assertOwnedQ(k, q);
      q.vcache = null;
    },
    requeued: (k, q, m, uaddr2) => vcacheRegister(k, q, m, uaddr2),
    onCow: (k, m, addr, _oldPfn, newPfn) => vcacheCow(k, m, addr, newPfn, false),
    onPageMappingChange: futexRehash,
  };
  return s;
};
