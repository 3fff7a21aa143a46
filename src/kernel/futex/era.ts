// Which version-2 and PI futex operations each strategy's era has, and the era facts that go with
// them, as one per-strategy record (GROUND-TRUTH.md §8.1). syscalls.ts opSupported reads the
// op-existence fields (the -ENOSYS of do_futex's switch, made once there before any argument is
// looked at); the other fields are read where they are used (core.ts plist order, pi.ts,
// requeue-pi.ts, futex2.ts, robust.ts, invariants.ts).
//
// Version 2 (the man page's VERSIONS): robust lists 2.6.17, bitset ops 2.6.25, futex_waitv 5.16,
// the futex2 calls 6.7, and the futex2_requeue flag check of the 2026 fix 19f94b390586.
// PI: PI ops came in 2.6.18, priority-ordered futex queues (plist) in 2.6.22, requeue-PI in
// 2.6.31, LOCK_PI2 in 5.14.
// So pinned-page, vcache, rusty-2003 and jamie-2003 (2002-2003 kernels) have none of them (-ENOSYS)
// and queue in FIFO order; gorman-2013 (the 2013 kernel the RFC patched) has robust lists,
// bitsets, PI, plist and requeue-PI but neither waitv, futex2 nor LOCK_PI2, and predates the June
// 2014 CVE-2014-3153 fixes (e9c243a5a6de, 54a217887a7b and the 'futex-fixes' merge 1c5aefb5b12a);
// modern has everything.
// (The version-1 ops, FUTEX_FD .. FUTEX_WAKE_OP, are each strategy's Strategy.ops; the argument
// checks and counting rules are era-checks.ts.)

import type { Kernel } from '../kernel';
import type { StrategyId } from './variants';

export interface FutexEra {
  /** set_robust_list, get_robust_list and the exit-time walk (2.6.17). */
  robust: boolean;
  /** FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET (2.6.25). */
  bitset: boolean;
  /** futex_waitv (5.16). */
  waitv: boolean;
  /** futex_wait, futex_wake, futex_requeue: the futex2 calls (6.7). */
  futex2: boolean;
  /** futex2_requeue refuses two futexes with different flags (19f94b390586, 2026). */
  futex2RequeueFlagCheck: boolean;
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

const NONE: FutexEra = {
  robust: false, bitset: false, waitv: false, futex2: false, futex2RequeueFlagCheck: false,
  pi: false, plist: false, requeuePi: false, lockPi2: false, cve2014_3153Fixed: false,
};

export const ERAS: Record<StrategyId, FutexEra> = {
  'pinned-page': NONE,
  vcache: NONE,
  'rusty-2003': NONE,
  'jamie-2003': NONE,
  'gorman-2013': {
    robust: true, bitset: true, waitv: false, futex2: false, futex2RequeueFlagCheck: false,
    pi: true, plist: true, requeuePi: true, lockPi2: false, cve2014_3153Fixed: false,
  },
  modern: {
    robust: true, bitset: true, waitv: true, futex2: true, futex2RequeueFlagCheck: true,
    pi: true, plist: true, requeuePi: true, lockPi2: true, cve2014_3153Fixed: true,
  },
};

/** The modelled era's record. */
export function futexEra(k: Kernel): FutexEra {
  return ERAS[k.strategy.id];
}
