// The write stamp of a state's memory and processes (issue #11): the fields of KernelState that
// shape.ts marks `stamp: 'vmStamp'` (page frames, inodes, disk files, swap slots, mms with their
// vmas and ptes, processes, and the slabs that number them). Every write to any of them gives the
// state a new stamp, from one counter that never goes back (restores and copies carry a state's
// stamp with what it stamps, never make one). Two states holding the same stamp hold the same
// records there, so a restore in place leaves them alone (clone-into.ts) and the explorer keeps
// their part of a state's hash across steps that touch only futexes and tasks
// (explore/encode-hash.ts): a futex wait or wake writes none of them.
// Invariant: no such record is written without vmWritten in the same step (the stamp is
// compared only between steps). test/explore/task-stamp.test.ts checks it at every step of every
// example and of random scenarios. The stamp is not state: it is neither encoded nor shown.

import type { KernelState } from './state';

let stamps = 0;

/** Call in a step that writes the state's memory or processes (above). */
export function vmWritten(s: KernelState): void {
  s.vmStamp = ++stamps;
}

/** A stamp for a state being made. */
export const newVmStamp = (): number => ++stamps;
