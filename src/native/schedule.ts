// Which thread runs at each step: taken from the simulator running `modern` under the same
// schedule policy (docs/native.md "Schedule"). Only the order of steps is taken from it; every
// value, result and wake in the native run comes from the real kernel.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import type { NativeThread } from './gen';

/**
 * One line of the schedule: the thread (index into the generated threads) and its statement index;
 * -1 for a step that only resumes the thread, TIMER_FIRED for "the simulator's timer of this
 * thread fired here" (not a step: the controller waits until the real timer has let the thread
 * go, so that a later wake finds it gone, as in the simulator).
 */
export interface NativeStep {
  thread: number;
  stmt: number;
}

export const TIMER_FIRED = -2;
/** The simulator's thread ended in the step before (not a step): the native thread exits there. */
export const THREAD_ENDED = -3;

export function recordSchedule(program: Program, schedule: string | undefined, threads: NativeThread[]): NativeStep[] {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  const steps: NativeStep[] = [];
  const ended = new Set<number>();
  for (;;) {
    // Timers fire when the clock jumps to them (idle) and at the end of a step.
    let e = s.eventCount;
    const alive = s.idle();
    // A sleeping thread with nothing left to run ends in the clock jump itself.
    threadsEnded(s, threads, ended, steps);
    timersFired(s, e, threads, steps);
    if (!alive) return steps;
    const before = s.k.s.step;
    e = s.eventCount;
    const more = s.step();
    if (s.k.s.step > before) record(s, threads, steps);
    threadsEnded(s, threads, ended, steps);
    timersFired(s, e, threads, steps);
    if (!more) return steps;
  }
}

/** A thread's exit (robust list, PI states it owns) happens where the simulator's thread ends. */
function threadsEnded(s: Session, threads: NativeThread[], ended: Set<number>, steps: NativeStep[]): void {
  for (const t of s.k.s.tasks) {
    if (t.state !== 'ended' || ended.has(t.tid)) continue;
    ended.add(t.tid);
    const thread = threads.findIndex((n) => n.name === t.name);
    if (thread >= 0) steps.push({ thread, stmt: THREAD_ENDED });
  }
}

function timersFired(s: Session, from: number, threads: NativeThread[], steps: NativeStep[]): void {
  for (let i = from; i < s.eventCount; i++) {
    const ev = s.eventAt(i);
    if (ev?.type !== 'timer' || ev.kind === 'sleep') continue;
    const thread = threads.findIndex((t) => t.name === s.k.s.tasks[ev.tid].name);
    if (thread >= 0) steps.push({ thread, stmt: TIMER_FIRED });
  }
}

function record(s: Session, threads: NativeThread[], steps: NativeStep[]): void {
  const name = s.k.s.tasks[s.lastStep.tid].name;
  const thread = threads.findIndex((t) => t.name === name);
  const ins = s.program.units[s.lastStep.unit]?.code[s.lastStep.pc];
  const stmt = ins && thread >= 0 ? threads[thread].stmts.findIndex((r) => r.start.offset === ins.range.start.offset) : -1;
  steps.push({ thread, stmt });
}
