// "Explore schedules" and "Compare strategies" run the command-line tool in a child process
// (`futexlab explore FILE --json --out TRACE`, `futexlab compare FILE --json`), so that a long run
// never blocks the extension host and Cancel can kill it. This file turns their exit status and
// JSON output (never the words of their stderr: its progress lines are JSON too) into what the user is told, and builds the launch
// configuration that replays a counter-example in the debugger. Pure: no `vscode` import.

import type { RunJson } from '../session/report';
import type { TraceSpec } from '../explore/trace';
import { configForFile, type FutexLaunchConfig } from './config';
import { plural } from '../lang/plural';

export type ExploreOutcome =
  | { kind: 'counterexample'; message: string; failure: ExploreFailure }
  | { kind: 'ok' | 'incomplete' | 'cancelled' | 'error'; message: string };

/** What failed, in the command line's words (`futexlab explore` prints `KIND: MESSAGE`). */
export interface ExploreFailure {
  /** The strategy the counter-example ran under (the scenario's own when none was asked for). */
  strategy: string;
  /** `wrong-wakeup at step 4 (C/main)`, `deadlock after 39 steps`. */
  summary: string;
  /** The anomaly's message, or the run's result. */
  detail: string;
}

/** The command-line arguments of `compare` for a scenario: every strategy, JSON out. */
export function compareArgs(cli: string, file: string): string[] {
  return [cli, 'compare', file, '--json'];
}

/** What `futexlab compare --json` said: one RUN per strategy, or what went wrong. */
/** The error object of the command line's --json output (docs/cli.md). */
interface CliError {
  exit?: number;
  message?: string;
}

export function compareOutcome(code: number | null, stdout: string): { runs: RunJson[] } | { error: string } {
  let json: { runs?: RunJson[]; error?: CliError } | undefined;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  if (code === 0 && Array.isArray(json?.runs)) return { runs: json.runs };
  if (typeof json?.error?.message === 'string') return { error: json.error.message };
  return { error: code === null ? 'futexlab compare was stopped before it finished' : `futexlab compare exited with status ${code}` };
}

/** The command-line arguments of the explorer for a scenario. */
export function exploreArgs(cli: string, file: string, trace: string, strategy: string | undefined, maxStates?: number): string[] {
  return [cli, 'explore', file, '--json', '--out', trace, ...(strategy ? ['--strategy', strategy] : []), ...(maxStates ? ['--max-states', String(maxStates)] : [])];
}

function failureOf(r: RunJson): ExploreFailure {
  const a = r.anomalies[0];
  if (a) return { strategy: r.strategy, summary: `${a.kind} at step ${a.step} (${a.thread})`, detail: a.message };
  return { strategy: r.strategy, summary: `${r.result} after ${plural(r.steps, 'step')}`, detail: r.result };
}

function describeRun(r: RunJson): string {
  const f = failureOf(r);
  return r.anomalies[0] ? `${f.summary}: ${f.detail}` : f.summary;
}

/**
 * The explorer's progress line on stderr under --json (cli/explore.ts progressText):
 * `{"progress": {"states": 1200, "schedules": 30, "statesPerSecond": 800, "seconds": 2}}`. Any
 * other line (not JSON, or JSON of another shape) is none.
 */
export function exploreProgress(line: string): { states: number; rate?: number } | undefined {
  let j: { progress?: { states?: unknown; statesPerSecond?: unknown } } | null;
  try {
    j = JSON.parse(line);
  } catch {
    return undefined;
  }
  const p = j?.progress;
  if (typeof p?.states !== 'number') return undefined;
  return { states: p.states, ...(typeof p.statesPerSecond === 'number' ? { rate: p.statesPerSecond } : {}) };
}

/** The progress notification's text: `1,200 states · 800 states/s · 12 s`. */
export function progressMessage(p: { states: number; rate?: number } | undefined, seconds: number): string {
  const parts = p ? [`${p.states.toLocaleString('en-US')} states`, p.rate !== undefined ? `${p.rate.toLocaleString('en-US')} states/s` : ''] : ['starting'];
  return [...parts.filter(Boolean), `${Math.floor(seconds)} s`].join(' · ');
}

/**
 * What the explorer's exit status and output mean (SEMANTICS.md: 0 no failure, 1 a
 * counter-example, 2 an error, 3 the budget ran out or the search was cancelled).
 */
export function exploreOutcome(code: number | null, stdout: string, cancelled = false): ExploreOutcome {
  let json: { states?: number; schedules?: number; counterexample?: RunJson | null; error?: CliError } | undefined;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  // Grouped as the progress notification counts them (`460,935 states` while it ran, then
  // `cancelled after 1296690 states` in the next notification).
  const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
  const covered = json ? `${n(json.states)} states, ${n(json.schedules)} schedules` : '';
  if (code === 1 && json?.counterexample) {
    const c = json.counterexample;
    return { kind: 'counterexample', message: `Counter-example under ${c.strategy}: ${describeRun(c)}`, failure: failureOf(c) };
  }
  // Cancel sends SIGINT: the explorer stops, prints what it covered and exits 3. Killed before it
  // could answer, there is no count to give; either way the user asked for it: not an error.
  if (cancelled) {
    return { kind: 'cancelled', message: `Exploration cancelled${json ? ` after ${covered}` : ''}: no failure in what it covered.` };
  }
  if (code === 0 && json) return { kind: 'ok', message: `No schedule reaches an anomaly, deadlock or failed assert (${covered}).` };
  if (code === 3 && json) return { kind: 'incomplete', message: `The search stopped before covering every schedule; no failure in what it covered (${covered}).` };
  // The CLI says what went wrong as `{ "error": { "message": ... } }` (docs/cli.md); anything else (killed,
  // crashed) has only its exit status to go by: its stderr is for people, not parsed here.
  if (typeof json?.error?.message === 'string') return { kind: 'error', message: json.error.message };
  return { kind: 'error', message: code === null ? 'futexlab explore was stopped before it finished' : `futexlab explore exited with status ${code}` };
}

/** The parts of a trace file (explore/trace.ts) that a replay needs. */
export type TraceFile = Pick<TraceSpec, 'schedule' | 'strategy' | 'options'> & { scenarioHash: string };

/**
 * The launch configuration that replays a counter-example the explorer just wrote, with the
 * trace inline (its schedule and the scenario's hash, which the adapter checks like any trace; a
 * launch.json can also name the trace file itself).
 */
export function replayConfig(file: string, trace: TraceFile, strategy: string | undefined): FutexLaunchConfig {
  const s = trace.strategy ?? strategy;
  const options = trace.options && Object.keys(trace.options).length > 0 ? { options: trace.options } : {};
  return { ...configForFile(file, false), name: 'Replay counter-example', replay: { scenarioHash: trace.scenarioHash, schedule: trace.schedule }, ...(s ? { strategy: s } : {}), ...options };
}
