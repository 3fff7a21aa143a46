// A state's identity as a 64-bit hash of its integer vector (issue #11): the same parts, rules
// and symmetry as the string encoding of encode.ts (threads' local states, sorted within each
// symmetry class; the kernel with tids renamed; the PI part; the oracle's records), written as
// int32s into one reused buffer (vec.ts) instead of strings, and hashed to 64 bits (XXH64 in
// WebAssembly, over the buffer where it lives: vec.ts hashSegments, hash64.ts).
//
// Thread symmetry sorts the twins' local segments by comparing their ints (encode.ts compares
// their strings): another canonical order of the same orbit, so both encodings merge exactly the
// same states (test/explore/state-table.test.ts compares their counts of distinct states).

import type { Session } from '../session/session';
import type { ThreadState } from '../session/interp';
import type { SymmetryInfo } from './encode';
import { encodePi } from './encode-pi';
import { kernelReadClock, named, writeKernelState, writeTask } from './encode-vec';
import { checkReplay, keepPart, kernelPartReuse, recordWords, replayPart, sameRenaming, type KernelPart, type PartArena } from './kernel-part';
import { writeOracle } from './encode-oracle';
import { canonicalPcs } from './position';
import { vec, P, N, ESC, reserve, compareSegments, hashSegments } from './vec';

let starts = new Int32Array(64);
let ends = new Int32Array(64);
let segStart = new Int32Array(65);
let segEnd = new Int32Array(65);

function writeLocal(s: Session, th: ThreadState, sym: SymmetryInfo, canon: Int32Array[]): void {
  const k = s.k;
  const t = k.s.tasks[th.tid];
  writeTask(k.s, th.tid, th.pendingSlot === -2 && t.state === 'runnable');
  const frames = th.frames;
  if (!framesFast.enabled) return writeFramesPlain(th, sym, canon);
  // The same ints as writeFramesPlain, stored straight into the vector: room for the most a
  // frame takes (a number is at most 4 ints, vec.ts N; pcs and slots are int32 and take 1).
  reserve(2);
  let a = vec.a;
  let n = vec.n;
  a[n++] = frames.length;
  for (let fi = 0; fi < frames.length; fi++) {
    const f = frames[fi];
    const regs = f.regs;
    const room = 5 + 5 * regs.length;
    if (n + room > a.length) {
      vec.n = n;
      reserve(room);
      a = vec.a;
    }
    const pc = canon[f.unit][f.pc]; // a blocked thread resting on a jump: where it resumes (position.ts)
    const live = sym.live[f.unit][pc];
    const dead = fi < frames.length - 1 ? frames[fi + 1].retSlot : th.pendingSlot;
    a[n++] = sym.unitClass[f.unit];
    a[n++] = pc;
    a[n++] = regs.length;
    for (let r = 0; r < regs.length; r++) {
      if (live && live[r] && r !== dead) {
        a[n++] = 1;
        const v = regs[r];
        if ((v | 0) === v && v !== ESC) a[n++] = v;
        else {
          vec.n = n;
          N(v);
          a = vec.a;
          n = vec.n;
        }
      } else a[n++] = 0;
    }
    a[n++] = f.retSlot;
  }
  a[n++] = th.pendingSlot;
  vec.n = n;
}

/** `enabled = false`: frames written int by int through P and N (the plain version, test/explore/encode-fast.test.ts). */
export const framesFast = { enabled: true };

function writeFramesPlain(th: ThreadState, sym: SymmetryInfo, canon: Int32Array[]): void {
  const frames = th.frames;
  P(frames.length);
  for (let fi = 0; fi < frames.length; fi++) {
    const f = frames[fi];
    const pc = canon[f.unit][f.pc]; // a blocked thread resting on a jump: where it resumes (position.ts)
    const live = sym.live[f.unit][pc];
    const dead = fi < frames.length - 1 ? frames[fi + 1].retSlot : th.pendingSlot;
    P(sym.unitClass[f.unit]);
    N(pc);
    const regs = f.regs;
    P(regs.length);
    for (let r = 0; r < regs.length; r++) {
      if (live && live[r] && r !== dead) { P(1); N(regs[r]); } else P(0);
    }
    N(f.retSlot);
  }
  N(th.pendingSlot);
}

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

/**
 * Hash the live state of `s` into out[0], out[1]. `reuse`: a kernel part kept at a state from
 * which the kernel changed only by words stored into page data (kernel-part.ts): written from
 * there rather than by walking the kernel, when its tid renaming is today's.
 */
export function hashState(s: Session, sym: SymmetryInfo, out: Int32Array, reuse: KernelPart | null = null): void {
  const n = s.threads.length;
  if (starts.length < n) {
    starts = new Int32Array(n * 2);
    ends = new Int32Array(n * 2);
    segStart = new Int32Array(n * 2 + 1);
    segEnd = new Int32Array(n * 2 + 1);
  }
  vec.n = 0;
  const canon = canonicalPcs(s.program);
  for (let tid = 0; tid < n; tid++) {
    starts[tid] = vec.n;
    writeLocal(s, s.threads[tid], sym, canon);
    ends[tid] = vec.n;
  }
  if (forward.length !== n) forward.length = n;
  for (let tid = 0; tid < n; tid++) forward[tid] = tid;
  for (const tids of groupsOf(sym, n)) {
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
  if (inverse.length !== n) inverse.length = n;
  for (let tid = 0; tid < n; tid++) inverse[forward[tid]] = tid;
  const kStart = vec.n;
  let piQueued: boolean;
  if (reuse !== null && kernelPartReuse.enabled && sameRenaming(reuse, forward)) {
    piQueued = replayPart(s, reuse);
    if (kernelPartReuse.check) checkReplay(s, reuse, kStart, forward);
    last.part = reuse;
  } else {
    recordWords(true);
    piQueued = writeKernelState(s.k.s, forward, s.k.words);
    recordWords(false);
    last.part = null;
    last.clockRead = kernelReadClock();
  }
  last.start = kStart;
  last.end = vec.n;
  last.pi = piQueued;
  const o = s.oracle.pi;
  piInPlay = piQueued || s.k.s.pi.states.length > 0 || o.blocked.size > 0 || o.dangling.size > 0;
  if (piInPlay) {
    const t = encodePi(s, forward);
    P(t.length + 1);
    for (let i = 0; i < t.length; i++) P(t.charCodeAt(i));
  } else P(0);
  writeOracle(s, forward);
  for (let c = 0; c < n; c++) {
    segStart[c] = starts[inverse[c]];
    segEnd[c] = ends[inverse[c]];
  }
  segStart[n] = kStart;
  segEnd[n] = vec.n;
  hashSegments(segStart, segEnd, n + 1, out);
}

let piInPlay = false;

/** The kernel part of the state last hashed: where it is in the vector, and the part replayed. */
const last = { part: null as KernelPart | null, start: 0, end: 0, pi: false, clockRead: false };

/**
 * The kernel part of the state last hashed, to keep with its node (call right after hashState):
 * the part it was replayed from, or the one just walked, or null when it may not be replayed.
 */
export function keptPart(arena: PartArena, s: Session): KernelPart | null {
  if (!kernelPartReuse.enabled) return null;
  return last.part ?? keepPart(arena, s, last.start, last.end, forward, last.pi, last.clockRead);
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
export function twinsOf(choices: number[], sym: SymmetryInfo): number[] {
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
        if (compareSegments(starts[u], ends[u], starts[t], ends[t]) === 0) { twin = true; break; }
      }
    }
    if (twin && !out) out = choices.slice(0, i);
    else if (!twin && out) out.push(t);
  }
  return out ?? choices;
}
