// The task part of KernelState (state.ts): tasks with their wait and scheduling policy, processes
// with their fd tables, the open files of FUTEX_FD, and timers. What sched.ts, fd.ts and the
// futex calls block and wake. Split from state.ts (one concept per file); state.ts re-exports it,
// so importers keep `from './state'`. Plain data under state.ts's invariant.

import type { FutexQ } from './state-futex';

// --- tasks (sched.ts) ------------------------------------------------------------------------

export type TaskState = 'runnable' | 'blocked' | 'sleeping' | 'ended' | 'killed';

export type TaskWait =
  | { kind: 'none' }
  /** `signalled`: a signal made the task runnable while its futex_q is still queued (kernel/signal.ts). */
  | {
      kind: 'futex'; q: number; signalled?: boolean;
      /** futex_waitv: every entry's futex_q, in entry order (q is the first). */
      v?: number[];
      /** futex_waitv: a wake took an entry; runnable, the other entries still queued until it runs. */
      vwoken?: boolean;
    }
  | { kind: 'poll'; fd: number; file: number }
  | { kind: 'page-lock'; pfn: number; since: number }
  | { kind: 'sleep' };

export interface Task {
  tid: number;
  name: string;
  pid: number;
  state: TaskState;
  wait: TaskWait;
  /** Pending timer id (sleep, timeout), or -1. */
  timer: number;
  /** The value the blocking call returns when the task is woken (0, -ETIMEDOUT, -EINTR, 1 ...). */
  retval: number;
  /** A signal is pending: its handler runs when the task returns to user space (kernel/signal.ts). */
  sigpending: boolean;
  /** CLONE_CHILD_CLEARTID address, 0 for none. */
  clearTid: number;
  /** Why it was killed, for the views. */
  killedBy: string;
  /** set_robust_list: the head's address (0: none) and the length given (futex/robust.ts). */
  robustHead: number;
  robustLen: number;
  /**
   * Scheduling policy (LANGUAGE.md "Version 2 additions", Priorities): SCHED_FIFO with its
   * priority 1..99, or SCHED_OTHER (prio 0) with its nice value (recorded, orders nothing).
   * Never written in place: replaced whole, so snapshots may share it.
   */
  sched: SchedAttr;
  /** Its last write's stamp (task-stamp.ts): not state, for the explorer's kept hashes. */
  stamp: number;
}

export interface SchedAttr {
  policy: 'other' | 'fifo';
  /** rt_priority: 1..99 for SCHED_FIFO, 0 for SCHED_OTHER. */
  prio: number;
  nice: number;
}

export interface Process {
  pid: number;
  name: string;
  mm: number;
  tids: number[];
  /**
   * fd number -> open file id. Copy-on-write between snapshots: the Map may be shared with a
   * snapshot unless `fdsOwner` equals the state's epoch, so writers go through fd.ts ownFds.
   */
  fds: Map<number, number>;
  fdsOwner: number;
  /** files->next_fd: no fd below it is free (the search for the lowest free fd starts there). */
  nextFd: number;
  alive: boolean;
}

/** An open file: only futex fds exist in the simulation (FUTEX_FD). */
export interface OpenFile {
  id: number;
  /** Number of fd table entries referring to it (fork duplicates them). */
  count: number;
  /** The futex_q registered for it while it has not been woken; -1 after. */
  q: number;
  readable: boolean;
  signal: number;
  ownerPid: number;
  /** The fd it got in ownerPid's table (fd numbers never move), for naming its waiter in O(1). */
  fd: number;
  /**
   * The registration after a wake took it off the hash chain: what it holds (a pinned page under
   * pinned-page/vcache, "Leave page pinned (attached to fd)"; an mm/inode reference under
   * jamie-2003) is dropped only at the last close.
   */
  held: FutexQ | null;
  /**
   * Copy-on-write between snapshots: the object (and its `held`) may be shared with a snapshot
   * unless `owner` equals the state's epoch, so writers get it from fd.ts ownFile.
   */
  owner: number;
}

export interface Timer {
  id: number;
  expires: number;
  kind: 'sleep' | 'timeout' | 'page-unlock';
  tid: number;
  pfn: number;
}
