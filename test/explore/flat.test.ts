// The flat machine against the interpreter's search (issue #11: "a reduction, cache or fast path
// is only as good as the differential test that compares it with the plain version"). The flat
// search (src/explore/flat-search.ts) must give the interpreter's verdict, failure kind and counts
// on every program of its class, hand back every program or step outside it, and its
// counterexamples must replay.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore } from '../../src/explore/search';
import { flatStats } from '../../src/explore/flat-search';
import { replay } from '../../src/explore/trace';
import { failureOf } from '../../src/explore/failure';
import { mutexModel } from '../../bench/explore-models';
import { expectSameSearch } from './programs';
import { flatBody, flatScenario, flatTwins } from './flat-scenario';

function program(text: string): Program {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

const OFF = { symmetry: false, partialOrder: false } as const;

describe('the flat machine searches what the interpreter searches', () => {
  for (const kind of ['mutex2', 'mutex3'] as const) {
    for (const n of [2, 3]) {
      it(`${kind}, ${n} threads: same verdict, states, transitions and schedules`, async () => {
        const p = program(mutexModel(kind, n));
        const flat = await explore(p, OFF);
        const plain = await explore(p, { ...OFF, flat: false });
        expect(flat.flat).toBe(true);
        expect(plain.flat).toBeUndefined();
        expectSameSearch(`${kind} ${n}`, flat, plain);
      });
    }
  }

  it('random programs of its class: the same search, and every counterexample replays', async () => {
    let taken = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(flatBody, { minLength: 2, maxLength: 3 }), fc.boolean(), async (bodies, shared) => {
        const p = program(flatScenario(bodies, shared));
        const before = flatStats.searches - flatStats.fallbacks;
        const flat = await explore(p, { ...OFF, maxStates: 20_000 });
        const plain = await explore(p, { ...OFF, maxStates: 20_000, flat: false });
        if (flat.flat) taken++;
        else expect(flatStats.searches - flatStats.fallbacks).toBe(before); // handed back whole
        expectSameSearch(`${shared ? 'shared' : 'private'}: ${bodies.join(' || ')}`, flat, plain);
        if (flat.failure && flat.failure.kind !== 'livelock') {
          failures++;
          const s = replay(p, { schedule: flat.failure.schedule });
          expect(s.result === 'assert-failed' ? 'assert-failed' : s.result === 'deadlock' ? 'deadlock' : s.result).toBe(flat.failure.kind);
        }
      }),
      { numRuns: 160, seed: 11 },
    );
    // The generator exercises both: most programs run flat, and failures are found.
    expect(taken).toBeGreaterThan(60);
    expect(failures).toBeGreaterThan(10);
  }, 120_000);
});

describe('with the default reductions (symmetry, twins, thread-local steps)', () => {
  for (const kind of ['mutex2', 'mutex3'] as const) {
    it(`${kind}, 2 to 6 threads: the interpreter's verdict, no more states (mutex3: the same search)`, async () => {
      for (let n = 2; n <= 6; n++) {
        const p = program(mutexModel(kind, n));
        const flat = await explore(p, {});
        const interp = await explore(p, { flat: false });
        expect(flat.flat).toBe(true);
        expect(flat.symmetricThreads).toBe(interp.symmetricThreads);
        if (kind === 'mutex3') expectSameSearch(`${kind} ${n}`, flat, interp);
        expect(flat.result).toBe('ok');
        expect(flat.states).toBeLessThanOrEqual(interp.states);
      }
    });
  }

  it('random programs, many with identical threads: the verdicts and failure kinds of the interpreter with and without reductions, no more states', async () => {
    let symmetric = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(flatTwins, fc.array(flatBody, { minLength: 2, maxLength: 3 })), fc.boolean(), async (bodies, shared) => {
        const p = program(flatScenario(bodies, shared));
        const flat = await explore(p, { maxStates: 20_000 });
        const interp = await explore(p, { maxStates: 20_000, flat: false });
        const plain = await explore(p, { ...OFF, maxStates: 20_000, flat: false });
        const where = `${shared ? 'shared' : 'private'}: ${bodies.join(' || ')}`;
        if (flat.symmetricThreads > 0) symmetric++;
        expect(flat.symmetricThreads, where).toBe(interp.symmetricThreads);
        if (flat.failure && flat.failure.kind !== 'livelock') {
          failures++;
          expect(failureOf(replay(p, { schedule: flat.failure.schedule }))?.kind, `${where}: the counterexample replays`).toBe(flat.failure.kind);
        }
        if (flat.result === 'incomplete' || interp.result === 'incomplete' || plain.result === 'incomplete') return;
        expect(flat.result, where).toBe(interp.result);
        expect(flat.result, where).toBe(plain.result);
        expect(flat.failure?.kind, where).toBe(interp.failure?.kind);
        if (flat.result === 'ok') expect(flat.states, where).toBeLessThanOrEqual(interp.states);
      }),
      { numRuns: 160, seed: 12 },
    );
    expect(symmetric).toBeGreaterThan(40);
    expect(failures).toBeGreaterThan(10);
  }, 120_000);
});

describe('the examples', () => {
  it('every example in the class: the same search as the interpreter', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    let flat = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      const a = await explore(r.program, { ...OFF, maxStates: 3000 });
      if (!a.flat) continue;
      flat++;
      expectSameSearch(f, a, await explore(r.program, { ...OFF, maxStates: 3000, flat: false }));
      const on = await explore(r.program, { maxStates: 3000 });
      const onInterp = await explore(r.program, { maxStates: 3000, flat: false });
      expect(on.flat).toBe(true);
      if (on.result !== 'incomplete' && onInterp.result !== 'incomplete') {
        expect([on.result, on.failure?.kind], `${f} with reductions`).toEqual([onInterp.result, onInterp.failure?.kind]);
      }
    }
    expect(flat).toBeGreaterThan(0);
  }, 120_000);
});

describe('what the flat machine hands back', () => {
  it('a step outside its class (an unaligned store) hands the search to the interpreter, whole', async () => {
    const p = program(flatScenario(['store m, 1\n    store m + 2, 1', 'let x = load m']));
    const fallbacks = flatStats.fallbacks;
    const r = await explore(p, OFF);
    expect(flatStats.fallbacks).toBe(fallbacks + 1);
    expect(flatStats.lastFallback).toBe('address');
    expect(r.flat).toBeUndefined();
    expectSameSearch('unaligned', r, await explore(p, { ...OFF, flat: false }));
  });

  it('a path printing past max_output hands the search back (the interpreter cuts it there)', async () => {
    const p = program(`option max_output = 12\n${flatScenario(['print "a long line"\n    print "and another"', 'store m, 1'])}`);
    const r = await explore(p, OFF);
    expect(flatStats.lastFallback).toBe('max_output');
    expect(r.flat).toBeUndefined();
    expect(r.cut?.maxOutput).toBeGreaterThan(0);
    expectSameSearch('max_output', r, await explore(p, { ...OFF, flat: false }));
  });

  it('private and shared futex ops together, a second process, another strategy, DPOR, bounds or exact keys: not flat at all', async () => {
    const mixed = program(flatScenario(['futex_wake(m, 1)', 'let x = load m']));
    expect((await explore(mixed, OFF)).flat).toBeUndefined();
    const two = program(`process A {\n  map m = anon private rw pages 1\n  thread a {\n    store m, 1\n  }\n}\nprocess B {\n  map m = anon private rw pages 1\n  thread b {\n    store m, 1\n  }\n}\n`);
    expect((await explore(two, OFF)).flat).toBeUndefined();
    const mutex = program(mutexModel('mutex3', 2));
    expect((await explore(mutex, { dpor: true })).flat).toBeUndefined();
    expect((await explore(mutex, { maxDepth: 40 })).flat).toBeUndefined();
    expect((await explore(mutex, { exact: true })).flat).toBeUndefined();
    expect((await explore(mutex, { ...OFF, strategy: 'gorman-2013' })).flat).toBeUndefined();
  });
});
