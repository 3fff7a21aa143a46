// Running backwards finds what running forwards finds (issue 9, "backwards timer-expiry
// arrivals"): a thread that a timer wakes while nothing else can run arrives at its next line
// after the clock jump, with no step of its own; reverseContinue and stepBack stop there too.
// And as a property over random scenarios: the stops found backwards are the forward ones.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { Breakpoints } from '../../src/debug/breakpoints';
import { History } from '../../src/debug/history';
import { Runner } from '../../src/debug/runner';
import { registerNames } from '../../src/debug/frames';
import { scenario, thread } from '../kernel/random-scenario';
import { clientPerTest, evaluate, failure, fixture, backwardStops, forwardStops, launchAndStop, lineOf, stepAndStop, threadId, topFrame } from './helpers';

const SLEEPER = fixture('sleeper.futex');
const WOKE = lineOf(SLEEPER, 'MARK:woke');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('a line breakpoint after a timer expiry stops forward and backward alike', async () => {
  const forward = await launchAndStop(dc, { program: SLEEPER }, () => dc.setBreakpointsRequest({ source: { path: SLEEPER }, breakpoints: [{ line: WOKE }] }));
  const a = await threadId(dc, 'P/a');
  expect([forward.body.reason, forward.body.threadId]).toEqual(['breakpoint', a]);
  expect((await topFrame(dc, a)).line).toBe(WOKE);
  const at = (await dc.customRequest('futexlab/state')).body;

  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: a }));
  expect(end.body.reason).toBe('end');
  const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: a }));
  expect([back.body.reason, back.body.threadId]).toEqual(['breakpoint', a]);
  expect((await topFrame(dc, a)).line).toBe(WOKE);
  // The same state as the forward stop: the same step, the clock after the jump, a runnable.
  const again = (await dc.customRequest('futexlab/state')).body;
  expect([again.step, again.view.clock, again.view.tasks[a - 1].state]).toEqual([at.step, at.view.clock, 'runnable']);
  // And forward again from there: the print runs, then a stands at the store.
  const out = await stepAndStop(dc, () => dc.nextRequest({ threadId: a }));
  expect(out.body.reason).toBe('step');
  expect((await dc.customRequest('futexlab/state')).body.output.map((o: { text: string }) => o.text)).toEqual(['a up']);
  expect((await topFrame(dc, a)).line).toBe(WOKE + 1);
  expect(await evaluate(dc, 'load(w)', (await topFrame(dc, a)).id)).toBe('0');

  // stepBack over the wake-up from after the print stops there too.
  await stepAndStop(dc, () => dc.continueRequest({ threadId: a }));
  const sb = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: a }));
  expect([sb.body.reason, (await topFrame(dc, a)).line]).toEqual(['breakpoint', WOKE]);
});

test('at a stop after a clock jump, reverseContinue finds the stop of the step before the jump', async () => {
  // Position 1 twice: after the sleep step (function breakpoint `block`), then after the clock jump.
  const first = await launchAndStop(dc, { program: SLEEPER }, async () => {
    await dc.setBreakpointsRequest({ source: { path: SLEEPER }, breakpoints: [{ line: WOKE }] });
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'block' }] });
  });
  const a = await threadId(dc, 'P/a');
  expect(first.body.reason).toBe('function breakpoint');
  const woke = await stepAndStop(dc, () => dc.continueRequest({ threadId: a }));
  expect(woke.body.reason).toBe('breakpoint');
  const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: a }));
  expect(back.body.reason).toBe('function breakpoint');
  expect((await dc.customRequest('futexlab/state')).body.view.tasks[a - 1].state).toBe('sleeping');
  const fwd = await stepAndStop(dc, () => dc.continueRequest({ threadId: a }));
  expect([fwd.body.reason, (await topFrame(dc, a)).line]).toEqual(['breakpoint', WOKE]);
});

describe('property: reverseContinue from the end finds the forward stops, in reverse order', () => {
  test('random scenarios, a breakpoint on every line', async () => {
    await fc.assert(
      fc.asyncProperty(thread, thread, thread, fc.constantFrom('fifo', 'round-robin'), fc.constantFrom('modern', 'pinned-page'), async (a, b, c, schedule, strategy) => {
        const text = scenario(a, b, c);
        const r = loadProgram(text, 'rand.futex');
        if (!r.ok) throw new Error('does not load');
        const s = new Session(r.program, { strategy, schedule, options: { max_steps: '300' } });
        const bps = new Breakpoints(s, '/rand.futex', registerNames(r.program));
        bps.setLines('/rand.futex', text.split('\n').map((_, i) => ({ line: i + 1 })));
        const history = new History(s, () => undefined);
        const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
        const runner = new Runner(s, history, bps, quiet, null, true);
        const forward = await forwardStops(runner, s);
        const endAt = `${s.steps}@${s.k.s.clock} `;
        const backward = await backwardStops(runner, s);
        expect(backward, text).toEqual(forward.filter((x) => !x.startsWith(endAt)));
      }),
      { numRuns: 40, seed: 20261201 },
    );
  }, 120_000);
});

test('stepBack and reverseContinue of a thread that never was are errors, and nothing moves', async () => {
  await launchAndStop(dc, { program: SLEEPER }, () => dc.setBreakpointsRequest({ source: { path: SLEEPER }, breakpoints: [{ line: WOKE }] }));
  const before = (await dc.customRequest('futexlab/state')).body.step;
  expect(before).toBeGreaterThan(0);
  expect(await failure(dc.stepBackRequest({ threadId: 99 }))).toBe('there is no thread 99');
  expect(await failure(dc.reverseContinueRequest({ threadId: 99 }))).toBe('there is no thread 99');
  expect((await dc.customRequest('futexlab/state')).body.step).toBe(before);
  const back = await stepAndStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
  expect(back.body.reason).not.toBe('entry');
});
