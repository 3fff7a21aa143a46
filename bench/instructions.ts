// The explorer's cost per distinct state in instructions, not seconds (issue #11): this machine's
// speed drifts by up to 3x within minutes (a shared VM), so timed A/B runs of a change worth 5%
// disagree from one run to the next. Instructions counted by valgrind's cachegrind, with node
// --predictable (V8 compiles on the main thread, so the JIT's choices do not depend on timing),
// repeat to ~0.3%. The count is the difference between a process that explores REPS_HI times and
// one that explores REPS_LO times, divided by the runs and the states: node's start-up, parsing
// and the first compilations cancel out, what is left is the steady cost of a search.
//
// Each configuration turns one of the explorer's fast paths off (search-types.ts options), so
// the table says what each saves; a change to the explorer is measured as the default row before
// and after. Instructions are not time (a cache miss costs a hundred of them): a change that
// saves instructions is then confirmed by timed runs alternating the two builds.
//
// `npm run bench -- instructions`; needs valgrind (apt-get install valgrind), skipped without it.

import { execFileSync, spawnSync } from 'node:child_process';
import { loadProgram } from '../src/session/load';
import { explore, type ExploreOptions } from '../src/explore/search';
import { mutexModel } from './explore-models';

const REPS_LO = 3;
const REPS_HI = 9;

/**
 * The configurations: the interpreter's search (reductions off, the flat machine off), then one
 * fast path off each, then the flat machine.
 */
const CONFIGS: [string, ExploreOptions][] = [
  ['default', {}],
  ['shareQuiet off', { shareQuiet: false }],
  ['snapshotPool off', { snapshotPool: false }],
  ['wordLog off', { wordLog: false }],
  ['restore clone', { restore: 'clone' }],
  ['reuseHashes off', { reuseHashes: false }],
  // The flat machine (flat-search.ts), which a program of its class gets by default.
  ['flat machine', { flat: true }],
];

/** The child's part (`out/bench.js --explore-reps MODEL N REPS JSON`): explore REPS times, print the states. */
export async function exploreReps(model: string, n: number, reps: number, json: string): Promise<void> {
  const r = loadProgram(mutexModel(model as 'mutex2' | 'mutex3', n), `${model}.futex`);
  if (!r.ok) throw new Error('model does not parse');
  let states = 0;
  for (let i = 0; i < reps; i++) states = (await explore(r.program, { symmetry: false, partialOrder: false, flat: false, ...JSON.parse(json) })).states;
  console.log(states);
}

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Instructions of one child process exploring `reps` times. */
function instructions(model: string, n: number, reps: number, o: ExploreOptions): number {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--predictable', process.argv[1]!, '--explore-reps', model, String(n), String(reps), JSON.stringify(o)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`valgrind failed (${r.status}): ${r.stderr.slice(-400)}`);
  return Number(m[1].replace(/,/g, ''));
}

export function benchInstructions(log: (s: string) => void = console.log): void {
  if (!hasValgrind()) {
    log('Explorer instructions per state: skipped (valgrind not installed: apt-get install valgrind)');
    return;
  }
  log(`Explorer instructions per distinct state (cachegrind, node --predictable; (${REPS_HI} runs - ${REPS_LO} runs) / ${REPS_HI - REPS_LO} / states), reductions off`);
  for (const [model, n] of [['mutex3', 3], ['mutex2', 3]] as const) {
    const states = Number(execFileSync(process.execPath, [process.argv[1]!, '--explore-reps', model, String(n), '1', '{}'], { encoding: 'utf8' }).trim());
    let base = 0;
    for (const [name, o] of CONFIGS) {
      const per = (instructions(model, n, REPS_HI, o) - instructions(model, n, REPS_LO, o)) / (REPS_HI - REPS_LO) / states;
      if (name === 'default') base = per;
      const vs = name === 'default' ? '' : `  (${per >= base ? '+' : ''}${(((per - base) / base) * 100).toFixed(1)}% against default)`;
      log(`${model} N=${n} ${states} states  ${name.padEnd(16)} ${Math.round(per).toLocaleString('en-US').padStart(8)} instructions/state${vs}`);
    }
  }
}
