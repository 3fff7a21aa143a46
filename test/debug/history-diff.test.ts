// Differential test of the history (src/debug/history.ts, issue 9): the state after goto(n) —
// restore a checkpoint, replay the recorded choices — equals the state of a fresh run to step n
// that makes the same choices, compared on the kernel's projection (kernel/snapshot.ts, the
// views' data), the last futex call included (the history keeps it where the restored event log
// cannot say it). Random scenarios (test/kernel/random-scenario.ts) and the examples, with
// checkpoints every few steps and gotos back and forth in random order.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { History } from '../../src/debug/history';
import { kernelView } from '../../src/kernel/snapshot';
import type { Program } from '../../src/session/program';
import { scenario, thread } from '../kernel/random-scenario';
import { mutex3Scenario } from '../../bench/mutex3';

/** The projection compared: the views' data, with the last futex call as the adapter reports it. */
function projection(s: Session, op: unknown): string {
  const v = kernelView(s.k, true);
  return JSON.stringify({ ...v, lastFutexOp: v.lastFutexOp ?? op, steps: s.steps, result: s.result });
}

/** The recorded run: `limit` steps, some forced to a random runnable thread. */
function record(program: Program, limit: number, rand: () => number, every = 8, budget?: number): { s: Session; h: History; forced: (number | null)[] } {
  const s = new Session(program, {});
  const h = new History(s, () => undefined, { every: Math.min(4, every), maxEvery: every, budget });
  const forced: (number | null)[] = [];
  for (let i = 0; i < limit; i++) {
    const runnable = s.runnable();
    const pick = runnable.length > 1 && rand() < 0.3 ? runnable[Math.floor(rand() * runnable.length)] : null;
    if (!(pick === null ? s.step() : s.step(pick))) {
      h.recordEnd();
      break;
    }
    forced.push(pick);
    h.record(pick !== null);
  }
  return { s, h, forced };
}

/** A fresh run to step n with the same choices (at the end of a finished run, the step that found it over). */
function fresh(program: Program, forced: (number | null)[], n: number, finished = false): string {
  const s = new Session(program, {});
  for (let i = 0; i < n; i++) {
    const c = forced[i];
    if (c === null || c === undefined ? !s.step() : !s.step(c)) break;
  }
  if (finished && n === forced.length) s.step();
  return projection(s, null);
}

function check(program: Program, seed: number, limit: number, gotos: number): number {
  let x = seed >>> 0 || 1;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const { s, h, forced } = record(program, limit, rand);
  const n = forced.length;
  for (let i = 0; i < gotos; i++) {
    const target = Math.floor(rand() * (n + 1));
    h.goto(target);
    expect(projection(s, h.futexOp), `goto ${target} of ${n} (seed ${seed})`).toBe(fresh(program, forced, target, h.finished));
  }
  return n;
}

function load(text: string, name: string): Program {
  const r = loadProgram(text, name);
  if (!r.ok) throw new Error(`${name}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.program;
}

test('goto(n) equals a fresh run to n, over random scenarios', () => {
  fc.assert(
    fc.property(thread, thread, thread, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (a, b, c, seed) => {
      const r = loadProgram(scenario(a, b, c), 'random.futex');
      if (!r.ok) return;
      check(r.program, seed, 200, 12);
    }),
    { numRuns: 40 },
  );
}, 120_000);

test('goto(n) equals a fresh run to n, over the examples', () => {
  const dir = path.join(__dirname, '../../examples');
  let steps = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.futex'));
  expect(files.length).toBeGreaterThan(20);
  for (const f of files) steps += check(load(readFileSync(path.join(dir, f), 'utf8'), f), files.indexOf(f) + 1, 400, 10);
  expect(steps).toBeGreaterThan(1000);
}, 120_000);

test('after a far goto the last futex call is still known (the restored log starts at its checkpoint)', () => {
  // mutex3: futex calls all along; a checkpoint every 8 steps, so a goto lands after a restore.
  const program = load(mutex3Scenario(4, 200, 'round-robin'), 'mutex3.futex');
  const { s, h, forced } = record(program, 3000, () => 0.99);
  let restoredWithoutOp = 0;
  for (let target = 100; target < forced.length; target += 97) {
    h.goto(0);
    h.goto(target);
    if (!kernelView(s.k).lastFutexOp) restoredWithoutOp++;
    expect(h.futexOp, `goto ${target}`).toEqual(JSON.parse(fresh(program, forced, target)).lastFutexOp);
  }
  // The case the history exists for happened: the kernel's own log could not say it.
  expect(restoredWithoutOp).toBeGreaterThan(0);
});

/**
 * A goto to each of `arounds`, then gotos back from there, 7 * `stride` steps apart: each must
 * replay from a dense snapshot, under 64 steps before its target (not from the sparse checkpoint
 * up to 1,024 before), and land where a fresh run does.
 */
function gotosNearby(program: Program, { s, h, forced }: ReturnType<typeof record>, arounds: number[], stride: number): void {
  let replayed = 0;
  const step = s.step.bind(s);
  s.step = (tid?: number) => {
    replayed++;
    return step(tid);
  };
  for (const around of arounds) {
    h.goto(around);
    expect(h.denseCheckpoints).toBeGreaterThan(0);
    for (let back = 1; back <= 40; back += stride) {
      const target = around - back * 7;
      replayed = 0;
      h.goto(target);
      expect(replayed, `goto ${target}`).toBeLessThan(64);
      expect(projection(s, h.futexOp), `goto ${target}`).toBe(fresh(program, forced, target, h.finished));
    }
  }
}

test('the dense tier near the user: gotos and steps back around one place replay little, and land right', () => {
  // Sparse checkpoints every 1024 steps; the replays of gotos leave dense ones every 64 steps.
  const program = load(mutex3Scenario(4, 300, 'round-robin'), 'mutex3.futex');
  let x = 11;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const { s, h, forced } = record(program, 6000, rand, 1024);
  gotosNearby(program, { s, h, forced }, [900, 2500, 4700], 3);
  expect(h.denseCheckpoints).toBeLessThanOrEqual(32);
});

test('the dense tier serves states too large for 32 of them in its budget, and keeps to its budget', () => {
  // The many-waiters bench's setup phase: a sparse checkpoint was estimated at 1.3 MB, more than
  // the dense tier's budget over 32, so the tier kept nothing and every stepBack there replayed
  // from a sparse checkpoint (up to 8,192 steps, 24-55 ms). Here the budget is set so that a
  // checkpoint of this scenario is an eighth of the dense tier's (a sixty-fourth of the whole).
  const program = load(mutex3Scenario(4, 300, 'round-robin'), 'mutex3.futex');
  let x = 5;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const sized = record(program, 6000, rand, 1024);
  const perCheckpoint = (sized.h.bytes - 6000) / sized.h.checkpoints; // less the choices, a byte a step
  expect(perCheckpoint).toBeGreaterThan(1000);
  const budget = Math.floor(64 * perCheckpoint);
  x = 5;
  const { s, h, forced } = record(program, 6000, rand, 1024, budget);
  expect(h.checkpoints).toBe(sized.h.checkpoints); // far below the budget: not thinned
  gotosNearby(program, { s, h, forced }, [2500, 4700], 6);
  // The sparse checkpoints, the dense tier (an eighth of the budget: at most 8 of these) and the
  // choices. A dense snapshot is counted at its sparse checkpoint's size, as the history does.
  expect(h.denseCheckpoints).toBeLessThanOrEqual(8);
  expect(h.bytes).toBeLessThanOrEqual(budget + budget / 8 + forced.length + 1);
});

test('the last futex call after long replays equals a fresh run, also once the log is trimmed after the goto', () => {
  // A replay notes where the last futex call is and makes its view once (futex-call-note.ts):
  // checkpoints every 1024 steps, so a goto replays hundreds of calls; the runner trims the
  // kernel's log before its next live step, which must not lose the call.
  const program = load(mutex3Scenario(4, 300, 'round-robin'), 'mutex3.futex');
  let x = 5;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const { s, h, forced } = record(program, 5000, rand, 1024);
  let trimmedAway = 0;
  for (const target of [3, 700, 1500, 1023, 2047, 4999, 2600, 4100]) {
    h.goto(target);
    const want = JSON.parse(fresh(program, forced, target)).lastFutexOp;
    expect(h.futexOp, `goto ${target}`).toEqual(want);
    s.trimEvents(s.eventCount);
    if (kernelView(s.k).lastFutexOp === null && want !== null) trimmedAway++;
    expect(h.futexOp, `goto ${target}, log trimmed`).toEqual(want);
  }
  // The timeline rebuilds its window by replay (History.replayEvents) and puts the session back.
  h.goto(2600);
  const want = JSON.parse(fresh(program, forced, 2600)).lastFutexOp;
  expect(h.timeline.events.length).toBeGreaterThan(0);
  expect(h.timeline.rebuilds).toBeGreaterThan(0);
  expect(h.futexOp, 'after the timeline rebuilt its window').toEqual(want);
  s.trimEvents(s.eventCount);
  expect(h.futexOp, 'after the timeline rebuilt its window, log trimmed').toEqual(want);
  // The trimmed log could not say it: the history did.
  expect(trimmedAway).toBeGreaterThan(0);
});

test('over the memory budget: thinning keeps every gap within the interval, and goto(n) still equals a fresh run', () => {
  // A budget of a few checkpoints' size: the history thins (history.ts thin, thinning.ts) again
  // and again as the run grows; the interval it reaches bounds every gap between checkpoints.
  const program = load(mutex3Scenario(4, 300, 'round-robin'), 'mutex3.futex');
  let x = 7;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const { s, h, forced } = record(program, 4000, rand, 16, 200_000);
  expect(h.every).toBeGreaterThan(16);
  expect(h.bytes).toBeLessThan(200_000 + 64 * 1024);
  const pos = [...h.checkpointsBelow(h.length + 1)].reverse();
  expect(pos[0]).toBe(0);
  for (let i = 1; i < pos.length; i++) expect(pos[i] - pos[i - 1], `gap after ${pos[i - 1]}`).toBeLessThanOrEqual(h.every);
  for (let i = 0; i < 25; i++) {
    const target = Math.floor(rand() * (forced.length + 1));
    h.goto(target);
    expect(projection(s, h.futexOp), `goto ${target}`).toBe(fresh(program, forced, target, h.finished));
  }
});
