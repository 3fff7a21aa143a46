// futex_waitv (5.16; kernel/futex/syscalls.c sys_futex_waitv, waitwake.c futex_wait_multiple):
// wait on up to 128 futexes at once, as Wine and Proton do for WaitForMultipleObjects.
//
// Rules (GROUND-TRUTH.md §8.6, LTP futex_waitv01, selftest futex_waitv):
//   - 0 entries or more than 128 -> -EINVAL; then the timeout (futex2_setup_timeout: clockid
//     CLOCK_MONOTONIC or CLOCK_REALTIME, a valid timespec, absolute; timeout.ts) -> -EINVAL;
//     then each entry's size and value are checked as futex2 checks them (futex_parse_waitv)
//     -> -EINVAL;
//   - futex_wait_multiple_setup looks every key up, then reads every word under its bucket lock:
//     any mismatch -> -EWOULDBLOCK with nothing left queued (a step is atomic here, so the values
//     are read before anything is queued: the same outcome without queue/unqueue events);
//   - a wake of any entry returns that entry's index.
// A wake takes its entry off the queue and makes the task runnable; the other entries stay queued
// until the task runs (futex_wait_multiple -> futex_unqueue_multiple), so a second wake in that
// window takes another entry and counts it. The call returns the HIGHEST index that was dequeued
// ("ret = i" for each entry futex_unqueue found gone), not the first one woken.

import type { Kernel } from '../kernel';
import type { Task } from '../state';
import { EAGAIN, EFAULT, EINVAL, ETIMEDOUT, FUTEX_BITSET_MATCH_ANY } from '../types';
import { loadWord } from '../fault';
import { addTimer, blockTask, cancelTimer } from '../sched';
import { findQ, unqueueMe } from './core';
import { keyLabel } from './futex';
import { futex2Valid, type Futex2Operand } from './futex2';
import { isSysResult, lookupKey, ret, taskMm, type FoundKey, type SysResult } from './core';
import { queueWaiter } from './waitwake';
import { futexTimeout, type Timeout } from './timeout';
import { taskWritten } from '../task-stamp';

export const FUTEX_WAITV_MAX = 128;

export function futexWaitv(k: Kernel, t: Task, entries: Futex2Operand[], to: Timeout | undefined): SysResult {
  // Era gating (-ENOSYS) is do_futex's: syscalls.ts opSupported.
  if (entries.length === 0 || entries.length > FUTEX_WAITV_MAX) return ret(-EINVAL);
  const timeout = futexTimeout(k, to, 'absolute', true);
  if (typeof timeout === 'object') return ret(-timeout.errno);
  for (const e of entries) if (!futex2Valid(e.size, e.val)) return ret(-EINVAL);
  const found: FoundKey[] = [];
  for (const e of entries) {
    if (e.uaddr % 4 !== 0) return ret(-EINVAL);
    const f = lookupKey(k, t, e.uaddr, 'read', e.priv, 'futex_waitv');
    if (isSysResult(f)) return f; // an errno, or the page-lock retry (nothing queued yet)
    found.push(f);
  }
  const m = taskMm(k, t);
  for (const e of entries) {
    const cur = loadWord(k, m, e.uaddr);
    if (typeof cur !== 'number') return ret(-EFAULT);
    if (cur >>> 0 !== e.val >>> 0) return ret(-EAGAIN); // -EWOULDBLOCK, nothing queued
  }
  const qs = entries.map((e, i) => queueWaiter(k, t, m, e.uaddr, e.priv, found[i]!, false, FUTEX_BITSET_MATCH_ANY, i));
  t.wait = { kind: 'futex', q: qs[0]!.id, v: qs.map((q) => q.id) };
  taskWritten(t);
  blockTask(k, t, 'blocked', `futex_waitv on ${qs.map((q) => keyLabel(q.key)).join(', ')}`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
  return { kind: 'block' };
}

/** A futex_waitv task that is runnable with entries possibly still queued (woken or signalled). */
export function inVectorWait(t: Readonly<Task>): boolean {
  return t.state === 'runnable' && t.wait.kind === 'futex' && t.wait.v !== undefined && (t.wait.vwoken === true || t.wait.signalled === true);
}

/**
 * The task runs again: futex_unqueue_multiple. The highest entry index a wake took is the return
 * value; with none, the timeout's -ETIMEDOUT or the signal's -EINTR (t.retval, kernel/signal.ts).
 */
export function finishVectorWait(k: Kernel, t: Task): number {
  if (t.wait.kind !== 'futex' || !t.wait.v) return t.retval;
  let index = -1;
  t.wait.v.forEach((id, i) => {
    if (!k.s.futex.queues.has(id)) index = i;
  });
  const signalled = t.wait.signalled === true;
  const value = index >= 0 ? index : t.retval;
  unqueueWaits(k, t, value === -ETIMEDOUT ? 'timeout' : 'signal');
  cancelTimer(k, t);
  if (signalled) t.sigpending = false; // the handler runs on this return to user space
  t.wait = { kind: 'none' };
  t.retval = value;
  taskWritten(t);
  k.emit({ type: 'wakeup', tid: t.tid, why: index >= 0 ? `futex_waitv entry ${index} woken` : 'signal', ret: value });
  return value;
}

/** The futex_qs a task waits on: one, or every entry of its futex_waitv. */
export function waitQueues(t: Task): number[] {
  if (t.wait.kind !== 'futex') return [];
  return t.wait.v ?? [t.wait.q];
}

/** Take every futex_q of t's wait off its queue (exit, timeout, signal); returns whether any was still queued. */
export function unqueueWaits(k: Kernel, t: Task, why: 'timeout' | 'signal' | 'exit'): boolean {
  let any = false;
  for (const id of waitQueues(t)) {
    const q = findQ(k, id);
    if (q) {
      unqueueMe(k, q, why);
      any = true;
    }
  }
  return any;
}
