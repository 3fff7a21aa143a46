// The runner trims the kernel's event log (Runner.eventWindow, Kernel.trimEvents): a reduction,
// so it is tested against the plain version. On random scenarios with function breakpoints on
// every event name, the event filters and the anomaly filters, a run that trims after every step
// makes the same stops, forward and then backward from the end, as a run that never trims.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { Breakpoints, EVENT_NAMES, EXCEPTION_FILTERS } from '../../src/debug/breakpoints';
import { History } from '../../src/debug/history';
import { Runner } from '../../src/debug/runner';
import { registerNames } from '../../src/debug/frames';
import { scenario, thread } from '../kernel/random-scenario';

async function stops(text: string, strategy: string, schedule: string, eventWindow: number): Promise<{ stops: string[]; dropped: number; total: number }> {
  const r = loadProgram(text, 'rand.futex');
  if (!r.ok) throw new Error('does not load');
  const s = new Session(r.program, { strategy, schedule, options: { max_steps: '300' } });
  const bps = new Breakpoints(s, '/rand.futex', registerNames(r.program));
  bps.setFunctions(EVENT_NAMES.map((name) => ({ name })));
  bps.setFilters({ filters: EXCEPTION_FILTERS.map((f) => f.filter) });
  const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
  const runner = new Runner(s, new History(s, () => undefined, { every: 16 }), bps, quiet, null, true);
  runner.eventWindow = eventWindow;
  const out: string[] = [];
  let dropped = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const stop = await runner.run('continue', 0, false);
    dropped = Math.max(dropped, s.k.eventBase);
    out.push(`> ${s.steps} ${stop.reason} ${stop.tid} ${stop.description}`);
    if (stop.reason === 'end') break;
  }
  for (let guard = 0; guard < 10_000; guard++) {
    const stop = await runner.reverseContinue(0);
    out.push(`< ${s.steps} ${stop.reason} ${stop.tid} ${stop.description}`);
    if (stop.reason === 'entry' || s.steps === 0) break;
  }
  return { stops: out, dropped, total: s.eventCount };
}

describe('differential: trimming the event log changes no stop', () => {
  test('random scenarios, every event breakpoint and filter', async () => {
    await fc.assert(
      fc.asyncProperty(thread, thread, thread, fc.constantFrom('fifo', 'round-robin'), fc.constantFrom('modern', 'pinned-page'), async (a, b, c, schedule, strategy) => {
        const text = scenario(a, b, c);
        const plain = await stops(text, strategy, schedule, Infinity);
        const trimmed = await stops(text, strategy, schedule, 0);
        expect(trimmed.stops, text).toEqual(plain.stops);
        // The plain run keeps every event; the trimmed one did drop some, once there were any.
        expect(plain.dropped).toBe(0);
        if (plain.stops.length > 2) expect(trimmed.dropped).toBeGreaterThan(0);
      }),
      { numRuns: 30, seed: 20261201 },
    );
  }, 120_000);
});
