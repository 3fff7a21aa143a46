// struct futex_pi_state and its rt_mutex (kernel/futex/pi.c, kernel/locking/rtmutex.c), as plain
// data in KernelState.pi: allocation, lookup through the hash's top waiter, the rt_mutex wait
// list ordered by priority (FIFO among equals), and the consistency table of pi.c (rows [1]-[10],
// from 54a217887a7b, June 2014) that the oracle checks on every PI word after every step.
//
// Lifetime: a pi_state lives while a futex_q refers to it (q.pi) or an rt_waiter is linked in its
// rt_mutex (the kernel's refcount). Without kernel waiters there is none: the word alone is the lock.

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, PiState, RtWaiter, Task } from '../state';
import { BUG_ON, FUTEX_OWNER_DIED, FUTEX_TID_MASK, PAGE_SIZE, TID_BASE } from '../types';
import { bucketOf, peekQ } from './core';
import { keyEquals, type FutexKey } from './futex';
import { effectivePrio } from '../prio';

/** task_pid_vnr: the TID user space sees (kernel/task.ts taskTid, without the import cycle). */
export const vpid = (t: Readonly<Task>): number => TID_BASE + t.tid;

/** futex_find_get_task: the task a word's TID names, if it was ever created. */
export function taskOfVpid(k: Kernel, tid: number): Task | undefined {
  return tid >= TID_BASE ? k.s.tasks[tid - TID_BASE] : undefined;
}

export function piById(k: Kernel, id: number): PiState {
  const ps = k.s.pi.states.find((p) => p.id === id);
  BUG_ON(!ps, `no pi_state ${id}`);
  return ps!;
}

/** futex_top_waiter(hb, key): the first queued waiter on key, read-only. */
export function topWaiter(k: Kernel, key: FutexKey): Readonly<FutexQ> | undefined {
  for (const id of k.s.futex.buckets[bucketOf(k, key)]) {
    const q = peekQ(k, id);
    if (keyEquals(q.key, key)) return q;
  }
  return undefined;
}

/** alloc_pi_state + rt_mutex_init_proxy_locked(owner): a new pi_state for the word at (m, uaddr). */
export function newPiState(k: Kernel, key: FutexKey, m: Mm, uaddr: number, owner: number): PiState {
  const ps: PiState = { id: k.s.pi.next++, key: { ...key }, mm: m.id, mmLife: m.life, uaddr, owner, waiters: [] };
  k.s.pi.states.push(ps);
  return ps;
}

/** put_pi_state: free it when no futex_q refers to it and its rt_mutex has no waiter. */
export function putPiState(k: Kernel, ps: PiState): void {
  if (ps.waiters.length > 0 || ps.pending) return; // pending: the handed-off owner's rt_waiter (pi-steal.ts)
  for (const q of k.s.futex.queues.values()) if (q.pi === ps.id) return;
  k.s.pi.states = k.s.pi.states.filter((p) => p !== ps);
}

/** rt_mutex_enqueue: link t's rt_waiter (on its kernel stack) for the call whose futex_q is q. */
export function enqueueRtWaiter(k: Kernel, ps: PiState, t: Task, q: number): void {
  ps.waiters.push({ tid: t.tid, q, seq: k.s.pi.seq++ });
}

export function dequeueRtWaiter(ps: PiState, w: RtWaiter): void {
  ps.waiters = ps.waiters.filter((x) => x !== w);
}

/** rt_mutex_top_waiter: the highest effective priority, first come first served among equals (live waiters only). */
export function topRtWaiter(k: Kernel, ps: PiState): RtWaiter | undefined {
  let best: RtWaiter | undefined;
  let bestPrio = -1;
  for (const w of ps.waiters) {
    // A dangling rt_waiter (CVE-2014-3153) points into a dead stack: the kernel would follow it
    // and corrupt memory; the simulator leaves it linked, reported, and never picks it.
    if (isDangling(k, w)) continue;
    const p = effectivePrio(k, k.s.tasks[w.tid]);
    if (p > bestPrio || (p === bestPrio && best !== undefined && w.seq < best.seq)) {
      best = w;
      bestPrio = p;
    }
  }
  return best;
}

/** The rt_waiter is not the one of a task blocked in that very call: it outlived the call. */
export function isDangling(k: Kernel, w: RtWaiter): boolean {
  const t = k.s.tasks[w.tid];
  // A signalled waiter is runnable with its call still in the kernel (kernel/signal.ts): linked, not dangling.
  return !((t.state === 'blocked' || (t.state === 'runnable' && t.wait.kind === 'futex' && t.wait.signalled === true))
    && t.wait.kind === 'futex' && t.wait.q === w.q);
}

// --- the consistency table (kernel/futex/pi.c, above attach_to_pi_state) -------------------------
//
//        hash waiter | pi_state | pi_state->owner | uTID        | uODIED | 
//   [1]  none        | -        | -               | 0           | 0/1    | valid
//   [2]  none        | -        | -               | >0          | 0/1    | valid
//   [3]  found       | NULL     | -               | any         | 0/1    | invalid (non-PI waiter)
//   [4]  found       | found    | NULL            | 0           | 1      | valid (after exit_robust_list)
//   [5]  found       | found    | NULL            | >0          | 1      | invalid
//   [6]  found       | found    | task            | 0           | 1      | valid (after exit_pi_state_list)
//   [7]  found       | found    | NULL            | any         | 0      | invalid
//   [8]  found       | found    | task            | == task TID | 0/1    | valid
//   [9]  found       | found    | task            | 0           | 0      | invalid
//   [10] found       | found    | task            | != task TID | 0/1    | invalid

export const VALID_ROWS: ReadonlySet<number> = new Set([1, 2, 4, 6, 8]);

/** The row of the table a word is in, given the hash's top waiter on its key. */
export function tableRow(k: Kernel, word: number, top: Readonly<FutexQ> | undefined): number {
  const pid = word & FUTEX_TID_MASK;
  if (!top) return pid === 0 ? 1 : 2;
  if (top.pi === undefined) return 3;
  const ps = piById(k, top.pi);
  const owner = ps.owner >= 0 ? vpid(k.s.tasks[ps.owner]) : -1;
  if ((word & FUTEX_OWNER_DIED) !== 0) {
    if (owner < 0) return pid === 0 ? 4 : 5;
    if (pid === 0) return 6;
    return pid === owner ? 8 : 10;
  }
  if (owner < 0) return 7;
  if (pid === owner) return 8;
  return pid === 0 ? 9 : 10;
}

/** The word at (mm, addr) if its page is present, without faulting anything in (no side effect). */
export function peekWord(k: Kernel, mmId: number, mmLife: number, addr: number): number | undefined {
  const m = k.s.mms[mmId];
  if (!m || m.life !== mmLife || addr % 4 !== 0) return undefined;
  const pte = m.pt.get(Math.floor(addr / PAGE_SIZE));
  if (pte === undefined || pte < 0) return undefined;
  return k.s.pages[pte >> 1]?.data[(addr % PAGE_SIZE) >> 2];
}

export interface PiAudit {
  /** Every PI word with a pi_state, with its row. */
  words: { ps: number; uaddr: number; mm: number; word: number; row: number; owner: number; waiters: number[] }[];
  /** rt_waiters linked in an rt_mutex whose task is not blocked in the call that linked them. */
  dangling: { tid: number; ps: number; uaddr: number }[];
}

/** The table row of every PI word and the dangling rt_waiters, read-only (the oracle's input). */
export function auditPi(k: Kernel): PiAudit {
  const out: PiAudit = { words: [], dangling: [] };
  for (const ps of k.s.pi.states) {
    for (const w of ps.waiters) if (isDangling(k, w)) out.dangling.push({ tid: w.tid, ps: ps.id, uaddr: ps.uaddr });
    const word = peekWord(k, ps.mm, ps.mmLife, ps.uaddr);
    if (word === undefined) continue;
    out.words.push({
      // A handed-off owner that has not run still has its futex_q in the kernel's hash (pi-steal.ts).
      ps: ps.id, uaddr: ps.uaddr, mm: ps.mm, word, row: tableRow(k, word, topWaiter(k, ps.key) ?? ps.pending?.q), owner: ps.owner,
      waiters: ps.waiters.filter((w) => !isDangling(k, w)).map((w) => w.tid),
    });
  }
  return out;
}
