// Steps in a row under fifo or round-robin while they stay quiet (issue #11): what Session.step
// does, without its checks of what such a step cannot change. The session's step loop state
// (StepLoop) is shared with it: the thread the schedule last ran, whether it must switch, and
// how far the oracle has read the event log.

import type { Kernel } from '../kernel/kernel';
import type { Mm, Task } from '../kernel/state';
import { taskMm } from '../kernel/futex/core';
import { yieldTask, type SchedPolicy } from '../kernel/sched';
import { runTimers } from '../kernel/task';
import { execInstruction, execStep, OK, QUIET, type InterpContext, type StepOutcome, type ThreadState } from './interp';
import { forgetLookups, lastLookup, type JumpTable } from './fast-step';
import type { OracleState } from './oracle';
import { normalize } from './threads';

/** The step loop's state, which Session.step and quietRun both advance. */
export interface StepLoop {
  /** The thread the schedule ran last (-1: none yet). */
  current: number;
  /** The current thread blocked, yielded, slept or ended: fifo picks another. */
  switchNow: boolean;
  /** Absolute index of the first event the session (deliveries, the oracle) has not read. */
  seen: number;
}

/** What a quiet run uses of its session. */
export interface QuietRunHost {
  readonly k: Kernel;
  readonly policy: SchedPolicy;
  readonly maxSteps: number;
  readonly loop: StepLoop;
  /** Session.lastStep, written as runOne does. */
  readonly lastStep: { tid: number; unit: number; pc: number };
  readonly cx: InterpContext;
  readonly jumps: JumpTable;
  /** The kernel epoch that may write each thread in place (threads.ts ownThread). */
  readonly threadOwner: readonly number[];
  /** Thread tid for writing (copied first if a snapshot shares it). */
  ownThread(tid: number): ThreadState;
  /** The run is over (a failed assert, the output budget). */
  ended(): boolean;
  /** The rest of a step that is not quiet: the pc, the clock, timers, output, the oracle. */
  endStep(th: ThreadState, t: Task, out: StepOutcome): void;
  /** The oracle and deliveries over the new events, and the checks after a step of thread `by`. */
  afterStep(by: number): void;
}

/**
 * A step that ends OK with its thread runnable and raises no event, timer, PI state or pin needs
 * no oracle, and the next choice is the schedule's plain one (the same thread under fifo, the
 * head of the run queue after a rotation under round-robin); after a quiet step (QUIET) not even
 * the checks before the next one are needed. Any other step ends with the rest of runOne
 * (endStep) or afterStep, as in step(); under round-robin, where one step in ten is a futex
 * call with events, the run then goes on while nothing that the plain
 * schedule (kernel/sched.ts pickNext) or runOne would look at is in play: no timer, priority, PI
 * state or PI oracle row, a runnable thread, the step budget not spent, the run not over; else
 * Session.run goes back to step(). Returns the number of steps run. The caller has checked that
 * the run is not over and invariants are not being checked. The differential test is
 * test/session/quiet-steps.test.ts (fastSteps off runs every step through step()).
 */
export function quietRun(h: QuietRunHost, oracle: OracleState, threads: ThreadState[], limit: number): number {
  const k = h.k;
  const s = k.s;
  const loop = h.loop;
  const rr = h.policy.kind === 'round-robin';
  if (!rr && h.policy.kind !== 'fifo') return 0;
  if (k.fp !== null) return 0;
  let pinned = s.pinned;
  const jumpTable = h.jumps;
  const lastStep = h.lastStep;
  const owner = h.threadOwner;
  // The running thread, its task and its mm, found again only when another thread (the mm:
  // another process) runs, or after a step with events: a quiet step changes none of them (an
  // exec, a new mm or a copied thread comes with an event).
  let cachedTid = -1;
  let cachedPid = -1;
  let th!: ThreadState;
  let t!: Task;
  let m!: Mm;
  let n = 0;
  // After a quiet step (QUIET) what the checks below look at is as it was before it.
  let quiet = false;
  // Page translations and map names looked up again only after a step that is not quiet.
  lastLookup.active = true;
  forgetLookups();
  try {
    while (n < limit) {
      if (!quiet) {
        if (s.timers.length > 0 || s.prioTasks > 0 || s.pi.states.length > 0 || oracle.pi.rows.size > 0) break;
        if (loop.seen !== k.eventCount) break;
        // step(): without a reader of the whole log, the events consumed by the last step go.
        if (!k.fullLog && k.events.length > 0) k.dropEvents();
      }
      if (s.step >= h.maxSteps) break;
      // The schedule's choice (pickNext with no priority in play).
      let tid = loop.current;
      if (rr) {
        if (s.runq.length === 0) break;
        if (!loop.switchNow && tid >= 0 && s.tasks[tid].state === 'runnable') yieldTask(k, s.tasks[tid]);
        tid = s.runq[0];
      } else if (loop.switchNow || tid < 0 || s.tasks[tid].state !== 'runnable') {
        if (s.runq.length === 0) break;
        tid = s.runq[0];
      }
      loop.switchNow = false;
      loop.current = tid;
      n++;
      // runOne, with the checks it makes for priorities left out (none is in play).
      if (tid !== cachedTid) {
        th = owner[tid] === s.epoch ? threads[tid] : h.ownThread(tid);
        t = s.tasks[tid];
        if (t.pid !== cachedPid) {
          m = taskMm(k, t); // the threads of one process share it
          cachedPid = t.pid;
        }
        cachedTid = tid;
      }
      s.step++;
      k.currentTid = tid;
      const top = th.frames[th.frames.length - 1];
      lastStep.tid = tid;
      lastStep.unit = top.unit;
      lastStep.pc = top.pc;
      // execStep's checks before the instruction all find nothing for a thread that is not in a
      // futex wait (signalled or vectored), has no signal pending and no PI handoff to close.
      const out = t.wait.kind !== 'futex' && !t.sigpending && th.handoff === undefined ? execInstruction(h.cx, th, t, top, m) : execStep(h.cx, th, t);
      quiet = out === QUIET;
      if (!quiet && (out !== OK || t.state !== 'runnable')) {
        forgetLookups();
        h.endStep(th, t, out);
        // fifo: such steps are rare (a thread ends or blocks), and step() takes the next choice;
        // the run keeps only its quiet path, which V8 then optimizes without a deopt on the
        // first thread's end in every session (the bench's first runs).
        if (!rr || h.ended()) break;
        cachedTid = -1;
        cachedPid = -1;
        pinned = s.pinned;
        continue;
      }
      // normalize: the structural jumps followed here, the end of a block (a return, the end of
      // the thread) by normalize itself.
      const f = th.frames[th.frames.length - 1];
      const jumps = jumpTable[f.unit];
      let pc = f.pc;
      if (pc < jumps.length && jumps[pc] >= 0) {
        do pc = jumps[pc];
        while (pc < jumps.length && jumps[pc] >= 0);
        f.pc = pc;
      }
      if (pc >= jumps.length) normalize(k, h.cx.program, jumpTable, th);
      s.clock++;
      if (!quiet && s.timers.length > 0) runTimers(k);
      k.currentTid = -1;
      if (quiet && pc < jumps.length) continue; // no event, and normalize ended no thread
      forgetLookups();
      if (k.eventCount !== loop.seen || s.pi.states.length > 0 || oracle.pi.rows.size > 0 || s.pinned !== pinned) {
        h.afterStep(tid);
        if (!rr) break;
        quiet = false;
        cachedTid = -1;
        cachedPid = -1;
        pinned = s.pinned;
      }
    }
  } finally {
    lastLookup.active = false;
    forgetLookups();
  }
  return n;
}
