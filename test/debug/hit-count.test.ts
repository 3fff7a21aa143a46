// Hit counts by position (hit-count.ts): a hit condition counts the hits at the positions up to
// the current one in the current timeline, so it stops at the same hit forward, backward and
// after a goto. The cases of the essay are cited as [n].

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { HitCount } from '../../src/debug/hit-count';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { Breakpoints } from '../../src/debug/breakpoints';
import { History } from '../../src/debug/history';
import { Runner } from '../../src/debug/runner';
import { registerNames } from '../../src/debug/frames';
import { scenario, thread } from '../kernel/random-scenario';
import { clientPerTest, evaluate, fixture, backwardStops, forwardStops, launchAndStop, lineOf, stepAndStop, threadId } from './helpers';

const COUNTER = fixture('counter.futex');
// main reaches `store addr, v + by` three times, with v = 0, 1, 2 (at positions 4, 12 and 19).
const STORE = lineOf(COUNTER, 'MARK:store');
const UNRELATED = lineOf(COUNTER, 'MARK:print');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

const step = async (): Promise<number> => (await dc.customRequest('futexlab/state')).body.step;
const setStore = (hitCondition: string, more: { line: number }[] = []) =>
  dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: [{ line: STORE, hitCondition }, ...more] });

/** Continue (or another motion) and say where it stopped: the reason and, at the store, v. */
async function go(send: () => Promise<unknown>): Promise<string> {
  const stop = await stepAndStop(dc, send);
  if (stop.body.reason !== 'breakpoint') return stop.body.reason;
  return `v=${await evaluate(dc, 'v')}`;
}

const cont = () => dc.continueRequest({ threadId: 1 });
const rev = () => dc.reverseContinueRequest({ threadId: 1 });
const gotoStep = (n: number) => () => dc.customRequest('futexlab/gotoStep', { step: n });

test('==2 stops at the second hit forward, backward and after going back to the start [1] [2]', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, () => setStore('==2'));
  expect(await go(cont)).toBe('v=1');
  const at = await step();
  expect(await go(cont)).toBe('end');
  expect(await go(rev)).toBe('v=1');
  expect(await step()).toBe(at);
  expect(await go(rev)).toBe('entry');
  await go(gotoStep(0));
  expect(await go(cont)).toBe('v=1');
  expect(await step()).toBe(at);
  // From the stop, back over it and forward again: the same hit, not a third one.
  await go(gotoStep(at - 1));
  expect(await go(cont)).toBe('v=1');
});

test('>=2 and %2 read the count at each position, backward too', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, () => setStore('>=2'));
  expect([await go(cont), await go(cont), await go(cont)]).toEqual(['v=1', 'v=2', 'end']);
  expect([await go(rev), await go(rev), await go(rev)]).toEqual(['v=2', 'v=1', 'entry']);
  await setStore('%2');
  expect([await go(cont), await go(cont)]).toEqual(['v=1', 'end']);
});

test('a breakpoint set after the run passed a position counts from the position after it [3]', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, () => setStore(''));
  expect(await go(cont)).toBe('v=0');
  // Set at the first hit's stop: that hit and the positions before are not counted.
  await setStore('==1');
  expect(await go(cont)).toBe('v=1');
  expect(await go(cont)).toBe('end');
  expect(await go(rev)).toBe('v=1');
  expect(await go(rev)).toBe('entry');
  await go(gotoStep(0));
  expect(await go(cont)).toBe('v=1');
});

test('a gotoStep forward past where the breakpoint was set counts the positions it jumps [3]', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  expect(await go(cont)).toBe('end');
  await go(gotoStep(1));
  await setStore('==1');
  // Over the first two hits (4 and 12) to 15: the one at 19 is the third, not the first.
  await go(gotoStep(15));
  expect(await go(cont)).toBe('end');
  expect(await go(rev)).toBe('v=0');
});

test('setting the same breakpoint again keeps its count', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, () => setStore('==2'));
  expect(await go(cont)).toBe('v=1');
  // A client sends a file's whole list when one breakpoint changes.
  await setStore('==2', [{ line: UNRELATED }]);
  expect(await go(rev)).toBe('entry');
  expect(await go(cont)).toBe('v=1');
});

test('a new future forgets the hits of the old one [4]', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, () => setStore('==2'));
  const main = await threadId(dc, 'A/main');
  expect(await go(cont)).toBe('v=1');
  const old = await step();
  expect(await go(cont)).toBe('end');
  // helper's one step (it blocks) was step 9: main alone from position 8 reaches its second
  // store a step earlier, in a new future where the old hits' positions mean nothing.
  await go(gotoStep(8));
  expect(await go(() => dc.continueRequest({ threadId: main, singleThread: true }))).toBe('v=1');
  expect(await step()).toBe(old - 1);
});

test('a goto forward over positions the run has counted replays no more than a plain goto [3]', async () => {
  const r = loadProgram(readFileSync(COUNTER, 'utf8'), COUNTER);
  if (!r.ok) throw new Error('does not load');
  const s = new Session(r.program, {});
  const bps = new Breakpoints(s, COUNTER, registerNames(r.program));
  bps.setLines(COUNTER, [{ line: STORE, hitCondition: '==1' }]);
  const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
  const runner = new Runner(s, new History(s, () => undefined, { every: 4, maxEvery: 4 }), bps, quiet, null, true);
  expect((await runner.run('continue', 0, false)).reason).toBe('breakpoint');
  expect((await runner.run('continue', 0, false)).reason).toBe('end');
  const end = s.steps;
  runner.goto(0);
  let replayed = 0;
  const step = s.step.bind(s);
  s.step = (tid?: number) => {
    replayed++;
    return step(tid);
  };
  // Every position up to the end was checked live, hits or not (the last hit is at 19): the goto
  // restores the checkpoint at the end, it does not replay from the last hit with the check.
  runner.goto(end);
  expect(replayed).toBeLessThan(4);
});

describe('HitCount', () => {
  test('a comparison keeps N + 1 hits; later ones count as N + 1 [5]', () => {
    const c = new HitCount(0, 3);
    expect([1, 2, 3, 4, 5].map((p) => c.hit(p))).toEqual([1, 2, 3, 3, 3]);
    c.moved();
    expect([c.hit(2), c.hit(5)]).toEqual([2, 3]);
    c.truncate(2);
    expect([c.hit(3), c.hit(4)]).toEqual([3, 3]);
  });

  test('several hits at one position count in order, and again after a move [2]', () => {
    const c = new HitCount(0, Infinity);
    expect([c.hit(1), c.hit(1), c.hit(3)]).toEqual([1, 2, 3]);
    c.moved();
    expect([c.hit(1), c.hit(1), c.hit(3)]).toEqual([1, 2, 3]);
    // Position 2 was passed without a hit: one met there now was met before it was counted.
    expect(c.hit(2)).toBe(0);
  });

  test('set at position 5: nothing up to 5 counts [3]', () => {
    const c = new HitCount(5, Infinity);
    expect([c.hit(3), c.hit(5), c.hit(6)]).toEqual([0, 0, 1]);
    c.passed(9);
    expect(c.countedTo).toBe(9);
    c.truncate(7);
    expect([c.countedTo, c.hit(8)]).toEqual([7, 2]);
  });
});

describe('property: with hit conditions, reverseContinue from the end finds the forward stops [1] [2]', () => {
  test('random scenarios, a breakpoint with a hit condition on every line', async () => {
    await fc.assert(
      fc.asyncProperty(thread, thread, thread, fc.constantFrom('==2', '%2', '>=3', '<=1', '3'), fc.constantFrom('fifo', 'round-robin'), async (a, b, c, hitCondition, schedule) => {
        const text = scenario(a, b, c);
        const r = loadProgram(text, 'rand.futex');
        if (!r.ok) throw new Error('does not load');
        const s = new Session(r.program, { schedule, options: { max_steps: '300' } });
        const bps = new Breakpoints(s, '/rand.futex', registerNames(r.program));
        bps.setLines('/rand.futex', text.split('\n').map((_, i) => ({ line: i + 1, hitCondition })));
        const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
        const runner = new Runner(s, new History(s, () => undefined, { every: 8, maxEvery: 8 }), bps, quiet, null, true);
        const forward = await forwardStops(runner, s);
        const endAt = `${s.steps}@${s.k.s.clock} `;
        const backward = await backwardStops(runner, s);
        expect(backward, text).toEqual(forward.filter((x) => !x.startsWith(endAt)));
        // And forward again from the start: the same stops (but those at position 0, which the
        // runner checks at the first continue after launch only).
        runner.goto(0);
        expect(await forwardStops(runner, s), text).toEqual(forward.filter((x) => !x.startsWith('0@')));
      }),
      { numRuns: 40, seed: 20261203 },
    );
  }, 120_000);
});
