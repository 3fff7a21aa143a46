// `npm run bench -- soundness`: the explorer's differential soundness checks (issue #11), the
// longer version of test/explore/differential.test.ts and dpor.test.ts over random scenarios.
// BENCH_SOUNDNESS_RUNS scenarios (default 300) of each generator, from seed BENCH_SOUNDNESS_SEED
// (default 1):
// - kernel: test/kernel/random-scenario.ts (every statement, two processes, a fork), under a
//   strategy drawn at random;
// - straight: straight-line memory, futex and PI threads, with and without priorities, and spin
//   loops (test/explore/straight-scenario.ts);
// - twins: three or four threads of one body, some with one constant or word changed (symmetry
//   and the twin reduction must tell them apart);
// - flat: programs of the flat machine's class (test/explore/flat-scenario.ts).
// For each scenario, exhaustive search with no reduction ("plain") is the reference:
// - every reduction on, DPOR, and exact state identities give its verdict (DPOR its failure kind
//   too), and exact identities its count of distinct states, when both searches complete; the
//   flat machine (flat-search.ts, for a program of its class) its failure kind, and no more
//   states (it leaves page frames out: docs/explore.md);
// - a failure that random or PCT mode finds, it finds;
// - every counterexample of each search replays to its failure (trace.ts replayVerdict).
// Every disagreement is printed with its scenario; the last line counts them.

import fc from 'fast-check';
import { loadProgram } from '../src/session/load';
import type { Program } from '../src/session/program';
import { explore, type ExploreOptions, type ExploreResult } from '../src/explore/search';
import { randomExplore } from '../src/explore/random';
import { replayVerdict } from '../src/explore/trace';
import { STRATEGIES } from '../src/kernel/futex/registry';
import { scenario, thread } from '../test/kernel/random-scenario';
import { looping, prio, straightScenario, twins } from '../test/explore/straight-scenario';
import { flatBody, flatScenario } from '../test/explore/flat-scenario';

/** The searches compared with the plain one, by name. */
const REDUCED: [string, ExploreOptions][] = [
  ['reductions', {}], ['dpor', { dpor: true }], ['exact', { symmetry: false, partialOrder: false, exact: true }],
  // The flat machine, for a program of its class (flat-search.ts); else the plain search again.
  ['flat', { symmetry: false, partialOrder: false }],
];

interface Tally {
  scenarios: number;
  /** The plain search completed: its verdict was compared. */
  compared: number;
  /** Thread symmetry found interchangeable threads. */
  symmetric: number;
  /** The flat machine searched it. */
  flat: number;
  verdicts: Map<string, number>;
  problems: string[];
}

/** The disagreements of one scenario's searches with its plain search (empty: none). */
async function checkScenario(p: Program, strategy: string, maxStates: number, seed: number, t: Tally): Promise<string[]> {
  const base: ExploreOptions = { maxStates, strategy };
  const plain = await explore(p, { ...base, symmetry: false, partialOrder: false, flat: false });
  const others: [string, ExploreResult][] = [];
  for (const [name, o] of REDUCED) others.push([name, await explore(p, { ...base, ...o })]);
  const reduced = others.find(([name]) => name === 'reductions')![1];
  const out: string[] = [];
  for (const [name, r] of [['plain', plain] as [string, ExploreResult], ...others]) {
    if (r.result !== 'counterexample') continue;
    const got = replayVerdict(p, { schedule: r.failure!.schedule, strategy })?.kind;
    if (got !== r.failure!.kind) out.push(`${name}'s ${r.failure!.kind} counterexample replays to ${got ?? 'no failure'}`);
  }
  if (reduced.symmetricThreads > 0) t.symmetric++;
  if (others.find(([name]) => name === 'flat')![1].flat) t.flat++;
  if (plain.result === 'incomplete') return out;
  t.compared++;
  const verdict = plain.failure?.kind ?? plain.result;
  t.verdicts.set(verdict, (t.verdicts.get(verdict) ?? 0) + 1);
  for (const [name, r] of others) {
    if (r.result === 'incomplete') continue;
    if (r.result !== plain.result) out.push(`${name} says ${r.failure?.kind ?? r.result}, plain ${verdict}`);
    else if (name === 'dpor' && r.failure?.kind !== plain.failure?.kind) out.push(`dpor finds ${r.failure?.kind}, plain ${verdict}`);
    if (name === 'exact' && r.result === 'ok' && r.states !== plain.states) out.push(`exact identities keep ${r.states} states, hashed ones ${plain.states}`);
    // The flat state leaves page frames out (docs/explore.md): never more states than plain.
    if (name === 'flat' && (r.failure?.kind !== plain.failure?.kind || (r.result === 'ok' && r.states > plain.states))) {
      out.push(`the flat machine finds ${r.failure?.kind ?? r.result} in ${r.states} states and ${r.transitions} transitions, plain ${verdict} in ${plain.states} and ${plain.transitions}`);
    }
  }
  for (const mode of ['random', 'pct'] as const) {
    const rnd = await randomExplore(p, { mode, runs: 30, seed, depth: 3, strategy });
    if (rnd.result === 'counterexample' && plain.result !== 'counterexample') out.push(`${mode} mode finds ${rnd.failure!.kind}, plain exhaustive search ${verdict}`);
  }
  return out;
}

export async function benchSoundness(log: (s: string) => void = console.log): Promise<number> {
  const runs = Number(process.env.BENCH_SOUNDNESS_RUNS ?? 300);
  const seed = Number(process.env.BENCH_SOUNDNESS_SEED ?? 1);
  const strategies = Object.keys(STRATEGIES);
  log(`Differential soundness over random scenarios (${runs} per generator, seed ${seed}): plain exhaustive search against every reduction, DPOR, exact identities, random and PCT mode`);
  const generators: [string, fc.Arbitrary<[string, string]>, number][] = [
    ['kernel', fc.tuple(thread, thread, thread, fc.nat(strategies.length - 1)).map(([a, b, c, s]) => [scenario(a, b, c), strategies[s]]), 4000],
    ['straight', fc.array(fc.tuple(looping, prio), { minLength: 2, maxLength: 3 }).map((ts) => [straightScenario(ts), 'modern']), 20_000],
    ['twins', twins.map((ts) => [straightScenario(ts), 'modern']), 20_000],
    ['flat', fc.tuple(fc.array(flatBody, { minLength: 2, maxLength: 3 }), fc.boolean()).map(([bodies, shared]) => [flatScenario(bodies, shared), 'modern']), 20_000],
  ];
  let problems = 0;
  for (const [name, gen, maxStates] of generators) {
    const t0 = Date.now();
    const t: Tally = { scenarios: 0, compared: 0, symmetric: 0, flat: 0, verdicts: new Map(), problems: [] };
    for (const [i, [text, strategy]] of fc.sample(gen, { numRuns: runs, seed }).entries()) {
      const r = loadProgram(text, `${name}-${i}.futex`);
      if (!r.ok) continue;
      t.scenarios++;
      for (const what of await checkScenario(r.program, strategy, maxStates, i, t)) t.problems.push(`${name} ${i} (${strategy}): ${what}\n${text}`);
    }
    const verdicts = [...t.verdicts].map(([v, n]) => `${v} ${n}`).join(', ');
    log(`${name.padEnd(8)} ${t.scenarios} scenarios, ${t.compared} compared (${verdicts}), ${t.symmetric} with symmetric threads, ${t.flat} on the flat machine, ${t.problems.length} disagreements, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (const p of t.problems) log(p);
    problems += t.problems.length;
  }
  log(`${problems} disagreements`);
  return problems;
}
