// Kernel snapshots shared across quiet steps (search.ts shareQuiet, issue #11) against the plain
// search, where every state with two or more choices takes its own snapshot and every restore
// writes the whole kernel back:
// - state by state: at every restore that skips the kernel, the live kernel equals what a full
//   restore gives (the class's snapshot with the state's step count and clock), field by field
//   (search.ts quietShare.check), over every example and random scenarios, with and without
//   reductions;
// - whole searches: identical verdicts, failure kinds, counterexamples and counts of states,
//   transitions and schedules with the sharing on and off.
import { describe, it, expect, afterEach } from 'vitest';
import type { Program } from '../../src/session/program';
import type { KernelState } from '../../src/kernel/state';
import { explore, quietShare, type ExploreOptions } from '../../src/explore/search';
import { loadProgram } from '../../src/session/load';
import { examplePrograms, randomPrograms, differ, SIGNALLED, expectSameSearch } from './programs';

function signalled(): [string, Program] {
  const r = loadProgram(SIGNALLED, 'signalled.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return ['signalled.futex', r.program];
}

const tick = () => new Promise((r) => setImmediate(r));

/** Install the check; returns the count of restores it compared. */
function checking(where: () => string): { n: number } {
  const seen = { n: 0 };
  quietShare.check = (live: KernelState, base: KernelState, step: number, clock: number) => {
    seen.n++;
    const d = differ({ ...live, epoch: 0 }, { ...base, step, clock, epoch: 0 }, false);
    if (d !== null) throw new Error(`${where()}: restore ${seen.n} left the live kernel unlike a full restore at ${d}`);
  };
  return seen;
}

afterEach(() => {
  quietShare.check = null;
});

describe('a restore that skips the kernel leaves it as a full restore does', () => {
  const run = async (programs: [string, Program][], opts: ExploreOptions[]): Promise<number> => {
    let at = '';
    const seen = checking(() => at);
    for (const [f, p] of programs) {
      for (const o of opts) {
        at = `${f} ${JSON.stringify(o)}`;
        await explore(p, { ...o, shorten: false });
      }
      await tick();
    }
    return seen.n;
  };

  it('on every example, with and without reductions', async () => {
    const n = await run([signalled(), ...examplePrograms()], [{ maxStates: 3000 }, { maxStates: 3000, symmetry: false, partialOrder: false, flat: false }]);
    expect(n).toBeGreaterThan(1000);
  }, 600_000);

  it('on random scenarios', async () => {
    const n = await run(randomPrograms(40, 17), [{ maxStates: 2000 }, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false }]);
    expect(n).toBeGreaterThan(200);
  }, 600_000);
});

async function same(where: string, p: Program, o: ExploreOptions): Promise<boolean> {
  const fast = await explore(p, { ...o, shorten: false });
  const plain = await explore(p, { ...o, shareQuiet: false, shorten: false });
  expectSameSearch(where, fast, plain);
  return plain.result !== 'incomplete';
}

describe('exploration with shared kernel snapshots = without', () => {
  it('on every example, with and without reductions', async () => {
    let complete = 0;
    for (const [f, p] of examplePrograms()) {
      if (await same(f, p, { maxStates: 3000 })) complete++;
      await same(`${f} (no reductions)`, p, { maxStates: 2000, symmetry: false, partialOrder: false, flat: false });
      await tick();
    }
    expect(complete).toBeGreaterThan(10);
  }, 600_000);

  it('on random scenarios', async () => {
    let complete = 0;
    for (const [where, p] of randomPrograms(30, 23)) if (await same(where, p, { maxStates: 3000 })) complete++;
    expect(complete).toBeGreaterThan(5);
  }, 600_000);
});
