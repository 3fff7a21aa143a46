// The futex hash part of KernelState (state.ts): the futex_q of each waiter (its key, bucket, and
// what it holds: a pin, an mm or inode reference, a vcache registration), the hash of buckets, and
// the reference oracle's identity of a futex word. Split from state.ts (one concept per file);
// state.ts re-exports it, so importers keep `from './state'`. Plain data under state.ts's invariant.

import type { FutexKey } from './futex/futex';
import type { KeyReason } from './futex/reason';

/** The mm or inode reference a futex_q holds for its key (jamie-2003 refs, gorman-2013). */
export type KeyRef = { kind: 'mm'; id: number } | { kind: 'inode'; id: number };

// --- futexes (futex/core.ts) -----------------------------------------------------------------

/** The oracle's reference identity of a futex word (SEMANTICS.md, "The reference oracle"). */
export interface RefIdentity {
  /** Equal identities have equal ids. */
  id: string;
  /** `(mm#1, 0x10000000)` or `(inode#2, page 0, +0x0)`. */
  label: string;
  kind: 'mm' | 'inode';
  /** mm or inode lifetime number: the object this identity lives in. */
  life: number;
  /** The file page index of an inode identity (truncate makes waiters past the end undefined). */
  index?: number;
}

export interface FutexQ {
  id: number;
  key: FutexKey;
  /** The rule that produced `key` (get_futex_key, a re-key or a requeue); never written in place. */
  reason: KeyReason;
  bucket: number;
  /** The waiting task, or -1 for a FUTEX_FD registration. */
  tid: number;
  /** The owning process (the fd's owner for FUTEX_FD). */
  pid: number;
  /** The open file of a FUTEX_FD registration, else -1. */
  file: number;
  /** Where the waiter waited: its mm (slot and lifetime) and address, for undefined-behaviour notes. */
  mm: number;
  mmLife: number;
  uaddr: number;
  /** Page pinned for this waiter (pinned-page, vcache), else -1. */
  pinned: number;
  /** mm/inode reference held for the key (jamie-2003 refs, gorman-2013), else null. */
  ref: KeyRef | null;
  /** vcache registration: the (mm, virtual page) whose COW re-keys this waiter. */
  vcache: { mm: number; addr: number } | null;
  ref_identity: RefIdentity | null;
  /** Step at which it was queued. */
  since: number;
  /** 2.6.0 queue-before-check: queued, value not checked yet. */
  unchecked: boolean;
  /** The waiter's bitset, unsigned (FUTEX_BITSET_MATCH_ANY for a plain wait; futex/bitset.ts). */
  bitset: number;
  /** Index of its entry in a futex_waitv (futex/waitv.ts), else -1. */
  vindex: number;
  /**
   * plist priority (kernel/futex/pi.ts queuePrio): the waiter's normal priority when queued,
   * higher first from 2.6.22 on; 0 for every SCHED_OTHER task. Undefined means 0.
   */
  prio?: number;
  /** q->pi_state: the id of the pi_state this waiter blocks on (PI waiters), else undefined. */
  pi?: number;
  /**
   * q->rt_waiter and q->requeue_pi_key of a futex_wait_requeue_pi waiter, with its requeue state
   * (kernel/futex/requeue-pi.ts): 'wait' on uaddr, 'requeued' onto uaddr2's rt_mutex.
   */
  requeuePi?: { key2: FutexKey; uaddr2: number; state: 'wait' | 'requeued' };
  /**
   * The call a PI or requeue-PI waiter blocked in, with what its restart after a signal needs
   * (-ERESTARTNOINTR re-issues the same syscall; kernel/futex/pi-early.ts): the op, the value
   * FUTEX_WAIT_REQUEUE_PI compared, FUTEX_PRIVATE_FLAG.
   */
  piCall?: { op: 'lock' | 'lock2' | 'wait_requeue_pi'; val: number; priv: boolean };
  /**
   * Copy-on-write between snapshots: the object may be shared with a snapshot unless `owner`
   * equals the state's epoch. Kernel code that may write a queued waiter gets it through
   * core.ts futexQ/findQ (which copy it first); writers assert ownership (assertOwnedQ).
   */
  owner: number;
}

export interface FutexHash {
  /**
   * Copy-on-write between snapshots like page data, at two levels: this table of lists (with
   * `owner`) and each list. Write through core.ts ownBucket.
   */
  buckets: number[][];
  /** The state epoch that owns each bucket array (may write it in place). */
  owner: number[];
  /** The state epoch that owns the `buckets` and `owner` arrays themselves (may set their slots). */
  tableOwner: number;
  /** Queued waiters by id. The Map is copy-on-write like the buckets (core.ts ownQueues). */
  queues: Map<number, FutexQ>;
  /** The state epoch that owns the `queues` Map (may set and delete in place). */
  queuesOwner: number;
  nextQ: number;
}
