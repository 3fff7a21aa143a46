// Which thread runs at each step: taken from the simulator running `modern` under the same
// schedule policy (docs/native.md "Schedule"). Only the order of steps is taken from it; every
// value, result and wake in the native run comes from the real kernel.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import type { NativeThread } from './gen';

/** One step: the thread (index into the generated threads) and its statement index (-1: resume). */
export interface NativeStep {
  thread: number;
  stmt: number;
}

export function recordSchedule(program: Program, schedule: string | undefined, threads: NativeThread[]): NativeStep[] {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  const steps: NativeStep[] = [];
  for (;;) {
    const before = s.k.s.step;
    const more = s.step();
    if (s.k.s.step > before) record(s, threads, steps);
    if (!more) return steps;
  }
}

function record(s: Session, threads: NativeThread[], steps: NativeStep[]): void {
  const name = s.k.s.tasks[s.lastStep.tid].name;
  const thread = threads.findIndex((t) => t.name === name);
  const ins = s.program.units[s.lastStep.unit]?.code[s.lastStep.pc];
  const stmt = ins && thread >= 0 ? threads[thread].stmts.findIndex((r) => r.start.offset === ins.range.start.offset) : -1;
  steps.push({ thread, stmt });
}
