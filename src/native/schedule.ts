// Which thread runs at each step: taken from the simulator running `modern` under the same
// schedule policy (docs/native.md "Schedule"). Only the order of steps is taken from it; every
// value, result and wake in the native run comes from the real kernel.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import { inSignalledWait } from '../kernel/signal';
import { inVectorWait } from '../kernel/futex/waitv';

/**
 * One line of the schedule: the thread (its creation index: the simulator's task index, the
 * native run's slot, both in creation order) and the source offset of the statement it runs;
 * RESUME for a step that only returns from a wait (futex_waitv's or a signalled wait's return);
 * TIMER_FIRED and THREAD_ENDED are not steps (below).
 */
export interface NativeStep {
  thread: number;
  stmt: number;
}

export const RESUME = -1;
/** The simulator's timeout of this thread fired here: the controller waits until the real timer
 * has let the thread go, so that a later wake finds it gone, as in the simulator. */
export const TIMER_FIRED = -2;
/** The simulator's thread ended here (after its last statement, a wake or its last sleep): the
 * native thread, waiting at its end gate, exits now (clear-tid, robust list) and not earlier. */
export const THREAD_ENDED = -3;

export function recordSchedule(program: Program, schedule: string | undefined): NativeStep[] {
  return recordRun(program, schedule).steps;
}

/**
 * The schedule, and whether the simulator's run was cut by a budget (max_steps, max_output)
 * rather than ended: the native run then stops there too, and its threads still running are that
 * cut, not a deadlock (`while 1 { }` was a native `deadlock` against the simulator's `step-limit`).
 */
export function recordRun(program: Program, schedule: string | undefined): { steps: NativeStep[]; cut: 'step-limit' | 'output-limit' | null } {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  const steps = record(s);
  return { steps, cut: s.result === 'step-limit' || s.result === 'output-limit' ? s.result : null };
}

function record(s: Session): NativeStep[] {
  const steps: NativeStep[] = [];
  const ended = new Set<number>();
  for (;;) {
    // Timers fire when the clock jumps to them (idle) and at the end of a step.
    let e = s.eventCount;
    const alive = s.idle();
    marks(s, e, ended, steps);
    if (!alive) return steps;
    // A thread whose step will only finish its wait: known before the step runs.
    const resuming = s.k.s.tasks.map((t) => inVectorWait(t) || inSignalledWait(t));
    const before = s.k.s.step;
    e = s.eventCount;
    const more = s.step();
    if (s.k.s.step > before) {
      const { tid, unit, pc } = s.lastStep;
      const ins = s.program.units[unit]?.code[pc];
      steps.push({ thread: tid, stmt: resuming[tid] || !ins ? RESUME : ins.range.start.offset });
    }
    marks(s, e, ended, steps);
    if (!more) return steps;
  }
}

/** Timeouts that fired since event `from`, then threads that ended (a timed-out last wait ends its thread). */
function marks(s: Session, from: number, ended: Set<number>, steps: NativeStep[]): void {
  for (let i = from; i < s.eventCount; i++) {
    const ev = s.eventAt(i);
    if (ev?.type === 'timer' && ev.kind !== 'sleep') steps.push({ thread: ev.tid, stmt: TIMER_FIRED });
  }
  for (const t of s.k.s.tasks) {
    if (t.state !== 'ended' || ended.has(t.tid)) continue;
    ended.add(t.tid);
    steps.push({ thread: t.tid, stmt: THREAD_ENDED });
  }
}
