// The recorded schedule choices (src/debug/choices.ts) against a plain array: one byte a step
// while thread ids are small, wider once a large one runs, with every earlier step kept.

import { expect, test } from 'vitest';
import { Choices } from '../../src/debug/choices';

test('choices read back as written, across growth and widening', () => {
  const c = new Choices();
  const plain: [number, boolean][] = [];
  let x = 7;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const tidMax = [100, 100, 30_000, 30_000, 3_000_000];
  for (let phase = 0; phase < tidMax.length; phase++) {
    for (let i = 0; i < 5000; i++) {
      const tid = Math.floor(rand() * tidMax[phase]);
      const forced = rand() < 0.5;
      c.set(plain.length, tid, forced);
      plain.push([tid, forced]);
    }
    if (phase === 1) expect(c.width).toBe(1);
    if (phase === 3) expect(c.width).toBe(2);
  }
  expect(c.width).toBe(4);
  plain.forEach(([tid, forced], p) => {
    expect(c.tid(p)).toBe(tid);
    expect(c.forced(p)).toBe(forced);
  });
  // Rewriting a position (a truncated history recorded again) overwrites it.
  c.set(3, 5, true);
  expect([c.tid(3), c.forced(3)]).toEqual([5, true]);
  expect(() => c.set(0, -1, false)).toThrow(RangeError);
});
