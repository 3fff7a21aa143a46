// The kernel part replayed from a DFS node's kept part (explore/kernel-part.ts) against the kernel
// walked, issue #11:
// - at every state where a part is replayed, the check mode walks the kernel too and compares
//   the two int for int, page data array for array, and the tids named (it throws otherwise):
//   whole searches over every example and random scenarios, with and without reductions;
// - the same searches with the replay off give identical verdicts, failure kinds, schedules and
//   counts of states, transitions and schedules.
import { describe, it, expect, afterEach } from 'vitest';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore, type ExploreOptions } from '../../src/explore/search';
import { kernelPartReuse } from '../../src/explore/kernel-part';
import { loggedStores } from '../../src/session/fast-step';
import { mutexModel } from '../../bench/explore-models';
import { examplePrograms, randomPrograms as randoms, expectSameSearch } from './programs';

const examples = examplePrograms;



afterEach(() => {
  kernelPartReuse.enabled = true;
  kernelPartReuse.check = false;
  loggedStores.enabled = true;
});

/** Explore with the replay checked at every state, then without it; returns the replays made. */
async function same(where: string, p: Program, o: ExploreOptions): Promise<number> {
  kernelPartReuse.enabled = true;
  kernelPartReuse.check = true;
  const before = kernelPartReuse.replays;
  const fast = await explore(p, { ...o, shorten: false });
  const replays = kernelPartReuse.replays - before;
  kernelPartReuse.check = false;
  kernelPartReuse.enabled = false;
  const plain = await explore(p, { ...o, shorten: false });
  kernelPartReuse.enabled = true;
  expectSameSearch(where, fast, plain);
  return replays;
}

describe('kernel part replayed = kernel walked', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('on every example, with and without reductions', async () => {
    let replays = 0;
    for (const [f, p] of examples()) {
      replays += await same(f, p, { maxStates: 3000 });
      replays += await same(`${f} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false });
      await tick();
    }
    expect(replays).toBeGreaterThan(1000);
  }, 600_000);

  it('on random scenarios', async () => {
    let replays = 0;
    for (const [where, p] of randoms(40, 7)) {
      replays += await same(where, p, { maxStates: 3000 });
      replays += await same(`${where} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false });
      await tick();
    }
    // Few: most random scenarios keep a timer pending or a PI state (no part is kept then).
    expect(replays).toBeGreaterThan(20);
  }, 600_000);

  it('on the bench scenarios (mutex2, mutex3 with 3 threads), whole spaces', async () => {
    for (const kind of ['mutex2', 'mutex3'] as const) {
      const r = loadProgram(mutexModel(kind, 3), `${kind}.futex`);
      if (!r.ok) throw new Error('load');
      const replays = await same(kind, r.program, { symmetry: false, partialOrder: false });
      expect(replays, `${kind}: replays`).toBeGreaterThan(1000);
    }
  }, 600_000);
});

// Under the undo log, stores to pages of an older owner are quiet steps (fast-step.ts
// loggedStores), which is what makes most transitions of a lock loop replayable. State by state,
// test/explore/word-log.test.ts compares a session with the log (these quiet stores) with one
// without it; here whole searches with them and with the plain way's stores.
describe('quiet logged stores = stores the plain way', () => {
  async function sameStores(where: string, p: Program, o: ExploreOptions): Promise<void> {
    loggedStores.enabled = true;
    const fast = await explore(p, { ...o, shorten: false });
    loggedStores.enabled = false;
    const plain = await explore(p, { ...o, shorten: false });
    loggedStores.enabled = true;
    expectSameSearch(where, fast, plain);
  }

  it('on every example and random scenarios, and the bench scenarios', async () => {
    for (const [f, p] of examples()) await sameStores(f, p, { maxStates: 2000, symmetry: false, partialOrder: false });
    for (const [where, p] of randoms(20, 9)) await sameStores(where, p, { maxStates: 2000 });
    for (const kind of ['mutex2', 'mutex3'] as const) {
      const r = loadProgram(mutexModel(kind, 3), `${kind}.futex`);
      if (!r.ok) throw new Error('load');
      await sameStores(kind, r.program, { symmetry: false, partialOrder: false });
    }
  }, 600_000);
});
