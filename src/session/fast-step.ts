// The interpreter's quiet steps, compiled once per program (issue #11). A step that touches only
// registers, or a word of a page already present (and writable, for a store), raises no kernel
// event and cannot raise an anomaly; the plain interpreter (interp.ts execInstr) still decodes it
// through `ins.op`, `rhs.kind` and the operand fields of a dozen object shapes, which V8 reads
// through its megamorphic caches on every step. Here each such instruction becomes one closure
// that holds its operands.
//
// A quiet step either does all of its work and returns OK, or returns null having changed
// nothing, and the plain interpreter runs the instruction instead: a fault, a COW break, an
// unaligned address, a call past max_call_depth, a footprint being recorded (the DPOR explorer,
// kernel/footprint.ts) all go the plain way. The operands are evaluated in the plain order, so an
// expression that faults (division by zero) throws at the same point with the same state.
// `fastSteps.enabled = false` runs every step the plain way (test/session/fast-paths.test.ts).

import type { Kernel } from '../kernel/kernel';
import type { Mm } from '../kernel/state';
import { PAGE_SIZE } from '../kernel/types';
import { constantOf, type EvalEnv } from './expr';
import type { CodeUnit, Instr, Program } from './program';
import type { Frame, StepOutcome, ThreadState } from './interp';
import { CHECK_MASK } from './call-frames';

export const fastSteps = { enabled: true };

/** A quiet step: OK when done, null when the plain interpreter must run the instruction. */
export type QuietStep = (k: Kernel, th: ThreadState, f: Frame, env: EvalEnv, m: Mm) => StepOutcome | null;

/** Per unit, per pc: the quiet step of the instruction, or null (never quiet). */
export type QuietCode = (QuietStep | null)[][];

/** The target of a structural jump (not a step) at each pc, or -1: what normalize follows. */
export type JumpTable = Int32Array[];

export function compileQuiet(program: Program, ok: StepOutcome, maxCallDepth: number): QuietCode {
  return program.units.map((u) => u.code.map((ins) => quietStep(program, ins, ok, maxCallDepth)));
}

export function jumpTable(program: Program): JumpTable {
  return program.units.map((u: CodeUnit) => Int32Array.from(u.code, (ins) => (ins.op === 'jump' && !ins.step ? ins.target : -1)));
}

/**
 * The last page translation and map name a quiet run looked up (issue #11: a page-table and a
 * map-name lookup, both Map lookups, in most steps of a lock loop), like a TLB: used only while
 * `active`, which quietRun (quiet-run.ts) sets for a run of quiet steps and clears, forgetting
 * them, after any step that is not quiet and at the end of the run. A quiet step changes no page
 * table, page, page owner (epoch) or map name: those change only in steps the plain way (a fault,
 * a COW break, fork, munmap, mremap, exec, a thread's exit...), in the environment's events and
 * in snapshots and restores, all outside a run of quiet steps. Off (fastSteps, or active false):
 * every access looks up (test/session/quiet-steps.test.ts compares both).
 */
export const lastLookup = {
  active: false,
  mm: null as Mm | null,
  page: -1,
  data: null as Int32Array | null,
  /** The page may be written in place (present, writable, owned by the live state). */
  writable: false,
  nameMm: null as Mm | null,
  name: '',
  addr: 0,
};

/** Forget the last lookups (quietRun, after a step that is not quiet). */
export function forgetLookups(): void {
  lastLookup.mm = null;
  lastLookup.nameMm = null;
}

/** The page frame data of the page at addr for a load (any present page), or a store, or null. */
function pageData(k: Kernel, m: Mm, addr: number, write: boolean): Int32Array | null {
  if ((addr & 3) !== 0 || addr < 0 || k.fp) return null;
  const page = Math.floor(addr / PAGE_SIZE);
  const c = lastLookup;
  if (c.mm === m && c.page === page && c.active) return !write || c.writable ? c.data : null;
  const pte = m.pt.get(page);
  if (pte === undefined || pte < 0) return null;
  const p = k.s.pages[pte >> 1]!;
  // The copy-on-write against snapshots (an older owner) goes the plain way, but for the
  // explorer's undo log of word stores (kernel/word-log.ts), under which the plain way stores in
  // place too: writableData then logs the word as fault.ts writablePage does.
  const writable = (pte & 1) === 1 && (p.owner === k.s.epoch || (k.words !== null && loggedStores.enabled));
  if (c.active) {
    c.mm = m;
    c.page = page;
    c.data = p.data;
    c.writable = writable;
  }
  return !write || writable ? p.data : null;
}

/**
 * The page frame data a store to addr writes in place, or null (fault, COW break, footprint).
 * Under the explorer's undo log the word's old value is logged first, as writablePage logs it
 * (every store under the log, whatever the frame's owner; an unchanged word undoes to itself).
 */
const writableData = (k: Kernel, m: Mm, addr: number): Int32Array | null => {
  const d = pageData(k, m, addr, true);
  if (d !== null && k.words !== null) k.words.record(d, word(addr));
  return d;
};

/**
 * `enabled`: under the explorer's undo log a store to a page of an older owner is a quiet step
 * (logged), not the plain way's; off, the plain way takes it (test/explore/kernel-part.test.ts,
 * word-log.test.ts and restore.test.ts compare whole searches with it on and off).
 */
export const loggedStores = { enabled: true };

/** The page frame data a load from addr reads, or null (fault, footprint). */
const readableData = (k: Kernel, m: Mm, addr: number): Int32Array | null => pageData(k, m, addr, false);

const word = (addr: number) => (addr % PAGE_SIZE) >> 2;

function quietStep(program: Program, ins: Instr, ok: StepOutcome, maxCallDepth: number): QuietStep | null {
  switch (ins.op) {
    case 'branch': {
      const { cond, target } = ins;
      return (_k, _th, f, env) => {
        f.pc = cond(env) !== 0 ? f.pc + 1 : target;
        return ok;
      };
    }
    case 'jump': {
      const target = ins.target;
      return (_k, _th, f) => {
        f.pc = target;
        return ok;
      };
    }
    case 'store': {
      const { addr: addrOf, value } = ins;
      return (k, _th, f, env, m) => {
        const addr = addrOf(env);
        const data = writableData(k, m, addr);
        if (data === null) return null;
        data[word(addr)] = value(env);
        f.pc++;
        return ok;
      };
    }
    case 'set':
      break;
    default:
      return null;
  }
  const slot = ins.slot;
  const rhs = ins.rhs;
  switch (rhs.kind) {
    case 'expr': {
      const fn = rhs.f;
      if (slot < 0) return null;
      // A constant operand is read once here rather than called on every step (expr.ts constantOf).
      const v = constantOf(fn);
      if (v !== undefined) {
        return (_k, _th, f) => {
          f.regs[slot] = v;
          f.pc++;
          return ok;
        };
      }
      return (_k, _th, f, env) => {
        f.regs[slot] = fn(env);
        f.pc++;
        return ok;
      };
    }
    case 'load': {
      const addrOf = rhs.addr;
      return (k, _th, f, env, m) => {
        const addr = addrOf(env);
        const data = readableData(k, m, addr);
        if (data === null) return null;
        const v = data[word(addr)];
        if (slot >= 0) f.regs[slot] = v;
        f.pc++;
        return ok;
      };
    }
    case 'cas': {
      const { addr: addrOf, old: oldOf, new: newOf } = rhs;
      const oldC = constantOf(oldOf);
      const newC = constantOf(newOf);
      if (oldC !== undefined && newC !== undefined) {
        const expect = oldC | 0;
        return (k, _th, f, env, m) => {
          const addr = addrOf(env);
          const data = writableData(k, m, addr);
          if (data === null) return null;
          const i = word(addr);
          const old = data[i];
          if (old === expect) data[i] = newC;
          if (slot >= 0) f.regs[slot] = old;
          f.pc++;
          return ok;
        };
      }
      return (k, _th, f, env, m) => {
        const addr = addrOf(env);
        const data = writableData(k, m, addr);
        if (data === null) return null;
        const i = word(addr);
        const old = data[i];
        if (old === (oldOf(env) | 0)) data[i] = newOf(env);
        if (slot >= 0) f.regs[slot] = old;
        f.pc++;
        return ok;
      };
    }
    case 'xchg': case 'fetch_add': case 'fetch_sub': {
      const { addr: addrOf, value } = rhs;
      const kind = rhs.kind === 'xchg' ? 0 : rhs.kind === 'fetch_add' ? 1 : -1;
      const c = constantOf(value);
      if (c !== undefined) {
        const c32 = c | 0; // the low 32 bits: old + c32 is exact (interp.ts)
        return (k, _th, f, env, m) => {
          const addr = addrOf(env);
          const data = writableData(k, m, addr);
          if (data === null) return null;
          const i = word(addr);
          const old = data[i];
          if (kind === 0) data[i] = c;
          else if (kind === 1) data[i] = old + c32;
          else data[i] = old - c32;
          if (slot >= 0) f.regs[slot] = old;
          f.pc++;
          return ok;
        };
      }
      return (k, _th, f, env, m) => {
        const addr = addrOf(env);
        const data = writableData(k, m, addr);
        if (data === null) return null;
        const i = word(addr);
        const old = data[i];
        if (kind === 0) data[i] = value(env);
        else if (kind === 1) data[i] = old + (value(env) | 0); // low 32 bits: exact (interp.ts)
        else data[i] = old - (value(env) | 0);
        if (slot >= 0) f.regs[slot] = old;
        f.pc++;
        return ok;
      };
    }
    case 'call': {
      const unit = rhs.unit;
      const args = rhs.args;
      const zeros = new Array<number>(program.units[unit].frameSize).fill(0); // copied per call: a packed array
      return (_k, th, f, env) => {
        if (th.frames.length >= maxCallDepth) return null; // a stack overflow: the plain way kills
        if ((th.frames.length & CHECK_MASK) === CHECK_MASK) return null; // the plain way sums the machine's frames (call-frames.ts)
        f.pc++; // before the arguments, as the plain way: a faulting argument kills past the call
        const regs = zeros.slice();
        for (let i = 0; i < args.length; i++) regs[i] = args[i](env);
        th.frames.push({ unit, pc: 0, regs, retSlot: slot });
        return ok;
      };
    }
    default:
      return null;
  }
}
