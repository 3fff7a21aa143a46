// The timeline's events rebuilt by replay (src/debug/timeline-log.ts, History.replayEvents)
// against the plain version, the window appended step by step as the run is recorded: the same
// events, over random scenarios with steps forced, gotos back and new steps recorded from there.
// And the window is let go after a long run nobody read, then rebuilt the same.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { History } from '../../src/debug/history';
import type { Program } from '../../src/session/program';
import { scenario, thread } from '../kernel/random-scenario';
import { mutex3Scenario } from '../../bench/mutex3';

/** Record a run of `limit` steps with a goto back at a third of it; `read` the timeline first or not. */
function run(program: Program, seed: number, limit: number, read: boolean, opts: { timelineEvents?: number } = {}): { h: History; s: Session } {
  let x = seed >>> 0 || 1;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const s = new Session(program, {});
  const h = new History(s, () => undefined, { every: 4, maxEvery: 8, ...opts });
  if (read) expect(h.timeline.events.length).toBeGreaterThanOrEqual(0);
  let wentBack = false;
  for (let i = 0; i < limit; i++) {
    if (!wentBack && i === Math.floor(limit / 3)) {
      wentBack = true;
      h.goto(Math.floor(s.steps / 2));
    }
    const runnable = s.runnable();
    const pick = runnable.length > 1 && rand() < 0.3 ? runnable[Math.floor(rand() * runnable.length)] : null;
    if (!(pick === null ? s.step() : s.step(pick))) {
      h.recordEnd();
      break;
    }
    h.record(pick !== null);
  }
  return { h, s };
}

test('rebuilt by replay = appended while recording, over random scenarios', () => {
  fc.assert(
    fc.property(thread, thread, thread, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (a, b, c, seed) => {
      const r = loadProgram(scenario(a, b, c), 'random.futex');
      if (!r.ok) return;
      const live = run(r.program, seed, 150, true);
      const replayed = run(r.program, seed, 150, false);
      expect(live.h.timeline.kept).toBe(true);
      expect(replayed.h.timeline.kept).toBe(false);
      const steps = replayed.s.steps;
      const events = JSON.stringify(replayed.h.timeline.events);
      expect(replayed.h.timeline.rebuilds).toBe(1);
      expect(events).toBe(JSON.stringify(live.h.timeline.events));
      // The session was put back where it was.
      expect(replayed.s.steps).toBe(steps);
      expect(JSON.stringify(replayed.h.timeline.anomalies)).toBe(JSON.stringify(live.h.timeline.anomalies));
    }),
    { numRuns: 40 },
  );
}, 120_000);

test('a window nobody reads is let go after `max` events, and rebuilt the same', () => {
  const r = loadProgram(mutex3Scenario(4, 300, 'round-robin'), 'mutex3.futex');
  if (!r.ok) throw new Error('does not load');
  const live = run(r.program, 5, 4000, true, { timelineEvents: 1_000_000 });
  const small = run(r.program, 5, 4000, true, { timelineEvents: 500 });
  expect(live.h.timeline.events.length).toBeGreaterThan(1000);
  expect(small.h.timeline.kept).toBe(false);
  const rebuilt = small.h.timeline.events;
  expect(rebuilt.length).toBeLessThanOrEqual(500);
  expect(rebuilt.length).toBeGreaterThan(0);
  // The newest `rebuilt.length` events of the whole run.
  expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(live.h.timeline.events.slice(-rebuilt.length)));
});
