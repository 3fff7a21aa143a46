// Explorer vs SPIN, side by side in one run (issue #11, "an honest bench"): mutex2 and mutex3 with
// N = 2..BENCH_MAX_N threads doing lock, critical section, unlock, on the same state space:
// - the explorer with every reduction off (state hashing only, what pan -DSAFETY does): the flat
//   machine, which these models are in the class of (src/explore/flat-search.ts), and on the line
//   below each, the interpreter's search of the same model (flat: false), alternating; and SPIN's
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
// - from N = 4, BENCH_REPS runs of each (default 3), explorer and pan alternating: the best of
//   each is the table's figure (the machine is shared and its speed drifts by tens of percent
//   over minutes), every run's is listed below it;
// - page faults: a fault costs this machine's kernel ~12 µs (measured at the start: faultCost; a
//   few tenths of a µs on a machine without its free page reporting to the host), and pan -DSAFETY
//   faults in every state it stores (358 MB at mutex3 N=5), so pan's time here holds a larger
//   share of faults than the explorer's. Each tool's faults during its search are counted (the
//   explorer's in this process around explore(); pan's by GNU time, less its start-up's, which
//   are its N=2 run's: pan zeroes its hash table before its clock starts) and the ratio is also
//   given with each time less its faults at the measured cost: an estimate, labelled as one.
// Then the explorer with its reductions (symmetry, partial order, twins) on the same models.

import { spawnSync } from 'node:child_process';
import { loadProgram } from '../src/session/load';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/search';
import { mutexModel } from './explore-models';
import { ensureSpin, runSpin, type SpinResult } from './spin';

export async function timed(program: Parameters<typeof explore>[0], o: ExploreOptions): Promise<ExploreResult & { cpu: number; faults: number }> {
  const f0 = process.resourceUsage().minorPageFault;
  const c0 = process.cpuUsage();
  const r = await explore(program, o);
  const c = process.cpuUsage(c0);
  return { ...r, cpu: (c.user + c.system) / 1e6, faults: process.resourceUsage().minorPageFault - f0 };
}

/**
 * Seconds per minor page fault on this machine: 64 MB of fresh memory, one write per page, timed
 * and its faults counted (the best of three), in a child process: 192 MB of ArrayBuffers made and
 * dropped here left V8 collecting so often that the explorer's next runs took twice as long (mutex2
 * N=4: 14.6-16.1 µs a state against 8.2-8.3 without, 132,000 page faults against 10,000-17,000).
 */
export function faultCost(): number {
  const code = `let best = Infinity;
for (let i = 0; i < 3; i++) {
  const f0 = process.resourceUsage().minorPageFault;
  const t = process.hrtime.bigint();
  const a = new Uint8Array(64 << 20);
  for (let j = 0; j < a.length; j += 4096) a[j] = 1;
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const faults = process.resourceUsage().minorPageFault - f0;
  if (faults > 1000) best = Math.min(best, s / faults);
}
console.log(best);`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : NaN;
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
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const perFault = faultCost();
  log(`(a minor page fault costs ${(perFault * 1e6).toFixed(1)} µs on this machine: 64 MB of fresh memory touched, best of 3)`);
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(6);
  for (const kind of ['mutex2', 'mutex3'] as const) {
    let panStart = NaN; // pan's start-up faults: those of its smallest run
    for (let n = 2; n <= maxN; n++) {
      const r = loadProgram(mutexModel(kind, n), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      const runs: { ours: Awaited<ReturnType<typeof timed>>; interp: Awaited<ReturnType<typeof timed>>; s: SpinResult | null }[] = [];
      // Repeated only where the two compare: the explorer's search complete (not cut at 3M states).
      for (let i = 0; i < (n >= 4 ? reps : 1) && (i === 0 || runs[0].ours.result === 'ok'); i++) {
        const ours = await timed(r.program, { symmetry: false, partialOrder: false, maxStates: 3_000_000 });
        const interp = await timed(r.program, { symmetry: false, partialOrder: false, maxStates: 3_000_000, flat: false });
        runs.push({ ours, interp, s: spin ? runSpin(kind, n) : null });
      }
      const ours = runs.reduce((a, b) => (b.ours.seconds < a.ours.seconds ? b : a)).ours;
      const interp = runs.reduce((a, b) => (b.interp.seconds < a.interp.seconds ? b : a)).interp;
      const s = spin ? runs.reduce((a, b) => (b.s!.seconds < a.s!.seconds ? b : a)).s : null;
      if (n === 2 && s) panStart = s.faults;
      const same = s ? (s.states === ours.states + 1 ? 'yes' : `NO (${s.states - 1 - ours.states >= 0 ? '+' : ''}${s.states - 1 - ours.states})`) : '-';
      const ratios = s
        ? `${f(us(ours.seconds, ours.states))} ${f(us(s.seconds, s.states))} ${ratio(us(ours.seconds, ours.states), us(s.seconds, s.states))} | ` +
          `${f(us(ours.cpu, ours.states))} ${f(us(s.cpu, s.states))} ${ratio(us(ours.cpu, ours.states), us(s.cpu, s.states))}`
        : '-';
      log(
        `${kind}  ${String(n).padStart(2)} | ${String(ours.states).padStart(15)}  ${String(ours.transitions).padStart(11)}  ${ours.seconds.toFixed(2).padStart(6)}  ${ours.cpu.toFixed(2).padStart(5)} ${ours.result.padEnd(3)}| ` +
          (s ? `${String(s.states).padStart(11)}  ${String(s.transitions).padStart(11)}  ${s.seconds.toFixed(2).padStart(5)}  ${s.cpu.toFixed(2).padStart(5)} | ${same.padEnd(4)} | ${ratios}` : '-'),
      );
      if (runs.length > 1) {
        log(`         runs, µs/state: explorer ${runs.map((x) => us(x.ours.seconds, x.ours.states).toFixed(2)).join(' ')}; pan ${s ? runs.map((x) => us(x.s!.seconds, x.s!.states).toFixed(2)).join(' ') : '-'}`);
      }
      // The same search by the interpreter (flat machine off): what a program outside the flat
      // class costs per state, and the check that both count the same states.
      const interpUs = us(interp.seconds, interp.states);
      log(`         ${ours.flat ? 'flat machine' : 'NOT FLAT'}; the interpreter's search of it: ${interp.states} states${interp.states === ours.states ? ' (same)' : ' (DIFFERENT)'}, ` +
        `${interpUs.toFixed(2)} µs/state wall${s ? `, ${ratio(interpUs, us(s.seconds, s.states)).trim()} SPIN` : ''}${runs.length > 1 ? ` (runs ${runs.map((x) => us(x.interp.seconds, x.interp.states).toFixed(2)).join(' ')})` : ''}`);
      if (n >= 4 && s && Number.isFinite(panStart) && Number.isFinite(perFault)) {
        const panFaults = s.faults - panStart;
        const oursNet = us(ours.seconds - ours.faults * perFault, ours.states);
        const panNet = us(s.seconds - panFaults * perFault, s.states);
        log(`         page faults in the search: explorer ${ours.faults} (${(ours.faults * perFault).toFixed(2)} s), pan ${panFaults} (${(panFaults * perFault).toFixed(2)} s); less their cost (an estimate): ${f(oursNet).trim()} and ${f(panNet).trim()} µs/state, ${ratio(oursNet, panNet).trim()}`);
      }
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
