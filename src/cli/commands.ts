// The command line's one description of itself: each command's arguments, options (meaning and
// default) and exit statuses. The parser (args.ts) accepts exactly these options per command, and
// the help text (help.ts) is printed from the same table, so the two cannot drift apart.

import { RUNS_PER_SEED } from '../explore/swarm';

export interface OptionSpec {
  name: string;
  /** The value's placeholder; absent for a flag. */
  arg?: string;
  multiple?: boolean;
  meaning: string;
  default?: string;
}

export interface CommandSpec {
  name: string;
  /** Positional arguments, in order. */
  args: string[];
  summary: string;
  options: OptionSpec[];
  exits: [number, string][];
}

const JSON_OPT: OptionSpec = { name: 'json', meaning: 'print one JSON object on stdout (format: docs/cli.md); errors too' };
const STRATEGY: OptionSpec = {
  name: 'strategy', arg: 'S', meaning: 'keying strategy: pinned-page, vcache, rusty-2003, jamie-2003, gorman-2013, modern',
  default: "the scenario's `option strategy`, else modern",
};
const SCHEDULE: OptionSpec = {
  name: 'schedule', arg: 'SCHED', meaning: 'which thread runs next: fifo, round-robin, random:SEED',
  default: "the scenario's `option schedule`, else fifo",
};
/** native, diff: the real time of one tick of the scenario (a `timeout 5` waits 5 ticks). */
const TICK: OptionSpec = { name: 'tick-ms', arg: 'MS', meaning: 'milliseconds of real time per tick, more than 0 and at most 1000', default: '$FUTEXLAB_TICK_MS, else 1' };
const OPTION: OptionSpec = { name: 'option', arg: 'K=V', multiple: true, meaning: 'one more `option K = V` (e.g. buckets=16, jamie-2003.refs=false); repeatable; the limits have ceilings (max_steps 10000000, max_frames 131072: docs/language.md section 9)' };
const USAGE_EXIT: [number, string] = [2, 'usage error, unreadable file or language error (FILE:LINE:COL: error: ...)'];

/** The name diagnostics and JSON give a scenario read from stdin (FILE '-'). */
export const STDIN_NAME = '<stdin>';

/** Default time budget of `explore`, in seconds: a first run of any example ends within it. */
export const DEFAULT_MAX_TIME = 60;
export const DEFAULT_MAX_STATES = 5_000_000;
/**
 * MB of resident memory after which explore stops (issue #14: under 1 GB on any input). Checked
 * after at most 256 transitions (explore/pacer.ts), so a search stops a little above it; the state table at the default
 * --max-states is at most 256 MB of it (explore/state-table.ts).
 */
export const DEFAULT_MAX_MEMORY = 768;
/**
 * The largest PCT --depth. PCT draws d-1 change points for every run before it starts
 * (explore/random.ts), so --depth 999999999 allocated until V8 aborted out of memory, and
 * --depth 2^53-1 was an "internal error: RangeError". A bug's depth is the number of ordering
 * constraints that expose it, 1-3 in Burckhardt et al. (ASPLOS 2010); 1,000 is already far past
 * any use.
 */
export const MAX_PCT_DEPTH = 1000;
/**
 * The most --workers. Each worker thread loads its own engine (~20 MB resident) and the threads
 * start before the first job: --workers 500 started 313 threads, took 2 GB (the 768 MB
 * --max-memory is the main thread's) and ran 23 s under --max-time 5 with 0 schedules done.
 * 16 stays near 400 MB and the time budget; a swarm gains nothing past the machine's CPUs.
 */
export const MAX_WORKERS = 16;
/**
 * The most --runs with --workers: the swarm cuts them into jobs of RUNS_PER_SEED runs up front
 * (explore/swarm.ts swarmJobs), so --runs 2^53-1 made 1.4e14 jobs: 6 GB, then an abort after
 * 62 s, --max-time 2 unheard. 2^20 jobs is a list of ~100 MB and days of runs.
 */
export const MAX_SWARM_RUNS = RUNS_PER_SEED * 2 ** 20;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'run', args: ['FILE'], summary: 'run the scenario once under one strategy and schedule',
    options: [STRATEGY, SCHEDULE, OPTION, { name: 'trace', meaning: "print the kernel's events (with --json: an `events` list)" }, JSON_OPT],
    exits: [[0, 'result ok'], [1, 'result anomaly, deadlock, assert-failed, step-limit or output-limit'], USAGE_EXIT],
  },
  {
    name: 'compare', args: ['FILE'], summary: 'run the scenario under every strategy, one row each',
    options: [JSON_OPT],
    exits: [[0, 'the table was printed (whatever the results)'], USAGE_EXIT],
  },
  {
    name: 'explore', args: ['FILE'], summary: 'search the schedules for an anomaly, deadlock, failed assert or livelock',
    options: [
      STRATEGY, OPTION,
      { name: 'mode', arg: 'M', meaning: 'exhaustive (every schedule), random or pct (sampled schedules, not a proof)', default: 'exhaustive' },
      { name: 'max-states', arg: 'N', meaning: 'exhaustive: stop after N distinct states', default: DEFAULT_MAX_STATES.toLocaleString('en-US') },
      { name: 'max-time', arg: 'SECONDS', meaning: 'stop after this many seconds (0: no time limit)', default: String(DEFAULT_MAX_TIME) },
      { name: 'max-memory', arg: 'MB', meaning: 'stop when the resident memory passes this many MB (0: no limit)', default: String(DEFAULT_MAX_MEMORY) },
      { name: 'exact', meaning: 'exhaustive: compare states whole instead of by their 64-bit hash (no collision possible; slower, about 1 KB per state)' },
      { name: 'max-depth', arg: 'D', meaning: 'cut schedules longer than D steps', default: 'no limit' },
      { name: 'preemptions', arg: 'K', meaning: 'exhaustive: at most K switches away from a thread that could go on', default: 'no limit' },
      {
        name: 'reduction', arg: 'R',
        meaning: 'exhaustive: default (state hashing, symmetry of identical threads, thread-local steps), dpor (dynamic partial-order reduction with sleep sets, docs/explore.md) or none (state hashing only)',
        default: 'default',
      },
      { name: 'seed', arg: 'N', meaning: 'random, pct: the first seed, 0 to 4294967295 (with --workers, job i runs seed N + i: the last one too)', default: '1' },
      { name: 'runs', arg: 'N', meaning: `random, pct: how many schedules (with --workers at most ${MAX_SWARM_RUNS.toLocaleString('en-US')})`, default: '1000' },
      { name: 'depth', arg: 'D', meaning: `pct: the bug depth (priority change points + 1), 1 to ${MAX_PCT_DEPTH.toLocaleString('en-US')}`, default: '3' },
      { name: 'workers', arg: 'N', meaning: `random, pct: run the schedules as a swarm of seeds (64 runs per seed, seed after seed) on N worker threads (at most ${MAX_WORKERS}); the report names the seed that found the failure, whatever N`, default: 'no swarm: one seed, this thread' },
      { name: 'out', arg: 'TRACE', meaning: 'write the counterexample as a JSON trace for `futexlab replay` and the debugger' },
      JSON_OPT,
    ],
    exits: [
      [0, 'no schedule within the bounds fails'], [1, 'a counterexample was found'], USAGE_EXIT,
      [3, 'a budget (--max-states, --max-time, --max-memory) or Ctrl-C stopped it before the space was covered'],
    ],
  },
  {
    name: 'replay', args: ['FILE', 'TRACE'], summary: 'rerun a trace written by `explore --out`, step for step',
    options: [JSON_OPT],
    exits: [[0, 'result ok'], [1, 'the run fails again (or does not end)'], [2, 'usage or language error, or a trace that does not fit the scenario']],
  },
  {
    name: 'native', args: ['FILE'], summary: "run the scenario on this machine's Linux kernel (docs/native.md)",
    options: [SCHEDULE, TICK, JSON_OPT],
    exits: [[0, 'result ok'], [1, 'another result'], [2, 'usage or language error, a statement this machine cannot run, or no C compiler']],
  },
  {
    name: 'diff', args: ['FILE'], summary: "run the scenario under modern and on this machine's kernel, side by side",
    options: [SCHEDULE, TICK, JSON_OPT],
    exits: [[0, 'both give the same output, result and steps'], [1, 'they differ (the differing lines are marked !)'], [2, 'usage or language error, a statement this machine cannot run, or no C compiler']],
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
