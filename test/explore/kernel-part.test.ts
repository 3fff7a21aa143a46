// States hashed from kept hashes (explore/kernel-part.ts: the parent's kernel part; encode-hash.ts:
// the parent's thread hashes) against states hashed from scratch, issue #11:
// - at every state hashed from kept hashes, the check mode hashes it again from scratch and
//   compares the two part by part (it throws otherwise): whole searches over every example and
//   random scenarios, with and without reductions;
// - the same searches with both reuses off give identical verdicts, failure kinds, schedules and
//   counts of states, transitions and schedules;
// - the check catches a kept hash that is wrong (a mutation of it).
import { describe, it, expect, afterEach } from 'vitest';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore, type ExploreOptions } from '../../src/explore/search';
import { kernelPartReuse, PartArena } from '../../src/explore/kernel-part';
import { hashState, keepHashes, type Parent } from '../../src/explore/encode-hash';
import { symmetryOf } from '../../src/explore/encode';
import { Session } from '../../src/session/session';
import { loggedStores } from '../../src/session/fast-step';
import { mutexModel } from '../../bench/explore-models';
import { examplePrograms, randomPrograms as randoms, expectSameSearch } from './programs';

const examples = examplePrograms;



afterEach(() => {
  kernelPartReuse.check = false;
  loggedStores.enabled = true;
});

/**
 * Explore hashing from kept hashes, checked at every state, then from scratch (reuseHashes off);
 * returns the parts reused. Counts the thread hashes kept across steps that touched the kernel in
 * `across`, and the vm parts (kernel/vm-stamp.ts) kept across them in `vmAcross`.
 */
let across = 0;
let vmAcross = 0;
async function same(where: string, p: Program, o: ExploreOptions): Promise<number> {
  kernelPartReuse.check = true;
  const before = kernelPartReuse.replays;
  const beforeAcross = kernelPartReuse.threadsAcross;
  const beforeVm = kernelPartReuse.groupsAcross;
  const fast = await explore(p, { ...o, shorten: false });
  const replays = kernelPartReuse.replays - before;
  across += kernelPartReuse.threadsAcross - beforeAcross;
  vmAcross += kernelPartReuse.groupsAcross - beforeVm;
  kernelPartReuse.check = false;
  const plain = await explore(p, { ...o, shorten: false, reuseHashes: false });
  expectSameSearch(where, fast, plain);
  return replays;
}

describe('hashed from kept hashes = hashed from scratch', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('on every example, with and without reductions', async () => {
    let replays = 0;
    across = 0;
    vmAcross = 0;
    for (const [f, p] of examples()) {
      replays += await same(f, p, { maxStates: 3000 });
      replays += await same(`${f} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false });
      await tick();
    }
    expect(replays).toBeGreaterThan(1000);
    expect(across).toBeGreaterThan(1000);
    expect(vmAcross).toBeGreaterThan(1000);
  }, 600_000);

  it('without the undo log of word stores (groups kept, page data copied on write)', async () => {
    vmAcross = 0;
    for (const [f, p] of examples()) {
      await same(`${f} (no reductions, no undo log)`, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false, wordLog: false });
      await tick();
    }
    expect(vmAcross).toBeGreaterThan(1000);
  }, 600_000);

  it('on random scenarios', async () => {
    let replays = 0;
    vmAcross = 0;
    for (const [where, p] of randoms(40, 7)) {
      replays += await same(where, p, { maxStates: 3000 });
      replays += await same(`${where} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false });
      await tick();
    }
    // Few: most random scenarios keep a timer pending or a PI state (no part is kept then).
    expect(replays).toBeGreaterThan(20);
    expect(vmAcross).toBeGreaterThan(100);
  }, 600_000);

  it('on the bench scenarios (mutex2, mutex3 with 3 threads), whole spaces', async () => {
    for (const kind of ['mutex2', 'mutex3'] as const) {
      const r = loadProgram(mutexModel(kind, 3), `${kind}.futex`);
      if (!r.ok) throw new Error('load');
      across = 0;
      vmAcross = 0;
      const replays = await same(kind, r.program, { symmetry: false, partialOrder: false, flat: false });
      expect(replays, `${kind}: replays`).toBeGreaterThan(1000);
      expect(across, `${kind}: thread hashes kept across kernel steps`).toBeGreaterThan(1000);
      expect(vmAcross, `${kind}: groups kept across kernel steps`).toBeGreaterThan(1000);
    }
  }, 600_000);
});

describe('the check mode', () => {
  it("catches a kept thread hash that is not the thread's", () => {
    const r = loadProgram(mutexModel('mutex3', 3), 'm.futex');
    if (!r.ok) throw new Error('load');
    const s = new Session(r.program, { schedule: 'fifo' });
    const sym = symmetryOf(r.program, false);
    const out = new Int32Array(2);
    hashState(s, sym, out);
    const arena = new PartArena();
    const off = keepHashes(arena, s);
    expect(off).toBe(0);
    kernelPartReuse.check = true;
    // Kept as they are, the hashes pass: no thread stepped, the state is the one they came from.
    const again = new Int32Array(2);
    const parent: Parent = { part: null, buf: arena.buf, off, n: s.threads.length, pagesSame: false, groups: null };
    hashState(s, sym, again, parent);
    expect([...again]).toEqual([...out]);
    // Thread 1's kept stamp changed: its hash is made again, and is right.
    arena.buf[off + 6 + 2] ^= 1;
    hashState(s, sym, again, parent);
    expect([...again]).toEqual([...out]);
    arena.buf[off + 6 + 2] ^= 1;
    // Thread 1's kept hash changed by one bit, its stamps still the live ones: the check names it.
    arena.buf[off + 6] ^= 1;
    expect(() => hashState(s, sym, again, parent)).toThrow(/thread 1's hash differs/);
    // Without the check, the wrong hash gives another state's hash (which is what the check is for).
    kernelPartReuse.check = false;
    hashState(s, sym, again, parent);
    expect([...again]).not.toEqual([...out]);
  });
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
    for (const [f, p] of examples()) await sameStores(f, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false });
    for (const [where, p] of randoms(20, 9)) await sameStores(where, p, { maxStates: 2000 });
    for (const kind of ['mutex2', 'mutex3'] as const) {
      const r = loadProgram(mutexModel(kind, 3), `${kind}.futex`);
      if (!r.ok) throw new Error('load');
      await sameStores(kind, r.program, { symmetry: false, partialOrder: false, flat: false });
    }
  }, 600_000);
});
