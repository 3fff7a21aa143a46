// Hover documentation of the version-2 forms of issue #17 (robust lists, bitsets, futex_waitv,
// futex2, kill), merged into HOVER_DOCS by docs.ts. Pure data, as docs.ts.

import { entry } from './docs-entry';

export const V2_ROBUST_DOCS: Record<string, string> = {
  futex_wait_bitset: entry(
    'x = futex_wait_bitset(ADDR, VAL, MASK [, timeout T] [, private])',
    '**futex_wait_bitset** (FUTEX_WAIT_BITSET, 2.6.25+): `futex_wait` whose waiter carries MASK (low 32 bits).',
    'A MASK of 0 is `-EINVAL`. Older strategies return `-ENOSYS`.',
  ),
  futex_wake_bitset: entry(
    'x = futex_wake_bitset(ADDR, N, MASK [, private])',
    '**futex_wake_bitset** (FUTEX_WAKE_BITSET, 2.6.25+): wakes up to N waiters whose mask meets MASK; the others',
    'are skipped without being counted. A MASK of 0 is `-EINVAL`; `futex_wake` is MASK = FUTEX_BITSET_MATCH_ANY.',
  ),
  futex_waitv: entry(
    'x = futex_waitv([ADDR, VAL [, private] [, size BITS]], ... [, timeout T])',
    '**futex_waitv** (5.16+, what Wine and Proton wait with): waits on up to 128 futexes; returns the index of',
    'the entry that was woken. 0 or more than 128 entries, or an entry whose size is not 32 bits or whose value',
    'does not fit it: `-EINVAL`. Any value mismatch: `-EWOULDBLOCK` with nothing left queued.',
  ),
  futex2_wait: entry(
    'x = futex2_wait(ADDR, VAL, MASK [, private] [, size BITS] [, timeout T])',
    '**futex2_wait** (6.7+): `futex_wait_bitset` of the futex2 calls. Sizes other than 32 bits, and a VAL or MASK',
    'wider than the size (write `0xffffffff`, not `-1`), are `-EINVAL`.',
  ),
  futex2_wake: entry(
    'x = futex2_wake(ADDR, MASK, N [, private] [, size BITS])',
    '**futex2_wake** (6.7+): wakes up to N waiters whose mask meets MASK. Strict: `N = 0` wakes nobody and returns',
    '0 (FUTEX_WAKE with 0 wakes one). Sizes other than 32 bits are `-EINVAL`.',
  ),
  futex2_requeue: entry(
    'x = futex2_requeue([ADDR, VAL [, private] [, size BITS]], [ADDR2 [, private] [, size BITS]], NWAKE, NREQUEUE)',
    '**futex2_requeue** (6.7+): `futex_cmp_requeue` against the first entry\'s VAL. Since the 2026 fix',
    '19f94b390586, two entries with different flags (private, size) are `-EINVAL` (`modern`).',
  ),
  set_robust_list: entry(
    'x = set_robust_list(HEAD [, len L])',
    '**set_robust_list** (2.6.17+): registers the robust list at HEAD (`next`, `futex_offset`, `list_op_pending`,',
    'three words). A length other than 12 is `-EINVAL`; the head itself is not checked. At thread end and at',
    '`exec` the kernel walks it: for each lock word holding the thread\'s TID it writes',
    '`(word & FUTEX_WAITERS) | FUTEX_OWNER_DIED` and wakes one shared waiter if WAITERS was set.',
  ),
  get_robust_list: entry(
    'x = get_robust_list([THREAD])',
    '**get_robust_list** (2.6.17+): the head a thread registered (0 if none); `-ESRCH` for an ended thread.',
  ),
  kill: entry(
    'kill PROCESS',
    '**kill**: SIGKILL from outside: every thread of PROCESS ends now, blocked or not; each one\'s robust list is',
    'walked (then its PI locks released, then its clear-tid done), as at any thread end. Owners that die holding',
    'a robust lock leave FUTEX_OWNER_DIED for the next locker (EOWNERDEAD in glibc).',
  ),
  size: entry(
    ['x = futex2_wake(ADDR, MASK, N, size BITS)', 'x = futex_waitv([ADDR, VAL, size BITS])'],
    '**size**: the futex2 size in bits: 8, 16, 32 or 64 (default 32). Only 32 is implemented by Linux: the others',
    'are `-EINVAL`.',
  ),
  len: entry('x = set_robust_list(HEAD, len L)', '**len**: the length passed to set_robust_list (default 12, the head\'s size).'),
};
