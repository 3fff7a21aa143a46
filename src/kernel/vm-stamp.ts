// The write stamps of a state's memory and processes (issue #11), one per group of KernelState
// fields (shape.ts marks each field with its group's stamp):
// - pageStamp: the page frames, inodes (page cache), disk files, swap slots, and their slabs;
// - mmStamp: the mms, with their vmas and ptes, and their slab;
// - procStamp: the processes (their threads, fds) and the open files' slab.
// Every write to a group gives the state a new stamp for it, from one counter that never goes
// back (restores and copies carry a state's stamps with what they stamp, never make one). Two
// states holding the same stamp of a group hold the same records there, so a restore in place
// leaves them alone (clone-into.ts) and the explorer keeps their part of a state's hash across
// steps that do not write them (explore/encode-hash.ts): a futex wait or wake writes none, a
// thread's exit only its mm's users.
// Invariant: no record of a group is written without its ...Written call in the same step (the
// stamps are compared only between steps). The call sites were found by making each group's types
// readonly, down to the elements of their lists (a page's rmap entries): the compiler then lists
// every write. test/explore/task-stamp.test.ts checks the
// invariant at every step of every example and of random scenarios. The stamps are not state:
// they are neither encoded nor shown.

import type { KernelState } from './state';

let stamps = 0;

/** Call in a step that writes a page frame, an inode, a disk file, a swap slot or their slabs. */
export function pagesWritten(s: KernelState): void {
  s.pageStamp = ++stamps;
}

/** Call in a step that writes an mm (its vmas, ptes, counts) or the mm slab. */
export function mmsWritten(s: KernelState): void {
  s.mmStamp = ++stamps;
}

/** Call in a step that writes a process or the open files' slab. */
export function procsWritten(s: KernelState): void {
  s.procStamp = ++stamps;
}

/** A stamp for a state being made. */
export const newVmStamp = (): number => ++stamps;
