// The explorer's cost at scale (issue #11; the like-with-like table against SPIN is explore.ts):
// mutex3 with reductions at the N of the goals (N = 12 in under
// 10 s, N = 16 in under 60 s; BENCH_EXPLORE_BIG_N lists the N run, default 12,16), with CPU time
// and memory per stored state.
// Then the differential soundness check of test/explore/differential.test.ts at a larger
// max-states: every example, reductions on against off.

import { readFileSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { loadProgram } from '../src/session/load';
import { explore } from '../src/explore/search';
import { mutexModel } from './explore-models';
import { timed } from './explore';

export async function benchExploreCost(log: (s: string) => void = console.log): Promise<void> {
  log('Explorer with reductions at the sizes of the goals (mutex3, symmetry + partial order + twins)');
  // Memory per stored state: what the search keeps (after a full GC, so garbage not yet collected
  // does not count), sampled with each progress report in a second, untimed run, minus what was
  // there before, divided by distinct states: the state table (typed arrays) and the DFS stack.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  for (const n of (process.env.BENCH_EXPLORE_BIG_N ?? '12,16').split(',').map(Number)) {
    const r = loadProgram(mutexModel('mutex3', n), 'mutex3.futex');
    if (!r.ok) throw new Error('model does not parse');
    let rss = 0;
    const on = await timed(r.program, { maxStates: 5_000_000, progress: () => { rss = Math.max(rss, process.memoryUsage.rss()); } });
    gc();
    const m0 = mem();
    let kept = 0;
    let calls = 0;
    // A GC at every 16th report (every 65,536 transitions) and at the end.
    const again = await explore(r.program, { maxStates: 5_000_000, progress: () => { if (++calls % 16 === 0) { gc(); kept = Math.max(kept, mem() - m0); } } });
    log(`mutex3 N=${n} with reductions: ${on.states} states, ${on.transitions} transitions, ${on.seconds.toFixed(2)} s wall, ${on.cpu.toFixed(2)} s CPU, ${on.result}; ` +
      `kept ${(kept / Math.max(1, again.states)).toFixed(0)} B/state (state table ${((on.tableBytes ?? 0) / Math.max(1, on.states)).toFixed(0)} B/state), peak RSS ${(rss / 1e6).toFixed(0)} MB` +
      ` (goals: N=12 < 10 s, N=16 < 60 s, <= 100 B/state)`);
  }
  log('');
  log('Differential soundness, longer (max-states 100,000): every example, reductions on vs off, hashed vs exact states');
  const dir = join(__dirname, '..', 'examples');
  let compared = 0;
  let differ = 0;
  let hashDiffer = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (!r.ok) continue;
    const on = await explore(r.program, { maxStates: 100_000 });
    const off = await explore(r.program, { maxStates: 100_000, symmetry: false, partialOrder: false, flat: false });
    // The hashed identity against the exact one (state-table.ts): equal counts of distinct states.
    const exact = await explore(r.program, { maxStates: 100_000, symmetry: false, partialOrder: false, exact: true });
    if (exact.result === 'ok' && exact.states !== off.states) hashDiffer++;
    const both = on.result !== 'incomplete' && off.result !== 'incomplete';
    if (both) compared++;
    if (both && on.result !== off.result) differ++;
    log(`  ${f.padEnd(48)} on: ${on.result.padEnd(14)} ${String(on.states).padStart(7)}  off: ${off.result.padEnd(14)} ${String(off.states).padStart(7)}${both && on.result !== off.result ? '  VERDICTS DIFFER' : ''}`);
  }
  log(`  ${compared} examples compared, ${differ} with different verdicts; ${hashDiffer} where hashed and exact identities count different states`);
}
