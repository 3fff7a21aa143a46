// vcache: pinned-page plus Ingo Molnar's virtual => physical page cache (seed 003,
// vcache-2.5.38-B8, Sept 2002), the mechanism Linus sketched as page_change_struct (seed 004).
//
// Each waiter registers (its mm, its virtual page); break_cow() calls invalidate_vcache(), and
// futex_vcache_callback moves the pin and the queue entry to the new page. Only a COW in the
// waiter's own mm at the waiter's own page triggers it: a COW in another mm, mremap ("vcache is
// horribly broken with mremap()"), munmap, swap or truncate do nothing. So S12 is fixed (the
// child's COW re-keys its own waiter) but S11 and S13 still wake the wrong process.

import type { Strategy, StrategyFactory } from '../strategy';
import { assertOwnedQ } from '../core';
import { dropPin, holdPin, vcacheCow, vcacheRegister } from './common';
import { pinnedPage } from './pinned-page';

/** pinned-page's key, pins, hash and ops, plus the vcache registration and its COW callback. */
export const vcache: StrategyFactory = (variants) => {
  const base = pinnedPage(variants);
  const s: Strategy = {
    ...base,
    id: 'vcache',
    summary: '2.5.38 vcache: (struct page, offset), pinned, re-keyed when the waiter\'s own page is COWed',
    attach: (k, q, pfn) => {
      holdPin(k, q, pfn);
      vcacheRegister(k, q, k.s.mms[q.mm]!, q.uaddr);
    },
    detach: (k, q) => {
      dropPin(k, q);
      assertOwnedQ(k, q);
      q.vcache = null;
    },
    // __attach_vcache(&this->vcache, uaddr2, current->mm, futex_vcache_callback)
    requeued: (k, q, m, uaddr2, pfn2) => {
      dropPin(k, q);
      holdPin(k, q, pfn2);
      vcacheRegister(k, q, m, uaddr2);
    },
    onCow: (k, m, addr, _oldPfn, newPfn) => vcacheCow(k, m, addr, newPfn, true),
  };
  return s;
};
