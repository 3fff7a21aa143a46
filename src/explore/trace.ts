// Counterexample traces: the choice of thread at each step plus the scenario's hash, as a small
// JSON file that `futexlab replay` and the debugger's `replay` launch attribute re-run step for
// step. One trace type (Trace; TraceSpec is what a replay needs of it), one validator
// (checkTrace, for the CLI and the debugger alike) and one rule for divergence (tracedStep: a
// step whose thread cannot run there), used by both replay loops (replay below, and the
// debugger's runner, which stops there instead of throwing).

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';
import { plural } from '../lang/plural';
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

/** What a replay needs of a trace: the schedule, and the strategy and options it was recorded with. */
export interface TraceSpec {
  schedule: number[];
  strategy?: string;
  options?: Record<string, string>;
  /** What went wrong at the end of the schedule, as the explorer wrote it. */
  failure?: string;
  /** Thread names by tid as the trace lists them: a step's thread must have its listed name. */
  threads?: string[];
}

/** A trace that cannot be used; `field` names the part that is wrong ('' for the whole). */
export class TraceError extends Error {
  constructor(message: string, readonly field: '' | 'version' | 'schedule' | 'scenarioHash' | 'strategy' | 'options' | 'threads' = '') {
    super(message);
  }
}

/** The longest schedule a trace may hold: far past any max_steps a run can afford. */
export const MAX_TRACE_STEPS = 10_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check a parsed JSON value is a trace for this scenario text: the one validator of traces, for
 * the CLI's replay and the debugger's `replay` launch attribute alike. Every field is checked
 * (issue #14): the version when given, the full scenario hash, each schedule entry, the types of
 * the rest. Returns a clean copy (no prototype tricks); a TraceError names the field at fault and
 * never quotes the file.
 */
export function checkTrace(x: unknown, text: string, from: 'file' | 'launch' = 'file'): TraceSpec {
  if (!isObject(x)) throw new TraceError('not a futexlab trace: it must be an object { scenarioHash, schedule }');
  // A trace file (what explore writes) carries its format version; an inline launch trace may omit it.
  if ((x.version !== undefined || from === 'file') && x.version !== 1) {
    throw new TraceError(`must be 1, not ${typeof x.version === 'number' ? x.version : typeof x.version}: not a trace this futexlab reads`, 'version');
  }
  const schedule = checkSchedule(x.schedule);
  const have = scenarioHash(text);
  if (typeof x.scenarioHash !== 'string') throw new TraceError(`is required: the hash of the scenario text the trace was recorded on (this file's is ${have})`, 'scenarioHash');
  if (x.scenarioHash.toLowerCase() !== have) {
    throw new TraceError(`the trace was recorded for another scenario text (this file's hash is ${have})`, 'scenarioHash');
  }
  if (x.strategy !== undefined && typeof x.strategy !== 'string') throw new TraceError('must be a strategy name', 'strategy');
  let options: Record<string, string>;
  try {
    options = checkTraceOptions(x.options);
  } catch (e) {
    if (e instanceof TraceError) throw new TraceError(e.message, 'options');
    throw e;
  }
  if (x.failure !== undefined && typeof x.failure !== 'string') throw new TraceError('"failure" must be a string');
  const threads = checkThreads(x.threads);
  return {
    schedule, strategy: x.strategy || undefined, options: Object.keys(options).length > 0 ? options : undefined,
    failure: x.failure, ...(threads ? { threads } : {}),
  };
}

/** The most threads a trace may list: max_threads' ceiling (lang/option-ceilings.ts). */
const MAX_TRACE_THREADS = 32_768;

/**
 * `threads`, the names by tid that explore writes so a reader can follow the schedule. A trace
 * edited by hand may rename or reorder them; replay checks each step's thread against its name
 * (tracedStep), so the list is kept, as strings only.
 */
function checkThreads(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_TRACE_THREADS) throw new TraceError(`must be an array of at most ${MAX_TRACE_THREADS} thread names, by tid`, 'threads');
  const bad = v.findIndex((n) => typeof n !== 'string');
  if (bad >= 0) throw new TraceError(`entry ${bad} is not a thread name`, 'threads');
  return v.slice() as string[];
}

/** A schedule: a non-empty array of thread ids (a failure needs at least one step). */
export function checkSchedule(v: unknown): number[] {
  if (!Array.isArray(v)) throw new TraceError('must be an array of thread ids, one per step', 'schedule');
  if (v.length === 0) throw new TraceError('is empty: a counterexample takes at least one step', 'schedule');
  if (v.length > MAX_TRACE_STEPS) throw new TraceError(`has ${v.length} steps, more than ${MAX_TRACE_STEPS}`, 'schedule');
  const bad = v.findIndex((n) => !Number.isSafeInteger(n) || n < 0 || n >= 2 ** 31);
  if (bad >= 0) throw new TraceError(`entry ${bad} is not a thread id`, 'schedule');
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
 * The thread the trace runs at the session's next step: its tid, or why the trace diverges
 * there (the thread it names cannot run), or null once the schedule is used up. The one rule for
 * divergence, for every replay loop.
 */
export function tracedStep(s: Session, schedule: readonly number[], threads?: readonly string[]): { tid: number } | { diverged: string } | null {
  if (s.steps >= schedule.length) return null;
  const tid = schedule[s.steps];
  // A step that runs a thread under another name than the trace lists for it: the trace was
  // edited, or recorded on another run, and the schedule no longer means what its reader sees.
  if (threads && s.k.s.tasks[tid] && threads[tid] !== s.k.s.tasks[tid].name) {
    // The listed name is not quoted: a trace's text never comes back in an error (issue #14).
    const listed = threads[tid] === undefined ? 'has no' : 'has another name for';
    return { diverged: `the replayed trace diverges at step ${s.steps + 1}: its threads list ${listed} thread ${tid}, which is ${s.k.s.tasks[tid].name} here` };
  }
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
    const next = tracedStep(s, trace.schedule, trace.threads);
    if (!next) break;
    if ('diverged' in next) throw new TraceError(next.diverged, 'schedule');
    s.step(next.tid);
  }
  // explore lists every thread its counterexample made: a list of another length is not this run's.
  if (trace.threads && s.steps >= trace.schedule.length && trace.threads.length !== s.k.s.tasks.length) {
    throw new TraceError(`lists ${plural(trace.threads.length, 'thread')}; the replayed schedule makes ${s.k.s.tasks.length} (${s.k.s.tasks.map((t) => t.name).join(', ')})`, 'threads');
  }
  return s;
}
