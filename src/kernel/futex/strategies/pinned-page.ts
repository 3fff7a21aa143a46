// pinned-page: the 2.5-era key (struct page *, offset), page pinned while queued.
// Seed 003 (the "-" side of Ingo Molnar's vcache-2.5.38-B8 diff) and GROUND-TRUTH.md §1 (a).
//
// - pin_page = get_user_pages(..., write = 0 /* "writable not important" */): an untouched
//   anonymous page resolves to the ZERO_PAGE, an unwritten MAP_PRIVATE file page to the
//   page-cache page itself. Variant `gup = write` is 2.5.38-B8's write=1 (breaks COW first).
// - The page stays pinned until the waiter returns; a FUTEX_FD pins its page until close.
// - No callback on COW, mremap, munmap, truncate or swap: a COW moves the memory but not the
//   waiter, which is how the wrong process gets woken (S11) and a wake-up gets lost (S12).

import type { Strategy, StrategyFactory } from '../strategy';
import type { Kernel } from '../../kernel';
import type { KeyRequest, KeyResult } from '../strategy';
import { gup } from '../../fault';
import { PAGE_SIZE } from '../../types';
import { dropPin, hash25, holdPin } from './common';
import { because, pageRule } from '../reason';

/** get_user_pages + (page, offset): the key of both pinned-page and vcache. */
export function pageKey(k: Kernel, r: KeyRequest, write: boolean): KeyResult {
  const g = gup(k, r.mm, r.uaddr, write);
  if ('errno' in g) return { ok: false, errno: g.errno };
  const key = { kind: 'page' as const, ptr: g.pfn, word: 0, off: r.uaddr % PAGE_SIZE };
  return { ok: true, key, reason: because(pageRule(k, g.pfn)), pfn: g.pfn };
}

export const pinnedPage: StrategyFactory = (variants) => {
  const write = variants.gup === 'write';
  const s: Strategy = {
    id: 'pinned-page',
    summary: `2.5: key (struct page, offset), page pinned while queued, ${write ? 'write' : 'read'}-mode lookup`,
    queueBeforeCheck: false,
    requeueOrder: 'add-tail',
    getKey: (k, r) => pageKey(k, r, write),
    hash: hash25,
    attach: (k, q, pfn) => holdPin(k, q, pfn),
    detach: (k, q) => dropPin(k, q),
    // 2.5.70 requeue: put_page(this->page); __pin_page_atomic(page2).
    requeued: (k, q, _m, _uaddr2, pfn2) => {
      dropPin(k, q);
      holdPin(k, q, pfn2);
    },
  };
  return s;
};
