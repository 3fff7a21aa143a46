// A thread's copy-on-write against snapshots (session/threads.ts copyThread, popFrame; issue #11):
// the copy made at a thread's first write under a new epoch owns only its top frame, and the
// frames below stay shared with the snapshot until a return makes one the top frame. A write to
// a shared frame would change the snapshot (and every state restored from it) behind its back.
// - nested calls three and four deep, returning values (an explicit return, and the implicit one
//   at the end of a body, normalize), around a mutex3 lock whose futex_wait's value is delivered
//   to the top frame: explored exhaustively by snapshot and restore (by copy and in place, the
//   quiet steps on and off); after every step every snapshot on the path still holds its threads
//   as they were taken, and the live thread's own frames start at or below its top frame;
// - the states reached equal a run from scratch along the same schedule (encodeState), so a
//   frame copied too late or a write lost to a copy shows as a different state.
import { afterEach, describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionSnapshot } from '../../src/session/session';
import type { Program } from '../../src/session/program';
import { fastSteps } from '../../src/session/fast-step';
import { restoreInPlace } from '../../src/explore/restore';
import { encodeState, symmetryOf } from '../../src/explore/encode';
import { LOCKS, UNLOCK } from '../../bench/explore-models';

const NESTED = `scenario "nested calls"
${LOCKS.mutex3}

${UNLOCK}

fn bump(m) {
  fetch_add m + 12, 1
}

fn leaf(m, x) {
  let c = fetch_add m + 4, 1
  let z = bump(m)
  return c + x + z
}

fn mid(m, x) {
  lock(m)
  let a = leaf(m, x)
  let b = leaf(m, a)
  unlock(m)
  return a + b
}

fn worker(m, k) {
  let i = 0
  let s = k
  while i < 1 {
    let r = mid(m, i)
    s = s + r
    i = i + 1
  }
  fetch_add m + 8, s
}

process P {
  map mem = anon private rw pages 1
  thread t0 {
    worker(mem, 1)
  }
  thread t1 {
    worker(mem, 2)
  }
}
`;

function load(text: string): Program {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

/** A snapshot's threads, stamps and all: none of it may change once taken. */
const text = (snap: SessionSnapshot): string => JSON.stringify(snap.threads);

interface Counts { states: number; steps: number; deepest: number; sharedReturns: number }

/**
 * Every state of `p`, depth first by snapshot and restore; after every step, every snapshot on
 * the path is as it was taken and the state equals a fresh session run along the same schedule.
 */
function explore(p: Program, inPlace: boolean): Counts {
  const s = new Session(p, { schedule: 'fifo' });
  const sym = symmetryOf(p, false);
  const seen = new Set<string>();
  const path: { snap: SessionSnapshot; was: string }[] = [];
  const schedule: number[] = [];
  const counts: Counts = { states: 0, steps: 0, deepest: 0, sharedReturns: 0 };
  const replay = (): string => {
    const r = new Session(p, { schedule: 'fifo' });
    for (const tid of schedule) r.step(tid);
    return encodeState(r, sym);
  };
  const visit = (): void => {
    if (s.result !== null || !s.idle()) return;
    const key = encodeState(s, sym);
    if (seen.has(key)) return;
    seen.add(key);
    counts.states++;
    const snap = s.snapshot();
    path.push({ snap, was: text(snap) });
    for (const tid of s.runnable()) {
      if (inPlace) restoreInPlace(s, snap);
      else s.restore(snap);
      const before = s.threads[tid];
      const depth = before.frames.length;
      s.step(tid);
      counts.steps++;
      const th = s.threads[tid];
      counts.deepest = Math.max(counts.deepest, th.frames.length);
      // A return into a frame the copy shared with the snapshot: the case popFrame copies.
      if (th.frames.length < depth && th.frames.length >= 1 && th.frames[th.frames.length - 1] !== before.frames[th.frames.length - 1]) counts.sharedReturns++;
      for (const [i, at] of path.entries()) expect(text(at.snap), `snapshot ${i} of ${path.length}, after a step of thread ${tid}`).toBe(at.was);
      if (th.frames.length > 0) expect(th.ownFrom, `thread ${tid}: its top frame is its own`).toBeLessThanOrEqual(th.frames.length - 1);
      schedule.push(tid);
      if (counts.steps % 7 === 0) expect(encodeState(s, sym), `schedule ${schedule.join(',')}: the state a fresh run reaches`).toBe(replay());
      visit();
      schedule.pop();
    }
    path.pop();
  };
  visit();
  return counts;
}

describe('a thread copy shares the frames below its top one, never writing them', () => {
  afterEach(() => {
    fastSteps.enabled = true;
  });
  for (const quiet of [true, false]) {
    for (const inPlace of [false, true]) {
      it(`explored exhaustively, restore ${inPlace ? 'in place' : 'by copy'}, quiet steps ${quiet ? 'on' : 'off'}`, () => {
        fastSteps.enabled = quiet;
        const c = explore(load(NESTED), inPlace);
        expect(c.deepest).toBe(5); // the thread's block, worker, mid, leaf, bump
        expect(c.sharedReturns).toBeGreaterThan(500);
        expect(c.states).toBeGreaterThan(1000);
      }, 120_000);
    }
  }

  it('a snapshot at call depth 4 keeps its frames through the returns to depth 1', () => {
    const s = new Session(load(NESTED), { schedule: 'fifo' });
    while (s.threads[0].frames.length < 4) s.step(0);
    const snap = s.snapshot();
    const was = text(snap);
    const frames = snap.threads[0].frames.slice();
    while (s.threads[0].frames.length > 2 && s.result === null) s.step(0);
    expect(s.threads[0].frames.length).toBe(2); // back in worker after mid's return
    expect(text(snap)).toBe(was);
    expect(snap.threads[0].frames.every((f, i) => f === frames[i])).toBe(true);
    // The live thread copied the frames it returned into and still shares the thread's block.
    expect(s.threads[0].frames[1]).not.toBe(frames[1]);
    expect(s.threads[0].frames[0]).toBe(frames[0]);
    expect(s.threads[0].ownFrom).toBe(1);
  });
});
