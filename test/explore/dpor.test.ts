// Differential soundness of DPOR (explore/dpor.ts, issue #11): exhaustive search with dynamic
// partial-order reduction gives the verdict and failure kind of exhaustive search with no
// reduction at all, over every example, the random-scenario generator, and random straight-line
// scenarios of memory, futex and PI operations (with and without priorities); every DPOR
// counterexample replays to the same failure. On the independent-parts family the states DPOR
// keeps grow linearly in the number of parts.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore, type ExploreResult } from '../../src/explore/search';
import { replayVerdict } from '../../src/explore/trace';
import { locksScenario, lostWakeupScenario, pairsScenario } from '../../bench/independent';
import { prio, straight, straightScenario } from './straight-scenario';

const dir = join(__dirname, '..', '..', 'examples');

function program(text: string, name = 't.futex'): Program {
  const r = loadProgram(text, name);
  if (!r.ok) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join('\n')}`);
  return r.program;
}

interface Pair { dpor: ExploreResult; plain: ExploreResult }

async function both(p: Program, maxStates: number): Promise<Pair> {
  const plain = await explore(p, { maxStates, symmetry: false, partialOrder: false, flat: false });
  const dpor = await explore(p, { maxStates, dpor: true });
  return { dpor, plain };
}

/** The checks on one program; returns 'dpor' when DPOR itself ran and both completed, 'fallback' or 'skipped' else. */
function check(where: string, p: Program, { dpor, plain }: Pair): 'dpor' | 'fallback' | 'skipped' {
  for (const r of [dpor, plain]) {
    if (r.result !== 'counterexample' || r.failure!.kind === 'livelock') continue;
    expect(replayVerdict(p, { schedule: r.failure!.schedule })?.kind, `${where}: the counterexample replays to its failure`).toBe(r.failure!.kind);
  }
  if (dpor.result === 'incomplete' || plain.result === 'incomplete') return 'skipped';
  expect(dpor.result, `${where}: verdict with DPOR = verdict without reduction`).toBe(plain.result);
  expect(dpor.failure?.kind, `${where}: failure kind with DPOR = without`).toBe(plain.failure?.kind);
  if (plain.result === 'ok' && !dpor.dporFallback) expect(dpor.states, `${where}: DPOR keeps no more states`).toBeLessThanOrEqual(plain.states);
  return dpor.dporFallback ? 'fallback' : 'dpor';
}

describe('DPOR = exhaustive search without reduction', () => {
  it('on every example', async () => {
    const tally = { dpor: 0, fallback: 0, skipped: 0 };
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      tally[check(f, r.program, await both(r.program, 500))]++;
    }
    // Most examples are compared, and DPOR itself (not its fallback) decides a good part of them.
    expect(tally.dpor + tally.fallback).toBeGreaterThan(tally.skipped);
    expect(tally.dpor).toBeGreaterThanOrEqual(10);
  }, 600_000);

  it('on the random-scenario generator', async () => {
    const { scenario, thread } = await import('../kernel/random-scenario');
    const samples = fc.sample(fc.tuple(thread, thread, thread), { numRuns: 10, seed: 11 });
    let compared = 0;
    for (const [i, [a, b, c]] of samples.entries()) {
      const r = loadProgram(scenario(a, b, c), `random-${i}.futex`);
      if (!r.ok) continue;
      if (check(`random scenario ${i}:\n${scenario(a, b, c)}`, r.program, await both(r.program, 600)) !== 'skipped') compared++;
    }
    expect(compared).toBeGreaterThan(3);
  }, 600_000);

  it('on random straight-line memory, futex and PI scenarios, with and without priorities', async () => {
    const samples = fc.sample(fc.array(fc.tuple(straight, prio), { minLength: 2, maxLength: 3 }), { numRuns: 40, seed: 5 });
    let ran = 0;
    const kinds = new Set<string>();
    for (const [i, threads] of samples.entries()) {
      const text = straightScenario(threads);
      const p = program(text, `straight-${i}.futex`);
      const pair = await both(p, 20_000);
      if (check(`straight-line scenario ${i}:\n${text}`, p, pair) === 'dpor') ran++;
      kinds.add(pair.plain.failure?.kind ?? pair.plain.result);
    }
    expect(ran).toBeGreaterThan(25);
    // Both verdicts occur: the comparison is not between two searches that always say ok.
    expect(kinds.has('ok')).toBe(true);
    expect([...kinds].some((k) => k !== 'ok')).toBe(true);
  }, 600_000);
});

describe('DPOR on independent parts', () => {
  it('keeps states linear in the number of parts, with the verdict of no reduction', async () => {
    let pairs: number[] = [];
    for (const gen of [pairsScenario, locksScenario]) {
      const states: number[] = [];
      if (gen === pairsScenario) pairs = states;
      for (const k of [1, 2, 3, 4]) {
        const r = await explore(program(gen(k)), { dpor: true });
        expect(r.result).toBe('ok');
        expect(r.dporFallback).toBeUndefined();
        states.push(r.states);
      }
      // Linear: each part adds what one part alone has (the plain search multiplies instead).
      expect(states[3]).toBeLessThanOrEqual(4 * states[0] + 8);
    }
    // The plain search on two pairs already keeps several times more (the product of the parts).
    const plain2 = await explore(program(pairsScenario(2)), { symmetry: false, partialOrder: false, flat: false });
    expect(plain2.result).toBe('ok');
    expect(plain2.states).toBeGreaterThan(4 * pairs[1]);
  }, 120_000);

  it('finds the lost wake-up in one of many parts, and its trace replays', async () => {
    const p = program(lostWakeupScenario(4));
    const r = await explore(p, { dpor: true });
    expect(r.result).toBe('counterexample');
    expect(r.failure!.kind).toBe('deadlock');
    expect(replayVerdict(p, { schedule: r.failure!.schedule })?.kind).toBe('deadlock');
  });
});
