// A state's identity as a 64-bit hash (issue #11): the same parts, rules and symmetry as the
// string encoding of encode.ts (threads' local states, sorted within each symmetry class; the
// kernel with tids renamed; the PI part; the oracle's records), written as int32s into one reused
// buffer (vec.ts) instead of strings, each part hashed to 64 bits (XXH64 in WebAssembly, over the
// buffer where it lives: vec.ts hashRange, hash64.ts), and the state's hash the XXH64 of its
// parts' hashes: a part that a step leaves alone keeps its hash from the parent (hashState).
//
// Thread symmetry sorts the twins' local segments by comparing their ints (encode.ts compares
// their strings): another canonical order of the same orbit, so both encodings merge exactly the
// same states (test/explore/state-table.test.ts compares their counts of distinct states).

import type { Session } from '../session/session';
import type { SymmetryInfo } from './encode';
import { encodePi } from './encode-pi';
import { kernelReadClock, named } from './encode-vec';
import { GROUPS, gh, keptGroups, kernelPartClock, kr, ph, sameGroups, walkKernel } from './kernel-groups';
import { writeLocal } from './encode-local';
import { keepPart, kernelPartReuse, reusePart, sameRenaming, type GroupPart, type KernelPart, type PartArena } from './kernel-part';
import { writeOracle } from './encode-oracle';
import { canonicalPcs } from './position';
import { vec, P, reserve, compareSegments, hashRange } from './vec';

let starts = new Int32Array(64);
let ends = new Int32Array(64);

/** Per symmetry object and thread count: the classes of two or more tids (ascending). */
const groupCache = new WeakMap<SymmetryInfo, Map<number, number[][]>>();

let lastSym: SymmetryInfo | null = null;
let lastN = -1;
let lastGroups: number[][] = [];

function groupsOf(sym: SymmetryInfo, n: number): number[][] {
  if (sym === lastSym && n === lastN) return lastGroups;
  lastGroups = groupsOfUncached(sym, n);
  lastSym = sym;
  lastN = n;
  return lastGroups;
}

function groupsOfUncached(sym: SymmetryInfo, n: number): number[][] {
  let byN = groupCache.get(sym);
  if (!byN) groupCache.set(sym, (byN = new Map()));
  let g = byN.get(n);
  if (g) return g;
  const byClass = new Map<number, number[]>();
  for (let tid = 0; tid < n; tid++) {
    const c = sym.classOf(tid);
    if (c < 0) continue;
    const list = byClass.get(c);
    if (list) list.push(tid);
    else byClass.set(c, [tid]);
  }
  g = [...byClass.values()].filter((l) => l.length > 1);
  byN.set(n, g);
  return g;
}

const forward: number[] = [];
const inverse: number[] = [];
/** forward and inverse are the identity of this many tids (-1: not the identity). */
let identityN = -1;

/** Make forward and inverse the identity of n tids. */
function setIdentity(n: number): void {
  if (forward.length !== n) forward.length = n;
  if (inverse.length !== n) inverse.length = n;
  for (let tid = 0; tid < n; tid++) forward[tid] = inverse[tid] = tid;
  identityN = n;
}

/** Each thread's hash (two ints, by tid) of the state last hashed, and the tail's (the kernel part's: kernel-groups.ts). */
let thash = new Int32Array(128);
const th = new Int32Array(2);
let gapStart = new Int32Array(65);
let gapEnd = new Int32Array(65);

/**
 * The parent of a state, and what it kept (search.ts fills one per search). Its thread hashes
 * serve for every child: a thread whose thread state and task hold the stamps they held at the
 * parent is unchanged since (interp.ts ThreadState.stamp, kernel/task-stamp.ts). Its kernel part
 * serves only a child reached by quiet steps (Session.kernelTouches unchanged: the kernel is the
 * parent's but for the step count, the clock and page data).
 */
export interface Parent {
  /** Its kept kernel part (keptPart), or null: the kernel part is walked. */
  part: KernelPart | null;
  /** Its thread hashes and stamps and page data hash (keepHashes) at `off` of `buf`, for `n` threads (-1: none kept). */
  buf: Int32Array;
  off: number;
  n: number;
  /** No word stored since (the undo log as long as at the parent): page data is the parent's. */
  pagesSame: boolean;
  /** Its kept groups of the kernel part (keptGroupsOf), or null: for a child whose kernel part is walked. */
  groups: (GroupPart | null)[] | null;
}

/**
 * Ints kept per thread by keepHashes: its hash (two), its thread state's stamp and its task's,
 * each as its low and high 32 bits (stamps count past 2^31 in a long search).
 */
const PER_THREAD = 6;
const HI = 2 ** 32;

/** A stamp's high 32 bits: 0 below 2^31, the common case, without a division. */
const high = (stamp: number): number => (stamp <= 0x7fffffff ? 0 : (stamp / HI) | 0);

/** Whether the stamp kept as two ints at `at` of `b` is `stamp`. */
const sameStamp = (b: Int32Array, at: number, stamp: number): boolean => b[at] === (stamp | 0) && b[at + 1] === high(stamp);

function putStamp(b: Int32Array, at: number, stamp: number): void {
  b[at] = stamp | 0;
  b[at + 1] = high(stamp);
}

/**
 * Hash the live state of `s` into out[0], out[1]: XXH64 of its parts' hashes, each an XXH64 of
 * its ints: every thread's local state in canonical order, the kernel part's structure (its
 * groups', kernel-groups.ts, and the rest's) and its page data (kernel-part.ts), the tail (the PI
 * part and the oracle's records). A state's parts are hashed apart so that a part a step leaves
 * alone keeps its hash: `parent`'s kept thread hashes give those of the threads whose thread
 * state and task still hold the parent's stamps (written since, they hold new ones), and its kept
 * groups those of the groups whose write stamps the state still holds; quiet steps from `parent`
 * change nothing but the stepping threads' local states and page data, so then its kept part
 * gives the structure's and the tail's hashes, and its page data's hash stands when no word was
 * stored. Two states collide when their
 * parts' hashes all do or the hash of them does: at most twice a single hash's chance
 * (state-table.ts collisionBound).
 */
export function hashState(s: Session, sym: SymmetryInfo, out: Int32Array, parent: Parent | null = null): void {
  const n = s.threads.length;
  if (starts.length < n) {
    starts = new Int32Array(n * 2);
    ends = new Int32Array(n * 2);
  }
  if (thash.length < 2 * n) thash = new Int32Array(4 * n);
  vec.n = 0;
  const canon = canonicalPcs(s.program);
  // Without symmetry classes no thread's ints are compared (twins, the canonical order).
  const keep = parent !== null && parent.n === n && sym.symmetricThreads === 0;
  const reuse = parent === null ? null : parent.part;
  let clock = false;
  if (keep) {
    // The parent's hash of each thread whose stamps are the parent's, the others' made again
    // (starts and ends are read only under symmetry, which keeps nothing).
    const prev = parent.buf;
    const tasks = s.k.s.tasks;
    for (let tid = 0, at = parent.off; tid < n; tid++, at += PER_THREAD) {
      const th = s.threads[tid];
      if (sameStamp(prev, at + 2, th.stamp) && sameStamp(prev, at + 4, tasks[tid].stamp)) {
        thash[2 * tid] = prev[at];
        thash[2 * tid + 1] = prev[at + 1];
        if (reuse === null) kernelPartReuse.threadsAcross++;
        continue;
      }
      const start = vec.n;
      writeLocal(s, th, sym, canon);
      if (kernelReadClock()) clock = true;
      hashRange(start, vec.n, thash, 2 * tid);
    }
  } else {
    for (let tid = 0; tid < n; tid++) {
      starts[tid] = vec.n;
      writeLocal(s, s.threads[tid], sym, canon);
      ends[tid] = vec.n;
      if (kernelReadClock()) clock = true;
    }
    for (let tid = 0; tid < n; tid++) hashRange(starts[tid], ends[tid], thash, 2 * tid);
  }
  last.threadsClock = clock;
  const groups = groupsOf(sym, n);
  // The renaming is the identity without symmetry classes: made once per thread count.
  if (groups.length > 0 || identityN !== n) setIdentity(n);
  for (const tids of groups) {
    identityN = -1;
    // Stable insertion sort by content (ties keep tid order, as encode.ts's sort does).
    const sorted = tids.slice();
    for (let i = 1; i < sorted.length; i++) {
      const t = sorted[i];
      let j = i - 1;
      while (j >= 0 && compareSegments(starts[sorted[j]], ends[sorted[j]], starts[t], ends[t]) > 0) {
        sorted[j + 1] = sorted[j];
        j--;
      }
      sorted[j + 1] = t;
    }
    for (let i = 0; i < sorted.length; i++) forward[sorted[i]] = tids[i];
  }
  if (identityN !== n) for (let tid = 0; tid < n; tid++) inverse[forward[tid]] = tid;
  const o = s.oracle.pi;
  if (reuse !== null && ((identityN === n && reuse.identity && reuse.forwardEnd - reuse.off === n) || sameRenaming(reuse, forward))) {
    const pages = parent!.pagesSame && parent!.n === n;
    const pStart = vec.n;
    reusePart(s, reuse, !pages);
    if (pages) {
      ph[0] = parent!.buf[parent!.off + PER_THREAD * n];
      ph[1] = parent!.buf[parent!.off + PER_THREAD * n + 1];
    } else hashRange(pStart, vec.n, ph, 0);
    const b = reuse.arena.buf;
    for (let i = 0; i < 2 * GROUPS; i++) gh[i] = b[reuse.ghOff + i];
    kr[0] = reuse.kr0;
    kr[1] = reuse.kr1;
    last.part = reuse;
    last.groups = parent!.groups;
    piInPlay = reuse.pi || s.k.s.pi.states.length > 0 || o.blocked.size > 0 || o.dangling.size > 0;
  } else {
    // The groups of a parent holding their stamps are kept (with the identity renaming, as
    // `keep` has it), the others walked (kernel-groups.ts).
    const piQueued = walkKernel(s, sym, forward, keep ? parent.groups : null, n);
    last.part = null;
    last.clockRead = kernelPartClock();
    last.pi = piQueued;
    piInPlay = piQueued || s.k.s.pi.states.length > 0 || o.blocked.size > 0 || o.dangling.size > 0;
  }
  // The tail of a part kept without the PI part in play, while it is still out of play (a quiet
  // step of a thread with a priority can put it in play: session.ts observeRun).
  if (last.part !== null && !piInPlay) {
    th[0] = last.part.t0;
    th[1] = last.part.t1;
  } else {
    const tStart = vec.n;
    if (piInPlay) {
      const t = encodePi(s, forward);
      P(t.length + 1);
      for (let i = 0; i < t.length; i++) P(t.charCodeAt(i));
    } else P(0);
    writeOracle(s, forward);
    hashRange(tStart, vec.n, th, 0);
  }
  const at = vec.n;
  reserve(2 * n + 2 * GROUPS + 6);
  const a = vec.a;
  let j = at;
  if (identityN === n) for (let i = 0; i < 2 * n; i++) a[j++] = thash[i];
  else {
    for (let c = 0; c < n; c++) {
      a[j++] = thash[2 * inverse[c]];
      a[j++] = thash[2 * inverse[c] + 1];
    }
  }
  for (let i = 0; i < 2 * GROUPS; i++) a[j++] = gh[i];
  a[j++] = kr[0];
  a[j++] = kr[1];
  a[j++] = ph[0];
  a[j++] = ph[1];
  a[j++] = th[0];
  a[j++] = th[1];
  vec.n = j;
  hashRange(at, j, out, 0);
  if (kernelPartReuse.check && parent !== null) checkHash(s, sym, out);
  last.ph0 = ph[0];
  last.ph1 = ph[1];
}

/**
 * The check mode (kernel-part.ts): the state hashed again from scratch, part by part, against
 * the hashes just made from kept ones; throws at the first difference. What the search reads of
 * the last hash (the kept part, the thread hashes) is left as the hash from kept ones made it.
 */
function checkHash(s: Session, sym: SymmetryInfo, out: Int32Array): void {
  const kept = { ...last };
  const threads = thash.slice(0, 2 * s.threads.length);
  const parts = [...gh, kr[0], kr[1], ph[0], ph[1], th[0], th[1]];
  const again = new Int32Array(2);
  hashState(s, sym, again);
  const where = `state at step ${s.k.s.step} hashed from kept hashes`;
  for (let i = 0; i < threads.length; i++) if (threads[i] !== thash[i]) throw new Error(`${where}: thread ${i >> 1}'s hash differs from its local state's`);
  const fresh = [...gh, kr[0], kr[1], ph[0], ph[1], th[0], th[1]];
  const names = [...[...gh].map((_, i) => `kernel group ${i >> 1}`), 'kernel structure', 'kernel structure', 'page data', 'page data', 'tail (PI part, oracle)', 'tail (PI part, oracle)'];
  for (let i = 0; i < fresh.length; i++) if (parts[i] !== fresh[i]) throw new Error(`${where}: the ${names[i]} hash differs from the kernel walked`);
  if (again[0] !== out[0] || again[1] !== out[1]) throw new Error(`${where}: the state's hash differs`);
  Object.assign(last, kept);
  thash.set(threads);
  gh.set(parts.slice(0, 2 * GROUPS));
  [kr[0], kr[1], ph[0], ph[1], th[0], th[1]] = parts.slice(2 * GROUPS);
}

let piInPlay = false;

/** Of the state last hashed: the kernel part reused (or null: walked), and what keepPart reads of a walk. */
const last = {
  part: null as KernelPart | null, pi: false, clockRead: false, threadsClock: false, ph0: 0, ph1: 0,
  /** The parent's kept groups, when the kernel part was reused whole (part). */
  groups: null as (GroupPart | null)[] | null,
};

/**
 * The kernel part of the state last hashed, to keep with its node (call right after hashState):
 * the part it reused, or the one just walked, or null when it may not be reused.
 */
export function keptPart(arena: PartArena, s: Session): KernelPart | null {
  return last.part ?? keepPart(arena, s, forward, last.pi, piInPlay, last.clockRead, gh, GROUPS, kr, th);
}

/**
 * The groups of the kernel part of the state last hashed, to keep with its node (call right after
 * hashState): the parent's when the part was reused whole, else those kept or walked by the walk
 * (kernel-groups.ts keptGroups).
 */
export function keptGroupsOf(s: Session, sym: SymmetryInfo): (GroupPart | null)[] | null {
  return last.part !== null ? sameGroups(s, last.groups) : keptGroups(s, sym);
}

/**
 * Keep the thread hashes with the stamps of what they hash (thread state, task) and the page
 * data's hash of the state last hashed in `arena` (call right after hashState, `s` still that
 * state), as hashState reads them from its parent; returns their offset there, or -1 when a
 * thread's depends on the clock (which every step moves).
 */
export function keepHashes(arena: PartArena, s: Session): number {
  if (last.threadsClock) return -1;
  const n = s.threads.length;
  arena.reserve(PER_THREAD * n + 2);
  const off = arena.top;
  const b = arena.buf;
  const tasks = s.k.s.tasks;
  for (let tid = 0, at = off; tid < n; tid++, at += PER_THREAD) {
    b[at] = thash[2 * tid];
    b[at + 1] = thash[2 * tid + 1];
    putStamp(b, at + 2, s.threads[tid].stamp);
    putStamp(b, at + 4, tasks[tid].stamp);
  }
  b[off + PER_THREAD * n] = last.ph0;
  b[off + PER_THREAD * n + 1] = last.ph1;
  arena.top = off + PER_THREAD * n + 2;
  return off;
}

/**
 * Of `choices` (ascending tids), those worth stepping from the state last hashed (call right after
 * hashState): a thread is left out when an earlier choice is its twin in this state, that is, of
 * the same symmetry class, with an equal local state (equal segments), and neither named by the
 * kernel or the oracle (named in futex_qs, timers or waiter records; the PI part, when in play,
 * names tids by their text, so then no thread is left out). Such a state is unchanged by swapping
 * the two tids, so stepping the second gives the state that stepping the first gives with the two
 * tids swapped: symmetry encodes both the same, and the second step would only find a known state.
 */
export function twinsOf(choices: number[], sym: SymmetryInfo, pairs?: number[]): number[] {
  if (piInPlay || sym.symmetricThreads === 0 || choices.length < 2) return choices;
  let out: number[] | null = null;
  for (let i = 1; i < choices.length; i++) {
    const t = choices[i];
    const c = sym.classOf(t);
    let twin = false;
    if (c >= 0 && named.at[t] !== named.stamp) {
      for (let j = 0; j < i; j++) {
        const u = choices[j];
        if (sym.classOf(u) !== c || named.at[u] === named.stamp) continue;
        if (compareSegments(starts[u], ends[u], starts[t], ends[t]) === 0) {
          twin = true;
          pairs?.push(u, t); // t left out as u's twin (fair-cycle.ts withTwins)
          break;
        }
      }
    }
    if (twin && !out) out = choices.slice(0, i);
    else if (!twin && out) out.push(t);
  }
  return out ?? choices;
}
