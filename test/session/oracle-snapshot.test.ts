// A snapshot's oracle shares one empty Set, array or PI oracle among all snapshots that hold
// nothing there (session/oracle.ts snapshotOracle, issue #11). That is sound only if nothing ever
// writes into those shared empties: a snapshot's oracle is read, or adopted as the live one after
// adoptOracle gives it containers of its own. Checked here:
// - field by field, a snapshot's oracle equals the plain copy (cloneOracle);
// - a snapshot adopted by a consuming restore, then written by the steps that follow (a wrong
//   wake-up's anomaly, a dead mm life), leaves the shared empties empty;
// - whole searches over every example and random scenarios, with every way of restoring
//   (in place, by copy, DPOR), leave them empty.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { cloneOracle, sharedEmptiesWritten, snapshotOracle } from '../../src/session/oracle';
import { explore } from '../../src/explore/search';
import { examplePrograms, randomPrograms } from '../explore/programs';

function load(file: string) {
  const r = loadProgram(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8'), file);
  if (!r.ok) throw new Error(`load ${file}`);
  return r.program;
}

describe("a snapshot's oracle with shared empty containers", () => {
  it('equals the plain copy, field by field, at every step of every example', () => {
    for (const [f, p] of examplePrograms()) {
      const s = new Session(p, { schedule: 'fifo' });
      for (let i = 0; i < 200 && s.step(); i++) {
        const a = snapshotOracle(s.oracle);
        const b = cloneOracle(s.oracle);
        expect(a, `${f} step ${i}`).toEqual(b);
      }
    }
  });

  it('is given containers of its own when a restore adopts it', () => {
    // The wrong wake-up after fork: the run ends with an anomaly written into the live oracle.
    const p = load('cow-fork-wrong-wakeup.futex');
    const s = new Session(p, { schedule: 'fifo', strategy: 'pinned-page' });
    const snap = s.snapshot();
    expect(snap.oracle.anomalies.length).toBe(0);
    s.restore(snap, true);
    s.run();
    expect(s.oracle.anomalies.length).toBeGreaterThan(0);
    expect(sharedEmptiesWritten()).toBe(false);
    // A later snapshot of an empty oracle is still empty.
    const fresh = new Session(p, { schedule: 'fifo' }).snapshot();
    expect(fresh.oracle.anomalies).toEqual([]);
  });

  it('is never written by whole searches (restores in place, by copy, DPOR)', async () => {
    const programs = [...examplePrograms(), ...randomPrograms(15, 21)];
    for (const [where, p] of programs) {
      for (const o of [{ maxStates: 1500 }, { maxStates: 1500, restore: 'clone' as const, symmetry: false, partialOrder: false, flat: false }, { maxStates: 1500, dpor: true }]) {
        await explore(p, { ...o, shorten: false });
        expect(sharedEmptiesWritten(), `${where.split('\n')[0]} ${JSON.stringify(o)}`).toBe(false);
      }
    }
  }, 600_000);
});
