// Sentences about the kernel state for the session's users: what a task waits on (the debugger's
// threads, hung-thread anomalies) and what the last step was (the PI table anomaly's cause).

import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/state';
import { waitLabel } from '../kernel/snapshot-task';
import type { Program } from './program';
import type { StepCause } from './oracle-pi';

/** What a blocked or sleeping task waits on: `futex_wait on (mm#1, 0x10000000), bucket 17` (the snapshot's words). */
export function describeWait(k: Kernel, t: Task): string {
  return waitLabel(k, t);
}

/** What the last step was ("A/t1's store at line 12"), and whether it was a user-space write. */
export function stepCause(program: Program, k: Kernel, last: { tid: number; unit: number; pc: number }): StepCause {
  const { tid, unit, pc } = last;
  const ins = tid >= 0 && unit >= 0 ? program.units[unit]?.code[pc] : undefined;
  if (!ins) return { text: 'the kernel', user: false };
  const user = ins.op === 'store' || (ins.op === 'set' && ['cas', 'xchg', 'fetch_add', 'fetch_sub'].includes(ins.rhs.kind));
  const what = ins.op === 'set' ? ins.rhs.kind : ins.kind;
  return { text: `${k.s.tasks[tid].name}'s ${what} at line ${ins.range.start.line}`, user };
}
