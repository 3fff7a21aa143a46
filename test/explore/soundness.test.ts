// Soundness of the explorer's reductions (issue #11): exhaustive search must never say "no
// failure" for a program whose failure a single schedule (found by random mode) shows.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { randomExplore } from '../../src/explore/random';
import { replay } from '../../src/explore/trace';

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

// Two threads with the same code shape but a different constant in the assert. Only the thread
// checking `v != 1` can fail, and only after the other has stored 1: thread symmetry that takes
// them for twins merges "a done" with "b done" and loses that schedule.
const twinsButOneConstant = (ka: number, kb: number) =>
  `process P {\n  map m = anon private rw pages 1\n` +
  `  thread a {\n    let v = load m\n    assert v != ${ka}, "saw the other store"\n    store m, 1\n  }\n` +
  `  thread b {\n    let v = load m\n    assert v != ${kb}, "saw the other store"\n    store m, 1\n  }\n}\n`;

describe('thread symmetry compares what the code does, not its source text', () => {
  for (const [ka, kb] of [[1, 5], [5, 1]]) {
    it(`threads differing only in one constant (${ka} / ${kb}) are not merged`, async () => {
      const p = program(twinsButOneConstant(ka, kb));
      const rnd = await randomExplore(p, { mode: 'random', runs: 200, seed: 1, depth: 3 });
      expect(rnd.result).toBe('counterexample');
      const sym = await explore(p, { symmetry: true });
      expect(sym.result).toBe('counterexample');
      expect(sym.symmetricThreads).toBe(0);
      expect(sym.failure!.kind).toBe('assert-failed');
      const s = replay(p, { schedule: sym.failure!.schedule });
      expect(s.result).toBe('assert-failed');
    });
  }
  it('threads with truly identical code still form a class', async () => {
    const p = program(twinsButOneConstant(7, 7));
    const r = await explore(p, { symmetry: true });
    expect(r.symmetricThreads).toBe(2);
    expect(r.result).toBe('ok');
  });
});

// Two writers race on a file page; once both are done a checker has reclaim write the page back
// and reads it in again. The last writer's value is on disk only: a state that leaves the disk
// blocks out merges the two orders after the reclaim and loses one of them.
const writtenBack = (bad: number) =>
  `file db pages 1\n\nprocess P {\n  map p = file db shared rw pages 1\n  map f = anon private rw pages 1\n` +
  `  thread w1 {\n    store p, 1\n    fetch_add f, 1\n  }\n` +
  `  thread w2 {\n    store p, 2\n    fetch_add f, 1\n  }\n` +
  `  thread c {\n    let n = load f\n    while n != 2 {\n      yield\n      n = load f\n    }\n    reclaim\n` +
  `    let v = load p\n    assert v != ${bad}, "the disk block held ${bad}"\n  }\n}\n`;

describe('written-back disk blocks are part of a state', () => {
  for (const bad of [1, 2]) {
    it(`the order that leaves ${bad} on disk is explored (symmetry and partial order off)`, async () => {
      const p = program(writtenBack(bad));
      const r = await explore(p, { symmetry: false, partialOrder: false });
      expect(r.result).toBe('counterexample');
      expect(r.failure!.kind).toBe('assert-failed');
      expect(replay(p, { schedule: r.failure!.schedule }).result).toBe('assert-failed');
    });
  }
});

// Every step moves the clock: taking the setter's register-only steps first (the reduction's
// forced local steps) delayed the sleep, so the sleeper always woke after the store and the
// default search said "no failure" (found by a probe of new scenarios, session 15).
const TIMED = {
  sleep: `process P {\n  map w = anon private rw pages 1\n  thread sleeper {\n    sleep 2\n    let v = load w\n    assert v == 1, "flag not yet set"\n  }\n` +
    `  thread setter {\n    let i = 0\n    i = i + 1\n    i = i + 1\n    i = i + 1\n    store w, 1\n  }\n}\n`,
  timeout: `process P {\n  map w = anon private rw pages 1\n  thread waiter {\n    let r = futex_wait(w, 0, timeout 4, private)\n    let v = load w\n    assert v == 1, "timed out before the flag"\n  }\n` +
    `  thread setter {\n    let i = 0\n    i = i + 1\n    i = i + 1\n    store w, 1\n    futex_wake(w, 1, private)\n  }\n}\n`,
};

describe('register-only steps do not commute with a timer', () => {
  for (const [name, text] of Object.entries(TIMED)) {
    it(`${name}: the default search finds what random mode finds, and the counterexample replays`, async () => {
      const p = program(text);
      const rnd = await randomExplore(p, { mode: 'random', runs: 200, seed: 1, depth: 20 });
      expect(rnd.result).toBe('counterexample');
      const r = await explore(p, {});
      expect(r.result).toBe('counterexample');
      expect(r.failure!.kind).toBe('assert-failed');
      expect(replay(p, { schedule: r.failure!.schedule }).result).toBe('assert-failed');
    });
  }
});
