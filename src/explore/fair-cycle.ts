// The fairness of a cycle the depth-first search closes (search.ts): a state found again on the
// DFS stack is a cycle, and it counts as "a thread never finishes" (a livelock) only if it is
// fair: every thread runnable all along the cycle takes a step in it. Otherwise it is a spin
// that a fair scheduler leaves (a waiter spinning while the lock holder is not scheduled).
//
// Asked at every cycle the search closes: in a scenario of spinning threads, most states have one
// (a failed cas loops back). With a Set per stack entry it was 17.5% of the explorer's time on
// seven threads spinning on one word; tids below 31 are bits of one int instead.

/** What the check reads of a DFS stack entry. */
export interface CycleNode {
  /** Steps taken to reach it from its parent. */
  path: number[];
  /** The threads runnable in its state. */
  runnable: number[];
}

/**
 * Whether the cycle from stack[from] (the state found again) through the stack's top, then the
 * steps `last` back to stack[from], is fair. `runnable`: the threads runnable in the state found
 * again (stack[from]'s, as the live session has them).
 */
export function fairCycle(stack: CycleNode[], from: number, last: number[], runnable: number[]): boolean {
  // Threads runnable all along the cycle, as bits; -1: a tid of 31 or more (the Set version).
  let always = bits(runnable);
  for (let i = from; i < stack.length && always > 0; i++) {
    const here = bits(stack[i].runnable);
    if (here < 0) return fairCyclePlain(stack, from, last, runnable);
    always &= here;
  }
  if (always < 0) return fairCyclePlain(stack, from, last, runnable);
  if (always === 0) return true; // nobody runnable all along: nobody is starved
  let stepped = bits(last);
  for (let i = from + 1; i < stack.length && stepped >= 0; i++) {
    const b = bits(stack[i].path);
    stepped = b < 0 ? -1 : stepped | b;
  }
  if (stepped < 0) return fairCyclePlain(stack, from, last, runnable);
  return (always & ~stepped) === 0;
}

/**
 * The tids as bits of a non-negative int (bits 0..30: a tid of 31 would set the sign bit, which
 * marks the fallback), or -1 when one is 31 or more.
 */
function bits(tids: number[]): number {
  let b = 0;
  for (let i = 0; i < tids.length; i++) {
    const t = tids[i];
    if (t > 30) return -1;
    b |= 1 << t;
  }
  return b;
}

/** The same answer with Sets, for any tids (the plain version, which the tests compare it with). */
export function fairCyclePlain(stack: CycleNode[], from: number, last: number[], runnable: number[]): boolean {
  const stepped = new Set<number>(last);
  for (let i = from + 1; i < stack.length; i++) for (const t of stack[i].path) stepped.add(t);
  const always = new Set<number>(runnable);
  for (let i = from; i < stack.length; i++) {
    const here = new Set(stack[i].runnable);
    for (const t of [...always]) if (!here.has(t)) always.delete(t);
  }
  return [...always].every((t) => stepped.has(t));
}
