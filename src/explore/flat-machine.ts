// The flat machine (issue #11): a state of the flat class (flat-program.ts) as one vector
// (flat-vector.ts: written in place under an undo log, hashed incrementally), stepped by the
// program's instructions.
//
// The vector is kept canonical, so that equal futures are equal vectors: a register no path
// from here reads (liveness.ts; a blocked call's pending register, a caller's return slot) is
// zeroed as the encoders leave it out (encode-local.ts); a frame above the depth is zeros; a
// blocked thread rests at the pc it resumes at (position.ts), as normalize would move it on wake.
//
// Each step does what the interpreter does for the same instruction (interp.ts execInstr,
// execSet, execSyscall; fast-step.ts; kernel/futex/waitwake.ts futexWait and collectWake;
// threads.ts normalize and deliver), operand by operand in the same order; the differential
// tests (test/explore/flat.test.ts) compare whole searches of both over random programs.

import { RuntimeFault, type EvalEnv } from '../session/expr';
import { count } from '../session/futex-call';
import { wordText } from '../session/interp';
import { EAGAIN } from '../kernel/types';
import { reachesEnd } from './local';
import { FlatVector } from './flat-vector';
import {
  BLOCKED, DEPTH, ENDED, F_PC, F_REGS, F_RET, F_UNIT, FlatFallback, HEAD, PENDING, RANK, RUNNABLE, STATUS, WAIT_ADDR, type FlatProgram,
} from './flat-program';

/** What a step ended in beyond the state: nothing, or a failed assert. */
export const STEP_OK = 0;
export const STEP_ASSERT = 1;

class FlatEnv implements EvalEnv {
  regs: number[] = [];
  constructor(private readonly names: Map<string, number>) {}
  mapAddr(name: string): number | undefined {
    return this.names.get(name);
  }
}

export class FlatMachine extends FlatVector {
  /** Frame register views by thread and depth (EvalEnv.regs reads them by index). */
  private readonly regs: Float64Array[][];
  private readonly env: FlatEnv;
  /** The message of the last failed assert. */
  assertMessage = '';
  /** Characters printed on the path to the live state (Session.print), set back by the search on a backtrack. */
  outBytes = 0;

  constructor(p: FlatProgram) {
    super(p);
    this.regs = p.threadBase.map((b) => Array.from({ length: p.maxDepth }, (_, d) => {
      const at = b + HEAD + d * p.frameWidth + F_REGS;
      return this.v.subarray(at, at + p.regsMax);
    }));
    this.env = new FlatEnv(p.mapAddr);
  }

  /** Make every thread canonical (the initial state), the log then emptied: its start. */
  start(): void {
    for (let tid = 0; tid < this.p.threads; tid++) this.settle(tid);
    this.logTop = 0;
  }

  /** The runnable threads as bits. */
  runnableBits(): number {
    const p = this.p;
    let b = 0;
    for (let tid = 0; tid < p.threads; tid++) if (this.v[p.threadBase[tid] + STATUS] === RUNNABLE) b |= 1 << tid;
    return b;
  }

  /** Whether some thread is blocked. */
  anyBlocked(): boolean {
    const p = this.p;
    for (let tid = 0; tid < p.threads; tid++) if (this.v[p.threadBase[tid] + STATUS] === BLOCKED) return true;
    return false;
  }

  /**
   * The lowest runnable tid whose next step is local (local.ts localStepThread: registers and
   * position only; a step that may end the thread only while another thread of the process
   * lives, as none here has a clear_child_tid, a robust list or a PI lock), or -1.
   */
  localThread(runnable: number): number {
    const p = this.p;
    const v = this.v;
    for (let tid = 0; tid < p.threads; tid++) {
      if ((runnable & (1 << tid)) === 0) continue;
      const b = p.threadBase[tid];
      const d = v[b + DEPTH];
      const fb = b + HEAD + (d - 1) * p.frameWidth;
      let k = p.local[v[fb + F_UNIT]][v[fb + F_PC]];
      if (k === 0) continue;
      if (k === 3) {
        const cb = fb - p.frameWidth;
        k = d >= 2 && !(d === 2 && reachesEnd(p.units[v[cb + F_UNIT]], v[cb + F_PC])) ? 1 : 2;
      }
      if (k === 1 || this.anotherLives(tid)) return tid;
    }
    return -1;
  }

  private anotherLives(tid: number): boolean {
    const p = this.p;
    for (let t = 0; t < p.threads; t++) if (t !== tid && this.v[p.threadBase[t] + STATUS] !== ENDED) return true;
    return false;
  }

  /** The index of the word at addr, or a fallback (unmapped or unaligned: the interpreter's fault paths). */
  private word(addr: number): number {
    if ((addr & 3) !== 0 || !Number.isSafeInteger(addr)) throw new FlatFallback('address');
    for (const m of this.p.vmas) if (addr >= m.start && addr < m.end) return m.base + (addr - m.start) / 4;
    throw new FlatFallback('address');
  }

  /** One step of thread tid (runnable). */
  step(tid: number): number {
    try {
      return this.exec(tid);
    } catch (e) {
      if (e instanceof RuntimeFault) throw new FlatFallback(e.message);
      throw e;
    }
  }

  private exec(tid: number): number {
    const p = this.p;
    const v = this.v;
    const b = p.threadBase[tid];
    const d = v[b + DEPTH];
    const fb = b + HEAD + (d - 1) * p.frameWidth;
    const unit = v[fb + F_UNIT];
    const pc = v[fb + F_PC];
    const ins = p.units[unit].code[pc];
    const env = this.env;
    env.regs = this.regs[tid][d - 1] as unknown as number[];
    const reg = fb + F_REGS;
    switch (ins.op) {
      case 'branch':
        this.w(fb + F_PC, ins.cond(env) !== 0 ? pc + 1 : ins.target);
        break;
      case 'jump':
        this.w(fb + F_PC, ins.target);
        break;
      case 'store': {
        const at = this.word(ins.addr(env));
        this.w(at, ins.value(env) | 0); // an Int32Array's store (interp.ts)
        this.w(fb + F_PC, pc + 1);
        break;
      }
      case 'return': {
        const value = ins.value ? ins.value(env) : 0;
        if (d === 1) throw new FlatFallback('return from a thread');
        this.popFrame(b, fb, d, value);
        break;
      }
      case 'print': {
        // The text is the run's output, not its state (as in the interpreter's search, whose
        // identity leaves it out); its length counts against max_output along the path.
        const text = ins.parts.map((x) => (typeof x === 'string' ? x : wordText(x(env)))).join(' ');
        this.outBytes += text.length + 1;
        if (this.outBytes > p.maxOutput) throw new FlatFallback('max_output');
        this.w(fb + F_PC, pc + 1);
        break;
      }
      case 'yield': // sched_yield: the run queue's order, which decides nothing here
        this.w(fb + F_PC, pc + 1);
        break;
      case 'assert':
        if (ins.cond(env) === 0) {
          this.assertMessage = ins.message ?? 'assertion failed';
          return STEP_ASSERT;
        }
        this.w(fb + F_PC, pc + 1);
        break;
      case 'set': {
        const slot = ins.slot;
        const rhs = ins.rhs;
        switch (rhs.kind) {
          case 'expr': {
            const x = rhs.f(env);
            if (slot >= 0) this.w(reg + slot, x);
            break;
          }
          case 'load': {
            const x = v[this.word(rhs.addr(env))];
            if (slot >= 0) this.w(reg + slot, x);
            break;
          }
          case 'cas': {
            const at = this.word(rhs.addr(env));
            const old = v[at];
            if (old === (rhs.old(env) | 0)) this.w(at, rhs.new(env) | 0);
            if (slot >= 0) this.w(reg + slot, old);
            break;
          }
          case 'xchg': case 'fetch_add': case 'fetch_sub': {
            const at = this.word(rhs.addr(env));
            const old = v[at];
            if (rhs.kind === 'xchg') this.w(at, rhs.value(env) | 0);
            else if (rhs.kind === 'fetch_add') this.w(at, (old + (rhs.value(env) | 0)) | 0);
            else this.w(at, (old - (rhs.value(env) | 0)) | 0);
            if (slot >= 0) this.w(reg + slot, old);
            break;
          }
          case 'call': {
            this.w(fb + F_PC, pc + 1); // before the arguments, as interp.ts
            if (d >= p.maxDepth) throw new FlatFallback('call depth');
            const nb = fb + p.frameWidth;
            this.w(nb + F_UNIT, p.unitClass[rhs.unit]);
            this.w(nb + F_PC, 0);
            this.w(nb + F_RET, slot);
            const args = rhs.args;
            for (let i = 0; i < args.length; i++) this.w(nb + F_REGS + i, args[i](env));
            this.w(b + DEPTH, d + 1);
            this.settle(tid);
            return STEP_OK;
          }
          case 'futex_wait': {
            const uaddr = rhs.addr(env);
            const val = rhs.val(env);
            const at = this.word(uaddr);
            this.w(fb + F_PC, pc + 1);
            if (v[at] !== (val | 0)) {
              if (slot >= 0) this.w(reg + slot, -EAGAIN); // case [1]
            } else {
              this.w(b + RANK, this.waiters(uaddr)); // queued last (before it counts itself)
              this.w(b + STATUS, BLOCKED);
              this.w(b + PENDING, slot);
              this.w(b + WAIT_ADDR, uaddr);
            }
            this.settle(tid);
            return STEP_OK;
          }
          case 'futex_wake': {
            const uaddr = rhs.addr(env);
            const n = count(rhs.n(env));
            this.word(uaddr);
            const woken = this.wake(uaddr, n <= 0 ? 1 : n); // case [6]
            if (slot >= 0) this.w(reg + slot, woken);
            break;
          }
          default:
            throw new FlatFallback(rhs.kind);
        }
        this.w(fb + F_PC, pc + 1);
        break;
      }
      default:
        throw new FlatFallback(ins.op);
    }
    this.settle(tid);
    return STEP_OK;
  }

  /** Waiters queued on uaddr. */
  private waiters(uaddr: number): number {
    const p = this.p;
    const v = this.v;
    let n = 0;
    for (let t = 0; t < p.threads; t++) {
      const b = p.threadBase[t];
      if (v[b + STATUS] === BLOCKED && v[b + WAIT_ADDR] === uaddr) n++;
    }
    return n;
  }

  /** Wake the first `limit` waiters on uaddr (ranks below it); the rest move up. Returns how many woke. */
  private wake(uaddr: number, limit: number): number {
    const p = this.p;
    const v = this.v;
    const woken = Math.min(limit, this.waiters(uaddr));
    for (let t = 0; t < p.threads; t++) {
      const b = p.threadBase[t];
      if (v[b + STATUS] !== BLOCKED || v[b + WAIT_ADDR] !== uaddr) continue;
      const rank = v[b + RANK];
      if (rank >= limit) {
        this.w(b + RANK, rank - woken);
        continue;
      }
      // Woken: futex_wait returns 0 into its register (threads.ts deliver).
      const slot = v[b + PENDING];
      this.w(b + STATUS, RUNNABLE);
      this.w(b + WAIT_ADDR, 0);
      this.w(b + RANK, 0);
      this.w(b + PENDING, -2);
      if (slot >= 0) this.w(b + HEAD + (v[b + DEPTH] - 1) * p.frameWidth + F_REGS + slot, 0);
      this.settle(t);
    }
    return woken;
  }

  /**
   * A return from the top frame (at fb, depth d) of the thread at b: the frame goes (zeros above
   * the depth) and the caller's return slot gets `value` (interp.ts doReturn, threads.ts popFrame).
   */
  private popFrame(b: number, fb: number, d: number, value: number): void {
    const ret = this.v[fb + F_RET];
    this.clearFrame(fb);
    this.w(b + DEPTH, d - 1);
    if (ret >= 0) this.w(fb - this.p.frameWidth + F_REGS + ret, value);
  }

  private clearFrame(fb: number): void {
    const end = fb + this.p.frameWidth;
    for (let i = fb; i < end; i++) this.w(i, 0);
  }

  /**
   * After a step of thread tid: normalize (threads.ts) a runnable one, past structural jumps and
   * implicit returns, ended at its block's end; then its registers made canonical.
   */
  private settle(tid: number): void {
    const p = this.p;
    const v = this.v;
    const b = p.threadBase[tid];
    while (v[b + STATUS] === RUNNABLE) {
      const d = v[b + DEPTH];
      const fb = b + HEAD + (d - 1) * p.frameWidth;
      const unit = v[fb + F_UNIT];
      const pc = v[fb + F_PC];
      if (pc >= p.units[unit].code.length) {
        if (d > 1) {
          this.popFrame(b, fb, d, 0); // an implicit return gives 0 (threads.ts normalize)
          continue;
        }
        this.clearFrame(fb);
        this.w(b + DEPTH, 0);
        this.w(b + STATUS, ENDED);
        return;
      }
      const to = p.jumps[unit][pc];
      if (to < 0) break;
      this.w(fb + F_PC, to);
    }
    this.canonical(tid);
  }

  /** A blocked thread at the pc it resumes at; dead registers zero (encode-local.ts writes them as absent). */
  private canonical(tid: number): void {
    const p = this.p;
    const v = this.v;
    const b = p.threadBase[tid];
    const depth = v[b + DEPTH];
    for (let fi = 0; fi < depth; fi++) {
      const fb = b + HEAD + fi * p.frameWidth;
      const unit = v[fb + F_UNIT];
      const pc = p.canon[unit][v[fb + F_PC]];
      this.w(fb + F_PC, pc);
      const live = p.live[unit][pc];
      const dead = fi < depth - 1 ? v[fb + p.frameWidth + F_RET] : v[b + PENDING];
      const size = p.units[unit].frameSize;
      for (let r = 0; r < size; r++) if (!(live && live[r]) || r === dead) this.w(fb + F_REGS + r, 0);
    }
  }
}
