// A thread's local state as ints (issue #11), one part of a state's identity (encode-hash.ts):
// its task's part (encode-vec.ts writeTask), then its frames: each frame's unit class, its pc
// where a blocked thread resumes (position.ts), its live registers and its return slot, then
// the register awaiting the blocking call's value. Dead registers are written as 0 (absent), so
// states that differ only in values no future step reads are one state.

import type { Session } from '../session/session';
import type { ThreadState } from '../session/interp';
import type { SymmetryInfo } from './encode';
import { writeTask } from './encode-vec';
import { vec, P, N, ESC, reserve } from './vec';

/** Write thread `th`'s local state into the vector; `canon`: where each pc resumes (position.ts canonicalPcs). */
export function writeLocal(s: Session, th: ThreadState, sym: SymmetryInfo, canon: Int32Array[]): void {
  const k = s.k;
  const t = k.s.tasks[th.tid];
  writeTask(k.s, th.tid, th.pendingSlot === -2 && t.state === 'runnable');
  const frames = th.frames;
  if (!framesFast.enabled) return writeFramesPlain(th, sym, canon);
  // The same ints as writeFramesPlain, stored straight into the vector: room for the most a
  // frame takes (a number is at most 4 ints, vec.ts N; pcs and slots are int32 and take 1).
  reserve(2);
  let a = vec.a;
  let n = vec.n;
  a[n++] = frames.length;
  for (let fi = 0; fi < frames.length; fi++) {
    const f = frames[fi];
    const regs = f.regs;
    const room = 5 + 5 * regs.length;
    if (n + room > a.length) {
      vec.n = n;
      reserve(room);
      a = vec.a;
    }
    const pc = canon[f.unit][f.pc]; // a blocked thread resting on a jump: where it resumes (position.ts)
    const live = sym.live[f.unit][pc];
    const dead = fi < frames.length - 1 ? frames[fi + 1].retSlot : th.pendingSlot;
    a[n++] = sym.unitClass[f.unit];
    a[n++] = pc;
    a[n++] = regs.length;
    for (let r = 0; r < regs.length; r++) {
      if (live && live[r] && r !== dead) {
        a[n++] = 1;
        const v = regs[r];
        if ((v | 0) === v && v !== ESC) a[n++] = v;
        else {
          vec.n = n;
          N(v);
          a = vec.a;
          n = vec.n;
        }
      } else a[n++] = 0;
    }
    a[n++] = f.retSlot;
  }
  a[n++] = th.pendingSlot;
  vec.n = n;
}

/** `enabled = false`: frames written int by int through P and N (the plain version, test/explore/encode-fast.test.ts). */
export const framesFast = { enabled: true };

function writeFramesPlain(th: ThreadState, sym: SymmetryInfo, canon: Int32Array[]): void {
  const frames = th.frames;
  P(frames.length);
  for (let fi = 0; fi < frames.length; fi++) {
    const f = frames[fi];
    const pc = canon[f.unit][f.pc]; // a blocked thread resting on a jump: where it resumes (position.ts)
    const live = sym.live[f.unit][pc];
    const dead = fi < frames.length - 1 ? frames[fi + 1].retSlot : th.pendingSlot;
    P(sym.unitClass[f.unit]);
    N(pc);
    const regs = f.regs;
    P(regs.length);
    for (let r = 0; r < regs.length; r++) {
      if (live && live[r] && r !== dead) { P(1); N(regs[r]); } else P(0);
    }
    N(f.retSlot);
  }
  N(th.pendingSlot);
}
