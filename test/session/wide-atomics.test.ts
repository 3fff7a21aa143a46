// fetch_add and fetch_sub with an operand wider than 32 bits: the word is 32 bits, so only the
// operand's low 32 bits count. The sum in doubles rounded away the bits that stay past 2^53
// (found by a probe against C through `futexlab diff`, session 15). Both the fast steps and the
// plain interpreter (fast-step.ts, interp.ts), with the operand a constant and a register.
import { describe, it, expect, afterEach } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { fastSteps } from '../../src/session/fast-step';

const TEXT = `process P {
  map w = anon private rw pages 1
  thread t {
    store w, 2
    fetch_add w, 9007199254740991
    let x = load w
    store w, 5
    let d = 1 << 60
    fetch_add w, d
    let y = load w
    store w, -2
    fetch_sub w, 9007199254740991
    let z = load w
    let e = 9007199254740991
    store w, 2
    fetch_add w, e
    let u = load w
    print x, y, z, u
  }
}`;

afterEach(() => {
  fastSteps.enabled = true;
});

describe('fetch_add / fetch_sub with wide operands', () => {
  for (const fast of [true, false]) {
    it(`add the operand's low 32 bits (fast steps ${fast ? 'on' : 'off'}), as C does: 1 5 -1 1`, () => {
      fastSteps.enabled = fast;
      const r = loadProgram(TEXT, 'w.futex');
      if (!r.ok) throw new Error('does not load');
      const s = new Session(r.program, {});
      expect(s.run()).toBe('ok');
      expect(s.output.map((o) => o.text)).toEqual(['1 5 -1 1']);
    });
  }
});
