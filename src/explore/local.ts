// Which steps are local: they read and write only the thread's own registers (and its position),
// so they commute with every step of every other thread, and no oracle sees them. The explorer
// takes them without branching (partial-order reduction with an ample set of one transition).
//
// A step is not local if the thread might end after it: ending a thread is a kernel action
// (exit, CLONE_CHILD_CLEARTID wake, mm teardown). Conservatively, a step whose successor position,
// after the structural jumps, is the end of any code unit is not local.

import type { Session } from '../session/session';
import type { CodeUnit, Instr } from '../session/program';

const LOCAL_RHS = new Set(['expr', 'call']);

function localInstr(i: Instr): boolean {
  switch (i.op) {
    case 'set': return LOCAL_RHS.has(i.rhs.kind);
    case 'branch': case 'jump': case 'print': case 'assert': case 'return': return true;
    default: return false;
  }
}

function reachesEnd(u: CodeUnit, pc: number): boolean {
  for (let guard = 0; guard < u.code.length + 1; guard++) {
    if (pc >= u.code.length) return true;
    const i = u.code[pc];
    if (i.op === 'jump' && !i.step) pc = i.target;
    else return false;
  }
  return false;
}

/** Cache per unit and pc: is the step local and sure not to end the thread? */
const cache = new WeakMap<CodeUnit[], Map<number, boolean>>();

export function isLocalStep(units: CodeUnit[], unit: number, pc: number): boolean {
  let m = cache.get(units);
  if (!m) cache.set(units, (m = new Map()));
  const key = unit * 1_000_000 + pc;
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  const u = units[unit];
  const i = u.code[pc];
  let ok = !!i && localInstr(i);
  if (ok) {
    if (i.op === 'return') ok = false; // the caller may be at its end
    else if (i.op === 'branch') ok = !reachesEnd(u, pc + 1) && !reachesEnd(u, i.target);
    else if (i.op === 'jump') ok = !reachesEnd(u, i.target);
    else if (i.op === 'set' && i.rhs.kind === 'call') ok = !reachesEnd(u, pc + 1) && !reachesEnd(units[i.rhs.unit], 0);
    else ok = !reachesEnd(u, pc + 1);
  }
  m.set(key, ok);
  return ok;
}

/** The lowest runnable tid whose next step is local, or -1. */
export function localStepThread(s: Session): number {
  let best = -1;
  for (const tid of s.k.s.runq) {
    if (best >= 0 && tid > best) continue;
    const th = s.threads[tid];
    const f = th.frames[th.frames.length - 1];
    if (f && isLocalStep(s.program.units, f.unit, f.pc)) best = tid;
  }
  return best;
}
