// History.goto (src/debug/history.ts) forward over a long distance: it restores the last
// checkpoint before the target instead of replaying every step from the current position (a far
// gotoStep took seconds, issue 9), and lands on the same state as the live run did.

import { expect, test } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { History } from '../../src/debug/history';
import { kernelView } from '../../src/kernel/snapshot';
import { mutex3Scenario } from '../../bench/mutex3';

/**
 * The kernel state as the views show it. `lastFutexOp` is left out: the kernel reads it from the
 * event log, which a restored checkpoint does not carry from before its own step (kernel.ts
 * restore); the adapter takes it from History.futexOp then (test/debug/history-diff.test.ts).
 */
function kernelState(s: Session): string {
  const { lastFutexOp: _last, ...view } = kernelView(s.k, true);
  return JSON.stringify(view);
}

test('goto forward restores the checkpoint before the target, and reaches the live state', () => {
  const r = loadProgram(mutex3Scenario(4, 4000, 'round-robin'), 'mutex3.futex');
  if (!r.ok) throw new Error('does not load');
  const s = new Session(r.program, {});
  const h = new History(s, () => undefined);
  const views = new Map<number, string>();
  while (s.step()) {
    h.record(false);
    // Three steps past each checkpoint: a goto there replays 3 steps after restoring it.
    const cps = h.checkpointsBelow(s.steps);
    if (cps.length > 0 && s.steps === cps[0] + 3) {
      views.set(s.steps, kernelState(s));
    }
  }
  h.recordEnd();
  expect(views.size).toBeGreaterThan(3);
  let replayed = 0;
  const step = s.step.bind(s);
  s.step = (tid?: number) => {
    replayed++;
    return step(tid);
  };
  h.goto(0);
  for (const [pos, view] of views) {
    replayed = 0;
    h.goto(pos);
    expect(replayed, `goto ${pos}`).toBe(3);
    expect(kernelState(s)).toBe(view);
  }
});
