// The history's thinning (src/debug/thinning.ts): against the plain rule it replaces, over random
// checkpoint positions with intervals that change along the run as the measured speed does.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { thinned } from '../../src/debug/thinning';

/** Positions from 0 with gaps drawn from powers of two (the history's intervals). */
const positions = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 200 }).map((exps) => {
  const out = [{ pos: 0 }];
  for (const e of exps) out.push({ pos: out[out.length - 1].pos + 2 ** e * 16 });
  return out;
});

const gaps = (cps: { pos: number }[]): number[] => cps.slice(1).map((c, i) => c.pos - cps[i].pos);

test('thinned keeps the first and the last, a subset in order, and no gap over max(every, the largest gap before)', () => {
  fc.assert(
    fc.property(positions, fc.integer({ min: 4, max: 10 }), (cps, e) => {
      const every = 2 ** e;
      const keep = thinned(cps, every);
      expect(keep[0]).toBe(cps[0]);
      expect(keep[keep.length - 1]).toBe(cps[cps.length - 1]);
      let j = 0;
      for (const k of keep) {
        while (cps[j] !== k) j++;
        expect(j).toBeLessThan(cps.length);
      }
      const before = Math.max(0, ...gaps(cps));
      for (const g of gaps(keep)) expect(g).toBeLessThanOrEqual(Math.max(every, before));
    }),
    { numRuns: 300 },
  );
});

test('thinned drops at least what dropping every other one did, where the gaps were even', () => {
  // Even gaps of every/2: the plain rule (keep the even indices) and thinned agree.
  for (const n of [1, 2, 3, 10, 101]) {
    const cps = Array.from({ length: n }, (_, i) => ({ pos: i * 512 }));
    const plain = cps.filter((_, i) => i % 2 === 0 || i === n - 1);
    expect(thinned(cps, 1024).length, `n ${n}`).toBeLessThanOrEqual(plain.length);
    expect(Math.max(0, ...gaps(thinned(cps, 1024)))).toBeLessThanOrEqual(1024);
  }
});

test('thinned where gaps differ: a segment at twice the interval keeps its gaps, the dense part halves', () => {
  // 0..8192 every 4096 (an early, fast stretch), then every 2048: the plain rule made 8192-step gaps.
  const cps = [0, 4096, 8192, 10240, 12288, 14336, 16384].map((pos) => ({ pos }));
  expect(thinned(cps, 4096).map((c) => c.pos)).toEqual([0, 4096, 8192, 12288, 16384]);
  const plain = cps.filter((_, i) => i % 2 === 0).map((c) => c.pos);
  expect(Math.max(...gaps(plain.map((pos) => ({ pos }))))).toBe(8192);
});
