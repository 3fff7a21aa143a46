// `explore --mode random|pct --workers N`: the swarm of seeds (explore/swarm.ts) on N worker
// threads. Each worker loads the scenario from its text and runs whole jobs (RUNS_PER_SEED runs of
// one seed) with randomExplore; the swarm's report does not depend on which worker ran what.
//
// A worker thread runs the engine bundle (out/engine.js, which holds this module): at load, a
// thread started with `futexlabSwarm` in its workerData serves jobs instead of doing nothing.
// From the TypeScript sources (the unit tests) there is no bundle for a thread to load, so the
// jobs run in this thread, one after the other: the same jobs, the same report.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import type { Program } from '../session/program';
import { loadProgram } from '../session/load';
import { randomExplore, type RandomOptions } from '../explore/random';
import type { ExploreResult, Progress } from '../explore/search';
import { runSwarm, swarmJobs, type SwarmJob, type SwarmResult } from '../explore/swarm';

/** What a worker needs: the scenario text, the options every job shares, and when time is up. */
interface WorkerSetup {
  futexlabSwarm: true;
  text: string;
  name: string;
  opts: JobOptions;
  /** Date.now() at which --max-time ends a job's runs and its shortening (null: no time limit). */
  deadline: number | null;
}

type JobOptions = Pick<RandomOptions, 'mode' | 'depth' | 'maxDepth' | 'strategy' | 'options'>;

/** The bundle a worker thread can load, or null when running from the sources. */
const bundle = __filename.endsWith('.js') ? __filename : null;
/** How often the main thread checks the budgets while a worker runs a job. */
const BUDGET_POLL_MS = 100;
/**
 * How long a job cut short by a budget may still answer: a worker stops at the deadline too, and
 * a failure it found (being shortened when time ran out) is worth the wait.
 */
const GRACE_MS = 1000;

export interface SwarmRun extends SwarmResult {
  /** Threads that ran jobs (1: this thread). */
  threads: number;
}

export async function swarmExplore(
  program: Program, text: string, name: string, o: RandomOptions & { workers: number; deadline?: number },
): Promise<SwarmRun> {
  const jobs = swarmJobs(o.seed, o.runs);
  const opts: JobOptions = { mode: o.mode, depth: o.depth, maxDepth: o.maxDepth, strategy: o.strategy, options: o.options };
  const done = { schedules: 0, transitions: 0 };
  const t0 = Date.now();
  const report = async (r: ExploreResult) => {
    done.schedules += r.schedules;
    done.transitions += r.transitions;
    await o.progress?.({ states: done.schedules, transitions: done.transitions, schedules: done.schedules, seconds: (Date.now() - t0) / 1000, depth: 0 } satisfies Progress);
  };
  const threads = bundle ? Math.max(1, Math.min(o.workers, jobs.length)) : 1;
  if (threads <= 1) {
    const r = await runSwarm(jobs, 1, async (job) => {
      const x = await randomExplore(program, { ...opts, seed: job.seed, runs: job.runs, cancelled: o.cancelled });
      await report(x);
      return x;
    }, o.cancelled);
    return { ...r, threads: 1 };
  }
  const setup: WorkerSetup = { futexlabSwarm: true, text, name, opts, deadline: o.deadline ?? null };
  // Required by a one-line script rather than run as the thread's main module: the bundle starts the
  // command line when it is the main module (cli/main.ts).
  // Through out/load-engine.js, which finds the bundle as out/engine.js or (the .vsix) out/engine.js.br.
  const loader = join(dirname(bundle!), 'load-engine.js'); // more than one thread only with a bundle
  const pool = Array.from({ length: threads }, () => new Worker(`require(${JSON.stringify(loader)}).loadEngine()`, { eval: true, workerData: setup }));
  const idle = [...pool];
  // A job runs its 64 schedules in the worker, which checks no budget: the main thread checks them
  // while it waits (a job of a slow scenario took minutes: --max-time went unheard), and a job cut
  // short gives null, its worker terminated with the pool below.
  const call = (w: Worker, job: SwarmJob) => new Promise<ExploreResult | null>((resolve, reject) => {
    let grace: NodeJS.Timeout | undefined;
    const done = () => {
      clearInterval(poll);
      clearTimeout(grace);
      w.off('message', onMessage);
      w.off('error', onError);
    };
    const onMessage = (m: { index: number; result?: ExploreResult; error?: string }) => {
      if (m.index !== job.index) return;
      done();
      if (m.result) resolve(m.result);
      else reject(new Error(m.error ?? 'worker failed'));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const poll = setInterval(() => {
      if (grace !== undefined || !o.cancelled?.()) return;
      grace = setTimeout(() => {
        done();
        resolve(null);
      }, GRACE_MS);
    }, BUDGET_POLL_MS);
    w.on('message', onMessage);
    w.once('error', onError);
    w.postMessage(job);
  });
  try {
    const r = await runSwarm(jobs, threads, async (job) => {
      const w = idle.pop()!;
      try {
        const x = await call(w, job);
        if (x !== null) await report(x);
        return x;
      } finally {
        idle.push(w);
      }
    }, o.cancelled);
    return { ...r, threads };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** The worker's side: serve jobs until terminated. */
function serve(setup: WorkerSetup): void {
  const r = loadProgram(setup.text, setup.name);
  parentPort!.on('message', async (job: SwarmJob) => {
    if (!r.ok) {
      parentPort!.postMessage({ index: job.index, error: 'the scenario does not load in the worker' });
      return;
    }
    try {
      const deadline = setup.deadline;
      const result = await randomExplore(r.program, { ...setup.opts, seed: job.seed, runs: job.runs, cancelled: deadline === null ? undefined : () => Date.now() >= deadline });
      parentPort!.postMessage({ index: job.index, result });
    } catch (e) {
      parentPort!.postMessage({ index: job.index, error: (e as Error).message });
    }
  });
}

if (!isMainThread && (workerData as Partial<WorkerSetup> | null)?.futexlabSwarm) serve(workerData as WorkerSetup);
