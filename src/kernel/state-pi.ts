// The PI futex part of KernelState (state.ts): futex_pi_state with its rt_mutex and rt_waiters,
// one per contended PI word (futex/pi.ts). Split from state.ts (one concept per file); state.ts
// re-exports it, so importers keep `from './state'`. Plain data under state.ts's invariant.

import type { FutexKey } from './futex/futex';
import type { FutexQ } from './state-futex';

// --- PI futexes (futex/pi.ts) ----------------------------------------------------------------

/** An rt_mutex waiter (struct rt_mutex_waiter), which lives on its task's kernel stack. */
export interface RtWaiter {
  tid: number;
  /** The futex_q of the call that enqueued it. */
  q: number;
  /** Enqueue order: FIFO among equal priorities. */
  seq: number;
}

/**
 * struct futex_pi_state with its rt_mutex: one per contended PI word. It lives while a futex_q
 * refers to it or an rt_waiter is linked in its rt_mutex (kernel: refcount).
 */
export interface PiState {
  id: number;
  key: FutexKey;
  /** Where the word is, for the table check and the views: the mm (and its lifetime) and address. */
  mm: number;
  mmLife: number;
  uaddr: number;
  /** pi_state->owner: a task slot, or -1 (NULL: the owner died, exit_pi_state_list). */
  owner: number;
  /** The rt_mutex's wait list, unordered: the top waiter is chosen by priority then seq. */
  waiters: RtWaiter[];
  /**
   * wake_futex_pi handed the lock to this task, which has not run since: in the kernel its
   * rt_waiter is still queued and the rt_mutex ownerless, so a higher-priority locker may steal
   * it (futex/pi-steal.ts). `q` is its futex_q as it was, `expires` its timeout (-1: none).
   */
  pending?: { tid: number; seq: number; q: FutexQ; expires: number };
}

export interface PiTable {
  /** Written through pi.ts ownPi: copied whole between snapshots (it is small). */
  states: PiState[];
  next: number;
  seq: number;
}
