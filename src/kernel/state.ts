// The whole state of the simulated kernel, as plain data.
//
// Invariant: everything reachable from KernelState is plain (objects, arrays, Maps, Int32Arrays),
// with no closures and no references into the language or the session, so that a snapshot is
// structuredClone(state) and restore is assignment (STYLE.md habit 8). Objects refer to each
// other by slot number (mm#2, inode#5, pfn 17), as the kernel compares pointers.
//
// The parts live one concept a file: memory (state-mm.ts: pages, inodes, swap, mm and vma), tasks
// (state-task.ts: tasks, processes, fds, timers), the futex hash (state-futex.ts: futex_q, buckets)
// and PI futexes (state-pi.ts). This file keeps the identities and the whole, and re-exports the
// parts so that every importer reads the state's types from one place.

import type { DiskFile, Inode, Mm, PageFrame, SwapSlot } from './state-mm';
import type { OpenFile, Process, Task, Timer } from './state-task';
import type { FutexHash } from './state-futex';
import type { PiTable } from './state-pi';

export type * from './state-mm';
export type * from './state-task';
export type * from './state-futex';
export type * from './state-pi';

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
  /** The write stamps of its memory and processes (vm-stamp.ts): not state, for restores and the explorer. */
  pageStamp: number;
  mmStamp: number;
  procStamp: number;
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
