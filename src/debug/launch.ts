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
//   replay       a schedule trace: a path to a JSON file, or the object itself:
//                { "scenarioHash": "...", "schedule": [tid, tid, ...], "strategy"?, "options"? }
//                as `futexlab explore --out` writes it (explore/trace.ts); the trace's strategy and
//                options apply unless the launch sets its own.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic } from '../lang/ast';
import { loadProgram } from '../session/load';
import { UsageError } from '../session/options';
import type { Program } from '../session/program';
import { Session } from '../session/session';
import { scenarioHash } from '../explore/trace';

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
  /** The thread to run at each step, from a replayed trace; null without one. */
  replay: number[] | null;
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

function readText(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new LaunchError(field, `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function options(args: Record<string, unknown>): Record<string, string> | undefined {
  const v = args.options;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new LaunchError('options', 'must be an object of option NAME: VALUE pairs');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
      throw new LaunchError(`options.${k}`, `must be a string, number or boolean, not ${JSON.stringify(x)}`);
    }
    out[k] = String(x);
  }
  return out;
}

/** A replayed trace: its schedule, and the strategy and options it was recorded with. */
interface Replay {
  schedule: number[];
  strategy?: string;
  options?: Record<string, string>;
}

/** The `replay` argument read once and checked against the scenario's text. */
function replay(args: Record<string, unknown>, text: string, base: string): Replay | null {
  let v = args.replay;
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const file = path.resolve(base, v);
    try {
      v = JSON.parse(readText(file, 'replay'));
    } catch (e) {
      if (e instanceof LaunchError) throw e;
      throw new LaunchError('replay', `'${file}' is not JSON: ${(e as Error).message}`);
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new LaunchError('replay', 'must be a trace file path or { scenarioHash, schedule }');
  const trace = v as { scenarioHash?: unknown; schedule?: unknown; strategy?: unknown; options?: unknown };
  if (!Array.isArray(trace.schedule)) throw new LaunchError('replay.schedule', 'must be an array of thread ids, one per step');
  const bad = trace.schedule.findIndex((x) => !Number.isInteger(x) || (x as number) < 0);
  if (bad >= 0) throw new LaunchError('replay.schedule', `entry ${bad} (${JSON.stringify(trace.schedule[bad])}) is not a thread id`);
  if (trace.scenarioHash !== undefined) {
    const want = String(trace.scenarioHash).toLowerCase();
    const have = scenarioHash(text);
    if (want.length < 8 || !have.startsWith(want)) {
      throw new LaunchError('replay.scenarioHash', `the trace was recorded for another scenario text (${want.slice(0, 12)}...; this file is ${have.slice(0, 12)}...)`);
    }
  }
  const strategy = typeof trace.strategy === 'string' && trace.strategy !== '' ? trace.strategy : undefined;
  const o = trace.options;
  const options = typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).length > 0 ? (o as Record<string, string>) : undefined;
  return { schedule: trace.schedule as number[], strategy, options };
}

/** Check the arguments, load the scenario and create the session. Throws LaunchError. */
export function prepareLaunch(raw: unknown, cwd = process.cwd()): Launch {
  if (typeof raw !== 'object' || raw === null) throw new LaunchError('arguments', 'the launch request has no arguments');
  const args = raw as Record<string, unknown>;
  const program = optionalString(args, 'program');
  if (program === undefined || program.trim() === '') throw new LaunchError('program', 'is required: the path of a .futex scenario');
  const file = path.resolve(cwd, program);
  const text = readText(file, 'program');
  const loaded = loadProgram(text, file);
  if (!loaded.ok) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    throw new LaunchError('program', `the scenario has ${errors.length} error(s):\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  const traced = replay(args, text, path.dirname(file));
  const noDebug = optionalBoolean(args, 'noDebug', false);
  const strategy = optionalString(args, 'strategy') ?? traced?.strategy;
  const schedule = optionalString(args, 'schedule');
  let session: Session;
  try {
    session = new Session(loaded.program, { strategy, schedule, options: options(args) ?? traced?.options });
  } catch (e) {
    if (e instanceof UsageError) throw new LaunchError(e.field === 'strategy' || e.field === 'schedule' ? e.field : `options.${e.field}`, e.message);
    throw e;
  }
  return {
    file, text, program: loaded.program, session,
    // Run Without Debugging (`noDebug`, which VS Code sets) runs to the end and ends the session:
    // stopping on entry or at the end left a "run" waiting for a Continue no one would press.
    stopOnEntry: !noDebug && optionalBoolean(args, 'stopOnEntry', false),
    stopAtEnd: !noDebug && optionalBoolean(args, 'stopAtEnd', true),
    singleThread: optionalBoolean(args, 'singleThread', false),
    replay: traced ? traced.schedule : null,
  };
}
