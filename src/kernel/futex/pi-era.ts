// Which era has which PI feature (GROUND-TRUTH.md §8.1). Data only, read by core.ts (plist
// order), pi.ts and requeue-pi.ts.
//
// PI ops came in 2.6.18, priority-ordered futex queues (plist) in 2.6.22, requeue-PI in 2.6.31,
// LOCK_PI2 in 5.14. So pinned-page, vcache, rusty-2003 and jamie-2003 (2002-2003 kernels) have
// none of them and queue in FIFO order; gorman-2013 (the 2013 kernel of the RFC) has PI, plist
// and requeue-PI but not LOCK_PI2, and predates the June 2014 CVE-2014-3153 fixes (e9c243a5a6de,
// 54a217887a7b and the 'futex-fixes' merge 1c5aefb5b12a); modern has everything.

import type { StrategyId } from './variants';

export interface PiEra {
  /** futex_lock_pi, futex_trylock_pi, futex_unlock_pi (2.6.18). */
  pi: boolean;
  /** Hash bucket lists are plists ordered by the waiter's priority (2.6.22). */
  plist: boolean;
  /** futex_wait_requeue_pi, futex_cmp_requeue_pi (2.6.31). */
  requeuePi: boolean;
  /** FUTEX_LOCK_PI2 (5.14). */
  lockPi2: boolean;
  /**
   * The June 2014 fixes: requeue-PI refuses uaddr == uaddr2 and equal keys, futex_lock_pi_atomic
   * looks for kernel waiters before taking a 0 word, and attach_to_pi_state checks the whole
   * consistency table (rows [4]-[10]).
   */
  cve2014_3153Fixed: boolean;
}

const NONE: PiEra = { pi: false, plist: false, requeuePi: false, lockPi2: false, cve2014_3153Fixed: false };

export const PI_ERAS: Record<StrategyId, PiEra> = {
  'pinned-page': NONE,
  vcache: NONE,
  'rusty-2003': NONE,
  'jamie-2003': NONE,
  'gorman-2013': { pi: true, plist: true, requeuePi: true, lockPi2: false, cve2014_3153Fixed: false },
  modern: { pi: true, plist: true, requeuePi: true, lockPi2: true, cve2014_3153Fixed: true },
};
