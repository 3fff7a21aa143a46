// Hover documentation of the right-hand operations: memory loads and stores, and the futex system
// calls with their era (FUTEX_WAIT .. FUTEX_CMP_REQUEUE_PI, futex_fd, poll, close, set_tid_address,
// signal). Split from docs.ts (one concept per file); docs.ts merges it into HOVER_DOCS. Pure data.

import { entry } from './docs-entry';

export const OPERATION_DOCS: Record<string, string> = {
  load: entry(
    'x = load ADDR',
    '**load**: a 32-bit load, sign-extended. May fault: a zero-page mapping, a swap-in, or SIGBUS past the end of',
    'a truncated file (the thread dies with a fault).',
  ),
  store: entry(
    'store ADDR, EXPR',
    '**store**: a 32-bit store of the low 32 bits of EXPR. May fault: a COW break (a new private page, which is',
    'what moves a process off a page another process still waits on), a swap-in, or SIGBUS. At process level it',
    'sets initial memory contents before any thread runs.',
  ),
  cas: entry(
    'x = cas ADDR, OLD, NEW',
    '**cas**: atomic compare-and-swap: if the word at ADDR equals OLD, store NEW. Returns the previous value',
    "(Drepper's `cmpxchg`). A write: it may break COW.",
  ),
  xchg: entry('x = xchg ADDR, V', '**xchg**: atomic exchange; returns the previous value. A write: it may break COW.'),
  fetch_add: entry('x = fetch_add ADDR, D', '**fetch_add**: atomic add of D; returns the previous value (`atomic_inc` when D is 1).'),
  fetch_sub: entry('x = fetch_sub ADDR, D', '**fetch_sub**: atomic subtract of D; returns the previous value (`atomic_dec` when D is 1).'),
  futex_wait: entry(
    'x = futex_wait(ADDR, VAL [, timeout T] [, private])',
    '**futex_wait** (FUTEX_WAIT): computes the key of ADDR under the strategy, checks that the word still equals',
    'VAL, and sleeps on that key. Returns 0 when woken (possibly spuriously: re-check the word), `-EAGAIN` if the',
    'word differs, `-ETIMEDOUT` after `timeout T` ticks, `-EINTR` if a `signal` came and the waiter ran before a wake',
    'took it off the queue (a wake that comes first wins: 0), `-EFAULT` for a bad address or a',
    'truncated page, `-EINVAL` if ADDR is not 4-byte aligned, `-EACCES` without read access (2.6.0-era check).',
    'A waiter with no timeout still blocked at the end is reported `hung`.',
  ),
  futex_wake: entry(
    'x = futex_wake(ADDR, N [, private])',
    '**futex_wake** (FUTEX_WAKE): wakes up to N waiters whose key equals the key of ADDR in the caller\'s mm, in',
    'queue order, and returns how many it woke. `N = 0` still wakes one; `INT_MAX` wakes everybody. The oracle',
    'reports `wrong-wakeup` and `missed-wakeup` against the reference identities.',
  ),
  futex_requeue: entry(
    'x = futex_requeue(ADDR, NWAKE, NREQUEUE, ADDR2 [, private])',
    '**futex_requeue** (FUTEX_REQUEUE, 2.5.70+): wakes NWAKE waiters of ADDR and moves up to NREQUEUE of the rest',
    'to ADDR2 without waking them. Returns woken + requeued. The unconditional requeue races with new waiters;',
    'hence `futex_cmp_requeue`.',
  ),
  futex_cmp_requeue: entry(
    'x = futex_cmp_requeue(ADDR, NWAKE, NREQUEUE, ADDR2, VAL [, private])',
    '**futex_cmp_requeue** (FUTEX_CMP_REQUEUE, 2.6.7+): as `futex_requeue`, but first checks that the word at ADDR',
    'equals VAL and returns `-EAGAIN` if not. Returns woken + requeued. Old glibc `pthread_cond_broadcast`.',
  ),
  futex_wake_op: entry(
    'x = futex_wake_op(ADDR, NWAKE, NWAKE2, ADDR2, OP, OPARG, CMP, CMPARG [, private])',
    '**futex_wake_op** (FUTEX_WAKE_OP, 2.6.14+): atomically `old = *ADDR2; *ADDR2 = old OP OPARG`; wakes NWAKE',
    'waiters of ADDR, and also NWAKE2 waiters of ADDR2 if `old CMP CMPARG`. Returns the total woken; `-ENOSYS` for',
    'an invalid OP or CMP, `-EFAULT` if ADDR2 is not writable. OP is a `FUTEX_OP_*` operation, CMP a',
    '`FUTEX_OP_CMP_*` comparison. Old glibc `pthread_cond_signal` uses it to wake and unlock in one call.',
  ),
  futex_fd: entry(
    'fd = futex_fd(ADDR [, signal S])',
    '**futex_fd** (FUTEX_FD, 2.5.40 .. 2.6.25): returns a file descriptor that becomes readable when the futex is',
    'woken. Its waiter stays queued until the last `close` of the fd (copies made by `fork` included), so under',
    '`pinned-page` and `vcache` it pins a page per fd: the DoS that motivated the unpinned designs. With',
    '`signal S` the owner is also sent signal S. `modern` returns `-ENOSYS` (removed in 2.6.26).',
  ),
  gettid: entry(
    'x = gettid()   x = gettid(THREAD)',
    '**gettid**: the caller\'s TID. TIDs are given in creation order from 101 (declared threads first, then each',
    'forked or spawned thread) and never reused; a process\'s PID is its first thread\'s TID. `gettid(THREAD)`',
    'is a convenience: another thread\'s TID (its last, if it ended), or `-ESRCH` if it was not created yet.',
  ),
  // PI futexes and requeue-PI (docs/pi.md; GROUND-TRUTH.md §8.2-§8.4).
  futex_lock_pi: entry(
    'x = futex_lock_pi(ADDR [, timeout T] [, private])',
    '**futex_lock_pi** (FUTEX_LOCK_PI, 2.6.18+): takes the PI lock whose word is `TID | FUTEX_WAITERS | FUTEX_OWNER_DIED`.',
    'A free word (TID 0, no kernel waiter) gets the caller\'s TID, keeping OWNER_DIED. Held: sets WAITERS, then blocks on',
    'the pi_state\'s rt_mutex and boosts the owner to the caller\'s priority; returns 0 when the lock is handed over.',
    '`-EDEADLK` if the word already holds the caller\'s TID (checked first), `-ESRCH` if the TID names no live task,',
    '`-EINVAL` if the word disagrees with the kernel\'s pi_state (table rows [3], [5], [7], [9], [10]). `-ENOSYS` before 2.6.18.',
  ),
  futex_lock_pi2: entry(
    'x = futex_lock_pi2(ADDR [, timeout T] [, private])',
    '**futex_lock_pi2** (FUTEX_LOCK_PI2, 5.14+): `futex_lock_pi` with a CLOCK_MONOTONIC timeout (one virtual clock',
    'here, so the same). `-ENOSYS` in every era but `modern`.',
  ),
  futex_trylock_pi: entry(
    'x = futex_trylock_pi(ADDR [, private])',
    '**futex_trylock_pi** (FUTEX_TRYLOCK_PI, 2.6.18+): as `futex_lock_pi` without blocking: `-EWOULDBLOCK` (`-EAGAIN`)',
    'when the lock is held, **leaving FUTEX_WAITERS set** in the word.',
  ),
  futex_unlock_pi: entry(
    'x = futex_unlock_pi(ADDR [, private])',
    '**futex_unlock_pi** (FUTEX_UNLOCK_PI, 2.6.18+): `-EPERM` unless the word\'s TID is the caller\'s (checked before',
    'alignment). With kernel waiters the top one (highest priority, then first come) gets the lock and the word becomes',
    '`its TID | FUTEX_WAITERS`; without, the word becomes 0.',
  ),
  futex_wait_requeue_pi: entry(
    'x = futex_wait_requeue_pi(ADDR, VAL, ADDR2 [, timeout T] [, private])',
    '**futex_wait_requeue_pi** (FUTEX_WAIT_REQUEUE_PI, 2.6.31+): waits on the non-PI word ADDR (like `futex_wait`) for a',
    '`futex_cmp_requeue_pi` onto the PI lock ADDR2; returns 0 owning ADDR2. `-EINVAL` if ADDR == ADDR2 or both have',
    'the same key (not checked before the June 2014 CVE-2014-3153 fixes: `gorman-2013`).',
  ),
  futex_cmp_requeue_pi: entry(
    'x = futex_cmp_requeue_pi(ADDR, NWAKE, NREQUEUE, ADDR2, VAL [, private])',
    '**futex_cmp_requeue_pi** (FUTEX_CMP_REQUEUE_PI, 2.6.31+): if *ADDR == VAL, tries ADDR2 for the top waiter (free:',
    'it owns it and is woken) and requeues the others onto ADDR2\'s rt_mutex. NWAKE must be 1. Returns woken +',
    'requeued (a held ADDR2 and one waiter: 1). Pairs only with `futex_wait_requeue_pi`: `-EINVAL` otherwise.',
  ),
  poll: entry(
    'x = poll(FD [, timeout T])',
    '**poll**: blocks until the futex fd is readable (its futex was woken): returns 1, or 0 after `timeout T`',
    'ticks. `-EINTR` on `signal`.',
  ),
  close: entry(
    'close(FD)',
    '**close**: closes a file descriptor. The last close of a futex fd dequeues its waiter and releases its pin',
    'or references.',
  ),
  set_tid_address: entry(
    'set_tid_address ADDR',
    '**set_tid_address** (CLONE_CHILD_CLEARTID): when the caller ends, the kernel stores 0 at ADDR and does a',
    '**shared** `futex_wake(ADDR, 1)`, as thread exit does for `pthread_join`, if another thread still uses its',
    'memory (mm_users > 1): the last thread of a process stores and wakes nothing. A joiner waiting with `private`',
    'never matches it.',
  ),
  signal: entry(
    ['signal THREAD', 'fd = futex_fd(ADDR, signal S)'],
    '**signal**: as a statement, delivers a signal to THREAD (`PROCESS/THREAD`, or a short name within the same',
    'process), as a handler without SA_RESTART. A thread blocked in `futex_wait` becomes runnable but stays queued',
    'until it runs: then its wait returns `-EINTR`, or 0 if a wake took it off the queue first. A blocked `poll`',
    'returns `-EINTR`. A thread that is not blocked runs the handler before its next statement; its later waits',
    'block as usual. As the last argument of `futex_fd`,',
    '`signal S` is the signal number sent when the futex is woken.',
  ),
};
