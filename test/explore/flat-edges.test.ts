// The flat machine (src/explore/flat-*.ts) against the interpreter's search on edge cases found by
// probing (each failed before its fix): the same verdict, counterexample and counts with the
// reductions off, the same verdict and no more states with them on.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore } from '../../src/explore/search';
import { expectSameSearch } from './programs';
import { replayVerdict } from '../../src/explore/trace';

function program(text: string): Program {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

const OFF = { symmetry: false, partialOrder: false } as const;

async function compare(where: string, text: string, flat = true): Promise<void> {
  const p = program(text);
  const a = await explore(p, OFF);
  expect(a.flat, `${where}: flat`).toBe(flat ? true : undefined);
  expectSameSearch(where, a, await explore(p, { ...OFF, flat: false }));
  const on = await explore(p, {});
  const onInterp = await explore(p, { flat: false });
  expect([on.result, on.failure?.kind], `${where} with reductions`).toEqual([onInterp.result, onInterp.failure?.kind]);
  expect(on.states, `${where} with reductions: no more states`).toBeLessThanOrEqual(onInterp.states);
}

describe('flat machine edge cases', () => {
  it('functions of one body but different frame sizes (an unused parameter): frames told apart as the encoders do, the parameter dead', async () => {
    await compare('unused parameter', `fn f(w) {
  store w + 8, 1
  store w + 8, 0
}
fn g(w, b) {
  store w + 8, 1
  store w + 8, 0
}
process P {
  map m = anon private rw pages 1
  thread a {
    let i = 0
    while i < 3 {
      let x = load m + 4
      g(m, x)
      i = i + 1
    }
  }
  thread b {
    f(m)
    store m + 4, 1
    store m + 4, 2
    store m + 4, 0
  }
}
`);
  });

  // Two threads spinning forever on loads: with thread-local steps each loop is one transition
  // back to the same state, unfair alone (the other thread runnable, not stepping), fair together.
  // Both engines said "no failure: the space is exhausted" with the default reductions.
  const SPIN = (a: string, b: string) => `process P {
  map m = anon private rw pages 2
  store m, 0
  thread t0 {
    while 1 {
      let z = load ${a}
      if z != 0 { break }
    }
  }
  thread t1 {
    while 1 {
      let z = load ${b}
      if z != 0 { break }
    }
  }
}
`;
  for (const [what, text] of [
    ['two threads spinning on words never written (cycles of one transition at one state)', SPIN('m + 8', 'm + 4096')],
    ['twins spinning on one word (the twin reduction never steps the second)', SPIN('m + 8', 'm + 8')],
  ] as const) {
    it(`${what}: a livelock with every reduction, in both engines, and it replays`, async () => {
      const p = program(text);
      for (const opts of [{}, { partialOrder: false }, OFF]) {
        for (const flat of [true, false]) {
          const r = await explore(p, { ...opts, flat });
          const where = `${JSON.stringify(opts)} flat ${flat}`;
          expect([r.result, r.failure?.kind], where).toEqual(['counterexample', 'livelock']);
          expect(replayVerdict(p, { schedule: r.failure!.schedule })?.kind, `${where}: replays`).toBe('livelock');
        }
      }
    });
  }

  // Known: the interpreter's state holds page frame numbers and the zero page's mappings, the flat
  // one not (docs/explore.md "Where the counts differ"): fewer states, the same verdicts.
  it('pages first touched in either order, or first read: fewer flat states, the same verdicts, replayable livelocks', async () => {
    for (const text of [`process P {
  map m = anon private rw pages 1
  map s = anon private rw pages 1
  thread a {
    store m, 1
    let x = load m + 4
  }
  thread b {
    store s, 1
    let y = load s + 4
    assert y == 0, "y"
  }
}
`, `process P {
  map m = anon private rw pages 1
  thread a {
    while 1 {
      let x = load m
      if x == 1 { break }
    }
  }
  thread b {
    let y = load m + 4
    store m + 4, y + 1
  }
}
`]) {
      const p = program(text);
      for (const opts of [OFF, {}]) {
        const a = await explore(p, opts);
        const b = await explore(p, { ...opts, flat: false });
        expect(a.flat).toBe(true);
        expect([a.result, a.failure?.kind]).toEqual([b.result, b.failure?.kind]);
        expect(a.states).toBeLessThanOrEqual(b.states);
        if (a.failure?.kind === 'livelock') expect(replayVerdict(p, { schedule: a.failure.schedule })?.kind).toBe('livelock');
      }
    }
  });
});
