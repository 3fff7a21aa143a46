// Canonical positions for blocked threads (issue #11). A running thread never rests on a jump that
// is not a step (an `else` skip, a loop's jump back to its test): the session moves it on to the
// target at once (session.ts normalize). A thread that blocks in the statement before such a jump
// rests on it until it wakes, and is moved on then. So a thread blocked at the jump and one blocked
// at its target have the same future: both encodings write the target (encode.ts, encode-hash.ts),
// and the two states are one. (The registers live at a jump are those live at its target:
// liveness.ts flows through it.)

import type { Program } from '../session/program';

const cache = new WeakMap<Program['units'], Int32Array[]>();

/** unit -> pc -> the pc the thread resumes at: past every jump that is not a step. */
export function canonicalPcs(program: Program): Int32Array[] {
  let c = cache.get(program.units);
  if (c) return c;
  c = program.units.map((u) => {
    const out = new Int32Array(u.code.length + 1);
    for (let pc = 0; pc <= u.code.length; pc++) {
      let p = pc;
      // A chain of jumps is at most as long as the code; a longer one would be a loop of jumps
      // that are not steps, which the compiler does not make (every loop has its test).
      for (let n = 0; n <= u.code.length; n++) {
        const ins = u.code[p];
        if (!ins || ins.op !== 'jump' || ins.step) break;
        p = ins.target;
      }
      out[pc] = p;
    }
    return out;
  });
  cache.set(program.units, c);
  return c;
}
