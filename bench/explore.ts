// Explorer vs SPIN, side by side in one run (issue "Explore every schedule"): mutex2 and mutex3
// with N = 2..BENCH_MAX_N threads doing lock, critical section, unlock; states, transitions and
// seconds to a verdict for both, and their ratio. SPIN runs pan built with -O2 -DSAFETY from the
// Promela twins in spin.ts; its seconds are pan's run time (not spin -a or gcc).

import { loadProgram } from '../src/session/load';
import { explore } from '../src/explore/search';
import { mutexModel } from './explore-models';
import { ensureSpin, runSpin } from './spin';

export async function benchExplore(log: (s: string) => void = console.log): Promise<void> {
  const maxN = Number(process.env.BENCH_MAX_N ?? 6);
  const spin = ensureSpin();
  log(`Explorer vs SPIN (mutex2/mutex3, N threads x one lock/CS/unlock; verdict = whole space searched)${spin ? '' : ' — SPIN unavailable: install it with apt-get install spin'}`);
  log('model   N   futexlab: states  transitions  seconds   |  SPIN: states  transitions  seconds   | time ratio futexlab/SPIN');
  for (const kind of ['mutex2', 'mutex3'] as const) {
    for (let n = 2; n <= maxN; n++) {
      const r = loadProgram(mutexModel(kind, n), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      const ours = await explore(r.program, { maxStates: 3_000_000 });
      const s = spin ? runSpin(kind, n) : null;
      const ratio = s ? (ours.seconds / s.seconds).toFixed(2) : '-';
      log(
        `${kind}  ${n}   ${String(ours.states).padStart(15)}  ${String(ours.transitions).padStart(11)}  ${ours.seconds.toFixed(3).padStart(7)} ${ours.result.padEnd(3)}|  ` +
          (s ? `${String(s.states).padStart(12)}  ${String(s.transitions).padStart(11)}  ${s.seconds.toFixed(3).padStart(7)}   | ${ratio}` : '-'),
      );
    }
  }
  // The goal beyond the table: mutex3 with 8 threads verified in under 5 seconds (SPIN needs
  // minutes and gigabytes there, so it is not run).
  for (const n of [7, 8]) {
    const r = loadProgram(mutexModel('mutex3', n), 'mutex3.futex');
    if (!r.ok) throw new Error('model does not parse');
    const ours = await explore(r.program, { maxStates: 3_000_000 });
    log(`mutex3  ${n}   ${String(ours.states).padStart(15)}  ${String(ours.transitions).padStart(11)}  ${ours.seconds.toFixed(3).padStart(7)} ${ours.result.padEnd(3)}|  (SPIN not run)   goal for N = 8: < 5 s`);
  }
}
