// The snapshot's caches (kernel/snapshot.ts: waiter views per futex_q, bucket views per index, fd
// views per fd table) against the plain version (kernelView(k, true), which builds every view
// anew), at every step: of random scenarios (which send signals), and of a signalled waiter, whose
// futex_q object does not change when the signal arrives (issue 15: the signal is on the task).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { kernelView } from '../../src/kernel/snapshot';
import { scenario, thread } from './random-scenario';

function session(text: string, strategy: string): Session {
  const r = loadProgram(text, 'cache.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return new Session(r.program, { strategy: strategy as (typeof STRATEGY_IDS)[number] });
}

/** Step the run to its end, comparing the cached snapshot with the fresh one after every step. */
function compareEveryStep(s: Session, maxSteps = 400): number {
  let steps = 0;
  do {
    const cached = JSON.stringify(kernelView(s.k));
    const fresh = JSON.stringify(kernelView(s.k, true));
    expect(cached, `step ${s.steps}`).toBe(fresh);
  } while (++steps < maxSteps && s.step());
  return steps;
}

const SIGNALLED = `process P {
  map w = anon private rw pages 1
  thread t3 {
    let r = futex_wait(w, 0)
    print "t3", r
  }
  thread main {
    sleep 10
    signal t3
    let n = futex_wake(w, 1)
    print "wake", n
  }
}
`;

describe('cached snapshot = fresh snapshot', () => {
  it.each(STRATEGY_IDS.map((s) => [s]))('a signalled waiter under %s: the cached waiter view shows the pending signal', (strategy) => {
    const s = session(SIGNALLED, strategy);
    compareEveryStep(s);
    // The case the comparison is about did occur: a queued waiter with its signal pending.
    const again = session(SIGNALLED, strategy);
    kernelView(again.k); // fill the caches while t3 waits without a signal
    while (!again.events.some((e) => e.type === 'signal') && again.step()) kernelView(again.k);
    const w = kernelView(again.k).buckets.flatMap((b) => b.waiters).find((x) => x.who === 'P/t3');
    expect(w?.signalPending).toBe(true);
  });

  it('random scenarios, every strategy', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), (a, b, c, strategy) => {
        compareEveryStep(session(scenario(a, b, c), strategy), 200);
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });
});
