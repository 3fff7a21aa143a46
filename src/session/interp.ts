// The interpreter: one step of one thread, i.e. one instruction, over the kernel.
//
// Thread state is plain data (frames of unit, pc and registers) so a snapshot is a copy. The
// interpreter only decodes statements and calls the kernel; every kernel effect (faults, COW,
// keys, queues, wakes) happens inside the kernel and is reported as its events.

import type { Kernel } from '../kernel/kernel';
import type { Mm, Task } from '../kernel/state';
import type { CodeUnit, CRhs, Instr, Program } from './program';
import { RuntimeFault, type EvalEnv } from './expr';
import { loadWord, writablePage, wordIndex } from '../kernel/fault';
import { taskMm, type SysResult } from '../kernel/futex/core';
import { doFutex } from '../kernel/futex/syscalls';
import { finishSignalledWait, inSignalledWait, runPendingHandler } from '../kernel/signal';
import { closeHandoffWindow } from '../kernel/futex/pi-steal';
import { closeFd, pollFd } from '../kernel/futex/fd';
import { doSleep, exitTask, taskTid } from '../kernel/task';
import { yieldTask } from '../kernel/sched';
import { ESRCH } from '../kernel/types';
import { execV2, isCV2 } from './v2';
import { finishVectorWait, inVectorWait } from '../kernel/futex/waitv';
import { execPi, futexCall, isPiRhs } from './futex-call';
import { lastLookup, type QuietCode } from './fast-step';
import { CHECK_MASK, MACHINE_CALL_FRAMES, callFramesInUse } from './call-frames';
import { execSystem } from './interp-system';
import { popFrame } from './threads';

/** The system statements and environment events (interp-system.ts), as session/ and debug/ name them. */
export { mapDecl, runEnvironment, type EnvEvent } from './interp-system';

export interface Frame {
  unit: number;
  pc: number;
  regs: number[];
  /** Register of the caller that receives this frame's return value (-1: dropped). */
  retSlot: number;
}

export interface ThreadState {
  tid: number;
  frames: Frame[];
  /**
   * frames[ownFrom..] are this thread state's own and may be written in place; the frames below
   * are shared with a snapshot (threads.ts copyThread copies only the top frame, the only one a
   * step writes) and are never written: a return that makes one the top frame copies it first
   * (threads.ts popFrame, the one way to pop). Never above the top frame's index: the top frame
   * is always this state's own (0 when there are no frames).
   */
  ownFrom: number;
  /** Register that receives the value of the blocking call in progress (-1: dropped, -2: none). */
  pendingSlot: number;
  /**
   * The thread as it was before a PI handoff delivered its call's value, kept until it runs: a
   * steal (kernel/futex/pi-steal.ts) puts it back to sleep in that call.
   */
  handoff?: { frames: Frame[]; pendingSlot: number };
  /**
   * A new one for every copy (threads.ts newThreadStamp): a thread is written in place only by
   * the epoch that copied it, so one with the stamp it had when a state was hashed, after the
   * epoch moved on, holds what it held then (explore/encode-hash.ts keeps its hash).
   */
  stamp: number;
}

/** What a step did beyond the kernel's own events, for the session. */
export type StepOutcome =
  | { kind: 'ok' }
  | { kind: 'print'; text: string }
  | { kind: 'assert'; message: string }
  | { kind: 'killed'; message: string }
  | { kind: 'yield' };

/** The outcome of most steps, allocated once (a step runs millions of times; nobody writes it). */
export const OK: StepOutcome = Object.freeze({ kind: 'ok' });
/**
 * OK, from a quiet step (fast-step.ts): no event, timer, PI state or pin came of it, which
 * quietRun (quiet-run.ts) reads to skip its checks before the next step. Anywhere else it is OK.
 */
export const QUIET: StepOutcome = Object.freeze({ kind: 'ok' });

export interface InterpContext {
  k: Kernel;
  program: Program;
  threads: ThreadState[];
  /** Full thread name (`A/main`, or the short name within the caller's process) -> tid. */
  findThread(name: string, caller: Task): number | undefined;
  /** Record a thread created by fork or spawn. */
  addThread(t: ThreadState): void;
  /** Frames a thread may hold (option max_call_depth); a call past it is a stack overflow. */
  maxCallDepth: number;
  /** The program's quiet steps (fast-step.ts), or null: every step the plain way. */
  quiet: QuietCode | null;
}

/**
 * The environment of the running step, one object reused by every step (issue #11: a new
 * environment and its closure on every step were garbage on every step). It holds what envFor's
 * closure held, the frame's registers and the mm found at the start of the step, and is read
 * only while the step's expressions run.
 */
class StepEnv implements EvalEnv {
  regs: number[] = [];
  mm: Mm | null = null;
  mapAddr(name: string): number | undefined {
    // The last name looked up in a run of quiet steps (fast-step.ts lastLookup).
    const c = lastLookup;
    if (c.nameMm === this.mm && c.name === name && c.active) return c.addr;
    const a = this.mm!.names.get(name);
    if (c.active && a !== undefined) {
      c.nameMm = this.mm;
      c.name = name;
      c.addr = a;
    }
    return a;
  }
}
const stepEnv = new StepEnv();

/** Execute one instruction of thread `th` (task t). The caller normalises the pc afterwards. */
export function execStep(cx: InterpContext, th: ThreadState, t: Task): StepOutcome {
  const k = cx.k;
  // A PI lock handed to t while it slept is t's from its first step on: no steal after this.
  if (k.s.pi.states.length > 0) closeHandoffWindow(k, t);
  if (th.handoff !== undefined) th.handoff = undefined;
  // A signalled waiter's step is its return from futex_wait: unqueue itself (or find that a wake
  // did) and run the handler; the value reaches its register through the `wakeup` event.
  if (inVectorWait(t)) {
    finishVectorWait(cx.k, t); // futex_waitv's return (kernel/futex/waitv.ts), signalled or woken
    return OK;
  }
  if (inSignalledWait(t)) {
    finishSignalledWait(cx.k, t);
    return OK;
  }
  // Any other pending signal: the handler runs on the return to user space, before this statement.
  runPendingHandler(t);
  return execInstruction(cx, th, t, th.frames[th.frames.length - 1], taskMm(k, t));
}

/**
 * The instruction at frame f's pc, its quiet step when it has one (fast-step.ts): execStep once
 * the PI handoff, signal and futex_waitv returns are out of the way; m is the task's mm.
 * quietRun (quiet-run.ts) calls it directly for a thread with none of them (no PI state, no
 * handoff, no signal, no futex wait).
 */
export function execInstruction(cx: InterpContext, th: ThreadState, t: Task, f: Frame, m: Mm): StepOutcome {
  const k = cx.k;
  const env = stepEnv;
  // Stored only when they change: the environment is long-lived and a frame's registers are
  // young, so each store is a write barrier's slow path (issue #11).
  if (env.regs !== f.regs) env.regs = f.regs;
  if (env.mm !== m) env.mm = m;
  try {
    const quiet = cx.quiet !== null ? cx.quiet[f.unit][f.pc] : null;
    if (quiet !== null) {
      const out = quiet(k, th, f, env, m);
      if (out !== null) return out;
    }
    return execInstr(cx, th, t, f, cx.program.units[f.unit].code[f.pc], env, m);
  } catch (e) {
    if (e instanceof RuntimeFault) return kill(cx, t, e.message);
    throw e;
  }
}

function kill(cx: InterpContext, t: Task, message: string): StepOutcome {
  cx.k.emit({ type: 'sigbus', tid: t.tid, addr: 0, why: message });
  exitTask(cx.k, t, 'killed', message);
  return { kind: 'killed', message };
}

function execInstr(cx: InterpContext, th: ThreadState, t: Task, f: Frame, ins: Instr, env: EvalEnv, m: Mm): StepOutcome {
  const k = cx.k;
  switch (ins.op) {
    case 'set':
      return execSet(cx, th, t, f, env, m, ins.slot, ins.rhs);
    case 'store': {
      const addr = ins.addr(env);
      const p = writablePage(k, m, addr);
      if ('why' in p) return kill(cx, t, p.message);
      p.data[wordIndex(addr)] = ins.value(env);
      break;
    }
    case 'branch':
      f.pc = ins.cond(env) !== 0 ? f.pc + 1 : ins.target;
      return OK;
    case 'jump':
      f.pc = ins.target;
      return OK;
    case 'return':
      return doReturn(th, f, ins.value ? ins.value(env) : 0);
    case 'assert':
      if (ins.cond(env) === 0) return { kind: 'assert', message: ins.message ?? 'assertion failed' };
      break;
    case 'print':
      f.pc++;
      return { kind: 'print', text: ins.parts.map((p) => (typeof p === 'string' ? p : wordText(p(env)))).join(' ') };
    case 'yield':
      f.pc++;
      yieldTask(k, t);
      return { kind: 'yield' };
    case 'sleep': {
      // nanosleep refuses a negative time (-EINVAL); a scenario's is a mistake in it, said so.
      const ticks = ins.ticks(env);
      if (ticks < 0) throw new RuntimeFault(`sleep ${ticks}: a time cannot be negative`);
      f.pc++;
      doSleep(k, t, ticks);
      return OK;
    }
    case 'close':
      closeFd(k, t.pid, ins.fd(env));
      break;
    default: {
      const failed = execSystem(cx, t, f, env, m, ins);
      return failed ? kill(cx, t, failed) : OK;
    }
  }
  f.pc++;
  return OK;
}

/** A word in decimal: through BigInt past 2^53, so that INT64_MIN prints as C prints it, not 1e18-rounded. */
export function wordText(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

function doReturn(th: ThreadState, f: Frame, value: number): StepOutcome {
  const caller = popFrame(th);
  if (caller !== undefined && f.retSlot >= 0) caller.regs[f.retSlot] = value;
  return OK;
}

function execSet(cx: InterpContext, th: ThreadState, t: Task, f: Frame, env: EvalEnv, m: Mm, slot: number, rhs: CRhs): StepOutcome {
  const k = cx.k;
  switch (rhs.kind) {
    case 'expr': {
      const v = rhs.f(env);
      if (slot >= 0) f.regs[slot] = v;
      break;
    }
    case 'load': {
      const v = loadWord(k, m, rhs.addr(env));
      if (typeof v !== 'number') return kill(cx, t, v.message);
      if (slot >= 0) f.regs[slot] = v;
      break;
    }
    case 'cas': case 'xchg': case 'fetch_add': case 'fetch_sub': {
      const addr = rhs.addr(env);
      const p = writablePage(k, m, addr);
      if ('why' in p) return kill(cx, t, p.message);
      const i = wordIndex(addr);
      const old = p.data[i];
      if (rhs.kind === 'cas') { if (old === (rhs.old(env) | 0)) p.data[i] = rhs.new(env); }
      else if (rhs.kind === 'xchg') p.data[i] = rhs.value(env);
      // The operand's low 32 bits (ToInt32, exact): the word is 32 bits, and a sum with a wide
      // operand past 2^53 would round away the bits that stay (fetch_add w, 2^53 - 1).
      else if (rhs.kind === 'fetch_add') p.data[i] = old + (rhs.value(env) | 0);
      else p.data[i] = old - (rhs.value(env) | 0);
      if (slot >= 0) f.regs[slot] = old;
      break;
    }
    case 'call': {
      f.pc++;
      // Past max_call_depth the stack is gone: SIGSEGV, as a stack overflow is in a real process.
      if (th.frames.length >= cx.maxCallDepth) return kill(cx, t, `stack overflow: call depth ${th.frames.length} (option max_call_depth)`);
      if ((th.frames.length & CHECK_MASK) === CHECK_MASK && callFramesInUse(cx.threads) >= MACHINE_CALL_FRAMES) {
        return kill(cx, t, `stack overflow: the machine's ${MACHINE_CALL_FRAMES.toLocaleString('en-US')} call frames are in use (all threads together)`);
      }
      const u: CodeUnit = cx.program.units[rhs.unit];
      const regs = new Array<number>(u.frameSize).fill(0);
      const args = rhs.args;
      for (let i = 0; i < args.length; i++) regs[i] = args[i](env); // no closure per call
      th.frames.push({ unit: rhs.unit, pc: 0, regs, retSlot: slot });
      return OK;
    }
    default:
      return execSyscall(cx, th, t, f, env, slot, rhs);
  }
  f.pc++;
  return OK;
}

function execSyscall(cx: InterpContext, th: ThreadState, t: Task, f: Frame, env: EvalEnv, slot: number, rhs: CRhs): StepOutcome {
  const k = cx.k;
  let r: SysResult;
  // The plain futex calls first: no lookup in the sets of other kinds for them.
  if (rhs.kind === 'futex_wait' || rhs.kind === 'futex_wake') r = doFutex(k, t, futexCall(rhs, env));
  else if (rhs.kind === 'poll') r = pollFd(k, t, rhs.fd(env), rhs.timeout ? rhs.timeout(env) : undefined);
  else if (rhs.kind === 'gettid') {
    // gettid(THREAD) is a convenience, not a system call: a thread not created yet is -ESRCH.
    const tid = rhs.thread === undefined ? t.tid : cx.findThread(rhs.thread, t);
    r = { kind: 'ret', value: tid === undefined ? -ESRCH : taskTid(k.s.tasks[tid]) };
  } else if (isCV2(rhs)) r = execV2(k, t, rhs, env, cx.findThread);
  else if (isPiRhs(rhs)) r = execPi(k, t, rhs, env);
  else r = doFutex(k, t, futexCall(rhs, env));
  if (r.kind === 'retry') return OK; // same statement again when the task runs next
  f.pc++;
  if (r.kind === 'ret') {
    if (slot >= 0) f.regs[slot] = r.value;
    if (!k.quiet('syscall')) k.emit({ type: 'syscall', tid: t.tid, name: rhs.kind, ret: r.value, detail: '' });
  } else {
    th.pendingSlot = slot;
  }
  return OK;
}
