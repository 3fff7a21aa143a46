// The explorer's hashed state identity (encode-hash.ts, state-table.ts) against the exact one
// (encode.ts strings, `exact: true`), differentially: the same verdict and the same number of
// distinct states, with and without reductions, over every example, random scenarios and the
// bench's mutex models. Equal counts mean that the vector encoding merges exactly the states the
// string encoding merges (a field one wrote and the other left out would split or merge some).
// And twin pruning (encode-hash.ts twinsOf) against none: the same verdict and the same distinct
// states, in no more transitions.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore } from '../../src/explore/search';
import { StateTable, collisionBound } from '../../src/explore/state-table';
import { mutexModel } from '../../bench/explore-models';

const dir = join(__dirname, '..', '..', 'examples');

async function same(where: string, p: Program, maxStates: number): Promise<boolean> {
  let completed = false;
  for (const reductions of [true, false]) {
    const o = { maxStates, symmetry: reductions, partialOrder: reductions, twins: false };
    const hashed = await explore(p, o);
    const exact = await explore(p, { ...o, exact: true });
    const twins = reductions ? await explore(p, { ...o, twins: true }) : hashed;
    expect(twins.result, `${where}: verdict with twin pruning = without`).toBe(hashed.result);
    expect(twins.failure?.kind, `${where}: failure kind with twin pruning`).toBe(hashed.failure?.kind);
    if (hashed.result === 'ok') {
      expect(twins.states, `${where}: distinct states with twin pruning = without`).toBe(hashed.states);
      expect(twins.transitions).toBeLessThanOrEqual(hashed.transitions);
    }
    expect(hashed.result, `${where} (reductions ${reductions}): verdict hashed = exact`).toBe(exact.result);
    expect(hashed.failure?.kind, `${where}: failure kind`).toBe(exact.failure?.kind);
    if (exact.result === 'counterexample') continue; // found at the first failure: counts depend on nothing else
    expect(hashed.states, `${where} (reductions ${reductions}): distinct states hashed = exact`).toBe(exact.states);
    expect(hashed.transitions, `${where}: transitions`).toBe(exact.transitions);
    expect(exact.collisionBound).toBe(0);
    expect(hashed.collisionBound).toBe(collisionBound(hashed.states));
    if (exact.result === 'ok') completed = true;
  }
  return completed;
}

describe('hashed state identity = exact state identity', () => {
  it('on every example', async () => {
    let completed = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      if (await same(f, r.program, 3000)) completed++;
    }
    expect(completed).toBeGreaterThan(5);
  }, 600_000);

  it('on random scenarios', async () => {
    const { scenario, thread } = await import('../kernel/random-scenario');
    const samples = fc.sample(fc.tuple(thread, thread, thread), { numRuns: 15, seed: 11 });
    for (const [i, [a, b, c]] of samples.entries()) {
      const r = loadProgram(scenario(a, b, c), `random-${i}.futex`);
      if (r.ok) await same(`random scenario ${i}:\n${scenario(a, b, c)}`, r.program, 2000);
    }
  }, 600_000);

  it('on the mutex models of the bench', async () => {
    for (const kind of ['mutex2', 'mutex3'] as const) {
      const r = loadProgram(mutexModel(kind, 3), `${kind}.futex`);
      if (!r.ok) throw new Error('model does not parse');
      expect(await same(`${kind} N=3`, r.program, 100_000)).toBe(true);
    }
  }, 600_000);
});

describe('StateTable', () => {
  it('finds what it holds across growth, keeps depth and stack index, and counts', () => {
    const t = new StateTable(16);
    const n = 10_000;
    const h = (i: number): [number, number] => [Math.imul(i, 0x9e3779b1) | 0, (i * 7919) | 0];
    for (let i = 0; i < n; i++) {
      const [a, b] = h(i);
      const slot = t.find(a, b);
      expect(t.isEmpty(slot)).toBe(true);
      t.set(slot, a, b, i, i % 3 === 0 ? i : -1);
    }
    expect(t.size).toBe(n);
    for (let i = 0; i < n; i++) {
      const [a, b] = h(i);
      const slot = t.find(a, b);
      expect(t.isEmpty(slot)).toBe(false);
      expect(t.depth(slot)).toBe(i);
      expect(t.onStack(slot)).toBe(i % 3 === 0 ? i : -1);
    }
    t.unstack(...h(3));
    expect(t.onStack(t.find(...h(3)))).toBe(-1);
    // By the slot set gave, while the table has not grown since; after growth, found again.
    const [a6, b6] = h(6);
    expect(t.onStack(t.find(a6, b6))).toBe(6);
    t.unstack(a6, b6, t.find(a6, b6), t.grown);
    expect(t.onStack(t.find(a6, b6))).toBe(-1);
    const [a9, b9] = h(9);
    const old = t.find(a9, b9);
    const grown = t.grown;
    for (let i = n; i < 3 * n; i++) t.set(t.find(...h(i)), ...h(i), i, -1);
    expect(t.grown).toBeGreaterThan(grown);
    t.unstack(a9, b9, old, grown);
    expect(t.onStack(t.find(a9, b9))).toBe(-1);
    for (let i = 12; i < 100; i += 3) expect(t.onStack(t.find(...h(i)))).toBe(i);
    // (0, 0) is the empty mark: stored as (0, 1), still found.
    const z = t.find(0, 0);
    t.set(z, 0, 0, 5, -1);
    expect(t.depth(t.find(0, 0))).toBe(5);
    expect(t.bytes / t.size).toBeLessThanOrEqual(64);
  });
});
