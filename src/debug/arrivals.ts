// Which threads arrived at a statement in the last step: the one rule line breakpoints use.
//
// A thread arrives when, after a step, it can run and either it ran that step, or it could not
// run before (woken, timer expiry, signal delivery, a requeued waiter woken later, page lock
// granted), or its position (frame depth, unit, pc) moved while it could run (a thread the step
// created: fork/spawn children appear with no position before). The rule looks at thread
// positions, not at which events explain the move, so no cause can be forgotten. A thread stops
// before it executes the statement it arrived at; a blocked or sleeping thread whose pc is
// already past its blocking call has not arrived anywhere until it can run again.

import type { Session } from '../session/session';
import { taskCount, threadState } from '../session/inspect';

/** A thread's place: -1 for "cannot run" (or absent), else a number packing depth, unit and pc. */
interface Place {
  runnable: boolean;
  depth: number;
  unit: number;
  pc: number;
}

function placeOf(s: Session, tid: number): Place | undefined {
  const state = threadState(s, tid);
  const th = s.threads[tid];
  const f = th?.frames[th.frames.length - 1];
  if (state === undefined || !f) return undefined;
  return { runnable: state === 'runnable', depth: th.frames.length, unit: f.unit, pc: f.pc };
}

export class Arrivals {
  private before: (Place | undefined)[] = [];

  constructor(private readonly session: Session) {}

  /** Remember where every thread is now (the position the next step starts from). */
  snapshot(): void {
    const s = this.session;
    const n = taskCount(s);
    this.before = new Array<Place | undefined>(n);
    for (let tid = 0; tid < n; tid++) this.before[tid] = placeOf(s, tid);
  }

  /**
   * The threads that arrived in the step just run by `stepped` (-1: no thread ran), in tid
   * order with the stepping thread first; then the snapshot moves to the present.
   */
  since(stepped: number): number[] {
    const s = this.session;
    const out: number[] = [];
    const n = taskCount(s);
    const now = new Array<Place | undefined>(n);
    for (let tid = 0; tid < n; tid++) {
      const p = (now[tid] = placeOf(s, tid));
      if (!p?.runnable) continue;
      const b = this.before[tid];
      const moved = !b || !b.runnable || b.depth !== p.depth || b.unit !== p.unit || b.pc !== p.pc;
      if (tid === stepped) out.unshift(tid);
      else if (moved) out.push(tid);
    }
    this.before = now;
    return out;
  }
}
