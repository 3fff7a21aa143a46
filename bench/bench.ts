// `npm run bench`: the project's benchmarks (their figures go in docs/development.md), from the
// interpreter's throughput (bench/interpreter.ts, issue #11) to the package size.

import { benchInterpreter, directOnly } from './interpreter';
import { benchDap } from './dap';
import { benchDapStdio } from './dap-stdio';
import { benchExplore } from './explore';
import { benchExploreCost } from './explore-cost';
import { benchDpor } from './dpor';
import { benchSoundness } from './soundness';
import { benchActivation } from './activation';
import { benchPackage } from './package';
import { benchHostile } from './hostile';
import { benchNativeAgreement } from './native-agreement';
import { benchHash64 } from './hash64';
import { benchInstructions, exploreReps } from './instructions';

/**
 * `npm run bench -- NAME...` runs only the named parts (interpreter, activation, package, hash64,
 * explore, explore-cost, dpor, soundness, dap, dap-stdio, native, instructions). `instructions`
 * runs only when named (minutes of valgrind).
 */
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

async function main(): Promise<void> {
  if (only[0] === '--direct') return directOnly(only[1]!);
  if (only[0] === '--explore-reps') return exploreReps(only[1]!, Number(only[2]), Number(only[3]), only[4]!);
  if (wanted('interpreter')) {
    benchInterpreter();
    console.log('');
  }
  if (wanted('activation')) benchActivation();
  if (wanted('package')) benchPackage();
  if (wanted('hostile')) {
    console.log('');
    await benchHostile();
  }
  // The explorer before the debugger: the DAP bench leaves hundreds of MB for the GC to collect,
  // which would land in the explorer's small-N timings.
  if (wanted('hash64')) {
    console.log('');
    benchHash64();
  }
  if (wanted('explore')) {
    console.log('');
    await benchExplore();
  }
  if (wanted('explore-cost')) {
    console.log('');
    await benchExploreCost();
  }
  if (wanted('dpor')) {
    console.log('');
    await benchDpor();
  }
  // A disagreement between the explorer's searches is a soundness bug: the bench fails with it.
  if (wanted('soundness')) {
    console.log('');
    if ((await benchSoundness()) > 0) process.exitCode = 1;
  }
  if (wanted('dap')) {
    console.log('');
    await benchDap();
  }
  if (wanted('dap-stdio')) {
    console.log('');
    await benchDapStdio();
  }
  if (wanted('native')) {
    console.log('');
    await benchNativeAgreement();
  }
  if (only.includes('instructions')) {
    console.log('');
    benchInstructions();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
