// Which thread runs at each step: taken from the simulator running `modern` under the same
// schedule policy (docs/native.md "Schedule"). Only the order of steps is taken from it; every
// value, result and wake in the native run comes from the real kernel.

import type { Program } from '../session/program';
import type { Session as SessionT } from '../session/session';
import { Session } from '../session/session';
import { inSignalledWait } from '../kernel/signal';
import { inVectorWait } from '../kernel/futex/waitv';

/**
 * One line of the schedule: the thread (its creation index: the simulator's task index, the
 * native run's slot, both in creation order) and the source offset of the statement it runs, or
 * -1 for a step that only returns from a wait (futex_waitv's or a signalled wait's return), or
 * one of the markers below (not steps).
 */
export interface NativeStep {
  thread: number;
  stmt: number;
}

/** The simulator's timer of this thread's wait fired here: the controller waits until the real
 * timer has let the thread go, so that a later wake finds it gone, as in the simulator. */
export const TIMER_FIRED = -2;
/** The simulator's thread ended here: the native thread exits there (runtime-ctl.ts), so that its
 * exit (robust list, the PI states it owns, clear-tid) happens at the same point. */
export const THREAD_ENDED = -3;

export function recordSchedule(program: Program, schedule: string | undefined): NativeStep[] {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  const steps: NativeStep[] = [];
  const ended = new Set<number>();
  for (;;) {
    // Timers fire when the clock jumps to them (idle) and at the end of a step.
    let e = s.eventCount;
    const alive = s.idle();
    // A sleeping thread with nothing left to run ends in the clock jump itself.
    threadsEnded(s, ended, steps);
    timersFired(s, e, steps);
    if (!alive) return steps;
    const before = s.k.s.step;
    // A thread whose step will only finish its wait: known before the step runs.
    const resuming = s.k.s.tasks.map((t) => inVectorWait(t) || inSignalledWait(t));
    e = s.eventCount;
    const more = s.step();
    if (s.k.s.step > before) {
      const { tid, unit, pc } = s.lastStep;
      const ins = s.program.units[unit]?.code[pc];
      steps.push({ thread: tid, stmt: resuming[tid] || !ins ? -1 : ins.range.start.offset });
    }
    threadsEnded(s, ended, steps);
    timersFired(s, e, steps);
    if (!more) return steps;
  }
}

function threadsEnded(s: SessionT, ended: Set<number>, steps: NativeStep[]): void {
  s.k.s.tasks.forEach((t, tid) => {
    if (t.state !== 'ended' || ended.has(tid)) return;
    ended.add(tid);
    steps.push({ thread: tid, stmt: THREAD_ENDED });
  });
}

function timersFired(s: SessionT, from: number, steps: NativeStep[]): void {
  for (let i = from; i < s.eventCount; i++) {
    const ev = s.eventAt(i);
    if (ev?.type !== 'timer' || ev.kind === 'sleep') continue;
    steps.push({ thread: ev.tid, stmt: TIMER_FIRED });
  }
}
