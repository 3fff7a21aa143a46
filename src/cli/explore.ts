// `futexlab explore` and `futexlab replay`.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeFileSync } from 'node:fs';
import type { Program } from '../session/program';
import { explore, type CutCounts, type ExploreResult } from '../explore/search';
import { randomExplore } from '../explore/random';
import { swarmExplore } from './swarm-threads';
import { RUNS_PER_SEED } from '../explore/swarm';
import { checkTrace, replay, replayVerdict, scenarioHash, TraceError, type Trace, type TraceSpec } from '../explore/trace';
import { jsonText, printable } from '../session/printable';
import { noun, plural } from '../lang/plural';
import { readBounded, TRACE_BYTES } from './read';
import { runJson, type RunJson } from '../session/report';
import { CliExit } from './errors';
import { UsageError } from '../session/options';
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
  /** MB of resident memory after which the search stops; 0: no limit. */
  maxMemory?: number;
  /** Exhaustive: compare states whole (no hash compaction). */
  exact?: boolean;
  preemptions?: number;
  out?: string;
  json: boolean;
  mode: 'exhaustive' | 'random' | 'pct';
  seed: number;
  runs: number;
  depth: number;
  /** exhaustive: which reductions (explore/search.ts, explore/dpor.ts). */
  reduction?: 'default' | 'dpor' | 'none';
  /** random, pct: a swarm of seeds on this many worker threads (swarm-threads.ts); undefined: no swarm. */
  workers?: number;
  progress?: ProgressLine;
}

export interface SearchProgress {
  states: number;
  transitions: number;
  schedules: number;
  seconds: number;
}

/**
 * A progress line on stderr: for a reader, or under --json one JSON object, `{"progress": {...}}`,
 * which the extension reads (extension/explore-result.ts exploreProgress) instead of the words.
 */
export function progressText(p: SearchProgress, maxTime: number, json: boolean): string {
  const rate = Math.round(p.states / Math.max(p.seconds, 1e-3));
  if (json) return JSON.stringify({ progress: { states: p.states, schedules: p.schedules, statesPerSecond: rate, seconds: Math.round(p.seconds) } });
  const budget = maxTime > 0 ? ` of ${maxTime} s` : '';
  return `explore: ${p.states.toLocaleString('en-US')} states, ${p.schedules.toLocaleString('en-US')} schedules, ${rate.toLocaleString('en-US')} states/s, ${Math.round(p.seconds)} s${budget}`;
}

/** What ended a search before it covered its space (null: it did not stop early). */
export type StoppedBy = 'max-states' | 'max-time' | 'max-memory' | 'interrupt' | null;

export async function exploreCommand(program: Program, file: string, text: string, a: ExploreArgs, out: (s: string) => void): Promise<number> {
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.on('SIGINT', onSigint);
  // The time budget rides on the explorer's cancellation check (made with each progress report,
  // every 4,096 transitions), so src/explore needs no clock of its own.
  const deadline = a.maxTime > 0 ? Date.now() + a.maxTime * 1000 : Infinity;
  let timedOut = false;
  // The memory budget (issue #14) rides on the same check: resident memory, whatever holds it
  // (the state table, the DFS stack's snapshots, a scenario's own large state).
  const memoryLimit = (a.maxMemory ?? 0) > 0 ? a.maxMemory! * 1024 * 1024 : Infinity;
  let memoryOut = false;
  // Much of the resident memory can be garbage the collector has not needed to take yet: over the
  // budget, collect it first (at most once a second) and stop only if what is left is over.
  let lastGc = 0;
  // `upcoming`: what the explorer is about to allocate at once (its part arena doubling), counted
  // as resident: it must not take the process past the budget between two checks. Nor must the
  // steady growth of one interval (states kept on the DPOR stack, ~225 KB a transition in a fork
  // bomb): the growth since the last check is counted as coming again before the next.
  // The search stops at nine tenths of the budget: the last tenth is for what one interval adds
  // beyond its predicted growth (the collector's timing) and for the report after the stop. With
  // the whole budget as the mark a fork bomb peaked within 1 MB of it (399.6 of 400 MB).
  const stopAt = memoryLimit * 0.9;
  let lastRss = memoryLimit !== Infinity ? process.memoryUsage.rss() : 0;
  let growth = 0;
  const cancelled = (upcoming = 0) => {
    const now = Date.now();
    if (now >= deadline) timedOut = true;
    if (memoryLimit !== Infinity) {
      const rss = process.memoryUsage.rss();
      growth = Math.max(0, rss - lastRss);
      lastRss = rss;
      if (rss + growth + upcoming > stopAt) {
        if (now - lastGc < 1000) memoryOut = true;
        else {
          fullGc();
          lastGc = Date.now();
          lastRss = process.memoryUsage.rss();
          if (lastRss + growth + upcoming > stopAt) memoryOut = true;
        }
      }
    }
    return interrupted || timedOut || memoryOut;
  };
  const progress = async (p: SearchProgress) => {
    a.progress?.update(progressText(p, a.maxTime, a.json));
    await new Promise((r) => setImmediate(r));
  };
  let r: ExploreResult & { foundBySeed?: number | null; threads?: number };
  try {
    const common = { strategy: a.strategy, options: a.options, progress, cancelled };
    const reductions = a.reduction === 'dpor' ? { dpor: true } : a.reduction === 'none' ? { symmetry: false, partialOrder: false } : {};
    const sampled = { ...common, mode: a.mode as 'random' | 'pct', seed: a.seed, runs: a.runs, depth: a.depth, maxDepth: a.maxDepth };
    r = a.mode === 'exhaustive'
      ? await explore(program, { ...common, ...reductions, maxStates: a.maxStates, maxDepth: a.maxDepth, preemptions: a.preemptions, exact: a.exact })
      : a.workers !== undefined
        ? await swarmExplore(program, text, file, { ...sampled, workers: a.workers, deadline: deadline === Infinity ? undefined : deadline })
        : await randomExplore(program, sampled);
  } finally {
    process.off('SIGINT', onSigint);
    a.progress?.done();
  }
  const stoppedBy: StoppedBy = r.failure ? null : r.cancelled ? (interrupted ? 'interrupt' : memoryOut ? 'max-memory' : 'max-time') : r.result === 'incomplete' ? 'max-states' : null;
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
  // A --out that cannot be written must not lose the result of a search that may have taken
  // hours (issue #14): the counterexample is printed all the same, and the failed write is exit 2.
  // With --json both are in the one object on stdout (the result, with an `error` field): the
  // error object printed after the result made two.
  let failed: CliExit | null = null;
  if (trace && a.out) {
    try {
      writeFileSync(a.out, JSON.stringify(trace, null, 2) + '\n');
    } catch (e) {
      failed = new CliExit(2, `futexlab explore: cannot write the trace to ${printable(a.out)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      failed.jsonPrinted = a.json;
    }
  }
  const code = report(r, a, file, counterexample, stoppedBy, out, failed);
  if (failed) throw failed;
  return code;
}

/**
 * A schedule for the terminal: consecutive steps of one thread as `NAME xN` (a counterexample of
 * hundreds of steps is mostly runs of one thread, and was printed one name a step: a line of
 * 199 names for condvar-requeue-lost-wakeup.futex). The trace written by --out keeps every step.
 */
function scheduleText(names: string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < names.length; ) {
    let j = i + 1;
    while (j < names.length && names[j] === names[i]) j++;
    parts.push(j - i > 1 ? `${names[i]} x${j - i}` : names[i]);
    i = j;
  }
  return parts.join(', ');
}

function report(r: ExploreResult & { foundBySeed?: number | null; threads?: number }, a: ExploreArgs, file: string, counterexample: RunJson | null, stoppedBy: StoppedBy, out: (s: string) => void, failed: CliExit | null): number {
  if (a.json) {
    out(jsonText({
      version: JSON_FORMAT_VERSION, result: r.failure ? 'counterexample' : 'ok', states: r.states, schedules: r.schedules, seconds: r.seconds,
      complete: !r.failure && stoppedBy === null, stoppedBy, collisionBound: r.collisionBound ?? 0, counterexample,
      ...(r.cut ? { cut: r.cut } : {}),
      ...(r.dporFallback ? { dporFallback: r.dporFallback } : {}),
      ...(r.threads !== undefined ? { workers: r.threads, foundBySeed: r.foundBySeed ?? null } : {}),
      ...(failed ? { error: { exit: failed.code, message: failed.message, diagnostics: [] } } : {}),
    }));
  } else {
    const covered = `${plural(r.states, 'state')}, ${plural(r.transitions, 'transition')}, ${plural(r.schedules, 'complete schedule')} in ${r.seconds.toFixed(2)} s`;
    if (r.failure) {
      out(`counterexample (${plural(r.failure.schedule.length, 'step')}): ${r.failure.kind}: ${printable(r.failure.message)}`);
      out(`schedule: ${scheduleText(r.failure.schedule.map((t) => counterexample!.threads[t]?.name ?? String(t)))}`);
      if (a.out) out(`writing it to ${printable(a.out)}; replay with: futexlab replay ${file === STDIN_NAME ? '-' : printable(file)} ${printable(a.out)}`);
    } else if (stoppedBy !== null && a.mode !== 'exhaustive') {
      out(`${stoppedBy === 'interrupt' ? 'interrupted' : `the time budget (--max-time ${a.maxTime} s) ran out`} after ${r.schedules} of ${a.runs} ${a.mode} schedules: no failure in them (not a proof)`);
    } else if (stoppedBy === 'interrupt') out('interrupted: no failure in what was covered');
    else if (stoppedBy === 'max-time') out(`the time budget (--max-time ${a.maxTime} s) ran out before the space was covered: no failure in what was covered`);
    else if (stoppedBy === 'max-memory') out(`the memory budget (--max-memory ${a.maxMemory} MB) ran out before the space was covered: no failure in what was covered`);
    else if (stoppedBy === 'max-states') out(`the state budget (--max-states) ran out before the space was covered: no failure in what was covered`);
    else if (a.mode !== 'exhaustive') out(`no failure in ${r.schedules} ${a.mode} schedules (not a proof)`);
    else {
      out(`no failure${r.bounded ? ' within the bounds' : ''}: the space is exhausted`);
      if (r.cut && r.bounded) out(cutText(r.cut));
      // Hash compaction (explore/state-table.ts): say how sure the proof is, as SPIN does.
      if (r.collisionBound) out(`states were compared by a 64-bit hash: the chance that two shared one (and a state went unexplored) is below ${collisionText(r.collisionBound)}; --exact compares them whole`);
    }
    if (r.foundBySeed != null) {
      const runs = Math.min(RUNS_PER_SEED, a.runs - RUNS_PER_SEED * (r.foundBySeed - a.seed));
      out(`found by seed ${r.foundBySeed} of the swarm (alone: --mode ${a.mode} --seed ${r.foundBySeed} --runs ${runs})`);
    }
    if (r.dporFallback) out(`dpor: ${r.dporFallback === 'cycle' ? 'the state space has a cycle' : '--max-depth and --preemptions bound it'}, so the search ran without it (docs/explore.md)`);
    out(covered + (r.symmetricThreads ? ` (symmetry over ${r.symmetricThreads} identical threads)` : '') + (r.threads !== undefined ? ` on ${plural(r.threads, 'thread')}` : '') + (r.flat ? ' on the flat machine (docs/explore.md)' : ''));
  }
  if (r.failure) return 1;
  if (stoppedBy !== null) return 3;
  return 0;
}

/**
 * Which bounds cut paths, so that "within the bounds" says which: a loop that never ends reads as
 * a schedule ended at max_steps, not as a proof.
 */
function cutText(c: CutCounts): string {
  const n = (k: number, what: string) => `${k.toLocaleString('en-US')} ${noun(k, what)}`;
  const parts: string[] = [];
  if (c.maxSteps > 0) parts.push(`${n(c.maxSteps, 'schedule')} ended at max_steps, a thread still able to run (--option max_steps=N raises it)`);
  if (c.maxOutput > 0) parts.push(`${n(c.maxOutput, 'schedule')} ended at max_output (--option max_output=N raises it)`);
  if (c.maxDepth > 0) parts.push(`${n(c.maxDepth, 'path')} cut at --max-depth`);
  if (c.preemptions > 0) parts.push(`${n(c.preemptions, 'path')} cut at --preemptions`);
  return `bounds reached: ${parts.join('; ')}`;
}

export function replayCommand(program: Program, file: string, text: string, traceFile: string, json: boolean, out: (s: string) => void): number {
  const name = printable(traceFile);
  const raw = readBounded(traceFile, TRACE_BYTES, `futexlab replay: cannot read ${name}`);
  let trace: TraceSpec;
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
    if (e instanceof TraceError) throw new CliExit(2, `futexlab replay: ${name}: ${e.field ? `${e.field}: ` : ''}${e.message}`);
    // The trace's strategy or options (the only ones a replay takes): the trace is at fault, and
    // is named (the error said only "futexlab: strategy: 'x' is not a strategy").
    if (e instanceof UsageError) throw new CliExit(2, `futexlab replay: ${name}: ${printable(e.message)}`);
    throw e;
  }
  // What the trace says it reproduces is not evidence: a trace whose schedule reaches no failure
  // was edited, or made for another futexlab, and is refused.
  if (!verdict) throw new CliExit(2, `futexlab replay: ${name}: the schedule reaches no failure (no anomaly, deadlock, failed assert or cycle after ${plural(s.steps, 'step')}): refused`);
  const r = runJson(s, file);
  if (json) out(jsonText({ version: JSON_FORMAT_VERSION, ...r }));
  else {
    for (const line of r.output) out(`${line.thread}: ${printable(line.text)}`);
    for (const an of r.anomalies) out(`anomaly: ${an.kind} at step ${an.step}: ${printable(an.message)}`);
    out(`result: ${s.result ?? 'stopped'} after ${plural(r.steps, 'step')} (${trace.schedule.length} scheduled)${s.result === null ? `: ${verdict.kind}: ${printable(verdict.message)}` : ''}`);
  }
  return s.result === 'ok' ? 0 : 1;
}

/** A probability bound for people: 1 in N, rounded up. */
function collisionText(p: number): string {
  if (p >= 1) return '1';
  return `1 in ${Math.floor(1 / p).toExponential(1).replace('e+', 'e')}`;
}

let gc: (() => void) | null = null;

/** A full garbage collection (the flag can be set at run time; the function then comes from a new context). */
function fullGc(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
