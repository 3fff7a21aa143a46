// The explorer's undo log of word stores (kernel/word-log.ts) against page data copied on write
// (the plain version, kernel/clone.ts and fault.ts writablePage), issue #11:
// - state by state: random depth-first walks over random scenarios and every example (snapshots
//   kept on a stack, steps, backtracks to a random snapshot on it: the log undone to its mark,
//   then the snapshot restored in place, as the explorer does) run side by side with a session
//   without the log doing the same; after every step and backtrack both hold the same page data
//   word for word and hash to the same vector (page data encoded from the log's candidate words,
//   vec.ts W, against the copy-on-write session's, and now and then against a full scan), every
//   snapshot on the stack holds after a backtrack what it held when it was taken;
// - snapshots written into a kernel state no longer used (kernel.ts snapshotPool) against
//   snapshots by copy (cloneState), on the same walks: equal field by field, and sharing no
//   record the shape table says to copy with the live state;
// - whole searches: every example (with and without reductions) and random scenarios explored
//   with the log and the pool and without either give identical verdicts, failure kinds,
//   schedules, and counts of states, transitions and schedules.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { Session, type SessionSnapshot } from '../../src/session/session';
import { newEpoch, cloneState } from '../../src/kernel/clone';
import { KERNEL_STATE } from '../../src/kernel/shape';
import { WordLog } from '../../src/kernel/word-log';
import type { KernelState } from '../../src/kernel/state';
import { restoreInPlace } from '../../src/explore/restore';
import { symmetryOf } from '../../src/explore/encode';
import { hashState } from '../../src/explore/encode-hash';
import { vec, clearWordsCache, forgetEncodings, wordsStart, W } from '../../src/explore/vec';
import { explore, type ExploreOptions } from '../../src/explore/search';
import { examplePrograms, randomPrograms as randoms, owned, expectSameSearch } from './programs';
import { mutexModel } from '../../bench/explore-models';

/** Every example, and mutex2 with three threads. */
function examples(): [string, Program][] {
  const out = examplePrograms();
  const m = loadProgram(mutexModel('mutex2', 3), 'mutex2.futex');
  if (m.ok) out.push(['mutex2 N=3', m.program]);
  return out;
}



/** Every frame's data, word for word (null: no frame in the slot). */
const pagesOf = (k: KernelState): (number[] | null)[] => k.pages.map((p) => (p ? Array.from(p.data) : null));

function vectorOf(s: Session, sym: ReturnType<typeof symmetryOf>): number[] {
  const out = new Int32Array(2);
  hashState(s, sym, out);
  return Array.from(vec.a.subarray(0, vec.n));
}


const withoutEpoch = (k: KernelState) => ({ ...k, epoch: 0 });

interface Entry {
  snap: SessionSnapshot;
  ref: SessionSnapshot;
  mark: number;
  pages: (number[] | null)[];
}

/** A depth-first random walk with the log and one without, side by side; returns the backtracks compared. */
function walk(where: string, p: Program, seed: number, rounds: number): number {
  const s = new Session(p, { schedule: 'fifo' });
  const ref = new Session(p, { schedule: 'fifo' });
  const words = new WordLog();
  s.k.words = words;
  const sym = symmetryOf(p, true);
  let rng = seed;
  const rand = (n: number) => {
    rng = (Math.imul(rng, 1103515245) + 12345) & 0x7fffffff;
    return rng % n;
  };
  const stack: Entry[] = [];
  const pool: KernelState[] = [];
  let backtracks = 0;
  /** The state is hashed, then gets a new epoch (as the explorer's push: snapshot or newEpoch). */
  const settle = (at: string) => {
    // The caches are kept across the walk (page data encoded from the log's candidate words,
    // merged as the log touches more words); now and then they are dropped and the state encoded
    // again from a full scan.
    forgetEncodings(); // at every state, page data is read from the log's candidate words
    const fast = vectorOf(s, sym);
    expect(fast, `${at}: the same vector as without the log`).toEqual(vectorOf(ref, sym));
    if (rand(8) === 0) {
      clearWordsCache();
      expect(vectorOf(s, sym), `${at}: page data from the log's candidate words = a full scan`).toEqual(fast);
    }
    expect(pagesOf(s.k.s), `${at}: the same page data`).toEqual(pagesOf(ref.k.s));
    if (rand(3) === 0 || stack.length === 0) {
      // Written into a kernel state of an earlier round (the pool), or copied: equal either way.
      const copy = cloneState(s.k.s);
      s.k.snapshotPool = pool.length > 0 ? [pool.pop()!] : null;
      const snap = s.snapshot();
      s.k.snapshotPool = null;
      expect(withoutEpoch(snap.kernel), `${at}: a snapshot written into a used kernel state = a copy`).toEqual(withoutEpoch(copy));
      const live: object[] = [];
      owned(KERNEL_STATE, s.k.s, live);
      const mine: object[] = [];
      owned(KERNEL_STATE, snap.kernel, mine);
      const set = new Set(live);
      expect(mine.some((o) => set.has(o)), `${at}: the snapshot shares no copied record with the live state`).toBe(false);
      stack.push({ snap, ref: ref.snapshot(), mark: words.n, pages: pagesOf(s.k.s) });
    } else {
      s.k.s.epoch = newEpoch();
      ref.k.s.epoch = newEpoch();
    }
  };
  settle(`${where} (start)`);
  for (let round = 0; round < rounds; round++) {
    const at = `${where}\n(round ${round})`;
    for (let j = 0, n = 1 + rand(4); j < n && s.result === null; j++) {
      const run = s.runnable();
      if (run.length === 0) { s.idle(); ref.idle(); continue; }
      const tid = run[rand(run.length)];
      s.step(tid);
      ref.step(tid);
      settle(`${at}, step ${j}`);
    }
    // Back to a random snapshot on the stack; those above it are dropped.
    const to = rand(stack.length);
    const dropped = stack.slice(to + 1);
    stack.length = to + 1;
    const e = stack[to];
    // The snapshots dropped are kernel states no longer used: the pool of the next snapshots.
    for (const d of dropped) if (d !== e) pool.push(d.snap.kernel);
    words.undoTo(e.mark);
    expect(pagesOf(e.snap.kernel), `${at}: the snapshot's page data, the log undone`).toEqual(e.pages);
    restoreInPlace(s, e.snap);
    restoreInPlace(ref, e.ref);
    backtracks++;
    settle(`${at}, back to snapshot ${to}`);
  }
  s.k.words = null;
  return backtracks;
}

/** Page data's encoding by definition: length, count of non-zero words, their (index, value) pairs. */
function wordsOf(d: Int32Array): number[] {
  const o = [d.length, 0];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) o.push(i, d[i]);
  o[1] = (o.length - 2) / 2;
  return o;
}

describe('page data encoded from the log\'s candidate words (vec.ts W) = its definition', () => {
  it('over random stores and undos into arrays non-zero at their first encoding', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(31), fc.integer({ min: -3, max: 3 })), { maxLength: 6 }),
      fc.array(fc.oneof(fc.tuple(fc.constant(0), fc.nat(31), fc.integer({ min: -3, max: 3 })), fc.tuple(fc.constant(1), fc.nat(8), fc.constant(0))), { maxLength: 30 }),
      (initial, ops) => {
        const d = new Int32Array(32);
        for (const [i, v] of initial) d[i] = v;
        const words = new WordLog();
        const check = () => {
          forgetEncodings();
          vec.n = 0;
          wordsStart(words.version(), words);
          W(d);
          expect(Array.from(vec.a.subarray(0, vec.n))).toEqual(wordsOf(d));
        };
        check();
        for (const [op, a, b] of ops) {
          if (op === 0) {
            words.record(d, a);
            d[a] = b;
          } else words.undoTo(Math.max(0, words.n - a));
          check();
        }
      }), { numRuns: 1500, seed: 9 });
  });
});

describe('the undo log of word stores = page data copied on write, state by state', () => {
  // Between programs the event loop gets a turn (a long synchronous test starves vitest's RPC).
  const tick = () => new Promise((r) => setImmediate(r));

  it('on every example and mutex2', async () => {
    let n = 0;
    for (const [f, p] of examples()) {
      n += walk(f, p, 1, 40);
      await tick();
    }
    expect(n).toBeGreaterThan(500);
  }, 600_000);

  it('on random scenarios', async () => {
    let n = 0;
    for (const [where, p] of randoms(40, 17)) {
      n += walk(where, p, 5, 30);
      await tick();
    }
    expect(n).toBeGreaterThan(500);
  }, 600_000);
});

async function same(where: string, p: Program, o: ExploreOptions): Promise<boolean> {
  const fast = await explore(p, { ...o, wordLog: true, snapshotPool: true, shorten: false });
  const plain = await explore(p, { ...o, wordLog: false, snapshotPool: false, shorten: false });
  expectSameSearch(where, fast, plain);
  return plain.result !== 'incomplete';
}

describe('exploration with the undo log of word stores and the snapshot pool = without', () => {
  it('on every example, with and without reductions', async () => {
    let complete = 0;
    for (const [f, p] of examples()) {
      if (await same(f, p, { maxStates: 3000 })) complete++;
      await same(`${f} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false });
    }
    expect(complete).toBeGreaterThan(10);
  }, 600_000);

  it('on random scenarios', async () => {
    let complete = 0;
    for (const [where, p] of randoms(30, 7)) if (await same(where, p, { maxStates: 3000 })) complete++;
    expect(complete).toBeGreaterThan(5);
  }, 600_000);
});
