// A task's write stamp (issue #11): every write to a task's fields gives the task a new stamp,
// from one counter that never goes back (restores put back a snapshot's stamps, never reuse
// one). A task holding the stamp it had when a state was hashed holds what it held then, so the
// explorer keeps its thread's hash instead of writing and hashing it again (explore/encode-hash.ts).
// Invariant: no field of a Task is written without taskWritten after it, before the next step
// ends (test/explore/task-stamp.test.ts checks every step of every example and random scenarios).
// The stamp is not state: it is neither encoded nor shown.

import type { Task } from './state-task';

let stamps = 0;

/** Call after writing a field of `t`. */
export function taskWritten(t: Task): void {
  t.stamp = ++stamps;
}

/** A stamp for a task being made. */
export const newTaskStamp = (): number => ++stamps;
