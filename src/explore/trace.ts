// Counterexample traces: the choice of thread at each step plus the scenario's hash, as a small
// JSON file that `futexlab replay` and the debugger's `replay` launch attribute re-run step for
// step.

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';
import { encodeState, symmetryOf } from './encode';
import { failureOf } from './search';

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

/** The longest schedule a trace may hold: far past any max_steps a run can afford. */
export const MAX_TRACE_STEPS = 10_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check a parsed JSON value is a trace for this scenario text, every field (issue #14): the
 * version, the full scenario hash, each schedule entry, and the types of the rest. Returns a
 * clean copy (no prototype tricks, no extra fields). A TraceError names the field at fault and
 * never quotes the file.
 */
export function checkTrace(x: unknown, text: string): Trace {
  if (!isObject(x)) throw new TraceError('not a futexlab trace: it must be a JSON object');
  if (x.version !== 1) throw new TraceError(`not a trace this futexlab reads: "version" must be 1, not ${typeof x.version === 'number' ? x.version : typeof x.version}`);
  const schedule = checkSchedule(x.schedule);
  if (typeof x.scenarioHash !== 'string') throw new TraceError('not a futexlab trace: "scenarioHash" is missing');
  if (x.scenarioHash !== scenarioHash(text)) throw new TraceError('the trace was recorded on a different version of this scenario (scenarioHash differs)');
  if (typeof x.strategy !== 'string') throw new TraceError('"strategy" must be a string');
  const threads = x.threads === undefined ? [] : x.threads;
  if (!Array.isArray(threads) || !threads.every((n) => typeof n === 'string')) throw new TraceError('"threads" must be an array of thread names');
  if (x.failure !== undefined && typeof x.failure !== 'string') throw new TraceError('"failure" must be a string');
  return { version: 1, scenarioHash: x.scenarioHash, strategy: x.strategy, options: checkTraceOptions(x.options), threads, schedule, failure: x.failure ?? '' };
}

/** A schedule: a non-empty array of thread ids (a failure needs at least one step). */
export function checkSchedule(v: unknown): number[] {
  if (!Array.isArray(v)) throw new TraceError('not a futexlab trace: it needs a "schedule" array of thread ids');
  if (v.length === 0) throw new TraceError('"schedule" is empty: a counterexample takes at least one step');
  if (v.length > MAX_TRACE_STEPS) throw new TraceError(`"schedule" has ${v.length} steps, more than ${MAX_TRACE_STEPS}`);
  const bad = v.findIndex((n) => !Number.isSafeInteger(n) || n < 0 || n >= 2 ** 31);
  if (bad >= 0) throw new TraceError(`"schedule" entry ${bad} is not a thread id`);
  return v.slice() as number[];
}

/** The options a trace was recorded with: NAME -> VALUE strings, own keys only. */
export function checkTraceOptions(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw new TraceError('"options" must be an object of option NAME: VALUE strings');
  const out: Record<string, string> = Object.create(null);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new TraceError(`"options" value of ${JSON.stringify(k)} must be a string`);
    out[k] = x;
  }
  return out;
}

/**
 * What a replayed schedule reached, as the simulator sees it (never the trace's own `failure`
 * text, which anyone can edit): a failure as explore reports it, a livelock when the last state
 * repeats an earlier one of the replay, or null when the trace leads nowhere.
 */
export function replayVerdict(program: Program, trace: { schedule: number[]; strategy?: string; options?: Record<string, string> }): { kind: string; message: string } | null {
  const s = replay(program, trace);
  const f = failureOf(s);
  if (f) return f;
  if (s.result !== null) return null;
  // A livelock counterexample ends on a state its schedule has been in before (search.ts fairCycle).
  const sym = symmetryOf(program, false);
  const seen = new Map<string, number>();
  const r = new Session(program, { strategy: trace.strategy, options: trace.options, schedule: 'fifo' });
  for (let i = 0; i <= trace.schedule.length; i++) {
    r.idle();
    const key = encodeState(r, sym);
    const before = seen.get(key);
    if (i === trace.schedule.length) {
      return before === undefined ? null : { kind: 'livelock', message: `the schedule returns to the state of step ${before}: it can cycle forever` };
    }
    if (before === undefined) seen.set(key, i);
    r.step(trace.schedule[i]);
  }
  return null;
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
