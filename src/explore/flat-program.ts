// The flat explorer's class of programs and their state layout (issue #11: "a fixed-width integer
// vector per state ... restore by an undo log ... compiled transitions"). A scenario is in the
// class when its whole kernel state reduces to page words and futex queues keyed by address: one
// process, anonymous read-write mappings, threads running atomics, branches, calls, asserts,
// prints, yields and futex_wait (no timeout) / futex_wake, all private or all shared, under `modern`. For
// such a program every state is one Float64Array of fixed width (flat-machine.ts steps it), and
// nothing the interpreter's kernel keeps beside it (page frames and their presence, the clock,
// the step count, the run queue's order, events, the oracle's records) can change what a later
// step does or what the oracle says:
// - a private key is (mm, address) without a page lookup (get_futex_key's `if (!fshared)` path);
//   a shared one on a private anonymous page is (mm, address) too, the page faulted in for write
//   first (FOLL_WRITE breaks the zero page: GROUND-TRUTH S6, S21 row M), and on the one mapping
//   of a MAP_SHARED|MAP_ANONYMOUS object (inode, pgoff), one address each: so within one mm and
//   one kind of op, keys are equal exactly when addresses are;
// - the reference identity of a word is then its address too: no wrong, missed or stale wake-up
//   can happen, and modern pins nothing;
// - no timer, signal, PI state or priority: the clock and the run queue's order decide nothing
//   (the explorer steps runnable threads in tid order, search.ts).
// Anything else (another process, a file, an event, a fault...) goes to the interpreter's search,
// as does a step the flat machine meets at run time outside the class (a bad address, a division
// by zero, a return from a thread's block): it throws FlatFallback and the search starts over the
// plain way (flat-search.ts).
//
// Layout of the vector (Float64: registers hold integers up to 2^53):
//   per thread: status, pendingSlot, depth, waitAddr, rank, then maxDepth frames of
//               [unit, pc, retSlot, registers x regsMax];
//   then every word of every mapping, in mapping order.
// A futex queue is held as each waiter's address and rank (its place among the waiters of that
// address): a wake reaches ranks 0..n-1 of its key, as the kernel's FIFO plist of equal
// priorities does (waitwake.ts case [6]).

import type { CodeUnit, Program } from '../session/program';
import type { Session } from '../session/session';
import { CHECK_MASK } from '../session/call-frames';
import { PAGE_SIZE } from '../kernel/types';
import { canonicalPcs } from './position';
import type { Liveness } from './liveness';
import { symmetryOf } from './encode';
import { localKind } from './local';
import { jumpTable } from '../session/fast-step';

/** Thrown by the flat machine at a step outside its class: the search is redone the plain way. */
export class FlatFallback extends Error {}

export const RUNNABLE = 0;
export const BLOCKED = 1;
export const ENDED = 2;

/** Offsets in a thread's part. */
export const STATUS = 0;
export const PENDING = 1;
export const DEPTH = 2;
export const WAIT_ADDR = 3;
export const RANK = 4;
export const HEAD = 5;
/** Offsets in a frame. */
export const F_UNIT = 0;
export const F_PC = 1;
export const F_RET = 2;
export const F_REGS = 3;

export interface FlatVma {
  start: number;
  end: number;
  /** Index in the vector of its first word. */
  base: number;
}

export interface FlatProgram {
  program: Program;
  units: CodeUnit[];
  names: string[];
  threads: number;
  /** Offset of each thread's part, and its width. */
  threadBase: number[];
  perThread: number;
  /**
   * Each thread's key in the state's hash (flat-machine.ts): its symmetry class when it has one
   * (encode.ts symmetryOf: threads of one class are interchangeable), else one of its own.
   */
  threadKey: number[];
  /** Its symmetry class, or -1. */
  classOf: number[];
  /**
   * Unit -> the first unit with the same code (encode.ts) and the same frame size: frames hold
   * these. The encoders write a frame's unit class and its register count (encode-local.ts), so
   * `fn f(w)` and `fn g(w, b)` with one body (b unused) are one class there but frames of two
   * sizes, told apart; and a class's unit must have the frame's size, or canonical() leaves the
   * registers past it (b) unzeroed.
   */
  unitClass: number[];
  maxDepth: number;
  regsMax: number;
  frameWidth: number;
  vmas: FlatVma[];
  mapAddr: Map<string, number>;
  width: number;
  /** The initial state (the session's after setup). */
  init: Float64Array;
  canon: Int32Array[];
  live: Liveness;
  /** The target of each structural jump (not a step) by unit and pc, or -1. */
  jumps: Int32Array[];
  /** local.ts localKind of each instruction by unit and pc (the end of a unit: 0). */
  local: Int8Array[];
  maxSteps: number;
  /** option max_output: a path that prints past it goes the plain way (output-limit). */
  maxOutput: number;
}

/** Most threads: runnable sets are bits of an int (fair-cycle.ts does the same). */
const MAX_THREADS = 30;
/** Most words of all mappings together (64 pages): the initial hash walks them once. */
const MAX_WORDS = 1 << 16;

/** Why a static part of the program is outside the class, or null. */
function staticReason(program: Program): string | null {
  if (program.files.length > 0) return 'files';
  if (program.processes.length !== 1) return 'more than one process';
  const p = program.processes[0];
  if (p.threads.length > MAX_THREADS) return 'too many threads';
  for (const t of p.threads) if (t.sched.policy !== 'other' || t.sched.nice !== 0) return 'a scheduling attribute';
  for (const s of p.setup) if (s.kind === 'map' && (s.decl.backing !== 'anon' || !s.decl.write)) return 'a mapping that is not anonymous read-write';
  const kinds = new Set<boolean>();
  for (const u of program.units) {
    for (const ins of u.code) {
      switch (ins.op) {
        case 'branch': case 'jump': case 'store': case 'return': case 'assert': case 'yield': case 'print':
          continue;
        case 'set':
          switch (ins.rhs.kind) {
            case 'expr': case 'load': case 'cas': case 'xchg': case 'fetch_add': case 'fetch_sub': case 'call':
              continue;
            case 'futex_wait':
              if (ins.rhs.timeout !== undefined) return 'a timed futex_wait';
              kinds.add(ins.rhs.priv);
              continue;
            case 'futex_wake':
              kinds.add(ins.rhs.priv);
              continue;
            default:
              return `${ins.rhs.kind}`;
          }
        default:
          return ins.op;
      }
    }
  }
  // A private and a shared op on one word have different keys (FUT_OFF_MMSHARED, or an inode):
  // the flat machine keys by address alone.
  if (kinds.size > 1) return 'private and shared futex ops';
  return null;
}

/**
 * The deepest call chain from each thread unit (frames), or -1 with recursion or a chain deeper
 * than CHECK_MASK (the class stops there, and so does this walk: a scenario of thousands of
 * functions each calling the next must not overflow the JavaScript stack here).
 */
function callDepth(program: Program): number {
  const memo = new Map<number, number>();
  const visiting = new Set<number>();
  const depth = (unit: number, level: number): number => {
    const known = memo.get(unit);
    if (known !== undefined) return known;
    if (visiting.has(unit) || level > CHECK_MASK) return -1;
    visiting.add(unit);
    let d = 1;
    for (const ins of program.units[unit].code) {
      if (ins.op !== 'set' || ins.rhs.kind !== 'call') continue;
      const c = depth(ins.rhs.unit, level + 1);
      if (c < 0) return -1;
      d = Math.max(d, 1 + c);
    }
    visiting.delete(unit);
    memo.set(unit, d);
    return d;
  };
  let max = 1;
  for (const t of program.processes[0].threads) {
    const d = depth(t.unit, 1);
    if (d < 0) return -1;
    max = Math.max(max, d);
  }
  return max;
}

/**
 * The program's flat form, from the session `s` just set up (its threads at their first
 * statements, its mappings made and stored to), or the reason it is outside the class.
 */
export function flatProgramOf(program: Program, s: Session, symmetry: boolean): FlatProgram | string {
  const why = staticReason(program);
  if (why !== null) return why;
  if (s.strategyId !== 'modern') return 'a strategy other than modern';
  const k = s.k.s;
  if (s.result !== null) return 'the run ended in its setup';
  if (k.timers.length > 0 || k.pi.states.length > 0 || k.mms.filter((m) => m != null).length !== 1) return 'kernel state';
  const maxDepth = callDepth(program);
  if (maxDepth < 0) return 'recursion';
  if (maxDepth >= s.opts.maxCallDepth || maxDepth >= CHECK_MASK) return 'call depth';
  const n = s.threads.length;
  if (n !== program.processes[0].threads.length || n !== k.tasks.length) return 'threads';
  for (let tid = 0; tid < n; tid++) {
    const t = k.tasks[tid];
    const th = s.threads[tid];
    if (t.state !== 'runnable' && t.state !== 'ended') return 'a thread not runnable at the start';
    if (t.sigpending || t.timer >= 0 || t.clearTid !== 0 || t.robustHead !== 0 || th.pendingSlot !== -2 || th.frames.length > 1) return 'a thread state';
  }
  const m = k.mms.find((x) => x != null)!;
  const vmas: FlatVma[] = [];
  let words = 0;
  for (const v of m.vmas) {
    if (v.backing !== 'anon' || !v.read || !v.write || v.nonlinear) return 'a mapping that is not anonymous read-write';
    vmas.push({ start: v.start, end: v.end, base: words });
    words += (v.end - v.start) / 4;
  }
  if (words > MAX_WORDS) return 'mappings too large';
  const sym = symmetryOf(program, symmetry);
  const regsMax = Math.max(1, ...program.units.map((u) => u.frameSize));
  const unitClass = program.units.map((u, i) => {
    const c = sym.unitClass[i];
    if (program.units[c].frameSize === u.frameSize) return c;
    return program.units.findIndex((x, j) => sym.unitClass[j] === c && x.frameSize === u.frameSize);
  });
  const frameWidth = F_REGS + regsMax;
  const perThread = HEAD + maxDepth * frameWidth;
  const threadBase = Array.from({ length: n }, (_, tid) => tid * perThread);
  const memBase = n * perThread;
  for (const v of vmas) v.base += memBase;
  const width = memBase + words;
  const init = new Float64Array(width);
  for (let tid = 0; tid < n; tid++) {
    const b = threadBase[tid];
    const t = k.tasks[tid];
    const f = s.threads[tid].frames[0];
    init[b + STATUS] = t.state === 'ended' ? ENDED : RUNNABLE;
    init[b + PENDING] = -2;
    init[b + DEPTH] = t.state === 'ended' ? 0 : 1;
    if (t.state === 'ended') continue;
    init[b + HEAD + F_UNIT] = unitClass[f.unit];
    init[b + HEAD + F_PC] = f.pc;
    init[b + HEAD + F_RET] = f.retSlot;
    for (let r = 0; r < f.regs.length; r++) init[b + HEAD + F_REGS + r] = f.regs[r];
  }
  for (const v of vmas) {
    for (let addr = v.start; addr < v.end; addr += PAGE_SIZE) {
      const pte = m.pt.get(addr / PAGE_SIZE);
      if (pte === undefined) continue; // not touched yet: reads as zeros
      if (pte < 0) return 'a swapped page';
      const data = k.pages[pte >> 1]!.data;
      const at = v.base + (addr - v.start) / 4;
      for (let i = 0; i < data.length; i++) init[at + i] = data[i];
    }
  }
  return {
    program, units: program.units, names: k.tasks.map((t) => t.name), threads: n, threadBase, perThread, maxDepth, regsMax, frameWidth,
    classOf: Array.from({ length: n }, (_, tid) => sym.classOf(tid)),
    threadKey: Array.from({ length: n }, (_, tid) => (sym.classOf(tid) >= 0 ? sym.classOf(tid) : 0x40000000 + tid)),
    unitClass,
    vmas, mapAddr: new Map(m.names), width, init, canon: canonicalPcs(program), live: sym.live,
    jumps: jumpTable(program), // the interpreter's own (fast-step.ts): what normalize follows
    local: program.units.map((u, unit) => Int8Array.from({ length: u.code.length + 1 }, (_, pc) => (pc < u.code.length ? localKind(program.units, unit, pc) : 0))),
    maxSteps: s.opts.maxSteps,
    maxOutput: s.opts.maxOutput,
  };
}
