// The kernel reports what it does as typed events (ARCHITECTURE.md). The command line prints
// them, the debugger turns them into stops and output, the oracle and the explorer read them.
// Nothing scrapes text. Every event carries the step that caused it.

import type { RefIdentity } from './state';

export interface WokenWaiter {
  q: number;
  tid: number;
  /** Thread name, or `fd N of P` for a FUTEX_FD registration. */
  who: string;
  pid: number;
  key: string;
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
  | { type: 'truncate'; ino: number; inodeLife: number; pages: number; oldPages: number }
  | { type: 'fork'; tid: number; parent: number; child: number; mm: number; childTid: number }
  | { type: 'spawn'; tid: number; childTid: number }
  | { type: 'exec'; tid: number; pid: number; mm: number }
  | { type: 'exit'; tid: number; how: 'ended' | 'killed' | 'exit_group' | 'exec' }
  | { type: 'process-exit'; pid: number }
  | { type: 'key'; tid: number; uaddr: number; key: string; bucket: number; identity: RefIdentity | null; op: string }
  | { type: 'queue'; q: number; tid: number; who: string; pid: number; key: string; bucket: number; identity: RefIdentity | null; mm: number; mmLife: number; uaddr: number }
  | { type: 'unqueue'; q: number; tid: number; why: 'woken' | 'timeout' | 'signal' | 'close' | 'mismatch' | 'exit' }
  | {
      type: 'wake';
      tid: number;
      op: string;
      uaddr: number;
      n: number;
      key: string;
      identity: RefIdentity | null;
      woken: WokenWaiter[];
      ret: number;
    }
  | { type: 'requeue'; tid: number; q: number; who: string; from: string; to: string; identity: RefIdentity | null; toIdentity: RefIdentity | null; targetMm: number; targetAddr: number }
  | { type: 'rehash'; q: number; from: string; to: string; why: string }
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
  // PI futexes (kernel/futex/pi.ts, requeue-pi.ts): who holds a PI word and who lends priority.
  /**
   * `tid` took the lock (`acquired`, or `proxy-locked` by a CMP_REQUEUE_PI for it), blocked on
   * its rt_mutex, was handed it on unlock (`handoff`) or on the owner's death (`owner-died`), or
   * released it with no kernel waiter (`released`). `word` is the futex word after the change.
   */
  | { type: 'pi-lock'; tid: number; what: PiLockWhat; from: number; uaddr: number; key: string; word: number }
  /** A task's effective priority changed by PI boosting (rt_mutex_adjust_prio). */
  | { type: 'pi-boost'; tid: number; from: number; to: number };

export type PiLockWhat = 'acquired' | 'proxy-locked' | 'blocked' | 'handoff' | 'owner-died' | 'released';

/** `step` caused it; `by` is the task whose step it was (-1 for setup and the clock's jumps). */
export type KernelEvent = KernelEventBody & { step: number; by: number };

