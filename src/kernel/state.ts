// The whole state of the simulated kernel, as plain data.
//
// Invariant: everything reachable from KernelState is plain (objects, arrays, Maps, Int32Arrays),
// with no closures and no references into the language or the session, so that a snapshot is
// structuredClone(state) and restore is assignment (STYLE.md habit 8). Objects refer to each
// other by slot number (mm#2, inode#5, pfn 17), as the kernel compares pointers.

import type { FutexKey } from './futex/futex';
import type { KeyReason } from './futex/reason';

// --- identities ----------------------------------------------------------------------------

/**
 * Slab-like identity allocator: the most recently freed slot is handed out first, so a freed mm
 * or inode comes back with the same identity (SEMANTICS.md "Object identity and recycling").
 * `life` counts allocations: each lifetime of a slot has its own number, which the reference
 * oracle uses so that a recycled object never equals its predecessor.
 */
export interface Slab {
  next: number;
  free: number[];
}

// --- pages (page.ts) -------------------------------------------------------------------------

export type PageMapping =
  | { kind: 'inode'; ino: number } // page cache of a file or tmpfs inode
  | { kind: 'swap' }; //              swapper_space; page.index is the swap slot

export interface PageFrame {
  pfn: number;
  /** page_count: one per pte mapping it, per futex pin, and per cache (page or swap) holding it. */
  count: number;
  /** ptes mapping the page (page_mapcount). */
  mapcount: number;
  /** futex pins (pinned-page, vcache): a subset of count held while a waiter sleeps. */
  pins: number;
  anon: boolean;
  /** PG_reserved: only the ZERO_PAGE (pfn 0); never refcounted, never freed. */
  reserved: boolean;
  /** PG_locked: held by `lock_page` until the clock reaches lockedUntil. */
  locked: boolean;
  lockedUntil: number;
  /** PG_swapcache. */
  swapCache: boolean;
  /** page->mapping and page->index; null for an anon page not in the swap cache. */
  mapping: PageMapping | null;
  index: number;
  /** Which (mm, virtual page address) ptes map it: the reverse map, for swap-out and the views. */
  rmap: { mm: number; addr: number }[];
  /**
   * The page's words. Copy-on-write between snapshots: `data` may be shared with a snapshot
   * unless `owner` equals the state's epoch, so writers go through fault.ts writablePage.
   */
  data: Int32Array;
  owner: number;
}

// --- files (fs.ts) ---------------------------------------------------------------------------

/** A regular file or shm object as it is on "disk": it outlives its in-memory inodes. */
export interface DiskFile {
  name: string;
  kind: 'file' | 'shm';
  pages: number;
  blocks: Map<number, Int32Array>;
  /** The in-memory inode while there is one, else -1. */
  ino: number;
}

export interface Inode {
  ino: number;
  life: number;
  /** 'file': a DiskFile's inode; 'shmem': tmpfs (shm objects and MAP_SHARED|MAP_ANONYMOUS). */
  kind: 'file' | 'shmem';
  name: string;
  /** The DiskFile behind it ('' for anonymous shmem). */
  disk: string;
  size: number;
  /** i_count: vmas, the shm object itself, futex key references. */
  count: number;
  /** The page cache: index -> pfn. */
  cache: Map<number, number>;
  /** shmem pages that were swapped out: index -> swap slot. */
  shmSwap: Map<number, number>;
  /** Anonymous shmem contents are lost with the inode; a DiskFile's are written back. */
  /** modern: boot-unique sequence number stamped on first futex use (0 = none yet). */
  iSeq: number;
}

// --- swap (swap.ts) --------------------------------------------------------------------------

export interface SwapSlot {
  slot: number;
  /** swap_map count: swap ptes, shmem entries and the swap cache page referring to it. */
  count: number;
  data: Int32Array | null;
  /** The swap cache page for this slot, or -1. */
  cachePfn: number;
}

// --- address spaces (mm.ts) ------------------------------------------------------------------

export interface Vma {
  start: number;
  end: number;
  read: boolean;
  write: boolean;
  /** VM_SHARED: a shared mapping that may be written (not for MAP_SHARED of an O_RDONLY fd). */
  shared: boolean;
  /** VM_MAYSHARE: MAP_SHARED was asked for. */
  mayshare: boolean;
  /** VM_NONLINEAR: remap_file_pages moved a page away from its linear pgoff. */
  nonlinear: boolean;
  /** The vm_file's inode (file, shm, or the shmem_zero_setup inode of shared anon), else -1. */
  ino: number;
  /** File offset of `start`, in pages. */
  pgoff: number;
  /** For nonlinear vmas: page within the vma -> file page index (where it differs from linear). */
  nonlinearMap: Map<number, number>;
  /** How the scenario described it, for the views. */
  backing: 'anon' | 'file' | 'shm';
  /** The map name the scenario gave it, if any. */
  name: string;
  /** The file was opened O_RDONLY (mmap's VM_MAYWRITE off). */
  rdonlyFile: boolean;
}

/**
 * A page table entry: present entries are `pfn * 2 + writable`; swap entries `-(slot + 1)`.
 * File pages that are not present simply have no entry.
 */
export type Pte = number;

export interface Mm {
  id: number;
  life: number;
  vmas: Vma[];
  pt: Map<number, Pte>;
  /** mm_users: threads using it. */
  users: number;
  /** mm_count: 1 while users > 0, plus futex key references (jamie-2003 refs, gorman-2013). */
  count: number;
  /** Next address for a mapping without `at`. */
  mmapBase: number;
  /** Map names of the process: name -> start address (follows mremap). */
  names: Map<string, number>;
}

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

export type KeyRef = { kind: 'mm'; id: number } | { kind: 'inode'; id: number };

export interface Timer {
  id: number;
  expires: number;
  kind: 'sleep' | 'timeout' | 'page-unlock';
  tid: number;
  pfn: number;
}

// --- futexes (futex/core.ts) -----------------------------------------------------------------

/** The oracle's reference identity of a futex word (SEMANTICS.md, "The reference oracle"). */
export interface RefIdentity {
  /** Equal identities have equal ids. */
  id: string;
  /** `(mm#1, 0x10000000)` or `(inode#2, page 0, +0x0)`. */
  label: string;
  kind: 'mm' | 'inode';
  /** mm or inode lifetime number: the object this identity lives in. */
  life: number;
  /** The file page index of an inode identity (truncate makes waiters past the end undefined). */
  index?: number;
}

export interface FutexQ {
  id: number;
  key: FutexKey;
  /** The rule that produced `key` (get_futex_key, a re-key or a requeue); never written in place. */
  reason: KeyReason;
  bucket: number;
  /** The waiting task, or -1 for a FUTEX_FD registration. */
  tid: number;
  /** The owning process (the fd's owner for FUTEX_FD). */
  pid: number;
  /** The open file of a FUTEX_FD registration, else -1. */
  file: number;
  /** Where the waiter waited: its mm (slot and lifetime) and address, for undefined-behaviour notes. */
  mm: number;
  mmLife: number;
  uaddr: number;
  /** Page pinned for this waiter (pinned-page, vcache), else -1. */
  pinned: number;
  /** mm/inode reference held for the key (jamie-2003 refs, gorman-2013), else null. */
  ref: KeyRef | null;
  /** vcache registration: the (mm, virtual page) whose COW re-keys this waiter. */
  vcache: { mm: number; addr: number } | null;
  ref_identity: RefIdentity | null;
  /** Step at which it was queued. */
  since: number;
  /** 2.6.0 queue-before-check: queued, value not checked yet. */
  unchecked: boolean;
  /** The waiter's bitset, unsigned (FUTEX_BITSET_MATCH_ANY for a plain wait; futex/bitset.ts). */
  bitset: number;
  /** Index of its entry in a futex_waitv (futex/waitv.ts), else -1. */
  vindex: number;
  /**
   * plist priority (kernel/futex/pi.ts queuePrio): the waiter's normal priority when queued,
   * higher first from 2.6.22 on; 0 for every SCHED_OTHER task. Undefined means 0.
   */
  prio?: number;
  /** q->pi_state: the id of the pi_state this waiter blocks on (PI waiters), else undefined. */
  pi?: number;
  /**
   * q->rt_waiter and q->requeue_pi_key of a futex_wait_requeue_pi waiter, with its requeue state
   * (kernel/futex/requeue-pi.ts): 'wait' on uaddr, 'requeued' onto uaddr2's rt_mutex.
   */
  requeuePi?: { key2: FutexKey; uaddr2: number; state: 'wait' | 'requeued' };
  /**
   * The call a PI or requeue-PI waiter blocked in, with what its restart after a signal needs
   * (-ERESTARTNOINTR re-issues the same syscall; kernel/futex/pi-early.ts): the op, the value
   * FUTEX_WAIT_REQUEUE_PI compared, FUTEX_PRIVATE_FLAG.
   */
  piCall?: { op: 'lock' | 'lock2' | 'wait_requeue_pi'; val: number; priv: boolean };
  /**
   * Copy-on-write between snapshots: the object may be shared with a snapshot unless `owner`
   * equals the state's epoch. Kernel code that may write a queued waiter gets it through
   * core.ts futexQ/findQ (which copy it first); writers assert ownership (assertOwnedQ).
   */
  owner: number;
}

export interface FutexHash {
  /**
   * Copy-on-write between snapshots like page data, at two levels: this table of lists (with
   * `owner`) and each list. Write through core.ts ownBucket.
   */
  buckets: number[][];
  /** The state epoch that owns each bucket array (may write it in place). */
  owner: number[];
  /** The state epoch that owns the `buckets` and `owner` arrays themselves (may set their slots). */
  tableOwner: number;
  /** Queued waiters by id. The Map is copy-on-write like the buckets (core.ts ownQueues). */
  queues: Map<number, FutexQ>;
  /** The state epoch that owns the `queues` Map (may set and delete in place). */
  queuesOwner: number;
  nextQ: number;
}

// --- PI futexes (futex/pi.ts) ----------------------------------------------------------------

/** An rt_mutex waiter (struct rt_mutex_waiter), which lives on its task's kernel stack. */
export interface RtWaiter {
  tid: number;
  /** The futex_q of the call that enqueued it. */
  q: number;
  /** Enqueue order: FIFO among equal priorities. */
  seq: number;
}

/**
 * struct futex_pi_state with its rt_mutex: one per contended PI word. It lives while a futex_q
 * refers to it or an rt_waiter is linked in its rt_mutex (kernel: refcount).
 */
export interface PiState {
  id: number;
  key: FutexKey;
  /** Where the word is, for the table check and the views: the mm (and its lifetime) and address. */
  mm: number;
  mmLife: number;
  uaddr: number;
  /** pi_state->owner: a task slot, or -1 (NULL: the owner died, exit_pi_state_list). */
  owner: number;
  /** The rt_mutex's wait list, unordered: the top waiter is chosen by priority then seq. */
  waiters: RtWaiter[];
  /**
   * wake_futex_pi handed the lock to this task, which has not run since: in the kernel its
   * rt_waiter is still queued and the rt_mutex ownerless, so a higher-priority locker may steal
   * it (futex/pi-steal.ts). `q` is its futex_q as it was, `expires` its timeout (-1: none).
   */
  pending?: { tid: number; seq: number; q: FutexQ; expires: number };
}

export interface PiTable {
  /** Written through pi.ts ownPi: copied whole between snapshots (it is small). */
  states: PiState[];
  next: number;
  seq: number;
}

// --- the whole kernel ------------------------------------------------------------------------

export interface Stats {
  pinnedPagesMax: number;
  cowCopies: number;
  swapOuts: number;
  pageLockWaits: number;
  pageLockWaitTicks: number;
  hashCollisions: number;
}

export interface KernelState {
  /** Identifies this copy of the state for the pages' copy-on-write data (clone.ts). */
  epoch: number;
  clock: number;
  /** Pages with at least one futex pin right now. */
  pinned: number;
  step: number;
  lives: number;
  iSeqNext: number;
  pages: (PageFrame | null)[];
  pageSlab: Slab;
  inodes: (Inode | null)[];
  inodeSlab: Slab;
  disk: Map<string, DiskFile>;
  swap: (SwapSlot | null)[];
  swapSlab: Slab;
  mms: (Mm | null)[];
  mmSlab: Slab;
  tasks: Task[];
  procs: Process[];
  /** Copy-on-write between snapshots like the objects in it: write slots through fd.ts ownFiles. */
  files: (OpenFile | null)[];
  /** The state epoch that owns the `files` array (may set slots in place). */
  filesOwner: number;
  fileSlab: Slab;
  runq: number[];
  /** Live processes and live threads, for the fork/clone limits (kernel/limits.ts). */
  nrProcs: number;
  nrThreads: number;
  timers: Timer[];
  nextTimer: number;
  rng: number;
  futex: FutexHash;
  pi: PiTable;
  /** Tasks ever given a priority other than 0 (prio.ts setSched): 0 keeps the scheduler's fast path. */
  prioTasks: number;
  stats: Stats;
}
