// Which thread runs at each step: taken from the simulator running `modern` under the same
// schedule policy (docs/native.md "Schedule"). Only the order of steps is taken from it; every
// value, result and wake in the native run comes from the real kernel.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import { inSignalledWait } from '../kernel/signal';
import { inVectorWait } from '../kernel/futex/waitv';

/**
 * One step: the thread (its creation index: the simulator's task index, the native run's slot,
 * both in creation order) and the source offset of the statement it runs, or -1 for a step that
 * only returns from a wait (futex_waitv's or a signalled wait's return).
 */
export interface NativeStep {
  thread: number;
  stmt: number;
}

export function recordSchedule(program: Program, schedule: string | undefined): NativeStep[] {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  const steps: NativeStep[] = [];
  for (;;) {
    const before = s.k.s.step;
    // A thread whose step will only finish its wait: known before the step runs.
    const resuming = s.k.s.tasks.map((t) => inVectorWait(t) || inSignalledWait(t));
    const more = s.step();
    if (s.k.s.step > before) {
      const { tid, unit, pc } = s.lastStep;
      const ins = s.program.units[unit]?.code[pc];
      steps.push({ thread: tid, stmt: resuming[tid] || !ins ? -1 : ins.range.start.offset });
    }
    if (!more) return steps;
  }
}
