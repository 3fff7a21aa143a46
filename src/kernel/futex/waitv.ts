// futex_waitv (5.16; kernel/futex/syscalls.c sys_futex_waitv, waitwake.c futex_wait_multiple):
// wait on up to 128 futexes at once, as Wine and Proton do for WaitForMultipleObjects.
//
// Rules (GROUND-TRUTH.md §8.6, LTP futex_waitv01, selftest futex_waitv):
//   - 0 entries or more than 128 -> -EINVAL; each entry's size and value are checked as futex2
//     checks them (futex_parse_waitv) -> -EINVAL;
//   - futex_wait_multiple_setup looks every key up, then reads every word under its bucket lock:
//     any mismatch -> -EWOULDBLOCK with nothing left queued (a step is atomic here, so the values
//     are read before anything is queued: the same outcome without queue/unqueue events);
//   - a wake of any entry returns that entry's index.
// Model choice: when one entry is woken, the task's other futex_qs leave their queues at once
// (the kernel leaves them queued until the woken task runs futex_unqueue_multiple, so a second
// wake in that window could also count one of them; the index returned is then the highest
// woken one). The simulator takes the first wake's index.

import type { Kernel } from '../kernel';
import type { FutexQ, Task } from '../state';
import { EAGAIN, EFAULT, EINVAL, ENOSYS, FUTEX_BITSET_MATCH_ANY } from '../types';
import { loadWord } from '../fault';
import { blockTask, addTimer, wakeTask } from '../sched';
import { findQ, unqueueMe } from './core';
import { keyLabel, type FutexKey } from './futex';
import { v2Ops } from './era';
import { futex2Valid, type Futex2Operand } from './futex2';
import { isSysResult, lookupKey, queueWaiter, ret, taskMm, type SysResult } from './waitwake';

export const FUTEX_WAITV_MAX = 128;

export function futexWaitv(k: Kernel, t: Task, entries: Futex2Operand[], timeout: number | undefined): SysResult {
  if (!v2Ops(k).waitv) return ret(-ENOSYS);
  if (entries.length === 0 || entries.length > FUTEX_WAITV_MAX) return ret(-EINVAL);
  for (const e of entries) if (!futex2Valid(e.size, e.val)) return ret(-EINVAL);
  const found: { key: FutexKey; pfn: number }[] = [];
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
  blockTask(k, t, 'blocked', `futex_waitv on ${qs.map((q) => keyLabel(q.key)).join(', ')}`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
  return { kind: 'block' };
}

/** A wake took entry q of a futex_waitv: the task's other entries leave their queues, the call returns q's index. */
export function wakeVectorWaiter(k: Kernel, q: FutexQ): void {
  unqueueMe(k, q, 'woken');
  const t = k.s.tasks[q.tid];
  if (t.wait.kind !== 'futex' || !t.wait.v) return;
  for (const id of t.wait.v) {
    const other = findQ(k, id);
    if (other) unqueueMe(k, other, 'woken');
  }
  if (t.state === 'blocked') wakeTask(k, t, q.vindex, 'futex_waitv wake');
  else t.retval = q.vindex; // signalled, not run yet: its wait returns the index (signal.ts)
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
