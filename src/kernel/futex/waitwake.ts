// FUTEX_WAIT, FUTEX_WAKE and FUTEX_WAKE_OP (kernel/futex/waitwake.c).
//
// READ this before changing the ordering here. The guarantee that makes futexes work is that a
// waiter either sees the value changed (and returns -EAGAIN) or is on the queue before a waker
// that changed the value can look. In the simulator a step is atomic, so the modern protocol
//     [W1] key lookup  [W2] read *uaddr  [W3] compare  [W4] queue  [W5] sleep
// runs in one step and no wake can fall between W2 and W4: a lost wake-up can only come from
// keys that differ (a strategy's keying) or from user space (a program that changes the word
// without waking). The cases, numbered for the tests:
//   case [1] value differs                      -> -EAGAIN, never queued
//   case [2] value equal, woken                 -> 0
//   case [3] value equal, timeout expires       -> -ETIMEDOUT
//   case [4] value equal, signal                -> -EINTR when the waiter runs before a wake takes it
//            off the queue, else 0 (kernel/signal.ts, GROUND-TRUTH S35)
//   case [5] 2.6.0 queue-before-check (jamie-2003): W4 before W2, in two steps. A waker that
//            runs between them dequeues the waiter; the waiter then returns 0 even though the
//            value differs (GROUND-TRUTH.md §4, "Historic differences").
//   case [6] wake with nr <= 0 wakes one (2.6.0 and modern: `if (++ret >= nr_wake) break`).
// Wakes mark first and act after (futex_wake_mark, then wake_up_q): the `wake` event lists whom
// it woke before their `unqueue` events, so the oracle sees the queue as the waker found it.

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, Task } from '../state';
import type { KernelEventBody, KeyOp, WakeOp, WokenWaiter } from '../events';
import { futexFast } from './fast';
import type { KeyDecision } from './reason';
import { EAGAIN, EFAULT, EINTR, EINVAL, ENOSYS, FUTEX_BITSET_MATCH_ANY } from '../types';
import { loadWord, writablePage, wordIndex } from '../fault';
import { addTimer, blockTask, cancelTimer, signalWakeUp, wakeTask } from '../sched';
import {
  assertOwnedQ, block, effectivePrivate, findQ, firstMatching, firstMatchingMask, isSysResult, lookupKey, matching, newQ, queueMe, ret, taskMm, unqueueMe,
  waiterName, type FoundKey, type SysResult,
} from './core';
import { keyLabel, type FutexKey } from './futex';
import { refIdentity } from './reference';
import { wakeFdWaiter } from './fd';
import { taskWritten } from '../task-stamp';
import { futexEra } from './era';

/**
 * FUTEX_WAIT. `timeout` in ticks, relative. `bitset` (unsigned, non-zero) is FUTEX_WAIT_BITSET's
 * mask (futex/bitset.ts); a plain wait is FUTEX_BITSET_MATCH_ANY, as in the kernel.
 */
export function futexWait(
  k: Kernel, t: Task, uaddr: number, val: number, timeout: number | undefined, priv: boolean,
  bitset = FUTEX_BITSET_MATCH_ANY, op: KeyOp = 'futex_wait',
): SysResult {
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  if (k.strategy.queueBeforeCheck) return futexWaitQueueFirst(k, t, uaddr, val, timeout, priv);
  const m = taskMm(k, t);
  const found = lookupKey(k, t, uaddr, 'read', priv, op, m);
  if (isSysResult(found)) return found;
  const cur = loadWord(k, m, uaddr);
  if (typeof cur !== 'number') return ret(-EFAULT);
  if (cur !== (val | 0)) return ret(-EAGAIN); //                               case [1]
  const q = queueWaiter(k, t, m, uaddr, priv, found, false, bitset);
  sleepOn(k, t, q, timeout);
  return block();
}

/** queue_me for a task: its futex_q, with the reference identity of the word it waits on. */
export function queueWaiter(
  k: Kernel, t: Task, m: Mm, uaddr: number, priv: boolean, found: FoundKey, unchecked: boolean,
  bitset = FUTEX_BITSET_MATCH_ANY, vindex = -1,
): FutexQ {
  const q = newQ(k, {
    key: found.key, reason: found.reason, tid: t.tid, pid: t.pid, file: -1, mm: m.id, uaddr,
    identity: refIdentity(k, m, uaddr, effectivePrivate(k, priv)),
  });
  q.unchecked = unchecked;
  q.bitset = bitset;
  q.vindex = vindex;
  queueMe(k, q, found.pfn);
  return q;
}

export function sleepOn(k: Kernel, t: Task, q: FutexQ, timeout: number | undefined): void {
  t.wait = { kind: 'futex', q: q.id };
  taskWritten(t);
  // The text is for the block event alone: not made when the event is not (Kernel.quiet).
  blockTask(k, t, 'blocked', k.quiet('block') ? '' : `futex_wait on ${keyLabel(q.key)}, bucket ${q.bucket}`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
}

/** 2.6.0's futex_wait: queue_me first, then get_user, in two steps (case [5]). */
function futexWaitQueueFirst(k: Kernel, t: Task, uaddr: number, val: number, timeout: number | undefined, priv: boolean): SysResult {
  const m = taskMm(k, t);
  if (t.wait.kind === 'futex') {
    const q = findQ(k, t.wait.q);
    t.wait = { kind: 'none' };
    taskWritten(t);
    if (!q) return ret(0); // dequeued by a waker between queue and check: "woken"
    const cur = loadWord(k, m, uaddr);
    if (typeof cur !== 'number' || cur !== (val | 0) || t.sigpending) {
      const errno = typeof cur !== 'number' ? EFAULT : cur !== (val | 0) ? EAGAIN : EINTR;
      if (errno === EINTR) {
        t.sigpending = false;
        taskWritten(t);
      }
      unqueueMe(k, q, 'mismatch');
      return ret(-errno);
    }
    assertOwnedQ(k, q);
    q.unchecked = false;
    sleepOn(k, t, q, timeout);
    return { kind: 'block' };
  }
  const found = lookupKey(k, t, uaddr, 'read', priv, 'futex_wait');
  if (isSysResult(found)) return found;
  const q = queueWaiter(k, t, m, uaddr, priv, found, true);
  t.wait = { kind: 'futex', q: q.id };
  taskWritten(t);
  return { kind: 'retry' };
}

/**
 * On: the wake's walk of its bucket stops at its nr_wake-th waiter (firstMatching), as the
 * kernel's loop breaks. Off: every matching waiter is collected first, the plain version the
 * differential test (test/session/fast-paths.test.ts) compares against.
 */
export const wakeWalk = { early: true };

/**
 * The waiters a wake of up to `n` reaches on `key`, in queue order (case [6]); only those whose
 * bitset meets `mask` count (futex_wake: `if (!(this->bitset & bitset)) continue;`).
 */
export function collectWake(k: Kernel, key: FutexKey, n: number, mask = FUTEX_BITSET_MATCH_ANY): FutexQ[] {
  const limit = n <= 0 ? 1 : n;
  if (!wakeWalk.early) return matching(k, key).filter((q) => (q.bitset & mask) !== 0).slice(0, limit);
  if (futexFast.enabled) return firstMatchingMask(k, key, limit, mask);
  return firstMatching(k, key, limit, (q) => (q.bitset & mask) !== 0);
}

export function describeWoken(k: Kernel, qs: FutexQ[]): WokenWaiter[] {
  const out: WokenWaiter[] = [];
  for (const q of qs) out.push({ q: q.id, tid: q.tid, who: waiterName(k, q), pid: q.pid, key: q.key, reason: q.reason, identity: q.ref_identity });
  return out;
}

/**
 * A wake took entry q of a futex_waitv (futex/waitv.ts): q leaves its queue and the task becomes runnable, its
 * other entries still queued (a timeout no longer matters: an entry was woken).
 */
function wakeVectorWaiter(k: Kernel, q: FutexQ): void {
  unqueueMe(k, q, 'woken');
  const t = k.s.tasks[q.tid];
  if (t.wait.kind !== 'futex' || !t.wait.v) return;
  if (t.state !== 'blocked') return; // already runnable (woken or signalled): it finds q gone when it runs
  cancelTimer(k, t);
  t.wait = { ...t.wait, vwoken: true };
  taskWritten(t);
  signalWakeUp(k, t);
}

/** wake_futex: take q off the queue and make its task (or fd) ready. */
export function wakeWaiter(k: Kernel, q: FutexQ): void {
  if (q.tid < 0) return wakeFdWaiter(k, q);
  if (q.vindex >= 0) return wakeVectorWaiter(k, q); // futex_waitv (futex/waitv.ts)
  unqueueMe(k, q, 'woken');
  const t = k.s.tasks[q.tid];
  if (t.state === 'blocked') wakeTask(k, t, 0, 'futex wake');
  // else: 2.6.0 queued-but-unchecked waiter, or a signalled waiter that has not run yet
  // (kernel/signal.ts): when it runs it sees the q gone and its wait returns 0.
}

/**
 * FUTEX_WAKE: returns the number woken (FD registrations count, GROUND-TRUTH.md S16). `mask` is
 * FUTEX_WAKE_BITSET's (unsigned, non-zero; futex/bitset.ts).
 */
export function futexWake(k: Kernel, t: Task, uaddr: number, n: number, priv: boolean, op: WakeOp = 'futex_wake', mask = FUTEX_BITSET_MATCH_ANY): SysResult {
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  const found = lookupKey(k, t, uaddr, 'read', priv, op);
  if (isSysResult(found)) return found;
  let qs = collectWake(k, found.key, n, mask);
  // A PI or requeue-PI waiter stops the wake with -EINVAL; those marked before it are still
  // woken (futex_wake: `if (this->pi_state || this->rt_waiter) { ret = -EINVAL; break; }`).
  const stop = qs.findIndex(piWaiter);
  if (stop >= 0) qs = qs.slice(0, stop);
  emitWake(k, t, op, uaddr, n, found, priv, qs, mask, stop >= 0 ? -EINVAL : undefined);
  for (const q of qs) wakeWaiter(k, q);
  return ret(stop >= 0 ? -EINVAL : qs.length);
}

/**
 * The wake event. `failed`: the errno the op returns after waking `qs` (a PI waiter met); the
 * oracle does not judge such a wake (docs/oracle.md).
 */
export function emitWake(
  k: Kernel, t: Task, op: WakeOp, uaddr: number, n: number, found: KeyDecision, priv: boolean, qs: FutexQ[],
  mask = FUTEX_BITSET_MATCH_ANY, failed?: number,
): void {
  const keyed = keyedWake(op);
  if (futexFast.enabled && mask === FUTEX_BITSET_MATCH_ANY && !keyed && failed === undefined) {
    // The plain wake's event in its final shape (Kernel.emitStamped).
    k.emitStamped({
      type: 'wake', tid: t.tid, op, uaddr, n, key: found.key, reason: found.reason,
      identity: refIdentity(k, taskMm(k, t), uaddr, effectivePrivate(k, priv)),
      woken: describeWoken(k, qs), ret: qs.length, step: k.s.step, by: k.currentTid,
    });
    return;
  }
  const e: Extract<KernelEventBody, { type: 'wake' }> = {
    type: 'wake', tid: t.tid, op, uaddr, n, key: found.key, reason: found.reason,
    identity: refIdentity(k, taskMm(k, t), uaddr, effectivePrivate(k, priv)),
    woken: describeWoken(k, qs), ret: qs.length,
  };
  // Set one by one, in this order, rather than spread from object literals (work on every wake).
  if (mask !== FUTEX_BITSET_MATCH_ANY) e.mask = mask;
  // As core.ts queueMe marks a waiter: only a private op gives a `private` key where the flag exists.
  if (keyed) e.keyedBy = futexEra(k).privateFlag && found.key.kind === 'private' ? 'private' : 'shared';
  if (failed !== undefined) e.failed = failed;
  k.emit(e);
}

/**
 * The wakes GROUND-TRUTH §8.7 judges by reference key, private apart from shared: those of the
 * version-2 ops (bitsets, futex2, requeue-PI) and handle_futex_death's shared wake of one.
 */
function keyedWake(op: WakeOp): boolean {
  return op === 'futex_wake_bitset' || op === 'futex2_wake' || op === 'futex2_requeue' || op === 'futex_cmp_requeue_pi' || op === 'robust: owner died';
}

// --- FUTEX_WAKE_OP -----------------------------------------------------------------------------

/** futex_atomic_op_inuser's operations; -1 for an invalid encoding (-ENOSYS). */
function applyOp(op: number, old: number, oparg: number): number | undefined {
  switch (op) {
    case 0: return oparg; //        FUTEX_OP_SET
    case 1: return old + oparg; //  FUTEX_OP_ADD
    case 2: return old | oparg; //  FUTEX_OP_OR
    case 3: return old & ~oparg; // FUTEX_OP_ANDN
    case 4: return old ^ oparg; //  FUTEX_OP_XOR
  }
  return undefined;
}

function compare(cmp: number, a: number, b: number): boolean | undefined {
  switch (cmp) {
    case 0: return a === b;
    case 1: return a !== b;
    case 2: return a < b;
    case 3: return a <= b;
    case 4: return a > b;
    case 5: return a >= b;
  }
  return undefined;
}


export interface WakeOpArgs {
  uaddr: number; nwake: number; nwake2: number; uaddr2: number;
  op: number; oparg: number; cmp: number; cmparg: number; priv: boolean;
}

/**
 * FUTEX_WAKE_OP: `old = *uaddr2; *uaddr2 = old OP oparg; wake uaddr; if (old CMP cmparg) wake uaddr2`.
 * The order is the kernel's in every era that has the op (2.6.14 kernel/futex.c, today's
 * kernel/futex/waitwake.c): both keys first (so a misaligned address is -EINVAL whatever the
 * encoding), then futex_atomic_op_inuser, which returns -ENOSYS for an unknown op before writing
 * but for an unknown cmp only after *uaddr2 was written; either way nobody is woken
 * (docs/era-argument-checks.md).
 */
export function futexWakeOp(k: Kernel, t: Task, a: WakeOpArgs): SysResult {
  if (a.uaddr % 4 !== 0 || a.uaddr2 % 4 !== 0) return ret(-EINVAL);
  const shift = (a.op & 8) !== 0; // FUTEX_OP_OPARG_SHIFT: oparg is a bit number, masked to 0..31
  const oparg = shift ? 1 << (a.oparg & 31) : a.oparg;
  const k1 = lookupKey(k, t, a.uaddr, 'read', a.priv, 'futex_wake_op');
  if (isSysResult(k1)) return k1;
  const k2 = lookupKey(k, t, a.uaddr2, 'write', a.priv, 'futex_wake_op');
  if (isSysResult(k2)) return k2;
  // The op field is 4 bits of val3 (3 op bits and FUTEX_OP_OPARG_SHIFT): a larger value cannot be
  // encoded, and is an unknown op.
  if (applyOp(a.op & 7, 0, oparg) === undefined || (a.op & ~15) !== 0) return ret(-ENOSYS);
  const p = writablePage(k, taskMm(k, t), a.uaddr2);
  if ('why' in p) return ret(-EFAULT); // uaddr2 not writable
  const old = p.data[wordIndex(a.uaddr2)];
  p.data[wordIndex(a.uaddr2)] = applyOp(a.op & 7, old, oparg)!;
  if (compare(a.cmp, 0, 0) === undefined) return ret(-ENOSYS); // written, nobody woken
  // A PI or requeue-PI waiter on either key ends the op with -EINVAL; the waiters marked before
  // it are still woken (futex_wake_op: `if (this->pi_state || this->rt_waiter) { ret = -EINVAL;
  // goto out_unlock; }`, then wake_up_q). Applied in every era with PI ops (docs/pi.md).
  const qs1 = collectWake(k, k1.key, a.nwake);
  const stop1 = qs1.findIndex(piWaiter);
  const wake1 = stop1 >= 0 ? qs1.slice(0, stop1) : qs1;
  emitWake(k, t, 'futex_wake_op', a.uaddr, a.nwake, k1, a.priv, wake1, undefined, stop1 >= 0 ? -EINVAL : undefined);
  for (const q of wake1) wakeWaiter(k, q);
  if (stop1 >= 0) return ret(-EINVAL);
  let n2 = 0;
  if (compare(a.cmp, old, a.cmparg)) {
    const qs2 = collectWake(k, k2.key, a.nwake2);
    const stop2 = qs2.findIndex(piWaiter);
    const wake2 = stop2 >= 0 ? qs2.slice(0, stop2) : qs2;
    emitWake(k, t, 'futex_wake_op', a.uaddr2, a.nwake2, k2, a.priv, wake2, undefined, stop2 >= 0 ? -EINVAL : undefined);
    for (const q of wake2) wakeWaiter(k, q);
    if (stop2 >= 0) return ret(-EINVAL);
    n2 = wake2.length;
  }
  return ret(qs1.length + n2);
}

/** A waiter FUTEX_WAKE and FUTEX_WAKE_OP refuse to wake: a PI waiter or a requeue-PI one. */
const piWaiter = (q: FutexQ) => q.pi !== undefined || q.requeuePi !== undefined;
