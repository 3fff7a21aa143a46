// Counterexample traces: the choice of thread at each step plus the scenario's hash, as a small
// JSON file that `futexlab replay` and the debugger's `replay` launch attribute re-run step for
// step.

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';

export interface Trace {
  version: 1;
  /** FNV-1a of the scenario text: a trace only replays the scenario it was found on. */
  scenarioHash: string;
  strategy: string;
  options: Record<string, string>;
  /** Thread names by tid, for reading the trace. */
  threads: string[];
  /** The tid run at each step. */
  schedule: number[];
  failure: string;
}

/** 64-bit FNV-1a as 16 hex digits (two 32-bit halves, no Node crypto: explore/ is pure). */
export function scenarioHash(text: string): string {
  let h1 = 0x811c9dc5, h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}

export class TraceError extends Error {}

/** Check a parsed JSON value is a trace for this scenario text. */
export function checkTrace(x: unknown, text: string): Trace {
  const t = x as Trace;
  if (!t || typeof t !== 'object' || !Array.isArray(t.schedule) || !t.schedule.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new TraceError('not a futexlab trace: it needs a "schedule" array of thread ids');
  }
  if (typeof t.scenarioHash !== 'string') throw new TraceError('not a futexlab trace: "scenarioHash" is missing');
  if (t.scenarioHash !== scenarioHash(text)) throw new TraceError('the trace was recorded on a different version of this scenario (scenarioHash differs)');
  return t;
}

/**
 * Re-run a schedule step for step. Stops where the schedule ends (the failure); throws a
 * TraceError if a step names a thread that cannot run there.
 */
export function replay(program: Program, trace: { schedule: number[]; strategy?: string; options?: Record<string, string> }, extra: Overrides = {}): Session {
  const s = new Session(program, { strategy: trace.strategy, options: trace.options, ...extra, schedule: 'fifo' });
  trace.schedule.forEach((tid, i) => {
    s.idle();
    if (s.result !== null) return;
    if (!s.runnable().includes(tid)) {
      throw new TraceError(`step ${i + 1}: thread ${s.k.s.tasks[tid]?.name ?? tid} cannot run there (runnable: ${s.runnable().map((t) => s.k.s.tasks[t].name).join(', ') || 'none'})`);
    }
    s.step(tid);
  });
  s.idle();
  return s;
}
