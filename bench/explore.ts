// Explorer vs SPIN, side by side in one run (issue #11, "an honest bench"): mutex2 and mutex3 with
// N = 2..BENCH_MAX_N threads doing lock, critical section, unlock, on the same state space:
// - the explorer with every reduction off (state hashing only, what pan -DSAFETY does) and SPIN's
//   step-granular twins (spin.ts), whose distinct states must be the explorer's plus one (pan
//   stores the final state, the explorer counts it as a complete schedule): the `same` column;
// - "states" are distinct states stored; SPIN's seconds are pan's own elapsed time (not spin -a,
//   gcc, the process spawn or the zeroing of its hash table); the explorer's are wall-clock and
//   CPU seconds (the machine may be shared: CPU time is what it spent);
// - ratios of time per distinct state, explorer over SPIN: elapsed (pan's own figure: the issue's
//   measure) and CPU (pan under bash's `time`, start-up and hash-table zeroing included, which
//   flatters the explorer at small N: ~0.1 s of pan's 0.2 s at mutex3 N=4). Small N are too
//   quick for pan's 10 ms clock: the larger N are the meaningful ones (mutex3 N=5: ~3M states,
//   pan ~4 s).
// Then the explorer with its reductions (symmetry, partial order, twins) on the same models.

import { loadProgram } from '../src/session/load';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/search';
import { mutexModel } from './explore-models';
import { ensureSpin, runSpin } from './spin';

export async function timed(program: Parameters<typeof explore>[0], o: ExploreOptions): Promise<ExploreResult & { cpu: number }> {
  const c0 = process.cpuUsage();
  const r = await explore(program, o);
  const c = process.cpuUsage(c0);
  return { ...r, cpu: (c.user + c.system) / 1e6 };
}

const us = (seconds: number, states: number) => (seconds * 1e6) / Math.max(1, states);

/**
 * Explorer over SPIN, per distinct state (not total time: when the explorer stops at max-states,
 * the two have not stored the same states); '-' when pan's own clock (10 ms) read 0.
 */
const ratio = (ours: number, spin: number) => (spin > 0 ? `${(ours / spin).toFixed(1)}x` : '-').padStart(6);

export async function benchExplore(log: (s: string) => void = console.log): Promise<void> {
  const maxN = Number(process.env.BENCH_MAX_N ?? 5);
  const spin = ensureSpin();
  log(`Explorer (reductions off) vs SPIN 6.5 pan -O2 -DSAFETY on the same state space${spin ? '' : ' — SPIN unavailable: apt-get install spin failed'}`);
  log('model   N | explorer: states  transitions  wall s  cpu s | SPIN: states  transitions  pan s  cpu s | same | us/state: explorer wall, SPIN pan, ratio | CPU us/state: explorer, SPIN, ratio');
  for (const kind of ['mutex2', 'mutex3'] as const) {
    for (let n = 2; n <= maxN; n++) {
      const r = loadProgram(mutexModel(kind, n), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      const ours = await timed(r.program, { symmetry: false, partialOrder: false, maxStates: 3_000_000 });
      const s = spin ? runSpin(kind, n) : null;
      const same = s ? (s.states === ours.states + 1 ? 'yes' : `NO (${s.states - 1 - ours.states >= 0 ? '+' : ''}${s.states - 1 - ours.states})`) : '-';
      const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(6);
      const ratios = s
        ? `${f(us(ours.seconds, ours.states))} ${f(us(s.seconds, s.states))} ${ratio(us(ours.seconds, ours.states), us(s.seconds, s.states))} | ` +
          `${f(us(ours.cpu, ours.states))} ${f(us(s.cpu, s.states))} ${ratio(us(ours.cpu, ours.states), us(s.cpu, s.states))}`
        : '-';
      log(
        `${kind}  ${String(n).padStart(2)} | ${String(ours.states).padStart(15)}  ${String(ours.transitions).padStart(11)}  ${ours.seconds.toFixed(2).padStart(6)}  ${ours.cpu.toFixed(2).padStart(5)} ${ours.result.padEnd(3)}| ` +
          (s ? `${String(s.states).padStart(11)}  ${String(s.transitions).padStart(11)}  ${s.seconds.toFixed(2).padStart(5)}  ${s.cpu.toFixed(2).padStart(5)} | ${same.padEnd(4)} | ${ratios}` : '-'),
      );
    }
  }
  log('');
  log('Explorer with reductions (symmetry, partial order, twins), same models');
  log('model   N | states  transitions  wall s  cpu s  us/state  table B/state | verdict');
  for (const kind of ['mutex2', 'mutex3'] as const) {
    for (let n = 2; n <= maxN + 3; n++) {
      const r = loadProgram(mutexModel(kind, n), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      const on = await timed(r.program, { maxStates: 3_000_000 });
      log(`${kind}  ${String(n).padStart(2)} | ${String(on.states).padStart(6)}  ${String(on.transitions).padStart(11)}  ${on.seconds.toFixed(2).padStart(6)}  ${on.cpu.toFixed(2).padStart(5)}  ${us(on.cpu, on.states).toFixed(1).padStart(8)}  ${((on.tableBytes ?? 0) / Math.max(1, on.states)).toFixed(0).padStart(13)} | ${on.result}`);
    }
  }
}
