// A state's kernel part (encode-vec.ts writeKernelState) kept beside its node of the depth-first
// search, and written again from there instead of walking the kernel (issue #11: the kernel
// part's writers were ~17% of a state) when the steps since that state cannot have changed the
// kernel but for words stored into page data. That fact is Session.kernelTouches, unchanged since
// the node's state was restored: it counts every step that is not a quiet step (fast-step.ts:
// registers, or a word of a present page) starting with no pi_state and no timer and leaving its
// thread runnable, and every clock jump (session.ts). Page data is written again by W (vec.ts)
// from the same arrays, in the same order: under the explorer's undo log of word stores
// (kernel/word-log.ts), with restores in place, a page's data array is never replaced, so the
// arrays the part was written from are the live ones; their content is read again.
//
// A part is kept only when it does not depend on what a quiet step changes: no value relative to
// the clock (which every step moves), and the same tid renaming (thread symmetry) when replayed.
// `kernelPartReuse.enabled = false` walks the kernel at every state (the plain version);
// `check`: every replay is compared with a walk, int for int, page data array for array, names
// for names (test/explore/kernel-part.test.ts runs whole searches with it).

import type { Session } from '../session/session';
import { vec, reserve, W, wordsStart, wordsSeen } from './vec';
import { named, markNamed, writeKernelState } from './encode-vec';

/** `replays` counts the parts replayed (tests: the check saw some). */
export const kernelPartReuse = { enabled: true, check: false, replays: 0 };

/**
 * The parts kept by one search, in one growing Int32Array used as a stack (a typed array of its
 * own per part was slower than walking the kernel: past 64 bytes V8 allocates its store outside
 * the heap). Parts are kept when a node is pushed and released when it is popped (release), so
 * the arena's top follows the DFS stack.
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

  /** Drop the parts kept since the top was `mark` (their nodes are popped). */
  release(mark: number): void {
    this.top = mark;
  }
}

/**
 * A kept part, at [off, end) of its arena: the part's ints (the page data pieces among them are
 * written again, not copied), to intsEnd; the start and end of each page data piece relative to
 * the part, to atEnd; the tid renaming it was written with (encode-hash.ts forward), to
 * forwardEnd; the tids it names one by one (encode-vec.ts named, for twinsOf), to end.
 */
export interface KernelPart {
  arena: PartArena;
  off: number;
  intsEnd: number;
  atEnd: number;
  forwardEnd: number;
  end: number;
  /** The page data arrays of the pieces, in order. */
  data: Int32Array[];
  /** writeKernelState's result: a queued futex_q has PI fields. */
  pi: boolean;
}

/** Record where page data goes while the kernel part is walked (vec.ts wordsSeen): on starts a new record, off ends it. */
export function recordWords(on: boolean): void {
  wordsSeen.on = on;
  if (on) wordsSeen.n = 0;
}

/**
 * The kernel part just walked, in the vector at [start, end), as a part to keep, or null when it
 * may not be replayed (a value relative to the clock, a pi_state or timer, or no undo log).
 */
export function keepPart(arena: PartArena, s: Session, start: number, end: number, forward: number[], pi: boolean, clockRead: boolean): KernelPart | null {
  const k = s.k;
  if (clockRead || k.words === null || k.s.timers.length > 0 || k.s.pi.states.length > 0) return null;
  const m = wordsSeen.n;
  const len = end - start;
  const stamp = named.stamp;
  const at = named.at;
  let names = 0;
  for (let t = 0; t < at.length; t++) if (at[t] === stamp) names++;
  arena.reserve(len + 2 * m + forward.length + names);
  const buf = arena.buf;
  const off = arena.top;
  const a = vec.a;
  let j = off;
  for (let i = start; i < end; i++) buf[j++] = a[i];
  const intsEnd = j;
  const data = new Array<Int32Array>(m);
  for (let i = 0; i < m; i++) {
    buf[j++] = wordsSeen.at[i] - start;
    buf[j++] = wordsSeen.end[i] - start;
    data[i] = wordsSeen.data[i];
  }
  const atEnd = j;
  for (let i = 0; i < forward.length; i++) buf[j++] = forward[i];
  const forwardEnd = j;
  for (let t = 0; t < at.length; t++) if (at[t] === stamp) buf[j++] = t;
  arena.top = j;
  return { arena, off, intsEnd, atEnd, forwardEnd, end: j, data, pi };
}

/** Whether `p` was written with the renaming `forward`. */
export function sameRenaming(p: KernelPart, forward: number[]): boolean {
  const b = p.arena.buf;
  if (p.forwardEnd - p.atEnd !== forward.length) return false;
  for (let i = 0, j = p.atEnd; i < forward.length; i++, j++) if (b[j] !== forward[i]) return false;
  return true;
}

/** Write part `p` at the vector's end (page data read again from its arrays); returns its pi flag. */
export function replayPart(s: Session, p: KernelPart): boolean {
  kernelPartReuse.replays++;
  const words = s.k.words!;
  wordsStart(words.version(), words);
  named.stamp++;
  const b = p.arena.buf;
  for (let j = p.forwardEnd; j < p.end; j++) markNamed(b[j]);
  let from = p.off;
  for (let i = 0, j = p.intsEnd; i < p.data.length; i++, j += 2) {
    copy(b, from, p.off + b[j]);
    W(p.data[i]);
    from = p.off + b[j + 1];
  }
  copy(b, from, p.intsEnd);
  return p.pi;
}

function copy(ints: Int32Array, from: number, to: number): void {
  reserve(to - from);
  const a = vec.a;
  let n = vec.n;
  for (let i = from; i < to; i++) a[n++] = ints[i];
  vec.n = n;
}

/**
 * The check mode: the replay at [start, vec.n) against a walk of the kernel written after it
 * (then dropped); throws at the first difference.
 */
export function checkReplay(s: Session, p: KernelPart, start: number, forward: number[]): void {
  const end = vec.n;
  const replayNames = [...p.arena.buf.subarray(p.forwardEnd, p.end)];
  recordWords(true);
  const pi = writeKernelState(s.k.s, forward, s.k.words);
  recordWords(false);
  const walked = vec.a.slice(end, vec.n);
  const replayed = vec.a.slice(start, end);
  vec.n = end;
  const where = `kernel part replayed at step ${s.k.s.step}`;
  if (pi !== p.pi) throw new Error(`${where}: pi flag differs`);
  if (wordsSeen.n !== p.data.length) throw new Error(`${where}: ${wordsSeen.n} page data arrays walked, ${p.data.length} replayed`);
  for (let i = 0; i < wordsSeen.n; i++) if (wordsSeen.data[i] !== p.data[i]) throw new Error(`${where}: page data array ${i} is another array`);
  if (walked.length !== replayed.length || walked.some((v, i) => v !== replayed[i])) {
    throw new Error(`${where}: ints differ\nreplayed ${replayed.join(',')}\nwalked   ${walked.join(',')}`);
  }
  const walkedNames: number[] = [];
  for (let t = 0; t < named.at.length; t++) if (named.at[t] === named.stamp) walkedNames.push(t);
  if (walkedNames.join() !== replayNames.join()) throw new Error(`${where}: named tids ${replayNames} replayed, ${walkedNames} walked`);
}
