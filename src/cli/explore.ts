// `futexlab explore` and `futexlab replay`.

import { writeFileSync, readFileSync } from 'node:fs';
import type { Program } from '../session/program';
import { explore, type ExploreResult } from '../explore/search';
import { randomExplore } from '../explore/random';
import { checkTrace, replay, scenarioHash, TraceError, type Trace, type TraceSpec } from '../explore/trace';
import { runJson, type RunJson } from '../session/report';
import { CliExit } from './errors';

export interface ExploreArgs {
  strategy?: string;
  options: Record<string, string>;
  maxStates?: number;
  maxDepth?: number;
  preemptions?: number;
  out?: string;
  json: boolean;
  mode: 'exhaustive' | 'random' | 'pct';
  seed: number;
  runs: number;
  depth: number;
}

export async function exploreCommand(program: Program, file: string, text: string, a: ExploreArgs, out: (s: string) => void): Promise<number> {
  let stop = false;
  const onSigint = () => (stop = true);
  process.on('SIGINT', onSigint);
  let lastReport = Date.now();
  const progress = async (p: { states: number; transitions: number; schedules: number; seconds: number }) => {
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      process.stderr.write(`explore: ${p.states} states, ${p.schedules} schedules, ${Math.round(p.states / Math.max(p.seconds, 1e-3))} states/s\n`);
    }
    await new Promise((r) => setImmediate(r));
  };
  let r: ExploreResult;
  try {
    const common = { strategy: a.strategy, options: a.options, progress, cancelled: () => stop };
    r = a.mode === 'exhaustive'
      ? await explore(program, { ...common, maxStates: a.maxStates, maxDepth: a.maxDepth, preemptions: a.preemptions })
      : await randomExplore(program, { ...common, mode: a.mode, seed: a.seed, runs: a.runs, depth: a.depth, maxDepth: a.maxDepth });
  } finally {
    process.off('SIGINT', onSigint);
  }
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
    out(JSON.stringify({ result: r.failure ? 'counterexample' : 'ok', states: r.states, schedules: r.schedules, seconds: r.seconds, counterexample }, null, 2));
  } else {
    const covered = `${r.states} states, ${r.transitions} transitions, ${r.schedules} complete schedules in ${r.seconds.toFixed(2)} s`;
    if (r.failure) {
      out(`counterexample (${r.failure.schedule.length} steps): ${r.failure.kind}: ${r.failure.message}`);
      out(`schedule: ${r.failure.schedule.map((t) => counterexample!.threads[t]?.name ?? t).join(' ')}`);
      if (a.out) out(`written to ${a.out}; replay with: futexlab replay ${file} ${a.out}`);
    } else if (r.cancelled) out('cancelled: no failure in what was covered');
    else if (r.result === 'incomplete') out(`the state budget (--max-states) ran out before the space was covered: no failure in what was covered`);
    else if (a.mode !== 'exhaustive') out(`no failure in ${r.schedules} ${a.mode} schedules (not a proof)`);
    else out(`no failure${r.bounded ? ' within the bounds' : ''}: the space is exhausted`);
    out(covered + (r.symmetricThreads ? ` (symmetry over ${r.symmetricThreads} identical threads)` : ''));
  }
  if (r.failure) return 1;
  if (r.cancelled || r.result === 'incomplete') return 3;
  return 0;
}

export function replayCommand(program: Program, file: string, text: string, traceFile: string, json: boolean, out: (s: string) => void): number {
  let trace: TraceSpec;
  try {
    trace = checkTrace(JSON.parse(readFileSync(traceFile, 'utf8')), text);
  } catch (e) {
    if (e instanceof TraceError) throw new CliExit(2, `futexlab replay: ${traceFile}: ${e.field ? `${e.field}: ` : ''}${e.message}`);
    if (e instanceof SyntaxError) throw new CliExit(2, `futexlab replay: ${traceFile}: ${e.message}`);
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
  if (json) out(JSON.stringify(r, null, 2));
  else {
    for (const line of r.output) out(`${line.thread}: ${line.text}`);
    for (const an of r.anomalies) out(`anomaly: ${an.kind} at step ${an.step}: ${an.message}`);
    out(`result: ${s.result ?? 'stopped'} after ${r.steps} steps (${trace.schedule.length} scheduled)${s.result === null ? `: ${trace.failure}` : ''}`);
  }
  return s.result === 'ok' ? 0 : 1;
}
