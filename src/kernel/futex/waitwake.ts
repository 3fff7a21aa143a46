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
import type { WokenWaiter } from '../events';
import { EAGAIN, EFAULT, EINTR, EINVAL, ENOSYS } from '../types';
import { loadWord, writablePage, wordIndex } from '../fault';
import { addTimer, blockTask, wakeTask } from '../sched';
import { assertOwnedQ, bucketOf, findQ, futexQ, matching, newQ, queueMe, unlinkQ, unqueueMe, waiterName } from './core';
import { keyLabel, type FutexKey } from './futex';
import { refIdentity } from './reference';
import { ownFile } from './fd';
import type { KeyRequest } from './strategy';
import { deliverSignal } from '../signal';

/** What a futex call did to the calling task. */
export type SysResult =
  | { kind: 'ret'; value: number }
  /** The task sleeps; the call's value is `task.retval` when it runs again. */
  | { kind: 'block' }
  /** Run the same statement again when the task runs next (page lock wait, 2.6.0 phase 2). */
  | { kind: 'retry' };

export const ret = (value: number): SysResult => ({ kind: 'ret', value });

export function taskMm(k: Kernel, t: Task): Mm {
  return k.s.mms[k.s.procs[t.pid].mm]!;
}

/** The flag the op really runs with: before 2.6.22 FUTEX_PRIVATE_FLAG does not exist. */
export function effectivePrivate(k: Kernel, priv: boolean): boolean {
  return priv && k.strategy.honorsPrivate;
}

/**
 * get_futex_key through the strategy. On a locked page the task waits for the page lock and the
 * statement runs again (seed 002: "any other task trying to lock that page will have to wait").
 */
export function lookupKey(
  k: Kernel, t: Task, uaddr: number, access: 'read' | 'write', priv: boolean, op: string,
): { key: FutexKey; pfn: number } | SysResult {
  const m = taskMm(k, t);
  const req: KeyRequest = { task: t, mm: m, uaddr, access, private: effectivePrivate(k, priv) };
  const r = k.strategy.getKey(k, req);
  if (r.ok) {
    k.emit({
      type: 'key', tid: t.tid, uaddr, key: keyLabel(r.key), bucket: bucketOf(k, r.key),
      identity: refIdentity(k, m, uaddr, req.private), op,
    });
    return { key: r.key, pfn: r.pfn };
  }
  if ('errno' in r) return ret(-r.errno);
  waitOnPageLock(k, t, r.lockedPfn);
  return { kind: 'retry' };
}

function waitOnPageLock(k: Kernel, t: Task, pfn: number): void {
  k.s.stats.pageLockWaits++;
  t.wait = { kind: 'page-lock', pfn, since: k.s.clock };
  k.emit({ type: 'page-lock', tid: t.tid, pfn, op: 'wait', ticks: 0 });
  blockTask(k, t, 'blocked', `lock_page(pfn ${pfn})`);
}

/** lookupKey gave a result for the caller (an errno, or the page-lock retry) instead of a key. */
export const isSysResult = (x: unknown): x is SysResult => typeof x === 'object' && x !== null && 'kind' in x;

/** FUTEX_WAIT. `timeout` in ticks, relative. */
export function futexWait(k: Kernel, t: Task, uaddr: number, val: number, timeout: number | undefined, priv: boolean): SysResult {
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  if (k.strategy.queueBeforeCheck) return futexWaitQueueFirst(k, t, uaddr, val, timeout, priv);
  const found = lookupKey(k, t, uaddr, 'read', priv, 'futex_wait');
  if (isSysResult(found)) return found;
  const m = taskMm(k, t);
  const cur = loadWord(k, m, uaddr);
  if (typeof cur !== 'number') return ret(-EFAULT);
  if (cur !== (val | 0)) return ret(-EAGAIN); //                               case [1]
  const q = queueWaiter(k, t, m, uaddr, priv, found, false);
  sleepOn(k, t, q, timeout);
  return { kind: 'block' };
}

/** queue_me for a task: its futex_q, with the reference identity of the word it waits on. */
function queueWaiter(k: Kernel, t: Task, m: Mm, uaddr: number, priv: boolean, found: { key: FutexKey; pfn: number }, unchecked: boolean): FutexQ {
  const q = newQ(k, {
    key: found.key, tid: t.tid, pid: t.pid, file: -1, mm: m.id, uaddr,
    identity: refIdentity(k, m, uaddr, effectivePrivate(k, priv)),
  });
  q.unchecked = unchecked;
  queueMe(k, q, found.pfn);
  return q;
}

function sleepOn(k: Kernel, t: Task, q: FutexQ, timeout: number | undefined): void {
  t.wait = { kind: 'futex', q: q.id };
  blockTask(k, t, 'blocked', `futex_wait on ${keyLabel(q.key)}, bucket ${q.bucket}`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
}

/** 2.6.0's futex_wait: queue_me first, then get_user, in two steps (case [5]). */
function futexWaitQueueFirst(k: Kernel, t: Task, uaddr: number, val: number, timeout: number | undefined, priv: boolean): SysResult {
  const m = taskMm(k, t);
  if (t.wait.kind === 'futex') {
    const q = findQ(k, t.wait.q);
    t.wait = { kind: 'none' };
    if (!q) return ret(0); // dequeued by a waker between queue and check: "woken"
    const cur = loadWord(k, m, uaddr);
    if (typeof cur !== 'number' || cur !== (val | 0) || t.sigpending) {
      const errno = typeof cur !== 'number' ? EFAULT : cur !== (val | 0) ? EAGAIN : EINTR;
      if (errno === EINTR) t.sigpending = false;
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
  return { kind: 'retry' };
}

/** The waiters a wake of up to `n` reaches on `key`, in queue order (case [6]). */
export function collectWake(k: Kernel, key: FutexKey, n: number): FutexQ[] {
  const limit = n <= 0 ? 1 : n;
  return matching(k, key).slice(0, limit);
}

export function describeWoken(k: Kernel, qs: FutexQ[]): WokenWaiter[] {
  return qs.map((q) => ({
    q: q.id, tid: q.tid, who: waiterName(k, q), pid: q.pid, key: keyLabel(q.key), identity: q.ref_identity,
  }));
}

/** wake_futex: take q off the queue and make its task (or fd) ready. */
export function wakeWaiter(k: Kernel, q: FutexQ): void {
  if (q.tid < 0) return wakeFdWaiter(k, q);
  unqueueMe(k, q, 'woken');
  const t = k.s.tasks[q.tid];
  if (t.state === 'blocked') wakeTask(k, t, 0, 'futex wake');
  // else: 2.6.0 queued-but-unchecked waiter, or a signalled waiter that has not run yet
  // (kernel/signal.ts): when it runs it sees the q gone and its wait returns 0.
}

/** A FUTEX_FD registration is one-shot: off the chain and readable, but its pin/refs stay until close. */
function wakeFdWaiter(k: Kernel, q: FutexQ): void {
  unlinkQ(k, q);
  k.emit({ type: 'unqueue', q: q.id, tid: -1, why: 'woken' });
  const f = ownFile(k, q.file);
  assertOwnedQ(k, q);
  f.q = -1;
  f.held = q;
  f.readable = true;
  const proc = k.s.procs[f.ownerPid];
  let fdNum = -1;
  for (const [fd, id] of proc.fds) if (id === f.id) fdNum = fd;
  k.emit({ type: 'fd', pid: f.ownerPid, fd: fdNum, file: f.id, op: 'readable' });
  for (const t of k.s.tasks) {
    if (t.state === 'blocked' && t.wait.kind === 'poll' && t.wait.file === f.id) wakeTask(k, t, 1, 'fd readable');
  }
  if (f.signal > 0) {
    const owner = proc.tids.map((tid) => k.s.tasks[tid]).find((x) => x.state !== 'ended' && x.state !== 'killed');
    if (owner) deliverSignal(k, -1, owner);
  }
}

/** FUTEX_WAKE: returns the number woken (FD registrations count, GROUND-TRUTH.md S16). */
export function futexWake(k: Kernel, t: Task, uaddr: number, n: number, priv: boolean, op = 'futex_wake'): SysResult {
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  const found = lookupKey(k, t, uaddr, 'read', priv, op);
  if (isSysResult(found)) return found;
  let qs = collectWake(k, found.key, n);
  // A PI or requeue-PI waiter stops the wake with -EINVAL; those marked before it are still
  // woken (futex_wake: `if (this->pi_state || this->rt_waiter) { ret = -EINVAL; break; }`).
  const stop = qs.findIndex((q) => q.pi !== undefined || q.requeuePi !== undefined);
  if (stop >= 0) qs = qs.slice(0, stop);
  emitWake(k, t, op, uaddr, stop >= 0 ? qs.length : n, found.key, priv, qs);
  for (const q of qs) wakeWaiter(k, q);
  return ret(stop >= 0 ? -EINVAL : qs.length);
}

export function emitWake(k: Kernel, t: Task, op: string, uaddr: number, n: number, key: FutexKey, priv: boolean, qs: FutexQ[]): void {
  k.emit({
    type: 'wake', tid: t.tid, op, uaddr, n, key: keyLabel(key),
    identity: refIdentity(k, taskMm(k, t), uaddr, effectivePrivate(k, priv)),
    woken: describeWoken(k, qs), ret: qs.length,
  });
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

/** FUTEX_WAKE_OP: `old = *uaddr2; *uaddr2 = old OP oparg; wake uaddr; if (old CMP cmparg) wake uaddr2`. */
export function futexWakeOp(k: Kernel, t: Task, a: WakeOpArgs): SysResult {
  if (!k.strategy.ops.wakeOp) return ret(-ENOSYS);
  if (a.uaddr % 4 !== 0 || a.uaddr2 % 4 !== 0) return ret(-EINVAL);
  const shift = (a.op & 8) !== 0; // FUTEX_OP_OPARG_SHIFT: oparg is a bit number, masked to 0..31
  const oparg = shift ? 1 << (a.oparg & 31) : a.oparg;
  if (applyOp(a.op & 7, 0, oparg) === undefined || (a.op & ~15) !== 0 || compare(a.cmp, 0, 0) === undefined) return ret(-ENOSYS);
  const k1 = lookupKey(k, t, a.uaddr, 'read', a.priv, 'futex_wake_op');
  if (isSysResult(k1)) return k1;
  const k2 = lookupKey(k, t, a.uaddr2, 'write', a.priv, 'futex_wake_op');
  if (isSysResult(k2)) return k2;
  const p = writablePage(k, taskMm(k, t), a.uaddr2);
  if ('why' in p) return ret(-EFAULT); // uaddr2 not writable
  const old = p.data[wordIndex(a.uaddr2)];
  p.data[wordIndex(a.uaddr2)] = applyOp(a.op & 7, old, oparg)!;
  const qs1 = collectWake(k, k1.key, a.nwake);
  emitWake(k, t, 'futex_wake_op', a.uaddr, a.nwake, k1.key, a.priv, qs1);
  for (const q of qs1) wakeWaiter(k, q);
  let n2 = 0;
  if (compare(a.cmp, old, a.cmparg)) {
    const qs2 = collectWake(k, k2.key, a.nwake2);
    emitWake(k, t, 'futex_wake_op', a.uaddr2, a.nwake2, k2.key, a.priv, qs2);
    for (const q of qs2) wakeWaiter(k, q);
    n2 = qs2.length;
  }
  return ret(qs1.length + n2);
}
