// The integer vector a state is written into for hashing (issue #11: "a fixed-width integer
// vector per state, hashed to 64 bits"): one growable Int32Array reused for every state, and the
// writers that keep what is written injective (every value decodable from the sequence alone):
// - a number is one int when it is an int32 other than ESC, else ESC, a tag and two ints;
// - a string is its intern id (>= 0) or, once the intern table is full, -(length+1) and its
//   UTF-16 code units (an interned string is never written raw, so equal strings write equal);
// - page data (an Int32Array) is its length, its count of non-zero words and their (index, value)
//   pairs, cached per array: arrays are shared between states and never written in place once a
//   state holding them was encoded (the same contract as encode-kernel.ts wordsOf), or, under the
//   explorer's undo log of word stores (kernel/word-log.ts), written in place only through the
//   log, whose version then names their content. The cache is by identity and that version, at
//   the array's place among the state's page data (below).
// Composite values write their length or tag first (encode-vec.ts), so the concatenation of
// self-delimiting pieces is itself injective.

import type { WordLog } from '../kernel/word-log';
import { hashRangeOf, hashSegmentsOf, inModule, vectorView } from './hash64';

export const ESC = -2147483648;

/**
 * `a` is a view of the hash module's memory (hash64.ts vectorView) from the first growth or hash
 * on, so that hashSegments hashes it where it is; replaced, never detached, when it grows.
 */
export const vec = { a: new Int32Array(1 << 14), n: 0 };

/** `enabled`: the vector grows to exactly what is asked (tests: a write past the room made is then lost, and seen). */
export const exactGrowth = { enabled: false };

function grow(need: number): void {
  let len = exactGrowth.enabled ? vec.n + need : Math.max(1, vec.a.length) * 2;
  while (len < vec.n + need) len *= 2;
  vec.a = vectorView(vec.a, vec.n, len);
}

/** Make room for k more ints. */
export function reserve(k: number): void {
  if (vec.n + k > vec.a.length) grow(k);
}

/** Push a raw int32 (a tag, a length, a boolean). */
export function P(v: number): void {
  if (vec.n >= vec.a.length) grow(1);
  vec.a[vec.n++] = v;
}

const f64 = new Float64Array(1);
const f64i = new Int32Array(f64.buffer);

/** Push any JS number, injectively (-0 writes as 0, as `${-0}` does in the string encoding). */
export function N(v: number): void {
  if (vec.n + 4 > vec.a.length) grow(4);
  const a = vec.a;
  if ((v | 0) === v && v !== ESC) {
    a[vec.n++] = v;
    return;
  }
  f64[0] = v === 0 ? 0 : v;
  a[vec.n++] = ESC;
  a[vec.n++] = 1;
  a[vec.n++] = f64i[0];
  a[vec.n++] = f64i[1];
}

/** Interned strings: state strings are names and kinds from the program, a small set. */
const interned = new Map<string, number>();
const INTERN_MAX = 1 << 16;

/** The intern id of `s` (interned now if the table has room), or -1 once the table is full. */
export function SI(s: string): number {
  let id = interned.get(s);
  if (id === undefined) {
    if (interned.size >= INTERN_MAX) return -1;
    id = interned.size;
    interned.set(s, id);
  }
  return id;
}

export function S(s: string): void {
  const id = SI(s);
  if (id >= 0) return P(id);
  const len = s.length;
  if (vec.n + len + 1 > vec.a.length) grow(len + 1);
  vec.a[vec.n++] = -(len + 1);
  for (let i = 0; i < len; i++) vec.a[vec.n++] = s.charCodeAt(i);
}

/** A number or string Map key. */
export function K(k: number | string): void {
  if (typeof k === 'string') {
    P(1);
    S(k);
  } else {
    P(0);
    N(k);
  }
}

// The encodings of page data, by the array's identity, at its call position within a state's
// kernel part (wordsStart resets it; modulo SLOTS): the WAYS arrays last written there, most recent
// first. A DFS goes back to a state's arrays after a child's, so a few ways hit. It was a WeakMap:
// its set, one per copy-on-write copy of a page, cost as much as reading the 4 KB array (and its
// entries are ephemerons for the GC). Strong references: at most SLOTS * WAYS arrays are kept.
const SLOTS = 64;
const WAYS = 4;
const cacheKeys: (Int32Array | null)[] = new Array<Int32Array | null>(SLOTS * WAYS).fill(null);
/**
 * Each way's encoding, in the first cacheLens ints of its buffer. A miss writes into the buffer of
 * the way it evicts (made anew only when too small): under the undo log most page data is met at a
 * new version, so a miss is the common case, and a new array (slice) per encoding, then set into
 * the vector, cost 1.7% of the explorer's instructions at mutex3 N=3 (bench/instructions.ts).
 */
const cacheVals: (Int32Array | null)[] = new Array<Int32Array | null>(SLOTS * WAYS).fill(null);
const cacheLens = new Int32Array(SLOTS * WAYS);
const cacheVersions = new Float64Array(SLOTS * WAYS);
let call = 0;
let version = 0;
let log: WordLog | null = null;
/**
 * The cache's version for an array the log never touched (its content is then what it was at
 * its first encoding, whatever the log's version): valid while the log touches no new array.
 * Without a log, the version itself.
 */
let untouched = 0;

/**
 * A state's kernel part starts: page data is looked up from the first position. `v`: the version
 * of the kernel's undo log of word stores (kernel/word-log.ts), 0 without one (page data is then
 * copied before any store once encoded, so its identity names its content).
 */
export function wordsStart(v = 0, words: WordLog | null = null): void {
  call = 0;
  version = v;
  log = words;
  untouched = words === null ? v : -(words.arraysTouched + 1);
}

/** Forget the encodings cached by position (the candidate words kept; tests: page data is then read from them). */
export function forgetEncodings(): void {
  cacheKeys.fill(null);
  cacheVals.fill(null);
}

/** Forget every cached encoding and candidate list (the plain version the caches are tested against). */
export function clearWordsCache(): void {
  forgetEncodings();
  summaries = new WeakMap();
  lastData = null;
  lastSummary = null;
}

export function W(d: Int32Array): void {
  const base = (call++ & (SLOTS - 1)) * WAYS;
  let w = 0;
  for (; w < WAYS; w++) {
    if (cacheKeys[base + w] === d && (cacheVersions[base + w] === version || cacheVersions[base + w] === untouched)) break;
  }
  let c: Int32Array;
  let len: number;
  if (w < WAYS) {
    c = cacheVals[base + w]!;
    len = cacheLens[base + w];
  } else {
    w = WAYS - 1;
    len = log !== null ? fromCandidates(d, log) : scan(d);
    // Into the evicted way's buffer, which nothing else holds.
    let buf = cacheVals[base + w];
    if (buf === null || buf.length < len) buf = new Int32Array(len < 16 ? 16 : len);
    for (let i = 0; i < len; i++) buf[i] = pairs[i];
    c = buf;
  }
  // To the front of its position's ways (the last one falls out on a miss).
  for (let m = base + w; m > base; m--) {
    cacheKeys[m] = cacheKeys[m - 1];
    cacheVals[m] = cacheVals[m - 1];
    cacheLens[m] = cacheLens[m - 1];
    cacheVersions[m] = cacheVersions[m - 1];
  }
  cacheKeys[base] = d;
  cacheVals[base] = c;
  cacheLens[base] = len;
  cacheVersions[base] = untouched !== version && log!.touched(d) === undefined ? untouched : version;
  if (vec.n + len > vec.a.length) grow(len);
  if (wordsSeen.on) {
    const i = wordsSeen.n++;
    wordsSeen.at[i] = vec.n;
    wordsSeen.end[i] = vec.n + len;
    wordsSeen.data[i] = d;
  }
  const a = vec.a;
  let n = vec.n;
  for (let i = 0; i < len; i++) a[n++] = c[i];
  vec.n = n;
}

/**
 * The encoding of `d` into `pairs` by reading it whole; returns its length. One pass: eight
 * words at a time, tested together: page data is mostly zeros, and an array is read whole at its
 * first encoding, that is after nearly every copy-on-write copy (the scan was the hottest loop of
 * the kernel part's encoding, ~5% of the explorer's time).
 */
function scan(d: Int32Array): number {
  const len = d.length;
  if (pairs.length < 2 + 2 * len) pairs = new Int32Array(2 + 2 * len);
  let j = 2;
  let i = 0;
  for (const end = len - (len & 7); i < end; i += 8) {
    if ((d[i] | d[i + 1] | d[i + 2] | d[i + 3] | d[i + 4] | d[i + 5] | d[i + 6] | d[i + 7]) === 0) continue;
    for (let m = i; m < i + 8; m++) {
      const w = d[m];
      if (w !== 0) { pairs[j++] = m; pairs[j++] = w; }
    }
  }
  for (; i < len; i++) {
    const w = d[i];
    if (w !== 0) { pairs[j++] = i; pairs[j++] = w; }
  }
  pairs[0] = len;
  pairs[1] = (j - 2) >> 1;
  return j;
}

/**
 * While `on`: where each page data array was written into the vector (its start) and which, in
 * order (explore/kernel-part.ts keeps a kernel part with them, to write the page data again).
 */
export const wordsSeen = { on: false, n: 0, at: [] as number[], end: [] as number[], data: [] as Int32Array[] };

let pairs = new Int32Array(2 + 2 * 1024);

/**
 * Under an undo log of word stores (kernel/word-log.ts), the words of an array that can be
 * non-zero: those non-zero at its first encoding under this log, and every word the log stored
 * to since (a store, or the undo of one, changes only such a word; the frame's other stores, into
 * a frame of the current epoch, all come before the state holding it is first encoded). Sorted.
 */
interface Summary {
  log: WordLog;
  cand: number[];
  /** How many of the log's touched words of the array are merged into cand. */
  merged: number;
}

let summaries = new WeakMap<Int32Array, Summary>();
let lastData: Int32Array | null = null;
let lastSummary: Summary | null = null;

/** The encoding of `d` into `pairs`, read at its candidate words only (a full scan the first time); returns its length. */
function fromCandidates(d: Int32Array, words: WordLog): number {
  let s = lastData === d ? lastSummary : summaries.get(d) ?? null;
  const touched = words.touched(d);
  if (s === null || s.log !== words) {
    const cand: number[] = [];
    for (let i = 0; i < d.length; i++) if (d[i] !== 0 || (touched !== undefined && touched.seen[i] === 1)) cand.push(i);
    s = { log: words, cand, merged: touched === undefined ? 0 : touched.list.length };
    summaries.set(d, s);
  } else if (touched !== undefined && touched.list.length > s.merged) {
    const cand = s.cand;
    for (let k = s.merged; k < touched.list.length; k++) {
      // Into the sorted list, once (a word non-zero at the first encoding may be touched later).
      const x = touched.list[k];
      let j = cand.length;
      while (j > 0 && cand[j - 1] > x) j--;
      if (j > 0 && cand[j - 1] === x) continue;
      cand.splice(j, 0, x);
    }
    s.merged = touched.list.length;
  }
  lastData = d;
  lastSummary = s;
  const cand = s.cand;
  if (pairs.length < 2 + 2 * cand.length) pairs = new Int32Array(2 + 2 * cand.length);
  let j = 2;
  for (let k = 0; k < cand.length; k++) {
    const i = cand[k];
    const w = d[i];
    if (w !== 0) { pairs[j++] = i; pairs[j++] = w; }
  }
  pairs[0] = d.length;
  pairs[1] = (j - 2) >> 1;
  return j;
}

/** Compare the vector's segments [a0, a1) and [b0, b1) (lexicographically, then by length). */
export function compareSegments(a0: number, a1: number, b0: number, b1: number): number {
  const a = vec.a;
  const la = a1 - a0;
  const lb = b1 - b0;
  const l = la < lb ? la : lb;
  for (let i = 0; i < l; i++) {
    const d = a[a0 + i] - a[b0 + i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la - lb;
}

/**
 * XXH64 of the segments [starts[i], ends[i]) in the order given, that is of their ints
 * concatenated (as little-endian bytes), by the WebAssembly module the vector lives in (hash64.ts:
 * in place when the segments follow each other, else gathered by the module). The low 32 bits to
 * `out[0]`, the high to `out[1]`. A 64-bit hash that behaves uniformly: the birthday bound the
 * explorer reports (state-table.ts, n^2 / 2^64 for a hash of parts' hashes) holds for it.
 */
export function hashSegments(starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, out: Int32Array): void {
  let total = 0;
  for (let s = 0; s < count; s++) if (ends[s] > starts[s]) total += ends[s] - starts[s];
  // The vector moves into the module's memory at the first hash (or with room to gather more than
  // its length, which only overlapping segments would need): the same event as a growth.
  if (!inModule(vec.a) || total > vec.a.length) vec.a = vectorView(vec.a, vec.n, Math.max(vec.a.length, total));
  hashSegmentsOf(vec.a, starts, ends, count, out);
}

/** XXH64 of the vector's ints [start, end) (hashSegments of that one segment), to out[at], out[at + 1]. */
export function hashRange(start: number, end: number, out: Int32Array, at: number): void {
  if (!inModule(vec.a)) vec.a = vectorView(vec.a, vec.n, vec.a.length);
  hashRangeOf(start, end, out, at);
}
