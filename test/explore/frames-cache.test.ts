// A frozen thread's frames written once and copied after (encode-hash.ts framesCache, issue #11)
// against writing them at every state:
// - copy by copy: in check mode every copy is compared with a fresh write, int for int, over
//   whole searches of every example, random scenarios and mutex3, with and without reductions;
// - whole searches: identical verdicts, failure kinds, counterexamples and counts with the cache
//   on and off;
// - a thread written in place after it was hashed (a random walk that steps one thread again and
//   again, under one epoch) is never copied from the cache: only frozen threads are kept.
import { describe, it, expect, afterEach } from 'vitest';
import type { Program } from '../../src/session/program';
import { Session } from '../../src/session/session';
import { symmetryOf } from '../../src/explore/encode';
import { framesCache, hashState } from '../../src/explore/encode-hash';
import { explore, type ExploreOptions } from '../../src/explore/search';
import { loadProgram } from '../../src/session/load';
import { mutexModel } from '../../bench/explore-models';
import { examplePrograms, randomPrograms } from './programs';

const tick = () => new Promise((r) => setImmediate(r));

function mutex3(n: number): [string, Program] {
  const r = loadProgram(mutexModel('mutex3', n), 'mutex3.futex');
  if (!r.ok) throw new Error('mutex3 does not load');
  return [`mutex3 N=${n}`, r.program];
}

afterEach(() => {
  framesCache.check = false;
  framesCache.enabled = true;
});

describe('frames copied from the cache = frames written', () => {
  it('on every example, random scenarios and mutex3, with and without reductions', async () => {
    framesCache.check = true;
    const hits = framesCache.hits;
    for (const [, p] of [...examplePrograms(), ...randomPrograms(30, 29), mutex3(3)]) {
      await explore(p, { maxStates: 2000, shorten: false });
      await explore(p, { maxStates: 2000, symmetry: false, partialOrder: false, shorten: false });
      await tick();
    }
    expect(framesCache.hits - hits).toBeGreaterThan(10_000);
  }, 600_000);

  it('a thread written in place since it was hashed is written again, not copied', () => {
    const [, p] = mutex3(2);
    const s = new Session(p, { schedule: 'fifo' });
    const sym = symmetryOf(p, false);
    const out = new Int32Array(2);
    const plain = new Int32Array(2);
    framesCache.check = true;
    for (let i = 0; i < 40 && s.result === null; i++) {
      const run = s.runnable();
      if (run.length === 0) break;
      // Only every fifth state is snapshotted (its threads frozen); in between the same thread
      // objects are written in place.
      if (i % 5 === 0) s.snapshot();
      s.step(run[0]);
      hashState(s, sym, out);
      framesCache.enabled = false;
      hashState(s, sym, plain);
      framesCache.enabled = true;
      expect([out[0], out[1]], `state ${i}`).toEqual([plain[0], plain[1]]);
    }
  });
});

async function same(where: string, p: Program, o: ExploreOptions): Promise<void> {
  framesCache.enabled = true;
  const fast = await explore(p, { ...o, shorten: false });
  framesCache.enabled = false;
  const plain = await explore(p, { ...o, shorten: false });
  framesCache.enabled = true;
  expect(fast.result, `${where}: verdict`).toBe(plain.result);
  expect(fast.failure?.kind, `${where}: failure kind`).toBe(plain.failure?.kind);
  expect(fast.failure?.schedule, `${where}: counterexample`).toEqual(plain.failure?.schedule);
  expect([fast.states, fast.transitions, fast.schedules], `${where}: counts`).toEqual([plain.states, plain.transitions, plain.schedules]);
}

describe('exploration with the frames cache = without', () => {
  it('on every example and random scenarios, with and without reductions', async () => {
    for (const [f, p] of [...examplePrograms(), ...randomPrograms(20, 31)]) {
      await same(f, p, { maxStates: 3000 });
      await same(`${f} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false });
      await tick();
    }
  }, 600_000);
});
