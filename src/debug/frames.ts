// Where the threads are, in source terms: register names per code unit, the source range of each
// frame, the statement a blocked thread is blocked in, and the source line index that line
// breakpoints are verified against. Derived from the compiled program and its resolved syntax
// tree; nothing here changes the session.

import type { Range, Stmt } from '../lang/ast';
import { forEachStmt } from '../lang/walk';
import type { Frame, ThreadState } from '../session/interp';
import type { CRhs, Instr, Program } from '../session/program';
import type { Session } from '../session/session';
import type { ExprScope } from './expr';
import { mapNames, mmOfThread, peekWord, taskView } from '../session/inspect';

/**
 * The name of every register slot of every code unit. Function units come first in the program
 * (compileProgram), thread units are listed per process, and fork/spawn bodies share the frame
 * layout of the unit whose code creates them (lang/resolve.ts [3]).
 */
export function registerNames(program: Program): string[][] {
  const sc = program.scenario;
  const names: string[][] = program.units.map(() => []);
  const collect = (params: string[], body: { stmts: Stmt[]; range: Range }): string[] => {
    const out = [...params];
    forEachStmt(body, null, (s) => {
      if ((s.kind === 'let' || s.kind === 'assign') && s.slot >= 0 && out[s.slot] === undefined) out[s.slot] = s.name;
    });
    return out;
  };
  sc.fns.forEach((fn, i) => (names[i] = collect(fn.params.map((p) => p.name), fn.body)));
  sc.processes.forEach((p, pi) =>
    p.threads.forEach((t, ti) => (names[program.processes[pi].threads[ti].unit] = collect([], t.body))),
  );
  // Fork and spawn bodies: propagate from the creating unit, in creation order (children have
  // larger ids than the unit that creates them, so one pass in id order would miss none).
  for (const u of program.units) {
    for (const ins of u.code) if (ins.op === 'fork' || ins.op === 'spawn') names[ins.unit] = names[u.id];
  }
  return program.units.map((u, i) => {
    const n = names[i].slice(0, u.frameSize);
    for (let s = 0; s < u.frameSize; s++) if (n[s] === undefined) n[s] = `r${s}`;
    return n;
  });
}

/** Instructions that are steps (not the structural jumps the compiler adds). */
export function isStep(ins: Instr): boolean {
  return !(ins.op === 'jump' && !ins.step);
}

/** The pc a thread lands on after `pc`: structural jumps are followed, as Session.normalize does. */
function follow(code: Instr[], pc: number): number {
  for (let guard = 0; pc < code.length && guard < code.length; guard++) {
    const ins = code[pc];
    if (ins.op === 'jump' && !ins.step) pc = ins.target;
    else break;
  }
  return pc;
}

/** The calls that block (version 2, issue #17: the bitset, waitv and futex2 waits too). */
const BLOCKING_CALLS: ReadonlySet<string> = new Set(['futex_wait', 'poll', 'futex_wait_bitset', 'futex_waitv', 'futex2_wait', 'futex_lock_pi', 'futex_lock_pi2', 'futex_wait_requeue_pi']);

/** Statements after which a thread may sleep with its pc already past them. */
function sleepsAfter(ins: Instr): boolean {
  return ins.op === 'sleep' || (ins.op === 'set' && BLOCKING_CALLS.has(ins.rhs.kind));
}

/** The calls that look a futex key up (get_futex_key), and so may wait for a page lock and run again. */
const KEY_CALLS: ReadonlySet<CRhs['kind']> = new Set<CRhs['kind']>([
  'futex_wait', 'futex_wake', 'futex_requeue', 'futex_cmp_requeue', 'futex_wake_op', 'futex_fd',
  'futex_wait_bitset', 'futex_wake_bitset', 'futex_waitv', 'futex2_wait', 'futex2_wake', 'futex2_requeue',
  'futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi', 'futex_wait_requeue_pi', 'futex_cmp_requeue_pi',
]);

/** Statements that look a futex key up, and so may wait for a page lock and run again. */
function looksUpKey(ins: Instr): boolean {
  return ins.op === 'set' && KEY_CALLS.has(ins.rhs.kind);
}

/**
 * The instruction a frame is "at", for the stack trace: the next statement for a running thread;
 * for a caller frame, its call; for a thread blocked in a call, that call (the pc has already
 * moved past it), found as the blocking statement whose successor is the pc.
 */
export function frameInstr(session: Session, th: ThreadState, depth: number): Instr | undefined {
  const f: Frame = th.frames[depth];
  const code = session.program.units[f.unit].code;
  if (depth < th.frames.length - 1) return code[f.pc - 1];
  const t = taskView(session, th.tid)!;
  const waiting = t.state === 'blocked' || t.state === 'sleeping';
  if (waiting && t.waitKind === 'page-lock' && code[f.pc] && looksUpKey(code[f.pc])) return code[f.pc];
  // A runnable thread whose pc is past its block's end still has a return to run: a signalled
  // waiter whose wait was the block's last statement returns from it in a step of its own
  // (session/interp.ts execStep; normalize ends or pops every other such frame). It is still in
  // that call, which it shows, not no statement (a frame without a line in the Call Stack).
  if (waiting || f.pc >= code.length) {
    if (f.pc > 0 && sleepsAfter(code[f.pc - 1])) return code[f.pc - 1];
    for (let p = code.length - 1; p >= 0; p--) if (sleepsAfter(code[p]) && follow(code, p + 1) === f.pc) return code[p];
  }
  return code[f.pc];
}

export interface LineTarget {
  unit: number;
  pc: number;
}

/** Source line -> the step instructions that start on it, for verifying line breakpoints. */
export class LineIndex {
  private readonly byLine = new Map<number, LineTarget[]>();
  private readonly lines: number[];

  constructor(program: Program) {
    for (const u of program.units) {
      u.code.forEach((ins, pc) => {
        if (!isStep(ins)) return;
        const line = ins.range.start.line;
        const list = this.byLine.get(line) ?? [];
        list.push({ unit: u.id, pc });
        this.byLine.set(line, list);
      });
    }
    this.lines = [...this.byLine.keys()].sort((a, b) => a - b);
  }

  /** The first line at or after `line` that has a statement (or the last one before it). */
  resolve(line: number): { line: number; targets: LineTarget[] } | undefined {
    const after = this.lines.find((l) => l >= line);
    const chosen = after ?? this.lines[this.lines.length - 1];
    return chosen === undefined ? undefined : { line: chosen, targets: this.byLine.get(chosen)! };
  }

}

/** What an expression sees in a frame: its registers, its process's map names, its memory. */
export function exprScope(session: Session, tid: number, depth?: number): ExprScope {
  const th = session.threads[tid];
  const frames = th ? th.frames : [];
  const f = frames[depth ?? frames.length - 1];
  const mm = mmOfThread(session, tid);
  const names = mapNames(session, tid);
  return {
    regs: f ? f.regs : [],
    mapAddr: (name) => names.get(name),
    load: (addr) => (mm !== undefined ? peekWord(session, mm, addr) : undefined),
  };
}
