// "Explore schedules" and "Compare strategies" run the command-line tool in a child process
// (`futexlab explore FILE --json --out TRACE`, `futexlab compare FILE --json`), so that a long run
// never blocks the extension host and Cancel can kill it. This file turns their exit status and
// JSON output (never their stderr) into what the user is told, and builds the launch
// configuration that replays a counter-example in the debugger. Pure: no `vscode` import.

import type { RunJson } from '../session/report';
import type { TraceSpec } from '../explore/trace';
import { configForFile, type FutexLaunchConfig } from './config';

export type ExploreOutcome =
  | { kind: 'counterexample'; message: string }
  | { kind: 'ok' | 'incomplete' | 'error'; message: string };

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
export function exploreArgs(cli: string, file: string, trace: string, strategy: string | undefined): string[] {
  return [cli, 'explore', file, '--json', '--out', trace, ...(strategy ? ['--strategy', strategy] : [])];
}

function describeRun(r: RunJson): string {
  const a = r.anomalies[0];
  if (a) return `${a.kind} at step ${a.step} (${a.thread}): ${a.message}`;
  return `${r.result} after ${r.steps} steps`;
}

/**
 * What the explorer's exit status and output mean (SEMANTICS.md: 0 no failure, 1 a
 * counter-example, 2 an error, 3 the budget ran out or the search was cancelled).
 */
export function exploreOutcome(code: number | null, stdout: string): ExploreOutcome {
  let json: { states?: number; schedules?: number; counterexample?: RunJson | null; error?: CliError } | undefined;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  const covered = json ? `${json.states ?? 0} states, ${json.schedules ?? 0} schedules` : '';
  if (code === 1 && json?.counterexample) {
    return { kind: 'counterexample', message: `Counter-example under ${json.counterexample.strategy}: ${describeRun(json.counterexample)}` };
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
