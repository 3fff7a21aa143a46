// The explorer's cost per distinct state, like with like (issue #11): the same models with every
// reduction off (state hashing only: what SPIN's pan with -DSAFETY does) and on; microseconds
// per distinct state, and mutex3 with reductions at the N of the goals (N = 12 in under
// 10 s, N = 16 in under 60 s; BENCH_EXPLORE_BIG_N lists the N run, default 12,16), with CPU time
// and memory per stored state.
// Then the differential soundness check of test/explore/differential.test.ts at a larger
// max-states: every example, reductions on against off.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../src/session/load';
import { explore } from '../src/explore/search';
import { mutexModel } from './explore-models';
import { timed } from './explore';

export async function benchExploreCost(log: (s: string) => void = console.log): Promise<void> {
  log('Explorer cost per distinct state (reductions off = state hashing only; on = symmetry + partial order)');
  log('model   N | off: states   seconds   us/state | on: states   seconds   us/state | verdicts');
  for (const kind of ['mutex2', 'mutex3'] as const) {
    for (let n = 2; n <= Number(process.env.BENCH_MAX_N ?? 5); n++) {
      const r = loadProgram(mutexModel(kind, n), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      // Reductions off, mutex2 at N = 5 passes 3,000,000 states in minutes: bounded at 1,000,000.
      const off = await explore(r.program, { symmetry: false, partialOrder: false, maxStates: 1_000_000 });
      const on = await explore(r.program, { maxStates: 3_000_000 });
      const us = (x: { seconds: number; states: number }) => ((x.seconds * 1e6) / Math.max(1, x.states)).toFixed(1);
      log(`${kind}  ${String(n).padStart(2)} | ${String(off.states).padStart(10)} ${off.seconds.toFixed(2).padStart(9)} ${us(off).padStart(10)} | ` +
        `${String(on.states).padStart(9)} ${on.seconds.toFixed(2).padStart(9)} ${us(on).padStart(10)} | ${off.result}/${on.result}`);
    }
  }
  // Memory per stored state: the growth of the heap and array buffers (the state table is typed
  // arrays) over the search, sampled with each progress report, divided by distinct states.
  for (const n of (process.env.BENCH_EXPLORE_BIG_N ?? '12,16').split(',').map(Number)) {
    const r = loadProgram(mutexModel('mutex3', n), 'mutex3.futex');
    if (!r.ok) throw new Error('model does not parse');
    const mem = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    (globalThis as { gc?: () => void }).gc?.();
    const m0 = mem();
    let peak = m0;
    let rss = 0;
    const on = await timed(r.program, { maxStates: 5_000_000, progress: () => { peak = Math.max(peak, mem()); rss = Math.max(rss, process.memoryUsage.rss()); } });
    log(`mutex3 N=${n} with reductions: ${on.states} states, ${on.transitions} transitions, ${on.seconds.toFixed(2)} s wall, ${on.cpu.toFixed(2)} s CPU, ${on.result}; ` +
      `heap+buffers growth ${((peak - m0) / Math.max(1, on.states)).toFixed(0)} B/state (table ${((on.tableBytes ?? 0) / Math.max(1, on.states)).toFixed(0)} B/state), peak RSS ${(rss / 1e6).toFixed(0)} MB` +
      ` (goals: N=12 < 10 s, N=16 < 60 s, <= 100 B/state)`);
  }
  log('');
  log('Differential soundness, longer (max-states 100,000): every example, reductions on vs off');
  const dir = join(__dirname, '..', 'examples');
  let compared = 0;
  let differ = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (!r.ok) continue;
    const on = await explore(r.program, { maxStates: 100_000 });
    const off = await explore(r.program, { maxStates: 100_000, symmetry: false, partialOrder: false });
    const both = on.result !== 'incomplete' && off.result !== 'incomplete';
    if (both) compared++;
    if (both && on.result !== off.result) differ++;
    log(`  ${f.padEnd(48)} on: ${on.result.padEnd(14)} ${String(on.states).padStart(7)}  off: ${off.result.padEnd(14)} ${String(off.states).padStart(7)}${both && on.result !== off.result ? '  VERDICTS DIFFER' : ''}`);
  }
  log(`  ${compared} examples compared, ${differ} with different verdicts`);
}
