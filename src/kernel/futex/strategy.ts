// The keying-strategy interface: what differs between the ways Linux keyed futexes from 2002 to
// today. Op semantics (check the value under the bucket lock, FIFO queues, woken + requeued
// counts) are shared in waitwake.ts and requeue.ts; a strategy decides the key of an address,
// what a waiter holds while it sleeps (pins, mm/inode references, vcache registrations), which
// mm events re-key waiters, and how its era's queue behaves (queue-before-check, requeue order).
// Which ops and flags exist, and the era's argument checks, are era.ts's table, not a strategy's.

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, PageFrame, PageMapping, Task } from '../state';
import type { FutexKey } from './futex';
import type { KeyReason } from './reason';
import type { StrategyId } from './variants';

export interface KeyRequest {
  task: Task;
  mm: Mm;
  uaddr: number;
  /** FUTEX_READ or FUTEX_WRITE access (modern's ro fallback applies to reads only). */
  access: 'read' | 'write';
  /** FUTEX_PRIVATE_FLAG as given (the strategy decides whether it honours it). */
  private: boolean;
}

/**
 * The key with the rule that produced it (reason.ts), or why a key could not be had: an errno
 * for the caller, or a page lock to wait for.
 */
export type KeyResult =
  | { ok: true; key: FutexKey; reason: KeyReason; /** the page the lookup resolved, if it looked one up */ pfn: number }
  | { ok: false; errno: number }
  | { ok: false; lockedPfn: number };

export interface Strategy {
  readonly id: StrategyId;
  /** One line for the views: what it keys on, which era. */
  readonly summary: string;
  /** 2.6.0 futex_wait queued itself first, then read the value (two steps here). */
  readonly queueBeforeCheck: boolean;
  /** Requeue order: 'fifo' (modern), 'move-tail' (2.6.0 list_move_tail with the key1 == key2 guard),
   * 'add-tail' (2.5.70 list_add_tail, no guard: a requeue to self may visit waiters again). */
  readonly requeueOrder: 'fifo' | 'move-tail' | 'add-tail';
  /** modern's variant `requeue_flags = 6.7`: the futex2_requeue flag check of 2026 is off (futex2.ts). */
  readonly futex2RequeueFlagCheckOff?: boolean;

  getKey(k: Kernel, r: KeyRequest): KeyResult;
  /** The bucket of a key in a table of `size` buckets (a power of two). */
  hash(key: FutexKey, size: number): number;

  /** A waiter is queued (or a FUTEX_FD registered): take pins/refs/vcache entries. */
  attach(k: Kernel, q: FutexQ, pfn: number): void;
  /** A waiter leaves the queue (woken, timed out, signalled; FD: at close): drop them. */
  detach(k: Kernel, q: FutexQ): void;
  /** A requeued waiter now has `q.key` = key2 in the requeuer's mm: move pins/refs. */
  requeued(k: Kernel, q: FutexQ, requeuer: Mm, uaddr2: number, pfn2: number): void;

  /** break_cow copied the page at (mm, addr): vcache's callback. */
  onCow?(k: Kernel, mm: Mm, addr: number, oldPfn: number, newPfn: number): void;
  /** page->mapping/index is about to change while the page stays in memory: rusty's futex_rehash. */
  onPageMappingChange?(k: Kernel, p: PageFrame, to: PageMapping | null, index: number): void;
}

export type StrategyFactory = (variants: Record<string, string>) => Strategy;
