// The launch request's arguments, checked one field at a time. Every problem is a LaunchError
// naming the field and saying why, which the adapter returns as the launch's error response.
//
//   program      (required) path of the .futex scenario
//   strategy     keying strategy, overrides `option strategy`
//   schedule     fifo | round-robin | random(SEED) | random:SEED
//   options      { NAME: VALUE } more `option` values (strings, numbers or booleans)
//   stopOnEntry  stop before the first step (default false)
//   stopAtEnd    stop when the run is over, so it can be stepped back (default true)
//   singleThread step only the thread asked for (also per request, DAP `singleThread`)
//   trace        internal errors' stack traces go to the Debug Console (default false)
//   noDebug      run without debugging (VS Code's Ctrl+F5, "Run Scenario"): no breakpoint or
//                filter stops, no stop on entry or at the end; the run ends the session
//   replay       a schedule trace: a path to a JSON file, or the object itself:
//                { "scenarioHash": "...", "schedule": [tid, tid, ...], "strategy"?, "options"? }
//                as `futexlab explore --out` writes it (explore/trace.ts); the trace's strategy and
//                options apply unless the launch sets its own.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../lang/ast';
import { listDiagnostics, omittedText } from '../lang/diagnostic-list';
import { loadProgram } from '../session/load';
import { UsageError } from '../session/options';
import type { Program } from '../session/program';
import { Session } from '../session/session';
import { checkTrace, TraceError, type TraceSpec } from '../explore/trace';

export class LaunchError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

export interface Launch {
  file: string;
  text: string;
  program: Program;
  session: Session;
  stopOnEntry: boolean;
  stopAtEnd: boolean;
  singleThread: boolean;
  noDebug: boolean;
  trace: boolean;
  /** The thread to run at each step, from a replayed trace; null without one. */
  replay: number[] | null;
  /** The replayed trace's thread names by tid (each traced step's thread must bear its name). */
  replayThreads: string[] | null;
}


function optionalString(args: Record<string, unknown>, field: string): string | undefined {
  const v = args[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new LaunchError(field, `must be a string, not ${typeof v}`);
  return v;
}

function optionalBoolean(args: Record<string, unknown>, field: string, dflt: boolean): boolean {
  const v = args[field];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new LaunchError(field, `must be true or false, not ${JSON.stringify(v)}`);
  return v;
}

/** Scenario and trace files are read up to these sizes (the CLI's bounds, cli/read.ts). */
const MAX_PROGRAM_BYTES = 1 << 20;
const MAX_TRACE_BYTES = 16 << 20;

/**
 * A launch file's text, read in bounded memory. Errors name the file and never echo its
 * contents: `program` and `replay` may name any file the adapter can read (issue #14).
 */
function readText(file: string, field: string, max: number): string {
  let fd: number;
  try {
    // A FIFO (or a device) blocks the open or the read, and with it the adapter's one thread:
    // no request was answered again. Only regular files (and directories, for their error) are opened.
    const st = statSync(file);
    if (!st.isFile() && !st.isDirectory()) throw new LaunchError(field, `cannot read '${file}': not a regular file`);
    fd = openSync(file, 'r');
  } catch (e) {
    if (e instanceof LaunchError) throw e;
    throw new LaunchError(field, `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (let got; (got = readSync(fd, buf, n, buf.length - n, null)) > 0; ) {
      n += got;
      if (n > max) throw new LaunchError(field, `cannot read '${file}': larger than ${max} bytes`);
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof LaunchError) throw e;
    throw new LaunchError(field, `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

function options(args: Record<string, unknown>): Record<string, string> | undefined {
  const v = args.options;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new LaunchError('options', 'must be an object of option NAME: VALUE pairs');
  const out: Record<string, string> = Object.create(null); // an option named __proto__ is refused, not lost
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
      throw new LaunchError(`options.${k}`, `must be a string, number or boolean, not ${JSON.stringify(x)}`);
    }
    out[k] = String(x);
  }
  return out;
}

/**
 * The `replay` argument (a trace file's path, or the trace itself) read once and checked against
 * the scenario's text by the one trace validator (explore/trace.ts checkTrace).
 */
function replay(args: Record<string, unknown>, text: string, base: string): TraceSpec | null {
  let v = args.replay;
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const file = path.resolve(base, v);
    const raw = readText(file, 'replay', MAX_TRACE_BYTES);
    try {
      v = JSON.parse(raw);
    } catch {
      // Not the parser's message: it quotes the file's first bytes.
      throw new LaunchError('replay', `'${file}' is not a trace: it is not JSON`);
    }
  }
  try {
    return checkTrace(v, text, 'launch');
  } catch (e) {
    if (e instanceof TraceError) throw new LaunchError(e.field ? `replay.${e.field}` : 'replay', e.message);
    throw e;
  }
}

/** Check the arguments, load the scenario and create the session. Throws LaunchError. */
export function prepareLaunch(raw: unknown, cwd = process.cwd()): Launch {
  if (typeof raw !== 'object' || raw === null) throw new LaunchError('arguments', 'the launch request has no arguments');
  const args = raw as Record<string, unknown>;
  const program = optionalString(args, 'program');
  if (program === undefined || program.trim() === '') throw new LaunchError('program', 'is required: the path of a .futex scenario');
  const file = path.resolve(cwd, program);
  // As the extension does (extension/config.ts checkProgram): any other file is not read, so its
  // contents cannot come back in the diagnostics of the error (issue #14).
  if (!file.endsWith('.futex')) throw new LaunchError('program', `'${file}' is not a .futex scenario`);
  const text = readText(file, 'program', MAX_PROGRAM_BYTES);
  const loaded = loadProgram(text, file);
  if (!loaded.ok) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    const l = listDiagnostics(errors, undefined, loaded.omittedErrors);
    const more = omittedText(l);
    const listed = l.shown.map(formatDiagnostic).join('\n') + (more === '' ? '' : `\n(${more} not shown)`);
    throw new LaunchError('program', `the scenario has ${errors.length + loaded.omittedErrors} error(s):\n${listed}`);
  }
  const traced = replay(args, text, path.dirname(file));
  const noDebug = optionalBoolean(args, 'noDebug', false);
  const ownStrategy = optionalString(args, 'strategy');
  const strategy = ownStrategy ?? traced?.strategy;
  const schedule = optionalString(args, 'schedule');
  const ownOptions = options(args);
  let session: Session;
  try {
    session = new Session(loaded.program, { strategy, schedule, options: ownOptions ?? traced?.options });
  } catch (e) {
    if (e instanceof UsageError) {
      // The field the value came from: the launch's own, or the replayed trace's, named once by
      // the LaunchError ("strategy: strategy: 'x' ..." named it twice).
      const own = e.field === 'strategy' ? ownStrategy !== undefined : e.field === 'schedule' || ownOptions !== undefined;
      const field = e.field === 'strategy' || e.field === 'schedule' ? e.field : `options.${e.field}`;
      throw new LaunchError(own ? field : `replay.${field}`, e.detail);
    }
    throw e;
  }
  return {
    file, text, program: loaded.program, session, noDebug, trace: optionalBoolean(args, 'trace', false),
    // Run Without Debugging (`noDebug`, which VS Code sets) runs to the end and ends the session:
    // stopping on entry or at the end left a "run" waiting for a Continue no one would press.
    stopOnEntry: !noDebug && optionalBoolean(args, 'stopOnEntry', false),
    stopAtEnd: !noDebug && optionalBoolean(args, 'stopAtEnd', true),
    singleThread: optionalBoolean(args, 'singleThread', false),
    replay: traced ? traced.schedule : null,
    replayThreads: traced?.threads ?? null,
  };
}
