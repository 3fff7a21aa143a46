// The swarm of seeds (explore/swarm.ts): the runs cut into jobs the same way whatever the number
// of workers, and the same report whether the jobs run one after the other or several at a time
// finishing in any order: the failure of the lowest seed that found one, and the counts up to it.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { randomExplore } from '../../src/explore/random';
import { replayVerdict } from '../../src/explore/trace';
import { RUNS_PER_SEED, runSwarm, swarmJobs, type SwarmJob } from '../../src/explore/swarm';

const example = (name: string) => {
  const r = loadProgram(readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8'), name);
  if (!r.ok) throw new Error(name);
  return r.program;
};

describe('swarm of seeds', () => {
  it('cuts the runs into jobs of consecutive seeds', () => {
    const jobs = swarmJobs(7, 2 * RUNS_PER_SEED + 5);
    expect(jobs).toEqual([
      { index: 0, seed: 7, runs: RUNS_PER_SEED }, { index: 1, seed: 8, runs: RUNS_PER_SEED }, { index: 2, seed: 9, runs: 5 },
    ]);
    expect(swarmJobs(1, 0)).toEqual([]);
  });

  for (const [file, mode] of [['barrier-naive.futex', 'random'], ['condvar-requeue-lost-wakeup.futex', 'pct'], ['mutex3.futex', 'pct']] as const) {
    it(`${file} (${mode}): the same report with 1 worker and with 3 finishing in a shuffled order`, async () => {
      const p = example(file);
      const jobs = swarmJobs(3, 6 * RUNS_PER_SEED);
      const run = (job: SwarmJob) => randomExplore(p, { mode, seed: job.seed, runs: job.runs, depth: 3 });
      const one = await runSwarm(jobs, 1, run);
      // Later jobs finish first: each job waits a time that falls with its index.
      const three = await runSwarm(jobs, 3, async (job) => {
        await new Promise((r) => setTimeout(r, (jobs.length - job.index) * 15));
        return run(job);
      });
      const pick = (r: typeof one) => ({ result: r.result, failure: r.failure, foundBySeed: r.foundBySeed, jobs: r.jobs, schedules: r.schedules, transitions: r.transitions });
      expect(pick(three)).toEqual(pick(one));
      if (one.failure) {
        // The report is the job of that seed, alone.
        const alone = await randomExplore(p, { mode, seed: one.foundBySeed!, runs: jobs.find((j) => j.seed === one.foundBySeed)!.runs, depth: 3 });
        expect(alone.failure).toEqual(one.failure);
        expect(replayVerdict(p, { schedule: one.failure.schedule })?.kind).toBe(one.failure.kind);
      } else {
        expect(one.jobs).toBe(jobs.length);
        expect(one.schedules).toBe(6 * RUNS_PER_SEED);
      }
    }, 120_000);
  }

  it('a swarm that finds nothing ran every run; a failing one counts only the jobs up to the failure', async () => {
    const p = example('barrier-naive.futex');
    const jobs = swarmJobs(1, 4 * RUNS_PER_SEED);
    const r = await runSwarm(jobs, 2, (job) => randomExplore(p, { mode: 'random', seed: job.seed, runs: job.runs, depth: 3 }));
    expect(r.result).toBe('counterexample');
    expect(r.jobs).toBe(jobs.findIndex((j) => j.seed === r.foundBySeed) + 1);
  }, 60_000);
});
