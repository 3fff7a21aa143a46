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
 * The cycles closed at one state, taken together (issue: a livelock missed with thread-local
 * steps). Cycles that the search closes at the same stack entry all pass through its state, so
 * running one after the other is a cycle too: threads runnable all along it are those runnable
 * all along each, and those that step in it are those that step in any. With thread-local steps
 * taken without branching, two threads spinning on loads each close a cycle of one transition
 * back to the same state, neither fair alone (the other thread runnable and not stepping) while
 * the two together are: `explore` found no failure there. A stack entry keeps `always` and
 * `stepped` as bits over the cycles closed at it (always -1, stepped 0: none yet); null from
 * cycleBits when a tid is 31 or more (then each cycle is judged alone, as before).
 */
export interface CycleAcc {
  always: number;
  stepped: number;
  /** The steps of the cycles that changed always or stepped, one after another from the entry's state: the counterexample's end. */
  steps: number[];
}

/** No cycle closed yet. */
export const noCycles = (): CycleAcc => ({ always: -1, stepped: 0, steps: [] });

/** The cycle's (always, stepped) as bits, as fairCycle reads them, or null past tid 30. */
export function cycleBits(stack: CycleNode[], from: number, last: number[], runnable: number[]): { always: number; stepped: number } | null {
  let always = bits(runnable);
  for (let i = from; i < stack.length && always > 0; i++) {
    const here = bits(stack[i].runnable);
    if (here < 0) return null;
    always &= here;
  }
  if (always < 0) return null;
  let stepped = bits(last);
  for (let i = from + 1; i < stack.length && stepped >= 0; i++) {
    const b = bits(stack[i].path);
    stepped = b < 0 ? -1 : stepped | b;
  }
  if (stepped < 0) return null;
  return { always, stepped };
}

/** Bits u and t of b exchanged. */
function swapBits(b: number, u: number, t: number): number {
  const bu = (b >>> u) & 1;
  const bt = (b >>> t) & 1;
  if (bu === bt) return b;
  return b ^ ((1 << u) | (1 << t));
}

/**
 * A cycle closed at a state where the twin reduction left thread t out as u's twin (`pairs`: u, t,
 * ...; their parts equal, one symmetry class): t's step there reaches a state symmetric to u's,
 * so the cycle with u and t exchanged is a cycle at that state too (of the symmetric states the
 * search keeps as one), and the two together step both. Without it, a thread spinning back to its
 * state is never fair beside its twin, which the search never steps there. Returns (always,
 * stepped) of the cycle with its exchanged copies.
 */
export function withTwins(always: number, stepped: number, pairs: readonly number[] | null): { always: number; stepped: number } {
  if (pairs === null) return { always, stepped };
  let a = always;
  let st = stepped;
  for (let i = 0; i < pairs.length; i += 2) {
    a &= swapBits(always, pairs[i], pairs[i + 1]);
    st |= swapBits(stepped, pairs[i], pairs[i + 1]);
  }
  return { always: a, stepped: st };
}

/** A cycle's steps, then each exchanged copy (withTwins) that steps other threads: a schedule from its state back to it. */
export function twinSteps(steps: number[], pairs: readonly number[] | null): number[] {
  if (pairs === null) return steps;
  const out = steps.slice();
  for (let i = 0; i < pairs.length; i += 2) {
    const u = pairs[i];
    const t = pairs[i + 1];
    if (!steps.includes(u) && !steps.includes(t)) continue;
    for (const x of steps) out.push(x === u ? t : x === t ? u : x);
  }
  return out;
}

/**
 * Add a cycle (its bits, and its steps from the entry's state, made only when asked) to those
 * closed at one entry (`acc`, written); whether they are fair together. A cycle that changes
 * neither set adds nothing, not even its steps.
 */
export function fairTogether(acc: CycleAcc, always: number, stepped: number, steps: () => number[]): boolean {
  const a = acc.always & always;
  const st = acc.stepped | stepped;
  if (a === acc.always && st === acc.stepped) return false;
  acc.always = a;
  acc.stepped = st;
  for (const t of steps()) acc.steps.push(t);
  return (a & ~st) === 0;
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
