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
import { StackSet, StateTable, collisionBound } from '../../src/explore/state-table';
import { mutexModel } from '../../bench/explore-models';

const dir = join(__dirname, '..', '..', 'examples');

async function same(where: string, p: Program, maxStates: number): Promise<boolean> {
  let completed = false;
  for (const reductions of [true, false]) {
    const o = { maxStates, symmetry: reductions, partialOrder: reductions, twins: false, flat: false };
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
  const h = (i: number): [number, number] => [Math.imul(i, 0x9e3779b1) | 0, (i * 7919) | 0];

  it('finds what it holds across growth, keeps depths when asked, and counts', () => {
    for (const depths of [false, true]) {
      const t = new StateTable(16, depths);
      const n = 10_000;
      for (let i = 0; i < n; i++) {
        const [a, b] = h(i);
        const slot = t.find(a, b);
        expect(t.isEmpty(slot)).toBe(true);
        t.set(slot, a, b, i);
      }
      expect(t.size).toBe(n);
      for (let i = 0; i < n; i++) {
        const [a, b] = h(i);
        const slot = t.find(a, b);
        expect(t.isEmpty(slot)).toBe(false);
        expect(t.depth(slot)).toBe(depths ? i : 0);
      }
      // Stored again (a shorter path under a depth bound): the new depth, no new entry.
      t.set(t.find(...h(7)), ...h(7), 2);
      expect(t.size).toBe(n);
      expect(t.depth(t.find(...h(7)))).toBe(depths ? 2 : 0);
      expect(t.isEmpty(t.find(...h(n)))).toBe(true);
      // (0, 0) is the empty mark: stored as (0, 1), still found.
      const z = t.find(0, 0);
      t.set(z, 0, 0, 5);
      expect(t.isEmpty(t.find(0, 0))).toBe(false);
      expect(t.depth(t.find(0, 0))).toBe(depths ? 5 : 0);
      expect(t.bytes / t.size).toBeLessThanOrEqual(depths ? 48 : 32);
    }
  });
});

describe('StackSet', () => {
  it('answers like a list of the stack\'s hashes under any pushes and pops, colliding homes and growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })), { maxLength: 300 }), (ops) => {
        const set = new StackSet();
        const model: [number, number][] = [];
        // Few distinct low bits: many entries share a home slot, and the set grows past 64 slots.
        const key = (x: number): [number, number] => [x & 7, x >> 3];
        for (const [op, x] of ops) {
          if (op !== 0 || model.length === 0) {
            const k = key(x + model.length * 41);
            if (model.some(([a, b]) => a === k[0] && b === k[1])) continue; // a state is on the stack once
            set.push(...k);
            model.push(k);
          } else set.pop(...model.pop()!);
          expect(set.length).toBe(model.length);
          for (let y = 0; y < 41 * 45; y += 7) {
            const k = key(y);
            expect(set.indexOf(...k)).toBe(model.findIndex(([a, b]) => a === k[0] && b === k[1]));
          }
          for (let i = 0; i < model.length; i++) expect(set.indexOf(...model[i])).toBe(i);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its first slots and empties again', () => {
    const set = new StackSet();
    for (let i = 0; i < 1000; i++) set.push(i & 3, i);
    for (let i = 0; i < 1000; i++) expect(set.indexOf(i & 3, i)).toBe(i);
    for (let i = 999; i >= 0; i--) {
      set.pop(i & 3, i);
      expect(set.indexOf(i & 3, i)).toBe(-1);
      if (i > 0) expect(set.indexOf((i - 1) & 3, i - 1)).toBe(i - 1);
    }
    expect(set.length).toBe(0);
  });
});
