// The kernel reports what it does as typed events (ARCHITECTURE.md). The command line prints
// them, the debugger turns them into stops and output, the oracle and the explorer read them.
// Nothing scrapes text. Every event carries the step that caused it.

import type { RefIdentity } from './state';
import type { FutexKey } from './futex/futex';
import type { KeyReason } from './futex/reason';

/**
 * The op a wake was made for: a futex call, or the kernel's own wake of clear_child_tid at
 * thread exit (mm_release).
 */
export type WakeOp =
  | 'futex_wake' | 'futex_wake_op' | 'futex_requeue' | 'futex_cmp_requeue' | 'exit: clear_child_tid'
  | 'futex_wake_bitset' | 'futex2_wake' | 'futex2_requeue' | 'futex_cmp_requeue_pi'
  /** handle_futex_death's shared wake of one waiter (kernel/futex/robust.ts). */
  | 'robust: owner died';
/** The op a key was looked up for. */
export type KeyOp = WakeOp | 'futex_wait' | 'futex_fd' | 'futex_wait_bitset' | 'futex2_wait' | 'futex_waitv'
  | 'futex_lock_pi' | 'futex_lock_pi2' | 'futex_trylock_pi' | 'futex_unlock_pi' | 'futex_wait_requeue_pi';

/** The ops that move waiters to a second key after waking some. */
export const isRequeueOp = (op: WakeOp): boolean => op === 'futex_requeue' || op === 'futex_cmp_requeue' || op === 'futex2_requeue' || op === 'futex_cmp_requeue_pi';

export interface WokenWaiter {
  q: number;
  tid: number;
  /** Thread name, or `fd N of P` for a FUTEX_FD registration. */
  who: string;
  pid: number;
  /** Its key, with the rule that made it (when it queued, or the last re-key or requeue). */
  key: FutexKey;
  reason: KeyReason;
  identity: RefIdentity | null;
}

export type KernelEventBody =
  | { type: 'fault'; tid: number; mm: number; addr: number; what: string }
  | { type: 'cow'; mm: number; addr: number; oldPfn: number; newPfn: number; reused: boolean }
  /** The thread dies of a fault (SIGSEGV, SIGBUS) or a run-time error of the scenario. */
  | { type: 'sigbus'; tid: number; addr: number; why: string }
  | { type: 'swap-out'; pfn: number; slot: number; freed: boolean }
  | { type: 'swap-in'; mm: number; addr: number; slot: number; pfn: number }
  | { type: 'swap-cache'; pfn: number; slot: number; op: 'add' | 'delete'; freed: boolean }
  | { type: 'writeback'; pfn: number; ino: number; index: number; freed: boolean }
  | { type: 'inode-evict'; ino: number; life: number; name: string }
  | { type: 'inode-new'; ino: number; life: number; name: string }
  | { type: 'mm-new'; mm: number; life: number; pid: number }
  | { type: 'mm-free'; mm: number; life: number }
  | { type: 'mmap'; mm: number; start: number; end: number; name: string }
  | { type: 'munmap'; mm: number; mmLife: number; start: number; end: number }
  | { type: 'mremap'; mm: number; mmLife: number; start: number; end: number; to: number; newEnd: number }
  | { type: 'mprotect'; mm: number; start: number; end: number; prot: string }
  | { type: 'remap'; mm: number; mmLife: number; start: number; end: number; page: number; filePage: number }
  | { type: 'madvise'; mm: number; start: number; end: number }
  | { type: 'truncate'; ino: number; inodeLife: number; pages: number; oldPages: number;
      /** The parts of the mappings of the file past the new end (MAP_PRIVATE ones: their COW copies were zapped too). */
      ranges: { mm: number; mmLife: number; start: number; end: number }[] }
  | { type: 'fork'; tid: number; parent: number; child: number; mm: number; childTid: number }
  | { type: 'spawn'; tid: number; childTid: number }
  | { type: 'exec'; tid: number; pid: number; mm: number }
  | { type: 'exit'; tid: number; how: 'ended' | 'killed' | 'exit_group' | 'exec' }
  | { type: 'process-exit'; pid: number }
  | { type: 'key'; tid: number; uaddr: number; key: FutexKey; reason: KeyReason; bucket: number; identity: RefIdentity | null; op: KeyOp }
  /**
   * `bitset`: the waiter's FUTEX_WAIT_BITSET mask when not MATCH_ANY; `vindex`: its futex_waitv
   * entry; `privateOp`: it waited with FUTEX_PRIVATE_FLAG (an era that has the flag).
   */
  | { type: 'queue'; q: number; tid: number; who: string; pid: number; key: FutexKey; reason: KeyReason; bucket: number; identity: RefIdentity | null; mm: number; mmLife: number; uaddr: number; bitset?: number; vindex?: number; privateOp?: boolean }
  | { type: 'unqueue'; q: number; tid: number; why: 'woken' | 'timeout' | 'signal' | 'close' | 'mismatch' | 'exit' }
  | {
      type: 'wake';
      tid: number;
      op: WakeOp;
      uaddr: number;
      n: number;
      key: FutexKey;
      reason: KeyReason;
      identity: RefIdentity | null;
      woken: WokenWaiter[];
      ret: number;
      /** FUTEX_WAKE_BITSET's mask when not MATCH_ANY: only waiters whose bitset meets it count. */
      mask?: number;
      /**
       * The wake of a version-2 op or of a robust owner's death (GROUND-TRUTH §8.7): it counts
       * only the waiters of its own reference key, those that waited `private` for a private
       * wake, the others for a shared one (the kernel keys them apart). Absent for the
       * version-1 wakes, which count every waiter of their identity.
       */
      keyedBy?: 'private' | 'shared';
      /** The errno the op failed with, having woken `woken` first (a PI waiter met): not judged. */
      failed?: number;
    }
  | { type: 'requeue'; tid: number; q: number; who: string; from: FutexKey; to: FutexKey; toReason: KeyReason; identity: RefIdentity | null; toIdentity: RefIdentity | null; targetMm: number; targetMmLife: number; targetAddr: number }
  | { type: 'rehash'; q: number; from: FutexKey; to: FutexKey; reason: KeyReason }
  | { type: 'pin'; pfn: number; q: number; pins: number }
  | { type: 'unpin'; pfn: number; q: number; pins: number }
  | { type: 'ref'; q: number; what: string; op: 'get' | 'put' }
  | { type: 'page-lock'; tid: number; pfn: number; op: 'lock' | 'wait' | 'acquired' | 'unlock'; ticks: number }
  | { type: 'syscall'; tid: number; name: string; ret: number; detail: string }
  | { type: 'block'; tid: number; why: string }
  | { type: 'wakeup'; tid: number; why: string; ret: number }
  | { type: 'signal'; from: number; tid: number; interrupted: boolean }
  | { type: 'timer'; tid: number; kind: string }
  | { type: 'fd'; pid: number; fd: number; file: number; op: 'open' | 'close' | 'readable' }
  | { type: 'pin-limit'; pinned: number; limit: number }
  // --- robust lists (futex/robust.ts) and kill (kernel/kill.ts) ---
  /** handle_futex_death found the dying thread's TID in the word: `word` is what it wrote, `woken` how many it woke. */
  | { type: 'owner-died'; tid: number; entry: number; uaddr: number; old: number; word: number; pi: boolean; pending: boolean; woke: number }
  /** The pending entry's word was 0 (the owner died between its unlocking store and its wake): one shared wake. */
  | { type: 'robust-wake'; tid: number; entry: number; uaddr: number; woke: number }
  /** The walk of a thread's robust list ended: entries handled, and why it stopped. */
  | { type: 'robust-walk'; tid: number; head: number; entries: number; stop: 'end' | 'fault' | 'misaligned' | 'limit' }
  /** `kill PROCESS`: SIGKILL from thread `tid` to every thread of process `pid`. */
  | { type: 'kill'; tid: number; pid: number; name: string }
  // PI futexes (kernel/futex/pi.ts, requeue-pi.ts): who holds a PI word and who lends priority.
  /**
   * `tid` took the lock (`acquired`, or `proxy-locked` by a CMP_REQUEUE_PI for it), blocked on
   * its rt_mutex, was handed it on unlock (`handoff`) or on the owner's death (`owner-died`), or
   * released it with no kernel waiter (`released`), or, handed it but not yet run, had it stolen
   * by a higher-priority locker `from` and sleeps again (`stolen`, futex/pi-steal.ts). `word` is
   * the futex word after the change.
   */
  | { type: 'pi-lock'; tid: number; what: PiLockWhat; from: number; uaddr: number; key: FutexKey; word: number }
  /** A task's effective priority changed by PI boosting (rt_mutex_adjust_prio). */
  | { type: 'pi-boost'; tid: number; from: number; to: number };

export type PiLockWhat = 'acquired' | 'proxy-locked' | 'blocked' | 'handoff' | 'owner-died' | 'released' | 'stolen';

/**
 * The events no reader inside a session needs: the oracle (session/oracle.ts, oracle-pi.ts) and
 * the delivery of blocking calls' values (session.ts) read none of them. They are for the log's
 * own readers (the trace, the debugger, the explorer's footprints, the views' last futex op).
 * With the full log off (Kernel.fullLog, SessionConfig eventLog: false) they are not made
 * (issue #11: a key event and its reference identity on every futex call were most of the garbage).
 */
export const QUIET_EVENTS: Readonly<Partial<Record<KernelEventBody['type'], true>>> = { key: true, syscall: true, block: true };

/**
 * QUIET_EVENTS[type] === true by comparisons (futex/fast.ts): the keyed load by a string that
 * changes at every call was a visible part of every futex call's emits. Kept equal to the table
 * for every type by test/kernel/futex-fast.test.ts.
 */
export const isQuietType = (type: KernelEventBody['type']): boolean => type === 'key' || type === 'syscall' || type === 'block';

/** `step` caused it; `by` is the task whose step it was (-1 for setup and the clock's jumps). */
export type KernelEvent = KernelEventBody & { step: number; by: number };

