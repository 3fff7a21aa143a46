// Robust futexes (2.6.17): set_robust_list, get_robust_list, and the walk the kernel does when a
// thread ends or execs (kernel/futex/core.c compat_exit_robust_list, handle_futex_death).
//
// Layout: a 32-bit task's `compat_robust_list_head`, since memory words are 32 bits
// (LANGUAGE.md "Robust lists"): at HEAD, `next`, `futex_offset` (signed) and `list_op_pending`;
// each entry's first word is its `next`; its lock word is at entry + futex_offset; bit 0 of an
// entry pointer marks a PI futex; the list is circular through HEAD.
//
// The walk (GROUND-TRUTH.md §8.5, from compat_exit_robust_list):
//   [R1] fetch head->next, futex_offset, list_op_pending; a fault on any of them: no walk at all;
//   [R2] for each entry until HEAD: read its `next` FIRST, then handle the entry unless it is the
//        pending one (it would be handled twice), then a failed read of `next` ends the walk;
//   [R3] handle_futex_death failing (misaligned lock word, fault) ends the walk silently, and
//        the pending entry is then NOT handled (the kernel returns from the walk);
//   [R4] at most 2048 entries (ROBUST_LIST_LIMIT): a longer or circular list stops, and the
//        pending entry is still handled;
//   [R5] the pending entry last.
// handle_futex_death (the word the kernel writes; robust-futex-ABI.rst gets it wrong):
//   [D1] pending, non-PI, TID part 0: the owner died between its unlocking store and its wake:
//        one shared wake, the word stays 0;
//   [D2] TID part not the dying thread's: nothing;
//   [D3] else the word becomes (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED (the TID is cleared)
//        and, for a non-PI entry with FUTEX_WAITERS, ONE waiter is woken by a SHARED wake
//        (FLAGS_SHARED): a waiter that used a private wait is keyed apart and stays asleep.
//        PI entries are woken by exit_pi_state_list (the PI issue's), not here.

import type { Kernel } from '../kernel';
import type { Mm, Task } from '../state';
import { EINVAL, ESRCH, FUTEX_OWNER_DIED, FUTEX_TID_MASK, FUTEX_WAITERS, TID_BASE } from '../types';
import { loadWord, writablePage, wordIndex } from '../fault';
import { bucketOf } from './core';
import { refIdentity } from './reference';
import { futexEra } from './era';
import { ret, type SysResult } from './core';
import { collectWake, emitWake, wakeWaiter } from './waitwake';
import { taskWritten } from '../task-stamp';

/** sizeof(struct compat_robust_list_head): three 32-bit words. */
export const ROBUST_HEAD_SIZE = 12;
/** ROBUST_LIST_LIMIT: the walk handles at most this many entries. */
export const ROBUST_LIST_LIMIT = 2048;

export function setRobustList(k: Kernel, t: Task, head: number, len: number): SysResult {
  // Era gating (-ENOSYS) is syscalls.ts robustSupported, from the same table as do_futex's.
  if (len !== ROBUST_HEAD_SIZE) return ret(-EINVAL); // the head itself is not validated
  t.robustHead = head >>> 0;
  t.robustLen = len;
  taskWritten(t);
  return ret(0);
}

/** get_robust_list(tid): the head a thread registered (0 if none); an ended thread is -ESRCH. */
export function getRobustList(k: Kernel, target: Task | undefined): SysResult {
  // Era gating (-ENOSYS) is syscalls.ts robustSupported, from the same table as do_futex's.
  if (!target || target.state === 'ended' || target.state === 'killed') return ret(-ESRCH);
  return ret(target.robustHead);
}

/** A user word at any address: x86 reads an unaligned one as its four bytes, little-endian. */
function readUser(k: Kernel, m: Mm, addr: number): number | undefined {
  if (addr % 4 === 0) {
    const v = loadWord(k, m, addr);
    return typeof v === 'number' ? v >>> 0 : undefined;
  }
  const base = addr - (addr % 4);
  const lo = loadWord(k, m, base);
  const hi = loadWord(k, m, base + 4);
  if (typeof lo !== 'number' || typeof hi !== 'number') return undefined;
  const shift = (addr % 4) * 8;
  return ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
}

/** fetch_robust_entry: the pointer without bit 0, and bit 0 (PI). */
function fetchEntry(k: Kernel, m: Mm, at: number): { entry: number; pi: boolean } | undefined {
  const v = readUser(k, m, at);
  return v === undefined ? undefined : { entry: (v & ~1) >>> 0, pi: (v & 1) !== 0 };
}

type WalkEnd = 'end' | 'fault' | 'misaligned' | 'limit';

/**
 * exit_robust_list (compat): at thread end (exitTask) and exec (doExec), in the task's mm, before
 * the PI release and clear-tid. Unregisters the list.
 */
export function exitRobustList(k: Kernel, t: Task): void {
  const head = t.robustHead;
  t.robustHead = 0;
  t.robustLen = 0;
  taskWritten(t);
  if (head === 0 || !futexEra(k).robust) return;
  const m = k.s.mms[k.s.procs[t.pid].mm];
  if (!m) return;
  let handled = 0;
  const done = (stop: WalkEnd) => k.emit({ type: 'robust-walk', tid: t.tid, head, entries: handled, stop });
  const first = fetchEntry(k, m, head); //                                                      [R1]
  const off = readUser(k, m, (head + 4) >>> 0);
  const pend = first && off !== undefined ? fetchEntry(k, m, (head + 8) >>> 0) : undefined;
  if (!first || off === undefined || !pend) return done('fault');
  const futexOffset = off | 0;
  let { entry, pi } = first;
  let limit = ROBUST_LIST_LIMIT;
  while (entry !== head) {
    const next = fetchEntry(k, m, entry); //                                                    [R2]
    if (entry !== pend.entry) {
      const r = handleFutexDeath(k, t, m, entry, (entry + futexOffset) >>> 0, pi, false);
      handled++;
      if (r !== 'ok') return done(r); //                                                         [R3]
    }
    if (!next) return done('fault');
    ({ entry, pi } = next);
    if (--limit === 0) break; //                                                                 [R4]
  }
  if (pend.entry !== 0) { //                                                                     [R5]
    handleFutexDeath(k, t, m, pend.entry, (pend.entry + futexOffset) >>> 0, pend.pi, true);
    handled++;
  }
  done(limit === 0 && entry !== head ? 'limit' : 'end'); // a list of exactly 2048 ended on its own
}

/** handle_futex_death: 'ok', or why the walk stops. */
function handleFutexDeath(k: Kernel, t: Task, m: Mm, entry: number, uaddr: number, pi: boolean, pending: boolean): 'ok' | 'fault' | 'misaligned' {
  if (uaddr % 4 !== 0) return 'misaligned';
  const v = loadWord(k, m, uaddr);
  if (typeof v !== 'number') return 'fault';
  const uval = v >>> 0;
  const owner = uval & FUTEX_TID_MASK;
  if (pending && !pi && owner === 0) { //                                                        [D1]
    const woken = deathWake(k, t, m, uaddr);
    k.emit({ type: 'robust-wake', tid: t.tid, entry, uaddr, woke: woken });
    return 'ok';
  }
  if (owner !== TID(t)) return 'ok'; //                                                          [D2]
  const mval = ((uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED) >>> 0; //                              [D3]
  const p = writablePage(k, m, uaddr); // futex_cmpxchg_value_locked, fault_in_user_writeable
  if ('why' in p) return 'fault';
  p.data[wordIndex(uaddr)] = mval | 0;
  const woken = !pi && (uval & FUTEX_WAITERS) !== 0 ? deathWake(k, t, m, uaddr) : 0;
  k.emit({ type: 'owner-died', tid: t.tid, entry, uaddr, old: uval | 0, word: mval | 0, pi, pending, woke: woken });
  return 'ok';
}

/** task_pid_vnr: the TID user space stores in the word (kernel/task.ts taskTid, without the import cycle). */
const TID = (t: Task): number => TID_BASE + t.tid;

/**
 * futex_wake(uaddr, FLAGS_SHARED, 1, FUTEX_BITSET_MATCH_ANY) in the dying task's mm. The key is
 * taken without lookupKey's page-lock wait: a dying task cannot be put back to sleep here, so a
 * key the strategy can only give after lock_page is not woken (a known gap, docs/robust.md).
 */
function deathWake(k: Kernel, t: Task, m: Mm, uaddr: number): number {
  const r = k.strategy.getKey(k, { task: t, mm: m, uaddr, access: 'read', private: false });
  if (!r.ok) return 0;
  const op = 'robust: owner died';
  k.emit({ type: 'key', tid: t.tid, uaddr, key: r.key, reason: r.reason, bucket: bucketOf(k, r.key), identity: refIdentity(k, m, uaddr, false), op });
  // futex_wake stops at a PI or requeue-PI waiter with -EINVAL (a lock word user space also
  // used as a PI futex): nobody is woken then, and that waiter stays on its rt_mutex.
  const qs = collectWake(k, r.key, 1).filter((q) => q.pi === undefined && q.requeuePi === undefined);
  emitWake(k, t, op, uaddr, qs.length > 0 ? 1 : 0, { key: r.key, reason: r.reason }, false, qs);
  for (const q of qs) wakeWaiter(k, q);
  return qs.length;
}
