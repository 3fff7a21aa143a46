// Which futex operations each strategy's era has, and the era facts that go with them, as one
// per-strategy record (GROUND-TRUTH.md §8.1, docs/era-argument-checks.md). This table is the one
// place that says which op exists in which era: syscalls.ts opSupported reads the op-existence
// fields (the -ENOSYS of do_futex's switch, made once there before any argument is looked at);
// the other fields are read where they are used (core.ts plist order and FUTEX_PRIVATE_FLAG,
// requeue.ts counting, timeout.ts, pi.ts, requeue-pi.ts, futex2.ts, robust.ts, invariants.ts).
// A strategy (strategies/) only keys: it names no op and no era rule.
//
// Version 1: FUTEX_FD 2.5.40 .. 2.6.25 (removed in 2.6.26, "inherently racy"), FUTEX_REQUEUE
// 2.5.70, FUTEX_CMP_REQUEUE 2.6.7, FUTEX_WAKE_OP 2.6.14, FUTEX_PRIVATE_FLAG 2.6.22 (34f01cc1f512).
// pinned-page, vcache and rusty-2003 model 2.5.70-era kernels (REQUEUE and FD only); jamie-2003
// is 2.6.0 as its 2.6.x successors grew (CMP_REQUEUE, WAKE_OP, still FD); gorman-2013 and modern
// have every version-1 op but FUTEX_FD.
// Version 2 (the man page's VERSIONS): robust lists 2.6.17, bitset ops 2.6.25, futex_waitv 5.16,
// the futex2 calls 6.7, and the futex2_requeue flag check of the 2026 fix 19f94b390586.
// PI: PI ops came in 2.6.18, priority-ordered futex queues (plist) in 2.6.22, requeue-PI in
// 2.6.31, LOCK_PI2 in 5.14.
// So pinned-page, vcache, rusty-2003 and jamie-2003 (2002-2003 kernels) have none of them (-ENOSYS)
// and queue in FIFO order; gorman-2013 (the 2013 kernel the RFC patched) has robust lists,
// bitsets, PI, plist and requeue-PI but neither waitv, futex2 nor LOCK_PI2, and predates the June
// 2014 CVE-2014-3153 fixes (e9c243a5a6de, 54a217887a7b and the 'futex-fixes' merge 1c5aefb5b12a);
// modern has everything.
// The argument checks and counting rules are era-checks.ts's constants, named here per era.

import type { Kernel } from '../kernel';
import type { StrategyId } from './variants';
import { ERA_2_5_TO_2_6_30, ERA_2_6_31_TO_4_14, ERA_4_15_ON, type EraChecks } from './era-checks';

export interface FutexEra {
  /** FUTEX_REQUEUE (2.5.70). */
  requeue: boolean;
  /** FUTEX_CMP_REQUEUE (2.6.7). */
  cmpRequeue: boolean;
  /** FUTEX_WAKE_OP (2.6.14). */
  wakeOp: boolean;
  /** FUTEX_FD (2.5.40 .. 2.6.25). */
  fd: boolean;
  /** FUTEX_PRIVATE_FLAG exists (2.6.22+); before it, `private` ops run as shared ops. */
  privateFlag: boolean;
  /** The era's argument checks and counting rules (era-checks.ts). */
  checks: EraChecks;
  /**
   * remap_file_pages populates through vm_ops->populate (2.5.46 .. 2.6.22), which refuses a page
   * past the end of the file with -EINVAL (filemap_populate, shmem_populate); later kernels
   * install file ptes (populate_range, then the 4.0 emulation by mmap) and fault with SIGBUS.
   */
  remapChecksSize: boolean;
  /** sys_futex rejects an invalid timespec with -EINVAL (timespec_valid; timeout.ts). */
  timespecChecked: boolean;
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
  /**
   * attach_to_pi_owner refuses, with -EPERM, an owner TID that names a live task of another mm
   * when the futex key is private (FUTEX_PRIVATE_FLAG): the check f0d71b3dcb83 (2014) asked for
   * ("We also should validate the thread group for private futexes"). Linux 6.18.44 has it (the
   * WAITERS bit is set first, a task that has exited is -ESRCH first); the 2013 kernel did not.
   */
  piPrivateOwnerSameMm: boolean;
}

/** What none of the 2002-2003 kernels has: version 2 and PI. */
const NO_V2 = {
  robust: false, bitset: false, waitv: false, futex2: false, futex2RequeueFlagCheck: false,
  pi: false, plist: false, requeuePi: false, lockPi2: false, cve2014_3153Fixed: false,
  piPrivateOwnerSameMm: false,
} as const;

/** 2.5.70: REQUEUE and FD, no CMP_REQUEUE or WAKE_OP, no private flag, no timespec check. */
const ERA_2_5_70: FutexEra = {
  requeue: true, cmpRequeue: false, wakeOp: false, fd: true, privateFlag: false, checks: ERA_2_5_TO_2_6_30, timespecChecked: false,
  remapChecksSize: true, ...NO_V2,
};

export const ERAS: Record<StrategyId, FutexEra> = {
  'pinned-page': ERA_2_5_70,
  vcache: ERA_2_5_70,
  'rusty-2003': ERA_2_5_70,
  'jamie-2003': {
    requeue: true, cmpRequeue: true, wakeOp: true, fd: true, privateFlag: false, checks: ERA_2_5_TO_2_6_30, timespecChecked: false,
    remapChecksSize: true, ...NO_V2,
  },
  'gorman-2013': {
    requeue: true, cmpRequeue: true, wakeOp: true, fd: false, privateFlag: true, checks: ERA_2_6_31_TO_4_14, timespecChecked: true,
    remapChecksSize: false,
    robust: true, bitset: true, waitv: false, futex2: false, futex2RequeueFlagCheck: false,
    pi: true, plist: true, requeuePi: true, lockPi2: false, cve2014_3153Fixed: false,
    piPrivateOwnerSameMm: false,
  },
  modern: {
    requeue: true, cmpRequeue: true, wakeOp: true, fd: false, privateFlag: true, checks: ERA_4_15_ON, timespecChecked: true,
    remapChecksSize: false,
    robust: true, bitset: true, waitv: true, futex2: true, futex2RequeueFlagCheck: true,
    pi: true, plist: true, requeuePi: true, lockPi2: true, cve2014_3153Fixed: true,
    piPrivateOwnerSameMm: true,
  },
};

/** The modelled era's record. */
export function futexEra(k: Kernel): FutexEra {
  return ERAS[k.strategy.id];
}
