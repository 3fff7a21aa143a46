// rt_mutex lock stealing on a PI futex (kernel/locking/rtmutex.c try_to_take_rt_mutex and
// rt_mutex_steal; kernel/futex/pi.c wake_futex_pi, fixup_pi_state_owner). Since 2.6.39 an
// rt_mutex has no "pending owner": wake_futex_pi writes `new_owner | FUTEX_WAITERS` into the
// word and sets pi_state->owner, but mark_wakeup_next_waiter leaves the rt_mutex ownerless with
// the woken waiter still queued on it ("the waiter stays queued on the lock until it gets the
// lock"). Until that waiter runs:
//   [S1] a LOCK_PI or TRYLOCK_PI by a task of strictly higher priority than the top waiter
//        (rt_waiter_less; rt_mutex proper has no lateral steal) takes the rt_mutex; its
//        fixup_pi_state_owner writes `(word & OWNER_DIED) | its TID | FUTEX_WAITERS` and makes
//        it pi_state->owner; it returns 0 without blocking;
//   [S2] the woken waiter then fails try_to_take_rt_mutex and sleeps again, still the rt_mutex's
//        waiter in its old place (its call has not returned), with the timeout it had;
//   [S3] a locker of equal or lower priority attaches to that pi_state (row [8]: the word holds
//        the woken owner's TID) and blocks; TRYLOCK_PI gets -EWOULDBLOCK.
// The simulator hands the lock over in the unlocker's step (pi.ts handOff) and keeps what [S2]
// needs in pi_state.pending until the new owner runs its next step (closeHandoffWindow) or ends.
// The proxy lock of CMP_REQUEUE_PI attaches in that window but does not steal (docs/pi.md).

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, PiState, Task } from '../state';
import { EINTR, FUTEX_OWNER_DIED, FUTEX_WAITERS } from '../types';
import { addTimer, blockTask, signalWakeUp } from '../sched';
import { newQ, queueMe } from './core';
import { keyEquals, type FutexKey } from './futex';
import { effectivePrio } from '../prio';
import { putPiState, topRtWaiter, vpid } from './pi-state';
import { taskWritten } from '../task-stamp';

/** The pi_state of `key` whose handed-off owner has not run yet, if any. */
export function pendingPs(k: Kernel, key: FutexKey): PiState | undefined {
  return k.s.pi.states.find((p) => p.pending !== undefined && keyEquals(p.key, key));
}

/** wake_futex_pi: record the window in which the new owner's rt_mutex can be stolen. */
export function markPending(k: Kernel, ps: PiState, next: Task, seq: number, q: FutexQ): void {
  if (next.state !== 'blocked') return; // signalled first: its call ends when it runs (pi-early.ts)
  const tm = k.s.timers.find((x) => x.id === next.timer);
  ps.pending = { tid: next.tid, seq, q: { ...q }, expires: tm ? tm.expires : -1 };
}

/** The handed-off owner runs (or ends): it takes the rt_mutex, the window closes. */
export function closeHandoffWindow(k: Kernel, t: Task): void {
  for (const ps of k.s.pi.states) {
    if (ps.pending?.tid !== t.tid) continue;
    ps.pending = undefined;
    putPiState(k, ps);
  }
}

/** rt_mutex_steal against the top waiter: strictly higher priority only. [S1]/[S3] */
export function canSteal(k: Kernel, ps: PiState, t: Task): boolean {
  const p = ps.pending;
  if (!p || ps.owner !== p.tid || t.tid === p.tid) return false;
  let top = effectivePrio(k, k.s.tasks[p.tid]);
  const other = topRtWaiter(k, ps);
  if (other) top = Math.max(top, effectivePrio(k, k.s.tasks[other.tid]));
  return effectivePrio(k, t) > top;
}

/**
 * [S1] + [S2]: `t` takes the lock; the handed-off owner sleeps again on the rt_mutex with its
 * futex_q queued (as it never left the kernel's hash), its rt_waiter in its old place. Returns
 * the word written, or undefined on a fault (then nothing changed).
 */
export function steal(k: Kernel, ps: PiState, t: Task, m: Mm, uaddr: number, uval: number, pfn: number,
  putWord: (k: Kernel, m: Mm, uaddr: number, v: number) => boolean): number | undefined {
  const p = ps.pending!;
  const word = (uval & FUTEX_OWNER_DIED) | FUTEX_WAITERS | vpid(t);
  if (!putWord(k, m, uaddr, word)) return undefined;
  const w = k.s.tasks[p.tid];
  ps.owner = t.tid;
  ps.pending = undefined;
  const q = newQ(k, { key: p.q.key, reason: p.q.reason, tid: w.tid, pid: w.pid, file: -1, mm: p.q.mm, uaddr: p.q.uaddr, identity: p.q.ref_identity });
  q.pi = ps.id;
  if (p.q.piCall) q.piCall = { ...p.q.piCall };
  if (p.q.requeuePi) q.requeuePi = { ...p.q.requeuePi, key2: { ...p.q.requeuePi.key2 } };
  queueMe(k, q, pfn);
  ps.waiters.push({ tid: w.tid, q: q.id, seq: p.seq });
  w.wait = { kind: 'futex', q: q.id };
  w.retval = 0;
  taskWritten(w);
  blockTask(k, w, 'blocked', `PI lock stolen by ${t.name} before it ran`);
  if (p.expires >= 0) addTimer(k, w, 'timeout', p.expires - k.s.clock);
  if (w.sigpending) {
    // A signal that came in the window interrupts the renewed sleep at once (pi-early.ts [E3]).
    w.wait = { kind: 'futex', q: q.id, signalled: true };
    w.retval = -EINTR;
    taskWritten(w);
    signalWakeUp(k, w);
  }
  return word;
}
