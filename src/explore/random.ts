// Randomized exploration for spaces too large to exhaust: `--mode random` runs N schedules that
// pick a runnable thread uniformly at every step; `--mode pct` is Probabilistic Concurrency
// Testing (Burckhardt et al., ASPLOS 2010): random thread priorities, the highest-priority
// runnable thread runs, and at d-1 random steps the running thread drops to the lowest priority.
// A bug of depth d is found with probability at least 1/(n k^(d-1)) per run.

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';
import { seededRandom } from '../kernel/sched';
import { failureOf, type ExploreResult, type Failure, type Progress } from './search';
import { shortenFailure } from './shorten';
import { Pacer } from './pacer';

export interface RandomOptions extends Overrides {
  mode: 'random' | 'pct';
  seed: number;
  runs: number;
  /** PCT's bug depth d (number of priority change points + 1). */
  depth: number;
  maxDepth?: number;
  progress?: (p: Progress) => void | Promise<void>;
  cancelled?: () => boolean;
}

export async function randomExplore(program: Program, o: RandomOptions): Promise<ExploreResult> {
  const t0 = Date.now();
  const rand = seededRandom(o.seed);
  let best: Failure | null = null;
  let transitions = 0;
  let runs = 0;
  let cancelled = false;
  // Estimate of the run length for PCT's change points, from the first run.
  let expectedLength = 1000;
  const pacer = new Pacer();
  for (; runs < o.runs; runs++) {
    const s = new Session(program, { strategy: o.strategy, options: o.options, schedule: 'fifo' });
    const schedule: number[] = [];
    const prio = new Map<number, number>();
    const changes = new Set(Array.from({ length: Math.max(0, o.depth - 1) }, () => Math.floor(rand() * expectedLength)));
    let low = 0;
    while (s.idle() && schedule.length < (o.maxDepth ?? Infinity)) {
      const rq = s.runnable();
      let tid: number;
      if (o.mode === 'random') tid = rq[Math.floor(rand() * rq.length)];
      else {
        for (const t of rq) if (!prio.has(t)) prio.set(t, o.depth + rand());
        tid = rq.reduce((a, b) => (prio.get(b)! > prio.get(a)! ? b : a));
        if (changes.has(schedule.length)) prio.set(tid, low-- - 1);
      }
      s.step(tid);
      schedule.push(tid);
      transitions++;
      if (failureOf(s)) break;
      // Within a run too (pacer.ts): 64 runs of a slow scenario took minutes between checks.
      if (pacer.tick()) {
        if (pacer.progressDue() && o.progress) await o.progress({ states: runs, transitions, schedules: runs, seconds: (Date.now() - t0) / 1000, depth: 0 });
        if (o.cancelled?.()) { cancelled = true; break; }
      }
    }
    // A run the budget cut short is not one of the runs done.
    if (cancelled) break;
    // A deadlock shows only once idle() finds nothing left to run.
    const f = failureOf(s);
    if (f && (!best || schedule.length < best.schedule.length)) best = { ...f, schedule: [...schedule] };
    expectedLength = Math.max(expectedLength, schedule.length);
    if ((runs & 63) === 0) {
      if (o.progress) await o.progress({ states: runs, transitions, schedules: runs, seconds: (Date.now() - t0) / 1000, depth: 0 });
      if (o.cancelled?.()) { cancelled = true; break; }
    }
  }
  // A random schedule wanders: shorten it (shorten.ts) as exhaustive search does.
  if (best) best = shortenFailure(program, best, { strategy: o.strategy, options: o.options }, o.cancelled);
  return {
    result: best ? 'counterexample' : cancelled ? 'incomplete' : 'ok',
    states: transitions, transitions, schedules: runs, seconds: (Date.now() - t0) / 1000,
    failure: best, bounded: true, cancelled, symmetricThreads: 0,
  };
}
