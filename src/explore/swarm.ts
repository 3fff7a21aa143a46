// A swarm of seeds for random and PCT exploration (issue #11, "Parallel search"): the runs are
// cut into jobs of RUNS_PER_SEED runs, job i running randomExplore with seed `seed + i`. Jobs are
// independent, so they can run on several worker threads (cli/swarm-threads.ts) or one after the
// other; the cut does not depend on the number of workers, and the report is the same either way:
// the failure of the lowest-numbered job that found one (its seed named), and the counts of the
// jobs up to it. Jobs past a failing one are not started; one already running is ignored.
//
// Pure: the runner of a job is given (a worker thread, or randomExplore in this thread).

import type { ExploreResult } from './search';

export const RUNS_PER_SEED = 64;

export interface SwarmJob {
  index: number;
  seed: number;
  runs: number;
}

export interface SwarmResult extends ExploreResult {
  /** The seed of the job whose failure is reported, or null. */
  foundBySeed: number | null;
  /** Jobs counted in the result (those up to the failing one, or all). */
  jobs: number;
}

/** The jobs for `runs` runs from `seed` on. */
export function swarmJobs(seed: number, runs: number): SwarmJob[] {
  const jobs: SwarmJob[] = [];
  for (let done = 0, i = 0; done < runs; i++) {
    const n = Math.min(RUNS_PER_SEED, runs - done);
    jobs.push({ index: i, seed: seed + i, runs: n });
    done += n;
  }
  return jobs;
}

/**
 * Run the jobs with `workers` of them in flight at a time. `cancelled` is checked before each job
 * starts, and `run` may give null for a job a budget cut short with nothing to report (a worker
 * thread stopped mid-job): a cancelled swarm reports what the jobs up to the first unfinished one
 * covered.
 */
export async function runSwarm(jobs: SwarmJob[], workers: number, run: (job: SwarmJob) => Promise<ExploreResult | null>, cancelled?: () => boolean): Promise<SwarmResult> {
  const t0 = Date.now();
  const results: (ExploreResult | undefined)[] = new Array(jobs.length);
  let firstFailure = Infinity;
  let next = 0;
  let stopped = false;
  const lane = async (): Promise<void> => {
    for (;;) {
      if (cancelled?.()) { stopped = true; return; }
      const i = next++;
      if (i >= jobs.length || i > firstFailure) return;
      const r = await run(jobs[i]);
      if (r === null) { stopped = true; return; }
      results[i] = r;
      if (r.cancelled) stopped = true;
      if (r.failure) firstFailure = Math.min(firstFailure, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, lane));
  // The jobs counted: up to the first failure, or up to the first that did not finish.
  let upTo = 0;
  while (upTo < jobs.length && results[upTo] && upTo <= firstFailure) upTo++;
  const counted = results.slice(0, upTo) as ExploreResult[];
  const failing = firstFailure < Infinity && firstFailure < upTo ? results[firstFailure]! : null;
  const sum = (f: (r: ExploreResult) => number) => counted.reduce((a, r) => a + f(r), 0);
  const complete = failing !== null || upTo === jobs.length;
  return {
    result: failing ? 'counterexample' : complete && !stopped ? 'ok' : 'incomplete',
    states: sum((r) => r.states), transitions: sum((r) => r.transitions), schedules: sum((r) => r.schedules),
    seconds: (Date.now() - t0) / 1000, failure: failing?.failure ?? null, bounded: true,
    cancelled: !failing && (stopped || upTo < jobs.length), symmetricThreads: 0,
    foundBySeed: failing ? jobs[firstFailure].seed : null, jobs: upTo,
  };
}
