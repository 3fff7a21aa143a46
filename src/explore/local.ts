// Which steps are local: they read and write only the thread's own registers (and its position),
// so they commute with every step of every other thread, and no oracle sees them. The explorer
// takes them without branching (partial-order reduction with an ample set of one transition).
//
// Ending a thread is a kernel action, but a quiet one when the thread has no
// CLONE_CHILD_CLEARTID address and its process keeps another live thread: then it only drops an
// mm_users count and leaves the run queue, which commutes with every other thread's steps too.
// A step that ends the last thread of a process (mm teardown, fds closed), one that wakes a
// joiner, or one that walks a registered robust list is not local.
//
// Every step moves the clock one tick, so in a program that can start a timer (sleep, a timeout,
// lock_page) no step commutes with another: taking a thread's local steps first delays when a
// sleep or a timeout starts, and so which steps of others come before it expires. There no step
// is taken as local (a probe of new scenarios found `explore` proving a sleeper's failing assert
// safe, session 15; docs/explore.md: with a pending timer no two steps commute).

import type { Session } from '../session/session';
import type { CodeUnit, Instr } from '../session/program';
import { inVectorWait } from '../kernel/futex/waitv';
import { candidatesView } from '../kernel/prio';

const LOCAL_RHS = new Set(['expr', 'call']);

function localInstr(i: Instr): boolean {
  switch (i.op) {
    case 'set': return LOCAL_RHS.has(i.rhs.kind);
    case 'branch': case 'jump': case 'print': case 'assert': case 'return': return true;
    default: return false;
  }
}

export function reachesEnd(u: CodeUnit, pc: number): boolean {
  for (let guard = 0; guard < u.code.length + 1; guard++) {
    if (pc >= u.code.length) return true;
    const i = u.code[pc];
    if (i.op === 'jump' && !i.step) pc = i.target;
    else return false;
  }
  return false;
}

/** Whether an instruction may start a timer: a sleep, a call with a timeout, lock_page. */
function startsTimer(i: Instr): boolean {
  if (i.op === 'sleep' || i.op === 'lock_page') return true;
  return i.op === 'set' && (i.rhs as { timeout?: unknown }).timeout !== undefined;
}

const timed = new WeakMap<CodeUnit[], boolean>();

/** Whether any instruction of the program may start a timer (computed once per program). */
export function usesTimers(units: CodeUnit[]): boolean {
  let t = timed.get(units);
  if (t === undefined) timed.set(units, (t = units.some((u) => u.code.some(startsTimer))));
  return t;
}

/** 0: not local; 1: local; 2: local, but the thread may end after it; 3: a return (see below). */
export type LocalKind = 0 | 1 | 2 | 3;
type Kind = LocalKind;

const cache = new WeakMap<CodeUnit[], Map<number, Kind>>();

/** The instruction at (unit, pc) by the rule above (the flat machine's search asks it too: flat-search.ts). */
export function localKind(units: CodeUnit[], unit: number, pc: number): Kind {
  let m = cache.get(units);
  if (!m) cache.set(units, (m = new Map()));
  const key = unit * 1_000_000 + pc;
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  const u = units[unit];
  const i = u.code[pc];
  let k: Kind = 0;
  if (i && localInstr(i)) {
    let ends: boolean;
    if (i.op === 'return') ends = false;
    else if (i.op === 'branch') ends = reachesEnd(u, pc + 1) || reachesEnd(u, i.target);
    else if (i.op === 'jump') ends = reachesEnd(u, i.target);
    else if (i.op === 'set' && i.rhs.kind === 'call') ends = reachesEnd(u, pc + 1) || reachesEnd(units[i.rhs.unit], 0);
    else ends = reachesEnd(u, pc + 1);
    k = i.op === 'return' ? 3 : ends ? 2 : 1;
  }
  m.set(key, k);
  return k;
}

/** Ending this thread now would be quiet (no joiner to wake, its process lives on). */
function endsQuietly(s: Session, tid: number): boolean {
  const t = s.k.s.tasks[tid];
  if (t.clearTid !== 0) return false;
  if (t.robustHead !== 0) return false; // the robust-list walk reads and writes memory and may wake (futex/robust.ts)
  // Releasing PI locks at exit (exit_pi_state_list) hands them on and wakes a waiter.
  if (s.k.s.pi.states.some((ps) => ps.owner === tid)) return false;
  return s.k.s.procs[t.pid].tids.some((o) => o !== tid && s.k.s.tasks[o].state !== 'ended' && s.k.s.tasks[o].state !== 'killed');
}

/** The lowest runnable tid whose next step is local, or -1. */
export function localStepThread(s: Session): number {
  if (usesTimers(s.program.units) || s.k.s.timers.length > 0) return -1;
  let best = -1;
  // Only threads that may run now (the highest effective priority, kernel/prio.ts) are choices.
  for (const tid of candidatesView(s.k)) {
    if (best >= 0 && tid > best) continue;
    // A pending signal makes the next step a kernel one: the signalled waiter's return from
    // futex_wait (unqueue, or find a wake did) or the handler run (kernel/signal.ts).
    if (s.k.s.tasks[tid].sigpending) continue;
    // Likewise a futex_waitv whose entry was woken: its next step unqueues the other entries.
    if (inVectorWait(s.k.s.tasks[tid])) continue;
    const th = s.threads[tid];
    const n = th.frames.length;
    const f = th.frames[n - 1];
    if (!f) continue;
    let k = localKind(s.program.units, f.unit, f.pc);
    if (k === 3) {
      // A return continues the caller, whose pc is already past the call: the thread ends if
      // that is the end of its outermost frame.
      const caller = th.frames[n - 2];
      k = caller && !(n === 2 && reachesEnd(s.program.units[caller.unit], caller.pc)) ? 1 : 2;
    }
    if (k === 1 || (k === 2 && endsQuietly(s, tid))) best = tid;
  }
  return best;
}
