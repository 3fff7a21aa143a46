// `futexlab explore` and `futexlab replay`.

import { writeFileSync, readFileSync } from 'node:fs';
import type { Program } from '../session/program';
import { explore, type ExploreResult } from '../explore/search';
import { randomExplore } from '../explore/random';
import { checkTrace, replay, scenarioHash, TraceError, type Trace } from '../explore/trace';
import { runJson, type RunJson } from '../session/report';
import { CliExit } from './errors';
import { STDIN_NAME } from './commands';
import type { ProgressLine } from './progress';
import { JSON_FORMAT_VERSION } from './version';

export interface ExploreArgs {
  strategy?: string;
  options: Record<string, string>;
  maxStates?: number;
  maxDepth?: number;
  /** Seconds; 0: no time limit. */
  maxTime: number;
  preemptions?: number;
  out?: string;
  json: boolean;
  mode: 'exhaustive' | 'random' | 'pct';
  seed: number;
  runs: number;
  depth: number;
  progress?: ProgressLine;
}

/** What ended a search before it covered its space (null: it did not stop early). */
export type StoppedBy = 'max-states' | 'max-time' | 'interrupt' | null;

export async function exploreCommand(program: Program, file: string, text: string, a: ExploreArgs, out: (s: string) => void): Promise<number> {
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  // The time budget rides on the explorer's cancellation check (made with each progress report,
  // every 4,096 transitions), so src/explore needs no clock of its own.
  const deadline = a.maxTime > 0 ? Date.now() + a.maxTime * 1000 : Infinity;
  let timedOut = false;
  const cancelled = () => {
    if (Date.now() >= deadline) timedOut = true;
    return interrupted || timedOut;
  };
  const progress = async (p: { states: number; transitions: number; schedules: number; seconds: number }) => {
    const rate = Math.round(p.states / Math.max(p.seconds, 1e-3));
    const budget = a.maxTime > 0 ? ` of ${a.maxTime} s` : '';
    a.progress?.update(`explore: ${p.states.toLocaleString('en-US')} states, ${p.schedules.toLocaleString('en-US')} schedules, ${rate.toLocaleString('en-US')} states/s, ${Math.round(p.seconds)} s${budget}`);
    await new Promise((r) => setImmediate(r));
  };
  let r: ExploreResult;
  try {
    const common = { strategy: a.strategy, options: a.options, progress, cancelled };
    r = a.mode === 'exhaustive'
      ? await explore(program, { ...common, maxStates: a.maxStates, maxDepth: a.maxDepth, preemptions: a.preemptions })
      : await randomExplore(program, { ...common, mode: a.mode, seed: a.seed, runs: a.runs, depth: a.depth, maxDepth: a.maxDepth });
  } finally {
    process.off('SIGINT', onSigint);
    a.progress?.done();
  }
  const stoppedBy: StoppedBy = r.failure ? null : r.cancelled ? (interrupted ? 'interrupt' : 'max-time') : r.result === 'incomplete' ? 'max-states' : null;
  let counterexample: RunJson | null = null;
  if (r.failure) {
    const s = replay(program, { schedule: r.failure.schedule, strategy: a.strategy, options: a.options });
    counterexample = runJson(s, file);
    if (a.out) {
      const trace: Trace = {
        version: 1, scenarioHash: scenarioHash(text), strategy: s.strategyId, options: a.options,
        threads: s.k.s.tasks.map((t) => t.name), schedule: r.failure.schedule, failure: r.failure.message,
      };
      writeFileSync(a.out, JSON.stringify(trace, null, 2) + '\n');
    }
  }
  if (a.json) {
    out(JSON.stringify({
      version: JSON_FORMAT_VERSION, result: r.failure ? 'counterexample' : 'ok', states: r.states, schedules: r.schedules, seconds: r.seconds,
      complete: !r.failure && stoppedBy === null, stoppedBy, counterexample,
    }, null, 2));
  } else {
    const covered = `${r.states} states, ${r.transitions} transitions, ${r.schedules} complete schedules in ${r.seconds.toFixed(2)} s`;
    if (r.failure) {
      out(`counterexample (${r.failure.schedule.length} steps): ${r.failure.kind}: ${r.failure.message}`);
      out(`schedule: ${r.failure.schedule.map((t) => counterexample!.threads[t]?.name ?? t).join(' ')}`);
      if (a.out) out(`written to ${a.out}; replay with: futexlab replay ${file === STDIN_NAME ? '-' : file} ${a.out}`);
    } else if (stoppedBy !== null && a.mode !== 'exhaustive') {
      out(`${stoppedBy === 'interrupt' ? 'interrupted' : `the time budget (--max-time ${a.maxTime} s) ran out`} after ${r.schedules} of ${a.runs} ${a.mode} schedules: no failure in them (not a proof)`);
    } else if (stoppedBy === 'interrupt') out('interrupted: no failure in what was covered');
    else if (stoppedBy === 'max-time') out(`the time budget (--max-time ${a.maxTime} s) ran out before the space was covered: no failure in what was covered`);
    else if (stoppedBy === 'max-states') out(`the state budget (--max-states) ran out before the space was covered: no failure in what was covered`);
    else if (a.mode !== 'exhaustive') out(`no failure in ${r.schedules} ${a.mode} schedules (not a proof)`);
    else out(`no failure${r.bounded ? ' within the bounds' : ''}: the space is exhausted`);
    out(covered + (r.symmetricThreads ? ` (symmetry over ${r.symmetricThreads} identical threads)` : ''));
  }
  if (r.failure) return 1;
  if (stoppedBy !== null) return 3;
  return 0;
}

export function replayCommand(program: Program, file: string, text: string, traceFile: string, json: boolean, out: (s: string) => void): number {
  let trace: Trace;
  try {
    trace = checkTrace(JSON.parse(readFileSync(traceFile, 'utf8')), text);
  } catch (e) {
    if (e instanceof TraceError || e instanceof SyntaxError) throw new CliExit(2, `futexlab replay: ${traceFile}: ${e.message}`);
    throw new CliExit(2, `futexlab replay: cannot read ${traceFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let s;
  try {
    s = replay(program, trace);
  } catch (e) {
    if (e instanceof TraceError) throw new CliExit(2, `futexlab replay: ${e.message}`);
    throw e;
  }
  const r = runJson(s, file);
  if (json) out(JSON.stringify({ version: JSON_FORMAT_VERSION, ...r }, null, 2));
  else {
    for (const line of r.output) out(`${line.thread}: ${line.text}`);
    for (const an of r.anomalies) out(`anomaly: ${an.kind} at step ${an.step}: ${an.message}`);
    out(`result: ${s.result ?? 'stopped'} after ${r.steps} steps (${trace.schedule.length} scheduled)${s.result === null ? `: ${trace.failure}` : ''}`);
  }
  return s.result === 'ok' ? 0 : 1;
}
