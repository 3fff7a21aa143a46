// Dead-register elimination for state hashing: a register that every path from here writes
// before it reads cannot influence the future, so two states that differ only in it are the
// same state. Classic backward liveness over each code unit's flat instructions
// (live_in = uses ∪ (live_out − def)), iterated to a fixpoint.

import type { CodeUnit, Program } from '../session/program';

/** live[unit][pc]: for each register slot, whether it is live on entry to that instruction. */
export type Liveness = boolean[][][];

function successors(u: CodeUnit, pc: number): number[] {
  const i = u.code[pc];
  switch (i.op) {
    case 'branch': return [pc + 1, i.target];
    case 'jump': return [i.target];
    case 'return': return [];
    default: return [pc + 1];
  }
}

function unitLiveness(u: CodeUnit): boolean[][] {
  const n = u.code.length;
  const live: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(u.frameSize).fill(false));
  for (let changed = true; changed; ) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      const ins = u.code[pc];
      const out = new Array<boolean>(u.frameSize).fill(false);
      for (const s of successors(u, pc)) if (s <= n) live[s].forEach((l, r) => l && (out[r] = true));
      if (ins.def >= 0) out[ins.def] = false;
      for (const r of ins.uses) out[r] = true;
      if (out.some((l, r) => l !== live[pc][r])) {
        live[pc] = out;
        changed = true;
      }
    }
  }
  return live;
}

export function liveness(p: Program): Liveness {
  return p.units.map(unitLiveness);
}
