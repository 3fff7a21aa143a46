// The flat machine's state (issue #11; flat-machine.ts steps it): one Float64Array of the layout
// flat-program.ts gives, written in place with every write logged (restore: undo to a mark, as
// kernel/word-log.ts does for page words), and hashed incrementally (Zobrist hashing): the
// memory's hash is two 32-bit sums of a mix of (position, value) over its words, and each
// thread's the same over its part (positions relative to it), so a write changes one of them by
// the difference of two mixes and a step costs what it writes, not the vector's width. The
// state's hash is the memory's plus, for each thread, a mix of its hash and its key
// (flat-program.ts threadKey): a sum, so threads of one symmetry class (one key) with their parts
// exchanged hash the same, and that is the symmetry reduction (encode.ts: interchangeable
// threads); a thread of no class has a key of its own.

import type { FlatProgram } from './flat-program';

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class FlatVector {
  readonly v: Float64Array;
  /** The memory's hash lanes. */
  private m1 = 0;
  private m2 = 0;
  /** Each thread's hash lanes (over its part, positions relative to it). */
  private readonly t1: Int32Array;
  private readonly t2: Int32Array;
  /** The undo log: positions and old values. */
  private logPos = new Int32Array(1024);
  private logVal = new Float64Array(1024);
  logTop = 0;
  private readonly memBase: number;

  constructor(readonly p: FlatProgram) {
    this.v = p.init.slice();
    this.memBase = p.threads * p.perThread;
    this.t1 = new Int32Array(p.threads);
    this.t2 = new Int32Array(p.threads);
    for (let i = 0; i < this.v.length; i++) if (this.v[i] !== 0) this.add(i, this.v[i], 1);
  }

  // A position's term in each sum; a zero is no term, so the zeros of a fresh vector cost nothing.
  private mix1(pos: number, x: number): number {
    let lo: number;
    let hi: number;
    if ((x | 0) === x) { lo = x; hi = 0; } else { f64[0] = x; lo = i32[0]; hi = i32[1] ^ 0x5bd1e995; }
    return fmix(fmix(Math.imul(pos, 0x9e3779b1) ^ lo) + Math.imul(hi, 0x27d4eb2f) + 0x165667b1);
  }

  private mix2(pos: number, x: number): number {
    let lo: number;
    let hi: number;
    if ((x | 0) === x) { lo = x; hi = 0; } else { f64[0] = x; lo = i32[0]; hi = i32[1] ^ 0x1b873593; }
    return fmix(fmix(Math.imul(pos + 0x3c6ef372, 0x85ebca77) ^ Math.imul(lo, 0xcc9e2d51)) ^ Math.imul(hi + 1, 0x61c88647));
  }

  /** Add (sign 1) or take away (-1) the term of value x at pos from its hash. */
  private add(pos: number, x: number, sign: number): void {
    if (pos >= this.memBase) {
      this.m1 = (this.m1 + sign * this.mix1(pos, x)) | 0;
      this.m2 = (this.m2 + sign * this.mix2(pos, x)) | 0;
      return;
    }
    const t = (pos / this.p.perThread) | 0;
    const r = pos - t * this.p.perThread;
    this.t1[t] = (this.t1[t] + sign * this.mix1(r, x)) | 0;
    this.t2[t] = (this.t2[t] + sign * this.mix2(r, x)) | 0;
  }

  /** The state's hash lanes into out[0], out[1]: the memory's, plus each thread's mixed with its key. */
  hash(out: Int32Array): void {
    let h1 = this.m1;
    let h2 = this.m2;
    const keys = this.p.threadKey;
    for (let t = 0; t < keys.length; t++) {
      const a = this.t1[t];
      const b = this.t2[t];
      const k = keys[t];
      h1 = (h1 + fmix(fmix(a ^ Math.imul(k, 0x2545f491)) + Math.imul(b, 0x9e3779b1) + 0x7f4a7c15)) | 0;
      h2 = (h2 + fmix(fmix(b + Math.imul(k + 0x68e31da4, 0x85ebca6b)) ^ Math.imul(a, 0xc2b2ae35))) | 0;
    }
    out[0] = h1;
    out[1] = h2;
  }

  /** Write a position, logged, the hashes kept. */
  w(pos: number, x: number): void {
    const v = this.v;
    const old = v[pos];
    if (old === x) return;
    if (this.logTop === this.logPos.length) this.growLog();
    this.logPos[this.logTop] = pos;
    this.logVal[this.logTop++] = old;
    if (old !== 0) this.add(pos, old, -1);
    if (x !== 0) this.add(pos, x, 1);
    v[pos] = x;
  }

  private growLog(): void {
    const pos = new Int32Array(this.logPos.length * 2);
    pos.set(this.logPos);
    const val = new Float64Array(this.logVal.length * 2);
    val.set(this.logVal);
    this.logPos = pos;
    this.logVal = val;
  }

  /** Ints saveLanes writes: the memory's lanes and every thread's. */
  get laneCount(): number {
    return 2 + 2 * this.p.threads;
  }

  /** The hash lanes into `to` at `at` (a state's, kept by the search to undo to). */
  saveLanes(to: Int32Array, at: number): void {
    to[at] = this.m1;
    to[at + 1] = this.m2;
    const n = this.p.threads;
    for (let t = 0; t < n; t++) {
      to[at + 2 + 2 * t] = this.t1[t];
      to[at + 3 + 2 * t] = this.t2[t];
    }
  }

  /** Undo the writes after `mark`, and set the hash lanes saved with that state. */
  undoTo(mark: number, from: Int32Array, at: number): void {
    const v = this.v;
    for (let i = this.logTop - 1; i >= mark; i--) v[this.logPos[i]] = this.logVal[i];
    this.logTop = mark;
    this.m1 = from[at];
    this.m2 = from[at + 1];
    const n = this.p.threads;
    for (let t = 0; t < n; t++) {
      this.t1[t] = from[at + 2 + 2 * t];
      this.t2[t] = from[at + 3 + 2 * t];
    }
  }

  /** Whether threads a and b have equal parts (twins when of one class: flat-search.ts). */
  sameThread(a: number, b: number): boolean {
    if (this.t1[a] !== this.t1[b] || this.t2[a] !== this.t2[b]) return false;
    const v = this.v;
    const w = this.p.perThread;
    const x = this.p.threadBase[a];
    const y = this.p.threadBase[b];
    for (let i = 0; i < w; i++) if (v[x + i] !== v[y + i]) return false;
    return true;
  }
}
