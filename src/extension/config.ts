// The launch configuration of a `futex` debug session: its attributes, the configurations offered
// when there is no launch.json yet, and the resolution that makes F5 on a `.futex` file just work.
//
// Pure: no `vscode` import (the provider in extension.ts only adapts), so the tests can call it.
// The JSON schema in package.json (contributes.debuggers[0].configurationAttributes) describes the
// same attributes; test/extension/config.test.ts checks the two against each other.

import { STRATEGY_IDS, isStrategyId } from '../session/options';
import { engine } from './load-engine';
import { parseSchedule } from '../session/options';

export const DEBUG_TYPE = 'futex';
export const LANGUAGE_ID = 'futex';

/** The attributes of a `futex` launch configuration (ISSUE #5). */
export interface FutexLaunchConfig {
  type: string;
  request: string;
  name: string;
  /** The `.futex` scenario to run. */
  program?: string;
  /** Overrides `option strategy`. */
  strategy?: string;
  /** Overrides `option schedule`: fifo, round-robin, random(SEED) or random:SEED. */
  schedule?: string;
  /** More `option NAME = VALUE` overrides. */
  options?: Record<string, string | number | boolean>;
  stopOnEntry?: boolean;
  /** Stop when the run is over, so that it can be stepped back (the adapter's default: true). */
  stopAtEnd?: boolean;
  /**
   * A schedule trace (from `futexlab explore --out`) to replay: its path, or the trace itself
   * `{ scenarioHash, schedule: [tid, ...] }`.
   */
  replay?: string | { scenarioHash?: string; schedule?: number[] };
  /** Step only the selected thread; the others stay put. */
  singleThread?: boolean;
  noDebug?: boolean;
  [key: string]: unknown;
}

/**
 * The configurations of a new launch.json. package.json's `initialConfigurations` holds them (so
 * "Create a launch.json" needs no activation); the provider does not offer them again, or VS Code
 * writes each one twice (ISSUE #10 section 4).
 */
export function initialConfigurations(): FutexLaunchConfig[] {
  return [
    {
      type: DEBUG_TYPE,
      request: 'launch',
      name: 'Debug scenario',
      program: '${file}',
      stopOnEntry: true,
    },
    {
      type: DEBUG_TYPE,
      request: 'launch',
      name: 'Debug scenario under pinned-page',
      program: '${file}',
      strategy: 'pinned-page',
      stopOnEntry: true,
    },
  ];
}

/** The file in the active editor, as far as resolution needs it. */
export interface ActiveFile {
  path: string;
  languageId: string;
}

export type Resolution =
  | { kind: 'ok'; config: FutexLaunchConfig }
  /** `attribute`: a value of the configuration itself is wrong (launch.json is where to fix it). */
  | { kind: 'error'; message: string; attribute?: boolean };

/**
 * Fill in and check a launch configuration before the session starts.
 *
 * An empty configuration (F5 with no launch.json) becomes "debug the active `.futex` file". A
 * missing `program` defaults to the active file. Returns an error, never throws, when there is
 * nothing to debug or an attribute has a value the adapter would reject.
 */
export function resolveLaunchConfig(config: Partial<FutexLaunchConfig>, active: ActiveFile | undefined): Resolution {
  const isFutex = active !== undefined && (active.languageId === LANGUAGE_ID || active.path.endsWith('.futex'));
  const out: FutexLaunchConfig = { ...config, type: config.type || DEBUG_TYPE, request: config.request || 'launch', name: config.name || 'Debug scenario' };
  if (!config.type && !config.request && !config.name && isFutex) out.stopOnEntry = true;
  if (!out.program) {
    if (!isFutex) return { kind: 'error', message: 'Futex Lab: open a .futex scenario, or set "program" in the launch configuration.' };
    out.program = active.path;
  }
  const problem = checkAttributes(out);
  if (!problem) return { kind: 'ok', config: out };
  // Which configuration: launch.json may hold several (the toast said only "strategy 'pinnedpage'
  // is not one of ...", with no way to tell where).
  const where = config.name ? `launch configuration '${config.name}': ` : '';
  return { kind: 'error', message: `Futex Lab: ${where}${problem}`, attribute: true };
}

/** The first attribute whose value is wrong, described; undefined when all are fine. */
export function checkAttributes(c: Partial<FutexLaunchConfig>): string | undefined {
  if (c.request !== undefined && c.request !== 'launch') return `request '${c.request}' is not supported (only 'launch')`;
  if (c.strategy !== undefined && !isStrategyId(c.strategy)) {
    return `strategy '${c.strategy}' is not one of ${STRATEGY_IDS.join(', ')}`;
  }
  if (c.schedule !== undefined && !isSchedule(c.schedule)) {
    return `schedule '${c.schedule}' is not fifo, round-robin, random(SEED) or random:SEED`;
  }
  if (c.options !== undefined && (typeof c.options !== 'object' || c.options === null || Array.isArray(c.options))) {
    return '"options" must be an object of NAME: VALUE pairs';
  }
  for (const k of ['stopOnEntry', 'stopAtEnd', 'singleThread'] as const) {
    if (c[k] !== undefined && typeof c[k] !== 'boolean') return `"${k}" must be true or false`;
  }
  if (c.replay !== undefined && typeof c.replay !== 'string' && (typeof c.replay !== 'object' || c.replay === null || Array.isArray(c.replay))) {
    return '"replay" must be the path of a schedule trace, or the trace object';
  }
  return undefined;
}

/** The schedules session/options.ts accepts: its own parseSchedule decides. */
export function isSchedule(s: string): boolean {
  try {
    parseSchedule(s);
    return true;
  } catch {
    return false;
  }
}

/** The configuration "Debug scenario" / "Run scenario" start for a file. */
export function configForFile(path: string, noDebug: boolean, extra: Partial<FutexLaunchConfig> = {}): FutexLaunchConfig {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: noDebug ? 'Run scenario' : 'Debug scenario',
    program: path,
    stopOnEntry: !noDebug,
    ...extra,
  };
}

/**
 * Whether `program` is a scenario the debugger can run, decided before the adapter starts: a file
 * that is not a `.futex` scenario is refused in one line (the adapter's launch error would list
 * every parse error in a modal), and a scenario with errors points to the Problems view.
 * `text` is the file's content, undefined when it cannot be read.
 */
export type ProgramCheck = { kind: 'ok' } | { kind: 'not-scenario' | 'unreadable' | 'errors'; message: string };

export function checkProgram(program: string, text: string | undefined): ProgramCheck {
  const name = program.split(/[\\/]/).pop() || program;
  if (!program.endsWith('.futex')) return { kind: 'not-scenario', message: `Futex Lab: ${name} is not a .futex scenario.` };
  if (text === undefined) return { kind: 'unreadable', message: `Futex Lab: cannot read ${program}.` };
  const { loadProgram, formatDiagnostic } = engine();
  const loaded = loadProgram(text, program);
  if (loaded.ok) return { kind: 'ok' };
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ? ` First: ${formatDiagnostic({ ...errors[0], file: name })}` : '';
  const more = errors.length > 1 ? ` (${errors.length} errors)` : '';
  return { kind: 'errors', message: `Futex Lab: ${name} has errors${more}; see Problems.${first}` };
}

/** The dynamic picker's "Debug <file>" entries: one per scenario file, however often it is open. */
export function dynamicConfigurations(files: readonly { path: string; label: string }[]): FutexLaunchConfig[] {
  const seen = new Set<string>();
  const out: FutexLaunchConfig[] = [];
  for (const f of files) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    out.push({ ...configForFile(f.path, false), name: `Debug ${f.label}` });
  }
  return out;
}
