// The canonical encoding of a whole state (kernel and threads) for state hashing: two states
// that no future can tell apart encode the same, so each is visited once.
//
// The kernel's part and each task are encoded from the state's one shape table (kernel/shape.ts,
// through encode-kernel.ts), which says for every field how it is encoded or why it is left out
// (the clock, step counter and allocation counters; the run-queue order, since the explorer picks
// any runnable thread). The event log is not state.

// Symmetry reduction: threads declared with identical code in the same process, started with
// the same registers, are interchangeable. Their local states are sorted and tids renamed before
// the global part is written, so permutations of identical threads encode once.

import type { Session } from '../session/session';
import type { ThreadState } from '../session/interp';
import type { Kernel } from '../kernel/kernel';
import type { Program } from '../session/program';
import { liveness, type Liveness } from './liveness';
import { encodePi } from './encode-pi';
import { exprIdentity, type CompiledExpr } from '../session/expr';
import { encodeKernelState, encodeTask } from './encode-kernel';
import { encodeOracle } from './encode-oracle';
import { canonicalPcs } from './position';

export interface SymmetryInfo {
  /** Unit id -> canonical unit id (the first unit with the same code). */
  unitClass: number[];
  /** Registers live at each instruction: dead ones are left out of the encoding. */
  live: Liveness;
  /** tid -> symmetry class (tids of one class are interchangeable), -1 for none. */
  classOf: (tid: number) => number;
  /** Number of threads that belong to a class of two or more. */
  symmetricThreads: number;
}

/**
 * A structural fingerprint of a code unit: its instructions without source positions, each
 * compiled expression by what it computes (exprIdentity), never by its closure's source text.
 */
function unitFingerprint(program: Program, unit: number): string {
  return JSON.stringify(program.units[unit].code, (key, v) => (key === 'range' ? undefined : typeof v === 'function' ? exprIdentity(v as CompiledExpr) : v));
}

/**
 * Threads of the scenario's process blocks whose code is identical (and that are started the
 * same way) form a class. Threads created later by fork/spawn are left alone (no class).
 */
export function symmetryOf(program: Program, enabled: boolean): SymmetryInfo {
  const fp = new Map<string, number>();
  const unitClass = program.units.map((_, u) => {
    const f = unitFingerprint(program, u);
    if (!fp.has(f)) fp.set(f, u);
    return fp.get(f)!;
  });
  // A thread named by a `signal` statement is not interchangeable with its twins.
  const signalled = new Set<string>();
  for (const u of program.units) for (const i of u.code) if (i.op === 'signal') signalled.add(i.thread);
  const classes = new Map<number, number>();
  let tid = 0;
  const sizes = new Map<number, number>();
  program.processes.forEach((p, pi) => {
    for (const t of p.threads) {
      const named = signalled.has(t.name) || signalled.has(`${p.name}/${t.name}`);
      // A thread with a priority is not interchangeable with a twin of another (sched is not in its code).
      const prioritized = t.sched.policy !== 'other' || t.sched.nice !== 0;
      const cls = named || prioritized ? -1 - tid : pi * 100000 + unitClass[t.unit];
      classes.set(tid++, cls);
      sizes.set(cls, (sizes.get(cls) ?? 0) + 1);
    }
  });
  let symmetricThreads = 0;
  for (const n of sizes.values()) if (n > 1) symmetricThreads += n;
  return {
    unitClass,
    live: liveness(program),
    classOf: (t) => (enabled && (sizes.get(classes.get(t) ?? -1) ?? 0) > 1 ? classes.get(t)! : -1),
    symmetricThreads: enabled ? symmetricThreads : 0,
  };
}

function threadLocal(k: Kernel, th: ThreadState, sym: SymmetryInfo, canon: Int32Array[]): string {
  const t = k.s.tasks[th.tid];
  // task.retval is dead once delivered (pendingSlot -2) unless the 2.6.0 two-step wait is pending.
  const retvalDead = th.pendingSlot === -2 && t.state === 'runnable';
  let s = encodeTask(k.s, th.tid, IDENTITY, retvalDead) + '|';
  for (let fi = 0; fi < th.frames.length; fi++) {
    const f = th.frames[fi];
    const pc = canon[f.unit][f.pc]; // a blocked thread resting on a jump: where it resumes (position.ts)
    const live = sym.live[f.unit][pc];
    // A caller's retSlot and a blocked call's pendingSlot are about to be overwritten.
    const dead = fi < th.frames.length - 1 ? th.frames[fi + 1].retSlot : th.pendingSlot;
    s += `${sym.unitClass[f.unit]}@${pc}:`;
    for (let r = 0; r < f.regs.length; r++) s += (live && live[r] && r !== dead ? f.regs[r] : '') + ',';
    s += `/${f.retSlot};`;
  }
  return s + `p${th.pendingSlot}`;
}

/** Task fields hold no tids (the table has none marked 'tid'): no renaming needed. */
const IDENTITY: number[] = [];

/** Encode the state of `s`. Also returns the canonical tid of each tid (for traces). */
export function encodeState(s: Session, sym: SymmetryInfo): string {
  const k = s.k;
  const n = s.threads.length;
  const locals: string[] = new Array(n);
  const canon = canonicalPcs(s.program);
  for (let tid = 0; tid < n; tid++) locals[tid] = threadLocal(k, s.threads[tid], sym, canon);
  const rename = canonicalTids(n, locals, sym);
  const parts: string[] = [];
  for (let c = 0; c < n; c++) parts.push(locals[rename.inverse[c]]);
  parts.push(encodeKernelState(k.s, rename.forward));
  parts.push(encodePi(s, rename.forward));
  parts.push(encodeOracle(s, rename.forward));
  return parts.join('\n');
}

function canonicalTids(n: number, locals: string[], sym: SymmetryInfo): { forward: number[]; inverse: number[] } {
  const forward = Array.from({ length: n }, (_, i) => i);
  const byClass = new Map<number, number[]>();
  for (let tid = 0; tid < n; tid++) {
    const c = sym.classOf(tid);
    if (c < 0) continue;
    const list = byClass.get(c);
    if (list) list.push(tid);
    else byClass.set(c, [tid]);
  }
  for (const tids of byClass.values()) {
    const sorted = [...tids].sort((a, b) => (locals[a] < locals[b] ? -1 : locals[a] > locals[b] ? 1 : a - b));
    sorted.forEach((tid, i) => (forward[tid] = tids[i]));
  }
  const inverse = new Array<number>(n);
  forward.forEach((c, tid) => (inverse[c] = tid));
  return { forward, inverse };
}
