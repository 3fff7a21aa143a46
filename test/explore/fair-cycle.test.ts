// The livelock check's fairness of a cycle (src/explore/fair-cycle.ts): tids as bits of one int
// give the same answer as the plain version with Sets, for any stack, including tids past 30
// (where it falls back to the plain version) and cycles in which nobody stays runnable.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fairCycle, fairCyclePlain, type CycleNode } from '../../src/explore/fair-cycle';

describe('fairCycle', () => {
  it('answers as the plain version on random stacks', () => {
    // Mostly few tids (bits), sometimes one past 30 (the fallback).
    const tid = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) });
    const tids = fc.array(tid, { maxLength: 4 });
    const node = fc.record({ path: tids, runnable: tids });
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 12 }), fc.nat(), tids, tids, (stack: CycleNode[], f, last, runnable) => {
        const from = f % stack.length;
        expect(fairCycle(stack, from, last, runnable)).toBe(fairCyclePlain(stack, from, last, runnable));
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('a spin of one thread while another, runnable all along, never steps is not fair; with both stepping it is', () => {
    const stack: CycleNode[] = [
      { path: [], runnable: [0, 1] },
      { path: [0], runnable: [0, 1] },
      { path: [0], runnable: [0, 1] },
    ];
    expect(fairCycle(stack, 0, [0], [0, 1])).toBe(false);
    expect(fairCycle(stack, 0, [1], [0, 1])).toBe(true);
    // Thread 1 not runnable somewhere along the cycle (asleep): not starved.
    stack[1].runnable = [0];
    expect(fairCycle(stack, 0, [0], [0, 1])).toBe(true);
    // The same with tids past 30 (the plain version).
    const far: CycleNode[] = [
      { path: [], runnable: [0, 35] },
      { path: [0], runnable: [0, 35] },
    ];
    expect(fairCycle(far, 0, [0], [0, 35])).toBe(false);
    expect(fairCycle(far, 0, [35], [0, 35])).toBe(true);
  });
});
