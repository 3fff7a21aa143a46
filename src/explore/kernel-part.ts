// A state's kernel part (kernel-groups.ts walkKernel) kept beside its node of the depth-first
// search as the hashes of its parts, and reused instead of walking the kernel (issue #11: the
// kernel part's writers were ~17% of a state) when the steps since that state cannot have changed
// the kernel but for words stored into page data. That fact is Session.kernelTouches, unchanged
// since the node's state was restored: it counts every step that is not a quiet step
// (fast-step.ts: registers, or a word of a present page) starting with no pi_state and no timer
// and leaving its thread runnable, and every clock jump (session.ts).
//
// The state's hash is made of its parts' hashes (encode-hash.ts): the kernel part gives two, one
// of its ints with the page data pieces cut out (the structure: vma, pte, futex_q, task fields)
// and one of the page data pieces in order. Cutting them out keeps the pair injective, since the
// kernel part's writers put a piece only where the ints before it say one comes. A reused part
// keeps the structure's hash and the state's tail (its PI part and the oracle's records, which
// quiet steps, raising no event, leave alone); page data is written again by W (vec.ts) from the
// same arrays, in the same order, and hashed: under the explorer's undo log of word stores
// (kernel/word-log.ts), with restores in place, a page's data array is never replaced, so the
// arrays the part was walked from are the live ones; their content is read again.
//
// A part is kept only when it does not depend on what a quiet step changes: no value relative to
// the clock (which every step moves), and the same tid renaming (thread symmetry) when reused.
// The explore option `reuseHashes: false` walks the kernel at every state (the plain version);
// `kernelPartReuse.check`: every state hashed from kept hashes (this part, the parent's thread hashes) is hashed
// again from scratch and the two compared part by part (encode-hash.ts; it throws at the first
// difference; test/explore/kernel-part.test.ts runs whole searches with it).

import type { Session } from '../session/session';
import { W, wordsStart, wordsSeen } from './vec';
import { named, markNamed } from './encode-vec';

/**
 * `replays` counts the parts reused, `threadsAcross` the thread hashes kept across a step that
 * touched the kernel (its part walked again), `groupsAcross` the groups kept across such a step:
 * tests check that the check saw some of each.
 */
export const kernelPartReuse = { check: false, replays: 0, threadsAcross: 0, groupsAcross: 0 };

/**
 * The ints kept by one search (thread hashes, kept parts' renamings and named tids), in one
 * growing Int32Array used as a stack (a typed array of its own per part was slower than walking
 * the kernel: past 64 bytes V8 allocates its store outside the heap). What a node keeps is
 * released when it is popped (release), so the arena's top follows the DFS stack.
 */
export class PartArena {
  buf = new Int32Array(1 << 16);
  top = 0;

  /** Make room for k more ints. */
  reserve(k: number): void {
    if (this.top + k <= this.buf.length) return;
    let len = this.buf.length * 2;
    while (len < this.top + k) len *= 2;
    const b = new Int32Array(len);
    b.set(this.buf.subarray(0, this.top));
    this.buf = b;
  }

  /** Drop what was kept since the top was `mark` (its nodes are popped). */
  release(mark: number): void {
    this.top = mark;
  }
}

/**
 * A kept part: the hashes of its structure, its groups' (two ints each, in its arena at ghOff:
 * encode-vec.ts KERNEL_GROUPS) and the rest's (kr0, kr1), and of the state's tail (t0, t1); the page
 * data arrays of its pieces, in order; in its arena at [off, end): the tid renaming it was written
 * with (encode-hash.ts forward), to forwardEnd; the tids it names one by one (encode-vec.ts
 * named, for twinsOf), to end.
 */
export interface KernelPart {
  arena: PartArena;
  off: number;
  forwardEnd: number;
  end: number;
  data: Int32Array[];
  /** writeKernelState's result: a queued futex_q has PI fields. */
  pi: boolean;
  /** Its renaming is the identity (sameRenaming then needs no loop when today's is too). */
  identity: boolean;
  ghOff: number;
  kr0: number;
  kr1: number;
  t0: number;
  t1: number;
}

/**
 * A kept group of the kernel part (encode-vec.ts writeKernelGroup: pages, mms or processes), for
 * the children of steps that touch the kernel: a child whose state holds the group's write stamp
 * (kernel/vm-stamp.ts) holds the same records there, so the group has the same structure (hash
 * k0, k1) and the same page data arrays (`data`, in order; their content is read again). Kept
 * only when written with the identity renaming of `n` threads (no symmetry classes) and without a
 * value relative to the clock.
 */
export interface GroupPart {
  stamp: number;
  n: number;
  k0: number;
  k1: number;
  data: Int32Array[];
}

/** Record where page data goes while the kernel part is walked (vec.ts wordsSeen): on starts a new record, off ends it. */
export function recordWords(on: boolean): void {
  wordsSeen.on = on;
  if (on) wordsSeen.n = 0;
}

/**
 * The kernel part just walked (its page data pieces recorded by wordsSeen), hashed to gh (its
 * `groups` groups) and kr, and the tail to t, as a part to keep, or null when it may not be reused (a value relative to the
 * clock, a pi_state or timer, the PI part in play, or no undo log).
 */
export function keepPart(arena: PartArena, s: Session, forward: number[], pi: boolean, piInPlay: boolean, clockRead: boolean, gh: Int32Array, groups: number, kr: Int32Array, t: Int32Array): KernelPart | null {
  const ks = s.k;
  if (clockRead || piInPlay || ks.words === null || ks.s.timers.length > 0 || ks.s.pi.states.length > 0) return null;
  const m = wordsSeen.n;
  const stamp = named.stamp;
  const at = named.at;
  let names = 0;
  for (let i = 0; i < at.length; i++) if (at[i] === stamp) names++;
  arena.reserve(forward.length + names + 2 * groups);
  const buf = arena.buf;
  const off = arena.top;
  let j = off;
  const data = new Array<Int32Array>(m);
  for (let i = 0; i < m; i++) data[i] = wordsSeen.data[i];
  let identity = true;
  for (let i = 0; i < forward.length; i++) {
    buf[j++] = forward[i];
    if (forward[i] !== i) identity = false;
  }
  const forwardEnd = j;
  for (let i = 0; i < at.length; i++) if (at[i] === stamp) buf[j++] = i;
  const end = j;
  for (let i = 0; i < 2 * groups; i++) buf[j++] = gh[i];
  arena.top = j;
  return { arena, off, forwardEnd, end, data, pi, identity, ghOff: end, kr0: kr[0], kr1: kr[1], t0: t[0], t1: t[1] };
}

/** Whether `p` was written with the renaming `forward`. */
export function sameRenaming(p: KernelPart, forward: number[]): boolean {
  const b = p.arena.buf;
  if (p.forwardEnd - p.off !== forward.length) return false;
  for (let i = 0, j = p.off; i < forward.length; i++, j++) if (b[j] !== forward[i]) return false;
  return true;
}

/**
 * Reuse part `p`: mark the tids it names and, when `pages`, write its page data at the vector's
 * end (read again from its arrays).
 */
export function reusePart(s: Session, p: KernelPart, pages: boolean): void {
  kernelPartReuse.replays++;
  const words = s.k.words!;
  wordsStart(words.version(), words);
  named.stamp++;
  const b = p.arena.buf;
  for (let j = p.forwardEnd; j < p.end; j++) markNamed(b[j]);
  if (pages) for (let i = 0; i < p.data.length; i++) W(p.data[i]);
}
