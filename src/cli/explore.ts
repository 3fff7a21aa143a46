// `futexlab explore` and `futexlab replay`.

import { writeFileSync } from 'node:fs';
import type { Program } from '../session/program';
import { explore, type ExploreResult } from '../explore/search';
import { randomExplore } from '../explore/random';
import { checkTrace, replay, replayVerdict, scenarioHash, TraceError, type Trace } from '../explore/trace';
import { jsonText, printable } from '../session/printable';
import { readBounded, TRACE_BYTES } from './read';
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
  let trace: Trace | null = null;
  if (r.failure) {
    const s = replay(program, { schedule: r.failure.schedule, strategy: a.strategy, options: a.options });
    counterexample = runJson(s, file);
    trace = {
      version: 1, scenarioHash: scenarioHash(text), strategy: s.strategyId, options: a.options,
      threads: s.k.s.tasks.map((t) => t.name), schedule: r.failure.schedule, failure: r.failure.message,
    };
  }
  // The counterexample is printed first, then written: a --out that cannot be written must not
  // lose the result of a search that may have taken hours (issue #14). A failed write is exit 2.
  const code = report(r, a, file, counterexample, out);
  if (trace && a.out) {
    try {
      writeFileSync(a.out, JSON.stringify(trace, null, 2) + '\n');
    } catch (e) {
      throw new CliExit(2, `futexlab explore: cannot write the trace to ${printable(a.out)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return code;
}

function report(r: ExploreResult, a: ExploreArgs, file: string, counterexample: RunJson | null, out: (s: string) => void): number {
  if (a.json) {
    out(jsonText({ result: r.failure ? 'counterexample' : 'ok', states: r.states, schedules: r.schedules, seconds: r.seconds, counterexample }));
  } else {
    const covered = `${r.states} states, ${r.transitions} transitions, ${r.schedules} complete schedules in ${r.seconds.toFixed(2)} s`;
    if (r.failure) {
      out(`counterexample (${r.failure.schedule.length} steps): ${r.failure.kind}: ${printable(r.failure.message)}`);
      out(`schedule: ${r.failure.schedule.map((t) => counterexample!.threads[t]?.name ?? t).join(' ')}`);
      if (a.out) out(`writing it to ${printable(a.out)}; replay with: futexlab replay ${printable(file)} ${printable(a.out)}`);
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
  const name = printable(traceFile);
  const raw = readBounded(traceFile, TRACE_BYTES, `futexlab replay: cannot read ${name}`);
  let trace: Trace;
  let s;
  let verdict;
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // Not the parser's message: it quotes the file's first bytes.
      throw new TraceError('not a futexlab trace: it is not JSON');
    }
    trace = checkTrace(parsed, text);
    s = replay(program, trace);
    verdict = replayVerdict(program, trace);
  } catch (e) {
    if (e instanceof TraceError) throw new CliExit(2, `futexlab replay: ${name}: ${e.message}`);
    throw e;
  }
  // What the trace says it reproduces is not evidence: a trace whose schedule reaches no failure
  // was edited, or made for another futexlab, and is refused.
  if (!verdict) throw new CliExit(2, `futexlab replay: ${name}: the schedule reaches no failure (no anomaly, deadlock, failed assert or cycle after ${s.steps} steps): refused`);
  const r = runJson(s, file);
  if (json) out(jsonText(r));
  else {
    for (const line of r.output) out(`${line.thread}: ${printable(line.text)}`);
    for (const an of r.anomalies) out(`anomaly: ${an.kind} at step ${an.step}: ${printable(an.message)}`);
    out(`result: ${s.result ?? 'stopped'} after ${r.steps} steps (${trace.schedule.length} scheduled)${s.result === null ? `: ${verdict.kind}: ${printable(verdict.message)}` : ''}`);
  }
  return s.result === 'ok' ? 0 : 1;
}
