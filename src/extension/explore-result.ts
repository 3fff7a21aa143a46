// "Explore schedules" runs `futexlab explore FILE --json --out TRACE` in a child process (so a
// long search never blocks the extension host and Cancel can kill it). This file turns its exit
// status and output into what the user is told, and builds the launch configuration that replays
// a counter-example in the debugger. Pure: no `vscode` import.

import type { RunJson } from '../session/report';
import { configForFile, type FutexLaunchConfig } from './config';

export type ExploreOutcome =
  | { kind: 'counterexample'; message: string }
  | { kind: 'ok' | 'incomplete' | 'error'; message: string };

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
export function exploreOutcome(code: number | null, stdout: string, stderr: string): ExploreOutcome {
  let json: { states?: number; schedules?: number; counterexample?: RunJson | null } | undefined;
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
  const why = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('explore: ')).join(' ').trim();
  return { kind: 'error', message: why || `futexlab explore exited with status ${code ?? 'unknown'}` };
}

/** The parts of a trace file (explore/trace.ts) that a replay needs. */
export interface TraceFile {
  schedule: number[];
  /** The scenario text's hash: the adapter replays a trace only on the text it was recorded on. */
  scenarioHash?: string;
  strategy?: string;
  options?: Record<string, string>;
}

/**
 * The launch configuration that replays a counter-example the explorer just wrote, with the
 * schedule inline (the trace was written seconds ago from the same file; a launch.json can also
 * name the trace file itself, which the adapter checks against the scenario's hash).
 */
export function replayConfig(file: string, trace: TraceFile, strategy: string | undefined): FutexLaunchConfig {
  const s = trace.strategy ?? strategy;
  const options = trace.options && Object.keys(trace.options).length > 0 ? { options: trace.options } : {};
  return { ...configForFile(file, false), name: 'Replay counter-example', replay: { scenarioHash: trace.scenarioHash, schedule: trace.schedule }, ...(s ? { strategy: s } : {}), ...options };
}
