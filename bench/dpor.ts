// `npm run bench -- dpor`: dynamic partial-order reduction on K independent parts (bench/
// independent.ts), K = 1..BENCH_DPOR_MAX_K: distinct states, transitions and seconds with no
// reduction, with the default reductions (symmetry, thread-local steps) and with DPOR, and whether
// the verdicts agree. Then the swarm: random and PCT runs on 1 and 2 worker threads (the built
// bin, so that the threads can load the engine bundle), the same report, and the wall time.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadProgram } from '../src/session/load';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/search';
import { locksScenario, lostWakeupScenario, pairsScenario } from './independent';

const BUDGET = 100_000;

function cell(r: ExploreResult): string {
  const states = r.result === 'incomplete' ? `>${r.states}` : String(r.states);
  return `${states.padStart(9)} ${String(r.transitions).padStart(9)} ${r.seconds.toFixed(2).padStart(7)}`;
}

export async function benchDpor(log: (s: string) => void = console.log): Promise<void> {
  const maxK = Number(process.env.BENCH_DPOR_MAX_K ?? 5);
  log(`DPOR on K independent parts (states transitions seconds; '>' = stopped at ${BUDGET.toLocaleString('en-US')} states)`);
  log('family       K |     none: states   trans       s |  default: states   trans       s |     dpor: states   trans       s | verdicts');
  const families: [string, (k: number) => string][] = [['pairs', pairsScenario], ['locks', locksScenario], ['lost-wakeup', lostWakeupScenario]];
  for (const [name, gen] of families) {
    let skipNone = false;
    let skipDefault = false;
    for (let k = 1; k <= maxK; k++) {
      const r = loadProgram(gen(k), `${name}.futex`);
      if (!r.ok) throw new Error(`${name} ${k} does not parse`);
      const run = (o: ExploreOptions) => explore(r.program, { maxStates: BUDGET, ...o });
      const none = skipNone ? null : await run({ symmetry: false, partialOrder: false });
      const dflt = skipDefault ? null : await run({});
      const dpor = await run({ dpor: true });
      // Once a search runs out of budget, larger K are not tried (they would only run out again).
      if (none?.result === 'incomplete') skipNone = true;
      if (dflt?.result === 'incomplete') skipDefault = true;
      const verdicts = [none, dflt, dpor].filter((x): x is ExploreResult => x !== null && x.result !== 'incomplete').map((x) => `${x.result}${x.failure ? `/${x.failure.kind}` : ''}`);
      const agree = new Set(verdicts).size <= 1 ? `agree (${verdicts[0] ?? '-'})` : `DIFFER: ${verdicts.join(' ')}`;
      log(`${name.padEnd(12)} ${k} | ${none ? cell(none) : '        -         -       -'} | ${dflt ? cell(dflt) : '        -         -       -'} | ${cell(dpor)}${dpor.dporFallback ? ` (fallback: ${dpor.dporFallback})` : ''} | ${agree}`);
    }
  }
  log('');
  benchSwarm(log);
}

function benchSwarm(log: (s: string) => void): void {
  const root = join(__dirname, '..');
  const cli = join(root, 'out', 'cli.js');
  log('Swarm of seeds: explore --mode M --runs R --workers W through out/cli.js (wall seconds, including the threads\' start)');
  for (const [file, mode, runs] of [['examples/mutex3.futex', 'pct', 4000], ['examples/condvar-old-glibc.futex', 'random', 2000]] as const) {
    const rows: string[] = [];
    let first: Record<string, unknown> | null = null;
    for (const w of [1, 2]) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, 'explore', file, '--mode', mode, '--runs', String(runs), '--workers', String(w), '--max-time', '0', '--json'], { cwd: root, encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      const same = first === null ? '' : ['result', 'schedules', 'foundBySeed'].every((k) => JSON.stringify(j[k]) === JSON.stringify(first![k])) ? ', same report' : ', REPORT DIFFERS';
      if (first === null) first = j;
      rows.push(`workers ${w}: ${seconds.toFixed(2)} s (${j.result}, ${j.schedules} schedules, found by seed ${j.foundBySeed ?? '-'}${same})`);
    }
    log(`${file} --mode ${mode} --runs ${runs}: ${rows.join('; ')}`);
  }
}
