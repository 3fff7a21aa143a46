// The kernel part of a state's hash (encode-hash.ts), walked in pieces: each group of kernel
// state fields under a write stamp (encode-vec.ts KERNEL_GROUPS: the page frames and page cache,
// the mms, the processes; kernel/vm-stamp.ts), then the rest (futexes, timers, counts). A group
// of the parent's state whose stamp this state still holds is not walked: its structure's hash
// is the parent's, and its page data is written again from the same arrays (kernel-part.ts
// GroupPart). Steps that touch the kernel mostly write none of the groups (a futex wait or wake)
// or one (a thread's exit writes its mm's users), and the groups were most of the kernel part.
//
// The hashes: each group's structure (its ints with the page data pieces cut out, as
// kernel-part.ts explains), the rest's structure, and the page data pieces of all of them in
// order. A group kept writes its page data where a walk would: the same pieces, in the same order.

import type { Session } from '../session/session';
import type { KernelState } from '../kernel/state';
import type { SymmetryInfo } from './encode';
import { KERNEL_GROUPS, kernelReadClock, startKernelState, writeKernelGroup, writeKernelRest } from './encode-vec';
import { kernelPartReuse, recordWords, type GroupPart } from './kernel-part';
import { vec, W, hashSegments, wordsSeen } from './vec';

/** How many groups (two ints of gh each). */
export const GROUPS = KERNEL_GROUPS.length;
const G = GROUPS;
/** Of the kernel part last walked or kept: each group's structure hash (two ints), the rest's, the page data's. */
export const gh = new Int32Array(2 * G);
export const kr = new Int32Array(2);
export const ph = new Int32Array(2);

/**
 * Each group's stamp in a kernel state, by index (the fields vm-stamp.ts writes). Generated from
 * the names once: a load by a name only known at run time (`st[name]`) was a keyed lookup at every
 * group of every state hashed, 1.6% of the explorer's time at mutex3 N=5; a switch over named
 * loads is not.
 */
const stampIn = new Function('st', 'g', `switch (g) { ${KERNEL_GROUPS.map((name, g) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`kernel-groups: stamp field ${JSON.stringify(name)} is not a plain name`);
  return `case ${g}: return st.${name};`;
}).join(' ')} } return -1;`) as (st: KernelState, g: number) => number;
const stampOf = (s: Session, g: number): number => stampIn(s.k.s, g);

/** Of the walk last made: where each group's ints begin (bounds[G]: the rest's), its first page data piece, whether walked, whether it read the clock. */
const bounds = new Int32Array(G + 1);
const dataAt = new Int32Array(G + 1);
const walked = new Uint8Array(G);
const clocked = new Uint8Array(G);
let lastKept: (GroupPart | null)[] | null = null;
let gapStart = new Int32Array(64);
let gapEnd = new Int32Array(64);
const tmp = new Int32Array(2);

/**
 * Walk the kernel part of `s` (tids renamed by `forward`) into the vector and hash it to gh, kr and
 * ph; a group of `kept` (the parent's, kept with the identity renaming of `n` threads) whose stamp
 * `s` holds is kept instead of walked. Returns whether a queued futex_q has PI fields;
 * kernelPartClock() then says whether the part has a value relative to the clock.
 */
export function walkKernel(s: Session, sym: SymmetryInfo, forward: number[], kept: (GroupPart | null)[] | null, n: number): boolean {
  const start = vec.n;
  recordWords(true);
  startKernelState(s.k.s, forward, s.k.words);
  let clock = false;
  for (let g = 0; g < G; g++) {
    bounds[g] = g === 0 ? start : vec.n;
    dataAt[g] = wordsSeen.n;
    const p = kept === null ? null : kept[g];
    if (p !== null && p.stamp === stampOf(s, g) && p.n === n) {
      for (let i = 0; i < p.data.length; i++) W(p.data[i]);
      gh[2 * g] = p.k0;
      gh[2 * g + 1] = p.k1;
      walked[g] = 0;
      clocked[g] = 0;
      kernelPartReuse.groupsAcross++;
    } else {
      walked[g] = 1;
      clocked[g] = writeKernelGroup(s.k.s, g) ? 1 : 0;
      if (clocked[g] === 1) clock = true;
    }
  }
  bounds[G] = vec.n;
  dataAt[G] = wordsSeen.n;
  const pi = writeKernelRest(s.k.s);
  recordWords(false);
  partClock = clock || kernelReadClock();
  lastKept = kept;
  hashPieces(vec.n, grouped(sym));
  return pi;
}

let partClock = false;

/** Whether the kernel part last walked has a value relative to the clock. */
export const kernelPartClock = (): boolean => partClock;

/**
 * Whether a search keeps groups (keptGroups): then each group's structure is hashed apart. Else
 * (thread symmetry: the renaming of a kept group may differ; the same for every state of a
 * search) the groups' structure is hashed as one, to gh's first two ints (the others 0): one
 * hash, not one per group.
 */
const grouped = (sym: SymmetryInfo): boolean => sym.symmetricThreads === 0;

/** The structure hash of each group walked (to gh; of them all when not `apart`) and of the rest (to kr), the page data's (to ph). */
function hashPieces(end: number, apart: boolean): void {
  const m = wordsSeen.n;
  if (gapStart.length < m + 2) {
    gapStart = new Int32Array(2 * (m + 2));
    gapEnd = new Int32Array(2 * (m + 2));
  }
  let i = 0;
  if (!apart) {
    gh.fill(0);
    i = gapsOf(0, bounds[0], bounds[G]);
    hashSegments(gapStart, gapEnd, gaps, tmp);
    gh[0] = tmp[0];
    gh[1] = tmp[1];
  } else {
    for (let g = 0; g < G; g++) {
      i = gapsOf(i, bounds[g], bounds[g + 1]);
      if (walked[g] === 0) continue;
      hashSegments(gapStart, gapEnd, gaps, tmp);
      gh[2 * g] = tmp[0];
      gh[2 * g + 1] = tmp[1];
    }
  }
  gapsOf(i, bounds[G], end);
  hashSegments(gapStart, gapEnd, gaps, kr);
  hashSegments(wordsSeen.at, wordsSeen.end, m, ph);
}

let gaps = 0;

/**
 * The structure's pieces of [lo, hi): the ints there but the page data pieces (from the i-th
 * recorded on), to gapStart and gapEnd, their count to `gaps`; returns the first piece past hi.
 */
function gapsOf(i: number, lo: number, hi: number): number {
  const m = wordsSeen.n;
  let k = 0;
  let from = lo;
  for (; i < m && wordsSeen.at[i] < hi; i++) {
    gapStart[k] = from;
    gapEnd[k++] = wordsSeen.at[i];
    from = wordsSeen.end[i];
  }
  gapStart[k] = from;
  gapEnd[k++] = hi;
  gaps = k;
  return i;
}

/**
 * The groups of the kernel part last walked, to keep with its node (call right after hashState):
 * those kept from the parent, and those walked as new GroupParts (none with a value relative to
 * the clock); null under thread symmetry (the renaming may differ). Without the undo log of word
 * stores too: a page's data array is then replaced when written, which is a write of its page
 * (fault.ts writablePage calls pagesWritten), and written in place only while no encoded state
 * holds it (vec.ts W).
 */
export function keptGroups(s: Session, sym: SymmetryInfo): (GroupPart | null)[] | null {
  if (!grouped(sym)) return null;
  let any = false;
  for (let g = 0; g < G; g++) if (walked[g] === 1) any = true;
  if (!any) return lastKept;
  const out = new Array<GroupPart | null>(G);
  const n = s.threads.length;
  for (let g = 0; g < G; g++) {
    if (walked[g] === 0) out[g] = lastKept![g];
    else if (clocked[g] === 1) out[g] = null;
    else {
      const data = new Array<Int32Array>(dataAt[g + 1] - dataAt[g]);
      for (let i = 0; i < data.length; i++) data[i] = wordsSeen.data[dataAt[g] + i];
      out[g] = { stamp: stampOf(s, g), n, k0: gh[2 * g], k1: gh[2 * g + 1], data };
    }
  }
  return out;
}

/**
 * The groups of a parent, kept for a child reached by quiet steps (its kernel part reused whole):
 * the same, while their stamps hold (quiet steps write none).
 */
export function sameGroups(s: Session, kept: (GroupPart | null)[] | null): (GroupPart | null)[] | null {
  if (kept === null) return null;
  for (let g = 0; g < G; g++) {
    const p = kept[g];
    if (p !== null && p.stamp !== stampOf(s, g)) return null;
  }
  return kept;
}
