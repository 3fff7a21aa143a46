// FUTEX_REQUEUE and FUTEX_CMP_REQUEUE (kernel/futex/requeue.c).
//
// Both return woken + requeued (the kernel's `return ret ? ret : task_count`; the man page's
// "number woken" is wrong, GROUND-TRUTH.md S9). The order of the requeued waiters is where the
// eras differ (S26, requeue to self with 4 waiters, nr_wake = 1, nr_requeue = 1):
//   'fifo'      modern: same bucket -> only q->key changes, nothing moves; else plist_add at the
//               tail of hb2. Order after: W2 W3 W4.
//   'move-tail' 2.6.0: list_move_tail(q, head2); "Make sure to stop if key1 == key2": the walk
//               stops at the first moved entry. Order after: W3 W4 W2 (restored with nr_requeue >= 3).
//   'add-tail'  2.5.70: list_add_tail(q, head2) with no guard, so a requeue to self can visit a
//               moved waiter again until nr_requeue moves were made ("reordering, possibly
//               repeated visits", GROUND-TRUTH.md §6.3); each visit counts in the return value.
// How many are woken and moved, and whether negative counts are -EINVAL, is the era's counting
// rule (era-checks.ts: the limit is tested after a move until 2.6.30, before it from 2.6.31).

import type { Kernel } from '../kernel';
import type { FutexQ, Task } from '../state';
import { EAGAIN, EFAULT, EINVAL } from '../types';
import { loadWord } from '../fault';
import {
  assertOwnedQ, bucketOf, effectivePrivate, futexQ, isSysResult, lookupKey, moveToBucketTail, ownBucket, peekQ, ret,
  taskMm, waiterName, type FoundKey, type SysResult,
} from './core';
import { keyEquals, type FutexKey } from './futex';
import { refIdentity } from './reference';
import { emitWake, wakeWaiter } from './waitwake';
import { requeueCounts } from './era-checks';
import { futexEra } from './era';

export interface RequeueArgs {
  uaddr: number;
  uaddr2: number;
  nwake: number;
  nrequeue: number;
  /** CMP_REQUEUE's expected value of *uaddr; undefined for plain REQUEUE. */
  cmpval?: number;
  priv: boolean;
  /** futex2_requeue: the second futex's own FUTEX2_PRIVATE (futex/futex2.ts); else `priv`. */
  priv2?: boolean;
  /** The op's name in events (futex2_requeue). */
  op?: 'futex2_requeue';
}

export function futexRequeue(k: Kernel, t: Task, a: RequeueArgs): SysResult {
  const cmp = a.cmpval !== undefined;
  if (a.uaddr % 4 !== 0 || a.uaddr2 % 4 !== 0) return ret(-EINVAL);
  if (futexEra(k).checks.requeueNegativeEinval && (a.nwake < 0 || a.nrequeue < 0)) return ret(-EINVAL); // 4.15+
  const op = a.op ?? (cmp ? 'futex_cmp_requeue' as const : 'futex_requeue' as const);
  const k1 = lookupKey(k, t, a.uaddr, 'read', a.priv, op);
  if (isSysResult(k1)) return k1;
  const k2 = lookupKey(k, t, a.uaddr2, 'read', a.priv2 ?? a.priv, op);
  if (isSysResult(k2)) return k2;
  if (cmp) {
    const cur = loadWord(k, taskMm(k, t), a.uaddr);
    if (typeof cur !== 'number') return ret(-EFAULT);
    if (cur !== (a.cmpval! | 0)) return ret(-EAGAIN); // S28: nobody woken or moved
  }
  const plan = planRequeue(k, k1.key, k2.key, a.nwake, a.nrequeue);
  // Requeue-PI waiters pair only with CMP_REQUEUE_PI, and a PI waiter is never requeued: the walk
  // stops there with -EINVAL, having woken and moved the waiters before it (kernel/futex/requeue.c).
  const bad = [...plan.wake, ...plan.move].findIndex((q) => q.pi !== undefined || q.requeuePi !== undefined);
  if (bad >= 0 && !plan.reorder) {
    plan.move = plan.move.slice(0, Math.max(0, bad - plan.wake.length));
    plan.wake = plan.wake.slice(0, bad);
    plan.moves = plan.move.length;
  }
  emitWake(k, t, op, a.uaddr, a.nwake, k1, a.priv, plan.wake, undefined, bad >= 0 && !plan.reorder ? -EINVAL : undefined);
  for (const q of plan.wake) wakeWaiter(k, q);
  for (const q of plan.move) requeueOne(k, t, q, k2, a);
  if (plan.reorder) plan.reorder();
  return ret(bad >= 0 && !plan.reorder ? -EINVAL : plan.wake.length + plan.moves);
}

interface Plan {
  wake: FutexQ[];
  /** Distinct waiters moved to key2, in the order they were first moved. */
  move: FutexQ[];
  /** Number of moves made (counts repeated visits under 'add-tail'). */
  moves: number;
  /** Puts the bucket in its final order once the moves are applied. */
  reorder?: () => void;
}

function planRequeue(k: Kernel, key1: FutexKey, key2: FutexKey, nwake: number, nrequeue: number): Plan {
  const bucket1 = bucketOf(k, key1);
  const list = k.s.futex.buckets[bucket1].filter((id) => keyEquals(peekQ(k, id).key, key1)).map((id) => futexQ(k, id));
  // How far the walk goes is the era's counting rule (era-checks.ts).
  const counts = requeueCounts(futexEra(k).checks, nwake, nrequeue, list.length);
  const wake = list.slice(0, counts.wake);
  const rest = list.slice(counts.wake);
  const limit = counts.moveLimit;
  const order = k.strategy.requeueOrder;
  if (order !== 'add-tail' || !keyEquals(key1, key2) || limit <= rest.length) {
    return { wake, move: rest.slice(0, limit), moves: Math.min(limit, rest.length) };
  }
  // 2.5.70 requeue to self without the guard: the walk meets moved waiters again at the tail and
  // moves them again, until nr_requeue moves were made; the final order is a rotation.
  const move = rest;
  const moves = rest.length === 0 ? 0 : limit;
  const rotate = rest.length === 0 ? 0 : limit % rest.length;
  const reorder = () => {
    const b = k.s.futex.buckets[bucket1];
    const ids = new Set(rest.map((q) => q.id));
    const others = b.filter((id) => !ids.has(id));
    const cycled = [...rest.slice(rotate), ...rest.slice(0, rotate)].map((q) => q.id);
    ownBucket(k, bucket1).splice(0, Infinity, ...others, ...cycled);
  };
  return { wake, move, moves, reorder };
}

/** requeue_futex: q now waits on key2 in the requeuer's mm (also requeue-pi.ts). */
export function requeueOne(k: Kernel, t: Task, q: FutexQ, k2: FoundKey, a: RequeueArgs): void {
  const m = taskMm(k, t);
  const from = q.key;
  const key2 = k2.key;
  const oldIdentity = q.ref_identity;
  const b2 = bucketOf(k, key2);
  const sameBucket = b2 === q.bucket;
  assertOwnedQ(k, q);
  // The key of a waiter in the list changes: the list counts as written (core.ts bucketKeys).
  ownBucket(k, q.bucket);
  q.key = key2;
  q.reason = k2.reason;
  if (!(sameBucket && k.strategy.requeueOrder === 'fifo')) moveToBucketTail(k, q, b2);
  k.strategy.requeued(k, q, m, a.uaddr2, k2.pfn);
  q.ref_identity = refIdentity(k, m, a.uaddr2, effectivePrivate(k, a.priv2 ?? a.priv));
  k.emit({
    type: 'requeue', tid: t.tid, q: q.id, who: waiterName(k, q), from, to: key2, toReason: k2.reason,
    identity: oldIdentity, toIdentity: q.ref_identity, targetMm: m.id, targetMmLife: m.life, targetAddr: a.uaddr2,
  });
}
