// Call frames of the whole machine. max_call_depth bounds one thread's stack; all threads'
// together were bounded only by max_steps: 10^7 calls over 150 threads took `run` to 1.3 GB
// (~130 bytes a frame; the seventh session's user-path audit found the unbounded options). A
// stack is memory: past MACHINE_CALL_FRAMES frames held by all threads (a killed thread keeps
// its frames, for the debugger's call stack), a call is a stack overflow, as past max_call_depth.
//
// Counting at every call and return would cost the interpreter's hot path (and its fast path,
// fast-step.ts); the sum is taken when a thread's depth reaches a multiple of CHECK_EVERY, so
// the machine holds at most MACHINE_CALL_FRAMES + threads x (CHECK_EVERY - 1) frames.

import type { ThreadState } from './interp';

/** Call frames all threads together may hold: 2^20, ~136 MB. */
export const MACHINE_CALL_FRAMES = 1 << 20;

/** A call from a depth d with (d & CHECK_MASK) === CHECK_MASK sums the machine's frames first. */
export const CHECK_MASK = 63;

/** The frames every thread holds, ended and killed ones too. */
export function callFramesInUse(threads: readonly ThreadState[]): number {
  let n = 0;
  for (const th of threads) n += th.frames.length;
  return n;
}
