// Counterexample traces: the choice of thread at each step plus the scenario's hash, as a small
// JSON file that `futexlab replay` and the debugger's `replay` launch attribute re-run step for
// step. One trace type (Trace; TraceSpec is what a replay needs of it), one validator
// (checkTrace, for the CLI and the debugger alike) and one rule for divergence (tracedStep: a
// step whose thread cannot run there), used by both replay loops (replay below, and the
// debugger's runner, which stops there instead of throwing).

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

/** What a replay needs of a trace: the schedule, and the strategy and options it was recorded with. */
export interface TraceSpec {
  schedule: number[];
  strategy?: string;
  options?: Record<string, string>;
  /** What went wrong at the end of the schedule, as the explorer wrote it. */
  failure?: string;
}

/** A trace that cannot be used; `field` names the part that is wrong ('' for the whole). */
export class TraceError extends Error {
  constructor(message: string, readonly field: '' | 'schedule' | 'scenarioHash' | 'strategy' | 'options' = '') {
    super(message);
  }
}

/** Check a parsed JSON value is a trace for this scenario text: the one validator of traces. */
export function checkTrace(x: unknown, text: string): TraceSpec {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new TraceError('not a futexlab trace: it must be an object { scenarioHash, schedule }');
  const t = x as { scenarioHash?: unknown; schedule?: unknown; strategy?: unknown; options?: unknown };
  if (!Array.isArray(t.schedule)) throw new TraceError('must be an array of thread ids, one per step', 'schedule');
  const bad = t.schedule.findIndex((n) => !Number.isInteger(n) || (n as number) < 0);
  if (bad >= 0) throw new TraceError(`entry ${bad} (${JSON.stringify(t.schedule[bad])}) is not a thread id`, 'schedule');
  if (typeof t.scenarioHash !== 'string') throw new TraceError('is missing: a trace names the scenario text it was recorded on', 'scenarioHash');
  const have = scenarioHash(text);
  if (t.scenarioHash.toLowerCase() !== have) {
    throw new TraceError(`the trace was recorded for another scenario text (${t.scenarioHash.slice(0, 16)}; this file is ${have})`, 'scenarioHash');
  }
  if (t.strategy !== undefined && typeof t.strategy !== 'string') throw new TraceError('must be a strategy name', 'strategy');
  const o = t.options;
  if (o !== undefined && (typeof o !== 'object' || o === null || Array.isArray(o) || !Object.values(o).every((v) => typeof v === 'string'))) {
    throw new TraceError('must be an object of NAME: VALUE strings', 'options');
  }
  const options = o && Object.keys(o).length > 0 ? (o as Record<string, string>) : undefined;
  const failure = typeof (t as { failure?: unknown }).failure === 'string' ? (t as { failure: string }).failure : undefined;
  return { schedule: t.schedule as number[], strategy: t.strategy || undefined, options, failure };
}

/**
 * The thread the trace runs at the session's next step: its tid, or why the trace diverges
 * there (the thread it names cannot run), or null once the schedule is used up. The one rule for
 * divergence, for every replay loop.
 */
export function tracedStep(s: Session, schedule: readonly number[]): { tid: number } | { diverged: string } | null {
  if (s.steps >= schedule.length) return null;
  const tid = schedule[s.steps];
  if (s.runnable().includes(tid)) return { tid };
  const runnable = s.runnable().map((t) => s.k.s.tasks[t].name).join(', ') || 'none';
  const name = s.k.s.tasks[tid] ? `${s.k.s.tasks[tid].name} is ${s.k.s.tasks[tid].state}; ` : '';
  return { diverged: `the replayed trace diverges at step ${s.steps + 1}: thread ${tid} cannot run there (${name}runnable: ${runnable})` };
}

/**
 * Re-run a schedule step for step. Stops where the schedule ends (the failure); throws a
 * TraceError if a step names a thread that cannot run there.
 */
export function replay(program: Program, trace: TraceSpec, extra: Overrides = {}): Session {
  const s = new Session(program, { strategy: trace.strategy, options: trace.options, ...extra, schedule: 'fifo' });
  for (;;) {
    s.idle();
    if (s.result !== null) break;
    const next = tracedStep(s, trace.schedule);
    if (!next) break;
    if ('diverged' in next) throw new TraceError(next.diverged, 'schedule');
    s.step(next.tid);
  }
  return s;
}
