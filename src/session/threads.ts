// The threads' interpreter state between steps (interp.ts ThreadState): how a thread is copied
// for copy-on-write against snapshots, where it rests between steps (normalize: past structural
// jumps and implicit returns, or ended), and the value a woken thread's blocking call returns
// (deliver, undeliver). The session owns the table of threads; its quiet runs (quiet-run.ts) and
// its reading of wake-up events share these.

import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/state';
import { exitTask } from '../kernel/task';
import type { ThreadState } from './interp';
import type { JumpTable } from './fast-step';
import type { Program } from './program';

let stamps = 0;

/** A stamp for a thread state being made or copied (interp.ts ThreadState.stamp). */
export const newThreadStamp = (): number => ++stamps;

type Frame = ThreadState['frames'][number];

/**
 * A new thread (the scenario's, a fork's or a spawn's) at the start of `unit` with registers
 * `regs`: one frame, its own (ownFrom 0), no blocking call, a fresh stamp. Every thread state is
 * made here or by copyThread, with the same fields in the same order (one hidden class).
 */
export function newThread(tid: number, unit: number, regs: number[]): ThreadState {
  return { tid, pendingSlot: -2, frames: [{ unit, pc: 0, regs, retSlot: -1 }], ownFrom: 0, stamp: newThreadStamp(), handoff: undefined };
}

// Every field in one literal: a spread with an override is several times slower (kernel/clone.ts),
// and the explorer copies a thread at its first write after every snapshot.
const copyFrame = (f: Frame): Frame => ({ unit: f.unit, pc: f.pc, regs: f.regs.slice(), retSlot: f.retSlot });

/** Every frame copied: a PI handoff's frames, which undeliver makes the thread's own. */
export function copyFrames(fs: Frame[]): Frame[] {
  const n = fs.length;
  const out = new Array<Frame>(n);
  for (let i = 0; i < n; i++) out[i] = copyFrame(fs[i]);
  return out;
}

/**
 * A copy for writing (ownThread): its own frames array, and its own top frame, the only frame a
 * step writes (a call pushes a new one); the frames below stay shared with `t` until a return
 * makes one the top frame (popFrame, ThreadState.ownFrom). A snapshot's thread is never written
 * again, so sharing them keeps a state's thread as it was (explore/encode-hash.ts keeps its hash
 * by stamp). `handoff` is always present (undefined when none), so that every thread state has
 * one hidden class: a literal with a conditional spread made two, and the readers of threads
 * polymorphic.
 */
export function copyThread(t: ThreadState): ThreadState {
  const frames = t.frames.slice();
  const top = frames.length - 1;
  if (top >= 0) frames[top] = copyFrame(frames[top]);
  return {
    tid: t.tid, pendingSlot: t.pendingSlot, frames, ownFrom: top >= 0 ? top : 0, stamp: newThreadStamp(),
    handoff: t.handoff ? { frames: copyFrames(t.handoff.frames), pendingSlot: t.handoff.pendingSlot } : undefined,
  };
}

/**
 * A return: the top frame goes, and the caller's frame, now the top one and about to be written
 * (the returned value, its pc), is copied first if it is shared with a snapshot. Every pop goes
 * through here (interp.ts doReturn, normalize). Returns the new top frame, or undefined.
 */
export function popFrame(th: ThreadState): Frame | undefined {
  const fs = th.frames;
  fs.pop();
  const top = fs.length - 1;
  if (top < 0) return undefined;
  if (top < th.ownFrom) {
    fs[top] = copyFrame(fs[top]);
    th.ownFrom = top;
  }
  return fs[top];
}

/**
 * Follow structural jumps and implicit returns; end the thread at the end of its block. `jumps`
 * (fast-step.ts) names the structural jumps by unit and pc; null: read the instructions.
 */
export function normalize(k: Kernel, program: Program, jumps: JumpTable | null, th: ThreadState): void {
  const t = k.s.tasks[th.tid];
  for (;;) {
    // A thread whose last statement blocked ends when it wakes (deliver normalizes it again).
    if (t.state !== 'runnable') return;
    const f = th.frames[th.frames.length - 1];
    if (!f) return;
    const code = program.units[f.unit].code;
    if (f.pc >= code.length) {
      if (th.frames.length > 1) {
        const caller = popFrame(th)!;
        if (f.retSlot >= 0) caller.regs[f.retSlot] = 0;
        continue;
      }
      exitTask(k, t, 'ended');
      return;
    }
    if (jumps !== null) {
      const to = jumps[f.unit][f.pc];
      if (to < 0) return;
      f.pc = to;
      continue;
    }
    const ins = code[f.pc];
    if (ins.op === 'jump' && !ins.step) f.pc = ins.target;
    else return;
  }
}

/**
 * A woken thread gets the value of its blocking call in the register that asked for it (th is
 * the caller's own copy; the caller normalizes it afterwards).
 */
export function deliver(k: Kernel, th: ThreadState): void {
  const t = k.s.tasks[th.tid];
  // A PI handoff can still be stolen until the thread runs (kernel/futex/pi-steal.ts).
  if (k.s.pi.states.length > 0 && k.s.pi.states.some((p) => p.pending?.tid === th.tid)) th.handoff = { frames: copyFrames(th.frames), pendingSlot: th.pendingSlot };
  if (th.pendingSlot >= 0) th.frames[th.frames.length - 1].regs[th.pendingSlot] = t.retval;
  th.pendingSlot = -2;
}

/** A stolen PI handoff: the thread is back in its call, as before the handoff's delivery. */
export function undeliver(th: ThreadState): void {
  if (!th.handoff) return;
  th.frames = th.handoff.frames; // copied whole (deliver, copyThread): all this state's own
  th.ownFrom = 0;
  th.pendingSlot = th.handoff.pendingSlot;
  th.handoff = undefined;
}

/**
 * Thread tid for writing. Threads are copy-on-write between snapshots, like the kernel's state
 * (kernel/clone.ts): a snapshot shares the ThreadState objects, and a thread is copied before its
 * first write under a new kernel epoch. owner[tid] is the epoch that may write thread tid in
 * place; bookkeeping only, not part of a snapshot (every snapshot and restore changes the epoch).
 */
export function ownThread(threads: ThreadState[], owner: number[], epoch: number, tid: number): ThreadState {
  const th = threads[tid];
  if (!th || owner[tid] === epoch) return th;
  const own = copyThread(th);
  threads[tid] = own;
  owner[tid] = epoch;
  return own;
}

/** The thread named `name` (`A/main`, or the short name within the caller's process), by tid. */
export function findThread(k: Kernel, name: string, caller: Task): number | undefined {
  const proc = k.s.procs[caller.pid].name;
  const full = name.includes('/') ? name : `${proc}/${name}`;
  for (let i = k.s.tasks.length - 1; i >= 0; i--) if (k.s.tasks[i].name === full) return i;
  return undefined;
}
