// FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI and FUTEX_UNLOCK_PI (kernel/futex/pi.c), and
// the release of a dying owner's PI locks (exit_pi_state_list). Rules and their sources:
// GROUND-TRUTH.md §8.2; the pre-June-2014 behaviour of gorman-2013: §8.4 and era.ts.
//
// The word protocol: owner TID | FUTEX_WAITERS | FUTEX_OWNER_DIED. User space takes a free lock
// with cas(0 -> TID) and enters the kernel only when that fails; the kernel keeps a pi_state with
// an rt_mutex per contended word (pi-state.ts), and the owner runs at its top waiter's priority.
//
// A step is atomic, so what the kernel does in two halves (the unlocker marks the next owner,
// the woken waiter then takes the rt_mutex and fixes up the word) is done whole by the unlocker:
// the word is never seen half-updated. Cases, in the kernel's order of checks:
//   LOCK_PI  [1] era without PI -> -ENOSYS; [2] unaligned -> -EINVAL; [3] fault -> -EFAULT;
//            [4] word's TID is the caller's -> -EDEADLK (first);
//            [5] a kernel waiter exists -> attach to its pi_state through the table (-EINVAL on
//                an invalid row), else [6] TID 0 -> taken: TID | (word & OWNER_DIED);
//            [7] else WAITERS is set, then the owner is looked up: no live task -> -ESRCH, a live
//                task of another mm for a private futex -> -EPERM (WAITERS stays, both);
//            [8] TRYLOCK_PI -> -EWOULDBLOCK (WAITERS stays); [9] chain back to the caller -> -EDEADLK;
//            [10] else the caller blocks on the rt_mutex, boosting the owner chain.
//   UNLOCK_PI: word's TID is not the caller's -> -EPERM, before alignment and the key; with an
//            rt_mutex waiter the top waiter gets the lock and the word is `TID | WAITERS`;
//            without, the word becomes 0.
// Until a handed-off owner runs, a higher-priority LOCK_PI / TRYLOCK_PI steals the lock
// (pi-steal.ts); a signal or a timeout ends a PI wait early as pi-early.ts says.

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, PiState, Task } from '../state';
import type { PiLockWhat } from '../events';
import { EAGAIN, EDEADLK, EFAULT, EINVAL, EPERM, ESRCH, FUTEX_OWNER_DIED, FUTEX_TID_MASK, FUTEX_WAITERS } from '../types';
import { loadWord, writablePage, wordIndex } from '../fault';
import { addTimer, blockTask, wakeTask } from '../sched';
import { findQ, newQ, queueMe, unqueueMe } from './core';
import { keyLabel, type FutexKey } from './futex';
import { refIdentity } from './reference';
import { effectivePrivate, isSysResult, lookupKey, ret, taskMm, type SysResult } from './core';
import { futexEra } from './era';
import { canSteal, markPending, pendingPs, steal } from './pi-steal';
import { allPrios } from '../prio';
import {
  dequeueRtWaiter, enqueueRtWaiter, newPiState, piById, putPiState, taskOfVpid, topRtWaiter, topWaiter, vpid,
} from './pi-state';
import { taskWritten } from '../task-stamp';

export type PiLockMode = 'lock' | 'lock2' | 'trylock';

const fixed = (k: Kernel): boolean => futexEra(k).cve2014_3153Fixed;

/** The word at uaddr, or undefined on a fault. */
function getWord(k: Kernel, m: Mm, uaddr: number): number | undefined {
  const v = loadWord(k, m, uaddr);
  return typeof v === 'number' ? v : undefined;
}

/** Store the word (cmpxchg under the hash bucket lock: the step is atomic); false on a fault. */
export function putWord(k: Kernel, m: Mm, uaddr: number, value: number): boolean {
  const p = writablePage(k, m, uaddr);
  if ('why' in p) return false;
  p.data[wordIndex(uaddr)] = value | 0;
  return true;
}

/** get_user of an unaligned u32 reads the four bytes there, little-endian, as x86 does. */
function getUnaligned(k: Kernel, m: Mm, uaddr: number): number | undefined {
  const off = uaddr & 3;
  if (off === 0) return getWord(k, m, uaddr);
  const lo = getWord(k, m, uaddr - off);
  const hi = getWord(k, m, uaddr - off + 4);
  if (lo === undefined || hi === undefined) return undefined;
  return ((lo >>> (off * 8)) | (hi << (32 - off * 8))) | 0;
}

/** What futex_lock_pi_atomic decided. */
export type AtomicResult =
  | { kind: 'err'; errno: number }
  /** The lock is the task's now (ret 1); `ps` when set_waiters asked for a pi_state too. */
  | { kind: 'acquired'; ps?: PiState }
  /** The task must block on ps's rt_mutex (ret 0). */
  | { kind: 'attach'; ps: PiState };

const err = (errno: number): AtomicResult => ({ kind: 'err', errno });

/**
 * futex_lock_pi_atomic(uaddr, key, task, set_waiters): try to take the word for `task` (the
 * caller, or the top waiter of a CMP_REQUEUE_PI), else find or make the pi_state to block on.
 */
export function lockPiAtomic(k: Kernel, m: Mm, uaddr: number, key: FutexKey, task: Task, setWaiters: boolean): AtomicResult {
  const uval = getWord(k, m, uaddr);
  if (uval === undefined) return err(EFAULT);
  const me = vpid(task);
  const pid = uval & FUTEX_TID_MASK;
  if (!fixed(k)) return lockPiAtomic2013(k, m, uaddr, key, task, setWaiters, uval);
  if (pid === me) return err(EDEADLK);
  const top = topWaiter(k, key);
  if (top) return attachToPiState(k, uval, top);
  // The handed-off owner has not run: its futex_q is still in the kernel's hash (pi-steal.ts).
  const pending = pendingPs(k, key);
  if (pending) return attachToPs(k, uval, pending);
  if (pid === 0) {
    // No kernel waiter and no owner: a stale WAITERS or OWNER_DIED bit. Keep OWNER_DIED.
    if (!putWord(k, m, uaddr, (uval & FUTEX_OWNER_DIED) | me | (setWaiters ? FUTEX_WAITERS : 0))) return err(EFAULT);
    return { kind: 'acquired', ps: setWaiters ? newPiState(k, key, m, uaddr, task.tid) : undefined };
  }
  // First waiter: set WAITERS before attaching, so the owner's unlock comes into the kernel.
  const newval = uval | FUTEX_WAITERS;
  if (!putWord(k, m, uaddr, newval)) return err(EFAULT);
  return attachToPiOwner(k, m, uaddr, key, newval);
}

/**
 * The 2013 futex_lock_pi_atomic (before e9c243a5a6de and 54a217887a7b): it first tries
 * cmpxchg(0 -> TID) whatever the kernel holds for the word, and its lookup_pi_state checked only
 * a non-PI waiter ([3]) and a TID that differs from a live pi_state owner ([10]).
 */
function lockPiAtomic2013(k: Kernel, m: Mm, uaddr: number, key: FutexKey, task: Task, setWaiters: boolean, uval: number): AtomicResult {
  const me = vpid(task);
  if (uval === 0) {
    if (!putWord(k, m, uaddr, me | (setWaiters ? FUTEX_WAITERS : 0))) return err(EFAULT);
    return { kind: 'acquired', ps: setWaiters ? newPiState(k, key, m, uaddr, task.tid) : undefined };
  }
  const pid = uval & FUTEX_TID_MASK;
  if (pid === me) return err(EDEADLK);
  const top = topWaiter(k, key);
  const pending = top ? undefined : pendingPs(k, key); // its futex_q is still hashed (pi-steal.ts)
  if (!top && !pending && pid === 0) {
    // force_take: the owner died or a stale WAITERS bit, and nobody waits: take it, keeping the
    // bits. The first pass already set WAITERS (`newval = curval | FUTEX_WAITERS`) before
    // lookup_pi_state found no owner (-ESRCH) and the retry forced the take, so WAITERS is set.
    if (!putWord(k, m, uaddr, (uval & ~FUTEX_TID_MASK) | FUTEX_WAITERS | me)) return err(EFAULT);
    return { kind: 'acquired', ps: setWaiters ? newPiState(k, key, m, uaddr, task.tid) : undefined };
  }
  const newval = uval | FUTEX_WAITERS;
  if (!putWord(k, m, uaddr, newval)) return err(EFAULT);
  if (top || pending) {
    if (top && top.pi === undefined) return err(EINVAL);
    const ps = pending ?? piById(k, top!.pi!);
    if (pid !== 0 && ps.owner >= 0 && pid !== vpid(k.s.tasks[ps.owner])) return err(EINVAL);
    return { kind: 'attach', ps };
  }
  return attachToPiOwner(k, m, uaddr, key, newval);
}

/** attach_to_pi_state: the table's checks against the waiters' pi_state (pi-state.ts tableRow). */
function attachToPiState(k: Kernel, uval: number, top: Readonly<FutexQ>): AtomicResult {
  if (top.pi === undefined) return err(EINVAL); //                                        [3]
  return attachToPs(k, uval, piById(k, top.pi));
}

function attachToPs(k: Kernel, uval: number, ps: PiState): AtomicResult {
  const pid = uval & FUTEX_TID_MASK;
  if ((uval & FUTEX_OWNER_DIED) !== 0) {
    if (ps.owner < 0) return pid !== 0 ? err(EINVAL) : { kind: 'attach', ps }; //          [5] / [4]
    if (pid === 0) return { kind: 'attach', ps }; //                                          [6]
  } else if (ps.owner < 0) {
    return err(EINVAL); //                                                                     [7]
  }
  if (pid !== vpid(k.s.tasks[ps.owner])) return err(EINVAL); //                               [9] / [10]
  return { kind: 'attach', ps }; //                                                            [8]
}

/** attach_to_pi_owner: the first waiter makes the pi_state, owned by the task the TID names. */
function attachToPiOwner(k: Kernel, m: Mm, uaddr: number, key: FutexKey, uval: number): AtomicResult {
  const owner = taskOfVpid(k, uval & FUTEX_TID_MASK);
  // handle_exit_race: the TID names no task, or one that has finished exiting -> -ESRCH.
  if (!owner || owner.state === 'ended' || owner.state === 'killed') return err(ESRCH);
  // A private futex (FUTEX_PRIVATE_FLAG: the key is the caller's mm and address) owned by a
  // live task of another mm: -EPERM, the WAITERS bit already set, as Linux 6.18.44 answers it
  // (a fork child's private copy of its parent's PI word, for one). The validation that
  // f0d71b3dcb83 ("futex: Prevent attaching to kernel threads", 2014) left for later: "We also
  // should validate the thread group for private futexes". The test is the mm, not the thread
  // group: on 6.18.44 an owner cloned with CLONE_VM alone is attached to as before.
  if (futexEra(k).piPrivateOwnerSameMm && key.kind === 'private' && k.s.procs[owner.pid].mm !== key.ptr) return err(EPERM);
  return { kind: 'attach', ps: newPiState(k, key, m, uaddr, owner.tid) };
}

/** rt_mutex deadlock detection: the owner chain from ps leads back to `t` (also requeue-pi.ts). */
export function chainReaches(k: Kernel, ps: PiState, t: Task): boolean {
  let cur: PiState | undefined = ps;
  for (let guard = 0; cur && guard < 1024; guard++) {
    if (cur.owner === t.tid) return true;
    if (cur.owner < 0) return false;
    const o = k.s.tasks[cur.owner];
    if (o.state !== 'blocked' || o.wait.kind !== 'futex') return false;
    const q = k.s.futex.queues.get(o.wait.q);
    cur = q?.pi !== undefined ? piById(k, q.pi) : undefined;
  }
  return false;
}

/** Run `f` and report the effective priorities it changed (rt_mutex_adjust_prio, the chain walk). */
export function withBoosts<T>(k: Kernel, f: () => T): T {
  const before = allPrios(k);
  const r = f();
  const after = allPrios(k);
  for (let tid = 0; tid < before.length; tid++) {
    if (after[tid] !== before[tid]) k.emit({ type: 'pi-boost', tid, from: before[tid], to: after[tid] });
  }
  return r;
}

export function emitPiLock(k: Kernel, t: Task, what: PiLockWhat, from: number, m: Mm, uaddr: number, key: FutexKey): void {
  k.emit({ type: 'pi-lock', tid: t.tid, what, from, uaddr, key, word: getWord(k, m, uaddr) ?? 0 });
}

/** FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and FUTEX_TRYLOCK_PI. `timeout` in relative ticks. */
export function futexLockPi(k: Kernel, t: Task, uaddr: number, timeout: number | undefined, priv: boolean, mode: PiLockMode): SysResult {
  // [1] an era without the op is -ENOSYS before this runs (syscalls.ts opSupported).
  if (uaddr % 4 !== 0) return ret(-EINVAL); //                                                 [2]
  const op = mode === 'trylock' ? 'futex_trylock_pi' : mode === 'lock2' ? 'futex_lock_pi2' : 'futex_lock_pi';
  const found = lookupKey(k, t, uaddr, 'write', priv, op);
  if (isSysResult(found)) return found;
  const m = taskMm(k, t);
  const r = lockPiAtomic(k, m, uaddr, found.key, t, false);
  if (r.kind === 'err') return ret(-r.errno);
  if (r.kind === 'acquired') {
    emitPiLock(k, t, 'acquired', -1, m, uaddr, found.key);
    return ret(0);
  }
  const ps = r.ps;
  if (canSteal(k, ps, t)) { //                                                        pi-steal.ts [S1]
    const word = withBoosts(k, () => steal(k, ps, t, m, uaddr, getWord(k, m, uaddr) ?? 0, found.pfn, putWord));
    if (word === undefined) return ret(-EFAULT);
    emitPiLock(k, k.s.tasks[ps.waiters[ps.waiters.length - 1].tid], 'stolen', t.tid, m, uaddr, found.key);
    emitPiLock(k, t, 'acquired', -1, m, uaddr, found.key);
    return ret(0);
  }
  if (mode === 'trylock') {
    putPiState(k, ps); //                                                                      [8]
    return ret(-EAGAIN);
  }
  if (chainReaches(k, ps, t)) {
    putPiState(k, ps); //                                                                      [9]
    return ret(-EDEADLK);
  }
  withBoosts(k, () => {
    const q = newQ(k, {
      key: found.key, reason: found.reason, tid: t.tid, pid: t.pid, file: -1, mm: m.id, uaddr,
      identity: refIdentity(k, m, uaddr, effectivePrivate(k, priv)),
    });
    q.pi = ps.id;
    q.piCall = { op: mode === 'lock2' ? 'lock2' : 'lock', val: 0, priv };
    queueMe(k, q, found.pfn);
    enqueueRtWaiter(k, ps, t, q.id);
    t.wait = { kind: 'futex', q: q.id };
    taskWritten(t);
    blockTask(k, t, 'blocked', `${op} on ${keyLabel(found.key)}, owner ${ps.owner >= 0 ? k.s.tasks[ps.owner].name : 'none'}`);
    if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
    emitPiLock(k, t, 'blocked', ps.owner, m, uaddr, found.key); //                             [10]
  });
  return { kind: 'block' };
}

/** FUTEX_UNLOCK_PI. */
export function futexUnlockPi(k: Kernel, t: Task, uaddr: number, priv: boolean): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  const m = taskMm(k, t);
  const uval = getUnaligned(k, m, uaddr);
  if (uval === undefined) return ret(-EFAULT);
  const me = vpid(t);
  if ((uval & FUTEX_TID_MASK) !== me) return ret(-EPERM);
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  const found = lookupKey(k, t, uaddr, 'write', priv, 'futex_unlock_pi');
  if (isSysResult(found)) return found;
  if (!fixed(k) && uval === me) {
    // 2013: "try to do the TID -> 0 atomic transition again", whatever the kernel holds.
    putWord(k, m, uaddr, 0);
    emitPiLock(k, t, 'released', t.tid, m, uaddr, found.key);
    return ret(0);
  }
  const top = topWaiter(k, found.key);
  if (top) {
    if (top.pi === undefined) return ret(-EINVAL);
    const ps = piById(k, top.pi);
    if (ps.owner !== t.tid) return ret(-EINVAL);
    if (topRtWaiter(k, ps)) {
      if (!handOff(k, ps, t, 'handoff', m, uaddr)) return ret(-EFAULT);
      return ret(0);
    }
  }
  if (!fixed(k) && (uval & FUTEX_OWNER_DIED) !== 0) return ret(0); // 2013 left an OWNER_DIED word alone
  if (!putWord(k, m, uaddr, 0)) return ret(-EFAULT);
  emitPiLock(k, t, 'released', t.tid, m, uaddr, found.key);
  return ret(0);
}

/**
 * wake_futex_pi (unlock) or exit_pi_state_list + fixup_pi_state_owner (owner died): the top
 * rt_mutex waiter owns the lock, its futex_q leaves the hash and its call returns 0.
 */
function handOff(k: Kernel, ps: PiState, from: Task, why: 'handoff' | 'owner-died', m: Mm, uaddr: number): boolean {
  const w = topRtWaiter(k, ps)!;
  const next = k.s.tasks[w.tid];
  const uval = getWord(k, m, uaddr);
  if (uval === undefined) return false;
  const newval = why === 'handoff'
    ? FUTEX_WAITERS | vpid(next)
    : (uval & FUTEX_OWNER_DIED) | FUTEX_OWNER_DIED | FUTEX_WAITERS | vpid(next);
  if (!putWord(k, m, uaddr, newval)) return false;
  withBoosts(k, () => {
    ps.owner = next.tid;
    dequeueRtWaiter(ps, w);
    const q = findQ(k, w.q);
    if (q && why === 'handoff') markPending(k, ps, next, w.seq, q); // stealable until it runs (pi-steal.ts)
    if (q) unqueueMe(k, q, 'woken');
    wakeTask(k, next, 0, why === 'handoff' ? `PI lock handed off by ${from.name}` : `PI lock of ${from.name}, which died`);
    emitPiLock(k, next, why, from.tid, m, uaddr, ps.key); // before the priority changes it causes
  });
  putPiState(k, ps);
  return true;
}

/**
 * exit_pi_state_list: a dying task releases the PI locks it still owns. Each goes to its top
 * waiter, whose LOCK_PI returns 0 with the word `waiter | WAITERS | OWNER_DIED` (GROUND-TRUTH.md
 * §8.2). The thread-end path calls it after the robust-list walk and before clear_child_tid.
 */
export function exitPiStateList(k: Kernel, t: Task): void {
  if (k.s.pi.states.length === 0) return; // no array made at every thread's exit
  for (const ps of k.s.pi.states.filter((p) => p.owner === t.tid)) {
    ps.owner = -1;
    const m = k.s.mms[ps.mm];
    if (topRtWaiter(k, ps) && m && m.life === ps.mmLife && handOff(k, ps, t, 'owner-died', m, ps.uaddr)) continue;
    putPiState(k, ps);
  }
}

/** A PI or requeue-PI waiter leaves early (timeout, exit): unlink its rt_waiter, unqueue it. */
export function unqueuePi(k: Kernel, q: FutexQ, why: 'timeout' | 'exit' | 'signal'): void {
  withBoosts(k, () => {
    const ps = q.pi !== undefined ? piById(k, q.pi) : undefined;
    if (ps) for (const w of ps.waiters.filter((x) => x.q === q.id)) dequeueRtWaiter(ps, w);
    unqueueMe(k, q, why);
    if (ps) putPiState(k, ps);
  });
}

/** The futex_q is a PI lock waiter or a requeue-PI waiter (q->pi_state or q->rt_waiter). */
export const isPiWaiter = (q: Readonly<FutexQ>): boolean => q.pi !== undefined || q.requeuePi !== undefined;
