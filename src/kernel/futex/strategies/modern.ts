// modern: today's Linux (5.8+; kernel/futex/{core,waitwake,requeue,syscalls}.c).
//
// - Private ops: (mm, address); only access_ok is checked (USER_PTR_MAX), no page lookup.
// - Shared ops: the gorman-2013 lookup (FOLL_WRITE, read-only retry for FUTEX_READ ops, the
//   lock_page slow path only for mapping == NULL), but file pages key on the inode's i_seq, a
//   boot-unique number stamped on first futex use (Peter Zijlstra, "futex: Fix inode life-time
//   issue", 8019ad13ef7f, 2020: "ihold() does not in fact guarantee inode persistence"). No inode
//   or mm reference is held: an evicted and re-read inode gets a new i_seq, so a stale waiter
//   can miss a wake-up but never match a stranger.
// - FIFO requeue (plist with equal priorities), FUTEX_FD gone (-ENOSYS, 2.6.26).

import type { Kernel } from '../../kernel';
import type { Strategy, StrategyFactory } from '../strategy';
import { hashModern } from './common';
import { keyFromPage } from './gorman-2013';
import { pagesWritten } from '../../vm-stamp';

/** The inode's i_seq, stamped on its first futex use (a function made once, not per call). */
function iSeqOf(k: Kernel, ino: number): number {
  const i = k.s.inodes[ino]!;
  if (i.iSeq === 0) {
    i.iSeq = k.s.iSeqNext++;
    pagesWritten(k.s);
  }
  return i.iSeq;
}

/**
 * get_futex_key: "if (unlikely(!access_ok(uaddr, size))) return -EFAULT;", after the alignment
 * check and before anything else, so a private op (which looks no page up) sees it too. On x86-64
 * (Linux 6.18, arch/x86/include/asm/uaccess_64.h) access_ok of a word is valid_user_address(ptr):
 * ptr <= USER_PTR_MAX, which arch/x86/kernel/cpu/common.c sets to TASK_SIZE_MAX, (1 << 47) -
 * PAGE_SIZE with 4-level paging. A negative address is a huge unsigned one. futexlab diff on
 * 6.18.44: FUTEX_WAKE_PRIVATE at 0x7ffffffff000 is 0, at 0x7ffffffff004, 1 << 47 or -4 -EFAULT.
 */
const USER_PTR_MAX = 2 ** 47 - 4096;

export const modern: StrategyFactory = (variants) => {
  const s: Strategy = {
    id: 'modern',
    // `requeue_flags = 6.7`: the 6.7 .. 2026 futex2_requeue, without the flag check of 19f94b390586.
    ...(variants.requeue_flags === '6.7' ? { futex2RequeueFlagCheckOff: true } : {}),
    summary: 'today: FUTEX_PRIVATE_FLAG keys, (mm, address) for anon, (i_seq, index) for files, no pins, no refs',
    queueBeforeCheck: false,
    requeueOrder: 'fifo',
    getKey: (k, r) => keyFromPage(k, r, false, iSeqOf, 'iseq', USER_PTR_MAX),
    hash: hashModern,
    attach: () => {},
    detach: () => {},
    requeued: () => {},
  };
  return s;
};
